// The daemon (server/server.h) as a client meets it: any method, address
// and parameters, on a small index built at start-up. Every request gets an
// answer; an error is the one JSON envelope (never "internal": a 500 means
// a handler threw what it should have said), names no path of the server's
// disk, and no request makes the daemon write a file.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <rapidjson/document.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fuzz.h"
#include "pipeline/index_run.h"
#include "server/server.h"
#include "text/utf8.h"

namespace {

namespace fs = std::filesystem;

struct Daemon {
    fs::path folder;  // the corpus, the index, and the daemon's working folder
    std::atomic<bool> stop{false};
    std::atomic<int> port{0};
    std::atomic<grappe::ServeEnd> ended{grappe::ServeEnd::stopped};
    std::thread thread;

    void start() {
        folder = fs::temp_directory_path() / ("grappe-fuzz-http-" + std::to_string(::getpid()));
        fs::remove_all(folder);
        fs::create_directories(folder / "corpus");
        fs::create_directories(folder / "cwd");
        write("01-gremi.md", "---\ntitle: Les milieux innovateurs\nauthor: Philippe Aydalot\ndate: 1986\n---\n"
                             "# Milieux\n\nLe milieu innovateur du GREMI (Aydalot, 1986) relit le district industriel marshallien "
                             "des années 1970. Les districts italiens de Becattini (1979) précèdent les clusters de Porter (1998).\n");
        write("02-poles.md", "---\ntitle: Des pôles de compétitivité aux écosystèmes\nauthors: [Claude Courlet, Bernard Pecqueur]\n"
                             "date: 2013\n---\n# Pôles\n\nLes pôles de compétitivité de 2005 succèdent aux systèmes productifs "
                             "locaux de la DATAR (1998). « L'écosystème d'affaires » de Moore (1993) gagne la France après 2010.\n");
        write("03-clusters.html", "<html><head><title>Clusters and regional policy</title></head><body><p>Porter's clusters "
                                  "(1990) and the knowledge spillovers of Marshall's industrial districts, 1890-1920.</p></body></html>");
        grappe::IndexOptions options;
        options.db = (folder / "index").string();
        options.paths = {(folder / "corpus").string()};
        const std::atomic<bool> never{false};
        const grappe::IndexSummary summary = grappe::run_index(options, never, nullptr);
        grappe::fuzz::require(summary.indexed == 3, "the fuzz corpus did not index");
        fs::current_path(folder / "cwd");
        thread = std::thread([this] {
            grappe::ServerOptions server;
            server.index.shards = {(folder / "index").string()};
            server.port = 0;
            server.threads = 4;
            server.time_limit_ms = 2000;
            server.cache_bytes = 0;  // every request made, none served from memory
            ended = grappe::serve(server, stop, [this](int p) { port = p; });
        });
        for (int i = 0; i < 400 && port == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
        grappe::fuzz::require(port != 0, "the daemon did not start");
    }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(folder / "corpus" / name) << text;
    }
    ~Daemon() {
        stop = true;
        if (thread.joinable()) thread.join();
        std::error_code ec;
        fs::current_path(fs::temp_directory_path(), ec);
        fs::remove_all(folder, ec);
    }
};

Daemon daemon_;

// Sends `request` and reads the answer until the daemon closes.
std::string exchange(const std::string& request) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    grappe::fuzz::require(s >= 0, "socket");
    timeval timeout{30, 0};
    ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(daemon_.port.load()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // libFuzzer's timer (SIGALRM, no SA_RESTART) may interrupt any call
    // here: an interrupted connect goes on by itself, the others are redone.
    if (::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        int error = errno;
        if (error == EINTR) {
            pollfd writable{s, POLLOUT, 0};
            while (::poll(&writable, 1, 30000) < 0 && errno == EINTR) {
            }
            socklen_t length = sizeof error;
            ::getsockopt(s, SOL_SOCKET, SO_ERROR, &error, &length);
        }
        const bool listening = daemon_.ended.load() != grappe::ServeEnd::listening_failed;
        grappe::fuzz::require(error == 0, listening ? "connect" : "the daemon stopped listening", std::strerror(error));
    }
    std::size_t sent = 0;
    while (sent < request.size()) {
        const ssize_t n = ::send(s, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // the daemon may answer and close before reading it all (413)
        sent += static_cast<std::size_t>(n);
    }
    // Until the answer is whole (its head and Content-Length bytes; the head
    // alone for HEAD) or the daemon closes: a request it reads as one of
    // several kept alive would otherwise wait for its read timeout. (Closing
    // our side early is no shortcut: cpp-httplib does not answer a client
    // that has shut its writing half.)
    const bool head_only = request.rfind("HEAD ", 0) == 0;
    std::string answer;
    char buffer[65536];
    for (ssize_t n; (n = ::recv(s, buffer, sizeof buffer, 0)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
        const std::size_t head_end = answer.find("\r\n\r\n");
        if (head_end == std::string::npos) continue;
        if (head_only) break;
        const std::size_t length_at = answer.find("Content-Length: ");
        if (length_at != std::string::npos && length_at < head_end &&
            answer.size() >= head_end + 4 + std::strtoull(answer.c_str() + length_at + 16, nullptr, 10))
            break;
    }
    ::close(s);
    return answer;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    daemon_.start();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using grappe::fuzz::require;
    static const char* const methods[] = {"GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"};
    // The first byte: the method; the rest: the address with its parameters
    // (one line: a request per connection), then, after a line break, a body.
    const grappe::fuzz::Choice in = grappe::fuzz::choose(data, size, std::size(methods));
    const std::string_view rest = in.rest;
    const std::size_t line_end = std::min(rest.find('\n'), rest.size());
    std::string target(rest.substr(0, line_end));
    for (char& c : target)
        if (c == '\r') c = ' ';
    const std::string_view body = line_end < rest.size() ? rest.substr(line_end + 1) : std::string_view{};
    std::string request = std::string(methods[in.which]) + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    // Always a length: cpp-httplib reads a POST without one until the
    // connection closes (its 5-second read timeout, for a fuzzer).
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n";
    request += body;

    const std::string answer = exchange(request);
    if (answer.empty()) {
        // A request line cpp-httplib cannot read at all is answered 400 and
        // closed with the rest unread, which resets the connection and may
        // lose the answer on the way: then the daemon must still be there.
        const std::string health = exchange("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        require(health.rfind("HTTP/1.1 200", 0) == 0, "the daemon stopped answering after", request);
        return 0;
    }
    require(answer.rfind("HTTP/1.1 ", 0) == 0 && answer.size() >= 12, "no HTTP answer", request + answer);
    const int status = std::atoi(answer.c_str() + 9);
    require(status >= 200 && status < 600, "no status", answer.substr(0, 40));
    require(status != 500, "a handler failed (500)", request + answer);
    const std::size_t head_end = answer.find("\r\n\r\n");
    require(head_end != std::string::npos, "an answer without the end of its head", answer);
    const std::string content = answer.substr(head_end + 4);
    const std::string head = answer.substr(0, head_end);
    if (request.rfind("HEAD ", 0) == 0) return 0;  // a head without its body
    if (status == 200 && head.find("Content-Type: application/json") != std::string::npos) {
        rapidjson::Document json;
        json.Parse(content.data(), content.size());
        require(!json.HasParseError(), "an answer that is not JSON", request + answer);
        require(grappe::is_valid_utf8(content), "an answer that is not valid UTF-8", request);
    }
    if (status >= 400 && !content.empty()) {
        rapidjson::Document envelope;
        envelope.Parse(content.data(), content.size());
        require(!envelope.HasParseError() && envelope.IsObject() && envelope.HasMember("error") && envelope["error"].IsObject() &&
                    envelope["error"].HasMember("code") && envelope["error"].HasMember("message"),
                "an error that is not the envelope", request + answer);
        // (Unless the client wrote it: "no such route: /tmp/..." only says back what was asked.)
        require(content.find(daemon_.folder.string()) == std::string::npos || request.find(daemon_.folder.string()) != std::string::npos,
                "an error names the server's disk", content);
    }
    require(std::filesystem::is_empty(daemon_.folder / "cwd"), "a request wrote a file in the daemon's folder", request);
    return 0;
}
