// A PDF's way through the whole worker (pipeline/process_file.h): Poppler's
// core API with the font keeper (extract/pdf_reading.cc), the layout
// (columns, turned words, glyph fonts), page labels, the Info dictionary and
// XMP, then repair, segmentation, analysis and tagging. Whatever the bytes,
// the worker returns a result or says why not, never throws, and keeps
// file_chain.h's promises. Poppler itself is Debian's, not instrumented:
// the fuzzer steers by Grappe's branches, and a crash in Poppler still
// shows (with ASan's allocator checking every allocation Poppler makes).
// The seeds are small PDFs written by make-pdf-seeds; pdf.dict holds the
// format's words so that mutations splice in tokens, not only bytes.
#include "file_chain.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const grappe::fuzz::FileChain chain("pdf");
    grappe::fuzz::check_file_result(chain.process(grappe::fuzz::as_text(data, size), ".pdf"));
    return 0;
}
