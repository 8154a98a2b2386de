// Network consequences of outages: the time-to-recover linear program (lost sales when a set
// of facilities and links is out for t days), its loss curves L_S(t), time-to-survive and
// single points of failure. Formulation and approximations: docs/network.md. Outages that
// overlap in time are priced by JointCurves (joint_curves.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scrisk/analysis/piecewise_linear.hpp"
#include "scrisk/model/model.hpp"
#include "scrisk/model/supply_network.hpp"

namespace scrisk::analysis {

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
/// measured from the episode's start. kExact is exact; the others are lookups of cached
/// curves, with the errors measured against it in docs/network.md.
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
  /// The optimum of the episode's LP: one period per interval of constant outage set,
  /// stocks carried from one to the next (docs/network.md, "Exact prices"). Outages whose
  /// footprints do not touch are priced apart by their curves, which is exact; the others
  /// share one LP on the region they disturb. Ignores SupplyNetwork::interaction_scope.
  kExact,
};

struct NetworkLossOptions {
  /// Breakpoints are exact up to this fraction of a day's total demand value times
  /// max(1, t): the sandwich stops once chords and supporting lines agree within it.
  double relative_tolerance = 1e-9;
  /// Loss curves are exact up to this outage length; past it they extrapolate at the
  /// asymptotic slope, an upper bound (reached only by inventories lasting centuries).
  double max_days = 1e5;
  /// oneTBB threads the constructor solves the single-element curves on (0: all cores).
  int threads = 0;
  /// Asked between single-element curves and between the simplex iterations of the whole
  /// network's LP: returning true stops the constructor with Cancelled. Only the constructor
  /// asks it (the model does not keep it).
  std::function<bool()> cancelled;
};

/// An element whose outage alone, with no inventory anywhere, leaves customers no supply
/// at all. A customer's own outage is not listed (it trivially cuts itself off).
struct SinglePointOfFailure {
  ElementIndex element = 0;
  std::vector<ElementIndex> customers;  ///< facilities with demand_per_day > 0 it cuts off
};

/// The supply network compiled once: ids to indices, LP matrices, a zero-loss baseline plan,
/// and the loss curve of every single element's outage (solved by the constructor, a handful
/// of LP solves each, on the part of the network the outage disturbs: docs/network.md,
/// "Region LPs"). Immutable after construction: every const member function is safe to call
/// concurrently and gives the same bits on any thread.
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

  /// L_S(t) of the joint outage S = `outage` (sorted, no repeats: throws UsageError
  /// otherwise), solved now; JointCurves keeps the ones a run meets.
  [[nodiscard]] std::shared_ptr<const PiecewiseLinear> loss_curve(std::span<const ElementIndex> outage) const;
  /// The single element's curve, by lookup.
  [[nodiscard]] const PiecewiseLinear& loss_curve(ElementIndex element) const;
  /// loss_curve(outage)->evaluate(days).
  [[nodiscard]] double joint_lost_sales_value(std::span<const ElementIndex> outage, double days) const;
  /// The longest outage of `element` with no lost sales (infinity when none is ever lost).
  [[nodiscard]] double time_to_survive_days(ElementIndex element) const;
  /// LP solves this object made (its constructor's and direct solves; JointCurves count
  /// their own).
  [[nodiscard]] std::uint64_t lp_solves() const noexcept;

  /// Outages on a timeline priced by a JointCurves of their own (for one-off calls: a run
  /// keeps one JointCurves for all its years, so each joint curve is solved once).
  [[nodiscard]] double overlapping_lost_sales_value(std::span<const TimedOutage> outages,
                                                    OverlapRule rule = OverlapRule::kIntervals) const;

  /// Elements whose outage alone cuts a customer off, in element order.
  [[nodiscard]] std::vector<SinglePointOfFailure> single_points_of_failure() const;

  struct Impl;  ///< opaque: defined in src/analysis/network/

 private:
  friend class JointCurves;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scrisk::analysis
