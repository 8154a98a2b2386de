// The supply network as the LPs see it: facilities (nodes) with their input slots, links
// (arcs), and the small helpers every LP of the network shares.
#pragma once

#include <CoinFinite.hpp>
#include <CoinTypes.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "scrisk/analysis/network_loss.hpp"

namespace scrisk::analysis::detail {

inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr std::int32_t kNone = -1;

/// An unordered pair of elements as one word: the smaller index in the high half.
[[nodiscard]] inline std::uint64_t pair_key(ElementIndex a, ElementIndex b) {
  return (std::uint64_t(std::min(a, b)) << 32) | std::max(a, b);
}

/// Clp's infinity: it treats bounds beyond 1e27 as infinite, but COIN_DBL_MAX is
/// what it reports back, so we use that throughout.
[[nodiscard]] inline double clp_bound(double value) {
  return std::isinf(value) ? (value > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX) : value;
}

/// Columns given as (row, coefficient) lists, in Clp's column-major arrays (rows sorted).
struct ColumnMajor {
  std::vector<CoinBigIndex> start{0};
  std::vector<int> index;
  std::vector<double> value;
};
[[nodiscard]] ColumnMajor column_major(std::vector<std::vector<std::pair<int, double>>>& columns);

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

/// The network's facilities and links, in element order (facilities, then links).
struct FlowGraph {
  std::vector<Node> nodes;
  std::vector<Arc> arcs;
  std::vector<std::string> element_ids;
  double value_per_day = 0;  ///< sum of demand * value: the loss rate with every sale lost

  [[nodiscard]] std::size_t element_count() const { return nodes.size() + arcs.size(); }
};

/// The graph of a validated network (model::find_problems(model, network) empty).
[[nodiscard]] FlowGraph build_flow_graph(const model::Model& model, const model::SupplyNetwork& network);

/// L(t) at one outage length from a solved LP, with a subgradient (dual-derived) there.
struct Sample {
  double t = 0;
  double value = 0;
  double slope = 0;
};

}  // namespace scrisk::analysis::detail
