#include "search/scope.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <tuple>

#include "search/shards.h"
#include "store/documents.h"
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
    // In docid order already (asked for above): the check is linear, a sort
    // of sorted ids took a few per cent of a page search of common words.
    if (!std::is_sorted(out.begin(), out.end())) std::sort(out.begin(), out.end());
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

ScopeMatch::ScopeMatch(const Xapian::Database& db, Scope scope, const std::vector<Xapian::Query>& clauses, const Xapian::Query& excluded,
                       bool place_values, bool facet_values)
    : scope_(scope), place_values_(place_values), facet_values_(place_values && facet_values && values_by_match()) {
    const std::size_t n = std::min<std::size_t>(clauses.size(), 64);
    all_ = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
    std::vector<std::pair<Xapian::doccount, std::size_t>> order;
    for (std::size_t i = 0; i < n; ++i) order.emplace_back(estimate(db, clauses[i]), i);
    std::sort(order.begin(), order.end());

    // Documents where every clause so far matches somewhere (ascending): no
    // group elsewhere can qualify, whatever the scope.
    std::optional<std::vector<std::uint32_t>> candidates;
    const auto candidate = [&](std::uint32_t doc) { return std::binary_search(candidates->begin(), candidates->end(), doc); };
    auto within_candidates = [&](const Xapian::Query& q) {
        if (!candidates || candidates->size() > kFilterDocuments) return q;
        std::vector<Xapian::Query> docs;
        for (std::uint32_t d : *candidates) docs.emplace_back(schema::doc_term(d));
        return Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_OR, docs.begin(), docs.end()));
    };
    for (const auto& [ignored, i] : order) {
        std::vector<std::pair<Xapian::docid, std::string>> facets;
        std::vector<Place> found = match_places(db, within_candidates(clauses[i]), facet_values_ ? &facets : nullptr);
        if (facet_values_) {
            std::vector<std::pair<Xapian::docid, std::string>> all;
            all.reserve(facets_.size() + facets.size());
            std::merge(std::make_move_iterator(facets_.begin()), std::make_move_iterator(facets_.end()), std::make_move_iterator(facets.begin()),
                       std::make_move_iterator(facets.end()), std::back_inserter(all),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
            all.erase(std::unique(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first == b.first; }), all.end());
            facets_ = std::move(all);
        }
        std::vector<std::uint32_t> docs;
        for (Place& p : found) {
            p.clauses = std::uint64_t{1} << i;
            if (!candidates || candidate(p.doc)) docs.push_back(p.doc);
        }
        std::sort(docs.begin(), docs.end());
        docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
        merge(std::move(found));
        candidates = std::move(docs);
        if (candidates->empty()) break;
    }
    if (n == 0 || !candidates || candidates->empty()) {
        places_.clear();
        return;
    }
    if (!excluded.empty()) {
        std::vector<Place> found = match_places(db, within_candidates(excluded));
        for (Place& p : found) p.excluded = true;
        merge(std::move(found));
    }
    // Only the candidates' passages matter from here on.
    std::erase_if(places_, [&](const Place& p) { return !candidate(p.doc); });
    by_document_.resize(places_.size());
    for (std::uint32_t k = 0; k < by_document_.size(); ++k) by_document_[k] = k;
    // A document's passages follow its record in docid order, in reading
    // order, unless it was indexed again after others or the index is
    // sharded (docids interleave): sorted only when they are not.
    const auto reading_order = [&](std::uint32_t a, std::uint32_t b) {
        const Place &x = places_[a], &y = places_[b];
        return std::tie(x.doc, x.ordinal, x.id) < std::tie(y.doc, y.ordinal, y.id);
    };
    if (!std::is_sorted(by_document_.begin(), by_document_.end(), reading_order))
        std::sort(by_document_.begin(), by_document_.end(), reading_order);
    for (std::uint32_t k = 0; k < by_document_.size(); ++k) {
        const std::uint32_t doc = places_[by_document_[k]].doc;
        if (documents_.empty() || documents_.back().doc != doc) documents_.push_back({doc, k, k});
        documents_.back().end = k + 1;
    }

    if (scope_ == Scope::Window) {
        for (const DocumentPlaces& d : documents_)
            for (std::uint32_t k = d.begin; k < d.end; ++k) {
                Place& p = places_[by_document_[k]];
                if (p.clauses == 0) continue;
                // Its neighbours are next to it in ordinal order, when they match anything.
                std::uint64_t seen = p.clauses;
                bool excluded_near = p.excluded;
                for (std::uint32_t j : {k - 1, k + 1}) {
                    if (j < d.begin || j >= d.end) continue;  // k - 1 wraps round at 0
                    const Place& other = places_[by_document_[j]];
                    if (other.ordinal + 1 < p.ordinal || other.ordinal > p.ordinal + 1) continue;
                    seen |= other.clauses;
                    excluded_near = excluded_near || other.excluded;
                }
                p.accepted = seen == all_ && !excluded_near;
            }
        return;
    }
    // A group's passages next to each other: the clauses it holds, whether
    // it has an excluded one, then which of its passages are accepted.
    std::vector<std::uint32_t> grouped = by_document_;
    const auto by_group = [&](std::uint32_t a, std::uint32_t b) { return group_key(places_[a]) < group_key(places_[b]); };
    if (!std::is_sorted(grouped.begin(), grouped.end(), by_group))  // pages follow reading order, mostly
        std::stable_sort(grouped.begin(), grouped.end(), by_group);
    for (std::size_t first = 0; first < grouped.size();) {
        const std::uint64_t key = group_key(places_[grouped[first]]);
        std::size_t last = first;
        std::uint64_t seen = 0;
        bool excluded_in = false;
        for (; last < grouped.size() && group_key(places_[grouped[last]]) == key; ++last) {
            seen |= places_[grouped[last]].clauses;
            excluded_in = excluded_in || places_[grouped[last]].excluded;
        }
        for (std::size_t k = first; k < last; ++k) {
            Place& p = places_[grouped[k]];
            p.accepted = p.clauses != 0 && seen == all_ && !excluded_in;
        }
        first = last;
    }
}

