// DOCX (WordprocessingML), ODT (OpenDocument text) and EPUB: zip containers
// of XML, read with libzip (zip_archive.h) and libxml2.
//
// Pages: Word and LibreOffice record where they last broke pages
// (w:lastRenderedPageBreak, text:soft-page-break); we cut pages there and at
// forced breaks, so page labels are the printed pages of the last layout. A
// file saved by a tool that does not record them is one page. EPUB has no
// pages: each spine document is one unit, labelled "ch. N".
//
// Footnotes and endnotes are kept as note lines of the page that calls them,
// like a PDF's; comments, tracked deletions, running headers and field codes
// are not the author's text and are skipped.
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

#include "extract/extractors.h"
#include "extract/declared_text.h"
#include "extract/table_rows.h"
#include "extract/zip_archive.h"

namespace grappe {
namespace {

using XmlDocument = std::unique_ptr<xmlDoc, void (*)(xmlDoc*)>;

// Office parts and EPUB packages never declare entities, so a part that does
// is refused before parsing: a "billion laughs" costs nothing. Entities are
// not substituted and nothing is fetched from the network in any case.
XmlDocument parse_xml(const std::string& bytes, const std::string& part) {
    if (bytes.find("<!ENTITY") != std::string::npos)
        throw ExtractionError("XML entity declarations in " + part + " (refused: an entity bomb?)");
    xmlResetLastError();
    xmlDoc* doc = xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), part.c_str(), nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        std::string reason = "malformed XML in " + part;
        if (const xmlError* e = xmlGetLastError(); e && e->message)
            reason += ", line " + std::to_string(e->line) + ": " + trimmed(e->message);
        throw ExtractionError(reason);
    }
    return XmlDocument(doc, xmlFreeDoc);
}

bool is(const xmlNode* node, const char* local_name) {
    return node->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(node->name), local_name) == 0;
}

std::string attribute(const xmlNode* node, const char* local_name) {
    for (const xmlAttr* a = node->properties; a; a = a->next)
        if (std::strcmp(reinterpret_cast<const char*>(a->name), local_name) == 0) {
            xmlChar* v = xmlNodeListGetString(node->doc, a->children, 1);
            std::string value = v ? reinterpret_cast<const char*>(v) : "";
            xmlFree(v);
            return value;
        }
    return "";
}

// The first element named `local_name` at or under `node`, depth first.
const xmlNode* find(const xmlNode* node, const char* local_name) {
    for (; node; node = node->next) {
        if (is(node, local_name)) return node;
        if (node->type == XML_ELEMENT_NODE)
            if (const xmlNode* found = find(node->children, local_name)) return found;
    }
    return nullptr;
}

std::string content_of(const xmlNode* node) {
    xmlChar* v = xmlNodeGetContent(node);
    std::string text = v ? collapse_spaces(reinterpret_cast<const char*>(v)) : "";
    xmlFree(v);
    return text;
}

