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
  if (timed_.size() <= 1) return alone_total;  // the shares are already the values alone

  const double value = network_->overlapping_lost_sales_value(timed_, kSimulationOverlapRule);
  for (std::size_t i = 0; i < outages.size(); ++i) {
    if (!(outages[i].downtime_days > 0)) continue;
    shares[i] = alone_total > 0 ? value * (shares[i] / alone_total) : value * (outages[i].downtime_days / downtime_total);
  }
  return value;
}

}  // namespace scrisk::engine::detail
