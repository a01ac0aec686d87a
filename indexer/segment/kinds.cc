#include "segment/kinds.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "text/folding.h"
#include "segment/passages.h"

namespace grappe {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Folded, without a leading section number ("7.", "VII.", "3.2 ") or a final ':'.
std::string bare_heading(std::string_view text) {
    std::string f = fold_text(text);
    size_t i = 0;
    while (i < f.size() && (is_digit(f[i]) || f[i] == '.' || f[i] == ' ' || f[i] == '-')) ++i;
    // Roman numerals followed by '.' or ' -'
    size_t r = i;
    while (r < f.size() && std::string_view("ivxlc").find(f[r]) != std::string_view::npos) ++r;
    if (r > i && r + 1 < f.size() && (f[r] == '.' || f[r] == ' ') && r - i <= 5 && (f[r] == '.' || f[r + 1] == '-')) {
        i = r + 1;
        while (i < f.size() && (f[i] == ' ' || f[i] == '-' || f[i] == '.')) ++i;
    }
    f.erase(0, i);
    while (!f.empty() && (f.back() == ':' || f.back() == ' ' || f.back() == '.')) f.pop_back();
    return f;
}

}  // namespace

bool is_references_heading(std::string_view text) {
    // "References 1.": the heading run into the number of the first entry.
    if (text.ends_with(" 1.")) text.remove_suffix(3);
    if (count_words(text) > 5) return false;
    std::string h = bare_heading(text);
    // A slide deck's "References II": the frames of a list broken over slides.
    if (const size_t space = h.rfind(' '); space != std::string::npos && space + 1 < h.size() && h.size() - space <= 5 &&
                                             h.find_first_not_of("ivx", space + 1) == std::string::npos)
        h.erase(space);
    static const std::array<std::string_view, 22> names = {
        "references", "references bibliographiques", "bibliographie", "bibliography", "works cited", "ouvrages cites",
        "bibliographie selective", "elements de bibliographie", "sources et bibliographie", "literature", "references citees",
        "liste des references", "resources & references", "resources and references", "references & resources",
        "references and resources", "sources & references", "sources and references", "notes et references",
        "references et notes", "ressources et references", "references et ressources"};
    if (std::find(names.begin(), names.end(), h) != names.end()) return true;
    // A bibliography's parts: "2.1 Bibliographie succincte", "Bibliographie
    // développée" (not "Références croisées": cross-references).
    for (std::string_view head : {"bibliographie ", "bibliography "})
        if (h.rfind(head, 0) == 0 && count_words(h) <= 4) return true;
    return false;
}