// A style that makes a paragraph a heading. Word's style ids and ODF's
// names are localised: "Heading1", "Titre1", "berschrift1" (Überschrift),
// "Heading_20_1"; and the document's own "Title" and "Subtitle".
bool is_heading_style(std::string style) {
    std::transform(style.begin(), style.end(), style.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (std::string_view prefix : {"heading", "titre", "berschrift", "title", "subtitle", "sous-titre", "soustitre"})
        if (style.rfind(prefix, 0) == 0) return true;
    return false;
}

// Pages of paragraph lines, built from a document's flow.
class FlowWriter {
  public:
    enum class Break { Rendered, Forced };

    explicit FlowWriter(RawDocument& doc) : doc_(doc) { new_page(); }

    void text(std::string_view s) {
        paragraph_ += s;
        if (s.find_first_not_of(" \t\n\r") != std::string_view::npos) text_since_break_ = true;
    }
    void space() { paragraph_.push_back(' '); }

    // Ends the paragraph in progress and returns its text.
    std::string end_paragraph(bool heading = false) {
        std::string text = collapse_spaces(paragraph_);
        paragraph_.clear();
        if (!text.empty()) doc_.pages.back().lines.push_back(TextLine{text, 0, 0, 0, 0, !continued_, false, heading});
        continued_ = false;
        return text;
    }

    // A paragraph cut by the break goes on, on the next page, with a line
    // that does not start a paragraph (as a PDF's would).
    void page_break(Break kind) {
        // Word writes a forced break and then, where the next page began, a
        // rendered one: the same break, said twice.
        if (!text_since_break_ && last_break_ && *last_break_ != kind) return;
        last_break_ = kind;
        text_since_break_ = false;
        const bool mid_paragraph = paragraph_.find_first_not_of(" \t\n\r") != std::string::npos;
        end_paragraph();
        continued_ = mid_paragraph;
        new_page();
    }

    // Where the flow stands: its page and the next line's place on it.
    struct Position {
        size_t page = 0, line = 0;
    };
    Position position() {
        end_paragraph();
        return {doc_.pages.size(), doc_.pages.back().lines.size()};
    }

    // The lines written since `start` as a table's row whose cells began at
    // `cells` (table_rows.h); left as written when a page broke inside.
    void join_row(Position start, const std::vector<Position>& cells) {
        end_paragraph();
        if (start.page != doc_.pages.size()) return;
        std::vector<size_t> starts;
        for (const Position& cell : cells) {
            if (cell.page != start.page) return;
            starts.push_back(cell.line);
        }
        join_cells_into_row(doc_.pages.back().lines, start.line, starts);
    }

    // A footnote called on the current page; printed at its foot.
    void note(std::string text) {
        if (!text.empty()) notes_.push_back(std::move(text));
    }

    // Ends the flow; throws when the document holds no text at all.
    void finish() {
        end_paragraph();
        flush_notes();
        while (doc_.pages.size() > 1 && doc_.pages.back().lines.empty()) doc_.pages.pop_back();
        for (const RawPage& page : doc_.pages)
            if (!page.lines.empty()) return;
        throw ExtractionError("no text in the document");
    }

  private:
    void flush_notes() {
        for (auto& n : notes_) doc_.pages.back().lines.push_back(TextLine{std::move(n), 0, 0, 0, 0, true, true});
        notes_.clear();
    }
    void new_page() {
        if (!doc_.pages.empty()) flush_notes();
        RawPage page;
        page.label = std::to_string(doc_.pages.size() + 1);
        doc_.pages.push_back(std::move(page));
    }

    RawDocument& doc_;
    std::string paragraph_;
    std::vector<std::string> notes_;
    bool continued_ = false;
    bool text_since_break_ = false;
    std::optional<Break> last_break_;
};

// Rejects the legacy and password-protected formats with a reason a user
// can act on, before libzip says "not a zip archive".
void refuse_compound_file(const std::string& path, const char* format) {
    std::ifstream in(path, std::ios::binary);
    char bytes[8] = {};
    in.read(bytes, sizeof bytes);
    const std::string head(bytes, static_cast<size_t>(in.gcount()));
    if (head.empty()) throw ExtractionError("empty file (0 bytes)");
    if (head == std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        throw ExtractionError(std::string("encrypted or legacy binary file (OLE compound document), not a ") + format +
                              " zip: remove the password or save it as " + format);
}

// ---- DOCX ----

// A table's row (w:tr, table:table-row): each child read as the walker
// reads anything, the cells (`cell_name`) marked, then joined into one line.
template <typename Visit>
void read_table_row(FlowWriter& out, const xmlNode* row, const char* cell_name, Visit&& visit) {
    const FlowWriter::Position start = out.position();
    std::vector<FlowWriter::Position> cells;
    for (const xmlNode* c = row->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is(c, cell_name)) cells.push_back(out.position());
        visit(c);
    }
    out.join_row(start, cells);
}

struct DocxWalker {
    FlowWriter& out;
    RawDocument& doc;
    std::map<std::string, std::string> footnotes;  // w:id -> text
    std::map<std::string, std::string> endnotes;
    std::vector<std::string> called_endnotes;
    int notes_called = 0;

    void walk(const xmlNode* node) {
        for (const xmlNode* c = node->children; c; c = c->next) visit(c);
    }

    void visit(const xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE) return;
        if (is(n, "p")) return paragraph(n);
        if (is(n, "tr")) return read_table_row(out, n, "tc", [this](const xmlNode* c) { visit(c); });
        if (is(n, "t")) return out.text(content_of_text(n));
        if (is(n, "tab") || is(n, "cr")) return out.space();
        if (is(n, "br")) return attribute(n, "type") == "page" ? out.page_break(FlowWriter::Break::Forced) : out.space();
        if (is(n, "lastRenderedPageBreak")) return out.page_break(FlowWriter::Break::Rendered);
        if (is(n, "noBreakHyphen")) return out.text("-");
        if (is(n, "softHyphen")) return out.text("\u00AD");
        if (is(n, "footnoteReference")) {
            const auto it = footnotes.find(attribute(n, "id"));
            if (it != footnotes.end()) out.note(std::to_string(++notes_called) + " " + it->second);
            return;
        }
        if (is(n, "endnoteReference")) {
            const auto it = endnotes.find(attribute(n, "id"));
            if (it != endnotes.end()) called_endnotes.push_back(it->second);
            return;
        }
        // Properties, deleted text, field codes, and the fallback copy of
        // every text box (mc:Choice already holds it).
        for (const char* skipped : {"pPr", "rPr", "sectPr", "tblPr", "trPr", "tcPr", "tblGrid", "del", "delText",
                                    "instrText", "Fallback", "sdtPr", "commentReference", "moveFrom"})
            if (is(n, skipped)) return;
        walk(n);
    }

    static std::string content_of_text(const xmlNode* t) {
        xmlChar* v = xmlNodeGetContent(t);
        std::string text = v ? reinterpret_cast<const char*>(v) : "";
        xmlFree(v);
        return text;
    }

    void paragraph(const xmlNode* p) {
        out.end_paragraph();  // a text box's paragraph inside a paragraph ends the text before it
        std::string style;
        if (const xmlNode* ppr = find(p->children, "pPr"))
            if (const xmlNode* s = find(ppr->children, "pStyle")) style = attribute(s, "val");
        walk(p);
        const std::string text = out.end_paragraph(is_heading_style(style));
        // Word's style ids are localised: "Title" in English, "Titre" in French.
        if (style == "Title" || style == "Titre") doc.title.set(plausible_title(text), "docx-title-style");
    }
};

