// Sidecar records: BibTeX and CSL-JSON as users' reference managers write them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "metadata/sidecar.h"

namespace grappe {
namespace {

TEST(LatexToText, AccentsLigaturesAndEscapes) {
    EXPECT_EQ(latex_to_text("{\\'E}cosyst{\\`e}mes industriels"), "Écosystèmes industriels");
    EXPECT_EQ(latex_to_text("P\\^{o}les de comp\\'etitivit\\'e \\& clusters"), "Pôles de compétitivité & clusters");
    EXPECT_EQ(latex_to_text("Fran\\c{c}ois \\oe uvre {\\\"i}"), "François œuvre ï");
    EXPECT_EQ(latex_to_text("\\emph{Milieux} innovateurs, 1985--1990"), "Milieux innovateurs, 1985–1990");
    EXPECT_EQ(latex_to_text("{{Agence   d'urbanisme}}"), "Agence d'urbanisme");
}

constexpr const char* kZoteroExport = R"(% Exported by Zotero
@string{rerus = "Revue d'{\'e}conomie r{\'e}gionale et urbaine"}

@article{torre_proximite_2005,
  title = {{Proximit\'e} et localisation},
  author = {Torre, Andr{\'e} and Rallet, Alain},
  journal = rerus,
  year = 2005,
  month = jun,
  doi = {https://doi.org/10.3917/reru.053.0321},
  langid = {french},
  file = {Full Text PDF:storage/AB12CD34/Torre - 2005.pdf:application/pdf;Snapshot:storage/AB12CD34/page.html:text/html}
}

@inproceedings{Moreau2016,
  author = "Julien Moreau and Anne de La Fontaine and {Agence d'urbanisme de Lyon}",
  title = "Les " # "clusters",
  booktitle = {Colloque ASRDLF},
  date = {2016-06-14},
  url = {https://shs.hal.science/halshs-01234567/document},
}
)";

TEST(Bibtex, ZoteroExportFieldsAuthorsAndFiles) {
    const SidecarFile f = parse_bibtex(kZoteroExport, "library.bib");
    ASSERT_TRUE(f.errors.empty()) << f.errors.front().to_string();
    ASSERT_EQ(f.entries.size(), 2u);
    const SidecarEntry& a = f.entries[0];
    EXPECT_EQ(a.key, "torre_proximite_2005");
    EXPECT_EQ(a.metadata.title.value, "Proximité et localisation");
    EXPECT_EQ(a.metadata.title.source, "sidecar library.bib:4");
    ASSERT_EQ(a.metadata.authors.size(), 2u);
    EXPECT_EQ(a.metadata.authors[0], (Author{"Torre", "André"}));
    EXPECT_EQ(a.metadata.authors[1], (Author{"Rallet", "Alain"}));
    EXPECT_EQ(a.metadata.venue.value, "Revue d'économie régionale et urbaine");
    EXPECT_EQ(a.metadata.year.value, "2005");
    EXPECT_EQ(a.metadata.date.value, "Jun 2005");
    EXPECT_EQ(a.metadata.type.value, "article");
    EXPECT_EQ(a.metadata.doi.value, "10.3917/reru.053.0321");
    EXPECT_EQ(a.metadata.language.value, "fr");
    EXPECT_EQ(a.files, (std::vector<std::string>{"storage/AB12CD34/Torre - 2005.pdf", "storage/AB12CD34/page.html"}));

    const SidecarEntry& b = f.entries[1];
    EXPECT_EQ(b.metadata.title.value, "Les clusters");
    ASSERT_EQ(b.metadata.authors.size(), 3u);
    EXPECT_EQ(b.metadata.authors[0], (Author{"Moreau", "Julien"}));
    EXPECT_EQ(b.metadata.authors[1].family, "de La Fontaine");
    EXPECT_EQ(b.metadata.authors[2], (Author{"Agence d'urbanisme de Lyon", ""}));
    EXPECT_EQ(b.metadata.year.value, "2016");
    EXPECT_EQ(b.metadata.date.value, "2016-06-14");
    EXPECT_EQ(b.metadata.type.value, "conference paper");
    EXPECT_EQ(b.metadata.venue.value, "Colloque ASRDLF");
    EXPECT_EQ(b.metadata.hal_id.value, "halshs-01234567");
    EXPECT_NE(a.digest, b.digest);
}

TEST(Bibtex, BetterBibtexPlainPathsAndWindowsEscapes) {
    const SidecarFile f = parse_bibtex(
        "@book{b, title={T}, file={/home/u/papers/a.pdf;C\\:\\\\Users\\\\u\\\\b.pdf}}\n", "x.bib");
    ASSERT_EQ(f.entries.size(), 1u);
    EXPECT_EQ(f.entries[0].files, (std::vector<std::string>{"/home/u/papers/a.pdf", "C:\\Users\\u\\b.pdf"}));
    EXPECT_EQ(f.entries[0].metadata.type.value, "book");
}

TEST(Bibtex, ErrorsNameTheLineAndTheGoodEntriesStay) {
    const std::string text =
        "@article{good1, title={Un}, year=1991}\n"   // 1
        "\n"                                         // 2
        "@article{bad,\n"                            // 3
        "  title = {Deux},\n"                        // 4
        "  year  1992,\n"                            // 5: '=' missing
        "}\n"                                        // 6
        "@article{open, title = {Trois,\n"           // 7: brace never closed
        "  year = 1993\n"                            // 8
        "@article{good2, title={Quatre}, year=1994}\n";  // 9
    const SidecarFile f = parse_bibtex(text, "refs.bib");
    ASSERT_EQ(f.entries.size(), 2u);
    EXPECT_EQ(f.entries[0].metadata.title.value, "Un");
    EXPECT_EQ(f.entries[1].metadata.title.value, "Quatre");
    EXPECT_EQ(f.entries[1].metadata.title.source, "sidecar refs.bib:9");
    ASSERT_EQ(f.errors.size(), 2u);
    EXPECT_EQ(f.errors[0].line, 5u);
    EXPECT_NE(f.errors[0].message.find("expected '=' after field 'year'"), std::string::npos) << f.errors[0].message;
    EXPECT_EQ(f.errors[1].line, 7u);
    EXPECT_NE(f.errors[1].message.find("never closed"), std::string::npos) << f.errors[1].message;
    EXPECT_EQ(f.errors[1].to_string().rfind("refs.bib:7: ", 0), 0u);
}

TEST(Bibtex, UnclosedLastEntryAndUnknownMacro) {
    SidecarFile f = parse_bibtex("@article{k,\n title={T},\n year=2000\n", "a.bib");
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0].line, 1u);
    EXPECT_NE(f.errors[0].message.find("not closed"), std::string::npos);
    f = parse_bibtex("@article{k,\n journal = revue,\n}\n", "a.bib");
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0].line, 2u);
    EXPECT_NE(f.errors[0].message.find("@string"), std::string::npos);
}

TEST(CslJson, ItemsDatesAndFiles) {
    const SidecarFile f = parse_csl_json(R"([
      {"id": "http://zotero.org/users/1/items/ABC", "type": "paper-conference",
       "title": "Écosystèmes d'affaires et territoires",
       "author": [{"family": "Dupont", "given": "Marie"}, {"literal": "Collectif Tiers-Lieux"},
                  {"family": "Berg", "given": "Jan", "non-dropping-particle": "van den"}],
       "issued": {"date-parts": [[2016, 6]]}, "container-title": "Colloque XYZ",
       "URL": "https://hal.science/hal-01603657", "DOI": "10.1000/xyz", "language": "fr-FR",
       "file": "docs/eco.pdf"},
      {"id": "b", "type": "report", "title": "Rapport", "issued": {"raw": "mars 2009"}}
    ])", "lib.json");
    ASSERT_TRUE(f.errors.empty());
    ASSERT_EQ(f.entries.size(), 2u);
    const Metadata& m = f.entries[0].metadata;
    EXPECT_EQ(m.title.value, "Écosystèmes d'affaires et territoires");
    EXPECT_EQ(m.title.source, "sidecar lib.json item 1");
    ASSERT_EQ(m.authors.size(), 3u);
    EXPECT_EQ(m.authors[1], (Author{"Collectif Tiers-Lieux", ""}));
    EXPECT_EQ(m.authors[2].family, "van den Berg");
    EXPECT_EQ(m.year.value, "2016");
    EXPECT_EQ(m.date.value, "Jun 2016");
    EXPECT_EQ(m.type.value, "conference paper");
    EXPECT_EQ(m.hal_id.value, "hal-01603657");
    EXPECT_EQ(m.language.value, "fr");
    EXPECT_EQ(f.entries[0].files, std::vector<std::string>{"docs/eco.pdf"});
    EXPECT_EQ(f.entries[1].metadata.year.value, "2009");
    EXPECT_EQ(f.entries[1].metadata.type.value, "report");
}

TEST(CslJson, InvalidJsonNamesTheLine) {
    const SidecarFile f = parse_csl_json("[\n  {\"id\": \"a\",\n   \"title\": \"x\"\n  \"type\": \"book\"}\n]", "bad.csl.json");
    EXPECT_TRUE(f.entries.empty());
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0].line, 4u);
    EXPECT_NE(f.errors[0].message.find("invalid JSON"), std::string::npos);
}

