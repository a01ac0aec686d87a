// Text a file or a user declares (PDF Info and XMP, Office properties,
// EPUB's OPF, HTML meta tags, sidecar records): the clean-ups they share,
// and the checks that keep a tool's placeholders ("Microsoft Word -
// doc1.docx") and account names ("User") out of the metadata.
#pragma once

#include <string>
#include <string_view>

namespace grappe {

[[nodiscard]] std::string ascii_lower(std::string_view s);
// Runs of spaces, tabs and line breaks as one space; none at either end.
[[nodiscard]] std::string collapse_spaces(std::string_view s);
// Without leading and trailing spaces, newlines and NULs.
[[nodiscard]] std::string trimmed(std::string value);
// Without spaces, commas and semicolons at either end, nor a full stop at
// the start: a piece of a list or a citation ("André Torre, " -> "André Torre").
[[nodiscard]] std::string trim_separators(std::string_view s);
// The title, or "" when it is a placeholder, a file name or a TeX comment.
[[nodiscard]] std::string plausible_title(std::string title);
// The author, or "" when it is an account name.
[[nodiscard]] std::string plausible_author(std::string author);

}  // namespace grappe
