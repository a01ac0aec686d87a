// What the commands share of their command lines: the index options
// (--db, --allow-partial) and the order of a query's words. Apart from
// main.cc so that whatever runs the commands (the programs, the daemon for
// a --server client, its fuzz target) links them.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

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

}  // namespace grappe::cli
