// Markdown, read by a Markdown parser (cmark, CommonMark) rather than by
// hand: headings, paragraphs, list items and block quotes are the
// document's structure; emphasis and code spans keep their words; link
// targets, autolinks, images and inline HTML are markup, never words; an
// HTML block is read as HTML (gumbo). Front matter (front_matter.h) gives
// the declared fields, and its abstract is text.
//
// Each paragraph's source lines stay lines (a soft break ends one), so a
// word hyphenated at a line end is decided by repair as in any file. What
// CommonMark reads as an indented code block is kept as text: notes and
// sites indent prose (MkDocs admonitions, list continuations) far more often
// than our users' documents hold code; fenced code blocks are code, left out.
#include <cmark.h>

#include <algorithm>
#include <memory>

#include "extract/declared_text.h"
#include "extract/extractors.h"
#include "extract/front_matter.h"
#include "extract/table_rows.h"
#include "metadata/dates.h"

namespace grappe {
namespace {

using NodePtr = std::unique_ptr<cmark_node, decltype(&cmark_node_free)>;

// "[[Emancipation sociale|empowerment]]" -> "empowerment", "[[tiers-lieu]]" -> "tiers-lieu":
// wiki links (Obsidian, Foam) show their label.
std::string without_wiki_links(std::string text) {
    for (std::size_t open; (open = text.find("[[")) != std::string::npos;) {
        const std::size_t close = text.find("]]", open + 2);
        if (close == std::string::npos) break;
        std::string inner = text.substr(open + 2, close - open - 2);
        if (const std::size_t bar = inner.find('|'); bar != std::string::npos) inner = inner.substr(bar + 1);
        text = text.substr(0, open) + inner + text.substr(close + 2);
    }
    return text;
}

bool is_line_break_tag(std::string_view html) {
    std::string t;
    for (char c : html)
        if (c != ' ' && c != '/') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return t == "<br>";
}

class MarkdownReader {
  public:
    MarkdownReader(std::string_view source, RawPage& page, RawDocument& doc) : source_lines_(split_lines(source)), page_(page), doc_(doc) {}

    void block(cmark_node* node) {
        switch (cmark_node_get_type(node)) {
            case CMARK_NODE_ITEM:
                item_opens_ = true;  // its first paragraph opens the item
                for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) block(c);
                item_opens_ = false;
                return;
            case CMARK_NODE_DOCUMENT:
            case CMARK_NODE_BLOCK_QUOTE:
            case CMARK_NODE_LIST:
            case CMARK_NODE_CUSTOM_BLOCK:
                for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) block(c);
                return;
            case CMARK_NODE_HEADING: {
                inlines(node);
                const std::vector<std::string> lines = take_lines();
                std::string text;
                for (const auto& l : lines) text.append(text.empty() ? "" : " ").append(l);
                text = collapse_spaces(text);
                if (text.empty()) return;
                if (!seen_text_) doc_.title.set(plausible_title(text), "heading");
                add(text, true, true);
                return;
            }
            case CMARK_NODE_PARAGRAPH: {
                inlines(node);
                paragraph(take_lines());
                return;
            }
            case CMARK_NODE_CODE_BLOCK: {
                if (fenced(node)) return;
                std::vector<std::string> lines;
                const char* literal = cmark_node_get_literal(node);
                for (const std::string& l : split_lines(literal ? literal : "")) {
                    if (collapse_spaces(l).empty()) {
                        paragraph(std::move(lines));
                        lines.clear();
                    } else {
                        lines.push_back(l);
                    }
                }
                paragraph(std::move(lines));
                return;
            }
            case CMARK_NODE_HTML_BLOCK: {
                const char* literal = cmark_node_get_literal(node);
                if (!literal) return;
                RawDocument ignored;
                for (TextLine& line : html_page(literal, ignored).lines) add(line.text, line.heading, true);
                return;
            }
            default:
                return;  // thematic breaks
        }
    }

  private:
    static std::vector<std::string> split_lines(std::string_view text) {
        std::vector<std::string> out;
        std::size_t at = 0;
        while (at <= text.size()) {
            std::size_t eol = text.find('\n', at);
            if (eol == std::string_view::npos) eol = text.size();
            std::string line(text.substr(at, eol - at));
            if (!line.empty() && line.back() == '\r') line.pop_back();
            out.push_back(std::move(line));
            at = eol + 1;
        }
        return out;
    }

    // A fence opens the block in the source ("```", "~~~"); indentation does not.
    bool fenced(cmark_node* node) const {
        const int line = cmark_node_get_start_line(node);
        if (line < 1 || static_cast<std::size_t>(line) > source_lines_.size()) return true;
        std::string_view l = source_lines_[static_cast<std::size_t>(line) - 1];
        while (!l.empty() && (l.front() == ' ' || l.front() == '>' || l.front() == '-' || l.front() == '*')) l.remove_prefix(1);
        return l.rfind("```", 0) == 0 || l.rfind("~~~", 0) == 0;
    }

