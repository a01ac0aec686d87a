#include "pipeline/process_file.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>
#include <new>
#include <stdexcept>

#include "extract/extractors.h"
#include "repair/repair.h"
#include "segment/passages.h"
#include "works/works.h"
#include "store/documents.h"
#include "store/metadata_json.h"

namespace grappe {
namespace {

void append_u32(std::string& out, std::uint32_t v) {
    char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
    out.append(b, 4);
}

std::uint32_t read_u32(std::string_view bytes, size_t& at) {
    if (at + 4 > bytes.size()) throw std::runtime_error("truncated result from worker");
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    at += 4;
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

std::string_view read_frame(std::string_view bytes, size_t& at) {
    const std::uint32_t length = read_u32(bytes, at);
    if (at + length > bytes.size()) throw std::runtime_error("truncated result from worker");
    std::string_view frame = bytes.substr(at, length);
    at += length;
    return frame;
}

}  // namespace

// Layout: u32 length + JSON header, u32 count, then count times u32 length + document.
std::string FileResult::encode() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto str = [&](const char* key, const std::string& v) {
        w.Key(key);
        w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    };
    auto strings = [&](const char* key, const std::vector<std::string>& v) {
        w.Key(key);
        w.StartArray();
        for (const auto& s : v) w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
        w.EndArray();
    };
    w.StartObject();
    w.Key("ok");
    w.Bool(ok);
    str("error", error);
    str("format", format);
    w.Key("metadata");
    write_metadata(w, metadata);
    w.Key("pages");
    w.Uint(pages);
    w.Key("has_page_labels");
    w.Bool(has_page_labels);
    w.Key("hal_cover");
    w.Bool(hal_cover);
    write_ocr_pages(w, ocr_pages);
    w.Key("pages_without_text");
    w.Uint(pages_without_text);
    strings("labels", labels);
    strings("warnings", warnings);
    write_references(w, references);
    w.Key("vocabulary");
    w.StartArray();
    for (const WordForm& v : vocabulary) {
        w.StartArray();
        w.String(v.key.data(), static_cast<rapidjson::SizeType>(v.key.size()));
        w.String(v.exact.data(), static_cast<rapidjson::SizeType>(v.exact.size()));
        for (const auto& l : v.lemmas) w.String(l.data(), static_cast<rapidjson::SizeType>(l.size()));
        w.EndArray();
    }
    w.EndArray();
    w.Key("lemma_entries");
    w.StartArray();
    for (const auto& [entry, lemmas] : lemma_entries) {
        w.StartArray();
        w.String(entry.data(), static_cast<rapidjson::SizeType>(entry.size()));
        for (const auto& l : lemmas) w.String(l.data(), static_cast<rapidjson::SizeType>(l.size()));
        w.EndArray();
    }
    w.EndArray();
    w.Key("hyphens_joined");
    w.Uint(hyphens_joined);
    w.Key("hyphens_kept");
    w.Uint(hyphens_kept);
    w.Key("header_lines_removed");
    w.Uint(header_lines_removed);
    w.Key("fingerprint");
    w.StartArray();
    for (std::uint32_t h : fingerprint) w.Uint(h);
    w.EndArray();
    str("content_hash", content_hash);
    w.EndObject();

