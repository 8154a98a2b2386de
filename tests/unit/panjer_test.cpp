// Annual-loss quantiles of the total against the aggregate distribution computed in the test by
// Panjer's recursion (Poisson frequency, fixed rate, severity on a lattice).
//
// The engine's p-quantile q is the smallest simulated loss with F_n(q) >= p, so F_n(q) >= p and
// F_n(x) < p for x < q. With |F_n - F| <= 5 SE, SE = sqrt(p (1 - p) / n), the true CDF F obeys
//   F(q) >= p - 5 SE   and   F(q-) <= p + 5 SE.
// F is known through the Panjer CDF G of a lattice severity up to a tolerance: exactly (G = F) for
// a lattice severity, and for a continuous severity rounded to the lattice h (rounding method)
// through the coupling |S - S'| <= N h / 2: F(x) <= G(x + tol) + eps and F(x) >= G(x - tol) - eps with
// tol = N_max h / 2 and eps = P(N > N_max). Hence the checks G(q + tol) >= p - 5 SE - eps and
// G(q - tol) <= p + 5 SE + eps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "scrisk/scrisk.hpp"

namespace scrisk {
namespace {

using engine::State;

constexpr double kSigmas = 5;
constexpr std::uint64_t kTrials = 200'000;

/// pmf g[k] = P(S = k h) of S = X_1 + ... + X_N, N ~ Poisson(m), P(X = j h) = f[j], for k <= last.
/// Panjer for the Poisson (a = 0, b = m): g[0] = exp(-m (1 - f[0])), g[k] = m / k sum_j j f[j] g[k - j].
std::vector<double> panjer_poisson(double m, const std::vector<double>& f, std::size_t last) {
  std::vector<double> g(last + 1, 0.0);
  g[0] = std::exp(-m * (1 - f[0]));
  for (std::size_t k = 1; k <= last; ++k) {
    double sum = 0;
    const std::size_t top = std::min(k, f.size() - 1);
    for (std::size_t j = 1; j <= top; ++j) sum += double(j) * f[j] * g[k - j];
    g[k] = m / double(k) * sum;
  }
  return g;
}

/// The CDF of a lattice pmf: P(S <= x).
struct LatticeCdf {
  double h;
  std::vector<double> cumulative;

