// Measuring reference lists against a person's reading:
// tests/golden/citations/references.tsv gives, for each reference list of
// ../shared/seeds and ../shared/corpus-topic, the first author and year of
// each entry that has both. An entry is found when Grappe's list has an
// entry with the same first author (accents and case aside, its last word
// for "van der Groep") and year, each entry matched once.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analyze/analyzer.h"
#include "repair/dehyphenator.h"

namespace grappe {

struct ReferenceScore {
    std::size_t annotated = 0;  // entries with an author and a year in the annotation
    std::size_t parsed = 0;     // entries Grappe's list has
    std::size_t matched = 0;    // annotated entries found with the right first author and year
    std::size_t citations = 0;  // author-year citations in the document's text
    std::size_t linked = 0;     // of which linked to an entry of its list
    std::vector<std::string> missed;  // "author year" of the annotated entries not found
    [[nodiscard]] double rate() const { return annotated ? static_cast<double>(matched) / static_cast<double>(annotated) : 1.0; }
    void add(const ReferenceScore& other);
};

// file -> (first author, year) in order. Throws std::runtime_error with file
// and line for a malformed row.
[[nodiscard]] std::map<std::string, std::vector<std::pair<std::string, std::string>>> read_reference_annotations(const std::string& path);

// Indexes each annotated file of `shared` (as `grappe index` reads it) and
// scores its reference list. Throws std::runtime_error for a file it cannot read.
[[nodiscard]] std::map<std::string, ReferenceScore> score_reference_lists(
    const std::map<std::string, std::vector<std::pair<std::string, std::string>>>& annotations, const std::string& shared,
    const Analyzer& analyzer, const WordList& words);

}  // namespace grappe
