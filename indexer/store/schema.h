// The index schema: every term prefix, value slot, data field and metadata
// key Grappe writes to Xapian is named here and nowhere else.
//
// One Xapian database holds two kinds of documents:
//
// Passage document (one per passage; a hit is a passage):
//   term  <key>          positional; the folded word as written, accents and
//                        case removed ("ecosystemes"). A query word stands
//                        for every key that shares one of its lemmas (the
//                        synonyms below: "pôle" -> pole, poles), so
//                        inflections meet, phrases match across them, and
//                        derivations do not; =word asks for its key alone;
//                        prefix queries (écosys*) expand on keys
//   term  XE<exact>      lower-cased word with accents kept ("écosystème"),
//                        no positions, only when it differs from the key
//   term  XD<doc id>     boolean: the record document of the source file
//   Fields (boolean, from the document's metadata, on each of its passages):
//   term  XL<lang>       passage language: fr, en, other (else the document's)
//   term  XY<year>       year of the work
//   term  XK<type>       type, spaces as '-': article, conference-paper, thesis...
//   term  XA<key>        each word of each author's family and given names, folded
//   term  XS<lemma>      each lemma of each word of the title
//   term  XH<hal id>     lower-cased HAL id
//   term  XO<doi>        lower-cased DOI
//   term  XP<kind>       boolean: each kind of paragraph in the passage: body,
//                        heading, footnote, quote, caption, table, reference, toc
//   term  XC<key>        boolean: each word of each author cited in the passage
//                        (Porter, 2000), folded: cites:porter
//   term  XN<year>       boolean: each year cited in the passage: cited:1990..1999
//   term  XQ<concept id> boolean: each concept of the lexicon mentioned in the
//                        passage (concepts/tagger.h): concept:cluster
//   term  XF<family id>  boolean: the families of those concepts: family:ecosysteme
//   value kSlotYear      year of the work, sortable_serialise (year ranges)
//   value kSlotDocId     the record's doc id, decimal: the collapse key
//   value kSlotPage      0-based page index, sortable_serialise
//   value kSlotOrdinal   the passage's ordinal in its document, sortable_serialise:
//                        with kSlotPage, where a passage is for the scopes
//                        wider than a passage (query/search/scope.h)
//   value kSlotCitedYears  the year of each citation of the passage, in text
//                        order, two bytes each, big-endian (encode_years in
//                        documents.h): the cited axis of a timeline, read
//                        from a value stream and not from stored text
//   value kSlotPeriods   each period the passage names (cite/periods.h), its
//                        first and last year, two bytes each: the period axis
//   value kSlotRank      "0", or "1" for a reference-list or table-of-contents
//                        passage: results sort on it first, so those rank
//                        below body text
//   value kSlotFacets    on a shard's passages only (grappe.facets): the
//                        record's global id, then each of the passage's
//                        concept, family and kind terms, split by 0x1f
//                        (facet_value in documents.h): where a shard is
//                        served by xapian-tcpsrv, a search's facets are one
//                        match with a ValueCountMatchSpy on it, where they
//                        were a remote match per facet value
//   value kSlotPlace     on a shard's passages only (grappe.places): the
//                        record's global id, the page index and the ordinal,
//                        decimal, split by 0x1f (place_value in
//                        documents.h): a scope wider than the passage reads
//                        where each passage of a clause is from one remote
//                        match instead of one per slot (query/search/scope.h)
// (A passage carries no marker term: every document that is not a record is
// a passage, and a term on every passage would cost the writer for nothing.)
//   data  JSON {"text": stored text, "page": 0-based page index,
//               "label": printed page label, "ordinal": n, "kind": passage kind,
//               "citations": [{"authors", "et_al", "year", "reference": index
//               in the record's references or -1}] (when there are any),
//               "mentions": [{"concept": id, "begin", "end": byte offsets
//               into text}] (when there are any),
//               "periods": [{"from", "to", "begin", "end"}] (when there are any)}
//
// Record document (one per source file; its Xapian docid is the user-facing
// DOC_ID, and stays the same when a changed file is re-indexed):
//   term  QF<path hash>  unique id: 16 hex digits of a hash of the absolute path
//   term  XTrecord       boolean: marks records
//   value kSlotFingerprint  the sketch of the document's words (works/works.h,
//                        encode_fingerprint), when it has enough of them
//   value kSlotRecordYear  the year of the work as its metadata states it,
//                        decimal, when it has one: a timeline dates passages
//                        through their record without reading records' data
//                        (not kSlotYear, which year: ranges match on)
//   data  JSON {"path", "size", "mtime", "hash", "format", "title", "metadata"
//               (each field {"value", "source"}; see store/metadata_json.h), "pages",
//               "has_page_labels", "passages", "hal_cover", "status"
//               ("indexed"|"failed"), "error", "warnings": [...],
//               "labels": [printed label of each page],
//               "references": [{"authors", "year", "title"}] (its bibliography)}
//
// Synonyms (Xapian's synonym table), the index's vocabulary:
//   <key> -> Z<lemma>... and XE<exact>...: the lemmas (analyze/lemmatizer.h)
//            each folded word was read with, and the forms it was written
//            in, so that a query word is analysed as the documents' words
//            were without loading a dictionary ("ecosystemes" ->
//            Zecosysteme), and a suggestion is shown as written
//            ("competitivite" -> compétitivité)
//   Z<lemma> -> <key>...: the keys of the index that have that lemma
//            ("Zporter" -> porter, portes, porte, porté): what a query
//            word expands to
// Spelling (Xapian's spelling table): every key, with the number of files
// it was seen in (a file stored again, changed, counts again): "did you
// mean" for a query word the index lacks, the nearest word most files use.
//
// Database metadata:
//   grappe.schema    kSchemaVersion, decimal
//   grappe.analyzer  Analyzer::kVersion, decimal
//   grappe.lexicon   the tagging hash of the lexicon the passages were tagged
//                    with (Lexicon::tagging_hash)
//   grappe.lexicon.codebooks  JSON array of the absolute paths of the user's
//                    codebooks layered on the default lexicon, in order
//   grappe.lexicon.concepts   JSON object, concept id -> family id, of that lexicon
//   grappe.works     JSON array of arrays of doc ids: the documents that are
//                    one text (works/works.h), as of the last indexing run
//   grappe.shard     "K/N" on shard K (1-based) of N (grappe index --shard),
//                    absent on an index that is not a shard
//   grappe.facets    "1" on a shard whose passages all carry kSlotFacets
//                    (shards created since it was added; others are
//                    counted a match per facet value, as before)
//   grappe.places    "1" on a shard whose passages all carry kSlotPlace (the
//                    same way: others are read a remote match per slot)
//   grappe.syn.<term>  on a shard: the term's synonyms, one per line, as the
//                    synonym table has them. Xapian's remote backend
//                    (xapian-tcpsrv) serves metadata but not synonyms, and a
//                    query word is expanded through them (query/search/shards.h)
//
// Shards. Shard K of N numbers its documents 1, 2, 3... as any database;
// searched together in shard order (Xapian::Database::add_database), local
// doc id d of shard K is doc id (d - 1) * N + K of the whole: its
// GLOBAL doc id, the DOC_ID a user sees, whose shard is (id - 1) % N + 1. A
// passage names its record by the global id (kSlotDocId, XD<id>), so that
// collapse keys and record lookups mean the same on the whole as on one
// shard; on an index that is not a shard (N = 1) global and local are one.
// A database whose versions differ from this build's is refused with a
// message to rebuild it; it is never read or updated wrongly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grappe::schema {

