// Terminal conventions shared by the subcommands: colour only when the
// stream is a terminal and NO_COLOR is unset; errors as "grappe: ...".
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "metadata/names.h"

namespace grappe::cli {

struct Style {
    bool colour = false;
    [[nodiscard]] std::string bold(const std::string& s) const { return colour ? "\033[1m" + s + "\033[0m" : s; }
    [[nodiscard]] std::string dim(const std::string& s) const { return colour ? "\033[2m" + s + "\033[0m" : s; }
    [[nodiscard]] std::string red(const std::string& s) const { return colour ? "\033[31m" + s + "\033[0m" : s; }
    // Snippet marks: query words bold yellow (or **word**), concept mentions
    // underlined (or ⟦mention⟧). The word's close keeps the underline on.
    [[nodiscard]] std::string mark_open() const { return colour ? "\033[1;33m" : "**"; }
    [[nodiscard]] std::string mark_close() const { return colour ? "\033[22;39m" : "**"; }
    [[nodiscard]] std::string concept_open() const { return colour ? "\033[4m" : "⟦"; }
    [[nodiscard]] std::string concept_close() const { return colour ? "\033[24m" : "⟧"; }
};

[[nodiscard]] bool is_terminal(std::FILE* stream);
[[nodiscard]] Style style_for(std::FILE* stream);
void print_error(const std::string& message);

// Where the query commands write: stdout and stderr, or, while the daemon
// runs a command for a `--server` client (cli/remote.h), two strings of
// this thread. Everything a query command prints goes through these.
struct CapturedOutput {
    std::string out, err;
    bool colour = false;  // the client's stdout is a terminal
    // Files a command writes (export --out and its .bib): never on the
    // daemon's disk, the client writes them (name, content).
    std::vector<std::pair<std::string, std::string>> files;
    // The daemon's time per request (--time-limit): searches, exports and
    // concordances past it stop with TimeLimitError.
    std::optional<std::chrono::steady_clock::time_point> deadline;
};
class CaptureOutput {
  public:
    explicit CaptureOutput(CapturedOutput& into);
    ~CaptureOutput();
    CaptureOutput(const CaptureOutput&) = delete;
    CaptureOutput& operator=(const CaptureOutput&) = delete;
};
void out_write(std::string_view text);
void out_printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
void err_printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
// Whether this thread's output is captured, and a file for the client.
[[nodiscard]] bool capturing();
void capture_file(const std::string& name, std::string content);
// The deadline of the command being run for a client; none otherwise.
[[nodiscard]] std::optional<std::chrono::steady_clock::time_point> run_deadline();
// std::cout, or this thread's capture as a stream.
[[nodiscard]] std::ostream& out_stream();

// "grappe: bad query: MESSAGE", then the query with a caret under `column`
// (1-based, in characters).
void print_query_error(const std::string& query, const std::string& message, std::size_t column);

// Writes `text` and a newline to stdout as valid UTF-8: every byte Grappe
// prints can be read by a JSON parser or a terminal, even when a file name
// or an old record holds a malformed sequence (replaced by U+FFFD).
void emit(const std::string& text);

// A CSV field, quoted when it holds a comma, a quote or a line break.
[[nodiscard]] std::string csv_field(const std::string& s);

// JSON output: a member "key": "value", or "key": ["a", "b"], of the
// object being written.
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;
void json_member(JsonWriter& w, const char* key, const std::string& value);
void json_member(JsonWriter& w, const char* key, const std::vector<std::string>& values);

// "1 passage", "3 passages".
[[nodiscard]] std::string counted(std::size_t n, const char* unit);

// "Torre, André; Zimmermann, Jean-Benoit": authors as CSV cells hold them.
[[nodiscard]] std::string authors_text(const std::vector<Author>& authors);

// `text` cut or padded to `width` characters (code points, not bytes:
// French), an ellipsis marking a cut.
[[nodiscard]] std::string fit(const std::string& text, std::size_t width);

}  // namespace grappe::cli