// id -> text of each w:footnote / w:endnote (separators have no text).
std::map<std::string, std::string> docx_notes(ZipArchive& zip, const std::string& part, const char* element) {
    std::map<std::string, std::string> notes;
    std::optional<std::string> bytes = zip.read(part);
    if (!bytes) return notes;
    const XmlDocument xml = parse_xml(*bytes, part);
    const xmlNode* root = xmlDocGetRootElement(xml.get());
    if (!root) return notes;
    for (const xmlNode* n = root->children; n; n = n->next) {
        if (!is(n, element) || !attribute(n, "type").empty()) continue;
        RawDocument scratch;
        FlowWriter flow(scratch);
        DocxWalker walker{flow, scratch, {}, {}, {}, 0};
        walker.walk(n);
        flow.end_paragraph();
        std::string text;
        for (const auto& page : scratch.pages)
            for (const auto& line : page.lines) {
                if (!text.empty()) text.push_back(' ');
                text += line.text;
            }
        if (!text.empty()) notes.emplace(attribute(n, "id"), std::move(text));
    }
    return notes;
}

// Title and authors from docProps/core.xml (Dublin Core). Its dates are the
// file's creation and modification, not the work's, so they are not read.
void docx_properties(ZipArchive& zip, RawDocument& doc) {
    std::optional<std::string> bytes = zip.read("docProps/core.xml");
    if (!bytes) return;
    const XmlDocument xml = parse_xml(*bytes, "docProps/core.xml");
    const xmlNode* root = xmlDocGetRootElement(xml.get());
    if (!root) return;
    if (const xmlNode* t = find(root->children, "title")) doc.title.set(plausible_title(content_of(t)), "docx-properties");
    if (const xmlNode* c = find(root->children, "creator")) doc.authors.set(plausible_author(content_of(c)), "docx-properties");
}

// ---- ODT ----

struct OdtWalker {
    FlowWriter& out;
    RawDocument& doc;
    std::map<std::string, std::string> parent_style;  // automatic style -> the style it derives from

    void walk(const xmlNode* node) {
        for (const xmlNode* c = node->children; c; c = c->next) visit(c);
    }

