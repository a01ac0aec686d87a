#include "pipeline/worker_pool.h"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

namespace grappe {
namespace {

using Clock = std::chrono::steady_clock;

struct Child {
    pid_t pid = -1;
    int fd = -1;
    std::size_t index = 0;
    Clock::time_point started;
    std::string received;
    bool timed_out = false;
};

bool write_all(int fd, const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

[[noreturn]] void run_child(int fd, pid_t parent, const std::string& path, const WorkerLimits& limits, const FileWork& work) {
    // A worker never outlives the writer: if the writer is killed (even with
    // SIGKILL), its workers go too, instead of reading on unsupervised.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(4);  // the writer died before prctl took effect
    // The writer's descriptors are not the worker's business. Above all the
    // database lock: Xapian holds it through an open file description that a
    // forked child shares, so a worker keeping it open would keep the
    // database locked after the writer is gone.
    if (fd != 3) {
        dup2(fd, 3);
        fd = 3;
    }
    close_range(4, ~0U, 0);
    // Ctrl-C reaches the whole process group: the parent decides, the child
    // must not die half-way through its answer.
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, SIG_DFL);
#if !defined(GRAPPE_ADDRESS_SANITIZER)
    if (limits.memory_mb > 0) {
        const rlim_t bytes = static_cast<rlim_t>(limits.memory_mb) * 1024 * 1024;
        struct rlimit rl{bytes, bytes};
        setrlimit(RLIMIT_AS, &rl);
    }
#endif
    std::string encoded;
    try {
        encoded = work(path).encode();
    } catch (const std::bad_alloc&) {
        encoded = FileResult::failure("out of memory: over the " + std::to_string(limits.memory_mb) + " MB budget").encode();
    } catch (const std::exception& e) {
        encoded = FileResult::failure(std::string("internal error: ") + e.what()).encode();
    }
    _exit(write_all(fd, encoded) ? 0 : 3);
}

std::string describe_signal(int sig) {
    const char* name = sigabbrev_np(sig);
    return std::string("SIG") + (name ? name : std::to_string(sig));
}

FileResult finish(Child& child, const WorkerLimits& limits) {
    int status = 0;
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (child.timed_out)
        return FileResult::failure("took longer than " + std::to_string(limits.seconds) + " s: skipped (raise --timeout to allow more)");
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        if (sig == SIGKILL) return FileResult::failure("the worker was killed (SIGKILL), out of memory?: skipped");
        return FileResult::failure("the reader crashed on this file (" + describe_signal(sig) + "): skipped");
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return FileResult::failure("worker failed (exit " + std::to_string(WEXITSTATUS(status)) + ")");
    try {
        return FileResult::decode(child.received);
    } catch (const std::exception& e) {
        return FileResult::failure(std::string("worker answer unreadable: ") + e.what());
    }
}

}  // namespace

void run_workers(const std::vector<std::string>& paths, const WorkerLimits& limits, const FileWork& work,
                 const FileDone& done, const std::atomic<bool>& stop) {
    std::vector<Child> active;
    std::size_t next = 0;
    const unsigned jobs = limits.jobs == 0 ? 1 : limits.jobs;
    const pid_t self = getpid();
    const auto budget = std::chrono::seconds(limits.seconds == 0 ? 60 : limits.seconds);

    while ((next < paths.size() || !active.empty()) && !stop.load()) {
        while (active.size() < jobs && next < paths.size()) {
            int fds[2];
            if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
            const pid_t pid = fork();
            if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
            if (pid == 0) {
                ::close(fds[0]);
                run_child(fds[1], self, paths[next], limits, work);
            }
            ::close(fds[1]);
            Child c;
            c.pid = pid;
            c.fd = fds[0];
            c.index = next++;
            c.started = Clock::now();
            active.push_back(std::move(c));
        }

        std::vector<pollfd> polls;
        for (const Child& c : active) polls.push_back(pollfd{c.fd, POLLIN, 0});
        const int ready = ::poll(polls.data(), polls.size(), 200);
        if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));

        const auto now = Clock::now();
        for (size_t i = 0; i < active.size();) {
            Child& c = active[i];
            bool finished = false;
            if (ready > 0 && (polls[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                char buffer[65536];
                const ssize_t n = ::read(c.fd, buffer, sizeof buffer);
                if (n > 0) c.received.append(buffer, static_cast<size_t>(n));
                else if (n == 0 || errno != EINTR) finished = true;
            }
            if (!finished && now - c.started > budget) {
                ::kill(c.pid, SIGKILL);
                c.timed_out = true;
                finished = true;
            }
            if (finished) {
                ::close(c.fd);
                FileResult result = finish(c, limits);
                const std::size_t index = c.index;
                active.erase(active.begin() + static_cast<long>(i));
                polls.erase(polls.begin() + static_cast<long>(i));
                done(index, std::move(result));
                continue;
            }
            ++i;
        }
    }
    for (Child& c : active) {
        ::kill(c.pid, SIGKILL);
        ::close(c.fd);
        int status;
        waitpid(c.pid, &status, 0);
    }
}

}  // namespace grappe