namespace {

// A year stands in it as a word ("1990", "2004a"): a cited work's, never a
// page number of a book's index ("accolade 42–44, 528").
bool has_year(std::string_view text) {
    for (size_t i = 0; i + 4 <= text.size(); ++i) {
        if (i > 0 && (is_digit(text[i - 1]) || std::isalpha(static_cast<unsigned char>(text[i - 1])))) continue;
        if (!(text.compare(i, 2, "18") == 0 || text.compare(i, 2, "19") == 0 || text.compare(i, 2, "20") == 0)) continue;
        if (!is_digit(text[i + 2]) || !is_digit(text[i + 3])) continue;
        if (i + 4 == text.size() || !is_digit(text[i + 4])) return true;
    }
    return false;
}

// What a piece of a cited work has and an index line has not: "et al.",
// a DOI, a web address, an ISBN, "pp.", "vol.".
bool looks_like_cited_piece(std::string_view text) {
    const std::string f = fold_text(text);
    for (std::string_view cue : {"et al", "doi", "http", "isbn", "pp.", "vol.", "(dir.)", "(ed", "www."})
        if (f.find(cue) != std::string::npos) return true;
    return false;
}

// The paragraph opens an item of a list the file marks (Markdown, HTML, bullets).
bool listed(const CleanPage& page, std::size_t index) {
    return std::find(page.list_items.begin(), page.list_items.end(), index) != page.list_items.end();
}

bool is_toc_heading(std::string_view text) {
    if (count_words(text) > 5) return false;
    const std::string h = bare_heading(text);
    static const std::array<std::string_view, 13> names = {
        "table des matieres", "sommaire", "contents", "table of contents", "liste des figures", "liste des tableaux",
        "table des figures", "table des illustrations", "liste des illustrations", "list of figures", "list of tables",
        "table des tableaux", "index"};
    return std::find(names.begin(), names.end(), h) != names.end();
}

bool starts_upper_or_number(std::string_view t) {
    if (t.empty()) return false;
    const unsigned char c = static_cast<unsigned char>(t[0]);
    if ((c >= 'A' && c <= 'Z') || is_digit(t[0])) return true;
    // Accented capitals: UTF-8 C3 80..9E (À..Þ); É is C3 89.
    return c == 0xC3 && t.size() > 1 && static_cast<unsigned char>(t[1]) >= 0x80 && static_cast<unsigned char>(t[1]) <= 0x9E;
}

// What an entry of a reference list has and prose mostly has not: a year
// ("1990", "2004a"), "et al.", a DOI, an address, an ISBN, page ranges.
bool looks_like_reference_entry(std::string_view text) {
    // "[17] J. C. Davies, ...", "33. Wright PC, ...", and "5." alone: a
    // numbered entry, or the number of one read apart from its text (a
    // hanging indent).
    {
        size_t i = text.starts_with('[') ? 1 : 0, digits = 0;
        while (i < text.size() && is_digit(text[i])) ++i, ++digits;
        if (digits > 0 && digits <= 3 && i < text.size() &&
            ((text[0] == '[' && text[i] == ']') ||
             (text[i] == '.' && (i + 1 == text.size() || (text[i + 1] == ' ' && starts_upper_or_number(text.substr(i + 2)))))))
            return true;
    }
    if (has_year(text)) return true;
    const std::string f = fold_text(text);
    for (std::string_view cue : {"et al", "doi", "http", "isbn", "pp.", "vol.", "(dir.)", "(ed", "pages ", "phd thesis",
                                 "these de doctorat", "university press"})
        if (f.find(cue) != std::string::npos) return true;
    // A piece of an entry: "In Annales de géographie, ...", a page range "658–679".
    if (f.rfind("in ", 0) == 0 && text.size() > 3 && std::isupper(static_cast<unsigned char>(text[3]))) return true;
    for (size_t i = 0; i + 1 < f.size(); ++i) {
        if (!is_digit(f[i]) || (i > 0 && is_digit(f[i - 1]))) continue;
        size_t j = i;
        while (j < f.size() && is_digit(f[j])) ++j;
        const size_t dash = f.compare(j, 3, "\u2013") == 0 ? 3 : (j < f.size() && f[j] == '-' ? 1 : 0);
        if (j - i < 2 || dash == 0) continue;
        size_t k = j + dash;
        while (k < f.size() && is_digit(f[k])) ++k;
        if (k - (j + dash) >= 2 && (k == f.size() || !is_digit(f[k]))) return true;
    }
    return false;
}

// "8.2 Options", "IV. Résultats": a numbered heading, which a bibliography's
// own sub-headings ("Ouvrages", "Articles") are not.
bool numbered(std::string_view heading) {
    std::string f = fold_text(heading);
    while (!f.empty() && (f.back() == ':' || f.back() == ' ' || f.back() == '.')) f.pop_back();
    return bare_heading(heading) != f;
}

// A heading that ends a bibliography: appendices, index, glossary.
}  // namespace

bool ends_references(std::string_view text) {
    if (count_words(text) > 8) return false;
    const std::string h = bare_heading(text);
    for (std::string_view start : {"annexe", "appendix", "appendices", "index", "glossaire", "glossary", "notes", "table des matieres"})
        if (h.rfind(start, 0) == 0) return true;
    return false;
}

