// Repair: line-end hyphens, running headers and footers, page numbers, HAL covers.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "repair/repair.h"

namespace grappe {
namespace {

WordList small_dictionary() {
    WordList w;
    for (const char* word : {"compétitivité", "développement", "sous-traitance", "contenu", "inter", "con", "tenu",
                             "peut", "respective", "respectif"})
        w.add(word);
    return w;
}

TEST(WordList, LoadsLinesOnceEachAndFindsExactWordsOnly) {
    char name[] = "/tmp/grappe-words-XXXXXX";
    const int fd = mkstemp(name);
    ASSERT_GE(fd, 0);
    close(fd);
    {
        std::ofstream out(name, std::ios::binary);
        out << "pôle\r\ncompétitivité\n\npôle\nécosystème";  // CRLF, a blank line, a repeat, no final newline
    }
    WordList w;
    EXPECT_EQ(w.load({name, "/nonexistent/words"}), 4u);
    std::remove(name);
    EXPECT_TRUE(w.contains("pôle"));
    EXPECT_TRUE(w.contains("compétitivité"));
    EXPECT_TRUE(w.contains("écosystème"));
    EXPECT_FALSE(w.contains("pôl"));
    EXPECT_FALSE(w.contains("pôle\r"));
    EXPECT_FALSE(w.contains(""));
    EXPECT_FALSE(WordList{}.contains("pôle"));

    // Growth keeps every word findable.
    WordList many;
    for (int i = 0; i < 20000; ++i) many.add("mot" + std::to_string(i));
    for (int i = 0; i < 20000; i += 997) EXPECT_TRUE(many.contains("mot" + std::to_string(i))) << i;
    EXPECT_FALSE(many.contains("mot20000"));
}

TEST(Repair, PutsBackACircumflexTeXSetApartButNotOneOfCodeOrFormulas) {
    WordList words;
    for (const char* w : {"être", "même", "plutôt", "tête", "maîtrise"}) words.add(w);
    EXPECT_EQ(restore_set_apart_circumflexes("doit ^etre formaté par lui-m^eme", words), "doit être formaté par lui-même");
    EXPECT_EQ(restore_set_apart_circumflexes("une bo^ıte, plut^ot en-t^ete", words), "une boîte, plutôt en-tête");
    EXPECT_EQ(restore_set_apart_circumflexes("la ma\xCB\x86ıtrise", words), "la maîtrise");  // U+02C6, dotless i
    EXPECT_EQ(restore_set_apart_circumflexes("^Etre", words), "Être");
    // Formulas, regular expressions, key names and TeX input stay as printed.
    for (const char* kept : {"e^a < e^b", "a^i^j", "apt search ^firmware", "Ctrl ^D", "\\^e", "x^{ij}", "^etr"})
        EXPECT_EQ(restore_set_apart_circumflexes(kept, words), kept) << kept;
}

TEST(Repair, ReadsTeXFontCodesInTheEncodingThatMakesWords) {
    WordList words;
    for (const char* w : {"different", "first", "significant", "efficace", "cœur", "sœur", "fin"}) words.add(w);
    // T1 (Cork): 0x1B ff, 0x1C fi, 0x1E ffi, 0x15 en dash.
    std::string a = "di\x1B" "erent, the \x1Crst, e\x1E" "cace", b = "signi\x1C" "cant \x15 model";
    std::vector<std::string*> t1{&a, &b};
    EXPECT_EQ(restore_tex_font_codes(t1, words), 5u);
    EXPECT_EQ(a, "different, the first, efficace");
    EXPECT_EQ(b, "significant – model");
    // OT1: 0x1B is œ, 0x0C fi.
    std::string c = "mon c\x1Bur et ma s\x1Bur", d = "la \x0Cn";
    std::vector<std::string*> ot1{&c, &d};
    EXPECT_EQ(restore_tex_font_codes(ot1, words), 3u);
    EXPECT_EQ(c, "mon cœur et ma sœur");
    EXPECT_EQ(d, "la fin");
    // A code alone between spaces is a symbol font's glyph, no letter: it
    // goes (in OT1, 0x10 is a dotless i); a T1 dash alone stays.
    std::string e = "des entrées \x10 un format \x10", f = "mon c\x1Bur";
    std::vector<std::string*> alone{&e, &f};
    EXPECT_EQ(restore_tex_font_codes(alone, words), 3u);
    EXPECT_EQ(e, "des entrées un format");
    EXPECT_EQ(f, "mon cœur");
    std::string plain = "rien à réparer";
    std::vector<std::string*> none{&plain};
    EXPECT_EQ(restore_tex_font_codes(none, words), 0u);
}

struct HyphenCase {
    const char* left;
    const char* right;
    bool joined;
    const char* rule;
};

TEST(Dehyphenator, DecidesWithTheDocumentThenTheWordList) {
    const WordList words = small_dictionary();
    Dehyphenator d(words);
    d.learn({"la grappe interclustering est citée", "une démarche inter-régionale", "les régions"});
    const HyphenCase cases[] = {
        {"compéti", "tivité des régions", true, "wordlist"},
        {"la dévelop", "pement", true, "wordlist"},
        {"la sous", "traitance", false, "wordlist"},
        {"les inter", "clustering", true, "document"},   // "interclustering" seen in the text
        {"une démarche inter", "régionale", false, "document"},  // "inter-régionale" seen
        {"Saint", "Martin", false, "capital"},
        {"Saint", "Étienne", false, "capital"},
        {"LA COMPÉTI", "TIVITÉ DES RÉGIONS", true, "wordlist"},  // a heading in capitals hyphenates like text
        {"peut", "il exister", false, "particle"},
        {"c’est-à", "dire", false, "particle"},
        {"des démarches non", "automatisables", false, "prefix"},
        {"les inter", "clusters", false, "prefix"},        // unknown word after a prefix
        {"con", "tenu", true, "wordlist"},                 // "contenu" is known, "con"+"tenu" are too
        {"Chikun", "gunya", true, "default"},
        {"année 19", "82", false, "not-a-word"},
    };
    for (const auto& c : cases) {
        const HyphenDecision decision = d.decide(c.left, c.right);
        EXPECT_EQ(decision.joined, c.joined) << c.left << "-" << c.right;
        EXPECT_STREQ(decision.rule, c.rule) << c.left << "-" << c.right;
    }
}

TEST(Dehyphenator, FragmentsAtLineEndsAreNotEvidence) {
    const WordList words;
    Dehyphenator d(words);
    // "compéti-" / "tivité" appear only as the fragments in question.
    d.learn({"la compéti-", "tivité des pôles"});
    EXPECT_STREQ(d.decide("la compéti", "tivité").rule, "default");
}

RawPage page_of(std::vector<std::string> texts, const std::string& label, float top = 50) {
    RawPage p;
    p.label = label;
    p.height = 800;
    float y = top;
    for (auto& t : texts) {
        TextLine line{std::move(t), 50, y, 500, y + 10, false};
        p.lines.push_back(std::move(line));
        y += 14;
    }
    p.lines.front().starts_paragraph = true;
    return p;
}

TEST(Repair, RunningHeadersFootersAndPageNumbersGo) {
    RawDocument raw;
    raw.format = "pdf";
    for (int i = 0; i < 4; ++i) {
        raw.pages.push_back(page_of({"Rapport d’évaluation des pôles — chapitre 2", std::vector<std::string>{"Les districts parlent de clusters.", "Le texte parle de clusters ici.", "Ailleurs on parle de clusters.", "Enfin, on parle de clusters."}[static_cast<size_t>(i)],
                                     "Une autre ligne de contenu.", "Évaluation 2008 — page " + std::to_string(i + 12),
                                     std::to_string(i + 12)},
                                    std::to_string(i + 12)));
    }
    const CleanDocument clean = repair(std::move(raw), WordList{});
    ASSERT_EQ(clean.pages.size(), 4u);
    for (const auto& page : clean.pages) {
        ASSERT_EQ(page.paragraphs.size(), 1u);
        EXPECT_EQ(page.paragraphs[0].find("Rapport"), std::string::npos) << page.paragraphs[0];
        EXPECT_EQ(page.paragraphs[0].find("Évaluation 2008"), std::string::npos) << page.paragraphs[0];
        EXPECT_NE(page.paragraphs[0].find("de clusters"), std::string::npos) << page.paragraphs[0];
    }
    EXPECT_EQ(clean.removed_header_lines, 12u);
}

TEST(Repair, AHeaderRowInThreeCellsGoesWhole) {
    // A thesis's running header and footer, each set out in three cells on
    // one row: every cell goes, the body stays.
    RawDocument raw;
    raw.format = "pdf";
    const char* bodies[] = {"Le microbiote pulmonaire évolue.", "Une autre phrase du corps.", "La suite de la thèse.", "Une conclusion."};
    const char* seconds[] = {"Il se colonise à la naissance.", "Les bactéries viennent de l’air.", "Le tube digestif aussi.", "Fin."};
    for (int i = 0; i < 4; ++i) {
        RawPage p = page_of({bodies[i], seconds[i]}, std::to_string(i + 1), 100);
        const auto cell = [](std::string text, float x0, float x1, float y) { return TextLine{std::move(text), x0, y, x1, y + 10, true}; };
        for (auto& c : {cell("Thèse de médecine", 50, 150, 40), cell("UBO", 280, 300, 40), cell("Sacha SCHUTZ", 430, 500, 41),
                        cell("CHRU Brest", 50, 120, 760), cell(std::to_string(i + 1), 290, 295, 760), cell("2016/2017", 440, 500, 760)})
            p.lines.push_back(c);
        raw.pages.push_back(std::move(p));
    }
    const CleanDocument clean = repair(std::move(raw), WordList{});
    for (size_t i = 0; i < clean.pages.size(); ++i) {
        ASSERT_EQ(clean.pages[i].paragraphs.size(), 1u);
        EXPECT_EQ(clean.pages[i].paragraphs[0], std::string(bodies[i]) + " " + seconds[i]);
    }
    EXPECT_EQ(clean.removed_header_lines, 24u);
}

TEST(Repair, ABodyLineBelowRealTextIsNeverAHeader) {
    // The second line repeats on every page (digits aside) but the first line
    // above it is ordinary text: not a running header.
    RawDocument raw;
    raw.format = "pdf";
    const char* firsts[] = {"Premier paragraphe du texte.", "Une autre phrase d’ouverture.", "La suite du propos.", "Une conclusion."};
    for (int i = 0; i < 4; ++i)
        raw.pages.push_back(page_of({firsts[i], "Tableau " + std::to_string(i + 1) + " : effectifs des pôles", "Le corps de la page.",
                                     "Encore du texte ici."},
                                    std::to_string(i + 1)));
    const CleanDocument clean = repair(std::move(raw), WordList{});
    for (const auto& page : clean.pages) EXPECT_NE(page.paragraphs[0].find("Tableau"), std::string::npos) << page.paragraphs[0];
}

TEST(Repair, AHeaderOnTwoPagesOfFiveIsContent) {
    RawDocument raw;
    raw.format = "pdf";
    for (int i = 0; i < 5; ++i)
        raw.pages.push_back(page_of({i < 2 ? "Introduction générale" : "Texte " + std::to_string(i) + " sans en-tête commun",
                                     "Le corps de la page."},
                                    std::to_string(i + 1)));
    const CleanDocument clean = repair(std::move(raw), WordList{});
    EXPECT_NE(clean.pages[0].paragraphs[0].find("Introduction générale"), std::string::npos);
}

TEST(Repair, HyphenatedWordsAreJoinedAcrossLinesAndPages) {
    const WordList words = small_dictionary();
    RawDocument raw;
    raw.format = "pdf";
    raw.pages.push_back(page_of({"La compéti-", "tivité et la sous-", "traitance des entreprises, pour le dévelop-"}, "1"));
    raw.pages.push_back(page_of({"pement des territoires."}, "2"));
    const CleanDocument clean = repair(std::move(raw), words);
    ASSERT_EQ(clean.pages[0].paragraphs.size(), 1u);
    EXPECT_EQ(clean.pages[0].paragraphs[0], "La compétitivité et la sous-traitance des entreprises, pour le développement");
    ASSERT_EQ(clean.pages[1].paragraphs.size(), 1u);
    EXPECT_EQ(clean.pages[1].paragraphs[0], "des territoires.");
    EXPECT_EQ(clean.hyphenations.size(), 3u);
}

TEST(Repair, HeadingMarksFollowTheirParagraphsWhenAPageBreakFragmentGoes) {
    const WordList words = small_dictionary();
    RawDocument raw;
    raw.format = "docx";
    raw.pages.push_back(RawPage{"1", 0, {TextLine{"Introduction", 0, 0, 0, 0, true, false, true}, TextLine{"La compéti-", 0, 0, 0, 0, true}}});
    raw.pages.push_back(RawPage{"2", 0, {TextLine{"tivité", 0, 0, 0, 0, true}, TextLine{"Deuxième partie", 0, 0, 0, 0, true, false, true},
                                         TextLine{"Le texte suit.", 0, 0, 0, 0, true}}});
    const CleanDocument clean = repair(std::move(raw), words);
    EXPECT_TRUE(clean.marks_headings);
    EXPECT_EQ(clean.pages[0].paragraphs, (std::vector<std::string>{"Introduction", "La compétitivité"}));
    EXPECT_EQ(clean.pages[0].headings, (std::vector<std::size_t>{0}));
    // "tivité" went back to page 1: the heading is now page 2's first paragraph.
    EXPECT_EQ(clean.pages[1].paragraphs, (std::vector<std::string>{"Deuxième partie", "Le texte suit."}));
    EXPECT_EQ(clean.pages[1].headings, (std::vector<std::size_t>{0}));
}

TEST(Repair, StoredTextHasLigaturesExpandedAndNoSoftHyphens) {
    RawDocument raw;
    raw.format = "text";
    raw.pages.push_back(page_of({"L’eﬃcacité des ﬂux du terri\u00ADtoire"}, "1"));
    const CleanDocument clean = repair(std::move(raw), WordList{});
    EXPECT_EQ(clean.pages[0].paragraphs[0], "L’efficacité des flux du territoire");
}

TEST(Repair, HalCoverPageIsNotContentButKeptForMetadata) {
    RawDocument raw;
    raw.format = "pdf";
    RawPage cover = page_of({"Les trois proximités", "Julien Moreau", "HAL Id: hal-09990001", "Submitted on 12 Mar 2015",
                             "HAL is a multi-disciplinary open access archive for the deposit of research documents.",
                             "L’archive ouverte pluridisciplinaire HAL est destinée au dépôt de documents."},
                            "1");
    cover.lines[1].starts_paragraph = true;
    raw.pages.push_back(std::move(cover));
    raw.pages.push_back(page_of({"Le texte de l’article commence ici."}, "2"));
    const CleanDocument clean = repair(std::move(raw), WordList{});
    EXPECT_TRUE(clean.hal_cover);
    ASSERT_GE(clean.cover.size(), 2u);
    EXPECT_EQ(clean.cover[0], "Les trois proximités");
    EXPECT_EQ(clean.cover[1].rfind("Julien Moreau", 0), 0u);
    EXPECT_TRUE(clean.pages[0].paragraphs.empty());
    EXPECT_EQ(clean.pages[1].paragraphs.size(), 1u);
}

}  // namespace
}  // namespace grappe
