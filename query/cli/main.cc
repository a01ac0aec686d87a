// grappe - search French texts on clusters, districts, milieux and écosystèmes.
#include <CLI/CLI.hpp>

#include <xapian.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <string_view>
#include <utility>
#include <vector>

#include "analyze/lemmatizer.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/remote.h"

namespace grappe::cli {

#ifndef GRAPPE_ALL_COMMANDS
// Whether a command line is one for grappe-all (commands.h): index, serve,
// or a command run on a daemon (--server, before any "--").
bool needs_all_commands(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--") break;
        if (a == "--server" || a.starts_with("--server=")) return true;
    }
    for (int i = 1; i < argc; ++i)
        if (argv[i][0] != '-') return std::string_view(argv[i]) == "index" || std::string_view(argv[i]) == "serve";
    return false;
}

// Becomes grappe-all, found beside this program, with the same arguments;
// returns only when it cannot.
int run_all_commands(char** argv) {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path all = (ec ? std::filesystem::path(argv[0]) : self).parent_path() / "grappe-all";
    ::execv(all.c_str(), argv);
    print_error("cannot run " + all.string() + " (" + std::strerror(errno) +
                "), which runs index, serve and --server: build it beside grappe (cmake --build BUILD)");
    return kExitError;
}
#endif

}  // namespace grappe::cli

int main(int argc, char** argv) {
    using namespace grappe::cli;
#ifndef GRAPPE_ALL_COMMANDS
    if (needs_all_commands(argc, argv)) return run_all_commands(argv);
#endif
    CLI::App app{"grappe - search French texts on clusters, districts, milieux and écosystèmes"};
    app.footer(
        "Exit codes:\n"
        "  index   0 all files indexed or unchanged, 1 some files failed, 2 usage or fatal error, 130 interrupted\n"
        "  search  0 hits found, 1 no hit, 2 usage error, malformed query or unusable index\n"
        "  show    0 shown, 1 no such document or page, 2 usage error or unusable index\n"
        "  retag   0 tagged again or nothing to do, 2 usage error, lexicon refused or unusable index\n"
        "  concepts 0 listed or described, 1 no such concept, 2 usage error, lexicon refused or unusable index\n"
        "  list    0 listed, 2 usage error, malformed query or unusable index\n"
        "  timeline 0 drawn or passages listed, 1 no such concept or no passage behind the point, 2 usage error, malformed --where or unusable index\n"
        "  genealogy 0 shown, 1 no such concept or family, 2 usage error or unusable index\n"
        "  export  0 exported, 1 no passage matches, 2 usage error, malformed query or unusable index\n"
        "  kwic    0 lines shown, 1 no occurrence, 2 usage error, malformed query or unusable index\n"
        "  check   0 consistent, 1 problems found (listed), 2 usage error or unusable index\n"
        "  serve   0 stopped by SIGINT or SIGTERM, 2 usage error or address refused");
    app.require_subcommand(1);
    // The commands in the order of the help. Each adds its options to the
    // parser; a command line that starts with a command's name gets that
    // one alone and the others as bare names (building every command's
    // options was 9% of a whole search's instructions).
    struct Command {
        const char* name;
        Runner (*add)(CLI::App&);
    };
    const Command commands[] = {
#ifdef GRAPPE_ALL_COMMANDS
        {"index", add_index_command},
#else
        // Listed in the help; a command line that names them never gets here.
        {"index", [](CLI::App& a) -> Runner {
             a.add_subcommand("index", kIndexSummary)->allow_extras();
             return [] { return kExitError; };
         }},
#endif
        {"search", add_search_command},   {"show", add_show_command},
        {"retag", add_retag_command},     {"concepts", add_concepts_command},
        {"list", add_list_command},       {"timeline", add_timeline_command},
        {"genealogy", add_genealogy_command}, {"export", add_export_command},
        {"kwic", add_kwic_command},
#ifdef GRAPPE_ALL_COMMANDS
        {"serve", add_serve_command},
#else
        {"serve", [](CLI::App& a) -> Runner {
             a.add_subcommand("serve", kServeSummary)->allow_extras();
             return [] { return kExitError; };
         }},
#endif
        {"check", add_check_command},
    };
    const std::string_view named = argc > 1 ? argv[1] : "";
    const bool one = std::any_of(std::begin(commands), std::end(commands), [&](const Command& c) { return named == c.name; });
    std::vector<std::pair<std::string, Runner>> runners;
    for (const Command& c : commands) {
        if (one && named != c.name) {
            app.add_subcommand(c.name)->allow_extras();
            continue;
        }
        runners.emplace_back(c.name, c.add(app));
    }
    std::string server;
    add_server_options(app, server);
    try {
        std::vector<std::string> args(argv, argv + argc);
        args = query_words_last(std::move(args), app);
        std::reverse(args.begin(), args.end());  // CLI11 takes them last first
        args.pop_back();                          // the program's name
        app.parse(args);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        print_error(e.what());
        std::fprintf(stderr, "Run 'grappe --help' or 'grappe SUBCOMMAND --help' for usage.\n");
        return kExitError;
    }
#ifdef GRAPPE_ALL_COMMANDS
    if (!server.empty()) return run_on_server(server, std::vector<std::string>(argv, argv + argc));
#endif
    try {
        for (const auto& [name, run] : runners)
            if (app.got_subcommand(name)) return run();
    } catch (const grappe::DictionaryError& e) {
        print_error(e.what());  // what to install
    } catch (const Xapian::Error& e) {
        print_error("the index could not be read: " + e.get_description());
    } catch (const std::exception& e) {
        // A bug, not the user's doing: said, with exit 2, rather than an abort.
        print_error(std::string("internal error: ") + e.what());
    }
    return kExitError;
}
