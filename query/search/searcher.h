// Searcher: a query string in, ranked hits out, over one Grappe database.
//
// Where the required words must be is the request's scope (scope.h):
// one passage, a passage and its neighbours, a page, or a document. Hits
// are passages, collapsed to the best passage per document unless
// by_passage; in the wider scopes a hit carries the passages of its group
// that hold the words it lacks.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyze/analyzer.h"
#include "parse/query_parser.h"
#include "search/scope.h"
#include "search/shards.h"
#include "snippets/snippet.h"
#include "store/documents.h"
#include "store/index_writer.h"
#include "works/works.h"

namespace grappe {

struct Hit;

// A search that ran past its request's deadline (the daemon's time per request).
class TimeLimitError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct SearchRequest {
    std::string query;
    std::size_t offset = 0;
    std::size_t limit = 10;
    bool by_passage = false;
    Scope scope = Scope::Page;
    bool facets = false;  // count years, types, authors, languages, concepts, families of all matching documents
    // When not empty: only these passages (sorted doc ids) can be hits, as a
    // timeline's point lists the passages behind it.
    std::vector<std::uint32_t> only_passages;
    // Exports and concordances: no snippets (they cut their own), and hits
    // passed one by one to `each` as they are read instead of gathered
    // (with by_passage; `each` returns false to stop), in relevance order or
    // in document order (documents as indexed, passages in reading order).
    bool snippets = true;
    bool document_order = false;
    std::function<bool(Hit&&)> each;
    // When set: past it the search stops and throws TimeLimitError (Xapian's
    // matcher is told the time left, so one long match stops too).
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct Hit {
    std::size_t rank = 0;  // 1-based, counting the offset
    std::uint32_t doc_id = 0;
    std::uint32_t passage_id = 0;
    std::string path;
    std::string title;
    std::vector<Author> authors;
    std::string year;
    std::string page;              // printed label
    std::uint32_t page_index = 0;  // 1-based position of the page in the file
    std::uint32_t ordinal = 0;
    std::string kind;  // body, heading, footnote, quote, caption, table, reference, toc
    Language language = Language::French;  // the passage's words were read in it
    std::string type;  // of the work: article, thesis... ("" when unknown)
    // Author-year citations in the passage, each with its entry of the
    // document's reference list when it was found there.
    struct Cited {
        Citation citation;
        std::optional<Reference> reference;
    };
    std::vector<Cited> citations;
    // Concepts mentioned in the passage, in order of first mention, each
    // with its mentions as byte ranges of `text`.
    struct ConceptTag {
        std::string id;
        std::string family;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> mentions;
    };
    std::vector<ConceptTag> concepts;
    double score = 0;
    std::string text;  // the whole passage
    Snippet snippet;
    // In a scope wider than a passage: the passages of the hit's window,
    // page or document that hold the required words it lacks, in document
    // order, each with its snippet.
    struct Companion {
        std::uint32_t passage_id = 0;
        std::string page;  // printed label
        std::uint32_t page_index = 0;
        std::uint32_t ordinal = 0;
        std::string kind;
        Snippet snippet;
    };
    std::vector<Companion> companions;
    // The other documents of the same text (a Markdown post and its PDF
    // print, a LibreOffice file and its PDF export): doc id and path.
    std::vector<std::pair<std::uint32_t, std::string>> also_in;
};

// value -> number of matching documents, per facet ("year", "type", "author",
// "language", "concept", "family").
using Facets = std::map<std::string, std::map<std::string, std::size_t>>;

// "zimmerman" -> "zimmermann": a query word the index never saw, and the
// nearest word it has (Xapian's spelling table, built at index time), as
// the documents write it.
struct Suggestion {
    std::string word;
    std::string suggestion;
};

struct SearchResults {
    std::size_t total_estimate = 0;
    std::vector<Hit> hits;
    Facets facets;
    bool concept_filters = false;  // the query used concept: or family:
    std::vector<Suggestion> suggestions;
};

class Searcher {
  public:
    // Throws IndexError when the database is missing, unreadable or of
    // another version; ShardError when a shard does not answer (unless
    // the source allows a partial index).
    explicit Searcher(const IndexSource& source);
    explicit Searcher(const std::string& dir) : Searcher(IndexSource{{dir}, false}) {}

