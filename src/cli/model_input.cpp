#include "cli/model_input.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "scrisk/core/error.hpp"
#include "scrisk/core/utf8.hpp"
#include "scrisk/io/model_file.hpp"

namespace scrisk::cli {
namespace {

/// Standard input, up to the size a model file may have.
std::string read_standard_input() {
  std::string content;
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n == 0) return content;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw ModelError({{"", std::string("cannot read standard input: ") + std::strerror(errno)}}, "<stdin>");
    }
    if (content.size() + std::size_t(n) > io::kMaxModelFileBytes)
      throw ModelError({{"", "more than " + std::to_string(io::kMaxModelFileBytes >> 20) +
                                 " MiB on standard input; a model file is at most that"}},
                       "<stdin>");
    content.append(buffer, std::size_t(n));
  }
}

io::Format sniff(std::string_view content) {
  const std::size_t first = content.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && content[first] == '{') return io::Format::kJson;
  if (content.find('\0') != std::string_view::npos || !is_utf8(content)) return io::Format::kBinary;
  return io::Format::kText;
}

}  // namespace

std::string source_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

model::Model load_model(const std::string& path) {
  if (path != "-") return io::load(path);
  const std::string content = read_standard_input();
  return io::parse(content, sniff(content), source_name(path));
}

engine::Plan compile(const model::Model& model, const std::string& path) {
  try {
    return engine::Plan(model);
  } catch (const ModelError& error) {
    throw ModelError(error.problems(), source_name(path));
  }
}

}  // namespace scrisk::cli
