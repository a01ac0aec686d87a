// grappe kwic TERM|"PHRASE"|concept:ID|family:ID [filters]: a keyword-in-
// context concordance, a line per occurrence: the left context, the match
// in a column, the right context, then document, year and printed page.
// Occurrences are the query's words or phrases as search matches them
// (inflections included; =word for the form as written), or, for a query
// of concept: or family: filters alone, the concept's mentions as tagged.
// The other fields of the query (year:, author:, kind:, lang:...) choose
// the passages. Contexts are cut between words and never cross a passage.
//
// Rows are written as they are read, in document order (--sort doc, the
// default); --sort left|right|date reads them all first. Columns (CSV) and
// members (JSON, an array of objects), stable:
//   left,match,right,doc_id,path,year,page,citekey,page_index,passage_id,kind
// (year and page empty / null when unknown or when the file has no pages).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "text/utf8.h"
#include "cli/output.h"
#include "export/bibliography.h"
#include "export/excerpts.h"
#include "parse/query_parser.h"
#include "search/searcher.h"
#include "snippets/snippet.h"
#include "store/index_writer.h"
#include "text/folding.h"

namespace grappe::cli {
namespace {

struct Line {
    ContextLine context;
    std::uint32_t doc_id = 0, passage_id = 0, page_index = 0;
    std::uint32_t ordinal = 0;
    std::size_t at = 0;  // byte offset in the passage
    std::string path, year, page, citekey, kind;
};

// The words of a context, nearest the match first (a left context sorts on
// the word just before the match, as concordancers do).
std::string sort_key(const std::string& context, bool reversed) {
    std::vector<std::string> words;
    std::string w;
    for (char c : fold_text(context) + " ") {
        if (c == ' ') {
            if (!w.empty()) words.push_back(w);
            w.clear();
        } else {
            w += c;
        }
    }
    if (reversed) std::reverse(words.begin(), words.end());
    std::string out;
    for (const auto& x : words) out += x + '\x01';
    return out;
}

class Printer {
  public:
    Printer(std::ostream& out, const std::string& format, std::size_t width, const Style& style)
        : out_(out), format_(format), width_(width), style_(style) {}
    void begin() {
        if (format_ == "csv") emit("left,match,right,doc_id,path,year,page,citekey,page_index,passage_id,kind");
        if (format_ == "json") out_ << "[";
    }
    void line(const Line& l) {
        ++count_;
        if (format_ == "csv") {
            emit(csv_field(l.context.left) + "," + csv_field(l.context.match) + "," + csv_field(l.context.right) + "," + std::to_string(l.doc_id) + "," +
                 csv_field(l.path) + "," + l.year + "," + csv_field(l.page) + "," + csv_field(l.citekey) + "," + std::to_string(l.page_index) + "," +
                 std::to_string(l.passage_id) + "," + l.kind);
        } else if (format_ == "json") {
            rapidjson::StringBuffer b;
            JsonWriter w(b);
            w.StartObject();
            json_member(w, "left", l.context.left);
            json_member(w, "match", l.context.match);
            json_member(w, "right", l.context.right);
            w.Key("doc_id");
            w.Uint(l.doc_id);
            json_member(w, "path", l.path);
            w.Key("year");
            if (l.year.empty()) w.Null();
            else w.String(l.year.c_str());
            w.Key("page");
            if (l.page.empty()) w.Null();
            else w.String(l.page.data(), static_cast<rapidjson::SizeType>(l.page.size()));
            json_member(w, "citekey", l.citekey);
            w.Key("page_index");
            w.Uint(l.page_index);
            w.Key("passage_id");
            w.Uint(l.passage_id);
            json_member(w, "kind", l.kind);
            w.EndObject();
            out_ << (count_ > 1 ? ",\n" : "\n");
            emit(std::string(b.GetString(), b.GetSize()));
        } else {
            // The match in a column: the left context right-aligned.
            const std::string left = fit_left(l.context.left + (l.context.space_before ? " " : ""), width_ + 1);
            const std::string right = (l.context.space_after ? " " : "") + l.context.right;
            const std::string where = l.citekey + (l.year.empty() ? " s.d." : " " + l.year) + (l.page.empty() ? "" : " " + l.page);
            emit(left + style_.bold(l.context.match) + fit(right, width_ + 1) + "  " + style_.dim(where));
        }
        out_.flush();
    }
    void end() {
        if (format_ == "json") out_ << (count_ ? "\n]\n" : "]\n");
        out_.flush();
    }
    [[nodiscard]] std::size_t count() const { return count_; }

