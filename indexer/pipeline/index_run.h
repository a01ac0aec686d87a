// `grappe index` as a library call: walks the paths, decides per file
// (new, changed, unchanged, gone), reads the files in workers, and stores
// the results through the single IndexWriter, committing in batches.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "concepts/codebooks.h"
#include "concepts/lexicon.h"

#include "extract/extractors.h"
#include "pipeline/worker_pool.h"
#include "store/index_writer.h"
#include "store/schema.h"

namespace grappe {

struct IndexOptions {
    std::string db;
    std::vector<std::string> paths;
    WorkerLimits limits;
    ExtractOptions extract;  // --ocr
    bool rebuild = false;  // delete the database first
    // Write this shard of the corpus (schema.h): only the files whose name
    // hashes to it are read (schema::shard_of_file).
    schema::Shard shard;  // {0, 1}: the whole corpus, not a shard
    // Codebooks layered on the default lexicon (--lexicon), in order. When
    // empty, those the index was tagged with before. A grappe.toml at the
    // root of a folder PATH is added in either case.
    CodebookRequest codebooks;
    // A batch is committed after this many files, passages or seconds,
    // whichever comes first. Small batches cost the writer less CPU than
    // large ones (Xapian's in-memory inversion grows slower per posting as
    // it grows: roughly 5.3 s of writer CPU on corpus-fr with 50-file
    // batches, 4.4 s with 1,000-passage ones), and bound what Ctrl-C loses.
    std::size_t batch_files = 50;
    std::size_t batch_passages = 1000;
    double batch_seconds = 5.0;
    // Compact after a run that stored or removed at least this share of the
    // index's documents (a first run always qualifies).
    double compact_share = 0.2;
};

struct FileFailure {
    std::string path;
    std::string reason;
};

struct IndexSummary {
    std::size_t seen = 0;       // supported files found under the paths (of this shard)
    std::size_t other_shards = 0;  // found, but another shard's
    std::size_t indexed = 0;    // new or changed, read and stored
    std::size_t unchanged = 0;  // skipped: same size and mtime, or same content
    std::size_t read = 0;       // files read by this run's workers (new, changed, or failed for a reason that may pass)
    std::size_t removed = 0;    // gone from disk, taken out of the index
    std::size_t passages = 0;   // passages stored by this run
    std::size_t passages_removed = 0;  // with files gone from disk
    std::size_t pages = 0;      // pages read by this run
    std::size_t ocr_pages = 0;  // of which recognised by OCR (--ocr)
    std::size_t pages_without_text = 0;  // pages of indexed files left unread: no text layer, no --ocr
    std::size_t hyphens_joined = 0, hyphens_kept = 0, header_lines_removed = 0;
    std::vector<FileFailure> failures;
    std::vector<std::string> warnings;  // about paths, not files' contents
    std::vector<std::string> codebooks;  // the codebooks the index is now tagged with
    std::size_t concepts = 0;            // in the lexicon
    // When the lexicon differed from the one the index was tagged with, the
    // stored passages were tagged again first (as grappe retag does).
    std::optional<RetagReport> retagged;
    bool interrupted = false;
    bool compacted = false;  // the run changed enough of the index to rewrite it compactly
    std::size_t works = 0;   // texts found in more than one document (works/works.h), when the run changed any
    double seconds = 0;
    double writer_cpu_seconds = 0;  // this process: walking, hashing, storing
    double worker_cpu_seconds = 0;  // all worker processes: reading and analysing
};

// Progress: called after each file is done (done, total, path).
using Progress = std::function<void(std::size_t done, std::size_t total, const std::string& path)>;

// Throws IndexError (store/index_writer.h) for a fatal problem with the
// database, LexiconError for a codebook with an error; per-file problems go
// to the summary's failures.
[[nodiscard]] IndexSummary run_index(const IndexOptions& options, const std::atomic<bool>& stop, const Progress& progress);

}  // namespace grappe
