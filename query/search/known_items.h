// Measuring search as a reader uses it: tests/golden/search/known_items.tsv
// holds queries of three words read on one page of a PDF of ../shared, one
// disguised (re-cased, de-accented, put in the plural), as a reader
// remembers a page and looks for it again. A query succeeds when its file
// (or another copy of its text, works/works.h) comes back among the first
// ten documents; the mean reciprocal rank (MRR@10) weighs how high, and the
// right-page rate counts the queries whose file itself is shown at the page
// the words were read on.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "search/searcher.h"

namespace grappe {

struct KnownItem {
    std::string file;  // under ../shared: matched as a path suffix
    std::uint32_t page = 0;  // 1-based page in the file
    std::string query;
    std::string disguise;  // recase, deaccent, plural
};

// file<TAB>page<TAB>query<TAB>disguise; throws std::runtime_error with file
// and line for a malformed row.
[[nodiscard]] std::vector<KnownItem> read_known_items(const std::string& path);

struct KnownItemOutcome {
    std::size_t rank = 0;  // 1-based among the first ten documents; 0: not there
    std::string page;      // printed label shown for the file, when found
    bool right_page = false;
    std::size_t hits = 0;  // documents returned (up to ten)
};

struct KnownItemScore {
    std::size_t queries = 0, found = 0, right_page = 0, nothing = 0;
    double reciprocal_ranks = 0;
    std::vector<KnownItemOutcome> outcomes;  // one per query, in order
    [[nodiscard]] double mrr() const { return queries ? reciprocal_ranks / static_cast<double>(queries) : 0; }
};

// Runs every query with `scope`, ten documents each.
[[nodiscard]] KnownItemScore evaluate_known_items(const Searcher& searcher, const std::vector<KnownItem>& items, Scope scope);

}  // namespace grappe
