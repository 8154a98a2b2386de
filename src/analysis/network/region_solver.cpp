#include "analysis/network/region_solver.hpp"

#include <algorithm>

#include "core/format.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::analysis::detail {

RegionSolver::RegionSolver(const RegionContext& context, std::span<const ElementIndex> outage, bool with_inventory,
                           std::span<const std::uint32_t> seed_nodes, std::atomic<std::uint64_t>& solves)
    : context_(context), with_inventory_(with_inventory), outage_(outage.begin(), outage.end()), solves_(solves) {
  std::sort(outage_.begin(), outage_.end());
  const std::vector<Node>& nodes = *context.nodes;
  const std::vector<Arc>& arcs = *context.arcs;
  std::vector<std::uint32_t> initial(seed_nodes.begin(), seed_nodes.end());
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
  add_nodes(initial);
}

Sample RegionSolver::solve(double t) {
  for (;;) {
    if (!simplex_) build();
    set_lengths(t);
    ++solves_;
    simplex_->dual();
    if (!simplex_->isProvenOptimal()) {  // numerical trouble on a warm start: solve from scratch
      simplex_->allSlackBasis(true);
      simplex_->primal();
      if (!simplex_->isProvenOptimal())
        throw InternalError("Clp could not solve the time-to-recover LP (status " + std::to_string(simplex_->status()) +
                            ") at t = " + scrisk::detail::format_number(t));
    }
    std::vector<std::uint32_t> growth = offending_far_ends(t);
    if (growth.empty()) return sample(t);
    add_nodes(growth);
    simplex_.reset();
  }
}

void RegionSolver::add_nodes(std::vector<std::uint32_t> added) {
  added.insert(added.end(), region_.begin(), region_.end());
  std::sort(added.begin(), added.end());
  added.erase(std::unique(added.begin(), added.end()), added.end());
  region_ = std::move(added);
}

void RegionSolver::set_lengths(double t) {
  for (std::size_t row = 0; row < row_rate_.size(); ++row) {
    const double rate = row_rate_[row];
    if (rate == 0) continue;
    if (row_equality_[row])
      simplex_->setRowBounds(static_cast<int>(row), rate * t, rate * t);
    else
      simplex_->setRowUpper(static_cast<int>(row), rate * t);
  }
  // Never an out link: the constructor puts both ends of every out element's links inside.
  for (const BoundaryLink& link : in_boundary_) simplex_->setColumnUpper(link.column, link.baseline_per_day * t);
  for (const BoundaryLink& link : out_boundary_) simplex_->setColumnLower(link.column, link.baseline_per_day * t);
}

std::vector<std::uint32_t> RegionSolver::offending_far_ends(double t) const {
  const std::vector<Arc>& arcs = *context_.arcs;
  const double* value = simplex_->primalColumnSolution();
  const double primal_tolerance = context_.primal_tolerance_per_day * std::max(1.0, t);
  std::vector<std::uint32_t> growth;
  for (const ShortfallColumn& shortfall : shortfalls_) {
    if (value[shortfall.column] <= primal_tolerance) continue;
    // The facility cannot deliver its baseline to outside: its receivers join.
    for (const BoundaryLink& link : out_boundary_)
      if (arcs[link.arc].from == shortfall.node && link.baseline_per_day > 0) growth.push_back(arcs[link.arc].to);
  }
  add_helpful_suppliers(t, growth);
  add_gap_receivers(t, growth);
  std::sort(growth.begin(), growth.end());
  growth.erase(std::unique(growth.begin(), growth.end()), growth.end());
  return growth;
}

