// Concept timelines over an index, on three time axes (../shared/DOMAIN.md):
//   published  per year of the work: the documents and passages mentioning
//              the concept, and `rate`, those passages per 1,000 passages
//              of that year's corpus (shares, as the Ngram viewer shows)
//   cited      per year of the cited works: the citations made in passages
//              mentioning the concept (which literature it leans on)
//   period     per year: the periods named in passages mentioning the
//              concept ("les années 1970", "au XIXe siècle": cite/periods.h)
// Every figure comes from the index: postings of the concept's term, the
// passages' record (value kSlotDocId), records' years (kSlotRecordYear),
// cited years and periods (kSlotCitedYears, kSlotPeriods); no stored text
// is read. A text kept as several files counts once, through the first of
// them (works/works.h), dated by the first of them that states a year.
// Undated works are counted apart, never placed on a year.
//
// Bins: years are grouped in bins of `bin` years aligned on multiples of
// `bin` (1980, 1990); a point's year is its bin's first year; only years
// inside [from, to] are counted, so a bin cut by the range counts its part.
// A period counts once in each bin it overlaps (bin 1: once for each year it
// covers; "les années 1970" is one mention in the bin 1970 of width 10, ten
// in the bins of width 1). Smoothing is a centred moving average over
// `smooth` bins of the plotted measure (rate, citations or mentions),
// truncated at the ends of the range (an even width takes one more bin
// before than after).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace grappe {

class Searcher;

enum class TimeAxis { Published, Cited, Period };
[[nodiscard]] const char* axis_name(TimeAxis axis);

// One series: a concept (XQ term) or a family (XF term).
struct SeriesRequest {
    std::string id;
    bool family = false;
};

struct TimelineRequest {
    std::vector<SeriesRequest> series;
    TimeAxis axis = TimeAxis::Published;
    int bin = 1;
    int smooth = 1;
    int from = 0;  // 0: from the first year with data
    int to = 0;    // 0: to the last
    std::string where;  // the query language; passages matching it are the corpus ("" for all)
};

struct TimelinePoint {
    int year = 0;  // the bin's first year
    std::size_t documents = 0;
    std::size_t passages = 0;
    std::size_t citations = 0;  // cited axis
    std::size_t mentions = 0;   // period axis
    double rate = 0;       // the measure per 1,000 of the corpus's (the totals') in the bin
    double smoothed = 0;   // the plotted measure, smoothed (== it when smooth is 1)
};

struct TimelineSeries {
    std::string id;
    bool family = false;
    std::vector<TimelinePoint> points;
    std::size_t undated_documents = 0;  // works without a year that mention it
    std::size_t undated_passages = 0;
    std::size_t documents = 0;  // in all, dated or not
    std::size_t passages = 0;
};

struct Timeline {
    TimeAxis axis = TimeAxis::Published;
    int bin = 1, smooth = 1;
    int from = 0, to = 0;  // 0, 0 when nothing has a year
    std::vector<TimelineSeries> series;
    // The corpus per bin: on the published axis its documents and passages;
    // on the cited axis every citation (and the passages and documents
    // holding them); on the period axis every period named.
    std::vector<TimelinePoint> totals;
    std::size_t undated_documents = 0, undated_passages = 0;  // the corpus's undated works
};

// The plotted measure of a point on an axis: rate, citations or mentions.
[[nodiscard]] double plotted(const TimelinePoint& p, TimeAxis axis);

// Throws QueryError for a malformed `where`, IndexError when the index
// cannot be read.
[[nodiscard]] Timeline compute_timeline(const Searcher& searcher, const TimelineRequest& request);

// The passages behind the point of `year`'s bin (of the range the request
// gives or the timeline found), for every series of the request: those
// counted there, in doc id order.
[[nodiscard]] std::vector<std::uint32_t> timeline_passages(const Searcher& searcher, const TimelineRequest& request, int year);

}  // namespace grappe
