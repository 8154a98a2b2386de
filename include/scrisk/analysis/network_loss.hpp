// Network consequences of outages: the time-to-recover linear program (lost sales when a set
// of facilities and links is out for t days), its loss curves L_S(t), time-to-survive,
// single points of failure, and the full time-expanded LP as the exact reference for
// outages that overlap without coinciding. Formulation and approximations: docs/network.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scrisk/model/model.hpp"
#include "scrisk/model/supply_network.hpp"

namespace scrisk::analysis {

/// A convex, non-decreasing, piecewise-linear function of an outage's length with
/// value 0 at 0 days: the lost-sales value L_S(t) of an outage set S. Between points it
/// interpolates linearly; past the last point it grows at final_slope_per_day().
class PiecewiseLinear {
 public:
  struct Point {
    double days = 0;
    double value = 0;  ///< currency
  };

  PiecewiseLinear();  ///< identically zero
  /// `points` start at (0, 0) with increasing days; `final_slope_per_day` applies past the last.
  PiecewiseLinear(std::vector<Point> points, double final_slope_per_day);

  /// L(days); 0 for days <= 0. A binary search over the points: no allocation, no LP.
  [[nodiscard]] double evaluate(double days) const noexcept;
  [[nodiscard]] const std::vector<Point>& points() const noexcept { return points_; }
  /// Currency per day once every inventory that can run out has run out.
  [[nodiscard]] double final_slope_per_day() const noexcept { return final_slope_; }
  /// The longest outage with no loss: the end of the initial zero run (infinity when the
  /// function is zero everywhere).
  [[nodiscard]] double last_zero_days() const noexcept;

 private:
  std::vector<Point> points_;
  double final_slope_ = 0;
};

/// A facility or link of the network: facilities first, in SupplyNetwork::facilities
/// order, then links, in SupplyNetwork::links order.
using ElementIndex = std::uint32_t;

/// One outage in a timeline, over [start_day, end_day).
struct TimedOutage {
  ElementIndex element = 0;
  double start_day = 0;
  double end_day = 0;
};

/// How overlapping_lost_sales_value() prices outages that overlap without coinciding.
/// Outages are first grouped in episodes: maximal runs of outages that overlap or touch.
/// Episodes are priced independently, each starting with full inventories. Inside an
/// episode the timeline splits into intervals of constant outage set S_k, [a_k, b_k),
/// measured from the episode's start. Measured errors against the exact LP: docs/network.md.
enum class OverlapRule {
  /// sum_k L_{S_k}(b_k - a_k): every interval starts with full inventories. Never above
  /// the exact value (a lower bound): it forgets the stock earlier intervals used.
  kIntervals,
  /// sum_k [L_{S_k}(b_k) - L_{S_k}(a_k)]: each interval costs what its set would lose over
  /// it had that set been out since the episode began, i.e. stock is taken as drawn down
  /// at the current set's pace. Exact for one outage and whenever the sets' curves share
  /// their stock and pace (e.g. one set nested in a longer one); otherwise either side.
  kIncrements,
  /// L_U(episode length) with U the union of the episode's outages, all down for the
  /// whole episode. Never below the exact value of an episode that starts with full
  /// inventories (an upper bound): it stretches every outage over the episode.
  kEpisodes,
};

struct NetworkLossOptions {
  /// Breakpoints are exact up to this fraction of a day's total demand value times
  /// max(1, t): the sandwich stops once chords and supporting lines agree within it.
  double relative_tolerance = 1e-9;
  /// Loss curves are exact up to this outage length; past it they extrapolate at the
  /// asymptotic slope, an upper bound (reached only by inventories lasting centuries).
  double max_days = 1e5;
};

/// An element whose outage alone, with no inventory anywhere, leaves customers no supply
/// at all. A customer's own outage is not listed (it trivially cuts itself off).
struct SinglePointOfFailure {
  ElementIndex element = 0;
  std::vector<ElementIndex> customers;  ///< facilities with demand_per_day > 0 it cuts off
};

/// The supply network compiled once: ids to indices, LP matrices, a zero-loss baseline
/// plan. Loss curves of outage sets are computed on first use (a handful of LP solves
/// each, on the part of the network the outage disturbs: docs/network.md, "Region LPs")
/// and cached; after that the lookups solve no LP. All const member functions are safe to call concurrently,
/// and every result is the same bits whichever thread computed a cache entry first.
class NetworkLossModel {
 public:
  /// Throws ModelError when model::find_problems(model, network) finds problems, or when
  /// the undisrupted network cannot meet every demand (each outage would be charged
  /// the shortfall).
  NetworkLossModel(const model::Model& model, const model::SupplyNetwork& network, NetworkLossOptions options = {});
  ~NetworkLossModel();
  NetworkLossModel(NetworkLossModel&&) noexcept;
  NetworkLossModel& operator=(NetworkLossModel&&) noexcept;
  NetworkLossModel(const NetworkLossModel&) = delete;
  NetworkLossModel& operator=(const NetworkLossModel&) = delete;

