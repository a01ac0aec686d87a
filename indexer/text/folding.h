// Case and accent folding of text, the shared vocabulary of every stage
// that compares words: extraction (is this line a running header?),
// repair, segmentation, metadata, citations, and the Analyzer itself,
// which turns words into index keys with the same folding. Below them
// all: it depends on ICU only.
#pragma once

#include <string>
#include <string_view>

namespace grappe {

// Only bytes below 0x80.
[[nodiscard]] bool is_ascii(std::string_view text);

// Case folding only, accents kept ("Économie" -> "économie"; NFKC_Casefold:
// ligatures and compatibility forms expanded, invisible characters dropped).
[[nodiscard]] std::string lower_text(std::string_view text);

// Accent and case folding of a whole string, French ligature letters
// spelt out ("Œuvre" -> "oeuvre"): for comparisons ("is this word
// elsewhere in the document?") and index keys.
[[nodiscard]] std::string fold_text(std::string_view text);

// A word's two folded forms at once: `exact` as lower_text gives it,
// `key` as fold_text does (the Analyzer's Token::exact and Token::key).
struct FoldedWord {
    std::string exact, key;
};
[[nodiscard]] FoldedWord fold_word_forms(std::string_view word);

// The text starts with a lower-case letter: a..z or à..ÿ (how a sentence
// carries on across a line, and a word that is no caption's title).
[[nodiscard]] bool starts_lowercase(std::string_view text);

}  // namespace grappe
