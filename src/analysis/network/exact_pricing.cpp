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

}  // namespace

detail::Timeline detail::timeline_of(std::span<const TimedOutage> episode, const std::vector<std::size_t>& members) {
  std::vector<double> times;
  for (std::size_t m : members) times.insert(times.end(), {episode[m].start_day, episode[m].end_day});
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  detail::Timeline timeline;
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

/// The bracket of a timeline from curves: everything out for the whole span (kEpisodes) is
/// above its optimum; below it are each outage alone and every interval starting with full
/// stock (kIntervals). When they meet, that is the price with no LP of its own, and the
/// plans and duals that prove it live on the footprints of the sets priced. The bounds are
/// taken cheapest first: the union's curve (one set per event, so mostly cached) and the
/// single outages' before the curves of each interval's set, which a regional event's
/// staggered ends would make new in every year.
bool JointCurves::Cache::bracketed(std::span<const TimedOutage> episode, const detail::Timeline& timeline,
                                   detail::ExactGroup& group) const {
  std::vector<ElementIndex> all;
  double span = 0;
  for (std::size_t k = 0; k < timeline.sets.size(); ++k) {
    span += timeline.lengths[k];
    all.insert(all.end(), timeline.sets[k].begin(), timeline.sets[k].end());
  }
  detail::canonical(all);
  const detail::JointCurvePtr together = joint(all);
  const double upper = together->curve->evaluate(span);
  const double tolerance = impl.tolerance(span);
  double lower = 0;
  std::vector<std::uint32_t> region = together->footprint;
  for (std::size_t m : group.members) {
    const TimedOutage& outage = episode[m];
    lower = std::max(lower, impl.single(outage.element).evaluate(outage.end_day - outage.start_day));
    region = merged(region, impl.single_footprint[outage.element]);
  }
  // Past max_days the curves extrapolate (an upper bound) and an LP's coefficients, demand
  // times days, would outgrow what Clp resolves: a timeline that long takes the upper bound.
  const bool closed = upper - lower <= tolerance || span > impl.options.max_days;
  if (!closed) {
    double intervals = 0;
    for (std::size_t k = 0; k < timeline.sets.size(); ++k) {
      const std::vector<ElementIndex>& set = timeline.sets[k];
      if (set.empty()) continue;
      if (set.size() == 1) {
        intervals += impl.single(set[0]).evaluate(timeline.lengths[k]);
        continue;
      }
      const detail::JointCurvePtr interval = joint(set);
      intervals += interval->curve->evaluate(timeline.lengths[k]);
      region = merged(region, interval->footprint);
    }
    if (upper - std::max(lower, intervals) > tolerance) return false;
  }
  ++bracket_hits;
  group.value = upper;
  group.region = std::move(region);
  return true;
}

namespace {

bool same_outages(std::span<const TimedOutage> episode, const std::vector<std::size_t>& members,
                  const std::vector<TimedOutage>& outages) {
  if (members.size() != outages.size()) return false;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const TimedOutage& a = episode[members[i]];
    if (a.element != outages[i].element || a.start_day != outages[i].start_day || a.end_day != outages[i].end_day) return false;
  }
  return true;
}

constexpr std::size_t kRecentGroups = 64;

}  // namespace

bool JointCurves::Cache::recall(std::span<const TimedOutage> episode, detail::ExactGroup& group,
                                const OverlapScratch& scratch) const {
  for (const OverlapScratch::PricedGroup& known : scratch.recent)
    if (same_outages(episode, group.members, known.outages)) {
      group.value = known.value;
      group.region = known.region;
      return true;
    }
  return false;
}

void JointCurves::Cache::remember(std::span<const TimedOutage> episode, const detail::ExactGroup& group,
                                  OverlapScratch& scratch) const {
  if (scratch.recent.size() < kRecentGroups) scratch.recent.emplace_back();
  OverlapScratch::PricedGroup& slot = scratch.recent[scratch.next_recent];
  scratch.next_recent = (scratch.next_recent + 1) % kRecentGroups;
  slot.outages.clear();
  for (std::size_t m : group.members) slot.outages.push_back(episode[m]);
  slot.value = group.value;
  slot.region = group.region;
}

