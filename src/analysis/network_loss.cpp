// Time-to-recover LP, loss-curve breakpoints, joint-outage cache and the time-expanded
// reference LP. The formulation is written out in docs/network.md; the comments here say
// why the code does what it does.
#include "scrisk/analysis/network_loss.hpp"

#include <ClpSimplex.hpp>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <shared_mutex>
#include "scrisk/core/error.hpp"
#include <unordered_map>
#include <utility>

#include "core/format.hpp"
#include "scrisk/model/validate.hpp"

namespace scrisk::analysis {

// --- PiecewiseLinear -------------------------------------------------------------------------

PiecewiseLinear::PiecewiseLinear() : points_{{0, 0}} {}

PiecewiseLinear::PiecewiseLinear(std::vector<Point> points, double final_slope_per_day)
    : points_(std::move(points)), final_slope_(final_slope_per_day) {
  if (points_.empty() || points_.front().days != 0 || points_.front().value != 0)
    throw UsageError("points", "a loss curve starts at (0, 0)");
  for (std::size_t i = 1; i < points_.size(); ++i)
    if (!(points_[i].days > points_[i - 1].days))
      throw UsageError("points", "the days of a loss curve's points must increase");
}

double PiecewiseLinear::evaluate(double days) const noexcept {
  if (!(days > 0)) return 0;
  auto after = std::upper_bound(points_.begin(), points_.end(), days,
                                [](double t, const Point& point) { return t < point.days; });
  if (after == points_.end()) return points_.back().value + final_slope_ * (days - points_.back().days);
  const Point& left = *(after - 1);
  const Point& right = *after;
  return left.value + (right.value - left.value) * ((days - left.days) / (right.days - left.days));
}

double PiecewiseLinear::last_zero_days() const noexcept {
  for (std::size_t i = 1; i < points_.size(); ++i)
    if (points_[i].value > 0) return points_[i - 1].days;
  return final_slope_ > 0 ? points_.back().days : std::numeric_limits<double>::infinity();
}

namespace {

/// Columns given as (row, coefficient) lists, in Clp's column-major arrays (rows sorted).
struct ColumnMajor {
  std::vector<CoinBigIndex> start{0};
  std::vector<int> index;
  std::vector<double> value;
};
ColumnMajor column_major(std::vector<std::vector<std::pair<int, double>>>& columns) {
  ColumnMajor packed;
  for (auto& column : columns) {
    std::sort(column.begin(), column.end());
    for (auto [row, coefficient] : column) {
      packed.index.push_back(row);
      packed.value.push_back(coefficient);
    }
    packed.start.push_back(static_cast<CoinBigIndex>(packed.index.size()));
  }
  return packed;
}

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int32_t kNone = -1;

/// An unordered pair of elements as one word: the smaller index in the high half.
std::uint64_t pair_key(ElementIndex a, ElementIndex b) { return (std::uint64_t(std::min(a, b)) << 32) | std::max(a, b); }

/// Clp's infinity: it treats bounds beyond 1e27 as infinite, but COIN_DBL_MAX is what it
/// reports back, so we use that throughout.
double clp_bound(double value) { return std::isinf(value) ? (value > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX) : value; }

// --- the compiled network ----------------------------------------------------------------------

/// One distinct input of a facility. A facility without a bill of materials but with
/// incoming links has one slot with quantity 1 that every incoming link feeds.
struct Slot {
  double quantity_per_unit = 1;
  double inventory_units = 0;
  std::vector<std::uint32_t> links;
};

struct Node {
  std::string id;
  double capacity = kInf;
  double inventory = 0;
  double demand = 0;
  double value = 0;
  std::vector<Slot> slots;
  std::vector<std::uint32_t> out_links;
  std::vector<std::uint32_t> in_links;
};

struct Arc {
  std::string id;
  std::uint32_t from = 0, to = 0;
  double capacity = kInf;
  std::uint32_t slot = 0;  // index into nodes[to].slots
};

// --- the aggregate (time-to-recover) LP over t days ------------------------------------------

/// Columns and rows of the TTR LP, built once. Every right-hand side that grows with the
/// outage length is a row bound `rate * t` (capacities, demand), never a column bound,
/// so the row duals alone give the slope dL/dt; inventories are column bounds and fixed.
struct AggregateLp {
  struct NodeColumns {
    std::int32_t x = kNone;  // made or handled during the outage
    std::int32_t u = kNone;  // drawn from its own inventory
    std::int32_t s = kNone;  // sold to its demand
    std::int32_t l = kNone;  // demand lost
    std::vector<std::int32_t> w;  // drawn from each input's inventory
    std::int32_t demand_row = kNone;
  };
  std::vector<NodeColumns> nodes;
  std::vector<std::int32_t> link_column;
  std::vector<double> column_upper, objective;
  std::vector<double> row_lower, row_upper;
  std::vector<double> row_rate;  // t-coefficient of the row's bound; 0 for fixed rows
  std::vector<bool> row_equality;
  std::vector<CoinBigIndex> start;
  std::vector<int> index;
  std::vector<double> value;
  std::vector<std::int32_t> inventory_columns;  // u and w: zeroed for the asymptotic-rate LP

  AggregateLp(const std::vector<Node>& graph, const std::vector<Arc>& arcs) {
    nodes.resize(graph.size());
    std::vector<std::vector<std::pair<int, double>>> columns;  // per column: (row, coefficient)
    auto add_column = [&](double upper, double cost) {
      columns.emplace_back();
      column_upper.push_back(upper);
      objective.push_back(cost);
      return static_cast<std::int32_t>(columns.size() - 1);
    };
    auto add_row = [&](double lower, double upper, double rate, bool equality) {
      row_lower.push_back(lower);
      row_upper.push_back(upper);
      row_rate.push_back(rate);
      row_equality.push_back(equality);
      return static_cast<int>(row_lower.size() - 1);
    };
    for (std::size_t n = 0; n < graph.size(); ++n) {
      const Node& node = graph[n];
      NodeColumns& cols = nodes[n];
      cols.x = add_column(kInf, 0);
      if (node.inventory > 0) inventory_columns.push_back(cols.u = add_column(node.inventory, 0));
      if (node.demand > 0) {
        cols.s = add_column(kInf, 0);
        cols.l = add_column(kInf, node.value);
      }
      for (const Slot& slot : node.slots)
        cols.w.push_back(slot.inventory_units > 0 ? add_column(slot.inventory_units, 0) : kNone);
    }
    for (std::size_t a = 0; a < arcs.size(); ++a) link_column.push_back(add_column(kInf, 0));
    for (const NodeColumns& cols : nodes)
      for (std::int32_t w : cols.w)
        if (w != kNone) inventory_columns.push_back(w);

    for (std::size_t n = 0; n < graph.size(); ++n) {
      const Node& node = graph[n];
      const NodeColumns& cols = nodes[n];
      if (std::isfinite(node.capacity)) {  // x <= capacity * t
        const int row = add_row(-kInf, 0, node.capacity, false);
        columns[cols.x].push_back({row, 1});
      }
      if (!node.out_links.empty() || cols.s != kNone) {  // shipped + sold <= made + stock drawn
        const int row = add_row(-kInf, 0, 0, false);
        for (std::uint32_t a : node.out_links) columns[link_column[a]].push_back({row, 1});
        if (cols.s != kNone) columns[cols.s].push_back({row, 1});
        columns[cols.x].push_back({row, -1});
        if (cols.u != kNone) columns[cols.u].push_back({row, -1});
      }
      for (std::size_t k = 0; k < node.slots.size(); ++k) {  // q * made <= received + input stock drawn
        const Slot& slot = node.slots[k];
        const int row = add_row(-kInf, 0, 0, false);
        columns[cols.x].push_back({row, slot.quantity_per_unit});
        for (std::uint32_t a : slot.links) columns[link_column[a]].push_back({row, -1});
        if (cols.w[k] != kNone) columns[cols.w[k]].push_back({row, -1});
      }
      if (cols.s != kNone) {  // sold + lost = demand * t
        const int row = add_row(0, 0, node.demand, true);
        nodes[n].demand_row = row;
        columns[cols.s].push_back({row, 1});
        columns[cols.l].push_back({row, 1});
      }
    }
    for (std::size_t a = 0; a < arcs.size(); ++a) {
      if (!std::isfinite(arcs[a].capacity)) continue;
      const int row = add_row(-kInf, 0, arcs[a].capacity, false);  // shipped <= capacity * t
      columns[link_column[a]].push_back({row, 1});
    }
    ColumnMajor packed = column_major(columns);
    start = std::move(packed.start);
    index = std::move(packed.index);
    value = std::move(packed.value);
  }

