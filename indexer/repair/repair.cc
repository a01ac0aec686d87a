#include "repair/repair.h"

#include <algorithm>
#include <optional>
#include <cctype>
#include <iterator>
#include <limits>
#include <map>
#include <set>

#include <unicode/uchar.h>

#include "analyze/analyzer.h"
#include "text/folding.h"

namespace grappe {
namespace {

// A line's identity for header/footer detection: folded, digits as '#', so
// "Chapitre 3 — page 12" and "Chapitre 3 — page 13" are the same line.
std::string signature(const std::string& text) {
    std::string folded = fold_text(text);
    std::string out;
    bool in_digits = false, space = false;
    for (char ch : folded) {
        if (ch >= '0' && ch <= '9') {
            if (!in_digits) out += '#';
            in_digits = true;
            continue;
        }
        in_digits = false;
        if (ch == ' ' || ch == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += ch;
    }
    return out;
}

bool is_roman(std::string_view s) {
    if (s.empty()) return false;
    for (char ch : s)
        if (std::string_view("ivxlcdm").find(ch) == std::string_view::npos) return false;
    return true;
}

// "12", "- 12 -", "Page 3", "p. 4", "3/40", "iv", "12 sur 40".
bool is_bare_page_number(const std::string& text) {
    std::string s = fold_text(text);
    std::string compact;
    for (char ch : s)
        if (ch != ' ' && ch != '-' && ch != '\t' && ch != '|' && ch != '[' && ch != ']' && ch != '(' && ch != ')') compact += ch;
    // Dashes other than '-' survive as UTF-8: strip en and em dashes.
    for (std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94"}) {
        size_t at;
        while ((at = compact.find(dash)) != std::string::npos) compact.erase(at, dash.size());
    }
    for (std::string_view prefix : {"page", "p."})
        if (compact.rfind(prefix, 0) == 0) compact.erase(0, prefix.size());
    for (std::string_view sep : {"/", "sur", "of"}) {
        const size_t at = compact.find(sep);
        if (at != std::string::npos && at > 0) {
            const std::string tail = compact.substr(at + sep.size());
            if (!tail.empty() && std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; }))
                compact = compact.substr(0, at);
        }
    }
    if (compact.empty()) return false;
    if (std::all_of(compact.begin(), compact.end(), [](char c) { return c >= '0' && c <= '9'; })) return compact.size() <= 4;
    return is_roman(compact) && compact.size() <= 6;
}

// The top and bottom bands of a page: its two highest and two lowest rows,
// each band ordered from the page edge inwards. A row is the lines whose
// vertical middles fall within one another's extent: the cells of a header
// set out across the page ("Thèse de médecine | UBO | Sacha SCHUTZ"), which
// build_lines keeps apart because of the gaps between them.
using Row = std::vector<size_t>;
struct Bands {
    std::vector<Row> top, bottom;
};

Bands band_lines(const RawPage& page) {
    std::vector<size_t> order(page.lines.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return page.lines[a].y0 < page.lines[b].y0; });
    std::vector<Row> rows;
    float row_bottom = 0;
    for (size_t i : order) {
        const TextLine& line = page.lines[i];
        const float middle = (line.y0 + line.y1) / 2;
        if (rows.empty() || middle > row_bottom) {
            rows.push_back({});
            row_bottom = line.y1;
        }
        rows.back().push_back(i);
        row_bottom = std::max(row_bottom, line.y1);
    }
    Bands bands;
    for (size_t k = 0; k < rows.size() && k < 2; ++k) bands.top.push_back(rows[k]);
    for (size_t k = 0; k < rows.size() && k < 2; ++k)
        if (rows.size() - 1 - k >= 2) bands.bottom.push_back(rows[rows.size() - 1 - k]);
    return bands;
}

