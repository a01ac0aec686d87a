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
    const Case cases[] = {
        {"cluster", "(Zclust)"},
        {"ÉCOSYSTÈMES", "(Zecosystem)"},
        {"l’écosystème", "(Zecosystem)"},
        {"district industriel", "(Zdistrict AND Zindustriel)"},
        {"\"pôle de compétitivité\"", "(\"Zpol Zde Zcompetitivit\")"},
        {"«pôles de compétitivité»", "(\"Zpol Zde Zcompetitivit\")"},
        {"cluster -porter", "(Zclust AND -Zport)"},
        {"cluster -\"michael porter\"", "(Zclust AND -\"Zmichael Zport\")"},
        {"cluster pôle OR district", "(Zclust AND (Zpol OR Zdistrict))"},
        {"(milieu OR district) innovateur", "((Zmilieu OR Zdistrict) AND Zinnov)"},
        {"cluster AND pôle", "(Zclust AND Zpol)"},
        {"écosys*", "(ecosys*)"},
        {"sous-traitance", "(\"Zsou Ztraitanc\")"},
        {"le pôle de la région", "(Zle AND Zpol AND Zde AND Zla AND Zregion)"},
        {"1982", "(Z1982)"},
    };
    for (const auto& c : cases) EXPECT_EQ(parse(c.query), c.parsed) << c.query;
}

TEST_F(QueryParserTest, StopwordsAreDroppedFromRequiredWordsButKeptInPhrases) {
    const ParsedQuery q = parse_query("le pôle de la région", analyzer);
    EXPECT_EQ(q.to_xapian().get_description(), "Query((Zpol AND Zregion))");
    const ParsedQuery only = parse_query("de la", analyzer);
    EXPECT_EQ(only.to_xapian().get_description(), "Query((Zde AND Zla))");
    const ParsedQuery phrase = parse_query("\"pôle de compétitivité\"", analyzer);
    EXPECT_EQ(phrase.to_xapian().get_description(), "Query((Zpol PHRASE 3 Zde PHRASE 3 Zcompetitivit))");
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
    const ParsedQuery q = parse_query("\"pôle de compétitivité\" écosys*", analyzer);
    EXPECT_EQ(q.highlight_stems, (std::vector<std::string>{"Zpol", "Zcompetitivit"}));
    EXPECT_EQ(q.highlight_phrase_stopwords, (std::vector<std::string>{"Zde"}));
    EXPECT_EQ(q.highlight_prefixes, (std::vector<std::string>{"ecosys"}));
}

}  // namespace
}  // namespace grappe
