// grappe index: read files into the index, incrementally.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "cli/output.h"
#include "extract/ocr.h"
#include "pipeline/index_run.h"
#include "store/index_writer.h"
#include "store/schema.h"

namespace grappe::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) { g_stop.store(true); }

void install_stop_handlers() {
    struct sigaction sa{};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: let poll() wake up
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
}

std::string summary_json(const IndexSummary& s, const std::string& db) {
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    w.StartObject();
    w.Key("db");
    w.String(db.c_str());
    w.Key("files_seen");
    w.Uint64(s.seen);
    w.Key("files_read");
    w.Uint64(s.read);
    if (s.other_shards > 0) {
        w.Key("other_shards");
        w.Uint64(s.other_shards);
    }
    w.Key("indexed");
    w.Uint64(s.indexed);
    w.Key("unchanged");
    w.Uint64(s.unchanged);
    w.Key("removed");
    w.Uint64(s.removed);
    w.Key("failed");
    w.Uint64(s.failures.size());
    w.Key("passages");
    w.Uint64(s.passages);
    w.Key("pages");
    w.Uint64(s.pages);
    w.Key("ocr_pages");
    w.Uint64(s.ocr_pages);
    w.Key("pages_without_text");
    w.Uint64(s.pages_without_text);
    w.Key("hyphens_joined");
    w.Uint64(s.hyphens_joined);
    w.Key("hyphens_kept");
    w.Uint64(s.hyphens_kept);
    w.Key("header_lines_removed");
    w.Uint64(s.header_lines_removed);
    w.Key("interrupted");
    w.Bool(s.interrupted);
    w.Key("compacted");
    w.Bool(s.compacted);
    w.Key("works");
    w.Uint64(s.works);
    w.Key("seconds");
    w.Double(s.seconds);
    w.Key("writer_cpu_seconds");
    w.Double(s.writer_cpu_seconds);
    w.Key("worker_cpu_seconds");
    w.Double(s.worker_cpu_seconds);
    w.Key("concepts");
    w.Uint64(s.concepts);
    w.Key("codebooks");
    w.StartArray();
    for (const auto& c : s.codebooks) w.String(c.c_str());
    w.EndArray();
    w.Key("retagged");
    if (s.retagged) write_retag_json(w, *s.retagged);
    else w.Null();
    w.Key("failures");
    w.StartArray();
    for (const auto& f : s.failures) {
        w.StartObject();
        w.Key("path");
        w.String(f.path.c_str());
        w.Key("reason");
        w.String(f.reason.c_str());
        w.EndObject();
    }
    w.EndArray();
    w.Key("warnings");
    w.StartArray();
    for (const auto& warning : s.warnings) w.String(warning.c_str());
    w.EndArray();
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}

void print_summary(const IndexSummary& s) {
    const Style out = style_for(stdout);
    for (const auto& w : s.warnings) std::printf("warning: %s\n", w.c_str());
    for (const auto& f : s.failures) std::printf("%s %s: %s\n", out.red("failed:").c_str(), f.path.c_str(), f.reason.c_str());
    std::printf("%s %zu indexed, %zu unchanged, %zu removed, %zu failed; %zu passages from %zu pages in %.1f s\n",
                out.bold(s.interrupted ? "Interrupted:" : "Done:").c_str(), s.indexed, s.unchanged, s.removed,
                s.failures.size(), s.passages, s.pages, s.seconds);
    if (s.other_shards > 0) std::printf("%zu files left to the other shards.\n", s.other_shards);
    if (s.ocr_pages > 0) std::printf("%zu pages read by OCR (tesseract).\n", s.ocr_pages);
    if (s.pages_without_text > 0)
        std::printf("%zu pages have no text layer (scans or images) and were not read: index again with --ocr to read them.\n",
                    s.pages_without_text);
    std::string lexicon = "default lexicon";
    for (const auto& c : s.codebooks) lexicon += " + " + c;
    std::printf("Concepts: %zu (%s).\n", s.concepts, lexicon.c_str());
    if (s.works > 0)
        std::printf("%zu texts are in more than one file (a post and its PDF print...): each is shown and counted once.\n", s.works);
    if (s.retagged) {
        std::printf("The lexicon changed since the last run: the stored passages were tagged again first.\n");
        print_retag(*s.retagged);
    }
    if (s.interrupted) std::printf("Everything above is committed; run the same command again to finish.\n");
}

}  // namespace

