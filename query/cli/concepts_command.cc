// grappe concepts: every concept of the lexicon with its passages,
// documents, first and last year and the concepts it goes with; with
// --cooccurrence, the concept-by-concept matrix. `grappe concepts ID`
// describes one concept: its label, family, definition, references, the
// forms that tag it with their conditions, and its figures in the index; an
// unknown id is answered with the nearest (exit 1).
//
// JSON of one concept (--format json):
//   {"id", "family", "family_label", "label", "definition",
//    "references": [{"author", "year"}],
//    "forms": [{"text", "case_sensitive", "not_preceded_by": [...], "not_followed_by": [...],
//               "unless_near": [...], "only_near": [...], "window", "origin": "file:line"}],
//    "origin": "file:line", "passages", "documents", "first_year", "last_year" (null when unknown),
//    "cooccurring": [{"concept", "passages"}]}
//
// CSV (--format csv), stable columns:
//   list:          concept,family,label,passages,documents,first_year,last_year,cooccurring
//                  (cooccurring: "id:passages" joined by ';'; years empty when unknown)
//   cooccurrence:  concept_a,concept_b,passages_a,passages_b,passages_both,jaccard
//                  (every ordered pair of different concepts that share a passage)
// JSON (--format json), one object:
//   {"passages": n, "lexicon": hash, "index_lexicon": hash,
//    "concepts": [{"id", "family", "label", "passages", "documents",
//                  "first_year", "last_year" (null when unknown),
//                  "cooccurring": [{"concept", "passages"}]}],
//    "cooccurrence": {"concepts": [ids], "passages": [[n]], "jaccard": [[x]]}  (with --cooccurrence)}
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>

#include "cli/commands.h"
#include "search/searcher.h"
#include "cli/concept_args.h"
#include "cli/output.h"
#include "concepts/concept_stats.h"
#include "parse/query_parser.h"
#include "pipeline/index_run.h"
#include "store/index_writer.h"
#include "text/folding.h"

namespace grappe::cli {
namespace {

std::string year_text(int y) { return y > 0 ? std::to_string(y) : ""; }

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// "first_year": 1986, or null when no dated document mentions it.
void write_year(JsonWriter& w, const char* key, int year) {
    w.Key(key);
    if (year > 0) w.Int(year);
    else w.Null();
}

// "cooccurring": [{"concept", "passages"}], most shared passages first.
void write_cooccurring(JsonWriter& w, const std::vector<std::pair<std::string, std::size_t>>& with) {
    w.Key("cooccurring");
    w.StartArray();
    for (const auto& [id, n] : with) {
        w.StartObject();
        w.Key("concept");
        w.String(id.data(), static_cast<rapidjson::SizeType>(id.size()));
        w.Key("passages");
        w.Uint64(n);
        w.EndObject();
    }
    w.EndArray();
}

void print_text(const ConceptTable& t, bool matrix) {
    const Style s = style_for(stdout);
    if (!matrix) {
        out_printf("%s\n", s.bold("concept                       label                           family       passages  documents  years      often with").c_str());
        for (const auto& c : t.concepts) {
            std::string years = c.first_year ? year_text(c.first_year) + "-" + year_text(c.last_year) : "-";
            std::string with;
            for (const auto& [id, n] : c.cooccurring) with += (with.empty() ? "" : ", ") + id + " (" + std::to_string(n) + ")";
            out_printf("%-29s %s %-12s %8zu  %9zu  %-9s  %s\n", c.id.c_str(), fit(c.label, 31).c_str(),
                        c.family.empty() ? "?" : c.family.c_str(), c.passages, c.documents, years.c_str(), with.c_str());
        }
        out_printf("%s\n", s.dim(std::to_string(t.passages) + " passages in the index").c_str());
        return;
    }
    std::vector<std::size_t> shown;
    for (std::size_t i = 0; i < t.concepts.size(); ++i)
        if (t.concepts[i].passages > 0) shown.push_back(i);
    if (shown.empty()) {
        out_printf("No passage of the index mentions a concept.\n");
        return;
    }
    for (int pass = 0; pass < 2; ++pass) {
        out_printf("%s\n", s.bold(pass == 0 ? "Passages mentioning both (diagonal: the concept's passages)"
                                             : "Jaccard: passages with both / passages with either")
                                .c_str());
        out_printf("%-29s", "");
        for (std::size_t k = 0; k < shown.size(); ++k) out_printf(" %6zu", k + 1);
        out_printf("\n");
        for (std::size_t a = 0; a < shown.size(); ++a) {
            out_printf("%2zu %-26s", a + 1, t.concepts[shown[a]].id.c_str());
            for (std::size_t b = 0; b < shown.size(); ++b) {
                if (pass == 0) out_printf(" %6zu", t.together[shown[a]][shown[b]]);
                else out_printf(" %6.3f", t.jaccard(shown[a], shown[b]));
            }
            out_printf("\n");
        }
        out_printf("\n");
    }
}

void print_csv(const ConceptTable& t, bool matrix) {
    if (!matrix) {
        out_printf("concept,family,label,passages,documents,first_year,last_year,cooccurring\n");
        for (const auto& c : t.concepts) {
            std::string with;
            for (const auto& [id, n] : c.cooccurring) with += (with.empty() ? "" : ";") + id + ":" + std::to_string(n);
            out_printf("%s,%s,%s,%zu,%zu,%s,%s,%s\n", c.id.c_str(), c.family.c_str(), csv_field(c.label).c_str(), c.passages, c.documents,
                        year_text(c.first_year).c_str(), year_text(c.last_year).c_str(), with.c_str());
        }
        return;
    }
    out_printf("concept_a,concept_b,passages_a,passages_b,passages_both,jaccard\n");
    for (std::size_t a = 0; a < t.concepts.size(); ++a)
        for (std::size_t b = 0; b < t.concepts.size(); ++b)
            if (a != b && t.together[a][b] > 0)
                out_printf("%s,%s,%zu,%zu,%zu,%.4f\n", t.concepts[a].id.c_str(), t.concepts[b].id.c_str(), t.together[a][a], t.together[b][b],
                            t.together[a][b], t.jaccard(a, b));
}

}  // namespace

std::string concepts_json(const ConceptTable& t, bool matrix, const std::string& hash, const std::string& index_hash) {
    rapidjson::StringBuffer b;
    JsonWriter w(b);
    auto str = [&](const char* key, const std::string& v) {
        w.Key(key);
        w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    };
    w.StartObject();
    w.Key("passages");
    w.Uint64(t.passages);
    str("lexicon", hash);
    str("index_lexicon", index_hash);
    w.Key("concepts");
    w.StartArray();
    for (const auto& c : t.concepts) {
        w.StartObject();
        str("id", c.id);
        str("family", c.family);
        str("label", c.label);
        w.Key("passages");
        w.Uint64(c.passages);
        w.Key("documents");
        w.Uint64(c.documents);
        write_year(w, "first_year", c.first_year);
        write_year(w, "last_year", c.last_year);
        write_cooccurring(w, c.cooccurring);
        w.EndObject();
    }
    w.EndArray();
    if (matrix) {
        w.Key("cooccurrence");
        w.StartObject();
        w.Key("concepts");
        w.StartArray();
        for (const auto& c : t.concepts) w.String(c.id.c_str());
        w.EndArray();
        for (int pass = 0; pass < 2; ++pass) {
            w.Key(pass == 0 ? "passages" : "jaccard");
            w.StartArray();
            for (std::size_t a = 0; a < t.concepts.size(); ++a) {
                w.StartArray();
                for (std::size_t c = 0; c < t.concepts.size(); ++c) {
                    if (pass == 0) w.Uint64(t.together[a][c]);
                    else w.Double(t.jaccard(a, c));
                }
                w.EndArray();
            }
            w.EndArray();
        }
        w.EndObject();
    }
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}

namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + ("\"" + w + "\"");
    return out;
}

