// Pricing outages that overlap in time: the joint loss curves and pair decisions one run
// meets, solved on first use and kept for the rest of the run.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "scrisk/analysis/network_loss.hpp"

namespace scrisk::analysis {

/// Scratch space of overlapping_lost_sales_value: one per thread, reused from call to call
/// so that pricing a simulated year allocates nothing.
struct OverlapScratch {
  std::vector<TimedOutage> sorted, grouped;
  std::vector<std::size_t> parent, group_of_root, group_begin, cursor;
  std::vector<ElementIndex> set, current;
  std::vector<double> times;
  /// Groups of outages OverlapRule::kExact priced lately, with their price and region: the
  /// control states and toggles of one simulated year price mostly the same groups again,
  /// and a price is a pure function of the group, so reusing it changes no bit.
  struct PricedGroup {
    std::vector<TimedOutage> outages;  ///< by start, end, element
    double value = 0;
    std::vector<std::uint32_t> region;
  };
  std::vector<PricedGroup> recent;
  std::size_t next_recent = 0;
};

/// What one episode of a timeline costs: a maximal run of outages that overlap or touch.
struct EpisodeCost {
  double start_day = 0, end_day = 0;
  std::vector<ElementIndex> elements;  ///< out at some time during it, sorted
  double lost_sales_value = 0;
};

/// A customer's part of a timeline's lost sales.
struct CustomerLoss {
  ElementIndex facility = 0;
  double lost_units = 0;
  double lost_sales_value = 0;  ///< lost_units times the facility's lost_sale_value_per_unit
};

/// A timeline of outages priced by OverlapRule::kExact, with where the loss falls.
struct TimelineCost {
  double lost_sales_value = 0;          ///< the sum of the episodes' values: kExact's price
  std::vector<EpisodeCost> episodes;    ///< in time order
  std::vector<CustomerLoss> customers;  ///< each customer that loses, in element order
};

/// The joint-outage part of pricing, for one run (or one study) over a NetworkLossModel:
/// which pairs of elements interact, and the loss curves of the sets that are out together.
/// Both are pure functions of the network, computed the first time they are needed and kept
/// (a few LP solves each). Safe to call from several threads at once; every result is the
/// same bits whichever thread computed an entry first. Keep it for as long as the run.
class JointCurves {
 public:
  explicit JointCurves(const NetworkLossModel& network);
  ~JointCurves();
  JointCurves(const JointCurves&) = delete;
  JointCurves& operator=(const JointCurves&) = delete;

  [[nodiscard]] const NetworkLossModel& network() const noexcept { return *network_; }

  /// L_S(t) of the joint outage S (sorted, no repeats), kept after the first call.
  [[nodiscard]] std::shared_ptr<const PiecewiseLinear> loss_curve(std::span<const ElementIndex> outage) const;

  /// Outages on a timeline priced from the kept joint curves (no LP once warm). Outages that
  /// overlap or touch in time are priced together when their elements are in the network's
  /// SupplyNetwork::interaction_scope and interact; each other outage costs its single
  /// curve's value. `scratch`: the calling thread's (null: allocated for this call).
  [[nodiscard]] double overlapping_lost_sales_value(std::span<const TimedOutage> outages, OverlapRule rule,
                                                    OverlapScratch* scratch = nullptr) const;

  /// `outages` priced by OverlapRule::kExact, episode by episode, and each customer's lost
  /// units in the LPs behind the price (solved for this call, also where the price itself
  /// needed none: a curve lookup or a closed bracket). The customers' values add up to
  /// lost_sales_value within the LP tolerance; where several plans are optimal, the split
  /// among customers is one of them. Throws UsageError like overlapping_lost_sales_value.
  [[nodiscard]] TimelineCost cost_timeline(std::span<const TimedOutage> outages) const;

  [[nodiscard]] std::size_t cached_curves() const;
  /// LP solves made for the joint curves so far (none once the run has met every set).
  [[nodiscard]] std::uint64_t lp_solves() const noexcept;
  /// Timelines OverlapRule::kExact priced by an LP of their own (outages that overlap in
  /// time and touch in the network, in more than one interval), and the LP solves they took.
  [[nodiscard]] std::uint64_t timeline_lps() const noexcept;
  [[nodiscard]] std::uint64_t timeline_lp_solves() const noexcept;

 private:
  struct Cache;
  void check_outages(std::span<const TimedOutage> outages) const;
  const NetworkLossModel* network_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace scrisk::analysis
