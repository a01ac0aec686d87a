#include "store/documents.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "store/metadata_json.h"
#include "store/schema.h"
#include "text/utf8.h"
#include "works/works.h"
#include "text/folding.h"

namespace grappe {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string get_string(const rapidjson::Value& v, const char* key) {
    auto it = v.FindMember(key);
    return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength()) : "";
}

template <typename T>
T get_number(const rapidjson::Value& v, const char* key) {
    auto it = v.FindMember(key);
    if (it == v.MemberEnd()) return T{};
    if (it->value.IsUint64()) return static_cast<T>(it->value.GetUint64());
    if (it->value.IsInt64()) return static_cast<T>(it->value.GetInt64());
    return T{};
}

bool get_bool(const rapidjson::Value& v, const char* key) {
    auto it = v.FindMember(key);
    return it != v.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

std::vector<std::string> get_strings(const rapidjson::Value& v, const char* key) {
    std::vector<std::string> out;
    auto it = v.FindMember(key);
    if (it == v.MemberEnd() || !it->value.IsArray()) return out;
    for (const auto& s : it->value.GetArray())
        if (s.IsString()) out.emplace_back(s.GetString(), s.GetStringLength());
    return out;
}

void put_strings(Writer& w, const char* key, const std::vector<std::string>& values) {
    w.Key(key);
    w.StartArray();
    for (const auto& s : values) w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    w.EndArray();
}

}  // namespace

DocumentFields document_fields(const Metadata& m, const Analyzer& analyzer) {
    DocumentFields f;
    auto add = [&](std::string_view prefix, const std::string& value) {
        if (!value.empty() && value.size() < schema::kMaxTermBytes) f.terms.push_back(std::string(prefix) + value);
    };
    add(schema::kPrefixYear, m.year.value);
    add(schema::kPrefixType, schema::type_term(m.type.value));
    add(schema::kPrefixHal, lower_text(m.hal_id.value));
    add(schema::kPrefixDoi, lower_text(m.doi.value));
    for (const Author& a : m.authors)
        for (const Token& t : analyzer.analyze(Analyzer::prepare(a.family + " " + a.given))) add(schema::kPrefixAuthor, t.key);
    for (const Token& t : analyzer.analyze(Analyzer::prepare(m.title.value)))
        for (const std::string& lemma : t.lemmas) add(schema::kPrefixTitle, lemma);
    f.year = m.year.value;
    f.language = m.language.value;
    return f;
}

std::vector<WordForm> vocabulary_of(const std::vector<std::vector<Token>>& passages) {
    std::map<std::string, WordForm> words;
    for (const auto& tokens : passages)
        for (const Token& t : tokens) {
            if (t.key.size() > schema::kMaxTermBytes) continue;
            WordForm& w = words[t.key];
            if (w.key.empty()) {
                w.key = t.key;
                w.exact = t.exact;
            }
            for (const std::string& lemma : t.lemmas)
                if (std::find(w.lemmas.begin(), w.lemmas.end(), lemma) == w.lemmas.end()) w.lemmas.push_back(lemma);
        }
    std::vector<WordForm> out;
    out.reserve(words.size());
    for (auto& [key, w] : words) out.push_back(std::move(w));
    return out;
}

PassageCitations passage_citations(std::vector<Citation> citations, const Analyzer& analyzer) {
    PassageCitations out;
    for (const Citation& c : citations) {
        for (const std::string& author : c.authors)
            for (const Token& t : analyzer.analyze(Analyzer::prepare(author)))
                if (!t.stopword && t.key.size() < schema::kMaxTermBytes) out.terms.push_back(std::string(schema::kPrefixCitedAuthor) + t.key);
        out.terms.push_back(std::string(schema::kPrefixCitedYear) + c.year.substr(0, 4));
    }
    out.citations = std::move(citations);
    return out;
}

PassageConcepts passage_concepts(std::vector<ConceptMention> mentions, const ConceptTagger& tagger) {
    PassageConcepts out;
    for (const ConceptMention& m : mentions) {
        ++out.terms[std::string(schema::kPrefixConcept) + m.id];
        if (const std::string& family = tagger.family_of(m.id); !family.empty()) ++out.terms[std::string(schema::kPrefixFamily) + family];
    }
    out.mentions = std::move(mentions);
    return out;
}

