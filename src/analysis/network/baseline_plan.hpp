// A zero-loss plan of the undisrupted network, found without an LP where capacities allow:
// the baseline outside an outage's region (region_solver.hpp) and the test of idle elements.
#pragma once

#include <optional>
#include <vector>

#include "analysis/network/flow_graph.hpp"

namespace scrisk::analysis::detail {

/// A zero-loss plan of the undisrupted network with no stock, per day.
struct BaselinePlan {
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
[[nodiscard]] std::optional<BaselinePlan> greedy_baseline(const std::vector<Node>& nodes, const std::vector<Arc>& arcs,
                                                          ShareRule rule);

}  // namespace scrisk::analysis::detail
