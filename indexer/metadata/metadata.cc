#include "metadata/metadata.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "metadata/dates.h"
#include "metadata/hal_cover.h"
#include "metadata/names.h"
#include "extract/declared_text.h"
#include "metadata/work_type.h"
#include "segment/passages.h"
#include "text/folding.h"

namespace grappe {
namespace {

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

// Running prose: the title block is over.
bool reads_as_prose(const std::string& paragraph) {
    const std::size_t words = count_words(paragraph);
    return paragraph.size() > 250 || words > 40 || (paragraph.ends_with(".") && words > 20);
}

// What opens the body or its abstract, after the title block.
bool opens_body(const std::string& paragraph) {
    const std::string f = fold_text(paragraph.substr(0, 40));
    for (std::string_view head : {"resume", "abstract", "summary", "introduction", "mots-cles", "mots cles", "keywords", "key words",
                                  "sommaire", "table des matieres", "contents", "avant-propos", "preface"})
        if (f.rfind(head, 0) == 0 && (f.size() == head.size() || !std::isalpha(static_cast<unsigned char>(f[head.size()])))) return true;
    return false;
}

// A first paragraph that is no title: a letterhead ("Ministère de
// l'Enseignement supérieur", "République française"), a site's or an
// archive's name alone ("AIMS", "HAL"), a breadcrumb ("Index des auteurs >
// Loubaresse Elodie"), a TeX comment printed as text.
bool no_title(const std::string& paragraph) {
    const std::string f = fold_text(paragraph.substr(0, 60));
    for (std::string_view head : {"ministere ", "republique ", "liberte "})
        if (f.rfind(head, 0) == 0) return true;
    if (paragraph.find(" > ") != std::string::npos || paragraph[0] == '%') return true;
    if (plausible_title(paragraph).empty()) return true;  // a file's name standing in for one, a word's end
    const bool one_word = paragraph.find(' ') == std::string::npos;
    const bool capitals = std::all_of(paragraph.begin(), paragraph.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '.'; });
    return one_word && capitals && paragraph.size() <= 6;
}

// Could stand as a title: short, no sentence, not a heading of the body.
bool title_like(const std::string& text) {
    return !text.empty() && text.size() <= 200 && !text.ends_with(".") && !no_title(text) && !opens_body(text);
}

// The head of a document: its title, and the lines set with it before the
// text begins (names, affiliations, the kind of work, a date).
struct TitleBlock {
    const CleanPage* page = nullptr;
    std::optional<std::size_t> title;  // paragraph index of the title read off the page
    std::size_t begin = 0, end = 0;    // the block's paragraphs: [begin, end)
};

TitleBlock title_block(const CleanDocument& doc) {
    TitleBlock b;
    for (const auto& page : doc.pages)
        if (!page.paragraphs.empty()) {
            b.page = &page;
            break;
        }
    if (!b.page) return b;
    const auto& ps = b.page->paragraphs;
    std::size_t open_at = 0;
    while (open_at + 1 < ps.size() && open_at < 3 && no_title(ps[open_at])) ++open_at;
    b.begin = open_at;
    b.end = open_at;
    while (b.end < ps.size() && b.end < open_at + 12 && !reads_as_prose(ps[b.end]) && !(b.end > open_at && opens_body(ps[b.end])))
        ++b.end;
    if (b.end > open_at && title_like(ps[open_at]) && !reads_as_names(ps[open_at])) b.title = open_at;
    return b;
}

// "Rémi Vasseur, 2020" -> "Rémi Vasseur": a date at the end of a line of names goes.
std::string without_trailing_year(std::string line) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '.')) line.pop_back();
    if (line.size() >= 4 && std::all_of(line.end() - 4, line.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        line.resize(line.size() - 4);
        while (!line.empty() && (line.back() == ' ' || line.back() == ',' || line.back() == '-')) line.pop_back();
    }
    return line;
}

bool affiliation_or_contact(const std::string& paragraph) {
    if (paragraph.find('@') != std::string::npos || paragraph.find("http") != std::string::npos) return true;
    const std::string f = fold_text(paragraph);
    for (std::string_view w : {"universit", "laboratoire", "laboratory", "institut", "ecole", "school", "faculte", "faculty", "departement",
                               "department", "cnrs", "umr ", "inra", "inrae", "inserm", "iae ", "centre ", "center ", "chercheur",
                               "professeur", "maitre de conferences", "doctorant", "phd candidate", "researcher", "lecturer"})
        if (f.find(w) != std::string::npos) return true;
    return false;
}

