#include "extract/declared_text.h"

#include <cctype>

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

// A declared title, unless it is a tool's placeholder ("Microsoft Word -
// doc1.docx", "untitled", a file name, a TeX comment).
std::string plausible_title(std::string title) {
    title = trimmed(std::move(title));
    const std::string lower = ascii_lower(title);
    if (title.size() < 4) return "";
    for (std::string_view bad : {"microsoft word", "untitled", "sans titre", "document1", "powerpoint"})
        if (lower.find(bad) != std::string::npos) return "";
    if (title[0] == '%') return "";
    for (std::string_view ext : {".doc", ".pdf", ".tex", ".dvi", ".odt", ".indd", ".qxd"})
        if (lower.find(ext) != std::string::npos) return "";
    return title;
}

// A declared author, unless it is an account name.
std::string plausible_author(std::string author) {
    author = trimmed(std::move(author));
    const std::string lower = ascii_lower(author);
    if (author.size() < 3) return "";
    for (std::string_view bad : {"user", "admin", "owner", "utilisateur", "unknown", "anonymous", "windows"})
        if (lower == bad || lower.rfind(bad, 0) == 0) return "";
    return author;
}

}  // namespace grappe
