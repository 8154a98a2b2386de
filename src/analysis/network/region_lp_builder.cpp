// The arrays of a region's LP, period by period (region_solver.hpp).
#include <algorithm>

#include "analysis/network/region_solver.hpp"

namespace scrisk::analysis::detail {

/// The arrays of the region's LP while it is assembled, and the steps that fill them. One
/// period has today's TTR LP with stock drawn as columns bounded by the inventories; several
/// periods carry stock levels instead, each period's balance taking what the last one left.
class RegionSolver::Builder {
 public:
  explicit Builder(RegionSolver& solver)
      : s_(solver),
        nodes_(*solver.context_.nodes),
        arcs_(*solver.context_.arcs),
        baseline_(*solver.context_.baseline_link_rate),
        carries_stock_(solver.period_outages_.size() > 1) {}

  void build() {
    collect_links();
    stock_.assign(s_.region_.size(), kNone);
    slot_stock_.assign(s_.region_.size(), {});
    for (std::uint32_t period = 0; period < s_.period_outages_.size(); ++period) {
      period_ = period;
      add_link_columns();
      for (std::size_t i = 0; i < s_.region_.size(); ++i) add_facility(i);
      for (std::size_t i = 0; i < touched_.size(); ++i)  // shipped <= capacity * t
        if (std::isfinite(arcs_[touched_[i]].capacity))
          columns_[static_cast<std::size_t>(link_column_[i])].push_back({add_row(arcs_[touched_[i]].capacity, false), 1});
    }
    load();
  }

 private:
  [[nodiscard]] bool is_out(ElementIndex element) const {
    const std::vector<ElementIndex>& outage = s_.period_outages_[period_];
    return std::binary_search(outage.begin(), outage.end(), element);
  }
  int add_column(double upper, double column_cost) {
    columns_.emplace_back();
    column_lower_.push_back(0);
    column_upper_.push_back(upper);
    cost_.push_back(column_cost);
    return static_cast<int>(columns_.size() - 1);
  }
  int add_row(double rate, bool equality, double constant = 0) {
    row_lower_.push_back(equality ? constant : -kInf);
    row_upper_.push_back(constant);
    s_.row_rate_.push_back(rate);
    s_.row_constant_.push_back(constant);
    s_.row_period_.push_back(period_);
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

  /// The period's column per touched link (0 when it or an end is out); those crossing the
  /// boundary are held to their baseline by set_lengths().
  void add_link_columns() {
    link_column_.resize(touched_.size());
    const std::size_t first_out = s_.out_boundary_.size();
    for (std::size_t i = 0; i < touched_.size(); ++i) {
      const std::uint32_t a = touched_[i];
      const Arc& arc = arcs_[a];
      const bool down = is_out(static_cast<ElementIndex>(nodes_.size() + a)) || is_out(arc.from) || is_out(arc.to);
      link_column_[i] = add_column(down ? 0 : kInf, 0);
      const bool from_inside = s_.inside(arc.from), to_inside = s_.inside(arc.to);
      if (!from_inside)
        s_.in_boundary_.push_back({a, link_column_[i], baseline_[a], period_});
      else if (!to_inside)
        s_.out_boundary_.push_back({a, link_column_[i], baseline_[a], period_});
    }
    std::sort(s_.out_boundary_.begin() + static_cast<std::ptrdiff_t>(first_out), s_.out_boundary_.end(),
              [&](const BoundaryLink& x, const BoundaryLink& y) {
                return arcs_[x.arc].from != arcs_[y.arc].from ? arcs_[x.arc].from < arcs_[y.arc].from : x.arc < y.arc;
              });
  }

  /// A stock's column in this period, and its terms in the row it balances: one period
  /// draws (column <= stock, -1); several carry the level left (column <= stock: +1 in this
  /// period's row, the last period's level -1, the first period's row starting from the
  /// full stock).
  struct StockTerm {
    int column = kNone;
    int previous = kNone;
    double row_constant = 0;
  };
  StockTerm add_stock(double stock_units, bool down, int& carried) {
    if (!carries_stock_) return {s_.with_inventory_ && stock_units > 0 ? add_column(down ? 0 : stock_units, 0) : kNone};
    if (stock_units <= 0) return {};
    StockTerm term{add_column(stock_units, 0), carried, carried == kNone ? stock_units : 0};
    carried = term.column;
    return term;
  }
  void enter_stock(const StockTerm& stock, int row) {
    if (stock.column == kNone) return;
    entry(stock.column, row, carries_stock_ ? 1 : -1);
    if (stock.previous != kNone) entry(stock.previous, row, -1);
  }

  void add_facility(std::size_t i) {
    const std::uint32_t n = s_.region_[i];
    const Node& node = nodes_[n];
    const bool down = is_out(n);
    const int x = add_column(down ? 0 : kInf, 0);
    const StockTerm stock = add_stock(node.inventory, down, stock_[i]);
    int s = kNone;
    if (node.demand > 0) {
      s = add_column(down ? 0 : kInf, 0);
      const int l = add_column(kInf, node.value);
      const int row = add_row(node.demand, true);  // sold + lost = demand * t
      entry(s, row, 1);
      entry(l, row, 1);
      s_.lost_.push_back({n, l});
    }
    if (std::isfinite(node.capacity)) entry(x, add_row(node.capacity, false), 1);
    if (!node.out_links.empty() || s != kNone) add_balance(n, x, stock, s);
    slot_stock_[i].resize(node.slots.size(), kNone);
    for (std::size_t k = 0; k < node.slots.size(); ++k) {  // q * made <= received + input stock drawn
      const Slot& slot = node.slots[k];
      const StockTerm slot_stock = add_stock(slot.inventory_units, down, slot_stock_[i][k]);
      const int row = add_row(0, false, slot_stock.row_constant);
      entry(x, row, slot.quantity_per_unit);
      for (std::uint32_t a : slot.links) entry(column_of_link(a), row, -1);
      enter_stock(slot_stock, row);
    }
  }

  /// shipped + sold <= made + stock drawn (+ a shortfall, for a facility shipping outside).
  void add_balance(std::uint32_t n, int x, const StockTerm& stock, int s) {
    const int row = add_row(0, false, stock.row_constant);
    bool ships_outside = false;
    for (std::uint32_t a : nodes_[n].out_links) {
      entry(column_of_link(a), row, 1);
      ships_outside = ships_outside || (!s_.inside(arcs_[a].to) && baseline_[a] > 0);
    }
    if (s != kNone) entry(s, row, 1);
    entry(x, row, -1);
    enter_stock(stock, row);
    if (ships_outside) {
      const int shortfall = add_column(kInf, s_.context_.shortfall_cost);
      entry(shortfall, row, -1);
      s_.shortfalls_.push_back({n, shortfall, period_});
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
  const bool carries_stock_;
  std::uint32_t period_ = 0;
  std::vector<std::uint32_t> touched_;
  std::vector<int> link_column_;
  std::vector<int> stock_;                    // per region facility: its stock column of the last period
  std::vector<std::vector<int>> slot_stock_;  // per region facility and input
  std::vector<std::vector<std::pair<int, double>>> columns_;
  std::vector<double> column_lower_, column_upper_, cost_, row_lower_, row_upper_;
};

void RegionSolver::build() {
  row_rate_.clear();
  row_constant_.clear();
  row_period_.clear();
  row_equality_.clear();
  in_boundary_.clear();
  out_boundary_.clear();
  shortfalls_.clear();
  lost_.clear();
  Builder(*this).build();
}

}  // namespace scrisk::analysis::detail
