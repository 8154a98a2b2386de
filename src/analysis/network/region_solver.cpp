#include "analysis/network/region_solver.hpp"

#include <algorithm>
#include <numeric>

#include "core/format.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::analysis::detail {

RegionSolver::RegionSolver(const RegionContext& context, std::span<const ElementIndex> outage, bool with_inventory,
                           std::span<const std::uint32_t> seed_nodes, std::atomic<std::uint64_t>& solves)
    : context_(context), with_inventory_(with_inventory), period_outages_{{outage.begin(), outage.end()}}, solves_(solves) {
  std::sort(period_outages_[0].begin(), period_outages_[0].end());
  std::vector<std::uint32_t> initial(seed_nodes.begin(), seed_nodes.end());
  add_outage_neighbourhood(outage, initial);
  add_nodes(initial);
}

RegionSolver::RegionSolver(const RegionContext& context, std::vector<std::vector<ElementIndex>> period_outages,
                           std::span<const std::uint32_t> seed_nodes, std::atomic<std::uint64_t>& solves)
    : context_(context), with_inventory_(true), period_outages_(std::move(period_outages)), solves_(solves) {
  if (period_outages_.empty()) throw InternalError("RegionSolver: a timeline without periods");
  std::vector<std::uint32_t> initial(seed_nodes.begin(), seed_nodes.end());
  for (std::vector<ElementIndex>& outage : period_outages_) {
    std::sort(outage.begin(), outage.end());
    add_outage_neighbourhood(outage, initial);
  }
  add_nodes(initial);
}

RegionSolver::RegionSolver(const RegionSolver& other)
    : context_(other.context_),
      with_inventory_(other.with_inventory_),
      period_outages_(other.period_outages_),
      lengths_(other.lengths_),
      solves_(other.solves_),
      region_(other.region_),
      downstream_reach_(other.downstream_reach_),
      simplex_(other.simplex_ ? std::make_unique<ClpSimplex>(*other.simplex_) : nullptr),
      row_rate_(other.row_rate_),
      row_constant_(other.row_constant_),
      row_period_(other.row_period_),
      row_equality_(other.row_equality_),
      in_boundary_(other.in_boundary_),
      out_boundary_(other.out_boundary_),
      shortfalls_(other.shortfalls_),
      lost_(other.lost_) {}

void RegionSolver::add_outage_neighbourhood(std::span<const ElementIndex> outage, std::vector<std::uint32_t>& initial) const {
  const std::vector<Node>& nodes = *context_.nodes;
  const std::vector<Arc>& arcs = *context_.arcs;
  std::vector<std::uint32_t> receivers;  // facilities that lose a supplier
  for (ElementIndex element : outage) {
    if (element < nodes.size()) {
      // An out facility's links all carry nothing: both their ends must be in the region.
      initial.push_back(element);
      for (std::uint32_t a : nodes[element].out_links) receivers.push_back(arcs[a].to);
      for (std::uint32_t a : nodes[element].in_links) initial.push_back(arcs[a].from);
    } else {
      const Arc& arc = arcs[element - nodes.size()];
      initial.push_back(arc.from);
      receivers.push_back(arc.to);
    }
  }
  initial.insert(initial.end(), receivers.begin(), receivers.end());
}

Sample RegionSolver::solve(double t) {
  if (period_outages_.size() != 1) throw InternalError("RegionSolver: solve(t) of a timeline of several periods");
  lengths_.assign(1, t);
  solve_certified();
  // Outside rows have dual 0, so the region's rows give the whole LP's dL/dt.
  const double* dual = simplex_->dualRowSolution();
  double slope = 0;
  for (std::size_t row = 0; row < row_rate_.size(); ++row) slope += dual[row] * row_rate_[row];
  return {t, std::max(0.0, lost_sales_value()), std::max(0.0, slope)};
}

