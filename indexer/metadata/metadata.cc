#include "metadata/metadata.h"

#include <algorithm>
#include <array>

namespace grappe {
namespace {

std::string trim(std::string_view s) {
    const char* spaces = " \t\n,;.";
    const size_t b = s.find_first_not_of(spaces);
    if (b == std::string_view::npos) return "";
    const size_t e = s.find_last_not_of(" \t\n,;");
    return std::string(s.substr(b, e - b + 1));
}

bool all_caps_word(std::string_view w) {
    if (w.find('.') != std::string_view::npos) return false;  // initials: "P.O. Chasset"
    bool letter = false;
    for (char c : w) {
        if (c >= 'a' && c <= 'z') return false;
        if (c >= 'A' && c <= 'Z') letter = true;
    }
    return letter && w.size() > 1;
}

std::vector<std::string> split_words(std::string_view s) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        const size_t j = s.find(' ', i);
        const size_t end = j == std::string_view::npos ? s.size() : j;
        if (end > i) words.emplace_back(s.substr(i, end - i));
        i = end;
    }
    return words;
}

Author one_author(std::string_view name) {
    Author a;
    const size_t comma = name.find(',');
    if (comma != std::string_view::npos) {  // "Moreau, Julien"
        a.family = trim(name.substr(0, comma));
        a.given = trim(name.substr(comma + 1));
        return a;
    }
    std::vector<std::string> words = split_words(name);
    if (words.empty()) return a;
    // "BRUNET Philippe": a word in capitals is the family name.
    for (size_t i = 0; i < words.size(); ++i) {
        if (all_caps_word(words[i]) && words.size() > 1) {
            a.family = words[i];
            for (size_t k = 0; k < words.size(); ++k)
                if (k != i) a.given += (a.given.empty() ? "" : " ") + words[k];
            return a;
        }
    }
    // "Jean-Benoit Zimmermann", "Anne de La Fontaine": particles go with the family name.
    size_t family_start = words.size() - 1;
    static const std::array<std::string_view, 8> particles = {"de", "du", "des", "van", "von", "le", "la", "di"};
    while (family_start > 1 && std::find(particles.begin(), particles.end(), lower_text(words[family_start - 1])) != particles.end())
        --family_start;
    for (size_t k = 0; k < words.size(); ++k) {
        std::string& part = k < family_start ? a.given : a.family;
        part += (part.empty() ? "" : " ") + words[k];
    }
    return a;
}

bool digits_only(std::string_view s, size_t min, size_t max) {
    return s.size() >= min && s.size() <= max && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Words split at spaces, commas and full stops, with their byte offsets.
std::vector<std::pair<std::string, size_t>> words_at(const std::string& text) {
    std::vector<std::pair<std::string, size_t>> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::string_view(" ,.;\n").find(text[i]) != std::string_view::npos) ++i;
        size_t j = i;
        while (j < text.size() && std::string_view(" ,.;\n").find(text[j]) == std::string_view::npos) ++j;
        if (j > i) out.emplace_back(text.substr(i, j - i), i);
        i = j;
    }
    return out;
}

// "Forum Innovation, Jun 2016, Paris" -> the date of the work as printed
// ("Jun 2016", "5 June 2016") and its year; else just the first year.
bool find_printed_date(const std::string& text, std::string& date, std::string& year) {
    static const std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto words = words_at(text);
    for (size_t k = 0; k + 1 < words.size(); ++k) {
        const std::string& w = words[k].first;
        const bool month = w.size() >= 3 && std::find(months.begin(), months.end(), std::string_view(w).substr(0, 3)) != months.end();
        const std::string& next = words[k + 1].first;
        if (!month || !digits_only(next, 4, 4) || (next.compare(0, 2, "19") != 0 && next.compare(0, 2, "20") != 0)) continue;
        const bool day = k > 0 && digits_only(words[k - 1].first, 1, 2);
        const size_t from = day ? words[k - 1].second : words[k].second;
        date = text.substr(from, words[k + 1].second + 4 - from);
        year = next;
        return true;
    }
    year = find_year(text);
    date = year;
    return !year.empty();
}

