// grappe-bench-query: query latency, in process, over an existing index.
// Runs every query of a list (one per line, '#' for comments) `rounds`
// times, after one warm-up round, and prints the median and 95th percentile
// of single-query times in milliseconds, and the five queries slowest at
// their own median (where to look next), as JSON.
//   grappe-bench-query DB QUERIES.txt [ROUNDS] [SCOPE]
// SCOPE: passage, window, page (the default, as grappe search) or document.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "search/searcher.h"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: grappe-bench-query DB QUERIES.txt [ROUNDS]\n");
        return 2;
    }
    const int rounds = argc > 3 ? std::stoi(argv[3]) : 20;
    grappe::Scope scope = grappe::Scope::Page;
    if (argc > 4) {
        bool known = false;
        for (grappe::Scope s : {grappe::Scope::Passage, grappe::Scope::Window, grappe::Scope::Page, grappe::Scope::Document})
            if (std::string(argv[4]) == grappe::scope_name(s)) {
                scope = s;
                known = true;
            }
        if (!known) {
            std::fprintf(stderr, "unknown scope %s: passage, window, page or document\n", argv[4]);
            return 2;
        }
    }
    std::vector<std::string> queries;
    std::ifstream in(argv[2]);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') queries.push_back(line);
    if (queries.empty()) {
        std::fprintf(stderr, "no queries in %s\n", argv[2]);
        return 2;
    }
    const grappe::Searcher searcher(argv[1]);
    std::vector<double> times;
    std::vector<std::vector<double>> per_query(queries.size());
    std::size_t hits = 0, empty = 0;
    for (int round = -1; round < rounds; ++round) {
        for (std::size_t qi = 0; qi < queries.size(); ++qi) {
            const std::string& q = queries[qi];
            grappe::SearchRequest request;
            request.query = q;
            request.scope = scope;
            const auto start = std::chrono::steady_clock::now();
            const grappe::SearchResults results = searcher.search(request);
            const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            if (round < 0) {  // warm-up: count, don't time
                hits += results.hits.size();
                if (results.hits.empty()) ++empty;
                continue;
            }
            times.push_back(ms);
            per_query[qi].push_back(ms);
        }
    }
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    const double p95 = times[std::min(times.size() - 1, times.size() * 95 / 100)];
    std::vector<std::pair<double, std::size_t>> slowest;
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
        std::vector<double>& t = per_query[qi];
        if (t.empty()) continue;
        std::sort(t.begin(), t.end());
        slowest.emplace_back(t[t.size() / 2], qi);
    }
    std::sort(slowest.rbegin(), slowest.rend());
    slowest.resize(std::min<std::size_t>(slowest.size(), 5));
    std::string slow_json;
    for (const auto& [ms, qi] : slowest) {
        std::string quoted;
        for (char c : queries[qi]) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        char entry[64];
        std::snprintf(entry, sizeof entry, "%s{\"median_ms\": %.3f, \"query\": \"", slow_json.empty() ? "" : ", ", ms);
        slow_json += entry + quoted + "\"}";
    }
    std::printf("{\"queries\": %zu, \"rounds\": %d, \"median_ms\": %.3f, \"p95_ms\": %.3f, \"max_ms\": %.3f, \"hits\": %zu, \"queries_without_hit\": %zu, "
                "\"slowest\": [%s]}\n",
                queries.size(), rounds, median, p95, times.back(), hits, empty, slow_json.c_str());
    return 0;
}