double RegionSolver::solve(std::span<const double> lengths_days) {
  if (lengths_days.size() != period_outages_.size()) throw InternalError("RegionSolver: one length per period");
  lengths_.assign(lengths_days.begin(), lengths_days.end());
  solve_certified();
  return std::max(0.0, lost_sales_value());
}

void RegionSolver::solve_certified() {
  for (;;) {
    if (!simplex_) build();
    set_lengths();
    ++solves_;
    simplex_->dual();
    if (!simplex_->isProvenOptimal()) {  // numerical trouble on a warm start: solve from scratch
      simplex_->allSlackBasis(true);
      simplex_->primal();
      if (!simplex_->isProvenOptimal())
        throw InternalError("Clp could not solve the time-to-recover LP (status " + std::to_string(simplex_->status()) +
                            ") at t = " + scrisk::detail::format_number(lengths_.front()));
    }
    std::vector<std::uint32_t> growth = offending_far_ends();
    if (growth.empty()) return;
    // A disturbance that travels down a deep chain (each stage's stock covering part of
    // it) would otherwise grow the region one stage per rebuild, N rebuilds of an LP of
    // size N. Reaching further downstream each round (1, 2, 4, ... stages past the far
    // ends) takes log N rebuilds, with a region at most twice the one needed.
    add_downstream(growth, downstream_reach_);
    downstream_reach_ = std::min<std::size_t>(2 * downstream_reach_ + 1, std::size_t{1} << 20);
    add_nodes(growth);
    simplex_.reset();
  }
}

void RegionSolver::add_downstream(std::vector<std::uint32_t>& growth, std::size_t stages) const {
  const std::vector<Node>& nodes = *context_.nodes;
  const std::vector<Arc>& arcs = *context_.arcs;
  std::vector<std::uint32_t> frontier = growth;
  std::vector<bool> seen(nodes.size(), false);
  for (std::uint32_t n : growth) seen[n] = true;
  for (std::size_t stage = 0; stage < stages && !frontier.empty(); ++stage) {
    std::vector<std::uint32_t> next;
    for (std::uint32_t n : frontier)
      for (std::uint32_t a : nodes[n].out_links) {
        const std::uint32_t to = arcs[a].to;
        if (seen[to] || inside(to)) continue;
        seen[to] = true;
        next.push_back(to);
      }
    growth.insert(growth.end(), next.begin(), next.end());
    frontier = std::move(next);
  }
}

void RegionSolver::add_nodes(std::vector<std::uint32_t> added) {
  added.insert(added.end(), region_.begin(), region_.end());
  std::sort(added.begin(), added.end());
  added.erase(std::unique(added.begin(), added.end()), added.end());
  region_ = std::move(added);
}

void RegionSolver::set_lengths() {
  for (std::size_t row = 0; row < row_rate_.size(); ++row) {
    const double rate = row_rate_[row];
    if (rate == 0) continue;
    const double bound = rate * lengths_[row_period_[row]] + row_constant_[row];
    if (row_equality_[row])
      simplex_->setRowBounds(static_cast<int>(row), bound, bound);
    else
      simplex_->setRowUpper(static_cast<int>(row), bound);
  }
  // Never an out link: the constructor puts both ends of every out element's links inside.
  for (const BoundaryLink& link : in_boundary_)
    simplex_->setColumnUpper(link.column, link.baseline_per_day * lengths_[link.period]);
  for (const BoundaryLink& link : out_boundary_)
    simplex_->setColumnLower(link.column, link.baseline_per_day * lengths_[link.period]);
}

double RegionSolver::primal_tolerance(std::uint32_t period) const {
  return context_.primal_tolerance_per_day * std::max(1.0, lengths_[period]);
}

