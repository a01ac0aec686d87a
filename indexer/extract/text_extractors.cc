// HTML (gumbo), plain text and Markdown, and the charset handling they share.
// Each yields one page whose lines are paragraphs already.
#include <gumbo.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "extract/table_rows.h"
#include "extract/declared_text.h"
#include "extract/extractors.h"
#include "metadata/dates.h"

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
        const std::size_t item_start = page.lines.size();
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
        // An <li>'s first paragraph opens an item, whatever blocks it holds.
        if (tag == GUMBO_TAG_LI && page.lines.size() > item_start) page.lines[item_start].list_item = true;
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

// <meta name="..." content="...">: Highwire Press tags (citation_*, as HAL,
// journals and Google Scholar read them), Dublin Core (DC.*, dcterms.*),
// and the plain author and date. Every citation_author is an author. A
// date is the work's (publication, issue), never the page's modification.
void find_meta(const GumboNode* node, RawDocument& doc, Declared& plain_author) {
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
    if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_META) {
        const GumboAttribute* name = gumbo_get_attribute(&node->v.element.attributes, "name");
        if (!name) name = gumbo_get_attribute(&node->v.element.attributes, "property");
        const GumboAttribute* content = gumbo_get_attribute(&node->v.element.attributes, "content");
        if (name && content) {
            std::string key = name->value;
            std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            const std::string value = collapse_spaces(content->value);
            if (key == "citation_title" || key == "dc.title" || key == "dcterms.title") doc.title.set(plausible_title(value), "html-meta");
            if (key == "citation_author" || key == "dc.creator" || key == "dcterms.creator")
                doc.authors.add(plausible_author(value), "html-meta");
            if (key == "author") plain_author.set(plausible_author(value), "html-meta");
            if (key == "citation_publication_date" || key == "citation_date" || key == "dc.date" || key == "dc.date.issued" ||
                key == "dcterms.issued" || key == "dcterms.date" || key == "date" || key == "article:published_time" ||
                key == "citation_online_date")
                doc.date.set(value, "html-meta");
            if (key == "citation_journal_title") {
                doc.venue.set(value, "html-meta");
                doc.type.set("article", "html-meta");
            }
            if (key == "citation_conference_title") {
                doc.venue.set(value, "html-meta");
                doc.type.set("paper-conference", "html-meta");
            }
            if (key == "citation_dissertation_institution") doc.type.set("thesis", "html-meta");
            if (key == "citation_technical_report_institution") doc.type.set("report", "html-meta");
            if (key == "citation_inbook_title" || key == "citation_book_title") doc.type.set("chapter", "html-meta");
            if (key == "dc.type" || key == "dcterms.type") doc.type.set(value, "html-meta");
            if (key == "citation_doi" || key == "dc.identifier.doi") doc.doi.set(value, "html-meta");
        }
        return;
    }
    // <time datetime="2017-01-18" itemprop="datePublished">, <time pubdate>,
    // <time class="published|entry-date|post-date">: the post's date.
    if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_TIME) {
        const GumboVector* attributes = &node->v.element.attributes;
        const GumboAttribute* itemprop = gumbo_get_attribute(attributes, "itemprop");
        const GumboAttribute* klass = gumbo_get_attribute(attributes, "class");
        const bool published = gumbo_get_attribute(attributes, "pubdate") || (itemprop && std::strcmp(itemprop->value, "datePublished") == 0) ||
                               (klass && (std::strstr(klass->value, "published") || std::strstr(klass->value, "entry-date") ||
                                          std::strstr(klass->value, "post-date")));
        const GumboAttribute* datetime = gumbo_get_attribute(attributes, "datetime");
        if (published && datetime) doc.date.set(collapse_spaces(datetime->value), "html-time");
    }
    const GumboVector* children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    for (unsigned i = 0; i < children->length; ++i) find_meta(static_cast<const GumboNode*>(children->data[i]), doc, plain_author);
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
    Declared plain_author;  // <meta name="author">: when no citation_author or DC.creator says more
    find_meta(output->document, doc, plain_author);
    doc.authors.set(plain_author.value, "html-meta");
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

// A line that opens an item of a list: "- ", "* ", "• ", "– ", "1. ",
// "1) ", "[12] ". In a text file, one item per line is common (a
// bibliography, a web page's list saved as text): each is a paragraph.
bool opens_list_item(std::string_view line) {
    for (std::string_view bullet : {"- ", "* ", "+ ", "\u2022 ", "\u2013 ", "\u2014 ", "\u25CF ", "\u25AA ", "\u00B7 "})
        if (line.rfind(bullet, 0) == 0) return true;
    std::size_t digits = 0;
    const bool bracket = !line.empty() && line[0] == '[';
    while (bracket + digits < line.size() && std::isdigit(static_cast<unsigned char>(line[bracket + digits]))) ++digits;
    if (digits == 0 || digits > 3 || bracket + digits + 1 >= line.size()) return false;
    const char after = line[bracket + digits];
    return line[bracket + digits + 1] == ' ' && (bracket ? after == ']' : (after == '.' || after == ')'));
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
    const std::string extension = lower_extension(path);
    if (extension == "md" || extension == "markdown") {
        doc.format = "markdown";
        RawPage page = markdown_page(text, doc, std::filesystem::path(path).filename().string());
        if (page.lines.empty()) throw ExtractionError("no text in the file");
        doc.pages.push_back(std::move(page));
        return doc;
    }

    RawPage page;
    page.label = "1";
    std::istringstream in(text);
    std::string line;
    bool paragraph_start = true;
    // Lines go to repair one by one (a line-end hyphen in a text file gets the
    // same evidence-based decision as in a PDF); a blank line ends a
    // paragraph, and so does a list item's line.
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string_view body = line;
        while (!body.empty() && (body.front() == ' ' || body.front() == '\t')) body.remove_prefix(1);
        if (body.empty()) {
            paragraph_start = true;
            continue;
        }
        std::string collapsed = collapse_spaces(body);
        if (collapsed.empty()) continue;
        const bool item = opens_list_item(collapsed);
        if (item) paragraph_start = true;
        page.lines.push_back(TextLine{std::move(collapsed), 0, 0, 0, 0, paragraph_start});
        page.lines.back().list_item = item;
        paragraph_start = false;
    }
    if (page.lines.empty()) throw ExtractionError("no text in the file");
    doc.date.set(file_name_date_year(std::filesystem::path(path).filename().string()), "file-name");
    // The head of a text file, before its first blank line, is often a
    // title, a byline and a date on lines of their own ("Des pôles de
    // croissance aux écosystèmes" / "Rémi Vasseur, 2020"): short lines
    // there are paragraphs, not a paragraph wrapped.
    std::size_t head = 1;
    while (head < page.lines.size() && !page.lines[head].starts_paragraph) ++head;
    const bool short_lines = std::all_of(page.lines.begin(), page.lines.begin() + static_cast<std::ptrdiff_t>(head),
                                         [](const TextLine& l) { return l.text.size() <= 100 && !l.text.ends_with("-"); });
    if (head > 1 && head <= 6 && short_lines)
        for (std::size_t i = 0; i < head; ++i) page.lines[i].starts_paragraph = true;
    // A plain text file's title: its first line, when it reads like a
    // title (short, no final punctuation).
    if (page.lines.size() > 1) {
        const std::string& first = page.lines[0].text;
        if (first.size() <= 150 && std::string_view(".,;:").find(first.back()) == std::string_view::npos)
            doc.title.set(plausible_title(first), "first-line");
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
