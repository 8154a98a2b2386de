// Internal helpers to quote values in messages.
#pragma once

#include <sstream>
#include <string>

namespace scrisk::detail {

/// Shortest readable form of a number for error messages ("2e+07", "0.5", "nan").
inline std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

inline std::string indexed(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

}  // namespace scrisk::detail