std::vector<std::uint32_t> RegionSolver::offending_far_ends() const {
  const std::vector<Arc>& arcs = *context_.arcs;
  const double* value = simplex_->primalColumnSolution();
  std::vector<std::uint32_t> growth;
  for (const ShortfallColumn& shortfall : shortfalls_) {
    if (value[shortfall.column] <= primal_tolerance(shortfall.period)) continue;
    // The facility cannot deliver its baseline to outside: its receivers join.
    for (const BoundaryLink& link : out_boundary_)
      if (arcs[link.arc].from == shortfall.node && link.baseline_per_day > 0) growth.push_back(arcs[link.arc].to);
  }
  add_helpful_suppliers(growth);
  add_gap_receivers(growth);
  std::sort(growth.begin(), growth.end());
  growth.erase(std::unique(growth.begin(), growth.end()), growth.end());
  return growth;
}

void RegionSolver::add_helpful_suppliers(std::vector<std::uint32_t>& growth) const {
  const std::vector<Arc>& arcs = *context_.arcs;
  const double* value = simplex_->primalColumnSolution();
  const double* reduced = simplex_->dualColumnSolution();
  std::vector<std::uint32_t> suppliers;
  for (const BoundaryLink& link : in_boundary_) {
    // At its baseline and more would help: its supplier's spare capacity matters.
    const bool at_baseline = value[link.column] >= link.baseline_per_day * lengths_[link.period] - primal_tolerance(link.period);
    if (at_baseline && reduced[link.column] < -context_.dual_tolerance) suppliers.push_back(arcs[link.arc].from);
  }
  // A supplier that is to make more needs more of every input, which the next round
  // would find at its own boundary, and so on up the chain: take all its suppliers'
  // suppliers now (one rebuild instead of one per tier).
  for (std::size_t i = 0; i < suppliers.size(); ++i) {
    const std::uint32_t n = suppliers[i];
    growth.push_back(n);
    for (std::uint32_t a : (*context_.nodes)[n].in_links) {
      const std::uint32_t from = arcs[a].from;
      if (!inside(from) && std::find(suppliers.begin(), suppliers.end(), from) == suppliers.end()) suppliers.push_back(from);
    }
  }
}

void RegionSolver::add_gap_receivers(std::vector<std::uint32_t>& growth) const {
  const std::vector<Arc>& arcs = *context_.arcs;
  const double* value = simplex_->primalColumnSolution();
  const double* reduced = simplex_->dualColumnSolution();
  // Links to outside held at their baseline while the region would rather keep the
  // goods: the duality gap of the extended plan is sum t * baseline * reduced cost.
  auto excess = [&](const BoundaryLink& link) {
    const double held = link.baseline_per_day * lengths_[link.period];
    return value[link.column] <= held + primal_tolerance(link.period) ? held * std::max(0.0, reduced[link.column]) : 0.0;
  };
  double gap = 0;
  std::size_t contributors = 0;
  for (const BoundaryLink& link : out_boundary_)
    if (const double e = excess(link); e > 0) {
      gap += e;
      ++contributors;
    }
  const double total_days = std::accumulate(lengths_.begin(), lengths_.end(), 0.0);
  if (gap <= context_.gap_tolerance_per_day * std::max(1.0, total_days)) return;
  const double share = gap / static_cast<double>(contributors);  // the largest one is at least this
  for (const BoundaryLink& link : out_boundary_)
    if (excess(link) >= share) growth.push_back(arcs[link.arc].to);
}

double RegionSolver::lost_sales_value() const {
  // Shortfalls are within tolerance here; their penalty is not a lost sale.
  double value = simplex_->objectiveValue();
  const double* column_value = simplex_->primalColumnSolution();
  for (const ShortfallColumn& shortfall : shortfalls_) value -= context_.shortfall_cost * column_value[shortfall.column];
  return value;
}

void RegionSolver::add_lost_units(std::vector<double>& per_node) const {
  const double* column_value = simplex_->primalColumnSolution();
  for (const LostColumn& lost : lost_) per_node[lost.node] += std::max(0.0, column_value[lost.column]);
}

}  // namespace scrisk::analysis::detail
