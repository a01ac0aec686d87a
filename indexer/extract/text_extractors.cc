// HTML (gumbo), plain text and Markdown, and the charset handling they share.
// Each yields one page whose lines are paragraphs already.
#include <gumbo.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "extract/table_rows.h"
#include "extract/declared_text.h"
#include "extract/extractors.h"

namespace grappe {
namespace {

std::string lower_extension(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

bool valid_utf8(const std::string& s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const int32_t n = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) return false;
    }
    return true;
}

void add_paragraph(RawPage& page, std::string_view text) {
    std::string collapsed = collapse_spaces(text);
    if (collapsed.empty()) return;
    page.lines.push_back(TextLine{std::move(collapsed), 0, 0, 0, 0, true});
}

// ---- HTML ----

bool skipped_element(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NAV: case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_IFRAME: case GUMBO_TAG_BUTTON:
        case GUMBO_TAG_SELECT: case GUMBO_TAG_FORM: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_HEAD: case GUMBO_TAG_MENU: case GUMBO_TAG_OBJECT: case GUMBO_TAG_CANVAS:
            return true;
        default:
            return false;
    }
}

bool block_element(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
        case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TR: case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_MAIN: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_BR: case GUMBO_TAG_HR:
        case GUMBO_TAG_TABLE: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_CAPTION:
            return true;
        default:
            return false;
    }
}

struct HtmlWalker {
    RawPage& page;
    std::string current;

    void flush(bool heading = false) {
        const std::size_t before = page.lines.size();
        add_paragraph(page, current);
        if (heading && page.lines.size() > before) page.lines.back().heading = true;
        current.clear();
    }

    void walk(const GumboNode* node) {
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
            current += node->v.text.text;
            return;
        }
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
        const GumboVector* children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
        const GumboTag tag = node->type == GUMBO_NODE_ELEMENT ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
        if (node->type == GUMBO_NODE_ELEMENT && skipped_element(tag)) return;
        // role="navigation" and hidden elements are chrome, not content.
        if (node->type == GUMBO_NODE_ELEMENT) {
            const GumboAttribute* role = gumbo_get_attribute(&node->v.element.attributes, "role");
            if (role && (std::strcmp(role->value, "navigation") == 0 || std::strcmp(role->value, "banner") == 0)) return;
            if (gumbo_get_attribute(&node->v.element.attributes, "hidden")) return;
        }
        const bool block = block_element(tag);
        if (block) flush();
        if (tag == GUMBO_TAG_TR) {  // its cells make one line (table_rows.h)
            const std::size_t start = page.lines.size();
            std::vector<std::size_t> cells;
            for (unsigned i = 0; i < children->length; ++i) {
                const auto* child = static_cast<const GumboNode*>(children->data[i]);
                const bool cell = child->type == GUMBO_NODE_ELEMENT && (child->v.element.tag == GUMBO_TAG_TD || child->v.element.tag == GUMBO_TAG_TH);
                if (cell) cells.push_back(page.lines.size());
                walk(child);
                flush();
            }
            join_cells_into_row(page.lines, start, cells);
            return;
        }
        for (unsigned i = 0; i < children->length; ++i) walk(static_cast<const GumboNode*>(children->data[i]));
        if (block)
            flush(tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 ||
                  tag == GUMBO_TAG_H6);
    }
};

const GumboNode* find_title(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return nullptr;
    if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_TITLE) return node;
    const GumboVector* children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    for (unsigned i = 0; i < children->length; ++i)
        if (const GumboNode* t = find_title(static_cast<const GumboNode*>(children->data[i]))) return t;
    return nullptr;
}

// <meta name="author|date|citation_*|DC.*" content="...">
void find_meta(const GumboNode* node, RawDocument& doc) {
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
    if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_META) {
        const GumboAttribute* name = gumbo_get_attribute(&node->v.element.attributes, "name");
        if (!name) name = gumbo_get_attribute(&node->v.element.attributes, "property");
        const GumboAttribute* content = gumbo_get_attribute(&node->v.element.attributes, "content");
        if (name && content) {
            std::string key = name->value;
            std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            const std::string value = collapse_spaces(content->value);
            if (key == "citation_title" || key == "dc.title") doc.title.set(value, "html-meta");
            if (key == "author" || key == "citation_author" || key == "dc.creator") doc.authors.set(value, "html-meta");
            if (key == "date" || key == "citation_publication_date" || key == "citation_date" || key == "dc.date" ||
                key == "article:published_time")
                doc.date.set(value, "html-meta");
        }
        return;
    }
    const GumboVector* children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    for (unsigned i = 0; i < children->length; ++i) find_meta(static_cast<const GumboNode*>(children->data[i]), doc);
}

