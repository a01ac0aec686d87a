// From a PDF page's words to the lines repair reads: lines from word boxes,
// columns put in order, tables' cells joined row by row, paragraphs and
// footnotes marked. No Poppler here: the words come from pdf_reading.h.
#pragma once

#include <vector>

#include "extract/pdf_reading.h"
#include "extract/raw_document.h"

namespace grappe {

// A page's lines: those at the page's own quarter turn in reading order,
// paragraphs marked; and apart, the words set at another turn (a figure's
// axis label, a margin stamp), one line per run, each a paragraph.
struct PageLines {
    std::vector<TextLine> lines;
    std::vector<TextLine> turned;
};

// `in_references` carries, from page to page, whether a reference list is
// being read (its entries start paragraphs by other cues).
[[nodiscard]] PageLines lay_out_page(const PdfPageWords& page, bool& in_references);

// The type size of the document's body text: the size (to a quarter point)
// that carries the most characters; 0 when unknown.
[[nodiscard]] float body_type_size(const RawDocument& doc);

// Marks the footnotes of a page by their type size against the body's.
void mark_footnotes(RawPage& page, float body_type_size);

}  // namespace grappe
