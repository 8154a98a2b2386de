// Files written whole or not at all.
#pragma once

#include <filesystem>
#include <string_view>

namespace scrisk::io {

/// A file that appears complete or not at all: the bytes go to a temporary file in the
/// target's folder, which commit() flushes to disk and renames over the target. A crash, a
/// kill -9 or a full disk at any moment leaves either the previous file or the complete new
/// one (and at worst a stray `.NAME.*.tmp` beside it), never a truncated one.
///
/// Creating one checks that the target can be written, so a program can fail in a second
/// rather than after a long computation. Throws IoError naming the path and the reason.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary file unless commit() has run.
  ~AtomicFile();

  void write(std::string_view bytes);
  /// Flushes, closes and renames the temporary file over the target.
  void commit();

  [[nodiscard]] const std::filesystem::path& target() const noexcept { return target_; }

 private:
  std::filesystem::path target_, temporary_;
  int descriptor_ = -1;
};

/// Writes `bytes` to `path` through an AtomicFile. Throws IoError.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace scrisk::io