namespace {

void write_mentions(Writer& w, const std::vector<ConceptMention>& mentions) {
    w.Key("mentions");
    w.StartArray();
    for (const ConceptMention& m : mentions) {
        w.StartObject();
        put(w, "concept", m.id);
        w.Key("begin");
        w.Uint(m.begin);
        w.Key("end");
        w.Uint(m.end);
        w.EndObject();
    }
    w.EndArray();
}

std::vector<ConceptMention> read_mentions(const rapidjson::Value& json) {
    std::vector<ConceptMention> out;
    auto it = json.FindMember("mentions");
    if (it == json.MemberEnd() || !it->value.IsArray()) return out;
    for (const auto& m : it->value.GetArray())
        if (m.IsObject()) out.push_back({get_string(m, "concept"), get_number<std::uint32_t>(m, "begin"), get_number<std::uint32_t>(m, "end")});
    return out;
}

}  // namespace

std::string encode_years(const std::vector<int>& years) {
    std::string out;
    out.reserve(years.size() * 2);
    for (int y : years) {
        const auto v = static_cast<std::uint16_t>(std::clamp(y, 0, 0xFFFF));
        out.push_back(static_cast<char>(v >> 8));
        out.push_back(static_cast<char>(v & 0xFF));
    }
    return out;
}

std::vector<int> decode_years(std::string_view bytes) {
    std::vector<int> out;
    out.reserve(bytes.size() / 2);
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2)
        out.push_back(static_cast<int>(static_cast<unsigned char>(bytes[i])) << 8 | static_cast<unsigned char>(bytes[i + 1]));
    return out;
}

Xapian::Document build_passage_document(const Passage& passage, const std::vector<Token>& tokens, const std::string& language,
                                        const DocumentFields& fields, const PassageCitations& citations, const PassageConcepts& concepts,
                                        const std::vector<Period>& periods) {
    Xapian::Document doc;
    // The key at the word's position, the exact form where it differs
    // (schema.h); lemmas live in the index's vocabulary, once per key.
    for (const Token& t : tokens) {
        if (t.key.size() > schema::kMaxTermBytes) continue;
        doc.add_posting(t.key, t.position);
        if (t.exact != t.key) doc.add_term(std::string(schema::kPrefixExact) + t.exact);
    }
    for (const auto& term : fields.terms) doc.add_boolean_term(term);
    for (const auto& term : citations.terms) doc.add_boolean_term(term);
    for (const auto& [term, mentions] : concepts.terms) doc.add_term(term, mentions);
    const std::string& lang = language.empty() ? fields.language : language;
    if (!lang.empty()) doc.add_boolean_term(std::string(schema::kPrefixLanguage) + lang);
    if (!fields.year.empty()) doc.add_value(schema::kSlotYear, Xapian::sortable_serialise(std::stod(fields.year)));
    doc.add_value(schema::kSlotPage, Xapian::sortable_serialise(passage.page_index));
    doc.add_value(schema::kSlotOrdinal, Xapian::sortable_serialise(passage.ordinal));
    for (PassageKind k : passage.kinds) doc.add_boolean_term(std::string(schema::kPrefixKind) + std::string(kind_name(k)));
    const bool out_of_the_way = passage.kind == PassageKind::Reference || passage.kind == PassageKind::Toc;
    doc.add_value(schema::kSlotRank, std::string(out_of_the_way ? schema::kRankLast : schema::kRankFirst));
    std::vector<int> cited_years;
    for (const Citation& c : citations.citations)
        if (c.year.size() >= 4 && std::all_of(c.year.begin(), c.year.begin() + 4, [](char ch) { return ch >= '0' && ch <= '9'; }))
            cited_years.push_back(std::stoi(c.year.substr(0, 4)));
    if (!cited_years.empty()) doc.add_value(schema::kSlotCitedYears, encode_years(cited_years));
    std::vector<int> spans;
    for (const Period& p : periods) spans.insert(spans.end(), {p.from, p.to});
    if (!spans.empty()) doc.add_value(schema::kSlotPeriods, encode_years(spans));

    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    put(w, "text", passage.text);
    w.Key("page");
    w.Uint(passage.page_index);
    put(w, "label", passage.page_label);
    w.Key("ordinal");
    w.Uint(passage.ordinal);
    const std::string_view kind = kind_name(passage.kind);
    w.Key("kind");
    w.String(kind.data(), static_cast<rapidjson::SizeType>(kind.size()));
    if (!citations.citations.empty()) {
        w.Key("citations");
        w.StartArray();
        for (const Citation& c : citations.citations) {
            w.StartObject();
            put_strings(w, "authors", c.authors);
            w.Key("et_al");
            w.Bool(c.et_al);
            put(w, "year", c.year);
            w.Key("reference");
            w.Int(c.reference);
            w.EndObject();
        }
        w.EndArray();
    }
    if (!concepts.mentions.empty()) write_mentions(w, concepts.mentions);
    if (!periods.empty()) {
        w.Key("periods");
        w.StartArray();
        for (const Period& p : periods) {
            w.StartObject();
            w.Key("from");
            w.Int(p.from);
            w.Key("to");
            w.Int(p.to);
            w.Key("begin");
            w.Uint64(p.begin);
            w.Key("end");
            w.Uint64(p.end);
            w.EndObject();
        }
        w.EndArray();
    }
    w.EndObject();
    doc.set_data(std::string(buffer.GetString(), buffer.GetSize()));
    return doc;
}

