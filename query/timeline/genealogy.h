// A concept's genealogy in a corpus: when it appears (its first attestation,
// with the sentence), when it peaks, which literature it leans on (the
// median year of the works cited beside it, the authors cited most), which
// times its texts talk about (the median year of the periods named beside
// it), and the concepts it keeps company with, in the first and the second
// half of its life. Read from the index as timelines are (timeline.h), plus
// the stored data of the first attestation and of the passages that cite.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "metadata/metadata.h"

namespace grappe {

class Searcher;

struct Attestation {
    std::uint32_t doc_id = 0;
    std::uint32_t passage_id = 0;
    std::string path;
    std::string title;
    std::vector<Author> authors;
    int year = 0;
    std::string page;      // printed label
    std::string sentence;  // the sentence of the first mention, as written
};

struct Genealogy {
    std::string id;
    std::string family;
    std::size_t passages = 0;   // each work once
    std::size_t documents = 0;
    std::size_t undated_documents = 0;
    std::optional<Attestation> first;  // the earliest dated work's first passage that mentions it
    int last_year = 0;                  // 0: no dated work
    // The year with the most documents mentioning it (then passages, then the earlier).
    int peak_year = 0;
    std::size_t peak_documents = 0, peak_passages = 0;
    int median_cited_year = 0;   // of the citations in its passages; 0 for none
    std::size_t citations = 0;
    int median_period_year = 0;  // of the middle years of the periods named in its passages; 0 for none
    std::size_t periods = 0;
    // The first authors cited beside it, those cited by most documents
    // first (one paper repeating a name does not outweigh many citing it),
    // then by citations; spellings of one name ("Amissé", "Amisse") merged.
    struct CitedAuthor {
        std::string author;  // as most often written
        std::size_t documents = 0, citations = 0;
    };
    std::vector<CitedAuthor> cited_authors;
    std::vector<std::pair<std::string, std::size_t>> cooccurring;   // concepts sharing most passages
    // Its life cut in two at the middle year between first and last
    // (0 when it lives one year or none): the company it keeps in each half.
    int split_year = 0;
    std::vector<std::pair<std::string, std::size_t>> cooccurring_before, cooccurring_after;
};

// One entry per concept id, ordered by first attestation (the undated and
// the absent last, in the order given). `top` entries per list.
// Throws IndexError when the index cannot be read.
[[nodiscard]] std::vector<Genealogy> compute_genealogy(const Searcher& searcher, const std::vector<std::string>& concept_ids,
                                                       std::size_t top = 3);

}  // namespace grappe
