// grappe-bench-tagging SHARED_DIR: precision and recall of concept tagging
// with the default lexicon, on the annotated sentences of
// tests/golden/concepts/sentences.tsv and on the hand-annotated passages of
// ../shared listed in tests/golden/concepts/passages.tsv, heldout.tsv and fresh.tsv;
// per concept, and
// every disagreement with its passage (printed here, never stored); then
// the author-year citations of tests/golden/citations/passages.tsv.
#include <cstdio>
#include <filesystem>

#include "analyze/analyzer.h"
#include "cite/citations.h"
#include "evaluation/reference_evaluation.h"
#include "repair/dehyphenator.h"
#include "concepts/lexicon.h"
#include "concepts/tagger.h"
#include "evaluation/tagging_evaluation.h"

using namespace grappe;

namespace {

void report(const char* name, const TaggingScore& s) {
    std::printf("%s: %zu items, precision %.3f, recall %.3f (%zu right, %zu wrong, %zu missed)\n", name, s.passages, s.precision(),
                s.recall(), s.true_positives, s.false_positives, s.false_negatives);
    for (const auto& [id, c] : s.by_concept) std::printf("  %-28s %3zu right %3zu wrong %3zu missed\n", id.c_str(), c[0], c[1], c[2]);
}

std::string list(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s) out += (out.empty() ? "" : ",") + x;
    return out.empty() ? "-" : out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: grappe-bench-tagging SHARED_DIR (the folder holding corpus-topic/ and seeds/)\n");
        return 2;
    }
    const std::filesystem::path golden = std::filesystem::path(GRAPPE_SOURCE_DIR) / "tests" / "golden" / "concepts";
    try {
        const Analyzer analyzer;
        const ConceptTagger tagger(Lexicon::default_lexicon(), analyzer);
        TaggingScore sentences;
        for (const AnnotatedSentence& s : read_annotated_sentences((golden / "sentences.tsv").string())) {
            std::set<std::string> found;
            for (const auto& m : tagger.tag(Analyzer::prepare(s.text))) found.insert(m.id);
            sentences.add(s.expected, found);
        }
        report("annotated sentences (ours)", sentences);
        // passages.tsv was read while the lexicon was tuned; heldout.tsv and fresh.tsv were drawn later.
        for (const auto& [file, title] : {std::pair{"passages.tsv", "hand-annotated passages of corpus-topic and seeds (tuning set)"},
                                          std::pair{"heldout.tsv", "held-out hand-annotated passages (2026-11-22)"},
                                          std::pair{"fresh.tsv", "fresh sample of 110 paragraphs (2026-12-02)"}}) {
            const TaggingScore passages = score_annotations(read_annotations((golden / file).string()), argv[1], tagger);
            report(title, passages);
            for (const auto& d : passages.disagreements)
                std::printf("\n%s: expected %s, found %s\n  %s\n", d.file.c_str(), list(d.expected).c_str(), list(d.found).c_str(),
                            d.text.substr(0, 600).c_str());
        }
        // Author-year citations, annotated the same way (tests/golden/citations).
        const TaggingScore citations = score_annotations(
            read_annotations((golden.parent_path() / "citations" / "passages.tsv").string()), argv[1],
            [](const std::string& text) { return citation_keys(text); });
        report("hand-annotated author-year citations of seeds", citations);
        for (const auto& d : citations.disagreements)
            std::printf("\n%s: expected %s, found %s\n  %s\n", d.file.c_str(), list(d.expected).c_str(), list(d.found).c_str(),
                        d.text.substr(0, 600).c_str());
        // Reference lists (tests/golden/citations/references.tsv): entries
        // found with the right first author and year, citations linked.
        WordList words;
        words.load(WordList::default_paths());
        const auto lists = score_reference_lists(read_reference_annotations((golden.parent_path() / "citations" / "references.tsv").string()),
                                                 argv[1], analyzer, words);
        ReferenceScore all;
        std::printf("\nreference lists: entries annotated, parsed, found with the right first author and year; citations linked\n");
        for (const auto& [file, s] : lists) {
            std::printf("  %s\n      %3zu annotated, %3zu parsed, %3zu found (%.3f); %zu of %zu citations linked\n", file.c_str(), s.annotated, s.parsed, s.matched,
                        s.rate(), s.linked, s.citations);
            for (const auto& m : s.missed) std::printf("      missed: %s\n", m.c_str());
            all.add(s);
        }
        std::printf("  all: %zu of %zu entries found (%.3f); %zu of %zu citations linked\n", all.matched, all.annotated, all.rate(), all.linked,
                    all.citations);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "grappe-bench-tagging: %s\n", e.what());
        return 2;
    }
    return 0;
}
