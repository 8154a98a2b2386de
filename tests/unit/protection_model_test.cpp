// Physical protection in the model file and the engine (examples/protected_site.textproto):
// P_E of the most vulnerable path is one more independent barrier against intentional
// threats in the current and residual states. Oracles computed here: EASI written out
// directly and every path of the small system enumerated by hand; the events a year from
// the closed form E[N] = E[rate] x p_success.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "scrisk/scrisk.hpp"

namespace scrisk {
namespace {

using engine::State;

model::Model site() { return io::load(SCRISK_SOURCE_DIR "/examples/protected_site.textproto"); }

struct Element {
  const char* id;
  double detection, remaining_fraction, mean, sd;  // remaining fraction: B 1, M 0.5, E 0
};

/// EASI: P_I = P_C sum_i P_Di prod_{j<i} (1 - P_Dj) Phi((T_i - mu_R) / sqrt(V_i + sd_R^2)),
/// T_i and V_i the mean and variance of the time left after detection at element i.
double easi(const std::vector<Element>& path, double response_mean, double response_sd, double p_communication) {
  double sum = 0, undetected = 1;
  for (std::size_t i = 0; i < path.size(); ++i) {
    double mean = path[i].remaining_fraction * path[i].mean;
    double variance = std::pow(path[i].remaining_fraction * path[i].sd, 2);
    for (std::size_t k = i + 1; k < path.size(); ++k) {
      mean += path[k].mean;
      variance += path[k].sd * path[k].sd;
    }
    const double z = (mean - response_mean) / std::sqrt(variance + response_sd * response_sd);
    sum += path[i].detection * undetected * 0.5 * std::erfc(-z / std::sqrt(2.0));
    undetected *= 1 - path[i].detection;
  }
  return p_communication * sum;
}

struct Oracle {
  std::string path;
  double interruption, effectiveness;
};

/// The four paths (fence or gate, wall or dock door, then the cage lock), the lowest P_I.
Oracle most_vulnerable(const Element& dock_door, double response_mean, double response_sd) {
  const Element fence{"fence", 0.5, 0.5, 10, 3}, gate{"gate", 0.7, 1, 20, 6}, wall{"wall", 0.9, 0, 120, 36},
      cage{"cage_lock", 0.8, 1, 90, 27};
  Oracle best{"", 2, 0};
  for (const Element& first : {fence, gate})
    for (const Element& second : {wall, dock_door}) {
      const double p = easi({first, second, cage}, response_mean, response_sd, 0.95);
      if (p < best.interruption) best = {std::string(first.id) + ">" + second.id + ">cage_lock", p, p * 0.9};
    }
  return best;
}

const Oracle kCurrent = most_vulnerable({"dock_door", 0.4, 0.5, 60, 18}, 180, 50);
const Oracle kResidual = most_vulnerable({"dock_door", 0.9, 1, 60, 18}, 90, 25);

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ">") + id;
  return out;
}

TEST(ProtectionModel, ReportsTheMostVulnerablePathCurrentAndResidual) {
  engine::RunConfig config;
  config.trials = 1000;
  const engine::Results results = engine::run(engine::Plan(site()), config);
  const assess::Assessment assessment = assess::evaluate(site(), results);
  ASSERT_EQ(assessment.protection.size(), 1u);
  const assess::FacilityProtection& label = assessment.protection[0];
  EXPECT_EQ(label.facility, "warehouse");
  EXPECT_EQ(joined(label.current.element_ids), kCurrent.path);
  EXPECT_NEAR(label.current.interruption_probability, kCurrent.interruption, 1e-12);
  EXPECT_NEAR(label.current.system_effectiveness, kCurrent.effectiveness, 1e-12);
  EXPECT_EQ(joined(label.residual.element_ids), kResidual.path);
  EXPECT_NEAR(label.residual.system_effectiveness, kResidual.effectiveness, 1e-12);
  // The upgrade moves the adversary: the dock door stops being the weak point.
  EXPECT_NE(kCurrent.path, kResidual.path);

  const std::string json = report::to_json(assessment);
  EXPECT_NE(json.find("\"protection\""), std::string::npos);
  EXPECT_NE(json.find("\"system_effectiveness\""), std::string::npos);
}

TEST(ProtectionModel, StopsIntentionalAttacksOnlyAndOnlyWithControlsInPlace) {
  const model::Model model = site();
  engine::RunConfig config;
  config.trials = 400'000;
  config.seed = 9;
  const assess::Assessment a = assess::evaluate(model, engine::run(engine::Plan(model), config));
  const double n = double(config.trials);
  const double mean_rate = (1 + 4 * 3 + 8) / 6.0, rate_variance = (mean_rate - 1) * (8 - mean_rate) / 7;
  auto expect_events = [&](const assess::RiskAssessment& risk, State state, double p_success, const char* what) {
    // N thinned to successes is mixed Poisson: Var = p E[R] + p^2 Var(R).
    const double expected = mean_rate * p_success;
    const double se = std::sqrt((expected + p_success * p_success * rate_variance) / n);
    EXPECT_NEAR(risk[state].loss.events_per_year, expected, 5 * se) << what << " " << engine::to_string(state);
  };
  const double cctv = 1 - 0.2 * 0.9;
  for (const auto& risk : a.risks) {
    if (risk.threat == "burglary") {
      expect_events(risk, State::kInherent, 0.7, "burglary");  // no controls, so no protection either
      expect_events(risk, State::kCurrent, 0.7 * cctv * (1 - kCurrent.effectiveness), "burglary");
      expect_events(risk, State::kResidual, 0.7 * cctv * (1 - kResidual.effectiveness), "burglary");
    } else {  // a storm is not an adversary: protection does not apply
      ASSERT_EQ(risk.threat, "storm");
      EXPECT_EQ(risk[State::kCurrent].loss.events_per_year, risk[State::kInherent].loss.events_per_year);
      EXPECT_EQ(risk[State::kResidual].loss.events_per_year, risk[State::kInherent].loss.events_per_year);
    }
  }
  // The upgrade is valued like any control, on common random numbers.
  for (const auto& control : a.controls) {
    if (control.id != "dock_sensor_and_patrol") continue;
    EXPECT_GT(control.ale_reduction, 0);
  }
}

TEST(ProtectionModel, RoundTripsThroughEveryFormat) {
  const model::Model original = site();
  for (const io::Format format : {io::Format::kText, io::Format::kJson, io::Format::kBinary}) {
    const model::Model again = io::parse(io::serialize(original, format), format);
    EXPECT_EQ(io::serialize(again, io::Format::kText), io::serialize(original, io::Format::kText));
    ASSERT_TRUE(again.facilities[0].protection);
    EXPECT_EQ(again.facilities[0].protection->elements.size(), 5u);
    ASSERT_TRUE(again.controls[1].protection_upgrade);
    EXPECT_EQ(again.controls[1].protection_upgrade->response->time_mean_seconds, 90);
  }
}

}  // namespace
}  // namespace scrisk
