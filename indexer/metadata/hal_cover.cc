#include "metadata/hal_cover.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "text/folding.h"
#include "extract/declared_text.h"
#include "metadata/dates.h"
#include "metadata/work_type.h"

namespace grappe {
namespace {

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
// ("Jun 2016", "5 June 2016") and its year; else the first year standing
// as a word ("Revue d'économie régionale, 2016, 113 (2)").
bool find_printed_date(const std::string& text, std::string& date, std::string& year) {
    static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto words = words_at(text);
    for (size_t k = 0; k + 1 < words.size(); ++k) {
        const std::string& w = words[k].first;
        const bool month = w.size() >= 3 && std::find(std::begin(months), std::end(months), std::string_view(w).substr(0, 3)) != std::end(months);
        const std::string& next = words[k + 1].first;
        if (!month || !digits_only(next, 4, 4) || year_of_declared_date(next).empty()) continue;
        const bool day = k > 0 && digits_only(words[k - 1].first, 1, 2);
        const size_t from = day ? words[k - 1].second : words[k].second;
        date = text.substr(from, words[k + 1].second + 4 - from);
        year = next;
        return true;
    }
    for (const auto& [w, at] : words)
        if (digits_only(w, 4, 4) && !year_of_declared_date(w).empty()) {
            date = year = w;
            return true;
        }
    return false;
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

// Markup a text export keeps around the cover's words ("► **To cite this
// version:**", "<https://hal.science/hal-01603657>").
std::string without_markup(std::string text) {
    for (std::string_view mark : {"**", "__", "\u25BA", "<", ">"})
        for (size_t at; (at = text.find(mark)) != std::string::npos;) text.erase(at, mark.size());
    return text;
}

// Is the word that ends at `end` (exclusive) an initial ("J", "J.-B", "M.E")?
bool initial_before(const std::string& s, size_t end) {
    size_t start = end;
    while (start > 0 && s[start - 1] != ' ') --start;
    const std::string word = s.substr(start, end - start);
    std::size_t letters_in_a_row = 0, most = 0;
    for (char c : word) {
        if (std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) most = std::max(most, ++letters_in_a_row);
        else letters_in_a_row = 0;
    }
    return most <= 1;
}

}  // namespace

HalCover read_hal_cover(const std::vector<std::string>& paragraphs) {
    HalCover h;
    std::string all;
    for (const auto& p : paragraphs) all += without_markup(p) + "\n";
    h.hal_id = hal_id_in(all);
    h.deposit_date = deposit_in(all);

    // "To cite this version: AUTHORS. TITLE. VENUE, DATE, PLACE. ... hal-XXXXXXXX"
    const size_t cite = all.find("cite this version");
    if (cite != std::string::npos) {
        std::string citation = all.substr(all.find(':', cite) + 1);
        const size_t end = citation.find("HAL Id");
        if (end != std::string::npos) citation = citation.substr(0, end);
        std::replace(citation.begin(), citation.end(), '\n', ' ');
        // Segments end at ". " after a word that is not an initial ("J.-B.
        // Zimmermann" stays whole).
        std::vector<std::string> segments;
        size_t start = 0;
        for (size_t i = 0; i + 1 < citation.size(); ++i) {
            if (citation[i] == '.' && citation[i + 1] == ' ' && !initial_before(citation, i) && segments.size() < 2) {
                segments.push_back(trim_separators(citation.substr(start, i - start)));
                start = i + 2;
            }
        }
        segments.push_back(trim_separators(citation.substr(start)));
        if (segments.size() >= 3) {
            h.authors = segments[0];
            h.title = segments[1];
            if (find_printed_date(segments[2], h.date, h.year)) {
                const size_t at = segments[2].find(h.date);
                h.venue = trim_separators(segments[2].substr(0, at));
            }
            h.type = type_of_hal_citation(segments[2]);
        }
    }
    // Without a citation: the title stands first (after the HAL logo), the authors next.
    if (h.title.empty()) {
        std::vector<std::string> lines;
        for (const auto& p : paragraphs) {
            const std::string l = lower_text(trim_separators(without_markup(p)));
            if (l.empty() || l == "hal" || l.find("open science") == 0 || l == "hal open science") continue;
            lines.push_back(trim_separators(without_markup(p)));
            if (lines.size() == 2) break;
        }
        if (!lines.empty()) h.title = lines[0];
        if (lines.size() > 1 && lines[1].find("HAL") == std::string::npos && lines[1].find("cite") == std::string::npos) h.authors = lines[1];
    }
    return h;
}

}  // namespace grappe
