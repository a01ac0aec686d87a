#include "cite/periods.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>

#include "text/folding.h"

namespace grappe {

namespace {

struct Word {
    std::string folded;  // case and accents folded: "annees", "xixe", "1970"
    std::string_view raw;
    std::size_t begin = 0, end = 0;
    std::string_view gap;  // the bytes between the word before and this one
};

bool is_word_char(UChar32 c) {
    // "n°" stays one word, as does "XIXᵉ" (a modifier letter).
    return u_isalnum(c) || c == 0x00B0 || c == 0x00BA || c == 0x1D49;
}

std::vector<Word> words_of(std::string_view text) {
    std::vector<Word> out;
    const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto n = static_cast<std::int32_t>(text.size());
    std::int32_t i = 0;
    std::size_t previous_end = 0;
    while (i < n) {
        const std::int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0 || !is_word_char(c)) continue;
        std::int32_t end = i;
        while (i < n) {
            const std::int32_t at = i;
            U8_NEXT(s, i, n, c);
            if (c < 0 || !is_word_char(c)) {
                i = at;
                break;
            }
            end = i;
        }
        Word w;
        w.begin = static_cast<std::size_t>(start);
        w.end = static_cast<std::size_t>(end);
        w.raw = text.substr(w.begin, w.end - w.begin);
        w.gap = text.substr(previous_end, w.begin - previous_end);
        bool ascii = true;
        for (char ch : w.raw) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
        if (ascii) {
            w.folded.assign(w.raw);
            for (char& ch : w.folded) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        } else {
            w.folded = fold_text(w.raw);
            // "XIXᵉ", "n°": their marks read as letters
            for (const auto& [from, to] : std::initializer_list<std::pair<std::string_view, std::string_view>>{{"\xE1\xB5\x89", "e"}, {"\xC2\xB0", "o"}, {"\xC2\xBA", "o"}})
                for (std::size_t at; (at = w.folded.find(from)) != std::string::npos;) w.folded.replace(at, from.size(), to);
        }
        previous_end = w.end;
        out.push_back(std::move(w));
    }
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A year as a word: four digits, 1000 to 2099.
int year_of(const Word& w) {
    if (w.folded.size() != 4 || !all_digits(w.folded)) return 0;
    const int y = std::stoi(w.folded);
    return y >= 1000 && y <= 2099 ? y : 0;
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), word) != set.end();
}

// The gap holds only spaces (no-break ones included).
bool spaces_only(std::string_view gap) {
    for (std::size_t i = 0; i < gap.size();) {
        if (gap[i] == ' ' || gap[i] == '\t' || gap[i] == '\n') ++i;
        else if (gap.substr(i, 2) == "\xC2\xA0") i += 2;
        else if (gap.substr(i, 3) == "\xE2\x80\xAF" || gap.substr(i, 3) == "\xE2\x80\x89") i += 3;
        else return false;
    }
    return true;
}

// A dash between two numbers or words: "1998-1999", "1998 – 1999", "après-guerre".
bool dash_only(std::string_view gap) {
    std::size_t dashes = 0;
    for (std::size_t i = 0; i < gap.size();) {
        if (gap[i] == '-' || gap[i] == '/') ++dashes, ++i;
        else if (gap.substr(i, 3) == "\xE2\x80\x93" || gap.substr(i, 3) == "\xE2\x80\x94" || gap.substr(i, 3) == "\xE2\x80\x91") ++dashes, i += 3;
        else if (gap[i] == ' ' || gap.substr(i, 2) == "\xC2\xA0") i += gap[i] == ' ' ? 1 : 2;
        else return false;
    }
    return dashes == 1;
}

bool apostrophe_only(std::string_view gap) { return gap == "'" || gap == "\xE2\x80\x99"; }

// Words after which a number is a text's number, not a date.
bool names_a_text(std::string_view w) {
    return one_of(w, {"loi", "lois", "decret", "decrets", "arrete", "ordonnance", "circulaire", "directive", "article", "art", "n", "no", "nos",
                      "numero", "reglement", "law", "act", "decree", "page", "pages", "p", "pp", "tome", "vol", "volume", "isbn", "issn",
                      "chapitre", "section", "figure", "fig", "tableau", "table", "annexe", "code", "version", "ligne"});
}

