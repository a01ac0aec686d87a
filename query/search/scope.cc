#include "search/scope.h"

#include <algorithm>
#include <optional>

#include "search/shards.h"
#include "store/schema.h"

namespace grappe {
namespace {

// Every passage a query matches, in docid order (boolean: no weights).
std::vector<Xapian::docid> all_matches(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    std::vector<Xapian::docid> out;
    out.reserve(mset.size());
    for (auto m = mset.begin(); m != mset.end(); ++m) out.push_back(*m);
    std::sort(out.begin(), out.end());
    return out;
}

Xapian::doccount estimate(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0).get_matches_estimated();
}

// Above this many candidate documents a clause is matched over the whole
// index rather than through a filter of document terms (a long OR costs
// more than it saves).
constexpr std::size_t kFilterDocuments = 2000;

}  // namespace

const char* scope_name(Scope scope) {
    switch (scope) {
        case Scope::Passage: return "passage";
        case Scope::Window: return "window";
        case Scope::Page: return "page";
        case Scope::Document: return "document";
    }
    return "passage";
}

ScopeMatch::ScopeMatch(const Xapian::Database& db, Scope scope, const std::vector<Xapian::Query>& clauses, const Xapian::Query& excluded)
    : scope_(scope) {
    const std::size_t n = std::min<std::size_t>(clauses.size(), 64);
    all_ = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    std::vector<std::pair<Xapian::doccount, std::size_t>> order;
    for (std::size_t i = 0; i < n; ++i) order.emplace_back(estimate(db, clauses[i]), i);
    std::sort(order.begin(), order.end());

    // Documents where every clause so far matches somewhere: no group
    // elsewhere can qualify, whatever the scope.
    std::optional<std::set<std::uint32_t>> candidates;
    auto within_candidates = [&](const Xapian::Query& q) {
        if (!candidates || candidates->size() > kFilterDocuments) return q;
        std::vector<Xapian::Query> docs;
        for (std::uint32_t d : *candidates) docs.emplace_back(schema::doc_term(d));
        return Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_OR, docs.begin(), docs.end()));
    };
    for (const auto& [ignored, i] : order) {
        std::vector<Xapian::docid> passages = match_places(db, within_candidates(clauses[i]));
        std::set<std::uint32_t> docs;
        for (Xapian::docid p : passages) {
            Place& place = places_[p];
            place.clauses |= std::uint64_t{1} << i;
            if (!candidates || candidates->count(place.doc)) docs.insert(place.doc);
        }
        candidates = std::move(docs);
        if (candidates->empty()) break;
    }
    if (n == 0 || !candidates || candidates->empty()) {
        places_.clear();
        return;
    }
    if (!excluded.empty()) {
        std::vector<Xapian::docid> passages = match_places(db, within_candidates(excluded));
        for (Xapian::docid p : passages) places_[p].excluded = true;
    }
    // Only the candidates' passages matter from here on.
    for (auto it = places_.begin(); it != places_.end();) {
        if (candidates->count(it->second.doc)) {
            by_document_[it->second.doc].push_back(it->first);
            ++it;
        } else {
            it = places_.erase(it);
        }
    }
    for (auto& [doc, passages] : by_document_)
        std::sort(passages.begin(), passages.end(), [&](Xapian::docid a, Xapian::docid b) { return places_[a].ordinal < places_[b].ordinal; });

    if (scope_ == Scope::Window) {
        for (const auto& [doc, passages] : by_document_)
            for (std::size_t k = 0; k < passages.size(); ++k) {
                Place& p = places_[passages[k]];
                if (p.clauses == 0) continue;
                // Its neighbours are next to it in ordinal order, when they match anything.
                std::uint64_t seen = p.clauses;
                bool excluded_near = p.excluded;
                for (std::size_t j : {k - 1, k + 1}) {
                    if (j >= passages.size()) continue;  // k - 1 wraps round at the first
                    const Place& other = places_[passages[j]];
                    if (other.ordinal + 1 < p.ordinal || other.ordinal > p.ordinal + 1) continue;
                    seen |= other.clauses;
                    excluded_near = excluded_near || other.excluded;
                }
                p.accepted = seen == all_ && !excluded_near;
            }
        return;
    }
    std::unordered_map<std::uint64_t, std::pair<std::uint64_t, bool>> groups;  // key -> clauses seen, excluded
    for (const auto& [id, p] : places_) {
        auto& g = groups[group_key(p)];
        g.first |= p.clauses;
        g.second = g.second || p.excluded;
    }
    for (auto& [id, p] : places_) {
        const auto& g = groups[group_key(p)];
        p.accepted = p.clauses != 0 && g.first == all_ && !g.second;
    }
}

std::uint64_t ScopeMatch::group_key(const Place& p) const {
    if (scope_ == Scope::Document) return p.doc;
    return (std::uint64_t{p.doc} << 32) | p.page;
}

std::vector<Xapian::docid> ScopeMatch::match_places(const Xapian::Database& db, const Xapian::Query& query) {
    if (!values_by_match()) {
        std::vector<Xapian::docid> passages = all_matches(db, query);
        read_places(db, passages);
        return passages;
    }
    const auto doc_ids = matched_values(db, query, schema::kSlotDocId), pages = matched_values(db, query, schema::kSlotPage),
               ordinals = matched_values(db, query, schema::kSlotOrdinal);
    auto value_at = [](const std::vector<std::pair<Xapian::docid, std::string>>& values, Xapian::docid id) -> std::string {
        const auto it = std::lower_bound(values.begin(), values.end(), std::make_pair(id, std::string()));
        return it != values.end() && it->first == id ? it->second : std::string();
    };
    std::vector<Xapian::docid> passages;
    passages.reserve(doc_ids.size());
    for (const auto& [id, doc] : doc_ids) {  // passages only: records have no record id
        passages.push_back(id);
        if (places_.count(id)) continue;
        Place p;
        p.doc = static_cast<std::uint32_t>(std::stoul(doc));
        const std::string page = value_at(pages, id), ordinal = value_at(ordinals, id);
        p.page = page.empty() ? 0 : static_cast<std::uint32_t>(Xapian::sortable_unserialise(page));
        p.ordinal = ordinal.empty() ? 0 : static_cast<std::uint32_t>(Xapian::sortable_unserialise(ordinal));
        places_.emplace(id, p);
    }
    return passages;
}

