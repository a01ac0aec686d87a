#include "extract/front_matter.h"

#include <algorithm>

#include "text/folding.h"
#include "text/utf8.h"
#include "extract/declared_text.h"

namespace grappe {
namespace {

std::string_view strip(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// "Date de publication" -> "date_de_publication", "Année" -> "annee".
std::string key_of(std::string_view raw) {
    std::string k = fold_text(strip(raw));
    for (char& c : k)
        if (c == ' ' || c == '-') c = '_';
    return k;
}

// A scalar without its quotes; YAML's escapes of quoted strings ("\u00e9", "\"") read.
std::string unquote(std::string_view v) {
    v = strip(v);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
        const char q = v.front();
        v = v.substr(1, v.size() - 2);
        if (q == '\'') return std::string(v);
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (v[i] != '\\' || i + 1 >= v.size()) {
                out += v[i];
                continue;
            }
            const char e = v[++i];
            if (e == 'u' && i + 4 < v.size()) {
                append_utf8(out, static_cast<char32_t>(std::strtoul(std::string(v.substr(i + 1, 4)).c_str(), nullptr, 16)));
                i += 4;
            } else if (e == 'n') out += ' ';
            else out += e;
        }
        return out;
    }
    return std::string(v);
}

// "[a, "b", 'c']" -> its items.
std::vector<std::string> inline_list(std::string_view v) {
    std::vector<std::string> items;
    v = strip(v);
    v = v.substr(1, v.size() - 2);
    std::string item;
    char quote = 0;
    for (char c : v) {
        if (quote) {
            item += c;
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') quote = c;
        if (c == ',') {
            if (!unquote(item).empty()) items.push_back(unquote(item));
            item.clear();
            continue;
        }
        item += c;
    }
    if (!unquote(item).empty()) items.push_back(unquote(item));
    return items;
}

const std::vector<std::string>* first_of(const FrontMatter& f, std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys)
        if (const auto* v = f.get(k); v && !v->empty() && !v->front().empty()) return v;
    return nullptr;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& i : items) {
        if (i.empty()) continue;
        if (!out.empty()) out += separator;
        out += i;
    }
    return out;
}

}  // namespace

const std::vector<std::string>* FrontMatter::get(std::string_view key) const {
    const auto it = fields.find(std::string(key));
    return it == fields.end() ? nullptr : &it->second;
}

FrontMatter read_front_matter(std::string_view text) {
    FrontMatter f;
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.remove_prefix(3);
    const bool yaml = text.rfind("---", 0) == 0, toml = text.rfind("+++", 0) == 0;
    if (!yaml && !toml) return f;
    const std::string_view fence = yaml ? "---" : "+++";
    std::size_t at = text.find('\n');
    if (at == std::string_view::npos || !strip(text.substr(3, at - 3)).empty()) return f;
    ++at;
    std::string last_key;
    while (at < text.size()) {
        std::size_t eol = text.find('\n', at);
        if (eol == std::string_view::npos) eol = text.size();
        const std::string_view raw = text.substr(at, eol - at);
        const std::string_view line = strip(raw);
        at = eol + 1;
        if (line == fence || (yaml && line == "...")) {
            f.body_offset = std::min(at, text.size());
            return f;
        }
        if (line.empty() || line[0] == '#') continue;
        const bool indented = raw[0] == ' ' || raw[0] == '\t';
        // "  - item" under the last key: a block list.
        if (yaml && line.rfind("- ", 0) == 0 && !last_key.empty()) {
            std::string item = unquote(line.substr(2));
            if (!item.empty() && item.find(": ") == std::string::npos) f.fields[last_key].push_back(std::move(item));
            continue;
        }
        if (indented) continue;  // a nested map's fields
        const std::size_t sep = line.find(yaml ? ':' : '=');
        if (sep == std::string_view::npos || sep == 0) {
            last_key.clear();  // "<<<<<<< HEAD", a stray line: skipped
            continue;
        }
        last_key = key_of(line.substr(0, sep));
        const std::string_view value = strip(line.substr(sep + 1));
        auto& items = f.fields[last_key];
        if (value.empty() || value == "|" || value == ">" || value == "null" || value == "~") continue;
        if (value.front() == '[' && value.back() == ']') items = inline_list(value);
        else items.push_back(unquote(value));
    }
    return FrontMatter{};  // never closed: not front matter
}

void declare_front_matter(const FrontMatter& f, RawDocument& doc, std::string& abstract) {
    if (const auto* v = first_of(f, {"title", "titre"})) doc.title.set(plausible_title(collapse_spaces(v->front())), "front-matter");
    if (const auto* v = first_of(f, {"author", "authors", "auteur", "auteurs", "autor", "autores", "creator", "creators"})) {
        std::vector<std::string> people;
        for (const auto& a : *v)
            if (const std::string p = plausible_author(collapse_spaces(a)); !p.empty()) people.push_back(p);
        // One item may be a list already ("Julien Moreau; Anne Petit"): kept as written.
        doc.authors.set(people.size() == 1 ? people.front() : joined(people, "; "), "front-matter");
    }
    // The work's date; created / modified / lastmod / updated are the file's.
    if (const auto* v = first_of(f, {"date", "year", "annee", "date_de_publication", "date_publication", "published", "publication_date",
                                     "issued", "pubdate"}))
        doc.date.set(v->front(), "front-matter");
    if (const auto* v = first_of(f, {"publication_types", "publication_type", "type", "csl_type", "entry_type"}))
        doc.type.set(v->front(), "front-matter");
    if (const auto* v = f.get("layout"); v && !v->empty() && (v->front() == "post" || v->front() == "article"))
        doc.type.set("post", "front-matter");
    if (const auto* v = first_of(f, {"publication", "journal", "venue", "revue", "container_title"}))
        doc.venue.set(plausible_title(collapse_spaces(v->front())), "front-matter");
    if (const auto* v = first_of(f, {"doi"})) doc.doi.set(collapse_spaces(v->front()), "front-matter");
    if (const auto* v = first_of(f, {"abstract", "resume", "summary", "description"})) abstract = collapse_spaces(joined(*v, " "));
}

}  // namespace grappe
