#include "engine/network_pricing.hpp"

#include <algorithm>

namespace scrisk::engine::detail {

double YearNetworkPricer::price(std::span<const ElementOutage> outages, std::span<double> shares) {
  std::fill(shares.begin(), shares.end(), 0.0);
  double alone_total = 0, downtime_total = 0;
  timed_.clear();
  for (std::size_t i = 0; i < outages.size(); ++i) {
    const ElementOutage& outage = outages[i];
    if (!(outage.downtime_days > 0)) continue;
    shares[i] = network_->loss_curve(outage.element).evaluate(outage.downtime_days);
    alone_total += shares[i];
    downtime_total += outage.downtime_days;
    timed_.push_back({outage.element, outage.start_day, outage.start_day + outage.downtime_days});
  }
  // Outages apart in time (no two overlap or touch) cost what they cost alone: the shares
  // are already the values, with no search for episodes and interactions.
  if (timed_.size() <= 1) return alone_total;
  std::sort(timed_.begin(), timed_.end(),
            [](const analysis::TimedOutage& a, const analysis::TimedOutage& b) { return a.start_day < b.start_day; });
  bool apart = true;
  double latest_end = timed_.front().end_day;
  for (std::size_t i = 1; apart && i < timed_.size(); ++i) {
    apart = timed_[i].start_day > latest_end;
    latest_end = std::max(latest_end, timed_[i].end_day);
  }
  if (apart) return alone_total;

  const double value = joint_->overlapping_lost_sales_value(timed_, kSimulationOverlapRule, &scratch_);
  for (std::size_t i = 0; i < outages.size(); ++i) {
    if (!(outages[i].downtime_days > 0)) continue;
    shares[i] = alone_total > 0 ? value * (shares[i] / alone_total) : value * (outages[i].downtime_days / downtime_total);
  }
  return value;
}

}  // namespace scrisk::engine::detail
