#include "scrisk/core/exact_sum.hpp"

#include <bit>
#include <cmath>

namespace scrisk {
namespace {

using Limbs = std::array<std::uint64_t, ExactSum::kLimbs>;
__extension__ using Wide = unsigned __int128;  // GCC and Clang: a 64x64 -> 128-bit shift

void add_at(Limbs& limbs, int index, std::uint64_t value) noexcept {
  for (; index < ExactSum::kLimbs && value != 0; ++index) {
    const std::uint64_t before = limbs[index];
    limbs[index] = before + value;
    value = limbs[index] < before ? 1 : 0;
  }
}

void subtract_at(Limbs& limbs, int index, std::uint64_t value) noexcept {
  for (; index < ExactSum::kLimbs && value != 0; ++index) {
    const std::uint64_t before = limbs[index];
    limbs[index] = before - value;
    value = limbs[index] > before ? 1 : 0;
  }
}

}  // namespace

void ExactSum::add(double value) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  const int biased_exponent = int((bits >> 52) & 0x7ff);
  if (biased_exponent == 0x7ff) {
    special += value;
    return;
  }
  if (biased_exponent == 0) return;  // zero or subnormal: far below the resolution
  std::uint64_t mantissa = (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
  // value = mantissa * 2^(biased_exponent - 1075); bit 0 of limbs[0] weighs 2^-kFractionBits.
  int shift = biased_exponent - 1075 + kFractionBits;
  if (shift < 0) {
    if (shift <= -53) return;
    mantissa >>= -shift;
    shift = 0;
  }
  if (shift + 53 >= 64 * kLimbs - 1) {  // beyond 2^191: no finite loss gets here
    special += value;
    return;
  }
  const Wide wide = static_cast<Wide>(mantissa) << (shift % 64);
  const auto low = static_cast<std::uint64_t>(wide);
  const auto high = static_cast<std::uint64_t>(wide >> 64);
  const int index = shift / 64;
  if (bits >> 63) {
    subtract_at(limbs, index, low);
    subtract_at(limbs, index + 1, high);
  } else {
    add_at(limbs, index, low);
    add_at(limbs, index + 1, high);
  }
}

ExactSum& ExactSum::operator+=(const ExactSum& other) noexcept {
  for (int i = 0; i < kLimbs; ++i) add_at(limbs, i, other.limbs[i]);
  special += other.special;
  return *this;
}

double ExactSum::value() const noexcept {
  if (special != 0) return special;  // also true for NaN
  Limbs magnitude = limbs;
  const bool negative = magnitude[kLimbs - 1] >> 63;
  if (negative) {  // two's complement negation
    for (auto& limb : magnitude) limb = ~limb;
    add_at(magnitude, 0, 1);
  }
  int top = kLimbs - 1;
  while (top >= 0 && magnitude[top] == 0) --top;
  if (top < 0) return 0;
  // Three limbs hold far more than 53 significant bits; the rest cannot change the rounding
  // by more than an ulp, and the result is the same for the same state.
  double result = 0;
  for (int i = top; i >= 0 && i >= top - 2; --i)
    result += std::ldexp(static_cast<double>(magnitude[i]), 64 * i - kFractionBits);
  return negative ? -result : result;
}

}  // namespace scrisk
