// grappe-bench-metadata DB GOLDEN: what the index read for each annotated
// document (tests/golden/metadata/documents.tsv) beside what a person read,
// field by field, then each field's precision and coverage. tools/bench-metadata
// builds the index of the three corpora and runs it.
#include <cstdio>
#include <filesystem>

#include "evaluation/metadata_evaluation.h"
#include "search/searcher.h"

using namespace grappe;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: grappe-bench-metadata DB GOLDEN.tsv\n");
        return 2;
    }
    try {
        const Searcher searcher(argv[1]);
        std::vector<std::pair<std::string, Metadata>> documents;
        for (const auto& [id, record] : searcher.records()) documents.emplace_back(record.path, record.metadata);
        const std::vector<MetadataAnnotation> truth = read_metadata_annotations(argv[2]);
        for (const MetadataAnnotation& a : truth) {
            const Metadata* m = annotated_document(a, documents);
            std::printf("%s\n", a.file.c_str());
            if (!m) {
                std::printf("  not in the index\n");
                continue;
            }
            for (MetadataField f : kMetadataFields) {
                const FieldOutcome o = compare_field(f, a, *m);
                const char* mark = o.right ? "ok" : !o.given ? (o.expected.empty() ? "--" : "MISSING") : "WRONG";
                std::printf("  %-7s %-7s read: %s%s%s%s\n", field_name(f), mark, o.given ? o.read.c_str() : "(none)",
                            o.given ? ("  (" + o.source + ")").c_str() : "", o.right || o.expected.empty() ? "" : "  expected: ",
                            o.right ? "" : o.expected.c_str());
            }
        }
        const MetadataEvaluation e = evaluate_metadata(truth, documents);
        std::printf("\n%-8s %9s %6s %6s %6s %10s %9s\n", "field", "documents", "have", "given", "right", "precision", "coverage");
        for (MetadataField f : kMetadataFields) {
            const FieldScore& s = e[f];
            std::printf("%-8s %9zu %6zu %6zu %6zu %10.3f %9.3f\n", field_name(f), s.documents, s.have, s.given, s.right, s.precision(), s.coverage());
        }
        for (const auto& file : e.unmatched) std::printf("annotated but not indexed: %s\n", file.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "grappe-bench-metadata: %s\n", e.what());
        return 2;
    }
}
