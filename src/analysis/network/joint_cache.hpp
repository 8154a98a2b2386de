// What JointCurves keeps for a run (the joint curves and pair decisions it has met), and
// the helpers its pricing rules share: outages sorted by start, cut into episodes.
#pragma once

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "analysis/network/loss_model_impl.hpp"
#include "analysis/network/region_solver.hpp"
#include "scrisk/analysis/joint_curves.hpp"

namespace scrisk::analysis {
namespace detail {

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

/// A joint outage's loss curve and the facilities its LPs were solved on (sorted).
struct JointCurve {
  CurvePtr curve;
  std::vector<std::uint32_t> footprint;
};
using JointCurvePtr = std::shared_ptr<const JointCurve>;

/// `sorted` = the outages that last a while, by start (then end, element).
inline void sort_by_start(std::span<const TimedOutage> outages, std::vector<TimedOutage>& sorted) {
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

/// Outages of one episode priced together (OverlapRule::kExact), and the facilities their
/// LPs were solved on.
struct ExactGroup {
  std::vector<std::size_t> members;  // indices into the episode, increasing
  std::vector<std::uint32_t> region;
  double value = 0;
  bool priced = false;
};

/// The group's timeline from its first start to its last end: the breakpoints, and per
/// period between two of them the elements out (consecutive equal periods joined).
struct Timeline {
  std::vector<double> lengths;
  std::vector<std::vector<ElementIndex>> sets;
};

/// The group's timeline (exact_pricing.cpp).
[[nodiscard]] Timeline timeline_of(std::span<const TimedOutage> episode, const std::vector<std::size_t>& members);

inline void canonical(std::vector<ElementIndex>& elements) {
  std::sort(elements.begin(), elements.end());
  elements.erase(std::unique(elements.begin(), elements.end()), elements.end());
}

}  // namespace detail

struct JointCurves::Cache {
  mutable std::shared_mutex curve_mutex;
  mutable std::unordered_map<std::vector<ElementIndex>, std::shared_future<detail::JointCurvePtr>, detail::SpanHash,
                             detail::SpanEqual>
      curves;
  /// interact() per pair_key, computed once.
  mutable std::shared_mutex interaction_mutex;
  mutable std::unordered_map<std::uint64_t, bool> interactions;
  mutable std::atomic<std::uint64_t> solves{0};
  /// Timelines priced by their own LP (OverlapRule::kExact), and the LP solves they took.
  mutable std::atomic<std::uint64_t> timelines{0}, timeline_solves{0}, bracket_hits{0};

  /// A timeline LP per structure (its sequence of outage sets), solved at unit lengths:
  /// each timeline of that structure re-solves a copy at its own lengths from the
  /// prototype's basis. A prototype is a pure function of its structure, so dropping them
  /// all when there are kMaxPrototypes changes no price. Only structures whose seed region
  /// times periods is at most kMaxPrototypeNodePeriods have one (bounded memory).
  mutable std::shared_mutex prototype_mutex;
  mutable std::map<std::vector<std::vector<ElementIndex>>, std::shared_ptr<const detail::RegionSolver>> prototypes;
  static constexpr std::size_t kMaxPrototypes = 4096;
  static constexpr std::size_t kMaxPrototypeNodePeriods = 2048;

  const NetworkLossModel::Impl& impl;
  explicit Cache(const NetworkLossModel::Impl& model) : impl(model) {}

  /// The joint curve of a set of two or more elements (sorted, no repeats), kept.
  detail::JointCurvePtr joint(std::span<const ElementIndex> outage) const;
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
  /// OverlapRule::kExact (exact_pricing.cpp): every episode at the optimum of its LP.
  double price_exact(std::span<const TimedOutage> sorted, OverlapScratch& scratch) const;
  double price_episode_exactly(std::span<const TimedOutage> episode, OverlapScratch& scratch) const;
  std::vector<detail::ExactGroup> priced_groups(std::span<const TimedOutage> episode, OverlapScratch& scratch) const;
  /// Units each customer loses in the group's LP, added to `per_node` (timeline_cost.cpp).
  void add_lost_units(std::span<const TimedOutage> episode, const detail::ExactGroup& group, std::vector<double>& per_node) const;
  void price_group(std::span<const TimedOutage> episode, detail::ExactGroup& group, OverlapScratch& scratch) const;
  void price_anew(std::span<const TimedOutage> episode, detail::ExactGroup& group) const;
  bool bracketed(std::span<const TimedOutage> episode, const detail::Timeline& timeline, detail::ExactGroup& group) const;
  std::shared_ptr<const detail::RegionSolver> prototype(const std::vector<std::vector<ElementIndex>>& sets,
                                                        const std::vector<std::uint32_t>& seed) const;
  /// A group priced lately on this thread (scratch.recent), and keeping one there.
  bool recall(std::span<const TimedOutage> episode, detail::ExactGroup& group, const OverlapScratch& scratch) const;
  void remember(std::span<const TimedOutage> episode, const detail::ExactGroup& group, OverlapScratch& scratch) const;
};

}  // namespace scrisk::analysis
