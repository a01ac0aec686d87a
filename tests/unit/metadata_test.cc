// Metadata: authors as written, years, language, and the HAL cover with sources.
#include <gtest/gtest.h>

#include "extract/declared_text.h"
#include "metadata/metadata.h"

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

}  // namespace
}  // namespace grappe