inline constexpr int kSchemaVersion = 7;  // 5: positional keys expanded by lemma synonyms; spelling. 6: ordinal slot. 7: cited years, periods, record year

inline constexpr std::string_view kPrefixLemma = "Z";
inline constexpr std::string_view kPrefixExact = "XE";
inline constexpr std::string_view kPrefixDoc = "XD";
inline constexpr std::string_view kPrefixUniqueFile = "QF";
inline constexpr std::string_view kTermRecord = "XTrecord";

inline constexpr unsigned kSlotDocId = 0;
inline constexpr unsigned kSlotPage = 1;
inline constexpr unsigned kSlotYear = 2;
inline constexpr unsigned kSlotRank = 3;
inline constexpr unsigned kSlotOrdinal = 4;
inline constexpr unsigned kSlotFingerprint = 5;  // on records
inline constexpr unsigned kSlotCitedYears = 6;
inline constexpr unsigned kSlotPeriods = 7;
inline constexpr unsigned kSlotRecordYear = 8;  // on records
inline constexpr unsigned kSlotFacets = 9;       // on a shard's passages
inline constexpr unsigned kSlotPlace = 10;       // on a shard's passages
inline constexpr unsigned kSlotLent = 11;        // on records: path and fields lent to the other copies of the work (documents.h)
inline constexpr char kFacetSeparator = '\x1f';
inline constexpr std::string_view kRankFirst = "0";
inline constexpr std::string_view kRankLast = "1";

