// grappe-bench-search: known-item search, scope by scope. For each query of
// tests/golden/search/known_items.tsv (three words read on a page of a PDF
// of ../shared, one disguised), over an index of those files, the rank of
// the file among the first ten documents and the page it is shown at; then,
// per scope, the mean reciprocal rank (MRR@10), the queries whose page is
// right, found in the ten, and that return nothing.
//
//   grappe-bench-search INDEX KNOWN_ITEMS.tsv [--verbose]
#include <cstdio>
#include <string>

#include "search/known_items.h"

using namespace grappe;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: grappe-bench-search INDEX KNOWN_ITEMS.tsv [--verbose]\n");
        return 2;
    }
    const bool verbose = argc > 3 && std::string(argv[3]) == "--verbose";
    try {
        const Searcher searcher(argv[1]);
        const std::vector<KnownItem> items = read_known_items(argv[2]);
        const Scope scopes[] = {Scope::Passage, Scope::Window, Scope::Page, Scope::Document};
        std::vector<KnownItemScore> scores;
        for (Scope scope : scopes) scores.push_back(evaluate_known_items(searcher, items, scope));
        if (verbose) {
            std::printf("%-44s %4s  %-9s %-9s %-9s %-9s\n", "query", "page", "passage", "window", "page", "document");
            for (std::size_t i = 0; i < items.size(); ++i) {
                std::printf("%-44s %4u ", items[i].query.c_str(), items[i].page);
                for (const auto& s : scores) {
                    const KnownItemOutcome& o = s.outcomes[i];
                    char cell[32];
                    if (o.rank) std::snprintf(cell, sizeof cell, "#%zu %s", o.rank, o.right_page ? "p" : "~");
                    else std::snprintf(cell, sizeof cell, "%s", o.hits ? "-" : "none");
                    std::printf(" %-9s", cell);
                }
                std::printf("\n");
            }
            std::printf("(#rank of the file among ten documents; p: shown at the right page, ~: another; -: not in the ten; none: no hit)\n\n");
        }
        std::printf("%zu known-item queries\n\n%-9s %7s %11s %9s %9s\n", items.size(), "scope", "MRR@10", "right page", "in top 10", "nothing");
        for (std::size_t k = 0; k < scores.size(); ++k) {
            const KnownItemScore& s = scores[k];
            std::printf("%-9s %7.3f %7zu/%zu %6zu/%zu %6zu/%zu\n", scope_name(scopes[k]), s.mrr(), s.right_page, s.queries, s.found, s.queries,
                        s.nothing, s.queries);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "grappe-bench-search: %s\n", e.what());
        return 2;
    }
}
