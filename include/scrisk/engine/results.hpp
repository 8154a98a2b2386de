// What a Monte Carlo run accumulates: exact, mergeable tallies per risk, per control and in
// total, plus the annual loss of every simulated year per control state.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scrisk/core/exact_sum.hpp"
#include "scrisk/core/log_bins.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::engine {

/// The three control states of ISO 28000 4.3.1, computed from the same simulated attempts.
enum class State { kInherent = 0, kCurrent = 1, kResidual = 2 };
inline constexpr int kStateCount = 3;
inline constexpr std::array<State, kStateCount> kStates{State::kInherent, State::kCurrent, State::kResidual};
[[nodiscard]] const char* to_string(State state);  ///< "inherent", "current", "residual"

/// A risk is one (threat, target) pair.
struct RiskLabel {
  std::string threat;
  std::string target;
  bool target_is_link = false;
  friend bool operator==(const RiskLabel&, const RiskLabel&) = default;
};

/// A facility or link of the model, for the per-target and per-segment report.
struct TargetLabel {
  std::string id;
  bool is_link = false;
  /// ISO 28000 3.9: a facility's segment; a link's is its `from` facility's (goods in
  /// transit count where they were shipped from).
  model::Segment segment = model::Segment::kUnspecified;
  friend bool operator==(const TargetLabel&, const TargetLabel&) = default;
};

struct ControlLabel {
  std::string id;
  model::ControlStatus status = model::ControlStatus::kUnspecified;
  double annual_cost = 0;
  friend bool operator==(const ControlLabel&, const ControlLabel&) = default;
};

struct EventCounts {
  std::uint64_t events = 0;            ///< successful events, all years
  std::uint64_t years_with_event = 0;  ///< years with at least one successful event

  EventCounts& operator+=(const EventCounts& other) noexcept;
  friend bool operator==(const EventCounts&, const EventCounts&) = default;
};

/// Annual-loss tallies of one risk in one control state.
struct StateTally {
  ExactSum loss;          ///< sum over years of the annual loss
  ExactSum loss_squared;  ///< sum over years of the squared annual loss
  EventCounts counts;

  StateTally& operator+=(const StateTally& other) noexcept;
  friend bool operator==(const StateTally&, const StateTally&) = default;
};

/// Pass 1 of the totals' statistics for one control state, tallied as the years are
/// simulated (while they are in cache): exact sums, the years in each LogBins year slot, the
/// smallest positive and the largest annual loss. Merges exactly, so `assess` only needs the
/// second pass over the years (the one that selects quantiles inside a few slots).
struct AnnualLossTally {
  ExactSum loss;
  ExactSum loss_squared;
  std::array<std::uint64_t, LogBins::kYearSlots> slot_years{};  ///< slot 0: years with no loss
  double lowest_positive = INFINITY;  ///< infinite when no year had a loss
  double highest = 0;

  /// Adds `n` years' annual losses (exact; for callers outside the kernel and for tests).
  void add_years(const double* annual_loss, std::size_t n) noexcept;
  AnnualLossTally& operator+=(const AnnualLossTally& other) noexcept;
  friend bool operator==(const AnnualLossTally&, const AnnualLossTally&) = default;
};

/// ALE a control removes, on common random numbers: per year, the loss with the control
/// toggled (dropped if EXISTING, added to the current state if PROPOSED) minus the loss
/// of the current state.
struct ControlTally {
  ExactSum reduction;
  ExactSum reduction_squared;

  ControlTally& operator+=(const ControlTally& other) noexcept;
  friend bool operator==(const ControlTally&, const ControlTally&) = default;
};

/// The most vulnerable adversary path of a protection system in one control state.
struct ProtectionPath {
  std::vector<std::string> element_ids;  ///< in the order crossed, off-site to target
  double interruption_probability = 0;   ///< P_I (EASI)
  double system_effectiveness = 0;       ///< P_E = P_I x P_N
  friend bool operator==(const ProtectionPath&, const ProtectionPath&) = default;
};

/// A facility's physical protection: current (as modelled) and residual (with the upgrades
/// of every PROPOSED control that applies to the facility).
struct ProtectionLabel {
  std::string facility;
  ProtectionPath current, residual;
  friend bool operator==(const ProtectionLabel&, const ProtectionLabel&) = default;
};

/// A facility or link of the supply network and what an outage of it alone costs in lost
/// sales (docs/network.md): the time-to-recover loss curve L(t) and what follows from it.
struct NetworkElementLabel {
  std::string id;
  bool is_link = false;
  /// The longest outage with no lost sale (TTS); infinity when no outage of it loses one.
  double time_to_survive_days = 0;
  /// Breakpoints (days, lost-sales value) of L(t), from (0, 0); linear between them.
  std::vector<std::pair<double, double>> loss_curve;
  double final_slope_per_day = 0;  ///< L's slope past the last breakpoint
  /// Mean length of an outage of it: the mean downtime_days of the threats that cause
  /// outages there, weighted by their expected successful events without controls; 0 when
  /// none does.
  double typical_outage_days = 0;
  double typical_outage_loss = 0;  ///< L(typical_outage_days)
  /// Customers it alone cuts off from all supply (with no inventory anywhere): non-empty
  /// for a single point of failure.
  std::vector<std::string> cut_off_customers;
  friend bool operator==(const NetworkElementLabel&, const NetworkElementLabel&) = default;
};

/// Results of trials [first_trial, first_trial + trials). Every tally is exact, so results
/// of adjacent trial ranges merge into the bits a single run would give.
struct Results {
  std::uint64_t seed = 0;
  std::uint64_t first_trial = 0;
  std::uint64_t trials = 0;
  std::uint64_t model_fingerprint = 0;  ///< guards merges of results of different models
  std::string model_name;
  std::string currency;
  std::vector<RiskLabel> risks;
  std::vector<ControlLabel> controls;
  std::vector<TargetLabel> targets;  ///< every facility, then every link, in model order
  std::vector<ProtectionLabel> protection;  ///< per facility with a protection system
  std::vector<NetworkElementLabel> network;  ///< per element of the model's supply_network

  /// annual_loss[state][i]: total loss of year first_trial + i (the totals' statistics are
  /// computed from these, exactly).
  std::array<std::vector<double>, kStateCount> annual_loss;
  std::array<EventCounts, kStateCount> total_events;
  std::array<AnnualLossTally, kStateCount> annual_loss_tallies;  ///< pass 1 of the totals' statistics
  /// risk_tallies[risk * kStateCount + state]
  std::vector<StateTally> risk_tallies;
  /// risk_histograms[(risk * kStateCount + state) * LogBins::kCount + bin]: years whose
  /// positive annual loss fell in the bin.
  std::vector<std::uint64_t> risk_histograms;
  std::vector<ControlTally> control_tallies;

  [[nodiscard]] const StateTally& tally(std::size_t risk, State state) const {
    return risk_tallies[risk * kStateCount + std::size_t(state)];
  }
  [[nodiscard]] const std::uint64_t* histogram(std::size_t risk, State state) const {
    return risk_histograms.data() + (risk * kStateCount + std::size_t(state)) * LogBins::kCount;
  }

  friend bool operator==(const Results&, const Results&) = default;
};

/// Merges results of the same model and seed over adjacent (in any order) trial ranges.
/// Throws std::invalid_argument when they do not fit together.
[[nodiscard]] Results merge(const std::vector<Results>& parts);

}  // namespace scrisk::engine
