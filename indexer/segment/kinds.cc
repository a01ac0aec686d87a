#include "segment/kinds.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "analyze/analyzer.h"
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

bool is_references_heading(std::string_view text) {
    if (count_words(text) > 5) return false;
    const std::string h = bare_heading(text);
    static const std::array<std::string_view, 12> names = {
        "references", "references bibliographiques", "bibliographie", "bibliography", "works cited", "ouvrages cites",
        "bibliographie selective", "elements de bibliographie", "sources et bibliographie", "literature", "references citees",
        "liste des references"};
    return std::find(names.begin(), names.end(), h) != names.end();
}

bool is_toc_heading(std::string_view text) {
    if (count_words(text) > 5) return false;
    const std::string h = bare_heading(text);
    static const std::array<std::string_view, 7> names = {"table des matieres", "sommaire", "contents", "table of contents",
                                                          "liste des figures", "liste des tableaux", "table des figures"};
    return std::find(names.begin(), names.end(), h) != names.end();
}

// What an entry of a reference list has and prose mostly has not: a year
// ("1990", "2004a"), "et al.", a DOI, an address, an ISBN, page ranges.
bool looks_like_reference_entry(std::string_view text) {
    for (size_t i = 0; i + 4 <= text.size(); ++i) {
        if (i > 0 && (is_digit(text[i - 1]) || std::isalpha(static_cast<unsigned char>(text[i - 1])))) continue;
        if (!(text.compare(i, 2, "18") == 0 || text.compare(i, 2, "19") == 0 || text.compare(i, 2, "20") == 0)) continue;
        if (!is_digit(text[i + 2]) || !is_digit(text[i + 3])) continue;
        if (i + 4 == text.size() || !is_digit(text[i + 4])) return true;
    }
    const std::string f = fold_text(text);
    for (std::string_view cue : {"et al", "doi", "http", "isbn", "pp.", "vol.", "(dir.)", "(ed"})
        if (f.find(cue) != std::string::npos) return true;
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
bool ends_references(std::string_view text) {
    if (count_words(text) > 8) return false;
    const std::string h = bare_heading(text);
    for (std::string_view start : {"annexe", "appendix", "appendices", "index", "glossaire", "glossary", "notes", "table des matieres"})
        if (h.rfind(start, 0) == 0) return true;
    return false;
}

// "Introduction ............ 5", "1.2 Les clusters . . . . 12", "Chapitre 3 … 45"
bool has_dot_leader(std::string_view text) {
    size_t dots = 0, best = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '.') {
            ++dots;
        } else if (text[i] == ' ' && dots > 0) {
            // ". . . ." counts too
        } else if (text.substr(i, 3) == "\xE2\x80\xA6") {  // …
            dots += 3;
            i += 2;
        } else {
            best = std::max(best, dots);
            dots = 0;
        }
    }
    best = std::max(best, dots);
    return best >= 5;
}

bool ends_with_page_number(std::string_view text) {
    size_t e = text.size();
    while (e > 0 && text[e - 1] == ' ') --e;
    size_t b = e;
    while (b > 0 && is_digit(text[b - 1])) --b;
    return e > b && e - b <= 4;
}

bool starts_upper_or_number(std::string_view t) {
    if (t.empty()) return false;
    const unsigned char c = static_cast<unsigned char>(t[0]);
    if ((c >= 'A' && c <= 'Z') || is_digit(t[0])) return true;
    // Accented capitals: UTF-8 C3 80..9E (À..Þ); É is C3 89.
    return c == 0xC3 && t.size() > 1 && static_cast<unsigned char>(t[1]) >= 0x80 && static_cast<unsigned char>(t[1]) <= 0x9E;
}

bool is_heading(std::string_view t) {
    const size_t words = count_words(t);
    if (words == 0 || words > 12 || !starts_upper_or_number(t)) return false;
    const char last = t.back();
    if (last == '.' || last == ',' || last == ';' || last == ')' ) return false;
    // At least one real word, and not a number alone ("2011", "12 %").
    size_t letters = 0;
    for (char c : t)
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c & 0x80)) ++letters;
    return letters >= 4;
}

