// Picks one of several targets by weight with one random 64-bit word: Walker's alias method
// (Vose's construction), the column from the high 32 bits, the coin from the low 32.
#pragma once

#include <cstdint>
#include <vector>

namespace scrisk::engine::detail {

class AliasTable {
 public:
  /// Weights >= 0 with a positive sum.
  explicit AliasTable(const std::vector<double>& weights);

  /// The pick of `word`. A column from the high 32 bits by multiply-shift is off from 1/K by
  /// at most K 2^-32 (relative): far below any Monte Carlo error.
  [[nodiscard]] std::uint32_t operator()(std::uint64_t word) const noexcept {
    const auto column = std::uint32_t(((word >> 32) * size_) >> 32);
    return (word & 0xffffffffu) < keep_below_[column] ? column : alias_[column];
  }
  [[nodiscard]] std::uint32_t size() const noexcept { return std::uint32_t(size_); }

 private:
  std::uint64_t size_;
  std::vector<std::uint64_t> keep_below_;  ///< 2^32 x the probability of keeping the column
  std::vector<std::uint32_t> alias_;
};

}  // namespace scrisk::engine::detail
