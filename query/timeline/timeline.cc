#include "timeline/timeline.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "search/searcher.h"
#include "store/documents.h"
#include "store/schema.h"
#include "timeline/corpus_reader.h"

namespace grappe {

const char* axis_name(TimeAxis axis) {
    switch (axis) {
        case TimeAxis::Published: return "published";
        case TimeAxis::Cited: return "cited";
        case TimeAxis::Period: return "period";
    }
    return "published";
}

double plotted(const TimelinePoint& p, TimeAxis axis) {
    switch (axis) {
        case TimeAxis::Published: return p.rate;
        case TimeAxis::Cited: return static_cast<double>(p.citations);
        case TimeAxis::Period: return static_cast<double>(p.mentions);
    }
    return p.rate;
}

namespace {

// Something counted on a time axis: a passage in its work's year, a
// citation in its cited year, a period over its years. `weight` passages
// stand behind it when `passage` is 0 (the corpus's passages per work).
struct Event {
    int from = 0, to = 0;
    std::uint32_t record = 0;
    Xapian::docid passage = 0;
    std::size_t weight = 1;
};

struct Gathered {
    std::vector<std::vector<Event>> series;  // dated events, per requested series
    std::vector<std::set<std::uint32_t>> documents, undated_documents;
    std::vector<std::size_t> passages, undated_passages;
    std::vector<Event> totals;
    std::set<std::uint32_t> corpus_undated_documents;
    std::size_t corpus_undated_passages = 0;
};

Gathered gather(const Searcher& searcher, const TimelineRequest& request) {
    const Xapian::Database& db = searcher.database();
    const Dating dates = dating(db, searcher.works());
    const bool restricted = !request.where.empty();
    const std::vector<std::uint32_t> allowed = restricted ? searcher.matching_passages(request.where) : std::vector<std::uint32_t>{};
    auto admitted = [&](Xapian::docid id) { return !restricted || std::binary_search(allowed.begin(), allowed.end(), id); };

    // What one passage adds on the axis, given its record and year.
    auto events_of = [&](Xapian::docid id, std::uint32_t record, int year, ValueWalk& cited, ValueWalk& periods, std::vector<Event>& out) {
        switch (request.axis) {
            case TimeAxis::Published:
                if (year != 0) out.push_back({year, year, record, id, 1});
                break;
            case TimeAxis::Cited:
                for (int y : decode_years(cited.at(id))) out.push_back({y, y, record, id, 1});
                break;
            case TimeAxis::Period: {
                const std::vector<int> spans = decode_years(periods.at(id));
                for (std::size_t i = 0; i + 1 < spans.size(); i += 2) out.push_back({spans[i], spans[i + 1], record, id, 1});
                break;
            }
        }
    };

    Gathered g;
    const std::size_t n = request.series.size();
    g.series.resize(n);
    g.documents.resize(n);
    g.undated_documents.resize(n);
    g.passages.assign(n, 0);
    g.undated_passages.assign(n, 0);
    for (std::size_t s = 0; s < n; ++s) {
        const std::string term = std::string(request.series[s].family ? schema::kPrefixFamily : schema::kPrefixConcept) + request.series[s].id;
        const Xapian::Query among(term);
        ValueWalk records(db, schema::kSlotDocId, among), cited(db, schema::kSlotCitedYears, among), periods(db, schema::kSlotPeriods, among);
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            const Xapian::docid id = *p;
            if (!admitted(id)) continue;
            const std::uint32_t record = record_id_of(records.at(id));
            if (!dates.counted(record)) continue;
            const int year = dates.of(record);
            ++g.passages[s];
            g.documents[s].insert(record);
            if (year == 0) {
                ++g.undated_passages[s];
                g.undated_documents[s].insert(record);
            }
            events_of(id, record, year, cited, periods, g.series[s]);
        }
    }

