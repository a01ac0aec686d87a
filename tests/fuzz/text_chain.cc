// A file's way through extract -> repair -> segment -> analyse -> tag
// (pipeline/process_file.h), for the formats read without Poppler: plain
// text in any charset, Markdown with front matter, HTML, and the zip
// containers (DOCX, ODT, EPUB). Whatever the bytes, the worker returns a
// result or says why not, never throws, and keeps file_chain.h's promises.
#include "file_chain.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const grappe::fuzz::FileChain chain("text");
    static const char* const extensions[] = {".txt", ".md", ".html", ".docx", ".odt", ".epub"};
    // The first byte: the file's extension, hence its reader.
    const grappe::fuzz::Choice in = grappe::fuzz::choose(data, size, std::size(extensions));
    grappe::fuzz::check_file_result(chain.process(in.rest, extensions[in.which]));
    return 0;
}
