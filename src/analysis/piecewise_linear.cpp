#include "scrisk/analysis/piecewise_linear.hpp"

#include <algorithm>
#include <limits>

#include "scrisk/core/error.hpp"

namespace scrisk::analysis {

PiecewiseLinear::PiecewiseLinear() : points_{{0, 0}} {}

PiecewiseLinear::PiecewiseLinear(std::vector<Point> points, double final_slope_per_day)
    : points_(std::move(points)), final_slope_(final_slope_per_day) {
  if (points_.empty() || points_.front().days != 0 || points_.front().value != 0)
    throw UsageError("points", "a loss curve starts at (0, 0)");
  for (std::size_t i = 1; i < points_.size(); ++i)
    if (!(points_[i].days > points_[i - 1].days)) throw UsageError("points", "the days of a loss curve's points must increase");
}

double PiecewiseLinear::evaluate(double days) const noexcept {
  if (!(days > 0)) return 0;
  auto after =
      std::upper_bound(points_.begin(), points_.end(), days, [](double t, const Point& point) { return t < point.days; });
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

}  // namespace scrisk::analysis