  [[nodiscard]] int column_count() const { return static_cast<int>(objective.size()); }
  [[nodiscard]] int row_count() const { return static_cast<int>(row_lower.size()); }
};

struct Sample {
  double t = 0;
  double value = 0;  // L(t)
  double slope = 0;  // a subgradient of L at t (dual-derived)
};

/// The TTR LP with nothing out, solved at t = 1 day: every outage LP starts from a copy
/// of its optimal basis. An outage only zeroes a few bounds, so the dual simplex needs a
/// few pivots where a cold start needs a pass over the whole network.
std::unique_ptr<ClpSimplex> solved_prototype(const AggregateLp& lp, bool with_inventory) {
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
  simplex->dual();
  if (!simplex->isProvenOptimal())
    throw InternalError("Clp could not solve the undisrupted network's LP (status " + std::to_string(simplex->status()) + ")");
  return simplex;
}

/// A copy of a shared prototype, taken under a lock: Clp does not promise that copying
/// from one object on several threads at once is safe, and the copy is cheap next to a solve.
ClpSimplex copy_of(const ClpSimplex& prototype, std::mutex& mutex) {
  std::lock_guard lock(mutex);
  return ClpSimplex(prototype);
}

/// One outage set's TTR LP, warm-started from the undisrupted optimum and then across
/// lengths t: changing only row bounds keeps the basis dual feasible, so each re-solve is
/// a few dual simplex pivots. The sequence of solves is fixed by the outage set alone, so
/// the results are the same bits on any thread.
class AggregateSolver {
 public:
  AggregateSolver(const ClpSimplex& prototype, std::mutex& prototype_mutex, const AggregateLp& lp,
                  const std::vector<Node>& graph, std::span<const ElementIndex> outage, std::atomic<std::uint64_t>& solves)
      : lp_(lp), solves_(solves), simplex_(copy_of(prototype, prototype_mutex)) {
    const std::size_t node_count = graph.size();
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
        for (std::uint32_t a : graph[element].out_links) zero(lp.link_column[a]);
        for (std::uint32_t a : graph[element].in_links) zero(lp.link_column[a]);
      } else {
        zero(lp.link_column[element - node_count]);
      }
    }
  }

  Sample solve(double t) {
    for (int row = 0; row < lp_.row_count(); ++row) {
      const double rate = lp_.row_rate[static_cast<std::size_t>(row)];
      if (rate == 0) continue;
      const double bound = rate * t;
      if (lp_.row_equality[static_cast<std::size_t>(row)]) simplex_.setRowBounds(row, bound, bound);
      else simplex_.setRowUpper(row, bound);
    }
    ++solves_;
    simplex_.dual();
    if (!simplex_.isProvenOptimal()) {  // numerical trouble on a warm start: solve from scratch
      simplex_.allSlackBasis(true);
      simplex_.primal();
      if (!simplex_.isProvenOptimal())
        throw InternalError("Clp could not solve the time-to-recover LP (status " + std::to_string(simplex_.status()) +
                            ") at t = " + detail::format_number(t));
    }
    // The row duals y price each bound: dL/dt = sum_i y_i * rate_i. Because y stays dual
    // feasible for every t, L(t) + slope * (s - t) is a supporting line of L, which is what
    // the sandwich below needs (an exact derivative is not required at a breakpoint).
    const double* dual = simplex_.dualRowSolution();
    double slope = 0;
    for (int row = 0; row < lp_.row_count(); ++row) slope += dual[row] * lp_.row_rate[static_cast<std::size_t>(row)];
    return {t, std::max(0.0, simplex_.objectiveValue()), std::max(0.0, slope)};
  }

 private:
  const AggregateLp& lp_;
  std::atomic<std::uint64_t>& solves_;
  ClpSimplex simplex_;
};

/// What a RegionSolver needs of the compiled network, and its acceptance thresholds.
struct RegionContext {
  const std::vector<Node>* nodes = nullptr;
  const std::vector<Arc>* arcs = nullptr;
  /// Units per day each link carries in a zero-loss plan of the undisrupted network with no
  /// stock (the solved rate prototype). Scaled by t it is a zero-loss plan for t days.
  const std::vector<double>* baseline_link_rate = nullptr;
  double shortfall_cost = 0;         ///< per unit a region node cannot deliver to outside: above any unit's value
  double dual_tolerance = 0;         ///< currency per unit: reduced costs below it are noise
  double primal_tolerance_per_day = 0;  ///< units per day of outage: flows below it are noise
  double gap_tolerance_per_day = 0;  ///< currency per day of outage the certificate may leave open
};

