#include "search/searcher.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <iterator>
#include <set>

#include "concepts/lexicon.h"
#include "parse/query_parser.h"
#include "segment/kinds.h"
#include "store/index_writer.h"
#include "store/schema.h"

namespace grappe {

namespace {
// The last revision of a remote index a Searcher of this process read, and
// when it last changed (steady clock ticks; 0: never): shared, so that a
// daemon's worker that opens its Searcher after a change knows of it too
// (a process serves one index). A shard that stops or comes back
// answering is no change of its data.
std::mutex g_remote_revision_mutex;
std::string g_remote_revision;
std::atomic<std::chrono::steady_clock::rep> g_remote_change_seen{0};

void note_remote_revision(const std::string& revision) {
    const std::lock_guard lock(g_remote_revision_mutex);
    if (!g_remote_revision.empty() && revision != g_remote_revision && revision.find("absent") == std::string::npos &&
        g_remote_revision.find("absent") == std::string::npos)
        g_remote_change_seen = std::chrono::steady_clock::now().time_since_epoch().count();
    g_remote_revision = revision;
}
}  // namespace

Searcher::Searcher(const IndexSource& source) : source_(source), index_(open_index_source(source)), db_(index_.whole) {
    for (int attempt = 0;; ++attempt) {
        try {
            read_index_metadata();
            break;
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed twice since the open: read the latest.
            if (attempt == 10) throw;
            (void)index_.reopen();
            db_ = index_.whole;
        }
    }
    if (index_.remote()) note_remote_revision(index_.revision());
    // Names to suggest a concept id by: the default lexicon's and those of
    // the codebooks the index was tagged with, read only when asked.
    vocabulary_.names = [codebooks = lexicon_.codebooks] {
        std::vector<std::pair<std::string, std::string>> names;
        Lexicon lexicon = Lexicon::default_lexicon();
        for (const std::string& path : codebooks) {
            try {
                lexicon.add_file(path);
            } catch (const LexiconError&) {  // a codebook moved away: the default's names still help
            }
        }
        for (const Concept& c : lexicon.concepts()) {
            names.emplace_back(c.label, c.id);
            for (const SurfaceForm& f : c.forms) names.emplace_back(f.text, c.id);
        }
        return names;
    };
}

void Searcher::read_index_metadata() {
    // Words' lemmas as this index recorded them: a search then loads the
    // dictionaries only for a query word that no indexed text has. Not
    // through a remote shard, where each word would cost a round trip.
    if (index_.remote())
        analyzer_.lemmatizer().use_vocabulary(nullptr);
    else
        analyzer_.lemmatizer().use_vocabulary([this](const std::string& key) { return recorded_lemmas(key); });
    // The shards share one lexicon (open_index_source checks it); each has the works of its documents.
    const ShardPart* first = nullptr;
    works_ = Works();
    for (const ShardPart& p : index_.parts) {
        if (p.absent) continue;
        if (!first) first = &p;
        works_.add(Works::from_json(p.db.get_metadata(std::string(schema::kMetaWorks))));
    }
    lexicon_ = first ? read_index_lexicon(first->db) : IndexLexicon{};
    vocabulary_.family_of = lexicon_.families;
}

bool Searcher::refresh() {
    try {
        try {
            // A shard left out for not answering is asked again now and then.
            const auto absent = [](const OpenIndex& index) {
                return std::count_if(index.parts.begin(), index.parts.end(), [](const ShardPart& p) { return p.absent && p.remote; });
            };
            const auto now = std::chrono::steady_clock::now();
            if (absent(index_) > 0 && now - last_reconnect_ >= std::chrono::seconds(5)) {
                last_reconnect_ = now;
                OpenIndex again = open_index_source(source_);
                if (absent(again) < absent(index_)) {
                    index_ = std::move(again);
                    db_ = index_.whole;
                    forget_records();
                    read_index_metadata();
                    note_remote_revision(index_.revision());  // back: no change of its data
                    return true;
                }
            }
            if (!index_.reopen()) return false;
        } catch (const IndexError&) {
            // A run that compacts the index writes a new database and swaps
            // it in by renaming folders (store/index_writer.h): the open
            // one, on the old files, would never change again. Open the new.
            index_ = open_index_source(source_);
        }
        db_ = index_.whole;
        forget_records();
        read_index_metadata();
        if (index_.remote()) note_remote_revision(index_.revision());
        return true;
    } catch (const ShardError&) {
        throw;
    } catch (const Xapian::Error& e) {
        throw IndexError("the index could not be read again: " + e.get_description());
    }
}

bool Searcher::being_written() const {
    for (const ShardPart& p : index_.parts) {
        if (p.remote || p.absent) continue;  // a remote shard says nothing of its writers
        try {
            if (p.db.locked()) return true;
        } catch (const Xapian::Error&) {
        }
    }
    if (!index_.remote()) return false;
    const auto seen = std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(g_remote_change_seen.load()));
    return seen.time_since_epoch().count() != 0 && std::chrono::steady_clock::now() - seen < kRecentChange;
}

std::vector<std::string> Searcher::documents_matching(const Xapian::Query& query, const Xapian::MatchDecider* decider) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_collapse_key(schema::kSlotDocId);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet mset = enquire.get_mset(0, db_.get_termfreq(std::string(schema::kTermRecord)), 0, nullptr, decider);
    std::vector<std::string> ids;
    for (auto m = mset.begin(); m != mset.end(); ++m) ids.push_back(m.get_collapse_key());
    return ids;
}

