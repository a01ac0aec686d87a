// Lines, columns, tables, paragraphs and notes of PDF pages (pdf_layout.h).
#include "extract/pdf_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <string_view>

#include "extract/table_rows.h"
#include "segment/kinds.h"
#include "text/folding.h"

namespace grappe {
namespace {

bool ends_sentence(const std::string& text) {
    if (text.empty()) return false;
    static const std::string_view enders[] = {".", ":", "!", "?", "»", "\"", ")", ";", "”"};
    for (auto e : enders)
        if (text.size() >= e.size() && text.compare(text.size() - e.size(), e.size(), e) == 0) return true;
    return false;
}

bool ends_with_hyphen(const std::string& text) { return !text.empty() && text.back() == '-'; }

// "1", "12", "*", "†": what a footnote call looks like.
bool looks_like_note_call(const std::string& word) {
    if (word.empty() || word.size() > 3) return word == "\xE2\x80\xA0" || word == "\xE2\x80\xA1";  // † ‡
    for (char c : word)
        if (!(c >= '0' && c <= '9') && c != '*') return false;
    return true;
}

// Footnote calls are kept in the stored text as superscript digits, which the
// analyzer never takes for (part of) a word: "affaires¹", not "affaires 1".
std::string as_superscript(const std::string& word) {
    static const char* const digits[] = {"\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
                                         "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    std::string out;
    for (char c : word) out += (c >= '0' && c <= '9') ? digits[c - '0'] : std::string(1, c);
    return out;
}

// The quarter turn most of a page's words are set in (0 upright); counted
// without reading the words' text, which the line builders convert once.
int page_rotation(const std::vector<PdfWord>& words) {
    size_t counts[4] = {0, 0, 0, 0};
    for (const PdfWord& word : words) ++counts[word.rotation & 3];
    return static_cast<int>(std::max_element(std::begin(counts), std::end(counts)) - std::begin(counts));
}

// Words set at another quarter turn than the page's text (a figure's axis
// label, a margin stamp, a box's vertical tag) are read apart, one line per
// run of words, so that they never break into a sentence of the page.
std::vector<TextLine> turned_lines(const std::vector<PdfWord>& words, int page_turn) {
    std::vector<TextLine> lines;
    int line_turn = -1;
    for (const PdfWord& box : words) {
        const int turn = box.rotation & 3;
        if (turn == page_turn || box.text.empty()) continue;
        const std::string& word = box.text;
        const float x0 = box.x0, x1 = box.x1, y0 = box.y0, y1 = box.y1;
        // Across the text's direction: x for a quarter turn, y upside down.
        const bool sideways = turn % 2 == 1;
        bool same_line = !lines.empty() && turn == line_turn;
        if (same_line) {
            const TextLine& cur = lines.back();
            const float thickness = sideways ? x1 - x0 : y1 - y0;
            const float shift = sideways ? std::fabs((x0 + x1) - (cur.x0 + cur.x1)) / 2 : std::fabs((y0 + y1) - (cur.y0 + cur.y1)) / 2;
            same_line = shift < 0.5f * thickness;
        }
        if (!same_line) {
            TextLine& line = lines.emplace_back();
            line.text = word;
            line.x0 = x0, line.y0 = y0, line.x1 = x1, line.y1 = y1;
            line.starts_paragraph = true;
            line_turn = turn;
            continue;
        }
        TextLine& cur = lines.back();
        cur.text.append(" ").append(word);
        cur.x0 = std::min(cur.x0, x0), cur.y0 = std::min(cur.y0, y0);
        cur.x1 = std::max(cur.x1, x1), cur.y1 = std::max(cur.y1, y1);
    }
    return lines;
}

// Groups word boxes into lines: a new line starts where the baseline moves by
// more than half a line or the next word starts left of the previous one.
// Only the words at the page's own turn (see turned_lines for the others).
std::vector<TextLine> build_lines(const std::vector<PdfWord>& words, int page_turn) {
    std::vector<TextLine> lines;
    bool space_pending = false;
    // A line's type size is the median height of its word boxes: a symbol,
    // a formula or a note number in another size does not move it.
    std::vector<float> word_heights;
    auto finish_line = [&] {
        if (lines.empty() || word_heights.empty()) return;
        const auto middle = word_heights.begin() + static_cast<std::ptrdiff_t>(word_heights.size() / 2);
        std::nth_element(word_heights.begin(), middle, word_heights.end());
        lines.back().type_size = *middle;
        word_heights.clear();
    };
    for (const PdfWord& box : words) {
        if ((box.rotation & 3) != page_turn || box.text.empty()) continue;
        const float x0 = box.x0, x1 = box.x1, y0 = box.y0, y1 = box.y1;
        const std::string& word = box.text;
        bool new_line = lines.empty();
        if (!new_line) {
            const TextLine& cur = lines.back();
            const float h = std::max(cur.height(), y1 - y0);
            const float centre_shift = std::fabs((y0 + y1) / 2 - (cur.y0 + cur.y1) / 2);
            // A gap wider than a column gutter: the same baseline in the
            // next column (Poppler may hand a heading and the top of the
            // next column one after the other).
            new_line = centre_shift > 0.5f * h || x0 < cur.x1 - 0.5f * h || x0 - cur.x1 > 1.5f * h;
        }
        if (new_line) {
            finish_line();
            TextLine& line = lines.emplace_back();
            line.text = word;
            line.x0 = x0, line.y0 = y0, line.x1 = x1, line.y1 = y1;
            word_heights.push_back(y1 - y0);
        } else {
            TextLine& cur = lines.back();
            // A small raised box right after a word: a footnote call.
            const bool superscript = (y1 - y0) < 0.85f * cur.height() && y1 < cur.y1 - 0.12f * cur.height() &&
                                     looks_like_note_call(word) && x0 - cur.x1 < 0.5f * cur.height();
            if (superscript) {
                cur.text += as_superscript(word);
                cur.x1 = std::max(cur.x1, x1);
                space_pending = box.space_after;
                continue;
            }
            // TeX sets an italic correction before a closing angle bracket,
            // not a space: "⟨largeur⟩", not "⟨largeur ⟩".
            const bool closes_bracket = word.rfind("\u27E9", 0) == 0;
            if (!closes_bracket && (space_pending || x0 - cur.x1 > 0.15f * cur.height())) cur.text += ' ';
            cur.text += word;
            cur.x1 = std::max(cur.x1, x1);
            cur.y0 = std::min(cur.y0, y0);
            cur.y1 = std::max(cur.y1, y1);
            word_heights.push_back(y1 - y0);
        }
        space_pending = box.space_after;
    }
    finish_line();
    return lines;
}

// Two-column pages are read column by column. Poppler's own order follows
// text flows, which on a short page can put the top of the right column
// right after a heading of the left one; when a page has a real left and
// right column, lines are put in order: full-width lines above the columns
// (title, authors), the left column, the right column, full-width lines below.
// Which half of the page a line stands in, for pages set in two columns.
enum class Side { Left, Right, Across };
Side side_of(const TextLine& l, float page_width) {
    const float middle = page_width / 2, slack = page_width * 0.02f;
    return l.x1 <= middle + slack ? Side::Left : l.x0 >= middle - slack ? Side::Right : Side::Across;
}

// A page in two columns: five lines or more in each half, counting only
// lines at least `min_width` of the page wide (a column of text, not a
// table's cells).
bool in_two_columns(const std::vector<TextLine>& lines, float page_width, float min_width = 0) {
    if (page_width <= 0 || lines.size() < 10) return false;
    size_t left = 0, right = 0;
    for (const auto& l : lines) {
        if (l.x1 - l.x0 < min_width * page_width) continue;
        const Side s = side_of(l, page_width);
        left += s == Side::Left;
        right += s == Side::Right;
    }
    return left >= 5 && right >= 5;
}

void order_columns(std::vector<TextLine>& lines, float page_width) {
    if (!in_two_columns(lines, page_width)) return;
    using enum Side;
    auto side = [&](const TextLine& l) { return side_of(l, page_width); };
    float columns_top = std::numeric_limits<float>::max();
    for (const auto& l : lines)
        if (side(l) != Across) columns_top = std::min(columns_top, l.y0);
    auto group = [&](const TextLine& l) {
        const Side s = side(l);
        if (s == Left) return 1;
        if (s == Right) return 2;
        return l.y0 < columns_top ? 0 : 3;
    };
    std::stable_sort(lines.begin(), lines.end(), [&](const TextLine& a, const TextLine& b) {
        const int ga = group(a), gb = group(b);
        if (ga != gb) return ga < gb;
        return a.y0 < b.y0;
    });
}

// A row of cells set side by side on one baseline (indices into a page's
// lines, left to right).
struct TableRow {
    std::vector<size_t> cells;
    float centre = 0, height = 0, top = 0, bottom = 0;
    bool table_like = false;
};

// The leading number of a cell ("56 troisième" -> 56), or -1.
long leading_number(const std::string& text) {
    size_t digits = 0;
    while (digits < text.size() && digits < 5 && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0 || (digits < text.size() && text[digits] != ' ')) return -1;
    return std::stol(text.substr(0, digits));
}

// An index's entry: words then page numbers ("alignement 45", "\teststar
// 363, 366"), or page numbers listed ("59, 276"); not a number alone (a
// table's cell).
bool ends_with_page_numbers(const std::string& text) {
    size_t end = text.size();
    bool digit = false, list = false;
    while (end > 0 && ((text[end - 1] >= '0' && text[end - 1] <= '9') || text[end - 1] == ',' || text[end - 1] == ' ')) {
        digit = digit || (text[end - 1] >= '0' && text[end - 1] <= '9');
        list = list || (text[end - 1] == ',' && end < text.size() && text[end] == ' ');
        --end;
    }
    return digit && (end == 0 ? list : text[end] == ' ');
}

// Whether rows [first, last) that look like a table's are one: their cells
// line up in columns (by left edge, right edge or centre) from row to row,
// as a figure's labels set here and there do not; their rows do not open on
// line numbers counting up (a numbered code listing: "56 troisième |
// 3\ieme%"); and they are not an index's columns (entries ending on page
// numbers: "alignement 45 | flots d'entrée | 70").
bool reads_as_table(const std::vector<TextLine>& lines, const std::vector<TableRow>& rows, size_t first, size_t last) {
    size_t cells = 0, aligned = 0, paged = 0, numbered = 0;
    long previous = -1;
    for (size_t r = first; r < last; ++r) {
        const long number = leading_number(lines[rows[r].cells.front()].text);
        numbered += number >= 0 && previous >= 0 && number == previous + 1;
        if (number >= 0) previous = number;
        if (rows[r].cells.size() < 2) continue;
        for (size_t a : rows[r].cells) {
            ++cells;
            paged += ends_with_page_numbers(lines[a].text);
            const TextLine& cell = lines[a];
            bool lined_up = false;
            for (size_t o = first; o < last && !lined_up; ++o) {
                if (o == r) continue;
                for (size_t b : rows[o].cells) {
                    const TextLine& other = lines[b];
                    if (std::fabs(cell.x0 - other.x0) < 3 || std::fabs(cell.x1 - other.x1) < 3 ||
                        std::fabs((cell.x0 + cell.x1) - (other.x0 + other.x1)) < 6) {
                        lined_up = true;
                        break;
                    }
                }
            }
            aligned += lined_up;
        }
    }
    return 2 * numbered < last - first && 10 * aligned >= 7 * cells && 10 * paged < 4 * cells;
}

// Tables whose cells Poppler hands out one by one, in whatever order its
// reading takes (a column at a time, or two tables' columns interleaved):
// lines set side by side on one baseline with wide gaps between them, three
// rows or more one under the other. Each row becomes one line, its cells
// left to right joined by " | ", marked table_row, where its first cell was.
// Not tables: two columns of text (a row of two cells, one of them wide),
// code and its aligned comments ("x = 1    % un"), overlapping glyphs.
void join_table_rows(std::vector<TextLine>& lines, float page_width) {
    if (lines.size() < 6) return;
    // On a page in two columns, a row does not run from one column into the
    // other: a table stands in one column, beside the other's prose.
    const bool two_columns = in_two_columns(lines, page_width, 0.28f);
    auto column = [&](size_t i) { return two_columns ? static_cast<int>(side_of(lines[i], page_width)) : 0; };
    auto same_side = [&](size_t a, size_t b) { return column(a) == column(b); };
    float left = std::numeric_limits<float>::max(), right = 0;
    for (const auto& l : lines) {
        left = std::min(left, l.x0);
        right = std::max(right, l.x1);
    }
    const float width = right - left;
    if (width <= 0) return;
    auto centre = [&lines](size_t i) { return (lines[i].y0 + lines[i].y1) / 2; };
    // Rows top to bottom; on a two-column page, a column's rows after the
    // other's (the left, the right, then lines across).
    std::vector<size_t> order(lines.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return column(a) != column(b) ? column(a) < column(b) : centre(a) < centre(b);
    });
    std::vector<TableRow> rows;
    for (size_t i : order) {
        const float h = lines[i].height();
        if (!rows.empty() && same_side(rows.back().cells.front(), i) &&
            std::fabs(centre(i) - rows.back().centre) < 0.4f * std::min(h, rows.back().height)) {
            TableRow& row = rows.back();
            row.cells.push_back(i);
            row.top = std::min(row.top, lines[i].y0);
            row.bottom = std::max(row.bottom, lines[i].y1);
            continue;
        }
        rows.push_back({{i}, centre(i), h, lines[i].y0, lines[i].y1, false});
    }
    for (TableRow& row : rows) {
        std::sort(row.cells.begin(), row.cells.end(), [&](size_t a, size_t b) { return lines[a].x0 < lines[b].x0; });
        if (row.cells.size() < 2) continue;
        bool apart = true, short_cells = true, comment = false;
        for (size_t k = 0; k < row.cells.size(); ++k) {
            const TextLine& cell = lines[row.cells[k]];
            if (k > 0) {
                apart = apart && cell.x0 >= lines[row.cells[k - 1]].x1 + 0.5f * row.height;
                for (std::string_view mark : {"%", "#", "//", "--", ";", "/*"})
                    comment = comment || cell.text.rfind(mark, 0) == 0;
            }
            short_cells = short_cells && cell.x1 - cell.x0 < 0.3f * width;
        }
        // An entry and its page number ("3. Troisième partie   16") is a
        // line of contents, which the contents rules read.
        const std::string& last = lines[row.cells.back()].text;
        const bool page_number = row.cells.size() == 2 && last.size() <= 4 &&
                                 std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
        row.table_like = apart && !comment && !page_number && (row.cells.size() >= 3 || short_cells);
    }
    // Runs of rows one under the other (a row of one cell, a cell's second
    // line, may stand between two table rows); three table rows make a table.
    std::vector<std::pair<size_t, size_t>> tables;  // [first, last) of rows
    for (size_t r = 0; r < rows.size();) {
        if (!rows[r].table_like) {
            ++r;
            continue;
        }
        size_t end = r + 1, table_rows = 1;
        while (end < rows.size() && same_side(rows[end].cells.front(), rows[r].cells.front())) {
            const float gap = rows[end].top - rows[end - 1].bottom;
            if (gap > 1.2f * std::max(rows[end].height, rows[end - 1].height)) break;
            if (rows[end].table_like) {
                ++table_rows;
                ++end;
            } else if (end + 1 < rows.size() && rows[end + 1].table_like && rows[end].cells.size() == 1 &&
                       same_side(rows[end + 1].cells.front(), rows[r].cells.front()) &&
                       rows[end + 1].top - rows[end].bottom <= 1.2f * rows[end].height) {
                end += 1;  // one line between table rows
            } else {
                break;
            }
        }
        if (table_rows >= 3 && reads_as_table(lines, rows, r, end)) tables.emplace_back(r, end);
        r = end;
    }
    if (tables.empty()) return;
    std::vector<bool> joined(lines.size(), false);
    std::vector<std::pair<size_t, std::vector<TextLine>>> inserts;  // at the first cell's place
    for (const auto& [first, last] : tables) {
        size_t place = lines.size();
        std::vector<TextLine> table;
        for (size_t r = first; r < last; ++r) {
            TextLine row = lines[rows[r].cells.front()];
            std::vector<float> sizes;
            for (size_t k = 0; k < rows[r].cells.size(); ++k) {
                const TextLine& cell = lines[rows[r].cells[k]];
                if (k > 0) {
                    row.text.append(kCellSeparator).append(cell.text);
                    row.x0 = std::min(row.x0, cell.x0), row.y0 = std::min(row.y0, cell.y0);
                    row.x1 = std::max(row.x1, cell.x1), row.y1 = std::max(row.y1, cell.y1);
                }
                sizes.push_back(cell.type_size);
                place = std::min(place, rows[r].cells[k]);
                joined[rows[r].cells[k]] = true;
            }
            std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2), sizes.end());
            row.type_size = sizes[sizes.size() / 2];
            row.table_row = true;
            table.push_back(std::move(row));
        }
        inserts.emplace_back(place, std::move(table));
    }
    std::vector<TextLine> out;
    out.reserve(lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
        for (auto& [place, table] : inserts)
            if (place == i)
                for (TextLine& row : table) out.push_back(std::move(row));
        if (!joined[i]) out.push_back(std::move(lines[i]));
    }
    lines = std::move(out);
}