std::uint64_t ScopeMatch::group_key(const Place& p) const {
    if (scope_ == Scope::Document) return p.doc;
    return (std::uint64_t{p.doc} << 32) | p.page;
}

void ScopeMatch::merge(std::vector<Place>&& found) {
    if (places_.empty()) {
        places_ = std::move(found);
        return;
    }
    std::vector<Place> out;
    out.reserve(places_.size() + found.size());
    auto a = places_.begin(), b = found.begin();
    while (a != places_.end() || b != found.end()) {
        if (b == found.end() || (a != places_.end() && a->id < b->id)) {
            out.push_back(*a++);
        } else if (a == places_.end() || b->id < a->id) {
            out.push_back(*b++);
        } else {
            out.push_back(*a++);
            out.back().clauses |= b->clauses;
            out.back().excluded = out.back().excluded || b->excluded;
            ++b;
        }
    }
    places_ = std::move(out);
}

std::vector<ScopeMatch::Place> ScopeMatch::match_places(const Xapian::Database& db, const Xapian::Query& query,
                                                        std::vector<std::pair<Xapian::docid, std::string>>* facets) const {
    std::vector<Place> out;
    // A passage's place from its values as stored ("" where it has none).
    const auto add = [&out](Xapian::docid id, const std::string& doc, const std::string& page, const std::string& ordinal) {
        Place p;
        p.id = id;
        p.doc = doc.empty() ? 0 : static_cast<std::uint32_t>(std::stoul(doc));
        p.page = page.empty() ? 0 : static_cast<std::uint32_t>(Xapian::sortable_unserialise(page));
        p.ordinal = ordinal.empty() ? 0 : static_cast<std::uint32_t>(Xapian::sortable_unserialise(ordinal));
        out.push_back(p);
    };
    if (!values_by_match()) {
        // The value streams, in docid order: a skip forward each, no document read.
        const std::vector<Xapian::docid> passages = all_matches(db, query);
        Xapian::ValueIterator doc_ids = db.valuestream_begin(schema::kSlotDocId), pages = db.valuestream_begin(schema::kSlotPage),
                              ordinals = db.valuestream_begin(schema::kSlotOrdinal);
        const Xapian::ValueIterator end = db.valuestream_end(0);
        auto value_at = [&](Xapian::ValueIterator& stream, Xapian::docid id) -> std::string {
            if (stream == end) return "";
            if (stream.get_docid() < id) stream.skip_to(id);
            return stream != end && stream.get_docid() == id ? *stream : std::string();
        };
        out.reserve(passages.size());
        for (Xapian::docid id : passages) {  // sorted
            const std::string doc_id = value_at(doc_ids, id), page = value_at(pages, id);
            add(id, doc_id, page, value_at(ordinals, id));
        }
        return out;
    }
    if (place_values_ && facets) {
        // One match, each passage's place and its facet value.
        std::vector<MatchedValues> places = matched_values(db, query, schema::kSlotPlace, schema::kSlotFacets);
        out.reserve(places.size());
        facets->reserve(places.size());
        for (MatchedValues& m : places) {
            const PassagePlace place = read_place_value(m.value);
            if (place.record == 0) continue;  // records have none
            out.push_back({m.id, place.record, place.page, place.ordinal});
            facets->emplace_back(m.id, std::move(m.second));
        }
        return out;
    }
    if (place_values_) {
        // One match, each passage's place in one value.
        const auto places = matched_values(db, query, schema::kSlotPlace);
        out.reserve(places.size());
        for (const auto& [id, value] : places) {
            const PassagePlace place = read_place_value(value);
            if (place.record == 0) continue;  // records have none
            Place p;
            p.id = id;
            p.doc = place.record;
            p.page = place.page;
            p.ordinal = place.ordinal;
            out.push_back(p);
        }
        return out;
    }
    const auto doc_ids = matched_values(db, query, schema::kSlotDocId), pages = matched_values(db, query, schema::kSlotPage),
               ordinals = matched_values(db, query, schema::kSlotOrdinal);
    auto value_at = [](const std::vector<std::pair<Xapian::docid, std::string>>& values, Xapian::docid id) -> std::string {
        const auto it = std::lower_bound(values.begin(), values.end(), std::make_pair(id, std::string()));
        return it != values.end() && it->first == id ? it->second : std::string();
    };
    out.reserve(doc_ids.size());
    for (const auto& [id, doc] : doc_ids) add(id, doc, value_at(pages, id), value_at(ordinals, id));  // passages only: records have no record id
    return out;
}

