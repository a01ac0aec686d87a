// Optical character recognition of pages without a text layer, with Debian's
// tesseract command (tesseract-ocr and tesseract-ocr-fra, installed by
// `tools/setup --ocr`). The program, not the library: the build does not
// depend on it, and a user who never scans pays nothing.
//
// A page image goes to `tesseract IMAGE stdout -l LANG tsv`; its TSV (one row
// per word, with block, paragraph and line numbers and a pixel box) becomes
// TextLines with geometry in PDF points, so repair treats recognised lines
// like extracted ones (running headers, line-end hyphens, paragraphs).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/raw_document.h"

namespace grappe {

struct GrayImage {
    const unsigned char* pixels = nullptr;  // 8-bit gray, row after row
    int width = 0, height = 0;
    int bytes_per_row = 0;
};

// True when at most one pixel in 5,000 is dark: an empty page (the back of
// a chapter, a page number alone), not worth running tesseract on.
[[nodiscard]] bool looks_blank(const GrayImage& image);

// "" when `tesseract` runs and knows every language of `languages`
// ("fra", "fra+eng"); else what is missing and how to install it.
[[nodiscard]] std::string ocr_unavailable(const std::string& languages);

// The lines tesseract reads on `image`, rendered at `dpi`; coordinates in
// points (1/72 inch) from the top-left. Throws ExtractionError when tesseract
// cannot be run or fails.
[[nodiscard]] std::vector<TextLine> recognise_page(const GrayImage& image, int dpi, const std::string& languages);

// Tesseract's TSV output to lines (exposed for tests): words grouped by
// block, paragraph and line; a new paragraph starts a paragraph.
[[nodiscard]] std::vector<TextLine> lines_from_tesseract_tsv(std::string_view tsv, int dpi);

}  // namespace grappe