    // Sees what a writer committed since the index was opened or last
    // refreshed (a daemon beside `grappe index`): true when it changed, and
    // the index's lexicon and works are read again.
    bool refresh();

    // Throws QueryError for a malformed query.
    [[nodiscard]] SearchResults search(const SearchRequest& request) const;

    // A document's record, its metadata completed from the other documents
    // of the same text (works/works.h) where it lacks a field, each such
    // field's source saying so, and those documents in same_text.
    [[nodiscard]] std::optional<FileRecord> record(std::uint32_t doc_id) const;
    // Every record of the index (indexed and failed files), by doc id, completed the same way.
    [[nodiscard]] std::vector<std::pair<std::uint32_t, FileRecord>> records() const;
    // The doc ids of the documents that match `query` (the query language,
    // fields alone included) within `scope`, as search finds them. Throws
    // QueryError.
    [[nodiscard]] std::set<std::uint32_t> matching_documents(const std::string& query, Scope scope = Scope::Page) const;
    // The doc ids of the passages that match `query` within one passage,
    // sorted (a timeline's --where corpus). Throws QueryError.
    [[nodiscard]] std::vector<std::uint32_t> matching_passages(const std::string& query) const;
    // Passages of one page (1-based page index) in order.
    [[nodiscard]] std::vector<PassageData> page_passages(std::uint32_t doc_id, std::uint32_t page_index) const;

    [[nodiscard]] const Analyzer& analyzer() const { return analyzer_; }
    // A query parsed against this index: its words stand for the lemmas the
    // index's vocabulary gives them (schema.h synonyms). Throws QueryError.
    [[nodiscard]] ParsedQuery parse(const std::string& query) const;
    // Suggestions for the words of `query` the index has never seen.
    [[nodiscard]] std::vector<Suggestion> suggestions(const ParsedQuery& query) const;
    // The lexicon the index was tagged with.
    [[nodiscard]] const IndexLexicon& lexicon() const { return lexicon_; }
    // For readers of the index's postings and values (timelines).
    [[nodiscard]] const Xapian::Database& database() const { return db_; }
    // Which state of the index this Searcher reads (its folder and commit):
    // equal revisions give equal answers (the daemon's answer cache).
    [[nodiscard]] std::string revision() const { return index_.revision(); }
    // Whether a writer (`grappe index`) holds the index now: its commits
    // are still coming. A remote shard says nothing of its writers: there,
    // whether the index changed in the last kRecentChange (a run commits
    // at least every 5 s while its files change).
    [[nodiscard]] bool being_written() const;
    static constexpr std::chrono::seconds kRecentChange{10};
    // The shards (one part for an index that is not sharded), and what was
    // left out of a partial index.
    [[nodiscard]] const OpenIndex& shards() const { return index_; }
    [[nodiscard]] const std::vector<std::string>& warnings() const { return index_.warnings; }
    [[nodiscard]] const Works& works() const { return works_; }

