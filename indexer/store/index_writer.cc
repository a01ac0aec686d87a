#include "store/index_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "analyze/analyzer.h"
#include "store/schema.h"
#include "works/works.h"

namespace grappe {

void check_index_versions(const Xapian::Database& db, const std::string& dir) {
    const std::string schema_version = db.get_metadata(std::string(schema::kMetaSchema));
    const std::string analyzer_version = db.get_metadata(std::string(schema::kMetaAnalyzer));
    if (schema_version.empty() && analyzer_version.empty()) {
        if (db.get_doccount() == 0) return;
        throw IndexError(dir + " is not a Grappe index (a Xapian database without Grappe's version marks)");
    }
    const std::string want_schema = std::to_string(schema::kSchemaVersion);
    const std::string want_analyzer = std::to_string(Analyzer::kVersion);
    if (schema_version != want_schema || analyzer_version != want_analyzer)
        throw IndexError(dir + " was built with index schema " + schema_version + " and analyzer " + analyzer_version +
                         "; this grappe uses schema " + want_schema + " and analyzer " + want_analyzer +
                         ". Rebuild it: grappe index --rebuild --db " + dir + " PATH...");
}

IndexLexicon read_index_lexicon(const Xapian::Database& db) {
    IndexLexicon out;
    out.hash = db.get_metadata(std::string(schema::kMetaLexicon));
    rapidjson::Document json;
    const std::string codebooks = db.get_metadata(std::string(schema::kMetaCodebooks));
    if (!json.Parse(codebooks.data(), codebooks.size()).HasParseError() && json.IsArray())
        for (const auto& v : json.GetArray())
            if (v.IsString()) out.codebooks.emplace_back(v.GetString(), v.GetStringLength());
    const std::string concepts = db.get_metadata(std::string(schema::kMetaConcepts));
    if (!json.Parse(concepts.data(), concepts.size()).HasParseError() && json.IsObject())
        for (const auto& m : json.GetObject())
            if (m.value.IsString()) out.families[m.name.GetString()] = m.value.GetString();
    return out;
}

namespace {

namespace fs = std::filesystem;

// The compacted copy and the replaced original live beside the database,
// hidden, so that a database kept inside an indexed folder is never indexed.
struct SwapPaths {
    fs::path target, fresh, replaced;
};

SwapPaths swap_paths(const std::string& dir) {
    fs::path target = fs::absolute(dir).lexically_normal();
    if (!target.has_filename()) target = target.parent_path();
    const std::string name = target.filename().string();
    return {target, target.parent_path() / ("." + name + ".compacting"), target.parent_path() / ("." + name + ".replaced")};
}

// A run killed while Xapian was creating the database can leave its table
// files without the version file (iamglass), written last: Xapian then
// refuses to open or create there. Such a folder holds no commit, so its
// Xapian files (and only those) are removed for a fresh start.
void clear_unfinished_creation(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec) || fs::exists(fs::path(dir) / "iamglass", ec)) return;
    std::vector<fs::path> leftovers;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const std::string ext = entry.path().extension().string();
        const bool xapian = name == "flintlock" || ext == ".glass" || ext == ".tmp" || ext == ".baseA" || ext == ".baseB";
        if (!xapian) return;  // not ours to touch
        leftovers.push_back(entry.path());
    }
    // Another run creating the database right now holds Xapian's lock: leave it be.
    if (const int fd = ::open((fs::path(dir) / "flintlock").c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
        struct flock lock {};
        lock.l_type = F_WRLCK;
        lock.l_whence = SEEK_SET;
        const bool held = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
        ::close(fd);
        if (held) return;
    }
    for (const fs::path& p : leftovers) fs::remove(p, ec);
}

}  // namespace

void require_index(const std::string& dir) {
    std::error_code ec;
    if (fs::exists(dir, ec)) return;
    // A run compacting the index swaps the compacted copy in with two
    // renames: a reader between them finds no folder, only the original
    // beside it under its "replaced" name. The second rename follows at
    // once: wait for it (up to half a second) rather than say "no index".
    const SwapPaths swap = swap_paths(dir);
    for (int i = 0; i < 50 && !fs::exists(dir, ec) && fs::exists(swap.replaced, ec); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!fs::exists(dir, ec)) throw IndexError("no index at " + dir + ": create it with grappe index --db " + dir + " PATH...");
}

