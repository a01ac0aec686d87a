// Declared metadata (PDF Info and XMP, Office document properties, EPUB's
// OPF) is often a tool's placeholder rather than the work's: these checks
// keep "Microsoft Word - doc1.docx" and account names like "User" out.
#pragma once

#include <string>
#include <string_view>

namespace grappe {

[[nodiscard]] std::string ascii_lower(std::string_view s);
// Without leading and trailing spaces, newlines and NULs.
[[nodiscard]] std::string trimmed(std::string value);
// The title, or "" when it is a placeholder, a file name or a TeX comment.
[[nodiscard]] std::string plausible_title(std::string title);
// The author, or "" when it is an account name.
[[nodiscard]] std::string plausible_author(std::string author);

}  // namespace grappe
