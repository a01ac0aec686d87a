// The client of `--server URL` (remote.h): the only part of the query
// commands that needs the HTTP library, linked into grappe-all only (the
// grappe program hands it every command line with --server).
#include <httplib.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <fstream>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/remote.h"

namespace grappe::cli {

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

}  // namespace grappe::cli
