// The grappe subcommands. Each registers its options on the CLI11 app and
// returns a runner that produces the exit code, so main() is only wiring.
//
// Exit codes (also in `grappe --help` and the README):
//   index:  0 every file indexed or unchanged, 1 some files failed,
//           2 usage error or fatal error (database locked, wrong version),
//           130 interrupted (what was committed stays; run again to finish)
//   search: 0 hits found, 1 no hit, 2 usage error, malformed query or bad index
//   show:   0 shown, 1 no such document or page, 2 usage error or bad index
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace grappe::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;  // some files failed / no hit / not found
inline constexpr int kExitError = 2;
inline constexpr int kExitInterrupted = 130;

using Runner = std::function<int()>;

// --db, shared by every subcommand: the flag, else GRAPPE_DB, else
// $XDG_DATA_HOME/grappe/index (~/.local/share/grappe/index).
void add_db_option(CLI::App& sub, std::string& db);
[[nodiscard]] std::string resolve_db(const std::string& flag);

Runner add_index_command(CLI::App& app);
Runner add_search_command(CLI::App& app);
Runner add_show_command(CLI::App& app);

}  // namespace grappe::cli
