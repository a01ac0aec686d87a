#include "metadata/sidecar.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "analyze/analyzer.h"
#include "extract/declared_text.h"
#include "metadata/work_type.h"
#include "store/schema.h"

namespace grappe {
namespace fs = std::filesystem;
namespace {

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The combining mark for a LaTeX accent command, as UTF-8.
const char* combining_mark(char command) {
    switch (command) {
        case '\'': return "\xCC\x81";  // acute
        case '`': return "\xCC\x80";   // grave
        case '^': return "\xCC\x82";   // circumflex
        case '"': return "\xCC\x88";   // diaeresis
        case '~': return "\xCC\x83";   // tilde
        case '=': return "\xCC\x84";   // macron
        case '.': return "\xCC\x87";   // dot above
        case 'u': return "\xCC\x86";   // breve
        case 'v': return "\xCC\x8C";   // caron
        case 'H': return "\xCC\x8B";   // double acute
        case 'c': return "\xCC\xA7";   // cedilla
        case 'k': return "\xCC\xA8";   // ogonek
        case 'r': return "\xCC\x8A";   // ring
        default: return nullptr;
    }
}

const char* named_letter(std::string_view name) {
    static const std::pair<std::string_view, const char*> letters[] = {
        {"oe", "œ"}, {"OE", "Œ"}, {"ae", "æ"}, {"AE", "Æ"}, {"ss", "ß"}, {"o", "ø"}, {"O", "Ø"},
        {"aa", "å"}, {"AA", "Å"}, {"l", "ł"}, {"L", "Ł"}, {"i", "i"}, {"j", "j"}, {"dots", "…"},
        {"ldots", "…"}, {"guillemotleft", "«"}, {"guillemotright", "»"}, {"og", "«"}, {"fg", "»"},
        {"textendash", "–"}, {"textemdash", "—"}, {"S", "§"}, {"euro", "€"}};
    for (const auto& [n, letter] : letters)
        if (n == name) return letter;
    return nullptr;
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

std::string latex_to_text(std::string_view s) {
    std::string out;
    size_t i = 0;
    // The argument of an accent: "e", "{e}", "{\i}", "\i".
    auto accent_argument = [&]() {
        while (i < s.size() && s[i] == ' ') ++i;
        std::string base;
        const bool braced = i < s.size() && s[i] == '{';
        if (braced) ++i;
        if (i < s.size() && s[i] == '\\') {
            ++i;
            size_t j = i;
            while (j < s.size() && is_letter(s[j])) ++j;
            const char* letter = named_letter(s.substr(i, j - i));
            base = letter ? letter : std::string(s.substr(i, j - i));
            i = j;
        } else if (i < s.size() && s[i] != '}') {
            // One UTF-8 character.
            size_t j = i + 1;
            while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
            base = std::string(s.substr(i, j - i));
            i = j;
        }
        if (braced) {
            while (i < s.size() && s[i] == ' ') ++i;
            if (i < s.size() && s[i] == '}') ++i;
        }
        return base;
    };
    while (i < s.size()) {
        const char c = s[i];
        if (c == '{' || c == '}') {
            ++i;
            continue;
        }
        if (c == '~') {
            out += ' ';
            ++i;
            continue;
        }
        if (c == '-' && s.substr(i, 3) == "---") {
            out += "—";
            i += 3;
            continue;
        }
        if (c == '-' && s.substr(i, 2) == "--") {
            out += "–";
            i += 2;
            continue;
        }
        if ((c == '`' && s.substr(i, 2) == "``") || (c == '\'' && s.substr(i, 2) == "''")) {
            out += c == '`' ? "“" : "”";
            i += 2;
            continue;
        }
        if (c != '\\' || i + 1 >= s.size()) {
            out += c;
            ++i;
            continue;
        }
        const char next = s[i + 1];
        if (const char* mark = combining_mark(next); mark && (!is_letter(next) || i + 2 >= s.size() || !is_letter(s[i + 2]))) {
            i += 2;
            const std::string base = accent_argument();
            out += base;
            if (!base.empty()) out += mark;
            continue;
        }
        if (!is_letter(next)) {  // \& \% \$ \_ \# \{ \} "\ "
            out += next;
            i += 2;
            continue;
        }
        size_t j = i + 1;
        while (j < s.size() && is_letter(s[j])) ++j;
        const std::string_view name = s.substr(i + 1, j - i - 1);
        i = j;
        if (const char* letter = named_letter(name)) {
            out += letter;
            if (i < s.size() && s[i] == ' ') ++i;  // "\oe uvre" -> "œuvre"
        }
        // Any other command (\emph, \textit, \url...) is dropped, its braced
        // argument kept as text.
    }
    return collapse_spaces(Analyzer::prepare(out));
}

std::string SidecarError::to_string() const {
    std::string out = file;
    if (line) {
        out += ':';
        out += std::to_string(line);
    }
    out += ": ";
    out += message;
    return out;
}

bool is_sidecar_path(const std::string& path) {
    const std::string lower = ascii_lower(path);
    return ends_with(lower, ".bib") || ends_with(lower, ".json");
}

namespace {

// ---- Fields shared by both formats ----

std::string map_language(std::string_view raw) {
    const std::string l = ascii_lower(raw);
    if (l.empty()) return "";
    if (l == "fr" || l.rfind("fr-", 0) == 0 || l.rfind("fr_", 0) == 0 || l == "french" || l == "francais" || l == "français") return "fr";
    if (l == "en" || l.rfind("en-", 0) == 0 || l.rfind("en_", 0) == 0 || l == "english" || l == "american" || l == "british") return "en";
    return "other";
}

// "hal-01603657", "halshs-00123456", "tel-01234567" inside a URL or id.
std::string find_hal_id(std::string_view text) {
    const std::string lower = ascii_lower(text);
    for (std::string_view prefix : {"halshs-", "hal-", "tel-", "dumas-", "inria-", "hprints-"}) {
        for (size_t at = lower.find(prefix); at != std::string::npos; at = lower.find(prefix, at + 1)) {
            if (at > 0 && is_letter(lower[at - 1])) continue;
            const size_t digits = at + prefix.size();
            size_t end = digits;
            while (end < lower.size() && lower[end] >= '0' && lower[end] <= '9') ++end;
            if (end - digits == 8) return lower.substr(at, end - at);
        }
    }
    return "";
}

std::string clean_doi(std::string doi) {
    for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"})
        if (ascii_lower(doi).rfind(prefix, 0) == 0) doi.erase(0, prefix.size());
    return collapse_spaces(doi);
}

const char* month_name(int month) {
    static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return month >= 1 && month <= 12 ? names[month - 1] : nullptr;
}

// ---- BibTeX ----

struct BibEntry {
    std::string type, key;
    std::size_t line = 0;
    std::map<std::string, std::string> fields;  // lower-cased name -> raw value (braces kept)
    std::string raw;
};

class BibParser {
  public:
    BibParser(std::string_view text, std::string file) : s_(text), file_(std::move(file)) {}

    std::vector<BibEntry> entries;
    std::vector<SidecarError> errors;

    void run() {
        while (true) {
            // Text between entries is a comment in BibTeX.
            while (i_ < s_.size() && s_[i_] != '@') advance();
            if (i_ >= s_.size()) return;
            const size_t start = i_, start_line = line_;
            advance();
            try {
                entry(start, start_line);
            } catch (const SidecarError& e) {
                errors.push_back(e);
                recover(start);
            }
        }
    }

  private:
    std::string_view s_;
    std::string file_;
    size_t i_ = 0, line_ = 1;
    std::map<std::string, std::string> strings_;  // @string macros

    void advance() {
        if (s_[i_] == '\n') ++line_;
        ++i_;
    }
    void skip_space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) advance();
    }
    [[noreturn]] void fail(const std::string& message, size_t line = 0) const { throw SidecarError{file_, line ? line : line_, message}; }
    std::string where() const {
        if (i_ >= s_.size()) return "the end of the file";
        std::string quoted = "'";
        quoted += s_[i_];
        quoted += '\'';
        return quoted;
    }

    // After an error: on to the next '@' that starts a line, past the bad one.
    void recover(size_t bad_start) {
        size_t at = bad_start + 1;
        while (true) {
            at = s_.find('@', at);
            if (at == std::string_view::npos) {
                while (i_ < s_.size()) advance();
                return;
            }
            if (s_[at - 1] == '\n') break;
            ++at;
        }
        if (at > i_) {
            while (i_ < at) advance();
        } else {
            // The error was reported past `at`: restart from there (lines counted again).
            i_ = 0;
            line_ = 1;
            while (i_ < at) advance();
        }
    }

    std::string identifier() {
        const size_t b = i_;
        while (i_ < s_.size() && (is_letter(s_[i_]) || (s_[i_] >= '0' && s_[i_] <= '9') || std::string_view("_-:.+/'").find(s_[i_]) != std::string_view::npos))
            advance();
        return std::string(s_.substr(b, i_ - b));
    }

    // {…} with nesting, kept with its inner braces (they protect case and names).
    std::string braced(size_t open_line) {
        advance();  // '{'
        const size_t b = i_;
        int depth = 1;
        while (i_ < s_.size()) {
            if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
                advance();
                advance();
                continue;
            }
            if (s_[i_] == '{') ++depth;
            if (s_[i_] == '}' && --depth == 0) {
                std::string v(s_.substr(b, i_ - b));
                advance();
                return v;
            }
            // An '@' starting a line inside a value means a brace was never closed.
            if (s_[i_] == '@' && i_ > 0 && s_[i_ - 1] == '\n' && depth >= 1)
                fail("a '{' opened here is never closed (the next entry starts on line " + std::to_string(line_) + ")", open_line);
            advance();
        }
        fail("a '{' opened here is never closed", open_line);
    }