namespace {

// Runs of leader dots (". . . .", "......", "…"): the longest, in dots, and
// how many have five dots or more.
struct DotRuns {
    size_t longest = 0, leaders = 0;
};
DotRuns dot_runs(std::string_view text) {
    DotRuns runs;
    size_t dots = 0;
    auto end_run = [&] {
        runs.longest = std::max(runs.longest, dots);
        if (dots >= 5) ++runs.leaders;
        dots = 0;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '.') {
            ++dots;
        } else if (text[i] == ' ' && dots > 0) {
            // ". . . ." counts too
        } else if (text.substr(i, 3) == "\xE2\x80\xA6") {  // …
            dots += 3;
            i += 2;
        } else {
            end_run();
        }
    }
    end_run();
    return runs;
}

size_t longest_dot_run(std::string_view text) { return dot_runs(text).longest; }

// "Introduction ............ 5", "1.2 Les clusters . . . . 12", "Chapitre 3 … 45"
bool has_dot_leader(std::string_view text) { return longest_dot_run(text) >= 5; }

bool ends_with_page_number(std::string_view text) {
    size_t e = text.size();
    while (e > 0 && text[e - 1] == ' ') --e;
    size_t b = e;
    while (b > 0 && is_digit(text[b - 1])) --b;
    return e > b && e - b <= 4;
}

// "1 2 3 4 5 6 gentoo (0.9.12-1) unstable": the line numbers of a code
// listing, read before its lines.
bool starts_with_line_numbers(std::string_view t) {
    size_t i = 0, expected = 1;
    while (i < t.size()) {
        const std::string n = std::to_string(expected);
        if (t.compare(i, n.size(), n) != 0 || (i + n.size() < t.size() && t[i + n.size()] != ' ')) break;
        i += n.size() + 1;
        ++expected;
    }
    return expected > 3;
}

bool is_heading(std::string_view t) {
    const size_t words = count_words(t);
    if (words == 0 || words > 12 || !starts_upper_or_number(t) || starts_with_line_numbers(t)) return false;
    const char last = t.back();
    if (last == '.' || last == ',' || last == ';' || last == ')' ) return false;
    // At least one real word, and not a number alone ("2011", "12 %").
    size_t letters = 0;
    for (char c : t)
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c & 0x80)) ++letters;
    return letters >= 4;
}

// "Figure 7 illustrates ...", "Le tableau 2 montre": a sentence about a
// figure, not its caption: after the label's number comes a lower-case word.
bool number_followed_by_lowercase(std::string_view t) {
    size_t i = 0;
    while (i < t.size() && t[i] != ' ') ++i;  // the label
    while (i < t.size() && t[i] == ' ') ++i;
    while (i < t.size() && t[i] != ' ') ++i;  // the number
    if (i >= t.size() || t[i] != ' ') return false;
    while (i < t.size() && t[i] == ' ') ++i;
    return starts_lowercase(t.substr(i));
}

bool is_caption(std::string_view t) {
    const std::string f = fold_text(t.substr(0, 40));
    for (std::string_view label : {"figure", "fig.", "tableau", "table", "graphique", "carte", "encadre", "schema", "illustration",
                                   "photo", "image", "diagramme", "box", "listing", "algorithme", "algorithm", "code"}) {
        if (f.rfind(label, 0) != 0) continue;
        size_t i = label.size();
        while (i < f.size() && f[i] == ' ') ++i;
        if (i >= f.size() || i == label.size()) continue;
        // "Figure 3", "Tableau II", "Encadré N°4", "Figure A1"
        const bool number_sign = f[i] == 'n' && i + 1 < f.size() &&
                                 ((f[i + 1] & 0x80) || f[i + 1] == '.' || f[i + 1] == ' ' || is_digit(f[i + 1]) || f[i + 1] == 'o');
        if (is_digit(f[i]) || number_sign ||
            std::string_view("ivxl").find(f[i]) != std::string_view::npos || (f[i] >= 'a' && f[i] <= 'z' && i + 1 < f.size() && is_digit(f[i + 1])))
            return !number_followed_by_lowercase(t);
    }
    return f.rfind("source :", 0) == 0 || f.rfind("sources :", 0) == 0 || f.rfind("source:", 0) == 0;
}