  LatticeCdf(double step, const std::vector<double>& pmf) : h(step), cumulative(pmf.size()) {
    double total = 0;
    for (std::size_t k = 0; k < pmf.size(); ++k) cumulative[k] = total += pmf[k];
  }
  double operator()(double x) const {
    if (x < 0) return 0;
    const double k = std::floor(x / h);
    if (k >= double(cumulative.size())) {
      ADD_FAILURE() << "lattice too short for " << x;
      return 1;
    }
    return cumulative[std::size_t(k)];
  }
};

/// Checks every reported quantile of `loss` against the oracle CDF (see the file comment).
/// Returns the number of quantiles that fail, so a test can also show a wrong oracle is rejected.
int quantile_misfits(const assess::LossSummary& loss, const LatticeCdf& cdf, double tol, double eps, double n,
                     const std::string& what, bool report = true) {
  int misfits = 0;
  for (std::size_t i = 0; i < assess::kQuantileLevels.size(); ++i) {
    const double p = assess::kQuantileLevels[i];
    const double q = loss.quantiles[i];
    const double slack = kSigmas * std::sqrt(p * (1 - p) / n) + eps;
    const double below = cdf(q - tol), at = cdf(q + tol);
    const bool fits = at >= p - slack && below <= p + slack;
    if (!fits) ++misfits;
    if (report) {
      EXPECT_GE(at, p - slack) << what << " " << assess::kQuantileNames[i] << " = " << q;
      EXPECT_LE(below, p + slack) << what << " " << assess::kQuantileNames[i] << " = " << q;
    }
  }
  return misfits;
}

model::Model one_threat_model(Distribution rate, double vulnerability, Distribution loss) {
  model::Model model;
  model.name = "panjer";
  model::Facility site;
  site.id = "site";
  site.kind = model::FacilityKind::kWarehouse;
  site.segment = model::Segment::kOwn;
  model.facilities.push_back(site);
  model::Threat threat;
  threat.id = "theft";
  threat.category = model::ThreatCategory::kPhysical;
  threat.rate_per_year = std::move(rate);
  threat.vulnerability = vulnerability;
  threat.loss = std::move(loss);
  threat.targets.push_back({"site", "", 1});
  model.threats.push_back(threat);
  return model;
}

assess::Assessment simulate(const model::Model& model, std::uint64_t seed) {
  engine::RunConfig config;
  config.trials = kTrials;
  config.seed = seed;
  return assess::evaluate(model, engine::run(engine::Plan(model), config));
}

TEST(Panjer, LatticeSeverityQuantilesInEveryState) {
  // Severity: 1, 2, 4, 7 or 10 thousand with weights 5:4:3:2:1. An EXISTING control deters a
  // quarter of the attempts, stops 0.5 x 0.8 of the rest and halves the loss; a PROPOSED one stops
  // 0.2 more and cuts the remaining loss by a quarter. Each state is compound Poisson with its own
  // thinned rate and scaled lattice severity (the factors are exact in binary).
  const double lambda = 5, p = 0.8;
  const std::vector<double> units{1, 2, 4, 7, 10};
  const std::vector<double> weights{5, 4, 3, 2, 1};
  std::vector<double> values;
  for (const double u : units) values.push_back(1000 * u);
  model::Model model = one_threat_model(Fixed{lambda}, p, Empirical{values, weights});
  model::Control existing;
  existing.id = "existing";
  existing.status = model::ControlStatus::kExisting;
  existing.applies_to.push_back({"theft", "", ""});
  existing.deterrence = 0.25;
  existing.effectiveness = 0.5;
  existing.availability = 0.8;
  existing.loss_reduction = 0.5;
  model::Control proposed;
  proposed.id = "proposed";
  proposed.status = model::ControlStatus::kProposed;
  proposed.applies_to.push_back({"theft", "", ""});
  proposed.effectiveness = 0.2;
  proposed.loss_reduction = 0.25;
  model.controls = {existing, proposed};
  const assess::Assessment assessment = simulate(model, 42);

  const double weight_total = 15;
  const struct {
    State state;
    double m, h;  // thinned rate; lattice step = the per-unit loss
  } states[] = {{State::kInherent, lambda * p, 1000},
                {State::kCurrent, lambda * 0.75 * p * (1 - 0.5 * 0.8), 500},
                {State::kResidual, lambda * 0.75 * p * (1 - 0.5 * 0.8) * (1 - 0.2), 375}};
  for (const auto& s : states) {
    std::vector<double> f(11, 0.0);  // f[j] = P(X = j h)
    for (std::size_t i = 0; i < units.size(); ++i) f[std::size_t(units[i])] = weights[i] / weight_total;
    const assess::LossSummary& loss = assessment.total[s.state].loss;
    ASSERT_TRUE(loss.exact_quantiles);
    const double top = loss.quantiles.back();
    const LatticeCdf cdf(s.h, panjer_poisson(s.m, f, std::size_t(top / s.h) + 2));
    for (const double q : loss.quantiles) EXPECT_EQ(std::fmod(q, s.h), 0.0) << "quantile " << q << " off the lattice";
    // On the lattice F(q-) = G(q - h): tolerance h / 2, no discretisation error.
    quantile_misfits(loss, cdf, s.h / 2, 0, double(kTrials), engine::to_string(s.state));

    // The criterion has power: a frequency 10 % too high is rejected somewhere.
    const LatticeCdf wrong(s.h, panjer_poisson(1.1 * s.m, f, std::size_t(top / s.h) + 2));
    EXPECT_GT(quantile_misfits(loss, wrong, s.h / 2, 0, double(kTrials), "", false), 0) << engine::to_string(s.state);
  }
}

TEST(Panjer, LognormalSeverityQuantilesWithinDiscretisationError) {
  const double lambda = 3, mu = std::log(1000.0), sigma = 1, h = 2;  // lattice: 0.2 % of the median loss
  const model::Model model = one_threat_model(Fixed{lambda}, 1, Lognormal{mu, sigma});
  const assess::Assessment assessment = simulate(model, 7);
  const assess::LossSummary& loss = assessment.total[State::kInherent].loss;

  // N_max: P(N > N_max) < eps.
  const double eps = 1e-9;
  int n_max = 0;
  double tail = 1 - std::exp(-lambda), term = std::exp(-lambda);
  while (tail >= eps) {
    ++n_max;
    term *= lambda / n_max;
    tail -= term;
  }
  const double tol = n_max * h / 2;

  // Rounding method: P(X' = j h) = F((j + 1/2) h) - F((j - 1/2) h), f[0] = F(h / 2).
  auto severity_cdf = [&](double x) { return x <= 0 ? 0.0 : 0.5 * std::erfc(-(std::log(x) - mu) / (sigma * std::sqrt(2.0))); };
  const std::size_t last = std::size_t((loss.quantiles.back() + tol) / h) + 2;
  std::vector<double> f(last + 1);
  for (std::size_t j = 0; j <= last; ++j) f[j] = severity_cdf((double(j) + 0.5) * h) - severity_cdf((double(j) - 0.5) * h);
  const LatticeCdf cdf(h, panjer_poisson(lambda, f, last));
  quantile_misfits(loss, cdf, tol, eps, double(kTrials), "lognormal");

  // Power: a lognormal 5 % larger in scale is rejected somewhere.
  std::vector<double> g(last + 1);
  for (std::size_t j = 0; j <= last; ++j)
    g[j] = severity_cdf((double(j) + 0.5) * h / 1.05) - severity_cdf((double(j) - 0.5) * h / 1.05);
  EXPECT_GT(quantile_misfits(loss, LatticeCdf(h, panjer_poisson(lambda, g, last)), tol, eps, double(kTrials), "", false), 0);
}

}  // namespace
}  // namespace scrisk
