// Fixed logarithmic bins for loss histograms. Fixed edges make histograms of separate runs
// merge exactly (counts add), which keeps per-risk statistics independent of how trials
// were split across threads or processes.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace scrisk {

struct LogBins {
  static constexpr int kBinsPerOctave = 16;  ///< linear within an octave: width <= 6.25 % of the value
  static constexpr int kMinExponent = -7;    ///< first regular bin starts at 2^-7
  static constexpr int kMaxExponent = 57;    ///< last regular bin ends at 2^57 (1.4e17)
  /// Bin 0 holds (0, 2^-7); the last bin holds [2^57, inf); zeros are not binned.
  static constexpr int kCount = (kMaxExponent - kMinExponent) * kBinsPerOctave + 2;

  /// Bin of a positive finite value, from its exponent and leading mantissa bits (no log).
  static int of(double value) noexcept {
    const auto bits = std::bit_cast<std::uint64_t>(value);
    const int exponent = int((bits >> 52) & 0x7ff) - 1023;
    constexpr int kMantissaBits = std::countr_zero(unsigned(kBinsPerOctave));
    const int sub = int((bits >> (52 - kMantissaBits)) & (kBinsPerOctave - 1));
    // Below 2^kMinExponent this is <= 0, from 2^kMaxExponent on >= kCount - 1: a clamp (no
    // branch, which would mispredict where zeros and tiny values mix with the others).
    return std::clamp(1 + (exponent - kMinExponent) * kBinsPerOctave + sub, 0, kCount - 1);
  }

  /// Slots of annual losses: slot 0 holds the zero years, slot b + 1 bin b. Branch-free (a
  /// mask, not a conditional: zero and positive years mix unpredictably).
  static constexpr int kYearSlots = kCount + 1;
  static std::size_t year_slot(double loss) noexcept { return (std::size_t(of(loss)) + 1) & (0 - std::size_t(loss > 0)); }

  /// Lower edge of bin `bin` (0 for bin 0).
  static double lower(int bin) noexcept {
    if (bin <= 0) return 0;
    const int offset = bin - 1;
    const int exponent = kMinExponent + offset / kBinsPerOctave;
    return std::ldexp(1.0 + double(offset % kBinsPerOctave) / kBinsPerOctave, exponent);
  }

  /// Upper edge of bin `bin` (infinite for the last bin).
  static double upper(int bin) noexcept { return bin >= kCount - 1 ? INFINITY : lower(bin + 1); }
};

}  // namespace scrisk
