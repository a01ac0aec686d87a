#include "export/bibliography.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <set>

#include "text/folding.h"
#include "search/searcher.h"
#include "store/index_writer.h"
#include "store/schema.h"

namespace grappe {

namespace {

// Lower-case ASCII letters and digits of a text, accents folded away.
std::string ascii_key(const std::string& text) {
    std::string out;
    for (char c : fold_text(text))
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    return out;
}

bool skipped_title_word(const std::string& w) {
    static const std::set<std::string> kSkip = {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "a", "en", "et",
                                                "pour", "par", "sur", "dans", "the", "an", "of", "on", "in", "and", "for", "to", "with"};
    return kSkip.count(w) > 0;
}

// "Jean-Benoit" -> "J.-B.", "André" -> "A.", "J. B." stays.
std::string initials(const std::string& given) {
    std::string out;
    bool at_start = true;
    for (std::size_t i = 0; i < given.size();) {
        const unsigned char c = static_cast<unsigned char>(given[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        len = std::min(len, given.size() - i);
        if (given[i] == ' ' || given[i] == '-') {
            if (given[i] == '-') out += '-';
            at_start = true;
            ++i;
            continue;
        }
        if (at_start && given[i] != '.') {
            if (!out.empty() && out.back() != '-') out += ' ';
            out += given.substr(i, len) + ".";
            at_start = false;
        }
        i += len;
    }
    return out;
}

const std::string& type_of(const CitedWork& w) { return w.record.metadata.type.value; }

std::string title_of(const CitedWork& w) {
    const std::string& t = w.record.metadata.title.value;
    if (!t.empty()) return t;
    const std::string& path = w.record.path;
    return path.substr(path.find_last_of('/') + 1);
}

std::string bibtex_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '{': case '}': case '\\': out += ' '; break;  // a stray brace would break the entry
            case '%': case '&': case '#': case '$': case '_': out += std::string("\\") + c; break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            case '\n': out += ' '; break;
            default: out += c;
        }
    }
    return out;
}

std::string hal_url(const std::string& hal_id) { return "https://hal.science/" + hal_id; }

}  // namespace

std::string key_base(const Metadata& m) {
    std::string key = m.authors.empty() ? "anon" : ascii_key(m.authors.front().family);
    if (key.empty()) key = "anon";
    key += m.year.empty() ? "sd" : ascii_key(m.year.value);
    std::string word;
    const std::string title = fold_text(m.title.value);
    for (std::size_t i = 0; i <= title.size(); ++i) {
        const char c = i < title.size() ? title[i] : ' ';
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            word += c;
            continue;
        }
        if (!word.empty() && !skipped_title_word(word)) break;
        word.clear();
    }
    return key + word;
}

Bibliography Bibliography::of(const Searcher& searcher) {
    Bibliography b;
    const Works& works = searcher.works();
    std::set<std::string> taken;  // users' keys first: no computed key takes one
    // One record per work (its key document's, completed from the others).
    std::vector<std::pair<std::uint32_t, FileRecord>> records;
    const Xapian::Database& db = searcher.database();
    const std::string marker(schema::kTermRecord);
    try {
        for (auto it = db.postlist_begin(marker); it != db.postlist_end(marker); ++it)
            if (works.key(*it) == *it)
                if (auto r = searcher.record(*it)) records.emplace_back(*it, std::move(*r));
    } catch (const Xapian::Error& e) {
        throw IndexError("reading the index failed: " + e.get_description());
    }
    for (const auto& [id, r] : records)
        if (r.status == "indexed" && works.key(id) == id && !r.metadata.citation_key.empty()) taken.insert(r.metadata.citation_key.value);
    for (auto& [id, r] : records) {
        if (r.status != "indexed" || works.key(id) != id) continue;
        CitedWork w;
        w.doc_id = id;
        if (!r.metadata.citation_key.empty()) {
            w.key = r.metadata.citation_key.value;
        } else {
            const std::string base = key_base(r.metadata);
            std::string key = base;
            for (int n = 0; taken.count(key); ++n) {
                std::string suffix;
                for (int k = n; ; k = k / 26 - 1) {  // a..z, aa, ab...
                    suffix.insert(suffix.begin(), static_cast<char>('a' + k % 26));
                    if (k < 26) break;
                }
                key = base + suffix;
            }
            w.key = key;
        }
        taken.insert(w.key);
        w.record = std::move(r);
        for (std::uint32_t member : works.members(id)) b.by_document_[member] = b.works_.size();
        b.works_.push_back(std::move(w));
    }
    // Same authors, same year: letters, in doc id order (works_ is in it).
    std::map<std::string, std::vector<std::size_t>> same;
    for (std::size_t i = 0; i < b.works_.size(); ++i) {
        CitedWork& w = b.works_[i];
        w.year_label = citation_year(w.record.metadata);
        same[citation_authors(w.record.metadata.authors) + "|" + w.year_label].push_back(i);
    }
    for (const auto& [label, works_of_label] : same)
        if (works_of_label.size() > 1)
            for (std::size_t k = 0; k < works_of_label.size() && k < 26; ++k) {
                CitedWork& w = b.works_[works_of_label[k]];
                w.year_label += std::string(w.year_label == "s.d." ? "-" : "") + static_cast<char>('a' + k);
            }
    return b;
}