// A form's conditions, as a reader checks them.
std::string conditions(const SurfaceForm& f) {
    std::vector<std::string> parts;
    if (f.case_sensitive) parts.push_back("letters as written");
    if (!f.not_preceded_by.empty()) parts.push_back("not after " + joined(f.not_preceded_by));
    if (!f.not_followed_by.empty()) parts.push_back("not before " + joined(f.not_followed_by));
    if (!f.unless_near.empty()) parts.push_back("not within " + std::to_string(f.window) + " words of " + joined(f.unless_near));
    if (!f.only_near.empty()) parts.push_back("only within " + std::to_string(f.window) + " words of " + joined(f.only_near));
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

void describe_text(const Concept& c, const ConceptFamily* family, const ConceptFigures* figures) {
    const Style s = style_for(stdout);
    auto field = [&](const char* name, const std::string& value) {
        if (!value.empty()) emit(s.bold(fit(name, 12)) + " " + value);
    };
    field("concept", c.id);
    field("label", c.label);
    field("family", c.family + (family && !family->label.empty() ? " (" + family->label + ")" : ""));
    field("definition", c.definition);
    std::string refs;
    for (const auto& r : c.references) refs += (refs.empty() ? "" : "; ") + r.author + (r.year ? " " + std::to_string(r.year) : "");
    field("references", refs);
    field("defined at", c.origin);
    emit(s.bold("forms") + "        (matched on the words' lemmas: case, accents and inflections do not matter)");
    for (const auto& f : c.forms) {
        const std::string when = conditions(f);
        emit("  " + f.text + (when.empty() ? "" : "  " + s.dim("[" + when + "]")));
    }
    if (!figures) return;
    const std::string years = figures->first_year ? std::to_string(figures->first_year) + "-" + std::to_string(figures->last_year) : "no dated document";
    field("in the index", std::to_string(figures->passages) + " passages, " + std::to_string(figures->documents) + " documents, " + years);
    std::string with;
    for (const auto& [id, n] : figures->cooccurring) with += (with.empty() ? "" : ", ") + id + " (" + std::to_string(n) + ")";
    field("often with", with);
}

}  // namespace

