// Scopes wider than one passage. A page's words often fall in two
// neighbouring passages (a paragraph that ends on the next one, a heading
// and its text), so a query of words read on a page must find them there.
//
//   Scope::Passage   every required clause in one passage (strict)
//   Scope::Window    every clause in a passage and its neighbours, the
//                    passages just before and after it in the document
//   Scope::Page      every clause on one page (an EPUB chapter, the whole
//                    of a text or web page, which have no pages)
//   Scope::Document  every clause somewhere in the document
//
// A group (a window, a page, a document) qualifies when each required
// clause matches one of its passages and no excluded clause matches any.
// ScopeMatch finds the qualifying groups, clause by clause, rarest first:
// the passages a clause matches are read from the index (Xapian, boolean),
// and their places (document, page, ordinal) from its value slots. The
// search then ranks the passages of those groups that match some clause,
// so the passage holding most of the words comes first, and shows with it
// the passages of its group that hold the words it lacks (its companions).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace grappe {

enum class Scope { Passage, Window, Page, Document };

// "passage", "window", "page", "document".
[[nodiscard]] const char* scope_name(Scope scope);

class ScopeMatch {
  public:
    // `clauses`: the query's required clauses (at most 64: more and the
    // scope is the passage's); `excluded`: MatchNothing when none;
    // `place_values`: every shard's passages carry kSlotPlace (schema.h),
    // read where values come by match (shards.h).
    // `facet_values`: with them, each passage's kSlotFacets too (remote
    // shards that carry both), for the facets of what it accepts.
    ScopeMatch(const Xapian::Database& db, Scope scope, const std::vector<Xapian::Query>& clauses, const Xapian::Query& excluded,
               bool place_values = false, bool facet_values = false);

    // A passage that matches some clause, in a qualifying group.
    [[nodiscard]] bool accepts(Xapian::docid passage) const;
    // The other passages of its group that hold the clauses it lacks: for
    // each, the nearest in the document, in document order (none when it
    // holds them all).
    [[nodiscard]] std::vector<Xapian::docid> companions(Xapian::docid passage) const;

    // The documents (their record ids, ascending) with an accepted passage.
    [[nodiscard]] std::vector<std::uint32_t> accepted_documents() const;
    // How many passages it accepts.
    [[nodiscard]] std::size_t accepted_count() const;
    // The facet values (kSlotFacets) of the passages it accepts, when it
    // read them (`facet_values`); nullopt otherwise.
    [[nodiscard]] std::optional<std::vector<std::string>> accepted_facet_values() const;

    // The accepted passages as a query: their pages, windows or documents
    // (schema.h terms and value ranges), for a database whose remote shards
    // run no decider (shards.h). Filtered by the clauses' OR, it matches
    // the passages the decider accepts. Slow (a value range checked on
    // each candidate): only for the facets of shards without facet values.
    [[nodiscard]] Xapian::Query accepted_groups() const;

    // For Xapian's matcher: only accepted passages.
    // `shards`: how many the database has (shards.h decided_passage).
    class Decider : public Xapian::MatchDecider {
      public:
        Decider(const ScopeMatch& match, std::uint32_t shards) : match_(match), shards_(shards) {}
        bool operator()(const Xapian::Document& doc) const override;

      private:
        const ScopeMatch& match_;
        std::uint32_t shards_;
    };

  private:
    struct Place {
        Xapian::docid id = 0;  // the passage
        std::uint32_t doc = 0, page = 0, ordinal = 0;
        std::uint64_t clauses = 0;  // bit i: matches required clause i
        bool excluded = false;
        bool accepted = false;
    };
    // A document's places, [begin, end) in `by_document_`.
    struct DocumentPlaces {
        std::uint32_t doc = 0;
        std::uint32_t begin = 0, end = 0;
    };
    [[nodiscard]] std::uint64_t group_key(const Place& p) const;
    // The passages `query` matches with their places (document, page,
    // ordinal), in doc id order: read from the value streams, or by
    // matches where remote shards stream no values (shards.h).
    // With `facets`, also each passage's facet value (where read by match
    // with place values).
    [[nodiscard]] std::vector<Place> match_places(const Xapian::Database& db, const Xapian::Query& query,
                                                  std::vector<std::pair<Xapian::docid, std::string>>* facets = nullptr) const;
    // Adds `found` (doc id order) to places_: a passage already there takes
    // its clauses and exclusion too.
    void merge(std::vector<Place>&& found);
    [[nodiscard]] const Place* find(Xapian::docid passage) const;
    [[nodiscard]] const DocumentPlaces* document(std::uint32_t doc) const;

    Scope scope_;
    bool place_values_ = false;
    bool facet_values_ = false;
    std::vector<std::pair<Xapian::docid, std::string>> facets_;  // by doc id: the required clauses' passages' facet values
    std::uint64_t all_ = 0;  // every required clause's bit
    // Sorted vectors, not hash maps: a common word matches tens of thousands
    // of passages, and a node allocated and hashed for each was most of a
    // search's time.
    std::vector<Place> places_;  // by doc id
    // Per document, its places (indices into places_) in ordinal order, for
    // windows and companions; documents in ascending order.
    std::vector<std::uint32_t> by_document_;
    std::vector<DocumentPlaces> documents_;
};

}  // namespace grappe
