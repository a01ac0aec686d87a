// Building and reading the two kinds of Xapian documents described in
// schema.h. Only this folder and the searcher speak Xapian.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyze/analyzer.h"
#include "cite/citations.h"
#include "cite/periods.h"
#include "concepts/tagger.h"
#include "metadata/metadata.h"
#include "segment/passages.h"

namespace grappe {

// The document's metadata as filter terms (schema.h), the same on each of
// its passages: computed once per document.
struct DocumentFields {
    std::vector<std::string> terms;  // XY XK XH XO XA XS terms
    std::string year;                // for the year value slot
    std::string language;            // the document's, for passages too short to tell
};
[[nodiscard]] DocumentFields document_fields(const Metadata& metadata, const Analyzer& analyzer);

// A passage document without its record link (the worker does not know the
// record's docid yet; link_passage() adds it in the writer). `tokens` are
// the passage's (Analyzer::analyze of passage.text); `language` its own
// (detect_language), "" to use the document's.
// Its citations (cite/citations.h), and their filter terms: XC<author key>, XN<year>.
struct PassageCitations {
    std::vector<Citation> citations;
    std::vector<std::string> terms;
};
[[nodiscard]] PassageCitations passage_citations(std::vector<Citation> citations, const Analyzer& analyzer);

// Its concept mentions (concepts/tagger.h), and their terms XQ<concept id>
// and XF<family id>, each with its number of mentions as wdf: a query of
// concept: alone ranks the passages that mention the concept most first.
struct PassageConcepts {
    std::vector<ConceptMention> mentions;
    std::map<std::string, Xapian::termcount> terms;
};
[[nodiscard]] PassageConcepts passage_concepts(std::vector<ConceptMention> mentions, const ConceptTagger& tagger);

[[nodiscard]] Xapian::Document build_passage_document(const Passage& passage, const std::vector<Token>& tokens,
                                                      const std::string& language, const DocumentFields& fields,
                                                      const PassageCitations& citations = {}, const PassageConcepts& concepts = {},
                                                      const std::vector<Period>& periods = {});

// Years as value slots keep them (schema.h kSlotCitedYears, kSlotPeriods):
// two bytes each, big-endian; decoding skips a trailing odd byte.
[[nodiscard]] std::string encode_years(const std::vector<int>& years);
[[nodiscard]] std::vector<int> decode_years(std::string_view bytes);
void link_passage(Xapian::Document& doc, std::uint32_t record_id);
// A passage's record id from its kSlotDocId value (decimal, as link_passage
// writes it); 0 for none or garbage (a record has none).
[[nodiscard]] std::uint32_t record_id_of(std::string_view value);
// A linked passage's kSlotFacets value (schema.h): its record id and its
// concept, family and kind terms, read from the document itself; and back.
[[nodiscard]] std::string facet_value(const Xapian::Document& passage);
struct PassageFacets {
    std::uint32_t record = 0;  // 0: not a facet value
    std::vector<std::string> terms;
};
[[nodiscard]] PassageFacets read_facet_value(std::string_view value);
// A linked passage's kSlotPlace value (schema.h), from its own values; and back.
[[nodiscard]] std::string place_value(const Xapian::Document& passage);
struct PassagePlace {
    std::uint32_t record = 0;  // 0: not a place value
    std::uint32_t page = 0, ordinal = 0;
};
[[nodiscard]] PassagePlace read_place_value(std::string_view value);

struct PassageData {
    std::string text;
    std::uint32_t page_index = 0;
    std::string label;
    std::uint32_t ordinal = 0;
    std::string kind;  // segment/kinds.h names
    std::vector<Citation> citations;
    std::vector<ConceptMention> mentions;
    std::vector<Period> periods;
    std::uint32_t doc_id = 0;
    Language language = Language::French;  // its words were read in it (set by Searcher::page_passages)
};
[[nodiscard]] PassageData read_passage(const Xapian::Document& doc);
// The language a passage's words were read in (its XL term): English or French.
[[nodiscard]] Language passage_language(const Xapian::Document& doc);

// Tags a stored passage again from its stored text (grappe retag): replaces
// its concept terms and mentions when they differ. Returns whether the
// document changed; `lost` and `gained` get the concept ids that went and came.
bool retag_passage(Xapian::Document& doc, const ConceptTagger& tagger, const Analyzer& analyzer, std::vector<std::string>& lost,
                   std::vector<std::string>& gained);

// A word of a file as the index's vocabulary keeps it (schema.h: synonyms
// and spelling): its key, the lemmas it was indexed with, a form it was
// written in.
struct WordForm {
    std::string key;
    std::string exact;
    std::vector<std::string> lemmas;
};
// Each key of the analysed passages once, its lemmas gathered over them.
[[nodiscard]] std::vector<WordForm> vocabulary_of(const std::vector<std::vector<Token>>& passages);

// What the index knows of a source file.
struct FileRecord {
    std::string path;  // absolute
    std::uint64_t size = 0;
    std::int64_t mtime = 0;  // seconds since the epoch
    std::string hash;        // 16 hex digits, FNV-1a 64 of the content
    std::string sidecar;     // digest of the sidecar entry applied, "" for none
    std::string format;
    std::string title;  // for display: the metadata's title, else empty
    Metadata metadata;
    std::string status;  // "indexed" or "failed"
    std::string error;
    std::uint32_t pages = 0;
    std::uint32_t passages = 0;
    bool has_page_labels = false;
    bool hal_cover = false;
    std::vector<std::uint32_t> ocr_pages;  // 1-based pages whose text is OCR's (tesseract)
    std::uint32_t pages_without_text = 0;  // pages with no text layer, not OCRed
    std::vector<std::string> labels;
    std::vector<std::string> warnings;
    std::vector<Reference> references;  // the document's reference list, parsed
    std::vector<std::uint32_t> fingerprint;  // the sketch of its words (works/works.h)
    // Not stored with it: the other documents of the same text (doc id,
    // path), as a Searcher reads them from the index's works.
    std::vector<std::pair<std::uint32_t, std::string>> same_text;
};
[[nodiscard]] Xapian::Document build_record_document(const FileRecord& record);
// The fingerprint (a value slot: a seek of its own in the value table) only
// for those that compare texts; a search reading a work's copies does not.
enum class Fingerprint { Read, Skipped };
[[nodiscard]] FileRecord read_record(const Xapian::Document& doc, Fingerprint fingerprint = Fingerprint::Read);
[[nodiscard]] std::string record_to_json(const FileRecord& record, std::uint32_t doc_id);

// What a copy of a work lends the other copies when they are shown
// (Searcher::complete_from_work): its path and these fields, and its
// authors. A record carries them again in a value of its own
// (schema::kSlotLent), so that listing a work's copies reads neither their
// compressed data nor their page labels and reference lists (a search of
// a corpus where works have many copies spent a third of its time there).
inline constexpr Sourced Metadata::*kLentFields[] = {&Metadata::title, &Metadata::year,  &Metadata::date,
                                                     &Metadata::type,  &Metadata::hal_id, &Metadata::doi,
                                                     &Metadata::venue, &Metadata::citation_key};
[[nodiscard]] std::string lent_value(const FileRecord& record);
// A record with its path, those fields and its authors only; nullopt for
// an empty or unreadable value (a record written before the slot).
[[nodiscard]] std::optional<FileRecord> read_lent_value(const std::string& value);

}  // namespace grappe
