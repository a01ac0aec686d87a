// grappe export QUERY: the passages a query finds as quotations with their
// citations, and the works they come from as bibliographic records
// (query/export/bibliography.h says how keys and citations are made).
//
//   --format md (default)  « quote » (Torre et Zimmermann, 2016, p. 3), a
//                          block per passage, then the references, once
//                          each; --style numeric: [1, p. 3]; --cite pandoc:
//                          [@key, p. 3], with FILE.bib written beside
//                          --out FILE.md
//   --format csv|json      a row per passage, columns (JSON: members):
//                          citekey,doc_id,path,title,authors,year,type,page,
//                          page_index,kind,quote,text,concepts,query
//                          (authors "Family, Given; ..."; concepts ids
//                          joined by ";"; JSON: authors [{"family","given"}],
//                          concepts [ids], year and page null when unknown)
//   --format bibtex|ris|csl-json  a record per work the passages come from
// A quotation is the sentences of the passage that hold the query's words
// (or, for a query of concept: or family: filters, the concept's mentions),
// as stored: line-end hyphens joined, ligatures expanded; "[…]" marks what
// is left out. Rows are written as they are read (streamed).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/output.h"
#include "export/bibliography.h"
#include "export/excerpts.h"
#include "parse/query_parser.h"
#include "search/searcher.h"
#include "snippets/snippet.h"
#include "store/index_writer.h"

namespace grappe::cli {

std::vector<ByteRange> quoted_ranges(const Searcher& searcher, const ParsedQuery& parsed, const Hit& hit, const std::set<std::string>& concepts) {
    std::vector<std::size_t> which;
    const std::vector<ByteRange> words = query_matches(tokens_to_mark(searcher.analyzer(), hit.text, hit.language, parsed.highlight), parsed.highlight, &which);
    // A phrase's words, one after the other, are one occurrence.
    std::vector<ByteRange> ranges;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const bool phrase = i < which.size() && which[i] >= parsed.highlight.words.size();
        if (phrase && !ranges.empty() && i > 0 && which[i - 1] == which[i] && words[i].first >= ranges.back().second &&
            words[i].first - ranges.back().second <= 4)
            ranges.back().second = words[i].second;
        else
            ranges.push_back(words[i]);
    }
    if (!ranges.empty()) return ranges;
    for (const auto& tag : hit.concepts)
        if (concepts.empty() || concepts.count(tag.id) || concepts.count("family:" + tag.family))
            for (const auto& [b, e] : tag.mentions) ranges.emplace_back(b, e);
    std::sort(ranges.begin(), ranges.end());
    return ranges;
}

std::set<std::string> concept_filters(const std::string& query) {
    // "concept:cluster", "family:ecosysteme" as typed, outside quotes.
    std::set<std::string> out;
    bool quoted = false;
    std::string word;
    for (std::size_t i = 0; i <= query.size(); ++i) {
        const char c = i < query.size() ? query[i] : ' ';
        if (c == '"') quoted = !quoted;
        if (!quoted && (c == ' ' || c == '(' || c == ')')) {
            while (!word.empty() && (word[0] == '+')) word.erase(0, 1);
            if (word.rfind("concept:", 0) == 0) out.insert(word.substr(8));
            else if (word.rfind("family:", 0) == 0) out.insert(word);
            word.clear();
        } else if (!quoted) {
            word += c;
        }
    }
    return out;
}

namespace {

struct Row {
    const Hit& hit;
    const CitedWork& work;
    std::string quote;
};

class Exporter {
  public:
    Exporter(std::ostream& out, const std::string& format, const std::string& style, bool pandoc, const std::string& query)
        : out_(out), format_(format), style_(style), pandoc_(pandoc), query_(query) {}

    void begin() {
        if (format_ == "md") out_ << "<!-- grappe export \"" << query_ << "\" -->\n\n";
        if (format_ == "csv") out_ << "citekey,doc_id,path,title,authors,year,type,page,page_index,kind,quote,text,concepts,query\n";
        if (format_ == "json" || format_ == "csl-json") out_ << "[";
    }

    void row(const Row& r) {
        if (cited_.insert(r.work.doc_id).second) order_.push_back(&r.work);
        ++rows_;
        if (format_ == "md") markdown(r);
        else if (format_ == "csv") csv(r);
        else if (format_ == "json") json(r);
        out_.flush();
    }

