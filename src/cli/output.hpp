// Where a report goes: standard output, or a file written whole or not at all.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "scrisk/io/atomic_file.hpp"

namespace scrisk::cli {

/// Opened before the work starts, so that an unwritable path fails at once rather than
/// after a long simulation.
class Output {
 public:
  /// `path` empty or "-": standard output. `inputs` are the files the command reads: writing
  /// over one of them is refused (UsageError naming `flag`).
  Output(const std::string& path, const std::string& flag, std::initializer_list<std::string> inputs);

  /// Writes `text` and, for a file, commits it. Throws IoError (also for standard output).
  void write(std::string_view text);

  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::optional<io::AtomicFile> file_;
};

/// True when `a` and `b` name the same file (existing or not).
[[nodiscard]] bool is_same_file(const std::filesystem::path& a, const std::filesystem::path& b);

/// The report format: `format` if given, else from the extension of `out_path` (.json,
/// .csv), else text.
[[nodiscard]] std::string choose_format(const std::string& format, const std::string& out_path);

}  // namespace scrisk::cli