/// One outage set's TTR LP restricted to a region of the network around it, and grown
/// until it provably gives the full LP's optimum.
///
/// Outside the region every flow stays at the baseline plan scaled by t (zero loss, no
/// stock used). A link from outside into the region may carry anything up to its
/// baseline (its supplier just makes less); a link from the region to outside must carry
/// at least its baseline (its receiver's extra input is harmless), and a region facility
/// that cannot may draw on a shortfall column priced above any unit's value. So every
/// solution with no shortfall extends to a feasible plan of the whole network: the region
/// optimum is an upper bound of L(t). It is the optimum when the region's row duals,
/// extended by 0 outside, are dual feasible for the whole LP and complementary to the
/// extended plan: every link from outside at its baseline has reduced cost >= 0 (more
/// supply would not help) and every link to outside at its baseline has reduced cost 0
/// (its receiver's input has no value to the region) - up to gap_tolerance_per_day * t in
/// objective. Otherwise the region grows by the facility at the far end of each offending
/// link and the LP is solved again. The work is the size of the region the outage really
/// disturbs, not of the network; the sequence of regions and solves depends only on the
/// outage set, so the result is the same bits on any thread.
class RegionSolver {
 public:
  RegionSolver(const RegionContext& context, std::span<const ElementIndex> outage, bool with_inventory,
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

  Sample solve(double t) {
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
                              ") at t = " + detail::format_number(t));
      }
      std::vector<std::uint32_t> growth = offending_far_ends(t);
      if (growth.empty()) return sample(t);
      add_nodes(growth);
      simplex_.reset();
    }
  }

  /// The region's facilities, sorted: a good start for another solver of the same outage.
  [[nodiscard]] const std::vector<std::uint32_t>& region() const { return region_; }

 private:
  struct BoundaryLink {
    std::uint32_t arc = 0;
    int column = 0;
    double baseline_per_day = 0;
  };
  struct ShortfallColumn {
    std::uint32_t node = 0;
    int column = 0;
  };

  void add_nodes(std::vector<std::uint32_t> added) {
    added.insert(added.end(), region_.begin(), region_.end());
    std::sort(added.begin(), added.end());
    added.erase(std::unique(added.begin(), added.end()), added.end());
    region_ = std::move(added);
  }
  [[nodiscard]] bool inside(std::uint32_t node) const { return std::binary_search(region_.begin(), region_.end(), node); }

  /// The region's LP: the rows of AggregateLp for its facilities and for every link that
  /// touches one, with links crossing the boundary bounded by their baseline.
  void build() {
    const std::vector<Node>& nodes = *context_.nodes;
    const std::vector<Arc>& arcs = *context_.arcs;
    const std::vector<double>& baseline = *context_.baseline_link_rate;
    std::vector<std::uint32_t> touched;  // links with an end in the region
    for (std::uint32_t n : region_) {
      touched.insert(touched.end(), nodes[n].out_links.begin(), nodes[n].out_links.end());
      touched.insert(touched.end(), nodes[n].in_links.begin(), nodes[n].in_links.end());
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());

    std::vector<std::vector<std::pair<int, double>>> columns;
    std::vector<double> column_lower, column_upper, cost;
    auto add_column = [&](double upper, double column_cost) {
      columns.emplace_back();
      column_lower.push_back(0);
      column_upper.push_back(upper);
      cost.push_back(column_cost);
      return static_cast<int>(columns.size() - 1);
    };
    std::vector<double> row_lower, row_upper;
    row_rate_.clear();
    row_equality_.clear();
    auto add_row = [&](double rate, bool equality) {
      row_lower.push_back(equality ? 0 : -kInf);
      row_upper.push_back(0);
      row_rate_.push_back(rate);
      row_equality_.push_back(equality);
      return static_cast<int>(row_lower.size() - 1);
    };
    auto is_out = [&](ElementIndex element) { return std::binary_search(outage_.begin(), outage_.end(), element); };

    std::vector<int> link_column(touched.size());
    auto column_of_link = [&](std::uint32_t a) {
      return link_column[static_cast<std::size_t>(std::lower_bound(touched.begin(), touched.end(), a) - touched.begin())];
    };
    in_boundary_.clear();
    out_boundary_.clear();
    shortfalls_.clear();
    for (std::size_t i = 0; i < touched.size(); ++i) {
      const std::uint32_t a = touched[i];
      const Arc& arc = arcs[a];
      const bool down = is_out(static_cast<ElementIndex>(nodes.size() + a)) || is_out(arc.from) || is_out(arc.to);
      link_column[i] = add_column(down ? 0 : kInf, 0);
      const bool from_inside = inside(arc.from), to_inside = inside(arc.to);
      if (!from_inside) in_boundary_.push_back({a, link_column[i], baseline[a]});
      else if (!to_inside) out_boundary_.push_back({a, link_column[i], baseline[a]});
    }
    std::sort(out_boundary_.begin(), out_boundary_.end(), [&](const BoundaryLink& x, const BoundaryLink& y) {
      return arcs[x.arc].from != arcs[y.arc].from ? arcs[x.arc].from < arcs[y.arc].from : x.arc < y.arc;
    });

    for (std::uint32_t n : region_) {
      const Node& node = nodes[n];
      const bool down = is_out(n);
      const int x = add_column(down ? 0 : kInf, 0);
      const int u = with_inventory_ && node.inventory > 0 ? add_column(down ? 0 : node.inventory, 0) : kNone;
      int s = kNone;
      if (node.demand > 0) {
        s = add_column(down ? 0 : kInf, 0);
        const int l = add_column(kInf, node.value);
        const int row = add_row(node.demand, true);  // sold + lost = demand * t
        columns[static_cast<std::size_t>(s)].push_back({row, 1});
        columns[static_cast<std::size_t>(l)].push_back({row, 1});
      }
      if (std::isfinite(node.capacity)) columns[static_cast<std::size_t>(x)].push_back({add_row(node.capacity, false), 1});
      if (!node.out_links.empty() || s != kNone) {  // shipped + sold <= made + stock drawn (+ shortfall)
        const int row = add_row(0, false);
        bool ships_outside = false;
        for (std::uint32_t a : node.out_links) {
          columns[static_cast<std::size_t>(column_of_link(a))].push_back({row, 1});
          ships_outside = ships_outside || (!inside(arcs[a].to) && baseline[a] > 0);
        }
        if (s != kNone) columns[static_cast<std::size_t>(s)].push_back({row, 1});
        columns[static_cast<std::size_t>(x)].push_back({row, -1});
        if (u != kNone) columns[static_cast<std::size_t>(u)].push_back({row, -1});
        if (ships_outside) {
          const int shortfall = add_column(kInf, context_.shortfall_cost);
          columns[static_cast<std::size_t>(shortfall)].push_back({row, -1});
          shortfalls_.push_back({n, shortfall});
        }
      }
      for (const Slot& slot : node.slots) {  // q * made <= received + input stock drawn
        const int row = add_row(0, false);
        columns[static_cast<std::size_t>(x)].push_back({row, slot.quantity_per_unit});
        for (std::uint32_t a : slot.links) columns[static_cast<std::size_t>(column_of_link(a))].push_back({row, -1});
        if (with_inventory_ && slot.inventory_units > 0) {
          const int w = add_column(down ? 0 : slot.inventory_units, 0);
          columns[static_cast<std::size_t>(w)].push_back({row, -1});
        }
      }
    }
    for (std::size_t i = 0; i < touched.size(); ++i)  // shipped <= capacity * t
      if (std::isfinite(arcs[touched[i]].capacity))
        columns[static_cast<std::size_t>(link_column[i])].push_back({add_row(arcs[touched[i]].capacity, false), 1});

    ColumnMajor packed = column_major(columns);
    for (double& bound : column_upper) bound = clp_bound(bound);
    for (double& bound : row_lower) bound = clp_bound(bound);
    simplex_ = std::make_unique<ClpSimplex>();
    simplex_->setLogLevel(0);
    simplex_->messageHandler()->setLogLevel(0);
    simplex_->loadProblem(static_cast<int>(columns.size()), static_cast<int>(row_lower.size()), packed.start.data(),
                          packed.index.data(), packed.value.data(), column_lower.data(), column_upper.data(), cost.data(),
                          row_lower.data(), row_upper.data());
  }

  /// Bounds that grow with the outage length: capacities and demand (rows) and the
  /// baseline flows of links crossing the boundary (columns).
  void set_lengths(double t) {
    for (std::size_t row = 0; row < row_rate_.size(); ++row) {
      const double rate = row_rate_[row];
      if (rate == 0) continue;
      if (row_equality_[row]) simplex_->setRowBounds(static_cast<int>(row), rate * t, rate * t);
      else simplex_->setRowUpper(static_cast<int>(row), rate * t);
    }
    // Never an out link: the constructor puts both ends of every out element's links inside.
    for (const BoundaryLink& link : in_boundary_) simplex_->setColumnUpper(link.column, link.baseline_per_day * t);
    for (const BoundaryLink& link : out_boundary_) simplex_->setColumnLower(link.column, link.baseline_per_day * t);
  }

  /// The certificate of the class comment: empty when the region's optimum is the full
  /// LP's, else the facilities to add, sorted.
  std::vector<std::uint32_t> offending_far_ends(double t) const {
    const std::vector<Arc>& arcs = *context_.arcs;
    const double* value = simplex_->primalColumnSolution();
    const double* reduced = simplex_->dualColumnSolution();
    const double primal_tolerance = context_.primal_tolerance_per_day * std::max(1.0, t);
    std::vector<std::uint32_t> growth;
    for (const ShortfallColumn& shortfall : shortfalls_) {
      if (value[shortfall.column] <= primal_tolerance) continue;
      // The facility cannot deliver its baseline to outside: its receivers join.
      for (const BoundaryLink& link : out_boundary_)
        if (arcs[link.arc].from == shortfall.node && link.baseline_per_day > 0) growth.push_back(arcs[link.arc].to);
    }
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
        if (excess >= share && value[link.column] <= link.baseline_per_day * t + primal_tolerance) growth.push_back(arcs[link.arc].to);
      }
    }
    std::sort(growth.begin(), growth.end());
    growth.erase(std::unique(growth.begin(), growth.end()), growth.end());
    return growth;
  }

  [[nodiscard]] Sample sample(double t) const {
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

  const RegionContext& context_;
  bool with_inventory_;
  std::vector<ElementIndex> outage_;  // sorted
  std::atomic<std::uint64_t>& solves_;
  std::vector<std::uint32_t> region_;  // sorted facility indices
  std::unique_ptr<ClpSimplex> simplex_;
  std::vector<double> row_rate_;
  std::vector<bool> row_equality_;
  std::vector<BoundaryLink> in_boundary_, out_boundary_;
  std::vector<ShortfallColumn> shortfalls_;
};

/// A zero-loss plan of the undisrupted network with no stock, per day.
struct Plan {
  std::vector<double> made_per_day;  // per facility
  std::vector<double> link_rate;     // per link
};

/// A zero-loss plan found without an LP, or nothing when this greedy allocation runs out
/// of capacity (the caller then solves the whole LP). Facilities are visited customers
/// first (reverse topological order), so each one's total output is known when it is
/// visited; it orders every input from its suppliers, first by `rule`, capped by each one's
/// spare capacity, then the rest from any spare capacity left. O(facilities + links).
enum class ShareRule {
  kFairShare,  ///< in proportion to spare capacity over the receivers a supplier has yet to serve
  kEvenSplit,  ///< the same amount from every supplier of the input
};