std::vector<Searcher::MatchedPassage> Searcher::passages_matching(const Xapian::Query& query, const Xapian::MatchDecider* decider) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount(), 0, nullptr, decider);
    std::vector<Xapian::docid> ids;
    ids.reserve(mset.size());
    for (auto m = mset.begin(); m != mset.end(); ++m) ids.push_back(*m);
    std::sort(ids.begin(), ids.end());
    // Their records from the value stream, read forward (far cheaper than a
    // document's values one by one); from a match where shards are remote.
    std::vector<MatchedPassage> out;
    out.reserve(ids.size());
    if (values_by_match()) {
        for (const auto& [id, value] : matched_values(db_, query, schema::kSlotDocId))
            if (const std::uint32_t record = record_id_of(value); record != 0 && std::binary_search(ids.begin(), ids.end(), id))
                out.push_back({id, record});
        return out;
    }
    Xapian::ValueIterator v = db_.valuestream_begin(schema::kSlotDocId);
    for (const Xapian::docid id : ids) {
        if (v == db_.valuestream_end(schema::kSlotDocId)) break;
        v.skip_to(id);
        if (v == db_.valuestream_end(schema::kSlotDocId)) break;
        if (v.get_docid() != id) continue;
        if (const std::uint32_t record = record_id_of(*v); record != 0) out.push_back({id, record});
    }
    return out;
}

std::size_t Searcher::works_with(const std::vector<MatchedPassage>& matched, const std::string& term) const {
    if (matched.empty()) return 0;
    std::set<std::uint32_t> works;
    const auto by_passage = [](const MatchedPassage& m, Xapian::docid id) { return m.passage < id; };
    if (db_.get_termfreq(term) < matched.size()) {
        // Few postings: each looked up among the matches.
        for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
            const auto at = std::lower_bound(matched.begin(), matched.end(), *p, by_passage);
            if (at != matched.end() && at->passage == *p) works.insert(works_.key(at->record));
        }
    } else {
        // Few matches: the postings skipped to each.
        auto p = db_.postlist_begin(term);
        for (const MatchedPassage& m : matched) {
            p.skip_to(m.passage);
            if (p == db_.postlist_end(term)) break;
            if (*p == m.passage) works.insert(works_.key(m.record));
        }
    }
    return works.size();
}

std::vector<std::string> Searcher::recorded_lemmas(const std::string& key) const {
    std::vector<std::string> lemmas;
    const std::string prefix(schema::kPrefixLemma);
    for (const std::string& s : synonyms_of(index_, key))
        if (s.compare(0, prefix.size(), prefix) == 0) lemmas.push_back(s.substr(prefix.size()));
    // A word no text has in that form, but the lemma of forms they have
    // ("épidémie" where they say "épidémies", "innover" where "innovent"):
    // itself, without loading the dictionaries (0.1 s) to learn it.
    if (lemmas.empty() && !synonyms_of(index_, prefix + key).empty()) lemmas.push_back(key);
    return lemmas;
}

ParsedQuery Searcher::parse_once(const std::string& query) const {
    QueryVocabulary words;
    words.lemmas_of = [this](const std::string& key) { return recorded_lemmas(key); };
    words.keys_of = [this](const std::string& lemma) {
        std::vector<std::string> keys;
        const std::string z = std::string(schema::kPrefixLemma) + lemma;
        for (const std::string& s : synonyms_of(index_, z))
            if (keys.size() < 500) keys.push_back(s);
        return keys;
    };
    words.keys_starting = [this](const std::string& prefix) {
        // Over the whole index: a key's frequency is its sum over the shards.
        constexpr std::size_t kMostFrequent = 1000;
        std::vector<std::pair<Xapian::doccount, std::string>> found;
        for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) found.emplace_back(t.get_termfreq(), *t);
        if (found.size() > kMostFrequent) {
            std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
            found.resize(kMostFrequent);
        }
        std::vector<std::string> keys;
        keys.reserve(found.size());
        for (auto& [freq, key] : found) keys.push_back(std::move(key));
        std::sort(keys.begin(), keys.end());
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
        for (const std::string& s : synonyms_of(index_, near))
            if (s.compare(0, exact.size(), exact) == 0) {
                shown = s.substr(exact.size());
                break;
            }
        if (std::none_of(out.begin(), out.end(), [&](const Suggestion& s) { return s.word == w->word; })) out.push_back({w->word, shown});
    }
    return out;
}

