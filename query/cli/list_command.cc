// grappe list: the indexed documents, and the files that failed with their
// reason; a query (the query language: fields, words) keeps the documents
// it matches, as grappe search finds them (its words on one page).
//
// CSV (--format csv), stable columns:
//   doc_id,path,title,authors,year,type,pages,passages,status,error,same_text
//   (authors "Family, Given; Family, Given"; year and type empty when unknown;
//   same_text: the doc ids of the other documents of the same text, "12;40")
// JSON (--format json), one object:
//   {"query": string, "documents": [{"doc_id", "path", "title", "authors":
//     [{"family", "given"}], "year": string or null (unknown), "type": string
//     or null, "pages", "passages", "status": "indexed"|"failed", "error",
//     "same_text": [doc ids of the other documents of the same text]}],
//    "indexed": n, "failed": n}
// Text: one line per document (year "s.d." when unknown), then the failed files.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <filesystem>
#include <cstdio>

#include "cli/commands.h"
#include "cli/output.h"
#include "search/searcher.h"
#include "store/index_writer.h"

namespace grappe::cli {
namespace {

using Row = std::pair<std::uint32_t, FileRecord>;

std::string short_authors(const std::vector<Author>& authors) {
    std::string out;
    for (std::size_t i = 0; i < authors.size() && i < 2; ++i) out += (i ? ", " : "") + authors[i].family;
    if (authors.size() > 2) out += " et al.";
    return out;
}

std::string documents_json(const std::string& query, const std::vector<Row>& rows) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    auto str = [&](const char* key, const std::string& v) {
        w.Key(key);
        w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    };
    auto str_or_null = [&](const char* key, const std::string& v) {
        w.Key(key);
        if (v.empty()) w.Null();
        else w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    };
    std::size_t indexed = 0;
    w.StartObject();
    str("query", query);
    w.Key("documents");
    w.StartArray();
    for (const auto& [id, r] : rows) {
        indexed += r.status == "indexed";
        w.StartObject();
        w.Key("doc_id");
        w.Uint(id);
        str("path", r.path);
        str("title", r.metadata.title.value);
        w.Key("authors");
        w.StartArray();
        for (const auto& a : r.metadata.authors) {
            w.StartObject();
            str("family", a.family);
            str("given", a.given);
            w.EndObject();
        }
        w.EndArray();
        str_or_null("year", r.metadata.year.value);
        str_or_null("type", r.metadata.type.value);
        w.Key("pages");
        w.Uint(r.pages);
        w.Key("passages");
        w.Uint(r.passages);
        str("status", r.status);
        str("error", r.error);
        w.Key("same_text");
        w.StartArray();
        for (const auto& copy : r.same_text) w.Uint(copy.first);
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.Key("indexed");
    w.Uint64(indexed);
    w.Key("failed");
    w.Uint64(rows.size() - indexed);
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}

// The documents a query keeps (all for none), by doc id.
std::vector<Row> listed(const Searcher& searcher, const std::string& query) {
    std::vector<Row> rows = searcher.records();
    if (!query.empty()) {
        const std::set<std::uint32_t> keep = searcher.matching_documents(query);
        std::erase_if(rows, [&](const Row& r) { return !keep.count(r.first); });
    }
    return rows;
}

// "12;40": the other documents of the same text.
std::string same_text_ids(const FileRecord& r) {
    std::string out;
    for (const auto& copy : r.same_text) {
        if (!out.empty()) out += ';';
        out += std::to_string(copy.first);
    }
    return out;
}

void print_csv(const std::vector<Row>& rows) {
    emit("doc_id,path,title,authors,year,type,pages,passages,status,error,same_text");
    for (const auto& [id, r] : rows)
        emit(std::to_string(id) + "," + csv_field(r.path) + "," + csv_field(r.metadata.title.value) + "," +
             csv_field(authors_text(r.metadata.authors)) + "," + r.metadata.year.value + "," + csv_field(r.metadata.type.value) + "," +
             std::to_string(r.pages) + "," + std::to_string(r.passages) + "," + r.status + "," + csv_field(r.error) + "," + same_text_ids(r));
}

void print_text(const std::vector<Row>& rows) {
    const Style s = style_for(stdout);
    std::size_t indexed = 0, failed = 0;
    emit(s.bold("   doc  year  type              authors               title                                             pages  passages"));
    for (const auto& [id, r] : rows) {
        if (r.status != "indexed") continue;
        ++indexed;
        const std::string year = r.metadata.year.empty() ? "s.d." : r.metadata.year.value;
        const std::string title = r.metadata.title.empty() ? std::filesystem::path(r.path).filename().string() : r.metadata.title.value;
        char numbers[32];
        std::snprintf(numbers, sizeof numbers, "%5u  %8u", r.pages, r.passages);
        emit(fit(std::to_string(id), 6) + "  " + fit(year, 4) + "  " + fit(r.metadata.type.value, 16) + "  " +
             fit(short_authors(r.metadata.authors), 20) + "  " + fit(title, 48) + "  " + numbers);
        emit("        " + s.dim(r.path));
        if (!r.same_text.empty()) {
            std::string ids = same_text_ids(r);
            std::replace(ids.begin(), ids.end(), ';', ',');
            emit("        " + s.dim("same text as doc " + ids));
        }
    }
    for (const auto& [id, r] : rows) {
        if (r.status == "indexed") continue;
        ++failed;
        emit(s.red("failed") + " " + r.path + ": " + r.error);
    }
    emit(s.dim(std::to_string(indexed) + " documents" + (failed ? ", " + std::to_string(failed) + " files failed" : "")));
}

}  // namespace

std::string list_json(const Searcher& searcher, const std::string& query) { return documents_json(query, listed(searcher, query)); }

Runner add_list_command(CLI::App& app) {
    auto* sub = app.add_subcommand("list", "List the indexed documents (and the files that failed), optionally those a query matches");
    struct Args {
        IndexArgs index;
        std::vector<std::string> words;
        std::string format = "text";
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("query", args->words, "Only documents the query matches, as search finds them: fields (author:torre year:2005..2012 type:thesis) or words");
    sub->add_option("--format", args->format, "Output: text, csv or json")->check(CLI::IsMember({"text", "csv", "json"}));

    return [args]() -> int {
        std::string query;
        for (const auto& w : args->words) query += (query.empty() ? "" : " ") + w;
        try {
            const Searcher searcher(resolve_source(args->index));
            warn_partial(searcher);
            const std::vector<Row> rows = listed(searcher, query);
            if (args->format == "json") emit(documents_json(query, rows));
            else if (args->format == "csv") print_csv(rows);
            else print_text(rows);
            return kExitOk;
        } catch (const QueryError& e) {
            print_query_error(query, e.what(), e.column());
            return kExitError;
        } catch (const IndexError& e) {
            print_error(e.what());
            return kExitError;
        }
    };
}

}  // namespace grappe::cli
