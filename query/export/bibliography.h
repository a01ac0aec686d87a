// The works of an index as a literature review cites them: stable citation
// keys, author-date citations in French ("(Torre et Zimmermann, 2016,
// p. 3)"), reference-list entries, and BibTeX, RIS and CSL-JSON records that
// Zotero, Better BibTeX, pandoc and LaTeX take as they are.
//
// Citation keys: the user's own key when a sidecar gave one (a .bib entry's
// key, a CSL-JSON id); else authorYEARword: the first author's family name,
// the year ("sd" when undated) and the first word of the title that is not
// an article or a preposition, lower-case ASCII ("torre2016clusters",
// "anonsdrencontres"). Works that would share a key are told apart in the
// order of their doc ids: the first keeps it, the next take a, b, c
// ("torre2016clustersa"). A text kept in several files has one key. The
// same index gives the same keys in every format and every run.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/documents.h"

namespace grappe {

class Searcher;

struct CitedWork {
    std::uint32_t doc_id = 0;  // the work's key document (works.h)
    std::string key;
    // The year as author-date citations print it: "2016", "s.d.", or with a
    // letter when works of the same authors share it ("2016a", "2016b": in
    // the order of their doc ids, over the whole index, so that a work is
    // cited the same way in every export).
    std::string year_label;
    FileRecord record;  // metadata completed from the work's other files
    // A file with pages: its passages are cited with the printed page.
    [[nodiscard]] bool paginated() const { return record.format == "pdf" || record.pages > 1; }
};

class Bibliography {
  public:
    // Every indexed work of the index. Throws IndexError.
    [[nodiscard]] static Bibliography of(const Searcher& searcher);
    // The work of a document (any of its files), or nullptr.
    [[nodiscard]] const CitedWork* work(std::uint32_t doc_id) const;

  private:
    std::vector<CitedWork> works_;
    std::map<std::uint32_t, std::size_t> by_document_;
};

// "torre2016clusters" from the metadata, before telling works apart.
[[nodiscard]] std::string key_base(const Metadata& metadata);

// "Torre", "Torre et Zimmermann", "Torre et al.", or "anon." (French author-date).
[[nodiscard]] std::string citation_authors(const std::vector<Author>& authors);
// "2016", or "s.d."
[[nodiscard]] std::string citation_year(const Metadata& metadata);
// "p. 3", "ch. 2", or "" for a work without pages.
[[nodiscard]] std::string citation_page(const CitedWork& work, const std::string& label);

// A reference-list entry in French author-date style, in Markdown:
// Torre A. et Zimmermann J.-B. (2016), « Des clusters aux écosystèmes
// industriels locaux », *Revue d'économie industrielle*. HAL : hal-01603657.
[[nodiscard]] std::string reference_entry(const CitedWork& work);

// One record per work.
[[nodiscard]] std::string bibtex_record(const CitedWork& work);
[[nodiscard]] std::string ris_record(const CitedWork& work);
// A CSL-JSON item (an object; an export is an array of them).
[[nodiscard]] std::string csl_json_item(const CitedWork& work);

}  // namespace grappe
