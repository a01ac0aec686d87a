// grappe - search French texts on clusters, districts, milieux and écosystèmes.
#include <CLI/CLI.hpp>

#include <xapian.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <string_view>

#include "analyze/lemmatizer.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/remote.h"
#include "search/searcher.h"

namespace grappe::cli {

void add_db_option(CLI::App& sub, std::string& db) {
    sub.add_option("--db", db, "Index folder (default: $GRAPPE_DB, else $XDG_DATA_HOME/grappe/index)");
}

std::string resolve_db(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("GRAPPE_DB"); env && *env) return env;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return (std::filesystem::path(xdg) / "grappe" / "index").string();
    const char* home = std::getenv("HOME");
    return (std::filesystem::path(home ? home : ".") / ".local" / "share" / "grappe" / "index").string();
}

void add_index_options(CLI::App& sub, IndexArgs& args) {
    sub.add_option("--db", args.db,
                   "Index folder (default: $GRAPPE_DB, else $XDG_DATA_HOME/grappe/index); once per shard for a sharded index, "
                   "a folder or tcp://HOST:PORT of a xapian-tcpsrv")
        ->allow_extra_args(false);  // one value per --db: the words after it are the command's
    sub.add_flag("--allow-partial", args.allow_partial, "Answer from the shards that answer, with a warning, when one does not");
}

IndexSource resolve_source(const IndexArgs& args) {
    IndexSource source;
    source.shards = args.db;
    if (source.shards.empty()) source.shards.push_back(resolve_db(""));
    source.allow_partial = args.allow_partial;
    return source;
}

void warn_partial(const Searcher& searcher) {
    for (const std::string& w : searcher.warnings()) err_printf("warning: %s\n", w.c_str());
}

// A query may start with an exclusion ("-lang:en concept:cluster") that
// CLI11 would take for an unknown option. For the subcommands whose
// positionals are query words, the arguments are put in the order CLI11
// reads unambiguously: options (with their values) first, then "--", then
// every word of the query in the order typed.
std::vector<std::string> query_words_last(std::vector<std::string> args, const CLI::App& app) {
    static const std::set<std::string> takes_query = {"search", "list", "export", "kwic"};
    std::size_t sub_at = 1;
    while (sub_at < args.size() && !takes_query.count(args[sub_at])) {
        if (!args[sub_at].empty() && args[sub_at][0] != '-') return args;  // another subcommand
        ++sub_at;
    }
    if (sub_at >= args.size()) return args;
    const CLI::App* sub = app.get_subcommand(args[sub_at]);
    std::vector<std::string> options, words;
    for (std::size_t i = sub_at + 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            words.insert(words.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
            break;
        }
        const bool long_option = a.rfind("--", 0) == 0 && a.size() > 2;
        const bool short_option = a.size() == 2 && a[0] == '-' && a[1] != '-';
        const CLI::Option* option = nullptr;
        if (long_option) option = sub->get_option_no_throw(a.substr(0, a.find('=')));
        else if (short_option) option = sub->get_option_no_throw(a);
        if (!option) {
            words.push_back(a);  // a word, an excluded word, or an unknown option the query parser will name
            continue;
        }
        options.push_back(a);
        const bool value_inline = long_option && a.find('=') != std::string::npos;
        if (!value_inline && option->get_items_expected_max() > 0 && i + 1 < args.size()) options.push_back(args[++i]);
    }
    std::vector<std::string> out(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(sub_at) + 1);
    out.insert(out.end(), options.begin(), options.end());
    if (!words.empty()) out.push_back("--");
    out.insert(out.end(), words.begin(), words.end());
    return out;
}

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
#ifdef GRAPPE_ALL_COMMANDS
    Runner index = add_index_command(app);
#else
    // Listed in the help; a command line that names them never gets here.
    app.add_subcommand("index", kIndexSummary)->allow_extras();
    const Runner index = [] { return kExitError; };
#endif
    Runner search = add_search_command(app);
    Runner show = add_show_command(app);
    Runner retag = add_retag_command(app);
    Runner concepts = add_concepts_command(app);
    Runner list = add_list_command(app);
    Runner timeline = add_timeline_command(app);
    Runner genealogy = add_genealogy_command(app);
    Runner exporter = add_export_command(app);
    Runner kwic = add_kwic_command(app);
#ifdef GRAPPE_ALL_COMMANDS
    Runner serve = add_serve_command(app);
#else
    app.add_subcommand("serve", kServeSummary)->allow_extras();
    const Runner serve = [] { return kExitError; };
#endif
    Runner check = add_check_command(app);
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
        if (app.got_subcommand("index")) return index();
        if (app.got_subcommand("search")) return search();
        if (app.got_subcommand("show")) return show();
        if (app.got_subcommand("retag")) return retag();
        if (app.got_subcommand("concepts")) return concepts();
        if (app.got_subcommand("list")) return list();
        if (app.got_subcommand("timeline")) return timeline();
        if (app.got_subcommand("genealogy")) return genealogy();
        if (app.got_subcommand("export")) return exporter();
        if (app.got_subcommand("kwic")) return kwic();
        if (app.got_subcommand("serve")) return serve();
        if (app.got_subcommand("check")) return check();
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