    std::string quoted(size_t open_line) {
        advance();  // '"'
        const size_t b = i_;
        int depth = 0;
        while (i_ < s_.size()) {
            if (s_[i_] == '{') ++depth;
            if (s_[i_] == '}') --depth;
            if (s_[i_] == '"' && depth == 0 && s_[i_ - 1] != '\\') {
                std::string v(s_.substr(b, i_ - b));
                advance();
                return v;
            }
            if (s_[i_] == '@' && s_[i_ - 1] == '\n') break;
            advance();
        }
        fail("a '\"' opened here is never closed", open_line);
    }

    // value = part ('#' part)*
    std::string value() {
        std::string v;
        while (true) {
            skip_space();
            if (i_ >= s_.size()) fail("a value is missing at the end of the file");
            const char c = s_[i_];
            if (c == '{') {
                v += braced(line_);
            } else if (c == '"') {
                v += quoted(line_);
            } else if (c >= '0' && c <= '9') {
                v += identifier();
            } else if (is_letter(c)) {
                const std::string name = ascii_lower(identifier());
                if (auto it = strings_.find(name); it != strings_.end()) {
                    v += it->second;
                } else {
                    static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
                    bool month = false;
                    for (int m = 0; m < 12; ++m)
                        if (name == months[m]) {
                            v += month_name(m + 1);
                            month = true;
                        }
                    if (!month) fail("'" + name + "' is not a value: put text in braces {...} or quotes, or define it with @string");
                }
            } else {
                fail("expected a value ({...}, \"...\", a number or a @string name), found " + where());
            }
            skip_space();
            if (i_ < s_.size() && s_[i_] == '#') {
                advance();
                continue;
            }
            return v;
        }
    }

