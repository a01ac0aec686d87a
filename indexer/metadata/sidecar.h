// Sidecar records: the bibliographic entries a user keeps beside documents,
// which outrank anything read from the documents themselves.
//
//  - NAME.bib or NAME.csl.json beside NAME.pdf (or NAME.html...): its entry
//    describes that file (the one entry, or the one whose file field names it);
//  - a library export anywhere under an indexed folder: a .bib with `file`
//    fields as Zotero and Better BibTeX write them
//    ("Full Text PDF:storage/AB12/paper.pdf:application/pdf;..." or plain
//    paths), or a CSL-JSON array whose items have a "file" field; relative
//    paths are taken from the export's folder. A path that names no indexed
//    file is matched by file name when exactly one indexed file has that name
//    (exports written on another machine).
// A malformed file is reported with file, line and what is wrong; the
// entries read before the error still count, and documents are indexed from
// their other sources.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metadata/metadata.h"

namespace grappe {

struct SidecarEntry {
    Metadata metadata;               // each field's source is "sidecar FILE:LINE"
    std::vector<std::string> files;  // file fields, as written, split
    std::string key;                 // citation key or CSL id
    std::string digest;              // of the entry as written: tells a changed entry
};

struct SidecarError {
    std::string file;
    std::size_t line = 0;
    std::string message;
    [[nodiscard]] std::string to_string() const;  // "refs.bib:12: ..."
};

struct SidecarFile {
    std::vector<SidecarEntry> entries;
    std::vector<SidecarError> errors;
};

// `file` names the source in field sources and errors (its file name).
[[nodiscard]] SidecarFile parse_bibtex(std::string_view text, const std::string& file);
[[nodiscard]] SidecarFile parse_csl_json(std::string_view text, const std::string& file);

// "{\'E}cosyst{\`e}mes \& co" -> "Écosystèmes & co"
[[nodiscard]] std::string latex_to_text(std::string_view latex);

// Is this path a sidecar or library export Grappe reads (.bib, .json)?
[[nodiscard]] bool is_sidecar_path(const std::string& path);

// The sidecar entries of a run, by the absolute path of the document they describe.
class SidecarLibrary {
  public:
    // `sidecars`: .bib and .json files found by the walk; `documents`: the
    // absolute paths of the documents of the run.
    void load(const std::vector<std::string>& sidecars, const std::vector<std::string>& documents);
    [[nodiscard]] const SidecarEntry* find(const std::string& document) const;
    // A stable digest of the entry for `document` ("" when none): a changed
    // sidecar re-indexes its document even when the document is unchanged.
    [[nodiscard]] std::string digest(const std::string& document) const;
    [[nodiscard]] const std::vector<SidecarError>& errors() const { return errors_; }

  private:
    std::vector<SidecarEntry> entries_;
    std::map<std::string, std::size_t> by_document_;
    std::vector<SidecarError> errors_;
};

// Sidecar fields replace the document's own; fields the sidecar lacks stay.
void apply_sidecar(Metadata& metadata, const SidecarEntry& entry);

}  // namespace grappe
