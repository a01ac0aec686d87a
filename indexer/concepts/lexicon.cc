#include "concepts/lexicon.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "concepts/default_lexicon.h"
#include "store/schema.h"

namespace grappe {
namespace {

// Bump when the way forms are matched changes (concepts/tagger.cc): the
// tagging hash changes with it, so indexes know their tags are stale.
constexpr int kMatchingRulesVersion = 1;

bool valid_id(std::string_view id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return id.find("--") == std::string_view::npos;
}

// Something a form could match: a letter or a digit (any non-ASCII byte is
// taken as part of a letter; the tagger checks forms against the analyzer).
bool has_word(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
    });
}

// One concept entry of one layer: what it sets, and nothing more.
struct ConceptEntry {
    std::string id;
    std::optional<std::string> family, label, definition;
    std::optional<std::vector<ConceptReference>> references;
    std::optional<std::vector<SurfaceForm>> forms;
    std::vector<SurfaceForm> more_forms;
    bool disabled = false;
    std::string origin;
};

struct FamilyEntry {
    std::string id;
    std::optional<std::string> label, definition;
    std::string origin;
};

// Reads one TOML layer, checking every key, with messages that say where
// and what to do.
class LayerReader {
  public:
    explicit LayerReader(std::string source) : source_(std::move(source)) {}

    void read(std::string_view text) {
        toml::table root;
        try {
            root = toml::parse(text, source_);
        } catch (const toml::parse_error& e) {
            fail(e.source().begin.line,
                 "TOML syntax: " + std::string(e.description()) + " (column " + std::to_string(e.source().begin.column) +
                     "); fix the syntax (see the header of corpus/concepts/fr.toml for the format)");
        }
        for (auto&& [key, node] : root) {
            const std::string name(key.str());
            if (name == "family") {
                for_each_table(node, "[[family]]", [&](const toml::table& t) { families.push_back(read_family(t)); });
            } else if (name == "concept") {
                for_each_table(node, "[[concept]]", [&](const toml::table& t) { concepts.push_back(read_concept(t)); });
            } else {
                unknown_key(key.source().begin.line, name, {"family", "concept"}, "at the top level");
            }
        }
        check_unique(families, "family");
        check_unique(concepts, "concept");
    }

    std::vector<FamilyEntry> families;
    std::vector<ConceptEntry> concepts;

  private:
    [[noreturn]] void fail(std::uint32_t line, const std::string& what) const {
        throw LexiconError(source_ + ":" + std::to_string(line) + ": " + what);
    }

    [[noreturn]] void unknown_key(std::uint32_t line, const std::string& key, const std::vector<std::string>& known,
                                  const std::string& where) const {
        std::string known_list;
        for (const auto& k : known) known_list += (known_list.empty() ? "" : ", ") + k;
        const std::string closest = closest_to(key, known);
        std::string message = "unknown key '" + key + "' " + where;
        if (!closest.empty()) message += "; did you mean '" + closest + "'?";
        message += " (known: " + known_list + ")";
        fail(line, message);
    }

    std::string origin(const toml::node& node) const { return source_ + ":" + std::to_string(node.source().begin.line); }

    template <typename F>
    void for_each_table(const toml::node& node, const std::string& what, F&& f) {
        const toml::array* array = node.as_array();
        if (!array) fail(node.source().begin.line, "'" + what.substr(2, what.size() - 4) + "' must be written as " + what + " tables");
        for (const toml::node& element : *array) {
            const toml::table* table = element.as_table();
            if (!table) fail(element.source().begin.line, "each " + what + " entry must be a table");
            f(*table);
        }
    }

    std::string string_of(const toml::node& node, const std::string& key) const {
        const auto* s = node.as_string();
        if (!s) fail(node.source().begin.line, "'" + key + "' must be a string in quotes");
        return s->get();
    }

    std::vector<std::string> strings_of(const toml::node& node, const std::string& key) const {
        const toml::array* array = node.as_array();
        if (!array) fail(node.source().begin.line, "'" + key + "' must be a list of strings: " + key + " = [\"...\", \"...\"]");
        std::vector<std::string> out;
        for (const toml::node& element : *array) {
            std::string s = string_of(element, key);
            if (!has_word(s)) fail(element.source().begin.line, "an empty entry in '" + key + "'; remove it or write the words");
            out.push_back(std::move(s));
        }
        return out;
    }

    std::string id_of(const toml::table& table, const std::string& what) const {
        const toml::node* node = table.get("id");
        if (!node) fail(table.source().begin.line, what + " without an id: add id = \"...\" (lower-case letters, digits and '-')");
        std::string id = string_of(*node, "id");
        if (!valid_id(id))
            fail(node->source().begin.line, what + " id '" + id +
                                                "' must be lower-case ASCII letters and digits joined by single '-' (e.g. \"pole-competitivite\")");
        return id;
    }