const ScopeMatch::Place* ScopeMatch::find(Xapian::docid passage) const {
    const auto it = std::lower_bound(places_.begin(), places_.end(), passage, [](const Place& p, Xapian::docid id) { return p.id < id; });
    return it != places_.end() && it->id == passage ? &*it : nullptr;
}

const ScopeMatch::DocumentPlaces* ScopeMatch::document(std::uint32_t doc) const {
    const auto it = std::lower_bound(documents_.begin(), documents_.end(), doc, [](const DocumentPlaces& d, std::uint32_t id) { return d.doc < id; });
    return it != documents_.end() && it->doc == doc ? &*it : nullptr;
}

std::vector<std::uint32_t> ScopeMatch::accepted_documents() const {
    std::vector<std::uint32_t> out;
    for (const DocumentPlaces& d : documents_)
        for (std::uint32_t k = d.begin; k < d.end && d.doc != 0; ++k)  // 0: no record named
            if (places_[by_document_[k]].accepted) {
                out.push_back(d.doc);
                break;
            }
    return out;
}

std::size_t ScopeMatch::accepted_count() const {
    std::size_t n = 0;
    for (const DocumentPlaces& d : documents_)
        for (std::uint32_t k = d.begin; k < d.end && d.doc != 0; ++k) n += places_[by_document_[k]].accepted;
    return n;
}

