#include "metadata/dates.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "text/folding.h"
#include "metadata/names.h"

namespace grappe {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), digit); }

int this_year() {
    const auto today = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    return static_cast<int>(today.year());
}

// A year a work can have been dated with: from 1900 to next year.
bool plausible_year(std::string_view s) {
    if (s.size() != 4 || !all_digits(s)) return false;
    const int y = std::stoi(std::string(s));
    return y >= 1900 && y <= this_year() + 1;
}

// Month names, folded, French and English, full and abbreviated.
bool is_month(std::string_view folded) {
    static constexpr std::string_view months[] = {
        "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "janv", "fevr", "fev", "avr", "juil", "sept", "oct", "nov", "dec", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep"};
    return std::find(std::begin(months), std::end(months), folded) != std::end(months);
}

// Words of a folded text with their byte spans: runs of letters and
// digits; "1er" is a word.
struct Word {
    std::string text;
    std::size_t begin = 0, end = 0;
};
// The letter or digit that starts at byte `i`, and its length; 0 for any other character.
std::size_t word_char_at(std::string_view s, std::size_t i) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    int32_t at = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(p, at, static_cast<int32_t>(s.size()), c);
    return c >= 0 && u_isalnum(c) ? static_cast<std::size_t>(at) - i : 0;
}

// Skips to the next character.
std::size_t next_char(std::string_view s, std::size_t i) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    return i;
}

std::vector<Word> words_of(std::string_view text) {
    std::vector<Word> out;
    for (std::size_t i = 0; i < text.size();) {
        if (word_char_at(text, i) == 0) {
            i = next_char(text, i);
            continue;
        }
        std::size_t j = i;
        while (j < text.size()) {
            const std::size_t n = word_char_at(text, j);
            if (n == 0) break;
            j += n;
        }
        out.push_back({std::string(text.substr(i, j - i)), i, j});
        i = j;
    }
    return out;
}

bool valid_day(std::string_view d) {
    if (d.ends_with("er")) d.remove_suffix(2);  // "1er"
    if (d.empty() || d.size() > 2 || !all_digits(d)) return false;
    const int n = std::stoi(std::string(d));
    return n >= 1 && n <= 31;
}

bool valid_month_number(std::string_view m) {
    if (m.empty() || m.size() > 2 || !all_digits(m)) return false;
    const int n = std::stoi(std::string(m));
    return n >= 1 && n <= 12;
}

// A date found in a folded text: its year and the words it covers.
struct FoundDate {
    std::string year;
    std::size_t first = 0, last = 0;  // word indices, inclusive
    bool full = false;                // more than a bare year: a month, a day
};

// The first date in `w`: 2019-06-14, 14/06/2019, 11-03-2022, [day] month
// year, a range of two consecutive years (the later one), else a bare year.
std::vector<FoundDate> dates_in(const std::string& folded, const std::vector<Word>& w) {
    std::vector<FoundDate> found;
    auto separated_by = [&](std::size_t a, std::string_view seps) {
        if (a + 1 >= w.size()) return false;
        const std::string_view between = std::string_view(folded).substr(w[a].end, w[a + 1].begin - w[a].end);
        return between.size() == 1 && seps.find(between[0]) != std::string_view::npos;
    };
    for (std::size_t k = 0; k < w.size(); ++k) {
        // 2019-06-14
        if (plausible_year(w[k].text) && k + 2 < w.size() && separated_by(k, "-/.") && separated_by(k + 1, "-/.") &&
            valid_month_number(w[k + 1].text) && valid_day(w[k + 2].text)) {
            found.push_back({w[k].text, k, k + 2, true});
            k += 2;
            continue;
        }
        // 14/06/2019, 11-03-2022
        if (valid_day(w[k].text) && k + 2 < w.size() && separated_by(k, "-/.") && separated_by(k + 1, "-/.") &&
            valid_month_number(w[k + 1].text) && plausible_year(w[k + 2].text)) {
            found.push_back({w[k + 2].text, k, k + 2, true});
            k += 2;
            continue;
        }
        // [day] month year: "6 decembre 2024", "juin 2008", "jun 2016"
        if (is_month(w[k].text) && k + 1 < w.size() && plausible_year(w[k + 1].text)) {
            const bool day = k > 0 && valid_day(w[k - 1].text);
            found.push_back({w[k + 1].text, day ? k - 1 : k, k + 1, true});
            ++k;
            continue;
        }
        // "May 6, 2022", "June 14 2019": month, day, year
        if (is_month(w[k].text) && k + 2 < w.size() && valid_day(w[k + 1].text) && plausible_year(w[k + 2].text)) {
            found.push_back({w[k + 2].text, k, k + 2, true});
            k += 2;
            continue;
        }
        // 2014-2015, 2014/2015: the year it ends
        if (plausible_year(w[k].text) && k + 1 < w.size() && separated_by(k, "-/") && plausible_year(w[k + 1].text) &&
            std::stoi(w[k + 1].text) == std::stoi(w[k].text) + 1) {
            found.push_back({w[k + 1].text, k, k + 1, false});
            ++k;
            continue;
        }
        if (plausible_year(w[k].text)) found.push_back({w[k].text, k, k, false});
    }
    return found;
}

