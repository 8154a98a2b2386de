// The time-to-recover (TTR) LP over an outage of t days on the whole network, and a solver
// of one outage set's LP warm-started from the undisrupted optimum.
#pragma once

#include <ClpSimplex.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "analysis/network/flow_graph.hpp"

namespace scrisk::analysis::detail {

/// Columns and rows of the TTR LP, built once. Every right-hand side that grows with the
/// outage length is a row bound `rate * t` (capacities, demand), never a column bound,
/// so the row duals alone give the slope dL/dt; inventories are column bounds and fixed.
struct AggregateLp {
  struct NodeColumns {
    std::int32_t x = kNone;       // made or handled during the outage
    std::int32_t u = kNone;       // drawn from its own inventory
    std::int32_t s = kNone;       // sold to its demand
    std::int32_t l = kNone;       // demand lost
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

  explicit AggregateLp(const FlowGraph& graph);

  [[nodiscard]] int column_count() const { return static_cast<int>(objective.size()); }
  [[nodiscard]] int row_count() const { return static_cast<int>(row_lower.size()); }
};

/// The TTR LP with nothing out, solved at t = 1 day: every outage LP starts from a copy
/// of its optimal basis. An outage only zeroes a few bounds, so the dual simplex needs a
/// few pivots where a cold start needs a pass over the whole network. One solve over a
/// large network takes a second or more, so `cancelled` (when set) is asked between
/// iterations, and Cancelled thrown when it says so.
[[nodiscard]] std::unique_ptr<ClpSimplex> solved_prototype(const AggregateLp& lp, bool with_inventory,
                                                           const std::function<bool()>& cancelled);

/// One outage set's TTR LP, warm-started from the undisrupted optimum and then across
/// lengths t: changing only row bounds keeps the basis dual feasible, so each re-solve is
/// a few dual simplex pivots. The sequence of solves is fixed by the outage set alone, so
/// the results are the same bits on any thread.
class AggregateSolver {
 public:
  /// `prototype_mutex` guards copying the shared prototype (Clp does not promise that
  /// copying one object on several threads at once is safe).
  AggregateSolver(const ClpSimplex& prototype, std::mutex& prototype_mutex, const AggregateLp& lp, const FlowGraph& graph,
                  std::span<const ElementIndex> outage, std::atomic<std::uint64_t>& solves);

  Sample solve(double t);

 private:
  const AggregateLp& lp_;
  std::atomic<std::uint64_t>& solves_;
  ClpSimplex simplex_;
};

}  // namespace scrisk::analysis::detail
