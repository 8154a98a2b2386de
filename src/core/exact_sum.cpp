#include "scrisk/core/exact_sum.hpp"

#include <cmath>

namespace scrisk {

void ExactSum::add_outside_range(double value) noexcept {
  if (value == 0) return;
  if (!std::isfinite(value) || std::fabs(value) >= 0x1p190) {
    special += value;  // no finite loss comes near 2^190: treat as overflow
    return;
  }
  // Below the resolution: what remains of the mantissa lands in digit 0, truncated, the
  // same way whatever the order of additions.
  const auto units = static_cast<std::uint64_t>(std::ldexp(std::fabs(value), kFractionBits));
  if (units != 0) add_shifted(units, 0, value < 0);
}

void ExactSum::normalize() noexcept {
  for (int i = 0; i + 1 < kDigits; ++i) {
    const std::int64_t carry = digits[i] >> kDigitBits;  // arithmetic shift: floor division
    digits[i] -= carry * (std::int64_t{1} << kDigitBits);
    digits[i + 1] += carry;
  }
}

ExactSum ExactSum::normalized() const noexcept {
  ExactSum copy = *this;
  copy.normalize();
  return copy;
}

bool operator==(const ExactSum& a, const ExactSum& b) noexcept {
  const ExactSum x = a.normalized(), y = b.normalized();
  return x.digits == y.digits && std::bit_cast<std::uint64_t>(x.special) == std::bit_cast<std::uint64_t>(y.special);
}

ExactSum& ExactSum::operator+=(const ExactSum& other) noexcept {
  normalize();
  const ExactSum addend = other.normalized();
  for (int i = 0; i < kDigits; ++i) digits[i] += addend.digits[i];
  normalize();
  special += other.special;
  return *this;
}

double ExactSum::value() const noexcept {
  if (special != 0) return special;  // also true for NaN
  ExactSum magnitude = normalized();
  const bool negative = magnitude.digits[kDigits - 1] < 0;
  if (negative) {
    for (auto& digit : magnitude.digits) digit = -digit;
    magnitude.normalize();
  }
  int top = kDigits - 1;
  while (top >= 0 && magnitude.digits[top] == 0) --top;
  if (top < 0) return 0;
  // Three digits past the leading one carry more than 53 significant bits; the rest cannot
  // move the result by more than an ulp, and the same state always gives the same bits.
  double result = 0;
  for (int i = top; i >= 0 && i >= top - 3; --i)
    result += std::ldexp(static_cast<double>(magnitude.digits[i]), kDigitBits * i - kFractionBits);
  return negative ? -result : result;
}

}  // namespace scrisk
