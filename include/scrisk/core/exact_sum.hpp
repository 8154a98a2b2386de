// A sum of doubles that is exact, so merging partial sums in any order or grouping gives
// the same bits: results do not depend on thread count or on how trials were split.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace scrisk {

/// Fixed-point accumulator covering [2^-128, 2^190) in magnitude: every finite double in
/// that range is added without rounding (smaller magnitudes are truncated, identically
/// whatever the order). Non-finite inputs make the sum NaN or infinite, as a double would.
///
/// Carry-save: each 32-bit digit of the fixed-point number lives in a signed 64-bit slot,
/// so an addition touches three slots with no carry chain and no data-dependent branch.
/// Carries are propagated by normalize(), which must run at least every kMaxAdditions
/// additions (the slots would overflow after 2^31), and by every read and merge.
class ExactSum {
 public:
  static constexpr int kDigits = 12;
  static constexpr int kDigitBits = 32;
  static constexpr int kFractionBits = 128;  ///< digit 0 bit 0 weighs 2^-128

  static constexpr std::uint64_t kMaxAdditions = std::uint64_t{1} << 30;

  /// Adds a value. At most kMaxAdditions calls between normalize() calls.
  void add(double value) noexcept {
    const auto bits = std::bit_cast<std::uint64_t>(value);
    const int biased_exponent = int((bits >> 52) & 0x7ff);
    // value = mantissa * 2^(biased_exponent - 1075), so its lowest bit sits at `shift`.
    const int shift = biased_exponent - 1075 + kFractionBits;
    if (shift < 0 || shift > kMaxShift) return add_outside_range(value);
    const std::uint64_t mantissa = (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
    add_shifted(mantissa, shift, (bits >> 63) != 0);
  }

  /// Adds value * 2^binary_exponent exactly, for 2^-128 <= 2^binary_exponent and
  /// |value| * 2^binary_exponent < 2^190 (what a sum of many doubles' significands needs).
  void add_scaled(std::int64_t value, int binary_exponent) noexcept {
    const bool negative = value < 0;
    const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    add_shifted(magnitude, binary_exponent + kFractionBits, negative);
  }

  ExactSum& operator+=(const ExactSum& other) noexcept;

  /// The sum rounded to double; the same bits for the same set of addends.
  [[nodiscard]] double value() const noexcept;

  /// Propagates carries: digits 0..kDigits-2 into [0, 2^32), the top digit signed.
  void normalize() noexcept;
  [[nodiscard]] ExactSum normalized() const noexcept;

  friend bool operator==(const ExactSum& a, const ExactSum& b) noexcept;

  /// Raw state, for serialization (write normalized() to get a canonical form).
  std::array<std::int64_t, kDigits> digits{};
  double special = 0;  ///< sum of non-finite addends (inf, nan) or 0

 private:
  // Highest bit of a finite addend below 2^190 sits at shift + 52 < 128 + 190.
  static constexpr int kMaxShift = kFractionBits + 190 - 53;

  void add_shifted(std::uint64_t mantissa, int shift, bool negative) noexcept {
    __extension__ using Wide = unsigned __int128;
    const Wide wide = static_cast<Wide>(mantissa) << (shift % kDigitBits);
    const int digit = shift / kDigitBits;
    const auto d0 = static_cast<std::int64_t>(static_cast<std::uint32_t>(wide));
    const auto d1 = static_cast<std::int64_t>(static_cast<std::uint32_t>(wide >> 32));
    const auto d2 = static_cast<std::int64_t>(wide >> 64);
    if (negative) {
      digits[digit] -= d0;
      digits[digit + 1] -= d1;
      digits[digit + 2] -= d2;
    } else {
      digits[digit] += d0;
      digits[digit + 1] += d1;
      digits[digit + 2] += d2;
    }
  }
  /// Zero, subnormal, tiny, huge or non-finite values: the rare cases, out of line.
  void add_outside_range(double value) noexcept;
};

}  // namespace scrisk
