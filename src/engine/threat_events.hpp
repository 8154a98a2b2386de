// The events of a threat over some years of a chunk, as the kernel's stages pass them on.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "scrisk/engine/results.hpp"

namespace scrisk::engine::detail {

/// The successful events (they succeed without controls) of one threat over some years of a
/// chunk, grouped by risk and in year order within a risk: event i belongs to risk
/// risk_begin[r] <= i < risk_begin[r + 1] (r local to the threat).
struct ThreatEvents {
  std::vector<std::uint32_t> year;          ///< offset in the chunk
  std::vector<std::uint32_t> index;         ///< attempt within its year
  std::vector<std::uint32_t> risk;          ///< local to the threat
  std::vector<std::uint64_t> attempt_word;  ///< deterrence (high 32 bits) and success (low 32) of the attempt
  std::vector<double> loss, downtime_days;
  std::array<std::vector<double>, kStateCount> cost;  ///< 0 where the event fails in the state
  std::vector<std::uint64_t> hits;                    ///< field s (kHitFieldBits wide): 1 when it is an event in state s
  std::vector<std::uint32_t> risk_begin;

  void reserve(std::size_t events) {
    if (events <= capacity()) return;
    for (auto* buffer : {&year, &index, &risk}) buffer->resize(events);
    attempt_word.resize(events);
    hits.resize(events);
    for (auto* buffer : {&loss, &downtime_days}) buffer->resize(events);
    for (auto& buffer : cost) buffer.resize(events);
  }
  [[nodiscard]] std::size_t capacity() const noexcept { return year.size(); }
};

}  // namespace scrisk::engine::detail
