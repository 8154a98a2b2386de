// A sum of doubles that is exact, so merging partial sums in any order or grouping gives
// the same bits: results do not depend on thread count or on how trials were split.
#pragma once

#include <array>
#include <cstdint>

namespace scrisk {

/// Fixed-point accumulator covering [2^-128, 2^191) in magnitude: every finite double in
/// that range is added without rounding (smaller magnitudes are truncated, identically
/// whatever the order). Non-finite inputs make the sum NaN or infinite, as a double would.
class ExactSum {
 public:
  void add(double value) noexcept;
  ExactSum& operator+=(const ExactSum& other) noexcept;

  /// The sum rounded to double; the same bits for the same set of addends.
  [[nodiscard]] double value() const noexcept;

  friend bool operator==(const ExactSum&, const ExactSum&) = default;

  static constexpr int kLimbs = 5;
  static constexpr int kFractionBits = 128;

  /// Raw state, for serialization.
  std::array<std::uint64_t, kLimbs> limbs{};  ///< two's complement, least significant first
  double special = 0;                         ///< sum of non-finite addends (inf, nan) or 0
};

}  // namespace scrisk
