// A chunk of consecutive years: the unit of work a thread simulates, as the kernel's parts
// (EventGenerator, EventPricer, YearAccumulator) pass it on.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "engine/simd/isa.hpp"
#include "scrisk/engine/results.hpp"

namespace scrisk::engine::detail {

/// Years in a chunk: the unit of work of a thread, and the length of the per-year arrays.
inline constexpr std::uint64_t kChunkYears = 1024;

/// The Philox4x32 counter's last word: what a block is drawn for (the index word holds the
/// attempt within its year).
enum class BlockPurpose : std::uint32_t { kAttemptCount = 0, kAttempt = 1u << 24, kConsequences = 2u << 24 };

struct Chunk {
  std::uint64_t seed, first_year;
  std::size_t years;  ///< <= kChunkYears
  Isa isa;
};

/// The chunk's total annual loss per state: annual_loss[state][0, years).
using AnnualLoss = std::array<double*, kStateCount>;

template <class T>
void grow(std::vector<T>& buffer, std::size_t size) {
  if (buffer.size() < size) buffer.resize(size);
}

}  // namespace scrisk::engine::detail
