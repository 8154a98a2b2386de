// The supply network compiled for pricing outages: the constructor and the lookups. The
// pieces live in network/: the flow graph, the TTR LP, region LPs, the baseline plan, loss
// curves, pair relations, single points of failure. The formulation is in docs/network.md.
#include "scrisk/analysis/network_loss.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>

#include "analysis/network/baseline_plan.hpp"
#include "analysis/network/loss_model_impl.hpp"
#include "scrisk/analysis/joint_curves.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/model/validate.hpp"

namespace scrisk::analysis {
namespace {

using Impl = NetworkLossModel::Impl;

/// Pairs of network elements one common-cause threat strikes together, as pair_key()s.
std::vector<std::uint64_t> common_cause_pairs(const model::Model& model, const Impl& impl) {
  std::vector<std::uint64_t> pairs;
  for (const model::Threat& threat : model.threats) {
    if (!threat.common_cause) continue;
    std::vector<ElementIndex> struck;
    for (const model::Target& target : threat.targets)
      if (auto it = impl.by_id.find(target.id()); it != impl.by_id.end()) struck.push_back(it->second);
    for (std::size_t i = 0; i < struck.size(); ++i)
      for (std::size_t j = i + 1; j < struck.size(); ++j) pairs.push_back(detail::pair_key(struck[i], struck[j]));
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

/// A zero-loss plan of the undisrupted network with no stock: greedy where capacities
/// allow, else from the whole LP (which names the customers that are short if it has no
/// zero-loss plan either). Fills baseline_link_rate and idle.
void find_baseline(Impl& impl) {
  const detail::FlowGraph& graph = impl.graph;
  std::optional<detail::BaselinePlan> plan = greedy_baseline(graph.nodes, graph.arcs, detail::ShareRule::kFairShare);
  if (!plan) plan = greedy_baseline(graph.nodes, graph.arcs, detail::ShareRule::kEvenSplit);
  if (plan) {
    impl.baseline_link_rate = std::move(plan->link_rate);
    for (double made : plan->made_per_day) impl.idle.push_back(made == 0);
  } else {
    impl.check_baseline();
    double total_demand = 0;
    for (const detail::Node& node : graph.nodes) total_demand += node.demand;
    const double* flow = impl.prototype(false).primalColumnSolution();
    const double zero = 1e-12 * (1 + total_demand);
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) impl.idle.push_back(std::abs(flow[impl.lp->nodes[n].x]) <= zero);
    for (std::size_t a = 0; a < graph.arcs.size(); ++a)
      impl.baseline_link_rate.push_back(std::max(0.0, flow[impl.lp->link_column[a]]));
  }
  // An element carries nothing when its production (a facility) or flow (a link) is 0 in
  // the plan; inflows a facility does not use are free to drop. That plan stays feasible
  // with the element out, so its loss curve is 0 with no LP.
  for (double rate : impl.baseline_link_rate) impl.idle.push_back(rate == 0);
}

void set_region_context(Impl& impl) {
  double max_unit_value = 1, total_demand = 0;
  for (const detail::Node& node : impl.graph.nodes) {
    max_unit_value = std::max(max_unit_value, node.demand > 0 ? node.value : 0.0);
    total_demand += node.demand;
  }
  detail::RegionContext& context = impl.region_context;
  context.nodes = &impl.graph.nodes;
  context.arcs = &impl.graph.arcs;
  context.baseline_link_rate = &impl.baseline_link_rate;
  // A unit of an intermediate product is worth at most max_unit_value times the input
  // quantities along the way; this is far above that in any sane bill of materials, and
  // a lower price would only grow regions more than needed (never give a wrong value).
  context.shortfall_cost = 1e4 * max_unit_value;
  // Clp's own optimality tolerance on reduced costs is 1e-7 on the scaled problem.
  context.dual_tolerance = 1e-8 * max_unit_value;
  context.primal_tolerance_per_day = 1e-9 * (1 + total_demand);
  // A hundredth of the curve's tolerance: the breakpoints' error budget stays the sandwich's.
  context.gap_tolerance_per_day = 0.01 * impl.options.relative_tolerance * impl.graph.value_per_day;
}

/// Every element's curve and footprint, in parallel: each is a pure function of the
/// element, so the thread that solves it does not matter.
void solve_single_curves(Impl& impl) {
  const std::size_t elements = impl.element_count();
  impl.single_curve.resize(elements);
  impl.single_footprint.resize(elements);
  tbb::task_arena arena(impl.options.threads > 0 ? impl.options.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, elements, 1), [&](const tbb::blocked_range<std::size_t>& range) {
      for (std::size_t e = range.begin(); e != range.end(); ++e) {
        if (impl.options.cancelled && impl.options.cancelled()) throw Cancelled();
        const auto element = static_cast<ElementIndex>(e);
        impl.single_curve[e] = impl.compute_curve(std::span(&element, 1), impl.single_footprint[e], impl.solves);
      }
    });
  });
}

}  // namespace

