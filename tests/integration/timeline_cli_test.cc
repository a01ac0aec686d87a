// grappe timeline on a dated corpus written here, where every count on
// every axis is known in advance: four texts with front-matter dates (one
// undated), one of them also kept as a second file (one work, counted once),
// with citations and period phrases placed by hand.
//
//   a.md 1990  A1 district industriel; Becattini (1979); "depuis les années 1970"
//              A2 nothing
//   b.md 1998  B1 cluster; (Porter, 1990); "en 1995"
//              B2 cluster, district industriel; (Marshall, 1890 ; Porter, 1998); "du XIXe siècle"
//              B3 nothing
//   c.md 2006  C1 pôles de compétitivité, clusters; "dès 2005"
//              C2 nothing                       (c-copie.txt: the same text, undated)
//   d.md s.d.  D1 cluster; (Porter, 1998); "dans les années 1990"
//              D2 nothing
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "integration/run_grappe.h"

namespace grappe::testing {
namespace {

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// Forty-odd words no concept, citation or period lives in, different in
// each paragraph (so that different texts are not taken for one).
std::string filler(int doc, int paragraph) {
    static const char* kWords[] = {"atelier", "route", "marché", "usine", "salarié", "famille", "école", "commerce", "machine", "saison",
                                   "rivière", "colline", "village", "boutique", "tisserand", "potier", "menuisier", "boulanger", "forgeron",
                                   "charrette", "moulin", "grange", "verger", "prairie", "chemin", "pont", "fontaine", "église", "mairie",
                                   "foire", "laine", "coton", "soie", "cuir", "bois", "pierre", "fer", "cuivre", "argile", "sable", "blé",
                                   "orge", "vigne", "olive", "pomme", "poire", "lait", "fromage", "miel", "sel"};
    std::string out;
    for (int i = 0; i < 22; ++i) {
        const int k = (doc * 7 + paragraph * 13 + i * (doc + 3) + i * i * (paragraph + 1)) % 50;
        out += std::string(i ? " et " : "") + "les " + kWords[k];
    }
    return out + ".";
}

class DatedCorpus : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        struct Doc {
            std::string name, front;
            int seed;
            std::vector<std::string> keys;
        };
        const std::vector<Doc> docs = {
            {"a.md", "title: Texte A\nauthor: Alice Martin\ndate: 1990-03-01\n", 1,
             {"Le district industriel de Prato est étudié par Becattini (1979) depuis les années 1970.", ""}},
            {"b.md", "title: Texte B\nauthor: Bruno Petit\ndate: 1998-05-01\n", 2,
             {"Le cluster de la Silicon Valley (Porter, 1990) grandit en 1995.",
              "Un cluster ressemble au district industriel du XIXe siècle (Marshall, 1890 ; Porter, 1998).", ""}},
            {"c.md", "title: Texte C\nauthor: Chloé Durand\ndate: 2006-01-15\n", 3,
             {"Les pôles de compétitivité naissent dès 2005 à partir des clusters.", ""}},
            {"d.md", "title: Texte D\nauthor: Denis Roux\n", 4, {"Un cluster sans date (Porter, 1998) dans les années 1990.", ""}},
        };
        for (const Doc& d : docs) {
            std::string body;
            for (std::size_t p = 0; p < d.keys.size(); ++p)
                body += (p ? "\n\n" : "") + (d.keys[p].empty() ? "" : d.keys[p] + " ") + filler(d.seed, static_cast<int>(p));
            write_file(dir_->path() / "corpus" / d.name, "---\n" + d.front + "---\n\n" + body + "\n");
            if (d.name == "c.md") write_file(dir_->path() / "corpus" / "c-copie.txt", body + "\n");
        }
        const Outcome r = grappe({"index", "--db", db(), (dir_->path() / "corpus").string()});
        ASSERT_EQ(r.code, 0) << r.out << r.err;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::string db() { return *dir_ / "db"; }
    static rapidjson::Document timeline(std::vector<std::string> args) {
        std::vector<std::string> all = {"timeline", "--db", db(), "--format", "json"};
        all.insert(all.end(), args.begin(), args.end());
        const Outcome r = grappe(all);
        EXPECT_EQ(r.code, 0) << r.err;
        return json(r.out);
    }
    static TempDir* dir_;
};
TempDir* DatedCorpus::dir_ = nullptr;

struct Counts {
    unsigned documents = 0, passages = 0, measure = 0;
    double rate = 0, smoothed = 0;
    bool operator==(const Counts& o) const {
        return documents == o.documents && passages == o.passages && measure == o.measure && std::fabs(rate - o.rate) < 0.001;
    }
};
std::ostream& operator<<(std::ostream& os, const Counts& c) {
    return os << "{" << c.documents << " documents, " << c.passages << " passages, " << c.measure << ", rate " << c.rate << "}";
}

// The points that count something, by year; `measure` is citations or mentions.
std::map<int, Counts> nonzero(const rapidjson::Value& points, const char* measure = nullptr) {
    std::map<int, Counts> out;
    for (const auto& p : points.GetArray()) {
        Counts c{p["documents"].GetUint(), p["passages"].GetUint(), measure ? p[measure].GetUint() : 0,
                 p.HasMember("rate") ? p["rate"].GetDouble() : 0, p.HasMember("smoothed") ? p["smoothed"].GetDouble() : 0};
        if (c.documents || c.passages) out[p["year"].GetInt()] = c;
    }
    return out;
}

TEST_F(DatedCorpus, PublishedAxisCountsPassagesAndRatesPerYearOfTheWork) {
    const auto t = timeline({"cluster", "district-industriel"});
    EXPECT_STREQ(t["axis"].GetString(), "published");
    EXPECT_EQ(t["bin"].GetInt(), 1);
    EXPECT_EQ(t["smooth"].GetInt(), 1);
    EXPECT_EQ(t["from"].GetInt(), 1990);
    EXPECT_EQ(t["to"].GetInt(), 2006);
    ASSERT_EQ(t["series"].Size(), 2u);
    const auto& cluster = t["series"][0];
    EXPECT_STREQ(cluster["id"].GetString(), "cluster");
    EXPECT_STREQ(cluster["family"].GetString(), "cluster");
    // Every year of the range is there, zeros included.
    EXPECT_EQ(cluster["points"].Size(), 17u);
    // c.md and its copy are one work: C1 counts once, in 2006.
    EXPECT_EQ(nonzero(cluster["points"]), (std::map<int, Counts>{{1998, {1, 2, 0, 666.667}}, {2006, {1, 1, 0, 500.0}}}));
    EXPECT_EQ(cluster["undated"]["documents"].GetUint(), 1u);
    EXPECT_EQ(cluster["undated"]["passages"].GetUint(), 1u);
    EXPECT_EQ(nonzero(t["series"][1]["points"]), (std::map<int, Counts>{{1990, {1, 1, 0, 500.0}}, {1998, {1, 1, 0, 333.333}}}));
    EXPECT_EQ(t["series"][1]["undated"]["passages"].GetUint(), 0u);
    EXPECT_EQ(nonzero(t["totals"]), (std::map<int, Counts>{{1990, {1, 2, 0, 0}}, {1998, {1, 3, 0, 0}}, {2006, {1, 2, 0, 0}}}));
    EXPECT_EQ(t["undated"]["documents"].GetUint(), 1u);
    EXPECT_EQ(t["undated"]["passages"].GetUint(), 2u);
}

TEST_F(DatedCorpus, BinsAlignOnMultiplesAndTheRangeCutsThem) {
    const auto t = timeline({"cluster", "--bin", "10"});
    EXPECT_EQ(t["series"][0]["points"].Size(), 2u);  // 1990, 2000 (the range 1990-2006 ends inside it)
    EXPECT_EQ(nonzero(t["series"][0]["points"]), (std::map<int, Counts>{{1990, {1, 2, 0, 400.0}}, {2000, {1, 1, 0, 500.0}}}));
    const auto cut = timeline({"cluster", "--from", "1995", "--to", "2000", "--bin", "5"});
    EXPECT_EQ(cut["from"].GetInt(), 1995);
    EXPECT_EQ(cut["to"].GetInt(), 2000);
    EXPECT_EQ(nonzero(cut["series"][0]["points"]), (std::map<int, Counts>{{1995, {1, 2, 0, 666.667}}}));
    EXPECT_EQ(cut["series"][0]["points"].Size(), 2u);
}

TEST_F(DatedCorpus, SmoothingIsACentredMovingAverageTruncatedAtTheEnds) {
    const auto t = timeline({"cluster", "--smooth", "3"});
    EXPECT_EQ(t["smooth"].GetInt(), 3);
    std::map<int, double> smoothed;
    for (const auto& p : t["series"][0]["points"].GetArray()) smoothed[p["year"].GetInt()] = p["smoothed"].GetDouble();
    EXPECT_NEAR(smoothed[1997], 666.667 / 3, 0.001);
    EXPECT_NEAR(smoothed[1998], 666.667 / 3, 0.001);
    EXPECT_NEAR(smoothed[1999], 666.667 / 3, 0.001);
    EXPECT_NEAR(smoothed[1996], 0.0, 0.001);
    EXPECT_NEAR(smoothed[2006], 500.0 / 2, 0.001);  // the last bin averages itself and the one before
    EXPECT_NEAR(smoothed[1990], 0.0, 0.001);
}

TEST_F(DatedCorpus, CitedAxisCountsTheYearsOfTheWorksCitedBesideTheConcept) {
    const auto t = timeline({"cluster", "district-industriel", "--axis", "cited"});
    EXPECT_EQ(t["from"].GetInt(), 1890);
    EXPECT_EQ(t["to"].GetInt(), 1998);
    // d.md has no date, yet what it cites has one.
    EXPECT_EQ(nonzero(t["series"][0]["points"], "citations"),
              (std::map<int, Counts>{{1890, {1, 1, 1, 1000.0}}, {1990, {1, 1, 1, 1000.0}}, {1998, {2, 2, 2, 1000.0}}}));
    EXPECT_EQ(nonzero(t["series"][1]["points"], "citations"),
              (std::map<int, Counts>{{1890, {1, 1, 1, 1000.0}}, {1979, {1, 1, 1, 1000.0}}, {1998, {1, 1, 1, 500.0}}}));
    EXPECT_EQ(nonzero(t["totals"], "citations"),
              (std::map<int, Counts>{{1890, {1, 1, 1, 0}}, {1979, {1, 1, 1, 0}}, {1990, {1, 1, 1, 0}}, {1998, {2, 2, 2, 0}}}));
    const auto decades = timeline({"cluster", "--axis", "cited", "--bin", "10"});
    EXPECT_EQ(nonzero(decades["series"][0]["points"], "citations"),
              (std::map<int, Counts>{{1890, {1, 1, 1, 1000.0}}, {1990, {2, 3, 3, 1000.0}}}));
}

TEST_F(DatedCorpus, PeriodAxisCountsEachPeriodOnceInEveryBinItCovers) {
    const auto t = timeline({"cluster", "--axis", "period"});
    EXPECT_EQ(t["from"].GetInt(), 1801);
    EXPECT_EQ(t["to"].GetInt(), 2005);
    const auto years = nonzero(t["series"][0]["points"], "mentions");
    EXPECT_EQ(years.size(), 100u + 10u + 1u);  // the XIXe siècle, the 1990s (1995 twice), 2005
    EXPECT_EQ(years.at(1801), (Counts{1, 1, 1, 1000.0}));
    EXPECT_EQ(years.at(1900), (Counts{1, 1, 1, 1000.0}));
    EXPECT_EQ(years.at(1995), (Counts{2, 2, 2, 1000.0}));
    EXPECT_EQ(years.at(1999), (Counts{1, 1, 1, 1000.0}));
    EXPECT_EQ(years.at(2005), (Counts{1, 1, 1, 1000.0}));
    EXPECT_EQ(years.at(1990), (Counts{1, 1, 1, 1000.0}));
    const auto decades = timeline({"cluster", "--axis", "period", "--bin", "10", "--from", "1950"});
    EXPECT_EQ(nonzero(decades["series"][0]["points"], "mentions"),
              (std::map<int, Counts>{{1990, {2, 2, 2, 1000.0}}, {2000, {1, 1, 1, 1000.0}}}));
    // A citation's year is no period: Becattini (1979) is not the 1970s' second mention.
    const auto district = timeline({"district-industriel", "--axis", "period", "--bin", "10", "--from", "1950"});
    EXPECT_EQ(nonzero(district["series"][0]["points"], "mentions"), (std::map<int, Counts>{{1970, {1, 1, 1, 1000.0}}}));
}

TEST_F(DatedCorpus, WhereRestrictsTheCorpusAndItsTotals) {
    const auto t = timeline({"district-industriel", "cluster", "--where", "author:martin"});
    EXPECT_EQ(t["from"].GetInt(), 1990);
    EXPECT_EQ(t["to"].GetInt(), 1990);
    EXPECT_EQ(nonzero(t["series"][0]["points"]), (std::map<int, Counts>{{1990, {1, 1, 0, 500.0}}}));
    EXPECT_TRUE(nonzero(t["series"][1]["points"]).empty());
    EXPECT_EQ(nonzero(t["totals"]), (std::map<int, Counts>{{1990, {1, 2, 0, 0}}}));
    const Outcome bad = grappe({"timeline", "--db", db(), "cluster", "--where", "\"unclosed"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("--where"), std::string::npos) << bad.err;
}

TEST_F(DatedCorpus, FamiliesAndTheDrillDownToPassages) {
    const auto family = timeline({"family:cluster"});
    EXPECT_STREQ(family["series"][0]["kind"].GetString(), "family");
    // C1 mentions two concepts of the family: one passage.
    EXPECT_EQ(nonzero(family["series"][0]["points"]), (std::map<int, Counts>{{1998, {1, 2, 0, 666.667}}, {2006, {1, 1, 0, 500.0}}}));

    const Outcome r = grappe({"timeline", "--db", db(), "cluster", "--year", "1998", "--passages", "--format", "json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto hits = json(r.out);
    ASSERT_EQ(hits["hits"].Size(), 2u);
    std::string texts;
    for (const auto& h : hits["hits"].GetArray()) texts += std::string(h["text"].GetString()) + "\n";
    EXPECT_NE(texts.find("Le cluster de la Silicon Valley"), std::string::npos) << r.out;
    EXPECT_NE(texts.find("Un cluster ressemble au district"), std::string::npos) << r.out;
    const Outcome cited = grappe({"timeline", "--db", db(), "cluster", "--axis", "cited", "--year", "1890", "--passages", "--format", "json"});
    EXPECT_EQ(json(cited.out)["hits"].Size(), 1u);
    const Outcome none = grappe({"timeline", "--db", db(), "cluster", "--year", "1993", "--passages"});
    EXPECT_EQ(none.code, 1);
    EXPECT_NE(none.out.find("No passage behind published 1993"), std::string::npos) << none.out;
}

TEST_F(DatedCorpus, GenealogyGivesFirstAttestationPeakMediansAuthorsAndCompany) {
    const Outcome r = grappe({"genealogy", "--db", db(), "--format", "json", "cluster", "district-industriel", "pole-competitivite"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto g = json(r.out);
    ASSERT_EQ(g["concepts"].Size(), 3u);
    // Ordered by first attestation: district industriel 1990, cluster 1998, pôle 2006.
    EXPECT_STREQ(g["concepts"][0]["id"].GetString(), "district-industriel");
    EXPECT_STREQ(g["concepts"][2]["id"].GetString(), "pole-competitivite");
    const auto& c = g["concepts"][1];
    EXPECT_STREQ(c["id"].GetString(), "cluster");
    EXPECT_EQ(c["passages"].GetUint(), 4u);   // B1, B2, C1 (once for two files), D1
    EXPECT_EQ(c["documents"].GetUint(), 3u);
    EXPECT_EQ(c["undated_documents"].GetUint(), 1u);
    EXPECT_EQ(c["first"]["year"].GetInt(), 1998);
    EXPECT_STREQ(c["first"]["title"].GetString(), "Texte B");
    EXPECT_STREQ(c["first"]["sentence"].GetString(), "Le cluster de la Silicon Valley (Porter, 1990) grandit en 1995.");
    EXPECT_EQ(c["peak"]["year"].GetInt(), 1998);
    EXPECT_EQ(c["peak"]["passages"].GetUint(), 2u);
    EXPECT_EQ(c["last_year"].GetInt(), 2006);
    // Cited 1890, 1990, 1998, 1998: the lower middle. Periods' middles 1850, 1994, 1995, 2005.
    EXPECT_EQ(c["median_cited_year"].GetInt(), 1990);
    EXPECT_EQ(c["citations"].GetUint(), 4u);
    EXPECT_EQ(c["median_period_year"].GetInt(), 1994);
    EXPECT_EQ(c["periods"].GetUint(), 4u);
    ASSERT_GE(c["cited_authors"].Size(), 2u);
    EXPECT_STREQ(c["cited_authors"][0]["author"].GetString(), "Porter");
    EXPECT_EQ(c["cited_authors"][0]["citations"].GetUint(), 3u);
    EXPECT_EQ(c["cited_authors"][0]["documents"].GetUint(), 2u);  // b.md and d.md
    EXPECT_EQ(c["split_year"].GetInt(), 2002);
    ASSERT_EQ(c["cooccurring_before"].Size(), 1u);
    EXPECT_STREQ(c["cooccurring_before"][0]["concept"].GetString(), "district-industriel");
    ASSERT_EQ(c["cooccurring_after"].Size(), 1u);
    EXPECT_STREQ(c["cooccurring_after"][0]["concept"].GetString(), "pole-competitivite");

    const Outcome text = grappe({"genealogy", "--db", db(), "family:cluster"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("1998  cluster"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("In no passage: grappe-entreprises"), std::string::npos) << text.out;
    const Outcome md = grappe({"genealogy", "--db", db(), "--format", "md"});
    ASSERT_EQ(md.code, 0);
    EXPECT_NE(md.out.find("| district industriel | district | 1990 | 1990 | 1998 |"), std::string::npos) << md.out;
    EXPECT_EQ(grappe({"genealogy", "--db", db(), "clusterr"}).code, 1);
}

TEST_F(DatedCorpus, TextCsvSvgAndErrors) {
    const Outcome text = grappe({"timeline", "--db", db(), "cluster", "district-industriel"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("peak 1998"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("1990"), std::string::npos);
    EXPECT_EQ(text.out.find("\033["), std::string::npos);  // no colour off a terminal

    const Outcome csv = grappe({"timeline", "--db", db(), "cluster", "--format", "csv", "--axis", "cited"});
    ASSERT_EQ(csv.code, 0);
    EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')), "axis,series,label,family,year,documents,passages,citations,mentions,rate,smoothed");
    EXPECT_NE(csv.out.find("\ncited,cluster,cluster,cluster,1998,2,2,2,,1000.000,\n"), std::string::npos) << csv.out;
    EXPECT_NE(csv.out.find("\ncited,cluster,cluster,cluster,undated,1,1,,,,\n"), std::string::npos) << csv.out;

    const Outcome svg = grappe({"timeline", "--db", db(), "cluster", "district-industriel", "pole-competitivite", "--format", "svg"});
    ASSERT_EQ(svg.code, 0);
    xmlDocPtr doc = xmlReadMemory(svg.out.data(), static_cast<int>(svg.out.size()), "timeline.svg", nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR);
    ASSERT_NE(doc, nullptr) << "the SVG does not parse";
    std::size_t paths = 0;
    std::function<void(xmlNodePtr)> walk = [&](xmlNodePtr n) {
        for (; n; n = n->next) {
            if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "path")) {
                xmlChar* cls = xmlGetProp(n, BAD_CAST "class");
                if (cls && xmlStrEqual(cls, BAD_CAST "series")) ++paths;
                xmlFree(cls);
            }
            walk(n->children);
        }
    };
    const xmlNodePtr root = xmlDocGetRootElement(doc);
    EXPECT_TRUE(xmlStrEqual(root->name, BAD_CAST "svg"));
    walk(root);
    xmlFreeDoc(doc);
    EXPECT_EQ(paths, 3u);

    const Outcome unknown = grappe({"timeline", "--db", db(), "milieu-innovant"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_NE(unknown.err.find("milieu-innovateur"), std::string::npos) << unknown.err;
    EXPECT_EQ(grappe({"timeline", "--db", db(), "cluster", "--from", "2000", "--to", "1990"}).code, 2);
    EXPECT_EQ(grappe({"timeline", "--db", db(), "cluster", "--year", "1998"}).code, 2);
    EXPECT_EQ(grappe({"timeline", "--db", db(), "cluster", "--axis", "sideways"}).code, 2);
}

}  // namespace
}  // namespace grappe::testing
