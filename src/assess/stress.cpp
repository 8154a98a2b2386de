#include "scrisk/assess/stress.hpp"

#include "core/guard.hpp"
#include "scrisk/analysis/joint_curves.hpp"

namespace scrisk::assess {
namespace {

StressTest price(const engine::Plan& plan, const std::vector<model::Outage>& outages) {
  if (std::vector<Problem> problems = model::find_problems(plan.model(), outages); !problems.empty())
    throw ModelError(std::move(problems), "outages");
  const analysis::NetworkLossModel& network = *plan.network();
  std::vector<analysis::TimedOutage> timeline;
  timeline.reserve(outages.size());
  for (const model::Outage& outage : outages)
    timeline.push_back({*network.find(outage.element), outage.start_day, outage.start_day + outage.duration_days});
  const analysis::JointCurves joint(network);
  const analysis::TimelineCost cost = joint.cost_timeline(timeline);
  StressTest test;
  test.lost_sales = cost.lost_sales_value;
  test.currency = plan.model().currency;
  for (const analysis::CustomerLoss& customer : cost.customers)
    test.customers.push_back({network.id(customer.facility), customer.lost_units, customer.lost_sales_value});
  for (const analysis::EpisodeCost& episode : cost.episodes) {
    StressEpisode& out = test.episodes.emplace_back();
    out.start_day = episode.start_day;
    out.end_day = episode.end_day;
    out.lost_sales = episode.lost_sales_value;
    for (analysis::ElementIndex element : episode.elements) out.elements.push_back(network.id(element));
  }
  return test;
}

}  // namespace

StressTest stress(const engine::Plan& plan, const std::vector<model::Outage>& outages) {
  return scrisk::detail::guarded("stress", [&] { return price(plan, outages); });
}

StressTest stress(const model::Model& model, const std::vector<model::Outage>& outages) {
  return scrisk::detail::guarded("stress", [&] {
    // Before compiling, which takes seconds on a large network (price checks again, cheaply).
    if (std::vector<Problem> problems = model::find_problems(model, outages); !problems.empty())
      throw ModelError(std::move(problems), "outages");
    return price(engine::Plan(model), outages);
  });
}

}  // namespace scrisk::assess