std::string concept_json(const Concept& c, const ConceptFamily* family, const ConceptFigures* figures) {
    rapidjson::StringBuffer b;
    JsonWriter w(b);
    w.StartObject();
    json_member(w, "id", c.id);
    json_member(w, "family", c.family);
    json_member(w, "family_label", family ? family->label : "");
    json_member(w, "label", c.label);
    json_member(w, "definition", c.definition);
    w.Key("references");
    w.StartArray();
    for (const auto& r : c.references) {
        w.StartObject();
        json_member(w, "author", r.author);
        w.Key("year");
        if (r.year) w.Int(r.year);
        else w.Null();
        w.EndObject();
    }
    w.EndArray();
    w.Key("forms");
    w.StartArray();
    for (const auto& f : c.forms) {
        w.StartObject();
        json_member(w, "text", f.text);
        w.Key("case_sensitive");
        w.Bool(f.case_sensitive);
        json_member(w, "not_preceded_by", f.not_preceded_by);
        json_member(w, "not_followed_by", f.not_followed_by);
        json_member(w, "unless_near", f.unless_near);
        json_member(w, "only_near", f.only_near);
        w.Key("window");
        w.Uint(f.window);
        json_member(w, "origin", f.origin);
        w.EndObject();
    }
    w.EndArray();
    json_member(w, "origin", c.origin);
    w.Key("passages");
    w.Uint64(figures ? figures->passages : 0);
    w.Key("documents");
    w.Uint64(figures ? figures->documents : 0);
    write_year(w, "first_year", figures ? figures->first_year : 0);
    write_year(w, "last_year", figures ? figures->last_year : 0);
    write_cooccurring(w, figures ? figures->cooccurring : std::vector<std::pair<std::string, std::size_t>>{});
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}

namespace {

// The concept of `id` described, or the nearest named: exit 1.
int describe_concept(const std::string& id, const Lexicon& lexicon, const ConceptTable& table, const std::string& format) {
    const Concept* found = lexicon.find(id);
    if (!found) {
        const ConceptVocabulary vocabulary = lexicon_vocabulary(lexicon);
        std::string message = "no concept \"" + id + "\" in the lexicon";
        if (const std::string near = suggest_concept(lower_text(id), vocabulary); !near.empty())
            message += near.rfind("family:", 0) == 0 ? "; it is a family: grappe search " + near : "; did you mean " + near + "?";
        print_error(message + " (grappe concepts lists them)");
        return kExitPartial;
    }
    const ConceptFigures* figures = nullptr;
    for (const auto& f : table.concepts)
        if (f.id == found->id) figures = &f;
    const ConceptFamily* family = lexicon.find_family(found->family);
    if (format == "json") emit(concept_json(*found, family, figures));
    else describe_text(*found, family, figures);
    return kExitOk;
}

}  // namespace

Runner add_concepts_command(CLI::App& app) {
    auto* sub = app.add_subcommand("concepts", "Concepts of the lexicon with their passages, documents, years and co-occurrences");
    struct Args {
        IndexArgs index;
        CodebookRequest lexicons;
        bool cooccurrence = false;
        std::size_t top = 3;
        std::string format = "text";
        std::string concept_id;
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("concept", args->concept_id, "One concept's id: its definition, forms, references and figures");
    add_lexicon_option(*sub, args->lexicons);
    sub->add_flag("--cooccurrence", args->cooccurrence, "The concept-by-concept matrix: passages mentioning both, and Jaccard");
    sub->add_option("--top", args->top, "Co-occurring concepts listed per concept (default 3)")->check(CLI::Range(std::size_t{0}, std::size_t{100}));
    sub->add_option("--format", args->format, "Output: text, csv or json")->check(CLI::IsMember({"text", "csv", "json"}));

    return [args]() -> int {
        try {
            const Searcher searcher(resolve_source(args->index));
            warn_partial(searcher);
            const Xapian::Database& db = searcher.database();
            const IndexLexicon& recorded = searcher.lexicon();
            std::vector<std::string> warnings;
            const Lexicon lexicon = current_lexicon(recorded, args->lexicons, warnings);
            for (const auto& w : warnings) err_printf("warning: %s\n", w.c_str());
            const ConceptTable table = concept_table(db, searcher.works(), lexicon, args->top);
            if (!args->concept_id.empty()) {
                if (args->format == "csv") {
                    print_error("one concept is described in text or json, not csv");
                    return kExitError;
                }
                return describe_concept(args->concept_id, lexicon, table, args->format);
            }
            if (args->format == "json") emit(concepts_json(table, args->cooccurrence, lexicon.tagging_hash(), recorded.hash));
            else if (args->format == "csv") print_csv(table, args->cooccurrence);
            else print_text(table, args->cooccurrence);
            return kExitOk;
        } catch (const IndexError& e) {
            print_error(e.what());
        } catch (const LexiconError& e) {
            print_error(std::string("lexicon refused: ") + e.what());
        } catch (const Xapian::Error& e) {
            print_error("reading the index failed: " + e.get_description());
        }
        return kExitError;
    };
}

}  // namespace grappe::cli
