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
// it was seen in: "did you mean" for a query word the index lacks.
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
// A database whose versions differ from this build's is refused with a
// message to rebuild it; it is never read or updated wrongly.
#pragma once

#include <cstdint>
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

[[nodiscard]] inline std::string file_term(std::string_view absolute_path) {
    return std::string(kPrefixUniqueFile) + hex64(fnv1a64(absolute_path));
}

}  // namespace grappe::schema
