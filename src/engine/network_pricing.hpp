// Prices a simulated year's outages of supply-network elements on the network's loss
// curves: jointly when they overlap, and splits the year's lost sales among the outages.
#pragma once

#include <span>
#include <vector>

#include "scrisk/analysis/joint_curves.hpp"
#include "scrisk/analysis/network_loss.hpp"

namespace scrisk::engine::detail {

/// How overlapping outages are priced in the simulation (docs/network.md, "Outages that
/// overlap without coinciding"): exact for a single outage, for outages of elements that do
/// not interact, and for nested outages and outages that exhaust stock before the set changes.
/// Not yet kExact: its episode LPs are too slow on large networks (docs/network.md).
inline constexpr analysis::OverlapRule kSimulationOverlapRule = analysis::OverlapRule::kIncrements;

/// Outages start uniformly over a year of this many days (a year's outages are all priced
/// with that year, even the part that runs into the next).
inline constexpr double kOutageYearDays = 365;

/// One successful event's outage of a network element, within its simulated year.
struct ElementOutage {
  analysis::ElementIndex element = 0;
  double start_day = 0;      ///< in [0, 365): when in the year the outage begins
  double downtime_days = 0;  ///< 0: no outage (the event fails in the state priced)
};

/// Lost sales of a year's outages, and each outage's share of them. One per thread: it
/// keeps scratch space between years; the joint curves it meets are the run's.
class YearNetworkPricer {
 public:
  explicit YearNetworkPricer(const analysis::JointCurves& joint) : joint_(&joint), network_(&joint.network()) {}

  /// The lost-sales value of `outages` taken together; `shares[i]` receives outage i's part.
  /// Parts are proportional to what each outage would cost alone, or, when none would cost
  /// anything alone (alternative suppliers that only hurt together), to their downtime; they
  /// add up to the value. A year with a single outage costs its loss curve's value: no
  /// allocation, no search.
  double price(std::span<const ElementOutage> outages, std::span<double> shares);

 private:
  const analysis::JointCurves* joint_;
  const analysis::NetworkLossModel* network_;
  std::vector<analysis::TimedOutage> timed_;
  analysis::OverlapScratch scratch_;
};

}  // namespace scrisk::engine::detail
