// Metadata: who wrote a document, when, what it is, from the best source.
//
// Each field says where it came from. Sources, best first:
//   "sidecar F:L" a record the user keeps (.bib, CSL-JSON; metadata/sidecar.h),
//                 applied over the rest by the pipeline;
//   "hal-cover"   the HAL cover page: title, authors, HAL Id, the date of the
//                 work from its citation ("Jun 2016"), the deposit date
//                 ("Submitted on 5 Jun 2020"), venue and type;
//   "pdf-info", "pdf-xmp", "html-meta", "html-time", "html-title",
//   "front-matter", "file-name", "heading", "first-line"  what the file
//                 declares about itself (a PDF's CreationDate and a file's
//                 mtime are the file's, never the work's);
//   "largest-text" the largest text at the top of a PDF's first page;
//   "under-title" the line of names under it, or after "Par" on a cover;
//   "first-page"  a title standing first on the first page; a DOI in the
//                 first pages;
//   "cover-date"  a date line of the cover or title block (dates.h);
//   "cover"       a line of it that says what kind of work it is (work_type.h);
//   "format"      an HTML page is a web page, an EPUB a book, unless said otherwise;
//   "text"        the language, counted over the passages' words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyzer.h"
#include "metadata/dates.h"
#include "metadata/names.h"
#include "repair/repair.h"

namespace grappe {

struct Sourced {
    std::string value;
    std::string source;
    [[nodiscard]] bool empty() const { return value.empty(); }
};

struct Metadata {
    Sourced title;
    std::vector<Author> authors;
    std::string authors_source;
    Sourced year;          // "2016": the year of the work
    Sourced date;          // as printed: "Jun 2016", "2019-06-14"
    Sourced deposit_date;  // HAL "Submitted on": "5 Jun 2020"
    Sourced hal_id;        // "hal-01603657"
    Sourced doi;           // "10.1016/j.epidem.2017.01.001"
    Sourced venue;
    Sourced type;  // article, conference paper, thesis, report, book, chapter, web page
    Sourced language;  // fr, en, other
    Sourced citation_key;  // the user's own key for it (a sidecar's BibTeX key or CSL id), kept by exports
};

// `language` is the document's language as counted by the caller over its
// passages (detect_language); the rest comes from the cleaned document.
[[nodiscard]] Metadata extract_metadata(const CleanDocument& doc, const std::string& language);

// "fr", "en" or "other" from the share of French and English function words
// among the tokens; "" when there are too few words to tell.
[[nodiscard]] std::string detect_language(const std::vector<Token>& tokens);

}  // namespace grappe
