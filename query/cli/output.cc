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

void print_query_error(const std::string& query, const std::string& message, std::size_t column) {
    print_error("bad query: " + message);
    std::fprintf(stderr, "  %s\n  %*s^\n", valid_utf8(query).c_str(), static_cast<int>(column > 0 ? column - 1 : 0), "");
}

void print_error(const std::string& message) {
    const Style s = style_for(stderr);
    std::fprintf(stderr, "%s %s\n", s.red("grappe:").c_str(), valid_utf8(message).c_str());
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// `text` cut or padded to `width` characters (code points, not bytes:
// labels are French), an ellipsis marking a cut.
std::string fit(const std::string& text, std::size_t width) {
    std::string out;
    std::size_t shown = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = 1;
        while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
        if (shown + 1 == width && i + n < text.size()) {
            out += "…";
            ++shown;
            break;
        }
        out.append(text, i, n);
        ++shown;
        i += n;
    }
    out.append(width > shown ? width - shown : 0, ' ');
    return out;
}

void json_member(JsonWriter& w, const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void json_member(JsonWriter& w, const char* key, const std::vector<std::string>& values) {
    w.Key(key);
    w.StartArray();
    for (const auto& v : values) w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    w.EndArray();
}

std::string counted(std::size_t n, const char* unit) { return std::to_string(n) + " " + unit + (n == 1 ? "" : "s"); }

std::string authors_text(const std::vector<Author>& authors) {
    std::string out;
    for (const Author& a : authors) out += (out.empty() ? "" : "; ") + a.family + (a.given.empty() ? "" : ", " + a.given);
    return out;
}

}  // namespace grappe::cli