    std::string out;
    append_u32(out, static_cast<std::uint32_t>(buffer.GetSize()));
    out.append(buffer.GetString(), buffer.GetSize());
    append_u32(out, static_cast<std::uint32_t>(passage_documents.size()));
    for (const auto& d : passage_documents) {
        append_u32(out, static_cast<std::uint32_t>(d.size()));
        out += d;
    }
    return out;
}

FileResult FileResult::decode(std::string_view bytes) {
    size_t at = 0;
    const std::string_view header = read_frame(bytes, at);
    rapidjson::Document json;
    json.Parse(header.data(), header.size());
    if (json.HasParseError() || !json.IsObject()) throw std::runtime_error("garbled result from worker");
    FileResult r;
    auto str = [&](const char* key) {
        auto it = json.FindMember(key);
        return it != json.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength()) : std::string();
    };
    auto uint = [&](const char* key) {
        auto it = json.FindMember(key);
        return it != json.MemberEnd() && it->value.IsUint() ? it->value.GetUint() : 0u;
    };
    auto boolean = [&](const char* key) {
        auto it = json.FindMember(key);
        return it != json.MemberEnd() && it->value.IsBool() && it->value.GetBool();
    };
    auto strings = [&](const char* key) {
        std::vector<std::string> v;
        auto it = json.FindMember(key);
        if (it != json.MemberEnd() && it->value.IsArray())
            for (const auto& s : it->value.GetArray())
                if (s.IsString()) v.emplace_back(s.GetString(), s.GetStringLength());
        return v;
    };
    r.ok = boolean("ok");
    r.error = str("error");
    r.format = str("format");
    if (auto it = json.FindMember("metadata"); it != json.MemberEnd()) r.metadata = read_metadata(it->value);
    r.pages = uint("pages");
    r.has_page_labels = boolean("has_page_labels");
    r.hal_cover = boolean("hal_cover");
    r.ocr_pages = read_ocr_pages(json);
    r.pages_without_text = uint("pages_without_text");
    r.labels = strings("labels");
    r.warnings = strings("warnings");
    r.references = read_references(json);
    // [key, exact, lemma...] and [entry, lemma...]: arrays of strings.
    auto string_rows = [&](const char* key, auto&& each) {
        auto it = json.FindMember(key);
        if (it == json.MemberEnd() || !it->value.IsArray()) return;
        std::vector<std::string> row;
        for (const auto& a : it->value.GetArray()) {
            if (!a.IsArray()) continue;
            row.clear();
            for (const auto& s : a.GetArray())
                if (s.IsString()) row.emplace_back(s.GetString(), s.GetStringLength());
            each(row);
        }
    };
    string_rows("vocabulary", [&](std::vector<std::string>& row) {
        if (row.size() >= 3) r.vocabulary.push_back({row[0], row[1], std::vector<std::string>(row.begin() + 2, row.end())});
    });
    string_rows("lemma_entries", [&](std::vector<std::string>& row) {
        if (!row.empty()) r.lemma_entries.emplace_back(row[0], std::vector<std::string>(row.begin() + 1, row.end()));
    });
    r.hyphens_joined = uint("hyphens_joined");
    r.hyphens_kept = uint("hyphens_kept");
    r.header_lines_removed = uint("header_lines_removed");
    if (auto it = json.FindMember("fingerprint"); it != json.MemberEnd() && it->value.IsArray())
        for (const auto& h : it->value.GetArray())
            if (h.IsUint()) r.fingerprint.push_back(h.GetUint());
    r.content_hash = str("content_hash");
    const std::uint32_t count = read_u32(bytes, at);
    // Each passage takes at least its 4-byte length: a count beyond that
    // is garbage, not a reason to reserve gigabytes.
    if (count > (bytes.size() - at) / 4) throw std::runtime_error("garbled result from worker");
    r.passage_documents.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) r.passage_documents.emplace_back(read_frame(bytes, at));
    if (at != bytes.size()) throw std::runtime_error("trailing bytes in result from worker");
    return r;
}

