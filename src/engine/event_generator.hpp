// Stage (a) of a chunk: what a threat's attempts draw (their counts per year, each attempt's
// deterrence/success word and target, the consequences of the attempts that succeed without
// controls), as structure-of-arrays passes over flat arrays.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/chunk.hpp"
#include "engine/plan_data.hpp"
#include "engine/simd/philox4x32.hpp"
#include "engine/threat_events.hpp"

namespace scrisk::engine::detail {

/// One thread's draws. Allocated once per thread, grown (rarely) when a chunk has more
/// attempts than any before.
class EventGenerator {
 public:
  explicit EventGenerator(const PlanData& plan);

  /// Draws every threat's events over the chunk, a batch of years at a time (as many as
  /// fit kMaxAttemptsPerBatch attempts of the threat, at least one): calls
  /// `per_batch(threat, events)` for each batch with events.
  template <class PerBatch>
  void for_each_batch(const PlanData& plan, const Chunk& chunk, PerBatch per_batch);

  std::uint64_t attempts_drawn = 0, events_drawn = 0;  ///< for the benchmarks' budget of random blocks

 private:
  [[nodiscard]] std::size_t batch_end(std::size_t year_begin, std::size_t years) const noexcept;
  void draw_attempt_counts(const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key);
  /// The attempts of years [year_begin, year_end) as (year, index within the year).
  std::size_t list_attempts(std::size_t year_begin, std::size_t year_end);
  [[nodiscard]] std::size_t draw_events(const PlanData& plan, const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key,
                                        std::size_t year_begin, std::size_t year_end);
  /// Groups events_ by risk, keeping year order within a risk (a stable counting sort).
  void group_by_risk(std::uint32_t risk_count, std::size_t events);
  /// draw_events' second half for a common-cause threat: each attempt against every target.
  [[nodiscard]] std::size_t draw_common_cause_events(const PlanData& plan, const ThreatPlan& threat, const Chunk& chunk,
                                                     PhiloxKey key, std::size_t attempts);
  void draw_consequences(const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key, std::size_t events);
  void draw_law(const ConsequenceLaw& law, const ThreatPlan& threat, const Chunk& chunk, const std::vector<std::uint64_t>& words,
                ScalarDraw purpose, std::vector<double>& values, std::size_t events);

  std::vector<Sampler> samplers_;  // Boost's samplers keep no state between draws but are not const-callable
  // Per year of the chunk.
  std::vector<std::uint64_t> count_words_;
  std::vector<std::uint32_t> attempt_counts_, first_attempt_;
  // Per attempt of a batch of years.
  std::vector<std::uint32_t> attempt_year_, attempt_index_, attempt_risk_;
  std::vector<std::uint64_t> attempt_word_, target_word_;
  // Per event.
  ThreatEvents events_, sorted_;  // sorted_: the counting sort's target when a threat has several risks
  std::vector<std::uint64_t> loss_words_, downtime_words_;
  std::vector<double> normal_scores_, tail_p_;
  std::vector<std::uint32_t> tail_at_, risk_cursor_;
};

template <class PerBatch>
void EventGenerator::for_each_batch(const PlanData& plan, const Chunk& chunk, PerBatch per_batch) {
  for (const ThreatPlan& threat : plan.threats) {
    const PhiloxKey key = philox_key(chunk.seed, threat.stream_id);
    draw_attempt_counts(threat, chunk, key);
    for (std::size_t year_begin = 0; year_begin < chunk.years;) {
      const std::size_t year_end = batch_end(year_begin, chunk.years);
      const std::size_t events = draw_events(plan, threat, chunk, key, year_begin, year_end);
      year_begin = year_end;
      if (events == 0) continue;
      draw_consequences(threat, chunk, key, events);
      per_batch(threat, events_);
    }
  }
}

}  // namespace scrisk::engine::detail
