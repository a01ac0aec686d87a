#include "extract/table_rows.h"

#include <algorithm>
#include <string>

namespace grappe {
namespace {

// A row whose cells hold pages of prose is a layout (a web page set in a
// table: menu | article), not a table: its paragraphs stay as they are.
constexpr std::size_t kMostParagraphsInACell = 4;
constexpr std::size_t kMostWordsInARow = 120;

}  // namespace

bool join_cells_into_row(std::vector<TextLine>& lines, std::size_t start, const std::vector<std::size_t>& cells) {
    if (cells.empty() || start > lines.size()) return false;
    std::string row;
    std::size_t filled = 0;
    for (std::size_t k = 0; k < cells.size(); ++k) {
        const std::size_t from = cells[k], to = k + 1 < cells.size() ? cells[k + 1] : lines.size();
        if (from < start || from > to || to > lines.size()) return false;
        if (to - from > kMostParagraphsInACell) return false;
        std::string cell;
        for (std::size_t i = from; i < to; ++i) cell.append(cell.empty() ? "" : " ").append(lines[i].text);
        if (cell.empty()) continue;
        row.append(row.empty() ? "" : kCellSeparator).append(cell);
        ++filled;
    }
    if (filled < 2 || static_cast<std::size_t>(std::count(row.begin(), row.end(), ' ')) >= kMostWordsInARow) return false;
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(start), lines.end());
    TextLine line;
    line.text = std::move(row);
    line.starts_paragraph = true;
    line.table_row = true;
    lines.push_back(std::move(line));
    return true;
}

}  // namespace grappe