// Drops running headers/footers and bare page numbers; returns lines removed.
size_t remove_page_furniture(RawDocument& doc) {
    const size_t pages = doc.pages.size();
    if (pages == 0) return 0;
    std::map<std::string, std::set<size_t>> seen;  // signature -> pages where it sits in a band
    std::vector<Bands> bands(pages);
    for (size_t p = 0; p < pages; ++p) {
        if (doc.pages[p].lines.empty() || !doc.pages[p].lines[0].has_geometry()) continue;
        bands[p] = band_lines(doc.pages[p]);
        for (const auto* band : {&bands[p].top, &bands[p].bottom})
            for (const Row& row : *band)
                for (size_t i : row) seen[signature(doc.pages[p].lines[i].text)].insert(p);
    }
    // Repetition needs at least two pages to mean anything; a one-page
    // document only loses its bare page number.
    const size_t threshold = pages < 2 ? std::numeric_limits<size_t>::max() : std::min<size_t>(3, pages);
    size_t removed = 0;
    for (size_t p = 0; p < pages; ++p) {
        auto& lines = doc.pages[p].lines;
        std::vector<bool> drop(lines.size(), false);
        // From the page edge inwards, and only while every row so far was
        // furniture: a running header is contiguous with the edge, so a body
        // line below real text is never taken for one. A row goes whole or
        // stays whole.
        const auto furniture = [&](size_t i) {
            const std::string& text = lines[i].text;
            const size_t words = static_cast<size_t>(std::count(text.begin(), text.end(), ' ')) + 1;
            return (seen[signature(text)].size() >= threshold && words <= 20) || is_bare_page_number(text);
        };
        for (const auto* band : {&bands[p].top, &bands[p].bottom})
            for (const Row& row : *band) {
                if (!std::all_of(row.begin(), row.end(), furniture)) break;
                for (size_t i : row) drop[i] = true;
            }
        std::vector<TextLine> kept;
        kept.reserve(lines.size());
        for (size_t i = 0; i < lines.size(); ++i) {
            if (!drop[i]) {
                kept.push_back(std::move(lines[i]));
            } else {
                ++removed;
                // The next line inherits a paragraph start the dropped one had.
                if (lines[i].starts_paragraph && i + 1 < lines.size()) lines[i + 1].starts_paragraph = true;
            }
        }
        if (!kept.empty()) kept.front().starts_paragraph = true;
        lines = std::move(kept);
    }
    return removed;
}

bool contains_folded(const std::string& folded, std::string_view needle) { return folded.find(needle) != std::string::npos; }

// A HAL cover page: "HAL Id" and the open-archive disclaimer, in either language.
bool is_hal_cover(const RawPage& page) {
    std::string all;
    for (const auto& line : page.lines) {
        all += line.text;
        all += ' ';
    }
    const std::string folded = fold_text(all);
    return contains_folded(folded, "hal id") &&
           (contains_folded(folded, "archive ouverte pluridisciplinaire") || contains_folded(folded, "multi-disciplinary open access"));
}

// In a text or HTML export of a HAL deposit, the cover is the head of the
// one page: the lines up to the end of the paragraph that closes the
// open-archive disclaimer ("... publics ou privés."), when "HAL Id" and the
// disclaimer both stand in the first lines. How many lines; 0 for none.
std::size_t hal_cover_lines(const RawPage& page) {
    constexpr std::size_t kLookAt = 80;
    bool id = false;
    std::optional<std::size_t> last_disclaimer;
    for (std::size_t i = 0; i < page.lines.size() && i < kLookAt; ++i) {
        const std::string folded = fold_text(page.lines[i].text);
        if (contains_folded(folded, "hal id")) id = true;
        for (std::string_view marker : {"archive ouverte pluridisciplinaire", "multi-disciplinary open access", "publics ou prives",
                                        "public or private research", "distributed under a creative commons", "destinee au depot",
                                        "for the deposit and dissemination"})
            if (contains_folded(folded, marker)) last_disclaimer = i;
    }
    if (!id || !last_disclaimer) return 0;
    std::size_t end = *last_disclaimer + 1;
    while (end < page.lines.size() && !page.lines[end].starts_paragraph && !page.lines[end].heading) ++end;
    return end;
}

bool ends_with_line_hyphen(const std::string& text) {
    if (text.size() < 2 || text.back() != '-') return false;
    return !trailing_letters(text.substr(0, text.size() - 1)).empty();
}

// The vowels a set-apart circumflex can go on, each with the accented
// letter it makes (TeX's dotless ı takes one as î).
struct Circumflexed {
    std::string_view vowel, accented;
};
constexpr Circumflexed kCircumflexed[] = {{"a", "â"}, {"e", "ê"}, {"i", "î"}, {"o", "ô"}, {"u", "û"}, {"ı", "î"},
                                          {"A", "Â"}, {"E", "Ê"}, {"I", "Î"}, {"O", "Ô"}, {"U", "Û"}};