void Impl::check_elements(std::span<const ElementIndex> elements) const {
  for (ElementIndex element : elements)
    if (element >= element_count())
      throw UsageError("element", "network element index " + std::to_string(element) + " out of range");
}

const ClpSimplex& Impl::prototype(bool with_inventory) const {
  std::once_flag& once = with_inventory ? stock_prototype_once : rate_prototype_once;
  std::unique_ptr<ClpSimplex>& solved = with_inventory ? stock_prototype : rate_prototype;
  std::call_once(once, [&] { solved = detail::solved_prototype(*lp, with_inventory, options.cancelled); });
  return *solved;
}

detail::AggregateSolver Impl::solver(std::span<const ElementIndex> outage, bool with_inventory) const {
  return detail::AggregateSolver(prototype(with_inventory), prototype_mutex, *lp, graph, outage, solves);
}

NetworkLossModel::NetworkLossModel(const model::Model& model, const model::SupplyNetwork& network, NetworkLossOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (auto problems = model::find_problems(model, network); !problems.empty()) throw ModelError(std::move(problems));
  if (!(options.relative_tolerance > 0 && options.relative_tolerance < 1e-3) || !(options.max_days >= 1))
    throw UsageError("options", "NetworkLossOptions needs relative_tolerance in (0, 1e-3) and max_days >= 1");
  Impl& impl = *impl_;
  impl.options = std::move(options);
  impl.interaction_scope = network.interaction_scope;
  impl.graph = detail::build_flow_graph(model, network);
  for (std::size_t e = 0; e < impl.graph.element_ids.size(); ++e)
    impl.by_id.emplace(impl.graph.element_ids[e], static_cast<ElementIndex>(e));
  impl.common_cause_pairs = common_cause_pairs(model, impl);
  impl.lp = std::make_unique<detail::AggregateLp>(impl.graph);
  find_baseline(impl);
  set_region_context(impl);
  solve_single_curves(impl);
  // Asked while constructing only: a lazily solved LP later (during a run) must not call
  // a function whose captures may be gone with the compile that passed it.
  impl.options.cancelled = nullptr;
}

NetworkLossModel::~NetworkLossModel() = default;
NetworkLossModel::NetworkLossModel(NetworkLossModel&&) noexcept = default;
NetworkLossModel& NetworkLossModel::operator=(NetworkLossModel&&) noexcept = default;

std::size_t NetworkLossModel::element_count() const noexcept { return impl_->element_count(); }

std::optional<ElementIndex> NetworkLossModel::find(std::string_view id) const {
  auto it = impl_->by_id.find(id);
  if (it == impl_->by_id.end()) return std::nullopt;
  return it->second;
}

const std::string& NetworkLossModel::id(ElementIndex element) const {
  impl_->check_elements(std::span(&element, 1));
  return impl_->graph.element_ids[element];
}

bool NetworkLossModel::is_link(ElementIndex element) const {
  impl_->check_elements(std::span(&element, 1));
  return element >= impl_->graph.nodes.size();
}

std::vector<ElementIndex> NetworkLossModel::customers() const {
  std::vector<ElementIndex> result;
  for (std::size_t n = 0; n < impl_->graph.nodes.size(); ++n)
    if (impl_->graph.nodes[n].demand > 0) result.push_back(static_cast<ElementIndex>(n));
  return result;
}

double NetworkLossModel::lost_sales_value(std::span<const ElementIndex> outage, double days) const {
  impl_->check_elements(outage);
  if (!(std::isfinite(days) && days >= 0)) throw UsageError("days", "must be finite and >= 0");
  if (outage.empty() || days == 0) return 0;
  return impl_->solver(outage, true).solve(days).value;
}

std::shared_ptr<const PiecewiseLinear> NetworkLossModel::loss_curve(std::span<const ElementIndex> outage) const {
  impl_->check_elements(outage);
  for (std::size_t i = 1; i < outage.size(); ++i)
    if (!(outage[i - 1] < outage[i])) throw UsageError("outage", "the outage set must be sorted without repeats");
  if (outage.size() == 1) return impl_->single_curve[outage[0]];
  std::vector<std::uint32_t> region;
  return impl_->compute_curve(outage, region, impl_->solves);
}

const PiecewiseLinear& NetworkLossModel::loss_curve(ElementIndex element) const {
  impl_->check_elements(std::span<const ElementIndex>(&element, 1));
  return impl_->single(element);
}

double NetworkLossModel::joint_lost_sales_value(std::span<const ElementIndex> outage, double days) const {
  return loss_curve(outage)->evaluate(days);
}

double NetworkLossModel::time_to_survive_days(ElementIndex element) const { return loss_curve(element).last_zero_days(); }

std::uint64_t NetworkLossModel::lp_solves() const noexcept { return impl_->solves.load(); }

double NetworkLossModel::overlapping_lost_sales_value(std::span<const TimedOutage> outages, OverlapRule rule) const {
  return JointCurves(*this).overlapping_lost_sales_value(outages, rule);
}

}  // namespace scrisk::analysis
