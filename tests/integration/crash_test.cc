// Crash safety: `grappe index` killed with SIGKILL at 20 moments spread over
// a run on the sample corpus (opening the database, reading files, between
// and in its commits, one after every file, the compaction and its swap).
// One worker, so that reading is most of the run: with the reader as fast
// as it is, two left too few kills between commits. After each kill the
// database opens, `grappe check` finds it consistent and a search answers; the next run
// ends with the documents and passages of a run never interrupted.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
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
    const Outcome whole = grappe({"index", "--db", dir / "whole", "-j", "1", "--commit-every", "1", kSample.string()});
    const double run_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    ASSERT_EQ(whole.code, 0) << whole.err;
    const auto expected = documents_of(dir / "whole");
    ASSERT_EQ(expected.size(), 13u);

    std::mt19937 random(20261202);  // fixed: a failure can be run again
    std::uniform_real_distribution<double> within(0.0, 1.0);
    int killed_with_an_index = 0, killed_between_commits = 0;
    // A shared machine's load changes while the test runs: a run that ends
    // before its kill is no kill, and the later moments come earlier.
    double scale_ms = run_ms;
    int kills = 0;
    for (int attempt = 0; kills < 20 && attempt < 40; ++attempt) {
        const int k = kills;
        const std::string db = dir / ("killed-" + std::to_string(attempt));
        // The k-th twentieth of a run, somewhere inside it.
        const auto moment = std::chrono::microseconds(static_cast<long>(scale_ms * 1000 * (k + within(random)) / 20));
        const TempDir io;
        const pid_t pid = spawn_grappe({"index", "--db", db, "-j", "1", "--commit-every", "1", kSample.string()}, io.path());
        std::this_thread::sleep_for(moment);
        ::kill(pid, SIGKILL);
        if (wait_grappe(pid, io.path()).code != 128 + SIGKILL) {
            scale_ms *= 0.8;
            continue;
        }
        ++kills;
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
    EXPECT_EQ(kills, 20) << "the runs kept ending before their kill";
    EXPECT_GE(killed_with_an_index, 10) << "most kills should land once the database exists";
    EXPECT_GE(killed_between_commits, 3) << "some kills should leave part of the corpus committed";
    std::printf("%d of 20 kills left an index, %d of them part of the corpus\n", killed_with_an_index, killed_between_commits);
}

// Killed while Xapian was creating the database: table files without the
// version file written last. The next run starts afresh there; a folder
// holding anything else than Xapian's files is not touched.
TEST(CrashSafety, ARunKilledWhileTheDatabaseWasBeingCreatedIsStartedAfresh) {
    const TempDir dir;
    const fs::path db = dir.path() / "db";
    fs::create_directories(db);
    for (const char* name : {"flintlock", "postlist.glass", "termlist.glass", "position.tmp"}) std::ofstream(db / name) << "";
    const fs::path text = kSample / "12-genealogie-2020.txt";
    const Outcome run = grappe({"index", "--db", db.string(), text.string()});
    EXPECT_EQ(run.code, 0) << run.err;
    EXPECT_EQ(documents_of(db.string()).size(), 1u);
    EXPECT_EQ(grappe({"check", "--db", db.string()}).code, 0);

    const fs::path other = dir.path() / "other";
    fs::create_directories(other);
    for (const char* name : {"postlist.glass", "notes.txt"}) std::ofstream(other / name) << "x";
    const Outcome refused = grappe({"index", "--db", other.string(), text.string()});
    EXPECT_EQ(refused.code, 2);
    EXPECT_TRUE(fs::exists(other / "notes.txt"));
    EXPECT_TRUE(fs::exists(other / "postlist.glass"));
}

