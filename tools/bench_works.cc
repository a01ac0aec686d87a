// grappe-bench-works: how near are the documents that are one text. Over
// an index, the resemblance (works/works.h) of every pair of documents
// whose sketches share a hash, split by whether their files have the same
// name but for folder and extension (a text and its renderings, as in
// ../shared/corpus-topic: x.md, pdf/x.pdf, pdf/x.txt), and the works the
// index found. A threshold between the lowest resemblance of same-name
// pairs and the highest of the others separates them.
//
//   grappe-bench-works INDEX [--pairs]
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/documents.h"
#include "store/schema.h"
#include "works/works.h"

using namespace grappe;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: grappe-bench-works INDEX [--pairs]\n");
        return 2;
    }
    const bool list_pairs = argc > 2 && std::string(argv[2]) == "--pairs";
    try {
        const Xapian::Database db(argv[1]);
        struct Doc {
            std::uint32_t id;
            std::string path, stem;
            std::vector<std::uint32_t> sketch;
        };
        std::vector<Doc> docs;
        std::size_t records = 0;
        const std::string term(schema::kTermRecord);
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
            ++records;
            const FileRecord r = read_record(db.get_document(*it));
            if (r.fingerprint.empty()) continue;
            docs.push_back({*it, r.path, std::filesystem::path(r.path).stem().string(), r.fingerprint});
        }
        struct Pair {
            double resemblance;
            std::size_t a, b;
        };
        std::vector<Pair> same_name, others;
        for (std::size_t a = 0; a < docs.size(); ++a)
            for (std::size_t b = a + 1; b < docs.size(); ++b) {
                const double r = resemblance(docs[a].sketch, docs[b].sketch);
                if (docs[a].stem == docs[b].stem) same_name.push_back({r, a, b});
                else if (r > 0) others.push_back({r, a, b});
            }
        auto by_resemblance = [](const Pair& x, const Pair& y) { return x.resemblance > y.resemblance; };
        std::sort(same_name.begin(), same_name.end(), by_resemblance);
        std::sort(others.begin(), others.end(), by_resemblance);
        const Works works = Works::from_json(db.get_metadata(std::string(schema::kMetaWorks)));
        std::printf("%zu documents, %zu with a fingerprint; %zu works of several documents (threshold %.2f)\n", records, docs.size(),
                    works.groups().size(), kSameWork);
        std::printf("pairs with the same file name: %zu, lowest resemblance %.3f\n", same_name.size(),
                    same_name.empty() ? 0.0 : same_name.back().resemblance);
        std::printf("other pairs sharing a shingle: %zu, highest resemblance %.3f\n", others.size(), others.empty() ? 0.0 : others.front().resemblance);
        auto name = [&](std::size_t i) { return std::filesystem::path(docs[i].path).filename().string(); };
        auto show = [&](const char* title, const std::vector<Pair>& pairs, std::size_t most) {
            std::printf("\n%s\n", title);
            for (std::size_t i = 0; i < pairs.size() && i < most; ++i)
                std::printf("  %.3f  %s | %s\n", pairs[i].resemblance, name(pairs[i].a).c_str(), name(pairs[i].b).c_str());
        };
        if (list_pairs) {
            show("same file name, lowest first:", std::vector<Pair>(same_name.rbegin(), same_name.rend()), same_name.size());
            show("other pairs, highest first:", others, 15);
        }
        std::printf("\nworks:\n");
        std::map<std::uint32_t, std::string> path_of;
        for (const Doc& d : docs) path_of[d.id] = d.path;
        for (const auto& g : works.groups()) {
            std::printf("  ");
            for (std::uint32_t id : g) std::printf(" [%u] %s", id, std::filesystem::path(path_of[id]).filename().string().c_str());
            std::printf("\n");
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "grappe-bench-works: %s\n", e.what());
        return 2;
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "grappe-bench-works: %s\n", e.get_description().c_str());
        return 2;
    }
}
