// The tabulated law of attempts a year against oracles computed another way: closed forms
// (Poisson, negative binomial for a gamma rate, incomplete gammas for a uniform rate, a
// finite mixture) and adaptive tanh-sinh quadrature of density x Poisson probability; then
// draws from the table against the law they were drawn from.
#include <gtest/gtest.h>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/negative_binomial.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <functional>

#include "engine/attempt_count.hpp"

namespace scrisk::engine::detail {
namespace {

constexpr std::size_t kMaxSize = std::size_t{1} << 14;
constexpr double kTolerance = 1e-10;

double poisson(std::size_t k, double rate) {
  return boost::math::pdf(boost::math::poisson_distribution<double>(rate), double(k));
}

std::vector<double> table(const Distribution& rate) {
  const std::optional<std::vector<double>> pmf = mixed_poisson_pmf(rate, kMaxSize);
  if (!pmf) ADD_FAILURE() << kind_name(rate) << " was not tabulated";
  return pmf.value_or(std::vector<double>{});
}

/// Every tabulated P(N = k) against the oracle, and no mass beyond the table.
void expect_law(const Distribution& rate, const std::function<double(std::size_t)>& oracle) {
  const std::vector<double> pmf = table(rate);
  double total = 0;
  for (std::size_t k = 0; k < pmf.size(); ++k) {
    EXPECT_NEAR(pmf[k], oracle(k), kTolerance) << kind_name(rate) << " k = " << k;
    total += pmf[k];
  }
  EXPECT_NEAR(total, 1, 1e-12) << kind_name(rate);
  EXPECT_LT(oracle(pmf.size()), 1e-18) << kind_name(rate) << ": mass beyond the table";
}

/// E[f(R)] for a rate with density `density` on (low, high), by adaptive quadrature.
double expectation(const std::function<double(double)>& density, double low, double high,
                   const std::function<double(double)>& f) {
  return boost::math::quadrature::tanh_sinh<double>().integrate([&](double r) { return density(r) * f(r); }, low, high);
}

TEST(AttemptCount, FixedRateIsPoisson) {
  expect_law(Fixed{2.5}, [](std::size_t k) { return poisson(k, 2.5); });
  expect_law(Fixed{0}, [](std::size_t k) { return k == 0 ? 1.0 : 0.0; });
  expect_law(Fixed{400}, [](std::size_t k) { return poisson(k, 400); });
}

TEST(AttemptCount, GammaRateIsNegativeBinomial) {
  for (const Gamma gamma : {Gamma{2, 1.5}, Gamma{0.5, 4}, Gamma{30, 0.2}}) {
    // N ~ NB(r = shape, p = 1 / (1 + scale)): failures before the shape-th success.
    const boost::math::negative_binomial_distribution<double> oracle(gamma.shape, 1 / (1 + gamma.scale));
    expect_law(gamma, [&](std::size_t k) { return boost::math::pdf(oracle, double(k)); });
  }
}

TEST(AttemptCount, UniformRateByIncompleteGammas) {
  for (const Uniform uniform : {Uniform{1, 3}, Uniform{0, 10}, Uniform{50, 80}}) {
    // integral of e^-r r^k / k! over [a, b] = P(k + 1, b) - P(k + 1, a), regularized lower gammas.
    expect_law(uniform, [&](std::size_t k) {
      const double a = double(k) + 1;
      return (boost::math::gamma_p(a, uniform.high) - boost::math::gamma_p(a, uniform.low)) / (uniform.high - uniform.low);
    });
  }
}

TEST(AttemptCount, EmpiricalRateIsAFiniteMixture) {
  const Empirical empirical{{1, 4, 10}, {1, 2, 1}};
  expect_law(empirical, [](std::size_t k) { return 0.25 * poisson(k, 1) + 0.5 * poisson(k, 4) + 0.25 * poisson(k, 10); });
}

TEST(AttemptCount, PertRateByAdaptiveQuadrature) {
  for (const Pert pert : {Pert{0.5, 2, 6, 4}, Pert{1, 3, 4, 2}, Pert{0, 0.1, 20, 4}, Pert{10, 12, 40, 8}}) {
    const double width = pert.high - pert.low;
    const boost::math::beta_distribution<double> beta(1 + pert.lambda * (pert.mode - pert.low) / width,
                                                      1 + pert.lambda * (pert.high - pert.mode) / width);
    auto density = [&](double r) { return boost::math::pdf(beta, (r - pert.low) / width) / width; };
    expect_law(pert,
               [&](std::size_t k) { return expectation(density, pert.low, pert.high, [k](double r) { return poisson(k, r); }); });
  }
}

/// Kummer's confluent hypergeometric function M(a, c, z) by its series (z = -1 here: the
/// terms alternate and shrink fast).
double kummer(double a, double c, double z) {
  double sum = 0, term = 1;
  for (int n = 0; n < 400 && std::abs(term) > 1e-30; ++n) {
    sum += term;
    term *= (a + n) / (c + n) * z / (n + 1);
  }
  return sum;
}

TEST(AttemptCount, BetaRateWithSingularDensityByKummersFunction) {
  // E[e^-R R^k] / k! = B(a + k, b) / B(a, b) M(a + k, a + b + k, -1) / k! for R ~ Beta(a, b).
  // (Adaptive quadrature of the singular density misses the mass near the pole by ~1e-5.)
  for (const Beta beta : {Beta{0.5, 2}, Beta{3, 0.3}}) {  // densities unbounded at 0 and at 1
    expect_law(beta, [&](std::size_t k) {
      const double a = beta.alpha, b = beta.beta, kk = double(k);
      const double log_ratio = std::lgamma(a + kk) - std::lgamma(a + b + kk) - std::lgamma(a) + std::lgamma(a + b);
      return std::exp(log_ratio - std::lgamma(kk + 1)) * kummer(a + kk, a + b + kk, -1);
    });
  }
}

TEST(AttemptCount, TriangularRateByAdaptiveQuadrature) {
  const Triangular triangular{0.5, 1, 8};
  const boost::math::triangular_distribution<double> law(triangular.low, triangular.mode, triangular.high);
  auto density = [&](double r) { return boost::math::pdf(law, r); };
  // Split at the mode, where the density has a kink.
  expect_law(triangular, [&](std::size_t k) {
    auto f = [k](double r) { return poisson(k, r); };
    return expectation(density, triangular.low, triangular.mode, f) + expectation(density, triangular.mode, triangular.high, f);
  });
}

TEST(AttemptCount, LognormalRateByAdaptiveQuadrature) {
  for (const Lognormal lognormal : {Lognormal{0.5, 0.8}, Lognormal{2, 0.7}}) {
    // E[f(R)] = integral of phi(z) f(e^(mu + sigma z)) dz over |z| < 13, by 20-point
    // Gauss-Legendre on panels of width 1/8 (the integrand peaks narrowly where e^(mu + sigma z) ~ k).
    expect_law(lognormal, [&](std::size_t k) {
      auto integrand = [&](double z) {
        const double r = std::exp(lognormal.mu + lognormal.sigma * z);
        return std::exp(-0.5 * z * z - r + double(k) * std::log(r) - std::lgamma(double(k) + 1)) / std::sqrt(2 * M_PI);
      };
      double sum = 0;
      for (double z = -13; z < 13; z += 0.125)
        sum += boost::math::quadrature::gauss<double, 20>::integrate(integrand, z, z + 0.125);
      return sum;
    });
  }
  const Lognormal90 interval{0.2, 5};  // the same law, given by its 5th and 95th percentiles
  const Lognormal lognormal = to_lognormal(interval);
  const std::vector<double> by_interval = table(interval), by_parameters = table(lognormal);
  ASSERT_EQ(by_interval.size(), by_parameters.size());
  for (std::size_t k = 0; k < by_interval.size(); ++k) EXPECT_EQ(by_interval[k], by_parameters[k]);
}

TEST(AttemptCount, LawsItCannotTabulateFallBackToTwoStageDraws) {
  // A normal rate with real mass below zero (an atom at 0 after clamping).
  EXPECT_FALSE(mixed_poisson_pmf(Normal{1, 1}, kMaxSize));
  // Rates so large that the table would be too long.
  EXPECT_FALSE(mixed_poisson_pmf(Fixed{1e5}, kMaxSize));
  EXPECT_FALSE(mixed_poisson_pmf(Lognormal{8, 2}, kMaxSize));
  EXPECT_FALSE(mixed_poisson_pmf(Lognormal{2, 1.5}, kMaxSize));  // P(R > 15,000) = 2e-7 cannot be cut
  // A normal rate far from zero is fine.
  EXPECT_TRUE(mixed_poisson_pmf(Normal{50, 5}, kMaxSize));
}

TEST(AttemptCount, TableDrawsFollowTheLaw) {
  const std::vector<double> pmf = table(Pert{0.5, 2, 6, 4});
  const CountTable draw(pmf);
  constexpr int kDraws = 400'000;
  std::vector<double> counts(pmf.size(), 0.0);
  RandomStream stream(5, 0, 0);
  for (int i = 0; i < kDraws; ++i) {
    const std::uint32_t k = draw(stream);
    ASSERT_LT(k, pmf.size());
    ++counts[k];
  }
  for (std::size_t k = 0; k < pmf.size(); ++k) {
    const double expected = kDraws * pmf[k];
    EXPECT_NEAR(counts[k], expected, 5 * std::sqrt(expected * (1 - pmf[k])) + 1e-9) << "k = " << k;
  }
}

TEST(AttemptCount, TableOfOneCountAlwaysDrawsIt) {
  const CountTable draw(std::vector<double>{1.0});
  RandomStream stream(5, 0, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(draw(stream), 0u);
}

}  // namespace
}  // namespace scrisk::engine::detail
