// grappe serve on the sample corpus: every endpoint answers the JSON its
// command prints, byte for byte; errors come in one envelope with the right
// status; a token is required when set; a search past its time limit is
// stopped; a re-index beside the daemon is served without a restart (and
// answers kept for the old revision are not served); SIGTERM stops it cleanly.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <xapian.h>

#include <chrono>
#include <thread>
#include <tuple>

#include "integration/daemon.h"
#include "integration/run_grappe.h"

namespace grappe::testing {
namespace {

const fs::path kSample = source_dir() / "corpus" / "sample";

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

class Serve : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        const Outcome r = grappe({"index", "--db", db(), kSample.string()});
        ASSERT_EQ(r.code, 0) << r.out << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string db() { return *dir_ / "db"; }
    // The id of a document of several pages (ids follow the order in which
    // the workers finish, so they are looked up, not assumed).
    static std::string paged() {
        const auto listed = json(grappe({"list", "--db", db(), "--format", "json"}).out);
        for (const auto& d : listed["documents"].GetArray())
            if (std::string(d["path"].GetString()).ends_with("04-proximites-1995.pdf")) return std::to_string(d["doc_id"].GetUint());
        return "0";
    }
    static TempDir* dir_;
};
TempDir* Serve::dir_ = nullptr;

TEST_F(Serve, EachEndpointAnswersItsCommandsJsonByteForByte) {
    Daemon daemon({"--db", db(), "--listen", "127.0.0.1:0"});
    ASSERT_GT(daemon.port(), 0) << "the daemon did not say where it listens";
    ASSERT_NE(paged(), "0") << "the sample's three-page PDF is not in the index";
    httplib::Client c = daemon.client();
    const std::vector<std::pair<std::string, std::vector<std::string>>> pairs = {
        {"/v1/search?q=cluster&by=passage&limit=5", {"search", "cluster", "--by", "passage", "--limit", "5"}},
        {"/v1/search?q=proximit%C3%A9%20g%C3%A9ographique", {"search", "proximité géographique"}},
        {"/v1/timeline?ids=cluster,district-industriel&axis=cited&bin=10", {"timeline", "cluster", "district-industriel", "--axis", "cited", "--bin", "10"}},
        {"/v1/timeline?ids=family:cluster&where=lang:fr", {"timeline", "family:cluster", "--where", "lang:fr"}},
        {"/v1/genealogy?ids=family:district", {"genealogy", "family:district"}},
        {"/v1/concepts", {"concepts"}},
        {"/v1/concepts/milieu-innovateur", {"concepts", "milieu-innovateur"}},
        {"/v1/documents/1", {"show", "1"}},
        {"/v1/documents/" + paged() + "/pages/2", {"show", paged(), "--page", "2"}},
        {"/v1/documents/" + paged() + "/pages/2?mark=proximit%C3%A9%20organis%C3%A9e", {"show", paged(), "--page", "2", "--mark", "proximité organisée"}},
        {"/v1/documents", {"list"}},
        {"/v1/documents?q=author:moreau", {"list", "author:moreau"}},
    };
    for (const auto& [path, command] : pairs) {
        const auto res = c.Get(path);
        ASSERT_TRUE(res) << path << ": no answer";
        EXPECT_EQ(res->status, 200) << path << res->body;
        EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
        std::vector<std::string> args = command;
        args.insert(args.begin() + 1, {"--db", db(), "--format", "json"});
        const Outcome cli = grappe(args);
        EXPECT_EQ(res->body, trimmed(cli.out)) << path;
    }
    // Exports and concordances: the command's output as it is, with its content type.
    const std::vector<std::tuple<std::string, std::vector<std::string>, std::string>> streams = {
        {"/v1/export?q=proximit%C3%A9&limit=20", {"export", "proximité", "--limit", "20"}, "text/markdown; charset=utf-8"},
        {"/v1/export?q=cluster&format=bibtex", {"export", "cluster", "--format", "bibtex"}, "application/x-bibtex; charset=utf-8"},
        {"/v1/export?q=cluster&format=json&limit=5", {"export", "cluster", "--format", "json", "--limit", "5"}, "application/json"},
        {"/v1/kwic?q=concept:cluster&sort=left", {"kwic", "concept:cluster", "--sort", "left", "--format", "json"}, "application/json"},
        {"/v1/timeline?ids=cluster,family:district&format=csv&bin=5", {"timeline", "cluster", "family:district", "--format", "csv", "--bin", "5"},
         "text/csv; charset=utf-8"},
    };
    for (const auto& [path, command, type] : streams) {
        const auto res = c.Get(path);
        ASSERT_TRUE(res) << path;
        EXPECT_EQ(res->status, 200) << path << res->body;
        EXPECT_EQ(res->get_header_value("Content-Type"), type) << path;
        std::vector<std::string> args = command;
        args.insert(args.begin() + 1, {"--db", db()});
        EXPECT_EQ(res->body, grappe(args).out) << path;
    }
    // A page with the query's words marked, in text: as search marks them.
    const Outcome marked = grappe({"show", "--db", db(), paged(), "--page", "2", "--mark", "proximité"});
    EXPECT_NE(marked.out.find("**proximité"), std::string::npos) << marked.out;
    // The chart the search page shows: the command's SVG, its words in French.
    const auto chart = c.Get("/v1/timeline?ids=cluster&format=svg&lang=fr");
    ASSERT_TRUE(chart);
    EXPECT_EQ(chart->get_header_value("Content-Type"), "image/svg+xml");
    EXPECT_EQ(chart->body, trimmed(grappe({"timeline", "--db", db(), "cluster", "--format", "svg", "--lang", "fr"}).out));
    EXPECT_NE(chart->body.find("année de publication"), std::string::npos);
    // The search page and its files, with their types.
    for (const auto& [path, type] : std::vector<std::pair<std::string, std::string>>{
             {"/", "text/html; charset=utf-8"}, {"/grappe.js", "text/javascript; charset=utf-8"}, {"/grappe.css", "text/css; charset=utf-8"}}) {
        const auto file = c.Get(path);
        ASSERT_TRUE(file) << path;
        EXPECT_EQ(file->status, 200) << path;
        EXPECT_EQ(file->get_header_value("Content-Type"), type) << path;
        EXPECT_NE(file->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos) << path;
    }
    const auto health = c.Get("/v1/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->body, R"({"status":"ok"})");
    const auto stats = c.Get("/v1/stats");
    ASSERT_TRUE(stats);
    const auto s = json(stats->body);
    EXPECT_GE(s["requests"]["search"].GetUint(), 2u);
    EXPECT_GT(s["passages"].GetUint(), 50u);
    EXPECT_STREQ(s["schema"].GetString(), "7");
}

TEST_F(Serve, ErrorsComeInOneEnvelopeWithTheirStatus) {
    Daemon daemon({"--db", db(), "--listen", "127.0.0.1:0"});
    ASSERT_GT(daemon.port(), 0);
    httplib::Client c = daemon.client();
    struct Case {
        std::string path;
        int status;
        std::string code, param;
    };
    for (const Case& k : std::vector<Case>{{"/v1/search?q=%22pole%20de", 400, "bad_query", "q"},
                                           {"/v1/search", 400, "bad_parameter", "q"},
                                           {"/v1/search?q=cluster&limit=100000", 400, "bad_parameter", "limit"},
                                           {"/v1/search?q=cluster&by=sideways", 400, "bad_parameter", "by"},
                                           {"/v1/timeline?ids=milieu-innovant", 404, "not_found", "ids"},
                                           {"/v1/timeline?ids=cluster&where=%22open", 400, "bad_query", "where"},
                                           {"/v1/documents/9999", 404, "not_found", ""},
                                           {"/v1/documents/" + paged() + "/pages/9999", 404, "not_found", "label"},
                                           {"/v1/documents/9999/pages/1", 404, "not_found", ""},
                                           {"/v1/concepts/milieu-innovant", 404, "not_found", "id"},
                                           {"/v1/export?q=cluster&format=docx", 400, "bad_parameter", "format"},
                                           {"/v1/kwic?q=year:2001", 400, "bad_query", "q"},
                                           {"/v1/nowhere", 404, "not_found", ""}}) {
        const auto res = c.Get(k.path);
        ASSERT_TRUE(res) << k.path;
        EXPECT_EQ(res->status, k.status) << k.path << " " << res->body;
        const auto body = json(res->body);
        ASSERT_TRUE(body.IsObject() && body.HasMember("error")) << k.path << " " << res->body;
        EXPECT_EQ(body["error"]["code"].GetString(), k.code) << k.path;
        if (!k.param.empty()) {
            EXPECT_EQ(body["error"]["param"].GetString(), k.param) << k.path;
        }
        EXPECT_EQ(res->body.find(db()), std::string::npos) << "a path of the server's disk in " << res->body;
    }
    const auto bad = json(c.Get("/v1/search?q=%22pole%20de")->body);
    EXPECT_EQ(bad["error"]["column"].GetInt(), 1);
    EXPECT_NE(std::string(json(c.Get("/v1/timeline?ids=milieu-innovant")->body)["error"]["message"].GetString()).find("milieu-innovateur"),
              std::string::npos);
    // Oversized: an address past 8 KiB (414), a body past 64 KiB (413).
    const auto long_address = c.Get("/v1/search?q=" + std::string(9000, 'a'));
    ASSERT_TRUE(long_address);
    EXPECT_EQ(long_address->status, 414);
    EXPECT_EQ(std::string(json(long_address->body)["error"]["code"].GetString()), "too_long");
    const auto big_body = c.Post("/v1/search", std::string(70000, 'x'), "text/plain");
    ASSERT_TRUE(big_body);
    EXPECT_EQ(big_body->status, 413);
    const auto post = c.Post("/v1/search", "q=cluster", "application/x-www-form-urlencoded");
    ASSERT_TRUE(post);
    EXPECT_EQ(post->status, 405);
    EXPECT_EQ(std::string(json(post->body)["error"]["code"].GetString()), "method_not_allowed");
}

// --server: the command runs in the daemon and prints here what it prints
// there, byte for byte, in every format, with the same exit code.
TEST_F(Serve, ServerOptionGivesTheLocalCommandsOutputAndExitCode) {
    Daemon daemon({"--db", db(), "--listen", "127.0.0.1:0"});
    ASSERT_GT(daemon.port(), 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(daemon.port());
    const std::vector<std::vector<std::string>> lines = {
        {"search", "proximité", "géographique"},
        {"search", "-lang:en", "concept:cluster", "--by", "passage", "--limit", "3"},
        {"search", "cluster", "--format", "json"},
        {"search", "\"pôle de"},  // malformed: exit 2, the caret under the column
        {"search", "zanzibar"},  // no hit: exit 1
        {"list", "author:moreau"},
        {"show", paged()},
        {"show", paged(), "--page", "2"},
        {"show", paged(), "--page", "2", "--mark", "proximité"},
        {"show", "9999"},
        {"concepts"},
        {"concepts", "milieu-innovateur"},
        {"timeline", "cluster", "family:district", "--axis", "cited", "--bin", "10"},
        {"timeline", "cluster", "--format", "svg", "--lang", "fr"},
        {"genealogy", "family:district", "--format", "md"},
        {"export", "proximité", "--limit", "5"},
        {"export", "cluster", "--format", "bibtex"},
        {"kwic", "concept:cluster", "--sort", "left"},
    };
    for (const auto& line : lines) {
        std::vector<std::string> local = line, remote = line;
        local.insert(local.begin() + 1, {"--db", db()});
        remote.insert(remote.end(), {"--server", url});
        const Outcome here = grappe(local), there = grappe(remote);
        std::string shown;
        for (const auto& a : line) shown += a + " ";
        EXPECT_EQ(there.code, here.code) << shown << there.err;
        EXPECT_EQ(there.out, here.out) << shown;
        EXPECT_EQ(there.err, here.err) << shown;
    }
    // export --out with --cite pandoc: both files written on the client's side.
    const TempDir a, b;
    EXPECT_EQ(grappe({"export", "--db", db(), "concept:cluster", "--cite", "pandoc", "--out", a / "revue.md"}).code, 0);
    const Outcome remote_export = grappe({"export", "concept:cluster", "--cite", "pandoc", "--out", b / "revue.md", "--server", url});
    EXPECT_EQ(remote_export.code, 0) << remote_export.err;
    EXPECT_EQ(slurp(b.path() / "revue.md"), slurp(a.path() / "revue.md"));
    EXPECT_EQ(slurp(b.path() / "revue.bib"), slurp(a.path() / "revue.bib"));
    EXPECT_NE(slurp(b.path() / "revue.bib").find("@"), std::string::npos);
    // What names something on the daemon's side is refused; no daemon: exit 2.
    std::ofstream(a.path() / "codebook.toml") << "# empty\n";
    const Outcome lexicon = grappe({"concepts", "--lexicon", a / "codebook.toml", "--server", url});
    EXPECT_EQ(lexicon.code, 2);
    EXPECT_NE(lexicon.err.find("daemon"), std::string::npos) << lexicon.err;
    const Outcome huge = grappe({"export", "cluster", "--limit", "50000", "--server", url});
    EXPECT_EQ(huge.code, 2);
    EXPECT_NE(huge.err.find("10,000"), std::string::npos) << huge.err;
    const Outcome away = grappe({"search", "cluster", "--server", "http://127.0.0.1:9"});
    EXPECT_EQ(away.code, 2);
    EXPECT_NE(away.err.find("cannot reach the daemon"), std::string::npos) << away.err;
}

// An index of one text of 3,000 paragraphs holding "territoire": reading
// them all and sorting the lines takes tens of milliseconds.
void index_long_text(const TempDir& dir) {
    fs::create_directories(dir.path() / "c");
    {
        std::ofstream long_text(dir.path() / "c" / "long.md");
        long_text << "---\ntitle: Un long texte\n---\n\n";
        for (int i = 0; i < 3000; ++i) long_text << "Le territoire numéro " << i << " accueille une grappe d'entreprises.\n\n";
    }
    ASSERT_EQ(grappe({"index", "--db", dir / "db", (dir.path() / "c").string()}).code, 0);
}

// A search past --time-limit stops and says so; the daemon goes on.
TEST(ServeLimits, ARequestPastItsTimeLimitGets503AndTheDaemonGoesOn) {
    const TempDir dir;
    index_long_text(dir);
    Daemon daemon({"--db", dir / "db", "--listen", "127.0.0.1:0", "--time-limit", "1"});
    ASSERT_GT(daemon.port(), 0);
    httplib::Client c = daemon.client();
    for (const std::string path : {"/v1/kwic?q=territoire&sort=left&limit=10000", "/v1/export?q=territoire&limit=10000",
                                   "/v1/search?q=territoire&by=passage&limit=1000"}) {
        const auto slow = c.Get(path);
        ASSERT_TRUE(slow) << path;
        EXPECT_EQ(slow->status, 503) << path << " " << slow->body;
        EXPECT_EQ(std::string(json(slow->body)["error"]["code"].GetString()), "time_limit") << path;
    }
    const auto health = c.Get("/v1/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    const auto page = c.Get("/v1/documents/1/pages/1");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200) << "a page read is not a search: no time limit";
    // A --server client's command is held to the same limit.
    const std::string url = "http://127.0.0.1:" + std::to_string(daemon.port());
    for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
             {"kwic", "territoire", "--sort", "left", "--limit", "10000"},
             {"export", "territoire", "--limit", "10000"},
             {"search", "territoire", "--by", "passage", "--limit", "1000"}}) {
        std::vector<std::string> args = command;
        args.insert(args.end(), {"--server", url});
        const Outcome slow = grappe(args);
        EXPECT_EQ(slow.code, 2) << command.front() << slow.out.substr(0, 200);
        EXPECT_NE(slow.err.find("time limit"), std::string::npos) << command.front() << " " << slow.err;
    }
}

// Eight clients ask at once for the same slow answer: it is made once, the
// others wait for it (or find it kept), and all get the same bytes. After a
// commit, it is made once again, the others meanwhile served the last one.
TEST(ServeLimits, ClientsAskingForAnAnswerBeingMadeWaitForItRatherThanMakeItAgain) {
    const TempDir dir;
    index_long_text(dir);
    Daemon daemon({"--db", dir / "db", "--listen", "127.0.0.1:0", "--threads", "16"});
    ASSERT_GT(daemon.port(), 0);
    std::vector<std::string> bodies(8);
    std::vector<std::thread> clients;
    for (std::size_t i = 0; i < bodies.size(); ++i)
        clients.emplace_back([&, i] {
            httplib::Client c = daemon.client();
            if (const auto res = c.Get("/v1/kwic?q=territoire&sort=left&limit=10000"); res && res->status == 200) bodies[i] = res->body;
        });
    for (auto& t : clients) t.join();
    for (const auto& body : bodies) {
        EXPECT_FALSE(body.empty());
        EXPECT_EQ(body, bodies.front());
    }
    httplib::Client c = daemon.client();
    const auto stats = json(c.Get("/v1/stats")->body);
    EXPECT_EQ(stats["cache"]["misses"].GetUint64(), 1u) << "made more than once";
    EXPECT_EQ(stats["cache"]["hits"].GetUint64() + stats["cache"]["waited"].GetUint64(), 7u);

    // A commit: the first request makes the answer anew; those that come
    // while it does get the answer it replaces rather than wait; then all
    // get the new one.
    std::ofstream(dir.path() / "c" / "more.md") << "---\ntitle: Encore\n---\n\nUn autre territoire, une autre grappe.\n";
    ASSERT_EQ(grappe({"index", "--db", dir / "db", (dir.path() / "c").string()}).code, 0);
    const std::string old = bodies.front();
    std::vector<std::string> after(8);
    clients.clear();
    for (std::size_t i = 0; i < after.size(); ++i)
        clients.emplace_back([&, i] {
            httplib::Client client = daemon.client();
            if (const auto res = client.Get("/v1/kwic?q=territoire&sort=left&limit=10000"); res && res->status == 200) after[i] = res->body;
        });
    for (auto& t : clients) t.join();
    const std::string fresh = c.Get("/v1/kwic?q=territoire&sort=left&limit=10000")->body;
    EXPECT_NE(fresh, old);
    EXPECT_NE(fresh.find("Un autre"), std::string::npos);
    for (const auto& body : after) EXPECT_TRUE(body == old || body == fresh) << body.substr(0, 200);
    const auto later = json(c.Get("/v1/stats")->body);
    EXPECT_EQ(later["cache"]["misses"].GetUint64(), 2u) << "made more than once after the commit";
    EXPECT_EQ(later["cache"]["hits"].GetUint64() + later["cache"]["waited"].GetUint64() + later["cache"]["previous"].GetUint64(), 7u + 7u + 1u);
}

TEST_F(Serve, ATokenIsRequiredWhenSetAndOtherAddressesNeedOne) {
    const TempDir secrets;
    std::ofstream(secrets.path() / "token") << "s3cret-token\n";
    Daemon daemon({"--db", db(), "--listen", "127.0.0.1:0", "--token-file", (secrets.path() / "token").string()});
    ASSERT_GT(daemon.port(), 0);
    httplib::Client c = daemon.client();
    const auto refused = c.Get("/v1/health");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);
    EXPECT_EQ(std::string(json(refused->body)["error"]["code"].GetString()), "unauthorized");
    const auto wrong = c.Get("/v1/health", {{"Authorization", "Bearer s3cret-tokem"}});
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
    const auto allowed = c.Get("/v1/health", {{"Authorization", "Bearer s3cret-token"}});
    ASSERT_TRUE(allowed);
    EXPECT_EQ(allowed->status, 200);
    const auto page = c.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200) << "the search page holds no data: served without the token, it asks for it";

