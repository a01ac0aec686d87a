// Metadata: authors as written, years, language, and the HAL cover with sources.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "extract/declared_text.h"
#include "extract/extractors.h"
#include "extract/front_matter.h"
#include "metadata/metadata.h"
#include "metadata/work_type.h"
#include "repair/repair.h"

namespace grappe {
namespace {

TEST(Metadata, AuthorsAsTheyAreWritten) {
    using V = std::vector<Author>;
    EXPECT_EQ(parse_authors("André Torre, Jean-Benoit Zimmermann"), (V{{"Torre", "André"}, {"Zimmermann", "Jean-Benoit"}}));
    EXPECT_EQ(parse_authors("Julien Moreau et Anne Petit"), (V{{"Moreau", "Julien"}, {"Petit", "Anne"}}));
    EXPECT_EQ(parse_authors("Moreau, Julien; Petit, Anne"), (V{{"Moreau", "Julien"}, {"Petit", "Anne"}}));
    EXPECT_EQ(parse_authors("Philippe BRUNET"), (V{{"BRUNET", "Philippe"}}));
    EXPECT_EQ(parse_authors("Anne de La Fontaine and Paul Lemaire"), (V{{"de La Fontaine", "Anne"}, {"Lemaire", "Paul"}}));
    EXPECT_EQ(parse_authors("Menzel & Fornahl"), (V{{"Menzel", ""}, {"Fornahl", ""}}));
    EXPECT_EQ(parse_authors("Juste Raimbault1,2,3"), (V{{"Raimbault", "Juste"}}));
    EXPECT_EQ(parse_authors("2003,2004, Trettin"), (V{{"Trettin", ""}}));
    EXPECT_TRUE(parse_authors("").empty());
    // One person family name first, as a library record or front matter writes one author.
    EXPECT_EQ(parse_authors("Vasseur, Rémi"), (V{{"Vasseur", "Rémi"}}));
    EXPECT_EQ(parse_authors("Moreau, J.-P."), (V{{"Moreau", "J.-P."}}));
    EXPECT_EQ(parse_authors("Torre, Jean-Benoit"), (V{{"Torre", "Jean-Benoit"}}));
    EXPECT_EQ(parse_authors("Menzel, Fornahl"), (V{{"Menzel", ""}, {"Fornahl", ""}}));
    EXPECT_EQ(parse_authors("Anne Petit, Julien"), (V{{"Petit", "Anne"}, {"Julien", ""}}));
}

TEST(Metadata, YearsStandAsWords) {
    EXPECT_EQ(find_year("Forum Innovation, Jun 2016, Paris"), "2016");
    EXPECT_EQ(find_year("hal-01603657 et ISBN 9782016"), "");
    EXPECT_EQ(find_year("page 1850, puis 1986"), "1986");
    EXPECT_EQ(find_year("© 2020 Carnet"), "2020");
}

TEST(Metadata, LanguageFromFunctionWords) {
    const Analyzer analyzer;
    auto lang = [&](const char* text) { return detect_language(analyzer.analyze(Analyzer::prepare(text))); };
    EXPECT_EQ(lang("Les pôles de compétitivité sont une politique de la France pour les entreprises et la recherche."), "fr");
    EXPECT_EQ(lang("The cluster is a geographic concentration of firms and institutions in a particular field."), "en");
    EXPECT_EQ(lang("Porter 1990"), "");
}

TEST(Metadata, HalCoverCitationGivesEveryField) {
    CleanDocument doc;
    doc.format = "pdf";
    doc.hal_cover = true;
    doc.cover = {"HAL open science", "Des Clusters aux écosystèmes industriels locaux", "André Torre, Jean-Benoit Zimmermann",
                 "To cite this version: André Torre, Jean-Benoit Zimmermann. Des Clusters aux écosystèmes industriels locaux. "
                 "Forum Innovation, Réseau de Recherche de l'Innovation., Jun 2016, Paris, France. 11 p. hal-01603657",
                 "HAL Id: hal-01603657", "Submitted on 5 Jun 2020"};
    doc.title = {"Microsoft Word - forum.docx", "pdf-info"};  // loses to the cover
    const Metadata m = extract_metadata(doc, "fr");
    EXPECT_EQ(m.title.value, "Des Clusters aux écosystèmes industriels locaux");
    EXPECT_EQ(m.title.source, "hal-cover");
    EXPECT_EQ(m.authors, (std::vector<Author>{{"Torre", "André"}, {"Zimmermann", "Jean-Benoit"}}));
    EXPECT_EQ(m.year.value, "2016");
    EXPECT_EQ(m.date.value, "Jun 2016");
    EXPECT_EQ(m.deposit_date.value, "5 Jun 2020");
    EXPECT_EQ(m.hal_id.value, "hal-01603657");
    EXPECT_EQ(m.type.value, "conference paper");
    EXPECT_EQ(m.venue.value, "Forum Innovation, Réseau de Recherche de l'Innovation.");
    EXPECT_EQ(m.language.value, "fr");
}

TEST(Metadata, FirstPageHeuristicsAndDoi) {
    CleanDocument doc;
    doc.format = "pdf";
    doc.pages.push_back(CleanPage{0, "1", {"Les grappes d’entreprises", "Nicolas Renaud", "Rapport d’évaluation, mars 2011",
                                           "Texte. Voir https://doi.org/10.3917/reru.113.0405, consulté."}, {}});
    const Metadata m = extract_metadata(doc, "");
    EXPECT_EQ(m.title.value, "Les grappes d’entreprises");
    EXPECT_EQ(m.title.source, "first-page");
    EXPECT_EQ(m.year.value, "2011");
    EXPECT_EQ(m.doi.value, "10.3917/reru.113.0405");
    EXPECT_TRUE(m.language.empty());
}

// A subtitle set apart after a colon is part of the title; a cover's date
// further down gives the year when no year stands near the title.
TEST(Metadata, TitleGoesOnAfterAColonAndTheCoverDateGivesTheYear) {
    CleanDocument doc;
    doc.format = "pdf";
    doc.pages.push_back(CleanPage{0, "1", {"Financement de l’innovation :", "Arbitrages dans le financement des jeunes entreprises",
                                           "Enseignant :", "Mme. Sophie Pommet", "6 décembre 2024", "Loi n° 2004-1484"}, {}});
    const Metadata m = extract_metadata(doc, "");
    EXPECT_EQ(m.title.value, "Financement de l’innovation : Arbitrages dans le financement des jeunes entreprises");
    EXPECT_EQ(m.year.value, "2024");
    // A bare year further down (a law's number) is no date of the work.
    CleanDocument bare;
    bare.format = "pdf";
    bare.pages.push_back(CleanPage{0, "1", {"Les pôles", "Un rapport", "Sommaire", "Loi n° 2004-1484 du code"}, {}});
    EXPECT_TRUE(extract_metadata(bare, "").year.empty());
}

// A ministry's letterhead above a report's or a thesis' title is no title.
TEST(Metadata, ALetterheadIsNoTitle) {
    CleanDocument doc;
    doc.format = "pdf";
    doc.pages.push_back(CleanPage{0, "1", {"MINISTÈRE DE L’ÉCONOMIE ****** Direction générale des entreprises",
                                           "Évaluation des pôles de compétitivité", "Rapport final, juin 2012"}, {}});
    const Metadata m = extract_metadata(doc, "");
    EXPECT_EQ(m.title.value, "Évaluation des pôles de compétitivité");
    EXPECT_EQ(m.type.value, "report");
    EXPECT_EQ(m.year.value, "2012");
}

// What a PDF's Info dictionary declares, cleaned of what is no name or title.
TEST(Metadata, DeclaredAuthorsWithoutCopyrightAndTitlesWithoutDanglingSeparators) {
    EXPECT_EQ(plausible_author("(c) 2003, 2004, 2005, 2006, 2007 Mark Trettin, 2009, 2010, 2011 Marc Ensenbach"),
              "Mark Trettin, Marc Ensenbach");
    EXPECT_EQ(parse_authors(plausible_author("© 2019 Anne Petit")), (std::vector<Author>{{"Petit", "Anne"}}));
    EXPECT_EQ(plausible_author("Valentin GARREAU"), "Valentin GARREAU");
    EXPECT_EQ(plausible_title("Mapping Knowledge Domains in Quantitative Geography - "), "Mapping Knowledge Domains in Quantitative Geography");
    EXPECT_EQ(plausible_title("Clusters – "), "Clusters");
    EXPECT_EQ(plausible_title("Porter-Diamond"), "Porter-Diamond");
}


// A year only where a text states its own date; never a citation, a law's
// number, a year in a sentence, a birth, a compilation date.
TEST(Dates, ACoverDateLineAndNothingElse) {
    for (const char* line : {"Juin 2008", "6 décembre 2024", "Paris, le 12 mars 2015", "2015", "Publié le 12 janvier 2017",
                             "Date de publication : mars 2019", "Mémoire de master, 2015", "Rapport final – juin 2012",
                             "Année universitaire 2014-2015", "Rémi Vasseur, 2020", "© 2015 Éditions Belin", "Août 2022 https://latexref.xyz/fr",
                             "May 6, 2022 www.fabienpetit.com | fabien.petit@univ-amu.fr", "Version 1.0 - 25 avril 2022",
                             "Présentée et soutenue publiquement le 23 Mai 2017", "2019-06-14", "14/06/2019"})
        EXPECT_FALSE(cover_date_year(line).empty()) << line;
    EXPECT_EQ(cover_date_year("Année universitaire 2014-2015"), "2015");
    EXPECT_EQ(cover_date_year("Paris, le 12 mars 2015"), "2015");
    for (const char* line : {"(Porter, 1990)", "(Amissé et al., 2011)", "loi n° 2004-1484 du 30 décembre 2004", "Les années 1980",
                             "la conférence était l’occasion de faire le point avant le 20e anniversaire du cluster en 2018",
                             "Né le 18 Mai 1984", "Printed on 25 février 2019", "1995 2004 2010", "Porter 1990",
                             "Depuis 1990, les clusters se multiplient", "Tableau 3 : 2008 2009 2010", "Article 24 de la loi de 2004"})
        EXPECT_EQ(cover_date_year(line), "") << line;
}

TEST(Dates, DeclaredDatesAndDatedFileNames) {
    EXPECT_EQ(year_of_declared_date("2019-06-14"), "2019");
    EXPECT_EQ(year_of_declared_date("11-03-2022"), "2022");
    EXPECT_EQ(year_of_declared_date("2011-07-27 14:33:27 +0100"), "2011");
    EXPECT_EQ(year_of_declared_date("Tue, 03 Jun 2008 11:05:30 GMT"), "2008");
    EXPECT_EQ(year_of_declared_date("1er octobre 2016"), "2016");
    EXPECT_EQ(year_of_declared_date("1995 et 2004"), "");
    EXPECT_EQ(year_of_declared_date("un texte de 1995 sur les districts italiens et la Troisième Italie"), "");
    EXPECT_EQ(file_name_date_year("2016-10-01-recontre-tiers-lieux.md"), "2016");
    EXPECT_EQ(file_name_date_year("blog___posts__2008-08-31-l-ecosysteme.md"), "2008");
    EXPECT_EQ(file_name_date_year("2016-13-01-x.md"), "");
    EXPECT_EQ(file_name_date_year("loi-n-2004-1484-du-30-decembre-2004.md"), "");
    EXPECT_EQ(file_name_date_year("20161001.md"), "");
}

// The kind of work from whole words of a cover line, never a substring.
TEST(WorkType, WholeWordsOfACoverLine) {
    EXPECT_EQ(type_of_cover_line("Thèse de doctorat en sciences économiques"), "thesis");
    EXPECT_EQ(type_of_cover_line("MEMOIRE DE MASTER EN SYSTEMES D’INFORMATIONS"), "thesis");
    EXPECT_EQ(type_of_cover_line("Rapport d’évaluation"), "report");
    EXPECT_EQ(type_of_cover_line("RAPPORT DE STAGE"), "report");
    EXPECT_EQ(type_of_cover_line("Working paper n° 12"), "report");
    EXPECT_EQ(type_of_cover_line("XXIe Conférence Internationale de Management Stratégique"), "conference paper");
    EXPECT_EQ(type_of_cover_line("Le milieu innovateur, une hypothèse pour l’analyse régionale"), "");
    EXPECT_EQ(type_of_cover_line("Mercredi 18 janvier était organisée une soirée conférence sur les concepts"), "");
    EXPECT_EQ(type_of_cover_line("Rencontres Tiers lieux"), "");
    EXPECT_EQ(type_of_cover_line("Mémoire collective des districts"), "");
    EXPECT_EQ(type_of_cover_line("Rapport entre proximités"), "");
    EXPECT_EQ(type_of_hal_citation("Revue d'économie régionale et urbaine, 2016, 113 (2), pp.405-429"), "article");
    EXPECT_EQ(type_of_hal_citation("Forum Innovation, Réseau de Recherche de l'Innovation., Jun 2016, Paris, France. 11 p."), "conference paper");
    EXPECT_EQ(type_of_hal_citation("[Rapport de recherche] INRA. 2012, 45 p."), "report");
    EXPECT_EQ(type_of_hal_citation("Economies et finances. Université Paris 1, 2015. Français. ⟨NNT : 2015PA010001⟩"), "thesis");
    EXPECT_EQ(type_of_declared("article-journal"), "article");
    EXPECT_EQ(type_of_declared("[\"2\"]"), "article");
    EXPECT_EQ(type_of_declared("post"), "web page");
}

TEST(Metadata, ATextWithYearsInItsSentencesIsUndatedAndUntyped) {
    CleanDocument doc;
    doc.format = "text";
    doc.pages.push_back(CleanPage{0, "1", {"Mercredi 18 janvier était organisée une soirée conférence sur les concepts et enjeux liés au cluster "
                                           "d’aujourd’hui, avant le 20e anniversaire du cluster en 2018 (Porter, 1990).",
                                           "Les années 1990 ont vu naître les clusters."}, {}});
    const Metadata m = extract_metadata(doc, "fr");
    EXPECT_TRUE(m.year.empty()) << m.year.value;
    EXPECT_TRUE(m.type.empty()) << m.type.value;
    EXPECT_TRUE(m.title.empty()) << m.title.value;
}

TEST(Metadata, NamesUnderATitleInAnyFormatPastAffiliations) {
    CleanDocument doc;
    doc.format = "text";
    doc.pages.push_back(CleanPage{0, "1", {"L'interclustering : de la communauté de pratique aux projets collaboratifs", "Julien Cusin",
                                           "IAE de Bordeaux – erm/IRGO", "julien.cusin@u-bordeaux4.fr", "Elodie Loubresse",
                                           "Université Paris Sud – PESOR", "Résumé :", "Au sein du champ théorique des clusters..."}, {}});
    const Metadata m = extract_metadata(doc, "fr");
    EXPECT_EQ(m.authors, (std::vector<Author>{{"Cusin", "Julien"}, {"Loubresse", "Elodie"}}));
    EXPECT_EQ(m.authors_source, "under-title");
    // A table of contents is no title; nor is a site's name.
    CleanDocument toc;
    toc.format = "text";
    toc.title = {"Table des matières", "first-line"};
    toc.pages.push_back(CleanPage{0, "1", {"Table des matières", "Préface 1", "Introduction 5"}, {}});
    EXPECT_TRUE(extract_metadata(toc, "fr").title.empty());
}

TEST(Metadata, AnAuthorFieldThatIsASentenceGivesTheNamesInIt) {
    EXPECT_EQ(parse_authors("Questions de Julie Braka à Aurélien DENAES"), (std::vector<Author>{{"Braka", "Julie"}, {"DENAES", "Aurélien"}}));
    EXPECT_EQ(parse_authors("Loubaresse Elodie"), (std::vector<Author>{{"Loubaresse", "Elodie"}}));
    EXPECT_EQ(parse_authors("Cour des comptes"), (std::vector<Author>{{"Cour des comptes", ""}}));
}

namespace fs = std::filesystem;

RawDocument extract_written(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / ("grappe-metadata-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
    RawDocument doc = extract_file(path.string());
    fs::remove_all(dir);
    return doc;
}

std::string all_text(const RawDocument& doc) {
    std::string out;
    for (const auto& page : doc.pages)
        for (const auto& line : page.lines) out += line.text + "\n";
    return out;
}

// Markdown is read by cmark: front matter fields in French or English, a
// front matter with only a title, authors and an abstract is a document,
// inline HTML and link targets are markup.
TEST(Markdown, FrontMatterFrenchKeysAbstractAndNoMarkupInTheWords) {
    const RawDocument only_front = extract_written("fiche.md", "---\ntitre: \"Les tiers-lieux\"\nauteurs:\n  - Anne Petit\n  - Julien Moreau\n"
                                                               "année: 2019\nrésumé: \"Un résumé sur les tiers-lieux et les fablabs.\"\n"
                                                               "modified: 2024-01-01\n---\n");
    EXPECT_EQ(only_front.title.value, "Les tiers-lieux");
    EXPECT_EQ(only_front.authors.value, "Anne Petit; Julien Moreau");
    EXPECT_EQ(only_front.date.value, "2019");
    EXPECT_NE(all_text(only_front).find("Un résumé sur les tiers-lieux"), std::string::npos) << all_text(only_front);

    const RawDocument post = extract_written("2008-08-31-silicon.md",
                                             "---\nlayout: post\ntitle: L'écosystème de Silicon Valley\ncreated: 2026-01-28\n---\n\n"
                                             "Dans un entretien <a href=\"http://www.sfgate.com/x.html\">elle décrit la situation</a> "
                                             "et [un lien](https://example.org/cible) puis <https://hal.science/hal-01603657>.\n\n"
                                             "```\ncode à ne pas lire\n```\n\n- un point\n- un autre\n");
    const std::string text = all_text(post);
    EXPECT_EQ(post.date.value, "2008");
    EXPECT_EQ(post.date.source, "file-name");
    EXPECT_EQ(post.type.value, "post");
    EXPECT_NE(text.find("elle décrit la situation"), std::string::npos) << text;
    EXPECT_NE(text.find("un lien"), std::string::npos) << text;
    for (const char* markup : {"sfgate", "href", "<a", "example.org", "hal.science", "code à ne pas lire"})
        EXPECT_EQ(text.find(markup), std::string::npos) << markup << " in " << text;
    EXPECT_NE(text.find("un point\nun autre"), std::string::npos) << text;
}

// A HAL deposit saved as text keeps its cover: read for metadata, left out of the content.
TEST(HalCover, ATextExportIsRecognisedAsInPdf) {
    const RawDocument raw = extract_written("hal.txt",
        "HAL\nopen science\n\nDes Clusters aux écosystèmes industriels locaux\n\nAndré Torre, Jean-Benoit Zimmermann\n\n"
        "► **To cite this version:**\n\nAndré Torre, Jean-Benoit Zimmermann. Des Clusters aux écosystèmes industriels locaux. "
        "Forum Innovation, Réseau de Recherche de l'Innovation., Jun 2016, Paris, France. 11 p. hal-01603657\n\n"
        "HAL Id: hal-01603657\n\n<https://hal.science/hal-01603657>\n\nSubmitted on 5 Jun 2020\n\n"
        "HAL is a multi-disciplinary open access archive for the deposit and dissemination of scientific research documents, "
        "whether they are published or not.\n\nL'archive ouverte pluridisciplinaire **HAL**, est destinée au dépôt et à la diffusion "
        "de documents scientifiques de niveau recherche, publiés ou non,\némanant des établissements d'enseignement et de recherche "
        "français ou étrangers, des laboratoires publics ou privés.\n\nDes Clusters aux écosystèmes industriels locaux\n\n"
        "Le développement local et les systèmes productifs à l'échelle territoriale.\n");
    const CleanDocument clean = repair(raw, WordList{});
    ASSERT_TRUE(clean.hal_cover);
    std::string content;
    for (const auto& p : clean.pages[0].paragraphs) content += p + "\n";
    EXPECT_EQ(content.find("archive"), std::string::npos) << content;
    EXPECT_EQ(content.find("HAL Id"), std::string::npos) << content;
    EXPECT_NE(content.find("Le développement local"), std::string::npos) << content;
    const Metadata m = extract_metadata(clean, "fr");
    EXPECT_EQ(m.title.value, "Des Clusters aux écosystèmes industriels locaux");
    EXPECT_EQ(m.title.source, "hal-cover");
    EXPECT_EQ(m.authors, (std::vector<Author>{{"Torre", "André"}, {"Zimmermann", "Jean-Benoit"}}));
    EXPECT_EQ(m.year.value, "2016");
    EXPECT_EQ(m.hal_id.value, "hal-01603657");
    EXPECT_EQ(m.type.value, "conference paper");
}

// HTML: every citation_author, the journal, and <time> of the post.
TEST(Html, HighwireTagsAndTime) {
    const RawDocument doc = extract_written("a.html",
        "<html><head><meta name=\"citation_title\" content=\"Proximités\"><meta name=\"citation_author\" content=\"Torre, André\">"
        "<meta name=\"citation_author\" content=\"Rallet, Alain\"><meta name=\"author\" content=\"Webmaster\">"
        "<meta name=\"citation_journal_title\" content=\"Regional Studies\"></head><body><p>Texte.</p></body></html>");
    EXPECT_EQ(doc.authors.value, "Torre, André; Rallet, Alain");
    EXPECT_EQ(doc.type.value, "article");
    EXPECT_EQ(doc.venue.value, "Regional Studies");
    const RawDocument blog = extract_written("b.html",
        "<html><body><article><h1>Un billet</h1><time datetime=\"2017-01-18\" itemprop=\"datePublished\">18 janvier</time>"
        "<p>Texte avec (Porter, 1990).</p></article></body></html>");
    EXPECT_EQ(blog.date.value, "2017-01-18");
    EXPECT_EQ(blog.date.source, "html-time");
}

TEST(FrontMatter, YamlScalarsListsAndTomlAndNoneWithoutAClosingFence) {
    const FrontMatter yaml = read_front_matter("---\ntitle: \"Un \\\"titre\\\"\"\ntags: [a, \"b c\"]\nnested:\n  key: v\nlist:\n  - x\n  - y\n---\nbody");
    ASSERT_NE(yaml.get("title"), nullptr);
    EXPECT_EQ(yaml.get("title")->front(), "Un \"titre\"");
    EXPECT_EQ(*yaml.get("tags"), (std::vector<std::string>{"a", "b c"}));
    EXPECT_EQ(*yaml.get("list"), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(yaml.get("key"), nullptr);
    const FrontMatter toml = read_front_matter("+++\ntitle = \"T\"\ndate = 2015-02-19\n+++\nbody");
    EXPECT_EQ(toml.get("date")->front(), "2015-02-19");
    EXPECT_EQ(read_front_matter("---\ntitle: x\nno end").body_offset, 0u);
}

}  // namespace
}  // namespace grappe
