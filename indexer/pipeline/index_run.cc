#include "pipeline/index_run.h"

#include <malloc.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_set>

#include "extract/extractors.h"
#include "store/index_writer.h"
#include "store/schema.h"

namespace grappe {
namespace fs = std::filesystem;
namespace {

struct Candidate {
    std::string path;  // absolute
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
    std::string hash;
    bool existed = false;
};

std::string content_hash(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::uint64_t h = 0xcbf29ce484222325ULL;
    char buffer[1 << 16];
    while (in) {
        in.read(buffer, sizeof buffer);
        h = schema::fnv1a64(std::string_view(buffer, static_cast<size_t>(in.gcount())), h);
    }
    return schema::hex64(h);
}

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

struct Found {
    std::vector<std::string> documents;  // supported files, absolute, sorted
    std::vector<std::string> sidecars;   // .bib and .json files beside or among them
};

// Files under the given paths, without the database's own folder.
Found collect_files(const IndexOptions& options, IndexSummary& summary) {
    std::set<std::string> files, sidecars;
    std::error_code ec;
    const fs::path db_dir = fs::weakly_canonical(options.db, ec);
    for (const auto& arg : options.paths) {
        const fs::path root = fs::absolute(arg, ec);
        const fs::file_status st = fs::status(root, ec);
        if (ec || !fs::exists(st)) {
            summary.failures.push_back({arg, "no such file or folder"});
            continue;
        }
        if (fs::is_regular_file(st)) {
            if (format_of(root.string()) == FileFormat::Unsupported) {
                summary.warnings.push_back(arg + ": not a PDF, HTML, text or Markdown file: skipped");
                continue;
            }
            const fs::path file = fs::weakly_canonical(root, ec);
            files.insert(file.string());
            // A file named alone still takes its NAME.bib / NAME.csl.json.
            for (const char* ext : {".bib", ".csl.json"}) {
                fs::path beside = file.parent_path() / (file.stem().string() + ext);
                if (fs::is_regular_file(beside, ec)) sidecars.insert(beside.string());
            }
            continue;
        }
        for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                summary.warnings.push_back(it->path().string() + ": " + ec.message());
                ec.clear();
                continue;
            }
            const fs::path& p = it->path();
            if (hidden(p) || (it->is_directory(ec) && fs::weakly_canonical(p, ec) == db_dir)) {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file(ec)) continue;
            if (format_of(p.string()) != FileFormat::Unsupported)
                files.insert(fs::weakly_canonical(p, ec).string());
            else if (is_sidecar_path(p.string()))
                sidecars.insert(fs::weakly_canonical(p, ec).string());
        }
    }
    return {{files.begin(), files.end()}, {sidecars.begin(), sidecars.end()}};
}

}  // namespace

namespace {

// Whether a file that failed may be read next time, unchanged: the run's
// limits, a crash or a bug, or a scan when OCR is now asked. The reasons
// are the workers' and extractors' own (worker_pool.cc, extractors.h).
bool may_pass_next_time(const std::string& error, const ExtractOptions& extract) {
    for (const char* transient : {"took longer than", "out of memory", "killed", "crashed", "worker failed", "worker answer unreadable",
                                  "internal error", "cannot open the file"})
        if (error.find(transient) != std::string::npos) return true;
    return extract.ocr && (error.find("--ocr") != std::string::npos || error.find("OCR") != std::string::npos);
}

}  // namespace

