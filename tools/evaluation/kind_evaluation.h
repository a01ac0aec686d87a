// Measuring paragraph kinds (kinds.h) against a person's reading: the
// hand-annotated paragraphs of ../shared in tests/golden/kinds/paragraphs.tsv.
// As for concepts, the annotation file holds no text: a paragraph is found on
// its page by a key made from its first words, so the texts stay where their
// licence keeps them, and a repair that changes a word further on does not
// lose the annotation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "repair/dehyphenator.h"
#include "segment/kinds.h"

namespace grappe {

inline constexpr std::size_t kKindCount = 8;  // PassageKind's values

struct KindAnnotation {
    std::string file;        // relative to the annotations' root (../shared)
    std::uint32_t page = 0;  // 1-based page of the file
    std::string key;         // kind_key() of the paragraph
    PassageKind expected = PassageKind::Body;
};

// file<TAB>page<TAB>key<TAB>kind; throws std::runtime_error with file and
// line for a malformed row or an unknown kind.
[[nodiscard]] std::vector<KindAnnotation> read_kind_annotations(const std::string& path);

// FNV-1a 64 (16 hex digits) of the paragraph's first twelve words, folded
// (accents, case) and without punctuation.
[[nodiscard]] std::string kind_key(std::string_view paragraph);

// Every paragraph of a file as Grappe reads and classifies it, its page's
// footnotes included (kind Footnote), in page order.
struct ClassifiedParagraph {
    std::uint32_t page = 0;  // 1-based
    std::string text;
    PassageKind kind = PassageKind::Body;
};
[[nodiscard]] std::vector<ClassifiedParagraph> classified_paragraphs(const std::string& path, const WordList& words);

struct KindScore {
    struct Disagreement {
        std::string file;
        std::uint32_t page = 0;
        std::string text;  // for the person reading the report (never stored)
        PassageKind expected = PassageKind::Body, found = PassageKind::Body;
    };
    std::size_t annotations = 0;
    std::array<std::array<std::size_t, kKindCount>, kKindCount> confusion{};  // [expected][found]
    // Paragraphs of the annotated files by the kind Grappe gives them: the
    // sample is drawn per found kind, so these weigh each kind's precision
    // into an estimate of the accuracy over all their paragraphs.
    std::array<std::size_t, kKindCount> found_in_files{};
    std::vector<Disagreement> disagreements;
    std::vector<std::string> unmatched;  // annotations whose paragraph was not found: "file p. N key"

    [[nodiscard]] std::size_t matched() const;
    [[nodiscard]] double precision(PassageKind found) const;    // right among the sampled paragraphs given this kind
    [[nodiscard]] double recall(PassageKind expected) const;    // among the sample (drawn per found kind)
    [[nodiscard]] std::size_t found_count(PassageKind found) const;
    [[nodiscard]] double sample_accuracy() const;
    [[nodiscard]] double weighted_accuracy() const;  // each kind's precision weighed by found_in_files
};

// Reads each annotated file (found under `root`) and compares the kind of
// each annotated paragraph with the annotation. Throws std::runtime_error
// when a file cannot be read.
[[nodiscard]] KindScore score_kinds(const std::vector<KindAnnotation>& annotations, const std::string& root, const WordList& words);

}  // namespace grappe