Hit Searcher::make_hit(Xapian::docid passage, std::size_t rank, double weight, const Xapian::Document& document, const Highlight& highlight,
                       const ScopeMatch* scope, bool snippets, std::map<std::uint32_t, std::optional<FileRecord>>* records) const {
    Hit h;
    h.rank = rank + 1;
    h.passage_id = passage;
    h.score = weight;
    const PassageData p = read_passage(document);
    h.doc_id = p.doc_id;
    h.page = p.label;
    h.page_index = p.page_index + 1;
    h.ordinal = p.ordinal;
    h.kind = p.kind;
    h.text = p.text;
    h.language = passage_language(document);
    std::optional<FileRecord> read;
    if (records) {
        auto [cached, fresh] = records->try_emplace(p.doc_id);
        if (fresh) cached->second = record(p.doc_id);
        read = cached->second;
    } else {
        read = record(p.doc_id);
    }
    if (const auto& r = read) {
        h.path = r->path;
        h.title = r->title.empty() ? std::filesystem::path(r->path).filename().string() : r->title;
        h.authors = r->metadata.authors;
        h.also_in = r->same_text;
        h.year = r->metadata.year.value;
        h.type = r->metadata.type.value;
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
    if (snippets) h.snippet = make_snippet(p.text, highlight, analyzer_, 300, p.mentions, h.language);
    if (scope && snippets)
        for (Xapian::docid id : scope->companions(passage)) {
            const Xapian::Document doc = db_.get_document(id);
            const PassageData c = read_passage(doc);
            h.companions.push_back({id, c.label, c.page_index + 1, c.ordinal, c.kind,
                                    make_snippet(c.text, highlight, analyzer_, 200, c.mentions, passage_language(doc))});
        }
    return h;
}

Searcher::Matcher Searcher::matcher(const ParsedQuery& parsed, Scope scope, bool facets) const {
    Matcher m;
    m.query = parsed.to_xapian();
    // A wider scope than the passage matters for two clauses of words or
    // more, or excluded words (the page or document must lack them).
    const ParsedQuery::Scoped scoped = parsed.scoped();
    if (scope == Scope::Passage || scoped.words.empty() || scoped.words.size() > 64 || (scoped.words.size() == 1 && scoped.excluded_words.empty()))
        return m;
    std::vector<Xapian::Query> clauses;
    for (const Xapian::Query& words : scoped.words)
        clauses.push_back(scoped.passage_filter.empty() ? words : Xapian::Query(Xapian::Query::OP_FILTER, words, scoped.passage_filter));
    const bool places = index_.remote() && place_values();
    m.scope = std::make_unique<ScopeMatch>(db_, scope, clauses, scoped.excluded_words, places, places && facets && facet_values());
    // Ranked on every clause: the passage that holds most of the words,
    // and the rarest, comes first.
    m.query = Xapian::Query(Xapian::Query::OP_OR, clauses.begin(), clauses.end());
    // A remote shard runs no decider (shards.h): search_ranked_here keeps
    // the accepted passages itself.
    if (!index_.remote()) m.decider = std::make_unique<ScopeMatch::Decider>(*m.scope, static_cast<std::uint32_t>(index_.parts.size()));
    return m;
}

namespace {

using Deadline = std::optional<std::chrono::steady_clock::time_point>;

// Past the deadline: TimeLimitError.
void check_deadline(const Deadline& deadline) {
    if (deadline && std::chrono::steady_clock::now() >= *deadline) throw TimeLimitError("the search took longer than its time limit");
}

// The same, then the matcher told the time left (a long match stops too).
void limit_to_deadline(Xapian::Enquire& enquire, const Deadline& deadline) {
    check_deadline(deadline);
    if (deadline) enquire.set_time_limit(std::chrono::duration<double>(*deadline - std::chrono::steady_clock::now()).count());
}

}  // namespace

std::vector<Searcher::WorkEntry> Searcher::group_by_work(std::size_t count, const std::function<std::uint32_t(std::size_t)>& record_at) const {
    std::vector<WorkEntry> entries;
    std::map<std::uint32_t, std::size_t> entry_of;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t doc = record_at(i);
        if (doc == 0) continue;
        const auto [it, fresh] = entry_of.try_emplace(works_.key(doc), entries.size());
        if (fresh) entries.emplace_back();
        entries[it->second].push_back(i);
    }
    return entries;
}

std::size_t Searcher::shown_copy(const WorkEntry& entry, const std::function<std::uint32_t(std::size_t)>& record_at) const {
    for (const std::size_t i : entry)
        if (paginated(record_at(i))) return i;
    return entry.front();
}