// Words that may stand beside a date on a cover without making it a
// sentence: how the date is introduced.
bool date_cue(std::string_view folded_word) {
    static constexpr std::string_view cues[] = {
        "le", "la", "du", "de", "en", "a", "publie", "publiee", "paru", "parue", "parution", "date", "publication", "version",
        "mis", "mise", "ligne", "edition", "annee", "universitaire", "academique", "session", "soutenue", "soutenu",
        "published", "posted", "on", "in", "issued", "copyright", "c", "depot", "revised", "revise", "revisee", "presentee", "presente",
        "et", "publiquement", "soutenance", "defended", "defense", "submitted", "and", "publicly"};
    return std::find(std::begin(cues), std::end(cues), folded_word) != std::end(cues);
}

// Kinds of work that head a cover line before its date: "Mémoire de
// master, 2015", "Rapport final – juin 2012", "Working paper, 2009".
bool starts_with_work_kind(std::string_view folded) {
    static constexpr std::string_view kinds[] = {
        "these", "memoire", "rapport", "report", "working paper", "document de travail", "cahier", "note", "etude",
        "dossier", "actes", "communication", "colloque", "conference", "table ronde", "seminaire", "journee", "atelier",
        "workshop", "habilitation", "dissertation", "thesis", "master", "licence", "projet de fin", "synthese", "presentation",
        "support de cours", "cours"};
    for (std::string_view k : kinds)
        if (folded.rfind(k, 0) == 0 && (folded.size() == k.size() || !std::isalnum(static_cast<unsigned char>(folded[k.size()])))) return true;
    return false;
}

// "Paris, le", "Lyon,": a place (one to three capitalised words) then a comma.
bool place_then_comma(std::string_view original_before_date) {
    const size_t comma = original_before_date.find(',');
    if (comma == std::string_view::npos || comma == 0) return false;
    std::string_view place = original_before_date.substr(0, comma);
    std::string_view rest = original_before_date.substr(comma + 1);
    std::size_t words = 0;
    for (std::size_t i = 0; i < place.size();) {
        while (i < place.size() && (place[i] == ' ' || place[i] == '-')) ++i;
        if (i >= place.size()) break;
        const unsigned char c = static_cast<unsigned char>(place[i]);
        if (!((c >= 'A' && c <= 'Z') || (c >= 0xC3 && c <= 0xC5))) return false;
        while (i < place.size() && place[i] != ' ' && place[i] != '-') ++i;
        ++words;
    }
    if (words == 0 || words > 3) return false;
    const std::string f = fold_text(rest);
    for (const Word& w : words_of(f))
        if (!date_cue(w.text)) return false;
    return true;
}

}  // namespace

std::string find_year(std::string_view text) {
    for (size_t i = 0; i + 4 <= text.size(); ++i) {
        const bool starts = (text[i] == '1' && text[i + 1] == '9') || (text[i] == '2' && text[i + 1] == '0');
        if (!starts || !digit(text[i + 2]) || !digit(text[i + 3])) continue;
        const bool before = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
        const bool after = i + 4 == text.size() || !std::isalnum(static_cast<unsigned char>(text[i + 4]));
        if (before && after) return std::string(text.substr(i, 4));
    }
    return "";
}

std::string year_of_declared_date(std::string_view date) {
    if (date.size() > 80) return "";
    const std::string folded = fold_text(date);
    const std::vector<Word> w = words_of(folded);
    const std::vector<FoundDate> found = dates_in(folded, w);
    if (found.empty()) return "";
    // A full date wins; bare years must agree ("2016" with "2016" is fine,
    // "1995 2004" is no date).
    for (const FoundDate& d : found)
        if (d.full) return d.year;
    for (const FoundDate& d : found)
        if (d.year != found.front().year) return "";
    // Words other than the year make it a phrase, unless they are few.
    if (w.size() > found.size() + 3) return "";
    return found.front().year;
}

// The paragraph without web addresses, e-mail addresses and separators
// set beside a date on a cover ("Août 2022 https://latexref.xyz/fr",
// "May 6, 2022 www.example.com | name@univ.fr").
std::string without_addresses(std::string_view paragraph) {
    std::string out;
    std::size_t i = 0;
    while (i < paragraph.size()) {
        std::size_t j = paragraph.find(' ', i);
        if (j == std::string_view::npos) j = paragraph.size();
        const std::string_view word = paragraph.substr(i, j - i);
        const bool address = word.find('@') != std::string_view::npos || word.find("http") == 0 || word.find("www.") == 0 || word == "|";
        if (!address && !word.empty()) out.append(out.empty() ? "" : " ").append(word);
        i = j + 1;
    }
    return out;
}

