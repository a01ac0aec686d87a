#include "extract/declared_text.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace grappe {

std::string ascii_lower(std::string_view s) {
    std::string lower;
    for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char ch : s) {
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(ch);
    }
    return out;
}

std::string trimmed(std::string value) {
    while (!value.empty() && (value.back() == ' ' || value.back() == '\0' || value.back() == '\n')) value.pop_back();
    size_t b = 0;
    while (b < value.size() && (value[b] == ' ' || value[b] == '\n')) ++b;
    return value.substr(b);
}

std::string trim_separators(std::string_view s) {
    const size_t b = s.find_first_not_of(" \t\n,;.");
    if (b == std::string_view::npos) return "";
    const size_t e = s.find_last_not_of(" \t\n,;");
    return std::string(s.substr(b, e - b + 1));
}

// A declared title, unless it is a tool's placeholder ("Microsoft Word -
// doc1.docx", "untitled", a file name, a TeX comment).
std::string plausible_title(std::string title) {
    title = trimmed(std::move(title));
    const std::string lower = ascii_lower(title);
    if (title.size() < 4) return "";
    for (std::string_view bad : {"microsoft word", "untitled", "sans titre", "document1", "powerpoint"})
        if (lower.find(bad) != std::string::npos) return "";
    if (title[0] == '%') return "";
    // A file's or a repository's name standing in for a title
    // ("co-demos__covid-viz__textes__texte_page_presentation").
    if ((title.find(' ') == std::string::npos && (title.find('_') != std::string::npos || std::count(title.begin(), title.end(), '-') >= 3)) ||
        title.find("__") != std::string::npos)
        return "";
    // An editing tag after it ("Regards sur les tiers-lieux [titre]"), emphasis marks around it ("*Économie et Statistique*").
    if (title.back() == ']') {
        const size_t open = title.rfind('[');
        if (open != std::string::npos && open > 0 && title.find(' ', open) == std::string::npos) title = trimmed(title.substr(0, open));
    }
    while (title.size() > 2 && (title.front() == '*' || title.front() == '_') && title.back() == title.front())
        title = title.substr(1, title.size() - 2);
    for (std::string_view ext : {".doc", ".pdf", ".tex", ".dvi", ".odt", ".indd", ".qxd"})
        if (lower.find(ext) != std::string::npos) return "";
    // A separator left by a template with an empty subtitle ("... Geography -").
    for (;;) {
        const size_t before = title.size();
        for (std::string_view end : {" -", " \u2013", " \u2014", " |", " /"})
            if (title.size() > end.size() && title.compare(title.size() - end.size(), end.size(), end) == 0)
                title = trimmed(title.substr(0, title.size() - end.size()));
        if (title.size() == before) break;
    }
    return title;
}

// A declared author, unless it is an account name; a copyright line's
// marks and years go ("(c) 2003, 2007 Mark Trettin, 2011 Marc Ensenbach").
std::string plausible_author(std::string author) {
    author = trimmed(std::move(author));
    const std::string lowered = ascii_lower(author);
    if (lowered.find("(c)") != std::string::npos || lowered.find("\u00a9") != std::string::npos ||
        lowered.find("copyright") != std::string::npos) {
        // Words without the marks and years; then the comma-separated
        // pieces that are left, each trimmed, the empty ones dropped.
        std::string kept;
        std::istringstream words(author);
        for (std::string word; words >> word;) {
            const bool comma = word.back() == ',' || word.back() == ';';
            const std::string core = comma ? word.substr(0, word.size() - 1) : word, bare = ascii_lower(core);
            const bool year = bare.size() == 4 && std::all_of(bare.begin(), bare.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (bare != "(c)" && bare != "\u00a9" && bare != "copyright" && !year) kept += " " + core;
            if (comma) kept += ",";
        }
        std::string names;
        std::istringstream pieces(kept);
        for (std::string piece; std::getline(pieces, piece, ',');) {
            piece = trimmed(piece);
            if (!piece.empty()) names += (names.empty() ? "" : ", ") + piece;
        }
        author = names;
    }
    const std::string lower = ascii_lower(author);
    if (author.size() < 3) return "";
    for (std::string_view bad : {"user", "admin", "owner", "utilisateur", "unknown", "anonymous", "windows"})
        if (lower == bad || lower.rfind(bad, 0) == 0) return "";
    return author;
}

}  // namespace grappe