// Marks the lines that start a paragraph, from whitespace, indentation,
// short last lines and size changes. A line that continues a hyphenated or
// unfinished sentence in lower case never starts one, even across a column.
// "…/porter-diamond-model/", "…mond.asp": a line that ends on a web address.
bool ends_with_address(std::string_view text) {
    const size_t space = text.rfind(' ');
    const std::string_view last = space == std::string_view::npos ? text : text.substr(space + 1);
    return last.size() > 3 && (last.find("http") == 0 || last.find("www.") == 0 || last.back() == '/' || last.ends_with(".html") ||
                                last.ends_with(".htm") || last.ends_with(".asp") || last.ends_with(".pdf") || last.ends_with(".php"));
}

// In a reference list (after a "Références" heading, until an appendix or
// an index: `in_references`, carried from page to page), entries also
// start after the heading when the first is set in, where a line that
// stops well short is followed by a capital (items without a final
// period), and where lines come back to the margin after being set in
// (hanging indents). In running text those layouts are a ragged line or a
// quotation's end, so they count only there.
void mark_paragraphs(std::vector<TextLine>& lines, bool& in_references) {
    float column_right = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        TextLine& line = lines[i];
        if (i == 0) {
            line.starts_paragraph = true;
            column_right = line.x1;
            continue;
        }
        const TextLine& prev = lines[i - 1];
        if (is_references_heading(prev.text)) in_references = true;
        else if (ends_references(prev.text)) in_references = false;
        const float h = std::max(prev.height(), line.height());
        if (line.table_row || prev.table_row) {  // a table's rows stand apart, and apart from the text
            line.starts_paragraph = true;
            continue;
        }
        const bool continues = starts_lowercase(line.text) && (ends_with_hyphen(prev.text) || !ends_sentence(prev.text));
        bool starts = false;
        const bool new_column = line.y0 < prev.y0 - 0.5f * h;
        if (new_column) column_right = line.x1;
        const bool size_change = std::fabs(line.height() - prev.height()) > 0.3f * h;
        // After a title or a gap, the column's right edge is measured anew:
        // a wide title must not make every body line look short.
        if (line.y0 - prev.y1 > 0.7f * h || size_change) column_right = line.x1;
        if (line.y0 - prev.y1 > 0.7f * h || new_column) {
            starts = !continues;
        } else if (size_change) {
            starts = !continues;
        } else if ((ends_sentence(prev.text) || ends_with_address(prev.text)) && line.x0 > prev.x0 + 0.8f * h) {
            starts = true;  // indented first line (after a sentence, or an entry that ends on its web address)
        } else if (ends_sentence(prev.text) && prev.x1 < column_right - 2.5f * h) {
            starts = true;  // the previous line stopped short: last line of a paragraph
        } else if (in_references && line.x0 > prev.x0 + 0.8f * h && is_references_heading(prev.text)) {
            starts = true;  // the list's heading, then its first entry set in
        } else if (in_references && std::fabs(line.x0 - prev.x0) < 0.8f * h && prev.x1 < std::max(column_right, line.x1) - 5.0f * h &&
                   !continues && !starts_lowercase(line.text)) {
            starts = true;  // a line that stops well short, then a capital: items of a list without punctuation
        } else if (in_references && line.x0 < prev.x0 - 0.8f * h && i >= 2 && !prev.starts_paragraph &&
                   prev.x0 > lines[i - 2].x0 + 0.8f * h && !continues) {
            starts = true;  // back to the margin after lines set in: the next entry of a hanging-indent list
        }
        column_right = std::max(column_right, line.x1);
        line.starts_paragraph = starts;
    }
}

