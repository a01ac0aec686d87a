// The tab-separated files our hand annotations live in (tests/golden/):
// '#' comment lines and blank lines skipped, the first other line a header.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace grappe {

struct TsvRow {
    std::size_t line = 0;  // 1-based, for messages
    std::vector<std::string> fields;
};

// The rows after the header. Throws std::runtime_error naming the file
// (and line) when it cannot be read or a row has fewer than `columns` fields.
[[nodiscard]] std::vector<TsvRow> read_tsv(const std::string& path, std::size_t columns);

}  // namespace grappe
