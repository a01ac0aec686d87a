// Crash safety: `grappe index` killed with SIGKILL at 20 moments spread over
// a run on the sample corpus (opening the database, reading files, between
// and in its commits, one every two files, the compaction and its swap). After each kill the database opens,
// `grappe check` finds it consistent and a search answers; the next run
// ends with the documents and passages of a run never interrupted.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "integration/run_grappe.h"

namespace grappe::testing {
namespace {

const fs::path kSample = source_dir() / "corpus" / "sample";

// path -> "status passages title" of each document listed.
std::map<std::string, std::string> documents_of(const std::string& db) {
    std::map<std::string, std::string> out;
    const auto listed = json(grappe({"list", "--db", db, "--format", "json"}).out);
    if (!listed.IsObject() || !listed.HasMember("documents")) return out;
    for (const auto& d : listed["documents"].GetArray())
        out[d["path"].GetString()] = std::string(d["status"].GetString()) + " " + std::to_string(d["passages"].GetUint()) + " " +
                                     (d["title"].IsString() ? d["title"].GetString() : "");
    return out;
}

TEST(CrashSafety, AnIndexRunKilledAtAnyMomentLeavesAConsistentIndexThatTheNextRunCompletes) {
    const TempDir dir;
    const auto started = std::chrono::steady_clock::now();
    const Outcome whole = grappe({"index", "--db", dir / "whole", "-j", "2", "--commit-every", "2", kSample.string()});
    const double run_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    ASSERT_EQ(whole.code, 0) << whole.err;
    const auto expected = documents_of(dir / "whole");
    ASSERT_EQ(expected.size(), 13u);

    std::mt19937 random(20261202);  // fixed: a failure can be run again
    std::uniform_real_distribution<double> within(0.0, 1.0);
    int killed_with_an_index = 0, killed_between_commits = 0;
    for (int k = 0; k < 20; ++k) {
        const std::string db = dir / ("killed-" + std::to_string(k));
        // The k-th twentieth of a run, somewhere inside it.
        const auto moment = std::chrono::microseconds(static_cast<long>(run_ms * 1000 * (k + within(random)) / 20));
        const TempDir io;
        const pid_t pid = spawn_grappe({"index", "--db", db, "-j", "2", "--commit-every", "2", kSample.string()}, io.path());
        std::this_thread::sleep_for(moment);
        ::kill(pid, SIGKILL);
        (void)wait_grappe(pid, io.path());
        const std::string at = "killed after " + std::to_string(moment.count() / 1000) + " ms of a " + std::to_string(static_cast<int>(run_ms)) + " ms run";

        if (fs::exists(fs::path(db) / "iamglass")) {
            ++killed_with_an_index;
            const std::size_t kept = documents_of(db).size();
            if (kept > 0 && kept < expected.size()) ++killed_between_commits;
            const Outcome check = grappe({"check", "--db", db});
            EXPECT_EQ(check.code, 0) << at << "\n" << check.out << check.err;
            const Outcome search = grappe({"search", "--db", db, "cluster"});
            EXPECT_TRUE(search.code == 0 || search.code == 1) << at << "\n" << search.err;
        }
        const Outcome again = grappe({"index", "--db", db, "-j", "2", kSample.string()});
        EXPECT_EQ(again.code, 0) << at << "\n" << again.err;
        EXPECT_EQ(grappe({"check", "--db", db}).code, 0) << at;
        EXPECT_EQ(documents_of(db), expected) << at;
    }
    EXPECT_GE(killed_with_an_index, 10) << "most kills should land once the database exists";
    EXPECT_GE(killed_between_commits, 3) << "some kills should leave part of the corpus committed";
    std::printf("%d of 20 kills left an index, %d of them part of the corpus\n", killed_with_an_index, killed_between_commits);
}

}  // namespace
}  // namespace grappe::testing
