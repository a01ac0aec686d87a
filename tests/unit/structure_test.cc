// Passage kinds and citations: the structure of a text, from its words.
#include <gtest/gtest.h>

#include "cite/citations.h"
#include "segment/kinds.h"
#include "segment/passages.h"

namespace grappe {
namespace {

TEST(Kinds, OneParagraphOutOfContext) {
    EXPECT_EQ(paragraph_kind("Introduction ....................... 5"), PassageKind::Toc);
    EXPECT_EQ(paragraph_kind("1.2 Les clusters . . . . . . . . . . 12"), PassageKind::Toc);
    EXPECT_EQ(paragraph_kind("Encadré N°4 : la grappe Mecanic Vallée"), PassageKind::Caption);
    EXPECT_EQ(paragraph_kind("Figure 3 – Les pôles de compétitivité en 2005"), PassageKind::Caption);
    EXPECT_EQ(paragraph_kind("Source : DATAR, 2004."), PassageKind::Caption);
    EXPECT_EQ(paragraph_kind("« Ici, on ne vient pas louer un bureau, on vient rencontrer des gens », résume une animatrice."),
              PassageKind::Quote);
    EXPECT_EQ(paragraph_kind("2005 2006 2007 2008 12,5 13,1 14,0 15,2 71 % 73 % 75 %"), PassageKind::Table);
    // Page numbers read apart from their entries only go up; a plot's
    // ticks and a table's years do not make contents.
    EXPECT_EQ(paragraph_kind("5 5 5 6 6 6 6 6 6 6 6 7 7"), PassageKind::Toc);
    EXPECT_NE(paragraph_kind("1 720 1 710 1 700 1 690 1 680 1 670 1 660 1 650"), PassageKind::Toc);
    EXPECT_NE(paragraph_kind("2005 2006 2007 2008 2009 2010 2011 2012"), PassageKind::Toc);
    EXPECT_EQ(paragraph_kind("2.1 Le diamant de Porter"), PassageKind::Heading);
    EXPECT_EQ(paragraph_kind("Les districts industriels associent concurrence et coopération."), PassageKind::Body);
    // A back-of-book index reads as contents; years listed in a sentence,
    // or a reference entry's volume and pages, do not make one.
    EXPECT_EQ(paragraph_kind("accolade 42–44, 528 délimiteur d’argument 64 implicite 46, voir aussi district industriel 12, 15, 17–19"),
              PassageKind::Toc);
    EXPECT_EQ(paragraph_kind("170–171, 200, 216, 218–219, 224–225, 227–228, 233"), PassageKind::Toc);
    EXPECT_NE(paragraph_kind("« Aujourd’hui est le 28 mars 2020, année scolaire 2019-2020, débutant en 2019 et finissant en 2020. »"),
              PassageKind::Toc);
    EXPECT_EQ(paragraph_kind("Bathelt H., Malmberg A., Maskell P. (2004), Clusters and knowledge, Progress in Human Geography, 28, 31-56."),
              PassageKind::Body);
    // Straight quotes open code as often as quotations.
    EXPECT_EQ(paragraph_kind("\"choices\": [ { \"message\": { \"role\": \"assistant\", \"content\": \"x\" } } ]"), PassageKind::Body);
}

TEST(Kinds, ReferenceSectionLastsUntilAnAppendixAndTocUntilItsLinesStop) {
    CleanDocument doc;
    doc.pages.push_back(CleanPage{0, "1",
                                  {"Sommaire", "Introduction ........ 3", "Les clusters ........ 7",
                                   "Le texte commence ici et parle des clusters et des districts industriels."},
                                  {}});
    doc.pages.push_back(CleanPage{1, "2",
                                  {"Références bibliographiques", "Porter M. E. (1990), The Competitive Advantage of Nations.",
                                   "Becattini G. (1979), « Dal settore industriale al distretto industriale ».", "Annexe 1",
                                   "Le questionnaire envoyé aux entreprises du pôle."},
                                  {"1. Une note."}});
    const auto kinds = classify_paragraphs(doc);
    using K = PassageKind;
    EXPECT_EQ(kinds[0], (std::vector<K>{K::Heading, K::Toc, K::Toc, K::Body}));
    EXPECT_EQ(kinds[1], (std::vector<K>{K::Heading, K::Reference, K::Reference, K::Heading, K::Body}));

    const std::vector<Passage> passages = segment(doc);
    // Kinds never share a passage, except a heading leading into its text;
    // footnotes come after the page's body.
    std::vector<K> seen;
    for (const auto& p : passages) seen.push_back(p.kind);
    EXPECT_EQ(seen, (std::vector<K>{K::Toc, K::Body, K::Reference, K::Body, K::Footnote}));
    EXPECT_EQ(passages[0].kinds, (std::vector<K>{K::Heading, K::Toc}));
    EXPECT_EQ(passages.back().text, "1. Une note.");
}

TEST(Kinds, AReferenceSectionEndsAtTheNextNumberedHeadingOrWhenProseGoesOn) {
    using K = PassageKind;
    CleanDocument doc;
    doc.pages.push_back(CleanPage{0, "viii", {"Bibliographie 503", "Index 505"}, {}});  // a table of contents' lines
    doc.pages.push_back(CleanPage{1, "1", {"1 Introduction", "Les districts industriels associent concurrence et coopération."}, {}});
    doc.pages.push_back(CleanPage{2, "2",
                                  {"8 Bibliographie", "Ce qui suit ne concerne pas les bibliographies faites à la main.",
                                   "Les styles de l'extension se chargent avec une option du paquetage.", "La suite du texte."},
                                  {}});
    doc.pages.push_back(CleanPage{3, "3",
                                  {"Références", "Porter M. E. (1990), The Competitive Advantage of Nations.",
                                   "Knuth D. E., The TeXbook, Addison-Wesley.", "Courlet C. et al., Les systèmes productifs.",
                                   "9 Annexes techniques", "Le questionnaire envoyé aux entreprises du pôle."},
                                  {}});
    const auto kinds = classify_paragraphs(doc);
    EXPECT_EQ(kinds[1], (std::vector<K>{K::Heading, K::Body}));  // not references: "Bibliographie 503" was a contents line
    EXPECT_EQ(kinds[2], (std::vector<K>{K::Heading, K::Body, K::Body, K::Body}));
    // A single entry without a year stays in the list; a numbered heading ends it.
    EXPECT_EQ(kinds[3], (std::vector<K>{K::Heading, K::Reference, K::Reference, K::Reference, K::Heading, K::Body}));
}

TEST(Kinds, WhereTheFileMarksItsHeadingsItsMarksDecide) {
    using K = PassageKind;
    CleanDocument doc;
    doc.marks_headings = true;
    // A heading styled as such though it ends with a period; a short line
    // the file sets as a plain paragraph; a table of contents line.
    doc.pages.push_back(CleanPage{0, "1",
                                  {"Chapitre premier : des districts aux clusters, une généalogie.", "Les clusters en France",
                                   "Introduction ........ 3"},
                                  {},
                                  {0}});
    EXPECT_EQ(classify_paragraphs(doc)[0], (std::vector<K>{K::Heading, K::Body, K::Toc}));
    doc.marks_headings = false;  // a PDF: the words decide
    EXPECT_EQ(classify_paragraphs(doc)[0], (std::vector<K>{K::Body, K::Heading, K::Toc}));
}

TEST(Kinds, WhereTypeSizesAreKnownAShortLineInBodyTypeNeedsANumberOrProseAfterIt) {
    using K = PassageKind;
    const std::string prose =
        "Les districts industriels associent concurrence et coopération entre les petites entreprises d'un même territoire, "
        "comme l'ont montré les travaux italiens.";
    CleanDocument doc;
    doc.knows_type_size = true;
    // A title in large type; a bold heading in body type before prose; a
    // numbered one; then the rows of a table and a line of a figure.
    CleanPage page{0, "1", {"Les clusters en France", "Origines du concept", prose, "3.2 Des figures", prose, "Codestral 8,529 $275",
                            "Llama 3.1 70B 4,102 $120", "Qij Tij !"}, {}};
    page.large_type = {0};
    doc.pages.push_back(page);
    EXPECT_EQ(classify_paragraphs(doc)[0], (std::vector<K>{K::Heading, K::Heading, K::Body, K::Heading, K::Body, K::Body, K::Body, K::Body}));
    // "peut être :" leads into a list; "1 one first" is a row.
    CleanDocument list;
    list.knows_type_size = true;
    list.pages.push_back(CleanPage{0, "1", {prose, "Une boîte ainsi construite peut être", prose, "1 one first 2 two second", prose}, {}});
    EXPECT_EQ(classify_paragraphs(list)[0], (std::vector<K>{K::Body, K::Heading, K::Body, K::Body, K::Body}));
}

TEST(Kinds, AContentsPageReadApartFromItsPageNumbersIsStillContents) {
    using K = PassageKind;
    CleanDocument doc;
    doc.knows_type_size = true;
    // The entries, their page numbers and their section numbers as Poppler
    // hands them over on a contents page set in two blocks; a chapter's line
    // in large type among them; then the first chapter, large, and prose.
    CleanPage contents{0, "v",
                       {"Table des matières", "1 Avant-propos", "9 9 12", "2.1 2.1.1", "2 The Makehub Project",
                        "3.1 La mucoviscidose . . . . . . . . . . . . . .", "2. Méthodologie 2.1. Matériel et méthodes 2.1.1. Modèle animal"},
                       {}};
    contents.large_type = {4};
    CleanPage chapter{1, "1", {"Introduction", "Ce travail étudie les pôles de compétitivité français depuis leur création en 2005."}, {}};
    chapter.large_type = {0};
    doc.pages = {contents, chapter};
    const auto kinds = classify_paragraphs(doc);
    EXPECT_EQ(kinds[0], (std::vector<K>{K::Heading, K::Toc, K::Toc, K::Toc, K::Toc, K::Toc, K::Toc}));
    EXPECT_EQ(kinds[1], (std::vector<K>{K::Heading, K::Body}));
}

TEST(Kinds, NumberedReferencesSubheadingsAndAnIntroductorySentence) {
    using K = PassageKind;
    CleanDocument doc;
    doc.knows_type_size = true;
    CleanPage page{0, "61",
                   {"References 1.", "Barker S: Phylogeny and classification of lice. Int J Parasitol 1994, 24:1285-1291.", "2.",
                    "[16] H. Heijerman, “Infection and inflammation in cystic fibrosis : A short review,”",
                    "[17] J. C. Davies, “Pseudomonas aeruginosa in cystic fibrosis : pathogenesis and persistence,”",
                    "[18] P. Plésiat, “Quels critères microbiologiques pour définir une colonisation”",
                    // An entry broken over lines of its own, no year before its last.
                    "33. Wright PC, Andriamihaja B: Making a rain forest park work in Madagascar:",
                    "Ranomafana National Park and its long-term research commitment. In Making parks work.", "Ouvrages et rapports",
                    "Porter M. E. (1990), The Competitive Advantage of Nations."},
                   {}};
    page.large_type = {8};
    doc.pages.push_back(page);
    doc.pages.push_back(CleanPage{1, "62",
                                  {"Bibliographie", "Voici la liste des ouvrages cités dans ce manuel de typographie.",
                                   "Read G. (1968), Music Notation: A Manual of Modern Practice."},
                                  {}});
    const auto kinds = classify_paragraphs(doc);
    EXPECT_EQ(kinds[0], (std::vector<K>{K::Heading, K::Reference, K::Reference, K::Reference, K::Reference, K::Reference, K::Reference,
                                        K::Reference, K::Heading, K::Reference}));
    EXPECT_EQ(kinds[1], (std::vector<K>{K::Heading, K::Body, K::Reference}));
}

TEST(Kinds, CaptionsQuotesAndCodeAreToldApart) {
    EXPECT_EQ(paragraph_kind("Listing 21: Anthropic tool use content block"), PassageKind::Caption);
    EXPECT_EQ(paragraph_kind("Code no II-19"), PassageKind::Caption);
    EXPECT_EQ(paragraph_kind("Table 3 Posterior means and 95% credible intervals for the parameters of the four models."),
              PassageKind::Caption);
    // A sentence about a figure is not its caption.
    EXPECT_EQ(paragraph_kind("Figure 7 illustrates the end-to-end request flow through the architecture of the system."),
              PassageKind::Body);
    // The quotation must end near the paragraph's end, nested marks counted.
    EXPECT_EQ(paragraph_kind("« Définir le mot de passe » dans le coin inférieur droit de la fenêtre, puis valider."), PassageKind::Body);
    EXPECT_EQ(paragraph_kind("« Je cite « le rapport » en entier, avec ses mots et ses chiffres de 2005. »"), PassageKind::Quote);
    // The line numbers of a listing make no table, nor a heading.
    EXPECT_EQ(paragraph_kind("1 2 3 4 5 6 gentoo (0.9.12-1) unstable; urgency=medium"), PassageKind::Body);
    // Leaders without a page number: a contents line; dots in a TeX comment: code.
    EXPECT_EQ(paragraph_kind("3.1 La mucoviscidose . . . . . . . . . . . . . . . ."), PassageKind::Toc);
    EXPECT_EQ(paragraph_kind("\\resetat% -.................................... reset @ char"), PassageKind::Body);
}

std::vector<std::string> cited(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& c : find_citations(text)) {
        std::string s;
        for (const auto& a : c.authors) s += (s.empty() ? "" : "+") + a;
        if (c.et_al) s += "+al";
        out.push_back(s + " " + c.year + " [" + text.substr(c.begin, c.end - c.begin) + "]");
    }
    return out;
}

TEST(Citations, AuthorYearFormsOfFrenchAndEnglishTexts) {
    EXPECT_EQ(cited("comme le montre la littérature (Porter, 2000)."), (std::vector<std::string>{"Porter 2000 [Porter, 2000]"}));
    EXPECT_EQ(cited("des cycles de vie (Menzel et Fornahl, 2007 ; 2010)"),
              (std::vector<std::string>{"Menzel+Fornahl 2007 [Menzel et Fornahl, 2007]", "Menzel+Fornahl 2010 [2010]"}));
    EXPECT_EQ(cited("Becattini (1979) relit Marshall"), (std::vector<std::string>{"Becattini 1979 [Becattini (1979)]"}));
    EXPECT_EQ(cited("les grappes (Amisse et al., 2011)"), (std::vector<std::string>{"Amisse+al 2011 [Amisse et al., 2011]"}));
    EXPECT_EQ(cited("le buzz local (Bathelt et al., 2004, p. 35)"), (std::vector<std::string>{"Bathelt+al 2004 [Bathelt et al., 2004, p. 35]"}));
    EXPECT_EQ(cited("selon Bathelt et al. (2004)"), (std::vector<std::string>{"Bathelt+al 2004 [Bathelt et al. (2004)]"}));
    EXPECT_EQ(cited("(voir Porter, 1990a ; Krugman, 1991)"),
              (std::vector<std::string>{"Porter 1990a [Porter, 1990a]", "Krugman 1991 [Krugman, 1991]"}));
    EXPECT_EQ(cited("Courlet et Pecqueur (1991, 1996)").size(), 2u);
    // Not citations: years, pages and figures alone, lower-case words.
    EXPECT_TRUE(cited("en 1990 (p. 35) et (figure 3, 2010) puis (1985-1990) (en 2004)").empty());
}

TEST(Citations, ReferenceEntriesParseAndLinkToTheirCitations) {
    Reference r;
    ASSERT_TRUE(parse_reference("Bathelt H., Malmberg A. et Maskell P. (2004), « Clusters and knowledge: local buzz », Progress in Human Geography.", r));
    EXPECT_EQ(r.authors, (std::vector<std::string>{"Bathelt", "Malmberg", "Maskell"}));
    EXPECT_EQ(r.year, "2004");
    EXPECT_EQ(r.title, "Clusters and knowledge: local buzz");
    ASSERT_TRUE(parse_reference("Porter, M. E. (1990). The Competitive Advantage of Nations. New York: Free Press.", r));
    EXPECT_EQ(r.authors, (std::vector<std::string>{"Porter"}));
    EXPECT_EQ(r.title, "The Competitive Advantage of Nations");
    ASSERT_TRUE(parse_reference("[45] P. J. McMurdie, S. Holmes and R. O’Hara, “phyloseq: an R package,” PLoS ONE, 2013.", r));
    EXPECT_EQ(r.authors, (std::vector<std::string>{"McMurdie", "Holmes", "O’Hara"}));
    EXPECT_EQ(r.year, "2013");
    EXPECT_EQ(r.title, "phyloseq: an R package");
    EXPECT_FALSE(parse_reference("Human Geography, 28 (1), p. 31-56.", r) && r.authors.empty());

    const std::vector<Reference> refs = parse_reference_list(
        {"Menzel M.-P. et Fornahl D. (2010), « Cluster life cycles », Industrial and Corporate Change.", "p. 205-238.",
         "Porter M. E. (1998), « Clusters and the new economics of competition »."});
    ASSERT_EQ(refs.size(), 2u);
    EXPECT_NE(refs[0].text.find("p. 205-238."), std::string::npos);
    std::vector<Citation> citations = find_citations("(Menzel et Fornahl, 2007 ; 2010) et (Porter, 1998) mais pas (Porter, 1990)");
    link_citations(citations, refs);
    ASSERT_EQ(citations.size(), 4u);
    EXPECT_EQ(citations[0].reference, -1);  // 2007 is not in the list
    EXPECT_EQ(citations[1].reference, 0);
    EXPECT_EQ(citations[2].reference, 1);
    EXPECT_EQ(citations[3].reference, -1);
}

// Sciences theses number their references: "[3, 5–7]" in the text, raised
// numbers in medicine (Vancouver), a list of "[n] ..." or "n. ..." entries
// whose hanging labels a PDF may read apart or run together.
TEST(Citations, NumberedCitationsCallTheirEntries) {
    const std::vector<Reference> refs = parse_reference_list(
        {"References 1.", "Barker S: Phylogeny and classification of lice. Int J Parasitol 1994, 24:1285-1291.", "2.",
         "Poinar G Jr: Parasites and pathogens of mites. Annu Rev Entomol 1998, 43:449-469. 3. Light JE, Smith VS, Reed DL: "
         "Evolutionary history of mammalian sucking lice. BMC Evol Biol 2010, 10:292.",
         "4. Porter M. E. (1998), « Clusters and the new economics of competition ».", "5. Becattini G. (1979), « Dal settore "
         "industriale ».", "6. Bathelt H. (2004), « Clusters and knowledge ».", "7. Menzel M.-P. (2010), « Cluster life cycles »."});
    ASSERT_EQ(refs.size(), 7u);
    EXPECT_EQ(refs[0].label, "1");
    EXPECT_EQ(refs[0].authors, (std::vector<std::string>{"Barker"}));
    EXPECT_EQ(refs[0].title, "Phylogeny and classification of lice");
    EXPECT_EQ(refs[1].authors, (std::vector<std::string>{"Poinar"}));
    EXPECT_EQ(refs[2].label, "3");
    EXPECT_EQ(refs[2].authors, (std::vector<std::string>{"Light", "Smith", "Reed"}));
    EXPECT_EQ(refs[2].year, "2010");

    const std::vector<Citation> c = find_numbered_citations("Les grappes [3, 5–7] et les poux [1, p. 35] ; pas [95% CI: 0.97; 1.13] ni [sic] ni [12].", refs);
    ASSERT_EQ(c.size(), 5u);
    EXPECT_EQ(c[0].reference, 2);
    EXPECT_EQ(c[0].authors.front(), "Light");
    EXPECT_EQ(c[1].year, "1979");  // [5]
    EXPECT_EQ(c[3].authors.front(), "Menzel");  // [7]
    EXPECT_EQ(c[4].reference, 0);  // [1, p. 35]
    EXPECT_EQ(c[4].end - c[4].begin, std::string("[1, p. 35]").size());

    // Raised numbers are citations only where they cannot be note calls.
    const std::string raised = "Par rapport à QIIME\u2074 ou MOTHUR\u00B9,\u00B2 et Snakemake\u2075\u207B\u2077.";
    EXPECT_TRUE(find_numbered_citations(raised, refs).empty());
    EXPECT_TRUE(find_numbered_citations("une surface de 50 m\u00B2, soit 10\u2074 cm\u00B2", refs, true).empty());  // powers
    const std::vector<Citation> r = find_numbered_citations(raised, refs, true);
    ASSERT_EQ(r.size(), 6u);
    EXPECT_EQ(r[0].authors.front(), "Porter");
    EXPECT_EQ(r[1].authors.front(), "Barker");
    EXPECT_EQ(r[2].authors.front(), "Poinar");
    EXPECT_EQ(r[5].authors.front(), "Menzel");

    // Without a numbered list a bracketed number may be anything.
    const std::vector<Reference> author_year = parse_reference_list({"Porter M. E. (1998), « Clusters »."});
    EXPECT_TRUE(find_numbered_citations("voir [1] et [2]", author_year).empty());
}

}  // namespace
}  // namespace grappe