// The charset an HTML file declares in a <meta>, if any, from its first 2 KB.
std::string declared_charset(const std::string& bytes) {
    std::string head = bytes.substr(0, 2048);
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const size_t at = head.find("charset=");
    if (at == std::string::npos) return "";
    size_t start = at + 8;
    while (start < head.size() && (head[start] == '"' || head[start] == '\'')) ++start;
    size_t end = start;
    while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' || head[end] == '_')) ++end;
    return head.substr(start, end - start);
}

std::string convert_from(const std::string& bytes, const char* charset) {
    UErrorCode status = U_ZERO_ERROR;
    std::string out(bytes.size() * 3 + 16, '\0');
    const int32_t written = ucnv_convert("UTF-8", charset, out.data(), static_cast<int32_t>(out.size()), bytes.data(),
                                         static_cast<int32_t>(bytes.size()), &status);
    if (U_FAILURE(status)) throw ExtractionError(std::string("cannot convert from ") + charset + ": " + u_errorName(status));
    out.resize(static_cast<size_t>(written));
    return out;
}

// ---- Markdown light clean-up: the words stay, the markup goes ----

std::string strip_markdown_inline(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '!' && i + 1 < line.size() && line[i + 1] == '[') continue;  // image: keep its alt text
        if (c == '[') {
            // [text](url) -> text
            const size_t close = line.find(']', i);
            if (close != std::string_view::npos && close + 1 < line.size() && line[close + 1] == '(') {
                const size_t paren = line.find(')', close);
                if (paren != std::string_view::npos) {
                    out.append(line.substr(i + 1, close - i - 1));
                    i = paren;
                    continue;
                }
            }
        }
        if (c == '*' || c == '`' || (c == '_' && (i + 1 < line.size() && line[i + 1] == '_'))) {
            if (c == '_') ++i;
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

FileFormat format_of(const std::string& path) {
    const std::string ext = lower_extension(path);
    if (ext == "pdf") return FileFormat::Pdf;
    if (ext == "html" || ext == "htm" || ext == "xhtml") return FileFormat::Html;
    if (ext == "txt" || ext == "md" || ext == "markdown" || ext == "text") return FileFormat::Text;
    if (ext == "docx") return FileFormat::Docx;
    if (ext == "odt") return FileFormat::Odt;
    if (ext == "epub") return FileFormat::Epub;
    return FileFormat::Unsupported;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ExtractionError(std::string("cannot open: ") + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string to_utf8(const std::string& bytes, std::string* detected) {
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) return bytes.substr(3);
    const bool utf16 = bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
    if (!utf16 && valid_utf8(bytes)) return bytes;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status), ucsdet_close);
    if (U_FAILURE(status)) throw ExtractionError("ICU charset detector unavailable");
    ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 20)), &status);
    const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
    const char* name = (U_SUCCESS(status) && match) ? ucsdet_getName(match, &status) : nullptr;
    // Invalid UTF-8 in a French file is nearly always Windows-1252 (a superset
    // of Latin-1 that has œ and ’); trust the detector only for other families.
    std::string charset = (name && U_SUCCESS(status)) ? name : "windows-1252";
    if (charset == "ISO-8859-1" || charset == "UTF-8") charset = "windows-1252";
    if (detected) *detected = charset;
    return convert_from(bytes, charset.c_str());
}

RawPage html_page(const std::string& html, RawDocument& doc) {
    std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
        gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
        [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    if (!output) throw ExtractionError("HTML parser failed");
    if (const GumboNode* title = find_title(output->document)) {
        std::string t;
        const GumboVector& children = title->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) {
            const auto* child = static_cast<const GumboNode*>(children.data[i]);
            if (child->type == GUMBO_NODE_TEXT) t += child->v.text.text;
        }
        doc.title.set(collapse_spaces(t), "html-title");
    }
    find_meta(output->document, doc);
    RawPage page{std::string(1, '1'), 0, {}};  // (GCC 12 -Wrestrict misfires on = "1" here)
    HtmlWalker walker{page, {}};
    walker.walk(output->document);
    walker.flush();
    return page;
}

RawDocument extract_html(const std::string& path) {
    std::string bytes = read_file(path);
    if (bytes.empty()) throw ExtractionError("empty file (0 bytes)");
    RawDocument doc;
    doc.format = "html";
    std::string text;
    const std::string declared = declared_charset(bytes);
    if (!declared.empty() && declared != "utf-8" && declared != "utf8" && !valid_utf8(bytes)) {
        text = convert_from(bytes, declared.c_str());
    } else {
        std::string detected;
        text = to_utf8(bytes, &detected);
        if (!detected.empty()) doc.warnings.push_back("not UTF-8: read as " + detected);
    }
    RawPage page = html_page(text, doc);
    if (page.lines.empty()) throw ExtractionError("no text in the HTML body");
    doc.pages.push_back(std::move(page));
    return doc;
}