// « ... » or “ ... ” standing as the whole paragraph (a reference may follow).
bool is_quote(std::string_view t) {
    // Straight quotes open code and data as often as quotations: not counted.
    const bool opens = t.rfind("\xC2\xAB", 0) == 0 || t.rfind("\xE2\x80\x9C", 0) == 0;
    if (!opens || count_words(t) < 8) return false;
    // The mark that closes the opening one (quotations nest): near the end,
    // "» (Porter, 1998, p. 78).", not "« Définir » dans le coin...".
    const bool guillemets = t.rfind("\xC2\xAB", 0) == 0;
    const std::string_view open = guillemets ? "\xC2\xAB" : "\xE2\x80\x9C", close = guillemets ? "\xC2\xBB" : "\xE2\x80\x9D";
    size_t depth = 0, at = 0;
    while (at < t.size()) {
        if (t.compare(at, open.size(), open) == 0) {
            ++depth;
            at += open.size();
        } else if (t.compare(at, close.size(), close) == 0) {
            if (--depth == 0) break;
            at += close.size();
        } else {
            ++at;
        }
    }
    // Unbalanced: French repeats « at the start of each line of a long
    // quotation; then the last closing mark counts.
    if (depth != 0) at = t.rfind(close);
    if (at == std::string_view::npos || at == 0) return false;
    return t.size() - at < 80 && at * 10 >= t.size() * 7;
}

// Calls `each` with every run of characters between spaces.
template <typename Each>
void for_each_token(std::string_view t, Each each) {
    size_t i = 0;
    while (i < t.size()) {
        while (i < t.size() && t[i] == ' ') ++i;
        const size_t b = i;
        while (i < t.size() && t[i] != ' ') ++i;
        if (i == b) break;
        each(t.substr(b, i - b));
    }
}

bool is_table(std::string_view t) {
    if (starts_with_line_numbers(t)) return false;
    size_t tokens = 0, numbers = 0;
    for_each_token(t, [&](std::string_view tok) {
        ++tokens;
        const bool numeric = std::all_of(tok.begin(), tok.end(), [](char c) { return is_digit(c) || c == ',' || c == '.' || c == '%' || c == '-' || c == '+'; }) &&
                             std::any_of(tok.begin(), tok.end(), is_digit);
        if (numeric) ++numbers;
    });
    return tokens >= 8 && numbers * 2 >= tokens;
}

// "5 5 6 6 6 7 7 9 12": the page numbers of a contents page read apart from
// its entries, a column that only goes up; not a table's numbers or a
// plot's ticks, which go up and down.
bool page_number_column(std::string_view t) {
    long previous = -1;
    size_t count = 0;
    bool sorted = true;
    for_each_token(t, [&](std::string_view tok) {
        // Below 1000: "2005 2006 2007" heads a table's columns.
        const bool number = !tok.empty() && tok.size() <= 3 && std::all_of(tok.begin(), tok.end(), is_digit);
        if (!number) {
            sorted = false;
            return;
        }
        const long value = std::stol(std::string(tok));
        sorted = sorted && value >= previous;
        previous = value;
        ++count;
    });
    return sorted && count >= 4;
}

// "3.2 Des figures", "IV. Résultats", "Chapitre 3 ...", "Annexe B": a
// heading by its numbering, whatever its type size (LaTeX sets
// \subsubsection in body-size bold). One level alone ("1 Installer") is as
// often a list item.
bool section_numbered(std::string_view t) {
    size_t i = 0;
    while (i < t.size() && is_digit(t[i])) ++i;
    if (i > 0 && i < t.size() && t[i] == '.' && i + 1 < t.size() && is_digit(t[i + 1])) return true;
    const std::string f = fold_text(t.substr(0, 24));
    size_t r = 0;
    while (r < f.size() && std::string_view("ivxl").find(f[r]) != std::string_view::npos) ++r;
    if (r > 0 && r + 1 < f.size() && f[r] == '.' && f[r + 1] == ' ') return true;
    for (std::string_view word : {"chapitre ", "chapter ", "partie ", "part ", "annexe ", "appendix ", "section "})
        if (f.rfind(word, 0) == 0 && f.size() > word.size() &&
            (is_digit(f[word.size()]) || std::string_view("ivxlabcdefgh").find(f[word.size()]) != std::string_view::npos))
            return true;
    return false;
}

