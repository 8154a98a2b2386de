// Adds arrays of doubles to ExactSums, exactly, at about one integer addition per value:
// a double's 53-bit significand added as an integer into the slot of its binary exponent,
// with the slots and significands computed by a vector loop, four
// interleaved slot tables (runs of values of one exponent do not form a store-to-load
// chain), and only the slots a call touched drained into the ExactSum.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/simd/isa.hpp"
#include "scrisk/core/exact_sum.hpp"

namespace scrisk::engine::detail {

class ExactArraySum {
 public:
  /// sum += values[0] + ... + values[n - 1], exactly (so in any order, the same bits).
  void add(ExactSum& sum, const double* values, std::size_t n, Isa isa);

 private:
  static constexpr int kSlots = 128;
  static constexpr int kLowestBiasedExponent = 1023 - 20;  // slots hold |values| in [2^-20, 2^108)
  static constexpr int kTables = 4;
  static constexpr std::size_t kBlock = 1024;  // significands < 2^53: the merged tables' sums stay below 2^63

  std::array<std::array<std::int64_t, kSlots + 1>, kTables> tables_{};  // all zero between calls; kSlots: spare
  std::vector<std::uint64_t> slot_;
  std::vector<std::int64_t> significand_;
};

}  // namespace scrisk::engine::detail
