// grappe genealogy [FAMILY|CONCEPT...]: how the concepts succeed each other
// in the corpus (timeline/genealogy.h). No argument: every concept; a
// family stands for its concepts.
//
// JSON (--format json), one object; stable, additions only:
//   {"concepts": [{"id", "label", "family", "passages", "documents", "undated_documents",
//     "first": {"year", "doc_id", "passage_id", "path", "title", "authors": [{"family", "given"}],
//               "page", "sentence"} or null,
//     "last_year", "peak": {"year", "documents", "passages"} or null,
//     "median_cited_year" (null when none), "citations",
//     "median_period_year" (null when none), "periods",
//     "cited_authors": [{"author", "documents", "citations"}] (by documents citing, then citations),
//     "cooccurring": [{"concept", "passages"}],
//     "split_year" (null when it lives one year or none),
//     "cooccurring_before": [...], "cooccurring_after": [...]}]}
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/concept_args.h"
#include "cli/output.h"
#include "pipeline/index_run.h"
#include "search/searcher.h"
#include "store/index_writer.h"
#include "timeline/genealogy.h"

namespace grappe::cli {
namespace {

using Counted = std::vector<std::pair<std::string, std::size_t>>;

std::string listed(const Counted& items) {
    std::string out;
    for (const auto& [name, n] : items) out += (out.empty() ? "" : ", ") + name + " (" + std::to_string(n) + ")";
    return out.empty() ? "-" : out;
}

std::string byline(const Attestation& a) {
    std::string out;
    for (std::size_t i = 0; i < a.authors.size() && i < 3; ++i) out += (i ? ", " : "") + a.authors[i].family;
    if (a.authors.size() > 3) out += " et al.";
    if (!a.title.empty()) out += (out.empty() ? "" : ", ") + a.title;
    out += (out.empty() ? "" : ", ") + std::to_string(a.year);
    if (!a.page.empty()) out += ", p. " + a.page;
    return out;
}

std::string authors_listed(const std::vector<Genealogy::CitedAuthor>& authors) {
    std::string out;
    for (const auto& a : authors)
        out += (out.empty() ? "" : ", ") + a.author + " (" + std::to_string(a.citations) + (a.documents > 1 ? " in " + std::to_string(a.documents) + " documents" : "") + ")";
    return out.empty() ? "-" : out;
}

std::string year_or_dash(int y) { return y ? std::to_string(y) : "-"; }

void print_text(const std::vector<Genealogy>& all, const std::vector<SeriesName>& names) {
    const Style s = style_for(stdout);
    emit(s.bold("Genealogy: " + std::to_string(all.size()) + " concepts, by first attestation (each work counted once)"));
    std::string absent;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Genealogy& g = all[i];
        if (g.passages == 0) {
            absent += (absent.empty() ? "" : ", ") + g.id;
            continue;
        }
        emit("");
        emit(s.bold((g.first ? std::to_string(g.first->year) : std::string("s.d.")) + "  " + names[i].label) + "  " +
             s.dim("(" + g.id + ", " + (g.family.empty() ? "?" : g.family) + ") " + counted(g.passages, "passage") + " in " +
                   counted(g.documents, "document") +
                   (g.undated_documents ? ", " + std::to_string(g.undated_documents) + " undated" : "")));
        if (g.first) {
            emit("      first: « " + g.first->sentence + " »");
            emit("             " + s.dim(byline(*g.first) + " [doc " + std::to_string(g.first->doc_id) + "]"));
            emit("      peak " + std::to_string(g.peak_year) + " (" + counted(g.peak_documents, "document") + ", " +
                 counted(g.peak_passages, "passage") + ") · last " + std::to_string(g.last_year));
        } else {
            emit("      no dated work mentions it");
        }
        emit("      leans on works of " + (g.citations ? std::to_string(g.median_cited_year) + " (median of " + counted(g.citations, "citation") + ")" : "- (no citation beside it)") +
             " · talks of " + (g.periods ? std::to_string(g.median_period_year) + " (median of " + counted(g.periods, "period") + " named)" : "- (no period named)"));
        emit("      cites most: " + authors_listed(g.cited_authors));
        emit("      often with: " + listed(g.cooccurring));
        if (g.split_year && g.first)
            emit("      " + std::to_string(g.first->year) + "-" + std::to_string(g.split_year) + ": " + listed(g.cooccurring_before) + "  →  " +
                 std::to_string(g.split_year + 1) + "-" + std::to_string(g.last_year) + ": " + listed(g.cooccurring_after));
    }
    if (!absent.empty()) {
        emit("");
        emit(s.dim("In no passage: " + absent));
    }
}

std::string md_cell(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

void print_markdown(const std::vector<Genealogy>& all, const std::vector<SeriesName>& names) {
    emit("# Genealogy of the concepts");
    emit("");
    emit("Ordered by first attestation; each work counted once. Medians: the year of the works cited beside the concept, and the middle year of the periods its passages name.");
    emit("");
    emit("| concept | family | first | peak | last | median cited year | median period | passages | documents |");
    emit("|---|---|---|---|---|---|---|---|---|");
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Genealogy& g = all[i];
        emit("| " + md_cell(names[i].label) + " | " + g.family + " | " + (g.first ? std::to_string(g.first->year) : "-") + " | " + year_or_dash(g.peak_year) +
             " | " + year_or_dash(g.last_year) + " | " + year_or_dash(g.median_cited_year) + " | " + year_or_dash(g.median_period_year) + " | " +
             std::to_string(g.passages) + " | " + std::to_string(g.documents) + " |");
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Genealogy& g = all[i];
        if (g.passages == 0) continue;
        emit("");
        emit("## " + names[i].label + " (`" + g.id + "`)");
        emit("");
        if (g.first) emit("- First attestation: « " + g.first->sentence + " » (" + byline(*g.first) + ")");
        emit("- Cites most: " + authors_listed(g.cited_authors));
        emit("- Often with: " + listed(g.cooccurring));
        if (g.split_year && g.first)
            emit("- " + std::to_string(g.first->year) + "–" + std::to_string(g.split_year) + ": " + listed(g.cooccurring_before) + "; " +
                 std::to_string(g.split_year + 1) + "–" + std::to_string(g.last_year) + ": " + listed(g.cooccurring_after));
    }
}

void write_counted(JsonWriter& w, const char* key, const char* name, const char* count, const Counted& items) {
    w.Key(key);
    w.StartArray();
    for (const auto& [item, n] : items) {
        w.StartObject();
        json_member(w, name, item);
        w.Key(count);
        w.Uint64(n);
        w.EndObject();
    }
    w.EndArray();
}

void year_member(JsonWriter& w, const char* key, int year) {
    w.Key(key);
    if (year) w.Int(year);
    else w.Null();
}

}  // namespace

