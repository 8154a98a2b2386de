// Events priced through the supply network and common-cause events, end to end through the
// engine, against closed forms: the lost sales of an outage from its loss curve, joint
// outages of alternative suppliers (struck together by one regional event, or overlapping
// by chance), the variance a common cause adds, and the copula's effect on the total.
// Tolerances are 5 standard errors of each estimator, worked out from the closed forms.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "scrisk/scrisk.hpp"

namespace {

using scrisk::engine::State;
using scrisk::io::Format;

constexpr double kSigmas = 5;
constexpr std::uint64_t kTrials = 200'000;
constexpr double kYearDays = 365;  // outages start uniformly over the year

scrisk::engine::Results run(const std::string& text, std::uint64_t trials = kTrials) {
  scrisk::engine::RunConfig config;
  config.trials = trials;
  config.seed = 99;
  return scrisk::engine::run(scrisk::engine::Plan(scrisk::io::parse(text, Format::kText)), config);
}

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / double(values.size());
}

double variance_of(const std::vector<double>& values) {
  const double mean = mean_of(values);
  double sum = 0;
  for (double v : values) sum += (v - mean) * (v - mean);
  return sum / double(values.size() - 1);
}

/// A supplier feeding a plant with 50 units of stock and demand 10 a day at 5 a unit: an
/// outage of t days loses 50 (t - 5)+ (time to survive 5 days).
TEST(OutagePricing, AnOutageCostsItsLossCurveNotItsDailyValue) {
  const double rate = 0.05, loss = 1000, downtime_days = 8;
  const scrisk::engine::Results results = run(R"(
    facilities { id: "supplier" kind: SUPPLIER segment: UPSTREAM daily_value: 1e6 }
    facilities { id: "plant" kind: PLANT segment: OWN }
    links { id: "truck" from: "supplier" to: "plant" mode: ROAD }
    threats { id: "fire" category: PHYSICAL rate_per_year { fixed { value: 0.05 } }
              targets { facility: "supplier" } loss { fixed { value: 1000 } } downtime_days { fixed { value: 8 } } }
    supply_network {
      facilities { facility: "supplier" capacity_per_day: 10 }
      facilities { facility: "plant" inventory_units: 50 demand_per_day: 10 lost_sale_value_per_unit: 5 }
      links { link: "truck" }
    })");
  // Events of one year rarely overlap (their bias here is under 0.01 x the standard error).
  const double per_event = loss + 50 * (downtime_days - 5);
  const double expected = rate * per_event;
  const double standard_error = std::sqrt(rate * per_event * per_event / kTrials);
  EXPECT_NEAR(mean_of(results.annual_loss[int(State::kInherent)]), expected, kSigmas * standard_error);
  EXPECT_NEAR(results.tally(0, State::kCurrent).loss.value() / kTrials, expected, kSigmas * standard_error);
}

/// Suppliers a and b can each cover the plant's 10 a day alone, no stock anywhere: alone out
/// costs nothing, both out cost 5 x 10 = 50 a day.
constexpr const char* kAlternatives = R"(
facilities { id: "a" kind: SUPPLIER segment: UPSTREAM }
facilities { id: "b" kind: SUPPLIER segment: UPSTREAM }
facilities { id: "plant" kind: PLANT segment: OWN }
links { id: "a_truck" from: "a" to: "plant" mode: ROAD }
links { id: "b_truck" from: "b" to: "plant" mode: ROAD }
supply_network {
  facilities { facility: "a" capacity_per_day: 10 }
  facilities { facility: "b" capacity_per_day: 10 }
  facilities { facility: "plant" demand_per_day: 10 lost_sale_value_per_unit: 5 }
  links { link: "a_truck" }
  links { link: "b_truck" }
}
)";
constexpr double kJointValuePerDay = 50;

TEST(OutagePricing, OneSupplierOutCostsNothing) {
  const scrisk::engine::Results results = run(std::string(kAlternatives) + R"(
    threats { id: "flood" category: NATURAL rate_per_year { fixed { value: 2 } }
              targets { facility: "a" } downtime_days { fixed { value: 30 } } })",
                                              20'000);
  for (State state : scrisk::engine::kStates) EXPECT_EQ(mean_of(results.annual_loss[int(state)]), 0);
}

