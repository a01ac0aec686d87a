// One file through extract -> repair -> segment -> analyse, as a worker runs
// it. The result crosses a pipe from the worker to the writer, so it has a
// byte encoding (encode/decode) as well as a C++ form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyzer.h"
#include "cite/citations.h"
#include "concepts/tagger.h"
#include "extract/extractors.h"
#include "metadata/metadata.h"
#include "metadata/sidecar.h"
#include "repair/dehyphenator.h"
#include "store/documents.h"

namespace grappe {

struct FileResult {
    bool ok = false;
    std::string error;  // why the file could not be indexed, for the user
    std::string format;
    Metadata metadata;
    std::uint32_t pages = 0;
    bool has_page_labels = false;
    bool hal_cover = false;
    std::vector<std::uint32_t> ocr_pages;  // raw_document.h
    std::uint32_t pages_without_text = 0;
    std::vector<std::string> labels;
    std::vector<std::string> warnings;
    std::vector<Reference> references;
    std::vector<std::string> passage_documents;  // Xapian::Document::serialise() each
    std::vector<WordForm> vocabulary;             // its words, for the index's synonyms and spelling
    std::vector<Lemmatizer::Entry> lemma_entries;  // words the worker looked up: its parent learns them
    std::uint32_t hyphens_joined = 0;
    std::uint32_t hyphens_kept = 0;
    std::uint32_t header_lines_removed = 0;
    std::vector<std::uint32_t> fingerprint;  // works/works.h: which documents are one text
    std::string content_hash;  // of the file's bytes, when the indexer asks the worker for it (index_run.cc)

    [[nodiscard]] std::string encode() const;
    // Throws std::runtime_error on a truncated or garbled encoding.
    [[nodiscard]] static FileResult decode(std::string_view bytes);
    [[nodiscard]] static FileResult failure(std::string reason) {
        FileResult r;
        r.error = std::move(reason);
        return r;
    }
};

// Never throws for bad input: an unreadable file is a FileResult with ok=false.
// `sidecar`, when the user keeps a record of the file, outranks its own metadata.
// `tagger` tags each passage's concepts (none without one: extraction tests).
[[nodiscard]] FileResult process_file(const std::string& path, const Analyzer& analyzer, const WordList& words,
                                      const SidecarEntry* sidecar = nullptr, const ExtractOptions& options = {},
                                      const ConceptTagger* tagger = nullptr);

}  // namespace grappe
