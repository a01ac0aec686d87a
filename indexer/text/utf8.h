// UTF-8 at the edges: what Grappe prints or stores must be valid UTF-8, and
// every cut it makes in a text (snippets, concordance contexts, titles
// shortened for a terminal) must fall between two characters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace grappe {

[[nodiscard]] bool is_valid_utf8(std::string_view text);

// `text` with every malformed or truncated sequence replaced by U+FFFD (a
// file name in Latin-1, a record written by an older build): what JSON and
// terminal output pass on.
[[nodiscard]] std::string valid_utf8(std::string_view text);

// The offset of the character that holds byte `at` (`at` itself when it
// starts one); `text.size()` for `at` past the end.
[[nodiscard]] std::size_t char_start(std::string_view text, std::size_t at);
// The first character boundary at or after `at`.
[[nodiscard]] std::size_t char_end(std::string_view text, std::size_t at);

// Appends code point `c` (below 0x110000) in UTF-8.
void append_utf8(std::string& out, char32_t c);

}  // namespace grappe
