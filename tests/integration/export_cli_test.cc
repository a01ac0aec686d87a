// grappe export and grappe kwic on the sample corpus and on small corpora
// written here: quotations are the page's own words, citations and keys are
// stable and the same in every format, BibTeX parses and CSL-JSON renders
// with pandoc's citeproc, concordance lines are cut between words inside
// their passage.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "text/folding.h"
#include "integration/run_grappe.h"

namespace grappe::testing {
namespace {

const fs::path kSample = source_dir() / "corpus" / "sample";

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// Line breaks and runs of spaces as one space: how a quotation shows a page's text.
std::string spaced(const std::string& text) {
    std::string out;
    for (char c : text) {
        const char d = c == '\n' ? ' ' : c;
        if (d == ' ' && !out.empty() && out.back() == ' ') continue;
        out += d;
    }
    return out;
}

bool has_pandoc() { return std::system("pandoc --version >/dev/null 2>&1") == 0; }

class SampleExport : public ::testing::Test {
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
    static Outcome run(std::vector<std::string> args) {
        args.insert(args.begin() + 1, {"--db", db()});
        return grappe(args);
    }
    static TempDir* dir_;
};
TempDir* SampleExport::dir_ = nullptr;

TEST_F(SampleExport, EveryQuoteIsTheWordsOfItsPrintedPage) {
    std::size_t quotes = 0, fragments = 0;
    for (const std::string query : {"proximité", "cluster", "concept:milieu-innovateur", "pôles de compétitivité", "district", "innovation"}) {
        const Outcome r = run({"export", query, "--format", "json", "--limit", "200"});
        ASSERT_EQ(r.code, 0) << query << r.err;
        const auto rows = json(r.out);
        ASSERT_TRUE(rows.IsArray()) << r.out.substr(0, 300);
        std::map<std::pair<unsigned, std::string>, std::string> pages;
        for (const auto& row : rows.GetArray()) {
            ++quotes;
            const unsigned doc = row["doc_id"].GetUint();
            const std::string page = std::to_string(row["page_index"].GetUint());
            auto [it, fresh] = pages.try_emplace({doc, page});
            if (fresh) {
                const Outcome shown = run({"show", std::to_string(doc), "--page", page});
                ASSERT_EQ(shown.code, 0) << shown.err;
                it->second = spaced(shown.out);
            }
            // Each fragment between "[…]" marks stands on that page as written.
            std::string quote = row["quote"].GetString();
            std::size_t start = 0;
            while (start <= quote.size()) {
                std::size_t cut = quote.find("[…]", start);
                if (cut == std::string::npos) cut = quote.size();
                std::string part = quote.substr(start, cut - start);
                while (!part.empty() && part.front() == ' ') part.erase(0, 1);
                while (!part.empty() && part.back() == ' ') part.pop_back();
                if (!part.empty()) {
                    ++fragments;
                    EXPECT_NE(it->second.find(spaced(part)), std::string::npos) << query << ": \"" << part << "\" is not on page " << page << " of doc " << doc;
                }
                start = cut + std::string("[…]").size();
            }
            EXPECT_FALSE(std::string(row["citekey"].GetString()).empty());
        }
    }
    EXPECT_GE(quotes, 40u);
    EXPECT_GE(fragments, quotes);
}

TEST_F(SampleExport, MarkdownCitesAuthorYearPageAndListsEachReferenceOnce) {
    const Outcome md = run({"export", "proximité géographique", "--limit", "5"});
    ASSERT_EQ(md.code, 0) << md.err;
    EXPECT_NE(md.out.find("« "), std::string::npos);
    EXPECT_NE(md.out.find("(Moreau et Petit, 1995, p. "), std::string::npos) << md.out;
    EXPECT_NE(md.out.find("## Références"), std::string::npos);
    const std::size_t refs = md.out.find("## Références");
    EXPECT_NE(md.out.find("Moreau J. et Petit A. (1995), « Les trois proximités", refs), std::string::npos) << md.out.substr(refs);
    EXPECT_EQ(md.out.find("Moreau J. et Petit A.", md.out.find("Moreau J. et Petit A.", refs) + 1), std::string::npos);  // once

    const Outcome numeric = run({"export", "proximité géographique", "--limit", "5", "--style", "numeric"});
    EXPECT_NE(numeric.out.find("[1, p. "), std::string::npos) << numeric.out;
    EXPECT_NE(numeric.out.find("[1] Moreau J. et Petit A."), std::string::npos) << numeric.out;
}

TEST_F(SampleExport, KeysAreStableAndTheSameInEveryFormat) {
    const std::string query = "cluster OR proximité OR technopole";
    const Outcome bib = run({"export", query, "--format", "bibtex", "--limit", "50"});
    ASSERT_EQ(bib.code, 0) << bib.err;
    EXPECT_EQ(run({"export", query, "--format", "bibtex", "--limit", "50"}).out, bib.out);
    std::set<std::string> bib_keys, ris_keys, csl_keys;
    for (std::size_t at = 0; (at = bib.out.find('@', at)) != std::string::npos; ++at) {
        const std::size_t open = bib.out.find('{', at), comma = bib.out.find(',', at);
        bib_keys.insert(bib.out.substr(open + 1, comma - open - 1));
    }
    const Outcome ris = run({"export", query, "--format", "ris", "--limit", "50"});
    for (std::size_t at = 0; (at = ris.out.find("\nID  - ", at)) != std::string::npos; ++at)
        ris_keys.insert(ris.out.substr(at + 7, ris.out.find('\n', at + 1) - at - 7));
    const auto csl = json(run({"export", query, "--format", "csl-json", "--limit", "50"}).out);
    ASSERT_TRUE(csl.IsArray());
    for (const auto& item : csl.GetArray()) csl_keys.insert(item["id"].GetString());
    EXPECT_GE(bib_keys.size(), 5u);
    EXPECT_EQ(bib_keys, ris_keys);
    EXPECT_EQ(bib_keys, csl_keys);
    for (const auto& k : bib_keys)
        for (char c : k) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) << k;
    EXPECT_TRUE(bib_keys.count("moreau1995trois")) << bib.out;
}

TEST_F(SampleExport, BibtexParsesAndCslJsonRendersWithPandoc) {
    if (!has_pandoc()) GTEST_SKIP() << "pandoc is not installed (tools/setup installs it)";
    const TempDir out;
    const std::string md = out / "review.md";
    const Outcome r = run({"export", "cluster OR proximité", "--limit", "30", "--cite", "pandoc", "--out", md});
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_TRUE(fs::exists(out / "review.bib"));
    ASSERT_EQ(run({"export", "cluster OR proximité", "--limit", "30", "--format", "csl-json", "--out", out / "refs.json"}).code, 0);
    // BibTeX read by pandoc's BibTeX reader: every entry comes back with its key.
    const int parsed = std::system(("pandoc --from bibtex --to csljson " + (out / "review.bib") + " > " + (out / "parsed.json") + " 2> " +
                                    (out / "parse.err")).c_str());
    ASSERT_EQ(parsed, 0) << slurp(out / "parse.err");
    const auto back = json(slurp(out / "parsed.json"));
    ASSERT_TRUE(back.IsArray());
    EXPECT_GE(back.Size(), 5u);
    const std::string bibtex = slurp(out / "review.bib");
    std::size_t entries = 0;
    for (std::size_t at = 0; (at = bibtex.find("\n@", at)) != std::string::npos; ++at) ++entries;
    EXPECT_EQ(back.Size(), entries + (bibtex.rfind('@', 0) == 0 ? 1 : 0));
    // The Markdown's [@key, p. N] citations rendered with the CSL-JSON by citeproc.
    const int rendered = std::system(("cd " + out.path().string() + " && pandoc review.md --citeproc --bibliography refs.json -t plain -o review.txt 2> render.err").c_str());
    ASSERT_EQ(rendered, 0) << slurp(out / "render.err");
    const std::string text = slurp(out / "review.txt");
    EXPECT_NE(text.find("(Moreau and Petit 1995"), std::string::npos) << text.substr(0, 1500);
    EXPECT_EQ(text.find("[@"), std::string::npos) << "a citation pandoc did not resolve";
    EXPECT_EQ(slurp(out / "render.err").find("not found"), std::string::npos) << slurp(out / "render.err");
}

TEST_F(SampleExport, KwicAlignsEachOccurrenceInsideItsPassage) {
    const Outcome r = run({"kwic", "proximité", "--format", "json", "--width", "30", "--limit", "500"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto rows = json(r.out);
    ASSERT_TRUE(rows.IsArray());
    EXPECT_GE(rows.Size(), 15u);
    std::map<std::pair<unsigned, std::string>, std::string> pages;
    for (const auto& row : rows.GetArray()) {
        const std::string match = row["match"].GetString();
        EXPECT_TRUE(match.rfind("proximit", 0) == 0 || match.rfind("Proximit", 0) == 0) << match;
        const std::string left = row["left"].GetString(), right = row["right"].GetString();
        EXPECT_LE(left.size(), 30u * 4);
        const unsigned doc = row["doc_id"].GetUint();
        const std::string page = std::to_string(row["page_index"].GetUint());
        auto [it, fresh] = pages.try_emplace({doc, page});
        if (fresh) it->second = spaced(run({"show", std::to_string(doc), "--page", page}).out);
        const std::string line = spaced(left + (left.empty() ? "" : " ") + match + (right.empty() ? "" : " ") + right);
        const std::string glued = spaced(left + match + right);
        EXPECT_TRUE(it->second.find(line) != std::string::npos || it->second.find(glued) != std::string::npos ||
                    it->second.find(spaced(left + " " + match + right)) != std::string::npos ||
                    it->second.find(spaced(left + match + " " + right)) != std::string::npos)
            << "\"" << left << "|" << match << "|" << right << "\" not on page " << page << " of doc " << doc;
    }
    // concept: aligns the mentions as tagged, inflected and multiword.
    const auto concept_rows = json(run({"kwic", "concept:pole-competitivite", "--format", "json"}).out);
    ASSERT_TRUE(concept_rows.IsArray());
    ASSERT_GE(concept_rows.Size(), 3u);
    for (const auto& row : concept_rows.GetArray()) EXPECT_NE(grappe::fold_text(row["match"].GetString()).find("competitivite"), std::string::npos) << row["match"].GetString();
    // Sorted on the word before the match.
    const Outcome sorted = run({"kwic", "proximité", "--sort", "left", "--format", "csv"});
    ASSERT_EQ(sorted.code, 0);
    EXPECT_EQ(sorted.out.substr(0, sorted.out.find('\n')), "left,match,right,doc_id,path,year,page,citekey,page_index,passage_id,kind");
    EXPECT_EQ(run({"kwic", "zzzxqw"}).code, 1);
    EXPECT_EQ(run({"kwic", "year:2001"}).code, 2);
}

TEST(ExportKeys, SidecarKeysUndatedAndAuthorlessWorks) {
    const TempDir dir;
    // Two different texts (not one work in two files).
    write_file(dir.path() / "c" / "note.md",
               "---\ntitle: Notes sur les clusters\n---\n\nLes clusters et les pôles de compétitivité structurent la politique "
               "industrielle française depuis 2005, avec des effets discutés sur l'innovation des entreprises.\n");
    write_file(dir.path() / "c" / "article.md",
               "---\ntitle: Clusters en France\nauthor: Marie Dubois\ndate: 2019\n---\n\nUn cluster viticole réunit des domaines, "
               "des laboratoires et des écoles autour de projets communs que la région finance chaque année depuis longtemps.\n");
    write_file(dir.path() / "c" / "article.bib", "@article{dubois2019mine,\n  author = {Dubois, Marie},\n  title = {Clusters en France},\n  year = {2019},\n  journal = {Revue d'essai}\n}\n");
    ASSERT_EQ(grappe({"index", "--db", dir / "db", (dir.path() / "c").string()}).code, 0);
    const Outcome md = grappe({"export", "--db", dir / "db", "cluster"});
    ASSERT_EQ(md.code, 0) << md.err;
    EXPECT_NE(md.out.find("(anon., s.d.)"), std::string::npos) << md.out;
    EXPECT_NE(md.out.find("(Dubois, 2019)"), std::string::npos) << md.out;  // a Markdown file has no pages
    const Outcome bib = grappe({"export", "--db", dir / "db", "cluster", "--format", "bibtex"});
    EXPECT_NE(bib.out.find("@article{dubois2019mine,"), std::string::npos) << bib.out;
    EXPECT_NE(bib.out.find("{anonsdnotes,"), std::string::npos) << bib.out;
    EXPECT_NE(bib.out.find("journal = {Revue d'essai}"), std::string::npos) << bib.out;
    EXPECT_EQ(grappe({"export", "--db", dir / "db", "zzzxqw"}).code, 1);
    EXPECT_EQ(grappe({"export", "--db", dir / "db", "cluster", "--cite", "pandoc", "--format", "csv"}).code, 2);
}

}  // namespace
}  // namespace grappe::testing
