#include "cite/citations.h"

#include <algorithm>

#include "analyze/analyzer.h"

namespace grappe {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// An upper-case first letter, ASCII or Latin-1 accented (UTF-8 C3 80..9E).
bool starts_upper(std::string_view w) {
    if (w.empty()) return false;
    const unsigned char c = static_cast<unsigned char>(w[0]);
    if (c >= 'A' && c <= 'Z') return true;
    return c == 0xC3 && w.size() > 1 && static_cast<unsigned char>(w[1]) >= 0x80 && static_cast<unsigned char>(w[1]) <= 0x9E;
}

std::string_view trim(std::string_view s, std::string_view chars = " ,;:.()[]\n") {
    const size_t b = s.find_first_not_of(chars);
    if (b == std::string_view::npos) return {};
    const size_t e = s.find_last_not_of(chars);
    return s.substr(b, e - b + 1);
}

// A year of a cited work at `at`: 1500..2099, maybe with a letter ("1990a"),
// standing alone. Returns its length, 0 when there is none.
size_t year_at(std::string_view s, size_t at) {
    if (at + 4 > s.size()) return 0;
    for (size_t k = 0; k < 4; ++k)
        if (!is_digit(s[at + k])) return 0;
    const int y = (s[at] - '0') * 1000 + (s[at + 1] - '0') * 100 + (s[at + 2] - '0') * 10 + (s[at + 3] - '0');
    if (y < 1500 || y > 2099) return 0;
    if (at > 0 && (is_digit(s[at - 1]) || s[at - 1] == '-' || s[at - 1] == '/' || s[at - 1] == '.')) return 0;
    size_t len = 4;
    if (at + 4 < s.size() && s[at + 4] >= 'a' && s[at + 4] <= 'h' && (at + 5 == s.size() || !std::isalpha(static_cast<unsigned char>(s[at + 5]))))
        len = 5;
    if (at + len < s.size() && (is_digit(s[at + len]) || std::isalpha(static_cast<unsigned char>(s[at + len])))) return 0;
    return len;
}

std::vector<std::string_view> split_words(std::string_view s) {
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n')) ++i;
        const size_t b = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\n') ++i;
        if (i > b) words.push_back(s.substr(b, i - b));
    }
    return words;
}

bool is_initials(std::string_view w) {
    // "H.", "M.-P.", "P.J.", "J.-B.", and "E" when a trim took its period.
    if (w.empty()) return false;
    size_t letters = 0;
    for (size_t i = 0; i < w.size(); ++i) {
        const char c = w[i];
        if (c == '.' || c == '-') continue;
        if (!starts_upper(w.substr(i))) return false;
        ++letters;
        if (static_cast<unsigned char>(c) >= 0x80) ++i;  // a two-byte capital
        if (i + 1 < w.size() && w[i + 1] != '.' && w[i + 1] != '-') return false;
    }
    return letters > 0 && letters <= 3;
}

// "Menzel et Fornahl", "Bathelt, Malmberg et Maskell", "Amisse et al.",
// "de Propris" -> family names; false when it does not read as names.
bool parse_names(std::string_view names, std::vector<std::string>& families, bool& et_al) {
    std::string s(trim(names));
    for (std::string_view marker : {" et al.", " et al", " and al.", " et coll.", " & al."}) {
        const size_t at = s.find(marker);
        if (at != std::string::npos) {
            et_al = true;
            s.erase(at);
        }
    }
    // Separators become commas.
    {
        std::string commas;
        for (size_t i = 0; i < s.size();) {
            bool separator = false;
            for (std::string_view sep : {" et ", " and ", " & ", ";"})
                if (std::string_view(s).substr(i, sep.size()) == sep) {
                    commas.push_back(',');
                    i += sep.size();
                    separator = true;
                    break;
                }
            if (!separator) commas.push_back(s[i++]);
        }
        s = std::move(commas);
    }
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(',', start);
        if (end == std::string::npos) end = s.size();
        std::vector<std::string_view> words = split_words(trim(std::string_view(s).substr(start, end - start)));
        start = end + 1;
        // Initials are not family names ("Bathelt H.", "P. J. McMurdie").
        words.erase(std::remove_if(words.begin(), words.end(), is_initials), words.end());
        if (words.empty()) continue;
        if (words.size() > 4) return false;
        bool capital = false;
        std::string family;
        for (auto w : words) {
            capital = capital || starts_upper(w);
            if (!family.empty()) family += ' ';
            const std::string_view clean = trim(w, " ,;:()[]");
            family.append(clean.data(), clean.size());
        }
        if (!capital || !starts_upper(words.back())) return false;
        families.push_back(std::move(family));
    }
    return !families.empty() && families.size() <= 8;
}

