// The grappe subcommands. Each registers its options on the CLI11 app and
// returns a runner that produces the exit code, so main() is only wiring.
//
// Exit codes (also in `grappe --help` and the README):
//   index:  0 every file indexed or unchanged, 1 some files failed,
//           2 usage error or fatal error (database locked, wrong version),
//           130 interrupted (what was committed stays; run again to finish)
//   search: 0 hits found, 1 no hit, 2 usage error, malformed query or bad index
//   show:   0 shown, 1 no such document or page, 2 usage error or bad index
//   retag:  0 tagged again (or nothing to do), 2 usage error, bad lexicon or bad index
//   concepts: 0 listed, 2 usage error, bad lexicon or bad index
//   list:   0 listed, 2 usage error, malformed query or bad index
//   timeline: 0 drawn (or the passages behind a point listed), 1 no such
//           concept or family, or no passage behind the point, 2 usage
//           error, malformed --where or bad index
//   genealogy: 0 shown, 1 no such concept or family, 2 usage error or bad index
//   export: 0 exported, 1 no passage matches, 2 usage error, malformed query or bad index
//   kwic:   0 lines shown, 1 no occurrence, 2 usage error, malformed query or bad index
//   check:  0 consistent, 1 problems found (listed), 2 usage error or unusable index
//   serve:  0 stopped by SIGINT or SIGTERM (requests in flight answered), 2 usage error or address refused
#pragma once

#include <CLI/CLI.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <functional>
#include <iosfwd>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/index_run.h"
#include "search/shards.h"
#include "store/documents.h"

namespace grappe {
class Searcher;
}

namespace grappe::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;  // some files failed / no hit / not found
inline constexpr int kExitError = 2;
inline constexpr int kExitInterrupted = 130;

using Runner = std::function<int()>;

// Two programs are built from these commands. grappe-all has every one;
// grappe, what a user types, has the query commands and hands index, serve
// and any command run with --server to grappe-all beside it (exec, same
// process): Poppler, the file readers and the HTTP library then load only
// for the commands that use them, and a search starts in a few
// milliseconds instead of twenty (README, Measured).
inline constexpr const char* kIndexSummary =
    "Index folders and files (PDF, DOCX, ODT, EPUB, HTML, text, Markdown); incremental";
inline constexpr const char* kServeSummary =
    "Serve the index over HTTP/JSON (GET /v1/search, /v1/timeline... as the commands' JSON)";

// --db, shared by every subcommand: the flag, else GRAPPE_DB, else
// $XDG_DATA_HOME/grappe/index (~/.local/share/grappe/index).
void add_db_option(CLI::App& sub, std::string& db);
[[nodiscard]] std::string resolve_db(const std::string& flag);

// --db for the query commands, repeatable: the shards of one index (store/
// schema.h), each a folder or tcp://HOST:PORT (xapian-tcpsrv); and
// --allow-partial: a shard that does not answer is left out with a warning.
struct IndexArgs {
    std::vector<std::string> db;
    bool allow_partial = false;
};
void add_index_options(CLI::App& sub, IndexArgs& args);
// No --db: GRAPPE_DB, else the default folder (resolve_db).
[[nodiscard]] IndexSource resolve_source(const IndexArgs& args);
// "warning: ..." on stderr for each shard a partial index lacks.
void warn_partial(const Searcher& searcher);

// --lexicon FILE (repeatable): a codebook layered on the default lexicon;
// --no-codebooks: the default lexicon alone.
void add_lexicon_option(CLI::App& sub, CodebookRequest& request);

Runner add_index_command(CLI::App& app);
Runner add_retag_command(CLI::App& app);
Runner add_check_command(CLI::App& app);
Runner add_concepts_command(CLI::App& app);
Runner add_search_command(CLI::App& app);
Runner add_show_command(CLI::App& app);
Runner add_list_command(CLI::App& app);
Runner add_timeline_command(CLI::App& app);
Runner add_genealogy_command(CLI::App& app);
Runner add_export_command(CLI::App& app);
Runner add_kwic_command(CLI::App& app);
Runner add_serve_command(CLI::App& app);

}  // namespace grappe::cli

