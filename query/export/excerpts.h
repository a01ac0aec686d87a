// Excerpts of a passage's stored text: the sentences a quotation takes, and
// the left and right contexts of a concordance line. Both cut only between
// characters and words, and never reach outside the passage.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace grappe {

using ByteRange = std::pair<std::size_t, std::size_t>;

// The sentences of `text` (byte ranges, in order, covering every word): a
// sentence ends at ".", "!", "?" or "…" followed by a space and a capital,
// a quote or a line break, or at a line break ("p. 3", "et al. (2011)",
// "M. Porter" do not end one).
[[nodiscard]] std::vector<ByteRange> sentence_spans(const std::string& text);

// The quotation of the sentences holding `ranges` (sorted byte ranges of
// matched words), neighbouring sentences kept together, gaps shown as
// " […] " and a cut start or end as "[…] " / " […]"; line breaks become
// spaces; the whole passage when `ranges` is empty.
[[nodiscard]] std::string quote_sentences(const std::string& text, const std::vector<ByteRange>& ranges);

// A concordance line: up to `width` characters either side of the match,
// cut between words, line breaks shown as spaces.
struct ContextLine {
    std::string left, match, right;  // without the spaces that join them
    bool space_before = false, space_after = false;  // the text has a space there ("l’écosystème" has none)
};
[[nodiscard]] ContextLine context_line(const std::string& text, ByteRange match, std::size_t width);

}  // namespace grappe