void RegionSolver::add_helpful_suppliers(double t, std::vector<std::uint32_t>& growth) const {
  const std::vector<Arc>& arcs = *context_.arcs;
  const double* value = simplex_->primalColumnSolution();
  const double* reduced = simplex_->dualColumnSolution();
  const double primal_tolerance = context_.primal_tolerance_per_day * std::max(1.0, t);
  std::vector<std::uint32_t> suppliers;
  for (const BoundaryLink& link : in_boundary_) {
    // At its baseline and more would help: its supplier's spare capacity matters.
    const bool at_baseline = value[link.column] >= link.baseline_per_day * t - primal_tolerance;
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

void RegionSolver::add_gap_receivers(double t, std::vector<std::uint32_t>& growth) const {
  const std::vector<Arc>& arcs = *context_.arcs;
  const double* value = simplex_->primalColumnSolution();
  const double* reduced = simplex_->dualColumnSolution();
  const double primal_tolerance = context_.primal_tolerance_per_day * std::max(1.0, t);
  // Links to outside held at their baseline while the region would rather keep the
  // goods: the duality gap of the extended plan is sum t * baseline * reduced cost.
  double gap = 0;
  std::size_t contributors = 0;
  for (const BoundaryLink& link : out_boundary_) {
    const double excess = link.baseline_per_day * t * std::max(0.0, reduced[link.column]);
    if (excess > 0 && value[link.column] <= link.baseline_per_day * t + primal_tolerance) {
      gap += excess;
      ++contributors;
    }
  }
  const double gap_tolerance = context_.gap_tolerance_per_day * std::max(1.0, t);
  if (gap > gap_tolerance) {
    const double share = gap / static_cast<double>(contributors);  // the largest one is at least this
    for (const BoundaryLink& link : out_boundary_) {
      const double excess = link.baseline_per_day * t * std::max(0.0, reduced[link.column]);
      if (excess >= share && value[link.column] <= link.baseline_per_day * t + primal_tolerance)
        growth.push_back(arcs[link.arc].to);
    }
  }
}

Sample RegionSolver::sample(double t) const {
  // Shortfalls are within tolerance here; their penalty is not a lost sale.
  double value = simplex_->objectiveValue();
  const double* column_value = simplex_->primalColumnSolution();
  for (const ShortfallColumn& shortfall : shortfalls_) value -= context_.shortfall_cost * column_value[shortfall.column];
  // Outside rows have dual 0, so the region's rows give the whole LP's dL/dt.
  const double* dual = simplex_->dualRowSolution();
  double slope = 0;
  for (std::size_t row = 0; row < row_rate_.size(); ++row) slope += dual[row] * row_rate_[row];
  return {t, std::max(0.0, value), std::max(0.0, slope)};
}

/// The arrays of the region's LP while it is assembled, and the steps that fill them.
class RegionSolver::Builder {
 public:
  explicit Builder(RegionSolver& solver)
      : s_(solver),
        nodes_(*solver.context_.nodes),
        arcs_(*solver.context_.arcs),
        baseline_(*solver.context_.baseline_link_rate) {}

  void build() {
    collect_links();
    add_link_columns();
    for (std::uint32_t n : s_.region_) add_facility(n);
    for (std::size_t i = 0; i < touched_.size(); ++i)  // shipped <= capacity * t
      if (std::isfinite(arcs_[touched_[i]].capacity))
        columns_[static_cast<std::size_t>(link_column_[i])].push_back({add_row(arcs_[touched_[i]].capacity, false), 1});
    load();
  }

 private:
  int add_column(double upper, double column_cost) {
    columns_.emplace_back();
    column_lower_.push_back(0);
    column_upper_.push_back(upper);
    cost_.push_back(column_cost);
    return static_cast<int>(columns_.size() - 1);
  }
  int add_row(double rate, bool equality) {
    row_lower_.push_back(equality ? 0 : -kInf);
    row_upper_.push_back(0);
    s_.row_rate_.push_back(rate);
    s_.row_equality_.push_back(equality);
    return static_cast<int>(row_lower_.size() - 1);
  }
  void entry(int column, int row, double coefficient) {
    columns_[static_cast<std::size_t>(column)].push_back({row, coefficient});
  }
  int column_of_link(std::uint32_t a) const {
    return link_column_[static_cast<std::size_t>(std::lower_bound(touched_.begin(), touched_.end(), a) - touched_.begin())];
  }

  /// The links with an end in the region, sorted.
  void collect_links() {
    for (std::uint32_t n : s_.region_) {
      touched_.insert(touched_.end(), nodes_[n].out_links.begin(), nodes_[n].out_links.end());
      touched_.insert(touched_.end(), nodes_[n].in_links.begin(), nodes_[n].in_links.end());
    }
    std::sort(touched_.begin(), touched_.end());
    touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
  }

  /// A column per touched link (0 when it or an end is out); those crossing the boundary
  /// are held to their baseline by set_lengths().
  void add_link_columns() {
    link_column_.resize(touched_.size());
    for (std::size_t i = 0; i < touched_.size(); ++i) {
      const std::uint32_t a = touched_[i];
      const Arc& arc = arcs_[a];
      const bool down = s_.is_out(static_cast<ElementIndex>(nodes_.size() + a)) || s_.is_out(arc.from) || s_.is_out(arc.to);
      link_column_[i] = add_column(down ? 0 : kInf, 0);
      const bool from_inside = s_.inside(arc.from), to_inside = s_.inside(arc.to);
      if (!from_inside)
        s_.in_boundary_.push_back({a, link_column_[i], baseline_[a]});
      else if (!to_inside)
        s_.out_boundary_.push_back({a, link_column_[i], baseline_[a]});
    }
    std::sort(s_.out_boundary_.begin(), s_.out_boundary_.end(), [&](const BoundaryLink& x, const BoundaryLink& y) {
      return arcs_[x.arc].from != arcs_[y.arc].from ? arcs_[x.arc].from < arcs_[y.arc].from : x.arc < y.arc;
    });
  }

  void add_facility(std::uint32_t n) {
    const Node& node = nodes_[n];
    const bool down = s_.is_out(n);
    const int x = add_column(down ? 0 : kInf, 0);
    const int u = s_.with_inventory_ && node.inventory > 0 ? add_column(down ? 0 : node.inventory, 0) : kNone;
    int s = kNone;
    if (node.demand > 0) {
      s = add_column(down ? 0 : kInf, 0);
      const int l = add_column(kInf, node.value);
      const int row = add_row(node.demand, true);  // sold + lost = demand * t
      entry(s, row, 1);
      entry(l, row, 1);
    }
    if (std::isfinite(node.capacity)) entry(x, add_row(node.capacity, false), 1);
    if (!node.out_links.empty() || s != kNone) add_balance(n, x, u, s);
    for (const Slot& slot : node.slots) {  // q * made <= received + input stock drawn
      const int row = add_row(0, false);
      entry(x, row, slot.quantity_per_unit);
      for (std::uint32_t a : slot.links) entry(column_of_link(a), row, -1);
      if (s_.with_inventory_ && slot.inventory_units > 0) entry(add_column(down ? 0 : slot.inventory_units, 0), row, -1);
    }
  }

  /// shipped + sold <= made + stock drawn (+ a shortfall, for a facility shipping outside).
  void add_balance(std::uint32_t n, int x, int u, int s) {
    const int row = add_row(0, false);
    bool ships_outside = false;
    for (std::uint32_t a : nodes_[n].out_links) {
      entry(column_of_link(a), row, 1);
      ships_outside = ships_outside || (!s_.inside(arcs_[a].to) && baseline_[a] > 0);
    }
    if (s != kNone) entry(s, row, 1);
    entry(x, row, -1);
    if (u != kNone) entry(u, row, -1);
    if (ships_outside) {
      const int shortfall = add_column(kInf, s_.context_.shortfall_cost);
      entry(shortfall, row, -1);
      s_.shortfalls_.push_back({n, shortfall});
    }
  }

  void load() {
    ColumnMajor packed = column_major(columns_);
    for (double& bound : column_upper_) bound = clp_bound(bound);
    for (double& bound : row_lower_) bound = clp_bound(bound);
    s_.simplex_ = std::make_unique<ClpSimplex>();
    s_.simplex_->setLogLevel(0);
    s_.simplex_->messageHandler()->setLogLevel(0);
    s_.simplex_->loadProblem(static_cast<int>(columns_.size()), static_cast<int>(row_lower_.size()), packed.start.data(),
                             packed.index.data(), packed.value.data(), column_lower_.data(), column_upper_.data(), cost_.data(),
                             row_lower_.data(), row_upper_.data());
  }

  RegionSolver& s_;
  const std::vector<Node>& nodes_;
  const std::vector<Arc>& arcs_;
  const std::vector<double>& baseline_;
  std::vector<std::uint32_t> touched_;
  std::vector<int> link_column_;
  std::vector<std::vector<std::pair<int, double>>> columns_;
  std::vector<double> column_lower_, column_upper_, cost_, row_lower_, row_upper_;
};

void RegionSolver::build() {
  row_rate_.clear();
  row_equality_.clear();
  in_boundary_.clear();
  out_boundary_.clear();
  shortfalls_.clear();
  Builder(*this).build();
}

}  // namespace scrisk::analysis::detail
