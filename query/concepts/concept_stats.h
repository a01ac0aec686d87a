// Concept figures over an index: for each concept, the passages and
// documents that mention it, its first and last year of publication, and the
// concepts it shares passages with (grappe concepts).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "concepts/lexicon.h"
#include "works/works.h"

namespace grappe {

struct ConceptFigures {
    std::string id;
    std::string family;
    std::string label;            // from the lexicon; "" for a concept the lexicon no longer has
    std::size_t passages = 0;
    std::size_t documents = 0;
    int first_year = 0;           // 0 when no document with a year mentions it
    int last_year = 0;
    std::vector<std::pair<std::string, std::size_t>> cooccurring;  // most shared passages first
};

struct ConceptTable {
    std::vector<ConceptFigures> concepts;  // lexicon order, then concepts only the index knows
    // together[i][j]: passages that mention both concepts i and j
    // (together[i][i] = concepts[i].passages).
    std::vector<std::vector<std::size_t>> together;
    std::size_t passages = 0;  // passages in the index

    // |A ∩ B| / |A ∪ B| over passages, 0 when neither has any.
    [[nodiscard]] double jaccard(std::size_t i, std::size_t j) const;
};

// `top` co-occurring concepts are kept per concept. `works`: the index's
// (Searcher::works(), merged over its shards).
[[nodiscard]] ConceptTable concept_table(const Xapian::Database& db, const Works& works, const Lexicon& lexicon, std::size_t top = 3);

}  // namespace grappe