namespace grappe {
struct RetagReport;
class Searcher;
struct SearchRequest;
struct SearchResults;
}  // namespace grappe
namespace grappe::cli {
// Search results as `grappe search` prints them, for people and as JSON
// (shared with the passages behind a timeline's point).
void print_results(const SearchRequest& request, const SearchResults& results);
}  // namespace grappe::cli
namespace grappe {
class Searcher;
struct ParsedQuery;
struct Hit;
}  // namespace grappe
namespace grappe::cli {
// The concept: and family: filters of a query as typed ("cluster",
// "family:ecosysteme"), and the byte ranges of a hit's text that an export
// quotes and a concordance aligns: the query's words and phrases, else the
// mentions of those concepts (export and kwic).
[[nodiscard]] std::set<std::string> concept_filters(const std::string& query);
}  // namespace grappe::cli
namespace grappe {
struct Timeline;
struct Genealogy;
struct ConceptTable;
}  // namespace grappe
namespace grappe::cli {
struct SeriesName;
// The JSON documents of timeline, genealogy and concepts, as the commands
// print them and the daemon serves them.
[[nodiscard]] std::string timeline_json(const Timeline& t, const std::vector<SeriesName>& names);
[[nodiscard]] std::string timeline_csv(const Timeline& t, const std::vector<SeriesName>& names);  // lines ending in \n
// The chart's words in English, or in French for the search page.
[[nodiscard]] std::string timeline_svg(const Timeline& t, const std::vector<SeriesName>& names, bool french = false);
[[nodiscard]] std::string genealogy_json(const std::vector<Genealogy>& all, const std::vector<SeriesName>& names);
[[nodiscard]] std::string concepts_json(const ConceptTable& t, bool matrix, const std::string& hash, const std::string& index_hash);
}  // namespace grappe::cli
namespace grappe {
struct Concept;
struct ConceptFamily;
struct ConceptFigures;
}  // namespace grappe
namespace grappe::cli {
// `grappe concepts ID --format json`: one concept described.
[[nodiscard]] std::string concept_json(const Concept& c, const ConceptFamily* family, const ConceptFigures* figures);

// `grappe show ID --page LABEL --format json`: one page's passages, in
// order, with their kinds and concept mentions (code-point offsets).
// page_index_of: the 1-based page a label names ("102", "p. 102", "ch. 3",
// else a position in the file), nothing when none fits; page_range_text
// says what the document has, for the error.
[[nodiscard]] std::optional<std::uint32_t> page_index_of(const FileRecord& record, std::string wanted);
[[nodiscard]] std::string page_range_text(const FileRecord& record);
// `marks`, when given: for each passage, the byte ranges a query matches
// (page_marks), written as "marks" in code points.
[[nodiscard]] std::string page_json(std::uint32_t doc_id, const FileRecord& record, std::uint32_t page_index,
                                    const std::vector<PassageData>& passages,
                                    const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>* marks = nullptr);
// The words of `query` in each passage, as snippets mark them. Throws QueryError.
[[nodiscard]] std::vector<std::vector<std::pair<std::size_t, std::size_t>>> page_marks(const Searcher& searcher, const std::string& query,
                                                                                   const std::vector<PassageData>& passages);

// `grappe list --format json`: the documents a query keeps (all for "").
[[nodiscard]] std::string list_json(const Searcher& searcher, const std::string& query);

// An export (export_command.cc) written to `out`, the BibTeX of the works
// cited to `bibtex` when given; the rows written. Throws QueryError, IndexError.
struct ExportOptions {
    std::string query;
    std::string format = "md";  // md, csv, json, bibtex, ris, csl-json
    std::string by = "passage";
    std::string within = "page";
    std::string style = "author-date";
    bool pandoc = false;
    std::size_t limit = 100;
    std::optional<std::chrono::steady_clock::time_point> deadline;  // the daemon's: past it, TimeLimitError
};
std::size_t write_export(const Searcher& searcher, const ExportOptions& options, std::ostream& out, std::ostream* bibtex = nullptr);

// A concordance (kwic_command.cc) written to `out`; the lines written.
// Throws QueryError (also for a query with nothing to align on), IndexError.
struct KwicOptions {
    std::string query;
    std::size_t width = 40;
    std::string sort = "doc";  // doc, left, right, date
    std::size_t limit = 1000;
    std::string format = "text";  // text, csv, json
    std::optional<std::chrono::steady_clock::time_point> deadline;  // the daemon's: past it, TimeLimitError
};
struct Style;
std::size_t write_kwic(const Searcher& searcher, const KwicOptions& options, std::ostream& out, const Style& style);
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> quoted_ranges(const Searcher& searcher, const ParsedQuery& parsed, const Hit& hit,
                                                                            const std::set<std::string>& concepts);
[[nodiscard]] std::string results_json(const SearchRequest& request, const SearchResults& results, const std::vector<std::string>& warnings);
// The warnings a search with concept filters carries when the index was
// tagged with another lexicon than the current one.
[[nodiscard]] std::vector<std::string> lexicon_warnings(const Searcher& searcher, const CodebookRequest& lexicons);
}  // namespace grappe::cli

namespace grappe::cli {
// What a retag changed, for people and as JSON (shared by index and retag).
void print_retag(const RetagReport& report);
void write_retag_json(rapidjson::Writer<rapidjson::StringBuffer>& w, const RetagReport& report);
}  // namespace grappe::cli