// "1 Voir...", "12. Cf.", "¹ Les...", "* Auteur...": how a footnote starts.
bool starts_with_note_mark(const std::string& text) {
    size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    // "3.9.1 Objectif" is a section number, not a note.
    const bool dot_then_space = digits + 1 < text.size() && text[digits] == '.' && text[digits + 1] == ' ';
    if (digits > 0 && digits <= 3) return digits == text.size() || text[digits] == ' ' || dot_then_space || (text[digits] & 0x80) ||
                                          (text[digits] >= 'A' && text[digits] <= 'Z');
    for (std::string_view mark : {"\u00B9", "\u00B2", "\u00B3", "\u2070", "\u2074", "\u2075", "\u2076", "\u2077", "\u2078",
                                  "\u2079", "*", "\u2020", "\u2021"})
        if (text.rfind(mark, 0) == 0) return true;
    return false;
}

bool is_bare_number(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == ' '; });
}

// A code listing numbers every line ("7 }", "8", "9 \def..."); notes are
// numbered once each, over one or more lines. Six lines or more, half of
// them or more starting with the number after the last one (the others:
// comments set beside the code), are a listing.
bool numbered_line_by_line(const std::vector<TextLine>& lines, size_t start, size_t end) {
    if (end - start < 6) return false;
    size_t numbered = 0;
    long previous = -1;
    for (size_t i = start; i < end; ++i) {
        const std::string& t = lines[i].text;
        size_t digits = 0;
        while (digits < t.size() && digits < 4 && t[digits] >= '0' && t[digits] <= '9') ++digits;
        if (digits == 0 || (digits < t.size() && t[digits] != ' ')) continue;
        const long n = std::stol(t.substr(0, digits));
        if (previous >= 0 && n == previous + 1) ++numbered;
        previous = n;
    }
    return numbered >= 5 && numbered * 2 >= end - start - 1;
}

