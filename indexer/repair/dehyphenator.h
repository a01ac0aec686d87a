// Line-end hyphens: join "compéti-" + "tivité", keep "inter-" + "cluster".
//
// The decision uses, in order (first rule that applies wins):
//  1. the next fragment starts with a capital or a digit: keep ("Saint-Martin");
//  2. the document itself: the joined word appears elsewhere in it -> join;
//     the hyphenated compound appears elsewhere (not at a line end) -> keep;
//  3. the word list: joined form known -> join; hyphenated form known -> keep;
//  4. French inversions and particles (peut-il, dit-on, celui-ci), and
//     compounds linked by a function word (c'est-à-dire, bas-de-casse): keep;
//  5. the left part is a whole word or a productive prefix (inter, multi,
//     anti...) and the joined form is unknown: keep (inter-cluster);
//  6. otherwise join: typesetters break inside words far more often than at
//     a compound's hyphen.
// tools/bench-fidelity measures these decisions against source texts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace grappe {

// Dictionary words (lower case, accents kept), read from system word lists
// such as Debian's wfrench and wamerican (/usr/share/dict/french).
// The 450,000 words live in one buffer behind an open-addressing table of
// offsets: a set of strings took a quarter of a second of allocations at
// the start of every index run, before any worker could begin.
class WordList {
  public:
    WordList() = default;
    // Loads every existing file of `paths`; returns how many words were read.
    std::size_t load(const std::vector<std::string>& paths);
    void add(std::string_view word);
    [[nodiscard]] bool contains(std::string_view lower_word) const;
    [[nodiscard]] bool empty() const { return count_ == 0; }
    // GRAPPE_WORDLISTS (colon-separated) or the Debian defaults.
    [[nodiscard]] static std::vector<std::string> default_paths();

  private:
    struct Slot {
        std::uint32_t offset = 0;
        std::uint32_t length = 0;  // 0: empty slot
    };
    [[nodiscard]] std::size_t find_slot(std::string_view word) const;
    void grow();

    std::string text_;         // every word, one after the other
    std::vector<Slot> slots_;  // a power of two, at most half full
    std::size_t count_ = 0;
};

struct HyphenDecision {
    std::string left;   // fragment before the hyphen, as printed
    std::string right;  // fragment after the line break, as printed
    bool joined = false;
    const char* rule = "";  // which rule decided, for the benchmark's report
};

class Dehyphenator {
  public:
    explicit Dehyphenator(const WordList& words) : words_(words) {}

    // Learn the document's own vocabulary from its lines, before deciding.
    void learn(const std::vector<std::string>& lines);

    [[nodiscard]] HyphenDecision decide(const std::string& left, const std::string& right) const;

  private:
    const WordList& words_;
    std::unordered_set<std::string> seen_words_;      // folded, seen not split by a line end
    std::unordered_set<std::string> seen_compounds_;  // folded "x-y" seen inside a line
};

// UTF-8 helpers shared by repair: the trailing / leading run of letters.
[[nodiscard]] std::string trailing_letters(const std::string& text);
[[nodiscard]] std::string leading_letters(const std::string& text);

}  // namespace grappe
