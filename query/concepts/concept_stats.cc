#include "concepts/concept_stats.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "search/shards.h"
#include "store/documents.h"
#include "store/schema.h"
#include "works/works.h"

namespace grappe {

double ConceptTable::jaccard(std::size_t i, std::size_t j) const {
    const std::size_t both = together[i][j];
    const std::size_t either = together[i][i] + together[j][j] - both;
    return either == 0 ? 0.0 : static_cast<double>(both) / static_cast<double>(either);
}

ConceptTable concept_table(const Xapian::Database& db, const Works& works, const Lexicon& lexicon, std::size_t top) {
    ConceptTable table;
    const std::string prefix(schema::kPrefixConcept);
    for (const Concept& c : lexicon.concepts()) table.concepts.push_back({c.id, c.family, c.label, 0, 0, 0, 0, {}});
    // Concepts tagged by an older lexicon are still in the index: show them.
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const std::string id = (*t).substr(prefix.size());
        if (!lexicon.find(id)) table.concepts.push_back({id, "", "", 0, 0, 0, 0, {}});
    }

    // A text kept as several documents (a post and its PDF print) counts
    // once: through the passages of the first of them, with the first year
    // any of them states (works/works.h).
    std::unordered_map<std::uint32_t, int> work_year;
    for (const auto& group : works.groups())
        for (std::uint32_t id : group) {
            const std::string year = read_record(db.get_document(id), Fingerprint::Skipped).metadata.year.value;
            if (!year.empty() && !work_year.count(group.front())) work_year[group.front()] = std::stoi(year);
        }

    // Passages of each concept (sorted doc ids), with their documents and years.
    std::unordered_map<Xapian::docid, std::pair<std::string, int>> passage_source;  // passage -> (record id, year); "" for another copy's
    // Where a shard is remote, a document read is a round trip: the values
    // of every passage with a concept come in two matches (search/shards.h).
    std::unordered_map<Xapian::docid, std::string> remote_years, remote_records;
    if (values_by_match()) {
        std::vector<Xapian::Query> any;
        for (const ConceptFigures& f : table.concepts) any.emplace_back(prefix + f.id);
        const Xapian::Query tagged(Xapian::Query::OP_OR, any.begin(), any.end());
        for (auto& [id, value] : matched_values(db, tagged, schema::kSlotYear)) remote_years[id] = std::move(value);
        for (auto& [id, value] : matched_values(db, tagged, schema::kSlotDocId)) remote_records[id] = std::move(value);
    }
    auto value_of = [](const std::unordered_map<Xapian::docid, std::string>& values, Xapian::docid id) {
        const auto it = values.find(id);
        return it == values.end() ? std::string() : it->second;
    };
    std::vector<std::vector<Xapian::docid>> postings(table.concepts.size());
    for (std::size_t i = 0; i < table.concepts.size(); ++i) {
        ConceptFigures& f = table.concepts[i];
        const std::string term = prefix + f.id;
        std::map<std::string, bool> documents;
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            auto [it, fresh] = passage_source.try_emplace(*p);
            if (fresh) {
                std::string year, record;
                if (values_by_match()) {
                    year = value_of(remote_years, *p);
                    record = value_of(remote_records, *p);
                } else {
                    const Xapian::Document doc = db.get_document(*p, Xapian::DOC_ASSUME_VALID);
                    year = doc.get_value(schema::kSlotYear);
                    record = doc.get_value(schema::kSlotDocId);
                }
                it->second = {record, year.empty() ? 0 : static_cast<int>(Xapian::sortable_unserialise(year))};
                if (!record.empty()) {
                    const std::uint32_t id = static_cast<std::uint32_t>(std::stoul(record));
                    if (works.key(id) != id) it->second.first.clear();  // another copy of a text counted through its first
                    else if (const auto y = work_year.find(id); y != work_year.end() && it->second.second == 0) it->second.second = y->second;
                }
            }
            if (it->second.first.empty()) continue;
            postings[i].push_back(*p);
            documents[it->second.first] = true;
            if (const int y = it->second.second; y > 0) {
                f.first_year = f.first_year == 0 ? y : std::min(f.first_year, y);
                f.last_year = std::max(f.last_year, y);
            }
        }
        f.passages = postings[i].size();
        f.documents = documents.size();
    }

    const std::size_t n = table.concepts.size();
    table.together.assign(n, std::vector<std::size_t>(n, 0));
    for (std::size_t i = 0; i < n; ++i) {
        table.together[i][i] = postings[i].size();
        for (std::size_t j = i + 1; j < n; ++j) {
            std::size_t both = 0;
            auto a = postings[i].begin(), b = postings[j].begin();
            while (a != postings[i].end() && b != postings[j].end()) {
                if (*a < *b) ++a;
                else if (*b < *a) ++b;
                else ++both, ++a, ++b;
            }
            table.together[i][j] = table.together[j][i] = both;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::pair<std::string, std::size_t>> with;
        for (std::size_t j = 0; j < n; ++j)
            if (j != i && table.together[i][j] > 0) with.emplace_back(table.concepts[j].id, table.together[i][j]);
        std::stable_sort(with.begin(), with.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        if (with.size() > top) with.resize(top);
        table.concepts[i].cooccurring = std::move(with);
    }
    table.passages = db.get_doccount() - db.get_termfreq(std::string(schema::kTermRecord));
    return table;
}

}  // namespace grappe