// Words that make the number after them a date.
bool dates_what_follows(std::string_view w) {
    return one_of(w, {"en", "an", "des", "depuis", "vers", "avant", "apres", "annee", "jusqu", "jusque", "courant", "fin", "debut", "mi", "automne",
                      "printemps", "ete", "hiver", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
                      "octobre", "novembre", "decembre", "in", "since", "until", "till", "by", "after", "before", "around", "circa", "during",
                      "early", "late", "mid", "year", "january", "february", "march", "april", "june", "july", "august", "september",
                      "october", "november", "december", "spring", "summer", "autumn", "winter"});
}

// Words that make the number after them a date when what follows the
// number does not make it a quantity ("la crise de 2008", "plus de 2000 entreprises").
bool may_date_what_follows(std::string_view w) { return one_of(w, {"de", "of", "a", "du", "et", "and", "ou", "or"}); }

bool function_word(std::string_view w) {
    return one_of(w, {"et", "ou", "a", "au", "aux", "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "en", "dans", "sur", "pour", "par",
                      "qui", "que", "qu", "est", "ont", "sont", "avec", "sans", "puis", "mais", "il", "elle", "ils", "elles", "on", "ce",
                      "cette", "ces", "se", "s", "y", "ne", "n", "and", "or", "the", "a", "an", "was", "were", "is", "are", "in", "on", "to",
                      "with", "when", "it", "they", "this", "that", "which", "has", "had", "have"});
}

// What follows a number that counts something: "2000 entreprises", "1500 ans", "2000 %".
bool counts_something(const std::vector<Word>& words, std::size_t next) {
    if (next >= words.size()) return false;
    const Word& w = words[next];
    if (!spaces_only(w.gap)) return w.gap.find('%') != std::string::npos || w.gap.find("\xE2\x82\xAC") != std::string::npos;
    if (one_of(w.folded, {"ans", "annees", "euros", "eur", "km", "m", "ha", "habitants", "emplois", "years", "people", "k", "m2", "mw", "kg", "t"}))
        return true;
    const char last = w.folded.empty() ? ' ' : w.folded.back();
    const bool lower = !w.raw.empty() && !(w.raw[0] >= 'A' && w.raw[0] <= 'Z') && !all_digits(w.folded);
    return lower && (last == 's' || last == 'x') && !function_word(w.folded) &&
           !one_of(w.folded, {"puis", "alors", "apres", "depuis", "vers", "lors", "dans", "sous", "jamais", "toujours", "ainsi", "plus", "pas",
                              "tres", "mais", "hors", "its", "his", "this", "was", "has", "as", "is", "thus", "nous", "vous", "leurs"});
}

int roman_value(std::string_view r) {
    int total = 0, previous = 0;
    for (auto it = r.rbegin(); it != r.rend(); ++it) {
        int v = 0;
        switch (*it) {
            case 'i': v = 1; break;
            case 'v': v = 5; break;
            case 'x': v = 10; break;
            case 'l': v = 50; break;
            default: return 0;
        }
        total += v < previous ? -v : v;
        previous = std::max(previous, v);
    }
    return total;
}

// "xixe", "xix", "19e", "19eme", "19th", "xxie": a century's number, or 0.
int century_number(std::string_view w, bool needs_suffix) {
    std::size_t digits = 0;
    while (digits < w.size() && ((w[digits] >= '0' && w[digits] <= '9') || one_of(w.substr(digits, 1), {"i", "v", "x", "l"}))) ++digits;
    if (digits == 0) return 0;
    const std::string_view number = w.substr(0, digits), suffix = w.substr(digits);
    if (needs_suffix && !one_of(suffix, {"e", "eme", "er", "th", "st", "nd", "rd"})) return 0;
    if (!needs_suffix && !suffix.empty()) return 0;
    if (number.size() > 5) return 0;
    const int n = all_digits(number) ? std::stoi(std::string(number)) : roman_value(number);
    return n >= 1 && n <= 21 ? n : 0;
}

// "début" / "milieu" / "fin" (early / mid / late) narrow a span to its third.
enum class Third { Whole, Early, Middle, Late };

Third third_before(const std::vector<Word>& words, std::size_t at, std::size_t& begin_word) {
    // "fin des années", "fin du XIXe", "début de la décennie", "late 1990s", "mid-1990s"
    std::size_t i = at;
    while (i > 0 && at - i < 3 && one_of(words[i - 1].folded, {"des", "du", "de", "la", "the", "l"})) --i;
    if (i == 0) return Third::Whole;
    const std::string& w = words[i - 1].folded;
    Third t = Third::Whole;
    if (one_of(w, {"debut", "early"})) t = Third::Early;
    else if (one_of(w, {"milieu", "mid", "mi"})) t = Third::Middle;
    else if (one_of(w, {"fin", "late"})) t = Third::Late;
    if (t != Third::Whole) begin_word = i - 1;
    return t;
}

