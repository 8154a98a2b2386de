// What NetworkLossModel holds: the flow graph, the TTR LP, the baseline plan, and every
// single element's loss curve and footprint, all fixed by the constructor.
#pragma once

#include <ClpSimplex.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "analysis/network/aggregate_lp.hpp"
#include "analysis/network/flow_graph.hpp"
#include "analysis/network/region_solver.hpp"
#include "scrisk/analysis/network_loss.hpp"

namespace scrisk::analysis {

using CurvePtr = std::shared_ptr<const PiecewiseLinear>;

struct NetworkLossModel::Impl {
  NetworkLossOptions options;
  detail::FlowGraph graph;
  std::map<std::string, ElementIndex, std::less<>> by_id;
  std::unique_ptr<detail::AggregateLp> lp;
  mutable std::atomic<std::uint64_t> solves{0};

  std::vector<double> baseline_link_rate;  // per link: units/day in a zero-loss plan with no stock
  detail::RegionContext region_context;
  std::vector<bool> idle;  // per element: carries nothing in the undisrupted no-stock optimum
  model::InteractionScope interaction_scope = model::InteractionScope::kAllPairs;
  /// Pairs struck together by one common-cause threat, as pair_key()s, sorted.
  std::vector<std::uint64_t> common_cause_pairs;
  /// Per element: its loss curve, and the facilities its LPs were solved on (the region its
  /// outage disturbs), sorted.
  std::vector<CurvePtr> single_curve;
  std::vector<std::vector<std::uint32_t>> single_footprint;

  // The whole LP without and with stock, solved with nothing out. Loss curves never use
  // them (RegionSolver), so they are built on first use: the direct solves of
  // lost_sales_value, and the constructor when greedy_baseline finds no plan.
  mutable std::unique_ptr<ClpSimplex> rate_prototype, stock_prototype;
  mutable std::once_flag rate_prototype_once, stock_prototype_once;
  mutable std::mutex prototype_mutex;

  [[nodiscard]] std::size_t element_count() const { return graph.element_count(); }
  /// Absolute tolerance on loss values at outage length t.
  [[nodiscard]] double tolerance(double t) const { return options.relative_tolerance * graph.value_per_day * std::max(1.0, t); }
  void check_elements(std::span<const ElementIndex> elements) const;
  const ClpSimplex& prototype(bool with_inventory) const;
  /// The whole network's LP for `outage`: the reference for direct solves.
  [[nodiscard]] detail::AggregateSolver solver(std::span<const ElementIndex> outage, bool with_inventory) const;

  [[nodiscard]] const PiecewiseLinear& single(ElementIndex element) const { return *single_curve[element]; }
  /// L_S of `outage` by region LPs (loss_curves.cpp); `footprint` receives the region.
  [[nodiscard]] CurvePtr compute_curve(std::span<const ElementIndex> outage, std::vector<std::uint32_t>& footprint,
                                       std::atomic<std::uint64_t>& solve_count) const;
  /// Throws ModelError naming the customers short when the undisrupted network loses sales.
  void check_baseline() const;

  /// Whether the footprints of a and b share a facility or are joined by a link.
  [[nodiscard]] bool footprints_touch(ElementIndex a, ElementIndex b) const;
  /// Whether two sorted sets of facilities share one or are joined by a link.
  [[nodiscard]] bool regions_touch(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) const;
  /// Whether a and b feed the same input of the same facility, or are struck together by
  /// a common-cause threat: the pairs InteractionScope::kAlternativeSources prices together.
  [[nodiscard]] bool alternative_sources(ElementIndex a, ElementIndex b) const;
  /// Whether `joint`, the curve of {a, b}, is the sum of their single curves.
  [[nodiscard]] bool additive(ElementIndex a, ElementIndex b, const PiecewiseLinear& joint) const;
};

}  // namespace scrisk::analysis
