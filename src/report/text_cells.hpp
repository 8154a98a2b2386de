// Cells of the text reports: amounts with thousands separators, percentages, padding.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace scrisk::report::detail {

/// 1234567.8 -> "1,234,568"; small values keep two decimals; beyond a quadrillion, which
/// would not fit a column, 1.23e+18.
inline std::string amount(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "n/a" : (value > 0 ? "inf" : "-inf");
  if (std::fabs(value) >= 1e15) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2e", value);
    return buffer;
  }
  if (std::fabs(value) < 100 && value != 0) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
  }
  char digits[32];
  std::snprintf(digits, sizeof digits, "%.0f", std::fabs(value));
  std::string text = digits;
  for (int i = int(text.size()) - 3; i > 0; i -= 3) text.insert(std::size_t(i), ",");
  return (value < 0 ? "-" : "") + text;
}

inline std::string fixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

/// A share or probability as a percentage; "n/a" when it is not a number (a share of an
/// infinite total).
inline std::string percent(double fraction, int decimals) {
  if (std::isnan(fraction)) return "n/a";
  if (std::isinf(fraction)) return fraction > 0 ? "inf%" : "-inf%";
  return fixed(100 * fraction, decimals) + "%";
}

inline std::string pad(const std::string& text, std::size_t width, bool left = false) {
  if (text.size() >= width) return text;
  return left ? text + std::string(width - text.size(), ' ') : std::string(width - text.size(), ' ') + text;
}

}  // namespace scrisk::report::detail