TEST(SidecarLibrary, BesideWinsOverExportAndExportsMatchRelativeOrByName) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("grappe-sidecar-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "papers");
    fs::create_directories(dir / "zotero");
    auto write = [](const fs::path& p, const std::string& text) { std::ofstream(p) << text; };
    const std::string a = (dir / "papers" / "a.pdf").string(), b = (dir / "papers" / "b.pdf").string(),
                      c = (dir / "papers" / "c.pdf").string();
    for (const auto& d : {a, b, c}) write(d, "%PDF");
    write(dir / "papers" / "a.bib", "@article{a, title={Beside A}}");
    write(dir / "zotero" / "export.bib",
          "@article{x, title={Export A}, file={../papers/a.pdf}}\n"
          "@article{y, title={Export B}, file={Full Text:../papers/b.pdf:application/pdf}}\n"
          "@article{z, title={Export C}, file={/elsewhere/on/another/machine/c.pdf}}\n");
    SidecarLibrary library;
    library.load({(dir / "papers" / "a.bib").string(), (dir / "zotero" / "export.bib").string()}, {a, b, c});
    ASSERT_NE(library.find(a), nullptr);
    EXPECT_EQ(library.find(a)->metadata.title.value, "Beside A");
    ASSERT_NE(library.find(b), nullptr);
    EXPECT_EQ(library.find(b)->metadata.title.value, "Export B");
    ASSERT_NE(library.find(c), nullptr);
    EXPECT_EQ(library.find(c)->metadata.title.value, "Export C");
    EXPECT_FALSE(library.digest(a).empty());
    EXPECT_EQ(library.find((dir / "papers" / "none.pdf").string()), nullptr);
    EXPECT_TRUE(library.errors().empty());
    fs::remove_all(dir);
}