  private:
    // The public reads, each once; the public ones run them again (a few
    // times) when a writer's commits discard the revision being read.
    [[nodiscard]] ParsedQuery parse_once(const std::string& query) const;
    [[nodiscard]] SearchResults search_once(const SearchRequest& request) const;
    [[nodiscard]] std::optional<FileRecord> record_once(std::uint32_t doc_id) const;
    [[nodiscard]] std::vector<std::pair<std::uint32_t, FileRecord>> records_once() const;
    [[nodiscard]] std::set<std::uint32_t> matching_documents_once(const std::string& query, Scope scope) const;
    [[nodiscard]] std::vector<std::uint32_t> matching_passages_once(const std::string& query) const;
    [[nodiscard]] std::vector<PassageData> page_passages_once(std::uint32_t doc_id, std::uint32_t page_index) const;
    template <typename Read>
    auto retrying(Read&& read) const -> decltype(read()) {
        for (int attempt = 0;; ++attempt) {
            try {
                return read();
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt == 4) throw IndexError("the index kept changing while it was read: run the command again");
                reopen_after_change();
            }
        }
    }
    void reopen_after_change() const;
    // The Xapian query of a parsed query within a scope, and for a scope
    // wider than the passage, which passages it accepts.
    struct Matcher {
        Xapian::Query query;
        std::unique_ptr<ScopeMatch> scope;
        std::unique_ptr<ScopeMatch::Decider> decider;
    };
    // `facets`: the scope also reads its passages' facet values where
    // remote shards carry them (search_ranked_here counts facets there).
    [[nodiscard]] Matcher matcher(const ParsedQuery& parsed, Scope scope, bool facets = false) const;
    // Doc ids (collapse keys) of the documents with a passage matching `query`.
    [[nodiscard]] std::vector<std::string> documents_matching(const Xapian::Query& query, const Xapian::MatchDecider* decider = nullptr) const;
    // Every passage `query` matches (and `decider` accepts), in doc id
    // order, with its record; and how many works have one holding `term`.
    struct MatchedPassage {
        Xapian::docid passage;
        std::uint32_t record;
    };
    [[nodiscard]] std::vector<MatchedPassage> passages_matching(const Xapian::Query& query, const Xapian::MatchDecider* decider) const;
    // Exactly these passages, as a query (for remote shards, which run no decider).
    [[nodiscard]] Xapian::Query passages_query(const std::vector<std::uint32_t>& passages) const;
    [[nodiscard]] std::size_t works_with(const std::vector<MatchedPassage>& matched, const std::string& term) const;
    // Where every shard's passages carry their facet value (schema.h
    // kSlotFacets): the works the matching passages belong to, and those
    // of each facet term among them, from one match with a
    // ValueCountMatchSpy (run by each shard's server) where a remote match
    // per facet value took a second or more. Nothing where a shard lacks it.
    struct SpiedFacets {
        std::set<std::uint32_t> works;
        std::map<std::string, std::set<std::uint32_t>> works_by_term;
    };
    // Held to `deadline` as the search is (TimeLimitError past it).
    [[nodiscard]] std::optional<SpiedFacets> spied_facets(const Xapian::Query& query,
                                                          const std::optional<std::chrono::steady_clock::time_point>& deadline) const;
    // The record as stored (null: not a record), shared with the cache: a
    // record's reference list is not copied to learn its format.
    [[nodiscard]] std::shared_ptr<const FileRecord> stored_record(std::uint32_t doc_id) const;
    // What the record lends the other copies of its work (its path and the
    // fields of documents.h's lent_value), from its value when it has one,
    // else from the record as stored (an index made before the value).
    [[nodiscard]] std::shared_ptr<const FileRecord> lent_record(std::uint32_t doc_id) const;
    void complete_from_work(std::uint32_t doc_id, FileRecord& record) const;
    // A file with pages (a PDF, an office file laid out in pages).
    [[nodiscard]] bool paginated(std::uint32_t doc_id) const;
    // The works (their keys) of documents given as doc ids: each text once.
    [[nodiscard]] std::vector<std::uint32_t> work_keys(const std::vector<std::string>& doc_ids) const;
    // `snippets`: make them; `records`: the records read so far in this
    // search (a document's many passages read its record once).
    // `rank`: 0-based.
    [[nodiscard]] Hit make_hit(Xapian::docid passage, std::size_t rank, double weight, const Xapian::Document& document, const Highlight& highlight,
                               const ScopeMatch* scope, bool snippets = true,
                               std::map<std::uint32_t, std::optional<FileRecord>>* records = nullptr) const;
    // A scope wider than the passage over a remote shard, which runs no
    // decider: a filter of the accepted pages or windows (value ranges in
    // each document) cost the servers more than all the rest. One match
    // of the clauses within the documents holding an accepted passage
    // instead, each item back with its facet value or record id (as its
    // collapse key, nothing collapsed), ranked as search_once ranks (a
    // filter adds no weight); the passages ScopeMatch accepts are kept,
    // collapsed to one per document and paged here. Without facets, only
    // a page's worth of items is asked for (more while short), and the
    // counts are the scope's.
    [[nodiscard]] SearchResults search_ranked_here(const SearchRequest& request, const ParsedQuery& parsed, const Matcher& matched) const;
    // How many documents a match keeps to make `works` works (search_once's
    // first try; doubled while short).
    [[nodiscard]] Xapian::doccount documents_for_works(std::size_t works) const;
    // What a scope accepts, counted exactly: its passages, else its
    // documents, or their works where texts have copies.
    [[nodiscard]] std::size_t scope_total(const ScopeMatch& scope, bool by_passage) const;
    struct Ranked {
        Xapian::docid id = 0;
        double weight = 0;
        std::uint32_t record = 0;
    };
    // The facets of `results`: from `spied` when given, else from the
    // passages `query` matches that `accept` accepts (a local index), or
    // those `filtered` matches (a remote shard).
    void count_facets(SearchResults& results, const Xapian::Query& query, const Xapian::Query& filtered, const Xapian::MatchDecider* accept,
                      std::optional<SpiedFacets> spied, const SearchRequest& request) const;
    // Whether every shard's passages carry their facet value, their place
    // (schema.h kSlotFacets, kSlotPlace: its metadata says so).
    [[nodiscard]] bool facet_values() const;
    [[nodiscard]] bool place_values() const;
    [[nodiscard]] bool every_shard_marks(std::string_view key) const;
    void add_spied(SpiedFacets& out, const PassageFacets& passage) const;
    // One hit per work: for each work, in rank order, the places of its
    // documents' items among `count` ranked items (`record_at`: an item's
    // record, 0 for none); and which of them to show (a paginated copy
    // when one matched: its pages are what a citation gives).
    using WorkEntry = std::vector<std::size_t>;
    [[nodiscard]] std::vector<WorkEntry> group_by_work(std::size_t count, const std::function<std::uint32_t(std::size_t)>& record_at) const;
    [[nodiscard]] std::size_t shown_copy(const WorkEntry& entry, const std::function<std::uint32_t(std::size_t)>& record_at) const;
    void read_index_metadata();
    // The lemmas the index recorded for a folded key, or the key itself when
    // it is the lemma of indexed forms (empty: neither).
    [[nodiscard]] std::vector<std::string> recorded_lemmas(const std::string& key) const;
    IndexSource source_;
    mutable OpenIndex index_;  // reopened by reads that a commit interrupted
    std::chrono::steady_clock::time_point last_reconnect_ = std::chrono::steady_clock::now();
    Xapian::Database db_;  // index_.whole
    Analyzer analyzer_;
    IndexLexicon lexicon_;
    ConceptVocabulary vocabulary_;
    Works works_;
    // Records read so far, as stored and as completed from their work: a
    // record is parsed once however many hits, copies and searches show it
    // (the daemon's workers search on and on). Emptied when the index
    // changes, and when large (a record with its reference list can weigh
    // tens of kilobytes, and the daemon has a Searcher per thread). Why a
    // Searcher is for one thread at a time.
    static constexpr std::size_t kRecordsKept = 1024;
    mutable std::unordered_map<std::uint32_t, std::shared_ptr<const FileRecord>> stored_cache_;
    mutable std::unordered_map<std::uint32_t, std::optional<FileRecord>> record_cache_;
    mutable std::unordered_map<std::uint32_t, std::shared_ptr<const FileRecord>> lent_cache_;
    // Where a shard is remote: the concept, family and kind terms the index
    // holds (a facet value it lacks costs no match). Emptied with the records.
    mutable std::optional<std::set<std::string>> facet_terms_;
    // Whether every shard carries facet values (grappe.facets). Emptied with the records.
    mutable std::optional<bool> facets_spied_;
    mutable std::optional<bool> places_read_;
    void forget_records() const;
};

}  // namespace grappe
