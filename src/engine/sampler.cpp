#include "engine/sampler.hpp"

#include "core/overloaded.hpp"

namespace scrisk::engine::detail {

using scrisk::detail::Overloaded;

Sampler make_sampler(const Distribution& distribution) {
  return std::visit(Overloaded{
                        [](const Fixed& d) -> Sampler { return FixedSampler{d.value}; },
                        [](const Uniform& d) -> Sampler {
                          return UniformSampler{d.low, d.high - d.low};
                        },
                        [](const Triangular& d) -> Sampler { return TriangularSampler(d.low, d.mode, d.high); },
                        [](const Pert& d) -> Sampler {
                          const double width = d.high - d.low;
                          const double alpha = 1 + d.lambda * (d.mode - d.low) / width;
                          const double beta = 1 + d.lambda * (d.high - d.mode) / width;
                          return ScaledBetaSampler{BetaSampler(alpha, beta), d.low, width};
                        },
                        [](const Normal& d) -> Sampler {
                          if (d.sd == 0) return FixedSampler{d.mean};
                          return boost::random::normal_distribution<double>(d.mean, d.sd);
                        },
                        [](const Lognormal& d) -> Sampler {
                          if (d.sigma == 0) return FixedSampler{std::exp(d.mu)};
                          return boost::random::lognormal_distribution<double>(d.mu, d.sigma);
                        },
                        [](const Lognormal90& d) -> Sampler { return make_sampler(to_lognormal(d)); },
                        [](const Gamma& d) -> Sampler { return GammaSampler(d.shape, d.scale); },
                        [](const Beta& d) -> Sampler { return BetaSampler(d.alpha, d.beta); },
                        [](const Poisson& d) -> Sampler { return PoissonSampler{d.mean}; },
                        [](const Empirical& d) -> Sampler {
                          std::vector<double> weights = d.weights.empty() ? std::vector<double>(d.values.size(), 1.0) : d.weights;
                          return EmpiricalSampler{{weights.begin(), weights.end()}, d.values};
                        },
                    },
                    distribution);
}

}  // namespace scrisk::engine::detail
