#include "scrisk/core/distribution.hpp"

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include "scrisk/core/error.hpp"

#include "core/format.hpp"
#include "core/overloaded.hpp"

namespace scrisk {
namespace {

using detail::Overloaded;

using detail::format_number;

/// Collects the problems of one distribution under `path.kind`.
class Checker {
 public:
  Checker(std::string path, Support support, std::vector<Problem>& problems)
      : path_(std::move(path)), support_(support), problems_(problems) {}

  bool finite(const char* field, double value) {
    if (std::isfinite(value)) return true;
    fail(field, "must be a finite number, got " + format_number(value));
    return false;
  }
  void positive(const char* field, double value) {
    if (finite(field, value) && value <= 0) fail(field, "must be > 0, got " + format_number(value));
  }
  void non_negative(const char* field, double value) {
    if (finite(field, value) && value < 0) fail(field, "must be >= 0, got " + format_number(value));
  }
  void in_range(const char* field, double value, double lowest, double highest) {
    if (finite(field, value) && !(value >= lowest && value <= highest))
      fail(field, "must be in [" + format_number(lowest) + ", " + format_number(highest) + "], got " + format_number(value));
  }
  void shape_parameter(const char* field, double value) { in_range(field, value, kMinShapeParameter, kMaxShapeParameter); }
  /// Only the upper bound: `positive` or `finite` has already reported a non-finite value.
  void at_most(const char* field, double value, double highest) {
    if (std::isfinite(value) && value > highest)
      fail(field, "must be at most " + format_number(highest) + ", got " + format_number(value));
  }
  void ordered(const char* lower_name, double lower, const char* upper_name, double upper) {
    if (std::isfinite(lower) && std::isfinite(upper) && lower > upper)
      fail(lower_name,
           std::string("must be <= ") + upper_name + " (" + format_number(lower) + " > " + format_number(upper) + ")");
  }
  /// The lowest value the support allows: 0 for a non-negative quantity, else any finite one.
  void lower_bound(const char* field, double value) {
    if (support_ == Support::kNonNegative)
      non_negative(field, value);
    else
      finite(field, value);
  }
  /// Triangular and PERT: low <= mode <= high with some width.
  void low_mode_high(double low, double mode, double high) {
    lower_bound("low", low);
    finite("mode", mode);
    finite("high", high);
    ordered("low", low, "mode", mode);
    ordered("mode", mode, "high", high);
    if (low == high) fail("high", "must be > low (the distribution has no width)");
  }
  void fail(const std::string& field, const std::string& message) {
    problems_.push_back({field.empty() ? path_ : path_ + "." + field, message});
  }