const CitedWork* Bibliography::work(std::uint32_t doc_id) const {
    const auto it = by_document_.find(doc_id);
    return it == by_document_.end() ? nullptr : &works_[it->second];
}

std::string citation_authors(const std::vector<Author>& authors) {
    if (authors.empty()) return "anon.";
    if (authors.size() == 1) return authors[0].family;
    if (authors.size() == 2) return authors[0].family + " et " + authors[1].family;
    return authors[0].family + " et al.";
}

std::string citation_year(const Metadata& m) { return m.year.empty() ? "s.d." : m.year.value; }

std::string citation_page(const CitedWork& work, const std::string& label) {
    if (label.empty() || !work.paginated()) return label.rfind("ch. ", 0) == 0 ? label : "";
    return label.rfind("ch. ", 0) == 0 ? label : "p. " + label;
}

std::string reference_entry(const CitedWork& work) {
    const Metadata& m = work.record.metadata;
    std::string names;
    for (std::size_t i = 0; i < m.authors.size(); ++i) {
        if (i > 0) names += i + 1 == m.authors.size() ? " et " : ", ";
        names += m.authors[i].family;
        if (const std::string in = initials(m.authors[i].given); !in.empty()) names += " " + in;
    }
    if (names.empty()) names = "Anon.";
    std::string out = names + " (" + work.year_label + "), ";
    const std::string& type = type_of(work);
    const std::string title = title_of(work);
    const std::string& venue = m.venue.value;
    if (type == "article" || type == "conference paper" || type == "chapter" || type == "web page") {
        out += "« " + title + " »";
        if (!venue.empty()) out += std::string(type == "chapter" ? ", in *" : ", *") + venue + "*";
        if (type == "conference paper") out += ", communication";
        if (type == "web page") out += " [en ligne]";
    } else {
        out += "*" + title + "*";
        if (type == "thesis") out += ", thèse";
        else if (type == "report") out += ", rapport";
        if (!venue.empty()) out += ", " + venue;
    }
    out += ".";
    if (!m.hal_id.empty()) out += " HAL : " + m.hal_id.value + ".";
    if (!m.doi.empty()) out += " DOI : " + m.doi.value + ".";
    return out;
}

