#include "analyze/analyzer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <unordered_map>
#include <stdexcept>

#include "analyze/stopwords.h"
#include "text/folding.h"

namespace grappe {
namespace {

constexpr std::array<std::string_view, 14> kElisions = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"};

bool is_apostrophe(UChar32 c) { return c == 0x27 || c == 0x2019 || c == 0x02BC; }

// Characters that vanish inside a word: soft hyphen, zero-width (non-)joiner/space, word joiner.
bool is_invisible(UChar32 c) {
    return c == 0x00AD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

bool is_word_char(UChar32 c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (u_isUAlphabetic(c)) return true;
    const int8_t type = u_charType(c);
    return type == U_DECIMAL_DIGIT_NUMBER || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

// The code point at byte `at`, or -1 at the end or on a malformed byte.
UChar32 peek(const uint8_t* s, int32_t at, int32_t length) {
    if (at >= length) return -1;
    UChar32 c;
    U8_NEXT(s, at, length, c);
    return c;
}

std::string to_utf8(const icu::UnicodeString& u) {
    std::string out;
    u.toUTF8String(out);
    return out;
}

const icu::Normalizer2& nfc() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normaliser unavailable");
    return *n;
}

// Heterogeneous lookup, so probing the cache with a string_view allocates nothing.
struct WordHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

struct Analyzer::Internal {
    std::unordered_set<std::string> stopwords;
    // Words as written -> their folded token. Texts repeat their words
    // (Zipf), so most words skip ICU and Snowball entirely. Bounded.
    std::unordered_map<std::string, Token, WordHash, std::equal_to<>> cache;
    static constexpr std::size_t kCacheLimit = 200000;
};

Analyzer::Analyzer() : internal_(std::make_unique<Internal>()), lemmatizer_(std::make_unique<Lemmatizer>()) {
    // The list is compiled in (see stopwords.h), folded here once so that
    // "à" in the list matches the key "a".
    std::string_view list = french_stopwords_text();
    size_t pos = 0;
    while (pos < list.size()) {
        size_t eol = list.find('\n', pos);
        if (eol == std::string_view::npos) eol = list.size();
        std::string_view line = list.substr(pos, eol - pos);
        pos = eol + 1;
        const size_t hash = line.find('#');
        if (hash != std::string_view::npos) line = line.substr(0, hash);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (line.empty()) continue;
        internal_->stopwords.insert(fold_uncached(line).key);  // not cached: the list is not complete yet
    }
}

Analyzer::~Analyzer() = default;

void Analyzer::reserve_for_workers() const {
    // All buckets from the start: no rehash in a forked worker (see Lemmatizer).
    internal_->cache.reserve(Internal::kCacheLimit);
    lemmatizer_->reserve_for_workers();
}

std::string Analyzer::prepare(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString out;
    out.getBuffer(u.length());  // reserve
    out.releaseBuffer(0);
    for (int32_t i = 0; i < u.length();) {
        const UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        switch (c) {
            case 0xFB00: out.append(u"ff"); break;
            case 0xFB01: out.append(u"fi"); break;
            case 0xFB02: out.append(u"fl"); break;
            case 0xFB03: out.append(u"ffi"); break;
            case 0xFB04: out.append(u"ffl"); break;
            case 0xFB05: out.append(u"st"); break;  // long s + t
            case 0xFB06: out.append(u"st"); break;
            case 0x00AD: break;                     // soft hyphen: a typesetting hint, not text
            default: out.append(c);
        }
    }
    icu::UnicodeString normalised = nfc().normalize(out, status);
    if (U_FAILURE(status)) return std::string(text);
    return to_utf8(normalised);
}

Token Analyzer::fold_word(std::string_view word) const {
    auto& cache = internal_->cache;
    if (auto it = cache.find(word); it != cache.end()) return it->second;
    Token t = fold_uncached(word);
    if (cache.size() >= Internal::kCacheLimit) cache.clear();
    cache.emplace(std::string(word), t);
    return t;
}

Token Analyzer::fold_uncached(std::string_view word) const {
    Token t;
    // NFKC_Casefold lower-cases, expands compatibility forms (ligatures,
    // fullwidth letters) and drops default-ignorable characters.
    FoldedWord folded = fold_word_forms(word);
    t.exact = std::move(folded.exact);
    t.key = std::move(folded.key);
    t.stopword = internal_->stopwords.count(t.key) > 0;
    return t;
}

bool Analyzer::is_stopword(std::string_view key) const { return internal_->stopwords.count(std::string(key)) > 0; }

void Analyzer::lemmatize(std::vector<Token>& tokens, Language language) const {
    for (Token& t : tokens) t.lemmas = lemmatizer_->lemmas(t.exact, t.key, language);
}

std::vector<Token> Analyzer::analyze(std::string_view text, Language language, bool lemmas) const {
    std::vector<Token> tokens;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = static_cast<int32_t>(text.size());
    std::uint32_t position = 0;
    std::string word;  // the word's characters without invisible ones

    int32_t i = 0;
    while (i < length) {
        // Footnote markers written as ^{12} or ^12 belong to no word.
        if (s[i] == '^') {
            int32_t j = i + 1;
            const bool braced = j < length && s[j] == '{';
            if (braced) ++j;
            const int32_t digits_start = j;
            while (j < length && s[j] >= '0' && s[j] <= '9') ++j;
            if (j > digits_start && (!braced || (j < length && s[j] == '}'))) {
                i = braced ? j + 1 : j;
                continue;
            }
        }
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0 || !is_word_char(c)) continue;

        // A word: word characters, with invisible characters skipped inside it.
        word.clear();
        word.append(text.substr(start, i - start));
        int32_t end = i;
        bool elided = false;
        while (i < length) {
            int32_t next = i;
            UChar32 d;
            U8_NEXT(s, next, length, d);
            if (d >= 0 && is_word_char(d)) {
                word.append(text.substr(i, next - i));
                i = end = next;
                continue;
            }
            if (d >= 0 && is_invisible(d)) {
                // Only inside a word: look ahead for a word character.
                const UChar32 e = peek(s, next, length);
                if (e >= 0 && is_word_char(e)) {
                    i = next;
                    continue;
                }
                break;
            }
            if (d >= 0 && is_apostrophe(d)) {
                const UChar32 e = peek(s, next, length);
                if (e >= 0 && u_isUAlphabetic(e)) {
                    Token head = fold_word(word);
                    for (auto elision : kElisions) {
                        if (head.key == elision) {
                            elided = true;
                            break;
                        }
                    }
                    if (elided) i = next;  // drop "l'" and start the next word after the apostrophe
                }
            }
            break;
        }
        if (elided) continue;
        Token t = fold_word(word);
        if (t.key.empty()) continue;
        if (lemmas) t.lemmas = lemmatizer_->lemmas(t.exact, t.key, language);
        t.begin = static_cast<std::uint32_t>(start);
        t.end = static_cast<std::uint32_t>(end);
        t.position = ++position;
        tokens.push_back(std::move(t));
    }
    return tokens;
}

bool Analyzer::meet(std::string_view a, std::string_view b, Language language) const {
    const std::vector<Token> ta = analyze(prepare(a), language), tb = analyze(prepare(b), language);
    if (ta.empty() || ta.size() != tb.size()) return false;
    for (std::size_t i = 0; i < ta.size(); ++i) {
        bool shared = ta[i].key == tb[i].key;
        for (const std::string& x : ta[i].lemmas)
            for (const std::string& y : tb[i].lemmas) shared = shared || x == y;
        if (!shared) return false;
    }
    return true;
}

std::string Analyzer::describe(std::string_view text) const {
    std::string out;
    for (const Token& t : analyze(prepare(text))) {
        if (!out.empty()) out += ' ';
        out += t.key;
        out += '/';
        for (size_t i = 0; i < t.lemmas.size(); ++i) out += (i ? "|" : "") + t.lemmas[i];
        out += '[' + std::to_string(t.position) + ']';
        if (t.stopword) out += '*';
    }
    return out;
}

}  // namespace grappe
