// PDF text through Poppler's C++ API: the only file that includes Poppler.
//
// We read word boxes (page::text_list) rather than page::text(), because
// page::text() joins every line-end hyphen on its own ("Saint-" + "Martin"
// becomes "SaintMartin"); repair makes that decision with evidence instead.
// Word boxes come in Poppler's reading order (columns already separated), and
// their geometry tells lines, paragraphs, running headers and page numbers.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "text/folding.h"
#include "text/utf8.h"
#include "extract/extractors.h"
#include "extract/ocr.h"
#include "extract/declared_text.h"
#include "extract/table_rows.h"
#include "segment/kinds.h"
#include "metadata/names.h"

namespace grappe {
namespace {

// poppler::ustring holds UTF-16. Its to_utf8() opens an iconv converter on
// every call, which cost more than all of our analysis when called for each
// of a corpus's million words; the conversion is simple enough to do here.
// A lone surrogate becomes U+FFFD, as a converter would make it.
std::string utf8(const poppler::ustring& u) {
    std::string out;
    out.reserve(u.size());
    for (size_t i = 0; i < u.size(); ++i) {
        char32_t c = u[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < u.size() && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00);
            ++i;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        append_utf8(out, c);
    }
    return out;
}

// TeX's math symbol fonts (OMS encoding: cmsy, lmsy, txsys...) keep the
// angle brackets of "⟨code⟩" at the slots of 'h' and 'i', under glyph names
// no Unicode table knows, so Poppler (and pdftotext) hand out "hcode i". A
// letter can only come out of such a font that way: in these fonts it is a
// bracket. The name may carry a subset prefix ("IFCJUT+txsys").
bool is_tex_symbol_font(std::string name) {
    if (const size_t plus = name.find('+'); plus != std::string::npos) name.erase(0, plus + 1);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto starts = [&](std::string_view prefix) { return name.compare(0, prefix.size(), prefix) == 0; };
    if (starts("cmsy") || starts("cmbsy") || starts("lmmathsymbols")) return true;
    for (std::string_view family : {"tx", "px", "ntx", "npx", "zx"})
        if (starts(family) && (name.compare(family.size(), 2, "sy") == 0 || name.compare(family.size(), 3, "bsy") == 0))
            return true;
    return false;
}

// Icon fonts (Font Awesome, Academicons, Material Icons...) draw pictures,
// and their ToUnicode tables give each one its name: LaTeX's fontawesome5
// prints "Lightbulb", "PUZZLE-PIECE" or "Arrow-Alt-Circle-Right" before a
// box's title, and a search for "circle" would find them. Their glyphs are
// no words of the author's.
bool is_icon_font(std::string name) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view family : {"awesome", "academicons", "materialicons", "materialsymbols", "octicons", "ionicons",
                                    "typicons", "bootstrap-icons", "bootstrapicons"})
        if (name.find(family) != std::string::npos) return true;
    return false;
}

// What a box's glyph fonts change in its text: TeX brackets turned, icon
// glyphs dropped.
struct GlyphFontChanges {
    size_t brackets = 0, icons = 0;
};

// Reads the font of each glyph of a box read with its fonts: turns the 'h'
// and 'i' a TeX symbol font printed back into ⟨ and ⟩ and, when asked
// (checking every glyph's font costs), drops the glyphs of icon fonts.
GlyphFontChanges apply_glyph_fonts(const poppler::text_box& box, poppler::ustring& text, bool drop_icons) {
    GlyphFontChanges changes;
    if (!box.has_font_info()) return changes;
    // Poppler names the font of each glyph by its index among the word's
    // code points (a surrogate pair is one), and does not check the index:
    // an index is used only where the glyph has a box.
    auto font_of = [&box](int glyph) -> std::string {
        const poppler::rectf r = box.char_bbox(static_cast<size_t>(glyph));
        const bool has_box = r.width() > 0 || r.height() > 0 || r.left() != 0 || r.top() != 0;
        return has_box ? box.get_font_name(glyph) : std::string();
    };
    poppler::ustring kept;
    int glyph = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const bool low_surrogate = text[i] >= 0xDC00 && text[i] <= 0xDFFF;
        if (!low_surrogate) {
            // Each glyph's font is looked up once, and only where it matters.
            const bool bracket_slot = text[i] == 'h' || text[i] == 'i';
            const std::string font = drop_icons || bracket_slot ? font_of(glyph) : std::string();
            if (drop_icons && is_icon_font(font)) {
                ++changes.icons;
                ++glyph;
                if (i + 1 < text.size() && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) ++i;
                continue;
            }
            if (bracket_slot && is_tex_symbol_font(font)) {
                text[i] = text[i] == 'h' ? 0x27E8 : 0x27E9;
                ++changes.brackets;
            }
            ++glyph;
        }
        if (drop_icons) kept.push_back(text[i]);
    }
    if (drop_icons && changes.icons > 0) text = kept;
    return changes;
}

