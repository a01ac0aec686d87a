#include "timeline/corpus_reader.h"

#include "search/shards.h"
#include "store/schema.h"

namespace grappe {

ValueWalk::ValueWalk(const Xapian::Database& db, unsigned slot, const Xapian::Query& among) {
    if (values_by_match()) {
        matched_ = true;
        values_ = matched_values(db, among, slot);
    } else {
        it_ = db.valuestream_begin(slot);
        end_ = db.valuestream_end(slot);
    }
}

std::string ValueWalk::at(Xapian::docid id) {
    if (matched_) {
        while (next_ < values_.size() && values_[next_].first < id) ++next_;
        return next_ < values_.size() && values_[next_].first == id ? values_[next_].second : std::string();
    }
    if (it_ != end_ && it_.get_docid() < id) it_.skip_to(id);
    if (it_ == end_ || it_.get_docid() != id) return {};
    return *it_;
}

std::vector<Xapian::docid> documents_with_value(const Xapian::Database& db, unsigned slot) {
    std::vector<Xapian::docid> out;
    if (values_by_match()) {
        for (const auto& [id, value] : matched_values(db, Xapian::Query::MatchAll, slot)) out.push_back(id);
        return out;
    }
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) out.push_back(v.get_docid());
    return out;
}

Dating dating(const Xapian::Database& db, const Works& works) {
    Dating d;
    std::vector<std::pair<Xapian::docid, std::string>> years;
    if (values_by_match()) years = matched_values(db, Xapian::Query(std::string(schema::kTermRecord)), schema::kSlotRecordYear);
    else
        for (auto v = db.valuestream_begin(schema::kSlotRecordYear); v != db.valuestream_end(schema::kSlotRecordYear); ++v)
            years.emplace_back(v.get_docid(), *v);
    for (const auto& [record, s] : years) {
        int y = 0;
        bool digits = s.size() == 4;
        for (char c : s) {
            digits = digits && c >= '0' && c <= '9';
            y = y * 10 + (c - '0');
        }
        if (digits && y > 0) d.year[record] = y;
    }
    for (const auto& group : works.groups()) {
        int y = 0;
        for (std::uint32_t m : group)
            if ((y = d.of(m)) != 0) break;
        d.year[group.front()] = y;
        for (std::size_t i = 1; i < group.size(); ++i) d.copies.insert(group[i]);
    }
    return d;
}

}  // namespace grappe
