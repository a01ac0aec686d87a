// grappe timeline CONCEPT|FAMILY...: how concepts rise and fall, on three
// time axes (timeline/timeline.h says how each figure is counted).
//
// An argument is a concept id, else a family id ("cluster" is both: the
// concept; "family:cluster" asks for the family, "concept:x" for a concept).
//
// JSON (--format json), one object; stable, additions only:
//   {"axis": "published"|"cited"|"period", "bin": n, "smooth": n,
//    "from": year, "to": year (null when nothing is dated),
//    "measure": "rate"|"citations"|"mentions" (what the charts plot),
//    "series": [{"id", "label", "family", "kind": "concept"|"family",
//                "points": [{"year", "documents", "passages", "rate",
//                            "citations" (cited axis), "mentions" (period axis),
//                            "smoothed" (when smooth > 1)}],
//                "undated": {"documents", "passages"},
//                "documents", "passages" (in all, dated or not)}],
//    "totals": [{"year", "documents", "passages", "citations"|"mentions"}],
//    "undated": {"documents", "passages"} (the corpus's undated works)}
// CSV (--format csv), stable columns:
//   axis,series,label,family,year,documents,passages,citations,mentions,rate,smoothed
//   a row per series and bin; a row "undated" per series; the corpus's rows
//   with an empty series and the label "(corpus)". Fields an axis lacks are empty.
// SVG (--format svg): a standalone chart, one <path class="series"> per series.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/concept_args.h"
#include "cli/output.h"
#include "parse/query_parser.h"
#include "pipeline/index_run.h"
#include "search/searcher.h"
#include "store/index_writer.h"
#include "timeline/timeline.h"