inline constexpr std::string_view kPrefixLanguage = "XL";
inline constexpr std::string_view kPrefixYear = "XY";
inline constexpr std::string_view kPrefixType = "XK";
inline constexpr std::string_view kPrefixAuthor = "XA";
inline constexpr std::string_view kPrefixTitle = "XS";
inline constexpr std::string_view kPrefixHal = "XH";
inline constexpr std::string_view kPrefixDoi = "XO";
inline constexpr std::string_view kPrefixKind = "XP";
inline constexpr std::string_view kPrefixCitedAuthor = "XC";
inline constexpr std::string_view kPrefixCitedYear = "XN";
inline constexpr std::string_view kPrefixConcept = "XQ";
inline constexpr std::string_view kPrefixFamily = "XF";

// "conference paper" -> "conference-paper"
[[nodiscard]] inline std::string type_term(std::string type) {
    for (char& c : type)
        if (c == ' ') c = '-';
    return type;
}

inline constexpr std::string_view kMetaSchema = "grappe.schema";
inline constexpr std::string_view kMetaAnalyzer = "grappe.analyzer";
inline constexpr std::string_view kMetaLexicon = "grappe.lexicon";
inline constexpr std::string_view kMetaCodebooks = "grappe.lexicon.codebooks";
inline constexpr std::string_view kMetaConcepts = "grappe.lexicon.concepts";
inline constexpr std::string_view kMetaWorks = "grappe.works";
inline constexpr std::string_view kMetaShard = "grappe.shard";
inline constexpr std::string_view kMetaFacets = "grappe.facets";
inline constexpr std::string_view kMetaPlaces = "grappe.places";
inline constexpr std::string_view kMetaSynonymsPrefix = "grappe.syn.";

// Shard `index` (0-based; users and the metadata count from 1) of `count`.
struct Shard {
    std::uint32_t index = 0;
    std::uint32_t count = 1;
    [[nodiscard]] bool sharded() const { return count > 1; }
    [[nodiscard]] std::uint32_t global_id(std::uint32_t local) const { return (local - 1) * count + index + 1; }
    [[nodiscard]] std::uint32_t local_id(std::uint32_t global) const { return (global - 1) / count + 1; }
    [[nodiscard]] bool holds(std::uint32_t global) const { return global != 0 && (global - 1) % count == index; }
    // "2/2": the second shard of two.
    [[nodiscard]] std::string name() const { return std::to_string(index + 1) + "/" + std::to_string(count); }
    bool operator==(const Shard&) const = default;
};
// "K/N" with 1 <= K <= N <= 1024, else nothing.
[[nodiscard]] inline std::optional<Shard> parse_shard(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size() || text.size() > 12) return std::nullopt;
    std::uint32_t k = 0, n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == slash) continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        std::uint32_t& v = i < slash ? k : n;
        v = v * 10 + static_cast<std::uint32_t>(text[i] - '0');
    }
    if (k < 1 || k > n || n > 1024) return std::nullopt;
    return Shard{k - 1, n};
}

// Xapian refuses terms longer than 245 bytes; longer words are not indexed.
inline constexpr std::size_t kMaxTermBytes = 240;

[[nodiscard]] inline std::string doc_term(std::uint32_t doc_id) { return std::string(kPrefixDoc) + std::to_string(doc_id); }

// FNV-1a 64: stable across builds and platforms, unlike std::hash.
[[nodiscard]] inline std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

[[nodiscard]] inline std::string hex64(std::uint64_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<size_t>(i)] = digits[v & 15];
    return out;
}

// Which shard of `count` a file goes to: a hash of its name without folder
// and last extension, lower-cased ("Rapport-2019.PDF" -> "rapport-2019").
// The text's other renderings (its Markdown source, its PDF print), which
// are one work (works/works.h) only when in one shard, usually share that
// name; moving a file between folders or changing its content moves it to
// no other shard.
[[nodiscard]] inline std::uint32_t shard_of_file(std::string_view path, std::uint32_t count) {
    if (count <= 1) return 0;
    std::string_view name = path.substr(path.find_last_of('/') == std::string_view::npos ? 0 : path.find_last_of('/') + 1);
    if (const auto dot = name.find_last_of('.'); dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
    std::string lower(name);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return static_cast<std::uint32_t>(fnv1a64(lower) % count);
}

[[nodiscard]] inline std::string file_term(std::string_view absolute_path) {
    return std::string(kPrefixUniqueFile) + hex64(fnv1a64(absolute_path));
}

}  // namespace grappe::schema
