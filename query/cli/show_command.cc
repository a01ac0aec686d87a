// grappe show: what the index holds for one document, or one of its pages.
#include <cstdio>
#include <optional>

#include "cli/commands.h"
#include "cli/output.h"
#include "search/searcher.h"
#include "snippets/snippet.h"
#include "store/index_writer.h"

namespace grappe::cli {

// "102" -> the page printed 102 (search shows labels: "p. 102"); "ch. 3"
// and "3" both name an EPUB's third chapter; a number no label matches is
// the page's position in the file.
std::optional<std::uint32_t> page_index_of(const FileRecord& record, std::string wanted) {
    if (wanted.rfind("p. ", 0) == 0) wanted = wanted.substr(3);
    for (std::size_t i = 0; i < record.labels.size(); ++i)
        if (record.labels[i] == wanted || record.labels[i] == "ch. " + wanted) return static_cast<std::uint32_t>(i + 1);
    if (wanted.empty() || wanted.size() > 9 || wanted.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const auto n = static_cast<std::uint32_t>(std::stoul(wanted));
    if (n >= 1 && n <= record.pages) return n;
    return std::nullopt;
}

std::string page_range_text(const FileRecord& record) {
    std::string range = counted(record.pages, "page");
    if (!record.labels.empty()) range += ", printed " + record.labels.front() + " to " + record.labels.back();
    return range;
}

std::vector<std::vector<std::pair<std::size_t, std::size_t>>> page_marks(const Searcher& searcher, const std::string& query,
                                                                      const std::vector<PassageData>& passages) {
    const ParsedQuery parsed = searcher.parse(query);
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> out;
    for (const PassageData& p : passages) out.push_back(query_matches(tokens_to_mark(searcher.analyzer(), p.text, p.language, parsed.highlight), parsed.highlight));
    return out;
}

std::string page_json(std::uint32_t doc_id, const FileRecord& record, std::uint32_t page_index, const std::vector<PassageData>& passages,
                      const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>* marks) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    w.StartObject();
    w.Key("doc_id");
    w.Uint(doc_id);
    w.Key("page_index");
    w.Uint(page_index);
    const std::string label = page_index <= record.labels.size() ? record.labels[page_index - 1] : std::to_string(page_index);
    json_member(w, "page", label);
    w.Key("pages");
    w.Uint(record.pages);
    w.Key("passages");
    w.StartArray();
    for (std::size_t i = 0; i < passages.size(); ++i) {
        const PassageData& p = passages[i];
        w.StartObject();
        w.Key("ordinal");
        w.Uint(p.ordinal);
        json_member(w, "kind", p.kind);
        json_member(w, "text", p.text);
        w.Key("concepts");
        w.StartArray();
        for (const ConceptMention& m : p.mentions) {
            w.StartObject();
            json_member(w, "id", m.id);
            w.Key("start");
            w.Uint64(codepoint_offset(p.text, m.begin));
            w.Key("end");
            w.Uint64(codepoint_offset(p.text, m.end));
            w.EndObject();
        }
        w.EndArray();
        if (marks) {
            w.Key("marks");
            w.StartArray();
            for (const auto& [begin, end] : (*marks)[i]) {
                w.StartArray();
                w.Uint64(codepoint_offset(p.text, begin));
                w.Uint64(codepoint_offset(p.text, end));
                w.EndArray();
            }
            w.EndArray();
        }
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}


Runner add_show_command(CLI::App& app) {
    auto* sub = app.add_subcommand("show", "Show a document's record, or with --page the stored text of one page");
    struct Args {
        IndexArgs index;
        std::uint32_t doc_id = 0;
        std::string page;
        std::string mark;
        std::string format = "text";
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("doc_id", args->doc_id, "Document id (as search prints it)")->required();
    sub->add_option("--page", args->page,
                    "The page whose text to print, by its printed label as search shows it (\"p. 102\": --page 102; \"ch. 3\" in a book), "
                    "else by its number in the file (1-based)");
    sub->add_option("--mark", args->mark, "With --page: mark the words of this query in the page (as search marks them)");
    sub->add_option("--format", args->format, "Output: text or json (the record, or with --page the page's passages)")->check(CLI::IsMember({"text", "json"}));

    return [args]() -> int {
        try {
            const Searcher searcher(resolve_source(args->index));
            warn_partial(searcher);
            const auto record = searcher.record(args->doc_id);
            if (!record) {
                print_error("no document " + std::to_string(args->doc_id) + " in the index (ids are the [doc N] of search results)");
                return kExitPartial;
            }
            if (!args->page.empty()) {
                const std::optional<std::uint32_t> index = page_index_of(*record, args->page);
                if (!index) {
                    print_error("document " + std::to_string(args->doc_id) + " has no page \"" + args->page + "\" (" + page_range_text(*record) + ")");
                    return kExitPartial;
                }
                const std::vector<PassageData> passages = searcher.page_passages(args->doc_id, *index);
                std::vector<std::vector<std::pair<std::size_t, std::size_t>>> marks;
                if (!args->mark.empty()) {
                    try {
                        marks = page_marks(searcher, args->mark, passages);
                    } catch (const QueryError& e) {
                        print_query_error(args->mark, "--mark: " + std::string(e.what()), e.column());
                        return kExitError;
                    }
                }
                if (args->format == "json") {
                    emit(page_json(args->doc_id, *record, *index, passages, args->mark.empty() ? nullptr : &marks));
                    return kExitOk;
                }
                const Style s = style_for(stdout);
                const MarkStyle style{s.mark_open(), s.mark_close(), s.concept_open(), s.concept_close()};
                for (std::size_t i = 0; i < passages.size(); ++i) {
                    if (args->mark.empty()) {
                        emit(passages[i].text + "\n");
                        continue;
                    }
                    Snippet marked;
                    marked.text = passages[i].text;
                    marked.marks = marks[i];
                    emit(render_marked(marked, style) + "\n");
                }
                return kExitOk;
            }
            if (args->format == "json") {
                emit(record_to_json(*record, args->doc_id));
                return kExitOk;
            }
            const Style s = style_for(stdout);
            auto field = [&](const char* name, const std::string& value) {
                if (!value.empty()) out_printf("%-16s %s\n", s.bold(name).c_str(), value.c_str());
            };
            field("doc_id", std::to_string(args->doc_id));
            field("path", record->path);
            for (const auto& [id, path] : record->same_text) field("same text as", path + "  " + s.dim("[doc " + std::to_string(id) + "]"));
            const Metadata& m = record->metadata;
            auto sourced = [&](const char* name, const Sourced& v) {
                if (!v.empty()) field(name, v.value + "  " + s.dim("(" + v.source + ")"));
            };
            sourced("title", m.title);
            if (!m.authors.empty()) {
                std::string names;
                for (const auto& a : m.authors) names += (names.empty() ? "" : "; ") + a.family + (a.given.empty() ? "" : ", " + a.given);
                field("authors", names + "  " + s.dim("(" + m.authors_source + ")"));
            }
            sourced("year", m.year);
            sourced("date", m.date);
            sourced("deposited", m.deposit_date);
            sourced("type", m.type);
            sourced("venue", m.venue);
            sourced("HAL id", m.hal_id);
            sourced("DOI", m.doi);
            sourced("language", m.language);
            sourced("citation key", m.citation_key);
            field("format", record->format);
            field("status", record->status);
            field("error", record->error);
            field("pages", std::to_string(record->pages) + (record->has_page_labels ? " (with printed page labels)" : ""));
            if (!record->labels.empty())
                field("page labels", record->labels.front() + " … " + record->labels.back());
            if (!record->ocr_pages.empty()) {
                std::string pages;
                for (std::uint32_t page : record->ocr_pages) pages += (pages.empty() ? "" : ", ") + std::to_string(page);
                field("text layer", std::string("OCR (tesseract) on page") + (record->ocr_pages.size() > 1 ? "s " : " ") + pages);
            }
            if (record->pages_without_text > 0)
                field("text layer", std::to_string(record->pages_without_text) + " pages without one, not read (index with --ocr)");
            field("passages", std::to_string(record->passages));
            field("size", std::to_string(record->size) + " bytes");
            field("content hash", record->hash);
            if (record->hal_cover) field("HAL cover", "yes (kept out of the content)");
            for (const auto& w : record->warnings) field("warning", w);
            return kExitOk;
        } catch (const IndexError& e) {
            print_error(e.what());
            return kExitError;
        }
    };
}

}  // namespace grappe::cli
