#include "search/searcher.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "parse/query_parser.h"
#include "store/index_writer.h"
#include "store/schema.h"

namespace grappe {

Searcher::Searcher(const std::string& dir) : db_(open_index(dir)) {
    lexicon_ = read_index_lexicon(db_);
    vocabulary_.family_of = lexicon_.families;
}

std::vector<std::string> Searcher::documents_matching(const Xapian::Query& query) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_collapse_key(schema::kSlotDocId);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet mset = enquire.get_mset(0, db_.get_termfreq(std::string(schema::kTermRecord)));
    std::vector<std::string> ids;
    for (auto m = mset.begin(); m != mset.end(); ++m) ids.push_back(m.get_collapse_key());
    return ids;
}

ParsedQuery Searcher::parse(const std::string& query) const {
    QueryVocabulary words;
    words.lemmas_of = [this](const std::string& key) {
        std::vector<std::string> lemmas;
        const std::string prefix(schema::kPrefixLemma);
        for (auto s = db_.synonyms_begin(key); s != db_.synonyms_end(key); ++s)
            if ((*s).compare(0, prefix.size(), prefix) == 0) lemmas.push_back((*s).substr(prefix.size()));
        return lemmas;
    };
    words.keys_of = [this](const std::string& lemma) {
        std::vector<std::string> keys;
        const std::string z = std::string(schema::kPrefixLemma) + lemma;
        for (auto s = db_.synonyms_begin(z); s != db_.synonyms_end(z) && keys.size() < 500; ++s) keys.push_back(*s);
        return keys;
    };
    return parse_query(query, analyzer_, vocabulary_, words);
}

namespace {

void word_nodes(const QueryNode& n, std::vector<const QueryNode*>& out) {
    if ((n.kind == QueryNode::Kind::Term || n.kind == QueryNode::Kind::Exact) && !n.stopword && !n.excluded) out.push_back(&n);
    for (const QueryNode& c : n.children) word_nodes(c, out);
}

}  // namespace

std::vector<Suggestion> Searcher::suggestions(const ParsedQuery& query) const {
    std::vector<const QueryNode*> words;
    word_nodes(query.root, words);
    std::vector<Suggestion> out;
    for (const QueryNode* w : words) {
        // Absent: neither the word as written nor any of its lemmas.
        bool seen = db_.term_exists(w->word);
        for (const std::string& t : w->terms) seen = seen || db_.term_exists(t);
        if (seen || w->word.size() < 3) continue;
        const std::string near = db_.get_spelling_suggestion(w->word, 2);
        if (near.empty() || near == w->word) continue;
        // Shown as the documents write it: "compétitivité", not "competitivite".
        std::string shown = near;
        const std::string exact(schema::kPrefixExact);
        for (auto s = db_.synonyms_begin(near); s != db_.synonyms_end(near); ++s)
            if ((*s).compare(0, exact.size(), exact) == 0) {
                shown = (*s).substr(exact.size());
                break;
            }
        if (std::none_of(out.begin(), out.end(), [&](const Suggestion& s) { return s.word == w->word; })) out.push_back({w->word, shown});
    }
    return out;
}

Hit Searcher::make_hit(const Xapian::MSetIterator& it, const Highlight& highlight) const {
    Hit h;
    h.rank = it.get_rank() + 1;
    h.passage_id = *it;
    h.score = it.get_weight();
    const PassageData p = read_passage(it.get_document());
    h.doc_id = p.doc_id;
    h.page = p.label;
    h.page_index = p.page_index + 1;
    h.ordinal = p.ordinal;
    h.kind = p.kind;
    h.text = p.text;
    if (auto r = record(p.doc_id)) {
        h.path = r->path;
        h.title = r->title.empty() ? std::filesystem::path(r->path).filename().string() : r->title;
        h.authors = r->metadata.authors;
        h.year = r->metadata.year.value;
        for (const Citation& c : p.citations) {
            Hit::Cited cited{c, std::nullopt};
            if (c.reference >= 0 && static_cast<size_t>(c.reference) < r->references.size()) cited.reference = r->references[static_cast<size_t>(c.reference)];
            h.citations.push_back(std::move(cited));
        }
    }
    for (const ConceptMention& m : p.mentions) {
        auto tag = std::find_if(h.concepts.begin(), h.concepts.end(), [&](const Hit::ConceptTag& t) { return t.id == m.id; });
        if (tag == h.concepts.end()) {
            const auto family = lexicon_.families.find(m.id);
            tag = h.concepts.insert(h.concepts.end(), {m.id, family == lexicon_.families.end() ? "" : family->second, {}});
        }
        tag->mentions.emplace_back(m.begin, m.end);
    }
    // Its words read in its language, as when it was indexed.
    h.snippet = make_snippet(p.text, highlight, analyzer_, 300, p.mentions, passage_language(it.get_document()));
    return h;
}

