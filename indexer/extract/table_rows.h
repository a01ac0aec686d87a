// A table's row read from a file that marks its cells (DOCX w:tc, ODT
// table:table-cell, HTML <td>): the cells' lines become one line, as a PDF
// table's rows do (pdf_extractor.cc), so that a row reads as a row and its
// passage is of kind table.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "extract/raw_document.h"

namespace grappe {

// Between a row's cells, in every format.
inline constexpr std::string_view kCellSeparator = " | ";

// The lines from `start` to the end, whose cells began at `cells` (indices
// into `lines`, ascending, the first at or after `start`), become one line:
// each cell's lines joined by a space, the cells by " | ", marked table_row
// and starting a paragraph. Left as they are when fewer than two cells hold
// text (a table of one cell is a box around paragraphs), or when a cell
// holds more than four paragraphs or the row 120 words (a page laid out in
// a table). Returns whether the row was joined.
bool join_cells_into_row(std::vector<TextLine>& lines, std::size_t start, const std::vector<std::size_t>& cells);

}  // namespace grappe