// The names set under a title, in a file that has no geometry to tell
// them (text, Markdown, HTML, Word): the lines of names among the block's
// first lines, past affiliations and e-mail addresses ("Julien Cusin",
// "IAE de Bordeaux", "julien.cusin@...", "Elodie Loubresse"), or after
// "Par" / "By".
std::string names_under_title(const TitleBlock& b) {
    if (!b.title) return "";
    const auto& ps = b.page->paragraphs;
    std::string names;
    std::size_t other = 0;
    for (std::size_t i = *b.title + 1; i < b.end && other < 3; ++i) {
        std::string line = ps[i];
        const std::string f = fold_text(line.substr(0, 4));
        if (f.rfind("par ", 0) == 0 || f.rfind("by ", 0) == 0) line = line.substr(line.find(' ') + 1);
        std::string found;
        if (reads_as_names(without_trailing_year(line), &found)) {
            names += (names.empty() ? "" : ", ") + found;
            continue;
        }
        if (affiliation_or_contact(line)) continue;
        if (!names.empty()) break;  // the names are over
        ++other;                    // a subtitle, a kind of work: names may follow
    }
    return names;
}

}  // namespace

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
    if (doc.hal_cover) {
        const HalCover h = read_hal_cover(doc.cover);
        if (!h.hal_id.empty()) m.hal_id = {h.hal_id, "hal-cover"};
        if (!h.deposit_date.empty()) m.deposit_date = {h.deposit_date, "hal-cover"};
        if (!h.title.empty()) m.title = {h.title, "hal-cover"};
        if (!h.authors.empty()) {
            m.authors = parse_authors(h.authors);
            m.authors_source = "hal-cover";
        }
        if (!h.year.empty()) {
            m.year = {h.year, "hal-cover"};
            m.date = {h.date, "hal-cover"};
        }
        if (!h.venue.empty()) m.venue = {h.venue, "hal-cover"};
        if (!h.type.empty()) m.type = {h.type, "hal-cover"};
    }

    // What the file declares. A first line or a first heading may be no
    // title at all ("Table des matières", "HAL", "Résumé").
    const bool weak_title = doc.title.source == "first-line" || doc.title.source == "heading" || doc.title.source == "largest-text";
    if (m.title.empty() && !doc.title.empty() && !(weak_title && !title_like(doc.title.value))) m.title = {plausible_title(doc.title.value), doc.title.source};
    if (m.title.value.empty()) m.title = {};
    if (m.authors.empty() && !doc.authors.empty()) {
        m.authors = parse_authors(doc.authors.value);
        if (!m.authors.empty()) m.authors_source = doc.authors.source;
    }
    if (m.year.empty() && !doc.date.empty()) {
        if (const std::string year = year_of_declared_date(doc.date.value); !year.empty()) {
            m.year = {year, doc.date.source};
            m.date = {doc.date.value, doc.date.source};
        }
    }
    if (m.type.empty() && !doc.type.empty())
        if (const std::string type = type_of_declared(doc.type.value); !type.empty()) m.type = {type, doc.type.source};
    if (m.venue.empty() && !doc.venue.empty()) m.venue = {doc.venue.value, doc.venue.source};
    if (m.doi.empty() && !doc.doi.empty()) m.doi = {doc.doi.value, doc.doi.source};

    // The head of the first page: title, names, kind of work, date line.
    const TitleBlock block = title_block(doc);
    if (block.page) {
        const auto& ps = block.page->paragraphs;
        if (m.title.empty() && block.title) {
            // A title that ends on a colon goes on in the next paragraph (its
            // subtitle, set apart): "Financement de l'innovation :" + "Arbitrages...".
            std::string title = ps[*block.title];
            if (title.ends_with(':') && *block.title + 1 < block.end && ps[*block.title + 1].size() <= 200)
                title.append(" ").append(ps[*block.title + 1]);
            if (const std::string plausible = plausible_title(title); !plausible.empty()) m.title = {plausible, "first-page"};
        }
        if (m.authors.empty() && doc.format != "pdf") {
            if (const std::string names = names_under_title(block); !names.empty()) {
                m.authors = parse_authors(names);
                m.authors_source = "under-title";
            }
        }
        // A page that opens on a name (an author's page, a signed note):
        // its byline, where no title stands before it.
        std::string byline;
        if (m.authors.empty() && !block.title && block.end > block.begin && doc.format != "pdf" &&
            reads_as_names(without_trailing_year(ps[block.begin]), &byline)) {
            m.authors = parse_authors(byline);
            m.authors_source = "byline";
        }
        for (std::size_t i = block.begin; i < block.end && m.year.empty(); ++i)
            if (block.title && i == *block.title) continue;
            else if (const std::string year = cover_date_year(ps[i]); !year.empty()) m.year = {year, "cover-date"};
        for (std::size_t i = block.begin; i < block.end && m.type.empty(); ++i)
            if (const std::string type = type_of_cover_line(ps[i]); !type.empty()) m.type = {type, "cover"};
    }
    if (m.type.empty() && doc.format == "html") m.type = {"web page", "format"};
    if (m.type.empty() && doc.format == "epub") m.type = {"book", "format"};

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