// Page numbers alone ("9 9 12", "31"): the right-hand column of a table of
// contents read apart from its entries; or section numbers alone.
bool only_numbers(std::string_view t) {
    bool digit = false;
    for (const char c : t) {
        if (is_digit(c)) digit = true;
        else if (c != ' ' && c != '.') return false;  // "2.1 2.1.1": entries' numbers read apart
    }
    return digit;
}

// Entries of a table of contents run together without their page numbers:
// "2. Méthodologie 2.1. Matériel et méthodes 2.1.1. Modèle animal".
bool run_of_entries(std::string_view t) {
    size_t numbers = 0, words = 0;
    for_each_token(t, [&](std::string_view w) {
        ++words;
        if (w.find('.') != std::string_view::npos && is_digit(w.front()) &&
            std::all_of(w.begin(), w.end(), [](char c) { return is_digit(c) || c == '.'; }))
            ++numbers;
    });
    return numbers >= 2 && numbers * 8 >= words && t.back() != '.';
}

// A back-of-book index: terms followed by the pages they are on, "accolade
// 42–44, 528 délimiteur d'argument 64". Many page references, several in
// lists; a table's figures have no such commas, a reference entry has few.
bool index_entries(std::string_view t) {
    size_t tokens = 0, pages = 0, listed = 0;
    for_each_token(t, [&](std::string_view tok) {
        ++tokens;
        const bool comma = tok.back() == ',';
        while (!tok.empty() && (tok.back() == ',' || tok.back() == '.' || tok.back() == ';')) tok.remove_suffix(1);
        size_t digits = 0;
        while (digits < tok.size() && is_digit(tok[digits])) ++digits;
        if (digits == 0 || digits > 3) return;  // not years: "en 2019 et 2020,"
        std::string_view rest = tok.substr(digits);
        for (std::string_view dash : {"\u2013", "-"})
            if (rest.rfind(dash, 0) == 0) rest.remove_prefix(dash.size());
        if (!rest.empty() && rest.size() != tok.size() - digits && std::all_of(rest.begin(), rest.end(), is_digit) && rest.size() <= 3) rest = {};
        if (!rest.empty()) return;
        ++pages;
        if (comma) ++listed;
    });
    return pages >= 5 && pages * 4 >= tokens && listed >= 2;
}

bool in_large_type(const CleanPage& page, size_t i) { return std::find(page.large_type.begin(), page.large_type.end(), i) != page.large_type.end(); }

// The paragraph after paragraph `i` of page `pg`, on the next page when it
// is the page's last (text nullptr at the end), and whether it is in large type.
struct Next {
    const std::string* text = nullptr;
    bool large = false;
};
Next paragraph_after(const CleanDocument& doc, size_t pg, size_t i) {
    if (i + 1 < doc.pages[pg].paragraphs.size()) return {&doc.pages[pg].paragraphs[i + 1], in_large_type(doc.pages[pg], i + 1)};
    if (pg + 1 < doc.pages.size() && !doc.pages[pg + 1].paragraphs.empty())
        return {&doc.pages[pg + 1].paragraphs.front(), in_large_type(doc.pages[pg + 1], 0)};
    return {};
}

bool ends_sentence(std::string_view t) {
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (t.empty()) return false;
    for (std::string_view end : {".", ":", "!", "?", ")", "\xC2\xBB", "\xE2\x80\x9D"})
        if (t.ends_with(end)) return true;
    return false;
}

