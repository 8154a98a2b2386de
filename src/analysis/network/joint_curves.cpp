// The joint curves and pair decisions of a run, and outages on a timeline priced with them.
#include "scrisk/analysis/joint_curves.hpp"

#include <limits>

#include "analysis/network/joint_cache.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::analysis {
using detail::canonical;
using detail::for_each_episode;
using detail::sort_by_start;

CurvePtr JointCurves::Cache::curve(std::span<const ElementIndex> outage) const {
  if (outage.size() == 1) return impl.single_curve[outage[0]];
  return joint(outage)->curve;
}

detail::JointCurvePtr JointCurves::Cache::joint(std::span<const ElementIndex> outage) const {
  {
    std::shared_lock lock(curve_mutex);
    auto it = curves.find(outage);
    if (it != curves.end()) {
      std::shared_future<detail::JointCurvePtr> future = it->second;
      lock.unlock();
      return future.get();
    }
  }
  // Miss: the first thread to register the set computes it, the others wait for that
  // result, so every caller gets the same object (and the computation is deterministic
  // anyway: the same region LPs, solved in a fixed sequence of lengths).
  std::promise<detail::JointCurvePtr> promise;
  std::shared_future<detail::JointCurvePtr> future;
  bool owner = false;
  {
    std::unique_lock lock(curve_mutex);
    auto it = curves.find(outage);
    if (it != curves.end()) {
      future = it->second;
    } else {
      future = promise.get_future().share();
      curves.emplace(std::vector<ElementIndex>(outage.begin(), outage.end()), future);
      owner = true;
    }
  }
  if (owner) {
    try {
      auto entry = std::make_shared<detail::JointCurve>();
      entry->curve = impl.compute_curve(outage, entry->footprint, solves);
      promise.set_value(std::move(entry));
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  }
  return future.get();
}

bool JointCurves::Cache::interact(ElementIndex a, ElementIndex b) const {
  if (impl.interaction_scope == model::InteractionScope::kAlternativeSources && !impl.alternative_sources(a, b)) return false;
  const std::uint64_t key = detail::pair_key(a, b);
  {
    std::shared_lock lock(interaction_mutex);
    if (auto it = interactions.find(key); it != interactions.end()) return it->second;
  }
  const ElementIndex pair[2] = {std::min(a, b), std::max(a, b)};
  const bool value = impl.footprints_touch(a, b) && !impl.additive(a, b, *curve(pair));
  std::unique_lock lock(interaction_mutex);
  interactions.emplace(key, value);
  return value;
}

double JointCurves::Cache::price_episodes(std::span<const TimedOutage> sorted, OverlapRule rule, OverlapScratch& scratch) const {
  double total = 0;
  std::vector<ElementIndex>& set = scratch.set;
  std::vector<ElementIndex>& current = scratch.current;
  std::vector<double>& times = scratch.times;
  for_each_episode(sorted, [&](std::span<const TimedOutage> episode, double start, double end) {
    if (rule == OverlapRule::kEpisodes) {
      set.clear();
      for (const TimedOutage& outage : episode) set.push_back(outage.element);
      canonical(set);
      total += curve(set)->evaluate(end - start);
      return;
    }
    // Intervals of constant outage set; consecutive intervals with the same set are one
    // (an outage split in abutting pieces costs what the whole does).
    times.clear();
    for (const TimedOutage& outage : episode) times.insert(times.end(), {outage.start_day, outage.end_day});
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    current.clear();
    double interval_start = start;
    for (std::size_t i = 0; i < times.size(); ++i) {
      set.clear();
      if (i + 1 < times.size())
        for (const TimedOutage& outage : episode)
          if (outage.start_day <= times[i] && outage.end_day >= times[i + 1]) set.push_back(outage.element);
      canonical(set);
      if (i > 0 && set != current) {
        CurvePtr joint;
        const PiecewiseLinear* loss = current.size() == 1 ? &impl.single(current[0]) : (joint = curve(current)).get();
        if (rule == OverlapRule::kIntervals)
          total += loss->evaluate(times[i] - interval_start);
        else
          total += loss->evaluate(times[i] - start) - loss->evaluate(interval_start - start);  // kIncrements
        interval_start = times[i];
      }
      if (i == 0 || set != current) current = set;
    }
  });
  return total;
}

std::size_t JointCurves::Cache::group(OverlapScratch& scratch) const {
  const std::vector<TimedOutage>& sorted = scratch.sorted;
  std::vector<std::size_t>& parent = scratch.parent;
  const std::size_t n = sorted.size();
  parent.resize(n);
  for (std::size_t i = 0; i < n; ++i) parent[i] = i;
  auto root = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t m = k + 1; m < n && sorted[m].start_day <= sorted[k].end_day; ++m) {
      const ElementIndex a = sorted[k].element, b = sorted[m].element;
      if (root(k) != root(m) && (a == b || interact(a, b))) parent[root(m)] = root(k);
    }
  // Groups numbered in the order of their first outage, members kept in start order (a
  // counting sort): the sum runs in an order fixed by the input alone.
  constexpr std::size_t kUnset = std::numeric_limits<std::size_t>::max();
  scratch.group_of_root.assign(n, kUnset);
  std::size_t groups = 0;
  for (std::size_t k = 0; k < n; ++k)
    if (std::size_t& id = scratch.group_of_root[root(k)]; id == kUnset) id = groups++;
  scratch.group_begin.assign(groups + 1, 0);
  for (std::size_t k = 0; k < n; ++k) ++scratch.group_begin[scratch.group_of_root[root(k)] + 1];
  for (std::size_t g = 0; g < groups; ++g) scratch.group_begin[g + 1] += scratch.group_begin[g];
  scratch.cursor.assign(scratch.group_begin.begin(), scratch.group_begin.end() - 1);
  scratch.grouped.resize(n);
  for (std::size_t k = 0; k < n; ++k) scratch.grouped[scratch.cursor[scratch.group_of_root[root(k)]]++] = sorted[k];
  return groups;
}

