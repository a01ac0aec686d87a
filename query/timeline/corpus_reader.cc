#include "timeline/corpus_reader.h"

#include "store/schema.h"

namespace grappe {

Dating dating(const Xapian::Database& db, const Works& works) {
    Dating d;
    for (auto v = db.valuestream_begin(schema::kSlotRecordYear); v != db.valuestream_end(schema::kSlotRecordYear); ++v) {
        const std::string& s = *v;
        int y = 0;
        bool digits = s.size() == 4;
        for (char c : s) {
            digits = digits && c >= '0' && c <= '9';
            y = y * 10 + (c - '0');
        }
        if (digits && y > 0) d.year[v.get_docid()] = y;
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
