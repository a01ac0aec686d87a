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
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace grappe {

enum class Scope { Passage, Window, Page, Document };

// "passage", "window", "page", "document".
[[nodiscard]] const char* scope_name(Scope scope);

class ScopeMatch {
  public:
    // `clauses`: the query's required clauses (at most 64: more and the
    // scope is the passage's); `excluded`: MatchNothing when none.
    ScopeMatch(const Xapian::Database& db, Scope scope, const std::vector<Xapian::Query>& clauses, const Xapian::Query& excluded);

    // A passage that matches some clause, in a qualifying group.
    [[nodiscard]] bool accepts(Xapian::docid passage) const;
    // The other passages of its group that hold the clauses it lacks: for
    // each, the nearest in the document, in document order (none when it
    // holds them all).
    [[nodiscard]] std::vector<Xapian::docid> companions(Xapian::docid passage) const;

    // The accepted passages as a query: their pages, windows or documents
    // (schema.h terms and value ranges), for a database whose remote shards
    // run no decider (shards.h). Filtered by the clauses' OR, it matches
    // the passages the decider accepts.
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
        std::uint32_t doc = 0, page = 0, ordinal = 0;
        std::uint64_t clauses = 0;  // bit i: matches required clause i
        bool excluded = false;
        bool accepted = false;
    };
    // The passages each group holds, in document order, by group key.
    [[nodiscard]] std::uint64_t group_key(const Place& p) const;
    void read_places(const Xapian::Database& db, std::vector<Xapian::docid>& passages);
    // The passages `query` matches, their places read by matches (shards.h:
    // remote shards stream no values).
    std::vector<Xapian::docid> match_places(const Xapian::Database& db, const Xapian::Query& query);

    Scope scope_;
    std::uint64_t all_ = 0;  // every required clause's bit
    std::unordered_map<Xapian::docid, Place> places_;
    // Per document, its matching passages by ordinal (for windows and companions).
    std::unordered_map<std::uint32_t, std::vector<Xapian::docid>> by_document_;
};

}  // namespace grappe
