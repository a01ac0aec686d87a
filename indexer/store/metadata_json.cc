#include "store/metadata_json.h"

namespace grappe {
namespace {

struct Named {
    const char* name;
    Sourced Metadata::*field;
};

constexpr Named kFields[] = {{"title", &Metadata::title},   {"year", &Metadata::year},       {"date", &Metadata::date},
                             {"deposit_date", &Metadata::deposit_date}, {"hal_id", &Metadata::hal_id}, {"doi", &Metadata::doi},
                             {"venue", &Metadata::venue},   {"type", &Metadata::type},       {"language", &Metadata::language},
                             {"citation_key", &Metadata::citation_key}};

std::string member(const rapidjson::Value& v, const char* key) {
    auto it = v.FindMember(key);
    return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength()) : "";
}

}  // namespace

void write_metadata(rapidjson::Writer<rapidjson::StringBuffer>& w, const Metadata& m) {
    auto str = [&](const char* key, const std::string& value) {
        w.Key(key);
        w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    };
    w.StartObject();
    for (const auto& f : kFields) {
        const Sourced& s = m.*(f.field);
        if (s.empty()) continue;
        w.Key(f.name);
        w.StartObject();
        str("value", s.value);
        str("source", s.source);
        w.EndObject();
    }
    if (!m.authors.empty()) {
        w.Key("authors");
        w.StartObject();
        w.Key("value");
        w.StartArray();
        for (const auto& a : m.authors) {
            w.StartObject();
            str("family", a.family);
            str("given", a.given);
            w.EndObject();
        }
        w.EndArray();
        str("source", m.authors_source);
        w.EndObject();
    }
    w.EndObject();
}

Metadata read_metadata(const rapidjson::Value& v) {
    Metadata m;
    if (!v.IsObject()) return m;
    for (const auto& f : kFields) {
        auto it = v.FindMember(f.name);
        if (it != v.MemberEnd() && it->value.IsObject()) m.*(f.field) = {member(it->value, "value"), member(it->value, "source")};
    }
    auto authors = v.FindMember("authors");
    if (authors != v.MemberEnd() && authors->value.IsObject()) {
        m.authors_source = member(authors->value, "source");
        auto list = authors->value.FindMember("value");
        if (list != authors->value.MemberEnd() && list->value.IsArray())
            for (const auto& a : list->value.GetArray())
                if (a.IsObject()) m.authors.push_back({member(a, "family"), member(a, "given")});
    }
    return m;
}

void write_references(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::vector<Reference>& references) {
    auto str = [&](const char* key, const std::string& value) {
        w.Key(key);
        w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    };
    w.Key("references");
    w.StartArray();
    for (const Reference& r : references) {
        w.StartObject();
        w.Key("authors");
        w.StartArray();
        for (const auto& a : r.authors) w.String(a.data(), static_cast<rapidjson::SizeType>(a.size()));
        w.EndArray();
        str("year", r.year);
        str("title", r.title);
        w.EndObject();
    }
    w.EndArray();
}

std::vector<Reference> read_references(const rapidjson::Value& object) {
    std::vector<Reference> out;
    auto it = object.FindMember("references");
    if (it == object.MemberEnd() || !it->value.IsArray()) return out;
    for (const auto& r : it->value.GetArray()) {
        if (!r.IsObject()) continue;
        Reference entry;
        if (auto authors = r.FindMember("authors"); authors != r.MemberEnd() && authors->value.IsArray())
            for (const auto& a : authors->value.GetArray())
                if (a.IsString()) entry.authors.emplace_back(a.GetString(), a.GetStringLength());
        entry.year = member(r, "year");
        entry.title = member(r, "title");
        out.push_back(std::move(entry));
    }
    return out;
}

void write_ocr_pages(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::vector<std::uint32_t>& pages) {
    w.Key("ocr_pages");
    w.StartArray();
    for (std::uint32_t page : pages) w.Uint(page);
    w.EndArray();
}

std::vector<std::uint32_t> read_ocr_pages(const rapidjson::Value& object) {
    std::vector<std::uint32_t> pages;
    if (auto it = object.FindMember("ocr_pages"); it != object.MemberEnd() && it->value.IsArray())
        for (const auto& page : it->value.GetArray())
            if (page.IsUint()) pages.push_back(page.GetUint());
    return pages;
}

}  // namespace grappe
