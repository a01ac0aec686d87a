// Read-only access to the members of a zip container (DOCX, ODT, EPUB), with
// limits that turn a zip bomb into a clear ExtractionError instead of a worker
// killed for memory: a member is read in chunks and refused as soon as it
// expands past the limit, whatever size its header claims.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace grappe {

class ZipArchive {
  public:
    // Members larger than this once inflated are refused. Office documents
    // and EPUB chapters are a few megabytes of XML at most.
    static constexpr std::size_t kMaxMemberBytes = 64u << 20;
    // And so is an archive whose members, read together, would pass this.
    static constexpr std::size_t kMaxTotalBytes = 256u << 20;

    // Throws ExtractionError("not a zip archive ...") when `path` is not one.
    explicit ZipArchive(const std::string& path);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    [[nodiscard]] bool contains(const std::string& member) const;
    // The member's bytes; nullopt when there is no such member. Throws
    // ExtractionError when it is corrupt or expands past the limits.
    [[nodiscard]] std::optional<std::string> read(const std::string& member);
    // Like read, but a missing member is an error naming it.
    [[nodiscard]] std::string read_required(const std::string& member);

  private:
    struct Handle;
    std::unique_ptr<Handle> handle_;
    std::size_t bytes_read_ = 0;
};

}  // namespace grappe
