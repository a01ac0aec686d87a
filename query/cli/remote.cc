#include "cli/remote.h"

#include <CLI/CLI.hpp>
#include <httplib.h>
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

// "--db", "--db=DIR": the option `name` in either spelling.
bool is_option(const std::string& arg, const std::string& name) { return arg == name || arg.rfind(name + "=", 0) == 0; }

}  // namespace

bool runs_remotely(const std::string& command) { return remote_commands().count(command) > 0; }

void add_server_options(CLI::App& app, std::string& url) {
    for (const auto& [name, add] : remote_commands()) {
        (void)add;
        for (CLI::App* sub : app.get_subcommands({}))
            if (sub->get_name() == name) sub->add_option("--server", url, "Run on a grappe serve daemon, e.g. http://host:7700 (token in $GRAPPE_TOKEN): the same output");
    }
}

int run_on_server(const std::string& url, const std::vector<std::string>& args) {
    // The command and its arguments, less what only means something here.
    std::size_t at = 1;
    while (at < args.size() && !runs_remotely(args[at])) ++at;
    if (at >= args.size()) {
        print_error("--server runs search, list, show, concepts, timeline, genealogy, export and kwic");
        return kExitError;
    }
    httplib::Params params;
    params.emplace("command", args[at]);
    for (std::size_t i = at + 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            for (std::size_t j = i; j < args.size(); ++j) params.emplace("arg", args[j]);
            break;
        }
        if (is_option(a, "--server") || is_option(a, "--db")) {
            if (a.find('=') == std::string::npos) ++i;  // its value
            continue;
        }
        if (a == "--allow-partial") continue;  // the daemon's own choice (grappe serve --allow-partial)
        params.emplace("arg", a);
    }
    const char* no_colour = std::getenv("NO_COLOR");
    if (is_terminal(stdout) && (no_colour == nullptr || *no_colour == '\0')) params.emplace("colour", "1");
    httplib::Headers headers;
    if (const char* token = std::getenv("GRAPPE_TOKEN"); token && *token) headers.emplace("Authorization", std::string("Bearer ") + token);

    std::unique_ptr<httplib::Client> client;
    try {
        client = std::make_unique<httplib::Client>(url);
    } catch (const std::exception&) {
        client.reset();
    }
    if (!client || !client->is_valid()) {
        print_error("--server " + url + ": give the daemon's address, as http://127.0.0.1:7700");
        return kExitError;
    }
    client->set_connection_timeout(5, 0);
    client->set_read_timeout(600, 0);
    const auto res = client->Get("/v1/cli", params, headers);
    if (!res) {
        print_error("cannot reach the daemon at " + url + " (" + httplib::to_string(res.error()) + ")");
        return kExitError;
    }
    rapidjson::Document answer;
    answer.Parse(res->body.c_str(), res->body.size());
    if (res->status != 200 || !answer.IsObject() || !answer.HasMember("exit")) {
        std::string message = "the daemon at " + url + " answered " + std::to_string(res->status);
        if (answer.IsObject() && answer.HasMember("error") && answer["error"].IsObject() && answer["error"].HasMember("message"))
            message += ": " + std::string(answer["error"]["message"].GetString());
        print_error(message);
        return kExitError;
    }
    if (answer.HasMember("files"))
        for (const auto& f : answer["files"].GetArray()) {
            std::ofstream file(f["name"].GetString(), std::ios::binary);
            file.write(f["content"].GetString(), f["content"].GetStringLength());
            if (!file) {
                print_error(std::string("cannot write ") + f["name"].GetString());
                return kExitError;
            }
        }
    std::fwrite(answer["stdout"].GetString(), 1, answer["stdout"].GetStringLength(), stdout);
    std::fwrite(answer["stderr"].GetString(), 1, answer["stderr"].GetStringLength(), stderr);
    return answer["exit"].GetInt();
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
