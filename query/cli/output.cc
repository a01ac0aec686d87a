#include "cli/output.h"

#include <unistd.h>

#include <cstdlib>

#include "analyze/utf8.h"

namespace grappe::cli {

bool is_terminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

Style style_for(std::FILE* stream) {
    const char* no_colour = std::getenv("NO_COLOR");
    return Style{is_terminal(stream) && (no_colour == nullptr || *no_colour == '\0')};
}

void emit(const std::string& text) {
    const std::string valid = valid_utf8(text);
    std::fwrite(valid.data(), 1, valid.size(), stdout);
    std::fputc('\n', stdout);
}

void print_error(const std::string& message) {
    const Style s = style_for(stderr);
    std::fprintf(stderr, "%s %s\n", s.red("grappe:").c_str(), valid_utf8(message).c_str());
}

}  // namespace grappe::cli
