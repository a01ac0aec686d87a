#include "text/folding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace grappe {
namespace {

const icu::Normalizer2& nfkc_casefold() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold normaliser unavailable");
    return *n;
}

const icu::Normalizer2& nfd() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFD normaliser unavailable");
    return *n;
}

icu::UnicodeString case_folded(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString folded = nfkc_casefold().normalize(u, status);
    if (U_FAILURE(status)) folded = icu::UnicodeString(u).foldCase();
    return folded;
}

// Lower-cased form -> key: combining marks stripped, the French ligature
// letters spelt out.
std::string strip_accents(const icu::UnicodeString& exact) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString decomposed = nfd().normalize(exact, status);
    icu::UnicodeString out;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        switch (c) {
            case 0x0153: out.append(u"oe"); break;  // œ
            case 0x00E6: out.append(u"ae"); break;  // æ
            case 0x00F8: out.append(u'o'); break;   // ø
            case 0x0131: out.append(u'i'); break;   // dotless i
            default: out.append(c);
        }
    }
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

}  // namespace

bool is_ascii(std::string_view text) {
    for (unsigned char ch : text)
        if (ch >= 0x80) return false;
    return true;
}

std::string lower_text(std::string_view text) {
    if (is_ascii(text)) return ascii_lower(text);
    std::string out;
    case_folded(text).toUTF8String(out);
    return out;
}

std::string fold_text(std::string_view text) {
    if (is_ascii(text)) return ascii_lower(text);
    return strip_accents(case_folded(text));
}

FoldedWord fold_word_forms(std::string_view word) {
    if (is_ascii(word)) {
        std::string lower = ascii_lower(word);
        return {lower, lower};
    }
    const icu::UnicodeString folded = case_folded(word);
    FoldedWord out;
    folded.toUTF8String(out.exact);
    out.key = strip_accents(folded);
    return out;
}

bool starts_lowercase(std::string_view text) {
    if (text.empty()) return false;
    const unsigned char c = static_cast<unsigned char>(text[0]);
    if (c >= 'a' && c <= 'z') return true;
    // Lower-case accented Latin letters in UTF-8 (à..ÿ) start with 0xC3 0xA0..0xBF.
    return c == 0xC3 && text.size() > 1 && static_cast<unsigned char>(text[1]) >= 0xA0;
}

}  // namespace grappe