std::optional<Plan> greedy_baseline(const std::vector<Node>& nodes, const std::vector<Arc>& arcs, ShareRule rule) {
  std::vector<std::size_t> unvisited_receivers(nodes.size(), 0), order;
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    unvisited_receivers[n] = nodes[n].out_links.size();
    if (unvisited_receivers[n] == 0) order.push_back(n);
  }
  Plan plan;
  plan.made_per_day.assign(nodes.size(), 0);
  plan.link_rate.assign(arcs.size(), 0);
  for (std::size_t n = 0; n < nodes.size(); ++n) plan.made_per_day[n] = nodes[n].demand;  // sold, so made or handled
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Node& node = nodes[order[i]];
    const double made = plan.made_per_day[order[i]];
    if (made > node.capacity) return std::nullopt;
    for (const Slot& slot : node.slots) {
      const double needed = slot.quantity_per_unit * made;
      if (needed == 0) continue;
      auto spare_of = [&](std::uint32_t a) {
        const Arc& arc = arcs[a];
        return std::max(0.0, std::min(nodes[arc.from].capacity - plan.made_per_day[arc.from], arc.capacity - plan.link_rate[a]));
      };
      auto order_from = [&](std::uint32_t a, double units) {
        plan.link_rate[a] += units;
        plan.made_per_day[arcs[a].from] += units;
      };
      const auto unlimited = std::find_if(slot.links.begin(), slot.links.end(), [&](std::uint32_t a) { return std::isinf(spare_of(a)); });
      if (unlimited != slot.links.end()) {
        order_from(*unlimited, needed);
        continue;
      }
      // First each supplier's share by `rule`. The fair share splits a supplier's spare
      // capacity among the receivers it has not served yet, so early receivers do not
      // starve later ones.
      auto weight_of = [&](std::uint32_t a) {
        return rule == ShareRule::kEvenSplit ? 1.0 : spare_of(a) / static_cast<double>(unvisited_receivers[arcs[a].from]);
      };
      double fair_total = 0;
      for (std::uint32_t a : slot.links) fair_total += weight_of(a);
      double missing = needed;
      if (fair_total > 0) {
        const double scale = rule == ShareRule::kEvenSplit ? needed : std::min(needed, fair_total);
        std::vector<double> shares;
        for (std::uint32_t a : slot.links) shares.push_back(std::min(spare_of(a), scale * weight_of(a) / fair_total));
        for (std::size_t k = 0; k < slot.links.size(); ++k) {
          const double units = std::min(shares[k], spare_of(slot.links[k]));  // two links from one supplier
          order_from(slot.links[k], units);
          missing -= units;
        }
      }
      // Then the rest from whatever spare capacity is left, supplier by supplier.
      for (std::uint32_t a : slot.links) {
        if (!(missing > 0)) break;
        const double units = std::min(missing, spare_of(a));
        order_from(a, units);
        missing -= units;
      }
      if (missing > 1e-12 * (1 + needed)) return std::nullopt;
    }
    for (std::uint32_t a : node.in_links)
      if (--unvisited_receivers[arcs[a].from] == 0) order.push_back(arcs[a].from);
  }
  return plan;
}

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

using CurvePtr = std::shared_ptr<const PiecewiseLinear>;

}  // namespace

// --- NetworkLossModel ---------------------------------------------------------------------------

struct NetworkLossModel::Impl {
  NetworkLossOptions options;
  std::vector<Node> nodes;
  std::vector<Arc> arcs;
  std::vector<std::string> element_ids;
  std::map<std::string, ElementIndex, std::less<>> by_id;
  double value_per_day = 0;  // sum of demand * value: the loss rate with every sale lost
  std::unique_ptr<AggregateLp> lp;
  mutable std::atomic<std::uint64_t> solves{0};

  mutable std::shared_mutex cache_mutex;
  mutable std::unordered_map<std::vector<ElementIndex>, std::shared_future<CurvePtr>, SpanHash, SpanEqual> cache;

  [[nodiscard]] std::size_t element_count() const { return nodes.size() + arcs.size(); }

  /// Absolute tolerance on loss values at outage length t.
  [[nodiscard]] double tolerance(double t) const { return options.relative_tolerance * value_per_day * std::max(1.0, t); }

  void check_elements(std::span<const ElementIndex> elements) const {
    for (ElementIndex element : elements)
      if (element >= element_count())
        throw UsageError("element", "network element index " + std::to_string(element) + " out of range");
  }

  // The whole LP without and with stock, solved with nothing out. Loss curves never use
  // them (RegionSolver), so they are built on first use: the direct solves of
  // lost_sales_value, and the constructor when greedy_baseline finds no plan.
  mutable std::unique_ptr<ClpSimplex> rate_prototype, stock_prototype;
  mutable std::once_flag rate_prototype_once, stock_prototype_once;
  const ClpSimplex& prototype(bool with_inventory) const {
    std::once_flag& once = with_inventory ? stock_prototype_once : rate_prototype_once;
    std::unique_ptr<ClpSimplex>& solved = with_inventory ? stock_prototype : rate_prototype;
    std::call_once(once, [&] { solved = solved_prototype(*lp, with_inventory); });
    return *solved;
  }
  std::vector<double> baseline_link_rate;  // per link: units/day in a zero-loss plan with no stock
  RegionContext region_context;
  std::vector<bool> idle;  // per element: carries nothing in the undisrupted no-stock optimum
  mutable std::mutex prototype_mutex;

  /// The whole network's LP for `outage`: the reference for direct solves.
  AggregateSolver solver(std::span<const ElementIndex> outage, bool with_inventory) const {
    return AggregateSolver(prototype(with_inventory), prototype_mutex, *lp, nodes, outage, solves);
  }

  /// Per element: the facilities its single curve's LPs were solved on (the region its
  /// outage disturbs), sorted; set with the curve by the thread that computes it.
  mutable std::vector<std::vector<std::uint32_t>> single_footprint;
  /// Per element: its single curve once computed (owned by the cache, which never drops
  /// an entry), so the simulation's lookups take no lock and no hash.
  std::unique_ptr<std::atomic<const PiecewiseLinear*>[]> single_curve;

  const PiecewiseLinear& single(ElementIndex element) const {
    if (const PiecewiseLinear* known = single_curve[element].load(std::memory_order_acquire)) return *known;
    return *curve(std::span<const ElementIndex>(&element, 1));  // the cache keeps it alive
  }

  CurvePtr compute_curve(std::span<const ElementIndex> outage, std::vector<std::uint32_t>& footprint) const;
  CurvePtr curve(std::span<const ElementIndex> outage) const;
  const std::vector<std::uint32_t>& footprint(ElementIndex element) const;
  bool footprints_touch(ElementIndex a, ElementIndex b) const;
  bool interact(ElementIndex a, ElementIndex b) const;
  model::InteractionScope interaction_scope = model::InteractionScope::kAllPairs;
  /// Pairs struck together by one common-cause threat, as pair_key()s, sorted.
  std::vector<std::uint64_t> common_cause_pairs;
  /// Whether a and b feed the same input of the same facility, or are struck together by
  /// a common-cause threat: the pairs InteractionScope::kAlternativeSources prices together.
  bool alternative_sources(ElementIndex a, ElementIndex b) const;
  /// interact() per pair (smaller index in the high word), computed once.
  mutable std::shared_mutex interaction_mutex;
  mutable std::unordered_map<std::uint64_t, bool> interaction_cache;
  double time_expanded(std::span<const TimedOutage> outages, double horizon_days) const;
  double interval_lp(std::span<const TimedOutage> outages) const;
  bool additive(ElementIndex a, ElementIndex b) const;
  double price_episodes(std::span<const TimedOutage> sorted, OverlapRule rule) const;
  double multi_period(const std::vector<double>& lengths, const std::vector<double>& up) const;
  void check_baseline() const;
};