    const Outcome open = grappe({"serve", "--db", db(), "--listen", "0.0.0.0:0"});
    EXPECT_EQ(open.code, 2);
    EXPECT_NE(open.err.find("token"), std::string::npos) << open.err;
    EXPECT_EQ(grappe({"serve", "--db", db(), "--listen", "nonsense"}).code, 2);
}

// No index where the daemon looks (not built yet, or moved away): 503, and
// served as soon as it is there.
TEST(ServeIndex, AMissingIndexGives503UntilItIsBuilt) {
    const TempDir dir;
    Daemon daemon({"--db", dir / "db", "--listen", "127.0.0.1:0"});
    ASSERT_GT(daemon.port(), 0);
    httplib::Client c = daemon.client();
    const auto missing = c.Get("/v1/search?q=cluster");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 503) << missing->body;
    EXPECT_EQ(std::string(json(missing->body)["error"]["code"].GetString()), "index_unavailable");
    EXPECT_EQ(missing->body.find(dir.path().string()), std::string::npos) << "a path of the server's disk in " << missing->body;
    fs::create_directories(dir.path() / "c");
    std::ofstream(dir.path() / "c" / "one.md") << "---\ntitle: Premier texte\n---\n\nUn cluster de Zanzibar.\n";
    ASSERT_EQ(grappe({"index", "--db", dir / "db", (dir.path() / "c").string()}).code, 0);
    const auto found = c.Get("/v1/search?q=zanzibar");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->status, 200) << found->body;
}