SearchResults Searcher::search_once(const SearchRequest& request) const {
    const ParsedQuery parsed = parse(request.query);
    // The time left before the request's deadline, told to the matcher.
    Xapian::Enquire* timed = nullptr;
    const auto in_time = [&] {
        if (timed) limit_to_deadline(*timed, request.deadline);
        else check_deadline(request.deadline);
    };
    try {
        const Matcher matched = matcher(parsed, request.scope, request.facets);
        const Xapian::Query& query = matched.query;
        const ScopeMatch* scope = matched.scope.get();
        if (scope && index_.remote()) return search_ranked_here(request, parsed, matched);
        const Xapian::MatchDecider* accept = matched.decider.get();
        // Only the passages asked for, then the scope's test.
        struct OnlyThese : Xapian::MatchDecider {
            const std::vector<std::uint32_t>& ids;
            const Xapian::MatchDecider* then;
            std::uint32_t shards;
            OnlyThese(const std::vector<std::uint32_t>& i, const Xapian::MatchDecider* t, std::uint32_t n) : ids(i), then(t), shards(n) {}
            bool operator()(const Xapian::Document& doc) const override {
                return std::binary_search(ids.begin(), ids.end(), decided_passage(doc, shards)) && (!then || (*then)(doc));
            }
        };
        const OnlyThese only(request.only_passages, accept, static_cast<std::uint32_t>(index_.parts.size()));
        Xapian::Query filtered = query;
        if (!request.only_passages.empty()) {
            if (index_.remote()) filtered = Xapian::Query(Xapian::Query::OP_FILTER, query, passages_query(request.only_passages));
            else accept = &only;
        }

        // A scope counts what it accepts exactly, where Xapian estimates a
        // match with a decider ("about 5" for six passages).
        const bool counted = scope && request.only_passages.empty();
        const std::size_t exact_total = counted ? scope_total(*scope, request.by_passage) : 0;
        Xapian::Enquire enquire(db_);
        timed = &enquire;
        enquire.set_query(filtered);
        if (request.document_order) {
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        } else {
            // Bibliographies and tables of contents after body text (schema.h).
            enquire.set_sort_by_value_then_relevance(schema::kSlotRank, false);
        }
        if (!request.by_passage) enquire.set_collapse_key(schema::kSlotDocId);
        SearchResults results;
        results.concept_filters = parsed.concept_filters;
        if (request.by_passage && request.each) {
            // Streamed: read and handed over a slice at a time, so the first
            // rows of a long export leave before the last are read.
            // Two matches in all: the first hundred hits, then the rest at
            // once (each get_mset runs the match again from the start).
            std::map<std::uint32_t, std::optional<FileRecord>> records;
            std::size_t done = 0;
            while (done < request.limit) {
                const std::size_t want = done == 0 ? std::min<std::size_t>(100, request.limit) : request.limit - done;
                in_time();
                const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset + done),
                                                           static_cast<Xapian::doccount>(want), 0, nullptr, accept);
                in_time();
                if (done == 0) results.total_estimate = counted ? exact_total : mset.get_matches_estimated();
                bool more = true;
                for (auto it = mset.begin(); it != mset.end() && more; ++it) {
                    in_time();
                    more = request.each(make_hit(*it, it.get_rank(), it.get_weight(), it.get_document(), parsed.highlight, scope, request.snippets, &records));
                }
                done += mset.size();
                if (!more || mset.size() < want) break;
                // A document's passages share its record: keep only the last few.
                if (records.size() > 64) records.clear();
            }
            results.suggestions = suggestions(parsed);
            return results;
        }
        in_time();
        if (request.by_passage || works_.groups().empty()) {
            const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                                       static_cast<Xapian::doccount>(request.limit), 0, nullptr, accept);
            // Xapian stops a match at the time limit and returns what it
            // found: checked after it, so that a cut answer is never given
            // as a whole one.
            in_time();
            results.total_estimate = counted ? exact_total : mset.get_matches_estimated();
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                in_time();
                results.hits.push_back(make_hit(*it, it.get_rank(), it.get_weight(), it.get_document(), parsed.highlight, scope));
            }
        } else {
            // One hit per work: the documents of one text (works/works.h)
            // merge into the first of them, shown from a paginated copy
            // when one matched (its pages are what a citation gives).
            const std::size_t want = request.offset + request.limit;
            Xapian::doccount fetch = documents_for_works(want);
            Xapian::MSet mset;
            std::vector<WorkEntry> entries;  // per work, its documents' places in the mset
            const auto record_at = [&mset](std::size_t i) { return record_id_of(mset[static_cast<Xapian::doccount>(i)].get_collapse_key()); };
            // The works counted exactly: every matching document seen
            // (Xapian's estimate counts documents, not works, and from the
            // first `fetch` only: "about 550" for 32 works on corpus-fr x
            // 10). The whole-process median of the bench queries did not
            // move (14.1 -> 13.8 ms, alternating); a common word's search
            // reads up to a third more.
            Xapian::ValueCountMatchSpy records_seen(schema::kSlotDocId);
            if (!counted) enquire.add_matchspy(&records_seen);
            for (;;) {
                in_time();
                mset = enquire.get_mset(0, fetch, counted ? 0 : db_.get_doccount(), nullptr, accept);
                in_time();
                entries = group_by_work(mset.size(), record_at);
                if (entries.size() >= want || mset.size() < fetch) break;
                fetch *= 2;
            }
            if (counted) {
                results.total_estimate = exact_total;
            } else {
                const std::vector<std::string> records(records_seen.values_begin(), records_seen.values_end());
                results.total_estimate = work_keys(records).size();
            }
            for (std::size_t e = request.offset; e < entries.size() && e < want; ++e) {
                const auto shown = mset[static_cast<Xapian::doccount>(shown_copy(entries[e], record_at))];
                in_time();
                Hit h = make_hit(*shown, shown.get_rank(), shown.get_weight(), shown.get_document(), parsed.highlight, scope);
                h.rank = e + 1;
                results.hits.push_back(std::move(h));
            }
        }
        results.suggestions = suggestions(parsed);
        if (request.facets) {
            in_time();
            // Where a shard is remote, a postlist comes over the network
            // whole (all the passages of a kind, for a count among a few):
            // one match with a spy instead where shards carry facet values.
            count_facets(results, query, filtered, accept, index_.remote() ? spied_facets(filtered, request.deadline) : std::nullopt, request);
        }
        return results;
    } catch (const Xapian::DatabaseModifiedError&) {
        if (request.each) throw IndexError("the index changed while searching it: run the search again");
        throw;  // run again on the new revision (retrying)
    } catch (const Xapian::NetworkError& e) {
        const std::string which = unanswering_shards(index_);
        throw ShardError(which.empty() ? "a remote shard failed: " + e.get_description() : which);
    } catch (const Xapian::Error& e) {
        throw IndexError("search failed: " + e.get_description());
    }
}