Xapian::Database open_index(const std::string& dir) {
    for (int attempt = 0;; ++attempt) {
        require_index(dir);
        try {
            Xapian::Database db(dir);
            check_index_versions(db, dir);
            return db;
        } catch (const Xapian::DatabaseModifiedError& e) {
            // A writer committed twice between the open and the read (a
            // run with --commit-every 1 commits many times a second): the
            // revision opened is gone, a new open reads the latest.
            if (attempt < 10) continue;
            throw IndexError("cannot open the index " + dir + ": " + e.get_description());
        } catch (const Xapian::Error& e) {
            // Renamed away between the look and the open (a compaction's
            // swap): once more, which waits for the compacted copy.
            std::error_code ec;
            if (attempt == 0 && (!fs::exists(dir, ec) || fs::exists(swap_paths(dir).replaced, ec))) continue;
            throw IndexError("cannot open the index " + dir + ": " + e.get_description());
        }
    }
}

IndexWriter::IndexWriter(const std::string& dir, std::optional<schema::Shard> wanted) : dir_(dir) {
    // A swap interrupted between its two renames left the database under
    // its "replaced" name: put it back before anything else.
    const SwapPaths swap = swap_paths(dir);
    std::error_code ec;
    if (!fs::exists(swap.target, ec) && fs::exists(swap.replaced, ec)) fs::rename(swap.replaced, swap.target, ec);
    clear_unfinished_creation(dir);
    try {
        db_ = Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
        // Xapian says "lock" too when it cannot open its lock file at all.
        for (const std::string& path : {dir + "/flintlock", dir})
            if (::access(path.c_str(), W_OK) != 0 && errno != ENOENT)
                throw IndexError("cannot write to the index " + dir + " (" + std::strerror(errno) +
                                 "): is the folder read-only? Nothing was changed");
        throw IndexError("another grappe index is writing to " + dir + "; wait for it to finish (or stop it) and run again");
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot open the index " + dir + ": " + e.get_description());
    }
    check_index_versions(db_, dir);
    const std::string was = db_.get_metadata(std::string(schema::kMetaShard));
    const schema::Shard shard = wanted ? *wanted : schema::parse_shard(was).value_or(schema::Shard{});
    shard_ = shard;
    if (db_.get_doccount() > 0 && was != (shard.sharded() ? shard.name() : "")) {
        if (was.empty())
            throw IndexError(dir + " is an index of its own, not a shard: give a new folder to each shard (or --rebuild it as shard " +
                             shard.name() + ")");
        throw IndexError(dir + " is shard " + was + ", not " + (shard.sharded() ? shard.name() : "a whole index") + ": run grappe index --shard " +
                         was + " on it (or --rebuild it)");
    }
    // Holding the lock now: leftovers of an earlier compaction are garbage.
    fs::remove_all(swap.fresh, ec);
    fs::remove_all(swap.replaced, ec);
    db_.set_metadata(std::string(schema::kMetaSchema), std::to_string(schema::kSchemaVersion));
    db_.set_metadata(std::string(schema::kMetaAnalyzer), std::to_string(Analyzer::kVersion));
    db_.set_metadata(std::string(schema::kMetaShard), shard.sharded() ? shard.name() : "");
    // A shard created now carries the facet value on every passage; one
    // made before the slot existed never will (grappe.facets stays unset).
    facet_slot_ = shard.sharded() && (db_.get_doccount() == 0 || db_.get_metadata(std::string(schema::kMetaFacets)) == "1");
    db_.set_metadata(std::string(schema::kMetaFacets), facet_slot_ ? "1" : "");
    place_slot_ = shard.sharded() && (db_.get_doccount() == 0 || db_.get_metadata(std::string(schema::kMetaPlaces)) == "1");
    db_.set_metadata(std::string(schema::kMetaPlaces), place_slot_ ? "1" : "");
    db_.commit();
}

IndexWriter::~IndexWriter() {
    // An unfinished batch is dropped, never half-written: Xapian discards
    // an uncommitted transaction when the database is closed.
    try {
        if (in_transaction_) db_.cancel_transaction();
        db_.close();
    } catch (const Xapian::Error&) {
    }
}

void IndexWriter::begin_if_needed() {
    if (!in_transaction_) {
        db_.begin_transaction(true);
        in_transaction_ = true;
    }
}

std::optional<IndexWriter::Existing> IndexWriter::find(const std::string& absolute_path) const {
    const std::string term = schema::file_term(absolute_path);
    Xapian::PostingIterator it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return std::nullopt;
    Existing e;
    e.doc_id = *it;
    e.record = read_record(db_.get_document(*it));
    return e;
}

std::uint32_t IndexWriter::store(const FileRecord& record, const std::vector<std::string>& passage_documents) {
    begin_if_needed();
    const std::string unique = schema::file_term(record.path);
    Xapian::docid id;
    Xapian::PostingIterator it = db_.postlist_begin(unique);
    if (it != db_.postlist_end(unique)) {
        id = *it;
        db_.delete_document(schema::doc_term(shard_.global_id(id)));  // its old passages
        db_.replace_document(id, build_record_document(record));
    } else {
        id = db_.add_document(build_record_document(record));
    }
    for (const auto& bytes : passage_documents) {
        Xapian::Document doc = Xapian::Document::unserialise(bytes);
        link_passage(doc, shard_.global_id(id));
        if (facet_slot_) doc.add_value(schema::kSlotFacets, facet_value(doc));
        if (place_slot_) doc.add_value(schema::kSlotPlace, place_value(doc));  // a retag keeps it: a passage does not move
        db_.add_document(doc);
    }
    return id;
}