    FamilyEntry read_family(const toml::table& table) {
        FamilyEntry f;
        f.id = id_of(table, "family");
        f.origin = origin(table);
        for (auto&& [key, node] : table) {
            const std::string name(key.str());
            if (name == "id") continue;
            if (name == "label") f.label = string_of(node, name);
            else if (name == "definition") f.definition = string_of(node, name);
            else unknown_key(key.source().begin.line, name, {"id", "label", "definition"}, "in family '" + f.id + "'");
        }
        return f;
    }

    ConceptEntry read_concept(const toml::table& table) {
        ConceptEntry c;
        c.id = id_of(table, "concept");
        c.origin = origin(table);
        for (auto&& [key, node] : table) {
            const std::string name(key.str());
            if (name == "id") continue;
            if (name == "family") c.family = string_of(node, name);
            else if (name == "label") c.label = string_of(node, name);
            else if (name == "definition") c.definition = string_of(node, name);
            else if (name == "references") c.references = read_references(node, c.id);
            else if (name == "forms") c.forms = read_forms(node, c.id, name);
            else if (name == "more_forms") c.more_forms = read_forms(node, c.id, name);
            else if (name == "disabled") {
                const auto* b = node.as_boolean();
                if (!b) fail(node.source().begin.line, "'disabled' is true or false");
                c.disabled = b->get();
            } else {
                unknown_key(key.source().begin.line, name,
                            {"id", "family", "label", "definition", "references", "forms", "more_forms", "disabled"},
                            "in concept '" + c.id + "'");
            }
        }
        return c;
    }

    std::vector<ConceptReference> read_references(const toml::node& node, const std::string& id) const {
        const toml::array* array = node.as_array();
        const std::string shape = "references = [{ author = \"Porter\", year = 1990 }, ...]";
        if (!array) fail(node.source().begin.line, "'references' of concept '" + id + "' must be a list: " + shape);
        std::vector<ConceptReference> out;
        for (const toml::node& element : *array) {
            const toml::table* t = element.as_table();
            if (!t) fail(element.source().begin.line, "each reference of concept '" + id + "' is a table: " + shape);
            ConceptReference r;
            for (auto&& [key, value] : *t) {
                const std::string name(key.str());
                if (name == "author") r.author = string_of(value, name);
                else if (name == "year") {
                    const auto* y = value.as_integer();
                    if (!y || y->get() < 1000 || y->get() > 2999) fail(value.source().begin.line, "a reference's year is a number such as 1990");
                    r.year = static_cast<int>(y->get());
                } else {
                    unknown_key(key.source().begin.line, name, {"author", "year"}, "in a reference of concept '" + id + "'");
                }
            }
            if (r.author.empty() || r.year == 0) fail(element.source().begin.line, "a reference of concept '" + id + "' needs both: " + shape);
            out.push_back(std::move(r));
        }
        return out;
    }

    std::vector<SurfaceForm> read_forms(const toml::node& node, const std::string& id, const std::string& key) const {
        const toml::array* array = node.as_array();
        if (!array) fail(node.source().begin.line, "'" + key + "' of concept '" + id + "' must be a list: " + key + " = [\"...\", ...]");
        std::vector<SurfaceForm> out;
        for (const toml::node& element : *array) {
            SurfaceForm form;
            form.origin = origin(element);
            if (const auto* s = element.as_string()) {
                form.text = s->get();
            } else if (const toml::table* t = element.as_table()) {
                for (auto&& [k, value] : *t) {
                    const std::string name(k.str());
                    if (name == "text") form.text = string_of(value, name);
                    else if (name == "case_sensitive") {
                        const auto* b = value.as_boolean();
                        if (!b) fail(value.source().begin.line, "'case_sensitive' is true or false");
                        form.case_sensitive = b->get();
                    } else if (name == "not_preceded_by") form.not_preceded_by = strings_of(value, name);
                    else if (name == "not_followed_by") form.not_followed_by = strings_of(value, name);
                    else if (name == "unless_near") form.unless_near = strings_of(value, name);
                    else if (name == "only_near") form.only_near = strings_of(value, name);
                    else if (name == "window") {
                        const auto* w = value.as_integer();
                        if (!w || w->get() < 1 || w->get() > 100) fail(value.source().begin.line, "'window' is a number of words from 1 to 100");
                        form.window = static_cast<unsigned>(w->get());
                    } else {
                        unknown_key(k.source().begin.line, name,
                                    {"text", "case_sensitive", "not_preceded_by", "not_followed_by", "unless_near", "only_near", "window"},
                                    "in a form of concept '" + id + "'");
                    }
                }
            } else {
                fail(element.source().begin.line, "a form of concept '" + id + "' is a string, or a table such as { text = \"SPL\", case_sensitive = true }");
            }
            if (!has_word(form.text))
                fail(element.source().begin.line, "concept '" + id + "' has an empty form in '" + key + "'; remove it or write its words");
            out.push_back(std::move(form));
        }
        return out;
    }

    template <typename Entry>
    void check_unique(const std::vector<Entry>& entries, const std::string& what) const {
        std::map<std::string, std::string> seen;
        for (const Entry& e : entries) {
            auto [it, inserted] = seen.emplace(e.id, e.origin);
            if (!inserted) {
                const std::string line = e.origin.substr(e.origin.rfind(':') + 1);
                fail(static_cast<std::uint32_t>(std::stoul(line)),
                     "duplicate " + what + " id '" + e.id + "' (first defined at " + it->second +
                         "); an id is defined once per file: merge the two entries or rename one");
            }
        }
    }

