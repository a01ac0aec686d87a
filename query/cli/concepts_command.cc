// grappe concepts: every concept of the lexicon with its passages,
// documents, first and last year and the concepts it goes with; with
// --cooccurrence, the concept-by-concept matrix.
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
#include "cli/output.h"
#include "concepts/concept_stats.h"
#include "pipeline/index_run.h"
#include "store/index_writer.h"

namespace grappe::cli {
namespace {

std::string year_text(int y) { return y > 0 ? std::to_string(y) : ""; }

void print_text(const ConceptTable& t, bool matrix) {
    const Style s = style_for(stdout);
    if (!matrix) {
        std::printf("%s\n", s.bold("concept                       label                           family       passages  documents  years      often with").c_str());
        for (const auto& c : t.concepts) {
            std::string years = c.first_year ? year_text(c.first_year) + "-" + year_text(c.last_year) : "-";
            std::string with;
            for (const auto& [id, n] : c.cooccurring) with += (with.empty() ? "" : ", ") + id + " (" + std::to_string(n) + ")";
            std::printf("%-29s %s %-12s %8zu  %9zu  %-9s  %s\n", c.id.c_str(), fit(c.label, 31).c_str(),
                        c.family.empty() ? "?" : c.family.c_str(), c.passages, c.documents, years.c_str(), with.c_str());
        }
        std::printf("%s\n", s.dim(std::to_string(t.passages) + " passages in the index").c_str());
        return;
    }
    std::vector<std::size_t> shown;
    for (std::size_t i = 0; i < t.concepts.size(); ++i)
        if (t.concepts[i].passages > 0) shown.push_back(i);
    if (shown.empty()) {
        std::printf("No passage of the index mentions a concept.\n");
        return;
    }
    for (int pass = 0; pass < 2; ++pass) {
        std::printf("%s\n", s.bold(pass == 0 ? "Passages mentioning both (diagonal: the concept's passages)"
                                             : "Jaccard: passages with both / passages with either")
                                .c_str());
        std::printf("%-29s", "");
        for (std::size_t k = 0; k < shown.size(); ++k) std::printf(" %6zu", k + 1);
        std::printf("\n");
        for (std::size_t a = 0; a < shown.size(); ++a) {
            std::printf("%2zu %-26s", a + 1, t.concepts[shown[a]].id.c_str());
            for (std::size_t b = 0; b < shown.size(); ++b) {
                if (pass == 0) std::printf(" %6zu", t.together[shown[a]][shown[b]]);
                else std::printf(" %6.3f", t.jaccard(shown[a], shown[b]));
            }
            std::printf("\n");
        }
        std::printf("\n");
    }
}

void print_csv(const ConceptTable& t, bool matrix) {
    if (!matrix) {
        std::printf("concept,family,label,passages,documents,first_year,last_year,cooccurring\n");
        for (const auto& c : t.concepts) {
            std::string with;
            for (const auto& [id, n] : c.cooccurring) with += (with.empty() ? "" : ";") + id + ":" + std::to_string(n);
            std::printf("%s,%s,%s,%zu,%zu,%s,%s,%s\n", c.id.c_str(), c.family.c_str(), csv_field(c.label).c_str(), c.passages, c.documents,
                        year_text(c.first_year).c_str(), year_text(c.last_year).c_str(), with.c_str());
        }
        return;
    }
    std::printf("concept_a,concept_b,passages_a,passages_b,passages_both,jaccard\n");
    for (std::size_t a = 0; a < t.concepts.size(); ++a)
        for (std::size_t b = 0; b < t.concepts.size(); ++b)
            if (a != b && t.together[a][b] > 0)
                std::printf("%s,%s,%zu,%zu,%zu,%.4f\n", t.concepts[a].id.c_str(), t.concepts[b].id.c_str(), t.together[a][a], t.together[b][b],
                            t.together[a][b], t.jaccard(a, b));
}

void print_json(const ConceptTable& t, bool matrix, const std::string& hash, const std::string& index_hash) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    auto str = [&](const char* key, const std::string& v) {
        w.Key(key);
        w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    };
    auto year = [&](const char* key, int y) {
        w.Key(key);
        if (y > 0) w.Int(y);
        else w.Null();
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
        year("first_year", c.first_year);
        year("last_year", c.last_year);
        w.Key("cooccurring");
        w.StartArray();
        for (const auto& [id, n] : c.cooccurring) {
            w.StartObject();
            str("concept", id);
            w.Key("passages");
            w.Uint64(n);
            w.EndObject();
        }
        w.EndArray();
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
    std::printf("%s\n", b.GetString());
}

}  // namespace

Runner add_concepts_command(CLI::App& app) {
    auto* sub = app.add_subcommand("concepts", "Concepts of the lexicon with their passages, documents, years and co-occurrences");
    struct Args {
        std::string db;
        CodebookRequest lexicons;
        bool cooccurrence = false;
        std::size_t top = 3;
        std::string format = "text";
    };
    auto args = std::make_shared<Args>();
    add_db_option(*sub, args->db);
    add_lexicon_option(*sub, args->lexicons);
    sub->add_flag("--cooccurrence", args->cooccurrence, "The concept-by-concept matrix: passages mentioning both, and Jaccard");
    sub->add_option("--top", args->top, "Co-occurring concepts listed per concept (default 3)")->check(CLI::Range(std::size_t{0}, std::size_t{100}));
    sub->add_option("--format", args->format, "Output: text, csv or json")->check(CLI::IsMember({"text", "csv", "json"}));

    return [args]() -> int {
        const std::string dir = resolve_db(args->db);
        try {
            const Xapian::Database db = open_index(dir);
            const IndexLexicon recorded = read_index_lexicon(db);
            std::vector<std::string> warnings;
            const Lexicon lexicon = current_lexicon(recorded, args->lexicons, warnings);
            for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
            const ConceptTable table = concept_table(db, lexicon, args->top);
            if (args->format == "json") print_json(table, args->cooccurrence, lexicon.tagging_hash(), recorded.hash);
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
