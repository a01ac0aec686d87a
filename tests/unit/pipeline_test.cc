// Workers: results cross the pipe intact; a crash, a hang or a memory blow-up
// costs one file, reported with its reason. And the index a run leaves
// opens for a search even while its compaction swaps it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "pipeline/worker_pool.h"
#include "store/index_writer.h"

namespace grappe {
namespace {

TEST(FileResult, RoundTripsThroughItsEncoding) {
    FileResult r;
    r.ok = true;
    r.format = "pdf";
    r.metadata.title = {"Écosystèmes", "pdf-info"};
    r.pages = 3;
    r.labels = {"101", "102", "103"};
    r.warnings = {"poppler: something"};
    r.passage_documents = {"one", std::string("t\0wo", 4)};
    r.hyphens_joined = 7;
    r.content_hash = "00ff00ff00ff00ff";
    const FileResult back = FileResult::decode(r.encode());
    EXPECT_TRUE(back.ok);
    EXPECT_EQ(back.metadata.title.value, "Écosystèmes");
    EXPECT_EQ(back.metadata.title.source, "pdf-info");
    EXPECT_EQ(back.labels, r.labels);
    EXPECT_EQ(back.warnings, r.warnings);
    EXPECT_EQ(back.passage_documents, r.passage_documents);
    EXPECT_EQ(back.hyphens_joined, 7u);
    EXPECT_EQ(back.content_hash, r.content_hash);
}

TEST(FileResult, ATruncatedEncodingIsAnError) {
    FileResult r;
    r.passage_documents = {"abcdef"};
    const std::string bytes = r.encode();
    EXPECT_THROW((void)FileResult::decode(bytes.substr(0, bytes.size() - 2)), std::runtime_error);
    EXPECT_THROW((void)FileResult::decode(""), std::runtime_error);
}

std::map<std::string, FileResult> run(const std::vector<std::string>& paths, const FileWork& work, WorkerLimits limits) {
    std::map<std::string, FileResult> out;
    std::atomic<bool> stop{false};
    run_workers(paths, limits, work, [&](std::size_t i, FileResult r) { out[paths[i]] = std::move(r); }, stop);
    return out;
}

TEST(Workers, ACrashHangOrThrowCostsOneFileOnly) {
    const FileWork work = [](const std::string& path) -> FileResult {
        if (path == "crash") std::abort();
        if (path == "segv") std::raise(SIGSEGV);
        if (path == "hang") std::this_thread::sleep_for(std::chrono::seconds(30));
        if (path == "throw") throw std::runtime_error("boom");
        FileResult r;
        r.ok = true;
        r.metadata.title = {path, "test"};
        return r;
    };
    WorkerLimits limits;
    limits.jobs = 2;
    limits.seconds = 1;
    const auto results = run({"a", "crash", "b", "hang", "segv", "throw", "c"}, work, limits);
    ASSERT_EQ(results.size(), 7u);
    for (const char* good : {"a", "b", "c"}) {
        EXPECT_TRUE(results.at(good).ok) << good;
        EXPECT_EQ(results.at(good).metadata.title.value, good);
    }
    EXPECT_EQ(results.at("crash").error, "the reader crashed on this file (SIGABRT): skipped");
#if defined(GRAPPE_ADDRESS_SANITIZER)
    // AddressSanitizer catches the signal itself and exits with an error.
    EXPECT_EQ(results.at("segv").error.rfind("worker failed (exit ", 0), 0u) << results.at("segv").error;
#else
    EXPECT_EQ(results.at("segv").error, "the reader crashed on this file (SIGSEGV): skipped");
#endif
    EXPECT_EQ(results.at("hang").error, "took longer than 1 s: skipped (raise --timeout to allow more)");
    EXPECT_EQ(results.at("throw").error, "internal error: boom");
}

// A worker reads file after file (a fork per file cost a tenth of a run's
// CPU), is replaced after a hundred, and one that crashes is replaced
// without losing the files after it.
TEST(Workers, AWorkerReadsManyFilesAndIsReplacedAfterAHundredOrACrash) {
    const FileWork work = [](const std::string& path) -> FileResult {
        if (path == "crash") std::abort();
        FileResult r;
        r.ok = true;
        r.metadata.title = {std::to_string(::getpid()), "test"};
        return r;
    };
    std::vector<std::string> paths;
    for (int i = 0; i < 250; ++i) {
        std::string name = "f";
        name += std::to_string(i);
        paths.push_back(i == 40 ? std::string("crash") : name);
    }
    WorkerLimits limits;
    limits.jobs = 2;
    const auto results = run(paths, work, limits);
    ASSERT_EQ(results.size(), 250u);
    std::set<std::string> workers;
    for (const auto& [path, r] : results) {
        if (path == "crash") {
            EXPECT_EQ(r.error, "the reader crashed on this file (SIGABRT): skipped");
            continue;
        }
        EXPECT_TRUE(r.ok) << path << ": " << r.error;
        workers.insert(r.metadata.title.value);
    }
    // 249 files read by 2 workers at a time, each replaced after 100 files
    // or the crash: at least 3 processes and no more than 6.
    EXPECT_GE(workers.size(), 3u);
    EXPECT_LE(workers.size(), 6u);
}

#if !defined(GRAPPE_ADDRESS_SANITIZER)
TEST(Workers, AFileOverTheMemoryBudgetIsReported) {
    const FileWork work = [](const std::string&) -> FileResult {
        std::vector<std::string> hog;
        for (int i = 0; i < 64; ++i) hog.emplace_back(64u << 20, 'x');  // 4 GiB, over 256 MB
        FileResult r;
        r.ok = true;
        return r;
    };
    WorkerLimits limits;
    limits.memory_mb = 256;
    const auto results = run({"big"}, work, limits);
    EXPECT_FALSE(results.at("big").ok);
    EXPECT_EQ(results.at("big").error, "out of memory: over the 256 MB budget");
}
#endif

TEST(Workers, StopKillsWhatIsRunningAndReportsNothingMore) {
    const FileWork work = [](const std::string&) -> FileResult {
        std::this_thread::sleep_for(std::chrono::seconds(30));
        return FileResult{};
    };
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        stop = true;
    });
    std::size_t reported = 0;
    const auto start = std::chrono::steady_clock::now();
    run_workers({"x", "y", "z"}, WorkerLimits{2, 60, 2048}, work, [&](std::size_t, FileResult) { ++reported; }, stop);
    stopper.join();
    EXPECT_EQ(reported, 0u);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace grappe

namespace grappe {
namespace {

// A search that opens the index while a run's compaction swaps the compacted
// copy in (the folder renamed away, then the copy renamed to its name) waits
// for the copy instead of saying there is no index.
TEST(OpenIndex, WaitsThroughACompactionSwap) {
    namespace fs = std::filesystem;
    const fs::path folder = fs::temp_directory_path() / ("grappe-swap-test-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    const fs::path db = folder / "index";
    { IndexWriter writer(db.string()); }
    const fs::path replaced = folder / ".index.replaced";
    fs::rename(db, replaced);  // the swap's first rename
    std::thread second([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        fs::rename(replaced, db);
    });
    EXPECT_NO_THROW((void)open_index(db.string()));
    second.join();
    // Without a swap under way, a missing index is said at once.
    EXPECT_THROW((void)open_index((folder / "nowhere").string()), IndexError);
    fs::remove_all(folder);
}

}  // namespace
}  // namespace grappe