TEST(SidecarLibrary, AnEntryWhoseFileMatchesNothingIsReportedNotDroppedSilently) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("grappe-sidecar-unmatched-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "a");
    fs::create_directories(dir / "b");
    const std::string one = (dir / "a" / "same.pdf").string(), two = (dir / "b" / "same.pdf").string();
    for (const auto& d : {one, two}) std::ofstream(d) << "%PDF";
    std::ofstream(dir / "lib.bib") << "@article{kept, title={Kept}, file={a/same.pdf}}\n"
                                      "@article{gone, title={Gone}, file={renamed.pdf}}\n"
                                      "@article{twice, title={Twice}, file={/other/machine/same.pdf}}\n";
    SidecarLibrary library;
    library.load({(dir / "lib.bib").string()}, {one, two});
    ASSERT_NE(library.find(one), nullptr);
    ASSERT_EQ(library.errors().size(), 2u);
    EXPECT_EQ(library.errors()[0].line, 2u);
    EXPECT_NE(library.errors()[0].message.find("\"renamed.pdf\" matches no indexed file"), std::string::npos) << library.errors()[0].message;
    EXPECT_EQ(library.errors()[1].line, 3u);
    EXPECT_NE(library.errors()[1].message.find("2 indexed files have that name"), std::string::npos) << library.errors()[1].message;
    fs::remove_all(dir);
}

TEST(SidecarLibrary, ApplyReplacesOnlyWhatTheSidecarHas) {
    Metadata m;
    m.title = {"Titre lu dans le PDF", "pdf-info"};
    m.year = {"1999", "first-page"};
    m.authors = {{"Lu", "Auteur"}};
    m.authors_source = "pdf-info";
    SidecarEntry e;
    e.metadata.title = {"Titre de la notice", "sidecar a.bib:1"};
    apply_sidecar(m, e);
    EXPECT_EQ(m.title.value, "Titre de la notice");
    EXPECT_EQ(m.title.source, "sidecar a.bib:1");
    EXPECT_EQ(m.year.value, "1999");
    EXPECT_EQ(m.authors_source, "pdf-info");
}

}  // namespace
}  // namespace grappe
