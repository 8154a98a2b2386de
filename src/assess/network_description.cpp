#include "assess/network_description.hpp"

#include <map>
#include <string>

namespace scrisk::assess::detail {
namespace {

/// Per target id: sum over the threats that cause outages (a positive mean downtime) of
/// their expected successful events without controls, and of the same times the threat's
/// mean downtime, for the typical outage's weighted mean. A theft with no downtime is not
/// an outage and does not make the typical one shorter.
struct OutageWeights {
  double events_per_year = 0;
  double downtime_days_per_year = 0;
};

std::map<std::string, OutageWeights> outage_weights(const model::Model& model) {
  std::map<std::string, OutageWeights> weights;
  for (const model::Threat& threat : model.threats) {
    if (!threat.rate_per_year || threat.targets.empty()) continue;
    double total_weight = 0;
    for (const model::Target& target : threat.targets) total_weight += target.weight;
    const double successes_per_year = scrisk::mean(*threat.rate_per_year) * threat.vulnerability;
    const double downtime_days = threat.downtime_days ? scrisk::mean(*threat.downtime_days) : 0.0;
    if (!(downtime_days > 0)) continue;
    for (const model::Target& target : threat.targets) {
      const double events = successes_per_year * target.weight / total_weight;
      OutageWeights& w = weights[target.id()];
      w.events_per_year += events;
      w.downtime_days_per_year += events * downtime_days;
    }
  }
  return weights;
}

}  // namespace

std::vector<NetworkElement> describe_network(const model::Model& model, const analysis::NetworkLossModel& network) {
  const std::map<std::string, OutageWeights> weights = outage_weights(model);
  std::vector<NetworkElement> labels(network.element_count());
  for (analysis::ElementIndex e = 0; e < network.element_count(); ++e) {
    NetworkElement& label = labels[e];
    label.id = network.id(e);
    label.is_link = network.is_link(e);
    const analysis::PiecewiseLinear& curve = network.loss_curve(e);
    label.time_to_survive_days = network.time_to_survive_days(e);
    for (const auto& point : curve.points()) label.loss_curve.emplace_back(point.days, point.value);
    label.final_slope_per_day = curve.final_slope_per_day();
    if (auto found = weights.find(label.id); found != weights.end() && found->second.events_per_year > 0)
      label.typical_outage_days = found->second.downtime_days_per_year / found->second.events_per_year;
    label.typical_outage_loss = curve.evaluate(label.typical_outage_days);
  }
  for (const analysis::SinglePointOfFailure& spof : network.single_points_of_failure())
    for (const analysis::ElementIndex customer : spof.customers)
      labels[spof.element].cut_off_customers.push_back(network.id(customer));
  return labels;
}

}  // namespace scrisk::assess::detail