std::string cover_date_year(std::string_view raw_paragraph) {
    const std::string stripped = without_addresses(raw_paragraph);
    std::string_view paragraph = stripped;
    while (!paragraph.empty() && (paragraph.front() == ' ' || paragraph.front() == '\n')) paragraph.remove_prefix(1);
    while (!paragraph.empty() && (paragraph.back() == ' ' || paragraph.back() == '\n')) paragraph.remove_suffix(1);
    if (paragraph.empty() || paragraph.size() > 90) return "";
    // Citations, laws and numbered texts are not dates of the work.
    if (paragraph.find_first_of("()[]") != std::string_view::npos) return "";
    const std::string folded = fold_text(paragraph);
    for (std::string_view law : {"loi ", "decret", "arrete", "ordonnance", "circulaire", "article", "n°", "n °", "no ", "directive"})
        if (folded.find(law) != std::string::npos) return "";
    const std::vector<Word> w = words_of(folded);
    if (w.empty() || w.size() > 14) return "";
    // A person's birth or death is no date of the work ("Né le 18 mai 1984").
    for (const Word& word : w)
        if (word.text == "ne" || word.text == "nee" || word.text == "born" || word.text == "deces" || word.text == "decede" ||
            word.text == "printed" || word.text == "imprime")  // TeX's "Printed on \today": the day the file was made
            return "";
    const std::vector<FoundDate> found = dates_in(folded, w);
    if (found.size() != 1) return "";  // a list of years is no date line
    const FoundDate& d = found.front();

    // What stands around the date. An edition's number goes with its date
    // ("Version 1.0 - 25 avril 2022", "v2.3 du 12 mars 2019").
    const bool version = std::any_of(w.begin(), w.end(), [](const Word& x) { return x.text == "version" || x.text == "edition"; });
    auto version_number = [&](const std::string& x) {
        if (!version) return false;
        std::string_view v = x;
        if (!v.empty() && v[0] == 'v') v.remove_prefix(1);
        return !v.empty() && v.size() <= 3 && all_digits(v);
    };
    std::size_t other = 0;
    for (std::size_t k = 0; k < w.size(); ++k)
        if ((k < d.first || k > d.last) && !date_cue(w[k].text) && !version_number(w[k].text)) ++other;
    if (other == 0) return d.year;  // "Juin 2008", "Publié le 12 janvier 2017", "2015"
    // Where the date starts in the original text: folding keeps the
    // words in order, so count words there.
    const std::vector<Word> original = words_of(paragraph);
    if (original.size() != w.size()) return "";  // folding changed the words: do not guess
    const std::size_t original_date_begin = original[d.first].begin;
    const std::string_view head = paragraph.substr(0, original_date_begin);
    const bool after_words = d.last + 1 < w.size();
    const bool copyright = folded.rfind("\u00A9", 0) == 0 || folded.rfind("copyright", 0) == 0;
    if (copyright) return other <= 4 ? d.year : "";  // "© 2015 Éditions Belin"
    if (after_words) return "";  // a date followed by words is a sentence going on
    if (starts_with_work_kind(folded)) return other <= 10 ? d.year : "";
    if (place_then_comma(head)) return d.year;
    // "Rémi Vasseur, 2020": names, then the year.
    std::string names(head);
    for (bool trimmed = true; trimmed && !names.empty();) {
        trimmed = false;
        for (std::string_view end : {" ", ",", ";", ":", "-", "\u2013", "\u2014"})
            if (names.ends_with(end)) {
                names.resize(names.size() - end.size());
                trimmed = true;
            }
    }
    if (!names.empty() && reads_as_names(names)) return d.year;
    return "";
}

std::string file_name_date_year(std::string_view name) {
    // A folder flattened into the name ("blog___posts__2011-07-27-titre.md"): its last part.
    if (const std::size_t parts = name.rfind("__"); parts != std::string_view::npos) name.remove_prefix(parts + 2);
    if (name.size() < 11 || !all_digits(name.substr(0, 4)) || name[4] != '-' || !valid_month_number(name.substr(5, 2)) || name[7] != '-' ||
        !valid_day(name.substr(8, 2)))
        return "";
    if (name.size() > 10 && std::isalnum(static_cast<unsigned char>(name[10]))) return "";
    const std::string_view year = name.substr(0, 4);
    return plausible_year(year) ? std::string(year) : "";
}

}  // namespace grappe
