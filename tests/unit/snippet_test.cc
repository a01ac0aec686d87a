// Snippets: exact original words, every matched form marked, nothing else.
#include <gtest/gtest.h>

#include <filesystem>

#include "text/utf8.h"
#include "concepts/tagger.h"
#include "extract/extractors.h"
#include "repair/repair.h"
#include "segment/passages.h"
#include "store/schema.h"
#include "parse/query_parser.h"
#include "snippets/snippet.h"

namespace grappe {
namespace {

std::string marked(const std::string& text, const std::string& query, size_t width = 300) {
    const Analyzer analyzer;
    const ParsedQuery q = parse_query(query, analyzer);
    const Snippet s = make_snippet(Analyzer::prepare(text), q.highlight,
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

// A phrase is marked where it stands, not a lone word of it elsewhere.
TEST(Snippet, APhraseIsMarkedAsAPhraseNotItsWordsAlone) {
    EXPECT_EQ(marked("Le pôle Nord et les pôles de compétitivité, puis un pôle urbain.", "\"pôle de compétitivité\""),
              "Le pôle Nord et les [pôles] [de] [compétitivité], puis un pôle urbain.");
    // Inflections meet, derivations do not: "innovant" is not "innovation".
    EXPECT_EQ(marked("Un écosystème innovant, puis des écosystèmes d’innovation.", "\"écosystème d'innovation\""),
              "Un écosystème innovant, puis des [écosystèmes] d’[innovation].");
    // The word as written: "Porter" and "porter", not "porté" nor "portes".
    EXPECT_EQ(marked("Porter l’a porté par les portes ; porter.", "=porter"), "[Porter] l’a porté par les portes ; [porter].");
    EXPECT_EQ(marked("Porter l’a porté par les portes ; porter.", "porter"), "[Porter] l’a [porté] par les [portes] ; [porter].");
}

TEST(Snippet, ConceptMentionsAreMarkedAndNestQueryWords) {
    const Analyzer analyzer;
    const ConceptTagger tagger(Lexicon::default_lexicon(), analyzer);
    const std::string text = Analyzer::prepare("Les pôles de compétitivité, puis les clusters (Porter, 1998).");
    const ParsedQuery q = parse_query("compétitivité", analyzer);
    const Snippet s = make_snippet(text, q.highlight, analyzer, 300, tagger.tag(text));
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

TEST(Snippet, WordsFurtherApartThanAWindowAreShownInTwoFragments) {
    std::string text = "Le début parle de coopération entre firmes. ";
    for (int i = 0; i < 30; ++i) text += "remplissage ";
    text += "Puis vient Prato, et la fin.";
    const std::string s = marked(text, "coopération Prato", 120);
    EXPECT_NE(s.find("[coopération]"), std::string::npos) << s;
    EXPECT_NE(s.find("[Prato]"), std::string::npos) << s;
    EXPECT_NE(s.find(" … "), std::string::npos) << s;
    EXPECT_LT(s.size(), 200u) << s;
}

TEST(Snippet, CodepointOffsetsCountCharactersNotBytes) {
    EXPECT_EQ(codepoint_offset("pôle de", 6), 5u);
}

}  // namespace
}  // namespace grappe

namespace grappe {
namespace {

// The stored passages of every file of the sample corpus, and of
// ../shared/corpus-topic and ../shared/seeds when they are there: texts
// with no-break spaces, « », curly quotes, ligatures and accents.
std::vector<std::string> corpus_passages() {
    namespace fs = std::filesystem;
    std::vector<fs::path> folders = {fs::path(GRAPPE_SOURCE_DIR) / "corpus" / "sample"};
    for (const char* shared : {"corpus-topic", "seeds"})
        if (fs::is_directory(fs::path(GRAPPE_SHARED_DIR) / shared)) folders.push_back(fs::path(GRAPPE_SHARED_DIR) / shared);
    const WordList words;
    std::vector<std::string> out;
    for (const auto& folder : folders)
        for (const auto& entry : fs::recursive_directory_iterator(folder)) {
            if (!entry.is_regular_file() || format_of(entry.path().string()) == FileFormat::Unsupported) continue;
            try {
                for (const Passage& p : segment(repair(extract_file(entry.path().string()), words))) out.push_back(p.text);
            } catch (const ExtractionError&) {
            }
        }
    return out;
}

TEST(Snippet, EveryCutOfEveryPassageOfARealCorpusIsValidUtf8) {
    const Analyzer analyzer;
    const std::vector<std::string> passages = corpus_passages();
    const bool shared = std::filesystem::is_directory(std::filesystem::path(GRAPPE_SHARED_DIR) / "seeds");
    ASSERT_GT(passages.size(), shared ? 500u : 50u);  // the sample corpus alone in a user's clone
    std::size_t multibyte = 0, snippets = 0;
    for (const std::string& text : passages) {
        ASSERT_TRUE(is_valid_utf8(text));
        for (std::size_t at = 0; at <= text.size(); ++at) {
            const std::size_t start = char_start(text, at), end = char_end(text, at);
            ASSERT_LE(start, at);
            ASSERT_GE(end, at);
            ASSERT_TRUE(is_valid_utf8(std::string_view(text).substr(0, start))) << text << " @" << at;
            ASSERT_TRUE(is_valid_utf8(std::string_view(text).substr(end))) << text << " @" << at;
            if (start != at) ++multibyte;
        }
        // A snippet anchored on every word, in windows narrower than a word
        // and wider: its text and its rendering stay whole characters.
        const std::vector<Token> tokens = analyzer.analyze(text);
        for (const Token& t : tokens) {
            Highlight q;
            q.words.push_back({t.key});
            for (std::size_t width : {3u, 17u, 60u, 150u}) {
                const Snippet s = make_snippet(text, q, analyzer, width);
                ++snippets;
                ASSERT_TRUE(is_valid_utf8(s.text)) << "width " << width << " on: " << text;
                ASSERT_TRUE(is_valid_utf8(render_marked(s, MarkStyle{"[", "]", "{", "}"})));
                for (const auto& [b, e] : s.marks) ASSERT_TRUE(b <= e && e <= s.text.size());
            }
        }
    }
    EXPECT_GT(multibyte, shared ? 10000u : 1000u);  // the corpus has characters to cut inside of
    EXPECT_GT(snippets, shared ? 100000u : 10000u);
}

TEST(Snippet, ClosingPunctuationIsTakenWholeAndANoBreakSpaceIsNotSplit) {
    const Analyzer analyzer;
    // "cluster" then a no-break space (C2 A0): the window's end must not take its first byte.
    const std::string text = Analyzer::prepare("Le cluster\u00A0: une idée de Porter « reprise » partout, et encore d'autres mots pour remplir.");
    const ParsedQuery q = parse_query("cluster", analyzer);
    const Snippet s = make_snippet(text, q.highlight, analyzer, 12);
    EXPECT_TRUE(is_valid_utf8(s.text)) << s.text;
    EXPECT_EQ(s.text, "Le cluster");
}

TEST(Utf8, MalformedBytesBecomeReplacementCharacters) {
    EXPECT_EQ(valid_utf8("caf\xE9 ok"), "caf\xEF\xBF\xBD ok");
    EXPECT_EQ(valid_utf8("p\xC3\xB4le"), "p\xC3\xB4le");
    EXPECT_EQ(valid_utf8("cut \xC2"), "cut \xEF\xBF\xBD");
    EXPECT_EQ(char_start("pôle", 2), 1u);
    EXPECT_EQ(char_end("pôle", 2), 3u);
}

}  // namespace
}  // namespace grappe