    void entry(size_t start, size_t start_line) {
        const std::string type = ascii_lower(identifier());
        if (type.empty()) fail("'@' must be followed by an entry type such as @article");
        skip_space();
        if (i_ >= s_.size() || (s_[i_] != '{' && s_[i_] != '(')) fail("expected '{' after @" + type + ", found " + where());
        const char close = s_[i_] == '{' ? '}' : ')';
        if (type == "comment") {
            if (close == '}') (void)braced(line_);
            return;
        }
        advance();
        if (type == "preamble") {
            (void)value();
            skip_space();
            if (i_ >= s_.size() || s_[i_] != close) fail("@preamble is not closed", start_line);
            advance();
            return;
        }
        if (type == "string") {
            skip_space();
            const std::string name = ascii_lower(identifier());
            skip_space();
            if (name.empty() || i_ >= s_.size() || s_[i_] != '=') fail("@string needs name = {value}");
            advance();
            strings_[name] = value();
            skip_space();
            if (i_ >= s_.size() || s_[i_] != close) fail("@string is not closed", start_line);
            advance();
            return;
        }
        BibEntry e;
        e.type = type;
        e.line = start_line;
        skip_space();
        e.key = identifier();
        skip_space();
        if (i_ < s_.size() && s_[i_] == '=') fail("entry @" + type + " has no citation key before its first field");
        while (true) {
            skip_space();
            if (i_ >= s_.size()) fail("entry '" + e.key + "' is not closed: a '" + std::string(1, close) + "' is missing", start_line);
            if (s_[i_] == close) {
                advance();
                break;
            }
            if (s_[i_] != ',') fail("expected ',' or '" + std::string(1, close) + "' after a field of entry '" + e.key + "', found " + where());
            advance();
            skip_space();
            if (i_ < s_.size() && s_[i_] == close) {
                advance();
                break;
            }
            const size_t field_line = line_;
            const std::string name = ascii_lower(identifier());
            if (name.empty()) fail("expected a field name in entry '" + e.key + "', found " + where());
            skip_space();
            if (i_ >= s_.size() || s_[i_] != '=') fail("expected '=' after field '" + name + "' of entry '" + e.key + "', found " + where(), field_line);
            advance();
            e.fields[name] = value();
        }
        e.raw = std::string(s_.substr(start, i_ - start));
        entries.push_back(std::move(e));
    }
};

// Splits on " and " at brace depth 0.
std::vector<std::string> split_names(std::string_view list) {
    std::vector<std::string> names;
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < list.size(); ++i) {
        if (list[i] == '{') ++depth;
        if (list[i] == '}') --depth;
        if (depth == 0 && (list[i] == ' ' || list[i] == '\n' || list[i] == '\t') && i + 4 < list.size() &&
            ascii_lower(list.substr(i + 1, 3)) == "and" && (list[i + 4] == ' ' || list[i + 4] == '\n' || list[i + 4] == '\t')) {
            names.emplace_back(list.substr(start, i - start));
            start = i + 5;
            i += 4;
        }
    }
    names.emplace_back(list.substr(start));
    return names;
}

