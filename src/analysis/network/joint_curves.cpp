// The joint curves and pair decisions of a run, and outages on a timeline priced with them.
#include "scrisk/analysis/joint_curves.hpp"

#include <algorithm>
#include <future>
#include <limits>
#include <shared_mutex>
#include <unordered_map>

#include "analysis/network/loss_model_impl.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::analysis {
namespace {

struct SpanHash {
  using is_transparent = void;
  std::size_t operator()(std::span<const ElementIndex> elements) const noexcept {
    std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a over the indices
    for (ElementIndex element : elements) {
      hash ^= element;
      hash *= 1099511628211ULL;
    }
    return static_cast<std::size_t>(hash);
  }
};

struct SpanEqual {
  using is_transparent = void;
  bool operator()(std::span<const ElementIndex> a, std::span<const ElementIndex> b) const noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
};

/// `sorted` = the outages that last a while, by start (then end, element).
void sort_by_start(std::span<const TimedOutage> outages, std::vector<TimedOutage>& sorted) {
  sorted.clear();
  for (const TimedOutage& outage : outages)
    if (outage.end_day > outage.start_day) sorted.push_back(outage);
  std::sort(sorted.begin(), sorted.end(), [](const TimedOutage& a, const TimedOutage& b) {
    if (a.start_day != b.start_day) return a.start_day < b.start_day;
    if (a.end_day != b.end_day) return a.end_day < b.end_day;
    return a.element < b.element;
  });
}

/// Calls `visit(episode, start, end)` for each maximal run of outages (sorted by start)
/// that overlap or touch: no moment with all of them up in between, so no stock returns.
template <class Visit>
void for_each_episode(std::span<const TimedOutage> sorted, Visit&& visit) {
  for (std::size_t first = 0; first < sorted.size();) {
    const double start = sorted[first].start_day;
    double end = sorted[first].end_day;
    std::size_t last = first + 1;
    while (last < sorted.size() && sorted[last].start_day <= end) end = std::max(end, sorted[last++].end_day);
    visit(std::span<const TimedOutage>(sorted.data() + first, last - first), start, end);
    first = last;
  }
}

void canonical(std::vector<ElementIndex>& elements) {
  std::sort(elements.begin(), elements.end());
  elements.erase(std::unique(elements.begin(), elements.end()), elements.end());
}

}  // namespace

struct JointCurves::Cache {
  mutable std::shared_mutex curve_mutex;
  mutable std::unordered_map<std::vector<ElementIndex>, std::shared_future<CurvePtr>, SpanHash, SpanEqual> curves;
  /// interact() per pair_key, computed once.
  mutable std::shared_mutex interaction_mutex;
  mutable std::unordered_map<std::uint64_t, bool> interactions;
  mutable std::atomic<std::uint64_t> solves{0};

  const NetworkLossModel::Impl& impl;
  explicit Cache(const NetworkLossModel::Impl& model) : impl(model) {}

  CurvePtr curve(std::span<const ElementIndex> outage) const;
  /// Whether a and b must be priced together: their footprints touch and their joint curve
  /// is not the sum of theirs. A pure function of the pair, kept.
  bool interact(ElementIndex a, ElementIndex b) const;
  /// Prices outages whose elements all interact, episode by episode, by `rule`.
  double price_episodes(std::span<const TimedOutage> sorted, OverlapRule rule, OverlapScratch& scratch) const;
  /// Groups the sorted outages by interaction (union-find over the pairs that overlap or
  /// touch in time and interact, or are outages of the same element) into scratch.grouped,
  /// group g at [group_begin[g], group_begin[g + 1]); returns the number of groups.
  std::size_t group(OverlapScratch& scratch) const;
};

CurvePtr JointCurves::Cache::curve(std::span<const ElementIndex> outage) const {
  if (outage.size() == 1) return impl.single_curve[outage[0]];
  {
    std::shared_lock lock(curve_mutex);
    auto it = curves.find(outage);
    if (it != curves.end()) {
      std::shared_future<CurvePtr> future = it->second;
      lock.unlock();
      return future.get();
    }
  }
  // Miss: the first thread to register the set computes it, the others wait for that
  // result, so every caller gets the same object (and the computation is deterministic
  // anyway: the same region LPs, solved in a fixed sequence of lengths).
  std::promise<CurvePtr> promise;
  std::shared_future<CurvePtr> future;
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
      std::vector<std::uint32_t> region;
      promise.set_value(impl.compute_curve(outage, region, solves));
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

double JointCurves::overlapping_lost_sales_value(std::span<const TimedOutage> outages, OverlapRule rule,
                                                 OverlapScratch* scratch) const {
  for (const TimedOutage& outage : outages) {
    if (outage.element >= network_->element_count()) throw UsageError("outages", "element index out of range");
    if (!(std::isfinite(outage.start_day) && std::isfinite(outage.end_day) && outage.end_day >= outage.start_day))
      throw UsageError("outages", "an outage needs finite start_day <= end_day");
  }
  // Outages of elements whose joint outage costs exactly what they cost apart (disjoint
  // supply paths, typically) do not share stock or capacity: pricing them together would
  // only let one reset the other's clock. So outages are grouped by interaction and each
  // group is priced on its own; a group of one outage costs its curve's value.
  OverlapScratch own;
  OverlapScratch& space = scratch ? *scratch : own;
  sort_by_start(outages, space.sorted);
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

}  // namespace scrisk::analysis
