// Measuring the tagger against passages a person annotated (the hand-
// annotated sample of ../shared in tests/golden/concepts/passages.tsv).
// The annotation file holds no text: a passage is found in its file by the
// fingerprint of its text, so the texts stay where their licence keeps them.
#pragma once

#include <array>
#include <functional>
#include <cstddef>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "concepts/tagger.h"

namespace grappe {

struct AnnotatedPassage {
    std::string file;         // relative to the annotations' root (../shared)
    std::string fingerprint;  // FNV-1a 64 (16 hex digits) of the trimmed paragraph
    std::set<std::string> expected;
};

// Throws std::runtime_error with file and line for a malformed line.
[[nodiscard]] std::vector<AnnotatedPassage> read_annotations(const std::string& path);

// tests/golden/concepts/sentences.tsv: expected<TAB>sentence per line.
struct AnnotatedSentence {
    std::string text;
    std::set<std::string> expected;
};
[[nodiscard]] std::vector<AnnotatedSentence> read_annotated_sentences(const std::string& path);

// Paragraphs of a text: runs of lines separated by blank (white-space only)
// lines, each trimmed.
[[nodiscard]] std::vector<std::string> blank_line_paragraphs(const std::string& text);
[[nodiscard]] std::string paragraph_fingerprint(const std::string& trimmed_paragraph);

// The rows of a TSV annotation file (lines starting with '#' and the header
// line skipped), split at tabs. Throws std::runtime_error with file and line
// when a row has not `columns` fields (`shape` names them for the message).
[[nodiscard]] std::vector<std::vector<std::string>> annotation_rows(const std::string& path, std::size_t columns, const char* shape);

struct TaggingScore {
    struct Disagreement {
        std::string file;
        std::string text;  // the passage, for the person reading the report (never stored)
        std::set<std::string> expected, found;
    };
    std::size_t passages = 0, true_positives = 0, false_positives = 0, false_negatives = 0;
    std::map<std::string, std::array<std::size_t, 3>> by_concept;  // id -> {true, false, missed}
    std::vector<Disagreement> disagreements;
    [[nodiscard]] double precision() const;
    [[nodiscard]] double recall() const;
    void add(const std::set<std::string>& expected, const std::set<std::string>& found);
};

// Reads each annotated passage (found under `root`) with `read` (given its
// prepared text: Analyzer::prepare) and compares what it finds with what the
// annotation expects. Also serves other annotated sets than concepts (the
// citations of tests/golden/citations). Throws std::runtime_error when a file
// or a passage is not found (a changed text).
using ParagraphReader = std::function<std::set<std::string>(const std::string& prepared_text)>;
[[nodiscard]] TaggingScore score_annotations(const std::vector<AnnotatedPassage>& annotations, const std::string& root,
                                             const ParagraphReader& read);
// The concepts `tagger` finds.
[[nodiscard]] TaggingScore score_annotations(const std::vector<AnnotatedPassage>& annotations, const std::string& root,
                                             const ConceptTagger& tagger);

}  // namespace grappe
