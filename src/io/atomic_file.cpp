#include "scrisk/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "scrisk/core/error.hpp"

namespace scrisk::io {
namespace {

std::string system_reason(int error) { return std::strerror(error); }

/// The permissions a plain new file would get: 0666 less the process's umask, read from
/// /proc (umask() itself would change it, for every thread, while it is read).
mode_t new_file_mode() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Umask:", 0) == 0) return mode_t(0666) & ~mode_t(std::stoul(line.substr(6), nullptr, 8));
  return 0644;
}

mode_t mode_for(const std::filesystem::path& target) {
  struct stat existing {};
  if (::stat(target.c_str(), &existing) == 0) return existing.st_mode & 07777;
  return new_file_mode();
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  std::error_code ec;
  const auto status = std::filesystem::status(target_, ec);
  if (std::filesystem::is_directory(status)) throw IoError(target_.string(), "is a directory");
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    // A device or a pipe (/dev/null, /dev/stdout, a FIFO) cannot be replaced: write into it.
    descriptor_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
    if (descriptor_ < 0) throw IoError(target_.string(), "cannot write: " + system_reason(errno));
    return;
  }
  std::filesystem::path folder = target_.parent_path();
  if (folder.empty()) folder = ".";
  std::string pattern = (folder / ("." + target_.filename().string() + ".XXXXXX.tmp")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  descriptor_ = ::mkostemps(name.data(), 4, O_CLOEXEC);
  if (descriptor_ < 0) throw IoError(target_.string(), "cannot write here: " + system_reason(errno));
  temporary_ = name.data();
  ::fchmod(descriptor_, mode_for(target_));
}

AtomicFile::~AtomicFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::write(std::string_view bytes) {
  if (descriptor_ < 0) throw IoError(target_.string(), "written after commit");
  while (!bytes.empty()) {
    const ssize_t written = ::write(descriptor_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw IoError(target_.string(), "cannot write: " + system_reason(errno));
    }
    bytes.remove_prefix(std::size_t(written));
  }
}

void AtomicFile::commit() {
  if (descriptor_ < 0) throw IoError(target_.string(), "committed twice");
  if (!temporary_.empty() && ::fsync(descriptor_) != 0) throw IoError(target_.string(), "cannot write: " + system_reason(errno));
  const int closed = ::close(descriptor_);
  descriptor_ = -1;
  if (closed != 0) throw IoError(target_.string(), "cannot write: " + system_reason(errno));
  if (temporary_.empty()) return;  // written in place (a device or a pipe)
  if (::rename(temporary_.c_str(), target_.c_str()) != 0)
    throw IoError(target_.string(), "cannot replace the file: " + system_reason(errno));
  temporary_.clear();
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  AtomicFile file(path);
  file.write(bytes);
  file.commit();
}

}  // namespace scrisk::io
