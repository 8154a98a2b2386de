// The hot loop: simulates a chunk of consecutive years as structure-of-arrays passes, each
// stage one loop over a flat array (vectorised where it pays, see simd/), into a thread's
// running tallies.
//
// Stages of a chunk (docs/architecture.md):
//   (a) events: per threat, its attempt counts for every year of the chunk, its attempts
//       (year, index, deterrence/success word, target), the attempts that succeed without
//       controls, their loss and downtime, and, per risk, each event's cost in the three
//       control states and each toggled control's cost difference;
//   (b) network: the events of risks whose target is in the supply network are held back
//       (NetworkStage) until every threat has drawn, then each year's outages are priced
//       together on the network's loss curves and their shares added to the events' costs;
//   (c) tallies: per risk (its events are contiguous and in year order), per control, and
//       the totals of each year.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/exact_array_sum.hpp"
#include "engine/network_stage.hpp"
#include "engine/plan_data.hpp"
#include "engine/simd/isa.hpp"
#include "engine/simd/philox4x32.hpp"
#include "engine/threat_events.hpp"

namespace scrisk::engine::detail {

/// Years in a chunk: the unit of work of a thread, and the length of the per-year arrays.
inline constexpr std::uint64_t kChunkYears = 1024;

/// The Philox4x32 counter's last word: what a block is drawn for (the index word holds the
/// attempt within its year).
enum class BlockPurpose : std::uint32_t { kAttemptCount = 0, kAttempt = 1u << 24, kConsequences = 2u << 24 };

/// One thread's scratch space and running tallies. Allocated once per thread, grown (rarely)
/// when a chunk has more attempts than any before.
class ChunkKernel {
 public:
  /// `joint`: the run's joint curves of the plan's network; null without a network, or for
  /// a kernel that only draws (draw_chunk).
  ChunkKernel(const PlanData& plan, const analysis::JointCurves* joint);

  /// Simulates years [first_year, first_year + years), years <= kChunkYears: writes their
  /// total annual loss per state to annual_loss[state][0, years) and adds their tallies.
  void simulate_chunk(const PlanData& plan, std::uint64_t seed, std::uint64_t first_year, std::size_t years,
                      const std::array<double*, kStateCount>& annual_loss);

  /// Only the draws of stage (a) (counts, attempts, targets, losses, downtimes), nothing done
  /// with them: for the benchmarks' draw-only kernel. Returns a sum of the draws.
  double draw_chunk(const PlanData& plan, std::uint64_t seed, std::uint64_t first_year, std::size_t years);

  /// Adds this kernel's tallies to the results (exact: any order gives the same bits).
  void add_tallies_to(Results& results) const;

  std::uint64_t attempts_drawn = 0, events_drawn = 0;  ///< for the benchmarks' budget of random blocks

 private:
  struct Chunk {
    std::uint64_t seed, first_year;
    std::size_t years;
    Isa isa;
  };
  /// The end of the batch of years from year_begin: as many as fit kMaxAttemptsPerBatch
  /// attempts of the current threat, at least one.
  [[nodiscard]] std::size_t batch_end(std::size_t year_begin, std::size_t years) const noexcept;
  /// Stage (a) for every threat, a batch of years at a time; `per_batch(threat)` then reads
  /// the batch's events in events_.
  template <class PerBatch>
  void for_each_batch(const PlanData& plan, const Chunk& chunk, PerBatch per_batch);
  // Stage (a).
  void draw_attempt_counts(const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key);
  [[nodiscard]] std::size_t draw_events(const PlanData& plan, const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key,
                                        std::size_t year_begin, std::size_t year_end);
  /// draw_events' second half for a common-cause threat: each attempt against every target.
  [[nodiscard]] std::size_t draw_common_cause_events(const PlanData& plan, const ThreatPlan& threat, const Chunk& chunk,
                                                     PhiloxKey key, std::size_t attempts);
  void draw_consequences(const ThreatPlan& threat, const Chunk& chunk, PhiloxKey key, std::size_t events);
  // Stage (b).
  void price_network_outages(const PlanData& plan, const Chunk& chunk, const std::array<double*, kStateCount>& annual_loss);
  void price_events(const PlanData& plan, const ThreatPlan& threat, Isa isa);
  // Stage (c).
  void year_sums_dense(std::size_t begin, std::size_t end);
  void year_sums_by_runs(std::size_t begin, std::size_t end);
  template <bool kDense>
  void tally_year_sums(std::uint32_t risk, std::size_t count, Isa isa, const std::array<double*, kStateCount>& annual_loss);
  void tally_risk(std::uint32_t risk, std::size_t begin, std::size_t end, std::size_t years, Isa isa,
                  const std::array<double*, kStateCount>& annual_loss);
  void tally_chunk(std::size_t years, Isa isa);
  /// Pass 1 of the totals' statistics over the chunk's annual losses (see AnnualLossTally).
  void tally_annual_losses(std::size_t years, Isa isa, const std::array<double*, kStateCount>& annual_loss);

  std::vector<Sampler> samplers_;  // Boost's samplers keep no state between draws but are not const-callable
  /// The plan has one risk and every year's loss is that risk's: the risk's sums and
  /// histogram are the totals' (AnnualLossTally), taken from them in add_tallies_to.
  bool sole_risk_ = false;
  // Per year of the chunk.
  std::vector<std::uint64_t> count_words_;
  std::vector<std::uint32_t> attempt_counts_, first_attempt_;
  std::vector<std::uint64_t> year_hits_;  ///< events of each state, in the fields of kernel_loops.hpp's hits
  // Per attempt of a batch of years.
  std::vector<std::uint32_t> attempt_year_, attempt_index_, attempt_risk_;
  std::vector<std::uint64_t> attempt_word_, target_word_;
  // Per event.
  std::optional<NetworkStage> network_;  // with a supply network only
  ThreatEvents network_events_;           // the network stage's priced events, for stage (c)
  std::vector<RiskRange> network_ranges_;
  ThreatEvents events_, sorted_;  // sorted_: the counting sort's target when a threat has several risks
  std::vector<std::uint64_t> loss_words_, downtime_words_;
  std::vector<double> normal_scores_, tail_p_, delta_;
  std::vector<std::uint32_t> tail_at_, risk_cursor_;
  // A risk's loss and events (in the fields of kernel_loops.hpp's hits) per year of the chunk
  // (part_*, all zero between uses), or per year with an event (group_*).
  std::array<std::vector<double>, kStateCount> part_loss_;
  std::vector<std::uint64_t> part_hits_;
  std::vector<std::uint32_t> group_year_;
  std::array<std::vector<double>, kStateCount> group_loss_;
  std::vector<std::uint64_t> group_hits_;
  std::size_t groups_ = 0;
  std::vector<double> nonzero_, squares_;
  ExactArraySum exact_sum_;
  // Per (control, year) of the chunk; only the rows of touched controls are non-zero.
  std::vector<double> control_delta_;
  std::vector<std::uint32_t> touched_controls_;
  std::vector<char> control_touched_;
  // Running tallies.
  std::array<EventCounts, kStateCount> total_events_;
  std::array<AnnualLossTally, kStateCount> annual_loss_tallies_;
  std::vector<StateTally> risk_tallies_;
  std::vector<std::uint64_t> risk_histograms_;
  std::vector<ControlTally> control_tallies_;
};

}  // namespace scrisk::engine::detail
