#include "cli/output.hpp"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "scrisk/core/error.hpp"

namespace scrisk::cli {
namespace {

void write_standard_output(std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError("<standard output>", std::string("cannot write: ") + std::strerror(errno));
    }
    text.remove_prefix(std::size_t(n));
  }
}

}  // namespace

bool is_same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  if (std::filesystem::equivalent(a, b, ec)) return true;
  const auto canonical_a = std::filesystem::weakly_canonical(a, ec);
  if (ec) return false;
  const auto canonical_b = std::filesystem::weakly_canonical(b, ec);
  return !ec && canonical_a == canonical_b;
}

Output::Output(const std::string& path, const std::string& flag, std::initializer_list<std::string> inputs)
    : path_(path == "-" ? "" : path) {
  if (path_.empty()) return;
  for (const std::string& input : inputs)
    if (!input.empty() && input != "-" && is_same_file(path_, input))
      throw UsageError(flag, "\"" + path_ + "\" is an input of this command; it would be overwritten");
  file_.emplace(path_);
}

void Output::write(std::string_view text) {
  if (!file_) return write_standard_output(text);
  file_->write(text);
  file_->commit();
}

std::string choose_format(const std::string& format, const std::string& out_path) {
  if (!format.empty()) return format;
  std::string extension = std::filesystem::path(out_path).extension().string();
  for (char& c : extension) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".json") return "json";
  if (extension == ".csv") return "csv";
  return "text";
}

}  // namespace scrisk::cli