    // The corpus: every passage the request admits.
    if (request.axis == TimeAxis::Published && !restricted) {
        // Per work, from its record: its passages are those carrying its XD term.
        const std::string marker(schema::kTermRecord);
        for (auto r = db.postlist_begin(marker); r != db.postlist_end(marker); ++r) {
            const std::uint32_t record = *r;
            if (dates.copies.count(record)) continue;
            const std::size_t count = db.get_termfreq(schema::doc_term(record));
            if (count == 0) continue;
            if (const int year = dates.of(record); year != 0) g.totals.push_back({year, year, record, 0, count});
            else g.corpus_undated_documents.insert(record), g.corpus_undated_passages += count;
        }
    } else {
        ValueWalk records(db, schema::kSlotDocId), cited(db, schema::kSlotCitedYears), periods(db, schema::kSlotPeriods);
        auto take = [&](Xapian::docid id) {
            if (!admitted(id)) return;
            const std::uint32_t record = record_id_of(records.at(id));
            if (!dates.counted(record)) return;
            const int year = dates.of(record);
            if (year == 0) g.corpus_undated_documents.insert(record), ++g.corpus_undated_passages;
            events_of(id, record, year, cited, periods, g.totals);
        };
        if (restricted) {
            for (std::uint32_t id : allowed) take(id);
        } else {
            // Only the passages holding citations or periods: their value stream.
            const unsigned slot = request.axis == TimeAxis::Cited ? schema::kSlotCitedYears : schema::kSlotPeriods;
            for (const Xapian::docid id : documents_with_value(db, slot)) take(id);
            // The undated part of the corpus is its works', whatever they cite.
            const std::string marker(schema::kTermRecord);
            g.corpus_undated_passages = 0;
            g.corpus_undated_documents.clear();
            for (auto r = db.postlist_begin(marker); r != db.postlist_end(marker); ++r)
                if (!dates.copies.count(*r) && dates.of(*r) == 0)
                    if (const std::size_t count = db.get_termfreq(schema::doc_term(*r)); count > 0)
                        g.corpus_undated_documents.insert(*r), g.corpus_undated_passages += count;
        }
    }
    return g;
}

// The range a timeline covers: the request's bounds, else the data's.
std::pair<int, int> range_of(const TimelineRequest& request, const Gathered& g) {
    int first = 0, last = 0;
    auto widen = [&](const Event& e) {
        first = first == 0 ? e.from : std::min(first, e.from);
        last = std::max(last, e.to);
    };
    for (const auto& events : g.series)
        for (const Event& e : events) widen(e);
    // The corpus's years frame a published timeline (a concept's absence
    // before it appears is part of its story); cited and period totals
    // reach far and would drown the concept's range.
    if (request.axis == TimeAxis::Published || first == 0)
        for (const Event& e : g.totals) widen(e);
    int from = request.from != 0 ? request.from : first;
    int to = request.to != 0 ? request.to : last;
    if (from == 0 && to != 0) from = to;
    if (to == 0 && from != 0) to = std::max(from, last);
    return {from, to};
}

int bin_of(int year, int bin) { return year >= 0 ? year / bin * bin : -((-year + bin - 1) / bin) * bin; }

// The events' points over the bins of [from, to].
std::vector<TimelinePoint> binned(const std::vector<Event>& events, TimeAxis axis, int bin, int from, int to) {
    std::vector<TimelinePoint> points;
    if (from == 0 || to < from) return points;
    const int first_bin = bin_of(from, bin), last_bin = bin_of(to, bin);
    const std::size_t count = static_cast<std::size_t>((last_bin - first_bin) / bin + 1);
    points.resize(count);
    std::vector<std::set<std::uint32_t>> documents(count);
    std::vector<std::set<Xapian::docid>> passages(count);
    std::vector<std::size_t> weighted(count, 0);
    for (std::size_t i = 0; i < count; ++i) points[i].year = first_bin + static_cast<int>(i) * bin;
    for (const Event& e : events) {
        const int a = std::max(e.from, from), b = std::min(e.to, to);
        if (a > b) continue;
        for (int y = bin_of(a, bin); y <= b; y += bin) {
            const std::size_t i = static_cast<std::size_t>((y - first_bin) / bin);
            documents[i].insert(e.record);
            if (e.passage != 0) passages[i].insert(e.passage);
            else weighted[i] += e.weight;
            if (axis == TimeAxis::Cited) ++points[i].citations;
            if (axis == TimeAxis::Period) ++points[i].mentions;
        }
    }
    for (std::size_t i = 0; i < count; ++i) {
        points[i].documents = documents[i].size();
        points[i].passages = passages[i].size() + weighted[i];
    }
    return points;
}

void smooth_points(std::vector<TimelinePoint>& points, TimeAxis axis, int width) {
    const auto n = static_cast<std::ptrdiff_t>(points.size());
    const std::ptrdiff_t before = width / 2, after = (width - 1) / 2;
    std::vector<double> values;
    for (const auto& p : points) values.push_back(plotted(p, axis));
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        double sum = 0;
        std::ptrdiff_t k = 0;
        for (std::ptrdiff_t j = std::max<std::ptrdiff_t>(0, i - before); j <= std::min(n - 1, i + after); ++j, ++k) sum += values[static_cast<std::size_t>(j)];
        points[static_cast<std::size_t>(i)].smoothed = k > 0 ? sum / static_cast<double>(k) : 0;
    }
}

}  // namespace

