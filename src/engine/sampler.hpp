// A distribution ready to sample: Boost.Random's distributions, which are specified
// algorithms (the same draws on every platform), held in a variant (no virtual calls).
#pragma once

#include <boost/random/beta_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <variant>
#include <vector>

#include "engine/random_stream.hpp"
#include "scrisk/core/distribution.hpp"

namespace scrisk::engine::detail {

struct FixedSampler {
  double value;
  double operator()(RandomStream&) const noexcept { return value; }
};

/// A distribution on [0, 1] stretched onto [low, low + width] (PERT).
struct ScaledBetaSampler {
  boost::random::beta_distribution<double> beta;
  double low, width;
  double operator()(RandomStream& stream) { return low + width * beta(stream); }
};

/// Uniform on [low, high]; a zero-width interval is its single value.
struct UniformSampler {
  double low, width;
  double operator()(RandomStream& stream) noexcept { return low + width * stream.uniform(); }
};

struct PoissonSampler {
  double mean;
  double operator()(RandomStream& stream) const {
    return mean > 0 ? double(boost::random::poisson_distribution<std::uint64_t, double>(mean)(stream)) : 0.0;
  }
};

struct EmpiricalSampler {
  boost::random::discrete_distribution<std::uint32_t, double> pick;
  std::vector<double> values;
  double operator()(RandomStream& stream) { return values[pick(stream)]; }
};

using Sampler = std::variant<FixedSampler, UniformSampler, boost::random::triangle_distribution<double>, ScaledBetaSampler,
                             boost::random::normal_distribution<double>, boost::random::lognormal_distribution<double>,
                             boost::random::gamma_distribution<double>, boost::random::beta_distribution<double>,
                             PoissonSampler, EmpiricalSampler>;

/// Builds the sampler of a validated distribution.
[[nodiscard]] Sampler make_sampler(const Distribution& distribution);

/// Draws one value; quantities that cannot be negative (rates, losses, durations) pass
/// through max(0, x) so that a normal's negative tail counts as zero.
inline double draw(Sampler& sampler, RandomStream& stream) {
  return std::visit([&](auto& s) { return double(s(stream)); }, sampler);
}
inline double draw_non_negative(Sampler& sampler, RandomStream& stream) {
  return std::max(0.0, draw(sampler, stream));
}

}  // namespace scrisk::engine::detail