bool retag_passage(Xapian::Document& doc, const ConceptTagger& tagger, const Analyzer& analyzer, std::vector<std::string>& lost,
                   std::vector<std::string>& gained) {
    rapidjson::Document json;
    const std::string data = doc.get_data();
    json.Parse(data.data(), data.size());
    if (json.HasParseError() || !json.IsObject()) return false;
    const std::string text = get_string(json, "text");
    // Its words read in its language, as when it was indexed.
    std::vector<ConceptMention> mentions = tagger.tag(text, analyzer.analyze(text, passage_language(doc)));
    if (mentions == read_mentions(json)) return false;

    const PassageConcepts now = passage_concepts(std::move(mentions), tagger);
    std::set<std::string> before;
    for (const std::string_view prefix : {schema::kPrefixConcept, schema::kPrefixFamily}) {
        const std::string p(prefix);
        auto t = doc.termlist_begin();
        for (t.skip_to(p); t != doc.termlist_end() && (*t).compare(0, p.size(), p) == 0; ++t) before.insert(*t);
    }
    auto is_concept = [](const std::string& term) { return term.compare(0, schema::kPrefixConcept.size(), schema::kPrefixConcept) == 0; };
    for (const auto& term : before) {
        doc.remove_term(term);
        if (is_concept(term) && !now.terms.count(term)) lost.push_back(term.substr(schema::kPrefixConcept.size()));
    }
    for (const auto& [term, mentions] : now.terms) {
        doc.add_term(term, mentions);
        if (is_concept(term) && !before.count(term)) gained.push_back(term.substr(schema::kPrefixConcept.size()));
    }

    // The stored data with its mentions replaced, every other field kept.
    json.RemoveMember("mentions");
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    for (auto& member : json.GetObject()) {
        w.Key(member.name.GetString(), member.name.GetStringLength());
        member.value.Accept(w);
    }
    if (!now.mentions.empty()) write_mentions(w, now.mentions);
    w.EndObject();
    doc.set_data(std::string(buffer.GetString(), buffer.GetSize()));
    return true;
}

