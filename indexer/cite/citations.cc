#include "cite/citations.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "text/folding.h"

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
// "de Propris" -> family names; false when it does not read as names (or
// names more than `most`: a citation names a few, an entry may list dozens).
bool parse_names(std::string_view names, std::vector<std::string>& families, bool& et_al, size_t most = 8) {
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
        // Initials are not family names ("Bathelt H.", "P. J. McMurdie"),
        // nor are Vancouver's undotted ones after the name ("Light JE").
        words.erase(std::remove_if(words.begin(), words.end(), is_initials), words.end());
        words.erase(std::remove_if(words.begin(), words.end(), [](std::string_view w) { return w == "Jr" || w == "Jr." || w == "Sr" || w == "Sr."; }),
                    words.end());
        if (words.size() >= 2 && words.back().size() <= 3 &&
            std::all_of(words.back().begin(), words.back().end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
            words.pop_back();
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
    return !families.empty() && families.size() <= most;
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

namespace {

// A list's bullet before an entry: "- ", "• ", "– ", "‣ ", "* ".
std::string_view without_bullet(std::string_view s) {
    for (std::string_view bullet : {"- ", "* ", "+ ", "\u2022 ", "\u2013 ", "\u2014 ", "\u2023 ", "\u25AA ", "\u25CF ", "\u00B7 "})
        if (s.substr(0, bullet.size()) == bullet) return trim(s.substr(bullet.size()), " \n");
    return s;
}

// "Carlsson, Bo och Rolf G. Henriksson (red.) (": the names without an
// editor's mark or what the year's parenthesis left, ", eds" included.
std::string names_part(std::string_view authors) {
    std::string out(authors);
    for (std::string_view mark : {"(red.)", "(eds.)", "(ed.)", "(eds)", "(ed)", "(dir.)", "(dirs.)", "(éd.)", "(éds.)", "(coord.)", "(Hrsg.)"})
        for (size_t at; (at = out.find(mark)) != std::string::npos;) out.erase(at, mark.size());
    for (std::string_view tail : {", eds", ", ed", ", éd", ", dir"})
        if (const size_t at = out.rfind(tail); at != std::string::npos && trim(std::string_view(out).substr(at + tail.size()), " .,(").empty())
            out.erase(at);
    for (std::string_view conjunction : {" och ", " und ", " y "})
        for (size_t at; (at = out.find(conjunction)) != std::string::npos;) out.replace(at, conjunction.size(), " and ");
    return out;
}

// Where the names of an MLA or Chicago entry end: the first ". " after a
// word that is not an initial ("Karlsson, Charlie, and Roger Stough, eds.
// Industrial clusters...").
size_t first_sentence_end(std::string_view s) {
    for (size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] != '.' || s[i + 1] != ' ') continue;
        size_t start = i;
        while (start > 0 && s[start - 1] != ' ' && s[start - 1] != '-' && s[start - 1] != '.') --start;
        if (i - start >= 2) return i;  // a word of two letters or more: not an initial
    }
    return std::string_view::npos;
}

}  // namespace

bool parse_reference(std::string_view entry, Reference& out) {
    std::string_view s = without_bullet(trim(entry, " \n"));
    // "[45] ...", "12. "
    std::string_view label;
    if (!s.empty() && s[0] == '[') {
        const size_t close = s.find(']');
        if (close != std::string_view::npos && close < 8) {
            label = trim(s.substr(1, close - 1), " ");
            s = trim(s.substr(close + 1), " \n");
        }
    } else {
        size_t d = 0;
        while (d < s.size() && is_digit(s[d])) ++d;
        if (d > 0 && d < 4 && d + 1 < s.size() && s[d] == '.' && s[d + 1] == ' ') {
            label = s.substr(0, d);
            s = s.substr(d + 2);
        }
    }
    // A quoted title (IEEE, MLA, Chicago: “...”, « ... », "..."): the
    // authors end where it opens, and a year inside it ("Industry Clusters
    // in Ohio and Sweden, 1975--1995") is not the entry's.
    size_t quote = std::string_view::npos, quote_end = std::string_view::npos;
    for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\xC2\xAB", "\xC2\xBB"}, {"\"", "\""}}) {
        const size_t at = s.find(open);
        if (at >= quote || at > 600) continue;
        const size_t end = s.find(close, at + open.size());
        if (end == std::string_view::npos) continue;
        quote = at;
        quote_end = end + close.size();
    }
    size_t year_pos = std::string_view::npos, year_len = 0;
    const size_t search_to = quote_end == std::string_view::npos ? 600 : quote_end + 600;
    for (size_t i = 0; i < s.size() && i < search_to; ++i) {
        if (i == quote) {
            i = quote_end - 1;
            continue;
        }
        if (const size_t len = year_at(s, i)) {
            year_pos = i;
            year_len = len;
            break;
        }
    }
    // None but in the title ("“Seqtk : a fast ... sequences, 2013. https://...”"): that one.
    for (size_t i = quote; year_pos == std::string_view::npos && i < quote_end; ++i)
        if (const size_t len = year_at(s, i)) {
            year_pos = i;
            year_len = len;
        }
    if (year_pos == std::string_view::npos) return false;
    size_t authors_end = quote < year_pos ? quote : year_pos;
    std::vector<std::string> families;
    bool et_al = false;
    // Vancouver (BMC) style: "Light JE, Smith VS: Evolutionary history... 2010".
    if (const size_t colon = s.find(": "); colon < authors_end && parse_names(trim(s.substr(0, colon)), families, et_al, 60))
        authors_end = colon;
    else families.clear();
    if (families.empty() && !parse_names(trim(names_part(s.substr(0, authors_end))), families, et_al, 60)) {
        // MLA without quotes: the names end at the first sentence.
        families.clear();
        const size_t sentence = first_sentence_end(s);
        if (sentence >= authors_end || !parse_names(trim(names_part(s.substr(0, sentence))), families, et_al, 60)) return false;
        authors_end = sentence;
    }
    out.authors = std::move(families);
    out.year = std::string(s.substr(year_pos, year_len));
    out.text = std::string(trim(entry, " \n"));
    out.label = std::all_of(label.begin(), label.end(), is_digit) ? std::string(label) : std::string();
    // The title: quoted, else what follows the year up to the next period.
    std::string_view rest = quote < year_pos                                  ? s.substr(quote)
                            : authors_end < year_pos && s[authors_end] == ':' ? trim(s.substr(authors_end + 1), " ")
                                                                               : trim(s.substr(year_pos + year_len), " ),.:;");
    for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"\xC2\xAB", "\xC2\xBB"}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\"", "\""}}) {
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

namespace {

// A numbered list's entries run together in one paragraph ("... sep 2002.
// [3] E. Yong, ...", a hanging label read as part of the line before) are
// split before each label that follows the last one: [3] after [2]; and an
// entry broken by a page or a column is joined again: in a list numbered
// "[n]", a paragraph without its label continues the entry before it.
std::vector<std::string> numbered_entries(const std::vector<std::string>& paragraphs) {
    std::vector<std::string> out;
    int last = 0;
    for (const std::string& p : paragraphs) {
        size_t from = 0;
        for (size_t at = 0; at < p.size(); ++at) {
            // "[12] " or "12. Name": a label at a word's start.
            if (at > 0 && p[at - 1] != ' ') continue;
            const bool bracket = p[at] == '[';
            size_t d = at + (bracket ? 1 : 0);
            const size_t digits_from = d;
            while (d < p.size() && is_digit(p[d])) ++d;
            if (d == digits_from || d - digits_from > 3 || d >= p.size()) continue;
            // (A label may end its paragraph: a hanging label read apart.)
            const bool ends = d + 1 == p.size();
            if (bracket ? p[d] != ']'
                        : (p[d] != '.' || (!ends && (p[d + 1] != ' ' || d + 2 >= p.size() || !starts_upper(std::string_view(p).substr(d + 2))))))
                continue;
            const int label = std::stoi(p.substr(digits_from, d - digits_from));
            if (label != last + 1) continue;
            last = label;
            if (at > from) out.push_back(std::string(trim(std::string_view(p).substr(from, at - from), " ")));
            from = at;
        }
        out.push_back(p.substr(from));
    }
    if (last < 2) return out;
    std::vector<std::string> entries;
    bool bare_label = false;  // the entry before is its label alone: "2."
    // "[12]..." or "12. ..." (not "2017. [4] ...": a year ends an entry).
    auto starts_with_label = [](const std::string& p) {
        const size_t from = !p.empty() && p[0] == '[' ? 1 : 0;
        size_t d = from;
        while (d < p.size() && is_digit(p[d])) ++d;
        return d > from && d - from <= 3 && d < p.size() && p[d] == (from ? ']' : '.');
    };
    for (std::string& p : out) {
        const bool labelled = starts_with_label(p);
        if (!entries.empty() && (!labelled || bare_label)) entries.back().append(" ").append(p);
        else entries.push_back(std::move(p));
        bare_label = labelled && entries.back().find(' ') == std::string::npos;
    }
    return entries;
}

}  // namespace

namespace {

// "- , 2010, ...", "— 2010. ...", "___ (2010)": the same authors as the
// entry before, in French and English styles.
// Returns the entry without the mark, or nothing when it has none.
std::optional<std::string_view> ditto_entry(std::string_view entry) {
    std::string_view s = without_bullet(trim(entry, " \n"));
    for (std::string_view mark : {",", "\u2014", "\u2015", "\u2013\u2013", "---", "___", "Id.", "Idem", "Ibid"})
        if (s.substr(0, mark.size()) == mark) {
            s.remove_prefix(mark.size());
            while (!s.empty() && std::string_view(" ,.-_").find(s.front()) != std::string_view::npos) s.remove_prefix(1);
            return s;
        }
    return std::nullopt;
}

// "Enright, Michael J. "Regional clusters: what we know..."": a paragraph
// that opens an entry (names, then a quoted title or a sentence) and has
// not reached its year yet.
// Does the paragraph open on a list of names, "Family, Given" or several
// ("Chesbrough, H.W., 2003", "Enright, Michael J. "Regional..."), before its
// year, its quoted title or its first sentence's end? "Berlin Heidelberg,
// 2003" does not: a place has no comma among its words.
bool names_first(std::string_view paragraph) {
    std::string_view s = without_bullet(trim(paragraph, " \n"));
    size_t end = std::string_view::npos;
    for (std::string_view q : {"\xE2\x80\x9C", "\xC2\xAB", "\""}) end = std::min(end, s.find(q));
    for (size_t i = 0; i < s.size() && i < end; ++i)
        if (year_at(s, i)) {
            end = i;
            break;
        }
    end = std::min(end, first_sentence_end(s));
    // "Lessler, J., Chaisson, L.H., ..., Metcalf, C.J.E.,": a list of
    // authors broken before its year, the whole paragraph.
    if (end == std::string_view::npos && (s.ends_with(",") || s.ends_with(";"))) end = s.size();
    if (end == std::string_view::npos || (end > 150 && end != s.size())) return false;
    const std::string names(trim(names_part(s.substr(0, end))));
    if (names.find(',') == std::string::npos) return false;
    std::vector<std::string> families;
    bool et_al = false;
    return parse_names(names, families, et_al, 60);
}

bool has_year(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i)
        if (year_at(s, i)) return true;
    return false;
}

// An entry that opens on names and has not reached a year, nor says it has
// none ("à paraître", "forthcoming", "in press"): its year is further on.
bool opens_entry(std::string_view paragraph) {
    if (has_year(paragraph) || !names_first(paragraph)) return false;
    const std::string f = fold_text(paragraph);
    for (std::string_view undated : {"a paraitre", "sous presse", "forthcoming", "in press", "a venir", "n.d.", "s.d."})
        if (f.find(undated) != std::string::npos) return false;
    return true;
}

}  // namespace