JointCurves::JointCurves(const NetworkLossModel& network) : network_(&network), cache_(std::make_unique<Cache>(*network.impl_)) {}

JointCurves::~JointCurves() = default;

std::shared_ptr<const PiecewiseLinear> JointCurves::loss_curve(std::span<const ElementIndex> outage) const {
  network_->impl_->check_elements(outage);
  for (std::size_t i = 1; i < outage.size(); ++i)
    if (!(outage[i - 1] < outage[i])) throw UsageError("outage", "the outage set must be sorted without repeats");
  return cache_->curve(outage);
}

void JointCurves::check_outages(std::span<const TimedOutage> outages) const {
  for (const TimedOutage& outage : outages) {
    if (outage.element >= network_->element_count()) throw UsageError("outages", "element index out of range");
    if (!(std::isfinite(outage.start_day) && std::isfinite(outage.end_day) && outage.end_day >= outage.start_day))
      throw UsageError("outages", "an outage needs finite start_day <= end_day");
  }
}

double JointCurves::overlapping_lost_sales_value(std::span<const TimedOutage> outages, OverlapRule rule,
                                                 OverlapScratch* scratch) const {
  check_outages(outages);
  // Outages of elements whose joint outage costs exactly what they cost apart (disjoint
  // supply paths, typically) do not share stock or capacity: pricing them together would
  // only let one reset the other's clock. So outages are grouped by interaction and each
  // group is priced on its own; a group of one outage costs its curve's value.
  OverlapScratch own;
  OverlapScratch& space = scratch ? *scratch : own;
  sort_by_start(outages, space.sorted);
  if (rule == OverlapRule::kExact) return cache_->price_exact(space.sorted, space);
  const std::size_t groups = cache_->group(space);
  double total = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    const std::span<const TimedOutage> group(space.grouped.data() + space.group_begin[g],
                                             space.group_begin[g + 1] - space.group_begin[g]);
    total += group.size() == 1 ? cache_->impl.single(group[0].element).evaluate(group[0].end_day - group[0].start_day)
                               : cache_->price_episodes(group, rule, space);
  }
  return total;
}

std::size_t JointCurves::cached_curves() const {
  std::shared_lock lock(cache_->curve_mutex);
  return cache_->curves.size();
}

std::uint64_t JointCurves::lp_solves() const noexcept { return cache_->solves.load(); }

std::uint64_t JointCurves::timeline_lps() const noexcept { return cache_->timelines.load(); }

std::uint64_t JointCurves::timeline_lp_solves() const noexcept { return cache_->timeline_solves.load(); }

}  // namespace scrisk::analysis