void IndexWriter::add_vocabulary(const std::vector<WordForm>& words) {
    begin_if_needed();
    constexpr std::size_t kFormsKept = 3;  // written forms per key, for suggestions
    for (const WordForm& w : words) {
        auto [it, first_time] = synonyms_.try_emplace(w.key);
        std::vector<std::string>& known = it->second;
        if (first_time)
            for (auto s = db_.synonyms_begin(w.key); s != db_.synonyms_end(w.key); ++s) known.push_back(*s);
        // Numbers and codes are no words to suggest. Counted once per file:
        // a suggestion is the nearest word most files use (and shards,
        // summed, suggest as one index would).
        if (w.key.size() >= 3 && std::none_of(w.key.begin(), w.key.end(), [](char c) { return c >= '0' && c <= '9'; })) db_.add_spelling(w.key);
        const std::size_t before = known.size();
        auto add = [&](std::string synonym) {
            if (std::find(known.begin(), known.end(), synonym) != known.end()) return;
            db_.add_synonym(w.key, synonym);
            known.push_back(std::move(synonym));
        };
        for (const std::string& lemma : w.lemmas) {
            const std::string z = std::string(schema::kPrefixLemma) + lemma;
            if (std::find(known.begin(), known.end(), z) != known.end()) continue;
            if (shard_.sharded()) {
                auto [keys, first] = lemma_keys_.try_emplace(z);
                if (first)
                    for (auto k = db_.synonyms_begin(z); k != db_.synonyms_end(z); ++k) keys->second.push_back(*k);
                if (std::find(keys->second.begin(), keys->second.end(), w.key) == keys->second.end()) {
                    keys->second.push_back(w.key);
                    mirror_synonyms(z, keys->second);
                }
            }
            add(z);
            db_.add_synonym(z, w.key);  // and the other way: the lemma's keys
        }
        const std::size_t forms = std::count_if(known.begin(), known.end(), [](const std::string& s) { return s.rfind(schema::kPrefixExact, 0) == 0; });
        if (forms < kFormsKept) add(std::string(schema::kPrefixExact) + w.exact);
        if (shard_.sharded() && known.size() != before) mirror_synonyms(w.key, known);
    }
}

void IndexWriter::mirror_synonyms(const std::string& term, const std::vector<std::string>& synonyms) {
    std::string key = std::string(schema::kMetaSynonymsPrefix) + term;
    if (key.size() > schema::kMaxTermBytes) return;  // Xapian's limit on a metadata key
    std::string lines;
    for (const auto& s : synonyms) {
        if (!lines.empty()) lines += '\n';
        lines += s;
    }
    db_.set_metadata(key, lines);
}

void IndexWriter::update_record(std::uint32_t doc_id, const FileRecord& record) {
    begin_if_needed();
    db_.replace_document(doc_id, build_record_document(record));
}

std::size_t IndexWriter::remove(std::uint32_t doc_id) {
    begin_if_needed();
    const std::string passages_term = schema::doc_term(shard_.global_id(doc_id));
    const std::size_t passages = db_.get_termfreq(passages_term);
    db_.delete_document(passages_term);
    db_.delete_document(doc_id);
    return passages;
}

std::vector<std::pair<std::uint32_t, std::string>> IndexWriter::all_records() const {
    std::vector<std::pair<std::uint32_t, std::string>> out;
    const std::string term(schema::kTermRecord);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it)
        out.emplace_back(*it, read_record(db_.get_document(*it)).path);
    return out;
}

std::size_t IndexWriter::group_works() {
    std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> documents;
    const std::string term(schema::kTermRecord);
    // Only records carry the slot: a record without one is too short to tell.
    for (auto v = db_.valuestream_begin(schema::kSlotFingerprint); v != db_.valuestream_end(schema::kSlotFingerprint); ++v)
        if (std::vector<std::uint32_t> sketch = decode_fingerprint(*v); !sketch.empty())
            documents.emplace_back(shard_.global_id(v.get_docid()), std::move(sketch));
    const Works works = Works::group(documents);
    begin_if_needed();
    db_.set_metadata(std::string(schema::kMetaWorks), works.to_json());
    return works.groups().size();
}

void IndexWriter::forget_works() {
    begin_if_needed();
    db_.set_metadata(std::string(schema::kMetaWorks), "");
}

bool IndexWriter::works_unknown() const { return db_.get_metadata(std::string(schema::kMetaWorks)).empty(); }

