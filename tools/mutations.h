// Damaged copies of files, for the hostile-files test and tools/bench-hostile:
// a file cut at an offset (a download that stopped), and a file with bytes
// overwritten at random (a bad disk or a broken transfer). Deterministic for
// a seed, so that a failure can be run again.
#pragma once

#include <cstddef>
#include <random>
#include <string>

namespace grappe::mutations {

// `bytes` cut at a random offset past its first `keep` bytes.
inline std::string truncated(const std::string& bytes, std::mt19937& random, std::size_t keep = 16) {
    if (bytes.size() <= keep + 1) return bytes.substr(0, bytes.size() / 2);
    std::uniform_int_distribution<std::size_t> at(keep, bytes.size() - 1);
    return bytes.substr(0, at(random));
}

// `bytes` with `count` bytes past the first `keep` replaced by random ones
// (the header kept, so that the file is still taken for what it claims).
inline std::string flipped(std::string bytes, std::mt19937& random, std::size_t count = 24, std::size_t keep = 16) {
    if (bytes.size() <= keep + 1) return bytes;
    std::uniform_int_distribution<std::size_t> at(keep, bytes.size() - 1);
    std::uniform_int_distribution<int> value(0, 255);
    for (std::size_t i = 0; i < count; ++i) bytes[at(random)] = static_cast<char>(value(random));
    return bytes;
}

}  // namespace grappe::mutations
