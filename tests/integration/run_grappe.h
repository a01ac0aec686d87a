// Running the real grappe binary from tests: exit code and both outputs, in
// a fresh temporary directory per test (so ctest -j works).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace grappe::testing {

namespace fs = std::filesystem;

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() / ("grappe-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return path_; }
    [[nodiscard]] std::string operator/(const std::string& name) const { return (path_ / name).string(); }

  private:
    fs::path path_;
};

// Starts grappe with `args`; returns its pid. Outputs go to files in `dir`.
inline pid_t spawn_grappe(const std::vector<std::string>& args, const fs::path& dir) {
    const pid_t pid = fork();
    if (pid == 0) {
        const int out = ::open((dir / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open((dir / "stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int in = ::open("/dev/null", O_RDONLY);
        dup2(out, 1);
        dup2(err, 2);
        dup2(in, 0);
        std::vector<char*> argv;
        std::string binary = GRAPPE_BINARY;
        argv.push_back(binary.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::setenv("NO_COLOR", "1", 1);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    return pid;
}

inline Outcome wait_grappe(pid_t pid, const fs::path& dir) {
    int status = 0;
    waitpid(pid, &status, 0);
    Outcome r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(dir / "stdout");
    r.err = slurp(dir / "stderr");
    return r;
}

// A port of loopback nobody listens on now (the kernel's pick for an unbound socket).
inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

inline Outcome grappe(const std::vector<std::string>& args) {
    TempDir io;
    return wait_grappe(spawn_grappe(args, io.path()), io.path());
}

inline rapidjson::Document json(const std::string& text) {
    rapidjson::Document d;
    d.Parse(text.c_str());
    return d;
}

inline const fs::path& source_dir() {
    static const fs::path p = GRAPPE_SOURCE_DIR;
    return p;
}

inline const fs::path& shared_dir() {
    static const fs::path p = GRAPPE_SHARED_DIR;
    return p;
}

// File names of the hits of a JSON search output.
inline std::vector<std::string> hit_files(const std::string& json_text) {
    std::vector<std::string> files;
    auto d = json(json_text);
    if (!d.IsObject() || !d.HasMember("hits")) return files;
    for (const auto& h : d["hits"].GetArray()) files.push_back(fs::path(h["path"].GetString()).filename().string());
    return files;
}

// The hits' files and the other copies of their texts ("also_in").
inline std::vector<std::string> hit_and_copy_files(const std::string& json_text) {
    std::vector<std::string> files;
    auto d = json(json_text);
    if (!d.IsObject() || !d.HasMember("hits")) return files;
    for (const auto& h : d["hits"].GetArray()) {
        files.push_back(fs::path(h["path"].GetString()).filename().string());
        if (h.HasMember("also_in"))
            for (const auto& copy : h["also_in"].GetArray()) files.push_back(fs::path(copy["path"].GetString()).filename().string());
    }
    return files;
}

}  // namespace grappe::testing
