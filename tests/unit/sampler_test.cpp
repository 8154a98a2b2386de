// Every distribution's sampler against closed forms computed independently with Boost.Math:
// P(X <= q_p) at the distribution's own quantiles q_p, and the mean, each within 5 standard
// errors of a binomial / sample-mean estimator.
#include <gtest/gtest.h>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>

#include <cmath>
#include <functional>
#include <vector>

#include "engine/sampler.hpp"

namespace scrisk::engine::detail {
namespace {

constexpr int kDraws = 200'000;
constexpr double kSigmas = 5;

std::vector<double> draws(const Distribution& distribution, std::uint64_t seed = 11) {
  Sampler sampler = make_sampler(distribution);
  RandomStream stream(seed, 0, 0);
  std::vector<double> values(kDraws);
  for (double& value : values) value = draw(sampler, stream);
  return values;
}

/// Checks the empirical CDF at the quantiles of `quantile` and the sample mean.
void expect_matches(const Distribution& distribution, const std::function<double(double)>& quantile, double mean,
                    double variance) {
  const std::vector<double> values = draws(distribution);
  for (double p : {0.05, 0.25, 0.5, 0.75, 0.95}) {
    const double q = quantile(p);
    double below = 0;
    for (double value : values) below += value <= q ? 1 : 0;
    const double frequency = below / kDraws;
    EXPECT_NEAR(frequency, p, kSigmas * std::sqrt(p * (1 - p) / kDraws)) << kind_name(distribution) << " at p=" << p;
  }
  double sum = 0;
  for (double value : values) sum += value;
  EXPECT_NEAR(sum / kDraws, mean, kSigmas * std::sqrt(variance / kDraws)) << kind_name(distribution) << " mean";
  EXPECT_NEAR(scrisk::mean(distribution), mean, 1e-9 * std::max(1.0, std::fabs(mean))) << "closed-form mean";
}

TEST(Sampler, Uniform) {
  boost::math::uniform_distribution<> d(2, 5);
  expect_matches(
      Uniform{2, 5}, [&](double p) { return quantile(d, p); }, 3.5, 9.0 / 12);
}

TEST(Sampler, Triangular) {
  boost::math::triangular_distribution<> d(0, 1, 4);
  expect_matches(
      Triangular{0, 1, 4}, [&](double p) { return quantile(d, p); }, mean(d), variance(d));
}

TEST(Sampler, TriangularWithModeAtAnEnd) {
  boost::math::triangular_distribution<> d(0, 0, 4);
  expect_matches(
      Triangular{0, 0, 4}, [&](double p) { return quantile(d, p); }, mean(d), variance(d));
}

TEST(Sampler, PertIsAScaledBeta) {
  // PERT(0.5, 2, 6), lambda 4: Beta(1 + 4 (2 - 0.5) / 5.5, 1 + 4 (6 - 2) / 5.5) on [0.5, 6].
  const double alpha = 1 + 4 * 1.5 / 5.5, beta = 1 + 4 * 4.0 / 5.5;
  boost::math::beta_distribution<> d(alpha, beta);
  expect_matches(
      Pert{0.5, 2, 6, 4}, [&](double p) { return 0.5 + 5.5 * quantile(d, p); }, (0.5 + 4 * 2 + 6) / 6.0, 5.5 * 5.5 * variance(d));
}

TEST(Sampler, PertWithOtherLambda) {
  const double alpha = 1 + 2 * 3.0 / 10, beta = 1 + 2 * 7.0 / 10;
  boost::math::beta_distribution<> d(alpha, beta);
  expect_matches(
      Pert{0, 3, 10, 2}, [&](double p) { return 10 * quantile(d, p); }, (0 + 2 * 3 + 10) / 4.0, 100 * variance(d));
}

TEST(Sampler, BetaAboveOneUsesChengAndMatches) {
  boost::math::beta_distribution<> d(2, 5);
  expect_matches(
      Beta{2, 5}, [&](double p) { return quantile(d, p); }, mean(d), variance(d));
}

TEST(Sampler, BetaBelowOne) {
  boost::math::beta_distribution<> d(0.5, 0.7);
  expect_matches(
      Beta{0.5, 0.7}, [&](double p) { return quantile(d, p); }, mean(d), variance(d));
}

TEST(Sampler, GammaShapeAboveAndBelowOne) {
  boost::math::gamma_distribution<> large(2, 3), small(0.4, 2);
  expect_matches(
      Gamma{2, 3}, [&](double p) { return quantile(large, p); }, 6, 18);
  expect_matches(
      Gamma{0.4, 2}, [&](double p) { return quantile(small, p); }, 0.8, 1.6);
}

TEST(Sampler, Normal) {
  boost::math::normal_distribution<> d(10, 2);
  expect_matches(
      Normal{10, 2}, [&](double p) { return quantile(d, p); }, 10, 4);
}

TEST(Sampler, Lognormal) {
  boost::math::lognormal_distribution<> d(1, 0.5);
  expect_matches(
      Lognormal{1, 0.5}, [&](double p) { return quantile(d, p); }, mean(d), variance(d));
}

TEST(Sampler, Lognormal90HasTheGivenPercentiles) {
  const Lognormal parameters = to_lognormal(Lognormal90{2e4, 8e5});
  boost::math::lognormal_distribution<> d(parameters.mu, parameters.sigma);
  EXPECT_NEAR(quantile(d, 0.05), 2e4, 1e-6 * 2e4);
  EXPECT_NEAR(quantile(d, 0.95), 8e5, 1e-6 * 8e5);
  expect_matches(
      Lognormal90{2e4, 8e5}, [&](double p) { return quantile(d, p); }, mean(d), variance(d));
}

TEST(Sampler, PoissonSmallAndLargeMean) {
  // Discrete: P(X <= q) for the smallest q with CDF >= p is the CDF there, not p.
  for (double lambda : {0.3, 2.4, 9.9, 35.0}) {
    boost::math::poisson_distribution<> d(lambda);
    const std::vector<double> values = draws(Poisson{lambda}, 17);
    for (double k : {0.0, std::floor(lambda), std::floor(lambda + 2 * std::sqrt(lambda))}) {
      const double p = cdf(d, k);
      double below = 0;
      for (double value : values) below += value <= k ? 1 : 0;
      EXPECT_NEAR(below / kDraws, p, kSigmas * std::sqrt(p * (1 - p) / kDraws) + 1e-12) << "lambda " << lambda << " k " << k;
    }
    double sum = 0;
    for (double value : values) sum += value;
    EXPECT_NEAR(sum / kDraws, lambda, kSigmas * std::sqrt(lambda / kDraws)) << "lambda " << lambda;
  }
}

TEST(Sampler, EmpiricalFollowsWeights) {
  const std::vector<double> values = draws(Empirical{{1, 2, 5}, {1, 1, 2}});
  double ones = 0, twos = 0, fives = 0;
  for (double value : values) {
    ones += value == 1;
    twos += value == 2;
    fives += value == 5;
  }
  EXPECT_EQ(ones + twos + fives, kDraws);
  EXPECT_NEAR(ones / kDraws, 0.25, kSigmas * std::sqrt(0.25 * 0.75 / kDraws));
  EXPECT_NEAR(fives / kDraws, 0.5, kSigmas * std::sqrt(0.25 / kDraws));
  const std::vector<double> equal = draws(Empirical{{3, 4}, {}});
  double threes = 0;
  for (double value : equal) threes += value == 3;
  EXPECT_NEAR(threes / kDraws, 0.5, kSigmas * std::sqrt(0.25 / kDraws));
}

TEST(Sampler, FixedAndDegenerateAreConstant) {
  for (const Distribution& distribution : {Distribution{Fixed{7}}, Distribution{Normal{7, 0}}, Distribution{Uniform{7, 7}}}) {
    Sampler sampler = make_sampler(distribution);
    RandomStream stream(1, 2, 3);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(draw(sampler, stream), 7) << kind_name(distribution);
  }
}

TEST(RandomStream, DependsOnlyOnSeedYearAndStream) {
  RandomStream a(5, 100, 7), b(5, 100, 7), other_year(5, 101, 7), other_seed(6, 100, 7), other_stream(5, 100, 8);
  for (int i = 0; i < 10; ++i) {
    const auto word = a();
    EXPECT_EQ(word, b());
    EXPECT_NE(word, other_year());
    EXPECT_NE(word, other_seed());
    EXPECT_NE(word, other_stream());
  }
}

}  // namespace
}  // namespace scrisk::engine::detail
