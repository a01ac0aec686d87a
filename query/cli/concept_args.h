// Concept and family ids as commands take them (timeline, genealogy):
// "cluster" is the concept where a concept has that id, else the family;
// "family:cluster" and "concept:x" say which.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "concepts/lexicon.h"
#include "parse/query_parser.h"
#include "store/index_writer.h"
#include "timeline/timeline.h"

namespace grappe::cli {

// The series an argument names, or nothing for an unknown id.
[[nodiscard]] std::optional<SeriesRequest> resolve_concept_arg(const std::string& arg, const Lexicon& lexicon, const IndexLexicon& recorded);

// The concept ids of a family, in the lexicon's order (and those only the index knows).
[[nodiscard]] std::vector<std::string> family_concepts(const std::string& family, const Lexicon& lexicon, const IndexLexicon& recorded);

// The concept ids that concept and family arguments stand for (a family:
// its concepts; none: every concept of the lexicon and the index), each
// once; the first unknown argument in `unknown` (and nothing returned).
[[nodiscard]] std::vector<std::string> concept_ids_of(const std::vector<std::string>& args, const Lexicon& lexicon, const IndexLexicon& recorded,
                                                      std::string& unknown);

// A series' label and family as people read them.
struct SeriesName {
    std::string label;
    std::string family;
};
[[nodiscard]] SeriesName series_name(const SeriesRequest& series, const Lexicon& lexicon, const IndexLexicon& recorded);

// The lexicon's ids, families and names, for suggest_concept().
[[nodiscard]] ConceptVocabulary lexicon_vocabulary(const Lexicon& lexicon);

// "no concept or family "x" in the lexicon; did you mean y? (grappe concepts lists them)"
[[nodiscard]] std::string unknown_concept_message(const std::string& arg, const Lexicon& lexicon);

}  // namespace grappe::cli