// What the codes 0x0B..0x1F draw in TeX's two text encodings (accents that
// need a letter to sit on are dropped: the word then stays whole).
struct FontCode {
    std::string_view t1, ot1;
};
constexpr FontCode kFontCodes[] = {
    /*0x0B*/ {"", "ff"},  {"", "fi"},   {"‚", "fl"},  {"‹", "ffi"}, {"›", "ffl"}, /*0x10*/ {"“", "ı"}, {"”", "ȷ"},
    /*0x12*/ {"„", ""},   {"«", ""},    {"»", ""},    {"–", ""},    {"—", ""},    /*0x17*/ {"", ""},   {"", ""},
    /*0x19*/ {"ı", "ß"},  {"ȷ", "æ"},   {"ff", "œ"},  {"fi", "ø"},  {"fl", "Æ"},  {"ffi", "Œ"},  {"ffl", "Ø"}};

static_assert(std::size(kFontCodes) == 0x1F - 0x0B + 1);

bool is_font_code(char c) { return c >= 0x0B && c <= 0x1F; }

// A code standing alone between spaces is no letter or ligature of a word:
// a symbol font's glyph at that slot (an arrow in a code listing came out
// as a lone "ı"); it goes, with its space. Punctuation (T1's dashes and
// quotes) stays.
std::string with_font_codes(std::string_view text, bool ot1) {
    std::string out;
    out.reserve(text.size() + 8);
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!is_font_code(c)) {
            out += c;
            continue;
        }
        const std::string_view reading = ot1 ? kFontCodes[c - 0x0B].ot1 : kFontCodes[c - 0x0B].t1;
        const bool alone = (i == 0 || text[i - 1] == ' ') && (i + 1 == text.size() || text[i + 1] == ' ');
        const bool letters = !reading.empty() && std::string_view("‚‹›“”„«»–—").find(reading) == std::string_view::npos;
        if (alone && letters) {
            if (i + 1 < text.size()) ++i;                                  // its space after
            else if (!out.empty() && out.back() == ' ') out.pop_back();  // or before, at the end
            continue;
        }
        out += reading;
    }
    return out;
}

// Paragraph `index` of a page goes; the marks that count paragraphs follow.
void erase_paragraph(CleanPage& page, std::size_t index) {
    page.paragraphs.erase(page.paragraphs.begin() + static_cast<std::ptrdiff_t>(index));
    for (auto* marks : {&page.headings, &page.large_type, &page.table_rows, &page.list_items}) {
        marks->erase(std::remove(marks->begin(), marks->end(), index), marks->end());
        for (std::size_t& m : *marks)
            if (m > index) --m;
    }
}

// A paragraph with a letter or a digit: rules, bullets and the private-use
// glyphs of symbol fonts ("\uF0B7") are no text.
bool has_word(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (std::isalnum(c)) return true;
            ++i;
            continue;
        }
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        char32_t cp = c & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F);
        for (std::size_t k = 1; k < length && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        if (u_isalnum(static_cast<UChar32>(cp))) return true;
        i += length;
    }
    return false;
}

bool ends_with_circumflex(const std::string& text) {
    const size_t accent = text.ends_with('^') ? 1 : text.ends_with("\xCB\x86") ? 2 : 0;
    return accent > 0 && !trailing_letters(text.substr(0, text.size() - accent)).empty();
}

}  // namespace

std::size_t restore_tex_font_codes(std::vector<std::string*>& lines, const WordList& words) {
    std::size_t codes = 0;
    int t1 = 0, ot1 = 0;  // words each reading makes
    for (const std::string* line : lines) {
        size_t at = 0;
        while (at < line->size()) {
            const size_t end = std::min(line->find(' ', at), line->size());
            std::string_view word(line->data() + at, end - at);
            if (std::any_of(word.begin(), word.end(), is_font_code)) {
                codes += static_cast<std::size_t>(std::count_if(word.begin(), word.end(), is_font_code));
                while (!word.empty() && std::string_view(".,;:!?()[]'\"").find(word.back()) != std::string_view::npos) word.remove_suffix(1);
                while (!word.empty() && std::string_view("([\"'").find(word.front()) != std::string_view::npos) word.remove_prefix(1);
                t1 += words.contains(lower_text(with_font_codes(word, false)));
                ot1 += words.contains(lower_text(with_font_codes(word, true)));
            }
            at = end + 1;
        }
    }
    if (codes == 0) return 0;
    for (std::string* line : lines)
        if (std::any_of(line->begin(), line->end(), is_font_code)) *line = with_font_codes(*line, ot1 > t1);
    return codes;
}