RawDocument extract_text(const std::string& path) {
    const std::string bytes = read_file(path);
    if (bytes.empty()) throw ExtractionError("empty file (0 bytes)");
    if (bytes.find('\0') != std::string::npos && !(bytes.size() >= 2 && (bytes[0] == '\xFF' || bytes[0] == '\xFE')))
        throw ExtractionError("binary file: not text");
    RawDocument doc;
    doc.format = "text";
    std::string detected;
    const std::string text = to_utf8(bytes, &detected);
    if (!detected.empty()) doc.warnings.push_back("not UTF-8: read as " + detected);
    const bool markdown = lower_extension(path) == "md" || lower_extension(path) == "markdown";

    RawPage page;
    page.label = "1";
    std::istringstream in(text);
    std::string line;
    bool in_front_matter = false, in_code = false, paragraph_start = true;
    int line_number = 0;
    // Lines go to repair one by one (a line-end hyphen in a text file gets the
    // same evidence-based decision as in a PDF); a blank line ends a paragraph.
    auto add_line = [&](std::string_view text_line) {
        std::string collapsed = collapse_spaces(text_line);
        if (collapsed.empty()) return;
        page.lines.push_back(TextLine{std::move(collapsed), 0, 0, 0, 0, paragraph_start});
        paragraph_start = false;
    };
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (markdown) {
            if (line_number == 1 && line == "---") {
                in_front_matter = true;
                continue;
            }
            if (in_front_matter) {
                if (line == "---" || line == "...") in_front_matter = false;
                else {
                    // title: / author: / date: lines of a YAML front matter
                    const size_t colon = line.find(':');
                    if (colon != std::string::npos) {
                        const std::string key = line.substr(0, colon);
                        std::string v = collapse_spaces(line.substr(colon + 1));
                        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
                        if (key == "title") doc.title.set(v, "front-matter");
                        if (key == "author" || key == "authors") doc.authors.set(v, "front-matter");
                        if (key == "date" || key == "year") doc.date.set(v, "front-matter");
                    }
                }
                continue;
            }
            if (line.rfind("```", 0) == 0) {
                in_code = !in_code;
                paragraph_start = true;
                continue;
            }
            if (in_code) continue;
        }
        std::string_view body = line;
        while (!body.empty() && (body.front() == ' ' || body.front() == '\t')) body.remove_prefix(1);
        if (body.empty()) {
            paragraph_start = true;
            continue;
        }
        if (!markdown) {
            add_line(body);
            continue;
        }
        bool heading = false;
        if (body.front() == '#') {
            while (!body.empty() && body.front() == '#') body.remove_prefix(1);
            heading = true;
        } else if (body.front() == '>') {
            while (!body.empty() && (body.front() == '>' || body.front() == ' ')) body.remove_prefix(1);
        } else if (body.size() > 1 && (body.front() == '-' || body.front() == '*' || body.front() == '+') && body[1] == ' ') {
            paragraph_start = true;  // each list item is a paragraph of its own
            body.remove_prefix(2);
        }
        const std::string clean = strip_markdown_inline(body);
        if (heading) {
            doc.title.set(collapse_spaces(clean), "heading");
            paragraph_start = true;
            const std::size_t before = page.lines.size();
            add_line(clean);
            if (page.lines.size() > before) page.lines.back().heading = true;
            paragraph_start = true;
            continue;
        }
        add_line(clean);
    }
    if (page.lines.empty()) throw ExtractionError("no text in the file");
    // A plain text file's title: its first line,
    // when it reads like a title (short, no final punctuation).
    if (doc.title.empty() && page.lines.size() > 1) {
        const std::string& first = page.lines[0].text;
        if (first.size() <= 150 && std::string_view(".,;:").find(first.back()) == std::string_view::npos) doc.title.set(first, "first-line");
    }
    doc.pages.push_back(std::move(page));
    return doc;
}

RawDocument extract_file(const std::string& path, const ExtractOptions& options) {
    switch (format_of(path)) {
        case FileFormat::Pdf: return extract_pdf(path, options);
        case FileFormat::Html: return extract_html(path);
        case FileFormat::Text: return extract_text(path);
        case FileFormat::Docx: return extract_docx(path);
        case FileFormat::Odt: return extract_odt(path);
        case FileFormat::Epub: return extract_epub(path);
        case FileFormat::Unsupported: break;
    }
    throw ExtractionError("unsupported file type");
}

}  // namespace grappe