    void visit(const xmlNode* n) {
        if (n->type == XML_TEXT_NODE) {
            out.text(reinterpret_cast<const char*>(n->content));
            return;
        }
        if (n->type != XML_ELEMENT_NODE) return;
        if (is(n, "p") || is(n, "h")) return paragraph(n);
        if (is(n, "table-row")) return read_table_row(out, n, "table-cell", [this](const xmlNode* c) { visit(c); });
        // text:s stands for c spaces: one is enough, stored text collapses them.
        if (is(n, "s") || is(n, "tab") || is(n, "line-break")) return out.space();
        if (is(n, "soft-page-break")) return out.page_break(FlowWriter::Break::Rendered);
        if (is(n, "note")) {
            std::string citation, body;
            if (const xmlNode* c = find(n->children, "note-citation")) citation = content_of(c);
            if (const xmlNode* b = find(n->children, "note-body")) body = content_of(b);
            out.note(citation.empty() ? body : citation + " " + body);
            return;
        }
        for (const char* skipped : {"annotation", "tracked-changes", "sequence-decls", "variable-decls",
                                    "user-field-decls", "forms", "automatic-styles", "font-face-decls", "scripts"})
            if (is(n, skipped)) return;
        walk(n);
    }

    void paragraph(const xmlNode* p) {
        out.end_paragraph();  // a frame's paragraph inside a paragraph ends the text before it
        walk(p);
        std::string style = attribute(p, "style-name");
        if (auto it = parent_style.find(style); it != parent_style.end()) style = it->second;
        const std::string text = out.end_paragraph(is(p, "h") || is_heading_style(style));
        if (style == "Title" || style == "Titre") doc.title.set(plausible_title(text), "odt-title-style");
    }
};

// Title and authors from meta.xml: the initial creator is the author; the
// last one to save it may be anyone.
void odt_meta(ZipArchive& zip, RawDocument& doc) {
    std::optional<std::string> bytes = zip.read("meta.xml");
    if (!bytes) return;
    const XmlDocument xml = parse_xml(*bytes, "meta.xml");
    const xmlNode* root = xmlDocGetRootElement(xml.get());
    if (!root) return;
    if (const xmlNode* t = find(root->children, "title")) doc.title.set(plausible_title(content_of(t)), "odt-meta");
    if (const xmlNode* c = find(root->children, "initial-creator")) doc.authors.set(plausible_author(content_of(c)), "odt-meta");
    if (const xmlNode* c = find(root->children, "creator")) doc.authors.set(plausible_author(content_of(c)), "odt-meta");
}

// ---- EPUB ----

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// `href` relative to the folder of `base` (a member name), "../" resolved.
std::string member_path(const std::string& base, const std::string& href) {
    const size_t slash = base.find_last_of('/');
    const std::string joined = (slash == std::string::npos ? "" : base.substr(0, slash + 1)) + percent_decoded(href.substr(0, href.find('#')));
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= joined.size()) {
        const size_t end = std::min(joined.find('/', start), joined.size());
        const std::string part = joined.substr(start, end - start);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string path;
    for (const auto& p : parts) {
        if (!path.empty()) path.push_back('/');
        path += p;
    }
    return path;
}

// Properties and notes are worth a warning, not the document: the text is
// read even when they are malformed.
template <typename Read>
void read_or_warn(RawDocument& doc, Read&& read) {
    try {
        read();
    } catch (const ExtractionError& e) {
        doc.warnings.push_back(std::string(e.what()) + ": read without it");
    }
}

}  // namespace

RawDocument extract_docx(const std::string& path) {
    refuse_compound_file(path, "DOCX");
    ZipArchive zip(path);
    RawDocument doc;
    doc.format = "docx";
    read_or_warn(doc, [&] { docx_properties(zip, doc); });
    FlowWriter flow(doc);
    DocxWalker walker{flow, doc, {}, {}, {}, 0};
    read_or_warn(doc, [&] { walker.footnotes = docx_notes(zip, "word/footnotes.xml", "footnote"); });
    read_or_warn(doc, [&] { walker.endnotes = docx_notes(zip, "word/endnotes.xml", "endnote"); });
    const XmlDocument xml = parse_xml(zip.read_required("word/document.xml"), "word/document.xml");
    const xmlNode* body = find(xmlDocGetRootElement(xml.get()), "body");
    if (!body) throw ExtractionError("no w:body in word/document.xml");
    walker.walk(body);
    flow.end_paragraph();
    // Endnotes are printed at the end of the document.
    int number = 0;
    for (const auto& note : walker.called_endnotes) flow.note(std::to_string(++number) + " " + note);
    flow.finish();
    return doc;
}