    // The references (Markdown) or the records (BibTeX, RIS, CSL-JSON) of the works cited.
    void end() {
        if (format_ == "md" && !order_.empty() && !pandoc_) {
            out_ << "## Références\n\n";
            for (std::size_t i = 0; i < order_.size(); ++i)
                out_ << (style_ == "numeric" ? "[" + std::to_string(i + 1) + "] " : "") << reference_entry(*order_[i]) << "\n\n";
        }
        if (format_ == "json") out_ << (rows_ ? "\n" : "") << "]\n";
        if (format_ == "bibtex") write_bibtex(out_);
        if (format_ == "ris")
            for (const CitedWork* w : order_) out_ << ris_record(*w) << "\n";
        if (format_ == "csl-json") {
            for (std::size_t i = 0; i < order_.size(); ++i) out_ << (i ? ",\n" : "\n") << csl_json_item(*order_[i]);
            out_ << (order_.empty() ? "" : "\n") << "]\n";
        }
        out_.flush();
    }

    void write_bibtex(std::ostream& out) const {
        for (std::size_t i = 0; i < order_.size(); ++i) out << (i ? "\n" : "") << bibtex_record(*order_[i]);
    }
    [[nodiscard]] std::size_t rows() const { return rows_; }
    [[nodiscard]] std::size_t works() const { return order_.size(); }

  private:
    void markdown(const Row& r) {
        const std::string page = citation_page(r.work, r.hit.page);
        std::string cite;
        if (pandoc_) {
            cite = "[@" + r.work.key + (page.empty() ? "" : ", " + page) + "]";
        } else if (style_ == "numeric") {
            const std::size_t n = static_cast<std::size_t>(std::find(order_.begin(), order_.end(), &r.work) - order_.begin()) + 1;
            cite = "[" + std::to_string(n) + (page.empty() ? "" : ", " + page) + "]";
        } else {
            cite = "(" + citation_authors(r.work.record.metadata.authors) + ", " + r.work.year_label + (page.empty() ? "" : ", " + page) + ")";
        }
        out_ << "« " << r.quote << " » " << cite << "\n\n";
    }

    void csv(const Row& r) {
        std::string concepts;
        for (const auto& c : r.hit.concepts) concepts += (concepts.empty() ? "" : ";") + c.id;
        const Metadata& m = r.work.record.metadata;
        out_ << csv_field(r.work.key) << ',' << r.hit.doc_id << ',' << csv_field(r.hit.path) << ',' << csv_field(r.hit.title) << ','
             << csv_field(authors_text(m.authors)) << ',' << csv_field(m.year.value) << ',' << csv_field(m.type.value) << ','
             << csv_field(r.work.paginated() ? r.hit.page : "") << ',' << r.hit.page_index << ',' << csv_field(r.hit.kind) << ','
             << csv_field(r.quote) << ',' << csv_field(r.hit.text) << ',' << csv_field(concepts) << ',' << csv_field(query_) << '\n';
    }

    void json(const Row& r) {
        rapidjson::StringBuffer b;
        JsonWriter w(b);
        const Metadata& m = r.work.record.metadata;
        w.StartObject();
        json_member(w, "citekey", r.work.key);
        w.Key("doc_id");
        w.Uint(r.hit.doc_id);
        w.Key("passage_id");
        w.Uint(r.hit.passage_id);
        json_member(w, "path", r.hit.path);
        json_member(w, "title", r.hit.title);
        w.Key("authors");
        w.StartArray();
        for (const Author& a : m.authors) {
            w.StartObject();
            json_member(w, "family", a.family);
            json_member(w, "given", a.given);
            w.EndObject();
        }
        w.EndArray();
        w.Key("year");
        if (m.year.empty()) w.Null();
        else json_string(w, m.year.value);
        json_member(w, "type", m.type.value);
        w.Key("page");
        if (r.work.paginated()) json_string(w, r.hit.page);
        else w.Null();
        w.Key("page_index");
        w.Uint(r.hit.page_index);
        json_member(w, "kind", r.hit.kind);
        json_member(w, "quote", r.quote);
        json_member(w, "text", r.hit.text);
        std::vector<std::string> concepts;
        for (const auto& c : r.hit.concepts) concepts.push_back(c.id);
        json_member(w, "concepts", concepts);
        json_member(w, "query", query_);
        w.EndObject();
        out_ << (rows_ > 1 ? ",\n" : "\n") << std::string(b.GetString(), b.GetSize());
    }