std::optional<std::vector<std::string>> ScopeMatch::accepted_facet_values() const {
    if (!facet_values_) return std::nullopt;
    std::vector<std::string> out;
    for (const Place& p : places_) {
        if (!p.accepted) continue;
        const auto it = std::lower_bound(facets_.begin(), facets_.end(), p.id, [](const auto& f, Xapian::docid id) { return f.first < id; });
        if (it != facets_.end() && it->first == p.id) out.push_back(it->second);
    }
    return out;
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
    for (const DocumentPlaces& d : documents_) {
        std::set<std::uint32_t> pages, ordinals;
        for (std::uint32_t k = d.begin; k < d.end; ++k) {
            const Place& p = places_[by_document_[k]];
            if (!p.accepted) continue;
            pages.insert(p.page);
            ordinals.insert(p.ordinal);
        }
        if (pages.empty()) continue;
        const Xapian::Query in_document(schema::doc_term(d.doc));
        if (scope_ == Scope::Document) groups.push_back(in_document);
        else if (scope_ == Scope::Page) groups.emplace_back(Xapian::Query::OP_FILTER, in_document, ranges(pages, schema::kSlotPage));
        else groups.emplace_back(Xapian::Query::OP_FILTER, in_document, ranges(ordinals, schema::kSlotOrdinal));
    }
    if (groups.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, groups.begin(), groups.end());
}

bool ScopeMatch::Decider::operator()(const Xapian::Document& doc) const { return match_.accepts(decided_passage(doc, shards_)); }

bool ScopeMatch::accepts(Xapian::docid passage) const {
    const Place* p = find(passage);
    return p != nullptr && p->accepted;
}

std::vector<Xapian::docid> ScopeMatch::companions(Xapian::docid passage) const {
    const Place* found = find(passage);
    if (found == nullptr || !found->accepted) return {};
    const Place& p = *found;
    std::uint64_t missing = all_ & ~p.clauses;
    const DocumentPlaces* doc = document(p.doc);
    if (missing == 0 || doc == nullptr) return {};
    auto in_group = [&](const Place& other) {
        switch (scope_) {
            case Scope::Window: return other.ordinal + 1 >= p.ordinal && other.ordinal <= p.ordinal + 1;
            case Scope::Page: return other.page == p.page;
            default: return true;
        }
    };
    auto distance = [&](const Place& other) { return other.ordinal > p.ordinal ? other.ordinal - p.ordinal : p.ordinal - other.ordinal; };
    std::vector<const Place*> out;
    // The nearest passage holding most of what is missing, until nothing is.
    while (missing != 0) {
        const Place* best = nullptr;
        int best_count = 0;
        std::uint32_t best_distance = 0;
        for (std::uint32_t k = doc->begin; k < doc->end; ++k) {
            const Place& other = places_[by_document_[k]];
            if (other.id == passage || other.excluded || !in_group(other)) continue;
            const int count = __builtin_popcountll(other.clauses & missing);
            if (count == 0) continue;
            if (best == nullptr || count > best_count || (count == best_count && distance(other) < best_distance)) {
                best = &other;
                best_count = count;
                best_distance = distance(other);
            }
        }
        if (best == nullptr) break;
        out.push_back(best);
        missing &= ~best->clauses;
    }
    std::sort(out.begin(), out.end(), [](const Place* a, const Place* b) { return a->ordinal < b->ordinal; });
    std::vector<Xapian::docid> ids;
    for (const Place* q : out) ids.push_back(q->id);
    return ids;
}

}  // namespace grappe
