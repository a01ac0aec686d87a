// grappe search: ranked passages or documents for a query.
//
// JSON output (--format json), one object on one line; stable, additions only:
// {
//   "query": string, "by": "document"|"passage", "within": "passage"|"window"|"page"|"document",
//   "offset": int, "limit": int,
//   "total_estimate": int,          // Xapian's estimate of all matches
//   "hits": [{
//     "rank": int (1-based, counts the offset), "doc_id": int, "passage_id": int,
//     "path": string (absolute), "title": string,
//     "authors": [{"family": string, "given": string}], "year": string, null when the work states no date,
//     "page": string (printed page label; "ch. N" for an EPUB chapter),
//     "page_index": int (1-based page in the file; an EPUB's chapter number),
//     "ordinal": int (passage number in the document, 0-based), "score": number,
//     "kind": string (body, heading, footnote, quote, caption, table, reference, toc),
//     "citations": [{"authors": [family names], "et_al": bool, "year": string ("1990a"),
//       "reference": {"authors", "year", "title"} (its entry in the document's
//       reference list) or null}],
//     "snippet": string (exact original words), "snippet_marks": [[start, end], ...]
//       (matched words, Unicode code point offsets into snippet, end exclusive),
//     "snippet_starts_inside": bool, "snippet_ends_inside": bool,
//     "snippet_concepts": [{"concept": id, "start": int, "end": int}] (concept
//       mentions inside the snippet, code point offsets as snippet_marks),
//     "concepts": [{"id": string, "family": string, "mentions": [[start, end], ...]
//       (code point offsets into text)}] (in order of first mention),
//     "text": string (the whole passage, paragraphs separated by "\n"),
//     "companions": [{"passage_id": int, "page": string, "page_index": int, "ordinal": int,
//       "kind": string, "snippet": string, "snippet_marks": [[start, end], ...]}]
//       (within a window, page or document: the passages of the hit's group
//       that hold the required words its own passage lacks, in document order)
//     "also_in": [{"doc_id": int, "path": string}] (the other documents of the same
//       text: a Markdown post and its PDF print; in document mode they are not
//       listed again, and facets count the text once)
//   }],
//   "facets": {"year": {"1995": n, ..., "undated": n}, "type": {...}, "author": {family name: n}, "language": {...},
//              "concept": {id: n}, "family": {id: n}, "kind": {kind: n}}
//     (documents among all matches, not just this page; concept and family:
//     documents with a matching passage that mentions it; kind: documents
//     with a matching passage of that kind)
//   "warnings": [string] (e.g. concept filters over an index tagged with another lexicon,
//               a shard left out by --allow-partial)
//   "suggestions": [{"word": string, "suggestion": string}] (a query word in no
//     document, and the nearest word of the index, as the documents write it)
// }
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/output.h"
#include "parse/query_parser.h"
#include "pipeline/index_run.h"
#include "search/searcher.h"
#include "store/index_writer.h"