// Words that open a parenthesis but are not names.
std::string_view strip_lead(std::string_view part) {
    part = trim(part, " \n");
    for (std::string_view lead : {"voir aussi ", "voir ", "cf. ", "see also ", "see ", "e.g. ", "par exemple ", "i.e. ", "notamment "}) {
        if (part.substr(0, lead.size()) == lead) return part.substr(lead.size());
        if (part.size() > lead.size() && std::tolower(static_cast<unsigned char>(part[0])) == lead[0] &&
            part.substr(1, lead.size() - 1) == lead.substr(1))
            return part.substr(lead.size());
    }
    return part;
}

// The years of one citation part, up to a page reference ("2004, p. 35").
std::vector<std::string> years_in(std::string_view s, size_t& first_at) {
    std::vector<std::string> years;
    first_at = std::string_view::npos;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s.substr(i, 3) == "p. " || s.substr(i, 4) == "pp. " || s.substr(i, 2) == "p.") break;
        if (const size_t len = year_at(s, i)) {
            if (first_at == std::string_view::npos) first_at = i;
            years.emplace_back(s.substr(i, len));
            i += len - 1;
        }
    }
    return years;
}

// "(Porter, 2000 ; Menzel et Fornahl, 2007 ; 2010)"
void parenthetical(std::string_view text, size_t open, size_t close, std::vector<Citation>& out) {
    const std::string_view inside = text.substr(open + 1, close - open - 1);
    std::vector<std::string> names;
    bool et_al = false;
    size_t part_start = 0;
    while (part_start <= inside.size()) {
        size_t part_end = inside.find(';', part_start);
        if (part_end == std::string_view::npos) part_end = inside.size();
        const std::string_view raw = inside.substr(part_start, part_end - part_start);
        const size_t raw_offset = open + 1 + part_start;
        part_start = part_end + 1;
        const std::string_view part = strip_lead(raw);
        size_t first = 0;
        const std::vector<std::string> years = years_in(part, first);
        if (years.empty()) continue;
        const std::string_view who = trim(part.substr(0, first));
        if (!who.empty()) {
            std::vector<std::string> parsed;
            bool parsed_et_al = false;
            if (!parse_names(who, parsed, parsed_et_al)) continue;
            names = std::move(parsed);
            et_al = parsed_et_al;
        }
        if (names.empty()) continue;  // "(1990)" alone: see narrative()
        const std::string_view span = trim(part, " \n");
        const size_t begin = raw_offset + static_cast<size_t>(span.data() - raw.data());
        for (const auto& y : years) out.push_back(Citation{names, et_al, y, begin, begin + span.size(), -1});
    }
}

// "Becattini (1979)", "Menzel et Fornahl (2007, 2010)", "Bathelt et al. (2004)"
void narrative(std::string_view text, size_t open, size_t close, std::vector<Citation>& out) {
    size_t first = 0;
    const std::string_view inside = text.substr(open + 1, close - open - 1);
    const std::vector<std::string> years = years_in(inside, first);
    if (years.empty() || !trim(inside.substr(0, first)).empty()) return;
    // The names just before the parenthesis: at most 60 bytes back.
    const size_t from = open > 80 ? open - 80 : 0;
    std::vector<std::string_view> words = split_words(text.substr(from, open - from));
    if (words.empty()) return;
    std::vector<std::string_view> taken;  // backwards
    size_t i = words.size();
    bool et_al = false;
    if (i >= 2 && (words[i - 1] == "al." || words[i - 1] == "al") && words[i - 2] == "et") {
        et_al = true;
        i -= 2;
    }
    while (i > 0) {
        std::string_view w = trim(words[i - 1], " ,");
        if (!starts_upper(w) || w.back() == '.') break;
        taken.push_back(w);
        --i;
        // "X et Y", "X and Y", "X, Y et Z"
        if (i >= 2 && (words[i - 1] == "et" || words[i - 1] == "and" || words[i - 1] == "&")) {
            --i;
            continue;
        }
        if (i >= 1 && words[i - 1].back() == ',' && taken.size() < 3) continue;
        break;
    }
    if (taken.empty()) return;
    std::reverse(taken.begin(), taken.end());
    std::vector<std::string> names(taken.begin(), taken.end());
    const size_t begin = static_cast<size_t>(taken.front().data() - text.data());
    for (const auto& y : years) out.push_back(Citation{names, et_al, y, begin, close + 1, -1});
}

