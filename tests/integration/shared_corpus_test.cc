// ../shared/corpus-fr: real PDFs nobody here wrote, with MANIFEST.tsv.
// Every readable PDF is indexed, every broken one is reported with the right
// reason, and queries exercising the French rules find what they should.
// Skipped, with a message, where ../shared is absent (a user's clone).
#include <gtest/gtest.h>

#include <map>

#include "analyze/analyzer.h"
#include "concepts/lexicon.h"
#include "concepts/tagger.h"
#include "cite/citations.h"
#include "evaluation/reference_evaluation.h"
#include "evaluation/tagging_evaluation.h"
#include "integration/run_grappe.h"
#include "evaluation/metadata_evaluation.h"
#include "search/known_items.h"
#include "evaluation/kind_evaluation.h"

namespace grappe::testing {
namespace {

const fs::path kCorpus = shared_dir() / "corpus-fr";
const fs::path kTopicPdf = shared_dir() / "corpus-topic" / "pdf";

struct ManifestRow {
    std::string file;
    bool has_text = false;
    std::string notes;
};

std::vector<ManifestRow> manifest() {
    std::vector<ManifestRow> rows;
    std::ifstream in(kCorpus / "MANIFEST.tsv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::stringstream ss(line);
        std::string col;
        while (std::getline(ss, col, '\t')) cols.push_back(col);
        if (cols.size() < 8) continue;  // trailing empty columns are not split off
        rows.push_back({cols[0], cols[7] == "yes", cols.size() > 10 ? cols[10] : ""});
    }
    return rows;
}

class SharedCorpus : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        if (!fs::exists(kCorpus / "MANIFEST.tsv") || !fs::is_directory(kTopicPdf)) return;
        dir_ = new TempDir();
        // One index for the suite. The per-file time budget is tested in the
        // unit tests; here a sanitizer build on a loaded machine must not
        // turn a 580-page book into a "took longer than 60 s".
        // With the PDF renderings of corpus-topic (and their text beside),
        // for the known-item queries.
        run_ = new Outcome(grappe({"index", "--db", *dir_ / "db", "-j", "2", "--timeout", "1200", "--format", "json", kCorpus.string(),
                                   kTopicPdf.string()}));
    }
    static void TearDownTestSuite() {
        delete dir_;
        delete run_;
    }
    void SetUp() override {
        if (!run_) GTEST_SKIP() << "../shared/corpus-fr or corpus-topic/pdf is absent (as in a user's clone): skipped";
    }
    // The files a query finds, and the other copies of their texts.
    static std::vector<std::string> files(const std::string& query) {
        return hit_and_copy_files(grappe({"search", "--db", *dir_ / "db", "--format", "json", "--limit", "100", query}).out);
    }
    static TempDir* dir_;
    static Outcome* run_;
};
TempDir* SharedCorpus::dir_ = nullptr;
Outcome* SharedCorpus::run_ = nullptr;