namespace grappe::cli {
namespace {

void str_value(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::string& v) {
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}

}  // namespace


// A search that filters on concepts over an index tagged with another
// lexicon than the one grappe would tag with now gets a warning: its
// concept filters see the old tags.
std::vector<std::string> lexicon_warnings(const Searcher& searcher, const CodebookRequest& lexicons) {
    std::vector<std::string> warnings;
    try {
        (void)current_lexicon(searcher.lexicon(), lexicons, warnings);
    } catch (const LexiconError& e) {
        warnings.push_back(std::string("cannot check the index's concept tags against the lexicon: ") + e.what());
    }
    return warnings;
}

namespace {

// "snippet_marks": the matched words as code point ranges of the snippet.
void write_marks(rapidjson::Writer<rapidjson::StringBuffer>& w, const Snippet& snippet) {
    w.Key("snippet_marks");
    w.StartArray();
    for (const auto& [s, e] : snippet.marks) {
        w.StartArray();
        w.Uint64(codepoint_offset(snippet.text, s));
        w.Uint64(codepoint_offset(snippet.text, e));
        w.EndArray();
    }
    w.EndArray();
}

}  // namespace

std::string results_json(const SearchRequest& request, const SearchResults& results, const std::vector<std::string>& warnings) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    auto str = [&](const char* key, const std::string& v) {
        w.Key(key);
        w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    };
    w.StartObject();
    str("query", request.query);
    str("by", request.by_passage ? "passage" : "document");
    str("within", scope_name(request.scope));
    w.Key("offset");
    w.Uint64(request.offset);
    w.Key("limit");
    w.Uint64(request.limit);
    w.Key("total_estimate");
    w.Uint64(results.total_estimate);
    w.Key("hits");
    w.StartArray();
    for (const Hit& h : results.hits) {
        w.StartObject();
        w.Key("rank");
        w.Uint64(h.rank);
        w.Key("doc_id");
        w.Uint(h.doc_id);
        w.Key("passage_id");
        w.Uint(h.passage_id);
        str("path", h.path);
        str("title", h.title);
        w.Key("authors");
        w.StartArray();
        for (const auto& a : h.authors) {
            w.StartObject();
            str("family", a.family);
            str("given", a.given);
            w.EndObject();
        }
        w.EndArray();
        w.Key("year");
        if (h.year.empty()) w.Null();
        else str_value(w, h.year);
        str("page", h.page);
        w.Key("page_index");
        w.Uint(h.page_index);
        w.Key("ordinal");
        w.Uint(h.ordinal);
        w.Key("score");
        w.Double(h.score);
        str("kind", h.kind);
        w.Key("citations");
        w.StartArray();
        for (const auto& c : h.citations) {
            w.StartObject();
            w.Key("authors");
            w.StartArray();
            for (const auto& a : c.citation.authors) w.String(a.c_str());
            w.EndArray();
            w.Key("et_al");
            w.Bool(c.citation.et_al);
            str("year", c.citation.year);
            w.Key("reference");
            if (c.reference) {
                w.StartObject();
                w.Key("authors");
                w.StartArray();
                for (const auto& a : c.reference->authors) w.String(a.c_str());
                w.EndArray();
                str("year", c.reference->year);
                str("title", c.reference->title);
                w.EndObject();
            } else {
                w.Null();
            }
            w.EndObject();
        }
        w.EndArray();
        str("snippet", h.snippet.text);
        write_marks(w, h.snippet);
        w.Key("snippet_starts_inside");
        w.Bool(h.snippet.starts_inside);
        w.Key("snippet_ends_inside");
        w.Bool(h.snippet.ends_inside);
        w.Key("snippet_concepts");
        w.StartArray();
        for (const auto& c : h.snippet.concepts) {
            w.StartObject();
            str("concept", c.id);
            w.Key("start");
            w.Uint64(codepoint_offset(h.snippet.text, c.begin));
            w.Key("end");
            w.Uint64(codepoint_offset(h.snippet.text, c.end));
            w.EndObject();
        }
        w.EndArray();
        w.Key("concepts");
        w.StartArray();
        for (const auto& c : h.concepts) {
            w.StartObject();
            str("id", c.id);
            str("family", c.family);
            w.Key("mentions");
            w.StartArray();
            for (const auto& [b, e] : c.mentions) {
                w.StartArray();
                w.Uint64(codepoint_offset(h.text, b));
                w.Uint64(codepoint_offset(h.text, e));
                w.EndArray();
            }
            w.EndArray();
            w.EndObject();
        }
        w.EndArray();
        str("text", h.text);
        w.Key("also_in");
        w.StartArray();
        for (const auto& [id, path] : h.also_in) {
            w.StartObject();
            w.Key("doc_id");
            w.Uint(id);
            str("path", path);
            w.EndObject();
        }
        w.EndArray();
        w.Key("companions");
        w.StartArray();
        for (const auto& c : h.companions) {
            w.StartObject();
            w.Key("passage_id");
            w.Uint(c.passage_id);
            str("page", c.page);
            w.Key("page_index");
            w.Uint(c.page_index);
            w.Key("ordinal");
            w.Uint(c.ordinal);
            str("kind", c.kind);
            str("snippet", c.snippet.text);
            write_marks(w, c.snippet);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.Key("facets");
    w.StartObject();
    for (const auto& [facet, counts] : results.facets) {
        w.Key(facet.c_str());
        w.StartObject();
        for (const auto& [value, n] : counts) {
            w.Key(value.c_str());
            w.Uint64(n);
        }
        w.EndObject();
    }
    w.EndObject();
    w.Key("warnings");
    w.StartArray();
    for (const auto& warning : warnings) str_value(w, warning);
    w.EndArray();
    w.Key("suggestions");
    w.StartArray();
    for (const auto& s : results.suggestions) {
        w.StartObject();
        str("word", s.word);
        str("suggestion", s.suggestion);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}

void print_results(const SearchRequest& request, const SearchResults& results) {
    const Style s = style_for(stdout);
    for (const auto& suggestion : results.suggestions)
        emit("\"" + suggestion.word + "\" is in no document: did you mean " + s.bold(suggestion.suggestion) + "?");
    const char* unit = request.by_passage ? "passages" : "documents";
    if (results.hits.empty() && request.offset > 0 && results.total_estimate > 0) {
        emit("No more hits: about " + std::to_string(results.total_estimate) + " " + unit + " match \"" + request.query +
             "\", and --offset " + std::to_string(request.offset) + " skips past the last of them.");
        return;
    }
    if (results.hits.empty()) {
        emit(std::string("No ") + (request.by_passage ? "passage" : "document") + " matches \"" + request.query + "\".");
        return;
    }
    for (const Hit& h : results.hits) {
        std::string byline;
        for (size_t i = 0; i < h.authors.size() && i < 3; ++i) byline += (i ? ", " : "") + h.authors[i].family;
        if (h.authors.size() > 3) byline += " et al.";
        byline += (byline.empty() ? "" : ", ") + (h.year.empty() ? std::string("s.d.") : h.year);
        if (!byline.empty()) byline = " (" + byline + ")";
        emit(std::to_string(h.rank) + ". " + s.bold(h.title) + byline + "  " + s.dim("[doc " + std::to_string(h.doc_id) + "]"));
        // EPUB books have chapters ("ch. 3") where other files have pages.
        const bool chapter = h.page.rfind("ch. ", 0) == 0;
        std::string where = chapter ? h.page : "p. " + h.page;
        if (!chapter && h.page != std::to_string(h.page_index)) where += " (page " + std::to_string(h.page_index) + " of the file)";
        if (!h.kind.empty() && h.kind != "body") {
            where += " · ";
            where += h.kind;
        }
        char score[32];
        std::snprintf(score, sizeof score, "%.2f", h.score);
        emit("   " + s.dim(h.path + " · " + where + " · score " + score));
        for (const auto& [id, path] : h.also_in) emit("   " + s.dim("also in: " + path + " [doc " + std::to_string(id) + "]"));
        if (!h.concepts.empty()) {
            std::string tags;
            for (const auto& c : h.concepts) tags += (tags.empty() ? "" : " ") + ("#" + c.id);
            emit("   " + s.dim(tags));
        }
        const MarkStyle marks{s.mark_open(), s.mark_close(), s.concept_open(), s.concept_close()};
        emit("   " + render_marked(h.snippet, marks) + (h.companions.empty() ? "\n" : ""));
        // The rest of the words, in the passages next to it or on its page.
        for (std::size_t i = 0; i < h.companions.size(); ++i) {
            const auto& c = h.companions[i];
            const std::string place = c.page == h.page ? "same page" : (chapter ? c.page : "p. " + c.page);
            emit("   " + s.dim("+ " + place + ":") + " " + render_marked(c.snippet, marks) + (i + 1 == h.companions.size() ? "\n" : ""));
        }
    }
    const std::size_t last = request.offset + results.hits.size();
    out_printf("%s\n", s.dim("Hits " + std::to_string(request.offset + 1) + "-" + std::to_string(last) + " of about " +
                              std::to_string(results.total_estimate) + (request.by_passage ? " passages" : " documents"))
                            .c_str());
}

Runner add_search_command(CLI::App& app) {
    auto* sub = app.add_subcommand("search", "Search the index; words are all required, on one page");
    struct Args {
        IndexArgs index;
        std::vector<std::string> words;
        std::size_t limit = 10;
        std::size_t offset = 0;
        std::string by = "document";
        std::string within = "page";
        std::string format = "text";
        CodebookRequest lexicons;
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("query", args->words,
                    "Query: words, \"phrases\", -excluded, a OR b, (groups), prefix*; several arguments are joined")
        ->required();
    sub->add_option("--limit", args->limit, "Hits to show")->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
    sub->add_option("--offset", args->offset, "Hits to skip (for paging)");
    sub->add_option("--by", args->by, "List documents (best passage each) or every passage")->check(CLI::IsMember({"document", "passage"}));
    sub->add_option("--within", args->within,
                    "Where all the words must be: one passage, a passage and its neighbours (window), one page, or anywhere in a document")
        ->check(CLI::IsMember({"passage", "window", "page", "document"}));
    sub->add_option("--format", args->format, "Output: text or json")->check(CLI::IsMember({"text", "json"}));
    add_lexicon_option(*sub, args->lexicons);

    return [args]() -> int {
        SearchRequest request;
        request.deadline = run_deadline();
        for (const auto& w : args->words) request.query += (request.query.empty() ? "" : " ") + w;
        request.limit = args->limit;
        request.offset = args->offset;
        request.by_passage = args->by == "passage";
        for (Scope scope : {Scope::Passage, Scope::Window, Scope::Page, Scope::Document})
            if (args->within == scope_name(scope)) request.scope = scope;
        request.facets = args->format == "json";
        try {
            const Searcher searcher(resolve_source(args->index));
            warn_partial(searcher);
            // A codebook named on the command line is read before anything
            // is searched: a broken one is refused, as by every command.
            if (!args->lexicons.files.empty()) {
                std::vector<std::string> ignored;
                (void)current_lexicon(searcher.lexicon(), args->lexicons, ignored);
            }
            const SearchResults results = searcher.search(request);
            std::vector<std::string> warnings = searcher.warnings();  // said above
            if (results.concept_filters)
                for (std::string& w : lexicon_warnings(searcher, args->lexicons)) {
                    err_printf("warning: %s\n", w.c_str());
                    warnings.push_back(std::move(w));
                }
            if (args->format == "json") emit(results_json(request, results, warnings));
            else print_results(request, results);
            return results.hits.empty() ? kExitPartial : kExitOk;
        } catch (const QueryError& e) {
            print_query_error(request.query, e.what(), e.column());
            return kExitError;
        } catch (const IndexError& e) {
            print_error(e.what());
            return kExitError;
        } catch (const LexiconError& e) {
            print_error(std::string("lexicon refused: ") + e.what());
            return kExitError;
        }
    };
}

}  // namespace grappe::cli
