// Snippets: exact original words, every matched form marked, nothing else.
#include <gtest/gtest.h>

#include "concepts/tagger.h"
#include "parse/query_parser.h"
#include "snippets/snippet.h"

namespace grappe {
namespace {

std::string marked(const std::string& text, const std::string& query, size_t width = 300) {
    const Analyzer analyzer;
    const ParsedQuery q = parse_query(query, analyzer);
    const Snippet s = make_snippet(Analyzer::prepare(text), {q.highlight_stems, q.highlight_prefixes, q.highlight_phrase_stopwords},
                                   analyzer, width);
    return render_marked(s, MarkStyle{"[", "]", "{", "}"});
}

TEST(Snippet, MarksEveryInflectedAndElidedForm) {
    EXPECT_EQ(marked("L’écosystème d’affaires et les ÉCOSYSTÈMES industriels.", "ecosysteme"),
                     "L’[écosystème] d’affaires et les [ÉCOSYSTÈMES] industriels.");
}

TEST(Snippet, PhraseStopwordsAreMarkedOnlyInsideThePhrase) {
    EXPECT_EQ(marked("La politique des pôles de compétitivité de 2005.", "\"pôle de compétitivité\""),
              "La politique des [pôles] [de] [compétitivité] de 2005.");
    EXPECT_EQ(marked("La politique des pôles de compétitivité de 2005.", "pôle de compétitivité"),
              "La politique des [pôles] de [compétitivité] de 2005.");
}

TEST(Snippet, ConceptMentionsAreMarkedAndNestQueryWords) {
    const Analyzer analyzer;
    const ConceptTagger tagger(Lexicon::default_lexicon(), analyzer);
    const std::string text = Analyzer::prepare("Les pôles de compétitivité, puis les clusters (Porter, 1998).");
    const ParsedQuery q = parse_query("compétitivité", analyzer);
    const Snippet s = make_snippet(text, {q.highlight_stems, q.highlight_prefixes, q.highlight_phrase_stopwords}, analyzer, 300, tagger.tag(text));
    EXPECT_EQ(render_marked(s, MarkStyle{"[", "]", "{", "}"}), "Les {pôles de [compétitivité]}, puis les {clusters} (Porter, 1998).");
    ASSERT_EQ(s.concepts.size(), 2u);
    EXPECT_EQ(s.concepts[1].id, "cluster");
}

TEST(Snippet, AConceptOnlyQueryShowsTheFirstMention) {
    const Analyzer analyzer;
    const ConceptTagger tagger(Lexicon::default_lexicon(), analyzer);
    std::string text;
    for (int i = 0; i < 40; ++i) text += "Une phrase sans rapport avec le sujet. ";
    text += "Enfin les écosystèmes d'affaires de Moore.";
    const Snippet s = make_snippet(text, {}, analyzer, 120, tagger.tag(text));
    EXPECT_TRUE(s.starts_inside);
    ASSERT_EQ(s.concepts.size(), 1u);
    EXPECT_NE(render_marked(s, MarkStyle{"[", "]", "{", "}"}).find("{écosystèmes d'affaires}"), std::string::npos);
}

TEST(Snippet, PrefixesMarkTheWordsTheyExpandTo) {
    EXPECT_EQ(marked("Écosystèmes et écosystémique.", "écosys*"), "[Écosystèmes] et [écosystémique].");
}

TEST(Snippet, LongPassagesShowAWindowAroundTheMatches) {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "remplissage ";
    text += "le milieu innovateur du GREMI ";
    for (int i = 0; i < 40; ++i) text += "suite ";
    const std::string s = marked(text, "milieu innovateur", 120);
    EXPECT_EQ(s.rfind("… ", 0), 0u) << s;
    EXPECT_NE(s.find("[milieu] [innovateur]"), std::string::npos) << s;
    EXPECT_EQ(s.substr(s.size() - 4), " …") << s;
    EXPECT_LT(s.size(), 170u);
}

TEST(Snippet, CodepointOffsetsCountCharactersNotBytes) {
    EXPECT_EQ(codepoint_offset("pôle de", 6), 5u);
}

}  // namespace
}  // namespace grappe