// A month named in French or English followed by a year ("6 décembre
// 2024", "June 2016", "déc. 2019"): a cover's date, unlike a bare year
// (a law's, a cited work's). Returns the year, or "".
std::string month_and_year(const std::string& text) {
    static constexpr std::string_view months[] = {
        "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
        "decembre", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "janv", "fevr", "sept", "oct", "nov", "dec", "jan", "feb", "apr", "aug", "sep"};
    const auto words = words_at(text);
    for (size_t k = 0; k + 1 < words.size(); ++k) {
        const std::string& next = words[k + 1].first;
        if (!digits_only(next, 4, 4) || (next.compare(0, 2, "19") != 0 && next.compare(0, 2, "20") != 0)) continue;
        const std::string month = fold_text(words[k].first);
        if (std::find(std::begin(months), std::end(months), month) != std::end(months)) return next;
    }
    return "";
}

// "HAL Id : hal-01603657" -> "hal-01603657".
std::string hal_id_in(const std::string& text) {
    size_t at = text.find("HAL Id");
    if (at == std::string::npos) return "";
    at += 6;
    while (at < text.size() && (text[at] == ' ' || text[at] == ':')) ++at;
    size_t end = at;
    while (end < text.size() && text[end] >= 'a' && text[end] <= 'z') ++end;
    if (end == at || end >= text.size() || text[end] != '-') return "";
    size_t digits = end + 1;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    return digits - end - 1 >= 6 ? text.substr(at, digits - at) : "";
}

// "Submitted on 5 Jun 2020" -> "5 Jun 2020".
std::string deposit_in(const std::string& text) {
    const size_t at = text.find("Submitted on ");
    if (at == std::string::npos) return "";
    const auto words = words_at(text.substr(at + 13, 40));
    if (words.size() < 3 || !digits_only(words[0].first, 1, 2) || !digits_only(words[2].first, 4, 4)) return "";
    return words[0].first + " " + words[1].first + " " + words[2].first;
}

// "… https://doi.org/10.3917/reru.113.0405, …" -> "10.3917/reru.113.0405".
std::string doi_in(const std::string& text) {
    for (size_t at = text.find("10."); at != std::string::npos; at = text.find("10.", at + 1)) {
        if (at > 0 && std::isalnum(static_cast<unsigned char>(text[at - 1]))) continue;
        size_t i = at + 3;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
        if (i - at - 3 < 4 || i - at - 3 > 9 || i >= text.size() || text[i] != '/') continue;
        size_t end = i + 1;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '"' && text[end] != '<' &&
               text[end] != '>')
            ++end;
        std::string value = text.substr(at, end - at);
        while (!value.empty() && std::string_view(".,;)]").find(value.back()) != std::string_view::npos) value.pop_back();
        if (value.size() > i - at + 1) return value;
    }
    return "";
}

std::string type_from(const std::string& text) {
    std::string lower = lower_text(text);
    auto has = [&](std::string_view w) { return lower.find(w) != std::string::npos; };
    if (has("thèse") || has("thesis") || has("doctorat") || has("mémoire de") || has("memoire de")) return "thesis";
    if (has("rapport") || has("report")) return "report";
    if (has("chapitre") || has("chapter") || has("in: ") || has("dans : ")) return "chapter";
    if (has("colloque") || has("conférence") || has("conference") || has("congrès") || has("workshop") || has("forum") ||
        has("proceedings") || has("actes") || has("symposium") || has("journées") || has("table ronde"))
        return "conference paper";
    if (has("revue") || has("journal") || has("review") || has("pp.") || has("vol.")) return "article";
    return "";
}

