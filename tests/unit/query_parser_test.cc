// The query language: parsed form as a compact string, and errors that say
// what and where.
#include <gtest/gtest.h>

#include "parse/query_parser.h"

namespace grappe {
namespace {

struct Case {
    const char* query;
    const char* parsed;
};

class QueryParserTest : public ::testing::Test {
  protected:
    Analyzer analyzer;
    std::string parse(const std::string& q) { return parse_query(q, analyzer).describe(); }
    std::string error(const std::string& q) {
        try {
            (void)parse_query(q, analyzer);
        } catch (const QueryError& e) {
            return e.what();
        }
        return "no error";
    }
};

TEST_F(QueryParserTest, ParsesTheLanguage) {
    // Words stand for their lemmas (Hunspell's, in French and English).
    const Case cases[] = {
        {"cluster", "(cluster)"},
        {"ÉCOSYSTÈMES", "(ecosysteme)"},
        {"l’écosystème", "(ecosysteme)"},
        {"district industriel", "(district AND industriel)"},
        {"\"pôle de compétitivité\"", "(\"pole de competitivite\")"},
        {"«pôles de compétitivité»", "(\"pole de competitivite\")"},
        {"cluster -porter", "(cluster AND -porter)"},
        {"cluster -\"michael porter\"", "(cluster AND -\"michael porter\")"},
        {"cluster pôle OR district", "(cluster AND (pole OR district))"},
        {"(milieu OR district) innovateur", "((milieu OR district) AND innovateur)"},
        {"cluster AND pôle", "(cluster AND pole)"},
        {"écosys*", "(ecosys*)"},
        {"sous-traitance", "(\"sous|sou traitance\")"},
        {"le pôle de la région", "(le AND pole AND de AND le|la AND region)"},
        {"1982", "(1982)"},
        {"portes", "(porte|porter)"},
        {"innovatrices", "(innovateur|innovatrice)"},  // the English reading of a French word: its singular
        {"=porter", "(=porter)"},
        {"=\"pôles de compétitivité\"", "(\"=poles =de =competitivite\")"},
        {"\"=pôles de compétitivité\"", "(\"=poles de competitivite\")"},
        {"-=porter cluster", "(-=porter AND cluster)"},
    };
    for (const auto& c : cases) EXPECT_EQ(parse(c.query), c.parsed) << c.query;
}

TEST_F(QueryParserTest, StopwordsAreDroppedFromRequiredWordsButKeptInPhrases) {
    // Without an index, a word searches its lemmas as keys (the searcher
    // gives the index's forms of them).
    const ParsedQuery q = parse_query("le pôle de la région", analyzer);
    EXPECT_EQ(q.to_xapian().get_description(), "Query((pole AND region))");
    const ParsedQuery only = parse_query("de la", analyzer);
    EXPECT_EQ(only.to_xapian().get_description(), "Query((de AND (la SYNONYM le)))");
    const ParsedQuery phrase = parse_query("\"pôles de compétitivité\"", analyzer);
    EXPECT_EQ(phrase.to_xapian().get_description(), "Query(((poles OR pole) PHRASE 3 de PHRASE 3 competitivite))");
}

TEST_F(QueryParserTest, AWordExpandsToTheFormsOfItsLemmasInTheIndex) {
    QueryVocabulary words;
    words.lemmas_of = [](const std::string& key) { return key == "portes" ? std::vector<std::string>{"porte", "porter"} : std::vector<std::string>{}; };
    words.keys_of = [](const std::string& lemma) {
        if (lemma == "porter") return std::vector<std::string>{"porter", "porte", "portes", "porta"};
        if (lemma == "porte") return std::vector<std::string>{"porte", "portes"};
        return std::vector<std::string>{};
    };
    EXPECT_EQ(parse_query("porter", analyzer, {}, words).to_xapian().get_description(), "Query((porter SYNONYM porte SYNONYM portes SYNONYM porta))");
    EXPECT_EQ(parse_query("=porter", analyzer, {}, words).to_xapian().get_description(), "Query(porter)");
    EXPECT_EQ(parse_query("portes", analyzer, {}, words).to_xapian().get_description(),
              "Query((portes SYNONYM porte SYNONYM porter SYNONYM porta))");
}

TEST_F(QueryParserTest, MalformedQueriesSayWhatAndWhere) {
    EXPECT_EQ(error("\"pôle de"), "unclosed quote: the phrase opened here has no closing quote (column 1)");
    EXPECT_EQ(error("cluster \"pôle"), "unclosed quote: the phrase opened here has no closing quote (column 9)");
    EXPECT_EQ(error("OR cluster"), "OR needs a word or a group on each side (column 1)");
    EXPECT_EQ(error("cluster OR"), "OR needs a word or a group on each side (column 9)");
    EXPECT_EQ(error("(cluster"), "\"(\" is never closed (column 1)");
    EXPECT_EQ(error("cluster)"), "\")\" has no matching \"(\" (column 8)");
    EXPECT_EQ(error(""), "empty query: type some words to search for (column 1)");
    EXPECT_EQ(error("   "), "empty query: type some words to search for (column 1)");
    EXPECT_EQ(error("-cluster"), "only excluded words: add at least one word to search for (column 1)");
    EXPECT_EQ(error("cluster -"), "\"-\" must be followed by a word or a phrase (column 9)");
    EXPECT_EQ(error("cluster \"\""), "empty phrase: nothing to search between the quotes (column 9)");
    EXPECT_EQ(error("é*"), "\"é*\": a prefix needs at least two letters of one word before the * (column 1)");
    EXPECT_EQ(error("a OR -b"), "an excluded word (-word) cannot be one side of OR (column 6)");
    EXPECT_EQ(error("()"), "empty parentheses (column 1)");
}

TEST_F(QueryParserTest, HighlightsNameWhatSnippetsMark) {
    const ParsedQuery q = parse_query("\"pôle de compétitivité\" écosys* =porter cluster", analyzer);
    using Words = std::vector<std::vector<std::string>>;
    // A word marks its lemmas and the keys it stands for (without an
    // index's vocabulary, itself and its lemmas: then a passage's words are
    // matched by their lemmas too).
    EXPECT_EQ(q.highlight.phrases, (std::vector<Words>{{{"Zpole", "pole"}, {"Zde", "de"}, {"Zcompetitivite", "competitivite"}}}));
    EXPECT_EQ(q.highlight.words, (Words{{"porter"}, {"Zcluster", "cluster"}}));
    EXPECT_EQ(q.highlight.prefixes, (std::vector<std::string>{"ecosys"}));
    EXPECT_FALSE(q.highlight.by_keys);
    // With the index's vocabulary, every key that has the lemma: marked by key.
    QueryVocabulary index;
    index.keys_of = [](const std::string& lemma) {
        return lemma == "cluster" ? std::vector<std::string>{"cluster", "clusters"} : std::vector<std::string>{lemma};
    };
    const ParsedQuery with_index = parse_query("clusters", analyzer, {}, index);
    EXPECT_TRUE(with_index.highlight.by_keys);
    EXPECT_EQ(with_index.highlight.words, (Words{{"Zcluster", "clusters", "cluster"}}));
}

TEST_F(QueryParserTest, AnEqualsSignWithoutAWordIsAnError) {
    EXPECT_EQ(error("cluster ="), "\"=\" must be followed by a word or a phrase, as in =porter (column 9)");
}

}  // namespace
}  // namespace grappe