    static void json_string(JsonWriter& w, const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

    std::ostream& out_;
    std::string format_, style_;
    bool pandoc_;
    std::string query_;
    std::set<std::uint32_t> cited_;
    std::vector<const CitedWork*> order_;
    std::size_t rows_ = 0;
};

}  // namespace

std::size_t write_export(const Searcher& searcher, const ExportOptions& options, std::ostream& out, std::ostream* bibtex) {
    const ParsedQuery parsed = searcher.parse(options.query);
    const Bibliography bibliography = Bibliography::of(searcher);
    Exporter exporter(out, options.format, options.style, options.pandoc, options.query);
    const std::set<std::string> concepts = concept_filters(options.query);
    auto take = [&](const Hit& hit) {
        const CitedWork* work = bibliography.work(hit.doc_id);
        if (!work) return;
        exporter.row({hit, *work, quote_sentences(hit.text, quoted_ranges(searcher, parsed, hit, concepts))});
    };
    SearchRequest request;
    request.query = options.query;
    request.limit = options.limit;
    request.by_passage = options.by == "passage";
    request.deadline = options.deadline;
    request.snippets = false;
    for (Scope scope : {Scope::Passage, Scope::Window, Scope::Page, Scope::Document})
        if (options.within == scope_name(scope)) request.scope = scope;
    exporter.begin();
    if (request.by_passage) {
        request.each = [&](Hit&& hit) {
            take(hit);
            return true;
        };
        (void)searcher.search(request);
    } else {
        for (const Hit& hit : searcher.search(request).hits) take(hit);
    }
    exporter.end();
    if (bibtex) exporter.write_bibtex(*bibtex);
    return exporter.rows();
}

Runner add_export_command(CLI::App& app) {
    auto* sub = app.add_subcommand("export", "Quotations with their citations, and the works' records (Markdown, CSV, JSON, BibTeX, RIS, CSL-JSON)");
    struct Args {
        IndexArgs index;
        std::vector<std::string> words;
        std::string format = "md";
        std::string by = "passage";
        std::string within = "page";
        std::string style = "author-date";
        std::string cite;
        std::string out;
        std::size_t limit = 100;
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("query", args->words, "Query, as grappe search takes it")->required();
    sub->add_option("--format", args->format, "md (default), csv, json, bibtex, ris or csl-json")
        ->check(CLI::IsMember({"md", "csv", "json", "bibtex", "ris", "csl-json"}));
    sub->add_option("--by", args->by, "A quotation per passage (default) or per document (its best passage)")->check(CLI::IsMember({"passage", "document"}));
    sub->add_option("--within", args->within, "Where the query's words must be, as grappe search --within")
        ->check(CLI::IsMember({"passage", "window", "page", "document"}));
    sub->add_option("--style", args->style, "Citations: author-date (default) or numeric")->check(CLI::IsMember({"author-date", "numeric"}));
    sub->add_option("--cite", args->cite, "pandoc: [@key, p. 3] citations, the .bib beside --out")->check(CLI::IsMember({"pandoc"}));
    sub->add_option("--limit", args->limit, "Passages (or documents) exported (default 100)")->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
    sub->add_option("--out", args->out, "Write to this file rather than to standard output");

    return [args]() -> int {
        std::string query;
        for (const auto& w : args->words) query += (query.empty() ? "" : " ") + w;
        const bool pandoc = args->cite == "pandoc";
        if (pandoc && args->format != "md") {
            print_error("--cite pandoc writes Markdown citations: use it with --format md");
            return kExitError;
        }
        try {
            const Searcher searcher(resolve_source(args->index));
            warn_partial(searcher);
            // Run by the daemon for a client, the files go back to the client.
            const bool remote = capturing();
            std::ofstream file;
            std::ostringstream remote_file;
            if (!args->out.empty() && !remote) {
                file.open(args->out, std::ios::binary);
                if (!file) {
                    print_error("cannot write " + args->out);
                    return kExitError;
                }
            }
            std::ostream& out = args->out.empty() ? out_stream() : remote ? static_cast<std::ostream&>(remote_file) : file;
            ExportOptions options;
            options.query = query;
            options.format = args->format;
            options.by = args->by;
            options.within = args->within;
            options.style = args->style;
            options.pandoc = pandoc;
            options.limit = args->limit;
            options.deadline = run_deadline();
            std::ostringstream bib;
            const std::size_t rows = write_export(searcher, options, out, pandoc && !args->out.empty() ? &bib : nullptr);
            if (remote && !args->out.empty()) capture_file(args->out, remote_file.str());
            if (pandoc && !args->out.empty()) {
                const std::filesystem::path bib_path = std::filesystem::path(args->out).replace_extension(".bib");
                std::ofstream bib_file;
                if (remote) {
                    capture_file(bib_path.string(), bib.str());
                } else {
                    bib_file.open(bib_path, std::ios::binary);
                    bib_file << bib.str();
                }
                if (!remote && !bib_file) {
                    print_error("cannot write " + bib_path.string());
                    return kExitError;
                }
                err_printf("wrote %s and %s (pandoc --citeproc --bibliography %s)\n", args->out.c_str(), bib_path.c_str(), bib_path.c_str());
            } else if (pandoc) {
                err_printf("note: the records these keys name: grappe export --format bibtex with the same query, or --out FILE.md\n");
            }
            if (rows == 0) {
                err_printf("No passage matches \"%s\".\n", query.c_str());
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
