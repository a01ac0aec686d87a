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

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

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
    std::vector<std::vector<double>> per_query(queries.size());  // each query's times, ms
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
            per_query[qi].push_back(ms);
        }
    }
    std::vector<double> times;
    std::vector<std::pair<double, std::size_t>> slowest;  // a query's median, the query
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
        std::vector<double>& t = per_query[qi];
        if (t.empty()) continue;
        times.insert(times.end(), t.begin(), t.end());
        std::sort(t.begin(), t.end());
        slowest.emplace_back(t[t.size() / 2], qi);
    }
    if (times.empty()) {
        std::fprintf(stderr, "no rounds timed: ROUNDS must be at least 1\n");
        return 2;
    }
    std::sort(times.begin(), times.end());
    std::sort(slowest.rbegin(), slowest.rend());
    slowest.resize(std::min<std::size_t>(slowest.size(), 5));

    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.SetMaxDecimalPlaces(3);
    w.StartObject();
    w.Key("queries");
    w.Uint64(queries.size());
    w.Key("rounds");
    w.Int(rounds);
    w.Key("median_ms");
    w.Double(times[times.size() / 2]);
    w.Key("p95_ms");
    w.Double(times[std::min(times.size() - 1, times.size() * 95 / 100)]);
    w.Key("max_ms");
    w.Double(times.back());
    w.Key("hits");
    w.Uint64(hits);
    w.Key("queries_without_hit");
    w.Uint64(empty);
    w.Key("slowest");
    w.StartArray();
    for (const auto& [ms, qi] : slowest) {
        w.StartObject();
        w.Key("median_ms");
        w.Double(ms);
        w.Key("query");
        w.String(queries[qi].c_str(), static_cast<rapidjson::SizeType>(queries[qi].size()));
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    std::printf("%s\n", buffer.GetString());
    return 0;
}
