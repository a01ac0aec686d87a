// Worker processes, as Omega runs its format handlers out of process: files
// are read in child processes (fork), so a PDF that crashes Poppler, loops,
// or eats memory costs that one file, never the run. A worker reads files
// one after another, as the parent (the single writer) hands them out, and
// answers each with its FileResult through a pipe; a worker that crashes,
// runs out of time or out of memory is replaced by a new fork, and each is
// replaced after a hundred files. (A fork per file cost about a tenth of
// an index run's CPU: the fork, and the pages of a large parent copied on
// write in both processes.)
//
// Budgets: a file read longer than `seconds` has its worker killed; a
// worker's address space is capped at `memory_mb` (not under
// AddressSanitizer, which needs terabytes of virtual space). Either is
// reported as the file's error.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/process_file.h"

// Defined when AddressSanitizer is built in (g++ says so with
// __SANITIZE_ADDRESS__, clang with __has_feature): its shadow memory cannot
// live under the workers' address-space limit, which such builds leave off.
#if defined(__SANITIZE_ADDRESS__)
#define GRAPPE_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GRAPPE_ADDRESS_SANITIZER 1
#endif
#endif

namespace grappe {

struct WorkerLimits {
    unsigned jobs = 1;
    unsigned seconds = 60;
    unsigned memory_mb = 2048;
};

using FileWork = std::function<FileResult(const std::string& path)>;
using FileDone = std::function<void(std::size_t index, FileResult result)>;

// Runs `work` on every path in limits.jobs workers, and calls `done` in this
// process for each, in completion order. Returns early, killing the workers
// still reading, when `stop` becomes true (their files are not reported).
void run_workers(const std::vector<std::string>& paths, const WorkerLimits& limits, const FileWork& work,
                 const FileDone& done, const std::atomic<bool>& stop);

}  // namespace grappe
