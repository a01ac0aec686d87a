// The grappe program end to end on the sample corpus: indexing, French
// search, exit codes, messages, incremental runs, locks, versions, Ctrl-C.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <csignal>
#include <set>

#include "analyze/lemmatizer.h"
#include "integration/run_grappe.h"
#include "search/searcher.h"
#include "store/schema.h"

namespace grappe::testing {
namespace {

const fs::path kSample = source_dir() / "corpus" / "sample";

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// One index of the sample corpus, shared read-only by the search tests.
class SampleIndex : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const Outcome r = grappe({"index", "--db", db(), "--format", "json", kSample.string()});
        index_run_ = new Outcome(r);
    }
    static void TearDownTestSuite() {
        delete dir_;
        delete index_run_;
    }
    static std::string db() { return *dir_ / "db"; }
    static Outcome search(std::vector<std::string> args) {
        std::vector<std::string> all = {"search", "--db", db(), "--format", "json", "--limit", "50"};
        all.insert(all.end(), args.begin(), args.end());
        return grappe(all);
    }
    static std::vector<std::string> files(const std::string& query) { return hit_files(search({query}).out); }

    static TempDir* dir_;
    static Outcome* index_run_;
};
TempDir* SampleIndex::dir_ = nullptr;
Outcome* SampleIndex::index_run_ = nullptr;

// A command line's output and exit code, run by the shell.
Outcome shell(const std::string& command) {
    Outcome o;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return o;
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) o.out.append(buffer, n);
    const int status = ::pclose(pipe);
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return o;
}