// While `grappe index` holds the index, its commits come every few
// seconds: a client asking for an answer kept from an earlier commit gets
// it at once, and the answer is made anew in the background, then served.
// (Once the writer is gone, the first request after a commit gets the new
// answer: the test below.)
TEST(ServeIndex, WhileAWriterHoldsTheIndexTheEarlierAnswerIsServedAndTheNewOneMadeInTheBackground) {
    const TempDir dir;
    fs::create_directories(dir.path() / "c");
    std::ofstream(dir.path() / "c" / "one.md") << "---\ntitle: Premier texte\n---\n\nUn cluster de Zanzibar.\n";
    std::ofstream(dir.path() / "c" / "two.md") << "---\ntitle: Second texte\n---\n\nLes entreprises de Zanzibar coopèrent.\n";
    ASSERT_EQ(grappe({"index", "--db", dir / "db", (dir.path() / "c").string()}).code, 0);
    Daemon daemon({"--db", dir / "db", "--listen", "127.0.0.1:0", "--threads", "2"});
    ASSERT_GT(daemon.port(), 0);
    httplib::Client c = daemon.client();
    const std::string path = "/v1/search?q=zanzibar";
    const auto hits = [&](const std::string& body) { return json(body)["hits"].Size(); };
    const std::string before = c.Get(path)->body;
    ASSERT_EQ(hits(before), 2u) << before;
    const auto cache = [&](const char* field) { return json(c.Get("/v1/stats")->body)["cache"][field].GetUint64(); };
    {
        // A writer that commits and stays: one text's passage taken out.
        Xapian::WritableDatabase writer((dir.path() / "db").string(), Xapian::DB_OPEN);
        ASSERT_NE(writer.postlist_begin("zanzibar"), writer.postlist_end("zanzibar")) << "the key of the word";
        writer.delete_document(*writer.postlist_begin("zanzibar"));
        writer.commit();
        const std::string during = c.Get(path)->body;
        EXPECT_EQ(during, before) << "the earlier answer, at once";
        EXPECT_EQ(cache("background"), 1u);
        EXPECT_GE(cache("previous"), 1u);
        std::string later = during;
        for (int i = 0; i < 200 && later == before; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            later = c.Get(path)->body;
        }
        EXPECT_EQ(hits(later), 1u) << "the answer made in the background is served: " << later;
        EXPECT_EQ(cache("background"), 1u) << "made once";
    }
    // The writer gone, another commit is served at once, fresh.
    {
        Xapian::WritableDatabase writer((dir.path() / "db").string(), Xapian::DB_OPEN);
        ASSERT_NE(writer.postlist_begin("zanzibar"), writer.postlist_end("zanzibar"));
        writer.delete_document(*writer.postlist_begin("zanzibar"));
        writer.commit();
    }
    EXPECT_EQ(hits(c.Get(path)->body), 0u);
    EXPECT_EQ(cache("background"), 1u);
}

