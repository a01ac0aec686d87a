// What a PDF's source typesets, as plain text: the "truth" side of
// tools/bench-fidelity. Markup goes, typeset text stays, and text the markup
// itself prints (logos, cross-references, listings shown and then run) is
// added where a reader of the PDF sees it. Rough by design: the figures it
// feeds are word multisets, not layouts.
#pragma once

#include <filesystem>
#include <string>

namespace grappe::bench {

// LaTeX, or a .dtx's documentation (`dtx`). `body_only`: without a
// thebibliography environment (the body-text measure).
[[nodiscard]] std::string latex_text(const std::string& source, bool dtx, bool body_only);

// Texinfo as texinfo.tex prints it (the @iftex side of conditionals).
[[nodiscard]] std::string texinfo_text(const std::string& source);

// By extension: .tex, .dtx, .texi here; text, Markdown and ODT through
// Grappe's own readers (tested on their own).
[[nodiscard]] std::string source_text(const std::filesystem::path& path, bool body_only);

}  // namespace grappe::bench