std::string bibtex_record(const CitedWork& work) {
    const Metadata& m = work.record.metadata;
    const std::string& type = type_of(work);
    const char* entry = type == "article"            ? "article"
                        : type == "conference paper" ? "inproceedings"
                        : type == "thesis"           ? "phdthesis"
                        : type == "report"           ? "techreport"
                        : type == "book"             ? "book"
                        : type == "chapter"          ? "incollection"
                        : type == "web page"         ? "online"
                                                     : "misc";
    std::string out = std::string("@") + entry + "{" + work.key + ",\n";
    auto field = [&](const char* name, const std::string& value) {
        if (!value.empty()) out += std::string("  ") + name + " = {" + bibtex_escape(value) + "},\n";
    };
    std::string authors;
    for (const Author& a : m.authors) authors += (authors.empty() ? "" : " and ") + a.family + (a.given.empty() ? "" : ", " + a.given);
    field("author", authors);
    // Double braces keep the title's capitals as written.
    if (const std::string title = title_of(work); !title.empty()) out += "  title = {{" + bibtex_escape(title) + "}},\n";
    field("year", m.year.value);
    if (type == "article") field("journal", m.venue.value);
    else if (type == "conference paper" || type == "chapter") field("booktitle", m.venue.value);
    else if (type == "report") field("institution", m.venue.value);
    else if (type == "thesis") field("school", m.venue.value);
    else field("howpublished", m.venue.value);
    field("doi", m.doi.value);
    if (!m.hal_id.empty()) {
        field("eprint", m.hal_id.value);
        field("eprinttype", "HAL");
        field("url", hal_url(m.hal_id.value));
    }
    if (!m.language.empty()) field("langid", m.language.value == "fr" ? "french" : m.language.value == "en" ? "english" : "");
    field("file", work.record.path);
    out += "}\n";
    return out;
}

std::string ris_record(const CitedWork& work) {
    const Metadata& m = work.record.metadata;
    const std::string& type = type_of(work);
    const char* ty = type == "article"            ? "JOUR"
                     : type == "conference paper" ? "CPAPER"
                     : type == "thesis"           ? "THES"
                     : type == "report"           ? "RPRT"
                     : type == "book"             ? "BOOK"
                     : type == "chapter"          ? "CHAP"
                     : type == "web page"         ? "ELEC"
                                                  : "GEN";
    std::string out = std::string("TY  - ") + ty + "\n";
    auto line = [&](const char* tag, const std::string& value) {
        if (value.empty()) return;
        std::string v = value;
        std::replace(v.begin(), v.end(), '\n', ' ');
        out += std::string(tag) + "  - " + v + "\n";
    };
    line("ID", work.key);
    for (const Author& a : m.authors) line("AU", a.family + (a.given.empty() ? "" : ", " + a.given));
    line("TI", title_of(work));
    line("PY", m.year.value);
    line(type == "article" ? "JO" : "T2", m.venue.value);
    line("DO", m.doi.value);
    if (!m.hal_id.empty()) line("UR", hal_url(m.hal_id.value));
    line("LA", m.language.value);
    line("L1", work.record.path);
    out += "ER  - \n";
    return out;
}

std::string csl_json_item(const CitedWork& work) {
    const Metadata& m = work.record.metadata;
    const std::string& type = type_of(work);
    const char* csl = type == "article"            ? "article-journal"
                      : type == "conference paper" ? "paper-conference"
                      : type == "thesis"           ? "thesis"
                      : type == "report"           ? "report"
                      : type == "book"             ? "book"
                      : type == "chapter"          ? "chapter"
                      : type == "web page"         ? "webpage"
                                                   : "article";
    rapidjson::StringBuffer b;
    rapidjson::Writer<rapidjson::StringBuffer> w(b);
    auto str = [&](const char* key, const std::string& value) {
        if (value.empty()) return;
        w.Key(key);
        w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    };
    w.StartObject();
    str("id", work.key);
    str("type", csl);
    str("title", title_of(work));
    if (!m.authors.empty()) {
        w.Key("author");
        w.StartArray();
        for (const Author& a : m.authors) {
            w.StartObject();
            str("family", a.family);
            str("given", a.given);
            w.EndObject();
        }
        w.EndArray();
    }
    if (m.year.value.size() == 4 && std::all_of(m.year.value.begin(), m.year.value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        w.Key("issued");
        w.StartObject();
        w.Key("date-parts");
        w.StartArray();
        w.StartArray();
        w.Int(std::stoi(m.year.value));
        w.EndArray();
        w.EndArray();
        w.EndObject();
    }
    str("container-title", m.venue.value);
    str("DOI", m.doi.value);
    if (!m.hal_id.empty()) {
        str("URL", hal_url(m.hal_id.value));
        str("archive", "HAL");
        str("archive_location", m.hal_id.value);
    }
    str("language", m.language.value);
    w.EndObject();
    return std::string(b.GetString(), b.GetSize());
}

}  // namespace grappe