// Commas at brace depth 0.
std::vector<std::string> split_top_commas(std::string_view name) {
    std::vector<std::string> parts;
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '{') ++depth;
        if (name[i] == '}') --depth;
        if (depth == 0 && name[i] == ',') {
            parts.emplace_back(name.substr(start, i - start));
            start = i + 1;
        }
    }
    parts.emplace_back(name.substr(start));
    return parts;
}

std::optional<Author> bib_author(std::string_view raw) {
    const std::string name = collapse_spaces(raw);
    if (name.empty() || ascii_lower(name) == "others") return std::nullopt;
    Author a;
    const std::vector<std::string> parts = split_top_commas(name);
    if (parts.size() >= 2) {  // "Family, Given" or "von Family, Jr, Given"
        a.family = latex_to_text(parts.front());
        a.given = latex_to_text(parts.back());
    } else if (name.front() == '{' && name.back() == '}') {  // "{Agence d'urbanisme}": an institution
        a.family = latex_to_text(name);
    } else {
        const std::vector<Author> parsed = parse_authors(latex_to_text(name));
        if (parsed.empty()) return std::nullopt;
        a = parsed.front();
    }
    if (a.family.empty()) return std::nullopt;
    return a;
}

// Zotero: "Full Text PDF:/path/a.pdf:application/pdf;Snapshot:...", with
// '\:' '\;' '\\' escapes; Better BibTeX: "/path/a.pdf;/path/b.pdf".
std::vector<std::string> split_file_field(std::string_view field) {
    std::vector<std::string> files;
    std::vector<std::vector<std::string>> items(1, std::vector<std::string>(1));
    for (size_t i = 0; i < field.size(); ++i) {
        const char c = field[i];
        if (c == '\\' && i + 1 < field.size()) {
            items.back().back() += field[++i];
        } else if (c == ';') {
            items.emplace_back(1);
        } else if (c == ':') {
            items.back().emplace_back();
        } else if (c != '{' && c != '}') {
            items.back().back() += c;
        }
    }
    for (auto& parts : items) {
        std::string path;
        if (parts.size() >= 3) {  // description:path:mime (the path may hold ':')
            for (size_t k = 1; k + 1 < parts.size(); ++k) path += (k > 1 ? ":" : "") + parts[k];
        } else if (parts.size() == 2) {  // "C:\..." or "description:path"
            path = parts[0].size() == 1 ? parts[0] + ":" + parts[1] : parts[1];
        } else {
            path = parts[0];
        }
        path = collapse_spaces(path);
        if (!path.empty()) files.push_back(path);
    }
    return files;
}

