// Loss curves L_S(t) of outage sets, by the sandwich method on region LPs; the check that
// the undisrupted network meets its demand.
#include <algorithm>

#include "analysis/network/loss_model_impl.hpp"
#include "core/format.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::analysis {
namespace {

using detail::RegionSolver;
using detail::Sample;
using Points = std::vector<PiecewiseLinear::Point>;

/// Finds T past the last breakpoint: L has slope final_slope there. Doubling costs
/// log2(last breakpoint) solves; either test below proves it (slopes never exceed
/// final_slope, so an average slope equal to it on [T/2, T] means no breakpoint there).
Sample beyond_last_breakpoint(RegionSolver& lp_t, double final_slope, const NetworkLossModel::Impl& impl) {
  const double slope_tolerance = 100 * impl.options.relative_tolerance * impl.graph.value_per_day;
  Sample previous{0, 0, 0};
  Sample far = lp_t.solve(1);
  while (far.t < impl.options.max_days) {
    if (far.slope >= final_slope - slope_tolerance) break;
    if (far.value - previous.value >= final_slope * (far.t - previous.t) - impl.tolerance(far.t)) break;
    previous = far;
    far = lp_t.solve(std::min(2 * far.t, impl.options.max_days));
  }
  return far;
}

/// Sandwich (Eisner-Severance): on [a, b] with supporting lines at both ends, those
/// lines bound L from below and the chord from above; they are furthest apart at the
/// lines' intersection t*. Accept the chord when that gap is within tolerance, else solve
/// at t* and split. A breakpoint found exactly closes both halves at once, so the work is
/// about two solves per breakpoint. Left halves first, so points come out in order.
Points sandwich(RegionSolver& lp_t, const Sample& far, const NetworkLossModel::Impl& impl) {
  const Sample origin{0, 0, 0};  // L >= 0 = L(0): slope 0 supports L at 0
  Points points{{0, 0}};
  std::vector<std::pair<Sample, Sample>> stack{{origin, far}};
  const double min_width = 1e-12 * std::max(1.0, far.t);
  std::size_t budget = 10000;
  auto emit = [&](const Sample& sample) {
    if (sample.t <= points.back().days) return;
    const double value = sample.value <= impl.tolerance(sample.t) ? 0.0 : sample.value;
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
    if (chord - lower <= impl.tolerance(b.t) || t_star - a.t <= min_width || b.t - t_star <= min_width) {
      emit(b);
      continue;
    }
    if (--budget == 0)
      throw ModelError({Problem{"supply_network",
                                "a loss curve needs more than 10000 breakpoints; the network's figures span too many "
                                "orders of magnitude"}});
    const Sample middle = lp_t.solve(t_star);
    stack.emplace_back(middle, b);
    stack.emplace_back(a, middle);
  }
  return points;
}

/// Drops points the neighbours' chord reproduces within tolerance (checked against every
/// dropped point, so the errors do not add up), and trailing points already on the final
/// slope.
Points simplified(const Points& points, double final_slope, const NetworkLossModel::Impl& impl) {
  Points kept{points.front()};
  std::size_t anchor = 0;
  for (std::size_t j = 2; j <= points.size(); ++j) {
    bool fits = j < points.size();
    for (std::size_t i = anchor + 1; fits && i < j; ++i) {
      const auto& p = points[anchor];
      const auto& q = points[j];
      const double on_chord = p.value + (q.value - p.value) * ((points[i].days - p.days) / (q.days - p.days));
      fits = std::abs(on_chord - points[i].value) <= impl.tolerance(points[i].days);
    }
    if (!fits) {
      kept.push_back(points[j - 1]);
      anchor = j - 1;
    }
  }
  while (kept.size() >= 2) {
    const auto& last = kept.back();
    const auto& before = kept[kept.size() - 2];
    if (std::abs(before.value + final_slope * (last.days - before.days) - last.value) > impl.tolerance(last.days)) break;
    kept.pop_back();
  }
  return kept;
}

}  // namespace

CurvePtr NetworkLossModel::Impl::compute_curve(std::span<const ElementIndex> outage, std::vector<std::uint32_t>& footprint,
                                               std::atomic<std::uint64_t>& solve_count) const {
  if (outage.empty()) return std::make_shared<const PiecewiseLinear>();
  // Elements idle in the undisrupted no-stock optimum: that solution stays feasible with
  // them out, so the final slope is 0 and L is 0 everywhere. No LP needed.
  if (std::all_of(outage.begin(), outage.end(), [&](ElementIndex e) { return idle[e]; })) {
    footprint = RegionSolver(region_context, outage, false, {}, solve_count).region();
    return std::make_shared<const PiecewiseLinear>();
  }
  // The asymptotic slope: with inventories gone, L(t)/t tends to the loss rate of the
  // same LP with no inventory at t = 1 day.
  // Both LPs are restricted to the part of the network the outage disturbs (RegionSolver);
  // the stock LP starts from the region the no-stock LP grew to, which it usually needs.
  RegionSolver rate_lp(region_context, outage, false, {}, solve_count);
  const double final_slope = rate_lp.solve(1).value;
  if (final_slope <= tolerance(0)) {
    footprint = rate_lp.region();
    return std::make_shared<const PiecewiseLinear>();
  }
  RegionSolver lp_t(region_context, outage, true, rate_lp.region(), solve_count);
  const Sample far = beyond_last_breakpoint(lp_t, final_slope, *this);
  Points points = simplified(sandwich(lp_t, far, *this), final_slope, *this);
  footprint = lp_t.region();  // it grew from rate_lp's
  return std::make_shared<const PiecewiseLinear>(std::move(points), final_slope);
}

void NetworkLossModel::Impl::check_baseline() const {
  // The rate prototype is the undisrupted no-stock LP at t = 1, solved.
  const ClpSimplex& rate = prototype(false);
  if (std::max(0.0, rate.objectiveValue()) <= tolerance(0)) return;
  const double* solution = rate.primalColumnSolution();
  std::string shortfalls;
  for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
    const std::int32_t l = lp->nodes[n].l;
    if (l == detail::kNone) continue;
    const double lost = solution[l];
    if (lost > 1e-9 * graph.nodes[n].demand)
      shortfalls += (shortfalls.empty() ? "" : ", ") + graph.nodes[n].id + " short by " + scrisk::detail::format_number(lost) +
                    " units/day";
  }
  throw ModelError(
      {Problem{"supply_network", "the network cannot meet demand even with nothing out (" + shortfalls +
                                     "): every outage would be charged that shortfall; raise capacities or lower demand"}});
}

}  // namespace scrisk::analysis