// The size of a line's type: the median height of its words where known.
float type_size_of(const TextLine& line) { return line.type_size > 0 ? line.type_size : line.height(); }

}  // namespace

// The type size of the document's body text: the size (to a quarter point)
// that carries the most characters; code listings, tables, captions and
// notes in other sizes have fewer. 0 when the lines have no sizes or too
// little text to tell.
float body_type_size(const RawDocument& doc) {
    std::map<int, std::size_t> characters;  // quarter points -> characters
    std::size_t total = 0;
    for (const RawPage& page : doc.pages)
        for (const TextLine& line : page.lines)
            if (line.type_size > 0) {
                characters[static_cast<int>(line.type_size * 4 + 0.5f)] += line.text.size();
                total += line.text.size();
            }
    if (total < 1000) return 0;
    const auto most = std::max_element(characters.begin(), characters.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    return static_cast<float>(most->first) / 4;
}

// Footnotes: from a line in small type in the lower part of the page that
// starts with a note number, the small lines that follow; the first line in
// body type ends them (in two columns, the next column's text). The body
// line after a note block continues the body paragraph when its sentence does.
void mark_footnotes(RawPage& page, float body_type_size) {
    auto& lines = page.lines;
    if (lines.size() < 3 || page.height <= 0) return;
    // The document's body type; the page's own median where it is unknown.
    float body = body_type_size;
    if (body <= 0) {
        std::vector<float> heights;
        for (const auto& l : lines) heights.push_back(type_size_of(l));
        std::nth_element(heights.begin(), heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2), heights.end());
        body = heights[heights.size() / 2];
    }
    bool in_note = false;
    const TextLine* last_body = nullptr;
    for (auto& line : lines) {
        const bool small = !line.table_row && type_size_of(line) < 0.88f * body;  // a table in small type is no note
        if (!in_note && small && line.y0 > 0.5f * page.height && starts_with_note_mark(line.text) && last_body) {
            in_note = true;
        } else if (in_note && !small) {
            in_note = false;
            const bool continues = starts_lowercase(line.text) && (ends_with_hyphen(last_body->text) || !ends_sentence(last_body->text));
            line.starts_paragraph = !continues;
        }
        if (in_note) {
            line.footnote = true;
            if (starts_with_note_mark(line.text)) line.starts_paragraph = true;
        } else {
            last_body = &line;
        }
    }
    // Notes are the last text of their column: a block with body text
    // below it (a numbered code listing in small type, an index) is not
    // notes. Text in the bottom strip of the page (a page number, a
    // running footer) does not count.
    for (size_t start = 0; start < lines.size();) {
        if (!lines[start].footnote) {
            ++start;
            continue;
        }
        size_t end = start;
        while (end < lines.size() && lines[end].footnote) ++end;
        const float top = lines[start].y0;
        const bool text_below = std::any_of(lines.begin() + static_cast<std::ptrdiff_t>(end), lines.end(), [&](const TextLine& l) {
            return !l.footnote && l.y0 > top && l.y0 < 0.93f * page.height && !is_bare_number(l.text);
        });
        // Notes read down the foot of the page; a block that goes back up
        // is text set beside other text (code and its comments).
        const bool goes_up = std::any_of(lines.begin() + static_cast<std::ptrdiff_t>(start), lines.begin() + static_cast<std::ptrdiff_t>(end),
                                         [&](const TextLine& l) { return l.y1 < top; });
        // A note has words: a number alone at the foot (a slide's number, a
        // contents page's last page number, a section number read apart)
        // is not one.
        const bool has_words = std::any_of(lines.begin() + static_cast<std::ptrdiff_t>(start), lines.begin() + static_cast<std::ptrdiff_t>(end),
                                           [](const TextLine& l) { return !is_bare_number(l.text); });
        if (text_below || goes_up || !has_words || numbered_line_by_line(lines, start, end))
            for (size_t i = start; i < end; ++i) lines[i].footnote = false;
        start = end;
    }
}

PageLines lay_out_page(const PdfPageWords& page, bool& in_references) {
    PageLines out;
    if (page.words.empty()) return out;
    const int turn = page_rotation(page.words);
    out.lines = build_lines(page.words, turn);
    join_table_rows(out.lines, page.width);
    order_columns(out.lines, page.width);
    mark_paragraphs(out.lines, in_references);
    out.turned = turned_lines(page.words, turn);
    return out;
}

}  // namespace grappe
