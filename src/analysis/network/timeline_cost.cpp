// A timeline's exact price with its episodes and the customers that lose: what a stress
// test of a written-down disruption scenario reports.
#include <cmath>
#include <string>

#include "analysis/network/joint_cache.hpp"

namespace scrisk::analysis {

void JointCurves::Cache::add_lost_units(std::span<const TimedOutage> episode, const detail::ExactGroup& group,
                                        std::vector<double>& per_node) const {
  detail::Timeline timeline = detail::timeline_of(episode, group.members);
  // Seeded with the region the price was certified on, which the LP then needs no more of.
  detail::RegionSolver solver(impl.region_context, std::move(timeline.sets), group.region, timeline_solves);
  (void)solver.solve(timeline.lengths);
  solver.add_lost_units(per_node);
}

TimelineCost JointCurves::cost_timeline(std::span<const TimedOutage> outages) const {
  check_outages(outages);
  OverlapScratch scratch;
  detail::sort_by_start(outages, scratch.sorted);
  const detail::FlowGraph& graph = cache_->impl.graph;
  std::vector<double> lost_units(graph.nodes.size(), 0.0);
  TimelineCost cost;
  detail::for_each_episode(scratch.sorted, [&](std::span<const TimedOutage> episode, double start, double end) {
    if (end - start > cache_->impl.options.max_days)
      throw UsageError("outages", "an episode lasts " + std::to_string(end - start) + " days; at most " +
                                      std::to_string(cache_->impl.options.max_days) + " are priced by their LP");
    EpisodeCost& priced = cost.episodes.emplace_back();
    priced.start_day = start;
    priced.end_day = end;
    for (const TimedOutage& outage : episode) priced.elements.push_back(outage.element);
    detail::canonical(priced.elements);
    for (const detail::ExactGroup& group : cache_->priced_groups(episode, scratch)) {
      priced.lost_sales_value += group.value;
      cache_->add_lost_units(episode, group, lost_units);
    }
    cost.lost_sales_value += priced.lost_sales_value;
  });
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    if (!(lost_units[n] > 0)) continue;
    cost.customers.push_back({static_cast<ElementIndex>(n), lost_units[n], lost_units[n] * graph.nodes[n].value});
  }
  return cost;
}

}  // namespace scrisk::analysis
