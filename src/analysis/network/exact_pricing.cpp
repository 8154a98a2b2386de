// OverlapRule::kExact: each episode of a timeline at the optimum of its own LP, one period
// per interval of constant outage set with stocks carried (docs/network.md, "Exact prices").
// The LP is solved only for the outages whose footprints touch; the rest cost their curves.
#include <numeric>

#include "analysis/network/joint_cache.hpp"

namespace scrisk::analysis {
namespace {

std::vector<std::uint32_t> merged(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::vector<std::uint32_t> both;
  both.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both;
}

/// The group's timeline from its first start to its last end: the breakpoints, and per
/// period between two of them the elements out (consecutive equal periods joined).
struct Timeline {
  std::vector<double> lengths;
  std::vector<std::vector<ElementIndex>> sets;
};

Timeline timeline_of(std::span<const TimedOutage> episode, const std::vector<std::size_t>& members) {
  std::vector<double> times;
  for (std::size_t m : members) times.insert(times.end(), {episode[m].start_day, episode[m].end_day});
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  Timeline timeline;
  double period_start = times.front();
  for (std::size_t i = 0; i + 1 < times.size(); ++i) {
    std::vector<ElementIndex> set;
    for (std::size_t m : members)
      if (episode[m].start_day <= times[i] && episode[m].end_day >= times[i + 1]) set.push_back(episode[m].element);
    detail::canonical(set);
    if (!timeline.sets.empty() && timeline.sets.back() == set) {
      timeline.lengths.back() = times[i + 1] - period_start;
      continue;
    }
    period_start = times[i];
    timeline.lengths.push_back(times[i + 1] - times[i]);
    timeline.sets.push_back(std::move(set));
  }
  return timeline;
}

}  // namespace

/// Prices one group: a single set out for one period by its loss curve (exact: the LP of
/// one period is the curve's), several periods by their LP on the region the outages
/// disturb, seeded with their elements' footprints.
void JointCurves::Cache::price_group(std::span<const TimedOutage> episode, detail::ExactGroup& group) const {
  Timeline timeline = timeline_of(episode, group.members);
  group.priced = true;
  if (timeline.sets.size() == 1) {
    const std::vector<ElementIndex>& set = timeline.sets.front();
    if (set.size() == 1) {
      group.value = impl.single(set[0]).evaluate(timeline.lengths[0]);
      group.region = impl.single_footprint[set[0]];
    } else {
      const detail::JointCurvePtr together = joint(set);
      group.value = together->curve->evaluate(timeline.lengths[0]);
      group.region = together->footprint;
    }
    return;
  }
  std::vector<std::uint32_t> seed;
  for (std::size_t m : group.members) seed = merged(seed, impl.single_footprint[episode[m].element]);
  detail::RegionSolver solver(impl.region_context, std::move(timeline.sets), seed, timeline_solves);
  ++timelines;
  group.value = solver.solve(timeline.lengths);
  group.region = solver.region();
}

/// The episode's outages grouped by footprints that touch (union-find; outages of one
/// element always together), each group priced, and groups whose priced regions turn out
/// to touch joined and priced again, until none do: then no plan of one group meets
/// another's rows, and the episode's optimum is the sum of the groups'.
double JointCurves::Cache::price_episode_exactly(std::span<const TimedOutage> episode) const {
  const std::size_t n = episode.size();
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  auto root = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t m = k + 1; m < n; ++m) {
      const ElementIndex a = episode[k].element, b = episode[m].element;
      if (root(k) != root(m) && (a == b || impl.footprints_touch(a, b))) parent[root(m)] = root(k);
    }
  std::vector<detail::ExactGroup> groups;
  std::vector<std::size_t> group_of_root(n, n);
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t& id = group_of_root[root(k)];
    if (id == n) {
      id = groups.size();
      groups.emplace_back();
    }
    groups[id].members.push_back(k);
  }
  for (bool joined = true; joined;) {
    for (detail::ExactGroup& group : groups)
      if (!group.priced) price_group(episode, group);
    joined = false;
    for (std::size_t g = 0; g < groups.size() && !joined; ++g)
      for (std::size_t h = g + 1; h < groups.size() && !joined; ++h) {
        if (!impl.regions_touch(groups[g].region, groups[h].region)) continue;
        std::vector<std::size_t> members;
        std::merge(groups[g].members.begin(), groups[g].members.end(), groups[h].members.begin(), groups[h].members.end(),
                   std::back_inserter(members));
        groups[g] = detail::ExactGroup{std::move(members), {}, 0, false};
        groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(h));
        joined = true;
      }
  }
  double total = 0;
  for (const detail::ExactGroup& group : groups) total += group.value;
  return total;
}

double JointCurves::Cache::price_exact(std::span<const TimedOutage> sorted, OverlapScratch&) const {
  double total = 0;
  detail::for_each_episode(sorted, [&](std::span<const TimedOutage> episode, double start, double end) {
    total += episode.size() == 1 ? impl.single(episode[0].element).evaluate(end - start) : price_episode_exactly(episode);
  });
  return total;
}

}  // namespace scrisk::analysis
