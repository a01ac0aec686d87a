// The concept lexicon and tagger: the default lexicon's agreed ids, the
// annotated sentences of tests/golden/concepts/sentences.tsv (every one
// asserted, precision and recall printed), mention spans, codebooks and
// the errors a user gets for a broken lexicon.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "analyze/analyzer.h"
#include "concepts/lexicon.h"
#include "concepts/tagger.h"
#include "evaluation/tagging_evaluation.h"

namespace grappe {
namespace {

std::set<std::string> concepts_in(const ConceptTagger& tagger, const std::string& text) {
    std::set<std::string> out;
    for (const auto& m : tagger.tag(Analyzer::prepare(text))) out.insert(m.id);
    return out;
}

std::string joined(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s) out += (out.empty() ? "" : ",") + x;
    return out.empty() ? "-" : out;
}

TEST(Lexicon, TheDefaultHasTheAgreedIds) {
    const Lexicon lexicon = Lexicon::default_lexicon();
    for (const char* id : {"district-industriel", "systeme-productif-local", "technopole", "milieu-innovateur", "proximite", "cluster",
                           "pole-competitivite", "grappe-entreprises", "ecosysteme-affaires", "ecosysteme-industriel",
                           "ecosysteme-innovation", "tiers-lieu", "pole-croissance"})
        EXPECT_NE(lexicon.find(id), nullptr) << id;
    for (const char* id : {"district", "milieu", "cluster", "ecosysteme"}) EXPECT_NE(lexicon.find_family(id), nullptr) << id;
    EXPECT_EQ(lexicon.find("district-industriel")->family, "district");
    EXPECT_EQ(lexicon.find("proximite")->family, "milieu");
    EXPECT_EQ(lexicon.find("pole-competitivite")->family, "cluster");
    EXPECT_EQ(lexicon.find("tiers-lieu")->family, "ecosysteme");
    for (const Concept& c : lexicon.concepts()) {
        EXPECT_FALSE(c.label.empty()) << c.id;
        EXPECT_FALSE(c.definition.empty()) << c.id;
        EXPECT_FALSE(c.references.empty()) << c.id;
    }
    EXPECT_EQ(lexicon.find("cluster")->references.front().author, "Porter");
    EXPECT_EQ(lexicon.find("cluster")->references.front().year, 1990);
}

TEST(ConceptTagger, AnnotatedSentences) {
    const Analyzer analyzer;
    const Lexicon lexicon = Lexicon::default_lexicon();
    const ConceptTagger tagger(lexicon, analyzer);
    const auto sentences =
        read_annotated_sentences((std::filesystem::path(GRAPPE_SOURCE_DIR) / "tests" / "golden" / "concepts" / "sentences.tsv").string());
    TaggingScore score;
    std::size_t negatives = 0, english = 0;
    for (const AnnotatedSentence& s : sentences) {
        for (const auto& id : s.expected) ASSERT_NE(lexicon.find(id), nullptr) << "unknown concept in the test set: " << id;
        const std::set<std::string> found = concepts_in(tagger, s.text);
        EXPECT_EQ(joined(found), joined(s.expected)) << s.text;
        score.add(s.expected, found);
        if (s.expected.empty()) ++negatives;
        if (s.text.find(" the ") != std::string::npos || s.text.find("The ") == 0) ++english;
    }
    EXPECT_GE(sentences.size(), 80u);
    EXPECT_GE(negatives, 20u);  // the ambiguous heads and other traps
    EXPECT_GE(english, 5u);
    std::printf("concept tagging on %zu annotated sentences: precision %.3f, recall %.3f (%zu true, %zu false, %zu missed)\n",
                sentences.size(), score.precision(), score.recall(), score.true_positives, score.false_positives, score.false_negatives);
}

TEST(ConceptTagger, MentionsSpanTheOriginalWords) {
    const Analyzer analyzer;
    const ConceptTagger tagger(Lexicon::default_lexicon(), analyzer);
    const std::string text = Analyzer::prepare("Les Pôles de compétitivité et l’écosystème d’affaires (Moore, 1993).");
    const auto mentions = tagger.tag(text);
    ASSERT_EQ(mentions.size(), 2u);
    EXPECT_EQ(mentions[0].id, "pole-competitivite");
    EXPECT_EQ(text.substr(mentions[0].begin, mentions[0].end - mentions[0].begin), "Pôles de compétitivité");
    EXPECT_EQ(mentions[1].id, "ecosysteme-affaires");
    EXPECT_EQ(text.substr(mentions[1].begin, mentions[1].end - mentions[1].begin), "écosystème d’affaires");
    EXPECT_EQ(tagger.family_of("ecosysteme-affaires"), "ecosysteme");
}

TEST(ConceptTagger, FormsStopAtPunctuationAndParagraphs) {
    const Analyzer analyzer;
    const ConceptTagger tagger(Lexicon::default_lexicon(), analyzer);
    EXPECT_TRUE(concepts_in(tagger, "le pôle.\nDe compétitivité, rien").empty());
    EXPECT_TRUE(concepts_in(tagger, "un district\nindustriel").empty());
    EXPECT_EQ(joined(concepts_in(tagger, "un district industriel")), "district-industriel");
    // The ligature of a PDF font and a soft hyphen are undone by prepare().
    EXPECT_EQ(joined(concepts_in(tagger, "les \xEF\xAC\x81rmes motrices et les fab\xC2\xADlabs")), "pole-croissance,tiers-lieu");
}

// --- codebooks and errors ---------------------------------------------------

std::string error_of(const std::string& toml, const std::string& source = "codebook.toml") {
    Lexicon lexicon = Lexicon::default_lexicon();
    try {
        lexicon.add_layer(toml, source);
    } catch (const LexiconError& e) {
        EXPECT_EQ(lexicon.sources().size(), 1u) << "a refused layer must change nothing";
        return e.what();
    }
    return "";
}

TEST(Lexicon, ErrorsNameTheFileTheLineAndTheFix) {
    const std::string unknown_family = error_of("[[concept]]\nid = \"living-lab\"\nfamily = \"labs\"\nforms = [\"living lab\"]\n");
    EXPECT_NE(unknown_family.find("codebook.toml:1:"), std::string::npos) << unknown_family;
    EXPECT_NE(unknown_family.find("family 'labs'"), std::string::npos) << unknown_family;
    EXPECT_NE(unknown_family.find("[[family]]"), std::string::npos) << unknown_family;

    const std::string duplicate =
        error_of("[[concept]]\nid = \"x\"\nfamily = \"cluster\"\nforms = [\"a b\"]\n\n[[concept]]\nid = \"x\"\nfamily = \"cluster\"\nforms = [\"c\"]\n");
    EXPECT_NE(duplicate.find("codebook.toml:6: duplicate concept id 'x' (first defined at codebook.toml:1)"), std::string::npos) << duplicate;

    const std::string empty_form = error_of("[[concept]]\nid = \"x\"\nfamily = \"cluster\"\nforms = [\"grappe\",\n  \" \"]\n");
    EXPECT_NE(empty_form.find("codebook.toml:5: concept 'x' has an empty form"), std::string::npos) << empty_form;

    const std::string syntax = error_of("[[concept]\nid = \"x\"\n");
    EXPECT_NE(syntax.find("codebook.toml:1: TOML syntax"), std::string::npos) << syntax;

    const std::string misspelt = error_of("[[concept]]\nid = \"x\"\nfamily = \"cluster\"\nfrom = [\"y\"]\n");
    EXPECT_NE(misspelt.find("codebook.toml:4: unknown key 'from' in concept 'x'; did you mean 'forms'?"), std::string::npos) << misspelt;

    const std::string bad_id = error_of("[[concept]]\nid = \"Pôle\"\nfamily = \"cluster\"\nforms = [\"y\"]\n");
    EXPECT_NE(bad_id.find("codebook.toml:2: concept id 'Pôle' must be"), std::string::npos) << bad_id;

    const std::string no_forms = error_of("[[concept]]\nid = \"x\"\nfamily = \"cluster\"\n");
    EXPECT_NE(no_forms.find("has no forms"), std::string::npos) << no_forms;

    const std::string top = error_of("[concepts.cluster]\nforms = [\"a\"]\n");
    EXPECT_NE(top.find("unknown key 'concepts' at the top level; did you mean 'concept'?"), std::string::npos) << top;
}

TEST(Lexicon, ACodebookAddsOverridesExtendsAndDisables) {
    const Analyzer analyzer;
    Lexicon lexicon = Lexicon::default_lexicon();
    const std::string before = lexicon.tagging_hash();
    lexicon.add_layer(R"(
[[family]]
id = "labs"
label = "Laboratoires d'usages"

[[concept]]
id = "living-lab"
family = "labs"
forms = ["living lab", "laboratoire vivant"]

[[concept]]
id = "cluster"
more_forms = ["grappe technologique"]

[[concept]]
id = "technopole"
disabled = true

[[concept]]
id = "pole-croissance"
forms = ["pôle de croissance"]
)",
                      "mine.toml");
    EXPECT_NE(lexicon.tagging_hash(), before);
    const ConceptTagger tagger(lexicon, analyzer);
    EXPECT_EQ(joined(concepts_in(tagger, "Les living labs et la grappe technologique")), "cluster,living-lab");
    EXPECT_EQ(joined(concepts_in(tagger, "Le cluster de Sophia, une technopole")), "cluster");
    EXPECT_EQ(joined(concepts_in(tagger, "La firme motrice du pôle de croissance")), "pole-croissance");
    EXPECT_EQ(concepts_in(tagger, "La firme motrice").size(), 0u);
    EXPECT_EQ(lexicon.find("cluster")->label, "cluster");  // kept: the codebook did not give one
    EXPECT_EQ(lexicon.find("living-lab")->label, "living lab");
    ASSERT_EQ(lexicon.sources().size(), 2u);
    EXPECT_EQ(lexicon.sources()[1], "mine.toml");
}

