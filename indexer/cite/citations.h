// Citations: author-year references in running text, and the entries of a
// document's reference list, linked to each other within the document.
// They feed `cites:` and `cited:` searches now and the genealogy timelines
// later (by the years of the works cited).
//
// In running text:  (Porter, 2000)   (Menzel et Fornahl, 2007 ; 2010)
//                   Becattini (1979)   (Amisse et al., 2011)
//                   (Bathelt et al., 2004, p. 35)   (voir Porter, 1990a)
// Numbered citations, where the reference list is numbered ("[12] ..." or
// "12. ..."):  [12]   [3, 5–7]   [12, p. 35]   [4; 9]
// In a reference list, one entry per paragraph, as French and English
// styles write them:
//   Bathelt H., Malmberg A. et Maskell P. (2004), « Clusters and... », ...
//   Porter, M. E. (1990). The Competitive Advantage of Nations. ...
//   [45] P. J. McMurdie, S. Holmes, “phyloseq: an R package...,” 2013.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace grappe {

struct Citation {
    std::vector<std::string> authors;  // family names as written: "Menzel", "Fornahl"
    bool et_al = false;
    std::string year;       // "2004", "1990a"
    std::size_t begin = 0;  // byte span of the citation in the text ("Becattini (1979)", "Porter, 2000")
    std::size_t end = 0;
    int reference = -1;  // index of its entry in the document's reference list, -1 when not found
};

struct Reference {
    std::vector<std::string> authors;  // family names
    std::string year;
    std::string title;
    std::string text;   // the entry as stored
    std::string label;  // "45" for "[45] ..." or "45. ...": what numbered citations call it
};

[[nodiscard]] std::vector<Citation> find_citations(std::string_view text);

// "menzel 2007": the first author's family name folded (its last word, so
// "van der Groep" is "groep") and the year; how the evaluation compares.
[[nodiscard]] std::string citation_key(const Citation& citation);
// The keys of every citation find_citations sees in `text`.
[[nodiscard]] std::set<std::string> citation_keys(std::string_view text);

// An entry of a reference list, or nothing when it has no author and year.
[[nodiscard]] bool parse_reference(std::string_view entry, Reference& out);

// Reference-list paragraphs in order -> entries; a paragraph without a year
// continues the entry before it (an entry broken by a column or a page).
[[nodiscard]] std::vector<Reference> parse_reference_list(const std::vector<std::string>& paragraphs);

// Sets each citation's `reference`: same first author (accents and case
// aside) and same year.
void link_citations(std::vector<Citation>& citations, const std::vector<Reference>& references);

// Numbered citations of `text` that call an entry of a numbered reference
// list (at least two labelled entries), linked and given the entry's
// authors and year; "[3, 5–7]" is four. Nothing without such a list: a
// bracketed number alone may be anything. With `superscript_calls`, raised
// numbers ("QIIME⁴⁹", "Snakemake⁹,¹²") are citations too: for a document
// without footnotes, whose raised numbers cannot be note calls.
[[nodiscard]] std::vector<Citation> find_numbered_citations(std::string_view text, const std::vector<Reference>& references,
                                                            bool superscript_calls = false);

}  // namespace grappe
