// Reading a PDF: the only part of Grappe that calls Poppler (pdf_reading.cc).
//
// Poppler's core API (PDFDoc, TextOutputDev: what pdftotext itself uses)
// has no stable interface, and its library changes soname with every
// release; this header holds no Poppler type, so that a later Poppler costs
// pdf_reading.cc alone. Everything after reading (lines, columns, tables,
// notes: pdf_layout.h) works on the words given here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "extract/ocr.h"

namespace grappe {

// A word as Poppler's reading order gives it, with its box in PDF points
// (origin top-left of the page as displayed). Text is UTF-8 with what the
// glyphs' fonts tell already applied (glyph_fonts.h): TeX's angle brackets
// read back, icon glyphs dropped (so a word may be empty).
struct PdfWord {
    std::string text;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    int rotation = 0;  // quarter turns of its baseline: 0 upright
    bool space_after = false;
};

struct PdfPageWords {
    float width = 0, height = 0;  // the page as displayed (crop box, /Rotate applied)
    std::vector<PdfWord> words;
};

// What a page's glyph fonts changed in its words.
struct GlyphFontCounts {
    std::size_t brackets = 0, icons = 0;
};

// Makes Poppler's process-wide tables (GlobalParams: its Unicode maps and
// encodings) before a first PDF needs them. The indexer calls it before it
// forks its workers, which then share the tables instead of each making
// them (3% of an index run's CPU over corpus-fr). Idempotent, thread-safe.
void prepare_pdf_reading();

// One open PDF. Throws ExtractionError (raw_document.h) when it cannot be
// opened: damaged, encrypted, no pages. Poppler's messages about it, the
// first five, go to `warnings` ("poppler: ...") while its methods run in
// this thread.
class PdfFile {
  public:
    PdfFile(const std::string& path, std::vector<std::string>& warnings);
    ~PdfFile();
    PdfFile(const PdfFile&) = delete;
    PdfFile& operator=(const PdfFile&) = delete;

    [[nodiscard]] int page_count() const;
    // An entry of the Info dictionary ("Title", "Author") as UTF-8; "" when absent.
    [[nodiscard]] std::string info(const char* key) const;
    // The document's XMP packet (UTF-8 XML); "" when it has none.
    [[nodiscard]] std::string xmp() const;
    // The printed label of page `index` (0-based) from /PageLabels; "" when none.
    [[nodiscard]] std::string page_label(int index) const;
    // The words of page `index` (0-based) in reading order; false when the
    // page cannot be read. `counts` adds what glyph fonts changed.
    bool read_page(int index, PdfPageWords& page, GlyphFontCounts& counts);
    // Page `index` rendered in 8-bit gray at `dpi` for OCR; the pixels live
    // until the next call. nullopt when Poppler cannot render it.
    [[nodiscard]] std::optional<GrayImage> render_gray(int index, int dpi);
    // The page's size in points (crop box, /Rotate applied), without reading it.
    [[nodiscard]] std::pair<float, float> page_size(int index) const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace grappe
