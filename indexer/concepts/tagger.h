// ConceptTagger: finds the lexicon's surface forms in a passage, on the
// Analyzer's tokens of its stored text, so that case, accents, elision,
// inflection and repaired line-break hyphens never matter.
//
// A form matches a run of consecutive tokens when
//  - each token shares a lemma with the form's word at that place (the
//    word's lemmas in French and English, so that a form meets both kinds
//    of passages; the word itself, letter for letter, for a case-sensitive
//    form);
//  - the elided words between them are the form's ("écosystème d'affaires"
//    wants the d'; "écosystème affaires" does not match), and nothing but
//    spaces, hyphens, apostrophes or footnote marks lies between them (no
//    sentence punctuation, no paragraph break);
//  - its conditions hold (not_preceded_by, not_followed_by, unless_near,
//    only_near; see corpus/concepts/fr.toml).
// Mentions never overlap: scanning left to right, the longest form that
// matches at a token wins (two concepts that share that form both get it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyze/analyzer.h"
#include "concepts/lexicon.h"

namespace grappe {

struct ConceptMention {
    std::string id;  // the concept's
    std::uint32_t begin = 0;  // byte offsets into the passage text, end exclusive
    std::uint32_t end = 0;
    bool operator==(const ConceptMention&) const = default;
};

class ConceptTagger {
  public:
    // Throws LexiconError for a form the analyzer finds no word in.
    ConceptTagger(const Lexicon& lexicon, const Analyzer& analyzer);

    // `tokens` are analyzer.analyze(text). Mentions in text order.
    [[nodiscard]] std::vector<ConceptMention> tag(std::string_view text, const std::vector<Token>& tokens) const;
    // Convenience for tests and tools: analyses the text itself. The text
    // must be prepared (Analyzer::prepare; stored passage text is).
    [[nodiscard]] std::vector<ConceptMention> tag(std::string_view prepared) const;

    // The family of a concept of the lexicon ("" for an unknown id).
    [[nodiscard]] const std::string& family_of(std::string_view concept_id) const;
    // For each form, the lemmas each of its words may have: a text with no
    // lemma of some word of every form has no mention (retag reads again
    // only the passages that have them).
    using Word = std::vector<std::string>;  // the lemmas a form's word meets
    [[nodiscard]] std::vector<std::vector<Word>> form_lemmas() const;

  private:
    using Phrase = std::vector<Word>;  // in order
    struct Pattern {
        std::size_t concept_index = 0;
        std::vector<Word> words;
        std::vector<std::string> gaps;   // gaps[k]: letters of the elided words before word k
        std::vector<std::string> cased;  // word as written, for case-sensitive forms; else empty
        std::vector<Phrase> not_preceded_by, not_followed_by, unless_near, only_near;
        unsigned window = 10;
    };
    [[nodiscard]] bool matches(const Pattern& p, std::string_view text, const std::vector<Token>& tokens, std::size_t at) const;
    [[nodiscard]] Phrase phrase(const std::string& words) const;

    const Analyzer& analyzer_;
    std::vector<std::string> concept_ids_;
    std::unordered_map<std::string, std::string> family_;
    std::vector<Pattern> patterns_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_first_lemma_;  // longest first
};

}  // namespace grappe
