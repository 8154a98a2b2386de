// The hot loop: simulate a range of years into a thread's workspace.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/plan_data.hpp"

namespace scrisk::engine::detail {

/// One thread's scratch space and running tallies. Allocated once per thread, never per year.
class Workspace {
 public:
  explicit Workspace(const PlanData& plan);

  /// Simulates years [first, last); writes their total annual loss per state to
  /// annual_loss[state][year - offset] and adds their tallies to this workspace.
  void simulate(const PlanData& plan, std::uint64_t seed, std::uint64_t first, std::uint64_t last,
                std::uint64_t offset, std::array<std::vector<double>, kStateCount>& annual_loss);

  /// Adds this workspace's tallies to the results (exact: any order gives the same bits).
  void add_tallies_to(Results& results) const;

 private:
  void simulate_year(const PlanData& plan, std::uint64_t seed, std::uint64_t year, std::array<double, kStateCount>& year_loss);
  void tally_year(const PlanData& plan);
  void normalize_tallies();

  std::vector<Sampler> samplers_;  // Boost's samplers keep no state between draws but are not const-callable
  // Per-year scratch, indexed [risk * kStateCount + state] and [control]; only touched entries are reset.
  std::vector<double> risk_loss_;
  std::vector<std::uint32_t> risk_events_;
  std::vector<std::uint32_t> touched_risks_;
  std::vector<char> risk_touched_;
  std::vector<double> control_delta_;
  std::vector<std::uint32_t> touched_controls_;
  std::vector<char> control_touched_;
  std::array<std::uint32_t, kStateCount> year_events_{};
  // Running tallies.
  std::array<EventCounts, kStateCount> total_events_;
  std::uint64_t years_since_normalize_ = 0;
  std::vector<StateTally> risk_tallies_;
  std::vector<std::uint64_t> risk_histograms_;
  std::vector<ControlTally> control_tallies_;
};

}  // namespace scrisk::engine::detail
