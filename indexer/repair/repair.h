// Repair: a RawDocument (lines as extracted) in, a CleanDocument (pages of
// paragraphs in stored form) out. Stored form is what users quote, so repair
// only undoes typesetting, never the author's words:
//  - running headers and footers (the same line, digits aside, at the top or
//    bottom of three or more pages) and bare page numbers are dropped;
//  - a HAL cover page (HAL Id + the open-archive disclaimer) is kept out of
//    the content; its paragraphs are kept aside for metadata;
//  - footnotes (lines the extractor marked) go to their page's notes, so a
//    body sentence running over a page break is joined past them;
//  - words hyphenated across a line break are joined, real compounds keep
//    their hyphen (see Dehyphenator), also across a page break;
//  - glyph codes of TeX fonts that have no Unicode map (Poppler passes them
//    on as control characters: "di\x1Berent") become the ligatures and
//    signs they draw, in the encoding (T1 or OT1) that makes known words;
//  - a circumflex that TeX set apart from its letter ("^etre", "m^eme",
//    "bo^ıte", from fonts without the accented glyph) is put back on it;
//  - text is put in stored form: NFC, ligatures expanded, soft hyphens gone.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "extract/raw_document.h"
#include "repair/dehyphenator.h"

namespace grappe {

struct CleanPage {
    std::size_t index = 0;  // 0-based position in the file
    std::string label;      // as printed
    std::vector<std::string> paragraphs;
    std::vector<std::string> notes;  // footnotes of the page: never joined to its body text
    std::vector<std::size_t> headings = {};  // paragraphs the file itself marks as headings (TextLine::heading)
    std::vector<std::size_t> large_type = {};  // paragraphs set in type larger than the document's body text
    std::vector<std::size_t> table_rows = {};  // paragraphs that are rows of a table (TextLine::table_row)
    std::vector<std::size_t> list_items = {};  // paragraphs that open an item of a marked list (TextLine::list_item)
};

struct CleanDocument {
    std::string format;
    Declared title, authors, date, type, venue, doi;  // what the file declared (raw_document.h)
    std::vector<std::string> cover;  // paragraphs of a HAL cover page: metadata, not content
    bool has_page_labels = false;
    std::vector<std::uint32_t> ocr_pages;   // raw_document.h
    std::uint32_t pages_without_text = 0;
    bool hal_cover = false;
    std::size_t page_count = 0;
    std::size_t removed_header_lines = 0;
    std::vector<CleanPage> pages;
    std::vector<std::string> warnings;
    std::vector<HyphenDecision> hyphenations;
    // The file marks its headings (styles, HTML, Markdown): a paragraph it
    // does not mark is no heading, however short.
    bool marks_headings = false;
    // The size of the type is known (a PDF's line boxes): a heading stands
    // out by its size (CleanPage::large_type) or by a section number.
    bool knows_type_size = false;
};

[[nodiscard]] CleanDocument repair(RawDocument raw, const WordList& words);

// Control characters U+000B..U+001F in `lines` replaced by what a T1- or
// OT1-encoded TeX font draws at that code ("\x1C" is fi in T1, ø in OT1):
// the encoding whose reading makes more words of `words` wins, T1 on a tie.
// Returns how many characters were replaced.
std::size_t restore_tex_font_codes(std::vector<std::string*>& lines, const WordList& words);

// "^etre" -> "être", "bo^ıte" -> "boîte": a circumflex (^ or U+02C6) right
// before a vowel becomes that vowel's accent when the word it makes is in
// `words`, and always before a dotless ı (TeX's \i, never code). Code and
// formulas keep theirs: "e^a", "^deb", "\^e" are left alone.
[[nodiscard]] std::string restore_set_apart_circumflexes(const std::string& line, const WordList& words);

}  // namespace grappe
