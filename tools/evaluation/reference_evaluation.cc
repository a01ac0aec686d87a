#include "evaluation/reference_evaluation.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "text/tsv.h"
#include "pipeline/process_file.h"
#include "store/documents.h"
#include "text/folding.h"

namespace grappe {
namespace {

// The last word of a family name, folded: "van der Groep" -> "groep", "St John" -> "john".
std::string family_key(const std::string& family) {
    std::string f = fold_text(family);
    while (!f.empty() && !std::isalnum(static_cast<unsigned char>(f.back()))) f.pop_back();
    const std::size_t space = f.find_last_of(" ");
    return space == std::string::npos ? f : f.substr(space + 1);
}

}  // namespace

void ReferenceScore::add(const ReferenceScore& o) {
    annotated += o.annotated;
    parsed += o.parsed;
    matched += o.matched;
    citations += o.citations;
    linked += o.linked;
    missed.insert(missed.end(), o.missed.begin(), o.missed.end());
}

std::map<std::string, std::vector<std::pair<std::string, std::string>>> read_reference_annotations(const std::string& path) {
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> out;
    for (const TsvRow& row : read_tsv(path, 3)) out[row.fields[0]].emplace_back(row.fields[1], row.fields[2]);
    return out;
}

std::map<std::string, ReferenceScore> score_reference_lists(const std::map<std::string, std::vector<std::pair<std::string, std::string>>>& annotations,
                                                            const std::string& shared, const Analyzer& analyzer, const WordList& words) {
    std::map<std::string, ReferenceScore> scores;
    for (const auto& [file, entries] : annotations) {
        const FileResult r = process_file((std::filesystem::path(shared) / file).string(), analyzer, words);
        if (!r.ok) throw std::runtime_error(file + ": " + r.error);
        ReferenceScore& s = scores[file];
        s.annotated = entries.size();
        s.parsed = r.references.size();
        std::vector<bool> used(r.references.size(), false);
        for (const auto& [author, year] : entries) {
            bool found = false;
            for (std::size_t i = 0; i < r.references.size() && !found; ++i) {
                const Reference& ref = r.references[i];
                if (used[i] || ref.authors.empty() || ref.year.substr(0, 4) != year || family_key(ref.authors.front()) != family_key(author))
                    continue;
                used[i] = found = true;
            }
            if (found) ++s.matched;
            else s.missed.push_back(author + " " + year);
        }
        for (const std::string& serialised : r.passage_documents)
            for (const Citation& c : read_passage(Xapian::Document::unserialise(serialised)).citations) {
                ++s.citations;
                s.linked += c.reference >= 0;
            }
    }
    return scores;
}

}  // namespace grappe
