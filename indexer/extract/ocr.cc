#include "extract/ocr.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <tuple>

namespace grappe {
namespace {

struct Ran {
    int status = -1;  // exit code, or -1 when it could not run or died of a signal
    std::string out, err;
};

std::string read_all(int fd) {
    std::string bytes;
    char chunk[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        bytes.append(chunk, static_cast<size_t>(n));
    }
    return bytes;
}

// Runs `argv` with stdout to a pipe and stderr to a temporary file (read
// after it exits, so neither can fill up and block the other).
Ran run(const std::vector<std::string>& argv) {
    Ran ran;
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return ran;
    char err_path[] = "/tmp/grappe-ocr-err-XXXXXX";
    const int err_fd = ::mkstemp(err_path);
    if (err_fd < 0) {
        ::close(out[0]);
        ::close(out[1]);
        return ran;
    }
    ::unlink(err_path);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        // Dies with the worker (killed for time or memory), and keeps to one
        // thread: the workers already use every core.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);
        ::dup2(out[1], 1);
        ::dup2(err_fd, 2);
        ::setenv("OMP_THREAD_LIMIT", "1", 1);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    ::close(out[1]);
    if (pid > 0) ran.out = read_all(out[0]);
    ::close(out[0]);
    if (pid > 0) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        ran.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    ::lseek(err_fd, 0, SEEK_SET);
    ran.err = read_all(err_fd);
    ::close(err_fd);
    return ran;
}

// The last non-empty line of tesseract's messages: the error, usually.
std::string last_line(const std::string& text) {
    size_t end = text.find_last_not_of("\n ");
    if (end == std::string::npos) return "";
    const size_t start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t end = std::min(s.find(sep, start), s.size());
        parts.emplace_back(s.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

}  // namespace

bool looks_blank(const GrayImage& image) {
    if (image.pixels == nullptr || image.width <= 0 || image.height <= 0) return true;
    const std::size_t total = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height);
    const std::size_t allowed = total / 5000;
    std::size_t dark = 0;
    for (int y = 0; y < image.height; ++y) {
        const unsigned char* row = image.pixels + static_cast<std::size_t>(y) * static_cast<std::size_t>(image.bytes_per_row);
        for (int x = 0; x < image.width; ++x)
            if (row[x] < 160 && ++dark > allowed) return false;
    }
    return true;
}

std::string ocr_unavailable(const std::string& languages) {
    const Ran ran = run({"tesseract", "--list-langs"});
    if (ran.status == 127 || ran.status < 0)
        return "OCR needs the tesseract program: run tools/setup --ocr (Debian packages tesseract-ocr and tesseract-ocr-fra)";
    // Older versions list languages on stderr.
    const std::vector<std::string> known = split(ran.out + "\n" + ran.err, '\n');
    for (const std::string& language : split(languages, '+'))
        if (std::find(known.begin(), known.end(), language) == known.end())
            return "tesseract has no '" + language + "' model: install tesseract-ocr-" + language + " (tools/setup --ocr installs fra)";
    return "";
}

std::vector<TextLine> lines_from_tesseract_tsv(std::string_view tsv, int dpi) {
    // Key: block, paragraph, line. std::map keeps them in reading order.
    std::map<std::tuple<int, int, int>, TextLine> lines;
    const float scale = 72.0f / static_cast<float>(dpi);
    std::tuple<int, int> last_paragraph{-1, -1};
    for (const std::string& row : split(tsv, '\n')) {
        const std::vector<std::string> c = split(row, '\t');
        // level page block par line word left top width height conf text
        if (c.size() < 12 || c[0] != "5") continue;
        const std::string& word = c[11];
        if (word.find_first_not_of(' ') == std::string::npos) continue;
        const float conf = std::strtof(c[10].c_str(), nullptr);
        if (conf < 0) continue;
        const int block = std::atoi(c[2].c_str()), paragraph = std::atoi(c[3].c_str()), line = std::atoi(c[4].c_str());
        const float x0 = static_cast<float>(std::atoi(c[6].c_str())) * scale, y0 = static_cast<float>(std::atoi(c[7].c_str())) * scale;
        const float x1 = x0 + static_cast<float>(std::atoi(c[8].c_str())) * scale, y1 = y0 + static_cast<float>(std::atoi(c[9].c_str())) * scale;
        auto [it, fresh] = lines.try_emplace({block, paragraph, line});
        TextLine& l = it->second;
        if (fresh) {
            l.x0 = x0, l.y0 = y0, l.x1 = x1, l.y1 = y1;
            l.starts_paragraph = std::tuple<int, int>{block, paragraph} != last_paragraph;
            last_paragraph = {block, paragraph};
        } else {
            l.text.push_back(' ');
            l.x0 = std::min(l.x0, x0), l.y0 = std::min(l.y0, y0), l.x1 = std::max(l.x1, x1), l.y1 = std::max(l.y1, y1);
        }
        l.text += word;
    }
    std::vector<TextLine> out;
    out.reserve(lines.size());
    for (auto& [key, line] : lines) out.push_back(std::move(line));
    return out;
}

std::vector<TextLine> recognise_page(const GrayImage& image, int dpi, const std::string& languages) {
    // The page as a PGM file, which tesseract (leptonica) reads natively.
    char path[] = "/tmp/grappe-ocr-XXXXXX";
    const int fd = ::mkstemp(path);
    if (fd < 0) throw ExtractionError(std::string("OCR: cannot write the page image: ") + std::strerror(errno));
    std::FILE* f = ::fdopen(fd, "wb");
    if (!f) {
        ::close(fd);
        ::unlink(path);
        throw ExtractionError(std::string("OCR: cannot write the page image: ") + std::strerror(errno));
    }
    std::fprintf(f, "P5\n%d %d\n255\n", image.width, image.height);
    bool written = true;
    for (int y = 0; y < image.height && written; ++y)
        written = std::fwrite(image.pixels + static_cast<size_t>(y) * static_cast<size_t>(image.bytes_per_row), 1,
                              static_cast<size_t>(image.width), f) == static_cast<size_t>(image.width);
    written = std::fclose(f) == 0 && written;
    if (!written) {
        ::unlink(path);
        throw ExtractionError("OCR: cannot write the page image (disk full?)");
    }
    const Ran ran = run({"tesseract", path, "stdout", "-l", languages, "--dpi", std::to_string(dpi), "tsv"});
    ::unlink(path);
    if (ran.status == 127 || ran.status < 0)
        throw ExtractionError("OCR: tesseract could not run" + (ran.err.empty() ? std::string() : ": " + last_line(ran.err)));
    if (ran.status != 0) throw ExtractionError("OCR: tesseract failed: " + last_line(ran.err));
    return lines_from_tesseract_tsv(ran.out, dpi);
}

}  // namespace grappe