// A word's text as printed.
std::string box_text(const poppler::text_box& box, bool drop_icons) {
    poppler::ustring text = box.text();
    apply_glyph_fonts(box, text, drop_icons);
    return utf8(text);
}

// Whether a page may hold TeX angle brackets read as letters: an "h" glued to
// the next word, or a word from "h" to "i" ("hmacroi", "hcode i,"), past
// punctuation. Only a hint: the fonts decide.
bool may_hold_tex_brackets(const std::vector<poppler::text_box>& boxes) {
    static constexpr std::u16string_view opening = u"([{\\\"'", closing = u")]},.;:'\"";
    for (size_t i = 0; i < boxes.size(); ++i) {
        const poppler::ustring text = boxes[i].text();
        size_t b = 0, e = text.size();
        while (b < e && opening.find(static_cast<char16_t>(text[b])) != std::u16string_view::npos) ++b;
        while (e > b && closing.find(static_cast<char16_t>(text[e - 1])) != std::u16string_view::npos) --e;
        // Inside a word of code: "\\director{hcivilitéi}{hnomi}".
        for (size_t k = 0; k + 3 < text.size(); ++k) {
            if (text[k] != '{' && text[k] != '[' && text[k] != '(') continue;
            if (text[k + 1] != 'h') continue;
            size_t close = k + 2;
            while (close < text.size() && text[close] != '}' && text[close] != ']' && text[close] != ')') ++close;
            if (close < text.size() && close > k + 3 && text[close - 1] == 'i') return true;
        }
        if (b == e || text[b] != 'h') continue;
        if (e - b == 1 && e == text.size() && !boxes[i].has_space_after()) return true;
        if (e - b > 1 && text[e - 1] == 'i') return true;
        if (i + 1 < boxes.size()) {
            const poppler::ustring next = boxes[i + 1].text();
            if (!next.empty() && next[0] == 'i' && next.size() <= 2) return true;
        }
    }
    return false;
}

// Whether a page may hold icon names: an icon font's names are ASCII words
// joined by hyphens, the first capitalised ("Arrow-Alt-Circle-Up",
// "PUZZLE-PIECE", "File-code"). "Jean-Pierre" looks the same: only a hint.
bool may_hold_icon_names(const std::vector<poppler::text_box>& boxes) {
    for (const auto& box : boxes) {
        const poppler::ustring text = box.text();
        if (text.size() < 5 || text[0] < 'A' || text[0] > 'Z') continue;
        bool letters_only = true, after_hyphen = false;
        size_t hyphens = 0;
        for (size_t i = 1; i < text.size() && letters_only; ++i) {
            const char16_t c = static_cast<char16_t>(text[i]);
            if (c == '-') {
                letters_only = !after_hyphen && i + 1 < text.size();
                after_hyphen = true;
                ++hyphens;
            } else {
                letters_only = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
                after_hyphen = false;
            }
        }
        if (letters_only && hyphens > 0) return true;
    }
    return false;
}

