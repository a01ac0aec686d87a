// grappe serve: the query daemon (query/server/server.h says what it serves).
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/output.h"
#include "server/server.h"

namespace grappe::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop.store(true); }

}  // namespace

Runner add_serve_command(CLI::App& app) {
    auto* sub = app.add_subcommand("serve", kServeSummary);
    struct Args {
        IndexArgs index;
        std::string listen = "127.0.0.1:7700";
        std::string token_file;
        std::size_t threads = 0;
        long time_limit_ms = 10000;
        std::size_t cache_mb = 64;
    };
    auto args = std::make_shared<Args>();
    add_index_options(*sub, args->index);
    sub->add_option("--listen", args->listen, "Address and port (default 127.0.0.1:7700; port 0: any free one). Other than loopback needs --token-file");
    sub->add_option("--token-file", args->token_file, "A file holding the bearer token clients must send");
    sub->add_option("--threads", args->threads, "Worker threads, one per client connected at once (default: four per core, at least 16)")->check(CLI::Range(std::size_t{1}, std::size_t{256}));

    sub->add_option("--time-limit", args->time_limit_ms, "Milliseconds a search, export or concordance may take (default 10000; past it: 503 time_limit)")
        ->check(CLI::Range(1L, 3600000L));

    sub->add_option("--cache-mb", args->cache_mb, "Megabytes of answers kept for the index's current revision (default 64; 0: none)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{65536}));

    return [args]() -> int {
        ServerOptions options;
        options.time_limit_ms = args->time_limit_ms;
        options.cache_bytes = args->cache_mb << 20;
        options.index = resolve_source(args->index);
        options.threads = args->threads;
        const std::size_t colon = args->listen.rfind(':');
        try {
            if (colon == std::string::npos) throw std::invalid_argument("no port");
            options.host = args->listen.substr(0, colon);
            options.port = std::stoi(args->listen.substr(colon + 1));
            if (options.port < 0 || options.port > 65535 || options.host.empty()) throw std::invalid_argument("range");
        } catch (const std::exception&) {
            print_error("--listen " + args->listen + ": give HOST:PORT, as 127.0.0.1:7700");
            return kExitError;
        }
        if (!args->token_file.empty()) {
            std::ifstream in(args->token_file);
            std::stringstream ss;
            ss << in.rdbuf();
            options.token = ss.str();
            while (!options.token.empty() && (options.token.back() == '\n' || options.token.back() == '\r' || options.token.back() == ' '))
                options.token.pop_back();
            if (!in || options.token.empty()) {
                print_error("--token-file " + args->token_file + ": no token read");
                return kExitError;
            }
        }
        if (const std::string refused = check_server_options(options); !refused.empty()) {
            print_error(refused);
            return kExitError;
        }
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        std::signal(SIGPIPE, SIG_IGN);
        const ServeEnd end = serve(options, g_stop, [&](int port) {
            std::string shards;
            for (const std::string& s : options.index.shards) shards += (shards.empty() ? "" : ", ") + s;
            std::printf("grappe serve: listening on http://%s:%d/ (index %s)\n", options.host.c_str(), port, shards.c_str());
            std::fflush(stdout);
        });
        if (end == ServeEnd::cannot_bind) {
            print_error("cannot listen on " + args->listen + " (in use, or not an address of this machine)");
            return kExitError;
        }
        if (end == ServeEnd::listening_failed) {
            print_error("stopped accepting connections on " + args->listen + " (the system refused them); start it again");
            return kExitError;
        }
        std::printf("grappe serve: stopped\n");
        return kExitOk;
    };
}

}  // namespace grappe::cli
