#include "repair/dehyphenator.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "analyze/analyzer.h"
#include "text/folding.h"

namespace grappe {
namespace {

bool is_letter(UChar32 c) { return c >= 0 && (u_isUAlphabetic(c) || u_charType(c) == U_NON_SPACING_MARK); }

// Words that follow a hyphen in French inversions and demonstratives.
constexpr std::array<std::string_view, 22> kParticles = {"il", "elle", "on", "ils", "elles", "je", "tu", "nous",
                                                         "vous", "t", "ce", "là", "la", "ci", "y", "en", "le",
                                                         "les", "moi", "toi", "lui", "leur"};

// Prefixes that French writes with a hyphen before a new or foreign word.
constexpr std::array<std::string_view, 22> kPrefixes = {"inter", "intra", "multi", "anti", "post", "pré", "pro",
                                                        "néo", "co", "sous", "sur", "extra", "ultra", "auto",
                                                        "méta", "mini", "non", "quasi", "semi", "demi", "ex", "vice"};

// Function words inside compounds: "c'est-à-|dire", "bas-de-|casse", "pomme-de-|terre".
constexpr std::array<std::string_view, 3> kCompoundLinks = {"à", "de", "en"};

template <size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view word) {
    for (auto w : list)
        if (w == word) return true;
    return false;
}

// Scans letter runs and hyphenated compounds of one line.
template <typename OnWord, typename OnCompound>
void scan_words(const std::string& line, OnWord on_word, OnCompound on_compound) {
    const auto* s = reinterpret_cast<const uint8_t*>(line.data());
    const int32_t n = static_cast<int32_t>(line.size());
    int32_t i = 0;
    while (i < n) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (!is_letter(c)) continue;
        int32_t end = i;
        int32_t compound_end = -1;
        while (i < n) {
            int32_t next = i;
            UChar32 d;
            U8_NEXT(s, next, n, d);
            if (is_letter(d)) {
                i = end = next;
                continue;
            }
            if (d == '-' && next < n) {
                int32_t after = next;
                UChar32 e;
                U8_NEXT(s, after, n, e);
                if (is_letter(e)) {
                    if (compound_end < 0) on_word(line.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)), start, end);
                    compound_end = 0;
                    i = end = after;
                    continue;
                }
            }
            break;
        }
        if (compound_end == 0) {
            on_compound(line.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)));
        }
        on_word(line.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)), start, end);
    }
}

// "Martin", not "CLATURE": a capital that starts a name, in text that is
// not set in capitals (an all-caps heading hyphenates like any text).
bool capitalised(const std::string& word) {
    const auto* s = reinterpret_cast<const uint8_t*>(word.data());
    const int32_t n = static_cast<int32_t>(word.size());
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || !u_isupper(c)) return false;
    while (i < n) {
        U8_NEXT(s, i, n, c);
        if (c >= 0 && u_islower(c)) return true;
    }
    return word.size() == 1 || n <= 1;
}

}  // namespace

std::vector<std::string> WordList::default_paths() {
    if (const char* env = std::getenv("GRAPPE_WORDLISTS")) {
        std::vector<std::string> paths;
        std::stringstream ss(env);
        std::string p;
        while (std::getline(ss, p, ':'))
            if (!p.empty()) paths.push_back(p);
        return paths;
    }
    return {"/usr/share/dict/french", "/usr/share/dict/american-english"};
}

std::size_t WordList::load(const std::vector<std::string>& paths) {
    std::size_t count = 0;
    for (const auto& path : paths) {
        std::ifstream in(path, std::ios::binary);
        if (!in) continue;
        const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        text_.reserve(text_.size() + all.size());
        std::size_t start = 0;
        while (start < all.size()) {
            std::size_t end = all.find('\n', start);
            if (end == std::string::npos) end = all.size();
            std::size_t stop = end;
            if (stop > start && all[stop - 1] == '\r') --stop;
            if (stop > start) {
                add(std::string_view(all).substr(start, stop - start));
                ++count;
            }
            start = end + 1;
        }
    }
    return count;
}

std::size_t WordList::find_slot(std::string_view word) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = std::hash<std::string_view>{}(word) & mask;
    while (slots_[i].length != 0 && std::string_view(text_).substr(slots_[i].offset, slots_[i].length) != word) i = (i + 1) & mask;
    return i;
}