// Reading a page with its fonts costs about two thirds more than without,
// so a document is read with them only once a page has shown TeX brackets
// or icon glyphs; a page that only looks like it is read twice, and after a
// few such pages without any, that look is not trusted again.
class GlyphFontWatch {
  public:
    std::vector<poppler::text_box> read(const poppler::page& page) {
        std::vector<poppler::text_box> boxes =
            fonts_needed_ ? page.text_list(poppler::page::text_list_include_font) : page.text_list();
        const bool bracket_hint = !fonts_needed_ && false_bracket_hints_ < kFalseHintsBeforeGivingUp && may_hold_tex_brackets(boxes);
        const bool icon_hint = !drop_icons_ && false_icon_hints_ < kFalseHintsBeforeGivingUp && may_hold_icon_names(boxes);
        if (!bracket_hint && !icon_hint) return boxes;
        if (!fonts_needed_) boxes = page.text_list(poppler::page::text_list_include_font);
        GlyphFontChanges found;
        for (const auto& box : boxes) {
            poppler::ustring text = box.text();
            const GlyphFontChanges changes = apply_glyph_fonts(box, text, icon_hint);
            found.brackets += changes.brackets;
            found.icons += changes.icons;
        }
        drop_icons_ = drop_icons_ || found.icons > 0;
        fonts_needed_ = fonts_needed_ || found.brackets > 0 || found.icons > 0;
        false_bracket_hints_ += bracket_hint && found.brackets == 0;
        false_icon_hints_ += icon_hint && found.icons == 0;
        return boxes;
    }

    // Whether a box's glyphs must each be checked for an icon font.
    bool drop_icons() const { return drop_icons_; }

  private:
    static constexpr int kFalseHintsBeforeGivingUp = 5;
    bool fonts_needed_ = false, drop_icons_ = false;
    int false_bracket_hints_ = 0, false_icon_hints_ = 0;
};

// Poppler reports syntax errors on stderr by default; keep the first few as
// warnings of the document instead.
void collect_poppler_message(const std::string& message, void* closure) {
    auto* warnings = static_cast<std::vector<std::string>*>(closure);
    if (warnings != nullptr && warnings->size() < 5) warnings->push_back("poppler: " + message);
}

// Points Poppler's messages at one document's warnings while it is read.
class PopplerMessagesTo {
  public:
    explicit PopplerMessagesTo(std::vector<std::string>* warnings) {
        poppler::set_debug_error_function(collect_poppler_message, warnings);
    }
    ~PopplerMessagesTo() { poppler::set_debug_error_function(collect_poppler_message, nullptr); }
    PopplerMessagesTo(const PopplerMessagesTo&) = delete;
    PopplerMessagesTo& operator=(const PopplerMessagesTo&) = delete;
};

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
int page_rotation(const std::vector<poppler::text_box>& boxes) {
    size_t words[4] = {0, 0, 0, 0};
    for (const auto& box : boxes) ++words[box.rotation() & 3];
    return static_cast<int>(std::max_element(std::begin(words), std::end(words)) - std::begin(words));
}

