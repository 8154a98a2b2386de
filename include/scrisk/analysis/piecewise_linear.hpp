// Loss curves: lost-sales value as a function of an outage's length.
#pragma once

#include <vector>

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

}  // namespace scrisk::analysis
