// Probability distributions of model inputs (rates, losses, downtimes).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "scrisk/core/error.hpp"

namespace scrisk {

struct Fixed {
  double value = 0;
};
struct Uniform {
  double low = 0, high = 0;
};
struct Triangular {
  double low = 0, mode = 0, high = 0;
};
/// Beta-PERT: low + (high - low) * Beta(1 + lambda (mode - low) / (high - low),
///                                      1 + lambda (high - mode) / (high - low)).
struct Pert {
  double low = 0, mode = 0, high = 0, lambda = 4;
};
struct Normal {
  double mean = 0, sd = 0;
};
/// ln X ~ Normal(mu, sigma).
struct Lognormal {
  double mu = 0, sigma = 0;
};
/// Lognormal given by its 5th (low) and 95th (high) percentiles.
struct Lognormal90 {
  double low = 0, high = 0;
};
/// The range a Gamma's shape and a Beta's alpha and beta must lie in. Beyond it Boost's
/// incomplete gamma function (the quantile validation takes of an unbounded rate law)
/// overflows (shape below about 6e-309) or gives up (shape above about 2e10).
inline constexpr double kMinShapeParameter = 1e-300;
inline constexpr double kMaxShapeParameter = 1e9;
/// The largest Poisson mean: its quantile, P(N <= k) = Q(k + 1, mean), is Boost's incomplete
/// gamma function again, which gives up for a mean above about 1e11.
inline constexpr double kMaxPoissonMean = 1e9;

struct Gamma {
  double shape = 0, scale = 0;
};
struct Beta {
  double alpha = 0, beta = 0;
};
struct Poisson {
  double mean = 0;
};
/// One of `values`, with probability proportional to `weights` (equal when empty).
struct Empirical {
  std::vector<double> values, weights;
};

using Distribution =
    std::variant<Fixed, Uniform, Triangular, Pert, Normal, Lognormal, Lognormal90, Gamma, Beta, Poisson, Empirical>;

/// The 95th percentile of the standard normal: lognormal_90's low/high are mu -/+ z95 sigma.
inline constexpr double kNormalQuantile95 = 1.6448536269514722;

/// The (mu, sigma) of the lognormal whose 5th and 95th percentiles are low and high.
[[nodiscard]] Lognormal to_lognormal(const Lognormal90& interval);

/// The largest value the distribution can take (infinite for unbounded ones).
[[nodiscard]] double upper_bound(const Distribution& distribution);

/// Exact mean of the distribution.
[[nodiscard]] double mean(const Distribution& distribution);

/// The inverse of the cumulative distribution function at `probability` in (0, 1): the
/// smallest x with P(X <= x) >= probability (for discrete laws, the left-continuous
/// inverse). Throws UsageError outside (0, 1).
[[nodiscard]] double quantile(const Distribution& distribution, double probability);

/// quantile(distribution, Phi(normal_score)), computed without going through Phi where the
/// law allows (normal, lognormal), so that far tails keep their precision: the marginal
/// transform of a Gaussian copula.
[[nodiscard]] double value_at_normal_score(const Distribution& distribution, double normal_score);

/// The model-file name of the distribution's kind, e.g. "lognormal_90".
[[nodiscard]] const char* kind_name(const Distribution& distribution);

/// How a distribution is used decides which values are admissible.
enum class Support {
  kAnyReal,      ///< any finite value
  kNonNegative,  ///< rates, losses, durations: no admissible mass below zero
};

/// Appends one Problem (with path `path.<kind>.<field>`) per invalid parameter.
void validate(const Distribution& distribution, const std::string& path, Support support, std::vector<Problem>& problems);

}  // namespace scrisk