CurvePtr NetworkLossModel::Impl::compute_curve(std::span<const ElementIndex> outage, std::vector<std::uint32_t>& footprint) const {
  if (outage.empty()) return std::make_shared<const PiecewiseLinear>();
  // Elements idle in the undisrupted no-stock optimum: that solution stays feasible with
  // them out, so the final slope is 0 and L is 0 everywhere. No LP needed.
  if (std::all_of(outage.begin(), outage.end(), [&](ElementIndex e) { return idle[e]; })) {
    footprint = RegionSolver(region_context, outage, false, {}, solves).region();
    return std::make_shared<const PiecewiseLinear>();
  }
  // The asymptotic slope: with inventories gone, L(t)/t tends to the loss rate of the
  // same LP with no inventory at t = 1 day.
  // Both LPs are restricted to the part of the network the outage disturbs (RegionSolver);
  // the stock LP starts from the region the no-stock LP grew to, which it usually needs.
  RegionSolver rate_lp(region_context, outage, false, {}, solves);
  const double final_slope = rate_lp.solve(1).value;
  if (final_slope <= tolerance(0)) {
    footprint = rate_lp.region();
    return std::make_shared<const PiecewiseLinear>();
  }
  RegionSolver lp_t(region_context, outage, true, rate_lp.region(), solves);

  // Find T past the last breakpoint: L has slope final_slope there. Doubling costs
  // log2(last breakpoint) solves; either test below proves it (slopes never exceed
  // final_slope, so an average slope equal to it on [T/2, T] means no breakpoint there).
  const double slope_tolerance = 100 * options.relative_tolerance * value_per_day;
  Sample previous{0, 0, 0};
  Sample far = lp_t.solve(1);
  while (far.t < options.max_days) {
    if (far.slope >= final_slope - slope_tolerance) break;
    if (far.value - previous.value >= final_slope * (far.t - previous.t) - tolerance(far.t)) break;
    previous = far;
    far = lp_t.solve(std::min(2 * far.t, options.max_days));
  }

  // Sandwich (Eisner-Severance): on [a, b] with supporting lines at both ends, those
  // lines bound L from below and the chord from above; they are furthest apart at the
  // lines' intersection t*. Accept the chord when that gap is within tolerance, else solve
  // at t* and split. A breakpoint found exactly closes both halves at once, so the work is
  // about two solves per breakpoint. Left halves first, so points come out in order.
  const Sample origin{0, 0, 0};  // L >= 0 = L(0): slope 0 supports L at 0
  std::vector<PiecewiseLinear::Point> points{{0, 0}};
  std::vector<std::pair<Sample, Sample>> stack{{origin, far}};
  const double min_width = 1e-12 * std::max(1.0, far.t);
  std::size_t budget = 10000;
  auto emit = [&](const Sample& sample) {
    if (sample.t <= points.back().days) return;
    const double value = sample.value <= tolerance(sample.t) ? 0.0 : sample.value;
    points.push_back({sample.t, std::max(value, points.back().value)});
  };
  while (!stack.empty()) {
    auto [a, b] = stack.back();
    stack.pop_back();
    if (b.t - a.t <= min_width) {
      emit(b);
      continue;
    }
    double t_star = b.t;
    if (b.slope - a.slope > 0) t_star = (b.value - a.value - b.slope * b.t + a.slope * a.t) / (a.slope - b.slope);
    t_star = std::clamp(t_star, a.t, b.t);
    const double lower = std::max(a.value + a.slope * (t_star - a.t), b.value + b.slope * (t_star - b.t));
    const double chord = a.value + (b.value - a.value) * ((t_star - a.t) / (b.t - a.t));
    if (chord - lower <= tolerance(b.t) || t_star - a.t <= min_width || b.t - t_star <= min_width) {
      emit(b);
      continue;
    }
    if (--budget == 0) throw ModelError({Problem{"supply_network", "a loss curve needs more than 10000 breakpoints; the network's figures span too many orders of magnitude"}});
    const Sample middle = lp_t.solve(t_star);
    stack.push_back({middle, b});
    stack.push_back({a, middle});
  }

  // Drop points the neighbours' chord reproduces within tolerance (checked against every
  // dropped point, so the errors do not add up), and trailing points already on the
  // final slope.
  std::vector<PiecewiseLinear::Point> kept{points.front()};
  std::size_t anchor = 0;
  for (std::size_t j = 2; j <= points.size(); ++j) {
    bool fits = j < points.size();
    for (std::size_t i = anchor + 1; fits && i < j; ++i) {
      const auto& p = points[anchor];
      const auto& q = points[j];
      const double on_chord = p.value + (q.value - p.value) * ((points[i].days - p.days) / (q.days - p.days));
      fits = std::abs(on_chord - points[i].value) <= tolerance(points[i].days);
    }
    if (!fits) {
      kept.push_back(points[j - 1]);
      anchor = j - 1;
    }
  }
  while (kept.size() >= 2) {
    const auto& last = kept.back();
    const auto& before = kept[kept.size() - 2];
    if (std::abs(before.value + final_slope * (last.days - before.days) - last.value) > tolerance(last.days)) break;
    kept.pop_back();
  }
  footprint = lp_t.region();  // it grew from rate_lp's
  return std::make_shared<const PiecewiseLinear>(std::move(kept), final_slope);
}

CurvePtr NetworkLossModel::Impl::curve(std::span<const ElementIndex> outage) const {
  {
    std::shared_lock lock(cache_mutex);
    auto it = cache.find(outage);
    if (it != cache.end()) {
      std::shared_future<CurvePtr> future = it->second;
      lock.unlock();
      return future.get();
    }
  }
  // Miss: the first thread to register the set computes it, the others wait for that
  // result, so every caller gets the same object (and the computation is deterministic
  // anyway: a copy of the same solved prototype, solved in a fixed sequence of lengths).
  std::promise<CurvePtr> promise;
  std::shared_future<CurvePtr> future;
  bool owner = false;
  {
    std::unique_lock lock(cache_mutex);
    auto it = cache.find(outage);
    if (it != cache.end()) {
      future = it->second;
    } else {
      future = promise.get_future().share();
      cache.emplace(std::vector<ElementIndex>(outage.begin(), outage.end()), future);
      owner = true;
    }
  }
  if (owner) {
    try {
      std::vector<std::uint32_t> region;
      CurvePtr computed = compute_curve(outage, region);
      // Published before the curve: whoever sees the curve sees the footprint.
      if (outage.size() == 1) {
        single_footprint[outage[0]] = std::move(region);
        single_curve[outage[0]].store(computed.get(), std::memory_order_release);
      }
      promise.set_value(std::move(computed));
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  }
  return future.get();
}

void NetworkLossModel::Impl::check_baseline() const {
  // The rate prototype is the undisrupted no-stock LP at t = 1, solved.
  const ClpSimplex& rate = prototype(false);
  if (std::max(0.0, rate.objectiveValue()) <= tolerance(0)) return;
  const double* solution = rate.primalColumnSolution();
  std::string shortfalls;
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    const std::int32_t l = lp->nodes[n].l;
    if (l == kNone) continue;
    const double lost = solution[l];
    if (lost > 1e-9 * nodes[n].demand)
      shortfalls += (shortfalls.empty() ? "" : ", ") + nodes[n].id + " short by " + detail::format_number(lost) + " units/day";
  }
  throw ModelError({Problem{"supply_network",
                            "the network cannot meet demand even with nothing out (" + shortfalls +
                                "): every outage would be charged that shortfall; raise capacities or lower demand"}});
}

namespace {

/// Each element's outages as sorted, merged [start, end) intervals; checks the input.
std::vector<std::vector<std::pair<double, double>>> merged_outages(std::span<const TimedOutage> outages, std::size_t elements,
                                                                   const char* caller) {
  std::vector<std::vector<std::pair<double, double>>> intervals(elements);
  for (const TimedOutage& outage : outages) {
    if (outage.element >= elements) throw UsageError(caller, "element index out of range");
    if (!(std::isfinite(outage.start_day) && std::isfinite(outage.end_day) && outage.start_day >= 0 &&
          outage.end_day >= outage.start_day))
      throw UsageError(caller, "an outage needs finite 0 <= start_day <= end_day");
    if (outage.end_day > outage.start_day) intervals[outage.element].push_back({outage.start_day, outage.end_day});
  }
  for (auto& list : intervals) {
    std::sort(list.begin(), list.end());
    std::vector<std::pair<double, double>> merged;
    for (auto interval : list) {
      if (!merged.empty() && interval.first <= merged.back().second) merged.back().second = std::max(merged.back().second, interval.second);
      else merged.push_back(interval);
    }
    list = std::move(merged);
  }
  return intervals;
}

}  // namespace

/// The daily reference: one period per day of [0, ceil(horizon_days)).
double NetworkLossModel::Impl::time_expanded(std::span<const TimedOutage> outages, double horizon_days) const {
  if (!(std::isfinite(horizon_days) && horizon_days > 0))
    throw UsageError("horizon_days", "must be a finite number of days > 0");
  const auto days = static_cast<std::size_t>(std::ceil(horizon_days));
  const std::size_t elements = element_count();
  // Fraction of each day each element is up: 1 - length of the union of its outages in it.
  std::vector<double> up(elements * days, 1.0);
  const auto intervals = merged_outages(outages, elements, "time-expanded LP");
  for (std::size_t e = 0; e < elements; ++e)
    for (auto [start, end] : intervals[e])
      for (std::size_t k = static_cast<std::size_t>(start); k < days && static_cast<double>(k) < end; ++k) {
        const double overlap = std::min(end, static_cast<double>(k + 1)) - std::max(start, static_cast<double>(k));
        if (overlap > 0) up[e * days + k] = std::max(0.0, up[e * days + k] - overlap);
      }
  return multi_period(std::vector<double>(days, 1.0), up);
}

