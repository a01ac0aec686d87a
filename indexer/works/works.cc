#include "works/works.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <unordered_map>

#include "analyze/analyzer.h"
#include "store/schema.h"

namespace grappe {
namespace {

constexpr std::size_t kSketch = 256;
constexpr std::size_t kShingle = 4;
constexpr std::size_t kFewestShingles = 8;
// Candidates for a pair share one of the smallest hashes of their sketches.
constexpr std::size_t kCandidateHashes = 32;
// A hash that many documents share is boilerplate (a licence, a template):
// it proposes no pairs.
constexpr std::size_t kCommonHash = 500;

}  // namespace

std::vector<std::uint32_t> text_fingerprint(const std::vector<std::vector<Token>>& passages) {
    std::vector<const std::string*> words;
    for (const auto& tokens : passages)
        for (const Token& t : tokens) words.push_back(&t.key);
    if (words.size() < kShingle + kFewestShingles - 1) return {};
    std::vector<std::uint32_t> hashes;
    hashes.reserve(words.size());
    for (std::size_t i = 0; i + kShingle <= words.size(); ++i) {
        std::uint64_t h = schema::fnv1a64("");
        for (std::size_t j = 0; j < kShingle; ++j) {
            h = schema::fnv1a64(*words[i + j], h);
            h = schema::fnv1a64(" ", h);
        }
        hashes.push_back(static_cast<std::uint32_t>(h >> 32));
    }
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    if (hashes.size() < kFewestShingles) return {};
    if (hashes.size() > kSketch) hashes.resize(kSketch);
    return hashes;
}

double resemblance(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    // The k smallest hashes of the union, k the smaller sketch's size: all
    // of them are known to be in each document or not.
    const std::size_t k = std::min(a.size(), b.size());
    if (k == 0) return 0;
    std::size_t seen = 0, both = 0, i = 0, j = 0;
    while (seen < k && (i < a.size() || j < b.size())) {
        if (j == b.size() || (i < a.size() && a[i] < b[j])) ++i;
        else if (i == a.size() || b[j] < a[i]) ++j;
        else ++i, ++j, ++both;
        ++seen;
    }
    return static_cast<double>(both) / static_cast<double>(seen);
}

std::string encode_fingerprint(const std::vector<std::uint32_t>& sketch) {
    std::string out;
    out.reserve(sketch.size() * 4);
    for (std::uint32_t h : sketch)
        for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((h >> shift) & 0xFF);
    return out;
}

std::vector<std::uint32_t> decode_fingerprint(std::string_view bytes) {
    if (bytes.size() % 4 != 0) return {};
    std::vector<std::uint32_t> out;
    out.reserve(bytes.size() / 4);
    for (std::size_t i = 0; i < bytes.size(); i += 4) {
        std::uint32_t h = 0;
        for (std::size_t j = 0; j < 4; ++j) h = (h << 8) | static_cast<unsigned char>(bytes[i + j]);
        out.push_back(h);
    }
    if (!std::is_sorted(out.begin(), out.end())) return {};
    return out;
}

Works Works::group(const std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>>& documents, double threshold) {
    const std::size_t n = documents.size();
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> by_hash;
    for (std::size_t d = 0; d < n; ++d) {
        const auto& sketch = documents[d].second;
        for (std::size_t i = 0; i < sketch.size() && i < kCandidateHashes; ++i) by_hash[sketch[i]].push_back(d);
    }
    std::vector<std::size_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    auto root = [&](std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    std::set<std::pair<std::size_t, std::size_t>> tried;
    for (const auto& [hash, docs] : by_hash) {
        if (docs.size() < 2 || docs.size() > kCommonHash) continue;
        for (std::size_t i = 0; i < docs.size(); ++i)
            for (std::size_t j = i + 1; j < docs.size(); ++j) {
                const std::size_t a = docs[i], b = docs[j];
                if (root(a) == root(b) || !tried.insert({a, b}).second) continue;
                if (resemblance(documents[a].second, documents[b].second) >= threshold) parent[root(a)] = root(b);
            }
    }
    std::map<std::size_t, std::vector<std::uint32_t>> members;
    for (std::size_t d = 0; d < n; ++d) members[root(d)].push_back(documents[d].first);
    Works works;
    for (auto& [r, ids] : members)
        if (ids.size() > 1) {
            std::sort(ids.begin(), ids.end());
            works.groups_.push_back(std::move(ids));
        }
    std::sort(works.groups_.begin(), works.groups_.end());
    works.index_groups();
    return works;
}

void Works::add(const Works& other) {
    groups_.insert(groups_.end(), other.groups_.begin(), other.groups_.end());
    index_groups();
}

void Works::index_groups() {
    group_of_.clear();
    for (std::size_t g = 0; g < groups_.size(); ++g)
        for (std::uint32_t id : groups_[g]) group_of_[id] = g;
}

std::vector<std::uint32_t> Works::members(std::uint32_t doc_id) const {
    const auto it = group_of_.find(doc_id);
    return it == group_of_.end() ? std::vector<std::uint32_t>{doc_id} : groups_[it->second];
}

std::uint32_t Works::key(std::uint32_t doc_id) const {
    const auto it = group_of_.find(doc_id);
    return it == group_of_.end() ? doc_id : groups_[it->second].front();
}

std::string Works::to_json() const {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartArray();
    for (const auto& g : groups_) {
        w.StartArray();
        for (std::uint32_t id : g) w.Uint(id);
        w.EndArray();
    }
    w.EndArray();
    return std::string(buffer.GetString(), buffer.GetSize());
}

Works Works::from_json(std::string_view json) {
    Works works;
    rapidjson::Document d;
    d.Parse(json.data(), json.size());
    if (d.HasParseError() || !d.IsArray()) return works;
    for (const auto& g : d.GetArray()) {
        if (!g.IsArray()) continue;
        std::vector<std::uint32_t> ids;
        for (const auto& id : g.GetArray())
            if (id.IsUint()) ids.push_back(id.GetUint());
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        if (ids.size() > 1) works.groups_.push_back(std::move(ids));
    }
    works.index_groups();
    return works;
}

}  // namespace grappe