std::size_t Searcher::scope_total(const ScopeMatch& scope, bool by_passage) const {
    if (by_passage) return scope.accepted_count();
    const std::vector<std::uint32_t> documents = scope.accepted_documents();
    if (works_.groups().empty()) return documents.size();
    std::set<std::uint32_t> works;
    for (const std::uint32_t doc : documents) works.insert(works_.key(doc));
    return works.size();
}

Xapian::doccount Searcher::documents_for_works(std::size_t works) const {
    // As many documents as the works wanted hold on average, so that one
    // match is enough where most texts have copies (more asked for cost
    // more on average, measured on corpus-fr x 10: the largest work's
    // size, or the size-biased mean, instead of this).
    std::size_t copies = 0;
    for (const auto& group : works_.groups()) copies += group.size() - 1;
    const double records = static_cast<double>(db_.get_termfreq(std::string(schema::kTermRecord)));
    const double per_work = records > static_cast<double>(copies) ? records / (records - static_cast<double>(copies)) : 1.0;
    return static_cast<Xapian::doccount>(static_cast<double>(works) * per_work * 1.5) + 16;
}

SearchResults Searcher::search_ranked_here(const SearchRequest& request, const ParsedQuery& parsed, const Matcher& matched) const {
    const ScopeMatch& scope = *matched.scope;
    SearchResults results;
    results.concept_filters = parsed.concept_filters;
    const std::vector<std::uint32_t> documents = scope.accepted_documents();
    // Each item comes back with its facet value (record and facet terms)
    // or its record id as its collapse key, nothing collapsed.
    const bool with_facets = facet_values();
    std::vector<Ranked> ranked;
    std::optional<SpiedFacets> spied;
    // Facets count every accepted passage: from the scope, which read
    // their facet values with their places, else from every ranked item.
    // A streamed export or a choice of passages reads on: those take every
    // item too. Otherwise only as many as the page needs come back, asked
    // for again four times as many while short (each time the servers
    // match anew, but return and the client holds a page's worth, not
    // every matching passage of the accepted documents: millions on a
    // large shard for common words).
    const std::optional<std::vector<std::string>> scope_facets =
        request.facets && with_facets ? scope.accepted_facet_values() : std::nullopt;
    const bool paged = (!request.facets || scope_facets) && !request.each && request.only_passages.empty();
    const bool by_works = !request.by_passage && !works_.groups().empty();
    const std::size_t want = request.offset + request.limit;
    // What search_once's match would have held: the first `fetch` documents
    // for the works (so that the same copies are grouped and shown).
    Xapian::doccount fetch = by_works ? documents_for_works(want) : 0;
    const auto enough = [&] {
        if (!by_works) return ranked.size() >= want;
        for (;;) {
            if (ranked.size() < fetch) return false;
            if (group_by_work(fetch, [&ranked](std::size_t i) { return ranked[i].record; }).size() >= want) return true;
            fetch *= 2;
        }
    };
    if (!documents.empty()) {
        std::vector<Xapian::Query> terms;
        terms.reserve(documents.size());
        for (const std::uint32_t doc : documents) terms.emplace_back(schema::doc_term(doc));
        Xapian::Enquire enquire(db_);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, matched.query, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())));
        if (request.document_order) {
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        } else {
            enquire.set_sort_by_value_then_relevance(schema::kSlotRank, false);  // as search_once
        }
        enquire.set_collapse_key(with_facets ? schema::kSlotFacets : schema::kSlotDocId, ~Xapian::doccount{0});
        const Xapian::doccount all = std::max<Xapian::doccount>(1, db_.get_doccount());
        Xapian::doccount asked = paged ? static_cast<Xapian::doccount>(std::min<std::size_t>(all, std::max<std::size_t>(fetch, want) * 4 + 64)) : all;
        for (;;) {
            limit_to_deadline(enquire, request.deadline);
            const Xapian::MSet mset = enquire.get_mset(0, asked);
            check_deadline(request.deadline);  // a match cut at the time limit is never shown as whole
            ranked.clear();
            if (request.facets && with_facets && !scope_facets) spied.emplace();
            const bool only = !request.only_passages.empty();
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                if (!scope.accepts(*it) || (only && !std::binary_search(request.only_passages.begin(), request.only_passages.end(), *it))) continue;
                std::uint32_t record = 0;
                if (with_facets) {
                    const PassageFacets facets = read_facet_value(it.get_collapse_key());
                    record = facets.record;
                    if (spied) add_spied(*spied, facets);
                } else {
                    record = record_id_of(it.get_collapse_key());
                }
                if (record != 0) ranked.push_back({*it, it.get_weight(), record});
            }
            // Hits are one per document unless by passage (Xapian's collapse keeps a key's first item).
            if (!request.by_passage) {
                std::set<std::uint32_t> seen;
                std::erase_if(ranked, [&](const Ranked& r) { return !seen.insert(r.record).second; });
            }
            if (!paged || mset.size() < asked || asked == all || enough()) break;
            asked = static_cast<Xapian::doccount>(std::min<std::size_t>(all, std::size_t{asked} * 4));
        }
        // The works of search_once's match: its first `fetch` documents,
        // `fetch` doubled as there while short (also when the servers had
        // no more to give).
        if (paged && by_works) {
            (void)enough();
            if (ranked.size() > fetch) ranked.resize(fetch);
        }
        if (scope_facets) {
            spied.emplace();
            for (const std::string& value : *scope_facets) add_spied(*spied, read_facet_value(value));
        }
    }
    const auto hit_of = [&](const Ranked& r, std::size_t rank, bool snippets, std::map<std::uint32_t, std::optional<FileRecord>>* records) {
        check_deadline(request.deadline);
        return make_hit(r.id, rank, r.weight, db_.get_document(r.id), parsed.highlight, &scope, snippets, records);
    };
    if (request.by_passage && request.each) {
        results.total_estimate = ranked.size();
        std::map<std::uint32_t, std::optional<FileRecord>> records;
        for (std::size_t i = request.offset; i < ranked.size() && i - request.offset < request.limit; ++i) {
            if (!request.each(hit_of(ranked[i], i, request.snippets, &records))) break;
            if (records.size() > 64) records.clear();
        }
        results.suggestions = suggestions(parsed);
        return results;
    }
    if (request.by_passage || works_.groups().empty()) {
        // Paged: the accepted passages or documents the scope counted.
        results.total_estimate = paged ? scope_total(scope, request.by_passage) : ranked.size();
        for (std::size_t i = request.offset; i < ranked.size() && i - request.offset < request.limit; ++i)
            results.hits.push_back(hit_of(ranked[i], i, true, nullptr));
    } else {
        const auto record_at = [&ranked](std::size_t i) { return ranked[i].record; };
        const std::vector<WorkEntry> entries = group_by_work(ranked.size(), record_at);
        results.total_estimate = paged ? scope_total(scope, false) : entries.size();
        for (std::size_t e = request.offset; e < entries.size() && e - request.offset < request.limit; ++e) {
            const std::size_t shown = shown_copy(entries[e], record_at);
            Hit h = hit_of(ranked[shown], shown, true, nullptr);
            h.rank = e + 1;
            results.hits.push_back(std::move(h));
        }
    }
    results.suggestions = suggestions(parsed);
    if (request.facets) {
        check_deadline(request.deadline);
        // Shards made before facet values: the accepted groups as a filter
        // (slow, but the same counts).
        const Xapian::Query filtered = spied ? Xapian::Query() : Xapian::Query(Xapian::Query::OP_FILTER, matched.query, scope.accepted_groups());
        count_facets(results, matched.query, filtered, nullptr, std::move(spied), request);
    }
    return results;
}

