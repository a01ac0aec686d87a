// grappe-bench-export: how fast exports and concordances stream, as a user
// runs them (the whole grappe process). For each command, the median over
// `rounds` runs of the time to the first row, the total time and the rows
// per second, as JSON.
//   grappe-bench-export GRAPPE DB QUERY [LIMIT] [ROUNDS]
// Runs `grappe export --format json` and `grappe kwic --format json` (a row
// per line) with --limit LIMIT (default 10000).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

struct Run {
    double first_ms = 0, total_ms = 0;
    std::size_t rows = 0;
};

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

Run run(const std::string& command) {
    Run r;
    const auto start = std::chrono::steady_clock::now();
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return r;
    std::string line;
    for (int c; (c = std::fgetc(pipe)) != EOF;) {
        if (c != '\n') {
            line += static_cast<char>(c);
            continue;
        }
        if (!line.empty() && line[0] == '{') {
            if (r.rows++ == 0) r.first_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        }
        line.clear();
    }
    pclose(pipe);
    r.total_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return r;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: grappe-bench-export GRAPPE DB QUERY [LIMIT] [ROUNDS]\n");
        return 2;
    }
    const std::string grappe = argv[1], db = argv[2], query = argv[3];
    const std::string limit = argc > 4 ? argv[4] : "10000";
    const int rounds = argc > 5 ? std::max(1, std::stoi(argv[5])) : 5;
    std::printf("{\"query\": \"%s\", \"limit\": %s", query.c_str(), limit.c_str());
    for (const char* command : {"export", "kwic"}) {
        const std::string line = quoted(grappe) + " " + command + " --db " + quoted(db) + " --format json --limit " + limit + " -- " + quoted(query) +
                                 " 2>/dev/null";
        std::vector<double> first, total;
        std::size_t rows = 0;
        for (int i = 0; i < rounds; ++i) {
            const Run r = run(line);
            first.push_back(r.first_ms);
            total.push_back(r.total_ms);
            rows = r.rows;
        }
        const double t = median(total);
        std::printf(", \"%s\": {\"rows\": %zu, \"first_row_ms\": %.1f, \"total_ms\": %.1f, \"rows_per_s\": %.0f}", command, rows, median(first), t,
                    t > 0 ? 1000.0 * static_cast<double>(rows) / t : 0.0);
    }
    std::printf("}\n");
    return 0;
}
