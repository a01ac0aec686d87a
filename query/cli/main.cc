// grappe - search French texts on clusters, districts, milieux and écosystèmes.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>

#include "cli/commands.h"
#include "cli/output.h"

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

}  // namespace grappe::cli

int main(int argc, char** argv) {
    using namespace grappe::cli;
    CLI::App app{"grappe - search French texts on clusters, districts, milieux and écosystèmes"};
    app.footer(
        "Exit codes:\n"
        "  index   0 all files indexed or unchanged, 1 some files failed, 2 usage or fatal error, 130 interrupted\n"
        "  search  0 hits found, 1 no hit, 2 usage error, malformed query or unusable index\n"
        "  show    0 shown, 1 no such document or page, 2 usage error or unusable index\n"
        "  retag   0 tagged again or nothing to do, 2 usage error, lexicon refused or unusable index\n"
        "  concepts 0 listed, 2 usage error, lexicon refused or unusable index");
    app.require_subcommand(1);
    Runner index = add_index_command(app);
    Runner search = add_search_command(app);
    Runner show = add_show_command(app);
    Runner retag = add_retag_command(app);
    Runner concepts = add_concepts_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        print_error(e.what());
        std::fprintf(stderr, "Run 'grappe --help' or 'grappe SUBCOMMAND --help' for usage.\n");
        return kExitError;
    }
    if (app.got_subcommand("index")) return index();
    if (app.got_subcommand("search")) return search();
    if (app.got_subcommand("show")) return show();
    if (app.got_subcommand("retag")) return retag();
    if (app.got_subcommand("concepts")) return concepts();
    return kExitError;
}
