// What an extractor hands to repair: the text of a file as pages of lines,
// each line knowing whether it starts a paragraph, before any repair.
//
// PDF lines come with their geometry (PDF points, origin top-left) so that
// repair can find running headers and footers; HTML and text lines have none.
// Text is UTF-8 as the file gave it (ligature glyphs, soft hyphens and
// line-end hyphens still there); repair turns it into stored text.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace grappe {

struct TextLine {
    std::string text;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // bounding box; all 0 when unknown
    bool starts_paragraph = false;
    bool footnote = false;  // in a page's footnote area (PDF: small type at the bottom, after a note number)
    bool heading = false;   // the file itself calls it a heading: a heading style, <h1>..<h6>, "# " in Markdown
    bool table_row = false; // PDF: a row of a table, its cells read apart and joined left to right with " | "
    bool list_item = false; // opens an item of a list the file marks: Markdown's "- ", HTML's <li>, a text's or a PDF's bullet
    // The median height of the line's word boxes: its type size, which a
    // symbol or a formula that makes the line taller does not change; 0 when unknown.
    float type_size = 0;
    [[nodiscard]] float height() const { return y1 - y0; }
    [[nodiscard]] bool has_geometry() const { return y1 > y0; }
};

struct RawPage {
    std::string label;  // printed page label (PDF /PageLabels) or the 1-based page number
    float height = 0;
    std::vector<TextLine> lines;
};

// A value the file states about itself, and where it stated it
// ("pdf-info", "html-title", "html-meta", "front-matter", "heading", "first-line").
struct Declared {
    std::string value;
    std::string source;
    [[nodiscard]] bool empty() const { return value.empty(); }
    void set(std::string v, const char* from) {
        if (v.empty() || !value.empty()) return;  // first statement wins
        value = std::move(v);
        source = from;
    }
    // One more of a list the file states item by item (HTML's
    // citation_author tags): joined with "; " to what the same source gave.
    void add(std::string v, const char* from) {
        if (v.empty()) return;
        if (value.empty()) set(std::move(v), from);
        else if (source == from) value += "; " + v;
    }
};

struct RawDocument {
    std::string format;  // "pdf", "html", "text"
    Declared title;
    Declared authors;  // as written: "Marc Delorme", "Moreau, Julien; Petit, Anne"
    Declared date;     // as written: "2019-06-14", "1989"; the work's, never the file's
    Declared type;     // as declared: "article-journal", "post", "thesis" (metadata/work_type.h reads it)
    Declared venue;    // the journal or conference: citation_journal_title, front matter "publication"
    Declared doi;
    bool has_page_labels = false;
    std::vector<RawPage> pages;
    // Pages (1-based) whose text was recognised by OCR, and how many pages
    // had no text layer and were left unread (no --ocr).
    // The type size of body text: the line type size (to a quarter point)
    // that carries the most characters; 0 when unknown (no geometry, too
    // little text).
    float body_type_size = 0;
    std::vector<std::uint32_t> ocr_pages;
    std::uint32_t pages_without_text = 0;
    std::vector<std::string> warnings;
};

// A file that cannot be read at all. The message is the reason a user sees,
// e.g. "encrypted: needs a password".
class ExtractionError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace grappe