Timeline compute_timeline(const Searcher& searcher, const TimelineRequest& request) {
    try {
        const Gathered g = gather(searcher, request);
        Timeline t;
        t.axis = request.axis;
        t.bin = std::max(1, request.bin);
        t.smooth = std::max(1, request.smooth);
        std::tie(t.from, t.to) = range_of(request, g);
        t.totals = binned(g.totals, request.axis, t.bin, t.from, t.to);
        t.undated_documents = g.corpus_undated_documents.size();
        t.undated_passages = g.corpus_undated_passages;
        for (std::size_t s = 0; s < request.series.size(); ++s) {
            TimelineSeries series;
            series.id = request.series[s].id;
            series.family = request.series[s].family;
            series.points = binned(g.series[s], request.axis, t.bin, t.from, t.to);
            for (std::size_t i = 0; i < series.points.size(); ++i) {
                TimelinePoint& p = series.points[i];
                const TimelinePoint& all = t.totals[i];
                const double part = request.axis == TimeAxis::Published ? static_cast<double>(p.passages)
                                    : request.axis == TimeAxis::Cited  ? static_cast<double>(p.citations)
                                                                       : static_cast<double>(p.mentions);
                const double whole = request.axis == TimeAxis::Published ? static_cast<double>(all.passages)
                                     : request.axis == TimeAxis::Cited  ? static_cast<double>(all.citations)
                                                                        : static_cast<double>(all.mentions);
                p.rate = whole > 0 ? 1000.0 * part / whole : 0.0;
            }
            smooth_points(series.points, request.axis, t.smooth);
            series.undated_documents = g.undated_documents[s].size();
            series.undated_passages = g.undated_passages[s];
            series.documents = g.documents[s].size();
            series.passages = g.passages[s];
            t.series.push_back(std::move(series));
        }
        return t;
    } catch (const Xapian::DatabaseModifiedError&) {
        throw IndexError("the index changed while reading it: run the command again");
    } catch (const Xapian::Error& e) {
        throw IndexError("reading the index failed: " + e.get_description());
    }
}

std::vector<std::uint32_t> timeline_passages(const Searcher& searcher, const TimelineRequest& request, int year) {
    const Gathered g = gather(searcher, request);
    const auto [from, to] = range_of(request, g);
    const int bin = std::max(1, request.bin);
    const int first = std::max(bin_of(year, bin), from), last = std::min(bin_of(year, bin) + bin - 1, to);
    std::set<std::uint32_t> out;
    for (const auto& events : g.series)
        for (const Event& e : events)
            if (e.from <= last && e.to >= first) out.insert(e.passage);
    return {out.begin(), out.end()};
}

}  // namespace grappe
