#include "engine/exact_array_sum.hpp"

#include <algorithm>

#include "engine/simd/kernel_loops.hpp"

namespace scrisk::engine::detail {

void ExactArraySum::add(ExactSum& sum, const double* values, std::size_t n, Isa isa) {
  constexpr std::size_t kDirectBelow = 64;  // fewer: ExactSum's own addition costs less than draining 4 x 128 slots
  if (n < kDirectBelow) {
    for (std::size_t i = 0; i < n; ++i) sum.add(values[i]);
    sum.normalize();  // so that the next caller may add up to ExactSum::kMaxAdditions values
    return;
  }
  if (slot_.size() < std::min(n, kBlock)) {
    slot_.resize(std::min(n, kBlock));
    significand_.resize(std::min(n, kBlock));
  }
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t count = std::min(kBlock, n - start);
    const double* block = values + start;
    exact_sum_slots(block, slot_.data(), significand_.data(), count, kLowestBiasedExponent, isa);
    // Branch-free: a value outside the slots lands in the spare slot kSlots, which is discarded.
    std::uint64_t outside = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint64_t slot = std::min<std::uint64_t>(slot_[i], kSlots);
      tables_[i % kTables][slot] += significand_[i];
      outside += slot == kSlots;
    }
    if (outside != 0) [[unlikely]]
      for (std::size_t i = 0; i < count; ++i)
        if (slot_[i] >= kSlots) sum.add(block[i]);  // subnormal, tiny, huge or non-finite: rare, and exact anyway
    // The tables merged first (a vector loop: kBlock significands < 2^53 stay below 2^63),
    // then one scan of the slots: cheaper than tracking the range touched, value by value.
    auto& merged = tables_[0];
    for (int table = 1; table < kTables; ++table)
      for (std::size_t slot = 0; slot < kSlots; ++slot) merged[slot] += tables_[std::size_t(table)][slot];
    for (int slot = 0; slot < kSlots; ++slot)  // a significand in slot s weighs 2^(kLowestBiasedExponent + s - 1075)
      if (merged[std::size_t(slot)] != 0) sum.add_scaled(merged[std::size_t(slot)], kLowestBiasedExponent + slot - 1075);
    for (auto& table : tables_) table.fill(0);
    sum.normalize();
  }
}

}  // namespace scrisk::engine::detail
