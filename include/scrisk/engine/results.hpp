// What a Monte Carlo run accumulates: exact, mergeable tallies per risk, per control and in
// total, plus the annual loss of every simulated year per control state. Numbers only.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "scrisk/core/exact_sum.hpp"
#include "scrisk/core/log_bins.hpp"

namespace scrisk::engine {

/// The three control states of ISO 28000 4.3.1, computed from the same simulated attempts.
enum class State { kInherent = 0, kCurrent = 1, kResidual = 2 };
inline constexpr int kStateCount = 3;
inline constexpr std::array<State, kStateCount> kStates{State::kInherent, State::kCurrent, State::kResidual};
[[nodiscard]] const char* to_string(State state);  ///< "inherent", "current", "residual"

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
  double lowest_positive = INFINITY;                            ///< infinite when no year had a loss
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

/// What a run measured over trials [first_trial, first_trial + trials): numbers only, indexed
/// like the model (risk r is the r-th (threat, target) pair taking threats, then their
/// targets, in model order; control c is model.controls[c]). Names, labels and what the
/// model's analysis says (protection paths, network loss curves) are assess's, computed from
/// the model. Every tally is exact, so results of adjacent trial ranges merge into the bits a
/// single run would give.
struct Results {
  std::uint64_t seed = 0;
  std::uint64_t first_trial = 0;
  std::uint64_t trials = 0;
  /// What the run simulated (the compiled model and its settings): merges and assessments
  /// refuse results of another model.
  std::uint64_t model_fingerprint = 0;

  /// annual_loss[state][i]: total loss of year first_trial + i (the totals' statistics are
  /// computed from these, exactly).
  std::array<std::vector<double>, kStateCount> annual_loss;
  std::array<EventCounts, kStateCount> total_events;
  std::array<AnnualLossTally, kStateCount> annual_loss_tallies;  ///< pass 1 of the totals' statistics
  /// risk_tallies[risk * kStateCount + state]
  std::vector<StateTally> risk_tallies;
  /// risk_histograms[risk][state * LogBins::kCount + bin]: years whose positive annual loss
  /// fell in the bin. Empty for a risk that lost nothing in any year: memory follows the
  /// risks a run meets, not every risk a model could have.
  std::vector<std::vector<std::uint64_t>> risk_histograms;
  std::vector<ControlTally> control_tallies;

  [[nodiscard]] std::size_t risk_count() const noexcept { return risk_tallies.size() / kStateCount; }
  [[nodiscard]] std::size_t control_count() const noexcept { return control_tallies.size(); }
  [[nodiscard]] const StateTally& tally(std::size_t risk, State state) const {
    return risk_tallies[risk * kStateCount + std::size_t(state)];
  }
  [[nodiscard]] const std::uint64_t* histogram(std::size_t risk, State state) const {
    const std::vector<std::uint64_t>& bins = risk_histograms[risk];
    return bins.empty() ? kNoYearsInBins.data() : bins.data() + std::size_t(state) * LogBins::kCount;
  }
  /// The risk's bins in `state`, allocated (all risks' states at once) on first use.
  [[nodiscard]] std::uint64_t* mutable_histogram(std::size_t risk, State state) {
    std::vector<std::uint64_t>& bins = risk_histograms[risk];
    if (bins.empty()) bins.assign(std::size_t(kStateCount) * LogBins::kCount, 0);
    return bins.data() + std::size_t(state) * LogBins::kCount;
  }
  /// The bins of a risk with no loss.
  static constexpr std::array<std::uint64_t, LogBins::kCount> kNoYearsInBins{};

  friend bool operator==(const Results&, const Results&) = default;
};

/// Merges results of the same model and seed over adjacent (in any order) trial ranges.
/// Throws ResultsMismatch when they do not fit together, UsageError when `parts` is empty.
[[nodiscard]] Results merge(const std::vector<Results>& parts);

}  // namespace scrisk::engine
