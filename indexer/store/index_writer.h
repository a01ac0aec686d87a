// The single writer: owns the Xapian database while `grappe index` runs.
//
// Consistency: every change for one file (its record and all its passages)
// goes into the same Xapian transaction, and transactions are committed in
// batches; Xapian commits are atomic, so a run killed at any moment leaves
// the database as of its last commit, with whole files only. The next run
// finds the rest missing or changed and indexes it.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "concepts/lexicon.h"
#include "concepts/tagger.h"
#include "pipeline/process_file.h"
#include "store/documents.h"
#include "store/schema.h"

namespace grappe {

// A database this build must not touch (locked, other versions, unreadable).
class IndexError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Checks the versions a database records against this build's. Throws
// IndexError with what to do when they differ. An empty database passes.
void check_index_versions(const Xapian::Database& db, const std::string& dir);

// Throws IndexError, saying how to create one, when there is no index at `dir`.
void require_index(const std::string& dir);
// The index at `dir`, for reading, its versions checked. Throws IndexError.
[[nodiscard]] Xapian::Database open_index(const std::string& dir);

// The lexicon an index's passages were tagged with (schema.h metadata).
struct IndexLexicon {
    std::string hash;                            // "" for an index never tagged
    std::vector<std::string> codebooks;          // absolute paths, in order
    std::map<std::string, std::string> families;  // concept id -> family id
};
[[nodiscard]] IndexLexicon read_index_lexicon(const Xapian::Database& db);

// What `grappe retag` changed.
struct RetagReport {
    std::size_t passages = 0;  // passages read again (those that could carry a mention)
    std::size_t changed = 0;   // of which with other concepts or spans now
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_concept;  // id -> passages gained, lost
    double seconds = 0;
};

class IndexWriter {
  public:
    // Creates the database if needed. Throws IndexError when another process
    // is writing it, its versions are not this build's, or it is another
    // shard than `shard` (schema.h: a shard stays the shard it was made;
    // nothing: the database is whatever it is, a shard or not).
    explicit IndexWriter(const std::string& dir, std::optional<schema::Shard> shard = std::nullopt);
    ~IndexWriter();

    // Doc ids given and returned are this database's own (local); passages
    // name their record by its global id (schema.h).
    struct Existing {
        std::uint32_t doc_id = 0;
        FileRecord record;
    };
    [[nodiscard]] std::optional<Existing> find(const std::string& absolute_path) const;

    // Record + passages of one file, replacing what the index had for it.
    // Returns the file's doc id.
    std::uint32_t store(const FileRecord& record, const std::vector<std::string>& passage_documents);
    // A file's words into the index's vocabulary (schema.h): each key's
    // lemmas and written forms as synonyms, the key in the spelling table.
    void add_vocabulary(const std::vector<WordForm>& words);

    // Updates only the record (e.g. a touched file whose content is the same).
    void update_record(std::uint32_t doc_id, const FileRecord& record);
    // Returns how many passages went with the record.
    std::size_t remove(std::uint32_t doc_id);

    // Every record in the index: doc id and path.
    [[nodiscard]] std::vector<std::pair<std::uint32_t, std::string>> all_records() const;

    [[nodiscard]] IndexLexicon lexicon() const { return read_index_lexicon(db_); }
    // Records the lexicon the index is tagged with; durable at the next commit.
    void record_lexicon(const Lexicon& lexicon, const std::vector<std::string>& codebooks);
    // Tags every stored passage again from its stored text, records the
    // lexicon, and commits, all in one transaction: an interrupted retag
    // leaves the index as it was. Only passages that hold every word of some
    // form, or some concept already, are read again.
    RetagReport retag(const Lexicon& lexicon, const ConceptTagger& tagger, const Analyzer& analyzer, const std::vector<std::string>& codebooks);

    // Finds which documents are one text (works/works.h) from their
    // records' fingerprints and keeps the works in the database's metadata
    // (schema.h); durable at the next commit. Returns how many works have
    // more than one document.
    std::size_t group_works();
    // Forgets the works (an interrupted run changed documents: the next
    // complete run finds them again), and whether they are forgotten.
    void forget_works();
    [[nodiscard]] bool works_unknown() const;

    // Ends the current batch: makes everything stored so far durable.
    void commit();

    [[nodiscard]] Xapian::doccount document_count() const { return db_.get_doccount(); }

    // Commits, rewrites the database compactly next to it (Xapian's compact,
    // document ids kept: they are DOC_IDs and collapse keys) and swaps the
    // copy in, then closes the writer. A database built by many batches is
    // about twice the size of its compact form, and slower to search.
    // An interrupted swap is completed by the next writer (see the constructor).
    void compact_and_close();

    [[nodiscard]] const schema::Shard& shard() const { return shard_; }

  private:
    void begin_if_needed();
    // On a shard: `term`'s synonyms into its metadata as well (schema.h).
    void mirror_synonyms(const std::string& term, const std::vector<std::string>& synonyms);
    std::string dir_;
    schema::Shard shard_;
    // On a shard: each lemma's keys as far as this run has read or written them.
    std::unordered_map<std::string, std::vector<std::string>> lemma_keys_;
    Xapian::WritableDatabase db_;
    bool in_transaction_ = false;
    bool facet_slot_ = false;  // passages carry kSlotFacets (a shard's: schema.h)
    bool place_slot_ = false;  // and kSlotPlace
    // The synonyms each key has, as far as this run has read or written
    // them: a key's synonyms are read from the database once.
    std::unordered_map<std::string, std::vector<std::string>> synonyms_;
};

}  // namespace grappe
