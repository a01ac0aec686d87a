#include "analyze/lemmatizer.h"

#include <hunspell/hunspell.hxx>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <unordered_set>

#include "analyze/analyzer.h"
#include "text/folding.h"

namespace grappe {
namespace {

// Where Debian puts them; GRAPPE_HUNSPELL_DIR first when set.
std::string find_dictionary(const std::string& name) {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("GRAPPE_HUNSPELL_DIR"); env && *env) dirs.emplace_back(env);
    dirs.insert(dirs.end(), {"/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell"});
    for (const auto& dir : dirs) {
        const std::filesystem::path base = std::filesystem::path(dir) / name;
        if (std::filesystem::exists(base.string() + ".aff") && std::filesystem::exists(base.string() + ".dic")) return base.string();
    }
    return "";
}

// The process's dictionaries: loaded once, used by one caller at a time
// (Hunspell keeps state between calls).
struct Dictionaries {
    std::unique_ptr<Hunspell> french, english;
    std::mutex calls;
};

std::atomic<bool> dictionaries_were_loaded{false};

Dictionaries& dictionaries() {
    // Never destroyed: a forked worker that exits would otherwise free every
    // node of its parent's dictionaries, and so copy every page of them.
    static Dictionaries& d = *new Dictionaries;
    static std::once_flag loaded;
    static std::string error;
    std::call_once(loaded, [] {
        const std::string fr = find_dictionary("fr_FR"), en = find_dictionary("en_US");
        if (fr.empty() || en.empty()) {
            error = std::string("the Hunspell dictionaries ") + (fr.empty() ? "fr_FR " : "") + (en.empty() ? "en_US " : "") +
                    "are missing (looked in /usr/share/hunspell): install hunspell-fr-classical and hunspell-en-us (tools/setup does)";
            return;
        }
        d.french = std::make_unique<Hunspell>((fr + ".aff").c_str(), (fr + ".dic").c_str());
        d.english = std::make_unique<Hunspell>((en + ".aff").c_str(), (en + ".dic").c_str());
        dictionaries_were_loaded = true;
    });
    if (!error.empty()) throw DictionaryError(error);
    return d;
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// en_US's affix flags that inflect a word: plural S, past D, possessive M,
// superlative T, and comparative R when the stem also has a superlative
// (cheaper: cheapest; not porter, worker: no portest, workest). Its other
// flags derive new words (N innovate -> innovation, Y quick -> quickly, G
// cluster -> clustering, prefixes un-, re-, de-), which must not meet.
// (fr_FR's affixes all inflect: its stems are lemmas.)
bool inflections_only(Hunspell& english, const std::string& word, const std::string& analysis, std::string& stem) {
    std::size_t at = 0;
    stem.clear();
    while (at < analysis.size()) {
        while (at < analysis.size() && analysis[at] == ' ') ++at;
        std::size_t end = analysis.find(' ', at);
        if (end == std::string::npos) end = analysis.size();
        const std::string_view field(analysis.data() + at, end - at);
        if (field.rfind("st:", 0) == 0 && stem.empty()) stem = std::string(field.substr(3));
        if (field == "fl:R") {
            // "-er" -> "-est": drop the r, add "st" (cheaper, easier, bigger).
            const std::string superlative = word.substr(0, word.size() - 1) + "st";
            if (!word.ends_with('r') || !english.spell(superlative)) return false;
        } else if (field.rfind("fl:", 0) == 0 && !(field == "fl:S" || field == "fl:D" || field == "fl:M" || field == "fl:T")) {
            return false;
        }
        at = end;
    }
    return !stem.empty();
}

// The English dictionary's lemmas of a word (the caller holds the lock).
// An ambiguous form has each of its lemmas: "works" is "works" (a
// factory) and "work".
std::vector<std::string> english_stems(Hunspell& english, const std::string& word) {
    std::vector<std::string> stems;
    std::string stem;
    for (const std::string& a : english.analyze(word))
        if (inflections_only(english, word, a, stem) && std::find(stems.begin(), stems.end(), stem) == stems.end()) stems.push_back(stem);
    return stems;
}

// A word en_US knows only as a word of its own may still be an inflection
// of another such word: it lists some regular plurals apart ("graphs",
// "lengths", "integrations"), and a derived word's inflections are
// derivations to its affix rules ("redefined": re- define -d, "porters").
// Such a word is the inflection of its base when that is a word too:
// a plural "-s" of a listed word (not the "-ics" of a discipline, nor
// "-ss", "-us", "-is"), and also a past "-ed" of a derived one.
std::vector<std::string> english_inflected(Hunspell& english, const std::string& word, const std::vector<std::string>& stems) {
    static const std::unordered_set<std::string> not_plurals = {"news", "species", "series", "means", "lens", "always", "perhaps"};
    // Known, as itself or only through derivations (an unknown word is no inflection of anything).
    const bool listed = stems.size() == 1 && stems[0] == word, derived = stems.empty() && english.spell(word);
    if ((!listed && !derived) || word.size() < 5 || not_plurals.count(word)) return {};
    std::vector<std::string> bases;
    if (word.ends_with('s') && !word.ends_with("ics") && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is")) {
        if (word.ends_with("ies")) bases.push_back(word.substr(0, word.size() - 3) + "y");
        if (word.ends_with("es")) bases.push_back(word.substr(0, word.size() - 2));
        bases.push_back(word.substr(0, word.size() - 1));
    }
    if (derived && word.ends_with("ed")) {
        if (word.ends_with("ied")) bases.push_back(word.substr(0, word.size() - 3) + "y");
        bases.push_back(word.substr(0, word.size() - 1));
        bases.push_back(word.substr(0, word.size() - 2));
    }
    for (const std::string& base : bases)
        if (base.size() >= 3 && english.spell(base)) {
            std::vector<std::string> lemmas = english_stems(english, base);
            return lemmas.empty() ? std::vector<std::string>{base} : lemmas;
        }
    return {};
}

// The dictionary's lemmas of a word, folded and without repeats; empty
// when the dictionary does not know it.
std::vector<std::string> dictionary_lemmas(const std::string& exact, Language language) {
    Dictionaries& d = dictionaries();
    std::vector<std::string> stems;
    {
        const std::lock_guard<std::mutex> lock(d.calls);
        if (language == Language::French) {
            stems = d.french->stem(exact);
        } else {
            stems = english_stems(*d.english, exact);
            if (std::vector<std::string> base = english_inflected(*d.english, exact, stems); !base.empty()) stems = std::move(base);
        }
    }
    std::vector<std::string> out;
    for (const std::string& s : stems) {
        std::string f = fold_text(s);
        if (!f.empty() && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(std::move(f));
    }
    return out;
}

}  // namespace

std::string singular(const std::string& key) {
    static const std::unordered_set<std::string> eux_nouns = {"milieux", "lieux", "enjeux", "jeux", "feux", "voeux",
                                                              "cheveux", "neveux", "aveux", "adieux", "essieux"};
    if (eux_nouns.count(key)) return key.substr(0, key.size() - 1);
    if (key.size() > 3 && key.back() == 's' && key[key.size() - 2] != 's') return key.substr(0, key.size() - 1);
    return key;
}

void Lemmatizer::load_dictionaries() { (void)dictionaries(); }

bool Lemmatizer::dictionaries_loaded() { return dictionaries_were_loaded; }

const Lemmatizer::Known& Lemmatizer::known(const std::string& exact, const std::string& key, Language language) {
    std::string entry = (language == Language::French ? "f:" : "e:") + exact;
    if (auto it = cache_.find(entry); it != cache_.end()) return it->second;
    // An English "-ing" form is a word of its own here: "clustering",
    // "networking", "learning" name things a history of concepts tells
    // apart from "cluster", "network", "learn".
    std::vector<std::string> found = language == Language::English && key.ends_with("ing") ? std::vector<std::string>{}
                                                                                           : dictionary_lemmas(exact, language);
    if (cache_.size() >= kCacheLimit) cache_.clear();
    // Kept for a parent that asks (new_entries); a reader that never asks
    // (the daemon's workers) keeps at most a cache's worth.
    if (fresh_.size() >= kCacheLimit) fresh_.clear();
    fresh_.emplace_back(entry, found);
    Lemmas lemmas(found.empty() ? std::vector<std::string>{singular(key)} : found);
    return cache_.emplace(std::move(entry), Known{std::move(found), std::move(lemmas)}).first->second;
}

Lemmas Lemmatizer::lemmas(const std::string& exact, const std::string& key, Language language) {
    // Numbers, codes and single letters are no dictionary words.
    if (key.size() <= 1 || has_digit(key)) return Lemmas({key});
    if (vocabulary_) {
        auto at = vocabulary_cache_.find(key);
        if (at == vocabulary_cache_.end()) {
            std::vector<std::string> recorded = vocabulary_(key);
            if (vocabulary_cache_.size() >= kCacheLimit) vocabulary_cache_.clear();
            at = vocabulary_cache_.emplace(key, recorded.empty() ? Lemmas() : Lemmas(std::move(recorded))).first;
        }
        if (!at->second.empty()) return at->second;
    }
    return known(exact, key, language).lemmas;
}

std::vector<std::string> Lemmatizer::both_languages(const std::string& exact, const std::string& key) {
    std::vector<std::string> out = lemmas(exact, key, Language::French).list();
    for (const std::string& l : lemmas(exact, key, Language::English))
        if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
    return out;
}

std::vector<Lemmatizer::Entry> Lemmatizer::new_entries() {
    std::vector<Entry> out;
    out.swap(fresh_);
    return out;
}

void Lemmatizer::learn(const std::vector<Entry>& entries) {
    for (const auto& [entry, found] : entries) {
        if (cache_.size() >= kCacheLimit) return;
        if (cache_.count(entry)) continue;
        // The key of the exact form ("f:écosystèmes" -> "ecosystemes"), for the singular of an unknown word.
        const std::string key = fold_text(std::string_view(entry).substr(2));
        Lemmas lemmas(found.empty() ? std::vector<std::string>{singular(key)} : found);
        cache_.emplace(entry, Known{found, std::move(lemmas)});
    }
}

}  // namespace grappe
