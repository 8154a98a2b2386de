// A distribution ready to sample: Boost.Random's distributions, which are specified
// algorithms (the same draws on every platform), held in a variant (no virtual calls).
#pragma once

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <variant>
#include <vector>

#include "engine/random_stream.hpp"
#include "scrisk/core/distribution.hpp"

namespace scrisk::engine::detail {

struct FixedSampler {
  double value;
  double operator()(RandomStream&) const noexcept { return value; }
};

/// Gamma(shape, scale) by Marsaglia and Tsang (ACM TOMS 26(3), 2000): one normal and one
/// uniform per draw, rarely a log. Boost's gamma_distribution uses a tangent-based rejection
/// that costs several times more, and PERT rates need two gammas every simulated year.
class GammaSampler {
 public:
  GammaSampler(double shape, double scale)
      : boosted_(shape < 1),
        d_((shape < 1 ? shape + 1 : shape) - 1.0 / 3),
        c_(1 / std::sqrt(9 * d_)),
        inverse_shape_(1 / shape),
        scale_(scale) {}

  double operator()(RandomStream& stream) {
    boost::random::normal_distribution<double> normal;
    for (;;) {
      const double x = normal(stream);
      double v = 1 + c_ * x;
      if (v <= 0) continue;
      v = v * v * v;
      const double u = stream.uniform();
      const double x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d_ * (1 - v + std::log(v))) {
        double value = d_ * v;
        // Shape < 1: Gamma(a) = Gamma(a + 1) * U^(1/a).
        if (boosted_) value *= std::pow(1 - stream.uniform(), inverse_shape_);
        return value * scale_;
      }
    }
  }

 private:
  bool boosted_;
  double d_, c_, inverse_shape_, scale_;
};

/// Beta(alpha, beta) = X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). Measured here
/// faster than Cheng's BB (two logs and an exp per try) for the shapes PERT produces.
class BetaSampler {
 public:
  BetaSampler(double alpha, double beta) : x_(alpha, 1), y_(beta, 1) {}
  double operator()(RandomStream& stream) {
    const double x = x_(stream);
    const double sum = x + y_(stream);
    return sum > 0 ? x / sum : 0.5;  // both gammas underflow only for shapes far below 1
  }

 private:
  GammaSampler x_, y_;
};

/// A beta stretched onto [low, low + width] (PERT).
struct ScaledBetaSampler {
  BetaSampler beta;
  double low, width;
  double operator()(RandomStream& stream) { return low + width * beta(stream); }
};

/// Uniform on [low, high]; a zero-width interval is its single value.
struct UniformSampler {
  double low, width;
  double operator()(RandomStream& stream) noexcept { return low + width * stream.uniform(); }
};

/// Poisson(mean). Small means (the usual attempts per year) by inversion from zero with a
/// single uniform, several times faster than Boost's; large means by Boost's PTRD.
inline std::uint64_t draw_poisson(double mean, RandomStream& stream) {
  constexpr double kInversionLimit = 12;
  if (!(mean > 0)) return 0;
  if (mean >= kInversionLimit) return boost::random::poisson_distribution<std::uint64_t, double>(mean)(stream);
  const double u = stream.uniform();
  double probability = std::exp(-mean);
  double cumulative = probability;
  std::uint64_t count = 0;
  while (u >= cumulative && probability > 0) {
    ++count;
    probability *= mean / double(count);
    cumulative += probability;
  }
  return count;
}

struct PoissonSampler {
  double mean;
  double operator()(RandomStream& stream) const { return double(draw_poisson(mean, stream)); }
};

/// Triangular(low, mode, high) by inverting its CDF: one uniform and one square root.
class TriangularSampler {
 public:
  TriangularSampler(double low, double mode, double high)
      : low_(low),
        high_(high),
        split_((mode - low) / (high - low)),
        left_((high - low) * (mode - low)),
        right_((high - low) * (high - mode)) {}
  double operator()(RandomStream& stream) noexcept {
    const double u = stream.uniform();
    // One square root and an arithmetic blend (exact: the weights are 0 and 1) rather than a
    // branch that mispredicts on the split.
    const auto left = double(u < split_);
    const double root = std::sqrt(left * (u * left_) + (1 - left) * ((1 - u) * right_));
    return left * (low_ + root) + (1 - left) * (high_ - root);
  }

 private:
  double low_, high_, split_, left_, right_;
};

struct EmpiricalSampler {
  boost::random::discrete_distribution<std::uint32_t, double> pick;
  std::vector<double> values;
  double operator()(RandomStream& stream) { return values[pick(stream)]; }
};

using Sampler =
    std::variant<FixedSampler, UniformSampler, TriangularSampler, ScaledBetaSampler, boost::random::normal_distribution<double>,
                 boost::random::lognormal_distribution<double>, GammaSampler, BetaSampler, PoissonSampler, EmpiricalSampler>;

/// Builds the sampler of a validated distribution: sampler_of() of its kind.
[[nodiscard]] Sampler make_sampler(const Distribution& distribution);

// The sampler of each kind of distribution, beside the samplers themselves: a new kind
// adds its own here (make_sampler finds it by overload).
inline Sampler sampler_of(const Fixed& d) { return FixedSampler{d.value}; }
inline Sampler sampler_of(const Uniform& d) { return UniformSampler{d.low, d.high - d.low}; }
inline Sampler sampler_of(const Triangular& d) { return TriangularSampler(d.low, d.mode, d.high); }
inline Sampler sampler_of(const Pert& d) {
  const double width = d.high - d.low;
  const double alpha = 1 + d.lambda * (d.mode - d.low) / width;
  const double beta = 1 + d.lambda * (d.high - d.mode) / width;
  return ScaledBetaSampler{BetaSampler(alpha, beta), d.low, width};
}
inline Sampler sampler_of(const Normal& d) {
  if (d.sd == 0) return FixedSampler{d.mean};
  return boost::random::normal_distribution<double>(d.mean, d.sd);
}
inline Sampler sampler_of(const Lognormal& d) {
  if (d.sigma == 0) return FixedSampler{std::exp(d.mu)};
  return boost::random::lognormal_distribution<double>(d.mu, d.sigma);
}
inline Sampler sampler_of(const Lognormal90& d) { return sampler_of(to_lognormal(d)); }
inline Sampler sampler_of(const Gamma& d) { return GammaSampler(d.shape, d.scale); }
inline Sampler sampler_of(const Beta& d) { return BetaSampler(d.alpha, d.beta); }
inline Sampler sampler_of(const Poisson& d) { return PoissonSampler{d.mean}; }
inline Sampler sampler_of(const Empirical& d) {
  std::vector<double> weights = d.weights.empty() ? std::vector<double>(d.values.size(), 1.0) : d.weights;
  return EmpiricalSampler{{weights.begin(), weights.end()}, d.values};
}

/// Draws one value; quantities that cannot be negative (rates, losses, durations) pass
/// through max(0, x) so that a normal's negative tail counts as zero.
inline double draw(Sampler& sampler, RandomStream& stream) {
  return std::visit([&](auto& s) { return double(s(stream)); }, sampler);
}
inline double draw_non_negative(Sampler& sampler, RandomStream& stream) { return std::max(0.0, draw(sampler, stream)); }

}  // namespace scrisk::engine::detail
