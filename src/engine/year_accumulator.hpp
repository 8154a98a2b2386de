// Stage (c) of a chunk: a thread's running tallies. Per risk its years' losses and events
// (its events are contiguous and in year order), which also go into the years' totals; per
// control its row of per-year deltas; per chunk pass 1 of the totals' statistics.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/chunk.hpp"
#include "engine/control_rows.hpp"
#include "engine/exact_array_sum.hpp"
#include "engine/plan_data.hpp"
#include "engine/risk_histograms.hpp"
#include "engine/threat_events.hpp"

namespace scrisk::engine::detail {

class YearAccumulator {
 public:
  explicit YearAccumulator(const PlanData& plan);

  /// Events [begin, end) of `events`, all of the global risk `risk`, in year order: the
  /// risk's tallies, and its losses added to the years' totals in `annual_loss`.
  void tally_risk(std::uint32_t risk, const ThreatEvents& events, std::size_t begin, std::size_t end, std::size_t years, Isa isa,
                  const AnnualLoss& annual_loss);
  /// The end of a chunk: the totals' event counts, the touched control rows (then cleared),
  /// and pass 1 of the totals' statistics over the chunk's annual losses (AnnualLossTally).
  void end_chunk(std::size_t years, Isa isa, ControlRows& rows, const AnnualLoss& annual_loss);

  /// Adds the tallies to the results (exact: any order gives the same bits).
  void add_to(Results& results) const;

 private:
  void year_sums_dense(const ThreatEvents& events, std::size_t begin, std::size_t end);
  void year_sums_by_runs(const ThreatEvents& events, std::size_t begin, std::size_t end);
  template <bool kDense>
  void tally_year_sums(std::uint32_t risk, std::size_t count, Isa isa, const AnnualLoss& annual_loss);
  void tally_controls(std::size_t years, Isa isa, ControlRows& rows);
  void tally_annual_losses(std::size_t years, Isa isa, const AnnualLoss& annual_loss);

  /// The plan has one risk and every year's loss is that risk's: the risk's sums and
  /// histogram are the totals' (AnnualLossTally), taken from them in add_to.
  bool sole_risk_ = false;
  std::vector<std::uint64_t> year_hits_;  ///< events of each state per year, in the fields of kernel_loops.hpp's hits
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
  // Running tallies.
  std::array<EventCounts, kStateCount> total_events_;
  std::array<AnnualLossTally, kStateCount> annual_loss_tallies_;
  std::vector<StateTally> risk_tallies_;
  RiskHistograms risk_histograms_;
  std::vector<ControlTally> control_tallies_;
};

}  // namespace scrisk::engine::detail
