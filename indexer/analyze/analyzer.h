// The one French analyzer: document text and query text both go through it,
// so that what is indexed and what is asked are always spelled the same way.
//
// In:  UTF-8 text in NFC (call Analyzer::prepare() on anything else first;
//      offsets refer to the prepared text).
// Out: one Token per word, in order, with
//      - exact: case-folded, ligatures expanded, accents kept ("écosystème", "œuvre");
//      - key:   exact with accents removed and œ/æ spelled oe/ae ("ecosysteme");
//      - lemmas: the folded lemmas of the word in the passage's language
//               (lemmatizer.h): "écosystèmes" -> ecosysteme, "portes" ->
//               porte, porter; a word no dictionary knows, its key's
//               singular ("fablabs" -> fablab);
//      - begin/end: byte offsets into the input, never changed by any rule;
//      - position: 1-based word position (elided articles take none);
//      - stopword: key is in stopwords/fr.txt (callers decide what that means:
//        the indexer keeps every word so phrases work, queries drop them).
//
// Rules, each with a golden test in tests/golden/analyzer/:
//  - words are runs of letters, combining marks and digits; numbers and years
//    are words; hyphens split words ("sous-traitance" is "sous" "traitance",
//    at index and query time alike, so the compound is found as a phrase);
//  - elision: l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu' quoiqu' with
//    ' or ’ are dropped, the word after them is the token;
//    any other apostrophe splits ("aujourd'hui" -> "aujourd" "hui");
//  - soft hyphens and zero-width characters inside a word are ignored;
//  - no-break and narrow no-break spaces separate words like spaces;
//  - footnote markers (superscript digits, ^{12}, ^12) are not words and are
//    never glued to the word they follow.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analyze/lemmatizer.h"

namespace grappe {

struct Token {
    std::string exact;
    std::string key;
    Lemmas lemmas;  // never empty once analysed (unless analysed without lemmas)
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::uint32_t position = 0;
    bool stopword = false;
};

// Not thread-safe (it caches folded words): one Analyzer per thread. The
// indexer's workers are processes, each with its own copy.
class Analyzer {
  public:
    // Bump when any rule changes what terms a text produces: the index records
    // it and refuses to be searched by a build that would analyse differently.
    // 2: lemmas (Hunspell) instead of Snowball stems, keys indexed with positions.
    // 3: English comparatives, listed plurals and inflections of derived words.
    static constexpr int kVersion = 3;

    Analyzer();
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    // Gives the caches all their buckets now, before an indexing run forks
    // its workers (see Lemmatizer::reserve_for_workers); a search does not.
    void reserve_for_workers() const;

    // NFC, ligatures U+FB00..FB06 expanded, soft hyphens removed: the form in
    // which text is stored and analysed.
    [[nodiscard]] static std::string prepare(std::string_view text);

    // Lemmas in `language` (a passage's, from detect_language over its keys;
    // French when unknown). Without `lemmas`, tokens have none (a search
    // that marks a passage's words by their keys needs only those).
    [[nodiscard]] std::vector<Token> analyze(std::string_view prepared, Language language = Language::French, bool lemmas = true) const;
    // The same tokens' lemmas again in another language (a passage found
    // to be English once its words were read).
    void lemmatize(std::vector<Token>& tokens, Language language) const;

    // The lemmatizer this analyzer uses (its cache travels from an indexing
    // run's workers to the parent; queries ask it in both languages).
    [[nodiscard]] Lemmatizer& lemmatizer() const { return *lemmatizer_; }

    // Whether a search for one of two words or phrases finds the other, read
    // in a passage of `language`: their tokens pair up and each pair shares
    // its key (what the index holds: "etes" and "êtes" are one key) or a
    // lemma (what a query word expands to). How tests/golden/words/ is scored.
    [[nodiscard]] bool meet(std::string_view a, std::string_view b, Language language) const;

    // Folds one word the way analyze() folds its tokens (for prefix queries).
    [[nodiscard]] Token fold_word(std::string_view word) const;

    [[nodiscard]] bool is_stopword(std::string_view key) const;

    // Compact description for tests: "key/lemma|lemma[pos]" per token,
    // stopwords suffixed with "*", e.g. "ecosystemes/ecosysteme[1] portes/porte|porter[2]".
    [[nodiscard]] std::string describe(std::string_view text) const;

  private:
    [[nodiscard]] Token fold_uncached(std::string_view word) const;
    struct Internal;
    std::unique_ptr<Internal> internal_;
    std::unique_ptr<Lemmatizer> lemmatizer_;
};

}  // namespace grappe