std::string folded(std::string_view s) { return fold_text(s); }

}  // namespace

std::vector<Citation> find_citations(std::string_view text) {
    std::vector<Citation> out;
    for (size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
        const size_t close = text.find(')', open);
        if (close == std::string_view::npos) break;
        if (close - open > 300 || text.substr(open + 1, close - open - 1).find('(') != std::string_view::npos) continue;
        const size_t before = out.size();
        parenthetical(text, open, close, out);
        if (out.size() == before) narrative(text, open, close, out);
    }
    return out;
}

bool parse_reference(std::string_view entry, Reference& out) {
    std::string_view s = trim(entry, " \n");
    // "[45] ...", "12. ..."
    if (!s.empty() && s[0] == '[') {
        const size_t close = s.find(']');
        if (close != std::string_view::npos && close < 8) s = trim(s.substr(close + 1), " \n");
    } else {
        size_t d = 0;
        while (d < s.size() && is_digit(s[d])) ++d;
        if (d > 0 && d < 4 && d + 1 < s.size() && s[d] == '.' && s[d + 1] == ' ') s = s.substr(d + 2);
    }
    size_t year_pos = std::string_view::npos, year_len = 0;
    for (size_t i = 0; i < s.size() && i < 600; ++i)
        if (const size_t len = year_at(s, i)) {
            year_pos = i;
            year_len = len;
            break;
        }
    if (year_pos == std::string_view::npos) return false;
    // A quoted title before the year (IEEE style): the authors end at the quote.
    size_t quote = std::string_view::npos;
    for (std::string_view q : {"\xE2\x80\x9C", "\xC2\xAB"}) quote = std::min(quote, s.find(q));
    const size_t authors_end = quote < year_pos ? quote : year_pos;
    std::vector<std::string> families;
    bool et_al = false;
    if (!parse_names(trim(s.substr(0, authors_end)), families, et_al)) return false;
    out.authors = std::move(families);
    out.year = std::string(s.substr(year_pos, year_len));
    out.text = std::string(trim(entry, " \n"));
    // The title: quoted, else what follows the year up to the next period.
    std::string_view rest = quote < year_pos ? s.substr(quote) : trim(s.substr(year_pos + year_len), " ),.:;");
    for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"\xC2\xAB", "\xC2\xBB"}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}}) {
        if (rest.substr(0, open.size()) == open) {
            const size_t end = rest.find(close, open.size());
            out.title = std::string(trim(rest.substr(open.size(), end == std::string_view::npos ? std::string_view::npos : end - open.size()), " ,."));
            return true;
        }
    }
    const size_t stop = rest.find(". ");
    out.title = std::string(trim(rest.substr(0, std::min(stop, rest.size())), " ,."));
    if (out.title.size() > 300) out.title.resize(300);
    return true;
}

std::vector<Reference> parse_reference_list(const std::vector<std::string>& paragraphs) {
    std::vector<Reference> refs;
    for (const auto& p : paragraphs) {
        Reference r;
        if (parse_reference(p, r)) {
            refs.push_back(std::move(r));
        } else if (!refs.empty()) {
            refs.back().text += ' ';
            refs.back().text += p;
        }
    }
    return refs;
}

void link_citations(std::vector<Citation>& citations, const std::vector<Reference>& references) {
    for (Citation& c : citations) {
        if (c.authors.empty()) continue;
        const std::string who = folded(c.authors.front());
        for (size_t i = 0; i < references.size(); ++i) {
            const Reference& r = references[i];
            if (r.year == c.year && !r.authors.empty() && folded(r.authors.front()) == who) {
                c.reference = static_cast<int>(i);
                break;
            }
        }
    }
}

std::string citation_key(const Citation& citation) {
    std::string name = citation.authors.empty() ? std::string() : fold_text(citation.authors.front());
    if (const size_t space = name.rfind(' '); space != std::string::npos) name.erase(0, space + 1);
    return name + " " + citation.year;
}

std::set<std::string> citation_keys(std::string_view text) {
    std::set<std::string> keys;
    for (const Citation& c : find_citations(text)) keys.insert(citation_key(c));
    return keys;
}

}  // namespace grappe
