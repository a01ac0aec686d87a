#include "concepts/codebooks.h"

#include <algorithm>
#include <filesystem>

namespace grappe {

namespace fs = std::filesystem;

std::vector<std::string> choose_codebooks(const CodebookRequest& requested, const std::vector<std::string>& recorded,
                                          const std::vector<std::string>& paths, std::vector<std::string>& warnings) {
    std::vector<std::string> out;
    if (requested.none) return out;
    auto add = [&](const fs::path& p) {
        std::error_code ec;
        const std::string absolute = fs::weakly_canonical(fs::absolute(p, ec), ec).string();
        if (std::find(out.begin(), out.end(), absolute) == out.end()) out.push_back(absolute);
    };
    for (const auto& p : requested.files) add(p);
    if (requested.files.empty())
        for (const auto& p : recorded) {
            std::error_code ec;
            if (fs::is_regular_file(p, ec)) add(p);
            else warnings.push_back("codebook " + p + " (used by this index before) is gone: tagging without it");
        }
    for (const auto& root : paths) {
        std::error_code ec;
        const fs::path candidate = fs::path(root) / "grappe.toml";
        if (fs::is_directory(root, ec) && fs::is_regular_file(candidate, ec)) add(candidate);
    }
    return out;
}

Lexicon load_lexicon(const std::vector<std::string>& codebooks) {
    Lexicon lexicon = Lexicon::default_lexicon();
    for (const auto& path : codebooks) lexicon.add_file(path);
    return lexicon;
}

Lexicon current_lexicon(const IndexLexicon& recorded, const CodebookRequest& requested, std::vector<std::string>& warnings) {
    Lexicon lexicon = load_lexicon(choose_codebooks(requested, recorded.codebooks, {}, warnings));
    if (!recorded.hash.empty() && recorded.hash != lexicon.tagging_hash())
        warnings.push_back("the index was tagged with another lexicon than the current one (a codebook or grappe changed since): "
                           "concept: and family: filters and grappe concepts see the old tags; run grappe retag to apply the "
                           "current lexicon");
    return lexicon;
}

}  // namespace grappe
