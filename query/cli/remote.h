// `--server URL` on the query commands (search, list, show, concepts,
// timeline, genealogy, export, kwic): the command runs in a `grappe serve`
// daemon, on its index, and prints here exactly what it prints there: the
// same code makes the same bytes, in every format, with the same exit code.
//
// The client sends the command line it was given, less --server and --db,
// to GET /v1/cli?command=NAME&arg=...&arg=... (the bearer token from
// $GRAPPE_TOKEN); the daemon parses it as the program does, runs the
// command with its output captured (cli/output.h) and answers
// {"exit": n, "stdout": "...", "stderr": "...", "files": [{"name", "content"}]}.
// Files (export --out and its .bib) are written by the client, never on
// the daemon's disk; options that name a file of the daemon (--lexicon)
// are refused.
#pragma once

#include <string>
#include <vector>

#include "search/shards.h"

#include "cli/output.h"

namespace CLI {
class App;
}

namespace grappe::cli {

// "--db", "--db=DIR": the option `name` in either spelling.
[[nodiscard]] bool is_option(const std::string& arg, const std::string& name);

// The commands a daemon runs for a client.
[[nodiscard]] bool runs_remotely(const std::string& command);

// Adds --server to those commands of `app`, writing its value to `url`.
void add_server_options(CLI::App& app, std::string& url);

// Client (remote_client.cc, in grappe-all only): `args` is the program's command line (args[0] the program, then
// the command and its arguments). Prints what the daemon's run printed and
// returns its exit code (2 when the daemon cannot be reached or refuses).
int run_on_server(const std::string& url, const std::vector<std::string>& args);

// Daemon: runs `command args` on the index `db` with its output in
// `output`; returns the exit code.
int run_for_client(const std::string& command, const std::vector<std::string>& args, const IndexSource& index, CapturedOutput& output);

// The arguments in the order CLI11 reads a query unambiguously (main.cc).
[[nodiscard]] std::vector<std::string> query_words_last(std::vector<std::string> args, const CLI::App& app);

}  // namespace grappe::cli