RawDocument extract_odt(const std::string& path) {
    refuse_compound_file(path, "ODT");
    ZipArchive zip(path);
    if (const std::optional<std::string> mimetype = zip.read("mimetype");
        mimetype && mimetype->rfind("application/vnd.oasis.opendocument.text", 0) != 0)
        throw ExtractionError("not an OpenDocument text: its mimetype is " + *mimetype);
    RawDocument doc;
    doc.format = "odt";
    read_or_warn(doc, [&] { odt_meta(zip, doc); });
    const XmlDocument xml = parse_xml(zip.read_required("content.xml"), "content.xml");
    const xmlNode* root = xmlDocGetRootElement(xml.get());
    FlowWriter flow(doc);
    OdtWalker walker{flow, doc, {}};
    if (const xmlNode* styles = find(root, "automatic-styles"))
        for (const xmlNode* s = styles->children; s; s = s->next)
            if (is(s, "style")) walker.parent_style[attribute(s, "name")] = attribute(s, "parent-style-name");
    const xmlNode* body = find(root, "body");
    if (!body) throw ExtractionError("no office:body in content.xml");
    walker.walk(body);
    flow.finish();
    return doc;
}

RawDocument extract_epub(const std::string& path) {
    refuse_compound_file(path, "EPUB");
    ZipArchive zip(path);
    // Font obfuscation is common and harmless; encrypted chapters are DRM.
    if (const std::optional<std::string> encryption = zip.read("META-INF/encryption.xml");
        encryption && (encryption->find("html\"") != std::string::npos || encryption->find(".htm") != std::string::npos))
        throw ExtractionError("encrypted (DRM): its chapters cannot be read");
    const XmlDocument container = parse_xml(zip.read_required("META-INF/container.xml"), "META-INF/container.xml");
    const xmlNode* rootfile = find(xmlDocGetRootElement(container.get()), "rootfile");
    const std::string package_path = rootfile ? attribute(rootfile, "full-path") : "";
    if (package_path.empty()) throw ExtractionError("no rootfile in META-INF/container.xml");
    const XmlDocument package = parse_xml(zip.read_required(package_path), package_path);
    const xmlNode* root = xmlDocGetRootElement(package.get());

    RawDocument doc;
    doc.format = "epub";
    if (const xmlNode* metadata = find(root, "metadata")) {
        std::string authors;
        for (const xmlNode* m = metadata->children; m; m = m->next) {
            if (is(m, "title")) doc.title.set(plausible_title(content_of(m)), "epub-package");
            if (is(m, "date")) doc.date.set(content_of(m), "epub-package");
            if (is(m, "creator") && !plausible_author(content_of(m)).empty()) {
                if (!authors.empty()) authors += "; ";
                authors += content_of(m);
            }
        }
        doc.authors.set(authors, "epub-package");
    }
    std::map<std::string, std::string> manifest;  // id -> member
    if (const xmlNode* items = find(root, "manifest"))
        for (const xmlNode* item = items->children; item; item = item->next)
            if (is(item, "item")) manifest[attribute(item, "id")] = member_path(package_path, attribute(item, "href"));
    const xmlNode* spine = find(root, "spine");
    if (!spine) throw ExtractionError("no spine in " + package_path);
    for (const xmlNode* ref = spine->children; ref; ref = ref->next) {
        if (!is(ref, "itemref")) continue;
        const auto it = manifest.find(attribute(ref, "idref"));
        std::optional<std::string> bytes = it == manifest.end() ? std::nullopt : zip.read(it->second);
        if (!bytes) {
            doc.warnings.push_back("spine item " + attribute(ref, "idref") + " is missing from the archive");
            continue;
        }
        RawPage page = html_page(to_utf8(*bytes), doc);
        page.label = "ch. " + std::to_string(doc.pages.size() + 1);
        doc.pages.push_back(std::move(page));
    }
    bool any_text = false;
    for (const RawPage& page : doc.pages) any_text = any_text || !page.lines.empty();
    if (!any_text) throw ExtractionError("no text in the book's chapters");
    return doc;
}

}  // namespace grappe
