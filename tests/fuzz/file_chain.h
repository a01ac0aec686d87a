// What the file-reading fuzz targets share (text_chain.cc, pdf.cc): the
// analyser, word list, lexicon and tagger a worker holds, a scratch folder
// for the input written as a file, and the promises a worker's result keeps
// whatever the bytes were: a failure says why; what it stores is valid
// UTF-8; its encoding, which crosses the pipe to the writer, reads back the
// same.
#pragma once

#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "analyze/analyzer.h"
#include "concepts/lexicon.h"
#include "concepts/tagger.h"
#include "fuzz.h"
#include "pipeline/process_file.h"
#include "repair/dehyphenator.h"
#include "text/utf8.h"

namespace grappe::fuzz {

struct FileChain {
    Analyzer analyzer;
    WordList words;
    Lexicon lexicon = Lexicon::default_lexicon();
    ConceptTagger tagger{lexicon, analyzer};
    std::filesystem::path folder;

    explicit FileChain(const std::string& name) {
        (void)words.load(WordList::default_paths());
        folder = std::filesystem::temp_directory_path() / ("grappe-fuzz-" + name + "-" + std::to_string(::getpid()));
        std::filesystem::create_directories(folder);
    }
    ~FileChain() {
        std::error_code ec;
        std::filesystem::remove_all(folder, ec);
    }
    FileChain(const FileChain&) = delete;
    FileChain& operator=(const FileChain&) = delete;

    // The bytes written as `input.EXT` and read as a worker reads a file.
    [[nodiscard]] FileResult process(std::string_view bytes, const std::string& extension) const {
        const std::filesystem::path file = folder / ("input" + extension);
        {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        }
        return process_file(file.string(), analyzer, words, nullptr, {}, &tagger);
    }
};

inline void check_file_result(const FileResult& r) {
    if (!r.ok) {
        require(!r.error.empty(), "a failure without a reason");
        require(is_valid_utf8(r.error), "a reason that is not valid UTF-8", r.error);
        return;
    }
    require(is_valid_utf8(r.metadata.title.value), "title not valid UTF-8", r.metadata.title.value);
    for (const Author& a : r.metadata.authors)
        require(is_valid_utf8(a.family) && is_valid_utf8(a.given), "author not valid UTF-8", a.family + ", " + a.given);
    for (const std::string& label : r.labels) require(is_valid_utf8(label), "page label not valid UTF-8", label);
    for (const std::string& w : r.warnings) require(is_valid_utf8(w), "warning not valid UTF-8", w);
    for (const std::string& bytes : r.passage_documents) {
        const Xapian::Document doc = Xapian::Document::unserialise(bytes);
        require(is_valid_utf8(doc.get_data()), "stored passage not valid UTF-8");
    }
    const std::string encoded = r.encode();
    require(FileResult::decode(encoded).encode() == encoded, "FileResult does not read back as it was written");
}

}  // namespace grappe::fuzz
