#include "metadata/names.h"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "text/folding.h"
#include "extract/declared_text.h"

namespace grappe {
namespace {

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

// Given names common in the French and English texts our users read: they
// tell "Loubaresse Elodie" (an index's order) from "Elodie Loubaresse".
// A short list by design: a name it lacks keeps the usual order.
bool common_given_name(std::string_view word) {
    static const std::set<std::string, std::less<>> names = {
        "adrien", "agnes", "alain", "alexandre", "alexandra", "alice", "aline", "amelie", "andre", "andrea", "anne", "annie", "antoine",
        "arnaud", "aurelie", "aurelien", "bernard", "bertrand", "brigitte", "bruno", "camille", "caroline", "catherine", "cecile",
        "celine", "charles", "charlotte", "christian", "christine", "christophe", "claire", "claude", "clement", "corinne", "cyril",
        "damien", "daniel", "danielle", "david", "denis", "didier", "dominique", "edouard", "elisabeth", "elise", "elodie", "emilie",
        "emmanuel", "emmanuelle", "eric", "estelle", "etienne", "fabien", "fabienne", "florence", "florian", "francois", "francoise",
        "frederic", "gabriel", "gael", "genevieve", "georges", "gerard", "gilles", "guillaume", "helene", "henri", "herve", "hugo",
        "hugues", "isabelle", "jacques", "jean", "jeanne", "jerome", "joel", "jose", "joseph", "julie", "julien", "juliette",
        "karine", "laetitia", "laura", "laure", "laurence", "laurent", "lea", "lucie", "luc", "lucas", "marc", "marie", "marine",
        "martine", "mathieu", "matthieu", "maxime", "michel", "michele", "mireille", "monique", "muriel", "nadine", "nathalie",
        "nicolas", "nicole", "olivier", "pascal", "pascale", "patrice", "patrick", "paul", "pauline", "philippe", "pierre",
        "quentin", "raphael", "remi", "renaud", "richard", "robert", "romain", "sabine", "sandrine", "sebastien", "serge",
        "simon", "sophie", "stephane", "stephanie", "sylvain", "sylvie", "thierry", "thomas", "valerie", "vincent", "virginie",
        "xavier", "yann", "yves", "anna", "ben", "emma", "james", "john", "mary", "michael", "peter", "robert", "sarah", "william"};
    return names.count(fold_text(word)) > 0;
}

Author one_author(std::string_view name) {
    Author a;
    const size_t comma = name.find(',');
    if (comma != std::string_view::npos) {  // "Moreau, Julien"
        a.family = trim_separators(name.substr(0, comma));
        a.given = trim_separators(name.substr(comma + 1));
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
    // "Loubaresse Elodie": an index's order, family first, when only the
    // last word is a given name.
    if (words.size() == 2 && common_given_name(words[1]) && !common_given_name(words[0])) {
        a.family = words[0];
        a.given = words[1];
        return a;
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

// "Questions de Julie Braka à Aurélien DENAES", "Propos recueillis par":
// a sentence in an author field, not a list of names.
bool reads_as_prose(std::string_view name) {
    std::string f(1, ' ');
    f.append(fold_text(name)).push_back(' ');
    for (std::string_view w : {" a ", " avec ", " par ", " pour ", " propos ", " questions ", " entretien ", " interview ", " with ",
                               " by ", " edited ", " sous la direction "})
        if (f.find(w) != std::string::npos) return true;
    return false;
}

// Runs of two to four capitalised words in a sentence that read as a
// person's name ("Julie Braka", "Aurélien DENAES").
std::vector<std::string> names_in_prose(std::string_view sentence) {
    std::vector<std::string> out, run;
    auto flush = [&] {
        if (run.size() >= 2 && run.size() <= 4) {
            std::string person;
            for (const auto& w : run) person += (person.empty() ? "" : " ") + w;
            if (reads_as_names(person)) out.push_back(person);
        }
        run.clear();
    };
    for (const std::string& w : split_words(sentence)) {
        const unsigned char lead = static_cast<unsigned char>(w[0]);
        const bool capital = (lead >= 'A' && lead <= 'Z') || (lead >= 0xC3 && lead <= 0xC5 && !starts_lowercase(w));
        if (capital) run.push_back(w);
        else flush();
    }
    flush();
    // "Questions Julie Braka" is no name: a run may start on a capitalised common word.
    for (auto& person : out) {
        const std::vector<std::string> words = split_words(person);
        if (words.size() == 3 && !common_given_name(words[0]) && common_given_name(words[1])) person = words[1] + " " + words[2];
    }
    return out;
}

// An organisation's name: a few words, the first capitalised ("Cour des
// comptes", "France Stratégie", "OCDE").
bool looks_like_organisation(std::string_view name) {
    std::size_t words = 1;
    for (char c : name) words += c == ' ';
    const unsigned char lead = static_cast<unsigned char>(name[0]);
    return words <= 6 && ((lead >= 'A' && lead <= 'Z') || (lead >= 0xC3 && lead <= 0xC5));
}

// "R.", "J.-P.": a given name's initials.
bool initials(std::string_view word) {
    bool letter = false;
    for (const char c : word) {
        if (c >= 'A' && c <= 'Z') letter = true;
        else if (c != '.' && c != '-') return false;
    }
    return letter && word.back() == '.';
}

// "Rémi", "Jean-Benoit", "R.", "Marie Claude": words that read as given
// names (the short list of common_given_name, or initials).
bool only_given_names(const std::vector<std::string>& words) {
    if (words.empty() || words.size() > 2) return false;
    for (const std::string& word : words) {
        // "Jean-Benoit": a compound given name starts with one.
        if (!initials(word) && !common_given_name(std::string_view(word).substr(0, word.find('-')))) return false;
    }
    return true;
}

// "Vasseur, Rémi", "Moreau, J.-P.": one person written family name first,
// as library records, BibTeX and front matter write a single author; not
// two people. ("Menzel, Fornahl", family names alone, stays two.)
bool one_person_family_first(std::string_view list) {
    const std::size_t comma = list.find(',');
    if (comma == std::string_view::npos || list.find(',', comma + 1) != std::string_view::npos) return false;
    for (std::string_view sep : {";", " et ", " and ", " & "})
        if (list.find(sep) != std::string_view::npos) return false;
    const std::vector<std::string> family = split_words(list.substr(0, comma));
    return family.size() == 1 && !common_given_name(family.front()) && !initials(family.front()) &&
           only_given_names(split_words(list.substr(comma + 1)));
}

}  // namespace

std::vector<Author> parse_authors(std::string_view list) {
    if (one_person_family_first(list)) return {one_author(list)};
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
        std::string name = trim_separators(s.substr(start, end - start));
        // Affiliation marks after a name ("Raimbault1", "Petit*") are not part of it.
        while (!name.empty() && (std::isdigit(static_cast<unsigned char>(name.back())) || name.back() == '*')) name.pop_back();
        if (!name.empty() && reads_as_prose(name)) {
            // "Questions de Julie Braka à Aurélien DENAES": the people it names.
            for (const std::string& person : names_in_prose(name)) authors.push_back(one_author(person));
            name.clear();
        }
        if (!name.empty()) {
            // "Cour des comptes", "DATAR": no person's name, the name of an
            // organisation, kept whole as CSL keeps a literal.
            Author a = name.find(',') == std::string::npos && !reads_as_names(name) && looks_like_organisation(name)
                           ? Author{name, ""}
                           : one_author(name);
            // A "name" with digits (a year, a version) is not an author.
            const bool digits = std::any_of(a.family.begin(), a.family.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!a.family.empty() && !digits) authors.push_back(std::move(a));
        }
        start = end + 1;
    }
    return authors;
}

// "P.O. Chasset, H. Commenges, C. Cottineau, J. Raimbault", "CRUVELLIER
// Baptiste", "Fabien Petit¹ et Anne Morel*": a line of people's names, each
// of two to four words that are capitalised names, initials or particles;
// not an institution, a role or a subtitle in lower case.
// `names`: the line without its affiliation marks, people separated by ", ".
bool reads_as_names(std::string_view line, std::string* names) {
    if (line.empty() || line.size() > 160 || line.find_first_of(":@/()|") != std::string_view::npos) return false;
    // " et ", " and ", " & " and ";" separate people like commas. (Built
    // anew rather than replaced in place: GCC 12's -Wrestrict misfires on
    // std::string::replace here.)
    std::string list;
    for (std::size_t i = 0; i < line.size();) {
        bool separator = false;
        for (std::string_view sep : {" et ", " and ", " & ", ";"})
            if (line.substr(i, sep.size()) == sep) {
                list += ',';
                i += sep.size();
                separator = true;
                break;
            }
        if (!separator) list += line[i++];
    }
    static const std::vector<std::string_view> particles = {"de", "du", "des", "van", "von", "der", "den", "le", "la", "di", "da"};
    static const std::vector<std::string_view> not_names = {
        "universite", "university", "laboratoire", "laboratory", "institut", "institute", "ecole", "school", "faculte",
        "faculty", "departement", "department", "cnrs", "umr", "inra", "inrae", "inserm", "centre", "center", "these",
        "thesis", "memoire", "rapport", "report", "master", "doctorat", "docteur", "professeur", "monsieur", "madame",
        "president", "jury", "annee", "resume", "abstract", "introduction", "chapitre", "chapter", "sommaire", "contents",
        "final", "draft", "version", "working", "paper", "document", "presentation", "cours", "partie", "sciences",
        "manuel", "manual", "guide", "user", "utilisateur", "documentation", "tutoriel", "tutorial",
        // function words of a subtitle in title case: "A Comparative Analysis"
        "a", "an", "the", "of", "for", "in", "on", "to", "with", "from", "at", "by", "les", "un", "une", "pour", "dans",
        "sur", "vers", "entre", "par", "avec", "au", "aux"};
    size_t parts = 0, start = 0;
    std::string cleaned;
    while (start <= list.size()) {
        const size_t end = std::min(list.find(',', start), list.size());
        std::string_view part(list.data() + start, end - start);
        start = end + 1;
        size_t words = 0;
        bool name = false;
        std::string person;
        for (size_t i = 0; i < part.size();) {
            while (i < part.size() && part[i] == ' ') ++i;
            size_t j = i;
            while (j < part.size() && part[j] != ' ') ++j;
            if (j == i) break;
            std::string word(part.substr(i, j - i));
            i = j;
            // Affiliation marks: "Chasset1", "Petit*", "Morel†", "Morel¹".
            while (!word.empty() && (std::isdigit(static_cast<unsigned char>(word.back())) || word.back() == '*')) word.pop_back();
            for (bool stripped = true; stripped && !word.empty();) {
                stripped = false;
                for (std::string_view mark : {"\u2020", "\u2021", "\u2217", "\u00B9", "\u00B2", "\u00B3", "*"})
                    if (word.ends_with(mark)) {
                        word.resize(word.size() - mark.size());
                        stripped = true;
                    }
                while (!word.empty() && std::isdigit(static_cast<unsigned char>(word.back()))) word.pop_back(), stripped = true;
            }
            if (word.empty()) continue;
            ++words;
            person.append(person.empty() ? "" : " ").append(word);
            const std::string folded = fold_text(word);
            if (std::find(particles.begin(), particles.end(), folded) != particles.end()) continue;
            const bool initials = word.find('.') != std::string::npos &&
                                  std::all_of(word.begin(), word.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '.' || c == '-'; });
            if (initials) continue;
            // A name starts with a capital, accented ones included (UTF-8 C3..C5: À..ſ).
            const unsigned char lead = static_cast<unsigned char>(word[0]);
            if (starts_lowercase(word) || !((lead >= 'A' && lead <= 'Z') || (lead >= 0xC3 && lead <= 0xC5))) return false;
            if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
            if (std::find(not_names.begin(), not_names.end(), folded) != not_names.end()) return false;
            if (folded.ends_with("'s") || word.ends_with("\u2019s")) return false;  // "Porter's Diamond"
            name = true;
        }
        if (words == 0) continue;
        if (words < 2 || words > 4 || !name) return false;
        ++parts;
        cleaned.append(cleaned.empty() ? "" : ", ").append(person);
    }
    if (names) *names = cleaned;
    return parts > 0;
}

}  // namespace grappe