std::vector<Reference> parse_reference_list(const std::vector<std::string>& paragraphs) {
    std::vector<Reference> refs;
    const std::vector<std::string> entries = numbered_entries(paragraphs);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string& p = entries[i];
        Reference r;
        if (const auto rest = refs.empty() ? std::nullopt : ditto_entry(p)) {
            // Parse it under the previous entry's first author, then give it all of them.
            const std::string named = refs.back().authors.front() + ", " + std::string(*rest);
            if (parse_reference(named, r)) {
                r.authors = refs.back().authors;
                r.text = std::string(trim(p, " \n"));
                refs.push_back(std::move(r));
                continue;
            }
        }
        if (parse_reference(p, r)) {
            refs.push_back(std::move(r));
            continue;
        }
        // An entry broken over paragraphs before its year ("Enright, Michael
        // J. "Regional clusters..."" + "Innovation clusters... Berlin" +
        // "Springer, 2003. 99-129."): its pieces read together, up to the
        // next paragraph that is an entry by itself.
        std::string joined = p;
        bool found = false;
        const bool opens = opens_entry(p);
        for (std::size_t k = i + 1; k < entries.size() && k <= i + 3 && !found; ++k) {
            Reference alone;
            // The next paragraph is an entry of its own, unless this one
            // opens an entry that has not reached its year ("Berlin
            // Heidelberg, 2003. 99-129." ends Enright's).
            // A piece that ends on a comma ("..., Metcalf, C.J.E.,") goes on in the next, whatever it starts with.
            const std::string_view last = trim(joined, " \n");
            const bool dangling = opens && (last.ends_with(",") || last.ends_with(";"));
            if (!dangling && parse_reference(entries[k], alone) && (!opens || names_first(entries[k]))) break;
            joined += ' ';
            joined += entries[k];
            if (parse_reference(joined, r)) {
                r.text = joined;
                refs.push_back(std::move(r));
                i = k;
                found = true;
            }
        }
        if (found) continue;
        // Else a piece of the entry before (broken by a column or a page).
        if (!refs.empty()) {
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

namespace {

// "12", "5–7", "5-7": the numbers of one item of a bracket, or nothing when
// it is not one (a page locator "p. 35" is allowed after a number).
bool bracket_numbers(std::string_view item, std::vector<int>& numbers) {
    item = trim(item, " ");
    if (item.empty()) return false;
    if (item.rfind("p.", 0) == 0 || item.rfind("pp.", 0) == 0 || item.rfind("chap.", 0) == 0) return !numbers.empty();
    size_t d = 0;
    while (d < item.size() && is_digit(item[d])) ++d;
    if (d == 0 || d > 3) return false;
    const int first = std::stoi(std::string(item.substr(0, d)));
    std::string_view rest = item.substr(d);
    if (rest.empty()) {
        numbers.push_back(first);
        return true;
    }
    for (std::string_view dash : {"\u2013", "-"})
        if (rest.rfind(dash, 0) == 0) rest.remove_prefix(dash.size());
    if (rest.empty() || rest.size() > 3 || !std::all_of(rest.begin(), rest.end(), is_digit)) return false;
    const int last = std::stoi(std::string(rest));
    if (last < first || last - first > 30) return false;
    for (int n = first; n <= last; ++n) numbers.push_back(n);
    return true;
}

// The digit of a superscript character at `at` (and its length), or -1.
int superscript_digit(std::string_view s, size_t at, size_t& length) {
    static const std::string_view digits[] = {"\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
                                              "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    for (int d = 0; d < 10; ++d)
        if (s.compare(at, digits[d].size(), digits[d]) == 0) {
            length = digits[d].size();
            return d;
        }
    return -1;
}

// "⁴⁹", "⁹,¹²", "³⁻⁵": a run of raised numbers from `at`; its numbers, and
// where it ends.
size_t superscript_run(std::string_view s, size_t at, std::vector<int>& numbers) {
    int current = -1, range_from = -1;
    size_t i = at;
    auto finish = [&] {
        if (current < 0) return;
        if (range_from >= 0 && current >= range_from && current - range_from <= 30)
            for (int n = range_from + 1; n <= current; ++n) numbers.push_back(n);
        else numbers.push_back(current);
        range_from = -1;
        current = -1;
    };
    while (i < s.size()) {
        size_t len = 0;
        if (const int d = superscript_digit(s, i, len); d >= 0) {
            current = (current < 0 ? 0 : std::min(current, 100000) * 10) + d;  // (no label is that long)
            i += len;
            continue;
        }
        size_t next_len = 0;
        const bool comma = s[i] == ',' && superscript_digit(s, i + 1, next_len) >= 0;
        const bool dash = (s.compare(i, 3, "\u207B") == 0 || s.compare(i, 3, "\u2013") == 0) && superscript_digit(s, i + 3, next_len) >= 0;
        if (current >= 0 && (comma || dash)) {
            const int before = current;
            finish();
            if (dash) range_from = before;
            i += comma ? 1 : 3;
            continue;
        }
        break;
    }
    finish();
    return i;
}

}  // namespace

std::vector<Citation> find_numbered_citations(std::string_view text, const std::vector<Reference>& references, bool superscript_calls) {
    std::vector<Citation> out;
    std::map<int, size_t> by_label;
    for (size_t i = 0; i < references.size(); ++i)
        if (!references[i].label.empty() && references[i].label.size() <= 3) by_label.emplace(std::stoi(references[i].label), i);
    if (by_label.size() < 2) return out;
    for (size_t open = text.find('['); open != std::string_view::npos; open = text.find('[', open + 1)) {
        const size_t close = text.find(']', open);
        if (close == std::string_view::npos || close - open > 60) continue;
        std::vector<int> numbers;
        bool all = true;
        const std::string_view inside = text.substr(open + 1, close - open - 1);
        size_t start = 0;
        while (all && start <= inside.size()) {
            const size_t cut = std::min(inside.find_first_of(",;", start), inside.size());
            all = bracket_numbers(inside.substr(start, cut - start), numbers);
            start = cut + 1;
        }
        if (!all) continue;
        for (int n : numbers) {
            const auto it = by_label.find(n);
            if (it == by_label.end()) continue;
            const Reference& r = references[it->second];
            Citation c;
            c.authors = r.authors;
            c.year = r.year;
            c.begin = open;
            c.end = close + 1;
            c.reference = static_cast<int>(it->second);
            out.push_back(std::move(c));
        }
    }
    if (!superscript_calls) return out;
    for (size_t i = 0; i < text.size();) {
        size_t len = 0;
        if (superscript_digit(text, i, len) < 0) {
            ++i;
            continue;
        }
        std::vector<int> numbers;
        const size_t end = superscript_run(text, i, numbers);
        // A power, not a call: "10⁶", "a²", "N²", "50 m²", "km²" (ten, a
        // letter alone or a unit before it); "sur 5400¹⁰", "âgés¹⁷" call.
        size_t word = i;
        while (word > 0 && (std::isalnum(static_cast<unsigned char>(text[word - 1])) || (text[word - 1] & 0x80))) --word;
        const std::string_view base = text.substr(word, i - word);
        const bool power = base.empty() || base == "10" || (base.size() == 1 && !is_digit(base[0])) || base == "m" || base == "cm" ||
                           base == "mm" || base == "km" || base == "dm";
        if (power) numbers.clear();
        for (int n : numbers)
            if (const auto it = by_label.find(n); it != by_label.end()) {
                const Reference& r = references[it->second];
                Citation c;
                c.authors = r.authors;
                c.year = r.year;
                c.begin = i;
                c.end = end;
                c.reference = static_cast<int>(it->second);
                out.push_back(std::move(c));
            }
        i = end;
    }
    return out;
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
