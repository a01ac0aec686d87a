// A `grappe serve` started by a test on a free port of loopback, killed
// when the test ends unless stopped (SIGTERM) before.
#pragma once

#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "integration/run_grappe.h"

namespace grappe::testing {

// A daemon started for a test, on a free port of loopback.
class Daemon {
  public:
    explicit Daemon(std::vector<std::string> args) {
        args.insert(args.begin(), "serve");
        pid_ = spawn_grappe(args, io_.path());
        for (int i = 0; i < 600 && port_ == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
            const std::string out = slurp(io_.path() / "stdout");
            const std::size_t at = out.find("http://127.0.0.1:");
            if (at != std::string::npos) port_ = std::stoi(out.substr(at + 17));
        }
    }
    ~Daemon() {
        if (pid_ > 0 && !stopped_) {
            ::kill(pid_, SIGKILL);
            (void)wait_grappe(pid_, io_.path());
        }
    }
    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(20, 0);
        return c;
    }
    Outcome stop() {
        ::kill(pid_, SIGTERM);
        stopped_ = true;
        return wait_grappe(pid_, io_.path());
    }

  private:
    TempDir io_;
    pid_t pid_ = -1;
    int port_ = 0;
    bool stopped_ = false;
};

}  // namespace grappe::testing