Period narrowed(int from, int to, Third third) {
    const int length = to - from + 1, part = length / 3;
    switch (third) {
        case Third::Whole: return {from, to, 0, 0};
        case Third::Early: return {from, from + (length == 10 ? 3 : part - 1), 0, 0};
        case Third::Middle: return {length == 10 ? from + 4 : from + part, length == 10 ? from + 6 : to - part, 0, 0};
        case Third::Late: return {length == 10 ? from + 7 : to - part + 1, to, 0, 0};
    }
    return {from, to, 0, 0};
}

struct Named {
    std::array<std::string_view, 3> words;
    int from, to;
    bool capitalised;  // the first word must be written with a capital ("la Grande Guerre")
};

constexpr Named kNamed[] = {
    {{"trente", "glorieuses", ""}, 1945, 1975, false},
    {{"apres", "guerre", ""}, 1945, 1959, false},
    {{"entre", "deux", "guerres"}, 1919, 1939, false},
    {{"premiere", "guerre", "mondiale"}, 1914, 1918, false},
    {{"grande", "guerre", ""}, 1914, 1918, true},
    {{"seconde", "guerre", "mondiale"}, 1939, 1945, false},
    {{"deuxieme", "guerre", "mondiale"}, 1939, 1945, false},
    {{"guerre", "froide", ""}, 1947, 1991, false},
    {{"chocs", "petroliers", ""}, 1973, 1979, false},
    {{"premier", "choc", "petrolier"}, 1973, 1973, false},
    {{"second", "choc", "petrolier"}, 1979, 1979, false},
    {{"deuxieme", "choc", "petrolier"}, 1979, 1979, false},
    {{"post", "war", ""}, 1945, 1959, false},
    {{"postwar", "", ""}, 1945, 1959, false},
    {{"inter", "war", ""}, 1919, 1939, false},
    {{"interwar", "", ""}, 1919, 1939, false},
    {{"first", "world", "war"}, 1914, 1918, false},
    {{"second", "world", "war"}, 1939, 1945, false},
    {{"cold", "war", ""}, 1947, 1991, false},
};

// A decade named by a number: "1970", "70" (the 1900s), "1970s", "70s".
int decade_of(const Word& w, bool english_plural) {
    std::string_view f = w.folded;
    if (english_plural) {
        if (f.size() < 3 || f.back() != 's') return 0;
        f.remove_suffix(1);
    }
    if (!all_digits(f) || f.back() != '0') return 0;
    if (f.size() == 4) {
        const int y = std::stoi(std::string(f));
        return y >= 1000 && y <= 2090 ? y : 0;
    }
    if (f.size() == 2 && f != "00" && f != "10") return 1900 + std::stoi(std::string(f));
    return 0;
}

}  // namespace