SidecarEntry bib_to_entry(const BibEntry& e, const std::string& file) {
    SidecarEntry out;
    out.key = e.key;
    const std::string source = "sidecar " + file + ":" + std::to_string(e.line);
    Metadata& m = out.metadata;
    auto field = [&](const char* name) -> std::string {
        auto it = e.fields.find(name);
        return it == e.fields.end() ? std::string() : it->second;
    };
    auto set = [&](Sourced& target, std::string value) {
        if (!value.empty()) target = {std::move(value), source};
    };
    set(m.title, latex_to_text(field("title")));
    std::string names = field("author");
    if (names.empty()) names = field("editor");
    for (const std::string& raw : split_names(names))
        if (auto a = bib_author(raw)) m.authors.push_back(*a);
    if (!m.authors.empty()) m.authors_source = source;
    const std::string date = collapse_spaces(field("date"));
    std::string year = find_year(field("year"));
    if (year.empty()) year = find_year(date);
    set(m.year, year);
    if (!date.empty()) {
        set(m.date, date);
    } else if (!year.empty()) {
        const std::string month = collapse_spaces(field("month"));
        set(m.date, month.empty() ? year : month + " " + year);
    }
    set(m.type, type_of_declared(e.type));
    for (const char* venue : {"journaltitle", "journal", "booktitle", "school", "institution", "publisher"}) {
        if (m.venue.empty()) set(m.venue, latex_to_text(field(venue)));
    }
    set(m.doi, clean_doi(field("doi")));
    std::string hal = ascii_lower(collapse_spaces(field("hal_id")));
    if (hal.empty()) hal = find_hal_id(field("url") + " " + field("eprint") + " " + field("note"));
    set(m.hal_id, hal);
    std::string language = field("langid");
    if (language.empty()) language = field("language");
    set(m.language, map_language(collapse_spaces(latex_to_text(language))));
    if (auto f = field("file"); !f.empty()) out.files = split_file_field(f);
    return out;
}

// ---- CSL-JSON ----

