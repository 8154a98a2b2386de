#include "analysis/network/aggregate_lp.hpp"

#include <ClpEventHandler.hpp>

#include "core/format.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::analysis::detail {
namespace {

/// Builds AggregateLp's columns (per facility, then per link) and rows.
class AggregateBuilder {
 public:
  AggregateBuilder(AggregateLp& lp, const FlowGraph& graph) : lp_(lp), graph_(graph) {}

  void build() {
    lp_.nodes.resize(graph_.nodes.size());
    for (std::size_t n = 0; n < graph_.nodes.size(); ++n) add_node_columns(n);
    for (std::size_t a = 0; a < graph_.arcs.size(); ++a) lp_.link_column.push_back(add_column(kInf, 0));
    for (const AggregateLp::NodeColumns& cols : lp_.nodes)
      for (std::int32_t w : cols.w)
        if (w != kNone) lp_.inventory_columns.push_back(w);
    for (std::size_t n = 0; n < graph_.nodes.size(); ++n) add_node_rows(n);
    for (std::size_t a = 0; a < graph_.arcs.size(); ++a) {
      if (!std::isfinite(graph_.arcs[a].capacity)) continue;
      const int row = add_row(-kInf, 0, graph_.arcs[a].capacity, false);  // shipped <= capacity * t
      columns_[lp_.link_column[a]].push_back({row, 1});
    }
    ColumnMajor packed = column_major(columns_);
    lp_.start = std::move(packed.start);
    lp_.index = std::move(packed.index);
    lp_.value = std::move(packed.value);
  }

 private:
  std::int32_t add_column(double upper, double cost) {
    columns_.emplace_back();
    lp_.column_upper.push_back(upper);
    lp_.objective.push_back(cost);
    return static_cast<std::int32_t>(columns_.size() - 1);
  }
  int add_row(double lower, double upper, double rate, bool equality) {
    lp_.row_lower.push_back(lower);
    lp_.row_upper.push_back(upper);
    lp_.row_rate.push_back(rate);
    lp_.row_equality.push_back(equality);
    return static_cast<int>(lp_.row_lower.size() - 1);
  }

  void add_node_columns(std::size_t n) {
    const Node& node = graph_.nodes[n];
    AggregateLp::NodeColumns& cols = lp_.nodes[n];
    cols.x = add_column(kInf, 0);
    if (node.inventory > 0) lp_.inventory_columns.push_back(cols.u = add_column(node.inventory, 0));
    if (node.demand > 0) {
      cols.s = add_column(kInf, 0);
      cols.l = add_column(kInf, node.value);
    }
    for (const Slot& slot : node.slots) cols.w.push_back(slot.inventory_units > 0 ? add_column(slot.inventory_units, 0) : kNone);
  }

  void add_node_rows(std::size_t n) {
    const Node& node = graph_.nodes[n];
    AggregateLp::NodeColumns& cols = lp_.nodes[n];
    if (std::isfinite(node.capacity)) {  // x <= capacity * t
      const int row = add_row(-kInf, 0, node.capacity, false);
      columns_[cols.x].push_back({row, 1});
    }
    if (!node.out_links.empty() || cols.s != kNone) {  // shipped + sold <= made + stock drawn
      const int row = add_row(-kInf, 0, 0, false);
      for (std::uint32_t a : node.out_links) columns_[lp_.link_column[a]].push_back({row, 1});
      if (cols.s != kNone) columns_[cols.s].push_back({row, 1});
      columns_[cols.x].push_back({row, -1});
      if (cols.u != kNone) columns_[cols.u].push_back({row, -1});
    }
    for (std::size_t k = 0; k < node.slots.size(); ++k) {  // q * made <= received + input stock drawn
      const Slot& slot = node.slots[k];
      const int row = add_row(-kInf, 0, 0, false);
      columns_[cols.x].push_back({row, slot.quantity_per_unit});
      for (std::uint32_t a : slot.links) columns_[lp_.link_column[a]].push_back({row, -1});
      if (cols.w[k] != kNone) columns_[cols.w[k]].push_back({row, -1});
    }
    if (cols.s != kNone) {  // sold + lost = demand * t
      const int row = add_row(0, 0, node.demand, true);
      cols.demand_row = row;
      columns_[cols.s].push_back({row, 1});
      columns_[cols.l].push_back({row, 1});
    }
  }

  AggregateLp& lp_;
  const FlowGraph& graph_;
  std::vector<std::vector<std::pair<int, double>>> columns_;  // per column: (row, coefficient)
};

ClpSimplex copy_of(const ClpSimplex& prototype, std::mutex& mutex) {
  std::lock_guard lock(mutex);
  return ClpSimplex(prototype);
}

}  // namespace

AggregateLp::AggregateLp(const FlowGraph& graph) { AggregateBuilder(*this, graph).build(); }