std::uint32_t record_id_of(std::string_view value) {
    std::uint32_t id = 0;
    for (char c : value) {
        if (c < '0' || c > '9') return 0;
        id = id * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return id;
}

std::string facet_value(const Xapian::Document& passage) {
    std::string out = passage.get_value(schema::kSlotDocId);
    for (const std::string_view prefix : {schema::kPrefixConcept, schema::kPrefixFamily, schema::kPrefixKind}) {
        const std::string p(prefix);
        auto t = passage.termlist_begin();
        for (t.skip_to(p); t != passage.termlist_end() && (*t).compare(0, p.size(), p) == 0; ++t) {
            out += schema::kFacetSeparator;
            out += *t;
        }
    }
    return out;
}

PassageFacets read_facet_value(std::string_view value) {
    PassageFacets out;
    const std::size_t first = std::min(value.find(schema::kFacetSeparator), value.size());
    out.record = record_id_of(value.substr(0, first));
    if (out.record == 0) return out;
    for (std::size_t at = first + 1; at < value.size();) {
        const std::size_t end = std::min(value.find(schema::kFacetSeparator, at), value.size());
        if (end > at) out.terms.emplace_back(value.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

std::string place_value(const Xapian::Document& passage) {
    const auto number = [&](unsigned slot) {
        const std::string v = passage.get_value(slot);
        return v.empty() ? std::string("0") : std::to_string(static_cast<std::uint32_t>(Xapian::sortable_unserialise(v)));
    };
    std::string out = passage.get_value(schema::kSlotDocId);
    out += schema::kFacetSeparator;
    out += number(schema::kSlotPage);
    out += schema::kFacetSeparator;
    out += number(schema::kSlotOrdinal);
    return out;
}

PassagePlace read_place_value(std::string_view value) {
    PassagePlace out;
    std::uint32_t* fields[] = {&out.record, &out.page, &out.ordinal};
    std::size_t at = 0;
    for (std::uint32_t* field : fields) {
        const std::size_t end = std::min(value.find(schema::kFacetSeparator, at), value.size());
        const auto [last, error] = std::from_chars(value.data() + at, value.data() + end, *field);
        if (error != std::errc() || last != value.data() + end || end == at) return {};
        at = end + 1;
    }
    if (at != value.size() + 1) return {};  // more fields than three
    return out;
}

void link_passage(Xapian::Document& doc, std::uint32_t record_id) {
    doc.add_boolean_term(schema::doc_term(record_id));
    doc.add_value(schema::kSlotDocId, std::to_string(record_id));
}

Language passage_language(const Xapian::Document& doc) {
    const std::string english = std::string(schema::kPrefixLanguage) + "en";
    auto t = doc.termlist_begin();
    t.skip_to(english);
    return t != doc.termlist_end() && *t == english ? Language::English : Language::French;
}

PassageData read_passage(const Xapian::Document& doc) {
    PassageData p;
    rapidjson::Document json;
    // Parsed in place (the strings are not copied into the tree: they are
    // copied out once, into the result, before `data` goes).
    std::string data = doc.get_data();
    json.ParseInsitu(data.data());
    if (json.HasParseError() || !json.IsObject()) return p;
    p.text = get_string(json, "text");
    p.page_index = get_number<std::uint32_t>(json, "page");
    p.label = get_string(json, "label");
    p.ordinal = get_number<std::uint32_t>(json, "ordinal");
    p.kind = get_string(json, "kind");
    if (auto it = json.FindMember("citations"); it != json.MemberEnd() && it->value.IsArray())
        for (const auto& c : it->value.GetArray()) {
            if (!c.IsObject()) continue;
            Citation citation;
            citation.authors = get_strings(c, "authors");
            citation.et_al = get_bool(c, "et_al");
            citation.year = get_string(c, "year");
            auto ref = c.FindMember("reference");
            citation.reference = ref != c.MemberEnd() && ref->value.IsInt() ? ref->value.GetInt() : -1;
            p.citations.push_back(std::move(citation));
        }
    p.mentions = read_mentions(json);
    if (auto it = json.FindMember("periods"); it != json.MemberEnd() && it->value.IsArray())
        for (const auto& v : it->value.GetArray())
            if (v.IsObject())
                p.periods.push_back({get_number<int>(v, "from"), get_number<int>(v, "to"), get_number<std::size_t>(v, "begin"),
                                     get_number<std::size_t>(v, "end")});
    const std::string id = doc.get_value(schema::kSlotDocId);
    p.doc_id = id.empty() ? 0 : static_cast<std::uint32_t>(std::stoul(id));
    return p;
}

static void write_record(Writer& w, const FileRecord& r) {
    put(w, "path", r.path);
    w.Key("size");
    w.Uint64(r.size);
    w.Key("mtime");
    w.Int64(r.mtime);
    put(w, "hash", r.hash);
    if (!r.sidecar.empty()) put(w, "sidecar", r.sidecar);
    put(w, "format", r.format);
    put(w, "title", r.title);
    w.Key("metadata");
    write_metadata(w, r.metadata);
    put(w, "status", r.status);
    put(w, "error", r.error);
    w.Key("pages");
    w.Uint(r.pages);
    w.Key("passages");
    w.Uint(r.passages);
    w.Key("has_page_labels");
    w.Bool(r.has_page_labels);
    w.Key("hal_cover");
    w.Bool(r.hal_cover);
    write_ocr_pages(w, r.ocr_pages);
    w.Key("pages_without_text");
    w.Uint(r.pages_without_text);
    put_strings(w, "warnings", r.warnings);
    write_references(w, r.references);
}

Xapian::Document build_record_document(const FileRecord& record) {
    Xapian::Document doc;
    doc.add_boolean_term(schema::file_term(record.path));
    doc.add_boolean_term(std::string(schema::kTermRecord));
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    write_record(w, record);
    put_strings(w, "labels", record.labels);
    w.EndObject();
    doc.set_data(std::string(buffer.GetString(), buffer.GetSize()));
    if (!record.fingerprint.empty()) doc.add_value(schema::kSlotFingerprint, encode_fingerprint(record.fingerprint));
    if (!record.metadata.year.empty()) doc.add_value(schema::kSlotRecordYear, record.metadata.year.value);
    doc.add_value(schema::kSlotLent, lent_value(record));
    return doc;
}

std::string lent_value(const FileRecord& record) {
    Metadata lent;
    for (Sourced Metadata::*field : kLentFields) lent.*field = record.metadata.*field;
    lent.authors = record.metadata.authors;
    lent.authors_source = record.metadata.authors_source;
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    put(w, "path", record.path);
    w.Key("metadata");
    write_metadata(w, lent);
    w.EndObject();
    return {buffer.GetString(), buffer.GetSize()};
}

std::optional<FileRecord> read_lent_value(const std::string& value) {
    if (value.empty()) return std::nullopt;
    rapidjson::Document json;
    // Parsed in place, as read_record: its strings are copied out once.
    std::string text = value;
    json.ParseInsitu(text.data());
    if (json.HasParseError() || !json.IsObject()) return std::nullopt;
    FileRecord r;
    r.path = get_string(json, "path");
    if (r.path.empty()) return std::nullopt;
    if (auto it = json.FindMember("metadata"); it != json.MemberEnd()) r.metadata = read_metadata(it->value);
    return r;
}

FileRecord read_record(const Xapian::Document& doc, Fingerprint fingerprint) {
    FileRecord r;
    rapidjson::Document json;
    // Parsed in place (the strings are not copied into the tree: they are
    // copied out once, into the result, before `data` goes).
    std::string data = doc.get_data();
    json.ParseInsitu(data.data());
    if (json.HasParseError() || !json.IsObject()) return r;
    if (fingerprint == Fingerprint::Read) r.fingerprint = decode_fingerprint(doc.get_value(schema::kSlotFingerprint));
    r.path = get_string(json, "path");
    r.size = get_number<std::uint64_t>(json, "size");
    r.mtime = get_number<std::int64_t>(json, "mtime");
    r.hash = get_string(json, "hash");
    r.sidecar = get_string(json, "sidecar");
    r.format = get_string(json, "format");
    r.title = get_string(json, "title");
    if (auto it = json.FindMember("metadata"); it != json.MemberEnd()) r.metadata = read_metadata(it->value);
    r.status = get_string(json, "status");
    r.error = get_string(json, "error");
    r.pages = get_number<std::uint32_t>(json, "pages");
    r.passages = get_number<std::uint32_t>(json, "passages");
    r.has_page_labels = get_bool(json, "has_page_labels");
    r.hal_cover = get_bool(json, "hal_cover");
    r.ocr_pages = read_ocr_pages(json);
    r.pages_without_text = get_number<std::uint32_t>(json, "pages_without_text");
    r.labels = get_strings(json, "labels");
    r.warnings = get_strings(json, "warnings");
    r.references = read_references(json);
    return r;
}

std::string record_to_json(const FileRecord& record, std::uint32_t doc_id) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("doc_id");
    w.Uint(doc_id);
    write_record(w, record);
    w.Key("same_text");
    w.StartArray();
    for (const auto& [id, path] : record.same_text) {
        w.StartObject();
        w.Key("doc_id");
        w.Uint(id);
        put(w, "path", path);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    // A path in Latin-1 (a file name from an old disk), a record written by
    // an older build: what a user reads is valid UTF-8 all the same.
    return valid_utf8(std::string_view(buffer.GetString(), buffer.GetSize()));
}

}  // namespace grappe
