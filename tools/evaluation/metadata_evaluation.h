// Measuring metadata against a person's reading: tests/golden/metadata/
// documents.tsv gives title, authors, year and type of every document of
// the sample corpus, ../shared/seeds and ../shared/corpus-topic, blank
// where the truth cannot be established. For each field, precision is the
// share of the values Grappe gives that are right (a value where the truth
// is blank counts wrong: it was a guess), coverage the share of the
// documents that have one for which Grappe gives one.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "metadata/metadata.h"

namespace grappe {

struct MetadataAnnotation {
    std::string file;  // "sample/x.pdf", "seeds/x.txt", "corpus-topic/pdf/x.pdf": matched as a path suffix
    std::string title;
    std::vector<std::string> authors;  // family names as annotated
    std::string year;
    std::string type;
};

// file<TAB>title<TAB>authors<TAB>year<TAB>type<TAB>note; throws std::runtime_error
// with file and line for a malformed row.
[[nodiscard]] std::vector<MetadataAnnotation> read_metadata_annotations(const std::string& path);

enum class MetadataField { Title, Authors, Year, Type };
inline constexpr std::array<MetadataField, 4> kMetadataFields = {MetadataField::Title, MetadataField::Authors, MetadataField::Year,
                                                                 MetadataField::Type};
[[nodiscard]] const char* field_name(MetadataField field);

// One field of one document: what the annotation says, what Grappe read.
struct FieldOutcome {
    std::string expected, read, source;
    bool given = false;  // Grappe gave a value
    bool right = false;  // ... and it is the annotated one
};
[[nodiscard]] FieldOutcome compare_field(MetadataField field, const MetadataAnnotation& truth, const Metadata& read);

struct FieldScore {
    std::size_t documents = 0, have = 0, given = 0, right = 0, given_where_have = 0;
    [[nodiscard]] double precision() const { return given ? static_cast<double>(right) / static_cast<double>(given) : 1.0; }
    [[nodiscard]] double coverage() const { return have ? static_cast<double>(given_where_have) / static_cast<double>(have) : 1.0; }
};

struct MetadataEvaluation {
    std::array<FieldScore, 4> fields;  // by MetadataField
    std::vector<std::string> unmatched;  // annotated files not found among the documents
    [[nodiscard]] const FieldScore& operator[](MetadataField f) const { return fields[static_cast<std::size_t>(f)]; }
};

// `documents`: (absolute path, metadata) of every indexed document.
[[nodiscard]] MetadataEvaluation evaluate_metadata(const std::vector<MetadataAnnotation>& truth,
                                                   const std::vector<std::pair<std::string, Metadata>>& documents);

// The document of `documents` an annotation is about, or nullptr.
[[nodiscard]] const Metadata* annotated_document(const MetadataAnnotation& truth,
                                                 const std::vector<std::pair<std::string, Metadata>>& documents);

}  // namespace grappe