/// The expected length of the union of outages of length d starting at the points of a
/// Poisson process of `rate` a year, uniform over [0, T): a time t is covered when a start
/// falls in (t - d, t], a window of w(t) = min(t, T) - max(0, t - d) days.
double covered_probability(double rate, double d, double t) {
  const double window = std::max(0.0, std::min(t, kYearDays) - std::max(0.0, t - d));
  return 1 - std::exp(-rate * window / kYearDays);
}

/// Trapezoid rule on a fine grid; the integrands are continuous and piecewise smooth.
template <class F>
double integrate(F f, double from, double to) {
  constexpr int kSteps = 2'000'000;
  const double h = (to - from) / kSteps;
  double sum = 0.5 * (f(from) + f(to));
  for (int i = 1; i < kSteps; ++i) sum += f(from + i * h);
  return sum * h;
}

TEST(OutagePricing, ARegionalEventStrikingBothSuppliersLosesTheWholeOutage) {
  const double rate = 0.5, d = 10;
  const scrisk::engine::Results results = run(std::string(kAlternatives) + R"(
    threats { id: "typhoon" category: NATURAL rate_per_year { fixed { value: 0.5 } }
              targets { facility: "a" } targets { facility: "b" } common_cause {}
              downtime_days { fixed { value: 10 } } })");
  // Both are out over the union of the events' outages: 50 a day of it.
  const double expected =
      kJointValuePerDay * integrate([&](double t) { return covered_probability(rate, d, t); }, 0, kYearDays + d);
  // |union| <= N d, so E[Y^2] <= 50^2 d^2 E[N^2]: a bound on the standard error.
  const double standard_error = kJointValuePerDay * d * std::sqrt((rate + rate * rate) / kTrials);
  const double total = mean_of(results.annual_loss[int(State::kInherent)]);
  EXPECT_NEAR(total, expected, kSigmas * standard_error);
  EXPECT_GT(total, 0.9 * rate * kJointValuePerDay * d);  // not the 0 that pricing each alone would give
  // Split between the two risks by downtime: equal halves, adding up to the total.
  const double a = results.tally(0, State::kInherent).loss.value() / kTrials;
  const double b = results.tally(1, State::kInherent).loss.value() / kTrials;
  EXPECT_NEAR(a + b, total, 1e-9 * total);
  EXPECT_NEAR(a, b, 1e-9 * total);
}

TEST(OutagePricing, IndependentOutagesLoseWhatOverlapsAndAControlShortensIt) {
  const double rate_a = 1, d_a = 30, rate_b = 0.8, d_b = 20;
  const scrisk::engine::Results results = run(std::string(kAlternatives) + R"(
    threats { id: "flood" category: NATURAL rate_per_year { fixed { value: 1 } }
              targets { facility: "a" } downtime_days { fixed { value: 30 } } }
    threats { id: "strike" category: EXTERNAL rate_per_year { fixed { value: 0.8 } }
              targets { facility: "b" } downtime_days { fixed { value: 20 } } }
    controls { id: "spare_tooling" status: PROPOSED applies_to { facility: "a" } downtime_reduction: 0.5
               annual_cost: 100 })");
  // Lost while both are out: E|A n B| = integral of P(t in A) P(t in B), the two processes
  // being independent.
  auto overlap = [&](double da) {
    return kJointValuePerDay *
           integrate([&](double t) { return covered_probability(rate_a, da, t) * covered_probability(rate_b, d_b, t); }, 0,
                     kYearDays + std::max(da, d_b));
  };
  const double current = overlap(d_a), residual = overlap(d_a / 2);
  // |A n B| <= min(N_a d_a, N_b d_b) <= N_b d_b: a bound on the standard error.
  const double standard_error = kJointValuePerDay * d_b * std::sqrt((rate_b + rate_b * rate_b) / kTrials);
  EXPECT_NEAR(mean_of(results.annual_loss[int(State::kCurrent)]), current, kSigmas * standard_error);
  EXPECT_NEAR(mean_of(results.annual_loss[int(State::kResidual)]), residual, kSigmas * standard_error);
  // The control's value on common random numbers: current minus current with it.
  const auto& tally = results.control_tallies[0];
  EXPECT_NEAR(tally.reduction.value() / kTrials, current - residual, kSigmas * standard_error);
  EXPECT_GT(current - residual, 10 * standard_error);  // the test can tell a control that does nothing
}

