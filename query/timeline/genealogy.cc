#include "timeline/genealogy.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "text/folding.h"
#include "search/searcher.h"
#include "store/documents.h"
#include "store/schema.h"
#include "timeline/corpus_reader.h"

namespace grappe {

namespace {

template <typename T>
T median(std::vector<T> values) {
    if (values.empty()) return T{};
    std::sort(values.begin(), values.end());
    return values[(values.size() - 1) / 2];  // the lower middle: a year that occurs
}

std::vector<std::pair<std::string, std::size_t>> most(const std::map<std::string, std::size_t>& counts, std::size_t top) {
    std::vector<std::pair<std::string, std::size_t>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (out.size() > top) out.resize(top);
    return out;
}

// The sentence of `text` around byte `at`: from after the previous sentence
// end (". ", "! ", "? ", a line break) to the next, at most about 400 bytes.
std::string sentence_at(const std::string& text, std::size_t at) {
    auto ends_sentence = [&](std::size_t i) {
        return text[i] == '\n' || ((text[i] == '.' || text[i] == '!' || text[i] == '?') && i + 1 < text.size() && text[i + 1] == ' ');
    };
    std::size_t begin = at;
    while (begin > 0 && !ends_sentence(begin - 1) && at - begin < 300) --begin;
    std::size_t end = at;
    while (end < text.size() && !ends_sentence(end) && end - at < 300) ++end;
    if (end < text.size() && text[end] != '\n') ++end;  // the final stop
    while (begin < end && text[begin] == ' ') ++begin;
    // Never cut inside a character.
    while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    return text.substr(begin, end - begin);
}

struct PassageFacts {
    Xapian::docid id;
    std::uint32_t record;
    int year;
};

}  // namespace

std::vector<Genealogy> compute_genealogy(const Searcher& searcher, const std::vector<std::string>& concept_ids, std::size_t top) {
    try {
        const Xapian::Database& db = searcher.database();
        const Dating dates = dating(db, searcher.works());
        const std::string prefix(schema::kPrefixConcept);

        // Which concepts each passage mentions: every concept the index knows.
        std::vector<std::string> all;
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) all.push_back((*t).substr(prefix.size()));
        std::unordered_map<Xapian::docid, std::vector<std::size_t>> concepts_of;
        for (std::size_t c = 0; c < all.size(); ++c)
            for (auto p = db.postlist_begin(prefix + all[c]); p != db.postlist_end(prefix + all[c]); ++p) concepts_of[*p].push_back(c);

        std::vector<Genealogy> out;
        for (const std::string& id : concept_ids) {
            Genealogy g;
            g.id = id;
            if (const auto f = searcher.lexicon().families.find(id); f != searcher.lexicon().families.end()) g.family = f->second;
            const Xapian::Query among(prefix + id);
            ValueWalk records(db, schema::kSlotDocId, among), cited(db, schema::kSlotCitedYears, among), periods(db, schema::kSlotPeriods, among);
            std::vector<PassageFacts> passages;
            std::vector<int> cited_years, period_years;
            std::vector<Xapian::docid> citing;
            std::map<std::uint32_t, bool> documents;
            for (auto p = db.postlist_begin(prefix + id); p != db.postlist_end(prefix + id); ++p) {
                const std::uint32_t record = record_id_of(records.at(*p));
                if (!dates.counted(record)) continue;
                passages.push_back({*p, record, dates.of(record)});
                documents[record] = true;
                const std::vector<int> years = decode_years(cited.at(*p));
                if (!years.empty()) citing.push_back(*p);
                cited_years.insert(cited_years.end(), years.begin(), years.end());
                const std::vector<int> spans = decode_years(periods.at(*p));
                for (std::size_t i = 0; i + 1 < spans.size(); i += 2) period_years.push_back((spans[i] + spans[i + 1]) / 2);
            }
            g.passages = passages.size();
            g.documents = documents.size();
            std::map<int, std::map<std::uint32_t, std::size_t>> by_year;  // year -> record -> passages
            const PassageFacts* first = nullptr;
            for (const PassageFacts& p : passages) {
                if (p.year == 0) continue;
                ++by_year[p.year][p.record];
                if (!first || std::tie(p.year, p.record, p.id) < std::tie(first->year, first->record, first->id)) first = &p;
            }
            std::map<std::uint32_t, bool> undated;
            for (const PassageFacts& p : passages)
                if (p.year == 0) undated[p.record] = true;
            g.undated_documents = undated.size();
            for (const auto& [year, records_of_year] : by_year) {
                std::size_t n = 0;
                for (const auto& [r, k] : records_of_year) n += k;
                if (records_of_year.size() > g.peak_documents || (records_of_year.size() == g.peak_documents && n > g.peak_passages))
                    g.peak_year = year, g.peak_documents = records_of_year.size(), g.peak_passages = n;
                g.last_year = year;
            }
            g.citations = cited_years.size();
            g.median_cited_year = median(cited_years);
            g.periods = period_years.size();
            g.median_period_year = median(period_years);

            if (first) {
                Attestation a;
                a.doc_id = first->record;
                a.passage_id = first->id;
                a.year = first->year;
                const PassageData data = read_passage(db.get_document(first->id));
                a.page = data.label;
                std::size_t at = 0;
                for (const ConceptMention& m : data.mentions)
                    if (m.id == id) {
                        at = m.begin;
                        break;
                    }
                a.sentence = sentence_at(data.text, std::min<std::size_t>(at, data.text.size()));
                if (const auto r = searcher.record(first->record)) {
                    a.path = r->path;
                    a.title = r->metadata.title.value;
                    a.authors = r->metadata.authors;
                }
                g.first = std::move(a);
            }

            // Who it cites: the first author of each citation beside it.
            struct Spellings {
                std::map<std::string, std::size_t> written;  // as written -> citations
                std::set<std::uint32_t> documents;
                std::size_t citations = 0;
            };
            std::map<std::string, Spellings> authors;  // folded name -> its spellings
            for (Xapian::docid p : citing) {
                const PassageData data = read_passage(db.get_document(p));
                for (const Citation& c : data.citations) {
                    if (c.authors.empty()) continue;
                    Spellings& a = authors[fold_text(c.authors.front())];
                    ++a.written[c.authors.front()];
                    a.documents.insert(data.doc_id);
                    ++a.citations;
                }
            }
            for (const auto& [key, a] : authors) {
                const auto usual = std::max_element(a.written.begin(), a.written.end(),
                                                    [](const auto& x, const auto& y) { return x.second < y.second; });
                g.cited_authors.push_back({usual->first, a.documents.size(), a.citations});
            }
            std::stable_sort(g.cited_authors.begin(), g.cited_authors.end(), [](const auto& x, const auto& y) {
                return std::tie(x.documents, x.citations) > std::tie(y.documents, y.citations);
            });
            if (g.cited_authors.size() > top) g.cited_authors.resize(top);

            // Its company, in all and in each half of its life.
            const std::size_t self = static_cast<std::size_t>(std::find(all.begin(), all.end(), id) - all.begin());
            if (g.first && g.last_year > g.first->year) g.split_year = (g.first->year + g.last_year) / 2;
            std::map<std::string, std::size_t> with, before, after;
            for (const PassageFacts& p : passages) {
                const auto it = concepts_of.find(p.id);
                if (it == concepts_of.end()) continue;
                for (std::size_t c : it->second) {
                    if (c == self) continue;
                    ++with[all[c]];
                    if (g.split_year != 0 && p.year != 0) ++(p.year <= g.split_year ? before : after)[all[c]];
                }
            }
            g.cooccurring = most(with, top);
            g.cooccurring_before = most(before, top);
            g.cooccurring_after = most(after, top);
            out.push_back(std::move(g));
        }
        std::stable_sort(out.begin(), out.end(), [](const Genealogy& a, const Genealogy& b) {
            const int ya = a.first ? a.first->year : 1 << 20, yb = b.first ? b.first->year : 1 << 20;
            return ya < yb;
        });
        return out;
    } catch (const Xapian::DatabaseModifiedError&) {
        throw IndexError("the index changed while reading it: run the command again");
    } catch (const Xapian::Error& e) {
        throw IndexError("reading the index failed: " + e.get_description());
    }
}

}  // namespace grappe