namespace {

/// Stops Clp after an iteration once the compile is cancelled (Clp then returns with
/// status 5, "stopped by event handler").
class StopWhenCancelled : public ClpEventHandler {
 public:
  explicit StopWhenCancelled(const std::function<bool()>& cancelled) : cancelled_(&cancelled) {}
  int event(Event which) override { return which == endOfIteration && (*cancelled_)() ? 0 : -1; }
  [[nodiscard]] ClpEventHandler* clone() const override { return new StopWhenCancelled(*this); }

 private:
  const std::function<bool()>* cancelled_;
};

constexpr int kStoppedByEventHandler = 5;

}  // namespace

std::unique_ptr<ClpSimplex> solved_prototype(const AggregateLp& lp, bool with_inventory, const std::function<bool()>& cancelled) {
  std::vector<double> upper = lp.column_upper;
  if (!with_inventory)
    for (std::int32_t column : lp.inventory_columns) upper[static_cast<std::size_t>(column)] = 0;
  std::vector<double> lower(upper.size(), 0.0);
  for (double& bound : upper) bound = clp_bound(bound);
  std::vector<double> row_lower(lp.row_lower.size()), row_upper(lp.row_upper.size());
  for (std::size_t i = 0; i < row_lower.size(); ++i) {
    row_lower[i] = clp_bound(lp.row_lower[i] + (lp.row_equality[i] ? lp.row_rate[i] : 0));
    row_upper[i] = clp_bound(lp.row_upper[i] + lp.row_rate[i]);
  }
  auto simplex = std::make_unique<ClpSimplex>();
  simplex->setLogLevel(0);
  simplex->messageHandler()->setLogLevel(0);
  simplex->loadProblem(lp.column_count(), lp.row_count(), lp.start.data(), lp.index.data(), lp.value.data(), lower.data(),
                       upper.data(), lp.objective.data(), row_lower.data(), row_upper.data());
  if (cancelled) {
    const StopWhenCancelled stop(cancelled);
    simplex->passInEventHandler(&stop);  // a copy: the model owns it
  }
  simplex->dual();
  if (cancelled) {
    // The solvers copy this model: their copies must not keep asking a function that the
    // compile's options no longer hold.
    const ClpEventHandler keep_going;
    simplex->passInEventHandler(&keep_going);
  }
  if (simplex->status() == kStoppedByEventHandler) throw Cancelled();
  if (!simplex->isProvenOptimal())
    throw InternalError("Clp could not solve the undisrupted network's LP (status " + std::to_string(simplex->status()) + ")");
  return simplex;
}

AggregateSolver::AggregateSolver(const ClpSimplex& prototype, std::mutex& prototype_mutex, const AggregateLp& lp,
                                 const FlowGraph& graph, std::span<const ElementIndex> outage, std::atomic<std::uint64_t>& solves)
    : lp_(lp), solves_(solves), simplex_(copy_of(prototype, prototype_mutex)) {
  const std::size_t node_count = graph.nodes.size();
  auto zero = [&](std::int32_t column) {
    if (column != kNone) simplex_.setColumnUpper(column, 0);
  };
  for (ElementIndex element : outage) {
    if (element < node_count) {
      // An out facility neither makes, ships, receives nor sells: its stock is on site.
      const AggregateLp::NodeColumns& cols = lp.nodes[element];
      zero(cols.x);
      zero(cols.u);
      zero(cols.s);
      for (std::int32_t w : cols.w) zero(w);
      for (std::uint32_t a : graph.nodes[element].out_links) zero(lp.link_column[a]);
      for (std::uint32_t a : graph.nodes[element].in_links) zero(lp.link_column[a]);
    } else {
      zero(lp.link_column[element - node_count]);
    }
  }
}

Sample AggregateSolver::solve(double t) {
  for (int row = 0; row < lp_.row_count(); ++row) {
    const double rate = lp_.row_rate[static_cast<std::size_t>(row)];
    if (rate == 0) continue;
    const double bound = rate * t;
    if (lp_.row_equality[static_cast<std::size_t>(row)])
      simplex_.setRowBounds(row, bound, bound);
    else
      simplex_.setRowUpper(row, bound);
  }
  ++solves_;
  simplex_.dual();
  if (!simplex_.isProvenOptimal()) {  // numerical trouble on a warm start: solve from scratch
    simplex_.allSlackBasis(true);
    simplex_.primal();
    if (!simplex_.isProvenOptimal())
      throw InternalError("Clp could not solve the time-to-recover LP (status " + std::to_string(simplex_.status()) +
                          ") at t = " + scrisk::detail::format_number(t));
  }
  // The row duals y price each bound: dL/dt = sum_i y_i * rate_i. Because y stays dual
  // feasible for every t, L(t) + slope * (s - t) is a supporting line of L, which is what
  // the sandwich of loss_curves.cpp needs (an exact derivative is not required at a breakpoint).
  const double* dual = simplex_.dualRowSolution();
  double slope = 0;
  for (int row = 0; row < lp_.row_count(); ++row) slope += dual[row] * lp_.row_rate[static_cast<std::size_t>(row)];
  return {t, std::max(0.0, simplex_.objectiveValue()), std::max(0.0, slope)};
}

}  // namespace scrisk::analysis::detail
