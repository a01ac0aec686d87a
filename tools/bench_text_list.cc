// grappe-bench-text-list: the floor of any indexer built on Poppler's C++ API.
//
// Reads every page of each PDF given with poppler::page::text_list(), the
// call Grappe's extractor makes, and nothing else: no layout, no analysis,
// no index. tools/bench-index times it beside pdftotext, so the gap between
// pdftotext and grappe index splits into what the C++ API costs over
// pdftotext (it copies the cross-reference table for every page and converts
// every word through iconv) and what Grappe adds.
//   grappe-bench-text-list FILE.pdf...     prints the number of words read
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <cstdio>
#include <memory>
#include <string>

namespace {
void ignore_message(const std::string&, void*) {}
}  // namespace

int main(int argc, char** argv) {
    poppler::set_debug_error_function(ignore_message, nullptr);
    std::size_t words = 0;
    for (int a = 1; a < argc; ++a) {
        const std::unique_ptr<poppler::document> pdf(poppler::document::load_from_file(argv[a]));
        if (!pdf || pdf->is_locked()) continue;
        for (int i = 0; i < pdf->pages(); ++i) {
            const std::unique_ptr<poppler::page> page(pdf->create_page(i));
            if (page) words += page->text_list().size();
        }
    }
    std::printf("%zu\n", words);
    return 0;
}