bool is_caption(std::string_view t) {
    const std::string f = fold_text(t.substr(0, 40));
    for (std::string_view label : {"figure", "fig.", "tableau", "table", "graphique", "carte", "encadre", "schema", "illustration",
                                   "photo", "image", "diagramme", "box"}) {
        if (f.rfind(label, 0) != 0) continue;
        size_t i = label.size();
        while (i < f.size() && f[i] == ' ') ++i;
        if (i >= f.size() || i == label.size()) continue;
        // "Figure 3", "Tableau II", "Encadré N°4", "Figure A1"
        const bool number_sign = f[i] == 'n' && i + 1 < f.size() &&
                                 ((f[i + 1] & 0x80) || f[i + 1] == '.' || f[i + 1] == ' ' || is_digit(f[i + 1]) || f[i + 1] == 'o');
        if (is_digit(f[i]) || number_sign ||
            std::string_view("ivxl").find(f[i]) != std::string_view::npos || (f[i] >= 'a' && f[i] <= 'z' && i + 1 < f.size() && is_digit(f[i + 1])))
            return true;
    }
    return f.rfind("source :", 0) == 0 || f.rfind("sources :", 0) == 0 || f.rfind("source:", 0) == 0;
}

// « ... » or “ ... ” standing as the whole paragraph (a reference may follow).
bool is_quote(std::string_view t) {
    // Straight quotes open code and data as often as quotations: not counted.
    const bool opens = t.rfind("\xC2\xAB", 0) == 0 || t.rfind("\xE2\x80\x9C", 0) == 0;
    if (!opens || count_words(t) < 8) return false;
    size_t close = std::string_view::npos;
    for (std::string_view mark : {"\xC2\xBB", "\xE2\x80\x9D"}) {
        const size_t at = t.rfind(mark);
        if (at != std::string_view::npos && at > 0 && (close == std::string_view::npos || at > close)) close = at;
    }
    if (close == std::string_view::npos || close == 0) return false;
    return t.size() - close < 80;  // the closing mark near the end: "» (Porter, 1998, p. 78)."
}

bool is_table(std::string_view t) {
    size_t tokens = 0, numbers = 0;
    size_t i = 0;
    while (i < t.size()) {
        while (i < t.size() && t[i] == ' ') ++i;
        const size_t b = i;
        while (i < t.size() && t[i] != ' ') ++i;
        if (i == b) break;
        ++tokens;
        const std::string_view tok = t.substr(b, i - b);
        const bool numeric = std::all_of(tok.begin(), tok.end(), [](char c) { return is_digit(c) || c == ',' || c == '.' || c == '%' || c == '-' || c == '+'; }) &&
                             std::any_of(tok.begin(), tok.end(), is_digit);
        if (numeric) ++numbers;
    }
    return tokens >= 8 && numbers * 2 >= tokens;
}

}  // namespace

std::string_view kind_name(PassageKind kind) { return kind_names()[static_cast<size_t>(kind)]; }

const std::vector<std::string_view>& kind_names() {
    static const std::vector<std::string_view> names = {"body", "heading", "footnote", "quote", "caption", "table", "reference", "toc"};
    return names;
}

PassageKind paragraph_kind(std::string_view t) {
    if (has_dot_leader(t) && ends_with_page_number(t)) return PassageKind::Toc;
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
    for (size_t pg = 0; pg < doc.pages.size(); ++pg) {
        const CleanPage& page = doc.pages[pg];
        auto& out = kinds.emplace_back();
        for (const std::string& p : page.paragraphs) {
            PassageKind k = paragraph_kind(p);
            // Where the file marks its headings, its marks decide.
            if (doc.marks_headings) {
                const bool marked = std::find(page.headings.begin(), page.headings.end(), out.size()) != page.headings.end();
                if (marked && k != PassageKind::Toc && k != PassageKind::Caption) k = PassageKind::Heading;
                else if (!marked && k == PassageKind::Heading) k = PassageKind::Body;
            }
            // "Bibliographie 503" is a line of a table of contents.
            if (is_references_heading(p) && !ends_with_page_number(p)) {
                section = Section::References;
                prose.clear();
                k = PassageKind::Heading;
            } else if (is_toc_heading(p)) {
                section = Section::Toc;
                k = PassageKind::Heading;
            } else if (section == Section::References) {
                if (k == PassageKind::Heading && (ends_references(p) || numbered(p))) {
                    section = Section::Text;
                } else if (k != PassageKind::Heading && !looks_like_reference_entry(p)) {
                    prose.push_back({pg, out.size(), k});
                    if (prose.size() == 2) {
                        section = Section::Text;
                        kinds[prose[0].page][prose[0].index] = prose[0].kind;
                    } else {
                        k = PassageKind::Reference;
                    }
                } else {
                    prose.clear();
                    k = PassageKind::Reference;
                }
            } else if (section == Section::Toc) {
                // A table of contents lasts while its lines end in page numbers.
                if (k == PassageKind::Toc || ends_with_page_number(p)) k = PassageKind::Toc;
                else section = Section::Text;
            }
            out.push_back(k);
        }
    }
    return kinds;
}

}  // namespace grappe