// Words set at another quarter turn than the page's text (a figure's axis
// label, a margin stamp, a box's vertical tag) are read apart, one line per
// run of words, so that they never break into a sentence of the page.
std::vector<TextLine> turned_lines(const std::vector<poppler::text_box>& boxes, int page_turn, bool drop_icons) {
    std::vector<TextLine> lines;
    int line_turn = -1;
    for (const auto& box : boxes) {
        const int turn = box.rotation() & 3;
        if (turn == page_turn) continue;
        std::string word = box_text(box, drop_icons);
        if (word.empty()) continue;
        const poppler::rectf r = box.bbox();
        const float x0 = static_cast<float>(r.left()), x1 = static_cast<float>(r.right());
        const float y0 = static_cast<float>(r.top()), y1 = static_cast<float>(r.bottom());
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
            line.text = std::move(word);
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
std::vector<TextLine> build_lines(const std::vector<poppler::text_box>& boxes, int page_turn, bool drop_icons) {
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
    for (const auto& box : boxes) {
        if ((box.rotation() & 3) != page_turn) continue;
        const poppler::rectf r = box.bbox();
        const float x0 = static_cast<float>(r.left()), x1 = static_cast<float>(r.right());
        const float y0 = static_cast<float>(r.top()), y1 = static_cast<float>(r.bottom());
        std::string word = box_text(box, drop_icons);
        if (word.empty()) continue;
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
            line.text = std::move(word);
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
                space_pending = box.has_space_after();
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
        space_pending = box.has_space_after();
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

void check_looks_like_pdf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ExtractionError("cannot open the file");
    char head[1024] = {};
    in.read(head, sizeof head);
    const std::streamsize n = in.gcount();
    if (n == 0) throw ExtractionError("empty file (0 bytes)");
    const std::string_view start(head, static_cast<size_t>(n));
    if (start.find("%PDF-") == std::string_view::npos) {
        const bool html = start.find("<html") != std::string_view::npos || start.find("<!DOCTYPE") != std::string_view::npos ||
                          start.find("<!doctype") != std::string_view::npos;
        throw ExtractionError(html ? "not a PDF: the file is HTML with a .pdf name" : "not a PDF: no %PDF- header");
    }
}

// XML character references and the five named entities.
std::string xml_text(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        const size_t semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out += s[i];
            continue;
        }
        const std::string_view name = s.substr(i + 1, semi - i - 1);
        static const std::pair<std::string_view, const char*> named[] = {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
        bool done = false;
        for (const auto& [n, c] : named)
            if (name == n) {
                out += c;
                done = true;
            }
        if (!done && name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const unsigned long cp = std::strtoul(std::string(name.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10);
            if (cp > 0 && cp < 0x110000) {
                append_utf8(out, static_cast<char32_t>(cp));
                done = true;
            }
        }
        if (!done) {
            out += s[i];
            continue;
        }
        i = semi;
    }
    return out;
}

// The rdf:li texts of an XMP property (<dc:title>, <dc:creator>), or its
// simple text content.
std::vector<std::string> xmp_values(std::string_view xmp, std::string_view property) {
    std::vector<std::string> values;
    std::string open = "<", close = "</";
    open += property;
    close += property;
    close += '>';
    const size_t at = xmp.find(open);
    if (at == std::string_view::npos) return values;
    const size_t body = xmp.find('>', at);
    const size_t end = xmp.find(close, at);
    if (body == std::string_view::npos || end == std::string_view::npos || body > end) return values;
    const std::string_view inside = xmp.substr(body + 1, end - body - 1);
    size_t li = inside.find("<rdf:li");
    if (li == std::string_view::npos) {
        values.push_back(trimmed(xml_text(inside)));
        return values;
    }
    while (li != std::string_view::npos) {
        const size_t text = inside.find('>', li);
        const size_t stop = inside.find("</rdf:li>", li);
        if (text == std::string_view::npos || stop == std::string_view::npos || text > stop) break;
        values.push_back(trimmed(xml_text(inside.substr(text + 1, stop - text - 1))));
        li = inside.find("<rdf:li", stop);
    }
    return values;
}

// Title, authors and date from the XMP packet (Dublin Core, as LaTeX's
// hyperxmp, Word and InDesign write it).
void read_xmp(const poppler::document& pdf, RawDocument& doc) {
    const std::string xmp = utf8(pdf.metadata());
    if (xmp.empty()) return;
    if (auto titles = xmp_values(xmp, "dc:title"); !titles.empty()) doc.title.set(plausible_title(titles.front()), "pdf-xmp");
    std::string authors;
    for (const auto& a : xmp_values(xmp, "dc:creator"))
        if (!plausible_author(a).empty()) {
            if (!authors.empty()) authors += "; ";
            authors += a;
        }
    // One creator may itself be a list ("A. Torre, J.-B. Zimmermann"): keep it as written.
    if (authors.find(';') != std::string::npos && authors.find(',') == std::string::npos) {
        std::string commas;
        for (char c : authors) commas += c == ';' ? ',' : c;
        authors = commas;
    }
    doc.authors.set(authors, "pdf-xmp");
    // The work's date only as publishers state it (PRISM); Dublin Core's
    // dc:date is what the producing tool wrote, the day the file was made
    // (hyperxmp's default is the compilation date), like CreationDate.
    for (std::string_view prism : {"prism:publicationDate", "prism:coverDate", "prism:coverDisplayDate"})
        if (auto dates = xmp_values(xmp, prism); !dates.empty()) doc.date.set(dates.front(), "pdf-xmp");
}

// The title found on the first page: its text, and where its lines are.
struct TitleBlock {
    std::string text;
    const RawPage* page = nullptr;
    size_t last = 0;  // index of its last line on the page
};

// The largest text at the top of the first page with text: its title, in
// most articles, reports and theses. Line height stands for font size; the
// title must be clearly larger than the page's body text.
TitleBlock largest_text_on_first_page(const std::vector<RawPage>& pages) {
    for (const RawPage& page : pages) {
        if (page.lines.empty() || !page.lines[0].has_geometry()) continue;
        std::vector<float> heights;
        for (const auto& l : page.lines) heights.push_back(l.height());
        std::vector<float> sorted = heights;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
        const float body = sorted[sorted.size() / 2];
        size_t best = page.lines.size();
        for (size_t i = 0; i < page.lines.size(); ++i) {
            const TextLine& l = page.lines[i];
            if (page.height > 0 && l.y0 > 0.6f * page.height) continue;  // titles stand in the upper part
            if (l.height() < 1.3f * body) continue;
            if (best == page.lines.size() || l.height() > page.lines[best].height() + 0.5f) best = i;
        }
        if (best == page.lines.size()) return {};
        // The title's other lines: neighbours of about the same size.
        const float h = page.lines[best].height();
        size_t first = best, last = best;
        // The title's other lines: same size, and close above or below (a
        // line of the same size further away is another element: "Par NOM").
        auto same_block = [&](const TextLine& a, const TextLine& b) {
            return std::fabs(a.height() - h) < 0.15f * h && std::fabs(b.height() - h) < 0.15f * h && b.y0 - a.y1 < 0.8f * h &&
                   b.y0 > a.y0;
        };
        while (first > 0 && same_block(page.lines[first - 1], page.lines[first])) --first;
        while (last + 1 < page.lines.size() && same_block(page.lines[last], page.lines[last + 1])) ++last;
        if (last - first >= 4) return {};  // a large-print page, not a title
        std::string title;
        for (size_t i = first; i <= last; ++i) {
            std::string line = page.lines[i].text;
            if (!title.empty()) {
                if (title.back() == '-' && !line.empty() && starts_lowercase(line)) title.pop_back();
                else title += ' ';
            }
            title += line;
        }
        const size_t words = static_cast<size_t>(std::count(title.begin(), title.end(), ' ')) + 1;
        if (words > 40) return {};
        return {title, &page, last};
    }
    return {};
}

// The authors printed on the first page: after "Par" / "By" (a thesis's
// cover), else the first line of names among the few under the title.
std::string authors_under_title(const TitleBlock& title) {
    if (title.page == nullptr) return "";
    const std::vector<TextLine>& lines = title.page->lines;
    std::string names;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string f = fold_text(lines[i].text);
        if ((f == "par" || f == "by" || f == "presentee par" || f == "presented by") && i + 1 < lines.size() &&
            reads_as_names(lines[i + 1].text, &names))
            return names;
        for (std::string_view cue : {"par ", "by "})
            if (f.rfind(cue, 0) == 0 && reads_as_names(std::string_view(lines[i].text).substr(cue.size()), &names)) return names;
    }
    for (size_t i = title.last + 1; i < lines.size() && i <= title.last + 4; ++i) {
        if (title.page->height > 0 && lines[i].y0 > 0.75f * title.page->height) break;
        if (fold_text(lines[i].text) == fold_text(title.text)) continue;  // the title again (a running head)
        if (reads_as_names(lines[i].text, &names)) return names;
    }
    return "";
}

// A page without a text layer, rendered in gray and read by tesseract; a
// blank one is not (nullopt). The resolution drops for very large pages
// (posters, plans) so that the image stays under 40 megapixels.
std::optional<std::vector<TextLine>> recognise(const poppler::page& page, const ExtractOptions& options) {
    if (!poppler::page_renderer::can_render()) throw ExtractionError("OCR: this Poppler build cannot render pages");
    const poppler::rectf box = page.page_rect();
    const double square_inches = std::max(1.0, box.width() * box.height() / (72.0 * 72.0));
    const int dpi = std::max(72, std::min(options.ocr_dpi, static_cast<int>(std::sqrt(40e6 / square_inches))));
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
    const poppler::image image = renderer.render_page(&page, dpi, dpi);
    if (!image.is_valid()) throw ExtractionError("OCR: Poppler could not render a page");
    const GrayImage gray{reinterpret_cast<const unsigned char*>(image.const_data()), image.width(), image.height(), image.bytes_per_row()};
    if (looks_blank(gray)) return std::nullopt;
    return recognise_page(gray, dpi, options.ocr_languages);
}

}  // namespace

RawDocument extract_pdf(const std::string& path, const ExtractOptions& options) {
    check_looks_like_pdf(path);
    RawDocument doc;
    doc.format = "pdf";
    PopplerMessagesTo messages(&doc.warnings);
    std::unique_ptr<poppler::document> pdf(poppler::document::load_from_file(path));
    if (!pdf) {
        const bool encrypted_hint = std::any_of(doc.warnings.begin(), doc.warnings.end(),
                                                [](const std::string& w) { return w.find("ncrypt") != std::string::npos; });
        throw ExtractionError(encrypted_hint ? "encrypted: needs a password"
                                             : "damaged PDF: Poppler cannot open it (truncated or corrupt)");
    }
    if (pdf->is_locked()) throw ExtractionError("encrypted: needs a password");
    doc.title.set(plausible_title(utf8(pdf->info_key("Title"))), "pdf-info");
    doc.authors.set(plausible_author(utf8(pdf->info_key("Author"))), "pdf-info");
    read_xmp(*pdf, doc);
    const int page_count = pdf->pages();
    if (page_count <= 0) throw ExtractionError("damaged PDF: no pages");

    size_t words = 0, blank_pages = 0;
    bool in_references = false;  // mark_paragraphs()
    doc.pages.reserve(static_cast<size_t>(page_count));
    std::vector<std::vector<TextLine>> turned(static_cast<size_t>(page_count));
    GlyphFontWatch glyph_fonts;
    for (int i = 0; i < page_count; ++i) {
        RawPage page;
        std::unique_ptr<poppler::page> p(pdf->create_page(i));
        if (!p) {
            doc.warnings.push_back("page " + std::to_string(i + 1) + " could not be read");
            page.label = std::to_string(i + 1);
            doc.pages.push_back(std::move(page));
            continue;
        }
        page.label = utf8(p->label());
        if (page.label.empty()) page.label = std::to_string(i + 1);
        if (page.label != std::to_string(i + 1)) doc.has_page_labels = true;
        page.height = static_cast<float>(p->page_rect().height());
        const std::vector<poppler::text_box> boxes = glyph_fonts.read(*p);
        if (!boxes.empty()) {
            words += boxes.size();
            const int turn = page_rotation(boxes);
            page.lines = build_lines(boxes, turn, glyph_fonts.drop_icons());
            join_table_rows(page.lines, static_cast<float>(p->page_rect().width()));
            order_columns(page.lines, static_cast<float>(p->page_rect().width()));
            mark_paragraphs(page.lines, in_references);
            turned[static_cast<size_t>(i)] = turned_lines(boxes, turn, glyph_fonts.drop_icons());
        } else if (options.ocr) {
            // Tesseract has found the columns and paragraphs already. A blank
            // page (a chapter's back) is neither read nor a scan to report.
            if (std::optional<std::vector<TextLine>> lines = recognise(*p, options)) {
                page.lines = std::move(*lines);
                doc.ocr_pages.push_back(static_cast<std::uint32_t>(i + 1));
                for (const TextLine& line : page.lines) words += static_cast<size_t>(std::count(line.text.begin(), line.text.end(), ' ')) + 1;
            } else {
                ++blank_pages;
            }
        } else {
            ++doc.pages_without_text;
        }
        doc.pages.push_back(std::move(page));
    }
    // Footnotes are told by their type size against the whole document's
    // body text: a page of code or tables has no body text to measure by.
    doc.body_type_size = body_type_size(doc);
    for (RawPage& page : doc.pages) mark_footnotes(page, doc.body_type_size);
    // Turned words come after the page's text and its notes, as paragraphs
    // of their own, once the notes have been told by the page's own lines.
    for (size_t i = 0; i < doc.pages.size(); ++i)
        for (TextLine& line : turned[i]) doc.pages[i].lines.push_back(std::move(line));
    if (words == 0 && blank_pages == static_cast<size_t>(page_count)) throw ExtractionError("every page is blank");
    if (words == 0 && !doc.ocr_pages.empty()) throw ExtractionError("no text found by OCR on any page");
    if (words == 0) throw ExtractionError("no text layer on any page: scanned? index it with --ocr");
    if (doc.pages_without_text > 0)
        doc.warnings.push_back(std::to_string(doc.pages_without_text) + " of " + std::to_string(page_count) +
                               " pages have no text layer (scans or images): index with --ocr to read them");
    const TitleBlock title = largest_text_on_first_page(doc.pages);
    doc.title.set(title.text, "largest-text");
    if (doc.authors.empty()) doc.authors.set(authors_under_title(title), "under-title");
    return doc;
}

}  // namespace grappe