// A heading in body type (bold, as LaTeX's \subsubsection): a short line
// between the end of a sentence (the top of a page, a heading in large
// type) and a paragraph of prose. Table rows, formulas and the labels of a
// figure come among other short lines.
bool stands_before_prose(const CleanDocument& doc, size_t pg, size_t i) {
    const auto& paragraphs = doc.pages[pg].paragraphs;
    // "Une boîte ainsi construite peut être :" leads into a list; "1 one
    // first" is a row. A heading starts with a capital after its number.
    std::string_view text = paragraphs[i];
    if (text.ends_with(':')) return false;
    while (!text.empty() && (is_digit(text.front()) || text.front() == '.' || text.front() == ' ')) text.remove_prefix(1);
    if (!starts_upper_or_number(text)) return false;
    const bool after_heading = i > 0 && in_large_type(doc.pages[pg], i - 1);  // a chapter's title, then a section's
    if (i > 0 && !after_heading && !ends_sentence(paragraphs[i - 1]) && count_words(paragraphs[i - 1]) < 12) return false;
    const std::string* next = paragraph_after(doc, pg, i).text;
    return next != nullptr && count_words(*next) >= 15 && paragraph_kind(*next) == PassageKind::Body;
}

}  // namespace

std::string_view kind_name(PassageKind kind) { return kind_names()[static_cast<size_t>(kind)]; }

const std::vector<std::string_view>& kind_names() {
    static const std::vector<std::string_view> names = {"body", "heading", "footnote", "quote", "caption", "table", "reference", "toc"};
    return names;
}

PassageKind paragraph_kind(std::string_view t) {
    // A numbered entry with a long run of leader dots is a contents line
    // even when its page number was read apart (a right-aligned column), and
    // so are entries run together; dots to fill in ("Mondiale (O) ; ......")
    // or in a TeX comment are not.
    // Several entries run together have several leaders.
    if (const DotRuns runs = dot_runs(t);
        runs.leaders > 0 && (ends_with_page_number(t) || (runs.longest >= 10 && t.find('%') == std::string_view::npos &&
                                                            (is_digit(t.front()) || runs.leaders >= 2))))
        return PassageKind::Toc;
    if (index_entries(t)) return PassageKind::Toc;  // the book's index, as its contents
    if (page_number_column(t)) return PassageKind::Toc;
    if (is_caption(t)) return PassageKind::Caption;
    if (is_quote(t)) return PassageKind::Quote;
    if (is_table(t)) return PassageKind::Table;
    if (is_heading(t)) return PassageKind::Heading;
    return PassageKind::Body;
}

