// Quantile functions of every distribution (the marginals of the common-cause copula)
// against independently computed CDFs, and the Gaussian copula's correlation against its
// matrix.
#include <gtest/gtest.h>

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "engine/gaussian_copula.hpp"
#include "scrisk/core/distribution.hpp"

namespace {

using namespace scrisk;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

const double kLevels[] = {1e-9, 1e-4, 0.01, 0.05, 0.3, 0.5, 0.77, 0.95, 0.999, 1 - 1e-9};

TEST(Quantile, ContinuousLawsInvertTheirCdf) {
  struct Case {
    Distribution law;
    double (*cdf)(const Distribution&, double);
  };
  const Case cases[] = {
      {Uniform{2, 7}, [](const Distribution&, double x) { return (x - 2) / 5; }},
      {Triangular{0, 1, 4}, [](const Distribution&, double x) { return x <= 1 ? x * x / 4 : 1 - (4 - x) * (4 - x) / 12; }},
      {Normal{10, 3}, [](const Distribution&, double x) { return normal_cdf((x - 10) / 3); }},
      {Lognormal{1, 0.7}, [](const Distribution&, double x) { return normal_cdf((std::log(x) - 1) / 0.7); }},
      {Lognormal90{2e4, 8e5},
       [](const Distribution& d, double x) {
         const Lognormal l = to_lognormal(std::get<Lognormal90>(d));
         return normal_cdf((std::log(x) - l.mu) / l.sigma);
       }},
      {Gamma{2.5, 3}, [](const Distribution&, double x) { return boost::math::gamma_p(2.5, x / 3); }},
      {Beta{0.5, 2}, [](const Distribution&, double x) { return boost::math::ibeta(0.5, 2.0, x); }},
      // PERT(0.5, 2, 6), lambda 4: 0.5 + 5.5 Beta(1 + 4 x 1.5/5.5, 1 + 4 x 4/5.5).
      {Pert{0.5, 2, 6, 4},
       [](const Distribution&, double x) { return boost::math::ibeta(1 + 6 / 5.5, 1 + 16 / 5.5, (x - 0.5) / 5.5); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(kind_name(c.law));
    for (const double p : kLevels) EXPECT_NEAR(c.cdf(c.law, quantile(c.law, p)), p, 1e-12 + 1e-9 * p) << "p = " << p;
  }
}

TEST(Quantile, DiscreteLawsTakeTheSmallestValueReachingTheLevel) {
  // Poisson(3.5): P(N <= k) summed term by term.
  auto poisson_cdf = [](double k) {
    double term = std::exp(-3.5), sum = 0;
    for (int i = 0; i <= int(k); ++i) {
      sum += term;
      term *= 3.5 / (i + 1);
    }
    return k < 0 ? 0.0 : sum;
  };
  for (const double p : kLevels) {
    const double k = quantile(Poisson{3.5}, p);
    EXPECT_GE(poisson_cdf(k), p * (1 - 1e-12)) << p;
    EXPECT_LT(poisson_cdf(k - 1), p) << p;
  }
  // Empirical {5: 1/4, 1: 1/4, 2: 1/2}, given out of order.
  const Empirical empirical{{5, 1, 2}, {1, 1, 2}};
  EXPECT_EQ(quantile(empirical, 0.1), 1);
  EXPECT_EQ(quantile(empirical, 0.25), 1);
  EXPECT_EQ(quantile(empirical, 0.26), 2);
  EXPECT_EQ(quantile(empirical, 0.75), 2);
  EXPECT_EQ(quantile(empirical, 0.76), 5);
  EXPECT_EQ(quantile(Fixed{4}, 0.3), 4);
  EXPECT_THROW((void)quantile(Fixed{4}, 0), UsageError);
  EXPECT_THROW((void)quantile(Fixed{4}, 1), UsageError);
}

TEST(Quantile, ValueAtNormalScoreIsTheQuantileOfPhi) {
  for (const double z : {-30.0, -5.0, -1.3, 0.0, 0.4, 2.0, 8.0}) {
    SCOPED_TRACE(z);
    EXPECT_DOUBLE_EQ(value_at_normal_score(Lognormal{1, 0.7}, z), std::exp(1 + 0.7 * z));
    EXPECT_DOUBLE_EQ(value_at_normal_score(Normal{10, 3}, z), 10 + 3 * z);
    if (std::fabs(z) < 6) {
      EXPECT_NEAR(value_at_normal_score(Gamma{2.5, 3}, z), quantile(Gamma{2.5, 3}, normal_cdf(z)), 1e-9);
    }
  }
  // Past |z| ~ 38, Phi rounds to 0 or 1: the extreme representable levels stand in.
  EXPECT_EQ(value_at_normal_score(Uniform{2, 7}, -60), 2);
  EXPECT_NEAR(value_at_normal_score(Uniform{2, 7}, 60), 7, 1e-12);
}

// Validation's bounds on shape parameters and the Poisson mean are where Boost's special
// functions still answer: every accepted extreme has a finite quantile at every level the
// copula and the attempts cap ask for, quickly (a fuzzer found means, shapes and PERT lambdas
// past them).
TEST(Quantile, EveryAcceptedExtremeHasAFiniteQuantile) {
  const double lowest = kMinShapeParameter, highest = kMaxShapeParameter;
  const Distribution extremes[] = {
      Gamma{lowest, 1},      Gamma{highest, 1},      Gamma{lowest, 1e300},   Beta{lowest, lowest},
      Beta{lowest, highest}, Beta{highest, lowest},  Beta{highest, highest}, Poisson{kMaxPoissonMean},
      Poisson{1e-300},       Pert{0, 0, 1, highest}, Pert{0, 1, 1, highest}, Pert{0, 0.5, 1, highest},
  };
  for (const Distribution& law : extremes) {
    SCOPED_TRACE(kind_name(law));
    for (const double p : {std::numeric_limits<double>::min(), 1e-300, 1e-9, 0.5, 1 - 1e-9, 1 - 0x1p-53}) {
      double value = NAN;
      EXPECT_NO_THROW(value = quantile(law, p)) << "p = " << p;
      EXPECT_TRUE(std::isfinite(value)) << "p = " << p;
    }
  }
}

TEST(GaussianCopula, SampleCorrelationMatchesTheMatrix) {
  const std::vector<double> correlation{1,    0.6, -0.3,  //
                                        0.6,  1,   0.2,   //
                                        -0.3, 0.2, 1};
  const engine::detail::GaussianCopula copula(correlation, 3);
  std::mt19937_64 generator(20261129);
  std::normal_distribution<double> normal;
  constexpr int kSamples = 200'000;
  double sum[3] = {}, product[3][3] = {};
  std::vector<double> independent(3), correlated(3);
  for (int n = 0; n < kSamples; ++n) {
    for (double& e : independent) e = normal(generator);
    copula.correlate(independent, correlated);
    for (int i = 0; i < 3; ++i) {
      sum[i] += correlated[i];
      for (int j = 0; j < 3; ++j) product[i][j] += correlated[i] * correlated[j];
    }
  }
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      auto covariance = [&](int a, int b) { return product[a][b] / kSamples - sum[a] / kSamples * sum[b] / kSamples; };
      const double sample = covariance(i, j) / std::sqrt(covariance(i, i) * covariance(j, j));
      const double rho = correlation[std::size_t(3 * i + j)];
      // The sample correlation's standard error is about (1 - rho^2) / sqrt(n); 5 of them.
      EXPECT_NEAR(sample, rho, 5 * (1 - rho * rho) / std::sqrt(double(kSamples)) + 1e-12) << i << "," << j;
    }
}

TEST(GaussianCopula, IdentityWhenNoMatrixAndRefusesAnIndefiniteOne) {
  const engine::detail::GaussianCopula identity({}, 2);
  std::vector<double> out(2);
  identity.correlate(std::vector<double>{1.5, -2}, out);
  EXPECT_EQ(out, (std::vector<double>{1.5, -2}));
  // Correlations 0.9, 0.9 and -0.9 cannot hold together.
  const std::vector<double> indefinite{1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1};
  EXPECT_THROW(engine::detail::GaussianCopula(indefinite, 3), InternalError);
  EXPECT_THROW(engine::detail::GaussianCopula(std::vector<double>{1, 0, 0}, 2), InternalError);
}

}  // namespace