std::string genealogy_json(const std::vector<Genealogy>& all, const std::vector<SeriesName>& names) {
    rapidjson::StringBuffer b;
    JsonWriter w(b);
    w.StartObject();
    w.Key("concepts");
    w.StartArray();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Genealogy& g = all[i];
        w.StartObject();
        json_member(w, "id", g.id);
        json_member(w, "label", names[i].label);
        json_member(w, "family", g.family);
        w.Key("passages");
        w.Uint64(g.passages);
        w.Key("documents");
        w.Uint64(g.documents);
        w.Key("undated_documents");
        w.Uint64(g.undated_documents);
        w.Key("first");
        if (g.first) {
            const Attestation& a = *g.first;
            w.StartObject();
            w.Key("year");
            w.Int(a.year);
            w.Key("doc_id");
            w.Uint(a.doc_id);
            w.Key("passage_id");
            w.Uint(a.passage_id);
            json_member(w, "path", a.path);
            json_member(w, "title", a.title);
            w.Key("authors");
            w.StartArray();
            for (const Author& au : a.authors) {
                w.StartObject();
                json_member(w, "family", au.family);
                json_member(w, "given", au.given);
                w.EndObject();
            }
            w.EndArray();
            json_member(w, "page", a.page);
            json_member(w, "sentence", a.sentence);
            w.EndObject();
        } else {
            w.Null();
        }
        year_member(w, "last_year", g.last_year);
        w.Key("peak");
        if (g.peak_year) {
            w.StartObject();
            w.Key("year");
            w.Int(g.peak_year);
            w.Key("documents");
            w.Uint64(g.peak_documents);
            w.Key("passages");
            w.Uint64(g.peak_passages);
            w.EndObject();
        } else {
            w.Null();
        }
        year_member(w, "median_cited_year", g.median_cited_year);
        w.Key("citations");
        w.Uint64(g.citations);
        year_member(w, "median_period_year", g.median_period_year);
        w.Key("periods");
        w.Uint64(g.periods);
        w.Key("cited_authors");
        w.StartArray();
        for (const auto& a : g.cited_authors) {
            w.StartObject();
            json_member(w, "author", a.author);
            w.Key("documents");
            w.Uint64(a.documents);
            w.Key("citations");
            w.Uint64(a.citations);
            w.EndObject();
        }
        w.EndArray();
        write_counted(w, "cooccurring", "concept", "passages", g.cooccurring);
        year_member(w, "split_year", g.split_year);
        write_counted(w, "cooccurring_before", "concept", "passages", g.cooccurring_before);
        write_counted(w, "cooccurring_after", "concept", "passages", g.cooccurring_after);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}


Runner add_genealogy_command(CLI::App& app) {
    auto* sub = app.add_subcommand("genealogy", "How the concepts succeed each other: first attestation, peak, literature cited, periods named, company kept");
    struct Args {
        IndexArgs index;
        std::vector<std::string> ids;
        std::string format = "text";
        std::size_t top = 3;
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("ids", args->ids, "Concept or family ids (default: every concept)");
    sub->add_option("--format", args->format, "Output: text, md or json")->check(CLI::IsMember({"text", "md", "json"}));
    sub->add_option("--top", args->top, "Authors and concepts listed per concept (default 3)")->check(CLI::Range(std::size_t{1}, std::size_t{50}));

    return [args]() -> int {
        try {
            const Searcher searcher(resolve_source(args->index));
            warn_partial(searcher);
            std::vector<std::string> warnings;
            const Lexicon lexicon = current_lexicon(searcher.lexicon(), CodebookRequest{}, warnings);
            std::string unknown;
            const std::vector<std::string> ids = concept_ids_of(args->ids, lexicon, searcher.lexicon(), unknown);
            if (!unknown.empty()) {
                print_error(unknown_concept_message(unknown, lexicon));
                return kExitPartial;
            }
            const std::vector<Genealogy> all = compute_genealogy(searcher, ids, args->top);
            std::vector<SeriesName> names;
            for (const Genealogy& g : all) names.push_back(series_name({g.id, false}, lexicon, searcher.lexicon()));
            if (args->format == "json") emit(genealogy_json(all, names));
            else if (args->format == "md") print_markdown(all, names);
            else print_text(all, names);
            return kExitOk;
        } catch (const IndexError& e) {
            print_error(e.what());
        } catch (const LexiconError& e) {
            print_error(std::string("lexicon refused: ") + e.what());
        }
        return kExitError;
    };
}

}  // namespace grappe::cli
