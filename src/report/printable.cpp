#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "scrisk/core/utf8.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::report {
namespace {

bool is_control(std::string_view text, std::size_t at, std::size_t length) {
  const auto lead = static_cast<std::uint8_t>(text[at]);
  if (length == 1) return lead < 0x20 || lead == 0x7f;
  return length == 2 && lead == 0xc2 && static_cast<std::uint8_t>(text[at + 1]) < 0xa0;  // C1: U+0080..U+009F
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = utf8_sequence_length(text, at);
    if (length == 0 || is_control(text, at, length)) {
      for (std::size_t i = 0; i < std::max<std::size_t>(length, 1); ++i) {
        char escaped[5];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<std::uint8_t>(text[at + i]));
        out += escaped;
      }
      at += std::max<std::size_t>(length, 1);
      continue;
    }
    out.append(text.substr(at, length));
    at += length;
  }
  return out;
}

}  // namespace scrisk::report
