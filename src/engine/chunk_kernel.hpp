// The hot loop: simulates a chunk of consecutive years into a thread's running tallies, as
// three parts with their own state, in the manner of QuantLib's path generator / pricer /
// statistics (docs/architecture.md, "The chunk kernel"):
//   (a) EventGenerator: per threat, its attempt counts for every year of the chunk, its
//       attempts (year, index, deterrence/success word, target), the attempts that succeed
//       without controls, their loss and downtime;
//   (b) EventPricer: per risk, each event's cost in the three control states and each
//       toggled control's cost difference; events of risks whose target is in the supply
//       network are held back until every threat has drawn, then each year's outages are
//       priced together on the network's loss curves;
//   (c) YearAccumulator: tallies per risk (its events are contiguous and in year order), per
//       control, and the totals of each year.
#pragma once

#include <atomic>
#include <cstdint>

#include "engine/chunk.hpp"
#include "engine/control_rows.hpp"
#include "engine/event_generator.hpp"
#include "engine/event_pricer.hpp"
#include "engine/plan_data.hpp"
#include "engine/year_accumulator.hpp"

namespace scrisk::engine::detail {

/// One thread's kernel. Allocated once per thread, grown (rarely) when a chunk has more
/// attempts than any before.
class ChunkKernel {
 public:
  /// `joint`: the run's joint curves of the plan's network; null without a network, or for
  /// a kernel that only draws (draw_chunk).
  ChunkKernel(const PlanData& plan, const analysis::JointCurves* joint);

  /// Simulates years [first_year, first_year + years), years <= kChunkYears: writes their
  /// total annual loss per state to annual_loss[state][0, years) and adds their tallies.
  /// Throws Cancelled between threats and between the network's years once `cancelled` is set.
  void simulate_chunk(const PlanData& plan, std::uint64_t seed, std::uint64_t first_year, std::size_t years,
                      const AnnualLoss& annual_loss, const std::atomic<bool>* cancelled = nullptr);

  /// Only the draws of stage (a), nothing done with them: for the benchmarks' draw-only
  /// kernel. Returns a sum of the draws.
  double draw_chunk(const PlanData& plan, std::uint64_t seed, std::uint64_t first_year, std::size_t years);

  /// Adds this kernel's tallies to the results (exact: any order gives the same bits).
  void add_tallies_to(Results& results) const { accumulator_.add_to(results); }

  [[nodiscard]] std::uint64_t attempts_drawn() const noexcept { return generator_.attempts_drawn; }
  [[nodiscard]] std::uint64_t events_drawn() const noexcept { return generator_.events_drawn; }

 private:
  EventGenerator generator_;
  EventPricer pricer_;
  ControlRows rows_;
  YearAccumulator accumulator_;
};

}  // namespace scrisk::engine::detail