/// A common cause damages target j with probability p_j in each of N ~ Poisson(lambda)
/// events, independently given the event: each event's loss X = B_1 + B_2 (fixed losses of
/// 1), so Var(total) = lambda E[X^2] = lambda (p1 + p2 + 2 p1 p2), not lambda (p1 + p2) as
/// for independent threats.
TEST(CommonCause, DamagesCoincideWithinAnEvent) {
  const double lambda = 2, p1 = 0.7, p2 = 0.4;
  const scrisk::engine::Results results = run(R"(
    facilities { id: "a" kind: PORT segment: UPSTREAM }
    facilities { id: "b" kind: PORT segment: UPSTREAM }
    threats { id: "typhoon" category: NATURAL rate_per_year { fixed { value: 2 } }
              targets { facility: "a" damage_probability: 0.7 } targets { facility: "b" damage_probability: 0.4 }
              common_cause {} loss { fixed { value: 1 } } })");
  const std::vector<double>& years = results.annual_loss[int(State::kInherent)];
  auto moment = [&](int n) { return p1 * (1 - p2) + p2 * (1 - p1) + p1 * p2 * std::pow(2.0, n); };  // E[X^n]
  const double k2 = lambda * moment(2), k4 = lambda * moment(4);
  EXPECT_NEAR(mean_of(years), lambda * (p1 + p2), kSigmas * std::sqrt(k2 / kTrials));
  // Var(sample variance) ~ (mu4 - sigma^4) / n = (k4 + 2 k2^2) / n.
  const double variance_error = std::sqrt((k4 + 2 * k2 * k2) / kTrials);
  EXPECT_NEAR(variance_of(years), lambda * (p1 + p2 + 2 * p1 * p2), kSigmas * variance_error);
  EXPECT_GT(lambda * 2 * p1 * p2, 10 * variance_error);  // independent damages would fail it
  EXPECT_NEAR(results.tally(0, State::kInherent).loss.value() / kTrials, lambda * p1, kSigmas * std::sqrt(lambda * p1 / kTrials));
  EXPECT_NEAR(results.tally(1, State::kInherent).loss.value() / kTrials, lambda * p2, kSigmas * std::sqrt(lambda * p2 / kTrials));
}

/// Both targets damaged by every event, lognormal(0, 0.5) losses whose normal scores have
/// correlation rho: E[L1^a L2^b] = exp(sigma^2 (a^2 + b^2 + 2 a b rho) / 2), and the total's
/// cumulants are lambda E[(L1 + L2)^n].
TEST(CommonCause, TheCopulaCorrelatesTheLossesOfOneEvent) {
  const double lambda = 1.5, sigma = 0.5, rho = 0.8;
  const scrisk::engine::Results results = run(R"(
    facilities { id: "a" kind: PORT segment: UPSTREAM }
    facilities { id: "b" kind: PORT segment: UPSTREAM }
    threats { id: "typhoon" category: NATURAL rate_per_year { fixed { value: 1.5 } }
              targets { facility: "a" } targets { facility: "b" }
              common_cause { severity_correlation: [1, 0.8, 0.8, 1] }
              loss { lognormal { mu: 0 sigma: 0.5 } } })");
  auto joint_moment = [&](int a, int b, double r) { return std::exp(sigma * sigma * (a * a + b * b + 2 * a * b * r) / 2); };
  auto sum_moment = [&](int n, double r) {  // E[(L1 + L2)^n]
    double total = 0, binomial = 1;
    for (int a = 0; a <= n; ++a) {
      total += binomial * joint_moment(a, n - a, r);
      binomial = binomial * (n - a) / (a + 1);
    }
    return total;
  };
  const double k2 = lambda * sum_moment(2, rho), k4 = lambda * sum_moment(4, rho);
  const double variance_error = std::sqrt((k4 + 2 * k2 * k2) / kTrials);
  const double variance = variance_of(results.annual_loss[int(State::kInherent)]);
  EXPECT_NEAR(variance, k2, kSigmas * variance_error);
  EXPECT_GT(std::fabs(k2 - lambda * sum_moment(2, 0.0)), 2 * kSigmas * variance_error);  // rho matters here
}

}  // namespace