/// Prices one group: a single set out for one period by its loss curve (exact: the LP of
/// one period is the curve's), several periods by their LP on the region the outages
/// disturb, seeded with their elements' footprints.
void JointCurves::Cache::price_group(std::span<const TimedOutage> episode, detail::ExactGroup& group,
                                     OverlapScratch& scratch) const {
  group.priced = true;
  const bool several = group.members.size() > 1;  // one outage costs a curve lookup: nothing to keep
  if (several && recall(episode, group, scratch)) return;
  price_anew(episode, group);
  if (several) remember(episode, group, scratch);
}

void JointCurves::Cache::price_anew(std::span<const TimedOutage> episode, detail::ExactGroup& group) const {
  detail::Timeline timeline = detail::timeline_of(episode, group.members);
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
  if (bracketed(episode, timeline, group)) return;
  // Seeded with the footprints of every element out at some time: where each alone would
  // disturb the network.
  std::vector<std::uint32_t> seed;
  for (const std::vector<ElementIndex>& set : timeline.sets)
    for (ElementIndex element : set) seed = merged(seed, impl.single_footprint[element]);
  ++timelines;
  // A small timeline LP re-solves a copy of its structure's prototype; a large one (a
  // regional event's many periods, seldom met twice) is solved once, at its own lengths.
  // Which path is taken depends on the structure alone, so the bits do not move.
  const bool small = seed.size() * timeline.sets.size() <= kMaxPrototypeNodePeriods;
  detail::RegionSolver solver = small ? detail::RegionSolver(*prototype(timeline.sets, seed))
                                      : detail::RegionSolver(impl.region_context, timeline.sets, seed, timeline_solves);
  group.value = solver.solve(timeline.lengths);
  group.region = solver.region();
}

std::shared_ptr<const detail::RegionSolver> JointCurves::Cache::prototype(const std::vector<std::vector<ElementIndex>>& sets,
                                                                          const std::vector<std::uint32_t>& seed) const {
  {
    std::shared_lock lock(prototype_mutex);
    if (auto found = prototypes.find(sets); found != prototypes.end()) return found->second;
  }
  auto solver = std::make_shared<detail::RegionSolver>(impl.region_context, sets, seed, timeline_solves);
  (void)solver->solve(std::vector<double>(sets.size(), 1.0));
  std::unique_lock lock(prototype_mutex);
  if (prototypes.size() >= kMaxPrototypes) prototypes.clear();
  return prototypes.try_emplace(sets, std::move(solver)).first->second;
}

/// The episode's outages grouped by footprints that touch (union-find; outages of one
/// element always together), each group priced, and groups whose priced regions turn out
/// to touch joined and priced again, until none do: then no plan of one group meets
/// another's rows, and the episode's optimum is the sum of the groups'.
std::vector<detail::ExactGroup> JointCurves::Cache::priced_groups(std::span<const TimedOutage> episode,
                                                                  OverlapScratch& scratch) const {
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
      if (!group.priced) price_group(episode, group, scratch);
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
  return groups;
}

double JointCurves::Cache::price_episode_exactly(std::span<const TimedOutage> episode, OverlapScratch& scratch) const {
  double total = 0;
  for (const detail::ExactGroup& group : priced_groups(episode, scratch)) total += group.value;
  return total;
}

double JointCurves::Cache::price_exact(std::span<const TimedOutage> sorted, OverlapScratch& scratch) const {
  double total = 0;
  detail::for_each_episode(sorted, [&](std::span<const TimedOutage> episode, double start, double end) {
    total +=
        episode.size() == 1 ? impl.single(episode[0].element).evaluate(end - start) : price_episode_exactly(episode, scratch);
  });
  return total;
}

}  // namespace scrisk::analysis
