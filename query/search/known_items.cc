#include "search/known_items.h"

#include <algorithm>
#include <stdexcept>

#include "text/tsv.h"

namespace grappe {

std::vector<KnownItem> read_known_items(const std::string& path) {
    std::vector<KnownItem> out;
    for (const TsvRow& row : read_tsv(path, 4)) {
        KnownItem item{row.fields[0], 0, row.fields[2], row.fields[3]};
        try {
            item.page = static_cast<std::uint32_t>(std::stoul(row.fields[1]));
        } catch (const std::exception&) {
            throw std::runtime_error(path + ":" + std::to_string(row.line) + ": the page is no number: " + row.fields[1]);
        }
        if (item.file.empty() || item.page == 0 || item.query.empty())
            throw std::runtime_error(path + ":" + std::to_string(row.line) + ": a file, a page and a query are needed");
        out.push_back(std::move(item));
    }
    return out;
}

KnownItemScore evaluate_known_items(const Searcher& searcher, const std::vector<KnownItem>& items, Scope scope) {
    KnownItemScore score;
    for (const KnownItem& item : items) {
        SearchRequest request;
        request.query = item.query;
        request.scope = scope;
        request.limit = 10;
        const SearchResults results = searcher.search(request);
        KnownItemOutcome outcome;
        outcome.hits = results.hits.size();
        auto is_target = [&](const std::string& path) { return path.size() > item.file.size() && path.ends_with("/" + item.file); };
        for (const Hit& h : results.hits) {
            // The file itself, or another copy of its text that stands for it.
            const bool itself = is_target(h.path);
            if (!itself && std::none_of(h.also_in.begin(), h.also_in.end(), [&](const auto& copy) { return is_target(copy.second); })) continue;
            outcome.rank = h.rank;
            outcome.page = h.page;
            outcome.right_page = itself && h.page_index == item.page;
            break;
        }
        ++score.queries;
        if (outcome.hits == 0) ++score.nothing;
        if (outcome.rank) {
            ++score.found;
            score.reciprocal_ranks += 1.0 / static_cast<double>(outcome.rank);
        }
        if (outcome.right_page) ++score.right_page;
        score.outcomes.push_back(outcome);
    }
    return score;
}

}  // namespace grappe
