// Concepts end to end with the grappe program on the sample corpus:
// concept:/family: searches, tags, spans and facets in hits, `grappe
// concepts` in its three formats, codebooks (--lexicon, grappe.toml), retag
// and the warnings and errors around them.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "integration/run_grappe.h"

namespace grappe::testing {
namespace {

const fs::path kSample = source_dir() / "corpus" / "sample";

// The code points [start, end) of a UTF-8 string, as UTF-8.
std::string codepoints(const std::string& text, std::size_t start, std::size_t end) {
    std::size_t cp = 0, from = std::string::npos, to = text.size();
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (cp == start && from == std::string::npos) from = i;
        if (cp == end) {
            to = i;
            break;
        }
        ++cp;
    }
    return from == std::string::npos ? "" : text.substr(from, to - from);
}

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

class ConceptIndex : public ::testing::Test {
  protected:
    void SetUp() override {
        const Outcome r = grappe({"index", "--db", db(), "--format", "json", kSample.string()});
        ASSERT_EQ(r.code, 0) << r.out << r.err;
        index_summary = json(r.out);
    }
    std::string db() const { return dir / "db"; }
    Outcome search(std::vector<std::string> args) const {
        std::vector<std::string> all = {"search", "--db", db(), "--format", "json", "--limit", "200", "--by", "passage"};
        all.insert(all.end(), args.begin(), args.end());
        return grappe(all);
    }
    std::size_t passages_with(const std::string& query) const {
        const Outcome r = search({query});
        const auto d = json(r.out);
        return d.IsObject() ? d["hits"].Size() : 0;
    }
    TempDir dir;
    rapidjson::Document index_summary;
};

TEST_F(ConceptIndex, AConceptQueryFindsItsMentionsWithSpans) {
    EXPECT_EQ(index_summary["concepts"].GetUint(), 17u);
    EXPECT_TRUE(index_summary["retagged"].IsNull());
    const Outcome r = search({"concept:ecosysteme-affaires"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto d = json(r.out);
    ASSERT_GE(d["hits"].Size(), 3u);
    std::set<std::string> files;
    for (const auto& h : d["hits"].GetArray()) {
        files.insert(fs::path(h["path"].GetString()).filename().string());
        const std::string text = h["text"].GetString();
        bool found = false;
        for (const auto& c : h["concepts"].GetArray()) {
            if (std::string(c["id"].GetString()) != "ecosysteme-affaires") continue;
            found = true;
            EXPECT_STREQ(c["family"].GetString(), "ecosysteme");
            for (const auto& m : c["mentions"].GetArray()) {
                // The span is the original words: "écosystème d’affaires", "ÉCOSYSTÈMES D'AFFAIRES"...
                const std::string words = codepoints(text, m[0].GetUint64(), m[1].GetUint64());
                EXPECT_TRUE(words.find("cosyst") != std::string::npos || words.find("COSYST") != std::string::npos ||
                            words.find("usiness") != std::string::npos)
                    << words;
                EXPECT_TRUE(words.find("ffaires") != std::string::npos || words.find("FFAIRES") != std::string::npos ||
                            words.find("cosystem") != std::string::npos)
                    << words;
            }
        }
        EXPECT_TRUE(found) << text;
    }
    EXPECT_TRUE(files.count("09-ecosysteme-affaires-2013.pdf"));
    // Facets: documents per concept and family among all matches.
    EXPECT_GE(d["facets"]["concept"]["ecosysteme-affaires"].GetUint(), 2u);
    EXPECT_GE(d["facets"]["family"]["ecosysteme"].GetUint(), 2u);
    EXPECT_TRUE(d["warnings"].Empty());
}

TEST_F(ConceptIndex, FamiliesGatherTheirConceptsAndCombineWithWords) {
    const std::size_t affaires = passages_with("concept:ecosysteme-affaires");
    const std::size_t industriel = passages_with("concept:ecosysteme-industriel");
    const std::size_t family = passages_with("family:ecosysteme");
    EXPECT_GE(family, std::max(affaires, industriel));
    EXPECT_GT(family, 0u);
    // With words: only passages holding both.
    const std::size_t with_word = passages_with("concept:cluster porter");
    EXPECT_GT(with_word, 0u);
    EXPECT_LT(with_word, passages_with("concept:cluster"));
    // Excluded.
    EXPECT_LT(passages_with("concept:cluster -family:district"), passages_with("concept:cluster"));
}

TEST_F(ConceptIndex, TextOutputTagsHitsAndMarksMentions) {
    const Outcome r = grappe({"search", "--db", db(), "--limit", "3", "concept:pole-competitivite"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("#pole-competitivite"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("⟦"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("compétitivité⟧"), std::string::npos) << r.out;
}

TEST_F(ConceptIndex, AnUnknownConceptIsAnErrorWithASuggestion) {
    const Outcome r = grappe({"search", "--db", db(), "concept:clusters"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown concept \"clusters\"; did you mean concept:cluster?"), std::string::npos) << r.err;
    const Outcome f = grappe({"search", "--db", db(), "family:ecosystem"});
    EXPECT_EQ(f.code, 2);
    EXPECT_NE(f.err.find("did you mean family:ecosysteme?"), std::string::npos) << f.err;
    // Ids read off a label or a form, and a family's id given as a concept's.
    EXPECT_NE(grappe({"search", "--db", db(), "concept:milieu-innovant"}).err.find("did you mean concept:milieu-innovateur?"), std::string::npos);
    EXPECT_NE(grappe({"search", "--db", db(), "concept:pole-de-competitivite"}).err.find("did you mean concept:pole-competitivite?"),
              std::string::npos);
    EXPECT_NE(grappe({"search", "--db", db(), "concept:ecosysteme"}).err.find("did you mean family:ecosysteme?"), std::string::npos);
    // Nothing near: no guess.
    const Outcome far = grappe({"search", "--db", db(), "concept:zzz"});
    EXPECT_EQ(far.code, 2);
    EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;
}

TEST_F(ConceptIndex, OneConceptIsDescribedWithItsFormsAndFigures) {
    const Outcome text = grappe({"concepts", "--db", db(), "milieu-innovateur"});
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("Milieux innovateurs et proximités"), std::string::npos) << text.out;  // the family's label
    EXPECT_NE(text.out.find("GREMI"), std::string::npos) << text.out;                              // definition or references
    const Outcome js = grappe({"concepts", "--db", db(), "--format", "json", "milieu-innovateur"});
    ASSERT_EQ(js.code, 0) << js.err;
    const auto d = json(js.out);
    EXPECT_STREQ(d["family"].GetString(), "milieu");
    ASSERT_GT(d["forms"].Size(), 1u);
    bool milieux = false;
    for (const auto& f : d["forms"].GetArray()) milieux = milieux || std::string(f["text"].GetString()).find("milieu") != std::string::npos;
    EXPECT_TRUE(milieux);
    EXPECT_GE(d["documents"].GetUint(), 1u);
    EXPECT_TRUE(d["first_year"].IsInt());
    // The same figures as the list's.
    const auto all = json(grappe({"concepts", "--db", db(), "--format", "json"}).out);
    for (const auto& c : all["concepts"].GetArray())
        if (std::string(c["id"].GetString()) == "milieu-innovateur") {
            EXPECT_EQ(c["passages"].GetUint(), d["passages"].GetUint());
            EXPECT_EQ(c["documents"].GetUint(), d["documents"].GetUint());
        }
    // An unknown id: exit 1, with the nearest.
    const Outcome unknown = grappe({"concepts", "--db", db(), "milieu-innovant"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_NE(unknown.err.find("did you mean milieu-innovateur?"), std::string::npos) << unknown.err;
    EXPECT_EQ(grappe({"concepts", "--db", db(), "--format", "csv", "cluster"}).code, 2);
}

TEST_F(ConceptIndex, ConceptsCommandInThreeFormats) {
    const Outcome text = grappe({"concepts", "--db", db()});
    ASSERT_EQ(text.code, 0) << text.err;
    for (const char* id : {"district-industriel", "systeme-productif-local", "technopole", "milieu-innovateur", "proximite", "cluster",
                           "pole-competitivite", "grappe-entreprises", "ecosysteme-affaires", "ecosysteme-industriel",
                           "ecosysteme-innovation", "tiers-lieu", "pole-croissance"})
        EXPECT_NE(text.out.find(id), std::string::npos) << id;
    // People read labels; the id beside them is what concept: takes.
    EXPECT_NE(text.out.find("pole-competitivite            pôle de compétitivité"), std::string::npos) << text.out;

    const Outcome js = grappe({"concepts", "--db", db(), "--format", "json", "--cooccurrence"});
    ASSERT_EQ(js.code, 0) << js.err;
    const auto d = json(js.out);
    ASSERT_TRUE(d.IsObject()) << js.out;
    EXPECT_EQ(std::string(d["lexicon"].GetString()), std::string(d["index_lexicon"].GetString()));
    std::size_t cluster_row = 0, tiers_row = 0, ecoinno_row = 0;
    const auto& concepts = d["concepts"];
    for (rapidjson::SizeType i = 0; i < concepts.Size(); ++i) {
        const std::string id = concepts[i]["id"].GetString();
        if (id == "cluster") {
            cluster_row = i;
            // The same count as a search for it.
            EXPECT_EQ(concepts[i]["passages"].GetUint64(), passages_with("concept:cluster"));
            EXPECT_GE(concepts[i]["documents"].GetUint64(), 5u);
            EXPECT_LE(concepts[i]["first_year"].GetInt(), 2001);
            EXPECT_EQ(concepts[i]["last_year"].GetInt(), 2020);
            EXPECT_GT(concepts[i]["cooccurring"].Size(), 0u);
        }
        if (id == "tiers-lieu") tiers_row = i;
        if (id == "ecosysteme-innovation") ecoinno_row = i;
    }
    const auto& matrix = d["cooccurrence"]["passages"];
    EXPECT_EQ(matrix[cluster_row][cluster_row].GetUint64(), concepts[cluster_row]["passages"].GetUint64());
    EXPECT_GT(matrix[tiers_row][ecoinno_row].GetUint64(), 0u);
    EXPECT_EQ(matrix[tiers_row][ecoinno_row].GetUint64(), matrix[ecoinno_row][tiers_row].GetUint64());
    const double j = d["cooccurrence"]["jaccard"][tiers_row][ecoinno_row].GetDouble();
    EXPECT_GT(j, 0.0);
    EXPECT_LE(j, 1.0);

    const Outcome csv = grappe({"concepts", "--db", db(), "--format", "csv"});
    ASSERT_EQ(csv.code, 0);
    EXPECT_EQ(csv.out.rfind("concept,family,label,passages,documents,first_year,last_year,cooccurring\n", 0), 0u) << csv.out;
    EXPECT_EQ(static_cast<std::size_t>(std::count(csv.out.begin(), csv.out.end(), '\n')), concepts.Size() + 1);
    const Outcome pairs = grappe({"concepts", "--db", db(), "--format", "csv", "--cooccurrence"});
    EXPECT_EQ(pairs.out.rfind("concept_a,concept_b,passages_a,passages_b,passages_both,jaccard\n", 0), 0u) << pairs.out;
    EXPECT_NE(pairs.out.find("\ntiers-lieu,ecosysteme-innovation,"), std::string::npos) << pairs.out;
}

TEST_F(ConceptIndex, RetagAppliesACodebookWithoutReadingFiles) {
    const std::size_t clusters = passages_with("concept:cluster");
    ASSERT_GT(clusters, 0u);
    // A phrase in passages that retag rewrites: their positions must survive.
    ASSERT_GT(passages_with("\"michael porter\" concept:cluster"), 0u);
    const std::size_t porter = passages_with("\"michael porter\"");
    const std::string codebook = dir / "codebook.toml";
    write_file(codebook,
               "[[family]]\nid = \"rhetorique\"\nlabel = \"Figures\"\n\n"
               "[[concept]]\nid = \"metaphore\"\nfamily = \"rhetorique\"\nforms = [\"métaphore\"]\n\n"
               "[[concept]]\nid = \"cluster\"\ndisabled = true\n");
    const Outcome r = grappe({"retag", "--db", db(), "--lexicon", codebook, "--format", "json"});
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    const auto d = json(r.out);
    ASSERT_TRUE(d.IsObject()) << r.out;
    EXPECT_FALSE(d["unchanged_lexicon"].GetBool());
    EXPECT_GE(d["report"]["concepts"]["metaphore"]["gained"].GetUint64(), 1u);
    EXPECT_EQ(d["report"]["concepts"]["cluster"]["lost"].GetUint64(), clusters);
    EXPECT_GE(passages_with("concept:metaphore"), 1u);
    EXPECT_EQ(search({"concept:cluster"}).code, 2);  // no longer a concept of the index
    EXPECT_EQ(passages_with("\"michael porter\""), porter);

    // Again with the same lexicon (the recorded codebook): nothing to do.
    const Outcome again = grappe({"retag", "--db", db()});
    EXPECT_EQ(again.code, 0);
    EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << again.out;

    // The codebook changes: a concept search says the tags are stale...
    write_file(codebook,
               "[[family]]\nid = \"rhetorique\"\n\n[[concept]]\nid = \"metaphore\"\nfamily = \"rhetorique\"\nforms = [\"métaphore\", \"analogie\"]\n");
    const Outcome stale = search({"concept:metaphore"});
    EXPECT_EQ(stale.code, 0);
    EXPECT_NE(stale.err.find("tagged with another lexicon"), std::string::npos) << stale.err;
    EXPECT_EQ(json(stale.out)["warnings"].Size(), 1u);
    // ...and a plain retag applies the recorded codebook as it is now.
    const Outcome applied = grappe({"retag", "--db", db()});
    EXPECT_EQ(applied.code, 0) << applied.err;
    EXPECT_NE(applied.out.find("cluster"), std::string::npos) << applied.out;  // back, as the codebook no longer disables it
    EXPECT_EQ(passages_with("concept:cluster"), clusters);
    EXPECT_EQ(search({"concept:metaphore"}).err, "");

    // --no-codebooks: back to the default lexicon, the recorded codebook forgotten.
    EXPECT_EQ(grappe({"retag", "--db", db(), "--no-codebooks", "--lexicon", codebook}).code, 2);  // one or the other
    const Outcome plain = grappe({"retag", "--db", db(), "--no-codebooks", "--format", "json"});
    ASSERT_EQ(plain.code, 0) << plain.err;
    const auto forgotten = json(plain.out);
    EXPECT_EQ(forgotten["codebooks"].Size(), 0u) << plain.out;
    EXPECT_GE(forgotten["report"]["concepts"]["metaphore"]["lost"].GetUint64(), 1u) << plain.out;
    EXPECT_EQ(search({"concept:metaphore"}).code, 2);
    EXPECT_EQ(passages_with("concept:cluster"), clusters);
    const Outcome later = grappe({"retag", "--db", db()});  // the index no longer names the codebook
    EXPECT_NE(later.out.find("nothing to do"), std::string::npos) << later.out;
}

TEST_F(ConceptIndex, ABrokenCodebookIsRefusedAndChangesNothing) {
    const std::string codebook = dir / "bad.toml";
    write_file(codebook, "[[concept]]\nid = \"x\"\nfamily = \"nulle-part\"\nforms = [\"y\"]\n");
    const Outcome r = grappe({"retag", "--db", db(), "--lexicon", codebook});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(codebook + ":1: concept 'x' names family 'nulle-part'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("index unchanged"), std::string::npos) << r.err;
    const Outcome i = grappe({"index", "--db", dir / "other", "--lexicon", codebook, kSample.string()});
    EXPECT_EQ(i.code, 2);
    EXPECT_NE(i.err.find("nothing indexed"), std::string::npos) << i.err;
    EXPECT_GT(passages_with("concept:cluster"), 0u);
}

TEST(ConceptCodebook, AGrappeTomlAtTheCorpusRootIsUsedAndAChangeRetagsOnTheNextRun) {
    TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    write_file(corpus / "note.txt", "Les living labs et les pôles de compétitivité travaillent ensemble depuis 2010.\n");
    write_file(corpus / "grappe.toml", "[[family]]\nid = \"labs\"\n\n[[concept]]\nid = \"living-lab\"\nfamily = \"labs\"\nforms = [\"living lab\"]\n");
    const Outcome first = grappe({"index", "--db", dir / "db", "--format", "json", corpus.string()});
    ASSERT_EQ(first.code, 0) << first.err;
    const auto summary = json(first.out);
    ASSERT_EQ(summary["codebooks"].Size(), 1u);
    EXPECT_EQ(fs::path(summary["codebooks"][0].GetString()).filename(), "grappe.toml");
    const Outcome found = grappe({"search", "--db", dir / "db", "--format", "json", "concept:living-lab concept:pole-competitivite"});
    EXPECT_EQ(found.code, 0) << found.err;

    // The codebook changes; the next index run tags the stored passages again first.
    write_file(corpus / "grappe.toml",
               "[[family]]\nid = \"labs\"\n\n[[concept]]\nid = \"laboratoire\"\nfamily = \"labs\"\nforms = [\"living lab\"]\n");
    const Outcome second = grappe({"index", "--db", dir / "db", "--format", "json", corpus.string()});
    ASSERT_EQ(second.code, 0) << second.err;
    const auto after = json(second.out);
    ASSERT_TRUE(after["retagged"].IsObject()) << second.out;
    EXPECT_EQ(after["retagged"]["concepts"]["laboratoire"]["gained"].GetUint64(), 1u);
    EXPECT_EQ(after["retagged"]["concepts"]["living-lab"]["lost"].GetUint64(), 1u);
    EXPECT_EQ(grappe({"search", "--db", dir / "db", "concept:laboratoire"}).code, 0);
}

}  // namespace
}  // namespace grappe::testing
