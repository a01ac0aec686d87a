#include "search/shards.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <set>

#include "store/documents.h"

namespace grappe {
namespace {

std::atomic<bool> g_remote_open{false};

std::uint64_t inode_of(const std::string& dir) {
    struct stat st {};
    return ::stat(dir.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_ino) : 0;
}

// "tcp://HOST:PORT" -> host and port; false for anything else.
bool parse_remote(const std::string& spec, std::string& host, unsigned& port) {
    static const std::string scheme = "tcp://";
    if (spec.rfind(scheme, 0) != 0) return false;
    const std::string rest = spec.substr(scheme.size());
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size() || rest.size() - colon > 6) return false;
    const std::string digits = rest.substr(colon + 1);
    if (digits.find_first_not_of("0123456789") != std::string::npos) return false;
    port = static_cast<unsigned>(std::stoul(digits));
    if (port == 0 || port > 65535) return false;
    host = rest.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);  // [::1]
    return true;
}

Xapian::Database empty_stand_in() { return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY); }

}  // namespace

std::string ShardPart::name() const {
    std::string out = shard.sharded() ? "shard " + shard.name() : "the index";
    if (remote) out += " (" + spec + ")";
    return out;
}

bool OpenIndex::remote() const {
    return std::any_of(parts.begin(), parts.end(), [](const ShardPart& p) { return p.remote; });
}

std::string OpenIndex::revision() const {
    std::string out;
    for (const ShardPart& p : parts) {
        if (!out.empty()) out += '|';
        if (p.absent) out += "absent";
        else if (p.remote) {  // no revision over the network: its figures, read again at each reopen
            out += 'r';
            out += std::to_string(p.db.get_doccount());
            out += '.';
            out += std::to_string(p.db.get_lastdocid());
            out += '.';
            out += std::to_string(p.db.get_total_length());
        } else {
            out += std::to_string(p.inode);
            out += ':';
            out += std::to_string(p.db.get_revision());
        }
    }
    return out;
}

bool OpenIndex::reopen() {
    for (const ShardPart& p : parts)
        if (!p.remote && !p.absent)
            if (const std::uint64_t now = inode_of(p.spec); now != 0 && now != p.inode) throw IndexError("the index's folder was swapped");
    return whole.reopen();
}

OpenIndex open_index_source(const IndexSource& source) {
    if (source.shards.empty()) throw IndexError("no index given");
    OpenIndex out;
    std::vector<ShardPart> unreachable;
    for (const std::string& spec : source.shards) {
        ShardPart part;
        part.spec = spec;
        std::string host;
        unsigned port = 0;
        if (parse_remote(spec, host, port)) {
            part.remote = true;
            g_remote_open = true;
            try {
                part.db = Xapian::Remote::open(host, port, 10000, 3000);
                check_index_versions(part.db, spec);
            } catch (const Xapian::Error& e) {
                // Named once the others say which shard it is.
                part.absent = true;
                part.db = empty_stand_in();
                part.failure = e.get_description();
                unreachable.push_back(std::move(part));
                continue;
            }
        } else if (spec.rfind("tcp:", 0) == 0) {
            throw IndexError(spec + ": a remote shard is tcp://HOST:PORT");
        } else {
            part.db = open_index(spec);
            part.inode = inode_of(spec);
        }
        const std::string declared = part.db.get_metadata(std::string(schema::kMetaShard));
        if (!declared.empty()) {
            const auto shard = schema::parse_shard(declared);
            if (!shard) throw IndexError(part.name() + " says it is shard \"" + declared + "\": not K/N; rebuild it");
            part.shard = *shard;
        }
        out.parts.push_back(std::move(part));
    }
    auto unanswered = [&](const ShardPart& p) {
        return p.name() + " does not answer (" + p.failure + "): start its xapian-tcpsrv" +
               (source.allow_partial ? "" : ", or run with --allow-partial to search the other shards");
    };
    if (out.parts.empty()) throw ShardError(unanswered(unreachable.front()));

    // One index, or each shard of one, once.
    const std::uint32_t count = out.parts.front().shard.count;
    if (source.shards.size() > 1 || count > 1) {
        for (const ShardPart& p : out.parts) {
            if (!p.shard.sharded())
                throw IndexError(std::string(p.remote ? p.spec : "an index given") +
                                 " is not a shard: several --db must be the shards of one index (grappe index --shard K/N)");
            if (p.shard.count != count)
                throw IndexError("the shards given belong to different indexes: " + p.name() + " is one of " + std::to_string(p.shard.count) +
                                 ", another one of " + std::to_string(count));
        }
        std::vector<ShardPart> by_index(count);
        std::vector<bool> seen(count, false);
        for (ShardPart& p : out.parts) {
            if (seen[p.shard.index]) throw IndexError("shard " + p.shard.name() + " is given twice");
            seen[p.shard.index] = true;
            by_index[p.shard.index] = std::move(p);
        }
        // The shards that did not answer or were not given: stood in by
        // empty databases, so that every other keeps its doc ids.
        std::size_t next_unreachable = 0;
        for (std::uint32_t k = 0; k < count; ++k) {
            if (seen[k]) continue;
            ShardPart& p = by_index[k];
            if (next_unreachable < unreachable.size()) p = std::move(unreachable[next_unreachable++]);
            p.shard = {k, count};
            p.absent = true;
            p.db = empty_stand_in();
            if (!p.spec.empty()) {
                if (!source.allow_partial) throw ShardError(unanswered(p));
                out.warnings.push_back(p.name() + " does not answer (" + p.failure + "): results without it");
            } else {
                if (!source.allow_partial)
                    throw IndexError("shard " + p.shard.name() + " is not given: give every shard of the index (one --db each), or --allow-partial");
                out.warnings.push_back("shard " + p.shard.name() + " is not given: results without it");
            }
        }
        if (next_unreachable < unreachable.size()) throw ShardError(unanswered(unreachable[next_unreachable]));  // more than the index has
        out.parts = std::move(by_index);
    } else if (!unreachable.empty()) {
        throw ShardError(unanswered(unreachable.front()));
    }
    // One lexicon: a concept's counts mean the same on every shard.
    std::string lexicon;
    bool first = true;
    for (const ShardPart& p : out.parts) {
        if (p.absent) continue;
        const std::string hash = p.db.get_metadata(std::string(schema::kMetaLexicon));
        if (!first && hash != lexicon)
            throw IndexError("the shards were tagged with different lexicons (" + p.name() +
                             " differs): index each with the same codebooks, or run grappe retag on each");
        lexicon = hash;
        first = false;
    }
    for (const ShardPart& p : out.parts) out.whole.add_database(p.db);
    return out;
}

