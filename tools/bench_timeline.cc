// grappe-bench-timeline: time to answer a timeline and a genealogy, in
// process, over an existing index. Each request runs `rounds` times after
// one warm-up; prints the median and the slowest time in milliseconds, as
// JSON, with the figures answered (so that a fast empty answer shows).
//   grappe-bench-timeline DB [ROUNDS] [ID...]
// IDs default to the four concepts of the received sequence: district
// industriel, milieu innovateur, cluster, écosystème d'affaires. Also times
// the same timeline over a --where corpus of every body passage.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "search/searcher.h"
#include "timeline/genealogy.h"
#include "timeline/timeline.h"

namespace {

struct Timing {
    double median = 0, slowest = 0;
};

Timing time_it(int rounds, const std::function<void()>& run) {
    run();  // warm-up: the first read of the tables
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.back()};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: grappe-bench-timeline DB [ROUNDS] [ID...]\n");
        return 2;
    }
    const int rounds = argc > 2 ? std::max(1, std::stoi(argv[2])) : 20;
    std::vector<std::string> ids(argv + std::min(argc, 3), argv + argc);
    if (ids.empty()) ids = {"district-industriel", "milieu-innovateur", "cluster", "ecosysteme-affaires"};
    const grappe::Searcher searcher(argv[1]);
    std::printf("{\"db\": \"%s\", \"rounds\": %d, \"passages\": %u", argv[1], rounds,
                static_cast<unsigned>(searcher.database().get_doccount()));
    for (grappe::TimeAxis axis : {grappe::TimeAxis::Published, grappe::TimeAxis::Cited, grappe::TimeAxis::Period}) {
        grappe::TimelineRequest request;
        request.axis = axis;
        for (const auto& id : ids) request.series.push_back({id, false});
        std::size_t counted = 0;
        const Timing t = time_it(rounds, [&] {
            const grappe::Timeline timeline = grappe::compute_timeline(searcher, request);
            counted = 0;
            for (const auto& s : timeline.series) counted += s.passages;
        });
        std::printf(", \"timeline_%s\": {\"median_ms\": %.2f, \"max_ms\": %.2f, \"passages\": %zu}", grappe::axis_name(axis), t.median,
                    t.slowest, counted);
    }
    // The costly case: a --where corpus that holds most passages (every
    // body passage), enumerated and consulted for each posting.
    {
        grappe::TimelineRequest request;
        request.where = "kind:body";
        for (const auto& id : ids) request.series.push_back({id, false});
        std::size_t counted = 0;
        const Timing t = time_it(rounds, [&] {
            counted = 0;
            for (const auto& s : grappe::compute_timeline(searcher, request).series) counted += s.passages;
        });
        std::printf(", \"timeline_where_kind_body\": {\"median_ms\": %.2f, \"max_ms\": %.2f, \"passages\": %zu}", t.median, t.slowest, counted);
    }
    std::vector<std::string> all;
    for (const auto& [id, family] : searcher.lexicon().families) all.push_back(id);
    std::size_t attested = 0;
    const Timing g = time_it(rounds, [&] {
        attested = 0;
        for (const auto& entry : grappe::compute_genealogy(searcher, all)) attested += entry.first ? 1 : 0;
    });
    std::printf(", \"genealogy\": {\"median_ms\": %.2f, \"max_ms\": %.2f, \"concepts\": %zu, \"attested\": %zu}}\n", g.median, g.slowest, all.size(),
                attested);
    return 0;
}