/// The exact continuous-time value: one period per interval of constant outage set from
/// the first outage's start to the last one's end (gaps included, so stock refills).
double NetworkLossModel::Impl::interval_lp(std::span<const TimedOutage> outages) const {
  const std::size_t elements = element_count();
  const auto intervals = merged_outages(outages, elements, "interval LP");
  std::vector<double> times;
  for (const auto& list : intervals)
    for (auto [start, end] : list) times.insert(times.end(), {start, end});
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  if (times.size() < 2) return 0;
  const std::size_t periods = times.size() - 1;
  std::vector<double> lengths(periods), up(elements * periods, 1.0);
  for (std::size_t k = 0; k < periods; ++k) lengths[k] = times[k + 1] - times[k];
  for (std::size_t e = 0; e < elements; ++e)
    for (auto [start, end] : intervals[e])
      for (std::size_t k = 0; k < periods; ++k)
        if (start <= times[k] && end >= times[k + 1]) up[e * periods + k] = 0;
  return multi_period(lengths, up);
}

/// Periods of the given lengths, inventories carried from one to the next (refilled up to
/// their initial level when capacity allows), starting full; `up[e * periods + k]` is the
/// fraction of period k element e works. Columns: about (facilities + links) x periods,
/// so this is for small cases and short timelines.
double NetworkLossModel::Impl::multi_period(const std::vector<double>& lengths, const std::vector<double>& up) const {
  const std::size_t periods = lengths.size();
  auto node_up = [&](std::size_t n, std::size_t k) { return up[n * periods + k]; };
  auto arc_up = [&](std::size_t a, std::size_t k) {
    const Arc& arc = arcs[a];
    return std::min({up[(nodes.size() + a) * periods + k], node_up(arc.from, k), node_up(arc.to, k)});
  };
  auto scaled = [](double capacity, double amount) { return amount <= 0 ? 0.0 : (std::isinf(capacity) ? kInf : capacity * amount); };

  std::vector<double> lower, upper, cost;
  std::vector<std::vector<std::pair<int, double>>> columns;
  std::vector<double> row_lower, row_upper;
  auto add_column = [&](double column_upper, double column_cost) {
    lower.push_back(0);
    upper.push_back(column_upper);
    cost.push_back(column_cost);
    columns.emplace_back();
    return static_cast<int>(columns.size() - 1);
  };
  auto add_row = [&](double row_lo, double row_hi) {
    row_lower.push_back(row_lo);
    row_upper.push_back(row_hi);
    return static_cast<int>(row_lower.size() - 1);
  };
  auto entry = [&](int column, int row, double coefficient) { columns[static_cast<std::size_t>(column)].push_back({row, coefficient}); };
  // Stock-level columns at the end of the previous period; kNone while still the initial level.
  std::vector<int> stock(nodes.size(), kNone);
  std::vector<std::vector<int>> input_stock(nodes.size());
  for (std::size_t n = 0; n < nodes.size(); ++n) input_stock[n].assign(nodes[n].slots.size(), kNone);

  for (std::size_t k = 0; k < periods; ++k) {
    const double length = lengths[k];
    std::vector<int> x(nodes.size()), f(arcs.size());
    for (std::size_t n = 0; n < nodes.size(); ++n) x[n] = add_column(scaled(nodes[n].capacity, length * node_up(n, k)), 0);
    for (std::size_t a = 0; a < arcs.size(); ++a) f[a] = add_column(scaled(arcs[a].capacity, length * arc_up(a, k)), 0);
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      const Node& node = nodes[n];
      int s = kNone;
      if (node.demand > 0) {  // sold + lost = demand over the period, whatever is out
        s = add_column(node.demand * length * node_up(n, k), 0);
        const int l = add_column(kInf, node.value);
        const int row = add_row(node.demand * length, node.demand * length);
        entry(s, row, 1);
        entry(l, row, 1);
      }
      if (!node.out_links.empty() || s != kNone) {
        // stock_k - stock_{k-1} - made + shipped + sold = 0, with 0 <= stock <= initial level.
        const int row = add_row(0, 0);
        if (node.inventory > 0) {
          const int level = add_column(node.inventory, 0);
          entry(level, row, 1);
          if (stock[n] == kNone) row_lower[static_cast<std::size_t>(row)] = row_upper[static_cast<std::size_t>(row)] = node.inventory;
          else entry(stock[n], row, -1);
          stock[n] = level;
        }
        entry(x[n], row, -1);
        for (std::uint32_t a : node.out_links) entry(f[a], row, 1);
        if (s != kNone) entry(s, row, 1);
      }
      for (std::size_t j = 0; j < node.slots.size(); ++j) {
        // input stock_k - input stock_{k-1} - received + q * made <= 0.
        const Slot& slot = node.slots[j];
        const int row = add_row(-kInf, 0);
        if (slot.inventory_units > 0) {
          const int level = add_column(slot.inventory_units, 0);
          entry(level, row, 1);
          if (input_stock[n][j] == kNone) row_upper[static_cast<std::size_t>(row)] = slot.inventory_units;
          else entry(input_stock[n][j], row, -1);
          input_stock[n][j] = level;
        }
        entry(x[n], row, slot.quantity_per_unit);
        for (std::uint32_t a : slot.links) entry(f[a], row, -1);
      }
    }
  }
  auto [start, index, value] = column_major(columns);
  for (double& bound : upper) bound = clp_bound(bound);
  for (double& bound : row_lower) bound = clp_bound(bound);
  for (double& bound : row_upper) bound = clp_bound(bound);
  ClpSimplex simplex;
  simplex.setLogLevel(0);
  simplex.messageHandler()->setLogLevel(0);
  simplex.loadProblem(static_cast<int>(columns.size()), static_cast<int>(row_lower.size()), start.data(), index.data(),
                      value.data(), lower.data(), upper.data(), cost.data(), row_lower.data(), row_upper.data());
  ++solves;
  simplex.dual();
  if (!simplex.isProvenOptimal())
    throw InternalError("Clp could not solve the multi-period LP (status " + std::to_string(simplex.status()) + ")");
  return std::max(0.0, simplex.objectiveValue());
}