std::vector<Period> find_periods(std::string_view text, const std::vector<Citation>& citations) {
    std::vector<Period> out;
    // Most passages name no period: nothing to read without a number, a
    // century or a named period's word.
    bool worth = false;
    for (std::size_t i = 0; i + 1 < text.size() && !worth; ++i) worth = text[i] >= '0' && text[i] <= '9' && text[i + 1] >= '0' && text[i + 1] <= '9';
    for (std::string_view cue : {"si\xC3\xA8" "cle", "siecle", "entury", "uerre", "lorieuses", "oc p", "ocs p", "war"})
        worth = worth || text.find(cue) != std::string_view::npos;
    if (!worth) return out;

    const std::vector<Word> words = words_of(text);
    auto cited = [&](const Word& w) {
        return std::any_of(citations.begin(), citations.end(), [&](const Citation& c) { return w.begin >= c.begin && w.begin < c.end; });
    };
    auto add = [&](Period p, std::size_t first, std::size_t last) {
        p.begin = words[first].begin;
        p.end = words[last].end;
        out.push_back(p);
    };
    auto joined = [&](std::size_t i) { return spaces_only(words[i].gap) || dash_only(words[i].gap); };

    std::size_t last_year = words.size();  // the last year read, by word: "en 1982 et 1983"
    for (std::size_t i = 0; i < words.size(); ++i) {
        const Word& w = words[i];
        const bool after_year = last_year != words.size() && last_year + 2 == i;

        // Named periods.
        bool named = false;
        for (const Named& n : kNamed) {
            std::size_t k = 0;
            while (k < n.words.size() && !n.words[k].empty() && i + k < words.size() && words[i + k].folded == n.words[k] && (k == 0 || joined(i + k))) ++k;
            if (k < n.words.size() && !n.words[k].empty()) continue;
            if (n.capitalised && !(w.raw[0] >= 'A' && w.raw[0] <= 'Z')) continue;
            add({n.from, n.to, 0, 0}, i, i + k - 1);
            i += k - 1;
            named = true;
            break;
        }
        if (named) continue;

        // Decades: "les années 1970", "années 70", "années 1970-1980", "la décennie 1990".
        if (one_of(w.folded, {"annees", "decennie"}) && i + 1 < words.size() && spaces_only(words[i + 1].gap)) {
            const int decade = decade_of(words[i + 1], false);
            if (decade != 0 && !cited(words[i + 1])) {
                std::size_t begin = i, last = i + 1;
                const Third third = third_before(words, i, begin);
                int to = decade + 9;
                // "années 1970-1980", "années 1970 à 1990": one span.
                if (i + 2 < words.size() && (dash_only(words[i + 2].gap) || (words[i + 2].folded == "a" && i + 3 < words.size()))) {
                    const std::size_t second = words[i + 2].folded == "a" ? i + 3 : i + 2;
                    if (const int d = decade_of(words[second], false); d > decade && d - decade <= 100) to = d + 9, last = second;
                }
                Period p = last == i + 1 ? narrowed(decade, to, third) : Period{decade, to, 0, 0};
                add(p, begin, last);
                i = last;
                // "les années 1970 et 1980": the second decade too.
                while (i + 2 < words.size() && one_of(words[i + 1].folded, {"et", "ou"})) {
                    const int d = decade_of(words[i + 2], false);
                    if (d == 0) break;
                    add({d, d + 9, 0, 0}, i + 2, i + 2);
                    i += 2;
                }
                continue;
            }
        }
        // "the 1970s", "the '70s", "the 1970's", "mid-1990s"
        if (const int decade = decade_of(w, true); decade != 0 && !cited(w)) {
            std::size_t begin = i;
            const Third third = third_before(words, i, begin);
            add(narrowed(decade, decade + 9, third), begin, i);
            continue;
        }
        if (const int decade = decade_of(w, false);
            decade != 0 && w.folded.size() == 4 && i + 1 < words.size() && words[i + 1].folded == "s" && apostrophe_only(words[i + 1].gap) && !cited(w)) {
            std::size_t begin = i;
            const Third third = third_before(words, i, begin);
            add(narrowed(decade, decade + 9, third), begin, i + 1);
            ++i;
            continue;
        }

        // Centuries: "XIXe siècle", "XIX e siècle", "19ème siècle", "XIXe et XXe siècles", "the 19th century".
        if (century_number(w.folded, true) != 0 || (century_number(w.folded, false) != 0 && i + 1 < words.size() &&
                                                    one_of(words[i + 1].folded, {"e", "eme", "er", "th"}) && spaces_only(words[i + 1].gap))) {
            std::vector<std::pair<int, std::size_t>> centuries;  // number, its first word
            std::size_t j = i;
            while (j < words.size()) {
                int n = century_number(words[j].folded, true);
                std::size_t next = j + 1;
                if (n == 0 && j + 1 < words.size() && one_of(words[j + 1].folded, {"e", "eme", "er", "th"})) {
                    n = century_number(words[j].folded, false);
                    next = j + 2;
                }
                if (n == 0) break;
                centuries.emplace_back(n, j);
                j = next;
                if (j + 1 < words.size() && (one_of(words[j].folded, {"et", "ou", "and", "au", "to"}) || dash_only(words[j].gap)) &&
                    century_number(words[j].folded, true) == 0) {
                    // "XIXe et XXe siècles": the connector, then the next century
                    if (one_of(words[j].folded, {"et", "ou", "and", "au", "to"})) ++j;
                    continue;
                }
                if (j < words.size() && dash_only(words[j].gap)) continue;  // "XIXe-XXe siècles"
                break;
            }
            if (!centuries.empty() && j < words.size() && one_of(words[j].folded, {"siecle", "siecles", "century", "centuries"})) {
                for (std::size_t c = 0; c < centuries.size(); ++c) {
                    const auto [n, first] = centuries[c];
                    std::size_t begin = first;
                    const Third third = c == 0 ? third_before(words, first, begin) : Third::Whole;
                    add(narrowed((n - 1) * 100 + 1, n * 100, third), begin, c + 1 == centuries.size() ? j : first);
                }
                i = j;
                continue;
            }
        }

        // Years and ranges of years.
        const int year = year_of(w);
        if (year == 0 || cited(w)) continue;
        const std::string_view before = i > 0 ? std::string_view(words[i - 1].folded) : std::string_view();
        // A text's number ("loi n° 2004-1484", "décret 2005-12") or part of a longer number ("1 998", "2-7071-1998-4").
        const bool in_number = i > 0 && ((all_digits(before) && before.size() <= 3 && spaces_only(w.gap)) || (all_digits(before) && dash_only(w.gap)));
        if (in_number || (i > 0 && names_a_text(before) && spaces_only(w.gap)) ||
            (i > 1 && one_of(before, {"n", "no"}) && names_a_text(words[i - 2].folded))) {
            // and its partner after a dash
            if (i + 1 < words.size() && dash_only(words[i + 1].gap) && all_digits(words[i + 1].folded)) ++i;
            continue;
        }
        // "1998-1999", "1998-99", "1998 – 2004": a range, unless the chain goes on ("1998-1999-2000" is a number)
        if (i + 1 < words.size() && dash_only(words[i + 1].gap) && all_digits(words[i + 1].folded) &&
            !(i + 2 < words.size() && dash_only(words[i + 2].gap) && all_digits(words[i + 2].folded))) {
            const Word& other = words[i + 1];
            int to = 0;
            if (other.folded.size() == 4) to = std::stoi(other.folded);
            else if (other.folded.size() == 2) to = year - year % 100 + std::stoi(other.folded);
            // "43.10 (2014): 1785-1799": a journal's pages
            const bool pages = w.gap.find(':') != std::string_view::npos || w.gap.find(',') != std::string_view::npos;
            if (to > year && to - year <= 150 && !pages) {
                std::size_t begin = i;
                if (i > 0 && one_of(before, {"de", "from", "entre", "between", "periode", "period"})) begin = i - 1;
                add({year, to, 0, 0}, begin, i + 1);
                ++i;
                continue;
            }
            if (other.folded.size() >= 3) {  // "2004-1484": a number, not a range
                ++i;
                continue;
            }
        }
        // "de 1945 à 1975", "entre 1990 et 2000", "from 1945 to 1975", "between 1990 and 2000"
        if (i > 0 && i + 2 < words.size() && spaces_only(words[i + 1].gap) && spaces_only(words[i + 2].gap)) {
            const bool from_to = one_of(before, {"de", "from"}) && one_of(words[i + 1].folded, {"a", "to", "until"});
            const bool between = one_of(before, {"entre", "between"}) && one_of(words[i + 1].folded, {"et", "and"});
            const int to = year_of(words[i + 2]);
            if ((from_to || between) && to > year && to - year <= 150) {
                add({year, to, 0, 0}, i - 1, i + 2);
                i += 2;
                continue;
            }
        }
        // One year, after a word that dates it.
        const bool strong = i > 0 && dates_what_follows(before) && (spaces_only(w.gap) || dash_only(w.gap));
        const bool weak = i > 0 && spaces_only(w.gap) && (may_date_what_follows(before) && (!one_of(before, {"et", "and", "ou", "or"}) || after_year));
        if ((strong || weak) && !counts_something(words, i + 1)) {
            if (weak && !strong && i + 1 < words.size() && spaces_only(words[i + 1].gap) && !function_word(words[i + 1].folded) &&
                !(words[i + 1].raw[0] >= 'A' && words[i + 1].raw[0] <= 'Z'))
                continue;  // "de 2000 salariés": a quantity, as far as one can tell
            std::size_t begin = i - 1;
            // "12 janvier 2017": the day before the month
            if (begin > 0 && one_of(before, {"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
                                             "novembre", "decembre"}) &&
                all_digits(words[begin - 1].folded) && words[begin - 1].folded.size() <= 2)
                --begin;
            add({year, year, 0, 0}, begin, i);
            last_year = i;
        }
    }
    return out;
}

}  // namespace grappe
