#include "analyze/lemmatizer.h"

#include <hunspell/hunspell.hxx>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <unordered_set>

#include "analyze/analyzer.h"

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
    });
    if (!error.empty()) throw DictionaryError(error);
    return d;
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// en_US's affix flags that inflect a word: plural S, past D, possessive M,
// superlative T. Its other flags derive new words (N innovate ->
// innovation, Y quick -> quickly, R port -> porter, prefixes un-, re-, de-),
// which must not meet. (fr_FR's affixes all inflect: its stems are lemmas.)
bool inflections_only(const std::string& analysis, std::string& stem) {
    std::size_t at = 0;
    stem.clear();
    while (at < analysis.size()) {
        while (at < analysis.size() && analysis[at] == ' ') ++at;
        std::size_t end = analysis.find(' ', at);
        if (end == std::string::npos) end = analysis.size();
        const std::string_view field(analysis.data() + at, end - at);
        if (field.rfind("st:", 0) == 0 && stem.empty()) stem = std::string(field.substr(3));
        if (field.rfind("fl:", 0) == 0 && !(field == "fl:S" || field == "fl:D" || field == "fl:M" || field == "fl:T")) return false;
        at = end;
    }
    return !stem.empty();
}

// The dictionary's lemmas of a word, folded and without repeats; empty
// when the dictionary does not know it.
std::vector<std::string> dictionary_lemmas(const std::string& exact, Language language) {
    Dictionaries& d = dictionaries();
    std::vector<std::string> stems;
    if (language == Language::French) {
        const std::lock_guard<std::mutex> lock(d.calls);
        stems = d.french->stem(exact);
    } else {
        std::vector<std::string> analyses;
        {
            const std::lock_guard<std::mutex> lock(d.calls);
            analyses = d.english->analyze(exact);
        }
        std::string stem;
        for (const std::string& a : analyses)
            if (inflections_only(a, stem)) stems.push_back(stem);
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

const Lemmatizer::Known& Lemmatizer::known(const std::string& exact, const std::string& key, Language language) {
    std::string entry = (language == Language::French ? "f:" : "e:") + exact;
    if (auto it = cache_.find(entry); it != cache_.end()) return it->second;
    // An English "-ing" form is a word of its own here: "clustering",
    // "networking", "learning" name things a history of concepts tells
    // apart from "cluster", "network", "learn".
    std::vector<std::string> found = language == Language::English && key.ends_with("ing") ? std::vector<std::string>{}
                                                                                           : dictionary_lemmas(exact, language);
    if (cache_.size() >= kCacheLimit) cache_.clear();
    fresh_.emplace_back(entry, found);
    Lemmas lemmas(found.empty() ? std::vector<std::string>{singular(key)} : found);
    return cache_.emplace(std::move(entry), Known{std::move(found), std::move(lemmas)}).first->second;
}

Lemmas Lemmatizer::lemmas(const std::string& exact, const std::string& key, Language language) {
    // Numbers, codes and single letters are no dictionary words.
    if (key.size() <= 1 || has_digit(key)) return Lemmas({key});
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
