// grappe-bench-words: which word pairs meet (a query of one finds the
// other) under three analyses, against tests/golden/words/pairs.tsv, pairs
// of words of ../shared annotated by hand as "meet" (inflections of one
// word: plural, feminine, verb forms) or "apart" (derivations, look-alikes):
//   snowball  the analysis before 2026-12-02: Xapian's Snowball French
//             stemmer on the word's singular;
//   light     a light inflectional stemmer in the manner of Savoy's French
//             light stemmer (Lucene's FrenchLightStemmer, Elasticsearch's
//             default): plurals, feminines, a few endings; written here for
//             the comparison only;
//   grappe    the analyzer's lemmas (analyze/lemmatizer.h): two words meet
//             when they share a key or a lemma (Analyzer::meet), as in a
//             search.
//
//   grappe-bench-words GOLDEN.tsv            the table, and every pair each
//                                            analysis gets wrong
//   grappe-bench-words --candidates WORDS    pairs to annotate, from a word
//                                            list (one word a line)
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "analyze/analyzer.h"
#include "text/tsv.h"
#include "text/folding.h"

using namespace grappe;

namespace {

std::string snowball(const Analyzer& analyzer, const std::string& word) {
    static Xapian::Stem stemmer("french");
    return stemmer(singular(analyzer.fold_word(word).key));
}

bool ends(const std::string& w, std::string_view s) { return w.size() > s.size() + 2 && w.ends_with(s); }

// After Savoy (2006), "light stemming" for French: plural and feminine
// endings and a few frequent suffixes of inflection, on the folded word.
std::string light(const Analyzer& analyzer, const std::string& word) {
    std::string w = analyzer.fold_word(word).key;
    if (w.size() < 5) return w;
    if (ends(w, "aux")) {
        w.resize(w.size() - 3);
        w += "al";
    }
    else if (w.back() == 's' || w.back() == 'x') w.pop_back();
    std::size_t keep = w.size();
    for (std::string_view suffix : {"ement", "ment", "euse", "eux", "ive", "if", "ere", "er", "ee", "e"})
        if (ends(w, suffix)) {
            keep = w.size() - suffix.size();
            break;
        }
    if (keep > 4 && w[keep - 1] == w[keep - 2]) --keep;  // "nn" -> "n"
    return std::string(std::string_view(w).substr(0, keep));
}

struct Score {
    std::size_t meet = 0, meet_right = 0, apart = 0, apart_right = 0;
    std::vector<std::string> wrong;
};

int candidates(const char* list) {
    const Analyzer analyzer;
    std::ifstream in(list);
    std::set<std::string> words;
    for (std::string w; std::getline(in, w);)
        if (w.size() >= 4 && std::all_of(w.begin(), w.end(), [](char c) { return !std::isdigit(static_cast<unsigned char>(c)) && c != ' '; }))
            words.insert(lower_text(w));
    std::map<std::string, std::vector<std::string>> by_stem, by_lemma, by_prefix;
    for (const std::string& w : words) {
        by_stem[snowball(analyzer, w)].push_back(w);
        const auto t = analyzer.analyze(Analyzer::prepare(w));
        if (t.size() == 1)
            for (const std::string& l : t[0].lemmas) by_lemma[l].push_back(w);
        const std::string key = analyzer.fold_word(w).key;
        if (key.size() >= 6) by_prefix[key.substr(0, 5)].push_back(w);
    }
    std::set<std::pair<std::string, std::string>> seen;
    auto emit = [&](const std::vector<std::string>& group, const char* why, std::size_t most) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < group.size() && n < most; ++i)
            for (std::size_t j = i + 1; j < group.size() && n < most; ++j)
                if (seen.insert({group[i], group[j]}).second) {
                    std::printf("%s\t%s\t%s\n", group[i].c_str(), group[j].c_str(), why);
                    ++n;
                }
    };
    for (const auto& [stem, group] : by_stem) emit(group, "snowball", 3);
    for (const auto& [lemma, group] : by_lemma) emit(group, "lemma", 2);
    for (const auto& [prefix, group] : by_prefix) emit(group, "prefix", 1);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--candidates") return candidates(argv[2]);
    if (argc != 2) {
        std::fprintf(stderr, "usage: grappe-bench-words GOLDEN.tsv | --candidates WORDS\n");
        return 2;
    }
    try {
        const Analyzer analyzer;
        std::map<std::string, Score> scores;
        std::size_t pairs = 0;
        for (const TsvRow& row : read_tsv(argv[1], 4)) {
            const std::string& a = row.fields[0];
            const std::string& b = row.fields[1];
            const bool meet = row.fields[2] == "meet";
            const Language language = row.fields[3] == "en" ? Language::English : Language::French;
            ++pairs;
            const std::pair<const char*, bool> verdicts[] = {
                {"snowball", snowball(analyzer, a) == snowball(analyzer, b)},
                {"light", light(analyzer, a) == light(analyzer, b)},
                {"grappe", analyzer.meet(a, b, language)}};
            for (const auto& [name, says] : verdicts) {
                Score& s = scores[name];
                (meet ? s.meet : s.apart)++;
                if (says == meet) (meet ? s.meet_right : s.apart_right)++;
                else s.wrong.push_back(a + " / " + b + (meet ? " (should meet)" : " (should stay apart)"));
            }
        }
        std::printf("%zu annotated pairs of words of ../shared\n\n", pairs);
        std::printf("%-9s %22s %24s\n", "analysis", "inflections that meet", "others that stay apart");
        for (const char* name : {"snowball", "light", "grappe"}) {
            const Score& s = scores[name];
            std::printf("%-9s %12zu/%zu %6.1f%% %14zu/%zu %6.1f%%\n", name, s.meet_right, s.meet, 100.0 * s.meet_right / std::max<std::size_t>(1, s.meet),
                        s.apart_right, s.apart, 100.0 * s.apart_right / std::max<std::size_t>(1, s.apart));
        }
        for (const char* name : {"snowball", "light", "grappe"}) {
            std::printf("\n%s gets wrong:\n", name);
            for (const auto& w : scores[name].wrong) std::printf("  %s\n", w.c_str());
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "grappe-bench-words: %s\n", e.what());
        return 2;
    }
}
