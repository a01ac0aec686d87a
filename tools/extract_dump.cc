// grappe-extract-dump: what an extractor hands to repair, line by line.
//
// Prints each file's declared values, then every page's label and lines
// with their flags and geometry (to a tenth of a point), as tab-separated
// text meant for diff: run it before and after a change to an extractor
// and compare the two outputs. Not a test and not shipped.
//   grappe-extract-dump FILE...
#include <cstdio>
#include <string>

#include "extract/extractors.h"

namespace {

void print_declared(const char* name, const grappe::Declared& d) {
    if (!d.empty()) std::printf("%s\t%s\t%s\n", name, d.value.c_str(), d.source.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    int failed = 0;
    for (int a = 1; a < argc; ++a) {
        std::printf("== %s\n", argv[a]);
        try {
            const grappe::RawDocument doc = grappe::extract_file(argv[a]);
            print_declared("title", doc.title);
            print_declared("authors", doc.authors);
            print_declared("date", doc.date);
            std::printf("body_type_size\t%.2f\tpages_without_text\t%u\tlabels\t%d\n", static_cast<double>(doc.body_type_size),
                        doc.pages_without_text, doc.has_page_labels ? 1 : 0);
            for (const std::string& w : doc.warnings) std::printf("warning\t%s\n", w.c_str());
            for (const grappe::RawPage& page : doc.pages) {
                std::printf("-- page %s\theight %.1f\n", page.label.c_str(), static_cast<double>(page.height));
                for (const grappe::TextLine& l : page.lines)
                    std::printf("%c%c%c%c%c\t%.1f %.1f %.1f %.1f\t%.1f\t%s\n", l.starts_paragraph ? 'P' : '.',
                                l.footnote ? 'F' : '.', l.heading ? 'H' : '.', l.table_row ? 'T' : '.', l.list_item ? 'L' : '.',
                                static_cast<double>(l.x0), static_cast<double>(l.y0), static_cast<double>(l.x1),
                                static_cast<double>(l.y1), static_cast<double>(l.type_size), l.text.c_str());
            }
        } catch (const grappe::ExtractionError& e) {
            std::printf("error\t%s\n", e.what());
            ++failed;
        }
    }
    return failed > 0 ? 1 : 0;
}
