#include "cli/remote.h"

#include <CLI/CLI.hpp>
#include <rapidjson/document.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "analyze/lemmatizer.h"
#include "cli/commands.h"
#include "search/searcher.h"

namespace grappe::cli {

namespace {

using AddCommand = Runner (*)(CLI::App&);

const std::map<std::string, AddCommand>& remote_commands() {
    static const std::map<std::string, AddCommand> commands = {
        {"search", add_search_command},     {"list", add_list_command},           {"show", add_show_command},
        {"concepts", add_concepts_command}, {"timeline", add_timeline_command},   {"genealogy", add_genealogy_command},
        {"export", add_export_command},     {"kwic", add_kwic_command},
    };
    return commands;
}

}  // namespace

bool is_option(const std::string& arg, const std::string& name) { return arg == name || arg.rfind(name + "=", 0) == 0; }

bool runs_remotely(const std::string& command) { return remote_commands().count(command) > 0; }

void add_server_options(CLI::App& app, std::string& url) {
    for (const auto& [name, add] : remote_commands()) {
        (void)add;
        for (CLI::App* sub : app.get_subcommands({}))
            if (sub->get_name() == name) sub->add_option("--server", url, "Run on a grappe serve daemon, e.g. http://host:7700 (token in $GRAPPE_TOKEN): the same output");
    }
}

namespace {

int run_captured(const std::string& command, const std::vector<std::string>& args, const IndexSource& index, CapturedOutput& output) {
    const CaptureOutput capture(output);
    const auto found = remote_commands().find(command);
    if (found == remote_commands().end()) {
        print_error("the daemon runs search, list, show, concepts, timeline, genealogy, export and kwic, not \"" + command + "\"");
        return kExitError;
    }
    for (const std::string& a : args)
        if (is_option(a, "--lexicon") || is_option(a, "--db") || is_option(a, "--server") || a == "--allow-partial") {
            print_error(a.substr(0, a.find('=')) + " names something on the daemon's side: with --server, the daemon's index and lexicon are used");
            return kExitError;
        }
    // As the daemon's own endpoints: exports and concordances of 10,000 rows at most.
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (!is_option(args[i], "--limit") || (command != "export" && command != "kwic")) continue;
        const std::size_t eq = args[i].find('=');
        const std::string value = eq != std::string::npos ? args[i].substr(eq + 1) : i + 1 < args.size() ? args[i + 1] : "";
        if (value.size() > 5 || value.find_first_not_of("0123456789") != std::string::npos || std::stoul("0" + value) > 10000) {
            print_error("--limit above 10,000 is not run by the daemon: export in parts (--limit and a narrower query)");
            return kExitError;
        }
    }
    CLI::App app{"grappe"};
    app.require_subcommand(1);
    const Runner run = found->second(app);
    // The daemon's index first, so that a "--" before the query's words
    // cannot make it a word.
    std::vector<std::string> argv = {"grappe", command};
    for (const std::string& shard : index.shards) {
        argv.push_back("--db");
        argv.push_back(shard);
    }
    if (index.allow_partial) argv.push_back("--allow-partial");
    argv.insert(argv.end(), args.begin(), args.end());
    try {
        argv = query_words_last(std::move(argv), app);
        std::reverse(argv.begin(), argv.end());
        argv.pop_back();
        app.parse(argv);
    } catch (const CLI::CallForHelp& e) {
        std::ostringstream out, err;
        (void)app.exit(e, out, err);
        out_write(out.str());
        return kExitOk;
    } catch (const CLI::ParseError& e) {
        print_error(e.what());
        err_printf("Run 'grappe --help' or 'grappe SUBCOMMAND --help' for usage.\n");
        return kExitError;
    }
    try {
        return run();
    } catch (const TimeLimitError&) {
        print_error("the command took longer than the daemon's time limit per request: narrow the query or ask for fewer results");
    } catch (const DictionaryError& e) {
        print_error(e.what());
    } catch (const Xapian::Error& e) {
        print_error("the index could not be read: " + e.get_description());
    } catch (const std::exception& e) {
        print_error(std::string("internal error: ") + e.what());
    }
    return kExitError;
}

}  // namespace

int run_for_client(const std::string& command, const std::vector<std::string>& args, const IndexSource& index, CapturedOutput& output) {
    const int code = run_captured(command, args, index, output);
    // A message names no path of the daemon's disk.
    for (const std::string& db : index.shards)
        for (std::size_t at = output.err.find(db); !db.empty() && at != std::string::npos; at = output.err.find(db, at))
            output.err.replace(at, db.size(), "(the daemon's index)");
    return code;
}

}  // namespace grappe::cli