    std::string source_;
};

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

std::string closest_to(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t distance = 3;  // "from" -> "forms" is 2; further is a guess
    for (const auto& c : candidates)
        if (const std::size_t d = edit_distance(word, c); d < distance) distance = d, best = c;
    return best;
}

Lexicon Lexicon::default_lexicon() {
    Lexicon lexicon;
    lexicon.add_layer(default_lexicon_text(), "default");
    return lexicon;
}

void Lexicon::add_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LexiconError(path + ": cannot read the lexicon file (does it exist?)");
    std::ostringstream text;
    text << in.rdbuf();
    add_layer(text.str(), path);
}

void Lexicon::add_layer(std::string_view toml_text, const std::string& source) {
    LayerReader reader(source);
    reader.read(toml_text);

    // Applied to copies, so that a refused layer changes nothing.
    std::vector<ConceptFamily> families = families_;
    std::vector<Concept> concepts = concepts_;
    for (const FamilyEntry& e : reader.families) {
        auto it = std::find_if(families.begin(), families.end(), [&](const ConceptFamily& f) { return f.id == e.id; });
        if (it == families.end()) it = families.insert(families.end(), ConceptFamily{e.id, e.id, ""});
        if (e.label) it->label = *e.label;
        if (e.definition) it->definition = *e.definition;
    }
    for (const ConceptEntry& e : reader.concepts) {
        auto it = std::find_if(concepts.begin(), concepts.end(), [&](const Concept& c) { return c.id == e.id; });
        if (e.disabled) {
            if (it != concepts.end()) concepts.erase(it);
            continue;
        }
        const bool is_new = it == concepts.end();
        if (is_new) {
            if (!e.family)
                throw LexiconError(e.origin + ": concept '" + e.id + "' has no family: add family = \"...\" (one of the [[family]] ids)");
            if (!e.forms && e.more_forms.empty())
                throw LexiconError(e.origin + ": concept '" + e.id + "' has no forms: add forms = [\"...\"] with the words that name it");
            it = concepts.insert(concepts.end(), Concept{});
            it->id = e.id;
        }
        it->origin = e.origin;
        if (e.family) it->family = *e.family;
        if (e.label) it->label = *e.label;
        if (e.definition) it->definition = *e.definition;
        if (e.references) it->references = *e.references;
        if (e.forms) it->forms = *e.forms;
        it->forms.insert(it->forms.end(), e.more_forms.begin(), e.more_forms.end());
        if (it->label.empty()) it->label = it->forms.empty() ? it->id : it->forms.front().text;
        if (it->forms.empty())
            throw LexiconError(e.origin + ": concept '" + e.id + "' is left with no forms; give some, or write disabled = true to drop it");
    }
    for (const Concept& c : concepts) {
        const bool known = std::any_of(families.begin(), families.end(), [&](const ConceptFamily& f) { return f.id == c.family; });
        if (!known) {
            std::string ids;
            for (const auto& f : families) ids += (ids.empty() ? "" : ", ") + f.id;
            throw LexiconError(c.origin + ": concept '" + c.id + "' names family '" + c.family +
                               "', which no lexicon defines; use one of " + (ids.empty() ? std::string("(none yet)") : ids) +
                               ", or add a [[family]] with id = \"" + c.family + "\"");
        }
    }
    families_ = std::move(families);
    concepts_ = std::move(concepts);
    sources_.push_back(source);
}

const Concept* Lexicon::find(std::string_view id) const {
    for (const auto& c : concepts_)
        if (c.id == id) return &c;
    return nullptr;
}

const ConceptFamily* Lexicon::find_family(std::string_view id) const {
    for (const auto& f : families_)
        if (f.id == id) return &f;
    return nullptr;
}

std::string Lexicon::tagging_hash() const {
    std::vector<const Concept*> sorted;
    for (const auto& c : concepts_) sorted.push_back(&c);
    std::sort(sorted.begin(), sorted.end(), [](const Concept* a, const Concept* b) { return a->id < b->id; });
    std::string canonical = "rules " + std::to_string(kMatchingRulesVersion) + "\n";
    auto list = [&](const char* name, const std::vector<std::string>& v) {
        canonical += name;
        for (const auto& s : v) {
            canonical += '\x1f';
            canonical += s;
        }
        canonical += '\x1e';
    };
    for (const Concept* c : sorted) {
        canonical += c->id + '\x1e' + c->family + '\x1e';
        for (const SurfaceForm& f : c->forms) {
            canonical += f.text + '\x1e' + (f.case_sensitive ? "cs" : "ci") + '\x1e' + std::to_string(f.window) + '\x1e';
            list("np", f.not_preceded_by);
            list("nf", f.not_followed_by);
            list("un", f.unless_near);
            list("on", f.only_near);
        }
        canonical += '\n';
    }
    return schema::hex64(schema::fnv1a64(canonical));
}

}  // namespace grappe
