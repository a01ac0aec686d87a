// The kind of each paragraph: body text, or one of the parts of a document
// a researcher wants to find, or to keep out of the way (a bibliography and
// a table of contents rank below body text). Decided from the text and from
// where it stands: everything after a "Références" heading is a reference
// until an appendix or index starts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "repair/repair.h"

namespace grappe {

enum class PassageKind { Body, Heading, Footnote, Quote, Caption, Table, Reference, Toc };

// "body", "heading", "footnote", "quote", "caption", "table", "reference", "toc"
[[nodiscard]] std::string_view kind_name(PassageKind kind);
[[nodiscard]] const std::vector<std::string_view>& kind_names();

// Kinds of every page's paragraphs (same shape as doc.pages[i].paragraphs);
// notes are footnotes by construction.
[[nodiscard]] std::vector<std::vector<PassageKind>> classify_paragraphs(const CleanDocument& doc);

// "Références", "Bibliographie", "9. Resources & References": a heading that
// opens a reference list (also read by the PDF extractor, whose paragraphs
// of such a list are cut by other rules).
[[nodiscard]] bool is_references_heading(std::string_view text);
// "Annexes", "Index", "Glossaire": a heading that ends one.
[[nodiscard]] bool ends_references(std::string_view text);

// One paragraph out of context (no section state): for tests and tools.
[[nodiscard]] PassageKind paragraph_kind(std::string_view paragraph);

}  // namespace grappe
