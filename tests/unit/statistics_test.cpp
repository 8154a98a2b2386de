// The engine's loss statistics against closed forms of the compound Poisson model it simulates.
// Every tolerance is kSigmas standard errors of the estimator, with the standard error worked
// out from the closed form (never from the run), under fixed seeds.
//
// Notation: a threat with attempt rate lambda and vulnerability p has successful events
// N ~ Poisson(m), m = lambda p (Poisson thinning), per year; with iid severities X the annual
// loss S = X_1 + ... + X_N has cumulants k_j = m E[X^j]: mean m E[X], variance m E[X^2].
#include <gtest/gtest.h>

#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "scrisk/scrisk.hpp"
#include "support/model_builders.hpp"

namespace scrisk {
namespace {

using engine::State;

constexpr double kSigmas = 5;
constexpr std::uint64_t kTrials = 200'000;

// ---- building models --------------------------------------------------------------------

using testing::control;
using testing::facility;
using testing::link;
using testing::threat;

model::Target at_facility(const std::string& id, double weight = 1) {
  model::Target target;
  target.facility = id;
  target.weight = weight;
  return target;
}

model::Target on_link(const std::string& id, double weight = 1) {
  model::Target target;
  target.link = id;
  target.weight = weight;
  return target;
}

model::AppliesTo scope(const std::string& threat_id, const std::string& facility_id = {}) {
  model::AppliesTo result;
  result.threat = threat_id;
  result.facility = facility_id;
  return result;
}

constexpr auto kExisting = model::ControlStatus::kExisting;
constexpr auto kProposed = model::ControlStatus::kProposed;

model::Model base_model() {
  model::Model result;
  result.name = "statistics";
  result.currency = "EUR";
  result.facilities.push_back(facility("site"));
  return result;
}

struct Outcome {
  engine::Results results;
  assess::Assessment assessment;
  [[nodiscard]] const assess::LossSummary& total(State state) const { return assessment.total[state].loss; }
  [[nodiscard]] const assess::LossSummary& risk(const std::string& threat_id, const std::string& target, State state) const {
    for (const auto& r : assessment.risks)
      if (r.threat == threat_id && r.target == target) return r[state].loss;
    ADD_FAILURE() << "no risk " << threat_id << " -> " << target;
    return assessment.total[state].loss;
  }
  [[nodiscard]] const assess::ControlValue& control_value(const std::string& id) const {
    for (const auto& c : assessment.controls)
      if (c.id == id) return c;
    ADD_FAILURE() << "no control " << id;
    return assessment.controls.front();
  }
};

Outcome simulate(const model::Model& model, std::uint64_t trials = kTrials, std::uint64_t seed = 20240601) {
  engine::RunConfig config;
  config.trials = trials;
  config.seed = seed;
  Outcome outcome{engine::run(engine::Plan(model), config), {}};
  outcome.assessment = assess::evaluate(model, outcome.results);
  return outcome;
}

// ---- oracles ------------------------------------------------------------------------------

/// Standard error of a sample proportion of n years with true probability q.
double binomial_se(double q, double n) { return std::sqrt(q * (1 - q) / n); }

/// Standard error of the sample standard deviation of n iid values with variance mu2 and
/// fourth central moment mu4 (delta method on s^2, Var(s^2) ~ (mu4 - mu2^2) / n).
double sd_se(double mu2, double mu4, double n) { return std::sqrt((mu4 - mu2 * mu2) / n) / (2 * std::sqrt(mu2)); }

/// Moments of a compound Poisson annual loss from m and the severity's raw moments.
struct CompoundPoisson {
  double m, ex1, ex2, ex4;
  [[nodiscard]] double mean() const { return m * ex1; }
  [[nodiscard]] double variance() const { return m * ex2; }
  /// Fourth central moment: k4 + 3 k2^2.
  [[nodiscard]] double mu4() const { return m * ex4 + 3 * variance() * variance(); }
  [[nodiscard]] double ale_se(double n) const { return std::sqrt(variance() / n); }
  [[nodiscard]] double sd_se(double n) const { return scrisk::sd_se(variance(), mu4(), n); }
};

CompoundPoisson fixed_severity(double m, double c) { return {m, c, c * c, c * c * c * c}; }

double poisson_pmf(double m, int k) { return std::exp(-m + k * std::log(m) - std::lgamma(k + 1.0)); }

/// Checks the events per year (Var N = m) and P(N > 0) of a year with N ~ Poisson(m).
void expect_poisson_events(const assess::LossSummary& loss, double m, double n, const std::string& what) {
  EXPECT_NEAR(loss.events_per_year, m, kSigmas * std::sqrt(m / n)) << what;
  const double any = 1 - std::exp(-m);
  EXPECT_NEAR(loss.prob_any, any, kSigmas * binomial_se(any, n)) << what;
}

// ---- (a) compound Poisson, fixed rate and fixed loss ------------------------------------

TEST(Statistics, CompoundPoissonFixedLoss) {
  const double lambda = 3, p = 0.4, c = 1000, n = kTrials;
  model::Model model = base_model();
  model.threats.push_back(threat("theft", Fixed{lambda}, p, {at_facility("site")}, Fixed{c}));
  const Outcome outcome = simulate(model);
  const CompoundPoisson oracle = fixed_severity(lambda * p, c);

  for (State state : engine::kStates) {  // no controls: the three states coincide
    const assess::LossSummary& loss = outcome.total(state);
    EXPECT_NEAR(loss.ale, oracle.mean(), kSigmas * oracle.ale_se(n)) << to_string(state);
    EXPECT_NEAR(loss.sd, std::sqrt(oracle.variance()), kSigmas * oracle.sd_se(n)) << to_string(state);
    EXPECT_DOUBLE_EQ(loss.ale_stderr, loss.sd / std::sqrt(n));
    expect_poisson_events(loss, lambda * p, n, to_string(state));
    EXPECT_EQ(outcome.results.annual_loss[int(state)], outcome.results.annual_loss[0]);
  }
  // The per-risk figures (from the risk's own tallies) are the same exact sums.
  const assess::LossSummary& risk = outcome.risk("theft", "site", State::kCurrent);
  EXPECT_EQ(risk.ale, outcome.total(State::kCurrent).ale);
  EXPECT_EQ(risk.events_per_year, outcome.total(State::kCurrent).events_per_year);
  EXPECT_EQ(risk.prob_any, outcome.total(State::kCurrent).prob_any);

  // Each year's loss is c N exactly; the distribution of N is Poisson(lambda p).
  std::vector<double> years_with(8, 0);
  for (const double loss : outcome.results.annual_loss[int(State::kInherent)]) {
    const double events = loss / c;
    ASSERT_EQ(events, std::floor(events)) << "a year's loss is not a multiple of the per-event loss: " << loss;
    if (events < double(years_with.size())) ++years_with[std::size_t(events)];
  }
  for (int k = 0; k < int(years_with.size()); ++k) {
    const double expected = poisson_pmf(lambda * p, k);
    EXPECT_NEAR(years_with[std::size_t(k)] / n, expected, kSigmas * binomial_se(expected, n)) << "P(N = " << k << ")";
  }
}

// ---- (b) lognormal severity -----------------------------------------------------------------

TEST(Statistics, CompoundPoissonLognormalLoss) {
  const double lambda = 2, p = 0.5, mu = 9, sigma = 1, n = kTrials;
  model::Model model = base_model();
  model.threats.push_back(threat("fraud", Fixed{lambda}, p, {at_facility("site")}, Lognormal{mu, sigma}));
  const Outcome outcome = simulate(model);
  // E[X^k] = exp(k mu + k^2 sigma^2 / 2).
  auto moment = [&](double k) { return std::exp(k * mu + k * k * sigma * sigma / 2); };
  const CompoundPoisson oracle{lambda * p, moment(1), moment(2), moment(4)};
  const assess::LossSummary& loss = outcome.total(State::kInherent);

  // The sample mean of a variable with finite third moment (here skewness k3 / k2^1.5 = e^1.5 / sqrt(m),
  // 4.5 for one year, 0.01 for the mean of 2e5) is close to normal: 5 SE.
  EXPECT_NEAR(loss.ale, oracle.mean(), kSigmas * oracle.ale_se(n));
  // The sample variance is not: its terms X^2 are lognormal(2 mu, 2 sigma) with skewness ~400, so the
  // normal 5-sigma rule does not hold for it. Chebyshev does whatever the shape: P(|s - sd| >= 10 SE)
  // <= 1 %, with SE from the exact fourth moment (k4 = m E[X^4] = m exp(4 mu + 8 sigma^2)).
  EXPECT_NEAR(loss.sd, std::sqrt(oracle.variance()), 10 * oracle.sd_se(n));
  expect_poisson_events(loss, lambda * p, n, "lognormal");
}

// ---- (c) Poisson thinning by deterrence -----------------------------------------------------

TEST(Statistics, DeterrenceThinsAttempts) {
  const double lambda = 4, p = 0.5, d1 = 0.3, d2 = 0.5, c = 100, n = kTrials;
  model::Model model = base_model();
  model.threats.push_back(threat("intrusion", Fixed{lambda}, p, {at_facility("site")}, Fixed{c}));
  model::Control fence = control("fence", kExisting, {scope("intrusion")});
  fence.deterrence = d1;
  model::Control guards = control("guards", kProposed, {scope("", "site")});
  guards.deterrence = d2;
  model.controls = {fence, guards};
  const Outcome outcome = simulate(model);

  const double m[] = {lambda * p, lambda * (1 - d1) * p, lambda * (1 - d1) * (1 - d2) * p};
  for (State state : engine::kStates) {
    const double rate = m[int(state)];
    const assess::LossSummary& loss = outcome.total(state);
    expect_poisson_events(loss, rate, n, to_string(state));
    const CompoundPoisson oracle = fixed_severity(rate, c);
    EXPECT_NEAR(loss.ale, oracle.mean(), kSigmas * oracle.ale_se(n)) << to_string(state);
  }
}

// ---- (d) independent barriers, target weights and control scope ---------------------------

TEST(Statistics, BarriersMultiplyAndApplyOnlyWhereScoped) {
  const double lambda = 6, p = 0.5, n = kTrials;
  const double e1 = 0.6, a1 = 0.9, e2 = 0.5, a2 = 0.7, e3 = 0.4;
  model::Model model = base_model();
  model.facilities.push_back(facility("store"));
  // 3/4 of the attempts go to the site, 1/4 to the store.
  model.threats.push_back(threat("sabotage", Fixed{lambda}, p, {at_facility("site", 3), at_facility("store", 1)}, Fixed{1}));
  model.threats.push_back(threat("other", Fixed{1}, 1, {at_facility("site")}, Fixed{1}));
  model::Control cctv = control("cctv", kExisting, {scope("sabotage", "site")});
  cctv.effectiveness = e1;
  cctv.availability = a1;
  model::Control alarm = control("alarm", kExisting, {scope("", "site")});  // every threat at the site
  alarm.effectiveness = e2;
  alarm.availability = a2;
  model::Control patrol = control("patrol", kProposed, {scope("sabotage", "site")});
  patrol.effectiveness = e3;
  model::Control unrelated = control("unrelated", kExisting, {scope("other")});  // not the sabotage threat
  unrelated.effectiveness = 1;
  model.controls = {cctv, alarm, patrol, unrelated};
  const Outcome outcome = simulate(model);

  const double site = lambda * 0.75 * p, store = lambda * 0.25 * p;
  const double barrier = (1 - e1 * a1) * (1 - e2 * a2);
  expect_poisson_events(outcome.risk("sabotage", "site", State::kInherent), site, n, "site inherent");
  expect_poisson_events(outcome.risk("sabotage", "site", State::kCurrent), site * barrier, n, "site current");
  expect_poisson_events(outcome.risk("sabotage", "site", State::kResidual), site * barrier * (1 - e3), n, "site residual");
  for (State state : engine::kStates) expect_poisson_events(outcome.risk("sabotage", "store", state), store, n, "store");
  // "other" at the site: alarm applies (threat wildcard), "unrelated" stops every attempt.
  expect_poisson_events(outcome.risk("other", "site", State::kInherent), 1, n, "other inherent");
  EXPECT_EQ(outcome.risk("other", "site", State::kCurrent).events_per_year, 0);
}

// ---- (e) uncertain (PERT) rate, drawn once a year -------------------------------------------

/// E[f(R)] for R ~ PERT(low, mode, high, lambda), by Simpson's rule on the beta density
/// (both shapes > 1 here, so the density is smooth and zero at the ends).
double pert_expectation(const Pert& pert, const std::function<double(double)>& f) {
  const double width = pert.high - pert.low;
  const double alpha = 1 + pert.lambda * (pert.mode - pert.low) / width;
  const double beta = 1 + pert.lambda * (pert.high - pert.mode) / width;
  const double log_norm = std::lgamma(alpha + beta) - std::lgamma(alpha) - std::lgamma(beta);
  constexpr int kIntervals = 20'000;
  const double h = 1.0 / kIntervals;
  double total = 0;
  for (int i = 1; i < kIntervals; ++i) {
    const double x = i * h;
    const double density = std::exp(log_norm + (alpha - 1) * std::log(x) + (beta - 1) * std::log1p(-x));
    total += (i % 2 == 1 ? 4 : 2) * density * f(pert.low + width * x);
  }
  return total * h / 3;
}

/// Moments of N ~ Poisson(p R), R ~ PERT: mean, variance, fourth central moment, P(N > 0).
struct MixedPoisson {
  double mean, variance, mu4, prob_any;
};

MixedPoisson mixed_poisson(const Pert& pert, double p) {
  const double e1 = pert_expectation(pert, [&](double r) { return p * r; });
  const double e2 = pert_expectation(pert, [&](double r) {
    const double m = p * r;
    return m * m + m;
  });
  const double e3 = pert_expectation(pert, [&](double r) {
    const double m = p * r;
    return m * m * m + 3 * m * m + m;
  });
  const double e4 = pert_expectation(pert, [&](double r) {
    const double m = p * r;
    return m * m * m * m + 6 * m * m * m + 7 * m * m + m;
  });
  const double any = 1 - pert_expectation(pert, [&](double r) { return std::exp(-p * r); });
  return {e1, e2 - e1 * e1, e4 - 4 * e3 * e1 + 6 * e2 * e1 * e1 - 3 * e1 * e1 * e1 * e1, any};
}

TEST(Statistics, PertRateDrawnOncePerYear) {
  const Pert standard{0.5, 2, 6, 4}, flat{1, 3, 4, 2};
  const double p = 0.6, n = kTrials;
  model::Model model = base_model();
  // Loss 1 per event: the annual loss is N itself.
  model.threats.push_back(threat("standard", standard, p, {at_facility("site")}, Fixed{1}));
  model.threats.push_back(threat("flat", flat, p, {at_facility("site")}, Fixed{1}));
  const Outcome outcome = simulate(model);

  // The closed forms, and the integrator that the other oracles use, agree (Simpson's error, from
  // the (1 - x)^(beta - 1) endpoint of the flat PERT, is ~1e-7: four orders below the SEs).
  const double mean_standard = (standard.low + 4 * standard.mode + standard.high) / 6;
  const double mean_flat = (flat.low + 2 * flat.mode + flat.high) / 4;
  ASSERT_NEAR(pert_expectation(standard, [](double r) { return r; }), mean_standard, 1e-6);
  ASSERT_NEAR(pert_expectation(flat, [](double r) { return r; }), mean_flat, 1e-6);
  const double var_standard = (mean_standard - standard.low) * (standard.high - mean_standard) / 7;  // lambda = 4
  ASSERT_NEAR(pert_expectation(standard, [&](double r) { return (r - mean_standard) * (r - mean_standard); }), var_standard,
              1e-6);

  for (const auto& [id, pert, mean_rate] :
       {std::tuple{"standard", standard, mean_standard}, std::tuple{"flat", flat, mean_flat}}) {
    const MixedPoisson oracle = mixed_poisson(pert, p);
    ASSERT_NEAR(oracle.mean, p * mean_rate, 1e-6);
    const assess::LossSummary& loss = outcome.risk(id, "site", State::kInherent);
    // Var N = E[p R] + Var(p R): the rate's own spread adds to the Poisson variance.
    EXPECT_NEAR(loss.events_per_year, p * mean_rate, kSigmas * std::sqrt(oracle.variance / n)) << id;
    EXPECT_NEAR(loss.ale, p * mean_rate, kSigmas * std::sqrt(oracle.variance / n)) << id;
    // A rate drawn per year makes years with no event likelier than a fixed rate would (Jensen):
    // P(N > 0) = 1 - E[exp(-p R)], and sd(N) = sqrt(E[pR] + Var(pR)), distinguish the two.
    EXPECT_NEAR(loss.prob_any, oracle.prob_any, kSigmas * binomial_se(oracle.prob_any, n)) << id;
    EXPECT_NEAR(loss.sd, std::sqrt(oracle.variance), kSigmas * sd_se(oracle.variance, oracle.mu4, n)) << id;
  }
}

// ---- (f) lognormal_90 -----------------------------------------------------------------------

TEST(Statistics, Lognormal90ReproducesItsPercentiles) {
  const Lognormal90 interval{2e4, 8e5};
  const Lognormal fitted = to_lognormal(interval);
  const boost::math::lognormal_distribution<double> oracle(fitted.mu, fitted.sigma);
  EXPECT_NEAR(boost::math::cdf(oracle, interval.low), 0.05, 1e-12);
  EXPECT_NEAR(boost::math::cdf(oracle, interval.high), 0.95, 1e-12);
  EXPECT_NEAR(boost::math::quantile(oracle, 0.05), interval.low, 1e-9 * interval.low);
  EXPECT_NEAR(boost::math::quantile(oracle, 0.95), interval.high, 1e-9 * interval.high);
  EXPECT_NEAR(kNormalQuantile95, boost::math::quantile(boost::math::normal_distribution<double>(), 0.95), 1e-15);
  EXPECT_NEAR(mean(interval), std::exp(fitted.mu + fitted.sigma * fitted.sigma / 2), 1e-9 * mean(interval));
}

TEST(Statistics, Lognormal90SampledLossesHitTheirPercentiles) {
  // Each event costs loss + 1 day x 2^40: a year's loss is N 2^40 + (sum of N losses), and the
  // losses stay far below 2^40, so N = floor(L / 2^40) and a one-event year reveals its loss
  // (L - 2^40 is exact). The fraction of those below low / above high estimates 5 %.
  constexpr double kMarker = 0x1p40;
  const Lognormal90 interval{2e4, 8e5};
  const double lambda = 1, n = kTrials;
  model::Model model = base_model();
  model.facilities[0].daily_value = kMarker;
  model::Threat cyber = threat("cyber", Fixed{lambda}, 1, {at_facility("site")}, interval);
  cyber.downtime_days = Fixed{1};
  model.threats.push_back(cyber);
  const Outcome outcome = simulate(model);

  std::vector<double> years_with(6, 0);
  double single = 0, below_low = 0, above_high = 0, below_median = 0;
  const double median = std::sqrt(interval.low * interval.high);
  for (const double loss : outcome.results.annual_loss[int(State::kInherent)]) {
    const double events = std::floor(loss / kMarker);
    if (events < double(years_with.size())) ++years_with[std::size_t(events)];
    if (events != 1) continue;
    const double x = loss - kMarker;
    ++single;
    below_low += x < interval.low;
    above_high += x > interval.high;
    below_median += x < median;
  }
  for (int k = 0; k < int(years_with.size()); ++k) {
    const double expected = poisson_pmf(lambda, k);
    EXPECT_NEAR(years_with[std::size_t(k)] / n, expected, kSigmas * binomial_se(expected, n)) << "P(N = " << k << ")";
  }
  ASSERT_GT(single, 0.3 * n);
  EXPECT_NEAR(below_low / single, 0.05, kSigmas * binomial_se(0.05, single));
  EXPECT_NEAR(above_high / single, 0.05, kSigmas * binomial_se(0.05, single));
  EXPECT_NEAR(below_median / single, 0.5, kSigmas * binomial_se(0.5, single));
}

// ---- (g) downtime -------------------------------------------------------------------------

TEST(Statistics, DowntimePricedAtTheTargetsDailyValue) {
  const double lambda = 2, p = 0.5, loss = 100, days = 3, n = kTrials;
  model::Model model = base_model();
  model.facilities = {facility("a", 1000), facility("b", 5000)};
  model.links.push_back(link("b_to_a", "b", "a"));         // no daily value: the from-facility's (5000)
  model.links.push_back(link("a_to_b", "a", "b", 250.0));  // its own
  model::Threat strike =
      threat("strike", Fixed{lambda}, p, {at_facility("a"), on_link("b_to_a"), on_link("a_to_b", 2)}, Fixed{loss});
  strike.downtime_days = Fixed{days};
  model.threats.push_back(strike);
  const Outcome outcome = simulate(model);

  const struct {
    const char* target;
    double share, daily_value;
  } expected[] = {{"a", 0.25, 1000}, {"b_to_a", 0.25, 5000}, {"a_to_b", 0.5, 250}};
  for (const auto& e : expected) {
    const CompoundPoisson oracle = fixed_severity(lambda * e.share * p, loss + days * e.daily_value);
    const assess::LossSummary& risk = outcome.risk("strike", e.target, State::kInherent);
    EXPECT_NEAR(risk.ale, oracle.mean(), kSigmas * oracle.ale_se(n)) << e.target;
    expect_poisson_events(risk, lambda * e.share * p, n, e.target);
  }
}

TEST(Statistics, LossAndDowntimeReductionsScaleEachEventExactly) {
  // No deterrence or effectiveness: every state has the same events, each costing
  // loss (1 - lr) + days (1 - dr) daily_value. Each year's loss is N times that, exactly.
  const double lambda = 1.5, loss = 1000, days = 2, daily_value = 300, n = kTrials;
  model::Model model = base_model();
  model.facilities[0].daily_value = daily_value;
  model::Threat flood = threat("flood", Fixed{lambda}, 1, {at_facility("site")}, Fixed{loss});
  flood.downtime_days = Fixed{days};
  model.threats.push_back(flood);
  model::Control walls = control("walls", kExisting, {scope("flood")});
  walls.loss_reduction = 0.25;
  walls.downtime_reduction = 0.5;
  model::Control backup = control("backup_site", kProposed, {scope("flood")});
  backup.downtime_reduction = 0.5;
  model.controls = {walls, backup};
  const Outcome outcome = simulate(model);

  const double cost[] = {loss + days * daily_value,                      // 1600
                         loss * 0.75 + days * 0.5 * daily_value,         // 1050
                         loss * 0.75 + days * 0.5 * 0.5 * daily_value};  // 900
  const auto& years = outcome.results.annual_loss;
  for (std::size_t i = 0; i < years[0].size(); ++i) {
    const double events = years[0][i] / cost[0];
    ASSERT_EQ(events, std::round(events)) << "year " << i;
    for (State state : {State::kCurrent, State::kResidual})
      ASSERT_EQ(years[int(state)][i], events * cost[int(state)]) << "year " << i << " " << to_string(state);
  }
  for (State state : engine::kStates) {
    const CompoundPoisson oracle = fixed_severity(lambda, cost[int(state)]);
    EXPECT_NEAR(outcome.total(state).ale, oracle.mean(), kSigmas * oracle.ale_se(n)) << to_string(state);
  }
}

// ---- (h) control value --------------------------------------------------------------------

TEST(Statistics, ControlValueIsTheAleTheControlRemoves) {
  const double lambda = 3, p = 0.5, c = 1000, n = kTrials;
  const double e = 0.6, a = 0.9, d = 0.3, lr = 0.2, cost_gate = 200, cost_escort = 150;
  model::Model model = base_model();
  model.threats.push_back(threat("theft", Fixed{lambda}, p, {at_facility("site")}, Fixed{c}));
  model::Control gate = control("gate", kExisting, {scope("theft")});
  gate.effectiveness = e;
  gate.availability = a;
  gate.annual_cost = cost_gate;
  model::Control escort = control("escort", kProposed, {scope("theft")});
  escort.deterrence = d;
  escort.loss_reduction = lr;
  escort.annual_cost = cost_escort;
  model::Control placebo = control("placebo", kExisting, {scope("theft")});  // no effect, no cost
  model.controls = {gate, escort, placebo};
  const Outcome outcome = simulate(model);

  // gate (EXISTING): ALE without it minus ALE with it = lambda p c - lambda p (1 - e a) c. On common
  // random numbers the yearly difference is c times the attempts it stops: Poisson(lambda p e a).
  const assess::ControlValue& gate_value = outcome.control_value("gate");
  const double gate_reduction = lambda * p * c - lambda * p * (1 - e * a) * c;
  const CompoundPoisson gate_oracle = fixed_severity(lambda * p * e * a, c);
  ASSERT_NEAR(gate_oracle.mean(), gate_reduction, 1e-9);
  const double gate_se = gate_oracle.ale_se(n);
  EXPECT_NEAR(gate_value.ale_reduction, gate_reduction, kSigmas * gate_se);
  EXPECT_NEAR(gate_value.ale_reduction_stderr, gate_se, kSigmas * gate_oracle.sd_se(n) / std::sqrt(n));
  ASSERT_TRUE(gate_value.rosi.has_value());
  EXPECT_NEAR(*gate_value.rosi, (gate_reduction - cost_gate) / cost_gate, kSigmas * gate_se / cost_gate);
  EXPECT_DOUBLE_EQ(*gate_value.rosi, (gate_value.ale_reduction - cost_gate) / cost_gate);

  // escort (PROPOSED): ALE(current) - ALE(current + escort). Of the current state's events,
  // Poisson(m), m = lambda p (1 - e a), a share d is deterred (saving c) and the rest lose c lr
  // less: the yearly difference is compound Poisson with severity c (prob. d) or c lr.
  const assess::ControlValue& escort_value = outcome.control_value("escort");
  const double m = lambda * p * (1 - e * a);
  const double escort_reduction = m * c - m * (1 - d) * c * (1 - lr);
  auto saved_moment = [&](int k) { return d * std::pow(c, k) + (1 - d) * std::pow(c * lr, k); };
  const CompoundPoisson escort_oracle{m, saved_moment(1), saved_moment(2), saved_moment(4)};
  ASSERT_NEAR(escort_oracle.mean(), escort_reduction, 1e-9);
  const double escort_se = escort_oracle.ale_se(n);
  EXPECT_NEAR(escort_value.ale_reduction, escort_reduction, kSigmas * escort_se);
  EXPECT_NEAR(escort_value.ale_reduction_stderr, escort_se, kSigmas * escort_oracle.sd_se(n) / std::sqrt(n));
  ASSERT_TRUE(escort_value.rosi.has_value());
  EXPECT_NEAR(*escort_value.rosi, (escort_reduction - cost_escort) / cost_escort, kSigmas * escort_se / cost_escort);
  EXPECT_DOUBLE_EQ(*escort_value.rosi, (escort_value.ale_reduction - cost_escort) / cost_escort);

  const assess::ControlValue& placebo_value = outcome.control_value("placebo");
  EXPECT_EQ(placebo_value.ale_reduction, 0);
  EXPECT_FALSE(placebo_value.rosi.has_value());

  // The definition itself: the same years simulated with the control removed (EXISTING) or put
  // in place (PROPOSED) give current-state ALEs whose difference is the reported reduction
  // (the random draws do not depend on the controls; integer losses sum exactly).
  model::Model without_gate = model;
  without_gate.controls = {escort, placebo};
  model::Model with_escort = model;
  with_escort.controls[1].status = kExisting;
  const double ale_current = outcome.total(State::kCurrent).ale;
  EXPECT_DOUBLE_EQ(simulate(without_gate).total(State::kCurrent).ale - ale_current, gate_value.ale_reduction);
  EXPECT_DOUBLE_EQ(ale_current - simulate(with_escort).total(State::kCurrent).ale, escort_value.ale_reduction);
}

}  // namespace
}  // namespace scrisk