// A disk that fills up during a run (here a file size limit, which a test
// can set without root: writes then fail as on a full disk): a clear error
// naming the index, exit 2, the documents committed before kept, a
// consistent index, and the next run with room completes it.
TEST(CrashSafety, AFullDiskStopsTheRunWithAClearErrorAndAnIntactIndex) {
    const TempDir dir;
    const std::string db = dir / "db";
    const fs::path first = kSample / "12-genealogie-2020.txt";
    ASSERT_TRUE(fs::exists(first)) << first;
    ASSERT_EQ(grappe({"index", "--db", db, first.string()}).code, 0);
    const auto before = documents_of(db);
    ASSERT_EQ(before.size(), 1u);
    // sh's ulimit counts 1024-byte blocks; SIGXFSZ ignored: write() fails with EFBIG instead.
    const std::string command = "ulimit -f 64; trap '' XFSZ; exec env NO_COLOR=1 " + std::string(GRAPPE_BINARY) + " index --db " + db +
                                " --commit-every 1 " + kSample.string() + " 2>&1";
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    const int status = ::pclose(pipe);
    ASSERT_TRUE(WIFEXITED(status)) << output;
    EXPECT_EQ(WEXITSTATUS(status), 2) << output;
    EXPECT_NE(output.find("could not write the index at " + db), std::string::npos) << output;
    EXPECT_NE(output.find("File too large"), std::string::npos) << output;
    const Outcome check = grappe({"check", "--db", db});
    EXPECT_EQ(check.code, 0) << check.out << check.err;
    const auto kept = documents_of(db);
    EXPECT_GE(kept.size(), 1u);
    EXPECT_LT(kept.size(), 13u) << "the limit was too high to fail the run";
    for (const auto& [path, record] : before) EXPECT_EQ(kept.count(path), 1u) << path << " was lost";
    const Outcome again = grappe({"index", "--db", db, kSample.string()});
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(documents_of(db).size(), 13u);
    EXPECT_EQ(grappe({"check", "--db", db}).code, 0);
}

// A database folder that cannot be written (as root, whom permissions do
// not stop, made immutable with chattr; otherwise its write permissions
// taken away): a clear error, exit 2, the index as it was and searchable;
// writable again, the next run completes it.
TEST(CrashSafety, AReadOnlyIndexFolderGivesAClearErrorAndStaysIntact) {
    const TempDir dir;
    const std::string db = dir / "db";
    const fs::path first = kSample / "12-genealogie-2020.txt";
    ASSERT_TRUE(fs::exists(first)) << first;
    ASSERT_EQ(grappe({"index", "--db", db, first.string()}).code, 0);
    const auto before = documents_of(db);
    ASSERT_EQ(before.size(), 1u);
    std::vector<std::string> entries;
    for (const auto& e : fs::directory_iterator(db)) entries.push_back(e.path().string());
    entries.push_back(db);
    const bool root = ::geteuid() == 0;
    const auto protect = [&](bool on) {
        if (!root) {
            for (const auto& e : entries)
                fs::permissions(e, fs::perms::owner_write, on ? fs::perm_options::remove : fs::perm_options::add);
            return true;
        }
        std::string command = std::string("chattr ") + (on ? "+i" : "-i");
        for (const auto& e : entries) command += " '" + e + "'";
        return std::system((command + " 2>/dev/null").c_str()) == 0;
    };
    if (!protect(true)) {
        protect(false);
        GTEST_SKIP() << "running as root on a file system without chattr +i: a folder cannot be made read-only here";
    }
    const Outcome refused = grappe({"index", "--db", db, kSample.string()});
    const Outcome search = grappe({"search", "--db", db, "genealogie", "--format", "json"});
    protect(false);
    EXPECT_EQ(refused.code, 2) << refused.out << refused.err;
    EXPECT_NE(refused.err.find("cannot write to the index " + db), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("read-only"), std::string::npos) << refused.err;
    EXPECT_EQ(refused.err.find("another grappe index"), std::string::npos) << refused.err;
    EXPECT_EQ(search.code, 0) << search.err;
    EXPECT_EQ(documents_of(db).size(), 1u);
    EXPECT_EQ(grappe({"check", "--db", db}).code, 0);
    const Outcome again = grappe({"index", "--db", db, kSample.string()});
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(documents_of(db).size(), 13u);
}

}  // namespace
}  // namespace grappe::testing
