#include "scrisk/core/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/format.hpp"
#include "core/overloaded.hpp"

namespace scrisk {
namespace {

using detail::Overloaded;

using detail::format_number;

/// Collects the problems of one distribution under `path.kind`.
class Checker {
 public:
  Checker(std::string path, std::vector<Problem>& problems) : path_(std::move(path)), problems_(problems) {}

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
  void ordered(const char* lower_name, double lower, const char* upper_name, double upper) {
    if (std::isfinite(lower) && std::isfinite(upper) && lower > upper)
      fail(lower_name, std::string("must be <= ") + upper_name + " (" + format_number(lower) + " > " + format_number(upper) + ")");
  }
  void fail(const std::string& field, const std::string& message) {
    problems_.push_back({field.empty() ? path_ : path_ + "." + field, message});
  }

 private:
  std::string path_;
  std::vector<Problem>& problems_;
};

}  // namespace

Lognormal to_lognormal(const Lognormal90& interval) {
  const double log_low = std::log(interval.low);
  const double log_high = std::log(interval.high);
  return {0.5 * (log_low + log_high), (log_high - log_low) / (2 * kNormalQuantile95)};
}

double mean(const Distribution& distribution) {
  return std::visit(
      Overloaded{
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
  static constexpr const char* kNames[] = {"fixed",     "uniform", "triangular", "pert",    "normal",   "lognormal",
                                           "lognormal_90", "gamma", "beta",       "poisson", "empirical"};
  static_assert(std::size(kNames) == std::variant_size_v<Distribution>);
  return kNames[distribution.index()];
}

void validate(const Distribution& distribution, const std::string& path, Support support,
              std::vector<Problem>& problems) {
  Checker check(path + "." + kind_name(distribution), problems);
  const bool non_negative = support == Support::kNonNegative;
  auto lower_bound = [&](const char* field, double value) {
    if (non_negative) check.non_negative(field, value); else check.finite(field, value);
  };
  // Triangular and PERT: low <= mode <= high with some width.
  auto low_mode_high = [&](double low, double mode, double high) {
    lower_bound("low", low);
    check.finite("mode", mode);
    check.finite("high", high);
    check.ordered("low", low, "mode", mode);
    check.ordered("mode", mode, "high", high);
    if (low == high) check.fail("high", "must be > low (the distribution has no width)");
  };
  std::visit(
      Overloaded{
          [&](const Fixed& d) { lower_bound("value", d.value); },
          [&](const Uniform& d) {
            lower_bound("low", d.low);
            check.finite("high", d.high);
            check.ordered("low", d.low, "high", d.high);
          },
          [&](const Triangular& d) { low_mode_high(d.low, d.mode, d.high); },
          [&](const Pert& d) {
            low_mode_high(d.low, d.mode, d.high);
            check.positive("lambda", d.lambda);
          },
          [&](const Normal& d) {
            if (non_negative) check.non_negative("mean", d.mean); else check.finite("mean", d.mean);
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
            check.positive("shape", d.shape);
            check.positive("scale", d.scale);
          },
          [&](const Beta& d) {
            check.positive("alpha", d.alpha);
            check.positive("beta", d.beta);
          },
          [&](const Poisson& d) { check.non_negative("mean", d.mean); },
          [&](const Empirical& d) {
            if (d.values.empty()) check.fail("values", "must list at least one value");
            for (std::size_t i = 0; i < d.values.size(); ++i) {
              const std::string field = "values[" + std::to_string(i) + "]";
              if (non_negative) check.non_negative(field.c_str(), d.values[i]);
              else check.finite(field.c_str(), d.values[i]);
            }
            if (d.weights.empty()) return;
            if (d.weights.size() != d.values.size()) {
              check.fail("weights", "must have one weight per value (" + std::to_string(d.weights.size()) +
                                        " weights, " + std::to_string(d.values.size()) + " values)");
              return;
            }
            double total = 0;
            for (std::size_t i = 0; i < d.weights.size(); ++i) {
              const std::string field = "weights[" + std::to_string(i) + "]";
              check.non_negative(field.c_str(), d.weights[i]);
              if (std::isfinite(d.weights[i]) && d.weights[i] > 0) total += d.weights[i];
            }
            if (!(total > 0)) check.fail("weights", "must have at least one positive weight");
          },
      },
      distribution);
}

}  // namespace scrisk