namespace grappe::cli {
namespace {

using Named = SeriesName;

const char* measure_name(TimeAxis axis) {
    return axis == TimeAxis::Published ? "rate" : axis == TimeAxis::Cited ? "citations" : "mentions";
}

// What the plotted measure is, in words, for legends and headers.
std::string measure_words(TimeAxis axis) {
    switch (axis) {
        case TimeAxis::Published: return "passages mentioning it per 1,000 passages of the year (‰)";
        case TimeAxis::Cited: return "citations, by year of the work cited, in passages mentioning it";
        case TimeAxis::Period: return "periods named in passages mentioning it, by the years they cover";
    }
    return "";
}

std::string number(double v) {
    char buffer[64];
    if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(buffer, sizeof buffer, "%.0f", v);
    else std::snprintf(buffer, sizeof buffer, "%.3g", v);
    return buffer;
}

// A bin in words, cut to the range: "2010-2019", "2025".
std::string bin_words(const Timeline& t, int year) {
    const int first = std::max(year, t.from), last = std::min(year + t.bin - 1, t.to);
    return first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
}

double shown(const TimelinePoint& p, const Timeline& t) { return t.smooth > 1 ? p.smoothed : plotted(p, t.axis); }

// ---- text ----------------------------------------------------------------

void print_text(const Timeline& t, const std::vector<Named>& names, bool rebinned) {
    const Style s = style_for(stdout);
    std::string header = std::string(axis_name(t.axis)) + " axis: " + measure_words(t.axis);
    if (t.from == 0) {
        emit(s.bold(header));
        emit("Nothing to plot: no dated passage mentions it" + std::string(t.series.size() > 1 ? "m." : "."));
    } else {
        header += "; " + std::to_string(t.from) + "-" + std::to_string(t.to);
        header += t.bin == 1 ? ", a column a year" : ", a column per " + std::to_string(t.bin) + " years";
        if (rebinned) header += " (grouped to fit a line; --bin to choose)";
        if (t.smooth > 1) header += ", moving average over " + std::to_string(t.smooth) + " columns";
        emit(s.bold(header));
    }
    static const char* kBars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    double top = 0;
    for (const auto& series : t.series)
        for (const auto& p : series.points) top = std::max(top, shown(p, t));
    std::size_t width = 12;
    for (const auto& n : names) width = std::max(width, std::min<std::size_t>(n.label.size(), 28));
    auto line = [&](const std::vector<double>& values, double scale) {
        std::string out;
        for (double v : values) {
            if (v <= 0 || scale <= 0) out += " ";
            else out += kBars[std::min(7, static_cast<int>(std::ceil(v / scale * 8.0)) - 1)];
        }
        return out;
    };
    const std::size_t columns = t.series.empty() ? 0 : t.series.front().points.size();
    for (std::size_t i = 0; i < t.series.size(); ++i) {
        const TimelineSeries& series = t.series[i];
        std::vector<double> values;
        std::size_t peak = 0;
        for (std::size_t k = 0; k < series.points.size(); ++k) {
            values.push_back(shown(series.points[k], t));
            if (values[k] > values[peak]) peak = k;
        }
        std::string about = counted(series.passages, "passage") + ", " + counted(series.documents, "document");
        if (series.undated_documents > 0 && t.axis == TimeAxis::Published)
            about += " (" + std::to_string(series.undated_documents) + " undated, " + counted(series.undated_passages, "passage") + ")";
        std::string row = fit(names[i].label, width) + " │" + line(values, top) + "│ ";
        if (!values.empty() && values[peak] > 0) {
            const TimelinePoint& p = series.points[peak];
            std::string at = "peak " + bin_words(t, p.year) + ": " + number(values[peak]) + (t.axis == TimeAxis::Published ? "‰" : "");
            if (t.axis == TimeAxis::Published && t.smooth == 1) at += " (" + std::to_string(p.passages) + " of " + std::to_string(t.totals[peak].passages) + ")";
            row += s.bold(at) + " · ";
        }
        emit(row + s.dim(about));
        if (!values.empty() && values[peak] > 0) emit(std::string(width + 2 + peak, ' ') + "^");
    }
    if (columns == 0) return;
    // The corpus, on its own scale, and the years under the columns.
    std::vector<double> corpus;
    double corpus_top = 0;
    for (const auto& p : t.totals) {
        const double v = t.axis == TimeAxis::Published ? static_cast<double>(p.passages) : plotted(p, t.axis);
        corpus.push_back(v);
        corpus_top = std::max(corpus_top, v);
    }
    const char* corpus_unit = t.axis == TimeAxis::Published ? "passages" : t.axis == TimeAxis::Cited ? "citations" : "periods named";
    emit(s.dim(fit("(corpus)", width) + " │" + line(corpus, corpus_top) + "│ " + corpus_unit + ", at most " + number(corpus_top) +
               (t.undated_documents ? "; undated: " + std::to_string(t.undated_documents) + " documents, " +
                                          std::to_string(t.undated_passages) + " passages"
                                    : "")));
    // Years under their columns: the first, the last (ending under its
    // column), then round years where they fit.
    std::string axis(columns + 4, ' ');
    auto place = [&](std::size_t at, const std::string& y) {
        for (std::size_t j = at == 0 ? 0 : at - 1; j < std::min(axis.size(), at + y.size() + 1); ++j)
            if (axis[j] != ' ') return;
        axis.replace(at, y.size(), y);
    };
    place(0, std::to_string(t.totals.front().year));
    if (columns > 1) {
        const std::string last = std::to_string(t.totals.back().year);
        place(columns >= last.size() ? columns - last.size() + 1 : 0, last);
    }
    for (int round : {100, 50, 10, 5})
        for (std::size_t k = 1; k + 1 < columns; ++k)
            if (t.totals[k].year % round == 0) place(k, std::to_string(t.totals[k].year));
    while (!axis.empty() && axis.back() == ' ') axis.pop_back();
    emit(std::string(width + 2, ' ') + axis);
}

// ---- json / csv ------------------------------------------------------------

void write_point(JsonWriter& w, const TimelinePoint& p, const Timeline& t, bool total) {
    w.StartObject();
    w.Key("year");
    w.Int(p.year);
    w.Key("documents");
    w.Uint64(p.documents);
    w.Key("passages");
    w.Uint64(p.passages);
    if (!total) {
        w.Key("rate");
        w.Double(std::round(p.rate * 1000.0) / 1000.0);
    }
    if (t.axis == TimeAxis::Cited) {
        w.Key("citations");
        w.Uint64(p.citations);
    }
    if (t.axis == TimeAxis::Period) {
        w.Key("mentions");
        w.Uint64(p.mentions);
    }
    if (!total && t.smooth > 1) {
        w.Key("smoothed");
        w.Double(std::round(p.smoothed * 1000.0) / 1000.0);
    }
    w.EndObject();
}

void write_undated(JsonWriter& w, std::size_t documents, std::size_t passages) {
    w.Key("undated");
    w.StartObject();
    w.Key("documents");
    w.Uint64(documents);
    w.Key("passages");
    w.Uint64(passages);
    w.EndObject();
}

}  // namespace

std::string timeline_json(const Timeline& t, const std::vector<Named>& names) {
    rapidjson::StringBuffer b;
    JsonWriter w(b);
    w.StartObject();
    json_member(w, "axis", axis_name(t.axis));
    w.Key("bin");
    w.Int(t.bin);
    w.Key("smooth");
    w.Int(t.smooth);
    w.Key("from");
    if (t.from) w.Int(t.from);
    else w.Null();
    w.Key("to");
    if (t.to) w.Int(t.to);
    else w.Null();
    json_member(w, "measure", measure_name(t.axis));
    w.Key("series");
    w.StartArray();
    for (std::size_t i = 0; i < t.series.size(); ++i) {
        const TimelineSeries& s = t.series[i];
        w.StartObject();
        json_member(w, "id", s.id);
        json_member(w, "label", names[i].label);
        json_member(w, "family", names[i].family);
        json_member(w, "kind", s.family ? "family" : "concept");
        w.Key("points");
        w.StartArray();
        for (const auto& p : s.points) write_point(w, p, t, false);
        w.EndArray();
        write_undated(w, s.undated_documents, s.undated_passages);
        w.Key("documents");
        w.Uint64(s.documents);
        w.Key("passages");
        w.Uint64(s.passages);
        w.EndObject();
    }
    w.EndArray();
    w.Key("totals");
    w.StartArray();
    for (const auto& p : t.totals) write_point(w, p, t, true);
    w.EndArray();
    write_undated(w, t.undated_documents, t.undated_passages);
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}

std::string timeline_csv(const Timeline& t, const std::vector<Named>& names) {
    std::string out;
    auto emit = [&out](const std::string& line) { out += line + "\n"; };
    emit("axis,series,label,family,year,documents,passages,citations,mentions,rate,smoothed");
    const std::string axis = axis_name(t.axis);
    auto row = [&](const std::string& id, const std::string& label, const std::string& family, const TimelinePoint& p, bool total) {
        char rate[32] = "", smoothed[32] = "";
        if (!total) std::snprintf(rate, sizeof rate, "%.3f", p.rate);
        if (!total && t.smooth > 1) std::snprintf(smoothed, sizeof smoothed, "%.3f", p.smoothed);
        emit(axis + "," + csv_field(id) + "," + csv_field(label) + "," + csv_field(family) + "," + std::to_string(p.year) + "," +
             std::to_string(p.documents) + "," + std::to_string(p.passages) + "," +
             (t.axis == TimeAxis::Cited ? std::to_string(p.citations) : "") + "," +
             (t.axis == TimeAxis::Period ? std::to_string(p.mentions) : "") + "," + rate + "," + smoothed);
    };
    for (std::size_t i = 0; i < t.series.size(); ++i) {
        const TimelineSeries& s = t.series[i];
        for (const auto& p : s.points) row(s.id, names[i].label, names[i].family, p, false);
        emit(axis + "," + csv_field(s.id) + "," + csv_field(names[i].label) + "," + csv_field(names[i].family) + ",undated," +
             std::to_string(s.undated_documents) + "," + std::to_string(s.undated_passages) + ",,,,");
    }
    for (const auto& p : t.totals) row("", "(corpus)", "", p, true);
    emit(axis + ",,(corpus),,undated," + std::to_string(t.undated_documents) + "," + std::to_string(t.undated_passages) + ",,,,");
    return out;
}

namespace {

// ---- svg ---------------------------------------------------------------------

std::string xml(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// A round step for `ticks` ticks up to `top`: 1, 2 or 5 times a power of ten.
double nice_step(double top, int ticks) {
    if (top <= 0) return 1;
    const double raw = top / ticks, power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * power >= raw) return m * power;
    return 10 * power;
}

}  // namespace

std::string timeline_svg(const Timeline& t, const std::vector<Named>& names, bool french) {
    static const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    const double width = 900, height = 460, left = 70, right = 200, top = 60, bottom = 60;
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    const std::size_t columns = t.totals.size();
    double highest = 0;
    for (const auto& s : t.series)
        for (const auto& p : s.points) highest = std::max(highest, shown(p, t));
    const double step = nice_step(highest, 5);
    const double y_top = highest > 0 ? std::ceil(highest / step) * step : 1;
    auto x_of = [&](std::size_t k) { return left + (columns <= 1 ? plot_w / 2 : plot_w * static_cast<double>(k) / static_cast<double>(columns - 1)); };
    auto y_of = [&](double v) { return top + plot_h - plot_h * v / y_top; };
    char buf[256];
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    std::snprintf(buf, sizeof buf, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n",
                  width, height, width, height);
    out += buf;
    out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    std::string title;
    for (const auto& n : names) title += (title.empty() ? "" : ", ") + n.label;
    out += "<text x=\"" + number(left) + "\" y=\"24\" font-size=\"17\" font-weight=\"bold\">" + xml(title) + "</text>\n";
    std::string subtitle;
    if (french) {
        // The search page's words (the page is in French).
        subtitle = t.axis == TimeAxis::Published ? "passages qui le mentionnent pour 1 000 passages de l’année (‰)"
                   : t.axis == TimeAxis::Cited   ? "citations, par année de l’œuvre citée, dans les passages qui le mentionnent"
                                                 : "périodes nommées dans les passages qui le mentionnent, par années couvertes";
        if (t.bin > 1) subtitle += " ; par tranches de " + std::to_string(t.bin) + " ans";
        if (t.smooth > 1) subtitle += " ; moyenne mobile sur " + std::to_string(t.smooth) + " tranches";
        if (t.axis == TimeAxis::Published && t.undated_documents > 0)
            subtitle += " ; œuvres sans date non montrées (" + std::to_string(t.undated_documents) + ")";
    } else {
        subtitle = std::string(axis_name(t.axis)) + " axis: " + measure_words(t.axis) +
                   (t.bin > 1 ? "; bins of " + std::to_string(t.bin) + " years" : "") +
                   (t.smooth > 1 ? "; moving average over " + std::to_string(t.smooth) + " bins" : "");
        if (t.axis == TimeAxis::Published && t.undated_documents > 0)
            subtitle += "; undated works not shown (" + std::to_string(t.undated_documents) + ")";
    }
    out += "<text x=\"" + number(left) + "\" y=\"44\" font-size=\"12\" fill=\"#555\">" + xml(subtitle) + "</text>\n";
    // Axes, gridlines and ticks.
    std::snprintf(buf, sizeof buf, "<g stroke=\"#333\" stroke-width=\"1\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>\n",
                  left, top, left, top + plot_h, left, top + plot_h, left + plot_w, top + plot_h);
    out += buf;
    for (double v = 0; v <= y_top + step / 2; v += step) {
        std::snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, y_of(v), left + plot_w, y_of(v));
        out += buf;
        std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>\n", left - 6, y_of(v) + 4, number(v).c_str());
        out += buf;
    }
    const int label_every = std::max(1, static_cast<int>(std::ceil(static_cast<double>(columns) / 12.0)));
    for (std::size_t k = 0; k < columns; k += static_cast<std::size_t>(label_every)) {
        std::snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", x_of(k), top + plot_h, x_of(k), top + plot_h + 5);
        out += buf;
        std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%d</text>\n", x_of(k), top + plot_h + 18, t.totals[k].year);
        out += buf;
    }
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">", left + plot_w / 2, height - 14);
    out += buf;
    if (french)
        out += xml(t.axis == TimeAxis::Published ? "année de publication" : t.axis == TimeAxis::Cited ? "année de l’œuvre citée" : "année évoquée");
    else
        out += xml(t.axis == TimeAxis::Published ? "year of publication" : t.axis == TimeAxis::Cited ? "year of the work cited" : "year referred to");
    out += "</text>\n";
    std::snprintf(buf, sizeof buf, "<text transform=\"translate(16 %.1f) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">", top + plot_h / 2);
    out += buf;
    if (french)
        out += xml(t.axis == TimeAxis::Published ? "passages pour 1 000 de l’année (‰)" : t.axis == TimeAxis::Cited ? "citations" : "périodes nommées");
    else
        out += xml(t.axis == TimeAxis::Published ? "passages per 1,000 of the year (‰)" : t.axis == TimeAxis::Cited ? "citations" : "periods named");
    out += "</text>\n";
    // One path per series, and its legend.
    for (std::size_t i = 0; i < t.series.size(); ++i) {
        const char* colour = kColours[i % (sizeof kColours / sizeof *kColours)];
        std::string d;
        for (std::size_t k = 0; k < t.series[i].points.size(); ++k) {
            std::snprintf(buf, sizeof buf, "%s%.1f %.1f", k == 0 ? "M" : " L", x_of(k), y_of(shown(t.series[i].points[k], t)));
            d += buf;
        }
        if (d.empty()) {
            std::snprintf(buf, sizeof buf, "M%.1f %.1f", left, top + plot_h);
            d = buf;
        }
        out += "<path class=\"series\" data-id=\"" + xml(t.series[i].id) + "\" d=\"" + d + "\" fill=\"none\" stroke=\"" + colour +
               "\" stroke-width=\"2\"/>\n";
        const double ly = top + 10 + 22.0 * static_cast<double>(i);
        std::snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>", left + plot_w + 16, ly,
                      left + plot_w + 36, ly, colour);
        out += buf;
        std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">", left + plot_w + 42, ly + 4);
        out += buf;
        out += xml(fit(names[i].label, 22)) + "</text>\n";
    }
    out += "</svg>";
    return out;
}