std::string restore_set_apart_circumflexes(const std::string& line, const WordList& words) {
    if (line.find('^') == std::string::npos && line.find("\xCB\x86") == std::string::npos) return line;
    std::string out;
    out.reserve(line.size());
    size_t i = 0;
    while (i < line.size()) {
        const size_t accent = line[i] == '^' ? 1 : line.compare(i, 2, "\xCB\x86") == 0 ? 2 : 0;
        if (accent == 0 || (i > 0 && line[i - 1] == '\\')) {
            out += line[i++];
            continue;
        }
        const Circumflexed* match = nullptr;
        for (const auto& c : kCircumflexed)
            if (line.compare(i + accent, c.vowel.size(), c.vowel) == 0) match = &c;
        bool restore = false;
        if (match != nullptr) {
            const size_t after = i + accent + match->vowel.size();
            const std::string word =
                trailing_letters(out) + std::string(match->accented) + leading_letters(line.substr(after));
            restore = match->vowel == "ı" || words.contains(lower_text(word));
        }
        if (!restore) {
            out.append(line, i, accent);
            i += accent;
            continue;
        }
        out += match->accented;
        i += accent + match->vowel.size();
    }
    return out;
}

CleanDocument repair(RawDocument raw, const WordList& words) {
    CleanDocument clean;
    clean.format = raw.format;
    clean.title = raw.title;
    clean.authors = raw.authors;
    clean.date = raw.date;
    clean.type = raw.type;
    clean.venue = raw.venue;
    clean.doi = raw.doi;
    clean.has_page_labels = raw.has_page_labels;
    clean.ocr_pages = raw.ocr_pages;
    clean.pages_without_text = raw.pages_without_text;
    clean.page_count = raw.pages.size();
    clean.warnings = std::move(raw.warnings);

    // A HAL cover: the whole first page of a PDF, the head of a text or
    // HTML export's one page. Metadata, not content.
    std::size_t cover_lines = 0;
    if (!raw.pages.empty() && raw.format == "pdf" && is_hal_cover(raw.pages[0])) cover_lines = raw.pages[0].lines.size();
    else if (!raw.pages.empty() && raw.format != "pdf") cover_lines = hal_cover_lines(raw.pages[0]);
    if (cover_lines > 0) {
        clean.hal_cover = true;
        for (std::size_t i = 0; i < cover_lines; ++i) {
            const TextLine& line = raw.pages[0].lines[i];
            if (line.starts_paragraph || line.heading || clean.cover.empty()) clean.cover.push_back(Analyzer::prepare(line.text));
            else {
                clean.cover.back() += ' ';
                clean.cover.back() += Analyzer::prepare(line.text);
            }
        }
        auto& lines = raw.pages[0].lines;
        lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(cover_lines));
        if (!lines.empty()) lines.front().starts_paragraph = true;
    }
    if (raw.format == "pdf") {
        std::vector<std::string*> lines;
        for (auto& page : raw.pages)
            for (auto& line : page.lines) lines.push_back(&line.text);
        // The title and authors read off page 1 are in the same fonts.
        lines.push_back(&clean.title.value);
        lines.push_back(&clean.authors.value);
        restore_tex_font_codes(lines, words);
        clean.removed_header_lines = remove_page_furniture(raw);
        for (auto& page : raw.pages)
            for (auto& line : page.lines) line.text = restore_set_apart_circumflexes(line.text, words);
    }

    Dehyphenator dehyphenator(words);
    {
        std::vector<std::string> all_lines;
        for (const auto& page : raw.pages)
            for (const auto& line : page.lines) all_lines.push_back(line.text);
        dehyphenator.learn(all_lines);
    }

    // Headings set in larger type: a paragraph whose every line is clearly
    // larger than body text (1.15x: LaTeX's \subsection is 1.2x, Word's
    // "Titre 2" 1.18x).
    const float body_size = raw.body_type_size;
    clean.knows_type_size = body_size > 0;
    const float large_size = 1.15f * body_size;

    // Join lines into paragraphs, deciding each line-end hyphen.
    for (size_t p = 0; p < raw.pages.size(); ++p) {
        CleanPage page;
        page.index = p;
        page.label = raw.pages[p].label;
        // Body text and footnotes are two streams: a footnote between two
        // columns' lines never interrupts the body's paragraph.
        std::string body, note;
        bool body_large = false;  // every line of `body` so far is in large type
        auto flush = [&page](std::string& paragraph, std::vector<std::string>& to, bool large) {
            if (paragraph.empty()) return;
            if (large) page.large_type.push_back(to.size());
            to.push_back(std::move(paragraph));
            paragraph.clear();
        };
        for (const TextLine& line : raw.pages[p].lines) {
            std::string& paragraph = line.footnote ? note : body;
            std::vector<std::string>& to = line.footnote ? page.notes : page.paragraphs;
            if (line.starts_paragraph) flush(paragraph, to, !line.footnote && body_large);
            const bool large = clean.knows_type_size && line.type_size >= large_size;
            if (paragraph.empty()) {
                paragraph = line.text;
                if (!line.footnote) body_large = large;
                if (line.heading && !line.footnote) {
                    page.headings.push_back(page.paragraphs.size());
                    clean.marks_headings = true;
                }
                if (line.table_row && !line.footnote) page.table_rows.push_back(page.paragraphs.size());
                if (line.list_item && !line.footnote) page.list_items.push_back(page.paragraphs.size());
                continue;
            }
            if (!line.footnote) body_large = body_large && large;
            if (ends_with_circumflex(paragraph)) {
                // "contr^" + "ole": the raised accent made a line of its own word.
                std::string joined = paragraph + line.text;
                std::string restored = restore_set_apart_circumflexes(joined, words);
                if (restored != joined) {
                    paragraph = std::move(restored);
                    continue;
                }
            }
            if (ends_with_line_hyphen(paragraph)) {
                HyphenDecision d = dehyphenator.decide(paragraph.substr(0, paragraph.size() - 1), line.text);
                if (d.joined) paragraph.pop_back();
                paragraph += line.text;
                clean.hyphenations.push_back(std::move(d));
            } else {
                paragraph += ' ';
                paragraph += line.text;
            }
        }
        flush(body, page.paragraphs, body_large);
        flush(note, page.notes, false);
        clean.pages.push_back(std::move(page));
    }

    // A word hyphenated across a page break: complete it on the first page
    // (passages never cross pages) and take the fragment off the next one.
    for (size_t p = 0; p + 1 < clean.pages.size(); ++p) {
        auto& here = clean.pages[p].paragraphs;
        auto& next = clean.pages[p + 1].paragraphs;
        if (here.empty() || next.empty() || !ends_with_line_hyphen(here.back())) continue;
        const std::string fragment = leading_letters(next.front());
        if (fragment.empty()) continue;
        HyphenDecision d = dehyphenator.decide(here.back().substr(0, here.back().size() - 1), next.front());
        if (!d.joined) continue;
        here.back().pop_back();
        here.back() += fragment;
        next.front().erase(0, fragment.size());
        while (!next.front().empty() && next.front().front() == ' ') next.front().erase(0, 1);
        if (next.front().empty()) erase_paragraph(clean.pages[p + 1], 0);
        clean.hyphenations.push_back(std::move(d));
    }

    // Stored form; paragraphs with no word at all (rules, bullets) go.
    for (auto& page : clean.pages) {
        std::vector<std::string> notes;
        for (auto& note : page.notes)
            if (std::string prepared = Analyzer::prepare(note); has_word(prepared)) notes.push_back(std::move(prepared));
        page.notes = std::move(notes);
        for (std::size_t i = page.paragraphs.size(); i-- > 0;) {
            page.paragraphs[i] = Analyzer::prepare(page.paragraphs[i]);
            if (!has_word(page.paragraphs[i])) erase_paragraph(page, i);
        }
    }
    return clean;
}

}  // namespace grappe