// grappe hands index, serve and --server to grappe-all beside it: a search
// loads neither Poppler and the file readers nor the HTTP library. Without
// grappe-all, those commands say what is missing; the others still work.
TEST(Programs, QueriesLoadNoFileReaderAndIndexIsHandedOn) {
    const Outcome libraries = shell("ldd " + std::string(GRAPPE_BINARY));
    ASSERT_EQ(libraries.code, 0) << libraries.out;
    EXPECT_NE(libraries.out.find("libxapian"), std::string::npos) << libraries.out;
    for (const char* heavy : {"libpoppler", "httplib", "libgumbo", "libzip", "libxml2", "libcmark", "libssl"})
        EXPECT_EQ(libraries.out.find(heavy), std::string::npos) << heavy << " in\n" << libraries.out;
    const Outcome all = shell("ldd " + (fs::path(GRAPPE_BINARY).parent_path() / "grappe-all").string());
    EXPECT_NE(all.out.find("libpoppler"), std::string::npos) << all.out;

    TempDir dir;
    fs::copy_file(GRAPPE_BINARY, dir / "grappe");
    const Outcome alone = shell(dir / "grappe" + " index --db " + dir / "db" + " " + dir.path().string());
    EXPECT_EQ(alone.code, 2) << alone.out;
    EXPECT_NE(alone.out.find("grappe-all"), std::string::npos) << alone.out;
    EXPECT_FALSE(fs::exists(dir / "db"));
    const Outcome help = shell(dir / "grappe" + " --help");
    EXPECT_EQ(help.code, 0) << help.out;
    EXPECT_NE(help.out.find("index"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("serve"), std::string::npos) << help.out;
}

TEST_F(SampleIndex, IndexesEveryFileOfTheSampleCorpus) {
    ASSERT_EQ(index_run_->code, 0) << index_run_->out << index_run_->err;
    auto summary = json(index_run_->out);
    ASSERT_TRUE(summary.IsObject()) << index_run_->out;
    EXPECT_EQ(summary["indexed"].GetUint(), 13u);
    EXPECT_EQ(summary["failed"].GetUint(), 0u);
    EXPECT_GT(summary["passages"].GetUint(), 30u);
    EXPECT_GT(summary["hyphens_joined"].GetUint(), 20u);
}

TEST_F(SampleIndex, FourSpellingsFindTheSamePassages) {
    std::set<std::vector<std::string>> answers;
    for (const char* q : {"ecosystemes", "ÉCOSYSTÈME", "l’écosystème", "écosystème"}) {
        const Outcome r = search({"--by", "passage", q});
        ASSERT_EQ(r.code, 0) << q << r.err;
        std::vector<std::string> ids;
        const auto d = json(r.out);
        for (const auto& h : d["hits"].GetArray()) ids.push_back(std::to_string(h["passage_id"].GetUint()));
        std::sort(ids.begin(), ids.end());
        EXPECT_GE(ids.size(), 5u) << q;
        answers.insert(ids);
    }
    EXPECT_EQ(answers.size(), 1u);
}

struct FrenchCase {
    const char* query;
    std::vector<std::string> must_find;
    const char* rule;
};

// A query word the texts have only in other forms ("atelier" where they
// say "ateliers") but that is their recorded lemma finds them without the
// dictionaries (0.1 s of a search's start), and finds what they would.
TEST_F(SampleIndex, ALemmaTheTextsInflectNeedsNoDictionary) {
    ASSERT_FALSE(Lemmatizer::dictionaries_loaded()) << "run alone, as ctest does";
    const Searcher searcher(db());
    SearchRequest request;
    request.query = "atelier";
    request.by_passage = true;
    const SearchResults lemma = searcher.search(request);
    EXPECT_FALSE(Lemmatizer::dictionaries_loaded());
    ASSERT_FALSE(lemma.hits.empty());
    request.query = "ateliers";
    const SearchResults form = searcher.search(request);
    ASSERT_EQ(lemma.hits.size(), form.hits.size());
    for (std::size_t i = 0; i < form.hits.size(); ++i) EXPECT_EQ(lemma.hits[i].passage_id, form.hits[i].passage_id);
    // A word neither held nor a recorded lemma still asks the dictionaries.
    request.query = "chevaux";
    (void)searcher.search(request);
    EXPECT_TRUE(Lemmatizer::dictionaries_loaded());
}

TEST_F(SampleIndex, EachFrenchRuleFindsTheDocumentsItShould) {
    const FrenchCase cases[] = {
        {"\"pôle de compétitivité\"", {"07-poles-competitivite-2005.pdf", "05-spl-datar-1999.pdf", "11-tiers-lieux-2019.html"}, "phrase across inflection"},
        {"milieux innovateurs", {"01-milieux-innovateurs-1986.pdf"}, "inflection"},
        {"MILIEU INNOVANT", {"01-milieux-innovateurs-1986.pdf"}, "case"},
        {"écosystème d’affaires", {"09-ecosysteme-affaires-2013.pdf"}, "elision with ’"},
        {"ecosysteme d'affaires", {"09-ecosysteme-affaires-2013.pdf"}, "elision with ' and no accents"},
        {"coopération", {"02-districts-italiens-1989.pdf"}, "word hyphenated across a line in the PDF"},
        {"efficacité flux", {"10-ecologie-industrielle-2016.pdf"}, "ligature glyphs ﬃ ﬂ in the PDF"},
        {"fiabilite", {"10-ecologie-industrielle-2016.pdf"}, "ligature ﬁ, no accent typed"},
        {"coeur", {"10-ecologie-industrielle-2016.pdf", "12-genealogie-2020.txt"}, "œ typed as oe"},
        {"sœurs", {"13-poles-croissance-1987.txt"}, "œ in a Windows-1252 file"},
        {"territoire coordination", {"12-genealogie-2020.txt"}, "soft hyphen inside terri­toire"},
        {"\"sous-traitance\"", {"02-districts-italiens-1989.pdf", "05-spl-datar-1999.pdf"}, "compound kept"},
        {"inter-clusters", {"06-clusters-porter-2001.pdf"}, "compound kept"},
        {"1982", {"03-technopoles-1992.pdf", "12-genealogie-2020.txt"}, "years are terms"},
        {"écosys*", {"09-ecosysteme-affaires-2013.pdf", "10-ecologie-industrielle-2016.pdf", "11-tiers-lieux-2019.html"}, "prefix"},
        {"Sophia OR Kalundborg", {"01-milieux-innovateurs-1986.pdf", "03-technopoles-1992.pdf", "10-ecologie-industrielle-2016.pdf"}, "OR"},
        {"espaces coworking", {"11-tiers-lieux-2019.html"}, "narrow no-break space in HTML"},
        {"symbiose industrielle", {"10-ecologie-industrielle-2016.pdf"}, "plain words"},
        {"entoure", {"01-milieux-innovateurs-1986.pdf"}, "word before a footnote call"},
    };
    for (const auto& c : cases) {
        const auto found = files(c.query);
        for (const auto& f : c.must_find) EXPECT_TRUE(contains(found, f)) << c.rule << ": " << c.query << " should find " << f;
    }
}

TEST_F(SampleIndex, ExclusionsRemovePassagesOrWholeDocuments) {
    // Within passages (the default), an excluded word removes the passages that have it.
    const Outcome passages = search({"--by", "passage", "clusters -Porter"});
    ASSERT_EQ(passages.code, 0) << passages.err;
    auto d = json(passages.out);
    ASSERT_GT(d["hits"].Size(), 0u);
    for (const auto& h : d["hits"].GetArray()) EXPECT_EQ(std::string(h["text"].GetString()).find("Porter"), std::string::npos);
    // Within documents, it removes the documents that have it anywhere.
    const auto docs = hit_files(search({"--within", "document", "clusters -Porter"}).out);
    EXPECT_TRUE(contains(files("clusters"), "06-clusters-porter-2001.pdf"));
    EXPECT_FALSE(contains(docs, "06-clusters-porter-2001.pdf"));
    EXPECT_FALSE(docs.empty());
}

TEST_F(SampleIndex, HitsCarryPrintedPageAndMarkedSnippet) {
    const Outcome r = search({"--by", "passage", "coopération Prato"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto d = json(r.out);
    ASSERT_EQ(d["hits"].Size(), 1u);
    const auto& h = d["hits"][0];
    EXPECT_STREQ(h["page"].GetString(), "102");
    EXPECT_EQ(h["page_index"].GetUint(), 2u);
    EXPECT_STREQ(h["title"].GetString(), "Districts industriels : leçons de la Troisième Italie");
    ASSERT_GE(h["snippet_marks"].Size(), 2u);
    // The marks point at the original words.
    const std::string snippet = h["snippet"].GetString();
    std::set<std::string> marked;
    for (const auto& m : h["snippet_marks"].GetArray()) {
        // code point offsets -> byte offsets
        auto byte_at = [&](unsigned cp) {
            size_t i = 0;
            for (unsigned n = 0; n < cp && i < snippet.size(); ++n) {
                ++i;
                while (i < snippet.size() && (static_cast<unsigned char>(snippet[i]) & 0xC0) == 0x80) ++i;
            }
            return i;
        };
        const size_t b = byte_at(m[0].GetUint()), e = byte_at(m[1].GetUint());
        marked.insert(snippet.substr(b, e - b));
    }
    // Both query words are shown, in two fragments when they stand further
    // apart than one window; "coopératives" is another word (a derivation).
    EXPECT_TRUE(marked.count("coopération")) << snippet;
    EXPECT_FALSE(marked.count("coopératives")) << snippet;
    EXPECT_TRUE(marked.count("Prato")) << snippet;
    EXPECT_TRUE(d.HasMember("total_estimate"));
    EXPECT_NE(std::string(h["text"].GetString()).find("Sassuolo"), std::string::npos);
}

TEST_F(SampleIndex, TextOutputMarksMatchesWithPlainMarkersOffATerminal) {
    const Outcome r = grappe({"search", "--db", db(), "--limit", "1", "symbiose industrielle"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("**symbiose**"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("**industrielle**"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\033["), std::string::npos) << "no colour off a terminal";
    EXPECT_NE(r.out.find("Écologie industrielle et symbiose"), std::string::npos) << r.out;
}

TEST_F(SampleIndex, WithinDocumentFindsWordsSpreadOverPassages) {
    // "interministériel" (page 1) and "évaluateurs" (page 3) never share a page.
    EXPECT_EQ(search({"interministériel évaluateurs"}).code, 1);
    const Outcome r = search({"--within", "document", "interministériel évaluateurs"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(hit_files(r.out), (std::vector<std::string>{"07-poles-competitivite-2005.pdf"}));
    // An excluded word anywhere in the document excludes it.
    EXPECT_EQ(search({"--within", "document", "interministériel évaluateurs -Kalundborg"}).code, 0);
    EXPECT_EQ(search({"--within", "document", "interministériel évaluateurs -Sabel"}).code, 0);
    EXPECT_EQ(search({"--within", "document", "interministériel évaluateurs -soixante-sept"}).code, 1);
}

TEST_F(SampleIndex, APagesWordsInTwoPassagesAreFoundTogetherByDefault) {
    // "Mezzogiorno" ends a paragraph begun on page 1; "Sassuolo" is two
    // passages further down page 2 (p. 102).
    EXPECT_EQ(search({"--within", "passage", "Mezzogiorno Sassuolo"}).code, 1);
    const Outcome r = search({"Mezzogiorno Sassuolo"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto d = json(r.out);
    EXPECT_STREQ(d["within"].GetString(), "page");
    ASSERT_EQ(d["hits"].Size(), 1u);
    const auto& h = d["hits"][0];
    EXPECT_STREQ(h["page"].GetString(), "102");
    EXPECT_NE(std::string(h["snippet"].GetString()).find("Mezzogiorno"), std::string::npos);
    // The passage that holds the other word comes with it, marked.
    ASSERT_EQ(h["companions"].Size(), 1u);
    const auto& c = h["companions"][0];
    EXPECT_STREQ(c["page"].GetString(), "102");
    EXPECT_GT(c["ordinal"].GetUint(), h["ordinal"].GetUint());
    EXPECT_NE(std::string(c["snippet"].GetString()).find("Sassuolo"), std::string::npos);
    EXPECT_EQ(c["snippet_marks"].Size(), 1u);
    // Text output shows both.
    const Outcome text = grappe({"search", "--db", db(), "Mezzogiorno Sassuolo"});
    EXPECT_NE(text.out.find("+ same page:"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("**Sassuolo**"), std::string::npos) << text.out;
    // An excluded word anywhere on the page excludes the page.
    EXPECT_EQ(search({"Mezzogiorno -Sassuolo"}).code, 1);
    EXPECT_EQ(search({"--within", "passage", "Mezzogiorno -Sassuolo"}).code, 0);
    // Words of two pages are not on one page, but in one document.
    EXPECT_EQ(search({"interministériel évaluateurs"}).code, 1);
    // Fields stay with the passage: no passage of the page is a quotation holding either word.
    EXPECT_EQ(search({"kind:quote Mezzogiorno Sassuolo"}).code, 1);
    EXPECT_EQ(search({"kind:body Mezzogiorno Sassuolo"}).code, 0);
    // list keeps the documents search finds.
    const auto listed = json(grappe({"list", "--db", db(), "--format", "json", "Mezzogiorno Sassuolo"}).out);
    ASSERT_EQ(listed["documents"].Size(), 1u);
    EXPECT_EQ(fs::path(listed["documents"][0]["path"].GetString()).filename(), "02-districts-italiens-1989.pdf");
    // A window is a passage and its neighbours, across a page break.
    const Outcome window = search({"--within", "window", "Mezzogiorno Sassuolo"});
    ASSERT_EQ(window.code, 0) << window.err;
    EXPECT_STREQ(json(window.out)["within"].GetString(), "window");
}

TEST_F(SampleIndex, FieldsFilterByMetadata) {
    EXPECT_EQ(files("author:delorme"), (std::vector<std::string>{"02-districts-italiens-1989.pdf"}));
    EXPECT_EQ(files("author:Moreau proximité"), (std::vector<std::string>{"04-proximites-1995.pdf"}));
    EXPECT_EQ(files("hal:hal-09990001"), (std::vector<std::string>{"04-proximites-1995.pdf"}));
    EXPECT_EQ(files("type:web-page"), (std::vector<std::string>{"11-tiers-lieux-2019.html"}));
    EXPECT_EQ(files("title:\"pôles de compétitivité\""), (std::vector<std::string>{"07-poles-competitivite-2005.pdf"}));
    const auto early = files("year:..1990");
    EXPECT_EQ(std::set<std::string>(early.begin(), early.end()),
              (std::set<std::string>{"01-milieux-innovateurs-1986.pdf", "02-districts-italiens-1989.pdf", "13-poles-croissance-1987.txt"}));
    for (const auto& f : files("year:2005..2020 clusters")) EXPECT_GE(std::stoi(f.substr(f.rfind('-') + 1, 4)), 2005) << f;
    EXPECT_FALSE(contains(files("clusters -year:2001"), "06-clusters-porter-2001.pdf"));
    const Outcome bad = grappe({"search", "--db", db(), "cluster year:20x"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("year: expects a year (2005) or a range (2005..2012) (column 9)"), std::string::npos) << bad.err;
    const Outcome unknown = grappe({"search", "--db", db(), "foo:bar"});
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.err.find("unknown field \"foo:\""), std::string::npos) << unknown.err;
}

TEST_F(SampleIndex, HitsAndFacetsCarryAuthorsYearsTypes) {
    const Outcome r = search({"clusters"});
    ASSERT_EQ(r.code, 0);
    const auto d = json(r.out);
    bool girard = false;
    for (const auto& h : d["hits"].GetArray())
        if (std::string(h["path"].GetString()).find("06-clusters") != std::string::npos) {
            girard = true;
            EXPECT_STREQ(h["authors"][0]["family"].GetString(), "Girard");
            EXPECT_STREQ(h["year"].GetString(), "2001");
        }
    EXPECT_TRUE(girard);
    const auto& facets = d["facets"];
    EXPECT_EQ(facets["year"]["2001"].GetUint(), 1u);
    EXPECT_EQ(facets["author"]["Moreau"].GetUint(), 1u);
    EXPECT_EQ(facets["type"]["web page"].GetUint(), 1u);
    EXPECT_GE(facets["language"]["fr"].GetUint(), 5u);
}

TEST_F(SampleIndex, ShowSaysWhereEachFieldCameFrom) {
    const Outcome r = search({"hal:hal-09990001"});
    const std::string id = std::to_string(json(r.out)["hits"][0]["doc_id"].GetUint());
    const Outcome shown = grappe({"show", "--db", db(), id});
    ASSERT_EQ(shown.code, 0);
    for (const char* line : {"Les trois proximités : géographique, organisée, institutionnelle  (hal-cover)",
                             "Moreau, Julien; Petit, Anne  (hal-cover)", "1995  (hal-cover)", "Jun 1995  (hal-cover)",
                             "12 Mar 2015  (hal-cover)", "Cahiers d’économie territoriale  (hal-cover)", "fr  (text)"})
        EXPECT_NE(shown.out.find(line), std::string::npos) << line << "\n" << shown.out;
    const Outcome html = grappe({"show", "--db", db(), std::to_string(json(search({"Oldenburg"}).out)["hits"][0]["doc_id"].GetUint())});
    EXPECT_NE(html.out.find("Roussel, Camille  (html-meta)"), std::string::npos) << html.out;
    EXPECT_NE(html.out.find("2019-06-14  (html-meta)"), std::string::npos) << html.out;
}

TEST_F(SampleIndex, PassageKindsCitationsAndReferenceListsAreSearchable) {
    // The footnote of the two-column page is a passage of its own, not glued into the body.
    Outcome r = search({"--by", "passage", "kind:footnote Becattini"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto d = json(r.out);
    EXPECT_EQ(std::string(d["hits"][0]["kind"].GetString()), "footnote");
    EXPECT_EQ(std::string(d["hits"][0]["text"].GetString()).rfind("1. Porter reprend ici", 0), 0u) << d["hits"][0]["text"].GetString();

    // cites: and cited: find the passage, and each citation carries its reference-list entry.
    r = search({"cites:bathelt cited:2000..2005"});
    ASSERT_EQ(hit_files(r.out), (std::vector<std::string>{"06-clusters-porter-2001.pdf"}));
    d = json(r.out);
    const auto& citations = d["hits"][0]["citations"];
    ASSERT_GE(citations.Size(), 3u);
    EXPECT_EQ(std::string(citations[0]["authors"][0].GetString()), "Bathelt");
    EXPECT_EQ(std::string(citations[0]["reference"]["title"].GetString()), "Clusters and knowledge : local buzz, global pipelines");
    EXPECT_TRUE(citations[1]["reference"].IsNull()) << "Menzel et Fornahl 2007 is not in the list";
    EXPECT_EQ(search({"cites:bathelt cited:1990"}).code, 1);

    // A word found both in body text and in the bibliography: the body passage comes first.
    r = search({"--by", "passage", "Bathelt"});
    d = json(r.out);
    ASSERT_GE(d["hits"].Size(), 2u);
    EXPECT_EQ(std::string(d["hits"][0]["kind"].GetString()), "body");
    EXPECT_EQ(std::string(d["hits"][1]["kind"].GetString()), "reference");
    EXPECT_EQ(search({"kind:reference Bathelt"}).code, 0);
    EXPECT_EQ(search({"kind:poem"}).code, 2);
}

TEST_F(SampleIndex, PagingWithLimitAndOffset) {
    const auto all = hit_files(search({"--by", "passage", "entreprises"}).out);
    ASSERT_GE(all.size(), 6u);
    const auto page2 = hit_files(
        grappe({"search", "--db", db(), "--format", "json", "--by", "passage", "--limit", "3", "--offset", "3", "entreprises"}).out);
    ASSERT_EQ(page2.size(), 3u);
    EXPECT_TRUE(std::equal(page2.begin(), page2.end(), all.begin() + 3));
}

TEST_F(SampleIndex, DocumentModeShowsEachDocumentOnce) {
    const auto docs = files("entreprises");
    std::set<std::string> unique(docs.begin(), docs.end());
    EXPECT_EQ(unique.size(), docs.size());
    EXPECT_GE(docs.size(), 8u);
}

TEST_F(SampleIndex, ExitCodesAndMessagesOfSearch) {
    const Outcome none = search({"zzyzx"});
    EXPECT_EQ(none.code, 1);
    const Outcome text_none = grappe({"search", "--db", db(), "zzyzx"});
    EXPECT_EQ(text_none.code, 1);
    EXPECT_NE(text_none.out.find("No document matches \"zzyzx\""), std::string::npos);

    const Outcome bad = grappe({"search", "--db", db(), "cluster \"pôle de"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("bad query: unclosed quote: the phrase opened here has no closing quote (column 9)"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("  cluster \"pôle de\n          ^"), std::string::npos) << bad.err;

    const Outcome lone_or = grappe({"search", "--db", db(), "OR"});
    EXPECT_EQ(lone_or.code, 2);
    EXPECT_NE(lone_or.err.find("OR needs a word or a group on each side (column 1)"), std::string::npos) << lone_or.err;

    TempDir nowhere;
    const Outcome missing = grappe({"search", "--db", nowhere / "nothing", "cluster"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("no index at"), std::string::npos) << missing.err;

    const Outcome usage = grappe({"search", "--db", db(), "--limit", "zero", "cluster"});
    EXPECT_EQ(usage.code, 2);
}

TEST_F(SampleIndex, ShowPrintsTheRecordAndAPage) {
    const Outcome r = search({"Sassuolo"});
    ASSERT_EQ(r.code, 0);
    const std::string id = std::to_string(json(r.out)["hits"][0]["doc_id"].GetUint());
    const Outcome shown = grappe({"show", "--db", db(), id});
    ASSERT_EQ(shown.code, 0) << shown.err;
    EXPECT_NE(shown.out.find("02-districts-italiens-1989.pdf"), std::string::npos);
    EXPECT_NE(shown.out.find("3 (with printed page labels)"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("101 … 103"), std::string::npos) << shown.out;

    const Outcome page = grappe({"show", "--db", db(), id, "--page", "2"});
    ASSERT_EQ(page.code, 0);
    EXPECT_NE(page.out.find("Sassuolo"), std::string::npos);
    EXPECT_EQ(page.out.find("Marc Delorme, 1989"), std::string::npos) << "running header in stored text";

    EXPECT_EQ(grappe({"show", "--db", db(), id, "--page", "9"}).code, 1);
    EXPECT_EQ(grappe({"show", "--db", db(), "999999"}).code, 1);
    const std::string passage_id = std::to_string(json(r.out)["hits"][0]["passage_id"].GetUint());
    EXPECT_EQ(grappe({"show", "--db", db(), passage_id}).code, 1) << "a passage id is not a document";
}

TEST_F(SampleIndex, SmallThingsAScriptReliesOn) {
    // A query that starts with an exclusion is a query, not an unknown option.
    const Outcome leading_minus = grappe({"search", "--db", db(), "--format", "json", "-lang:en", "concept:cluster"});
    EXPECT_EQ(leading_minus.code, 0) << leading_minus.err;
    EXPECT_EQ(json(leading_minus.out)["query"].GetString(), std::string("-lang:en concept:cluster"));
    const Outcome minus_after = grappe({"search", "--db", db(), "cluster", "-porter", "--limit", "3", "--format", "json"});
    EXPECT_EQ(minus_after.code, 0) << minus_after.err;
    EXPECT_EQ(json(minus_after.out)["query"].GetString(), std::string("cluster -porter"));
    EXPECT_EQ(json(minus_after.out)["limit"].GetUint(), 3u);

    // A field without its value is an error that says so, not a word.
    const Outcome empty_field = grappe({"search", "--db", db(), "cites:"});
    EXPECT_EQ(empty_field.code, 2);
    EXPECT_NE(empty_field.err.find("cites: needs a value right after the colon, as in cites:porter"), std::string::npos) << empty_field.err;

    // Paging past the end says so.
    const Outcome past = grappe({"search", "--db", db(), "--offset", "500", "entreprises"});
    EXPECT_EQ(past.code, 1);
    EXPECT_NE(past.out.find("No more hits: about "), std::string::npos) << past.out;
    EXPECT_NE(past.out.find("--offset 500 skips past the last of them"), std::string::npos) << past.out;

    // A broken codebook is refused by search as by concepts.
    TempDir tmp;
    std::ofstream(tmp / "bad.toml") << "[concept.x\nid=";
    const Outcome bad_lexicon = grappe({"search", "--db", db(), "--lexicon", tmp / "bad.toml", "cluster"});
    EXPECT_EQ(bad_lexicon.code, 2);
    EXPECT_NE(bad_lexicon.err.find("lexicon refused: "), std::string::npos) << bad_lexicon.err;
    EXPECT_EQ(grappe({"concepts", "--db", db(), "--lexicon", tmp / "bad.toml"}).code, 2);
}

TEST_F(SampleIndex, ShowTakesThePrintedPageLabelSearchPrints) {
    const Outcome r = search({"Sassuolo"});
    ASSERT_EQ(r.code, 0);
    const auto results = json(r.out);
    const auto& hit = results["hits"][0];
    const std::string id = std::to_string(hit["doc_id"].GetUint());
    const std::string label = hit["page"].GetString();
    ASSERT_NE(label, std::to_string(hit["page_index"].GetUint())) << "the sample's Italian districts start at page 101";
    const Outcome by_label = grappe({"show", "--db", db(), id, "--page", label});
    ASSERT_EQ(by_label.code, 0) << by_label.err;
    EXPECT_NE(by_label.out.find("Sassuolo"), std::string::npos);
    EXPECT_EQ(by_label.out, grappe({"show", "--db", db(), id, "--page", "p. " + label}).out);
    EXPECT_EQ(by_label.out, grappe({"show", "--db", db(), id, "--page", std::to_string(hit["page_index"].GetUint())}).out);
    const Outcome missing = grappe({"show", "--db", db(), id, "--page", "999"});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("printed 101 to 103"), std::string::npos) << missing.err;
}

TEST(Cli, HelpListsExitCodesAndUsageErrorsExitTwo) {
    const Outcome help = grappe({"--help"});
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("Exit codes:"), std::string::npos);
    EXPECT_EQ(grappe({"frobnicate"}).code, 2);
    EXPECT_EQ(grappe({"index"}).code, 2);
    EXPECT_EQ(grappe({}).code, 2);
}

// A copy of the sample corpus that a test may change.
void copy_sample(const fs::path& to) {
    fs::create_directories(to);
    for (const auto& e : fs::directory_iterator(kSample)) fs::copy_file(e.path(), to / e.path().filename());
}

TEST(Incremental, UnchangedTouchedChangedAndDeletedFiles) {
    TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    copy_sample(corpus);
    const std::string db = dir / "db";
    ASSERT_EQ(grappe({"index", "--db", db, corpus.string()}).code, 0);

    Outcome again = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    ASSERT_EQ(again.code, 0);
    EXPECT_EQ(json(again.out)["unchanged"].GetUint(), 13u);
    EXPECT_EQ(json(again.out)["indexed"].GetUint(), 0u);

    // Same content, new mtime: unchanged.
    const fs::path text = corpus / "12-genealogie-2020.txt";
    fs::last_write_time(text, fs::last_write_time(text) + std::chrono::hours(1));
    again = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    EXPECT_EQ(json(again.out)["unchanged"].GetUint(), 13u);

    const Outcome before = grappe({"search", "--db", db, "--format", "json", "généalogie"});
    ASSERT_EQ(hit_files(before.out), (std::vector<std::string>{"12-genealogie-2020.txt"}));
    const unsigned id_before = json(before.out)["hits"][0]["doc_id"].GetUint();

    // Changed content: re-read, old words gone, new words found, same doc id.
    {
        std::ofstream out(text, std::ios::app);
        out << "\nUn paragraphe ajouté parle de la métropolisation bruxelloise et de Perroux, la firme motrice.\n";
    }
    again = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    EXPECT_EQ(json(again.out)["indexed"].GetUint(), 1u);
    const Outcome added = grappe({"search", "--db", db, "--format", "json", "métropolisation bruxelloise"});
    ASSERT_EQ(added.code, 0);
    EXPECT_EQ(json(added.out)["hits"][0]["doc_id"].GetUint(), id_before);

    // Deleted: removed from the index.
    fs::remove(corpus / "09-ecosysteme-affaires-2013.pdf");
    again = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    EXPECT_EQ(json(again.out)["removed"].GetUint(), 1u);
    const Outcome gone = grappe({"search", "--db", db, "--format", "json", "Moore plateforme"});
    EXPECT_FALSE(contains(hit_files(gone.out), "09-ecosysteme-affaires-2013.pdf"));
}

TEST(Works, CopiesOfOneTextAreOneHitCountedOnceAndShareTheirMetadata) {
    TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    fs::create_directories(corpus);
    // The body of a sample text, bare in a .txt and with front matter in a .md.
    const std::string text = slurp(kSample / "12-genealogie-2020.txt");
    const std::string body = text.substr(text.find("Les notions"));
    std::ofstream(corpus / "genealogie.txt") << body;
    std::ofstream(corpus / "genealogie.md") << "---\ntitre: Des pôles aux écosystèmes\nauteur: Vasseur, Rémi\ndate: 2020-05-04\n---\n\n" << body;
    fs::copy_file(kSample / "13-poles-croissance-1987.txt", corpus / "autre.txt");
    const std::string db = dir / "db";
    const Outcome run = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    ASSERT_EQ(run.code, 0) << run.err;
    EXPECT_EQ(json(run.out)["works"].GetUint(), 1u) << run.out;

    // One hit, with the other copy named.
    const Outcome found = grappe({"search", "--db", db, "--format", "json", "GREMI technopoles"});
    ASSERT_EQ(found.code, 0) << found.err;
    auto d = json(found.out);
    ASSERT_EQ(d["hits"].Size(), 1u) << found.out;
    ASSERT_EQ(d["hits"][0]["also_in"].Size(), 1u);
    std::set<std::string> both = {fs::path(d["hits"][0]["path"].GetString()).filename().string(),
                                  fs::path(d["hits"][0]["also_in"][0]["path"].GetString()).filename().string()};
    EXPECT_EQ(both, (std::set<std::string>{"genealogie.txt", "genealogie.md"}));
    EXPECT_STREQ(d["hits"][0]["year"].GetString(), "2020");
    // Counted once in the facets.
    EXPECT_EQ(d["facets"]["year"]["2020"].GetUint(), 1u);
    // Every passage is still there when passages are asked for.
    EXPECT_EQ(json(grappe({"search", "--db", db, "--format", "json", "--by", "passage", "GREMI technopoles"}).out)["hits"].Size(), 2u);

    // The bare copy takes the year, title and authors the other states, saying from where.
    const auto lent_to_the_bare_copy = [&](const std::string& when) {
        const auto listed = json(grappe({"list", "--db", db, "--format", "json"}).out);
        bool seen = false;
        for (const auto& doc : listed["documents"].GetArray()) {
            const std::string name = fs::path(doc["path"].GetString()).filename().string();
            if (name == "autre.txt") {
                EXPECT_EQ(doc["same_text"].Size(), 0u) << when;
                continue;
            }
            EXPECT_EQ(doc["same_text"].Size(), 1u) << name << ' ' << when;
            if (name != "genealogie.txt") continue;
            seen = true;
            EXPECT_STREQ(doc["year"].GetString(), "2020") << when;
            EXPECT_STREQ(doc["title"].GetString(), "Des pôles aux écosystèmes") << when;
            ASSERT_TRUE(doc["authors"].IsArray() && doc["authors"].Size() == 1u) << when;
            const Outcome shown = grappe({"show", "--db", db, std::to_string(doc["doc_id"].GetUint())});
            EXPECT_NE(shown.out.find("same text as genealogie.md"), std::string::npos) << shown.out << when;
            EXPECT_NE(shown.out.find("Vasseur"), std::string::npos) << shown.out << when;
        }
        EXPECT_TRUE(seen) << when;
    };
    lent_to_the_bare_copy("with each record's lent value");
    {
        // An index written before records carried that value: the copies'
        // records are read whole instead, to the same effect.
        Xapian::WritableDatabase writable(db);
        const std::string records(grappe::schema::kTermRecord);
        for (auto it = writable.postlist_begin(records); it != writable.postlist_end(records); ++it) {
            Xapian::Document record = writable.get_document(*it);
            ASSERT_FALSE(record.get_value(grappe::schema::kSlotLent).empty());
            record.remove_value(grappe::schema::kSlotLent);
            writable.replace_document(*it, record);
        }
        writable.commit();
    }
    lent_to_the_bare_copy("without it");
    // A concept's documents count the text once.
    const auto concepts = json(grappe({"concepts", "--db", db, "--format", "json"}).out);
    bool counted = false;
    for (const auto& c : concepts["concepts"].GetArray()) {
        if (std::string(c["id"].GetString()) != "milieu-innovateur") continue;
        counted = true;
        EXPECT_EQ(c["documents"].GetUint(), 1u);
    }
    EXPECT_TRUE(counted);
}

TEST(Works, TheWorksAMatchHoldsAreCountedNotEstimated) {
    // Forty texts in two copies each: more documents than the match keeps
    // to make a page of works, so Xapian's estimate (of documents, from
    // those kept) is not the count.
    TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    fs::create_directories(corpus);
    const char* const words[] = {"district", "milieu", "innovation", "territoire", "réseau", "entreprise", "proximité", "industrie",
                                 "politique", "région", "savoir", "marché", "institution", "acteur", "ressource", "coopération"};
    std::uint32_t seed = 7;
    const auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
    for (int work = 0; work < 40; ++work) {
        std::string text = "La grappe numéro " + std::to_string(work) + " :";
        for (int w = 0; w < 160; ++w) text += std::string(" ") + words[next() % 16];
        text += ".\n";
        std::ofstream(corpus / ("texte-" + std::to_string(work) + ".txt")) << text;
        std::ofstream(corpus / ("copie-" + std::to_string(work) + ".md")) << text;
    }
    const std::string db = dir / "db";
    const Outcome run = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    ASSERT_EQ(run.code, 0) << run.err;
    ASSERT_EQ(json(run.out)["works"].GetUint(), 40u) << run.out;
    const auto found = json(grappe({"search", "--db", db, "--format", "json", "--limit", "5", "grappe"}).out);
    EXPECT_EQ(found["total_estimate"].GetUint(), 40u);
    EXPECT_EQ(found["hits"].Size(), 5u);
}

TEST(Sidecars, BibBesideAndLibraryExportWinAndAChangedEntryReindexes) {
    TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    fs::create_directories(corpus / "zotero");
    for (const char* name : {"12-genealogie-2020.txt", "06-clusters-porter-2001.pdf"}) fs::copy_file(kSample / name, corpus / name);
    const fs::path beside = corpus / "12-genealogie-2020.bib";
    std::ofstream(beside) << "@book{g, title = {G{\\'e}n{\\'e}alogie des grappes}, author = {Quenouille, Odile},\n"
                             "  year = 2021, publisher = {Presses de test}}\n";
    std::ofstream(corpus / "zotero" / "export.bib")
        << "@article{broken, title = {Sans fin},\n"                                   // 1
           "  year 2004}\n"                                                           // 2: '=' missing
           "@article{porter, title = {Les clusters selon la notice},\n"               // 3
           "  author = {Fromentin, Basile and Lusseau, Iris}, journal = {Revue}, year = 2002,\n"
           "  file = {Full Text PDF:../06-clusters-porter-2001.pdf:application/pdf}}\n";
    const std::string db = dir / "db";
    Outcome run = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    ASSERT_EQ(run.code, 0) << run.out << run.err;
    EXPECT_EQ(json(run.out)["indexed"].GetUint(), 2u);
    EXPECT_NE(run.out.find("export.bib:2: expected '=' after field 'year'"), std::string::npos) << run.out;

    Outcome found = grappe({"search", "--db", db, "--format", "json", "author:quenouille"});
    ASSERT_EQ(hit_files(found.out), (std::vector<std::string>{"12-genealogie-2020.txt"}));
    const unsigned genealogy = json(found.out)["hits"][0]["doc_id"].GetUint();
    found = grappe({"search", "--db", db, "--format", "json", "author:lusseau year:2002"});
    ASSERT_EQ(hit_files(found.out), (std::vector<std::string>{"06-clusters-porter-2001.pdf"}));

    Outcome show = grappe({"show", "--db", db, std::to_string(genealogy)});
    EXPECT_NE(show.out.find("Généalogie des grappes  (sidecar 12-genealogie-2020.bib:1)"), std::string::npos) << show.out;
    EXPECT_NE(show.out.find("Presses de test"), std::string::npos);

    // The files are unchanged, the entry is not: re-read, new metadata.
    std::ofstream(beside) << "@book{g, title = {Autre titre}, author = {Quenouille, Odile}, year = 2022}\n";
    run = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    EXPECT_EQ(json(run.out)["indexed"].GetUint(), 1u);
    EXPECT_EQ(json(run.out)["unchanged"].GetUint(), 1u);
    EXPECT_EQ(hit_files(grappe({"search", "--db", db, "--format", "json", "year:2022"}).out),
              (std::vector<std::string>{"12-genealogie-2020.txt"}));

    // Sidecar gone: the file's own metadata again.
    fs::remove(beside);
    run = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    EXPECT_EQ(json(run.out)["indexed"].GetUint(), 1u);
    EXPECT_EQ(grappe({"search", "--db", db, "author:quenouille"}).code, 1);
}

TEST(Incremental, CompactionKeepsDocumentIdsAndLeavesNothingBehind) {
    TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    copy_sample(corpus);
    const std::string db = dir / "db";
    Outcome first = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    ASSERT_EQ(first.code, 0);
    EXPECT_TRUE(json(first.out)["compacted"].GetBool()) << "a first run rewrites the index compactly";
    const Outcome before = grappe({"search", "--db", db, "--format", "json", "Kalundborg"});
    const unsigned id = json(before.out)["hits"][0]["doc_id"].GetUint();

    // Removing several documents (whatever ids they had) triggers another
    // compaction, which must not renumber the others.
    for (const char* name : {"01-milieux-innovateurs-1986.pdf", "02-districts-italiens-1989.pdf", "03-technopoles-1992.pdf",
                             "04-proximites-1995.pdf", "05-spl-datar-1999.pdf"})
        fs::remove(corpus / name);
    const Outcome second = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    ASSERT_EQ(second.code, 0);
    EXPECT_EQ(json(second.out)["removed"].GetUint(), 5u);
    EXPECT_TRUE(json(second.out)["compacted"].GetBool());
    const Outcome after = grappe({"search", "--db", db, "--format", "json", "Kalundborg"});
    EXPECT_EQ(json(after.out)["hits"][0]["doc_id"].GetUint(), id);
    EXPECT_EQ(grappe({"show", "--db", db, std::to_string(id)}).code, 0);
    for (const auto& e : fs::directory_iterator(dir.path()))
        EXPECT_EQ(e.path().filename().string().find(".db."), std::string::npos) << "left behind: " << e.path();

    // A small change does not rewrite the index.
    std::ofstream(corpus / "12-genealogie-2020.txt", std::ios::app) << "\nUne ligne de plus sur Perroux.\n";
    const Outcome third = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    EXPECT_FALSE(json(third.out)["compacted"].GetBool());
}

TEST(Incremental, AnInterruptedSwapIsCompletedByTheNextWriter) {
    TempDir dir;
    const std::string db = dir / "db";
    ASSERT_EQ(grappe({"index", "--db", db, (kSample / "12-genealogie-2020.txt").string()}).code, 0);
    // As if a writer died between moving the database aside and moving the
    // compacted copy in.
    fs::rename(db, dir / ".db.replaced");
    fs::create_directories(dir / ".db.compacting");
    const Outcome r = grappe({"index", "--db", db, "--format", "json", (kSample / "12-genealogie-2020.txt").string()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(json(r.out)["unchanged"].GetUint(), 1u) << "the database was put back, not rebuilt";
    EXPECT_FALSE(fs::exists(dir / ".db.replaced"));
    EXPECT_FALSE(fs::exists(dir / ".db.compacting"));
}

TEST(Faults, ABadFileIsReportedAndTheRunGoesOn) {
    TempDir dir;
    const fs::path corpus = dir.path() / "mixed";
    fs::create_directories(corpus);
    fs::copy_file(kSample / "12-genealogie-2020.txt", corpus / "genealogie.txt");
    std::ofstream(corpus / "vide.pdf").close();
    std::ofstream(corpus / "page.pdf") << "<!DOCTYPE html><html><body>pas un PDF</body></html>";
    const Outcome r = grappe({"index", "--db", dir / "db", corpus.string()});
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("vide.pdf: empty file (0 bytes)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("page.pdf: not a PDF: the file is HTML with a .pdf name"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("1 indexed"), std::string::npos) << r.out;
    EXPECT_EQ(grappe({"search", "--db", dir / "db", "Perroux"}).code, 0);

    const Outcome missing = grappe({"index", "--db", dir / "db", (dir / "absent").c_str()});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.out.find("no such file or folder"), std::string::npos) << missing.out;
}

// A file that failed for what it is is reported again on the next runs,
// with its reason and exit 1, without being read again until it changes;
// a fixed file is read.
TEST(Faults, AFileThatFailedForWhatItIsIsNotReadAgainUntilItChanges) {
    TempDir dir;
    const fs::path corpus = dir.path() / "mixed";
    fs::create_directories(corpus);
    fs::copy_file(kSample / "12-genealogie-2020.txt", corpus / "genealogie.txt");
    std::ofstream(corpus / "page.pdf") << "<!DOCTYPE html><html><body>pas un PDF</body></html>";
    const std::vector<std::string> run = {"index", "--db", dir / "db", "--format", "json", corpus.string()};
    const Outcome first = grappe(run);
    EXPECT_EQ(first.code, 1) << first.err;
    EXPECT_EQ(json(first.out)["files_read"].GetUint(), 2u) << first.out;
    const Outcome again = grappe(run);
    EXPECT_EQ(again.code, 1) << again.err;
    const auto summary = json(again.out);
    EXPECT_EQ(summary["files_read"].GetUint(), 0u) << again.out;
    ASSERT_EQ(summary["failures"].Size(), 1u) << again.out;
    EXPECT_EQ(std::string(summary["failures"][0]["reason"].GetString()), "not a PDF: the file is HTML with a .pdf name");
    // Fixed in place: read, and indexed.
    fs::copy_file(kSample / "07-poles-competitivite-2005.pdf", corpus / "page.pdf", fs::copy_options::overwrite_existing);
    const Outcome fixed = grappe(run);
    EXPECT_EQ(fixed.code, 0) << fixed.out << fixed.err;
    EXPECT_EQ(json(fixed.out)["files_read"].GetUint(), 1u) << fixed.out;
    EXPECT_EQ(json(fixed.out)["failed"].GetUint(), 0u) << fixed.out;
}

TEST(Faults, ASecondWriterIsToldAndExits) {
    TempDir dir;
    const std::string db = dir / "db";
    ASSERT_EQ(grappe({"index", "--db", db, (kSample / "12-genealogie-2020.txt").string()}).code, 0);
    Xapian::WritableDatabase holder(db, Xapian::DB_OPEN);  // holds the write lock
    const Outcome r = grappe({"index", "--db", db, kSample.string()});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("another grappe index is writing to " + db), std::string::npos) << r.err;
    // Searching while a writer works is fine.
    EXPECT_EQ(grappe({"search", "--db", db, "Perroux"}).code, 0);
}

TEST(Faults, AnIndexOfAnotherVersionIsRefusedWithWhatToDo) {
    TempDir dir;
    const std::string db = dir / "db";
    ASSERT_EQ(grappe({"index", "--db", db, (kSample / "12-genealogie-2020.txt").string()}).code, 0);
    {
        Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
        w.set_metadata("grappe.schema", "999");
        w.commit();
    }
    const Outcome s = grappe({"search", "--db", db, "Perroux"});
    EXPECT_EQ(s.code, 2);
    EXPECT_NE(s.err.find("was built with index schema 999"), std::string::npos) << s.err;
    EXPECT_NE(s.err.find("grappe index --rebuild"), std::string::npos) << s.err;
    EXPECT_EQ(grappe({"index", "--db", db, kSample.string()}).code, 2);
    EXPECT_EQ(grappe({"index", "--rebuild", "--db", db, kSample.string()}).code, 0);
    EXPECT_EQ(grappe({"search", "--db", db, "Perroux"}).code, 0);
}

TEST(Faults, InterruptedRunLeavesASearchableIndexThatTheNextRunCompletes) {
    TempDir dir;
    // Enough files that the run is still going when it is interrupted.
    const fs::path corpus = dir.path() / "many";
    for (int copy = 0; copy < 12; ++copy) copy_sample(corpus / ("copy" + std::to_string(copy)));
    const std::string db = dir / "db";
    const pid_t pid = spawn_grappe({"index", "--db", db, "-j", "1", "--format", "json", corpus.string()}, dir.path());
    // Wait until some files are committed (the database exists), then interrupt.
    for (int i = 0; i < 200 && !fs::exists(fs::path(db) / "iamglass"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    ::kill(pid, SIGINT);
    const Outcome interrupted = wait_grappe(pid, dir.path());
    if (interrupted.code == 0) GTEST_SKIP() << "the run finished before the interruption; machine too fast for this corpus";
    ASSERT_EQ(interrupted.code, 130) << interrupted.out << interrupted.err;
    const auto summary = json(interrupted.out);
    ASSERT_TRUE(summary.IsObject()) << interrupted.out;
    EXPECT_TRUE(summary["interrupted"].GetBool());
    const unsigned first = summary["indexed"].GetUint();

    {
        Xapian::Database check(db);  // opens: consistent
        EXPECT_GE(check.get_doccount(), first);
    }
    const Outcome finish = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    ASSERT_EQ(finish.code, 0) << finish.out << finish.err;
    EXPECT_EQ(json(finish.out)["indexed"].GetUint() + json(finish.out)["unchanged"].GetUint(), 13u * 12u);
    EXPECT_EQ(json(finish.out)["unchanged"].GetUint(), first);
    EXPECT_EQ(grappe({"search", "--db", db, "Kalundborg"}).code, 0);
}

TEST(Faults, KilledRunLeavesNoWorkerNorLockBehind) {
    TempDir dir;
    const fs::path corpus = dir.path() / "many";
    for (int copy = 0; copy < 12; ++copy) copy_sample(corpus / ("copy" + std::to_string(copy)));
    const std::string db = dir / "db";
    const pid_t pid = spawn_grappe({"index", "--db", db, "-j", "2", corpus.string()}, dir.path());
    for (int i = 0; i < 200 && !fs::exists(fs::path(db) / "iamglass"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    ::kill(pid, SIGKILL);
    const Outcome killed = wait_grappe(pid, dir.path());
    if (killed.code == 0) GTEST_SKIP() << "the run finished before the kill; machine too fast for this corpus";
    ASSERT_EQ(killed.code, 128 + SIGKILL);
    // The workers die with the writer and the database lock goes with them:
    // the next run starts at once and completes the index.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const Outcome next = grappe({"index", "--db", db, "--format", "json", corpus.string()});
    ASSERT_EQ(next.code, 0) << next.out << next.err;
    EXPECT_EQ(json(next.out)["indexed"].GetUint() + json(next.out)["unchanged"].GetUint(), 13u * 12u);
    EXPECT_EQ(grappe({"search", "--db", db, "Kalundborg"}).code, 0);
}

}  // namespace
}  // namespace grappe::testing
