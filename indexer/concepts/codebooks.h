// The lexicon a command tags or reads with: the default lexicon and the
// codebooks layered on it, as the command line asked or as the index
// recorded. Shared by index, retag and the query commands, apart from the
// indexing run so that a query command does not link the file readers.
#pragma once

#include <string>
#include <vector>

#include "concepts/lexicon.h"
#include "store/index_writer.h"

namespace grappe {

// Which codebooks to layer on the default lexicon, as the command line
// asked: the --lexicon files, or --no-codebooks for the default lexicon
// alone, or neither (the codebooks the index recorded).
struct CodebookRequest {
    std::vector<std::string> files;
    bool none = false;
};

// The codebooks to tag with: none at all when `requested.none`; else the
// requested files (absolute paths) if any, else the `recorded` ones that
// still exist (a gone one is a warning), then each grappe.toml at the root
// of a folder in `paths`. No path twice.
[[nodiscard]] std::vector<std::string> choose_codebooks(const CodebookRequest& requested, const std::vector<std::string>& recorded,
                                                      const std::vector<std::string>& paths, std::vector<std::string>& warnings);
// The default lexicon with the codebooks layered on it. Throws LexiconError.
[[nodiscard]] Lexicon load_lexicon(const std::vector<std::string>& codebooks);
// The lexicon grappe would tag an index with now: as `requested`, else with
// the codebooks the index recorded. `warnings` gets the gone codebooks and,
// when the index was tagged with another lexicon, that its tags are stale.
// Throws LexiconError.
[[nodiscard]] Lexicon current_lexicon(const IndexLexicon& recorded, const CodebookRequest& requested,
                                      std::vector<std::string>& warnings);

}  // namespace grappe