SearchResults Searcher::search(const SearchRequest& request) const {
    const ParsedQuery parsed = parse(request.query);
    Xapian::Query query = parsed.to_xapian();

    try {
        if (request.scope == Scope::Document) {
            // Documents in which every required clause matches some passage...
            std::optional<std::set<std::string>> allowed;
            for (const Xapian::Query& clause : parsed.required_clauses()) {
                std::set<std::string> docs;
                for (auto& id : documents_matching(clause))
                    if (!allowed || allowed->count(id)) docs.insert(std::move(id));
                allowed = std::move(docs);
                if (allowed->empty()) break;
            }
            std::vector<Xapian::Query> filters;
            if (allowed)
                for (const auto& id : *allowed) filters.emplace_back(std::string(schema::kPrefixDoc) + id);
            const std::vector<Xapian::Query> clauses = parsed.required_clauses();
            query = Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, clauses.begin(), clauses.end()),
                                  Xapian::Query(Xapian::Query::OP_OR, filters.begin(), filters.end()));
            // ...and none of whose passages has an excluded word.
            const Xapian::Query excluded = parsed.excluded();
            if (!excluded.empty()) {
                std::vector<Xapian::Query> out;
                for (const auto& id : documents_matching(excluded)) out.emplace_back(std::string(schema::kPrefixDoc) + id);
                if (!out.empty())
                    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(Xapian::Query::OP_OR, out.begin(), out.end()));
            }
        }

        Xapian::Enquire enquire(db_);
        enquire.set_query(query);
        // Bibliographies and tables of contents after body text (schema.h).
        enquire.set_sort_by_value_then_relevance(schema::kSlotRank, false);
        if (!request.by_passage) enquire.set_collapse_key(schema::kSlotDocId);
        const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                                   static_cast<Xapian::doccount>(request.limit));
        SearchResults results;
        results.concept_filters = parsed.concept_filters;
        results.total_estimate = mset.get_matches_estimated();
        for (auto it = mset.begin(); it != mset.end(); ++it) results.hits.push_back(make_hit(it, parsed.highlight));
        results.suggestions = suggestions(parsed);
        if (request.facets) {
            // Over every matching document, not just the page shown.
            for (const auto& id : documents_matching(query)) {
                const auto r = record(static_cast<std::uint32_t>(std::stoul(id)));
                if (!r) continue;
                const Metadata& m = r->metadata;
                ++results.facets["year"][m.year.empty() ? "undated" : m.year.value];  // undated works counted apart, never on a year
                if (!m.type.empty()) ++results.facets["type"][m.type.value];
                if (!m.language.empty()) ++results.facets["language"][m.language.value];
                for (const auto& a : m.authors) ++results.facets["author"][a.family];
            }
            // Documents with a matching passage that mentions the concept.
            std::set<std::string> families;
            for (const auto& [id, family] : lexicon_.families) {
                families.insert(family);
                const Xapian::Query with(Xapian::Query::OP_FILTER, query, Xapian::Query(std::string(schema::kPrefixConcept) + id));
                if (const std::size_t n = documents_matching(with).size(); n > 0) results.facets["concept"][id] = n;
            }
            for (const auto& family : families) {
                const Xapian::Query with(Xapian::Query::OP_FILTER, query, Xapian::Query(std::string(schema::kPrefixFamily) + family));
                if (const std::size_t n = documents_matching(with).size(); n > 0) results.facets["family"][family] = n;
            }
        }
        return results;
    } catch (const Xapian::DatabaseModifiedError&) {
        throw IndexError("the index changed while searching it: run the search again");
    } catch (const Xapian::Error& e) {
        throw IndexError("search failed: " + e.get_description());
    }
}

std::optional<FileRecord> Searcher::record(std::uint32_t doc_id) const {
    try {
        Xapian::Document doc = db_.get_document(doc_id);
        // A passage id is not a record id: records carry the record marker.
        auto t = doc.termlist_begin();
        t.skip_to(std::string(schema::kTermRecord));
        if (t == doc.termlist_end() || *t != schema::kTermRecord) return std::nullopt;
        return read_record(doc);
    } catch (const Xapian::DocNotFoundError&) {
        return std::nullopt;
    }
}

std::vector<std::pair<std::uint32_t, FileRecord>> Searcher::records() const {
    std::vector<std::pair<std::uint32_t, FileRecord>> out;
    const std::string term(schema::kTermRecord);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) out.emplace_back(*it, read_record(db_.get_document(*it)));
    return out;
}

std::set<std::uint32_t> Searcher::matching_documents(const std::string& query) const {
    const ParsedQuery parsed = parse(query);
    std::set<std::uint32_t> out;
    for (const std::string& id : documents_matching(parsed.to_xapian())) out.insert(static_cast<std::uint32_t>(std::stoul(id)));
    return out;
}

std::vector<PassageData> Searcher::page_passages(std::uint32_t doc_id, std::uint32_t page_index) const {
    std::vector<PassageData> out;
    const std::string term = schema::doc_term(doc_id);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
        PassageData p = read_passage(db_.get_document(*it));
        if (p.page_index + 1 == page_index) out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const PassageData& a, const PassageData& b) { return a.ordinal < b.ordinal; });
    return out;
}

}  // namespace grappe