    void inlines(cmark_node* node) {
        for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
            switch (cmark_node_get_type(c)) {
                case CMARK_NODE_TEXT:
                case CMARK_NODE_CODE: {
                    const char* literal = cmark_node_get_literal(c);
                    if (literal) current_ += literal;
                    break;
                }
                case CMARK_NODE_SOFTBREAK:
                case CMARK_NODE_LINEBREAK:
                    end_line();
                    break;
                case CMARK_NODE_HTML_INLINE: {
                    const char* literal = cmark_node_get_literal(c);
                    if (literal && is_line_break_tag(literal)) current_ += ' ';
                    break;  // tags are markup; the words between them are text nodes
                }
                case CMARK_NODE_LINK: {
                    // An autolink shows its address: markup, not words.
                    const char* url = cmark_node_get_url(c);
                    cmark_node* child = cmark_node_first_child(c);
                    const char* text = child && cmark_node_get_type(child) == CMARK_NODE_TEXT ? cmark_node_get_literal(child) : nullptr;
                    const bool autolink = url && text && (std::string_view(url) == text || std::string_view(url) == std::string("mailto:") + text);
                    if (!autolink) inlines(c);
                    break;
                }
                case CMARK_NODE_IMAGE:
                    break;  // an image's alt text is not shown
                default:
                    inlines(c);  // emphasis, strong
            }
        }
    }

    void end_line() {
        lines_.push_back(std::move(current_));
        current_.clear();
    }

    std::vector<std::string> take_lines() {
        end_line();
        std::vector<std::string> out;
        for (auto& l : lines_) {
            std::string text = collapse_spaces(without_wiki_links(std::move(l)));
            if (!text.empty()) out.push_back(std::move(text));
        }
        lines_.clear();
        return out;
    }

    // A paragraph's lines; a pipe table's rows each a row; an admonition's
    // marker ("!!! abstract \"Espaces productifs\"", ":::info") goes, its title stays.
    void paragraph(std::vector<std::string> lines) {
        if (lines.empty()) return;
        const bool table = lines.size() >= 2 && std::all_of(lines.begin(), lines.end(), [](const std::string& l) { return l.front() == '|'; });
        if (table) {
            for (const std::string& l : lines) {
                if (l.find_first_not_of("|-: ") == std::string::npos) continue;  // |---|:--|
                std::vector<TextLine> cells;
                std::vector<std::size_t> starts;
                std::size_t at = 1;
                while (at < l.size()) {
                    std::size_t bar = l.find('|', at);
                    if (bar == std::string::npos) bar = l.size();
                    starts.push_back(cells.size());
                    cells.push_back(TextLine{collapse_spaces(std::string_view(l).substr(at, bar - at)), 0, 0, 0, 0, true});
                    at = bar + 1;
                }
                if (join_cells_into_row(cells, 0, starts)) add(cells.front().text, false, true, true);
                else add(collapse_spaces(l), false, true);
            }
            return;
        }
        bool first = true;
        for (std::string& l : lines) {
            if (first && (l.rfind("!!!", 0) == 0 || l.rfind("???", 0) == 0)) {
                const std::size_t q = l.find('"');
                const std::size_t end = q == std::string::npos ? std::string::npos : l.find('"', q + 1);
                if (end == std::string::npos) continue;
                l = l.substr(q + 1, end - q - 1);
            }
            if (l.rfind(":::", 0) == 0) {
                first = false;
                continue;
            }
            add(l, false, first);
            first = false;
        }
    }

    void add(std::string text, bool heading, bool starts_paragraph, bool table_row = false) {
        if (text.empty()) return;
        TextLine line{std::move(text), 0, 0, 0, 0, starts_paragraph};
        line.heading = heading;
        line.table_row = table_row;
        if (starts_paragraph && item_opens_) {
            line.list_item = true;
            item_opens_ = false;
        }
        page_.lines.push_back(std::move(line));
        if (!heading) seen_text_ = true;
    }

    std::vector<std::string> source_lines_;
    RawPage& page_;
    RawDocument& doc_;
    std::string current_;
    std::vector<std::string> lines_;
    bool seen_text_ = false;
    bool item_opens_ = false;
};

}  // namespace

RawPage markdown_page(const std::string& text, RawDocument& doc, const std::string& file_name) {
    const FrontMatter front = read_front_matter(text);
    std::string abstract;
    declare_front_matter(front, doc, abstract);
    // A blog's file name that starts with the post's date (Jekyll's _posts).
    if (doc.date.empty()) doc.date.set(file_name_date_year(file_name), "file-name");

    RawPage page{std::string(1, '1'), 0, {}};
    const std::string_view body = std::string_view(text).substr(front.body_offset);
    NodePtr root(cmark_parse_document(body.data(), body.size(), CMARK_OPT_DEFAULT), cmark_node_free);
    if (!root) throw ExtractionError("Markdown parser failed");
    MarkdownReader reader(body, page, doc);
    reader.block(root.get());

    // The front matter's title and abstract are the document's words too,
    // where the body does not print them: the title first, as a heading.
    const bool body_opens_on_title = !page.lines.empty() && page.lines.front().text == doc.title.value;
    if (!abstract.empty()) {
        TextLine a{abstract, 0, 0, 0, 0, true};
        page.lines.insert(page.lines.begin(), std::move(a));
    }
    if (!doc.title.empty() && doc.title.source == "front-matter" && !body_opens_on_title) {
        TextLine t{doc.title.value, 0, 0, 0, 0, true};
        t.heading = true;
        page.lines.insert(page.lines.begin(), std::move(t));
    }
    return page;
}

}  // namespace grappe
