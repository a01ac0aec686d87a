// The sidecar readers (metadata/sidecar.h): a .bib or CSL-JSON file a user
// keeps beside the documents is read as far as it is well formed, and each
// error names a line of the file; nothing throws.
#include <algorithm>

#include "fuzz.h"
#include "metadata/sidecar.h"
#include "text/utf8.h"

namespace {

void check(const grappe::SidecarFile& read, std::string_view text) {
    using grappe::fuzz::require;
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    for (const grappe::SidecarError& e : read.errors) {
        require(e.line <= lines, "error line past the end of the file", e.to_string());
        require(!e.message.empty(), "error without a message");
    }
    for (const grappe::SidecarEntry& entry : read.entries) {
        require(!entry.digest.empty(), "entry without a digest", entry.key);
        if (grappe::is_valid_utf8(text)) {
            require(grappe::is_valid_utf8(entry.metadata.title.value), "title not valid UTF-8", entry.metadata.title.value);
            for (const grappe::Author& a : entry.metadata.authors)
                require(grappe::is_valid_utf8(a.family) && grappe::is_valid_utf8(a.given), "author not valid UTF-8", a.family);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first byte: BibTeX, CSL-JSON, or one LaTeX field value.
    const grappe::fuzz::Choice in = grappe::fuzz::choose(data, size, 3);
    switch (in.which) {
        case 0: check(grappe::parse_bibtex(in.rest, "fuzz.bib"), in.rest); break;
        case 1: check(grappe::parse_csl_json(in.rest, "fuzz.json"), in.rest); break;
        default: {
            const std::string text = grappe::latex_to_text(in.rest);
            if (grappe::is_valid_utf8(in.rest)) grappe::fuzz::require(grappe::is_valid_utf8(text), "latex_to_text made invalid UTF-8", text);
        }
    }
    return 0;
}
