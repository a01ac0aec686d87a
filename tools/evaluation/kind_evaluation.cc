#include "evaluation/kind_evaluation.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "analyze/analyzer.h"
#include "evaluation/tagging_evaluation.h"
#include "extract/extractors.h"
#include "repair/repair.h"
#include "store/schema.h"
#include "text/folding.h"

namespace grappe {
namespace {

std::size_t index_of(PassageKind kind) { return static_cast<std::size_t>(kind); }

PassageKind kind_named(std::string_view name, const std::string& where) {
    const auto& names = kind_names();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw std::runtime_error(where + ": unknown kind \"" + std::string(name) + "\" (body, heading, footnote, quote, caption, table, reference or toc)");
    return static_cast<PassageKind>(it - names.begin());
}

}  // namespace

std::vector<KindAnnotation> read_kind_annotations(const std::string& path) {
    std::vector<KindAnnotation> out;
    for (auto& cols : annotation_rows(path, 4, "file<TAB>page<TAB>key<TAB>kind")) {
        const std::string where = path + ": " + cols[0] + " p. " + cols[1];
        KindAnnotation a;
        a.file = std::move(cols[0]);
        try {
            a.page = static_cast<std::uint32_t>(std::stoul(cols[1]));
        } catch (const std::exception&) {
            throw std::runtime_error(where + ": the page is not a number");
        }
        a.key = std::move(cols[2]);
        a.expected = kind_named(cols[3], where);
        out.push_back(std::move(a));
    }
    return out;
}

std::string kind_key(std::string_view paragraph) {
    const std::string folded = fold_text(paragraph);
    std::string words;
    std::size_t count = 0;
    bool in_word = false;
    for (const char c : folded) {
        // Folded text is ASCII letters and digits where it matters; other
        // bytes (punctuation, signs, UTF-8 of letters without a folding) end a word.
        const bool word_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) >= 0x80);
        if (word_char) {
            if (!in_word) {
                if (count == 12) break;
                if (!words.empty()) words += ' ';
                ++count;
            }
            words += c;
        }
        in_word = word_char;
    }
    return schema::hex64(schema::fnv1a64(words));
}

std::vector<ClassifiedParagraph> classified_paragraphs(const std::string& path, const WordList& words) {
    const CleanDocument doc = repair(extract_file(path), words);
    const auto kinds = classify_paragraphs(doc);
    std::vector<ClassifiedParagraph> out;
    for (std::size_t p = 0; p < doc.pages.size(); ++p) {
        const CleanPage& page = doc.pages[p];
        const auto number = static_cast<std::uint32_t>(page.index + 1);
        for (std::size_t i = 0; i < page.paragraphs.size(); ++i) out.push_back({number, page.paragraphs[i], kinds[p][i]});
        for (const std::string& note : page.notes) out.push_back({number, note, PassageKind::Footnote});
    }
    return out;
}

std::size_t KindScore::matched() const {
    std::size_t n = 0;
    for (const auto& row : confusion)
        for (const std::size_t c : row) n += c;
    return n;
}

std::size_t KindScore::found_count(PassageKind found) const {
    std::size_t n = 0;
    for (const auto& row : confusion) n += row[index_of(found)];
    return n;
}

double KindScore::precision(PassageKind found) const {
    const std::size_t said = found_count(found);
    return said == 0 ? 1.0 : static_cast<double>(confusion[index_of(found)][index_of(found)]) / static_cast<double>(said);
}

double KindScore::recall(PassageKind expected) const {
    std::size_t there = 0;
    for (const std::size_t c : confusion[index_of(expected)]) there += c;
    return there == 0 ? 1.0 : static_cast<double>(confusion[index_of(expected)][index_of(expected)]) / static_cast<double>(there);
}

double KindScore::sample_accuracy() const {
    std::size_t right = 0;
    for (std::size_t k = 0; k < kKindCount; ++k) right += confusion[k][k];
    const std::size_t n = matched();
    return n == 0 ? 1.0 : static_cast<double>(right) / static_cast<double>(n);
}

double KindScore::weighted_accuracy() const {
    double right = 0, weight = 0;
    for (std::size_t k = 0; k < kKindCount; ++k) {
        const auto kind = static_cast<PassageKind>(k);
        if (found_count(kind) == 0) continue;  // a kind never sampled: no estimate, left out
        right += static_cast<double>(found_in_files[k]) * precision(kind);
        weight += static_cast<double>(found_in_files[k]);
    }
    return weight == 0 ? 1.0 : right / weight;
}

KindScore score_kinds(const std::vector<KindAnnotation>& annotations, const std::string& root, const WordList& words) {
    KindScore score;
    // file -> (page, key) -> paragraph; the first of two alike on a page wins.
    std::map<std::string, std::map<std::pair<std::uint32_t, std::string>, ClassifiedParagraph>> files;
    for (const KindAnnotation& a : annotations) {
        ++score.annotations;
        auto [file, fresh] = files.try_emplace(a.file);
        if (fresh)
            for (ClassifiedParagraph& p : classified_paragraphs(root + "/" + a.file, words)) {
                ++score.found_in_files[index_of(p.kind)];
                file->second.try_emplace({p.page, kind_key(p.text)}, std::move(p));
            }
        const auto it = file->second.find({a.page, a.key});
        if (it == file->second.end()) {
            score.unmatched.push_back(a.file + " p. " + std::to_string(a.page) + " " + a.key);
            continue;
        }
        const ClassifiedParagraph& p = it->second;
        ++score.confusion[index_of(a.expected)][index_of(p.kind)];
        if (p.kind != a.expected) score.disagreements.push_back({a.file, a.page, p.text, a.expected, p.kind});
    }
    return score;
}

}  // namespace grappe