Runner add_timeline_command(CLI::App& app) {
    auto* sub = app.add_subcommand("timeline", "How concepts rise and fall: by year of publication, of the works cited, or of the periods named");
    struct Args {
        IndexArgs index;
        std::vector<std::string> ids;
        std::string axis = "published";
        int bin = 0;
        int smooth = 1;
        int from = 0, to = 0;
        std::string where;
        std::string format = "text";
        std::string lang = "en";
        int year = 0;
        bool passages = false;
        std::size_t limit = 20;
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("ids", args->ids, "Concept or family ids (family:ID, concept:ID where they share an id)")->required();
    sub->add_option("--axis", args->axis, "published (year of the work), cited (years of the works cited) or period (years the text names)")
        ->check(CLI::IsMember({"published", "cited", "period"}));
    sub->add_option("--bin", args->bin, "Years per bin, bins aligned on multiples of it (default 1)")->check(CLI::Range(1, 500));
    sub->add_option("--smooth", args->smooth, "Centred moving average over N bins (default 1: none)")->check(CLI::Range(1, 99));
    sub->add_option("--from", args->from, "First year")->check(CLI::Range(1000, 2100));
    sub->add_option("--to", args->to, "Last year")->check(CLI::Range(1000, 2100));
    sub->add_option("--where", args->where, "Only the passages matching this query (words, author:, type:, lang:, kind:...)");
    sub->add_option("--format", args->format, "Output: text, csv, json or svg")->check(CLI::IsMember({"text", "csv", "json", "svg"}));
    sub->add_option("--lang", args->lang, "The SVG chart's words: en (default) or fr")->check(CLI::IsMember({"en", "fr"}));
    sub->add_option("--year", args->year, "With --passages: the point whose bin holds this year")->check(CLI::Range(1000, 2100));
    sub->add_flag("--passages", args->passages, "List the passages behind the point of --year, as grappe search does");
    sub->add_option("--limit", args->limit, "Passages listed with --passages (default 20)")->check(CLI::Range(std::size_t{1}, std::size_t{10000}));

    return [args]() -> int {
        if (args->passages != (args->year != 0)) {
            print_error(args->passages ? "--passages needs --year: the point whose passages to list" : "--year goes with --passages");
            return kExitError;
        }
        if (args->from && args->to && args->from > args->to) {
            print_error("--from " + std::to_string(args->from) + " is after --to " + std::to_string(args->to));
            return kExitError;
        }
        if (args->passages && args->format != "text" && args->format != "json") {
            print_error("the passages behind a point are listed in text or json");
            return kExitError;
        }
        TimelineRequest request;
        request.axis = args->axis == "cited" ? TimeAxis::Cited : args->axis == "period" ? TimeAxis::Period : TimeAxis::Published;
        request.bin = args->bin == 0 ? 1 : args->bin;
        request.smooth = args->smooth;
        request.from = args->from;
        request.to = args->to;
        request.where = args->where;
        try {
            const Searcher searcher(resolve_source(args->index));
            warn_partial(searcher);
            std::vector<std::string> warnings;
            const Lexicon lexicon = current_lexicon(searcher.lexicon(), CodebookRequest{}, warnings);
            std::vector<Named> names;
            for (const std::string& arg : args->ids) {
                const auto series = resolve_concept_arg(arg, lexicon, searcher.lexicon());
                if (!series) {
                    print_error(unknown_concept_message(arg, lexicon));
                    return kExitPartial;
                }
                request.series.push_back(*series);
                names.push_back(series_name(*series, lexicon, searcher.lexicon()));
            }
            if (args->passages) {
                SearchRequest search;
                for (const auto& s : request.series)
                    search.query += (search.query.empty() ? "" : " OR ") + std::string(s.family ? "family:" : "concept:") + s.id;
                search.by_passage = true;
                search.scope = Scope::Passage;
                search.limit = args->limit;
                search.only_passages = timeline_passages(searcher, request, args->year);
                const std::string point = std::string(axis_name(request.axis)) + " " +
                                          (request.bin == 1 ? std::to_string(args->year)
                                                            : std::to_string(args->year / request.bin * request.bin) + "-" +
                                                                  std::to_string(args->year / request.bin * request.bin + request.bin - 1));
                if (search.only_passages.empty()) {
                    if (args->format == "json") emit(results_json(search, SearchResults{}, {}));
                    else emit("No passage behind " + point + ".");
                    return kExitPartial;
                }
                const SearchResults results = searcher.search(search);
                if (args->format == "json") emit(results_json(search, results, {}));
                else {
                    emit(style_for(stdout).bold(std::to_string(search.only_passages.size()) + " passages behind " + point + ":"));
                    print_results(search, results);
                }
                return kExitOk;
            }
            Timeline t = compute_timeline(searcher, request);
            // A line of text holds about 90 columns: without --bin, a long
            // range is grouped for people (machines get what they asked).
            bool rebinned = false;
            if (args->format == "text" && args->bin == 0 && t.from != 0 && t.to - t.from + 1 > 90) {
                for (int bin : {2, 5, 10, 20, 25, 50, 100})
                    if ((t.to / bin - t.from / bin) + 1 <= 90) {
                        request.bin = bin;
                        break;
                    }
                t = compute_timeline(searcher, request);
                rebinned = true;
            }
            if (args->format == "json") emit(timeline_json(t, names));
            else if (args->format == "csv") out_write(timeline_csv(t, names));
            else if (args->format == "svg") emit(timeline_svg(t, names, args->lang == "fr"));
            else print_text(t, names, rebinned);
            return kExitOk;
        } catch (const QueryError& e) {
            print_query_error(args->where, "--where: " + std::string(e.what()), e.column());
        } catch (const IndexError& e) {
            print_error(e.what());
        } catch (const LexiconError& e) {
            print_error(std::string("lexicon refused: ") + e.what());
        }
        return kExitError;
    };
}

}  // namespace grappe::cli
