// The kind of a work: article, conference paper, thesis, report, book,
// chapter, web page. Told only by whole words where a work says what it is:
// a line of its cover or title block ("Thèse de doctorat", "Mémoire de
// master", "Rapport d'évaluation", "Working paper"), or the shape of a HAL
// citation. Never a word anywhere in the text: "hypothèse" holds "thèse", a
// blog post's "soirée conférence" is no conference paper. Unknown is "".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grappe {

// The kinds Grappe knows, in the spelling the index and the query's
// `type:` field use ("conference paper" is `type:conference-paper`).
[[nodiscard]] const std::vector<std::string>& work_types();

// The kind a cover or title-block line states, or "". A line states it
// when it opens on the kind's words (after an ordinal or a number: "XXIe
// Conférence internationale...", "2e rapport..."), or is the kind's words
// alone, and is short and no sentence.
[[nodiscard]] std::string type_of_cover_line(std::string_view line);

// The kind a HAL citation's tail (after authors and title) shows:
//   "Revue d'économie régionale, 2016, 113 (2), pp.405-429"  article
//   "Forum Innovation, Jun 2016, Paris, France"                conference paper
//   "Economies et finances. Université Paris 1, 2015. Français" thesis
//   "[Rapport de recherche] INRA. 2012, 45 p."                  report
//   "J. Dupont (dir.). Les clusters, Belin, pp.12-30, 2010"     chapter
// "" when it shows none of them (a preprint).
[[nodiscard]] std::string type_of_hal_citation(std::string_view tail);

// What a declared type means in Grappe's words: CSL types
// ("article-journal", "paper-conference", "report", "thesis", "chapter",
// "book", "webpage", and Hugo Academic's numeric codes), BibTeX's
// (@inproceedings, @phdthesis...), Dublin Core's; "" when unknown.
[[nodiscard]] std::string type_of_declared(std::string_view declared);

}  // namespace grappe