void from_hal_cover(const std::vector<std::string>& cover, Metadata& m) {
    std::string all;
    for (const auto& p : cover) all += p + "\n";
    if (const std::string id = hal_id_in(all); !id.empty()) m.hal_id = {id, "hal-cover"};
    if (const std::string deposit = deposit_in(all); !deposit.empty()) m.deposit_date = {deposit, "hal-cover"};

    // "To cite this version: AUTHORS. TITLE. VENUE, DATE, PLACE. ... hal-XXXXXXXX"
    const size_t cite = all.find("cite this version");
    if (cite != std::string::npos) {
        std::string citation = all.substr(all.find(':', cite) + 1);
        const size_t end = citation.find("HAL Id");
        if (end != std::string::npos) citation = citation.substr(0, end);
        std::replace(citation.begin(), citation.end(), '\n', ' ');
        // Segments end at ". " after a word of two letters or more (not an initial).
        std::vector<std::string> segments;
        size_t start = 0;
        for (size_t i = 0; i + 1 < citation.size(); ++i) {
            if (citation[i] == '.' && citation[i + 1] == ' ' && i >= 2 && citation[i - 2] != ' ' && segments.size() < 2) {
                segments.push_back(trim(citation.substr(start, i - start)));
                start = i + 2;
            }
        }
        segments.push_back(trim(citation.substr(start)));
        if (segments.size() >= 3) {
            m.authors = parse_authors(segments[0]);
            m.authors_source = "hal-cover";
            m.title = {segments[1], "hal-cover"};
            std::string date, year;
            if (find_printed_date(segments[2], date, year)) {
                m.date = {date, "hal-cover"};
                m.year = {year, "hal-cover"};
                const size_t at = segments[2].find(date);
                std::string venue = trim(segments[2].substr(0, at));
                if (!venue.empty()) m.venue = {venue, "hal-cover"};
            }
            const std::string type = type_from(segments[2]);
            m.type = {type.empty() ? "article" : type, "hal-cover"};
        }
    }
    // Without a citation: the title stands first (after the HAL logo), the authors next.
    if (m.title.empty()) {
        std::vector<std::string> lines;
        for (const auto& p : cover) {
            const std::string l = lower_text(p);
            if (l == "hal" || l.find("open science") == 0 || l == "hal open science") continue;
            lines.push_back(p);
            if (lines.size() == 2) break;
        }
        if (!lines.empty()) m.title = {lines[0], "hal-cover"};
        if (lines.size() > 1 && lines[1].find("HAL") == std::string::npos) {
            m.authors = parse_authors(lines[1]);
            m.authors_source = "hal-cover";
        }
    }
}

}  // namespace

std::string find_year(std::string_view text) {
    for (size_t i = 0; i + 4 <= text.size(); ++i) {
        const bool starts = (text[i] == '1' && text[i + 1] == '9') || (text[i] == '2' && text[i + 1] == '0');
        if (!starts || !std::isdigit(static_cast<unsigned char>(text[i + 2])) || !std::isdigit(static_cast<unsigned char>(text[i + 3])))
            continue;
        const bool before = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
        const bool after = i + 4 == text.size() || !std::isalnum(static_cast<unsigned char>(text[i + 4]));
        if (before && after) return std::string(text.substr(i, 4));
    }
    return "";
}

std::vector<Author> parse_authors(std::string_view list) {
    // " et ", " and ", " & " and ";" separate authors like commas do, unless
    // the list is written "Family, Given; Family, Given".
    const bool family_first = list.find(';') != std::string_view::npos;
    const char delimiter = family_first ? ';' : ',';
    std::string s;
    for (size_t i = 0; i < list.size();) {
        bool separator = false;
        for (std::string_view sep : {" et ", " and ", " & "})
            if (list.substr(i, sep.size()) == sep) {
                s.push_back(delimiter);
                i += sep.size();
                separator = true;
                break;
            }
        if (!separator) s.push_back(list[i++]);
    }
    std::vector<Author> authors;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(delimiter, start);
        if (end == std::string::npos) end = s.size();
        std::string name = trim(s.substr(start, end - start));
        // Affiliation marks after a name ("Raimbault1", "Petit*") are not part of it.
        while (!name.empty() && (std::isdigit(static_cast<unsigned char>(name.back())) || name.back() == '*')) name.pop_back();
        if (!name.empty()) {
            Author a = one_author(name);
            // A "name" with digits (a year, a version) is not an author.
            const bool digits = std::any_of(a.family.begin(), a.family.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!a.family.empty() && !digits) authors.push_back(std::move(a));
        }
        start = end + 1;
    }
    return authors;
}

std::string detect_language(const std::vector<Token>& tokens) {
    // Function words that are frequent in one language and absent from the other.
    static const std::array<std::string_view, 24> french = {"le", "la", "les", "des", "du", "une", "est", "et", "dans", "pour",
                                                           "que", "qui", "sur", "au", "aux", "par", "pas", "ces", "son",
                                                           "sont", "avec", "cette", "leur", "nous"};
    static const std::array<std::string_view, 24> english = {"the", "of", "and", "to", "is", "in", "that", "for", "with", "are",
                                                            "this", "by", "from", "which", "be", "as", "on", "we", "it",
                                                            "was", "were", "these", "their", "not"};
    size_t fr = 0, en = 0;
    for (const Token& t : tokens) {
        if (std::find(french.begin(), french.end(), t.key) != french.end()) ++fr;
        if (std::find(english.begin(), english.end(), t.key) != english.end()) ++en;
    }
    if (fr + en < 3) return "";
    if (fr >= 2 * en) return "fr";
    if (en >= 2 * fr) return "en";
    return fr + en >= tokens.size() / 10 ? (fr > en ? "fr" : "en") : "other";
}

