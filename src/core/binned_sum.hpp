// The fast path of exact summation for the hot loop: a double's 53-bit significand is added,
// as an integer, into the slot of its binary exponent (one integer addition, no shifts or
// carries), and the slots drain into an ExactSum before they could overflow. The sum is as
// exact as ExactSum's, so results still do not depend on the order of additions.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "scrisk/core/exact_sum.hpp"

namespace scrisk::detail {

class BinnedSum {
 public:
  /// Adds `value` exactly. Zero costs the same as any other value (no branch on it: zero and
  /// non-zero years mix unpredictably).
  void add(double value) noexcept {
    const auto bits = std::bit_cast<std::uint64_t>(value);
    // All ones unless the value is +-0, which then lands in slot 0 as a zero significand.
    // Masks rather than conditionals: GCC turns those into branches here.
    const std::uint64_t non_zero = 0 - std::uint64_t((bits << 1) != 0);
    const auto slot = unsigned(int((bits >> 52) & 0x7ff) - kLowestBiasedExponent) & unsigned(non_zero);
    if (slot < kSlots) [[likely]] {
      const std::uint64_t significand = ((bits & kFractionMask) | (kFractionMask + 1)) & non_zero;
      const std::uint64_t negative = 0 - (bits >> 63);
      slots_[slot] += static_cast<std::int64_t>((significand ^ negative) - negative);  // two's complement negation
    } else {
      overflow_.add(value);  // subnormal, tiny, huge or non-finite: rare, and exact anyway
    }
    if (++pending_ == kMaxPending) [[unlikely]] drain();
  }

  /// The exact sum of everything added so far.
  [[nodiscard]] ExactSum total() const noexcept {
    BinnedSum copy = *this;
    copy.drain();
    return copy.overflow_;
  }

 private:
  static constexpr int kSlots = 128;
  static constexpr int kLowestBiasedExponent = 1023 - 20;  // slots hold |values| in [2^-20, 2^108)
  static constexpr std::uint64_t kFractionMask = (std::uint64_t{1} << 52) - 1;
  static constexpr std::uint32_t kMaxPending = 512;  // 512 significands < 2^53 sum below 2^62

  void drain() noexcept {
    for (int slot = 0; slot < kSlots; ++slot) {
      if (slots_[std::size_t(slot)] == 0) continue;
      // A significand in slot s weighs 2^(kLowestBiasedExponent + s - 1075).
      overflow_.add_scaled(slots_[std::size_t(slot)], kLowestBiasedExponent + slot - 1075);
      slots_[std::size_t(slot)] = 0;
    }
    overflow_.normalize();
    pending_ = 0;
  }

  std::array<std::int64_t, kSlots> slots_{};
  std::uint32_t pending_ = 0;
  ExactSum overflow_;  // drained slots and the values outside them
};

}  // namespace scrisk::detail