Xapian::Query ScopeMatch::accepted_groups() const {
    // Consecutive pages or ordinals as one range: a range is checked on
    // each candidate passage of its document, so fewer is cheaper.
    const auto ranges = [](const std::set<std::uint32_t>& values, unsigned slot) {
        std::vector<Xapian::Query> out;
        for (auto it = values.begin(); it != values.end();) {
            const std::uint32_t first = *it;
            std::uint32_t last = first;
            for (++it; it != values.end() && *it == last + 1; ++it) last = *it;
            out.emplace_back(Xapian::Query::OP_VALUE_RANGE, slot, Xapian::sortable_serialise(first), Xapian::sortable_serialise(last));
        }
        return Xapian::Query(Xapian::Query::OP_OR, out.begin(), out.end());
    };
    std::vector<Xapian::Query> groups;
    for (const auto& [doc, passages] : by_document_) {
        std::set<std::uint32_t> pages, ordinals;
        for (Xapian::docid id : passages) {
            const Place& p = places_.at(id);
            if (!p.accepted) continue;
            pages.insert(p.page);
            ordinals.insert(p.ordinal);
        }
        if (pages.empty()) continue;
        const Xapian::Query in_document(schema::doc_term(doc));
        if (scope_ == Scope::Document) groups.push_back(in_document);
        else if (scope_ == Scope::Page) groups.emplace_back(Xapian::Query::OP_FILTER, in_document, ranges(pages, schema::kSlotPage));
        else groups.emplace_back(Xapian::Query::OP_FILTER, in_document, ranges(ordinals, schema::kSlotOrdinal));
    }
    if (groups.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, groups.begin(), groups.end());
}

void ScopeMatch::read_places(const Xapian::Database& db, std::vector<Xapian::docid>& passages) {
    // The value streams, in docid order: a skip forward each, no document read.
    Xapian::ValueIterator doc_ids = db.valuestream_begin(schema::kSlotDocId), pages = db.valuestream_begin(schema::kSlotPage),
                          ordinals = db.valuestream_begin(schema::kSlotOrdinal);
    const Xapian::ValueIterator end = db.valuestream_end(0);
    auto value_at = [&](Xapian::ValueIterator& stream, Xapian::docid id) -> std::string {
        if (stream == end) return "";
        if (stream.get_docid() < id) stream.skip_to(id);
        return stream != end && stream.get_docid() == id ? *stream : std::string();
    };
    for (Xapian::docid id : passages) {  // sorted
        if (places_.count(id)) continue;
        Place p;
        const std::string doc_id = value_at(doc_ids, id), page = value_at(pages, id), ordinal = value_at(ordinals, id);
        p.doc = doc_id.empty() ? 0 : static_cast<std::uint32_t>(std::stoul(doc_id));
        p.page = page.empty() ? 0 : static_cast<std::uint32_t>(Xapian::sortable_unserialise(page));
        p.ordinal = ordinal.empty() ? 0 : static_cast<std::uint32_t>(Xapian::sortable_unserialise(ordinal));
        places_.emplace(id, p);
    }
}

bool ScopeMatch::Decider::operator()(const Xapian::Document& doc) const { return match_.accepts(decided_passage(doc, shards_)); }

bool ScopeMatch::accepts(Xapian::docid passage) const {
    const auto it = places_.find(passage);
    return it != places_.end() && it->second.accepted;
}

std::vector<Xapian::docid> ScopeMatch::companions(Xapian::docid passage) const {
    const auto it = places_.find(passage);
    if (it == places_.end() || !it->second.accepted) return {};
    const Place& p = it->second;
    std::uint64_t missing = all_ & ~p.clauses;
    const auto doc = by_document_.find(p.doc);
    if (missing == 0 || doc == by_document_.end()) return {};
    auto in_group = [&](const Place& other) {
        switch (scope_) {
            case Scope::Window: return other.ordinal + 1 >= p.ordinal && other.ordinal <= p.ordinal + 1;
            case Scope::Page: return other.page == p.page;
            default: return true;
        }
    };
    auto distance = [&](const Place& other) { return other.ordinal > p.ordinal ? other.ordinal - p.ordinal : p.ordinal - other.ordinal; };
    std::vector<Xapian::docid> out;
    // The nearest passage holding most of what is missing, until nothing is.
    while (missing != 0) {
        Xapian::docid best = 0;
        int best_count = 0;
        std::uint32_t best_distance = 0;
        for (Xapian::docid q : doc->second) {
            const Place& other = places_.at(q);
            if (q == passage || other.excluded || !in_group(other)) continue;
            const int count = __builtin_popcountll(other.clauses & missing);
            if (count == 0) continue;
            if (best == 0 || count > best_count || (count == best_count && distance(other) < best_distance)) {
                best = q;
                best_count = count;
                best_distance = distance(other);
            }
        }
        if (best == 0) break;
        out.push_back(best);
        missing &= ~places_.at(best).clauses;
    }
    std::sort(out.begin(), out.end(), [&](Xapian::docid a, Xapian::docid b) { return places_.at(a).ordinal < places_.at(b).ordinal; });
    return out;
}

}  // namespace grappe