Metadata extract_metadata(const CleanDocument& doc, const std::string& language) {
    Metadata m;
    if (doc.hal_cover) from_hal_cover(doc.cover, m);

    if (m.title.empty() && !doc.title.empty()) m.title = {doc.title.value, doc.title.source};
    if (m.authors.empty() && !doc.authors.empty()) {
        m.authors = parse_authors(doc.authors.value);
        m.authors_source = doc.authors.source;
    }
    if (m.year.empty() && !doc.date.empty()) {
        const std::string year = find_year(doc.date.value);
        if (!year.empty()) {
            m.year = {year, doc.date.source};
            m.date = {doc.date.value, doc.date.source};
        }
    }

    // The first page with text: its opening paragraphs.
    const CleanPage* first = nullptr;
    for (const auto& page : doc.pages)
        if (!page.paragraphs.empty()) {
            first = &page;
            break;
        }
    if (first) {
        // A letterhead is no title: "Ministère de l'Enseignement supérieur
        // ...", "République française", "Liberté Égalité Fraternité".
        size_t open_at = 0;
        auto letterhead = [](const std::string& paragraph) {
            const std::string f = fold_text(paragraph.substr(0, 40));
            for (std::string_view head : {"ministere ", "republique ", "liberte "})
                if (f.rfind(head, 0) == 0) return true;
            return false;
        };
        while (open_at + 1 < first->paragraphs.size() && open_at < 3 && letterhead(first->paragraphs[open_at])) ++open_at;
        std::string opening = first->paragraphs[open_at];
        // A title that ends on a colon goes on in the next paragraph (its
        // subtitle, set apart): "Financement de l'innovation :" + "Arbitrages...".
        size_t longest = 200;
        if (opening.ends_with(':') && first->paragraphs.size() > open_at + 1 && first->paragraphs[open_at + 1].size() <= 200) {
            opening.append(" ").append(first->paragraphs[open_at + 1]);
            longest += 200;
        }
        // Not a TeX comment line printed as text ("% This is french_doc.pdf").
        if (m.title.empty() && opening.size() <= longest && opening.back() != '.' && opening[0] != '%') m.title = {opening, "first-page"};
        // The cover's head: the title, and the two paragraphs after it when
        // they open on the kind of work ("Rapport final, juin 2012",
        // "Mémoire de master"; not "Des outils pour la rédaction de thèses").
        std::string cover_head = opening;
        for (size_t i = open_at + 1; i < first->paragraphs.size() && i < open_at + 3; ++i) cover_head.append(" ").append(first->paragraphs[i], 0, 14);
        if (m.year.empty()) {
            // A year close to the title: in the first three paragraphs.
            std::string head;
            for (size_t i = 0; i < first->paragraphs.size() && i < 3; ++i) head += first->paragraphs[i].substr(0, 400) + " ";
            std::string year = find_year(head);
            // Else a dated line further down the cover ("6 décembre 2024"
            // under the teacher's name).
            for (size_t i = 3; year.empty() && i < first->paragraphs.size(); ++i) year = month_and_year(first->paragraphs[i].substr(0, 400));
            if (!year.empty()) m.year = {year, "first-page"};
        }
        if (m.type.empty()) {
            const std::string type = doc.format == "html" ? "web page" : doc.format == "epub" ? "book" : type_from(cover_head + " " + m.title.value);
            if (!type.empty()) m.type = {type, "first-page"};
        }
    }
    for (size_t p = 0; p < doc.pages.size() && p < 3 && m.doi.empty(); ++p)
        for (const auto& paragraph : doc.pages[p].paragraphs)
            if (const std::string doi = doi_in(paragraph); !doi.empty()) {
                m.doi = {doi, "first-page"};
                break;
            }
    if (!language.empty()) m.language = {language, "text"};
    return m;
}

}  // namespace grappe
