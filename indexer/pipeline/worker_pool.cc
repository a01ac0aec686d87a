#include "pipeline/worker_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>

namespace grappe {
namespace {

using Clock = std::chrono::steady_clock;

// A worker reads this many files, then is replaced by a fresh fork: what a
// reader leaks or fragments stays bounded, at one fork per hundred files.
constexpr std::size_t kFilesPerWorker = 100;

// The worker's ends of its two pipes: paths come in on 3, results go out on 4.
constexpr int kPathsIn = 3;
constexpr int kResultsOut = 4;

struct Worker {
    pid_t pid = -1;
    int paths = -1;    // the parent writes a path here
    int results = -1;  // and reads the worker's answer here
    bool busy = false;
    std::size_t index = 0;  // the file it reads while busy
    Clock::time_point started;
    std::string received;
    std::size_t files = 0;  // files it has answered for
    bool timed_out = false;
};

bool write_all(int fd, std::string_view bytes) {
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

// Exactly `size` bytes from `fd`, or false at its end or on an error.
bool read_exactly(int fd, char* out, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::read(fd, out + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// A message on a pipe: its length (4 bytes, this machine's order) and its bytes.
std::string framed(std::string_view bytes) {
    const auto size = static_cast<std::uint32_t>(bytes.size());
    std::string out(reinterpret_cast<const char*>(&size), sizeof size);
    out += bytes;
    return out;
}

// The whole message at the front of `buffer`, if it has arrived.
std::optional<std::string> take_message(std::string& buffer) {
    std::uint32_t size = 0;
    if (buffer.size() < sizeof size) return std::nullopt;
    std::memcpy(&size, buffer.data(), sizeof size);
    if (buffer.size() < sizeof size + size) return std::nullopt;
    std::string message = buffer.substr(sizeof size, size);
    buffer.erase(0, sizeof size + size);
    return message;
}

// The worker: files one after another until the parent closes its pipe.
[[noreturn]] void run_worker(pid_t parent, const WorkerLimits& limits, const FileWork& work) {
    // A worker never outlives the writer: if the writer is killed (even with
    // SIGKILL), its workers go too, instead of reading on unsupervised.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(4);  // the writer died before prctl took effect
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
    for (;;) {
        std::uint32_t size = 0;
        if (!read_exactly(kPathsIn, reinterpret_cast<char*>(&size), sizeof size)) _exit(0);  // no more files
        std::string path(size, '\0');
        if (!read_exactly(kPathsIn, path.data(), size)) _exit(3);
        std::string encoded;
        bool out_of_memory = false;
        try {
            encoded = work(path).encode();
        } catch (const std::bad_alloc&) {
            encoded = FileResult::failure("out of memory: over the " + std::to_string(limits.memory_mb) + " MB budget").encode();
            out_of_memory = true;
        } catch (const std::exception& e) {
            encoded = FileResult::failure(std::string("internal error: ") + e.what()).encode();
        }
        if (!write_all(kResultsOut, framed(encoded))) _exit(3);
        // A heap that ran out is not trusted with another file.
        if (out_of_memory) _exit(0);
    }
}

// A new worker, its pipes' other ends kept in `w`.
Worker spawn(pid_t parent, const WorkerLimits& limits, const FileWork& work) {
    int paths[2], results[2];
    if (pipe(paths) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    if (pipe(results) != 0) {
        ::close(paths[0]);
        ::close(paths[1]);
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        // The worker's two ends on 3 and 4, nothing else: the writer's
        // descriptors are not the worker's business. Above all the database
        // lock: Xapian holds it through an open file description that a
        // forked child shares, so a worker keeping it open would keep the
        // database locked after the writer is gone.
        const int in = fcntl(paths[0], F_DUPFD, 10), out = fcntl(results[1], F_DUPFD, 10);
        if (in < 0 || out < 0 || dup2(in, kPathsIn) < 0 || dup2(out, kResultsOut) < 0) _exit(4);
        close_range(kResultsOut + 1, ~0U, 0);
        run_worker(parent, limits, work);
    }
    ::close(paths[0]);
    ::close(results[1]);
    Worker w;
    w.pid = pid;
    w.paths = paths[1];
    w.results = results[0];
    return w;
}

std::string describe_signal(int sig) {
    const char* name = sigabbrev_np(sig);
    return std::string("SIG") + (name ? name : std::to_string(sig));
}

// Waits for a worker that is gone or going, and closes its pipes.
int reap(Worker& w) {
    if (w.paths >= 0) ::close(w.paths);
    if (w.results >= 0) ::close(w.results);
    int status = 0;
    while (waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    w = Worker{};
    return status;
}

// Why a worker died while reading its file.
FileResult death(int status, bool timed_out, const WorkerLimits& limits) {
    if (timed_out)
        return FileResult::failure("took longer than " + std::to_string(limits.seconds) + " s: skipped (raise --timeout to allow more)");
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        if (sig == SIGKILL) return FileResult::failure("the worker was killed (SIGKILL), out of memory?: skipped");
        return FileResult::failure("the reader crashed on this file (" + describe_signal(sig) + "): skipped");
    }
    return FileResult::failure("worker failed (exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
}

FileResult decoded(const std::string& message) {
    try {
        return FileResult::decode(message);
    } catch (const std::exception& e) {
        return FileResult::failure(std::string("worker answer unreadable: ") + e.what());
    }
}

// The writer must outlive a worker that dies before reading its path: a
// write to its pipe then fails with EPIPE instead of killing the writer.
class IgnoreBrokenPipes {
  public:
    IgnoreBrokenPipes() {
        struct sigaction ignore{};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        sigaction(SIGPIPE, &ignore, &previous_);
    }
    ~IgnoreBrokenPipes() { sigaction(SIGPIPE, &previous_, nullptr); }
    IgnoreBrokenPipes(const IgnoreBrokenPipes&) = delete;
    IgnoreBrokenPipes& operator=(const IgnoreBrokenPipes&) = delete;

  private:
    struct sigaction previous_{};
};

}  // namespace

void run_workers(const std::vector<std::string>& paths, const WorkerLimits& limits, const FileWork& work,
                 const FileDone& done, const std::atomic<bool>& stop) {
    const IgnoreBrokenPipes keep_writing;
    const unsigned jobs = limits.jobs == 0 ? 1 : limits.jobs;
    const pid_t self = getpid();
    const auto budget = std::chrono::seconds(limits.seconds == 0 ? 60 : limits.seconds);
    std::vector<Worker> workers(jobs);
    std::size_t next = 0, busy = 0;

    while ((next < paths.size() || busy > 0) && !stop.load()) {
        // Each idle worker gets the next file; a missing one is forked first.
        for (Worker& w : workers) {
            if (w.busy || next >= paths.size()) continue;
            if (w.pid < 0) w = spawn(self, limits, work);
            if (!write_all(w.paths, framed(paths[next]))) {
                // Gone before its next file (killed from outside): another
                // takes the file at the next turn.
                reap(w);
                continue;
            }
            w.busy = true;
            w.index = next++;
            w.started = Clock::now();
            ++busy;
        }

        std::vector<pollfd> polls;
        std::vector<Worker*> polled;
        for (Worker& w : workers)
            if (w.busy) {
                polls.push_back(pollfd{w.results, POLLIN, 0});
                polled.push_back(&w);
            }
        const int ready = ::poll(polls.data(), polls.size(), 200);
        if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));

        const auto now = Clock::now();
        for (std::size_t i = 0; i < polled.size(); ++i) {
            Worker& w = *polled[i];
            bool gone = false;
            if (ready > 0 && (polls[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                char buffer[65536];
                const ssize_t n = ::read(w.results, buffer, sizeof buffer);
                if (n > 0) w.received.append(buffer, static_cast<size_t>(n));
                else if (n == 0 || errno != EINTR) gone = true;
            }
            if (std::optional<std::string> answer = take_message(w.received)) {
                const std::size_t index = w.index;
                w.busy = false;
                --busy;
                ++w.files;
                if (w.files >= kFilesPerWorker) reap(w);  // closing its pipe ends it
                done(index, decoded(*answer));
                continue;
            }
            if (!gone && now - w.started > budget) {
                ::kill(w.pid, SIGKILL);
                w.timed_out = true;
                gone = true;
            }
            if (gone) {
                const std::size_t index = w.index;
                const bool timed_out = w.timed_out;
                const int status = reap(w);
                --busy;
                done(index, death(status, timed_out, limits));
            }
        }
        // An idle worker whose pipe closed (it ran out of memory and left
        // after answering) is replaced when it is next needed.
        for (Worker& w : workers) {
            if (w.busy || w.pid < 0) continue;
            pollfd p{w.results, POLLIN, 0};
            if (::poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLIN))) reap(w);
        }
    }
    for (Worker& w : workers) {
        if (w.pid < 0) continue;
        if (w.busy) ::kill(w.pid, SIGKILL);
        reap(w);  // an idle worker leaves when its pipe closes
    }
}

}  // namespace grappe
