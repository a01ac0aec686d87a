// Segment: pages of paragraphs in, passages out. A passage is the unit of
// search: a paragraph, or several short ones joined, or a slice of a long
// one, roughly 40 to 250 words, never across a page, never mixing kinds
// (body, footnote, reference... see kinds.h) except a heading with what
// follows it. A page's footnotes come after its body passages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "repair/repair.h"
#include "segment/kinds.h"

namespace grappe {

struct Passage {
    std::uint32_t page_index = 0;  // 0-based position of the page in the file
    std::string page_label;        // as printed
    std::uint32_t ordinal = 0;     // 0-based position in the document
    std::string text;              // stored form; paragraphs separated by "\n"
    PassageKind kind = PassageKind::Body;  // a passage's kind (kinds.h); headings lead into the text after them
    std::vector<PassageKind> kinds;        // every kind of paragraph it holds (a heading and its body)
};

struct SegmentLimits {
    std::size_t min_words = 40;
    std::size_t max_words = 250;
};

[[nodiscard]] std::vector<Passage> segment(const CleanDocument& doc, SegmentLimits limits = {});

[[nodiscard]] std::size_t count_words(std::string_view text);

}  // namespace grappe