std::string json_string(const rapidjson::Value& item, const char* key) {
    auto it = item.FindMember(key);
    if (it == item.MemberEnd()) return "";
    if (it->value.IsString()) return collapse_spaces(std::string_view(it->value.GetString(), it->value.GetStringLength()));
    if (it->value.IsInt()) return std::to_string(it->value.GetInt());
    return "";
}

// {"date-parts": [[2016, 6, 14]]}, {"raw": "2016-06"}, {"literal": "juin 2016"}
std::pair<std::string, std::string> csl_date(const rapidjson::Value& item, const char* key) {
    auto it = item.FindMember(key);
    if (it == item.MemberEnd() || !it->value.IsObject()) return {};
    const rapidjson::Value& d = it->value;
    if (auto parts = d.FindMember("date-parts"); parts != d.MemberEnd() && parts->value.IsArray() && !parts->value.Empty() &&
                                                 parts->value[0].IsArray() && !parts->value[0].Empty()) {
        const auto& first = parts->value[0];
        auto number = [](const rapidjson::Value& v) {
            if (v.IsInt()) return v.GetInt();
            if (v.IsString()) return std::atoi(v.GetString());
            return 0;
        };
        const int year = number(first[0]);
        if (year <= 0) return {};
        std::string date = std::to_string(year);
        if (first.Size() >= 2) {
            const int month = number(first[1]);
            if (month_name(month)) date = std::string(month_name(month)) + " " + date;
            if (first.Size() >= 3 && month_name(month)) date = std::to_string(number(first[2])) + " " + date;
        }
        return {std::to_string(year), date};
    }
    for (const char* text : {"raw", "literal"}) {
        const std::string raw = json_string(d, text);
        if (!raw.empty()) return {find_year(raw), raw};
    }
    return {};
}

SidecarEntry csl_to_entry(const rapidjson::Value& item, const std::string& source) {
    SidecarEntry out;
    Metadata& m = out.metadata;
    out.key = json_string(item, "id");
    auto set = [&](Sourced& target, std::string value) {
        if (!value.empty()) target = {std::move(value), source};
    };
    set(m.title, Analyzer::prepare(json_string(item, "title")));
    for (const char* role : {"author", "editor"}) {
        auto it = item.FindMember(role);
        if (!m.authors.empty() || it == item.MemberEnd() || !it->value.IsArray()) continue;
        for (const auto& person : it->value.GetArray()) {
            if (!person.IsObject()) continue;
            Author a{Analyzer::prepare(json_string(person, "family")), Analyzer::prepare(json_string(person, "given"))};
            const std::string particle = json_string(person, "non-dropping-particle");
            if (!particle.empty() && !a.family.empty()) a.family = particle + " " + a.family;
            if (a.family.empty()) a.family = Analyzer::prepare(json_string(person, "literal"));
            if (!a.family.empty()) m.authors.push_back(std::move(a));
        }
    }
    if (!m.authors.empty()) m.authors_source = source;
    auto [year, date] = csl_date(item, "issued");
    set(m.year, year);
    set(m.date, date);
    set(m.type, type_of_declared(json_string(item, "type")));
    set(m.venue, Analyzer::prepare(json_string(item, "container-title")));
    if (m.venue.empty()) set(m.venue, Analyzer::prepare(json_string(item, "publisher")));
    set(m.doi, clean_doi(json_string(item, "DOI")));
    set(m.hal_id, find_hal_id(json_string(item, "URL") + " " + json_string(item, "id") + " " + json_string(item, "note")));
    set(m.language, map_language(json_string(item, "language")));
    if (auto it = item.FindMember("file"); it != item.MemberEnd()) {
        if (it->value.IsString()) {
            out.files = split_file_field(it->value.GetString());
        } else if (it->value.IsArray()) {
            for (const auto& f : it->value.GetArray())
                if (f.IsString()) out.files.emplace_back(f.GetString());
        }
    }
    return out;
}

std::string digest_of(std::string_view raw) { return schema::hex64(schema::fnv1a64(raw)); }

}  // namespace

