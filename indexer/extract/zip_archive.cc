#include "extract/zip_archive.h"

#include <zip.h>

#include "extract/raw_document.h"

namespace grappe {

struct ZipArchive::Handle {
    zip_t* zip = nullptr;
    ~Handle() {
        if (zip) zip_discard(zip);
    }
};

ZipArchive::ZipArchive(const std::string& path) : handle_(std::make_unique<Handle>()) {
    int code = 0;
    handle_->zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (!handle_->zip) {
        zip_error_t error;
        zip_error_init_with_code(&error, code);
        std::string reason = code == ZIP_ER_NOZIP ? "not a zip archive (Office and EPUB files are zip containers)"
                                                  : std::string("unreadable zip archive: ") + zip_error_strerror(&error);
        zip_error_fini(&error);
        throw ExtractionError(reason);
    }
}

ZipArchive::~ZipArchive() = default;

bool ZipArchive::contains(const std::string& member) const {
    return zip_name_locate(handle_->zip, member.c_str(), 0) >= 0;
}

std::optional<std::string> ZipArchive::read(const std::string& member) {
    const zip_int64_t index = zip_name_locate(handle_->zip, member.c_str(), 0);
    if (index < 0) return std::nullopt;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(handle_->zip, static_cast<zip_uint64_t>(index), 0, &stat) != 0)
        throw ExtractionError("corrupt zip archive: cannot read the entry of " + member);
    const auto bomb = [&] {
        return ExtractionError("zip bomb? " + member + " expands past " + std::to_string(kMaxMemberBytes >> 20) +
                               " MB (or the archive past " + std::to_string(kMaxTotalBytes >> 20) + " MB)");
    };
    // The declared size is only a hint: a forged header can lie, so the
    // limit is enforced again on the bytes actually inflated.
    if ((stat.valid & ZIP_STAT_SIZE) && (stat.size > kMaxMemberBytes || bytes_read_ + stat.size > kMaxTotalBytes)) throw bomb();
    zip_file_t* file = zip_fopen_index(handle_->zip, static_cast<zip_uint64_t>(index), 0);
    if (!file) throw ExtractionError("corrupt zip archive: cannot open " + member + ": " + zip_strerror(handle_->zip));
    std::string bytes;
    if (stat.valid & ZIP_STAT_SIZE) bytes.reserve(static_cast<std::size_t>(stat.size));
    char chunk[1 << 16];
    for (;;) {
        const zip_int64_t n = zip_fread(file, chunk, sizeof chunk);
        if (n < 0) {
            std::string reason = "corrupt zip archive: cannot inflate " + member + ": " + zip_file_strerror(file);
            zip_fclose(file);
            throw ExtractionError(reason);
        }
        if (n == 0) break;
        bytes.append(chunk, static_cast<std::size_t>(n));
        if (bytes.size() > kMaxMemberBytes || bytes_read_ + bytes.size() > kMaxTotalBytes) {
            zip_fclose(file);
            throw bomb();
        }
    }
    zip_fclose(file);
    bytes_read_ += bytes.size();
    return bytes;
}

std::string ZipArchive::read_required(const std::string& member) {
    std::optional<std::string> bytes = read(member);
    if (!bytes) throw ExtractionError("no " + member + " in the archive");
    return std::move(*bytes);
}

}  // namespace grappe