 private:
  std::string path_;
  Support support_;
  std::vector<Problem>& problems_;
};

/// Empirical: values within the support, and weights (if any) one per value, some positive.
void check_empirical(const Empirical& d, Checker& check) {
  if (d.values.empty()) check.fail("values", "must list at least one value");
  for (std::size_t i = 0; i < d.values.size(); ++i) check.lower_bound(("values[" + std::to_string(i) + "]").c_str(), d.values[i]);
  if (d.weights.empty()) return;
  if (d.weights.size() != d.values.size()) {
    check.fail("weights", "must have one weight per value (" + std::to_string(d.weights.size()) + " weights, " +
                              std::to_string(d.values.size()) + " values)");
    return;
  }
  double total = 0;
  for (std::size_t i = 0; i < d.weights.size(); ++i) {
    check.non_negative(("weights[" + std::to_string(i) + "]").c_str(), d.weights[i]);
    if (std::isfinite(d.weights[i]) && d.weights[i] > 0) total += d.weights[i];
  }
  if (!(total > 0)) check.fail("weights", "must have at least one positive weight");
}

}  // namespace

Lognormal to_lognormal(const Lognormal90& interval) {
  const double log_low = std::log(interval.low);
  const double log_high = std::log(interval.high);
  return {0.5 * (log_low + log_high), (log_high - log_low) / (2 * kNormalQuantile95)};
}

double mean(const Distribution& distribution) {
  return std::visit(Overloaded{
                        [](const Fixed& d) { return d.value; },
                        [](const Uniform& d) { return 0.5 * (d.low + d.high); },
                        [](const Triangular& d) { return (d.low + d.mode + d.high) / 3; },
                        [](const Pert& d) { return (d.low + d.lambda * d.mode + d.high) / (d.lambda + 2); },
                        [](const Normal& d) { return d.mean; },
                        [](const Lognormal& d) { return std::exp(d.mu + 0.5 * d.sigma * d.sigma); },
                        [](const Lognormal90& d) { return mean(to_lognormal(d)); },
                        [](const Gamma& d) { return d.shape * d.scale; },
                        [](const Beta& d) { return d.alpha / (d.alpha + d.beta); },
                        [](const Poisson& d) { return d.mean; },
                        [](const Empirical& d) {
                          if (d.weights.empty()) return std::accumulate(d.values.begin(), d.values.end(), 0.0) / d.values.size();
                          return std::inner_product(d.values.begin(), d.values.end(), d.weights.begin(), 0.0) /
                                 std::accumulate(d.weights.begin(), d.weights.end(), 0.0);
                        },
                    },
                    distribution);
}

namespace {

double standard_normal_quantile(double probability) { return -std::sqrt(2.0) * boost::math::erfc_inv(2 * probability); }

/// Smallest k with P(N <= k) >= probability for N ~ Poisson(mean): bisection on the
/// regularised incomplete gamma, P(N <= k) = Q(k + 1, mean).
double poisson_quantile(double mean_count, double probability) {
  if (mean_count <= 0) return 0;
  auto cdf = [&](double k) { return boost::math::gamma_q(k + 1, mean_count); };
  double low = 0, high = std::ceil(mean_count + 40 * std::sqrt(mean_count) + 40);
  if (cdf(low) >= probability) return 0;
  while (cdf(high) < probability) high *= 2;
  while (high - low > 1) {  // invariant: cdf(low) < probability <= cdf(high)
    const double middle = std::floor(0.5 * (low + high));
    (cdf(middle) >= probability ? high : low) = middle;
  }
  return high;
}

double empirical_quantile(const Empirical& d, double probability) {
  std::vector<std::pair<double, double>> points;  // (value, weight), ascending values
  for (std::size_t i = 0; i < d.values.size(); ++i) points.emplace_back(d.values[i], d.weights.empty() ? 1.0 : d.weights[i]);
  std::sort(points.begin(), points.end());
  double total = 0;
  for (const auto& point : points) total += point.second;
  double cumulative = 0;
  for (const auto& [value, weight] : points) {
    cumulative += weight;
    if (cumulative >= probability * total) return value;
  }
  return points.back().first;
}

}  // namespace

double quantile(const Distribution& distribution, double probability) {
  if (!(probability > 0 && probability < 1)) throw UsageError("probability", "a quantile's probability must be in (0, 1)");
  const double p = probability;
  return std::visit(Overloaded{
                        [&](const Fixed& d) { return d.value; },
                        [&](const Uniform& d) { return d.low + p * (d.high - d.low); },
                        [&](const Triangular& d) {
                          const double width = d.high - d.low;
                          if (width <= 0) return d.low;
                          if (p * width <= d.mode - d.low) return d.low + std::sqrt(p * width * (d.mode - d.low));
                          return d.high - std::sqrt((1 - p) * width * (d.high - d.mode));
                        },
                        [&](const Pert& d) {
                          const double width = d.high - d.low;
                          if (width <= 0) return d.low;
                          const double alpha = 1 + d.lambda * (d.mode - d.low) / width,
                                       beta = 1 + d.lambda * (d.high - d.mode) / width;
                          return d.low + width * boost::math::ibeta_inv(alpha, beta, p);
                        },
                        [&](const Normal& d) { return d.mean + d.sd * standard_normal_quantile(p); },
                        [&](const Lognormal& d) { return std::exp(d.mu + d.sigma * standard_normal_quantile(p)); },
                        [&](const Lognormal90& d) { return quantile(to_lognormal(d), p); },
                        [&](const Gamma& d) { return d.scale * boost::math::gamma_p_inv(d.shape, p); },
                        [&](const Beta& d) { return boost::math::ibeta_inv(d.alpha, d.beta, p); },
                        [&](const Poisson& d) { return poisson_quantile(d.mean, p); },
                        [&](const Empirical& d) { return empirical_quantile(d, p); },
                    },
                    distribution);
}

double value_at_normal_score(const Distribution& distribution, double normal_score) {
  return std::visit(Overloaded{
                        [&](const Normal& d) { return d.mean + d.sd * normal_score; },
                        [&](const Lognormal& d) { return std::exp(d.mu + d.sigma * normal_score); },
                        [&](const Lognormal90& d) { return value_at_normal_score(to_lognormal(d), normal_score); },
                        [&](const auto&) {
                          // Phi(z) rounds to 0 or 1 past |z| ~ 38; the extreme representable levels stand in.
                          const double p = 0.5 * std::erfc(-normal_score / std::sqrt(2.0));
                          return quantile(distribution, std::clamp(p, std::numeric_limits<double>::min(), 1 - 0x1p-53));
                        },
                    },
                    distribution);
}

double upper_bound(const Distribution& distribution) {
  return std::visit(
      Overloaded{
          [](const Fixed& d) { return d.value; },
          [](const Uniform& d) { return d.high; },
          [](const Triangular& d) { return d.high; },
          [](const Pert& d) { return d.high; },
          [](const Beta&) { return 1.0; },
          [](const Empirical& d) { return d.values.empty() ? 0.0 : *std::max_element(d.values.begin(), d.values.end()); },
          [](const auto&) { return double(INFINITY); },
      },
      distribution);
}

const char* kind_name(const Distribution& distribution) {
  static constexpr const char* kNames[] = {"fixed",        "uniform", "triangular", "pert",    "normal",   "lognormal",
                                           "lognormal_90", "gamma",   "beta",       "poisson", "empirical"};
  static_assert(std::size(kNames) == std::variant_size_v<Distribution>);
  return kNames[distribution.index()];
}

void validate(const Distribution& distribution, const std::string& path, Support support, std::vector<Problem>& problems) {
  Checker check(path + "." + kind_name(distribution), support, problems);
  std::visit(Overloaded{
                 [&](const Fixed& d) { check.lower_bound("value", d.value); },
                 [&](const Uniform& d) {
                   check.lower_bound("low", d.low);
                   check.finite("high", d.high);
                   check.ordered("low", d.low, "high", d.high);
                 },
                 [&](const Triangular& d) { check.low_mode_high(d.low, d.mode, d.high); },
                 [&](const Pert& d) {
                   check.low_mode_high(d.low, d.mode, d.high);
                   check.positive("lambda", d.lambda);
                   // lambda scales PERT's Beta shapes, so it shares their ceiling: past it the
                   // Beta quantile of a central mode takes minutes (a fuzzer's 1e300 took 78 s).
                   check.at_most("lambda", d.lambda, kMaxShapeParameter);
                 },
                 [&](const Normal& d) {
                   check.lower_bound("mean", d.mean);
                   check.non_negative("sd", d.sd);
                 },
                 [&](const Lognormal& d) {
                   check.finite("mu", d.mu);
                   check.non_negative("sigma", d.sigma);
                 },
                 [&](const Lognormal90& d) {
                   check.positive("low", d.low);
                   check.positive("high", d.high);
                   check.ordered("low", d.low, "high", d.high);
                 },
                 [&](const Gamma& d) {
                   check.shape_parameter("shape", d.shape);
                   check.positive("scale", d.scale);
                 },
                 [&](const Beta& d) {
                   check.shape_parameter("alpha", d.alpha);
                   check.shape_parameter("beta", d.beta);
                 },
                 [&](const Poisson& d) { check.in_range("mean", d.mean, 0, kMaxPoissonMean); },
                 [&](const Empirical& d) { check_empirical(d, check); },
             },
             distribution);
}

}  // namespace scrisk