SidecarFile parse_bibtex(std::string_view text, const std::string& file) {
    BibParser parser(text, file);
    parser.run();
    SidecarFile out;
    out.errors = std::move(parser.errors);
    for (const BibEntry& e : parser.entries) {
        SidecarEntry entry = bib_to_entry(e, file);
        entry.digest = digest_of(e.raw + "\n" + std::to_string(e.line));
        out.entries.push_back(std::move(entry));
    }
    return out;
}

SidecarFile parse_csl_json(std::string_view text, const std::string& file) {
    SidecarFile out;
    rapidjson::Document json;
    json.Parse(text.data(), text.size());
    if (json.HasParseError()) {
        const size_t offset = std::min(json.GetErrorOffset(), text.size());
        const size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
        out.errors.push_back({file, line, std::string("invalid JSON: ") + rapidjson::GetParseError_En(json.GetParseError())});
        return out;
    }
    auto one = [&](const rapidjson::Value& item, size_t index) {
        if (!item.IsObject()) {
            out.errors.push_back({file, 0, "item " + std::to_string(index) + " is not a CSL-JSON object"});
            return;
        }
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
        item.Accept(w);
        SidecarEntry entry = csl_to_entry(item, "sidecar " + file + " item " + std::to_string(index));
        entry.digest = digest_of(std::string_view(buffer.GetString(), buffer.GetSize()));
        out.entries.push_back(std::move(entry));
    };
    if (json.IsArray()) {
        size_t index = 1;
        for (const auto& item : json.GetArray()) one(item, index++);
    } else if (json.IsObject()) {
        one(json, 1);
    } else {
        out.errors.push_back({file, 1, "a CSL-JSON file holds an array of items or one item"});
    }
    return out;
}

namespace {

// The line of an entry: its fields' source is "sidecar FILE:LINE".
std::size_t entry_line(const SidecarEntry& e) {
    for (const std::string* source : {&e.metadata.title.source, &e.metadata.year.source, &e.metadata.type.source, &e.metadata.authors_source}) {
        const size_t colon = source->rfind(':');
        if (colon != std::string::npos && colon + 1 < source->size()) return std::strtoul(source->c_str() + colon + 1, nullptr, 10);
    }
    return 0;
}

bool beside_entry(const std::map<std::string, std::size_t>& beside, std::size_t k) {
    return std::any_of(beside.begin(), beside.end(), [&](const auto& b) { return b.second == k; });
}

}  // namespace