std::vector<std::vector<PassageKind>> classify_paragraphs(const CleanDocument& doc) {
    enum class Section { Text, References, Toc } section = Section::Text;
    std::vector<std::vector<PassageKind>> kinds;
    // Paragraphs of a reference section that read as prose: two in a row
    // mean the "Bibliographie" heading opened a chapter about bibliographies
    // (a LaTeX manual's), not a list; they get their own kinds back.
    struct Prose {
        size_t page, index;
        PassageKind kind;  // its own kind, given back if the section ends
    };
    std::vector<Prose> prose;
    bool opened_references = false;  // the paragraph before was a references heading
    for (size_t pg = 0; pg < doc.pages.size(); ++pg) {
        const CleanPage& page = doc.pages[pg];
        auto& out = kinds.emplace_back();
        for (const std::string& p : page.paragraphs) {
            PassageKind k = paragraph_kind(p);
            const bool large = in_large_type(page, out.size());
            // A row of a table laid out as one (its cells side by side): a
            // table, unless its text says contents, caption or quote.
            if ((k == PassageKind::Body || k == PassageKind::Heading) &&
                std::find(page.table_rows.begin(), page.table_rows.end(), out.size()) != page.table_rows.end())
                k = PassageKind::Table;
            // Where the file marks its headings, its marks decide.
            if (doc.marks_headings) {
                const bool marked = std::find(page.headings.begin(), page.headings.end(), out.size()) != page.headings.end();
                if (marked && k != PassageKind::Toc && k != PassageKind::Caption) k = PassageKind::Heading;
                else if (!marked && k == PassageKind::Heading) k = PassageKind::Body;
            } else if (doc.knows_type_size && k == PassageKind::Heading && !large && !section_numbered(p) &&
                       !stands_before_prose(doc, pg, out.size())) {
                // A short line in body type: a table cell, a formula, a
                // line of a figure or a list, as often as a heading.
                k = PassageKind::Body;
            }
            const bool after_heading = opened_references;
            opened_references = false;
            // "Bibliographie 503" is a line of a table of contents.
            if (is_references_heading(p) && !ends_with_page_number(p)) {
                section = Section::References;
                prose.clear();
                k = PassageKind::Heading;
                opened_references = true;
            } else if (is_toc_heading(p)) {
                section = Section::Toc;
                k = PassageKind::Heading;
            } else if (section == Section::References) {
                if (after_heading && k == PassageKind::Body && !looks_like_reference_entry(p) && count_words(p) >= 6 && p.back() == '.') {
                    // "Voici les ouvrages cités dans ce manuel.": a sentence
                    // that introduces the list, not an entry.
                } else if (k == PassageKind::Heading && (ends_references(p) || numbered(p))) {
                    section = Section::Text;
                } else if (!has_year(p) && !looks_like_cited_piece(p) &&
                           (has_dot_leader(p) || run_of_entries(p) || index_entries(p) || (only_numbers(p) && count_words(p) >= 3))) {
                    // A back-of-book index after the bibliography, its heading
                    // lost: terms and their pages are contents; the prose
                    // that introduced it is text.
                    section = Section::Toc;
                    k = PassageKind::Toc;
                    if (!prose.empty()) kinds[prose[0].page][prose[0].index] = prose[0].kind;
                    prose.clear();
                } else if (k != PassageKind::Heading && !looks_like_reference_entry(p) && !listed(page, out.size()) &&
                           (count_words(p) > 12 || (p.back() == '.' && !starts_lowercase(p)))) {
                    // Prose: not an item of the list the file marks, not a
                    // title or a link's words (short, no final period), not a
                    // piece of something cut by the page ("mize redundancy.").
                    prose.push_back({pg, out.size(), k});
                    if (prose.size() == 2) {
                        section = Section::Text;
                        kinds[prose[0].page][prose[0].index] = prose[0].kind;
                    } else {
                        k = PassageKind::Reference;
                    }
                } else {
                    prose.clear();
                    // A heading the type or the file vouches for divides the
                    // bibliography ("Ouvrages", "Articles"); elsewhere a short
                    // line there is a piece of an entry.
                    if (k != PassageKind::Heading || !(doc.knows_type_size || doc.marks_headings)) k = PassageKind::Reference;
                }
            } else if (section == Section::Toc) {
                // A table of contents lasts while its paragraphs read as
                // entries: with leaders or page numbers, page numbers alone,
                // entries run together, or short lines in body type ("1
                // Avant-propos"); a heading in large type or prose ends it.
                auto reads_as_entry = [&](const std::string& text, PassageKind kind, bool set_large) {
                    return kind == PassageKind::Toc || has_dot_leader(text) || ends_with_page_number(text) || only_numbers(text) ||
                           run_of_entries(text) || (kind == PassageKind::Heading && !set_large && !doc.marks_headings) ||
                           (kind == PassageKind::Body && doc.knows_type_size && !set_large && count_words(text) <= 12 &&
                            text.back() != '.');
                };
                bool entry = reads_as_entry(p, k, large);
                // A chapter's line set large in the contents ("2 The Makehub
                // Project") is followed by more entries; a chapter's heading
                // in the text, by prose.
                if (!entry && k == PassageKind::Heading && large && is_digit(p.front()))
                    if (const Next next = paragraph_after(doc, pg, out.size()); next.text != nullptr)
                        entry = reads_as_entry(*next.text, paragraph_kind(*next.text), next.large);
                if (entry) k = PassageKind::Toc;
                else section = Section::Text;
            }
            out.push_back(k);
        }
    }
    return kinds;
}

}  // namespace grappe