TEST_F(SharedCorpus, IndexesEveryReadablePdfReportsBrokenOnesAndAnswersFrenchQueries) {
    ASSERT_EQ(run_->code, 1) << "some files of corpus-fr are broken on purpose: exit code 1\n" << run_->err;
    const auto summary = json(run_->out);
    ASSERT_TRUE(summary.IsObject()) << run_->out;
    std::map<std::string, std::string> failures;
    for (const auto& f : summary["failures"].GetArray())
        failures[fs::relative(f["path"].GetString(), kCorpus).string()] = f["reason"].GetString();

    const std::map<std::string, std::string> expected_reason = {
        {"faults/empty.pdf", "empty file (0 bytes)"},
        {"faults/encrypted-user-password.pdf", "encrypted: needs a password"},
        {"faults/not-a-pdf.pdf", "not a PDF: the file is HTML with a .pdf name"},
        {"faults/truncated-half.pdf", "damaged PDF: Poppler cannot open it (truncated or corrupt)"},
        {"debian/texlive-fr__console-screenshot.pdf", "no text layer on any page: scanned? index it with --ocr"},
    };
    size_t readable = 0;
    for (const auto& row : manifest()) {
        auto reason = expected_reason.find(row.file);
        if (reason != expected_reason.end()) {
            ASSERT_TRUE(failures.count(row.file)) << row.file << " should be reported";
            EXPECT_EQ(failures[row.file], reason->second) << row.file;
        } else {
            ASSERT_TRUE(row.has_text) << row.file << ": a manifest row this test does not know";
            EXPECT_FALSE(failures.count(row.file)) << row.file << " failed: " << failures[row.file];
            ++readable;
        }
    }
    EXPECT_EQ(failures.size(), expected_reason.size());
    // Indexed, not merely unreported: every readable PDF of the manifest plus
    // the other files beside them (ground-truth .txt sources, an .odt).
    size_t text_files = 0;
    for (const auto& e : fs::recursive_directory_iterator(kCorpus))
        for (const char* ext : {".txt", ".md", ".html", ".odt", ".docx", ".epub"}) text_files += e.path().extension() == ext;
    const auto topic_files = static_cast<size_t>(std::distance(fs::directory_iterator(kTopicPdf), fs::directory_iterator()));
    EXPECT_EQ(summary["indexed"].GetUint(), readable + text_files + topic_files);
    EXPECT_EQ(readable + expected_reason.size(), 63u) << "rows of MANIFEST.tsv";

    // French queries over the same index (one test: ctest runs each test in
    // a process of its own, and indexing corpus-fr twice at once only costs).
    const struct {
        const char* query;
        const char* must_find;
    } cases[] = {
        {"écosystème dense", "ValentinGarreau__financement-innovation-idf-paca.pdf"},
        {"ECOSYSTEME DENSE", "ValentinGarreau__financement-innovation-idf-paca.pdf"},
        {"jeunes entreprises innovantes", "ValentinGarreau__financement-innovation-idf-paca.pdf"},
        {"l’écosystème", "dridk__these-medecine-brest-2017.pdf"},
        {"\"mise en page\"", "texlive-fr__Apprends_LaTeX.pdf"},
        {"influence temperature", "jriou__epidemics-2017-article.pdf"},  // ﬂ ligature in the text layer
        {"Saint-Martin", "jriou__epidemics-2017-article.pdf"},           // compound split at a line end
        {"interactions spatiales", "JusteRaimbault__analyse-spatiale-interactions.pdf"},
        {"interactions spatiales", "encrypted-owner-only.pdf"},  // opens without a password
        {"OUEDRAOGO", "ikader37__lo-memoire.odt"},      // LibreOffice's file and its PDF export
        {"OUEDRAOGO", "ikader37__lo-memoire.pdf"},
        {"\"boîtes en couleur\"", "texlive-fr__latex2e-fr.pdf"},  // printed "bo^ıtes": the accent set apart
        {"\"lui-même\"", "texlive-fr__latex2e-fr.pdf"},
        // Ligatures of a TeX font without a Unicode map, read as T1 codes.
        {"\"fundamentally different optimization\"", "Remenby31__x-hec-thesis-llm-routing.pdf"},
        {"\"conservative filtering\"", "Remenby31__x-hec-thesis-llm-routing.pdf"},
        // Body text, not a reference list: a chapter "8 Bibliographie" about
        // bibliographies ends at its prose.
        {"kind:body biblatex", "texlive-fr__frenchb-doc.pdf"},
        // Numbered citations, linked to their numbered entries: "[1,2]" to
        // "1. Barker S: ...", a raised "⁴⁵" (no footnotes) to "[45] P. J. McMurdie".
        {"cites:barker cited:1994", "SCD-Aix-Marseille-Universite__amu-these-modele.pdf"},
        {"cites:mcmurdie cited:2013", "dridk__these-medecine-brest-2017.pdf"},
        // The title read off page 1 gets the same ligature reading as the
        // text ("Across Di\x1Berent Providers" was stored).
        {"title:different title:providers", "Remenby31__x-hec-thesis-llm-routing.pdf"},
        // A subtitle after a colon, set apart, is part of the title.
        {"title:arbitrages title:financement", "ValentinGarreau__financement-innovation-idf-paca.pdf"},
        // A table whose cells Poppler hands out a column at a time is read
        // row by row, as a table ("Always cheapest provider | $1,547 | 40.0%").
        {"kind:table \"always cheapest provider\" ignores performance", "Remenby31__x-hec-thesis-llm-routing.pdf"},
        // A cover's date ("6 décembre 2024") gives the year.
        {"year:2024 financement innovation", "ValentinGarreau__financement-innovation-idf-paca.pdf"},
    };
    for (const auto& c : cases) {
        const auto found = files(c.query);
        EXPECT_NE(std::find(found.begin(), found.end(), c.must_find), found.end()) << c.query << " should find " << c.must_find;
    }

    // A contents line "Bibliographie 503" does not turn the rest of a book
    // into its reference list: TeX code is not cited works.
    const auto listed = json(grappe({"search", "--db", *dir_ / "db", "--format", "json", "--by", "passage", "--limit", "100",
                                     "kind:reference expandafter"}).out);
    ASSERT_TRUE(listed.IsObject());
    EXPECT_EQ(listed["total_estimate"].GetUint(), 0u);

    // The angle brackets of TeX's symbol fonts (cmsy, lmsy, txsys), which
    // Poppler reads as the letters of their slots: "⟨largeur⟩", not "hlargeur".
    // Inside a word of code too: "\\director{⟨civilité⟩}{⟨prénom⟩}".
    for (const char* misread : {"hlargeur", "hmacroi", "hcode", "hcivilitéi", "hprénomi"})
        EXPECT_TRUE(files(misread).empty()) << misread << " is a misread ⟨…⟩";
    // The names an icon font's ToUnicode gives its glyphs (fontawesome5's
    // lightbulb, puzzle piece, arrow before each box title of ProfLycee's
    // manual) are no words; the titles are.
    for (const char* icon : {"lightbulb", "\"puzzle piece\"", "\"arrow alt circle\""})
        EXPECT_TRUE(files(icon).empty()) << icon << " is an icon's name";
    const auto titles = files("\"clés et options\"");
    EXPECT_NE(std::find(titles.begin(), titles.end(), "texlive-fr__ProfLycee-old-doc.pdf"), titles.end());
    const auto bracketed = json(grappe({"search", "--db", *dir_ / "db", "--format", "json", "--by", "passage", "--limit", "20",
                                        "cmidrule rognage"}).out);
    ASSERT_TRUE(bracketed.IsObject());
    size_t printed_right = 0;
    for (const auto& hit : bracketed["hits"].GetArray())
        printed_right += std::string(hit["text"].GetString()).find("\\cmidrule[⟨largeur⟩](⟨rognage⟩){a–b}") != std::string::npos;
    EXPECT_GE(printed_right, 1u) << "f-booktabs.pdf, page 7: the syntax line of \\cmidrule";

    // A PDF whose Info dictionary has no title: the largest text of page 1,
    // without the author line of the same size further down.
    const auto thesis = json(grappe({"search", "--db", *dir_ / "db", "--format", "json", "title:\"modèle de thèse\""}).out);
    ASSERT_TRUE(thesis.IsObject() && thesis["hits"].Size() >= 1);
    const Outcome shown = grappe({"show", "--db", *dir_ / "db", std::to_string(thesis["hits"][0]["doc_id"].GetUint())});
    EXPECT_NE(shown.out.find("title            Un modèle de thèse LATEX en français"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("(largest-text)"), std::string::npos) << shown.out;
}

// Tagging quality on the passages of ../shared a person annotated by hand
// (tests/golden/concepts/passages.tsv): the targets.
// Known-item search (tests/golden/search/known_items.tsv): three words read
// on a page, one disguised, as a reader looks for a page again. The default
// scope, the page, finds the file among ten and shows the page.
TEST_F(SharedCorpus, KnownItemsAreFoundAtTheirPageByDefault) {
    const Searcher searcher(*dir_ / "db");
    const auto items = read_known_items((source_dir() / "tests" / "golden" / "search" / "known_items.tsv").string());
    ASSERT_EQ(items.size(), 60u);
    std::map<Scope, KnownItemScore> scores;
    for (Scope scope : {Scope::Passage, Scope::Window, Scope::Page, Scope::Document}) {
        scores[scope] = evaluate_known_items(searcher, items, scope);
        const KnownItemScore& s = scores[scope];
        std::printf("%-9s MRR@10 %.3f  right page %zu/%zu  in top 10 %zu  nothing %zu\n", scope_name(scope), s.mrr(), s.right_page, s.queries,
                    s.found, s.nothing);
    }
    const KnownItemScore& page = scores[Scope::Page];
    // Measured on 2026-12-02 over this index: MRR 0.88, 60 in the ten, 53 right pages.
    EXPECT_GE(page.found, 57u);
    EXPECT_GE(page.right_page, 50u);
    EXPECT_GE(page.mrr(), 0.80);
    // Better than one passage, which misses the words of two passages, and
    // than the document, which shows another page.
    EXPECT_GT(page.mrr(), scores[Scope::Passage].mrr() + 0.3);
    EXPECT_GT(page.right_page, scores[Scope::Document].right_page);
    EXPECT_GE(page.right_page, scores[Scope::Window].right_page);
}

TEST(SharedCorpusConcepts, TaggingMeetsItsTargetsOnHandAnnotatedPassages) {
    if (!fs::is_directory(shared_dir() / "corpus-topic")) GTEST_SKIP() << "../shared/corpus-topic is absent (as in a user's clone): skipped";
    const Analyzer analyzer;
    const ConceptTagger tagger(Lexicon::default_lexicon(), analyzer);
    const auto annotations = read_annotations((source_dir() / "tests" / "golden" / "concepts" / "passages.tsv").string());
    const TaggingScore score = score_annotations(annotations, shared_dir().string(), tagger);
    EXPECT_GE(score.passages, 60u);
    EXPECT_GE(score.true_positives + score.false_negatives, 50u);  // concepts present, not only empty passages
    EXPECT_GE(score.precision(), 0.97);
    EXPECT_GE(score.recall(), 0.95);
    for (const auto& d : score.disagreements) std::printf("disagreement in %s\n", d.file.c_str());

    // The held-out set, annotated before the tagger saw it.
    const auto heldout = read_annotations((source_dir() / "tests" / "golden" / "concepts" / "heldout.tsv").string());
    const TaggingScore fresh = score_annotations(heldout, shared_dir().string(), tagger);
    EXPECT_EQ(fresh.passages, 45u);
    EXPECT_GE(fresh.true_positives + fresh.false_negatives, 20u);
    EXPECT_GE(fresh.precision(), 0.97);
    EXPECT_GE(fresh.recall(), 0.95);

    // A second fresh sample, 110 paragraphs (2026-12-02; first, blind: 0.973 and 0.973).
    const auto later = read_annotations((source_dir() / "tests" / "golden" / "concepts" / "fresh.tsv").string());
    const TaggingScore sample = score_annotations(later, shared_dir().string(), tagger);
    EXPECT_EQ(sample.passages, 110u);
    EXPECT_GE(sample.true_positives + sample.false_negatives, 70u);
    EXPECT_GE(sample.precision(), 0.97);
    EXPECT_GE(sample.recall(), 0.95);
    for (const auto& d : sample.disagreements) std::printf("disagreement in %s\n", d.file.c_str());
}

// Author-year citations of the seeds, annotated by hand before Grappe read them.
TEST(SharedCorpusCitations, AuthorYearCitationsAreFoundInTheSeeds) {
    if (!fs::is_directory(shared_dir() / "seeds")) GTEST_SKIP() << "../shared/seeds is absent (as in a user's clone): skipped";
    const auto annotations = read_annotations((source_dir() / "tests" / "golden" / "citations" / "passages.tsv").string());
    const TaggingScore score =
        score_annotations(annotations, shared_dir().string(), [](const std::string& text) { return citation_keys(text); });
    EXPECT_EQ(score.passages, 40u);
    EXPECT_GE(score.true_positives + score.false_negatives, 60u);
    EXPECT_GE(score.precision(), 0.97);
    EXPECT_GE(score.recall(), 0.95);
    for (const auto& d : score.disagreements) std::printf("disagreement in %s\n", d.file.c_str());
}

// Paragraph kinds against hand annotations (tests/golden/kinds): theses and
// articles, manuals, and theses, articles and slides again (each measured
// blind first, then mended on). Every annotated paragraph must still be
// found (a changed text says so).
TEST(SharedCorpusKinds, ParagraphKindsMeetTheirTargetsOnHandAnnotatedPages) {
    if (!fs::is_directory(kCorpus)) GTEST_SKIP() << "../shared/corpus-fr is absent (as in a user's clone): skipped";
    WordList words;
    words.load(WordList::default_paths());
    // The third set was measured blind after the first two had been used
    // (78.7% of the sample, 79.5% estimated), then mended on.
    for (const auto& [file, sample_target, estimate_target] :
         {std::tuple{"paragraphs.tsv", 0.94, 0.92}, std::tuple{"heldout.tsv", 0.90, 0.90}, std::tuple{"third.tsv", 0.82, 0.80}}) {
        SCOPED_TRACE(file);
        const KindScore score =
            score_kinds(read_kind_annotations((source_dir() / "tests" / "golden" / "kinds" / file).string()), shared_dir().string(), words);
        EXPECT_GE(score.annotations, 90u);
        EXPECT_TRUE(score.unmatched.empty()) << score.unmatched.size() << " annotated paragraphs not found, first " << score.unmatched.front();
        EXPECT_GE(score.sample_accuracy(), sample_target);
        EXPECT_GE(score.weighted_accuracy(), estimate_target);
        // What ranks below body text by default must be what it says.
        EXPECT_GE(score.precision(PassageKind::Reference), 0.8);
        EXPECT_GE(score.precision(PassageKind::Toc), 0.9);
        for (const auto& d : score.disagreements)
            std::printf("kind disagreement in %s p. %u: %s, expected %s\n", d.file.c_str(), d.page, std::string(kind_name(d.found)).c_str(),
                        std::string(kind_name(d.expected)).c_str());
    }
}


// The reference lists of the seeds and corpus-topic, annotated by hand
// (tests/golden/citations/references.tsv): bulleted, numbered, wrapped and
// hanging entries, in text, Markdown and PDF.
TEST(SharedCorpusCitations, ReferenceListEntriesHaveTheirFirstAuthorAndYear) {
    if (!fs::is_directory(shared_dir() / "seeds") || !fs::is_directory(shared_dir() / "corpus-topic"))
        GTEST_SKIP() << "../shared is absent (as in a user's clone): skipped";
    const Analyzer analyzer;
    WordList words;
    words.load(WordList::default_paths());
    const auto scores = score_reference_lists(
        read_reference_annotations((source_dir() / "tests" / "golden" / "citations" / "references.tsv").string()), shared_dir().string(),
        analyzer, words);
    ReferenceScore all;
    for (const auto& [file, score] : scores) {
        all.add(score);
        EXPECT_GE(score.rate(), 0.90) << file;
    }
    EXPECT_EQ(all.annotated, 219u);
    EXPECT_GE(all.rate(), 0.95) << all.matched << " of " << all.annotated;
    // The Cusin & Loubaresse paper cites its list: "(Porter, 2000)" links to its entry.
    const ReferenceScore& seed = scores.at("seeds/003_db9a18150d87aebe.txt");
    EXPECT_GE(seed.linked, seed.citations * 95 / 100) << seed.linked << " of " << seed.citations;
}

// Metadata against a person's reading of every document of the sample,
// ../shared/seeds and ../shared/corpus-topic (tests/golden/metadata/
// documents.tsv): the targets on precision, and what they are for:
// a year filter and a concept's first year never take a cited year.
TEST(SharedCorpusMetadata, FieldsMeetTheirTargetsAndYearsAreTheWorksOwn) {
    if (!fs::is_directory(shared_dir() / "seeds") || !fs::is_directory(shared_dir() / "corpus-topic"))
        GTEST_SKIP() << "../shared is absent (as in a user's clone): skipped";
    TempDir dir;
    const std::string db = dir / "db";
    const Outcome run = grappe({"index", "--db", db, (source_dir() / "corpus" / "sample").string(), (shared_dir() / "seeds").string(),
                                (shared_dir() / "corpus-topic").string()});
    ASSERT_EQ(run.code, 0) << run.err;
    const Outcome listed = grappe({"list", "--db", db, "--format", "json"});
    ASSERT_EQ(listed.code, 0) << listed.err;
    const auto list = json(listed.out);
    std::vector<std::pair<std::string, Metadata>> documents;
    std::map<std::string, std::string> year_of;
    for (const auto& d : list["documents"].GetArray()) {
        Metadata m;
        m.title.value = d["title"].GetString();
        for (const auto& a : d["authors"].GetArray()) m.authors.push_back({a["family"].GetString(), a["given"].GetString()});
        if (d["year"].IsString()) m.year.value = d["year"].GetString();
        if (d["type"].IsString()) m.type.value = d["type"].GetString();
        year_of[d["path"].GetString()] = m.year.value;
        documents.emplace_back(d["path"].GetString(), std::move(m));
    }
    const auto truth = read_metadata_annotations((source_dir() / "tests" / "golden" / "metadata" / "documents.tsv").string());
    ASSERT_EQ(truth.size(), 52u);
    const MetadataEvaluation e = evaluate_metadata(truth, documents);
    EXPECT_TRUE(e.unmatched.empty()) << e.unmatched.front();
    for (MetadataField f : kMetadataFields)
        std::printf("%-8s precision %.3f (%zu/%zu) coverage %.3f\n", field_name(f), e[f].precision(), e[f].right, e[f].given, e[f].coverage());
    EXPECT_GE(e[MetadataField::Year].precision(), 0.98);
    EXPECT_GE(e[MetadataField::Authors].precision(), 0.95);
    EXPECT_GE(e[MetadataField::Type].precision(), 0.95);
    EXPECT_GE(e[MetadataField::Title].precision(), 0.90);
    // Coverage as measured on 2026-12-02, copies of one text sharing their
    // metadata (title 1.00, authors 1.00, year 0.96, type 0.69), so that a
    // change that loses fields is noticed.
    EXPECT_GE(e[MetadataField::Title].coverage(), 0.95);
    EXPECT_GE(e[MetadataField::Authors].coverage(), 0.90);
    EXPECT_GE(e[MetadataField::Year].coverage(), 0.90);
    EXPECT_GE(e[MetadataField::Type].coverage(), 0.60);

    // "(Porter, 1990)" in a 2026 web page does not make it a work of 1990:
    // whatever year:..2000 returns was written by then.
    const Outcome early = grappe({"list", "--db", db, "--format", "json", "year:..2000"});
    ASSERT_EQ(early.code, 0) << early.err;
    std::size_t early_documents = 0;
    const auto early_list = json(early.out);  // kept alive: a range-for would not keep a temporary
    for (const auto& d : early_list["documents"].GetArray()) {
        ++early_documents;
        const std::string path = d["path"].GetString();
        EXPECT_NE(path.find("/corpus/sample/"), std::string::npos) << path << " dated " << d["year"].GetString();
    }
    EXPECT_EQ(early_documents, 6u);  // the sample's works of 1986 to 1999
    // No document is dated 1990 here, so no concept's first year is.
    const Outcome concepts = grappe({"concepts", "--db", db, "--format", "json"});
    ASSERT_EQ(concepts.code, 0) << concepts.err;
    const auto concept_list = json(concepts.out);
    for (const auto& c : concept_list["concepts"].GetArray())
        if (c["first_year"].IsInt()) {
            EXPECT_NE(c["first_year"].GetInt(), 1990) << c["id"].GetString();
        }
}

}  // namespace

}  // namespace grappe::testing
