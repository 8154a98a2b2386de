// The number of attempts a threat makes in a year, drawn from its exact marginal law.
//
// FAIR draws the rate R once per year and then N ~ Poisson(R). Nothing downstream reads R,
// so N can be drawn directly from its mixed-Poisson law P(N = k) = E[e^-R R^k / k!],
// tabulated once at compile time: one 64-bit word and a table lookup a year instead of a
// beta (two gammas) and a Poisson inversion. The law of every result is unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/random_stream.hpp"
#include "scrisk/core/distribution.hpp"

namespace scrisk::engine::detail {

/// P(N = k) for k = 0, 1, ... when N ~ Poisson(R) and R follows `rate` (clamped to
/// [0, kMaxRatePerYear]), truncated where the remaining tail is below 2^-64; nullopt when
/// the quadrature cannot be trusted to 1e-12 (its checks: the probabilities sum to 1 and
/// their mean is E[R]) or the table would exceed `max_size` entries.
[[nodiscard]] std::optional<std::vector<double>> mixed_poisson_pmf(const Distribution& rate, std::size_t max_size);

/// Draws from a tabulated law on 0, 1, ..., K by inversion of one 63-bit uniform integer,
/// starting from a guide table (Chen and Asau 1974) so that a draw takes about one comparison.
class CountTable {
 public:
  explicit CountTable(const std::vector<double>& pmf);

  [[gnu::always_inline]] std::uint32_t operator()(RandomStream& stream) const noexcept { return of_word(stream()); }

  /// The count drawn by a random 64-bit word (its high 63 bits are used).
  [[gnu::always_inline]] std::uint32_t of_word(std::uint64_t random_word) const noexcept {
    const std::uint64_t word = random_word >> 1;
    std::uint32_t count = guide_[word >> guide_shift_];
    while (word >= thresholds_[count]) [[unlikely]]++ count;
    return count;
  }

 private:
  std::vector<std::uint64_t> thresholds_;  // 2^63 P(N <= k), the last one exactly 2^63
  std::vector<std::uint32_t> guide_;       // guide_[j]: the smallest k with thresholds_[k] > j 2^guide_shift_
  int guide_shift_ = 63;
};

}  // namespace scrisk::engine::detail
