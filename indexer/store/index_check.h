// grappe check: does an index hold what schema.h says it holds? Records and
// passages agree, no passage without its record, versions this build's.
// Reads every document once; writes nothing.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

#include "store/schema.h"

namespace grappe {

struct IndexCheck {
    std::size_t records = 0;   // source files (indexed and failed)
    std::size_t indexed = 0;   // of which read
    std::size_t passages = 0;
    // What is wrong, one line each ("passage 812 names record 40, which is
    // no record"); empty for a consistent index. At most kProblemsKept.
    std::vector<std::string> problems;
    std::size_t problems_found = 0;  // all of them, kept or not
    static constexpr std::size_t kProblemsKept = 100;
    [[nodiscard]] bool consistent() const { return problems_found == 0; }
};

// `db`: one database (a shard alone: `shard` says which, to read its
// passages' global record ids). Versions are checked by opening it
// (open_index), before.
[[nodiscard]] IndexCheck check_index(const Xapian::Database& db, schema::Shard shard);

}  // namespace grappe
