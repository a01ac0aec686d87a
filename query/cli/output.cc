#include "cli/output.h"

#include <unistd.h>

#include <cstdlib>

namespace grappe::cli {

bool is_terminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

Style style_for(std::FILE* stream) {
    const char* no_colour = std::getenv("NO_COLOR");
    return Style{is_terminal(stream) && (no_colour == nullptr || *no_colour == '\0')};
}

void print_error(const std::string& message) {
    const Style s = style_for(stderr);
    std::fprintf(stderr, "%s %s\n", s.red("grappe:").c_str(), message.c_str());
}

}  // namespace grappe::cli
