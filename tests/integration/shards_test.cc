// A sharded index: `grappe index --shard K/N` writes shard K of the sample
// corpus; the shards searched together, as local folders or through two
// xapian-tcpsrv servers on loopback, give every command's results as one
// index of the same files does; document ids say their shard; a shard that
// stops answering is named, the daemon stays up, and --allow-partial
// answers from the rest with a warning.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <set>
#include <sstream>
#include <thread>
#include <xapian.h>

#include "analyze/lemmatizer.h"
#include "integration/daemon.h"
#include "integration/run_grappe.h"
#include "pdf_file.h"
#include "search/searcher.h"
#include "store/documents.h"
#include "store/schema.h"

namespace grappe::testing {
namespace {

const fs::path kSample = source_dir() / "corpus" / "sample";
const char* const kTcpServer = "/usr/bin/xapian-tcpsrv";  // Debian xapian-tools (tools/setup)

bool accepts_connections(int port) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(s);
    return ok;
}

// xapian-tcpsrv serving one folder on loopback, in a process group of its
// own: it forks a child per connection, and stopping the shard stops them all.
class TcpServer {
  public:
    TcpServer(const std::string& folder, int port) : folder_(folder), port_(port) { start(); }
    ~TcpServer() { stop(); }
    void start() {
        pid_ = fork();
        if (pid_ == 0) {
            ::setpgid(0, 0);
            const int null = ::open("/dev/null", O_RDWR);
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
            const std::string port = std::to_string(port_);
            execl(kTcpServer, kTcpServer, "--port", port.c_str(), "--interface", "127.0.0.1", "--quiet", folder_.c_str(), nullptr);
            _exit(127);
        }
        for (int i = 0; i < 200 && !accepts_connections(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    void stop() {
        if (pid_ <= 0) return;
        ::kill(-pid_, SIGKILL);
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    [[nodiscard]] std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
    [[nodiscard]] bool listening() const { return accepts_connections(port_); }

  private:
    std::string folder_;
    int port_;
    pid_t pid_ = -1;
};

// JSON with object keys sorted, doc and passage ids and ranks left out
// (they are the shards' own), and arrays of objects sorted: hits of equal
// weight come in doc id order, which sharding changes. The weights, in
// their order, are compared apart (scores()).
void canonical(const rapidjson::Value& v, std::string& out) {
    static const std::set<std::string> own_ids = {"doc_id", "passage_id", "rank"};
    if (v.IsObject()) {
        std::map<std::string, std::string> members;
        for (const auto& m : v.GetObject()) {
            const std::string name(m.name.GetString(), m.name.GetStringLength());
            if (own_ids.count(name)) continue;
            canonical(m.value, members[name]);
        }
        out += '{';
        for (const auto& [name, value] : members) out += '"' + name + "\":" + value + ',';
        out += '}';
    } else if (v.IsArray()) {
        std::vector<std::string> items;
        bool objects = false;
        for (const auto& item : v.GetArray()) {
            objects = objects || item.IsObject();
            canonical(item, items.emplace_back());
        }
        if (objects) std::sort(items.begin(), items.end());
        out += '[';
        for (const auto& item : items) out += item + ',';
        out += ']';
    } else {
        rapidjson::StringBuffer b;
        rapidjson::Writer<rapidjson::StringBuffer> w(b);
        v.Accept(w);
        out.append(b.GetString(), b.GetSize());
    }
}

void scores(const rapidjson::Value& v, std::vector<double>& out) {
    if (v.IsObject()) {
        for (const auto& m : v.GetObject()) {
            if (std::string(m.name.GetString()) == "score" && m.value.IsNumber()) out.push_back(m.value.GetDouble());
            else scores(m.value, out);
        }
    } else if (v.IsArray()) {
        for (const auto& item : v.GetArray()) scores(item, out);
    }
}

// What must be equal between one index and its shards: for JSON, the
// canonical form and the weights in order; for text, its lines as a set.
std::string comparable(const std::string& output) {
    rapidjson::Document d;
    d.Parse(output.c_str());
    if (!d.HasParseError()) {
        std::string out;
        canonical(d, out);
        std::vector<double> weights;
        scores(d, weights);
        for (double w : weights) {
            out += '\n';
            out += std::to_string(w);
        }
        return out;
    }
    std::vector<std::string> lines;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// Each command line, run on one index and on its shards.
const std::vector<std::vector<std::string>> kCommands = {
    {"search", "--format", "json", "--limit", "50", "cluster"},
    {"search", "--format", "json", "--limit", "50", "milieu innovateur"},  // page scope (facets with JSON)
    {"search", "--format", "json", "--within", "window", "territoire innovation"},
    {"search", "--format", "json", "--within", "document", "porter district"},
    {"search", "--format", "json", "--within", "passage", "--by", "passage", "--limit", "40", "pôles compétitivité"},
    {"search", "--format", "json", "écosystèmes -affaires"},
    {"search", "--format", "json", "écosys*"},
    {"search", "--format", "json", "\"district industriel\""},
    {"search", "--format", "json", "concept:cluster year:2000..2020"},
    {"search", "--format", "json", "=porter"},
    {"list", "--format", "json"},
    {"list", "--format", "json", "family:ecosysteme"},
    {"timeline", "--format", "json", "cluster", "district-industriel", "milieu-innovateur"},
    {"timeline", "--format", "json", "--axis", "cited", "cluster", "district-industriel"},
    {"timeline", "--format", "json", "--axis", "period", "family:cluster"},
    {"timeline", "--format", "json", "cluster", "--passages", "--year", "2001"},
    {"genealogy", "--format", "json", "cluster", "milieu-innovateur"},
    {"concepts", "--format", "json", "--cooccurrence"},
    {"export", "--format", "md", "--limit", "20", "cluster"},
    {"export", "--format", "csl-json", "--limit", "20", "milieu innovateur"},
    {"kwic", "--format", "json", "--limit", "40", "innovation"},
};

Outcome on(const std::vector<std::string>& command, const std::vector<std::string>& databases) {
    std::vector<std::string> args = {command.front()};
    for (const auto& db : databases) {
        args.push_back("--db");
        args.push_back(db);
    }
    args.insert(args.end(), command.begin() + 1, command.end());
    return grappe(args);
}

std::vector<std::string> paths_listed(const std::vector<std::string>& databases) {
    std::vector<std::string> out;
    // One shard alone is a partial index.
    const auto listed = json(on({"list", "--allow-partial", "--format", "json"}, databases).out);
    if (!listed.IsObject() || !listed.HasMember("documents")) return out;
    for (const auto& d : listed["documents"].GetArray()) out.emplace_back(d["path"].GetString());
    std::sort(out.begin(), out.end());
    return out;
}

class Shards : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        for (const auto& [db, shard] : std::vector<std::pair<std::string, std::string>>{{"whole", ""}, {"s1", "1/2"}, {"s2", "2/2"}}) {
            std::vector<std::string> args = {"index", "--db", *dir_ / db, "-j", "2", kSample.string()};
            if (!shard.empty()) args.insert(args.begin() + 1, {"--shard", shard});
            const Outcome r = grappe(args);
            ASSERT_EQ(r.code, 0) << r.out << r.err;
        }
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string whole() { return *dir_ / "whole"; }
    static std::string shard(int k) { return *dir_ / std::string(k == 1 ? "s1" : "s2"); }
    static TempDir* dir_;
};
TempDir* Shards::dir_ = nullptr;

TEST_F(Shards, EachFileGoesToOneShardByItsNameAndStaysThere) {
    const auto all = paths_listed({whole()}), first = paths_listed({shard(1)}), second = paths_listed({shard(2)});
    ASSERT_EQ(all.size(), 13u);
    EXPECT_FALSE(first.empty());
    EXPECT_FALSE(second.empty());
    std::vector<std::string> both;
    std::set_union(first.begin(), first.end(), second.begin(), second.end(), std::back_inserter(both));
    EXPECT_EQ(both, all);
    EXPECT_EQ(first.size() + second.size(), all.size()) << "a file is in both shards";

    // Indexed again: nothing moves, the others' files are counted apart.
    const Outcome again = grappe({"index", "--shard", "1/2", "--db", shard(1), "--format", "json", kSample.string()});
    ASSERT_EQ(again.code, 0) << again.err;
    const auto summary = json(again.out);
    EXPECT_EQ(summary["indexed"].GetUint(), 0u);
    EXPECT_EQ(summary["unchanged"].GetUint(), first.size());
    EXPECT_EQ(summary["other_shards"].GetUint(), second.size());

    // A shard stays the shard it was made; a bad --shard is refused.
    const Outcome unsharded = grappe({"index", "--db", shard(1), kSample.string()});
    EXPECT_EQ(unsharded.code, 2);
    EXPECT_NE(unsharded.err.find("is shard 1/2"), std::string::npos) << unsharded.err;
    const Outcome other = grappe({"index", "--shard", "2/2", "--db", shard(1), kSample.string()});
    EXPECT_EQ(other.code, 2);
    for (const char* bad : {"3/2", "0/2", "1", "a/b"}) {
        const Outcome refused = grappe({"index", "--shard", bad, "--db", *dir_ / "never", kSample.string()});
        EXPECT_EQ(refused.code, 2) << bad;
        EXPECT_NE(refused.err.find("--shard"), std::string::npos) << refused.err;
    }
}

TEST_F(Shards, DocumentIdsSayTheirShardAndShowTheirDocument) {
    const std::vector<std::string> first = paths_listed({shard(1)});
    const auto listed = json(on({"list", "--format", "json"}, {shard(1), shard(2)}).out);
    ASSERT_TRUE(listed.IsObject() && listed.HasMember("documents"));
    ASSERT_EQ(listed["documents"].Size(), 13u);
    for (const auto& d : listed["documents"].GetArray()) {
        const unsigned id = d["doc_id"].GetUint();
        const std::string path = d["path"].GetString();
        const bool in_first = std::binary_search(first.begin(), first.end(), path);
        EXPECT_EQ((id - 1) % 2, in_first ? 0u : 1u) << path << " has id " << id;
        const auto shown = json(on({"show", std::to_string(id), "--format", "json"}, {shard(1), shard(2)}).out);
        ASSERT_TRUE(shown.IsObject() && shown.HasMember("path")) << id;
        EXPECT_EQ(std::string(shown["path"].GetString()), path);
    }
}

TEST_F(Shards, LocalShardsGiveEveryCommandsResultsAsOneIndex) {
    // A word the index lacks is suggested from the shards' spelling tables as from one.
    std::vector<std::vector<std::string>> commands = kCommands;
    commands.push_back({"search", "--format", "json", "competitivte"});
    for (const auto& command : commands) {
        const Outcome one = on(command, {whole()}), sharded = on(command, {shard(1), shard(2)});
        std::string line;
        for (const auto& a : command) line += a + " ";
        EXPECT_EQ(sharded.code, one.code) << line << sharded.err;
        EXPECT_EQ(sharded.err, one.err) << line;
        EXPECT_FALSE(one.out.empty()) << line;
        EXPECT_EQ(comparable(sharded.out), comparable(one.out)) << line;
    }
    // The shards given in another order are the same index.
    EXPECT_EQ(comparable(on(kCommands[1], {shard(2), shard(1)}).out), comparable(on(kCommands[1], {whole()}).out));
    // Not the shards of one index, or not all of them: refused, said why.
    EXPECT_NE(on({"search", "cluster"}, {shard(1)}).err.find("shard 2/2 is not given"), std::string::npos);
    EXPECT_NE(on({"search", "cluster"}, {shard(1), shard(1)}).err.find("given twice"), std::string::npos);
    EXPECT_NE(on({"search", "cluster"}, {shard(1), whole()}).err.find("not a shard"), std::string::npos);
}

TEST_F(Shards, TwoTcpsrvShardsGiveEveryCommandsResultsAsOneIndex) {
    ASSERT_TRUE(fs::exists(kTcpServer)) << kTcpServer << " is missing: tools/setup installs xapian-tools";
    TcpServer first(shard(1), free_port()), second(shard(2), free_port());
    ASSERT_TRUE(first.listening() && second.listening()) << "xapian-tcpsrv did not start";
    for (const auto& command : kCommands) {
        const Outcome one = on(command, {whole()}), remote = on(command, {first.address(), second.address()});
        std::string line;
        for (const auto& a : command) line += a + " ";
        EXPECT_EQ(remote.code, one.code) << line << remote.err;
        EXPECT_EQ(remote.err, one.err) << line;
        EXPECT_EQ(comparable(remote.out), comparable(one.out)) << line;
    }
}

// Through remote shards the analyser reads no vocabulary (a round trip a
// word): a query's words take their lemmas from the shards' mirrors of it,
// so a search of words the index has never loads the dictionaries (0.1 s of
// every remote search before) and finds what the whole index finds.
TEST_F(Shards, ARemoteSearchOfIndexedWordsLoadsNoDictionary) {
    ASSERT_TRUE(fs::exists(kTcpServer)) << kTcpServer << " is missing: tools/setup installs xapian-tools";
    ASSERT_FALSE(Lemmatizer::dictionaries_loaded()) << "run alone, as ctest does";
    TcpServer first(shard(1), free_port()), second(shard(2), free_port());
    ASSERT_TRUE(first.listening() && second.listening()) << "xapian-tcpsrv did not start";
    const Searcher remote(IndexSource{{first.address(), second.address()}, false});
    const Searcher local(whole());
    for (const char* q : {"écosystèmes d'affaires", "districts", "title:milieux innovateurs", "cites:Porter"}) {
        SearchRequest request;
        request.query = q;
        request.by_passage = true;
        std::set<std::string> there, here;
        for (const Hit& h : remote.search(request).hits) there.insert(h.snippet.text);
        for (const Hit& h : local.search(request).hits) here.insert(h.snippet.text);
        EXPECT_FALSE(here.empty()) << q;
        EXPECT_EQ(there, here) << q;
    }
    EXPECT_FALSE(Lemmatizer::dictionaries_loaded());
}

// A shard's passages carry their facet values (schema.h kSlotFacets), so
// that a remote search counts its facets in one match, and their places
// (kSlotPlace), so that a wider scope reads a clause's passages in one
// match; a whole index does not pay for them. Shards made before either
// slot (grappe.facets, grappe.places unset) are read a match per facet
// value or per slot, with the same results.
TEST_F(Shards, ShardsCarryFacetValuesAndShardsWithoutThemGiveTheSameFacets) {
    ASSERT_TRUE(fs::exists(kTcpServer)) << kTcpServer << " is missing: tools/setup installs xapian-tools";
    EXPECT_EQ(Xapian::Database(shard(1)).get_metadata("grappe.facets"), "1");
    EXPECT_EQ(Xapian::Database(whole()).get_metadata("grappe.facets"), "");
    EXPECT_EQ(Xapian::Database(shard(2)).get_metadata("grappe.places"), "1");
    EXPECT_EQ(Xapian::Database(whole()).get_metadata("grappe.places"), "");
    // Every passage's value says its record and its terms as they are now,
    // also after a retag that takes a concept away.
    const auto check_values = [](const std::string& db, const std::string& absent_term) {
        const Xapian::Database s(db);
        std::size_t passages = 0, current = 0, absent = 0;
        for (auto v = s.valuestream_begin(schema::kSlotDocId); v != s.valuestream_end(schema::kSlotDocId); ++v) {
            ++passages;
            const Xapian::Document doc = s.get_document(v.get_docid());
            const std::string stored = doc.get_value(schema::kSlotFacets);
            const PassageFacets f = read_facet_value(stored);
            const PassagePlace place = read_place_value(doc.get_value(schema::kSlotPlace));
            const auto number = [&](unsigned slot) { return static_cast<std::uint32_t>(Xapian::sortable_unserialise(doc.get_value(slot))); };
            if (f.record == record_id_of(*v) && !f.terms.empty() && stored == facet_value(doc) && place.record == f.record &&
                place.page == number(schema::kSlotPage) && place.ordinal == number(schema::kSlotOrdinal))
                ++current;
            if (std::find(f.terms.begin(), f.terms.end(), absent_term) == f.terms.end()) ++absent;
        }
        EXPECT_GT(passages, 0u) << db;
        EXPECT_EQ(current, passages) << db << ": every passage has its record, at least its kind, its terms as they are, and its place";
        return absent < passages;  // some passage holds the term
    };
    EXPECT_TRUE(check_values(shard(1), "XQcluster"));
    const TempDir retagged;
    fs::copy(shard(1), retagged.path() / "s1", fs::copy_options::recursive);
    std::ofstream(retagged.path() / "codebook.toml") << "[[concept]]\nid = \"cluster\"\ndisabled = true\n";
    const Outcome retag = grappe({"retag", "--db", (retagged.path() / "s1").string(), "--lexicon", (retagged.path() / "codebook.toml").string()});
    ASSERT_EQ(retag.code, 0) << retag.err;
    EXPECT_FALSE(check_values((retagged.path() / "s1").string(), "XQcluster")) << "the retag's concept gone from every value";
    // Shards made before both slots, and before the places only.
    const TempDir older;
    std::vector<std::string> dbs;
    for (const std::string made : {"before-facets", "before-places"})
        for (int k : {1, 2}) {
            const fs::path copy = older.path() / (made + std::to_string(k));
            fs::copy(shard(k), copy, fs::copy_options::recursive);
            Xapian::WritableDatabase w(copy.string(), Xapian::DB_OPEN);
            if (made == "before-facets") w.set_metadata("grappe.facets", "");
            w.set_metadata("grappe.places", "");
            w.commit();
            dbs.push_back(copy.string());
        }
    TcpServer first(shard(1), free_port()), second(shard(2), free_port());
    TcpServer first_older(dbs[0], free_port()), second_older(dbs[1], free_port());
    TcpServer first_placeless(dbs[2], free_port()), second_placeless(dbs[3], free_port());
    ASSERT_TRUE(first.listening() && second.listening() && first_older.listening() && second_older.listening() && first_placeless.listening() &&
                second_placeless.listening());
    for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
             {"search", "--format", "json", "--limit", "50", "milieu innovateur"},
             {"search", "--format", "json", "écosystèmes -affaires"},
             {"search", "--format", "json", "--within", "document", "porter district"}}) {
        const std::string one = comparable(on(command, {whole()}).out);
        const auto facets = [](const std::string& out) {
            const auto d = json(out);
            rapidjson::StringBuffer b;
            rapidjson::Writer<rapidjson::StringBuffer> w(b);
            if (d.IsObject() && d.HasMember("facets")) d["facets"].Accept(w);
            return std::string(b.GetString());
        };
        const std::string spied = on(command, {first.address(), second.address()}).out;
        const std::string counted = on(command, {first_older.address(), second_older.address()}).out;
        EXPECT_EQ(comparable(spied), one) << command.back();
        EXPECT_EQ(comparable(counted), one) << command.back();
        EXPECT_EQ(comparable(on(command, {first_placeless.address(), second_placeless.address()}).out), one) << command.back();
        EXPECT_NE(facets(spied).find("concept"), std::string::npos) << command.back() << ": " << facets(spied);
        EXPECT_EQ(facets(spied), facets(counted)) << command.back();
    }
}

// A remote shard says nothing of its writers: one that changed in the last
// seconds is taken as being written, so that while `grappe index` rewrites
// it the daemon serves the answer it has and makes the new one in the
// background (a remote search costs tens of milliseconds; clients waiting
// for it after each commit made the p99).
TEST_F(Shards, AShardJustChangedIsServedTheEarlierAnswerAndTheNewOneMadeInTheBackground) {
    ASSERT_TRUE(fs::exists(kTcpServer)) << kTcpServer << " is missing: tools/setup installs xapian-tools";
    const TempDir copies;
    fs::copy(shard(1), copies.path() / "s1", fs::copy_options::recursive);
    TcpServer first((copies.path() / "s1").string(), free_port()), second(shard(2), free_port());
    ASSERT_TRUE(first.listening() && second.listening());
    Daemon daemon({"--db", first.address(), "--db", second.address(), "--listen", "127.0.0.1:0", "--threads", "2"});
    ASSERT_GT(daemon.port(), 0);
    httplib::Client c = daemon.client();
    const std::string path = "/v1/search?q=cluster&limit=50";
    // The passages shown from shard 1 (odd global ids: schema.h, Shards).
    const auto from_first = [&](const std::string& body) {
        std::set<std::uint32_t> ids;
        const auto d = json(body);
        for (const auto& h : d["hits"].GetArray())
            if (h["passage_id"].GetUint() % 2 == 1) ids.insert(h["passage_id"].GetUint());
        return ids;
    };
    const std::string before = c.Get(path)->body;
    const std::set<std::uint32_t> shown = from_first(before);
    ASSERT_FALSE(shown.empty()) << before;
    const auto cache = [&](const char* field) { return json(c.Get("/v1/stats")->body)["cache"][field].GetUint64(); };
    {
        // Those passages taken out of shard 1 (local id of global id g: (g - 1) / 2 + 1).
        Xapian::WritableDatabase writer((copies.path() / "s1").string(), Xapian::DB_OPEN);
        for (const std::uint32_t id : shown) writer.delete_document((id - 1) / 2 + 1);
        writer.commit();
    }
    const std::string during = c.Get(path)->body;
    EXPECT_TRUE(during == before) << "the earlier answer, at once";
    EXPECT_EQ(cache("background"), 1u);
    std::string later = during;
    // The background thread runs below the clients' priority: on a loaded
    // machine it may take a while.
    for (int i = 0; i < 600 && later == before; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        later = c.Get(path)->body;
    }
    EXPECT_NE(later, before) << "the answer made in the background is served";
    for (const std::uint32_t id : from_first(later)) EXPECT_EQ(shown.count(id), 0u) << id << " was taken out";
    EXPECT_EQ(cache("background"), 1u) << "made once: " << c.Get("/v1/stats")->body;
}

TEST_F(Shards, AShardThatStopsIsNamedTheDaemonStaysUpAndAllowPartialAnswersFromTheRest) {
    ASSERT_TRUE(fs::exists(kTcpServer)) << kTcpServer << " is missing: tools/setup installs xapian-tools";
    TcpServer first(shard(1), free_port()), second(shard(2), free_port());
    ASSERT_TRUE(first.listening() && second.listening());
    const std::vector<std::string> both = {"--db", first.address(), "--db", second.address(), "--listen", "127.0.0.1:0"};
    Daemon strict(both);
    std::vector<std::string> lenient_args = both;
    lenient_args.push_back("--allow-partial");
    Daemon lenient(lenient_args);
    ASSERT_GT(strict.port(), 0);
    ASSERT_GT(lenient.port(), 0);
    httplib::Client a = strict.client(), b = lenient.client();
    const std::string query = "/v1/search?q=cluster&limit=50";
    const std::string expected = comparable(on({"search", "--format", "json", "--limit", "50", "cluster"}, {whole()}).out);
    for (httplib::Client* c : {&a, &b}) {  // each opens its connections to both shards
        const auto res = c->Get(query);
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        EXPECT_EQ(comparable(res->body), expected);
    }

    second.stop();  // while the daemons hold their connections to it
    const auto failed = a.Get(query);
    ASSERT_TRUE(failed) << "the daemon went down with its shard";
    EXPECT_EQ(failed->status, 503);
    const auto error = json(failed->body);
    ASSERT_TRUE(error.IsObject() && error.HasMember("error")) << failed->body;
    EXPECT_EQ(std::string(error["error"]["code"].GetString()), "shard_unavailable");
    const std::string message = error["error"]["message"].GetString();
    EXPECT_NE(message.find("shard 2/2"), std::string::npos) << message;
    EXPECT_NE(message.find(second.address()), std::string::npos) << message;
    const auto health = a.Get("/v1/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 503);
    // The same from the command line: exit 2, the shard named.
    const Outcome cli = on({"search", "cluster"}, {first.address(), second.address()});
    EXPECT_EQ(cli.code, 2);
    EXPECT_NE(cli.err.find("shard 2/2 (" + second.address() + ")"), std::string::npos) << cli.err;

    // --allow-partial: the first shard's hits, with a warning naming the second.
    const std::vector<std::string> first_files = paths_listed({shard(1)});
    const auto partial = b.Get(query);
    ASSERT_TRUE(partial);
    ASSERT_EQ(partial->status, 200) << partial->body;
    const auto answered = json(partial->body);
    ASSERT_TRUE(answered.IsObject() && answered.HasMember("hits"));
    EXPECT_GT(answered["hits"].Size(), 0u);
    for (const auto& h : answered["hits"].GetArray())
        EXPECT_TRUE(std::binary_search(first_files.begin(), first_files.end(), std::string(h["path"].GetString()))) << h["path"].GetString();
    ASSERT_EQ(answered["warnings"].Size(), 1u);
    EXPECT_NE(std::string(answered["warnings"][0].GetString()).find("shard 2/2"), std::string::npos);
    const auto partial_health = json(b.Get("/v1/health")->body);
    EXPECT_EQ(std::string(partial_health["status"].GetString()), "partial");
    const Outcome partial_cli = on({"search", "--allow-partial", "cluster"}, {first.address(), second.address()});
    EXPECT_EQ(partial_cli.code, 0);
    EXPECT_NE(partial_cli.err.find("warning: shard 2/2"), std::string::npos) << partial_cli.err;

    // The shard back: the strict daemon answers in full again.
    second.start();
    ASSERT_TRUE(second.listening());
    const auto back = a.Get(query);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->status, 200) << back->body;
    EXPECT_EQ(comparable(back->body), expected);
    EXPECT_EQ(strict.stop().code, 0);
    EXPECT_EQ(lenient.stop().code, 0);
}

// A scoped search through tcpsrv shards asks the servers for a page's worth
// of ranked passages, and for four times more while the scope has not
// accepted enough of them: here the first two hundred passages of "alpha"
// are on pages that also say "omega", so "alpha -omega" accepts none of
// them, and the six pages it accepts rank last.
TEST(ShardsPaged, AScopedSearchAsksTheServersAgainUntilThePageIsFull) {
    ASSERT_TRUE(fs::exists(kTcpServer)) << kTcpServer << " is missing: tools/setup installs xapian-tools";
    TempDir dir;
    fs::create_directories(dir.path() / "corpus");
    std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", "",
                                        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"};
    std::string kids;
    const auto add_page = [&](const std::string& text) {
        const std::size_t page = objects.size() + 1, contents = page + 1;
        kids += std::to_string(page) + " 0 R ";
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents " + std::to_string(contents) +
                          " 0 R /Resources << /Font << /F1 3 0 R >> >> >>");
        objects.push_back(grappe::testing::pdf_stream("", "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET"));
    };
    // Each page its own words (a line on every page would be a running head).
    const char* const words[] = {"district", "milieu", "cluster", "territoire", "reseau", "pole", "technopole", "grappe", "filiere", "systeme"};
    const auto varied = [&](int i) { return std::string(words[i % 10]) + " " + words[(i / 10) % 10] + " " + words[(i / 100) % 10]; };
    for (int i = 0; i < 200; ++i) add_page("alpha alpha alpha omega " + varied(i));
    for (int i = 0; i < 6; ++i)
        add_page(varied(i * 7 + 3) + ", alpha une fois, dans une page de texte courant sur les grappes");
    objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count 206 >>";
    std::ofstream(dir.path() / "corpus" / "alpha.pdf", std::ios::binary) << grappe::testing::pdf_file(objects);
    for (const auto& [db, shard] : std::vector<std::pair<std::string, std::string>>{{"whole", ""}, {"s1", "1/2"}, {"s2", "2/2"}}) {
        std::vector<std::string> args = {"index", "--db", dir / db, (dir.path() / "corpus").string()};
        if (!shard.empty()) args.insert(args.begin() + 1, {"--shard", shard});
        const Outcome r = grappe(args);
        ASSERT_EQ(r.code, 0) << r.out << r.err;
    }
    TcpServer first(dir / "s1", free_port()), second(dir / "s2", free_port());
    ASSERT_TRUE(first.listening() && second.listening()) << "xapian-tcpsrv did not start";
    // Text output: no facets, so the ranked passages come back a page's worth at a time.
    for (const std::vector<std::string>& command :
         std::vector<std::vector<std::string>>{{"search", "--within", "page", "--by", "passage", "--limit", "4", "alpha -omega"},
                                               {"search", "--within", "page", "--by", "passage", "--limit", "3", "--offset", "3", "alpha -omega"},
                                               {"search", "--within", "page", "alpha -omega"}}) {
        const Outcome one = on(command, {dir / "whole"}), remote = on(command, {first.address(), second.address()});
        ASSERT_EQ(remote.code, 0) << remote.err;
        std::string line;
        for (const auto& a : command) line += a + " ";
        EXPECT_NE(remote.out.find("une fois, dans une page"), std::string::npos) << line << remote.out;
        std::istringstream lines(remote.out);
        for (std::string shown; std::getline(lines, shown);) {  // a snippet, under its title (the first page's words)
            if (shown.rfind("   ", 0) != 0) continue;
            EXPECT_EQ(shown.find("omega"), std::string::npos) << line << remote.out;
        }
        // The same hits and count as one index (whose document ids differ;
        // both count what the scope accepts, not Xapian's estimate).
        const auto hits = [](const std::string& out) {
            std::string kept;
            std::istringstream in(out);
            for (std::string l; std::getline(in, l);) {
                if (const std::size_t id = l.find("  [doc "); id != std::string::npos) l.resize(id);
                kept += l + "\n";
            }
            return kept;
        };
        EXPECT_EQ(hits(remote.out), hits(one.out)) << line;
    }
    // Counted exactly, here and by one index: the six pages.
    for (const std::vector<std::string>& databases : std::vector<std::vector<std::string>>{{first.address(), second.address()}, {dir / "whole"}}) {
        const auto passages = json(on({"search", "--format", "json", "--within", "page", "--by", "passage", "alpha -omega"}, databases).out);
        EXPECT_EQ(passages["total_estimate"].GetUint(), 6u) << databases.front();
        EXPECT_EQ(passages["hits"].Size(), 6u) << databases.front();
    }
}

}  // namespace
}  // namespace grappe::testing
