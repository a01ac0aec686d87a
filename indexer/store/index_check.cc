#include "store/index_check.h"

#include <map>
#include <set>

#include "store/documents.h"
#include "works/works.h"

namespace grappe {

IndexCheck check_index(const Xapian::Database& db, schema::Shard shard) {
    IndexCheck out;
    auto problem = [&](std::string what) {
        if (out.problems.size() < IndexCheck::kProblemsKept) out.problems.push_back(std::move(what));
        ++out.problems_found;
    };
    // The records: each once per path, its passage count its passages'.
    std::map<std::uint32_t, std::uint32_t> expected;  // local record id -> passages its record states
    const std::string marker(schema::kTermRecord);
    std::set<std::string> paths;
    for (auto r = db.postlist_begin(marker); r != db.postlist_end(marker); ++r) {
        const Xapian::Document doc = db.get_document(*r);
        const FileRecord record = read_record(doc);
        const std::string name = "record " + std::to_string(shard.global_id(*r));
        if (record.path.empty()) {
            problem(name + " has no path (its data is not a record's)");
            continue;
        }
        if (!paths.insert(record.path).second) problem(name + ": " + record.path + " is recorded twice");
        const std::string unique = schema::file_term(record.path);
        if (db.get_termfreq(unique) != 1) problem(name + ": " + record.path + " has " + std::to_string(db.get_termfreq(unique)) + " records");
        if (record.status != "indexed" && record.status != "failed") problem(name + ": status \"" + record.status + "\"");
        if (record.status == "failed" && record.passages != 0) problem(name + " failed but states " + std::to_string(record.passages) + " passages");
        if (record.status == "indexed") ++out.indexed;
        const std::size_t linked = db.get_termfreq(schema::doc_term(shard.global_id(*r)));
        if (linked != record.passages)
            problem(name + " (" + record.path + ") states " + std::to_string(record.passages) + " passages, the index holds " + std::to_string(linked));
        expected[*r] = record.passages;
        ++out.records;
    }
    // The passages: each names a record of this database, by the term and
    // the value alike, and its data reads.
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        const Xapian::docid id = *d;
        const Xapian::Document doc = db.get_document(id);
        const std::uint32_t record = record_id_of(doc.get_value(schema::kSlotDocId));
        if (record == 0) {
            if (!expected.count(id)) problem("document " + std::to_string(shard.global_id(id)) + " is neither a record nor a passage");
            continue;
        }
        ++out.passages;
        const std::string name = "passage " + std::to_string(shard.global_id(id));
        if (!shard.holds(record) || !expected.count(shard.local_id(record))) {
            problem(name + " names record " + std::to_string(record) + ", which is no record of this index");
            continue;
        }
        auto t = doc.termlist_begin();
        const std::string term = schema::doc_term(record);
        t.skip_to(term);
        if (t == doc.termlist_end() || *t != term) problem(name + " lacks the term of its record " + std::to_string(record));
        const PassageData p = read_passage(doc);
        if (p.text.empty()) problem(name + " has no stored text");
    }
    // The works name records.
    const Works works = Works::from_json(db.get_metadata(std::string(schema::kMetaWorks)));
    for (const auto& group : works.groups())
        for (std::uint32_t member : group)
            if (!shard.holds(member) || !expected.count(shard.local_id(member)))
                problem("the works name document " + std::to_string(member) + ", which is no record");
    return out;
}

}  // namespace grappe
