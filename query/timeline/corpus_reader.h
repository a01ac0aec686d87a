// Reading a corpus from the index's postings and values, without stored
// text (timelines and genealogies): which work a passage belongs to, the
// year of that work, and the slots a passage carries.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "works/works.h"

namespace grappe {

// The value of one slot for ascending doc ids, read from its value stream;
// where a shard is remote (search/shards.h), from one match of `among` (the
// documents whose values will be asked for) that brings them all back.
class ValueWalk {
  public:
    ValueWalk(const Xapian::Database& db, unsigned slot, const Xapian::Query& among = Xapian::Query::MatchAll);
    // "" when the document has no value in the slot; ids must not go down.
    [[nodiscard]] std::string at(Xapian::docid id);

  private:
    Xapian::ValueIterator it_, end_;
    bool matched_ = false;
    std::vector<std::pair<Xapian::docid, std::string>> values_;
    std::size_t next_ = 0;
};

// The documents with a value in `slot`, ascending.
[[nodiscard]] std::vector<Xapian::docid> documents_with_value(const Xapian::Database& db, unsigned slot);

// The works of an index and their years. A text kept as several files
// counts once, through the first of them (works/works.h), dated by the
// first of them that states a year.
struct Dating {
    std::unordered_map<std::uint32_t, int> year;  // record -> its work's year
    std::unordered_set<std::uint32_t> copies;     // records counted through another of their work
    [[nodiscard]] int of(std::uint32_t record) const {
        const auto it = year.find(record);
        return it == year.end() ? 0 : it->second;
    }
    [[nodiscard]] bool counted(std::uint32_t record) const { return record != 0 && !copies.count(record); }
};
[[nodiscard]] Dating dating(const Xapian::Database& db, const Works& works);

}  // namespace grappe