void Searcher::count_facets(SearchResults& results, const Xapian::Query& query, const Xapian::Query& filtered, const Xapian::MatchDecider* accept,
                            std::optional<SpiedFacets> spied, const SearchRequest& request) const {
    // Over every matching work, not just the page shown: the matching
    // passages read once, then each concept, family and kind by its
    // postings among them (one match in all, where a match per facet
    // value cost 40% of a search).
    const bool remote = index_.remote();
    std::vector<MatchedPassage> matched;
    std::set<std::uint32_t> works;
    if (spied) {
        works = spied->works;
    } else if (remote) {
        // A match per value, collapsed to one item a document.
        for (const std::uint32_t work : work_keys(documents_matching(filtered))) works.insert(work);
    } else {
        matched = passages_matching(query, accept);
        for (const MatchedPassage& m : matched) works.insert(works_.key(m.record));
    }
    for (const std::uint32_t id : works) {
        const auto r = record(id);
        if (!r) continue;
        const Metadata& m = r->metadata;
        ++results.facets["year"][m.year.empty() ? "undated" : m.year.value];  // undated works counted apart, never on a year
        if (!m.type.empty()) ++results.facets["type"][m.type.value];
        if (!m.language.empty()) ++results.facets["language"][m.language.value];
        for (const auto& a : m.authors) ++results.facets["author"][a.family];
    }
    // Works with a matching passage that holds the term.
    const auto count = [&](const std::string& facet, const std::string& value, const std::string& term) {
        check_deadline(request.deadline);
        std::size_t n = 0;
        if (spied) {
            const auto found = spied->works_by_term.find(term);
            n = found == spied->works_by_term.end() ? 0 : found->second.size();
        } else if (remote) {
            if (!facet_terms_) {  // once per state of the index: the facet terms it holds
                facet_terms_.emplace();
                for (const std::string_view prefix : {schema::kPrefixConcept, schema::kPrefixFamily, schema::kPrefixKind})
                    for (auto t = db_.allterms_begin(std::string(prefix)); t != db_.allterms_end(std::string(prefix)); ++t)
                        facet_terms_->insert(*t);
            }
            if (!facet_terms_->count(term)) return;
            n = work_keys(documents_matching(Xapian::Query(Xapian::Query::OP_FILTER, filtered, Xapian::Query(term)))).size();
        } else {
            n = works_with(matched, term);
        }
        if (n > 0) results.facets[facet][value] = n;
    };
    std::set<std::string> families;
    for (const auto& [id, family] : lexicon_.families) {
        families.insert(family);
        count("concept", id, std::string(schema::kPrefixConcept) + id);
    }
    for (const std::string_view kind : kind_names()) count("kind", std::string(kind), std::string(schema::kPrefixKind) + std::string(kind));
    for (const auto& family : families) count("family", family, std::string(schema::kPrefixFamily) + family);
}

