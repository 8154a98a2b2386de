// One outage set's TTR LP on the region of the network the outage disturbs, grown until a
// certificate proves it gives the whole network's optimum (docs/network.md, "Region LPs").
#pragma once

#include <ClpSimplex.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "analysis/network/flow_graph.hpp"

namespace scrisk::analysis::detail {

/// What a RegionSolver needs of the compiled network, and its acceptance thresholds.
struct RegionContext {
  const std::vector<Node>* nodes = nullptr;
  const std::vector<Arc>* arcs = nullptr;
  /// Units per day each link carries in a zero-loss plan of the undisrupted network with no
  /// stock (the solved rate prototype). Scaled by t it is a zero-loss plan for t days.
  const std::vector<double>* baseline_link_rate = nullptr;
  double shortfall_cost = 0;            ///< per unit a region node cannot deliver to outside: above any unit's value
  double dual_tolerance = 0;            ///< currency per unit: reduced costs below it are noise
  double primal_tolerance_per_day = 0;  ///< units per day of outage: flows below it are noise
  double gap_tolerance_per_day = 0;     ///< currency per day of outage the certificate may leave open
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
/// outage set, so the result is the same bits on any thread. A timeline of several periods
/// is certified the same way period by period (outside, stocks stay full and unused), with
/// the gap summed over the periods.
class RegionSolver {
 public:
  /// One outage set's LP (a loss curve's): one period whose length each solve() sets.
  /// `seed_nodes`: facilities to start the region with (a region another solver of the
  /// same outage grew to, say).
  RegionSolver(const RegionContext& context, std::span<const ElementIndex> outage, bool with_inventory,
               std::span<const std::uint32_t> seed_nodes, std::atomic<std::uint64_t>& solves);
  /// A timeline's LP: one period per interval of constant outage set, `period_outages[k]`
  /// out during period k (sorted; empty for a gap, where stock refills at spare capacity),
  /// stocks carried from period to period, starting full (docs/network.md, "Exact prices").
  RegionSolver(const RegionContext& context, std::vector<std::vector<ElementIndex>> period_outages,
               std::span<const std::uint32_t> seed_nodes, std::atomic<std::uint64_t>& solves);

  /// A copy that solves on from `other`'s last optimal basis (a prototype's): its region,
  /// LP and basis, with nothing shared.
  RegionSolver(const RegionSolver& other);
  RegionSolver& operator=(const RegionSolver&) = delete;

  /// The one period's LP at length t: L(t) and its dual slope.
  Sample solve(double t);
  /// Every period's length (as many as periods): the least lost-sales value of the timeline.
  double solve(std::span<const double> lengths_days);

  /// The region's facilities, sorted: a good start for another solver of the same outage.
  [[nodiscard]] const std::vector<std::uint32_t>& region() const { return region_; }
  /// After a solve: units of each facility's demand lost over all periods, added to
  /// `per_node` (one entry per facility of the network).
  void add_lost_units(std::vector<double>& per_node) const;

 private:
  struct BoundaryLink {
    std::uint32_t arc = 0;
    int column = 0;
    double baseline_per_day = 0;
    std::uint32_t period = 0;
  };
  struct ShortfallColumn {
    std::uint32_t node = 0;
    int column = 0;
    std::uint32_t period = 0;
  };
  struct LostColumn {
    std::uint32_t node = 0;
    int column = 0;
  };
  class Builder;

  void add_outage_neighbourhood(std::span<const ElementIndex> outage, std::vector<std::uint32_t>& initial) const;
  void add_nodes(std::vector<std::uint32_t> added);
  /// Adds to `growth` the facilities up to `stages` links downstream of it, outside the region.
  void add_downstream(std::vector<std::uint32_t>& growth, std::size_t stages) const;
  [[nodiscard]] bool inside(std::uint32_t node) const { return std::binary_search(region_.begin(), region_.end(), node); }
  /// Solves at lengths_, growing the region until the certificate holds.
  void solve_certified();
  /// The region's LP: per period, the rows of AggregateLp for its facilities and for every
  /// link that touches one, with links crossing the boundary bounded by their baseline.
  void build();
  /// Bounds that grow with the period lengths: capacities and demand (rows) and the
  /// baseline flows of links crossing the boundary (columns).
  void set_lengths();
  /// The certificate of the class comment: empty when the region's optimum is the full
  /// LP's, else the facilities to add, sorted.
  [[nodiscard]] std::vector<std::uint32_t> offending_far_ends() const;
  /// Suppliers at the inbound boundary whose spare capacity would help, with every
  /// supplier of theirs outside the region.
  void add_helpful_suppliers(std::vector<std::uint32_t>& growth) const;
  /// Receivers of outbound links held at their baseline while the region would rather keep
  /// the goods, when that duality gap is above tolerance.
  void add_gap_receivers(std::vector<std::uint32_t>& growth) const;
  [[nodiscard]] double primal_tolerance(std::uint32_t period) const;
  [[nodiscard]] double lost_sales_value() const;

  const RegionContext& context_;
  bool with_inventory_;
  std::vector<std::vector<ElementIndex>> period_outages_;  // each sorted
  std::vector<double> lengths_;                            // per period, of the last solve
  std::atomic<std::uint64_t>& solves_;
  std::vector<std::uint32_t> region_;  // sorted facility indices
  std::size_t downstream_reach_ = 0;   // stages past the far ends the next growth adds
  std::unique_ptr<ClpSimplex> simplex_;
  std::vector<double> row_rate_, row_constant_;  // a row's bound: rate * its period's length + constant
  std::vector<std::uint32_t> row_period_;
  std::vector<bool> row_equality_;
  std::vector<BoundaryLink> in_boundary_, out_boundary_;
  std::vector<ShortfallColumn> shortfalls_;
  std::vector<LostColumn> lost_;
};

}  // namespace scrisk::analysis::detail
