// An index as one database, or as the shards of one (store/schema.h,
// "Shards"): local folders and xapian-tcpsrv servers searched as one
// Xapian database (Database::add_database, Xapian::Remote::open), in
// shard order, so that a record's global doc id is its id in the whole.
//
// Xapian 1.4's remote backend answers matches (collapse and sort by value
// included), postings, documents, term statistics and metadata, but
// streams no values (each would be a document fetched over the network),
// runs no MatchDecider and keeps no synonyms. Where Grappe needs those,
// an index with a remote shard reads them otherwise:
//   values    from matches whose collapse keys are the values
//             (matched_values below): one round trip per shard and slot;
//   scopes    wider than a passage: ranked by the client instead of a
//             decider (Searcher::search_ranked_here), places read from
//             kSlotPlace where shards carry it (scope.h);
//   synonyms  from the mirror of them a shard keeps in its metadata
//             (schema.h grappe.syn.*);
//   spelling  suggestions come from local shards only.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/index_writer.h"
#include "store/schema.h"

namespace grappe {

// Where an index is: one folder, or each shard of one, a folder or
// tcp://HOST:PORT (a xapian-tcpsrv serving the shard's folder).
struct IndexSource {
    std::vector<std::string> shards;
    // A shard that does not answer is left out with a warning instead of
    // failing the request.
    bool allow_partial = false;
};

// A shard that cannot be reached or stopped answering; the message names it.
class ShardError : public IndexError {
  public:
    using IndexError::IndexError;
};

struct ShardPart {
    std::string spec;        // as given
    schema::Shard shard;     // {0, 1} for an index that is not a shard
    Xapian::Database db;     // this shard alone (its metadata); shares the whole's connection
    bool remote = false;
    bool absent = false;     // not answering, stood in by an empty database (allow_partial)
    std::string failure;     // why it does not answer
    std::uint64_t inode = 0; // of a local folder when opened: a compaction swaps in another
    // "shard 2/2 (tcp://127.0.0.1:7702)"; a local folder is not named (the
    // daemon never shows its disk's paths).
    [[nodiscard]] std::string name() const;
};

struct OpenIndex {
    Xapian::Database whole;
    std::vector<ShardPart> parts;  // in shard order
    std::vector<std::string> warnings;  // the shards left out, and why
    [[nodiscard]] bool remote() const;
    [[nodiscard]] bool sharded() const { return parts.size() > 1 || (parts.size() == 1 && parts[0].shard.sharded()); }
    // Which state of the index this is: equal revisions give equal answers.
    [[nodiscard]] std::string revision() const;
    // Sees the shards' last commits; true when any changed. Throws
    // IndexError when a local folder was swapped (open it again).
    bool reopen();
};

// Opens every shard, checks their versions, that they are the shards of
// one index (each once, same count, same lexicon) and, unless
// allow_partial, that each answers. Throws IndexError, ShardError.
[[nodiscard]] OpenIndex open_index_source(const IndexSource& source);

// After a network error: the remote shards that no longer answer, named
// ("" when each answers: the failure was elsewhere).
[[nodiscard]] std::string unanswering_shards(const OpenIndex& index);

// Whether this process reads an index with a remote shard: values are then
// read by matched_values rather than from value streams.
[[nodiscard]] bool values_by_match();

// The value in `slot` of each document `query` matches (MatchAll: every
// document) that has one, in ascending doc id order: one match, the
// values coming back as its collapse keys.
[[nodiscard]] std::vector<std::pair<Xapian::docid, std::string>> matched_values(const Xapian::Database& db, const Xapian::Query& query,
                                                                                unsigned slot);

// The same with a second slot's value beside each (its sort key: a remote
// match returns two values at most), "" where a document has none.
struct MatchedValues {
    Xapian::docid id = 0;
    std::string value, second;
    bool operator<(const MatchedValues& other) const { return id < other.id; }
};
[[nodiscard]] std::vector<MatchedValues> matched_values(const Xapian::Database& db, const Xapian::Query& query, unsigned slot,
                                                        unsigned second);

// The doc id in the whole of a passage a MatchDecider is shown: Xapian
// gives a decider the document with its id in its own shard. The shard is
// its record's (schema.h: a passage names its record's global id).
// 0 for a record.
[[nodiscard]] Xapian::docid decided_passage(const Xapian::Document& doc, std::uint32_t shard_count);

// A key's synonyms as the whole index has them, sorted (as a combined
// database merges them): from the synonym tables of local shards, and the
// mirror in a remote shard's metadata.
[[nodiscard]] std::vector<std::string> synonyms_of(const OpenIndex& index, const std::string& key);

}  // namespace grappe