bool Searcher::every_shard_marks(std::string_view key) const {
    return std::all_of(index_.parts.begin(), index_.parts.end(),
                       [&](const ShardPart& p) { return p.absent || p.db.get_metadata(std::string(key)) == "1"; });
}

bool Searcher::facet_values() const {
    if (!facets_spied_) facets_spied_ = every_shard_marks(schema::kMetaFacets);
    return *facets_spied_;
}

bool Searcher::place_values() const {
    if (!places_read_) places_read_ = every_shard_marks(schema::kMetaPlaces);
    return *places_read_;
}

void Searcher::add_spied(SpiedFacets& out, const PassageFacets& passage) const {
    if (passage.record == 0) return;
    const std::uint32_t work = works_.key(passage.record);
    out.works.insert(work);
    for (const std::string& term : passage.terms) out.works_by_term[term].insert(work);
}

std::optional<Searcher::SpiedFacets> Searcher::spied_facets(const Xapian::Query& query,
                                                            const std::optional<std::chrono::steady_clock::time_point>& deadline) const {
    if (!facet_values()) return std::nullopt;
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy spy(schema::kSlotFacets);
    enquire.add_matchspy(&spy);
    limit_to_deadline(enquire, deadline);
    // No hit wanted: every match seen, by the spy. A match Xapian stopped
    // at the time limit is past the deadline: never counted as whole.
    (void)enquire.get_mset(0, 0, db_.get_doccount());
    check_deadline(deadline);
    SpiedFacets out;
    for (auto v = spy.values_begin(); v != spy.values_end(); ++v) add_spied(out, read_facet_value(*v));
    return out;
}

Xapian::Query Searcher::passages_query(const std::vector<std::uint32_t>& passages) const {
    // A passage has no term of its own: its record and its ordinal name it.
    std::vector<Xapian::Query> each;
    for (const std::uint32_t id : passages) {
        const Xapian::Document doc = db_.get_document(id);
        const std::uint32_t record = record_id_of(doc.get_value(schema::kSlotDocId));
        if (record == 0) continue;
        const std::string ordinal = doc.get_value(schema::kSlotOrdinal);
        each.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(schema::doc_term(record)),
                          Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotOrdinal, ordinal, ordinal));
    }
    if (each.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, each.begin(), each.end());
}

void Searcher::forget_records() const {
    stored_cache_.clear();
    record_cache_.clear();
    lent_cache_.clear();
    facet_terms_.reset();
    facets_spied_.reset();
    places_read_.reset();
}

std::shared_ptr<const FileRecord> Searcher::stored_record(std::uint32_t doc_id) const {
    if (const auto known = stored_cache_.find(doc_id); known != stored_cache_.end()) return known->second;
    if (stored_cache_.size() >= kRecordsKept) stored_cache_.clear();
    try {
        // A passage id is not a record id: only a record's data names a file
        // (told by the data, which is read anyway, rather than by the record
        // marker among its terms: a term list read more for each record).
        FileRecord r = read_record(db_.get_document(doc_id), Fingerprint::Skipped);
        if (r.path.empty()) return stored_cache_[doc_id] = nullptr;
        return stored_cache_[doc_id] = std::make_shared<const FileRecord>(std::move(r));
    } catch (const Xapian::DocNotFoundError&) {
        return stored_cache_[doc_id] = nullptr;
    }
}

std::shared_ptr<const FileRecord> Searcher::lent_record(std::uint32_t doc_id) const {
    if (const auto known = lent_cache_.find(doc_id); known != lent_cache_.end()) return known->second;
    if (lent_cache_.size() >= kRecordsKept) lent_cache_.clear();
    try {
        if (std::optional<FileRecord> lent = read_lent_value(db_.get_document(doc_id).get_value(schema::kSlotLent)))
            return lent_cache_[doc_id] = std::make_shared<const FileRecord>(std::move(*lent));
    } catch (const Xapian::DocNotFoundError&) {
        return lent_cache_[doc_id] = nullptr;
    }
    return lent_cache_[doc_id] = stored_record(doc_id);
}

std::optional<FileRecord> Searcher::record_once(std::uint32_t doc_id) const {
    if (const auto known = record_cache_.find(doc_id); known != record_cache_.end()) return known->second;
    if (record_cache_.size() >= kRecordsKept) record_cache_.clear();
    std::optional<FileRecord> r;
    if (const auto stored = stored_record(doc_id)) {
        r = *stored;
        complete_from_work(doc_id, *r);
    }
    return record_cache_[doc_id] = r;
}