NetworkLossModel::NetworkLossModel(const model::Model& model, const model::SupplyNetwork& network, NetworkLossOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (auto problems = model::find_problems(model, network); !problems.empty()) throw ModelError(std::move(problems));
  if (!(options.relative_tolerance > 0 && options.relative_tolerance < 1e-3) || !(options.max_days >= 1))
    throw UsageError("options", "NetworkLossOptions needs relative_tolerance in (0, 1e-3) and max_days >= 1");
  Impl& impl = *impl_;
  impl.options = options;
  impl.interaction_scope = network.interaction_scope;
  std::map<std::string, std::uint32_t> node_of;
  for (const model::FacilityFlow& flow : network.facilities) {
    Node node;
    node.id = flow.facility;
    node.capacity = flow.capacity_per_day.value_or(kInf);
    node.inventory = flow.inventory_units;
    node.demand = flow.demand_per_day;
    node.value = flow.lost_sale_value_per_unit;
    for (const model::BomInput& input : flow.inputs) node.slots.push_back({input.quantity_per_unit, input.inventory_units, {}});
    node_of.emplace(flow.facility, static_cast<std::uint32_t>(impl.nodes.size()));
    impl.value_per_day += node.demand * node.value;
    impl.nodes.push_back(std::move(node));
  }
  std::map<std::string, const model::Link*> links;
  for (const model::Link& link : model.links) links.emplace(link.id, &link);
  for (const model::LinkFlow& flow : network.links) {
    const model::Link& link = *links.at(flow.link);
    Arc arc;
    arc.id = flow.link;
    arc.from = node_of.at(link.from);
    arc.to = node_of.at(link.to);
    arc.capacity = flow.capacity_per_day.value_or(kInf);
    const auto a = static_cast<std::uint32_t>(impl.arcs.size());
    Node& to = impl.nodes[arc.to];
    if (network.facilities[arc.to].inputs.empty()) {
      if (to.slots.empty()) to.slots.push_back({1, 0, {}});
      arc.slot = 0;
    } else {
      const std::string& product = model::product_of(network.facilities[arc.from]);
      const auto& inputs = network.facilities[arc.to].inputs;
      arc.slot = static_cast<std::uint32_t>(
          std::find_if(inputs.begin(), inputs.end(), [&](const model::BomInput& input) { return input.product == product; }) -
          inputs.begin());
    }
    to.slots[arc.slot].links.push_back(a);
    to.in_links.push_back(a);
    impl.nodes[arc.from].out_links.push_back(a);
    impl.arcs.push_back(std::move(arc));
  }
  for (const Node& node : impl.nodes) impl.element_ids.push_back(node.id);
  for (const Arc& arc : impl.arcs) impl.element_ids.push_back(arc.id);
  for (std::size_t e = 0; e < impl.element_ids.size(); ++e) impl.by_id.emplace(impl.element_ids[e], static_cast<ElementIndex>(e));
  for (const model::Threat& threat : model.threats) {
    if (!threat.common_cause) continue;
    std::vector<ElementIndex> struck;
    for (const model::Target& target : threat.targets)
      if (auto it = impl.by_id.find(target.id()); it != impl.by_id.end()) struck.push_back(it->second);
    for (std::size_t i = 0; i < struck.size(); ++i)
      for (std::size_t j = i + 1; j < struck.size(); ++j) impl.common_cause_pairs.push_back(pair_key(struck[i], struck[j]));
  }
  std::sort(impl.common_cause_pairs.begin(), impl.common_cause_pairs.end());
  impl.common_cause_pairs.erase(std::unique(impl.common_cause_pairs.begin(), impl.common_cause_pairs.end()), impl.common_cause_pairs.end());
  impl.single_footprint.resize(impl.element_ids.size());
  impl.single_curve = std::make_unique<std::atomic<const PiecewiseLinear*>[]>(impl.element_ids.size());
  for (std::size_t e = 0; e < impl.element_ids.size(); ++e) impl.single_curve[e].store(nullptr, std::memory_order_relaxed);
  impl.lp = std::make_unique<AggregateLp>(impl.nodes, impl.arcs);
  double total_demand = 0;
  for (const Node& node : impl.nodes) total_demand += node.demand;
  std::optional<Plan> plan = greedy_baseline(impl.nodes, impl.arcs, ShareRule::kFairShare);
  if (!plan) plan = greedy_baseline(impl.nodes, impl.arcs, ShareRule::kEvenSplit);
  if (plan) {
    impl.baseline_link_rate = std::move(plan->link_rate);
    for (double made : plan->made_per_day) impl.idle.push_back(made == 0);
  } else {
    // Capacities too tight for the greedy plan: the whole LP decides, and names the
    // customers that are short if it has no zero-loss plan either.
    impl.check_baseline();
    const double* flow = impl.prototype(false).primalColumnSolution();
    const double zero = 1e-12 * (1 + total_demand);
    for (std::size_t n = 0; n < impl.nodes.size(); ++n) impl.idle.push_back(std::abs(flow[impl.lp->nodes[n].x]) <= zero);
    for (std::size_t a = 0; a < impl.arcs.size(); ++a) impl.baseline_link_rate.push_back(std::max(0.0, flow[impl.lp->link_column[a]]));
  }
  // An element carries nothing when its production (a facility) or flow (a link) is 0 in
  // the plan; inflows a facility does not use are free to drop. That plan stays feasible
  // with the element out, so its loss curve is 0 with no LP.
  for (double rate : impl.baseline_link_rate) impl.idle.push_back(rate == 0);
  double max_unit_value = 1;
  for (const Node& node : impl.nodes) max_unit_value = std::max(max_unit_value, node.demand > 0 ? node.value : 0.0);
  RegionContext& context = impl.region_context;
  context.nodes = &impl.nodes;
  context.arcs = &impl.arcs;
  context.baseline_link_rate = &impl.baseline_link_rate;
  // A unit of an intermediate product is worth at most max_unit_value times the input
  // quantities along the way; this is far above that in any sane bill of materials, and
  // a lower price would only grow regions more than needed (never give a wrong value).
  context.shortfall_cost = 1e4 * max_unit_value;
  // Clp's own optimality tolerance on reduced costs is 1e-7 on the scaled problem.
  context.dual_tolerance = 1e-8 * max_unit_value;
  context.primal_tolerance_per_day = 1e-9 * (1 + total_demand);
  // A hundredth of the curve's tolerance: the breakpoints' error budget stays the sandwich's.
  context.gap_tolerance_per_day = 0.01 * options.relative_tolerance * impl.value_per_day;
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
  return impl_->element_ids[element];
}

bool NetworkLossModel::is_link(ElementIndex element) const {
  impl_->check_elements(std::span(&element, 1));
  return element >= impl_->nodes.size();
}

std::vector<ElementIndex> NetworkLossModel::customers() const {
  std::vector<ElementIndex> result;
  for (std::size_t n = 0; n < impl_->nodes.size(); ++n)
    if (impl_->nodes[n].demand > 0) result.push_back(static_cast<ElementIndex>(n));
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
  return impl_->curve(outage);
}

const PiecewiseLinear& NetworkLossModel::loss_curve(ElementIndex element) const {
  impl_->check_elements(std::span<const ElementIndex>(&element, 1));
  return impl_->single(element);
}

double NetworkLossModel::joint_lost_sales_value(std::span<const ElementIndex> outage, double days) const {
  return loss_curve(outage)->evaluate(days);
}

double NetworkLossModel::time_to_survive_days(ElementIndex element) const { return loss_curve(element).last_zero_days(); }

void NetworkLossModel::precompute_single_outages(int threads) const {
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, element_count(), 1), [&](const tbb::blocked_range<std::size_t>& range) {
      for (std::size_t e = range.begin(); e != range.end(); ++e) (void)loss_curve(static_cast<ElementIndex>(e));
    });
  });
}

std::size_t NetworkLossModel::cached_curves() const {
  std::shared_lock lock(impl_->cache_mutex);
  return impl_->cache.size();
}

std::uint64_t NetworkLossModel::lp_solves() const noexcept { return impl_->solves.load(); }

namespace {

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

const std::vector<std::uint32_t>& NetworkLossModel::Impl::footprint(ElementIndex element) const {
  (void)single(element);  // sets the footprint first
  return single_footprint[element];
}

/// Whether the footprints of a and b share a facility or are joined by a link. If not,
/// the pair is additive with no LP: extend A's region solution and B's by the baseline
/// elsewhere and you have a plan for both out at once (no link carries a flow the other
/// region relies on), and their region duals, extended by 0, stay feasible together (no
/// column meets rows of both regions) and certify it: L_AB = L_A + L_B.
bool NetworkLossModel::Impl::footprints_touch(ElementIndex a, ElementIndex b) const {
  const std::vector<std::uint32_t>* small = &footprint(a);
  const std::vector<std::uint32_t>* large = &footprint(b);
  if (small->size() > large->size()) std::swap(small, large);
  auto in_large = [&](std::uint32_t node) { return std::binary_search(large->begin(), large->end(), node); };
  for (std::uint32_t node : *small) {
    if (in_large(node)) return true;
    for (std::uint32_t link : nodes[node].out_links)
      if (in_large(arcs[link].to)) return true;
    for (std::uint32_t link : nodes[node].in_links)
      if (in_large(arcs[link].from)) return true;
  }
  return false;
}

/// Feeding the same input of the same facility means competing for what is left of it:
/// two alternative suppliers (or a supplier and another's link) down together lose what
/// neither can supply. A facility feeds the inputs its links lead into; a link its own.
bool NetworkLossModel::Impl::alternative_sources(ElementIndex a, ElementIndex b) const {
  auto links_of = [&](ElementIndex element, std::uint32_t& own) -> std::span<const std::uint32_t> {
    if (element < nodes.size()) return nodes[element].out_links;
    own = static_cast<std::uint32_t>(element - nodes.size());
    return {&own, 1};
  };
  std::uint32_t own_a = 0, own_b = 0;
  for (std::uint32_t la : links_of(a, own_a))
    for (std::uint32_t lb : links_of(b, own_b))
      if (arcs[la].to == arcs[lb].to && arcs[la].slot == arcs[lb].slot) return true;
  return std::binary_search(common_cause_pairs.begin(), common_cause_pairs.end(), pair_key(a, b));
}

/// Whether a and b must be priced together: their footprints touch and their joint curve
/// is not the sum of theirs. A pure function of the pair, cached.
bool NetworkLossModel::Impl::interact(ElementIndex a, ElementIndex b) const {
  if (interaction_scope == model::InteractionScope::kAlternativeSources && !alternative_sources(a, b)) return false;
  const std::uint64_t key = pair_key(a, b);
  {
    std::shared_lock lock(interaction_mutex);
    if (auto it = interaction_cache.find(key); it != interaction_cache.end()) return it->second;
  }
  const bool value = footprints_touch(a, b) && !additive(a, b);
  std::unique_lock lock(interaction_mutex);
  interaction_cache.emplace(key, value);
  return value;
}

bool NetworkLossModel::Impl::additive(ElementIndex a, ElementIndex b) const {
  const ElementIndex pair[2] = {std::min(a, b), std::max(a, b)};
  const PiecewiseLinear* alone_a = &single(a);
  const PiecewiseLinear* alone_b = &single(b);
  const CurvePtr joint = curve(pair);
  // Piecewise linear: equal at every breakpoint of the three and in final slope means
  // equal everywhere.
  if (std::abs(joint->final_slope_per_day() - alone_a->final_slope_per_day() - alone_b->final_slope_per_day()) >
      100 * options.relative_tolerance * value_per_day)
    return false;
  for (const PiecewiseLinear* f : {alone_a, alone_b, joint.get()})
    for (const PiecewiseLinear::Point& point : f->points()) {
      const double t = point.days;
      if (std::abs(joint->evaluate(t) - alone_a->evaluate(t) - alone_b->evaluate(t)) > 100 * tolerance(t)) return false;
    }
  return true;
}

/// Prices outages whose elements all interact, episode by episode, by `rule`.
double NetworkLossModel::Impl::price_episodes(std::span<const TimedOutage> sorted, OverlapRule rule) const {
  double total = 0;
  std::vector<ElementIndex> set, current;
  std::vector<double> times;
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
        const PiecewiseLinear* loss = current.size() == 1 ? &single(current[0]) : (joint = curve(current)).get();
        if (rule == OverlapRule::kIntervals) total += loss->evaluate(times[i] - interval_start);
        else total += loss->evaluate(times[i] - start) - loss->evaluate(interval_start - start);  // kIncrements
        interval_start = times[i];
      }
      if (i == 0 || set != current) current = set;
    }
  });
  return total;
}

