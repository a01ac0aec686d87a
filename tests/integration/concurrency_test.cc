// Searching while `grappe index` writes: a run over the sample corpus that
// commits after every file, and meanwhile, over and over, the command line
// and a daemon search it and `grappe check` reads it whole. No search fails
// once the index exists, and no state of it shows a half-written document
// (a record whose passages are not all there, a passage without its record).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "integration/daemon.h"
#include "integration/run_grappe.h"

namespace grappe::testing {
namespace {

const fs::path kSample = source_dir() / "corpus" / "sample";

TEST(Concurrency, SearchesWhileIndexingNeverFailAndNeverSeeAHalfWrittenDocument) {
    const TempDir dir;
    const std::string db = dir / "db";
    Daemon daemon({"--db", db, "--listen", "127.0.0.1:0", "--cache-mb", "0"});
    ASSERT_GT(daemon.port(), 0);
    httplib::Client c = daemon.client();

    const TempDir io;
    const pid_t indexer = spawn_grappe({"index", "--db", db, "-j", "1", "--commit-every", "1", kSample.string()}, io.path());
    int rounds = 0, while_indexing = 0, states_with_documents = 0;
    bool running = true, exists = false;
    while (running || rounds < 3) {
        int status = 0;
        running = running && ::waitpid(indexer, &status, WNOHANG) == 0;
        ++rounds;
        if (running) ++while_indexing;
        const Outcome check = grappe({"check", "--db", db, "--format", "json"});
        if (check.code == 2 && !exists) continue;  // no index yet
        exists = true;
        EXPECT_EQ(check.code, 0) << "round " << rounds << "\n" << check.out << check.err;
        const auto checked = json(check.out);
        if (checked.IsObject() && checked["shards"][0]["documents"].GetUint() > 0) ++states_with_documents;

        const Outcome cli = grappe({"search", "--db", db, "--format", "json", "--by", "passage", "cluster"});
        EXPECT_TRUE(cli.code == 0 || cli.code == 1) << "round " << rounds << "\n" << cli.err;
        const auto res = c.Get("/v1/search?q=cluster&by=passage");
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200) << "round " << rounds << "\n" << res->body;
        // Each hit's document is whole: its record states the passages the index holds.
        const auto hits = json(cli.out);
        if (!hits.IsObject() || !hits.HasMember("hits")) continue;
        for (const auto& h : hits["hits"].GetArray()) {
            const std::string id = std::to_string(h["doc_id"].GetUint());
            const Outcome show = grappe({"show", "--db", db, id, "--format", "json"});
            const auto shown = json(show.out);
            ASSERT_TRUE(shown.IsObject() && shown.HasMember("passages")) << "round " << rounds << " doc " << id << ": " << show.code << " " << show.err;
            EXPECT_GT(shown["passages"].GetUint(), 0u) << id;
        }
    }
    const Outcome done = wait_grappe(indexer, io.path());
    EXPECT_EQ(done.code, 0) << done.err;
    EXPECT_GE(while_indexing, 1) << "the searches should have overlapped the run";
    EXPECT_GE(states_with_documents, 1);
    std::printf("%d rounds, %d while indexing\n", rounds, while_indexing);
}

}  // namespace
}  // namespace grappe::testing