IndexSummary run_index(const IndexOptions& options, const std::atomic<bool>& stop, const Progress& progress) {
    const auto started = std::chrono::steady_clock::now();
    IndexSummary summary;
    if (options.rebuild) {
        std::error_code ec;
        if (fs::exists(fs::path(options.db) / "iamglass", ec) || fs::exists(fs::path(options.db) / "iamchert", ec))
            fs::remove_all(options.db, ec);
    }
    IndexWriter writer(options.db, options.shard);

    // The lexicon first: a codebook with an error stops the run before any
    // file is read. An index tagged with another lexicon is tagged again.
    const IndexLexicon recorded = writer.lexicon();
    summary.codebooks = choose_codebooks(options.codebooks, recorded.codebooks, options.paths, summary.warnings);
    const Lexicon lexicon = load_lexicon(summary.codebooks);
    const Analyzer analyzer;
    analyzer.reserve_for_workers();
    // The dictionaries (a fifth of a second) and the tagger, which reads
    // the lexicon's forms with them, only once some work needs them: a run
    // that finds nothing changed reads neither.
    std::optional<ConceptTagger> tagger;
    const auto prepare_tagging = [&] {
        if (tagger) return;
        try {
            Lemmatizer::load_dictionaries();  // here, before the workers are forked, so that they share them
        } catch (const DictionaryError& e) {
            throw IndexError(e.what());
        }
        malloc_trim(0);
        tagger.emplace(lexicon, analyzer);
    };
    summary.concepts = lexicon.concepts().size();
    if (writer.document_count() > 0 && recorded.hash != lexicon.tagging_hash()) {
        prepare_tagging();
        summary.retagged = writer.retag(lexicon, *tagger, analyzer, summary.codebooks);
    } else {
        writer.record_lexicon(lexicon, summary.codebooks);
    }

    Found found = collect_files(options, summary);
    if (options.shard.sharded()) {
        const auto others = std::remove_if(found.documents.begin(), found.documents.end(), [&](const std::string& path) {
            return schema::shard_of_file(path, options.shard.count) != options.shard.index;
        });
        summary.other_shards = static_cast<std::size_t>(found.documents.end() - others);
        found.documents.erase(others, found.documents.end());
    }
    const std::vector<std::string>& files = found.documents;
    summary.seen = files.size();
    SidecarLibrary sidecars;
    sidecars.load(found.sidecars, files);
    for (const auto& e : sidecars.errors()) summary.warnings.push_back("sidecar " + e.to_string());

    // Decide per file: unchanged (size and mtime, or content hash), or to read.
    std::vector<Candidate> to_read;
    for (const auto& path : files) {
        struct stat st{};
        if (::stat(path.c_str(), &st) != 0) continue;
        Candidate c{path, static_cast<std::uint64_t>(st.st_size), static_cast<std::int64_t>(st.st_mtime), "", false};
        auto existing = writer.find(path);
        if (existing) {
            c.existed = true;
            const FileRecord& old = existing->record;
            // A new, changed or removed sidecar entry re-reads the file; so
            // does --ocr, for a file whose scanned pages were left unread,
            // and a failure that may not happen again (a time-out, memory,
            // a crash; a scan, now with --ocr). A file that failed for what
            // it is (encrypted, damaged, empty) is not read again while it
            // is unchanged: it is reported again with its recorded reason.
            const bool failed = old.status != "indexed";
            const bool retry = (failed && may_pass_next_time(old.error, options.extract)) || old.sidecar != sidecars.digest(path) ||
                               (options.extract.ocr && old.pages_without_text > 0);
            // Skipped unchanged; a failure is reported again as it was recorded.
            const auto skip = [&] {
                if (failed) summary.failures.push_back({path, old.error});
                else ++summary.unchanged;
            };
            if (!retry && old.size == c.size && old.mtime == c.mtime) {
                skip();
                continue;
            }
            c.hash = content_hash(path);
            if (!retry && old.hash == c.hash) {
                FileRecord touched = old;
                touched.mtime = c.mtime;
                writer.update_record(existing->doc_id, touched);
                skip();
                continue;
            }
        }
        // A new file's hash is taken by the worker that reads it (below), in
        // parallel, not here before any worker starts.
        to_read.push_back(std::move(c));
    }

    // Files gone from disk leave the index.
    for (const auto& [id, path] : writer.all_records()) {
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            summary.passages_removed += writer.remove(id);
            ++summary.removed;
        }
    }
    writer.commit();

    // Largest files first: a big PDF started last would leave one core
    // working alone at the end of the run.
    std::stable_sort(to_read.begin(), to_read.end(), [](const Candidate& a, const Candidate& b) { return a.size > b.size; });

    // The word list, analyzer, tagger and Poppler's tables are built once,
    // here, and shared with every worker by fork's copy-on-write.
    WordList words;
    if (!to_read.empty()) {
        prepare_tagging();
        words.load(WordList::default_paths());
        prepare_extractors();
    }
    std::vector<std::string> paths;
    std::unordered_set<std::string> hash_in_worker;
    paths.reserve(to_read.size());
    for (const auto& c : to_read) {
        paths.push_back(c.path);
        if (c.hash.empty()) hash_in_worker.insert(c.path);
    }

    std::size_t done = 0, since_commit = 0, passages_since_commit = 0;
    auto last_commit = std::chrono::steady_clock::now();
    summary.read = paths.size();
    run_workers(
        paths, options.limits,
        [&](const std::string& path) {
            // Hashed before it is read: a file changed during the reading
            // then differs from its hash next run, and is read again.
            std::string hash = hash_in_worker.count(path) != 0 ? content_hash(path) : std::string();
            FileResult result = process_file(path, analyzer, words, sidecars.find(path), options.extract, &*tagger);
            result.content_hash = std::move(hash);
            return result;
        },
        [&](std::size_t index, FileResult result) {
            const Candidate& c = to_read[index];
            FileRecord record;
            record.path = c.path;
            record.size = c.size;
            record.mtime = c.mtime;
            // Empty when the worker gave no answer (a crash, a time-out): the
            // next run reads the file again, as it retries those anyway.
            record.hash = c.hash.empty() ? result.content_hash : c.hash;
            record.sidecar = sidecars.digest(c.path);
            record.format = result.format;
            record.title = result.metadata.title.value;
            record.metadata = result.metadata;
            record.pages = result.pages;
            record.has_page_labels = result.has_page_labels;
            record.hal_cover = result.hal_cover;
            record.ocr_pages = std::move(result.ocr_pages);
            record.pages_without_text = result.pages_without_text;
            record.labels = std::move(result.labels);
            record.warnings = std::move(result.warnings);
            record.references = std::move(result.references);
            record.fingerprint = std::move(result.fingerprint);
            // The words the worker looked up go to the workers forked next.
            analyzer.lemmatizer().learn(result.lemma_entries);
            if (result.ok) {
                record.status = "indexed";
                record.passages = static_cast<std::uint32_t>(result.passage_documents.size());
                writer.store(record, result.passage_documents);
                writer.add_vocabulary(result.vocabulary);
                ++summary.indexed;
                summary.passages += result.passage_documents.size();
                summary.pages += result.pages;
                summary.ocr_pages += record.ocr_pages.size();
                summary.pages_without_text += record.pages_without_text;
                summary.hyphens_joined += result.hyphens_joined;
                summary.hyphens_kept += result.hyphens_kept;
                summary.header_lines_removed += result.header_lines_removed;
            } else {
                // Recorded as failed, with no passages: searches never see it,
                // and the next run tries it again.
                record.status = "failed";
                record.error = result.error;
                writer.store(record, {});
                summary.failures.push_back({c.path, result.error});
            }
            ++done;
            ++since_commit;
            passages_since_commit += result.passage_documents.size();
            const auto now = std::chrono::steady_clock::now();
            if (since_commit >= options.batch_files || passages_since_commit >= options.batch_passages ||
                std::chrono::duration<double>(now - last_commit).count() >= options.batch_seconds) {
                writer.commit();
                since_commit = 0;
                passages_since_commit = 0;
                last_commit = now;
            }
            if (progress) progress(done, paths.size(), c.path);
        },
        stop);
    summary.interrupted = stop.load() && done < paths.size();
    // Which documents are one text, once the run is complete (an
    // interrupted run leaves the works of the last complete one).
    const bool changed_documents = summary.indexed + summary.removed > 0;
    if (summary.interrupted && changed_documents) writer.forget_works();
    else if (!summary.interrupted && (changed_documents || writer.works_unknown())) summary.works = writer.group_works();
    writer.commit();
    const double changed = static_cast<double>(summary.passages + summary.passages_removed + summary.indexed + summary.removed);
    if (!summary.interrupted && changed > 0 && changed >= options.compact_share * static_cast<double>(writer.document_count())) {
        writer.compact_and_close();
        summary.compacted = true;
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    auto cpu = [](int who) {
        struct rusage usage{};
        getrusage(who, &usage);
        return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    };
    summary.writer_cpu_seconds = cpu(RUSAGE_SELF);
    summary.worker_cpu_seconds = cpu(RUSAGE_CHILDREN);
    return summary;
}

}  // namespace grappe