Runner add_index_command(CLI::App& app) {
    auto* sub = app.add_subcommand("index", kIndexSummary);
    struct Args {
        std::string db;
        std::vector<std::string> paths;
        unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
        unsigned timeout = 60;
        unsigned memory_mb = 2048;
        bool rebuild = false;
        bool ocr = false;
        std::string ocr_languages = "fra";
        std::string format = "text";
        std::string shard;
        std::size_t commit_every = 50;
        CodebookRequest lexicons;
    };
    auto args = std::make_shared<Args>();
    add_db_option(*sub, args->db);
    sub->add_option("paths", args->paths, "Folders and files to index")->required();
    sub->add_option("-j,--jobs", args->jobs, "Files read in parallel (worker processes; default: cores)")->check(CLI::Range(1u, 256u));
    CLI::Option* sub_timeout = sub->add_option("--timeout", args->timeout, "Seconds one file may take before it is skipped")->check(CLI::Range(1u, 86400u));
    sub->add_option("--memory-mb", args->memory_mb, "Memory budget of one file's worker, in MB")->check(CLI::Range(64u, 1048576u));
    sub->add_flag("--ocr", args->ocr,
                  "Read PDF pages without a text layer with tesseract (tools/setup --ocr installs it); "
                  "the default --timeout becomes 1800 s");
    sub->add_option("--ocr-lang", args->ocr_languages, "Tesseract languages, e.g. fra or fra+eng (default fra)");
    add_lexicon_option(*sub, args->lexicons);
    sub->add_flag("--rebuild", args->rebuild, "Delete the index first and build it anew (after a version change)");
    sub->add_option("--format", args->format, "Summary as text or json")->check(CLI::IsMember({"text", "json"}));
    sub->add_option("--commit-every", args->commit_every,
                    "Commit after this many files (default 50; also every 1,000 passages and 5 s): what an interruption loses")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
    sub->add_option("--shard", args->shard,
                    "Write shard K of N (K from 1) into --db: only the files whose name hashes to it; "
                    "search the N shards together with one --db each");

    return [args, sub_timeout]() -> int {
        IndexOptions options;
        options.db = resolve_db(args->db);
        options.paths = args->paths;
        options.limits.jobs = args->jobs;
        options.limits.seconds = args->timeout;
        options.limits.memory_mb = args->memory_mb;
        options.rebuild = args->rebuild;
        options.batch_files = args->commit_every;
        if (!args->shard.empty()) {
            const auto shard = schema::parse_shard(args->shard);
            if (!shard) {
                print_error("--shard " + args->shard + ": expected K/N with 1 <= K <= N <= 1024, e.g. --shard 1/2");
                return kExitError;
            }
            options.shard = *shard;
        }
        options.codebooks = args->lexicons;
        options.extract.ocr = args->ocr;
        options.extract.ocr_languages = args->ocr_languages;
        if (args->ocr) {
            // Recognising a page takes seconds: a scanned book needs minutes.
            if (sub_timeout->count() == 0) options.limits.seconds = 1800;
            if (const std::string missing = ocr_unavailable(args->ocr_languages); !missing.empty()) {
                print_error(missing);
                return kExitError;
            }
        }
        install_stop_handlers();
        const bool show_progress = is_terminal(stderr);
        Progress progress;
        if (show_progress) {
            progress = [](std::size_t done, std::size_t total, const std::string& path) {
                std::string name = path.size() > 60 ? "…" + path.substr(path.size() - 59) : path;
                std::fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, total, name.c_str());
                std::fflush(stderr);
            };
        }
        IndexSummary summary;
        try {
            summary = run_index(options, g_stop, progress);
        } catch (const IndexError& e) {
            print_error(e.what());
            return kExitError;
        } catch (const LexiconError& e) {
            print_error(std::string("lexicon refused, nothing indexed: ") + e.what());
            return kExitError;
        } catch (const Xapian::Error& e) {
            // A write refused: a full disk, a file size limit, a folder that
            // became read-only. Xapian commits atomically: the index stays as
            // the last commit left it, and the next run goes on from there.
            std::string reason = e.get_msg();
            if (const char* os = e.get_error_string(); os != nullptr && reason.find(os) == std::string::npos) reason += std::string(": ") + os;
            print_error("could not write the index at " + options.db + " (" + reason +
                        "): is the disk full or the folder read-only? What was committed before is intact (grappe check); "
                        "make room and run the same command again to go on");
            return kExitError;
        } catch (const std::exception& e) {
            print_error(std::string("indexing failed: ") + e.what());
            return kExitError;
        }
        if (show_progress) std::fprintf(stderr, "\r\033[K");
        if (args->format == "json") emit(summary_json(summary, options.db));
        else print_summary(summary);
        if (summary.interrupted) return kExitInterrupted;
        return summary.failures.empty() ? kExitOk : kExitPartial;
    };
}

}  // namespace grappe::cli