  private:
    // The last `width` characters, padded on the left.
    static std::string fit_left(const std::string& text, std::size_t width) {
        std::vector<std::size_t> starts;
        for (std::size_t i = 0; i < text.size(); ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
        if (starts.size() > width) return "…" + text.substr(starts[starts.size() - width + 1]);
        return std::string(width - starts.size(), ' ') + text;
    }
    // A line as valid UTF-8 (a file name may not be).
    void emit(const std::string& line) { out_ << valid_utf8(line) << '\n'; }
    std::ostream& out_;
    std::string format_;
    std::size_t width_;
    Style style_;
    std::size_t count_ = 0;
};

}  // namespace

std::size_t write_kwic(const Searcher& searcher, const KwicOptions& options, std::ostream& out, const Style& style) {
    const std::string& query = options.query;
    const ParsedQuery parsed = searcher.parse(query);
    const Bibliography bibliography = Bibliography::of(searcher);
    const std::set<std::string> concepts = concept_filters(query);
    const bool words = !parsed.highlight.words.empty() || !parsed.highlight.phrases.empty() || !parsed.highlight.prefixes.empty();
    if (!words && concepts.empty()) throw QueryError("kwic needs a word, a phrase, concept:ID or family:ID to align on", 1);
    Printer printer(out, options.format, options.width, style);
    const bool streamed = options.sort == "doc";
    std::vector<Line> gathered;
    SearchRequest request;
    request.query = query;
    request.by_passage = true;
    request.scope = Scope::Passage;
    request.deadline = options.deadline;
    request.snippets = false;
    request.document_order = true;
    // Streamed, the limit counts lines (a passage gives one or more);
    // sorted, every line is read first, then the first ones shown.
    request.limit = streamed ? options.limit : 10000000;
    printer.begin();
    std::size_t lines = 0;
    request.each = [&](Hit&& hit) {
        const CitedWork* work = bibliography.work(hit.doc_id);
        std::vector<ByteRange> matches = quoted_ranges(searcher, parsed, hit, concepts);
        if (words && matches.empty()) return true;
        for (const ByteRange& m : matches) {
            Line l;
            l.context = context_line(hit.text, m, options.width);
            l.doc_id = hit.doc_id;
            l.passage_id = hit.passage_id;
            l.page_index = hit.page_index;
            l.ordinal = hit.ordinal;
            l.at = m.first;
            l.path = hit.path;
            l.year = hit.year;
            l.kind = hit.kind;
            if (work) {
                l.citekey = work->key;
                l.page = citation_page(*work, hit.page);
            }
            if (streamed) printer.line(l);
            else gathered.push_back(std::move(l));
            if (++lines >= options.limit && streamed) return false;
        }
        return true;
    };
    (void)searcher.search(request);
    if (!streamed) {
        auto key = [&](const Line& l) {
            if (options.sort == "left") return sort_key(l.context.left, true);
            if (options.sort == "right") return sort_key(l.context.right, false);
            return l.year.empty() ? std::string("9999") : l.year;
        };
        std::vector<std::pair<std::string, std::size_t>> keyed;
        for (std::size_t i = 0; i < gathered.size(); ++i) keyed.emplace_back(key(gathered[i]), i);
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        for (std::size_t i = 0; i < keyed.size() && i < options.limit; ++i) printer.line(gathered[keyed[i].second]);
    }
    printer.end();
    return printer.count();
}

Runner add_kwic_command(CLI::App& app) {
    auto* sub = app.add_subcommand("kwic", "Keyword in context: a line per occurrence of a word, a phrase or a concept");
    struct Args {
        IndexArgs index;
        std::vector<std::string> words;
        std::size_t width = 40;
        std::string sort = "doc";
        std::size_t limit = 1000;
        std::string format = "text";
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("query", args->words, "A word, a \"phrase\", concept:ID or family:ID, and filters (year:, author:, kind:...)")->required();
    sub->add_option("--width", args->width, "Characters of context on each side (default 40)")->check(CLI::Range(std::size_t{5}, std::size_t{500}));
    sub->add_option("--sort", args->sort, "doc (default: as indexed, streamed), left, right or date")->check(CLI::IsMember({"doc", "left", "right", "date"}));
    sub->add_option("--limit", args->limit, "Lines at most (default 1000)")->check(CLI::Range(std::size_t{1}, std::size_t{10000000}));
    sub->add_option("--format", args->format, "text, csv or json")->check(CLI::IsMember({"text", "csv", "json"}));

    return [args]() -> int {
        std::string query;
        for (const auto& w : args->words) query += (query.empty() ? "" : " ") + w;
        try {
            const Searcher searcher(resolve_source(args->index));
            warn_partial(searcher);
            KwicOptions options;
            options.query = query;
            options.width = args->width;
            options.sort = args->sort;
            options.limit = args->limit;
            options.format = args->format;
            options.deadline = run_deadline();
            if (write_kwic(searcher, options, out_stream(), style_for(stdout)) == 0) {
                err_printf("No occurrence of \"%s\".\n", query.c_str());
                return kExitPartial;
            }
            return kExitOk;
        } catch (const QueryError& e) {
            print_query_error(query, e.what(), e.column());
        } catch (const IndexError& e) {
            print_error(e.what());
        }
        return kExitError;
    };
}

}  // namespace grappe::cli
