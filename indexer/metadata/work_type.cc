#include "metadata/work_type.h"

#include <algorithm>
#include <cctype>

#include "text/folding.h"

namespace grappe {
namespace {

// Folded words of a line: letters and digits; "'" splits ("d'evaluation").
std::vector<std::string> folded_words(std::string_view line) {
    const std::string f = fold_text(line);
    std::vector<std::string> out;
    std::string word;
    for (char c : f) {
        if (std::isalnum(static_cast<unsigned char>(c))) word += c;
        else if (!word.empty()) out.push_back(std::move(word)), word.clear();
    }
    if (!word.empty()) out.push_back(std::move(word));
    return out;
}

bool roman_or_ordinal(const std::string& w) {
    // "xxie", "2e", "3rd", "12th", "premier", "ier"
    if (w.empty()) return false;
    std::string_view core = w;
    for (std::string_view suffix : {"ieme", "eme", "ere", "er", "e", "th", "st", "nd", "rd"})
        if (core.size() > suffix.size() && core.ends_with(suffix)) {
            core.remove_suffix(suffix.size());
            break;
        }
    const bool digits = std::all_of(core.begin(), core.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const bool roman = std::all_of(core.begin(), core.end(), [](char c) { return std::string_view("ivxlc").find(c) != std::string_view::npos; });
    return !core.empty() && (digits || roman);
}

// A phrase that names a kind of work, folded, word for word. A word that
// is also an ordinary noun ("rapport", "mémoire", "communication") names a
// kind only alone on its line or followed by one of `then`: "Rapport
// final", "Mémoire de master", "Communication au colloque", not "Rapport
// entre proximités", "Mémoire collective", "Communication et territoires".
struct KindPhrase {
    std::vector<std::string_view> words;
    std::string_view type;
    std::vector<std::string_view> then = {};  // empty: anything may follow
};

const std::vector<KindPhrase>& kind_phrases() {
    static const std::vector<KindPhrase> phrases = {
        {{"these"}, "thesis", {"de", "pour", "presentee", "soutenue", "en", "dirigee", "professionnelle"}},
        {{"doctorat"}, "thesis", {"en", "de"}},
        {{"memoire"}, "thesis", {"de", "d", "pour", "presente", "presentee", "en", "professionnel", "soutenu", "du"}},
        {{"habilitation", "a", "diriger"}, "thesis"},
        {{"phd", "thesis"}, "thesis"}, {{"ph", "d", "thesis"}, "thesis"}, {{"doctoral", "thesis"}, "thesis"},
        {{"doctoral", "dissertation"}, "thesis"}, {{"master", "thesis"}, "thesis"}, {{"master", "s", "thesis"}, "thesis"},
        {{"masters", "thesis"}, "thesis"}, {{"dissertation"}, "thesis", {"submitted", "presented", "for"}},
        {{"thesis"}, "thesis", {"submitted", "presented", "for"}},
        {{"rapport"}, "report", {"final", "d", "de", "du", "des", "au", "aux", "a", "sur", "annuel", "public", "intermediaire",
                                  "technique", "n", "no", "provisoire", "definitif", "general"}},
        {{"report"}, "report", {"on", "of", "to", "for", "no"}},
        {{"final", "report"}, "report"}, {{"evaluation", "report"}, "report"}, {{"technical", "report"}, "report"},
        {{"research", "report"}, "report"}, {{"annual", "report"}, "report"}, {{"working", "paper"}, "report"},
        {{"document", "de", "travail"}, "report"}, {{"cahier", "de", "recherche"}, "report"}, {{"cahiers", "de", "recherche"}, "report"},
        {{"discussion", "paper"}, "report"}, {{"policy", "brief"}, "report"}, {{"note", "d", "analyse"}, "report"},
        {{"communication"}, "conference paper", {"au", "aux", "a", "presentee", "pour", "orale", "lors"}},
        {{"actes", "du", "colloque"}, "conference paper"}, {{"actes", "des"}, "conference paper"},
        {{"colloque"}, "conference paper", {"international", "national", "de", "du", "des", "annuel", "europeen"}},
        {{"conference"}, "conference paper", {"internationale", "nationale", "annuelle", "europeenne", "de", "du", "des", "on", "of"}},
        {{"congres"}, "conference paper", {"international", "national", "de", "du", "des", "annuel", "europeen"}},
        {{"symposium"}, "conference paper", {"on", "of", "de", "du", "international"}},
        {{"workshop"}, "conference paper", {"on", "of", "de", "du", "international"}},
        {{"proceedings", "of"}, "conference paper"}, {{"paper", "presented", "at"}, "conference paper"},
        {{"table", "ronde"}, "conference paper"},
    };
    return phrases;
}

}  // namespace

const std::vector<std::string>& work_types() {
    static const std::vector<std::string> types = {"article", "conference paper", "thesis", "report", "book", "chapter", "web page",
                                                   "legislation"};
    return types;
}

std::string type_of_cover_line(std::string_view line) {
    // A cover line is short; a sentence that mentions a thesis is not one.
    if (line.size() > 160) return "";
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n')) trimmed.remove_suffix(1);
    std::vector<std::string> w = folded_words(trimmed);
    if (w.empty() || w.size() > 20) return "";
    if (trimmed.ends_with(".") && w.size() > 8) return "";
    std::size_t at = 0;
    while (at < w.size() && at < 2 && roman_or_ordinal(w[at])) ++at;  // "XXIe Conférence", "2e rapport"
    for (const KindPhrase& p : kind_phrases()) {
        if (at + p.words.size() > w.size()) continue;
        bool match = true;
        for (std::size_t k = 0; k < p.words.size() && match; ++k) match = w[at + k] == p.words[k];
        if (!match) continue;
        const std::size_t next = at + p.words.size();
        if (p.then.empty() || next == w.size() || std::find(p.then.begin(), p.then.end(), w[next]) != p.then.end())
            return std::string(p.type);
    }
    return "";
}

std::string type_of_hal_citation(std::string_view tail) {
    const std::string f = fold_text(tail);
    auto has = [&](std::string_view s) { return f.find(s) != std::string::npos; };
    if (has("[rapport") || has("[research report") || has("[technical report") || has("rapport de recherche") || has("[report"))
        return "report";
    if (has("working paper")) return "report";
    if (has("these de doctorat") || has(" nnt") || has("⟨nnt") || has("habilitation a diriger") || has("hdr") ||
        (has("universite") && (has("francais") || has("english") || has("anglais"))))
        return "thesis";
    // "Editor (dir.). Book, Publisher, pp.12-30, 2010, ISBN" is a chapter; "Publisher, 2010, ISBN" a book.
    if (has("isbn") || has("(dir.)") || has("(ed.)") || has("(eds.)") || has("(eds)") || has("(ed)"))
        return has("pp.") || has("pp ") || has("p.") ? "chapter" : "book";
    // A journal: volume (issue) and pages.
    if (has("pp.") && (f.find('(') != std::string::npos || has("vol") || has("n°") || has(" no "))) return "article";
    // "Forum Innovation, Jun 2016, Paris, France": a venue, a month, a place.
    static constexpr std::string_view months[] = {"jan ", "feb ", "mar ", "apr ", "may ", "jun ", "jul ", "aug ", "sep ", "oct ", "nov ", "dec "};
    for (std::string_view m : months)
        if (f.find(m) != std::string::npos) return "conference paper";
    if (has("pp.")) return "article";
    return "";
}

std::string type_of_declared(std::string_view declared) {
    std::string t = fold_text(declared);
    t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '"' || c == '\'' || c == '[' || c == ']' || c == ' ' || c == '@'; }),
            t.end());
    if (t == "article-journal" || t == "article" || t == "article-magazine" || t == "article-newspaper" || t == "journalarticle" ||
        t == "2")  // Hugo Academic: 2 = journal article
        return "article";
    if (t == "paper-conference" || t == "inproceedings" || t == "conference" || t == "proceedings" || t == "conferencepaper" || t == "1")
        return "conference paper";
    if (t == "thesis" || t == "phdthesis" || t == "mastersthesis" || t == "7") return "thesis";
    if (t == "report" || t == "techreport" || t == "4") return "report";
    if (t == "book" || t == "mvbook" || t == "booklet" || t == "5") return "book";
    if (t == "chapter" || t == "incollection" || t == "inbook" || t == "6") return "chapter";
    if (t == "webpage" || t == "post-weblog" || t == "post" || t == "online" || t == "www" || t == "electronic" || t == "blogpost")
        return "web page";
    if (t == "legislation" || t == "bill" || t == "legal") return "legislation";
    return "";
}

}  // namespace grappe