  [[nodiscard]] std::size_t element_count() const noexcept;
  [[nodiscard]] std::optional<ElementIndex> find(std::string_view id) const;
  [[nodiscard]] const std::string& id(ElementIndex element) const;
  [[nodiscard]] bool is_link(ElementIndex element) const;
  [[nodiscard]] std::vector<ElementIndex> customers() const;  ///< facilities with demand_per_day > 0

  /// The time-to-recover LP solved directly: the least value of lost sales when every
  /// element of `outage` is out for `days` days (starting with full inventories). Any order.
  [[nodiscard]] double lost_sales_value(std::span<const ElementIndex> outage, double days) const;

  /// L_S(t) of the joint outage S = `outage` (sorted, no repeats: throws
  /// UsageError otherwise). Cached by outage set.
  [[nodiscard]] std::shared_ptr<const PiecewiseLinear> loss_curve(std::span<const ElementIndex> outage) const;
  [[nodiscard]] const PiecewiseLinear& loss_curve(ElementIndex element) const;
  /// loss_curve(outage)->evaluate(days): the joint outage's loss by lookup.
  [[nodiscard]] double joint_lost_sales_value(std::span<const ElementIndex> outage, double days) const;
  /// The longest outage of `element` with no lost sales (infinity when none is ever lost).
  [[nodiscard]] double time_to_survive_days(ElementIndex element) const;
  /// Computes every single-element curve now, on `threads` oneTBB threads (0: all cores).
  void precompute_single_outages(int threads = 0) const;
  [[nodiscard]] std::size_t cached_curves() const;
  /// LP solves so far, each round of a growing region counted (for tests: none happen in
  /// lookups once the cache is warm).
  [[nodiscard]] std::uint64_t lp_solves() const noexcept;

  /// Outages on a timeline priced from the cached joint loss curves (no LP once warm).
  /// Outages that overlap or touch in time are priced together when their elements are in
  /// the network's SupplyNetwork::interaction_scope and interact; each other outage costs
  /// its single curve's value.
  [[nodiscard]] double overlapping_lost_sales_value(std::span<const TimedOutage> outages,
                                                    OverlapRule rule = OverlapRule::kIntervals) const;
  /// The exact value of the flow model for outages on a timeline: one LP with a period per
  /// interval of constant outage set (from the first start to the last end, gaps
  /// included), inventories carried between periods. Within a period rates are constant,
  /// so spreading its aggregate plan evenly is feasible: no finer grid can do better.
  [[nodiscard]] double interval_lp_lost_sales_value(std::span<const TimedOutage> outages) const;
  /// The reference of the issue: the time-expanded LP over days [0, ceil(horizon_days)), each day
  /// a period, inventories carried between days (and refilled up to their initial level
  /// when capacity allows), starting full. A day partly out has its capacity (and the
  /// flows touching that element) in proportion to its time up.
  [[nodiscard]] double time_expanded_lost_sales_value(std::span<const TimedOutage> outages, double horizon_days) const;

  /// Elements whose outage alone cuts a customer off, in element order.
  [[nodiscard]] std::vector<SinglePointOfFailure> single_points_of_failure() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrisk::analysis
