// grappe-bench-hyphenation: how often line-end hyphen decisions are right.
//
// For every PDF of a folder that has its source beside it (same name, .tex,
// .dtx or .txt), Grappe's decisions ("join compéti-|tivité", "keep
// sous-|traitance") are checked against the source: if only the joined word
// occurs in it, joining was right; if only the hyphenated compound occurs,
// keeping was right; otherwise the case is undecidable and not counted.
// Prints one line per file and the totals per rule, as TSV.
//   grappe-bench-hyphenation CORPUS_DIR
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "analyze/analyzer.h"
#include "extract/extractors.h"
#include "repair/repair.h"

namespace fs = std::filesystem;
using namespace grappe;

namespace {

// TeX accent macros -> letters, so "comp\'etitivit\'e" reads as a word.
std::string untex(std::string s) {
    const std::pair<const char*, const char*> map[] = {
        {"\\'e", "é"}, {"\\'{e}", "é"}, {"\\`e", "è"}, {"\\`{e}", "è"}, {"\\`a", "à"}, {"\\`{a}", "à"}, {"\\^e", "ê"},
        {"\\^{e}", "ê"}, {"\\^o", "ô"}, {"\\^{o}", "ô"}, {"\\^i", "î"}, {"\\^{\\i}", "î"}, {"\\^a", "â"}, {"\\^u", "û"},
        {"\\\"e", "ë"}, {"\\\"i", "ï"}, {"\\\"{\\i}", "ï"}, {"\\c{c}", "ç"}, {"\\c c", "ç"}, {"\\oe{}", "œ"}, {"\\oe ", "œ"},
        {"\\`u", "ù"}, {"\\'E", "É"}, {"\\'{E}", "É"}, {"\\-", ""}, {"\\\\", " "}};
    for (const auto& [from, to] : map) {
        size_t at = 0;
        while ((at = s.find(from, at)) != std::string::npos) {
            s.replace(at, std::strlen(from), to);
            at += std::strlen(to);
        }
    }
    return s;
}

bool is_letter_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

struct Vocabulary {
    std::set<std::string> words, compounds;
};

Vocabulary vocabulary(const std::string& text) {
    Vocabulary v;
    size_t i = 0;
    while (i < text.size()) {
        if (!is_letter_byte(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < text.size() && (is_letter_byte(static_cast<unsigned char>(text[j])) ||
                                   (text[j] == '-' && j + 1 < text.size() && is_letter_byte(static_cast<unsigned char>(text[j + 1])))))
            ++j;
        const std::string run = fold_text(text.substr(i, j - i));
        size_t start = 0, dash;
        while ((dash = run.find('-', start)) != std::string::npos) {
            v.words.insert(run.substr(start, dash - start));
            start = dash + 1;
        }
        v.words.insert(run.substr(start));
        // every adjacent pair of a compound: a-b-c gives a-b and b-c
        size_t prev = 0, cut = run.find('-');
        while (cut != std::string::npos) {
            const size_t next = run.find('-', cut + 1);
            v.compounds.insert(run.substr(prev, (next == std::string::npos ? run.size() : next) - prev));
            prev = cut + 1;
            cut = next;
        }
        i = j;
    }
    return v;
}

struct Tally {
    size_t right = 0, wrong = 0, undecidable = 0, wrong_joins = 0, wrong_splits = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: grappe-bench-hyphenation CORPUS_DIR\n");
        return 2;
    }
    WordList words;
    words.load(WordList::default_paths());
    std::map<std::string, Tally> by_rule;
    Tally total;
    std::printf("file\tdecisions\tright\twrong\tundecidable\n");
    std::vector<fs::path> pdfs;
    for (const auto& e : fs::recursive_directory_iterator(argv[1]))
        if (e.path().extension() == ".pdf") pdfs.push_back(e.path());
    std::sort(pdfs.begin(), pdfs.end());
    for (const auto& pdf : pdfs) {
        fs::path source;
        for (const char* ext : {".tex", ".dtx", ".txt"}) {
            fs::path candidate = pdf;
            candidate.replace_extension(ext);
            if (fs::exists(candidate)) source = candidate;
        }
        if (source.empty()) continue;
        CleanDocument clean;
        try {
            clean = repair(extract_pdf(pdf.string()), words);
        } catch (const std::exception& e) {
            continue;
        }
        const Vocabulary truth = vocabulary(untex(to_utf8(read_file(source.string()))));
        Tally file;
        for (const auto& d : clean.hyphenations) {
            const std::string x = fold_text(trailing_letters(d.left)), y = fold_text(leading_letters(d.right));
            if (x.empty() || y.empty()) continue;
            const bool joined_known = truth.words.count(x + y) > 0, compound_known = truth.compounds.count(x + "-" + y) > 0;
            Tally& rule = by_rule[d.rule];
            if (joined_known == compound_known) {
                ++file.undecidable;
                ++rule.undecidable;
                continue;
            }
            const bool right = d.joined == joined_known;
            (right ? file.right : file.wrong)++;
            (right ? rule.right : rule.wrong)++;
            if (!right) (d.joined ? rule.wrong_joins : rule.wrong_splits)++;
            if (!right && std::getenv("GRAPPE_BENCH_VERBOSE"))
                std::fprintf(stderr, "%s: %s %s-|%s (%s)\n", pdf.filename().c_str(), d.joined ? "joined" : "kept", x.c_str(), y.c_str(), d.rule);
        }
        std::printf("%s\t%zu\t%zu\t%zu\t%zu\n", pdf.filename().c_str(), clean.hyphenations.size(), file.right, file.wrong, file.undecidable);
        total.right += file.right;
        total.wrong += file.wrong;
        total.undecidable += file.undecidable;
    }
    std::printf("\nrule\tright\twrong\twrongly_joined\twrongly_kept\tundecidable\n");
    for (const auto& [rule, t] : by_rule) {
        std::printf("%s\t%zu\t%zu\t%zu\t%zu\t%zu\n", rule.c_str(), t.right, t.wrong, t.wrong_joins, t.wrong_splits, t.undecidable);
        total.wrong_joins += t.wrong_joins;
        total.wrong_splits += t.wrong_splits;
    }
    const size_t decided = total.right + total.wrong;
    std::printf("\nTOTAL\tright %zu of %zu decidable (%.2f%%)\twrongly joined %zu\twrongly kept %zu\tundecidable %zu\n", total.right,
                decided, decided ? 100.0 * static_cast<double>(total.right) / static_cast<double>(decided) : 0.0, total.wrong_joins,
                total.wrong_splits, total.undecidable);
    return 0;
}
