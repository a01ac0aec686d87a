#include "cli/output.h"

#include <unistd.h>

#include <cstdarg>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "text/utf8.h"

namespace grappe::cli {

namespace {

// This thread's capture, when the daemon runs a command for a client.
thread_local CapturedOutput* t_capture = nullptr;
thread_local std::ostringstream* t_stream = nullptr;

// What the capture's stream holds, moved to its text (kept in order with
// what out_write adds).
void drain_stream() {
    if (!t_stream) return;
    t_capture->out += t_stream->str();
    t_stream->str("");
}

std::string formatted(const char* format, va_list args) {
    va_list copy;
    va_copy(copy, args);
    const int n = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size() + 1, format, args);
    return out;
}

}  // namespace

std::optional<std::chrono::steady_clock::time_point> run_deadline() {
    return t_capture ? t_capture->deadline : std::nullopt;
}

CaptureOutput::CaptureOutput(CapturedOutput& into) {
    t_capture = &into;
    t_stream = new std::ostringstream;
}

CaptureOutput::~CaptureOutput() {
    drain_stream();
    delete t_stream;
    t_stream = nullptr;
    t_capture = nullptr;
}

void out_write(std::string_view text) {
    if (t_capture) {
        drain_stream();
        t_capture->out.append(text);
    } else {
        // std::cout is synchronised with stdio (never turned off here):
        // what either writes stays in order.
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
}

void out_printf(const char* format, ...) {
    va_list args;
    va_start(args, format);
    const std::string text = formatted(format, args);
    va_end(args);
    out_write(text);
}

void err_printf(const char* format, ...) {
    va_list args;
    va_start(args, format);
    const std::string text = formatted(format, args);
    va_end(args);
    if (t_capture) t_capture->err += text;
    else std::fwrite(text.data(), 1, text.size(), stderr);
}

bool capturing() { return t_capture != nullptr; }

void capture_file(const std::string& name, std::string content) {
    if (t_capture) t_capture->files.emplace_back(name, std::move(content));
}

std::ostream& out_stream() {
    if (t_stream) return *t_stream;
    return std::cout;
}

bool is_terminal(std::FILE* stream) { return ::isatty(::fileno(stream)) == 1; }

Style style_for(std::FILE* stream) {
    const char* no_colour = std::getenv("NO_COLOR");
    const bool wanted = no_colour == nullptr || *no_colour == '\0';
    if (t_capture) return Style{stream == stdout && t_capture->colour};
    return Style{is_terminal(stream) && wanted};
}

void emit(const std::string& text) {
    out_write(valid_utf8(text));
    out_write("\n");
}

void print_query_error(const std::string& query, const std::string& message, std::size_t column) {
    print_error("bad query: " + message);
    err_printf("  %s\n  %*s^\n", valid_utf8(query).c_str(), static_cast<int>(column > 0 ? column - 1 : 0), "");
}

void print_error(const std::string& message) {
    const Style s = style_for(stderr);
    err_printf("%s %s\n", s.red("grappe:").c_str(), valid_utf8(message).c_str());
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