void WordList::grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    for (const Slot& s : old)
        if (s.length != 0) slots_[find_slot(std::string_view(text_).substr(s.offset, s.length))] = s;
}

void WordList::add(std::string_view word) {
    if (word.empty() || text_.size() + word.size() > UINT32_MAX) return;  // offsets are 32-bit
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const std::size_t i = find_slot(word);
    if (slots_[i].length != 0) return;
    slots_[i] = Slot{static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(word.size())};
    text_.append(word);
    ++count_;
}

bool WordList::contains(std::string_view lower_word) const {
    if (count_ == 0 || lower_word.empty()) return false;
    return slots_[find_slot(lower_word)].length != 0;
}

std::string trailing_letters(const std::string& text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    int32_t i = static_cast<int32_t>(text.size());
    const int32_t end = i;
    while (i > 0) {
        int32_t prev = i;
        UChar32 c;
        U8_PREV(s, 0, prev, c);
        if (!is_letter(c)) break;
        i = prev;
    }
    return text.substr(static_cast<size_t>(i), static_cast<size_t>(end - i));
}

std::string leading_letters(const std::string& text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t n = static_cast<int32_t>(text.size());
    int32_t i = 0;
    while (i < n) {
        int32_t next = i;
        UChar32 c;
        U8_NEXT(s, next, n, c);
        if (!is_letter(c)) break;
        i = next;
    }
    return text.substr(0, static_cast<size_t>(i));
}

void Dehyphenator::learn(const std::vector<std::string>& lines) {
    std::unordered_set<std::string> raw_words, raw_compounds;
    for (size_t li = 0; li < lines.size(); ++li) {
        const std::string& line = lines[li];
        // The last word of a line that ends in a hyphen, and the first word of
        // the line after it, are the fragments in question, not evidence.
        const bool hyphen_end = !line.empty() && line.back() == '-';
        const bool after_hyphen = li > 0 && !lines[li - 1].empty() && lines[li - 1].back() == '-';
        const size_t first_space = line.find(' ');
        const size_t last_space = line.rfind(' ');
        scan_words(
            line,
            [&](const std::string& word, int32_t begin, int32_t end) {
                if (after_hyphen && (first_space == std::string::npos || static_cast<size_t>(begin) < first_space)) return;
                if (hyphen_end && static_cast<size_t>(end) + 1 == line.size() &&
                    (last_space == std::string::npos || static_cast<size_t>(begin) > last_space))
                    return;
                raw_words.insert(word);
            },
            [&](const std::string& compound) { raw_compounds.insert(compound); });
    }
    for (const auto& w : raw_words) seen_words_.insert(fold_text(w));
    for (const auto& c : raw_compounds) seen_compounds_.insert(fold_text(c));
}

HyphenDecision Dehyphenator::decide(const std::string& left, const std::string& right) const {
    HyphenDecision d{left, right, false, ""};
    const std::string x = trailing_letters(left);
    const std::string y = leading_letters(right);
    if (x.empty() || y.empty()) {
        d.rule = "not-a-word";
        return d;
    }
    if (capitalised(y)) {
        d.rule = "capital";
        return d;
    }
    const std::string fx = fold_text(x), fy = fold_text(y);
    const std::string joined = fx + fy, compound = fx + "-" + fy;
    const bool doc_joined = seen_words_.count(joined) > 0;
    const bool doc_compound = seen_compounds_.count(compound) > 0;
    if (doc_joined && !doc_compound) {
        d.joined = true;
        d.rule = "document";
        return d;
    }
    if (doc_compound && !doc_joined) {
        d.rule = "document";
        return d;
    }
    const std::string lx = lower_text(x), ly = lower_text(y);
    if (words_.contains(lx + ly)) {
        d.joined = true;
        d.rule = "wordlist";
        return d;
    }
    if (words_.contains(lx + "-" + ly)) {
        d.rule = "wordlist";
        return d;
    }
    if (in(kParticles, ly) || in(kCompoundLinks, lx)) {
        d.rule = "particle";
        return d;
    }
    if (in(kPrefixes, lx) || (lx.size() >= 3 && words_.contains(lx) && words_.contains(ly))) {
        d.rule = "prefix";
        return d;
    }
    d.joined = true;
    d.rule = "default";
    return d;
}

}  // namespace grappe
