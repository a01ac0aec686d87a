// Works: documents that are one text. A reader's folder holds a blog post
// as Markdown beside its PDF print and the PDF's plain text, a HAL PDF
// beside the LibreOffice file it was exported from, the same report saved
// twice. A search shows such a work once ("also in: PATH"), counts it once
// in facets and concept timelines, and completes the metadata one copy lacks
// from another (the Markdown states its date, the PDF print does not).
//
// Near is measured on the words: each document's fingerprint is the bottom-k
// sketch of the hashes of its word 4-shingles (runs of four folded words, in
// reading order): the 256 smallest. Two documents' resemblance, the share of
// shingles they have in common among all of theirs (Jaccard), is estimated
// from their sketches (Broder 1997). Documents whose resemblance is at least
// kSameWork are one work, and works are closed under it (a .md like a .pdf
// like its .txt is one work).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grappe {

struct Token;

// 0.5: between what tools/bench-works measured on ../shared on 2026-12-02:
// 0.72 to 1.00 between the renderings of one text (the lowest, a Texinfo
// manual's text and its PDF), at most 0.40 between different texts (two
// LaTeX templates of one class).
inline constexpr double kSameWork = 0.5;

// The sketch of a document's words (its passages' tokens in order):
// sorted, at most 256 hashes; empty when the document has fewer than 8
// shingles (too short to tell).
[[nodiscard]] std::vector<std::uint32_t> text_fingerprint(const std::vector<std::vector<Token>>& passages);

// Estimated resemblance of two documents from their sketches, 0..1.
[[nodiscard]] double resemblance(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);

// A sketch as the bytes of a value slot, and back (garbage gives none).
[[nodiscard]] std::string encode_fingerprint(const std::vector<std::uint32_t>& sketch);
[[nodiscard]] std::vector<std::uint32_t> decode_fingerprint(std::string_view bytes);

// The works of an index with more than one document, by doc id.
class Works {
  public:
    Works() = default;
    // Groups documents (doc id, sketch) whose resemblance is at least
    // `threshold`, directly or through others.
    [[nodiscard]] static Works group(const std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>>& documents,
                                     double threshold = kSameWork);

    // The doc ids of the documents of one text with `doc_id`, itself
    // included, in increasing order; just itself when it stands alone.
    [[nodiscard]] std::vector<std::uint32_t> members(std::uint32_t doc_id) const;
    // The smallest doc id of its work: one key per work.
    [[nodiscard]] std::uint32_t key(std::uint32_t doc_id) const;
    [[nodiscard]] const std::vector<std::vector<std::uint32_t>>& groups() const { return groups_; }

    // JSON, an array of arrays of doc ids ("[[12,40],[7,9,31]]"), as the
    // index keeps it (schema.h); from_json of garbage gives no works.
    [[nodiscard]] std::string to_json() const;
    [[nodiscard]] static Works from_json(std::string_view json);
    // The works of the shards of one index, each with its own (doc ids global).
    void add(const Works& other);

  private:
    void index_groups();
    std::vector<std::vector<std::uint32_t>> groups_;  // each sorted, two members or more
    std::map<std::uint32_t, std::size_t> group_of_;
};

}  // namespace grappe