void Searcher::complete_from_work(std::uint32_t doc_id, FileRecord& r) const {
    const std::vector<std::uint32_t> members = works_.members(doc_id);
    if (members.size() < 2) return;
    Metadata& m = r.metadata;
    for (std::uint32_t other : members) {
        if (other == doc_id) continue;
        const std::shared_ptr<const FileRecord> copy = lent_record(other);
        if (!copy) continue;
        r.same_text.push_back({other, copy->path});
        // A field this copy lacks, from the first copy that has it.
        const std::string from = "same text as " + std::filesystem::path(copy->path).filename().string() + ": ";
        const Metadata& theirs = copy->metadata;
        for (Sourced Metadata::*field : kLentFields)
            if ((m.*field).empty() && !(theirs.*field).empty()) m.*field = {(theirs.*field).value, from + (theirs.*field).source};
        if (m.authors.empty() && !theirs.authors.empty()) {
            m.authors = theirs.authors;
            m.authors_source = from + theirs.authors_source;
        }
    }
    if (r.title.empty()) r.title = m.title.value;
}

bool Searcher::paginated(std::uint32_t doc_id) const {
    const std::shared_ptr<const FileRecord> r = stored_record(doc_id);
    return r && (r->format == "pdf" || r->pages > 1);
}

std::vector<std::uint32_t> Searcher::work_keys(const std::vector<std::string>& doc_ids) const {
    std::set<std::uint32_t> keys;
    for (const std::string& id : doc_ids)
        if (const std::uint32_t doc = record_id_of(id); doc != 0) keys.insert(works_.key(doc));
    return {keys.begin(), keys.end()};
}

std::vector<std::pair<std::uint32_t, FileRecord>> Searcher::records_once() const {
    std::vector<std::pair<std::uint32_t, FileRecord>> out;
    const std::string term(schema::kTermRecord);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
        FileRecord r = read_record(db_.get_document(*it), Fingerprint::Skipped);
        complete_from_work(*it, r);
        out.emplace_back(*it, std::move(r));
    }
    return out;
}

std::set<std::uint32_t> Searcher::matching_documents_once(const std::string& query, Scope scope) const {
    const ParsedQuery parsed = parse(query);
    std::set<std::uint32_t> out;
    try {
        const Matcher matched = matcher(parsed, scope);
        if (matched.scope) {
            // The scope found them already: no match to run.
            const std::vector<std::uint32_t> docs = matched.scope->accepted_documents();
            return {docs.begin(), docs.end()};
        }
        for (const std::string& id : documents_matching(matched.query))
            if (const std::uint32_t doc = record_id_of(id); doc != 0) out.insert(doc);
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;
    } catch (const Xapian::Error& e) {
        throw IndexError("search failed: " + e.get_description());
    }
    return out;
}

std::vector<std::uint32_t> Searcher::matching_passages_once(const std::string& query) const {
    const ParsedQuery parsed = parse(query);
    std::vector<std::uint32_t> out;
    try {
        Xapian::Enquire enquire(db_);
        enquire.set_query(matcher(parsed, Scope::Passage).query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        const Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
        for (auto m = mset.begin(); m != mset.end(); ++m) out.push_back(*m);
        std::sort(out.begin(), out.end());
        // A query of exclusions alone could match records: they are no passages.
        const std::string marker(schema::kTermRecord);
        std::vector<std::uint32_t> records;
        for (auto r = db_.postlist_begin(marker); r != db_.postlist_end(marker); ++r) records.push_back(*r);
        std::vector<std::uint32_t> passages;
        std::set_difference(out.begin(), out.end(), records.begin(), records.end(), std::back_inserter(passages));
        return passages;
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;
    } catch (const Xapian::Error& e) {
        throw IndexError("search failed: " + e.get_description());
    }
}

std::vector<PassageData> Searcher::page_passages_once(std::uint32_t doc_id, std::uint32_t page_index) const {
    std::vector<PassageData> out;
    const std::string term = schema::doc_term(doc_id);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
        const Xapian::Document doc = db_.get_document(*it);
        PassageData p = read_passage(doc);
        if (p.page_index + 1 != page_index) continue;
        p.language = passage_language(doc);
        out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const PassageData& a, const PassageData& b) { return a.ordinal < b.ordinal; });
    return out;
}

// Each read of the index, run again on its last commit when a writer
// committed twice while it read (Xapian discards the revision being read).
ParsedQuery Searcher::parse(const std::string& query) const {
    return retrying([&] { return parse_once(query); });
}

SearchResults Searcher::search(const SearchRequest& request) const {
    // Rows handed to `each` cannot be taken back: a stream is not run again.
    if (request.each) return search_once(request);
    return retrying([&] { return search_once(request); });
}

std::optional<FileRecord> Searcher::record(std::uint32_t doc_id) const {
    return retrying([&] { return record_once(doc_id); });
}

std::vector<std::pair<std::uint32_t, FileRecord>> Searcher::records() const {
    return retrying([&] { return records_once(); });
}

std::set<std::uint32_t> Searcher::matching_documents(const std::string& query, Scope scope) const {
    return retrying([&] { return matching_documents_once(query, scope); });
}

std::vector<std::uint32_t> Searcher::matching_passages(const std::string& query) const {
    return retrying([&] { return matching_passages_once(query); });
}

std::vector<PassageData> Searcher::page_passages(std::uint32_t doc_id, std::uint32_t page_index) const {
    return retrying([&] { return page_passages_once(doc_id, page_index); });
}

void Searcher::reopen_after_change() const {
    index_.whole.reopen();  // db_ shares its databases
    forget_records();
}

}  // namespace grappe