std::string unanswering_shards(const OpenIndex& index) {
    std::string out;
    for (const ShardPart& p : index.parts) {
        if (!p.remote || p.absent) continue;
        try {
            Xapian::Database probe = p.db;
            probe.keep_alive();
        } catch (const Xapian::Error& e) {
            if (!out.empty()) out += "; ";
            out += p.name() + " stopped answering (" + e.get_description() + ")";
        }
    }
    return out;
}

bool values_by_match() { return g_remote_open.load(); }

std::vector<std::pair<Xapian::docid, std::string>> matched_values(const Xapian::Database& db, const Xapian::Query& query, unsigned slot) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    // Each document its own group however many share a value: nothing is
    // collapsed, and each comes back with its value.
    enquire.set_collapse_key(slot, ~Xapian::doccount{0});
    const Xapian::MSet mset = enquire.get_mset(0, std::max<Xapian::doccount>(1, db.get_doccount()));
    std::vector<std::pair<Xapian::docid, std::string>> out;
    out.reserve(mset.size());
    for (auto m = mset.begin(); m != mset.end(); ++m)
        if (std::string value = m.get_collapse_key(); !value.empty()) out.emplace_back(*m, std::move(value));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<MatchedValues> matched_values(const Xapian::Database& db, const Xapian::Query& query, unsigned slot, unsigned second) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(second, false);  // the order does not matter: sorted by id below
    enquire.set_collapse_key(slot, ~Xapian::doccount{0});
    const Xapian::MSet mset = enquire.get_mset(0, std::max<Xapian::doccount>(1, db.get_doccount()));
    std::vector<MatchedValues> out;
    out.reserve(mset.size());
    for (auto m = mset.begin(); m != mset.end(); ++m)
        if (std::string value = m.get_collapse_key(); !value.empty()) out.push_back({*m, std::move(value), m.get_sort_key()});
    std::sort(out.begin(), out.end());
    return out;
}

Xapian::docid decided_passage(const Xapian::Document& doc, std::uint32_t shard_count) {
    if (shard_count <= 1) return doc.get_docid();
    const std::uint32_t record = record_id_of(doc.get_value(schema::kSlotDocId));
    if (record == 0) return 0;
    return (doc.get_docid() - 1) * shard_count + (record - 1) % shard_count + 1;
}

std::vector<std::string> synonyms_of(const OpenIndex& index, const std::string& key) {
    std::vector<std::string> out;
    if (!index.remote()) {
        for (auto s = index.whole.synonyms_begin(key); s != index.whole.synonyms_end(key); ++s) out.push_back(*s);
        return out;
    }
    std::set<std::string> all;
    for (const ShardPart& p : index.parts) {
        if (p.absent) continue;
        if (!p.remote) {
            for (auto s = p.db.synonyms_begin(key); s != p.db.synonyms_end(key); ++s) all.insert(*s);
            continue;
        }
        const std::string lines = p.db.get_metadata(std::string(schema::kMetaSynonymsPrefix) + key);
        for (std::size_t at = 0; at < lines.size();) {
            const std::size_t end = std::min(lines.find('\n', at), lines.size());
            if (end > at) all.insert(lines.substr(at, end - at));
            at = end + 1;
        }
    }
    return {all.begin(), all.end()};
}

}  // namespace grappe
