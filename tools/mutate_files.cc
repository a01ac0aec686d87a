// grappe-mutate-files: damaged copies of files, for tools/bench-hostile.
//   grappe-mutate-files OUT_DIR CUTS FLIPS SEED FILE...
// writes, for each FILE, CUTS copies cut at random offsets and FLIPS copies
// with random bytes overwritten (tools/mutations.h), named after it.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "mutations.h"

int main(int argc, char** argv) {
    if (argc < 6) {
        std::fprintf(stderr, "usage: grappe-mutate-files OUT_DIR CUTS FLIPS SEED FILE...\n");
        return 2;
    }
    const std::filesystem::path out = argv[1];
    const int cuts = std::atoi(argv[2]), flips = std::atoi(argv[3]);
    std::mt19937 random(static_cast<unsigned>(std::strtoul(argv[4], nullptr, 10)));
    std::filesystem::create_directories(out);
    std::size_t written = 0;
    for (int a = 5; a < argc; ++a) {
        std::ifstream in(argv[a], std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const std::filesystem::path source = argv[a];
        const std::string stem = source.stem().string(), ext = source.extension().string();
        for (int i = 0; i < cuts; ++i, ++written)
            std::ofstream(out / (stem + "-cut" + std::to_string(i) + ext), std::ios::binary) << grappe::mutations::truncated(bytes.str(), random);
        for (int i = 0; i < flips; ++i, ++written)
            std::ofstream(out / (stem + "-flip" + std::to_string(i) + ext), std::ios::binary) << grappe::mutations::flipped(bytes.str(), random);
    }
    std::printf("%zu\n", written);
    return 0;
}