void IndexWriter::record_lexicon(const Lexicon& lexicon, const std::vector<std::string>& codebooks) {
    rapidjson::StringBuffer list;
    {
        rapidjson::Writer<rapidjson::StringBuffer> w(list);
        w.StartArray();
        for (const auto& path : codebooks) w.String(path.data(), static_cast<rapidjson::SizeType>(path.size()));
        w.EndArray();
    }
    rapidjson::StringBuffer families;
    {
        rapidjson::Writer<rapidjson::StringBuffer> w(families);
        w.StartObject();
        for (const Concept& c : lexicon.concepts()) {
            w.Key(c.id.data(), static_cast<rapidjson::SizeType>(c.id.size()));
            w.String(c.family.data(), static_cast<rapidjson::SizeType>(c.family.size()));
        }
        w.EndObject();
    }
    begin_if_needed();
    db_.set_metadata(std::string(schema::kMetaLexicon), lexicon.tagging_hash());
    db_.set_metadata(std::string(schema::kMetaCodebooks), std::string(list.GetString(), list.GetSize()));
    db_.set_metadata(std::string(schema::kMetaConcepts), std::string(families.GetString(), families.GetSize()));
}

RetagReport IndexWriter::retag(const Lexicon& lexicon, const ConceptTagger& tagger, const Analyzer& analyzer,
                               const std::vector<std::string>& codebooks) {
    const auto started = std::chrono::steady_clock::now();
    commit();
    // The passages that can carry a mention: those with every word of some
    // form (each word a Z term of its lemmas: "de" alone is in most passages, "de" with
    // "proximité" in few), and those that carry a concept now.
    std::vector<Xapian::Query> either;
    for (const auto& words : tagger.form_lemmas()) {
        std::vector<Xapian::Query> all;
        for (const auto& lemmas : words) {
            // The keys the index has for any of the word's lemmas.
            std::vector<Xapian::Query> any;
            for (const auto& lemma : lemmas) {
                const std::string z = std::string(schema::kPrefixLemma) + lemma;
                for (auto k = db_.synonyms_begin(z); k != db_.synonyms_end(z); ++k) any.emplace_back(*k);
            }
            all.emplace_back(any.empty() ? Xapian::Query::MatchNothing : Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end()));
        }
        either.emplace_back(Xapian::Query::OP_AND, all.begin(), all.end());
    }
    const std::string concept_prefix(schema::kPrefixConcept);
    for (auto t = db_.allterms_begin(concept_prefix); t != db_.allterms_end(concept_prefix); ++t) either.emplace_back(*t);
    std::vector<Xapian::docid> candidates;
    if (!either.empty() && db_.get_doccount() > 0) {
        Xapian::Enquire enquire(db_);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, either.begin(), either.end()));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        const Xapian::MSet found = enquire.get_mset(0, db_.get_doccount());
        for (auto it = found.begin(); it != found.end(); ++it) candidates.push_back(*it);
        std::sort(candidates.begin(), candidates.end());
    }

    RetagReport report;
    begin_if_needed();
    std::vector<std::string> lost, gained;
    for (const Xapian::docid id : candidates) {
        Xapian::Document doc = db_.get_document(id);
        ++report.passages;
        lost.clear();
        gained.clear();
        if (!retag_passage(doc, tagger, analyzer, lost, gained)) continue;
        if (facet_slot_) doc.add_value(schema::kSlotFacets, facet_value(doc));
        db_.replace_document(id, doc);
        ++report.changed;
        for (const auto& c : gained) ++report.by_concept[c].first;
        for (const auto& c : lost) ++report.by_concept[c].second;
    }
    record_lexicon(lexicon, codebooks);
    commit();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

void IndexWriter::compact_and_close() {
    commit();
    const SwapPaths swap = swap_paths(dir_);
    std::error_code ec;
    fs::remove_all(swap.fresh, ec);
    try {
        db_.compact(swap.fresh.string(), Xapian::DBCOMPACT_NO_RENUMBER);
    } catch (const Xapian::Error& e) {
        fs::remove_all(swap.fresh, ec);
        throw IndexError("compacting the index failed (the index itself is intact): " + e.get_description());
    }
    // Swap while this writer still holds the lock on the original.
    fs::rename(swap.target, swap.replaced, ec);
    if (ec) {
        fs::remove_all(swap.fresh, ec);
        return;  // the original stays in place, uncompacted but whole
    }
    fs::rename(swap.fresh, swap.target, ec);
    if (ec) {
        fs::rename(swap.replaced, swap.target, ec);
        return;
    }
    db_.close();
    fs::remove_all(swap.replaced, ec);
}

void IndexWriter::commit() {
    if (in_transaction_) {
        db_.commit_transaction();
        in_transaction_ = false;
    }
}

}  // namespace grappe