FileResult process_file(const std::string& path, const Analyzer& analyzer, const WordList& words, const SidecarEntry* sidecar,
                        const ExtractOptions& options, const ConceptTagger* tagger) {
    try {
        CleanDocument clean = repair(extract_file(path, options), words);
        const std::vector<Passage> passages = segment(clean);
        if (passages.empty()) return FileResult::failure("no text to index");

        // Each passage is analysed once: for its terms and for its language.
        std::vector<std::vector<Token>> tokens;
        std::vector<std::string> languages;
        std::map<std::string, std::size_t> words_by_language;
        tokens.reserve(passages.size());
        for (const Passage& p : passages) {
            tokens.push_back(analyzer.analyze(p.text));
            languages.push_back(detect_language(tokens.back()));
            words_by_language[languages.back()] += tokens.back().size();
            // An English passage's words are lemmas of the English dictionary.
            if (languages.back() == "en") analyzer.lemmatize(tokens.back(), Language::English);
        }
        words_by_language.erase("");
        std::string language;
        std::size_t most = 0;
        for (const auto& [lang, count] : words_by_language)
            if (count > most) std::tie(language, most) = std::tie(lang, count);
        // Passages too short to tell take the document's language.
        if (language == "en")
            for (std::size_t i = 0; i < passages.size(); ++i)
                if (languages[i].empty()) analyzer.lemmatize(tokens[i], Language::English);

        FileResult r;
        r.format = clean.format;
        r.metadata = extract_metadata(clean, language);
        if (sidecar) apply_sidecar(r.metadata, *sidecar);
        r.pages = static_cast<std::uint32_t>(clean.page_count);
        r.has_page_labels = clean.has_page_labels;
        r.hal_cover = clean.hal_cover;
        r.ocr_pages = clean.ocr_pages;
        r.pages_without_text = clean.pages_without_text;
        r.warnings = std::move(clean.warnings);
        r.header_lines_removed = static_cast<std::uint32_t>(clean.removed_header_lines);
        for (const auto& page : clean.pages) r.labels.push_back(page.label);
        for (const auto& d : clean.hyphenations) (d.joined ? r.hyphens_joined : r.hyphens_kept)++;
        const DocumentFields fields = document_fields(r.metadata, analyzer);

        // The reference list, then each passage's citations linked to it.
        std::vector<std::string> reference_paragraphs;
        for (const Passage& p : passages) {
            if (p.kind != PassageKind::Reference) continue;
            size_t start = 0;
            while (start <= p.text.size()) {
                const size_t end = std::min(p.text.find('\n', start), p.text.size());
                if (end > start) reference_paragraphs.push_back(p.text.substr(start, end - start));
                start = end + 1;
            }
        }
        r.references = parse_reference_list(reference_paragraphs);
        // Raised numbers call references only where they cannot call notes.
        const bool has_notes =
            std::any_of(passages.begin(), passages.end(), [](const Passage& p) {
                return std::find(p.kinds.begin(), p.kinds.end(), PassageKind::Footnote) != p.kinds.end();
            });
        r.passage_documents.reserve(passages.size());
        for (size_t i = 0; i < passages.size(); ++i) {
            std::vector<Citation> citations;
            std::vector<Period> periods;
            if (passages[i].kind != PassageKind::Reference && passages[i].kind != PassageKind::Toc) {
                citations = find_citations(passages[i].text);
                link_citations(citations, r.references);
                std::vector<Citation> numbered = find_numbered_citations(passages[i].text, r.references, !has_notes);
                citations.insert(citations.end(), std::make_move_iterator(numbered.begin()), std::make_move_iterator(numbered.end()));
                periods = find_periods(passages[i].text, citations);
            }
            const PassageCitations cited = passage_citations(std::move(citations), analyzer);
            const PassageConcepts concepts = tagger ? passage_concepts(tagger->tag(passages[i].text, tokens[i]), *tagger) : PassageConcepts{};
            r.passage_documents.push_back(build_passage_document(passages[i], tokens[i], languages[i], fields, cited, concepts, periods).serialise());
        }
        r.vocabulary = vocabulary_of(tokens);
        r.fingerprint = text_fingerprint(tokens);
        r.lemma_entries = analyzer.lemmatizer().new_entries();
        r.ok = true;
        return r;
    } catch (const ExtractionError& e) {
        return FileResult::failure(e.what());
    } catch (const std::bad_alloc&) {
        return FileResult::failure("out of memory while reading it (over the memory budget)");
    } catch (const Xapian::Error& e) {
        return FileResult::failure("internal error: " + e.get_description());
    } catch (const std::exception& e) {
        return FileResult::failure(std::string("internal error: ") + e.what());
    }
}

}  // namespace grappe
