// Lemmas: the dictionary forms that the inflected forms of a word share,
// so that plurals, feminines and verb forms meet (milieux/milieu,
// innovatrices/innovateur, coopèrent/coopérer) while derivations and
// look-alikes do not (innovateur/innovation, porter/port,
// définition/définitive, désigne/design), as a history of words needs.
//
// Read from Debian's Hunspell dictionaries (hunspell-fr-classical,
// hunspell-en-us), whose affix rules are inflectional: a derivation is a
// word of its own there. French passages are read with the French
// dictionary, English ones with the English; a word the dictionary lacks
// ("clustering", a name, a word in capitals without its accents) keeps its
// folded form, without a final plural "s" ("fablabs" meets "fablab").
// An ambiguous form has each of its lemmas ("portes": porte, porter).
// Lemmas are folded like keys (accents and case removed): "écosystème" ->
// "ecosysteme".
//
// The dictionaries take 0.1-0.2 s and 40 MB to load: they are loaded once per
// process, when a word first needs them, and shared by every Lemmatizer of
// the process (calls are serialised). Each Lemmatizer keeps its own cache
// of words, which an indexing run carries from worker to worker
// (new_entries / learn).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace grappe {

enum class Language : std::uint8_t { French, English };

// A word's lemmas, shared by every token of that word (a text's million
// tokens cost no million lists). Never empty once assigned.
class Lemmas {
  public:
    Lemmas() = default;
    explicit Lemmas(std::vector<std::string> list) : list_(std::make_shared<const std::vector<std::string>>(std::move(list))) {}
    [[nodiscard]] const std::vector<std::string>& list() const { return list_ ? *list_ : none(); }
    operator const std::vector<std::string>&() const { return list(); }  // NOLINT: a list of lemmas is what it is
    [[nodiscard]] auto begin() const { return list().begin(); }
    [[nodiscard]] auto end() const { return list().end(); }
    [[nodiscard]] std::size_t size() const { return list().size(); }
    [[nodiscard]] bool empty() const { return list().empty(); }
    [[nodiscard]] const std::string& operator[](std::size_t i) const { return list()[i]; }
    [[nodiscard]] const std::string& front() const { return list().front(); }
    bool operator==(const Lemmas& other) const { return list() == other.list(); }
    bool operator==(const std::vector<std::string>& other) const { return list() == other; }

  private:
    static const std::vector<std::string>& none() {
        static const std::vector<std::string> empty;
        return empty;
    }
    std::shared_ptr<const std::vector<std::string>> list_;
};

// The dictionaries cannot be found or read: what to install.
class DictionaryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Lemmatizer {
  public:
    Lemmatizer() = default;

    // Gives the cache all its buckets now: a worker forked from an indexing
    // run shares its parent's cache, and a rehash in the worker would write
    // to (and so copy) every page of it. Not for a query: a search that
    // allocates and clears 4 MB it will not use starts slower.
    void reserve_for_workers() { cache_.reserve(kCacheLimit); }

    // The lemmas an index recorded for a folded key (empty: a key it does
    // not hold). A searcher reads its passages' words and its query words
    // there first, so that a search loads the dictionaries (0.1-0.2 s,
    // 40 MB) only for a query word that no indexed text has.
    using Vocabulary = std::function<std::vector<std::string>(const std::string& key)>;
    void use_vocabulary(Vocabulary vocabulary) {
        vocabulary_ = std::move(vocabulary);
        vocabulary_cache_.clear();
    }

    // Loads the dictionaries now (an indexing run, before it forks its
    // workers, so that they share them). Throws DictionaryError.
    static void load_dictionaries();
    // Whether this process has loaded them (a search that never needed
    // them should not have paid for them).
    [[nodiscard]] static bool dictionaries_loaded();

    // The folded lemmas of a word given lower-cased with its accents
    // (Token::exact) and folded (Token::key); never empty.
    [[nodiscard]] Lemmas lemmas(const std::string& exact, const std::string& key, Language language);
    // The word's lemmas in both languages together, each as lemmas() gives
    // them (a French word is its singular for the English dictionary): how
    // the word may have been read in a French or an English passage, for a
    // query word whose language is unknown and the words of the lexicon's
    // forms, which meet both kinds of passages.
    [[nodiscard]] std::vector<std::string> both_languages(const std::string& exact, const std::string& key);

    // Entries looked up in the dictionaries since the last call (a
    // worker's, for its parent), and entries another Lemmatizer found.
    using Entry = std::pair<std::string, std::vector<std::string>>;  // "f:exact" or "e:exact" -> the dictionary's lemmas
    [[nodiscard]] std::vector<Entry> new_entries();
    void learn(const std::vector<Entry>& entries);

  private:
    // What the dictionary of `language` knows of the word (empty: nothing),
    // and the lemmas the word has then (its singular when unknown), cached.
    struct Known {
        std::vector<std::string> dictionary;
        Lemmas lemmas;
    };
    const Known& known(const std::string& exact, const std::string& key, Language language);
    std::unordered_map<std::string, Known> cache_;  // "f:exact" / "e:exact"
    std::vector<Entry> fresh_;
    Vocabulary vocabulary_;
    std::unordered_map<std::string, Lemmas> vocabulary_cache_;  // key -> the index's lemmas (empty: not there)
    static constexpr std::size_t kCacheLimit = 500000;
};

// The folded form without a final plural: "fablabs" -> "fablab", "milieux"
// -> "milieu"; what a word the dictionary lacks is indexed as.
[[nodiscard]] std::string singular(const std::string& key);

}  // namespace grappe
