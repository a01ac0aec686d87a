// A file's way through extract -> repair -> segment -> analyse -> tag
// (pipeline/process_file.h), for the formats read without Poppler: plain
// text in any charset, Markdown with front matter, HTML, and the zip
// containers (DOCX, ODT, EPUB). Whatever the bytes, the worker returns a
// result or says why not, never throws; what it stores is valid UTF-8, and
// its encoding, which crosses the pipe to the writer, reads back the same.
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>

#include "analyze/analyzer.h"
#include "concepts/lexicon.h"
#include "concepts/tagger.h"
#include "fuzz.h"
#include "pipeline/process_file.h"
#include "repair/dehyphenator.h"
#include "text/utf8.h"

namespace {

struct Fixture {
    grappe::Analyzer analyzer;
    grappe::WordList words;
    grappe::Lexicon lexicon = grappe::Lexicon::default_lexicon();
    grappe::ConceptTagger tagger{lexicon, analyzer};
    std::filesystem::path folder;
    Fixture() {
        (void)words.load(grappe::WordList::default_paths());
        folder = std::filesystem::temp_directory_path() / ("grappe-fuzz-text-" + std::to_string(::getpid()));
        std::filesystem::create_directories(folder);
    }
    ~Fixture() {
        std::error_code ec;
        std::filesystem::remove_all(folder, ec);
    }
};

void check(const grappe::FileResult& r) {
    using grappe::fuzz::require;
    using grappe::is_valid_utf8;
    if (!r.ok) {
        require(!r.error.empty(), "a failure without a reason");
        require(is_valid_utf8(r.error), "a reason that is not valid UTF-8", r.error);
        return;
    }
    require(is_valid_utf8(r.metadata.title.value), "title not valid UTF-8", r.metadata.title.value);
    for (const std::string& label : r.labels) require(is_valid_utf8(label), "page label not valid UTF-8", label);
    for (const std::string& w : r.warnings) require(is_valid_utf8(w), "warning not valid UTF-8", w);
    for (const std::string& bytes : r.passage_documents) {
        const Xapian::Document doc = Xapian::Document::unserialise(bytes);
        require(is_valid_utf8(doc.get_data()), "stored passage not valid UTF-8");
    }
    const std::string encoded = r.encode();
    require(grappe::FileResult::decode(encoded).encode() == encoded, "FileResult does not read back as it was written");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    static const char* const extensions[] = {".txt", ".md", ".html", ".docx", ".odt", ".epub"};
    // The first byte: the file's extension, hence its reader.
    const grappe::fuzz::Choice in = grappe::fuzz::choose(data, size, std::size(extensions));
    const std::filesystem::path file = fixture.folder / (std::string("input") + extensions[in.which]);
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(in.rest.data(), static_cast<std::streamsize>(in.rest.size()));
    }
    check(grappe::process_file(file.string(), fixture.analyzer, fixture.words, nullptr, {}, &fixture.tagger));
    return 0;
}