TEST(ServeIndex, AReindexBesideTheDaemonIsServedWithoutRestartAndSigtermStopsIt) {
    const TempDir dir;
    fs::create_directories(dir.path() / "c");
    std::ofstream(dir.path() / "c" / "one.md") << "---\ntitle: Premier texte\n---\n\nLes districts industriels de la Troisième Italie.\n";
    ASSERT_EQ(grappe({"index", "--db", dir / "db", (dir.path() / "c").string()}).code, 0);
    Daemon daemon({"--db", dir / "db", "--listen", "127.0.0.1:0", "--threads", "2"});
    ASSERT_GT(daemon.port(), 0);
    httplib::Client c = daemon.client();
    auto hits = [&](const std::string& word) {
        const auto res = c.Get("/v1/search?q=" + word);
        return res && res->status == 200 ? json(res->body)["hits"].Size() : 999u;
    };
    EXPECT_EQ(hits("zanzibar"), 0u);
    // Asked again on the same revision: the answer kept is served.
    auto cache_hits = [&] { return json(c.Get("/v1/stats")->body)["cache"]["hits"].GetUint64(); };
    EXPECT_EQ(cache_hits(), 0u);
    EXPECT_EQ(hits("zanzibar"), 0u);
    EXPECT_EQ(cache_hits(), 1u);
    std::ofstream(dir.path() / "c" / "two.md") << "---\ntitle: Second texte\n---\n\nUn cluster de Zanzibar réunit des entreprises.\n";
    ASSERT_EQ(grappe({"index", "--db", dir / "db", (dir.path() / "c").string()}).code, 0);
    EXPECT_EQ(hits("zanzibar"), 1u);  // every worker thread refreshes its database; the answer kept was for the old revision
    EXPECT_EQ(hits("zanzibar"), 1u);
    const Outcome stopped = daemon.stop();
    EXPECT_EQ(stopped.code, 0) << stopped.err;
    EXPECT_NE(stopped.out.find("stopped"), std::string::npos);
}

}  // namespace
}  // namespace grappe::testing