double NetworkLossModel::overlapping_lost_sales_value(std::span<const TimedOutage> outages, OverlapRule rule) const {
  for (const TimedOutage& outage : outages) {
    if (outage.element >= element_count()) throw UsageError("outages", "element index out of range");
    if (!(std::isfinite(outage.start_day) && std::isfinite(outage.end_day) && outage.end_day >= outage.start_day))
      throw UsageError("outages", "an outage needs finite start_day <= end_day");
  }
  // Outages of elements whose joint outage costs exactly what they cost apart (disjoint
  // supply paths, typically) do not share stock or capacity: pricing them together would
  // only let one reset the other's clock. So outages are grouped by interaction:
  // union-find over the pairs that overlap or touch in time and interact (or are outages
  // of the same element), and each group is priced on its own. A group of one outage
  // costs its curve's value. Scratch space is per thread: the simulation calls this for
  // every year, for every state and control toggle.
  thread_local std::vector<TimedOutage> sorted, grouped;
  thread_local std::vector<std::size_t> parent, group_of_root, group_begin, cursor;
  sort_by_start(outages, sorted);
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
      if (root(k) != root(m) && (a == b || impl_->interact(a, b))) parent[root(m)] = root(k);
    }
  // Groups numbered in the order of their first outage, members kept in start order (a
  // counting sort): the sum runs in an order fixed by the input alone.
  constexpr std::size_t kUnset = std::numeric_limits<std::size_t>::max();
  group_of_root.assign(n, kUnset);
  std::size_t groups = 0;
  for (std::size_t k = 0; k < n; ++k)
    if (std::size_t& id = group_of_root[root(k)]; id == kUnset) id = groups++;
  group_begin.assign(groups + 1, 0);
  for (std::size_t k = 0; k < n; ++k) ++group_begin[group_of_root[root(k)] + 1];
  for (std::size_t g = 0; g < groups; ++g) group_begin[g + 1] += group_begin[g];
  cursor.assign(group_begin.begin(), group_begin.end() - 1);
  grouped.resize(n);
  for (std::size_t k = 0; k < n; ++k) grouped[cursor[group_of_root[root(k)]]++] = sorted[k];
  double total = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    const std::span<const TimedOutage> group(grouped.data() + group_begin[g], group_begin[g + 1] - group_begin[g]);
    total += group.size() == 1 ? impl_->single(group[0].element).evaluate(group[0].end_day - group[0].start_day)
                               : impl_->price_episodes(group, rule);
  }
  return total;
}

double NetworkLossModel::interval_lp_lost_sales_value(std::span<const TimedOutage> outages) const {
  return impl_->interval_lp(outages);
}

double NetworkLossModel::time_expanded_lost_sales_value(std::span<const TimedOutage> outages, double horizon_days) const {
  return impl_->time_expanded(outages, horizon_days);
}

std::vector<SinglePointOfFailure> NetworkLossModel::single_points_of_failure() const {
  const Impl& impl = *impl_;
  const std::size_t node_count = impl.nodes.size();
  // "Can make a positive rate" with no inventory: up (capacity > 0) and every input slot fed
  // by at least one live link (capacity > 0) from a node that can. On an acyclic graph this
  // is exactly "the rate LP can get a positive flow there", without solving it.
  std::vector<std::size_t> slot_base(node_count + 1, 0);
  for (std::size_t n = 0; n < node_count; ++n) slot_base[n + 1] = slot_base[n] + impl.nodes[n].slots.size();
  auto live_arc = [&](std::size_t a) { return impl.arcs[a].capacity > 0; };
  // Topological order (Kahn) for the baseline.
  std::vector<std::size_t> indegree(node_count, 0), order;
  for (const Arc& arc : impl.arcs) ++indegree[arc.to];
  for (std::size_t n = 0; n < node_count; ++n)
    if (indegree[n] == 0) order.push_back(n);
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::uint32_t a : impl.nodes[order[i]].out_links)
      if (--indegree[impl.arcs[a].to] == 0) order.push_back(impl.arcs[a].to);
  std::vector<int> base_count(slot_base[node_count], 0);
  std::vector<bool> base_alive(node_count, false);
  for (std::size_t n : order) {
    const Node& node = impl.nodes[n];
    bool alive = node.capacity > 0;
    for (std::size_t j = 0; j < node.slots.size(); ++j) alive = alive && base_count[slot_base[n] + j] > 0;
    base_alive[n] = alive;
    if (alive)
      for (std::uint32_t a : node.out_links)
        if (live_arc(a)) ++base_count[slot_base[impl.arcs[a].to] + impl.arcs[a].slot];
  }
  // Per element, propagate deaths from it through a worklist and undo afterwards: the
  // work is the size of the region it cuts off, not of the network.
  std::vector<int> count = base_count;
  std::vector<bool> dead(node_count, false);
  std::vector<std::size_t> touched_slots, killed, queue;
  std::vector<SinglePointOfFailure> result;
  for (std::size_t e = 0; e < impl.element_count(); ++e) {
    auto kill = [&](std::size_t n) {
      if (!base_alive[n] || dead[n]) return;
      dead[n] = true;
      killed.push_back(n);
      queue.push_back(n);
    };
    auto cut = [&](std::size_t a) {
      const Arc& arc = impl.arcs[a];
      const std::size_t slot = slot_base[arc.to] + arc.slot;
      touched_slots.push_back(slot);
      if (--count[slot] == 0) kill(arc.to);
    };
    if (e < node_count) kill(e);
    else if (live_arc(e - node_count) && base_alive[impl.arcs[e - node_count].from] && !dead[impl.arcs[e - node_count].from])
      cut(e - node_count);
    while (!queue.empty()) {
      const std::size_t n = queue.back();
      queue.pop_back();
      for (std::uint32_t a : impl.nodes[n].out_links)
        if (live_arc(a) && a + node_count != e) cut(a);
    }
    SinglePointOfFailure spof{static_cast<ElementIndex>(e), {}};
    std::sort(killed.begin(), killed.end());
    for (std::size_t n : killed)
      if (n != e && impl.nodes[n].demand > 0) spof.customers.push_back(static_cast<ElementIndex>(n));
    if (!spof.customers.empty()) result.push_back(std::move(spof));
    for (std::size_t slot : touched_slots) count[slot] = base_count[slot];
    for (std::size_t n : killed) dead[n] = false;
    touched_slots.clear();
    killed.clear();
  }
  return result;
}

}  // namespace scrisk::analysis
