// What the fuzz targets share. Each target is one file defining
// LLVMFuzzerTestOneInput (and LLVMFuzzerInitialize when it needs a set-up),
// linked two ways (tests/fuzz/CMakeLists.txt):
//  - with libFuzzer (clang, -DGRAPPE_FUZZ=ON): grappe-fuzz-NAME explores;
//  - with replay_main.cc (any compiler): grappe-fuzz-NAME-replay runs the
//    inputs of seeds/NAME and regressions/NAME once each, so what a fuzzer
//    once caught stays caught in every build.
// A target asserts more than "no crash": each checks what its code promises
// (only the documented exception, positions inside the text, valid UTF-8,
// an encoding that reads back the same), and a broken promise aborts with
// a message, which libFuzzer records as a crash with its input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace grappe::fuzz {

// Aborts with `what` when `ok` is false: a bug the input revealed.
inline void require(bool ok, const char* what, std::string_view detail = {}) {
    if (ok) return;
    std::string message = std::string("fuzz: broken promise: ") + what;
    if (!detail.empty()) message += ": " + std::string(detail);
    std::fprintf(stderr, "%s\n", message.c_str());
    std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// The first byte chooses among `n` ways to read the rest (which reader,
// which option); the rest is the input itself.
struct Choice {
    unsigned which = 0;
    std::string_view rest;
};
inline Choice choose(const std::uint8_t* data, std::size_t size, unsigned n) {
    if (size == 0) return {};
    return {static_cast<unsigned>(data[0]) % n, as_text(data + 1, size - 1)};
}

}  // namespace grappe::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
