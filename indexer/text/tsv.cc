#include "text/tsv.h"

#include <fstream>
#include <stdexcept>

namespace grappe {

std::vector<TsvRow> read_tsv(const std::string& path, std::size_t columns) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot read the annotations");
    std::vector<TsvRow> rows;
    std::string line;
    std::size_t number = 0;
    bool header = false;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        if (!header) {
            header = true;
            continue;
        }
        TsvRow row{number, {}};
        for (std::size_t start = 0;;) {
            const std::size_t tab = line.find('\t', start);
            row.fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        if (row.fields.size() < columns)
            throw std::runtime_error(path + ":" + std::to_string(number) + ": expected " + std::to_string(columns) + " tab-separated fields");
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace grappe