TEST(Lexicon, TheHashFollowsMatchingNotWording) {
    Lexicon a = Lexicon::default_lexicon();
    Lexicon b = Lexicon::default_lexicon();
    b.add_layer("[[concept]]\nid = \"cluster\"\nlabel = \"grappe (cluster)\"\ndefinition = \"autre\"\n", "labels.toml");
    EXPECT_EQ(a.tagging_hash(), b.tagging_hash());
    b.add_layer("[[concept]]\nid = \"cluster\"\nmore_forms = [{ text = \"clusterisation\", window = 3 }]\n", "forms.toml");
    EXPECT_NE(a.tagging_hash(), b.tagging_hash());
}

TEST(ConceptTagger, ConditionsOnNeighbours) {
    const Analyzer analyzer;
    Lexicon lexicon;
    lexicon.add_layer(R"(
[[family]]
id = "f"
[[concept]]
id = "pole"
family = "f"
forms = [{ text = "pôle", not_followed_by = ["nord", "sud"], not_preceded_by = ["le grand"], only_near = ["compétitivité", "cluster"], window = 4 }]
[[concept]]
id = "acronym"
family = "f"
forms = [{ text = "PME", case_sensitive = true }]
)",
                      "conditions.toml");
    const ConceptTagger tagger(lexicon, analyzer);
    EXPECT_EQ(joined(concepts_in(tagger, "ce pôle, issu d'un cluster")), "pole");
    EXPECT_EQ(joined(concepts_in(tagger, "ce pôle nord, issu d'un cluster")), "-");
    EXPECT_EQ(joined(concepts_in(tagger, "le grand pôle, issu d'un cluster")), "-");
    EXPECT_EQ(joined(concepts_in(tagger, "ce pôle est loin, très loin, bien trop loin d'un cluster")), "-");  // outside the window
    EXPECT_EQ(joined(concepts_in(tagger, "les PME du secteur")), "acronym");
    EXPECT_EQ(joined(concepts_in(tagger, "les pme du secteur")), "-");
}

TEST(ConceptTagger, FormStemsAreWhatRetagLooksFor) {
    const Analyzer analyzer;
    Lexicon lexicon;
    lexicon.add_layer(R"(
[[family]]
id = "f"
[[concept]]
id = "concurrence"
family = "f"
forms = ["de la concurrence", "concurrences", "l'économie de la proximité"]
)",
                      "stems.toml");
    const ConceptTagger tagger(lexicon, analyzer);
    // Each form once, its words' lemmas (French and English) sorted and
    // once each; "concurrences" and the "concurrence" of the first form share
    // a lemma but not a form; an elided article (l') is no word of its own.
    using W = ConceptTagger::Word;
    // ("concurrences" may be the verb concurrencer's too; "la" the article le or the note la.)
    const std::vector<std::vector<W>> expected = {{W{"concurrence", "concurrencer"}}, {W{"concurrence", "concurrencer"}, W{"de"}, W{"le", "la"}},
                                                  {W{"de"}, W{"economie"}, W{"le", "la"}, W{"proximite"}}};
    EXPECT_EQ(tagger.form_lemmas(), expected);
}

}  // namespace
}  // namespace grappe