void SidecarLibrary::load(const std::vector<std::string>& sidecars, const std::vector<std::string>& documents) {
    const std::set<std::string> known(documents.begin(), documents.end());
    std::map<std::string, std::vector<std::string>> by_name;
    for (const auto& d : documents) by_name[fs::path(d).filename().string()].push_back(d);
    std::map<std::string, std::size_t> beside, listed;

    for (const std::string& path : sidecars) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const std::string text = bytes.str();
        const fs::path p(path);
        const std::string name = p.filename().string();
        const std::string lower = ascii_lower(name);
        const bool csl_named = ends_with(lower, ".csl.json");
        SidecarFile parsed;
        if (ends_with(lower, ".bib")) {
            parsed = parse_bibtex(text, name);
        } else {
            // Any .json may be someone's data: only a file named .csl.json,
            // or one that parses as an array of items with a "type", counts.
            parsed = parse_csl_json(text, name);
            if (!csl_named) {
                const bool looks_csl = parsed.errors.empty() && !parsed.entries.empty() &&
                                       std::all_of(parsed.entries.begin(), parsed.entries.end(),
                                                   [](const SidecarEntry& e) { return !e.metadata.title.empty() || !e.metadata.type.empty(); });
                if (!looks_csl) continue;
            }
        }
        for (auto& e : parsed.errors) {
            e.file = path;
            errors_.push_back(std::move(e));
        }
        if (parsed.entries.empty()) continue;

        // NAME.bib / NAME.csl.json beside NAME.*: that file's record.
        std::string stem = name.substr(0, name.size() - (csl_named ? 9 : ends_with(lower, ".bib") ? 4 : 5));
        const size_t first = entries_.size();
        for (auto& e : parsed.entries) entries_.push_back(std::move(e));
        for (const auto& d : documents) {
            const fs::path dp(d);
            if (dp.parent_path() != p.parent_path() || dp.stem().string() != stem) continue;
            std::optional<size_t> chosen;
            if (parsed.entries.size() == 1) chosen = first;
            for (size_t k = first; k < entries_.size() && !chosen; ++k)
                for (const auto& f : entries_[k].files)
                    if (fs::path(f).filename() == dp.filename()) chosen = k;
            if (chosen) beside.emplace(d, *chosen);
        }
        // File fields: paths relative to the export, or by unique file name.
        // An entry whose files match nothing indexed is said so (a moved
        // folder, a path from another machine shared by two files), never
        // dropped in silence; a whole library exported for a few folders
        // would say it thousands of times, so past three it is counted.
        std::size_t unmatched = 0;
        for (size_t k = first; k < entries_.size(); ++k) {
            bool matched = false;
            std::string why;
            for (const auto& f : entries_[k].files) {
                std::error_code ec;
                fs::path target(f);
                if (target.is_relative()) target = p.parent_path() / target;
                const std::string resolved = fs::weakly_canonical(target, ec).string();
                if (known.count(resolved)) {
                    listed.emplace(resolved, k);
                    matched = true;
                    continue;
                }
                auto same_name = by_name.find(target.filename().string());
                if (same_name != by_name.end() && same_name->second.size() == 1) {
                    listed.emplace(same_name->second.front(), k);
                    matched = true;
                } else if (why.empty()) {
                    why = same_name == by_name.end()
                              ? "its file \"" + f + "\" matches no indexed file"
                              : "its file \"" + f + "\" is not there, and " + std::to_string(same_name->second.size()) +
                                    " indexed files have that name: give its path";
                }
            }
            if (matched || entries_[k].files.empty() || beside_entry(beside, k)) continue;
            if (++unmatched <= 3)
                errors_.push_back({path, entry_line(entries_[k]),
                                   "entry \"" + entries_[k].key + "\": " + why + "; the entry is not used"});
        }
        if (unmatched > 3)
            errors_.push_back({path, 0, std::to_string(unmatched - 3) + " more entries whose files match no indexed file are not used"});
    }
    by_document_ = std::move(listed);
    for (const auto& [doc, k] : beside) by_document_[doc] = k;  // the file beside wins
}

const SidecarEntry* SidecarLibrary::find(const std::string& document) const {
    auto it = by_document_.find(document);
    return it == by_document_.end() ? nullptr : &entries_[it->second];
}

std::string SidecarLibrary::digest(const std::string& document) const {
    const SidecarEntry* e = find(document);
    return e ? e->digest : "";
}

void apply_sidecar(Metadata& m, const SidecarEntry& entry) {
    const Metadata& s = entry.metadata;
    for (auto [target, value] : {std::pair{&m.title, &s.title}, {&m.year, &s.year}, {&m.date, &s.date}, {&m.type, &s.type},
                                 {&m.venue, &s.venue}, {&m.hal_id, &s.hal_id}, {&m.doi, &s.doi}, {&m.language, &s.language}})
        if (!value->empty()) *target = *value;
    if (!s.authors.empty()) {
        m.authors = s.authors;
        m.authors_source = s.authors_source;
    }
    if (!entry.key.empty()) {
        std::string source = "sidecar";
        for (const Sourced* f : {&s.title, &s.year, &s.type, &s.doi})
            if (!f->source.empty()) {
                source = f->source;
                break;
            }
        m.citation_key = {entry.key, source};
    }
}

}  // namespace grappe
