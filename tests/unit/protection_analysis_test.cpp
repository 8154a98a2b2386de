// Physical-protection analysis: EASI's P_I against a hand calculation written out term by term,
// a closed form with zero variances, an independent Monte Carlo of adversary and response, the
// most vulnerable path against brute-force enumeration on random graphs, the case where the
// least-detected path is not the most vulnerable one, and upgrades (validation: protection_validation_test).
//
// The oracles here share no code with src/analysis: Phi is Boost.Math's normal CDF, EASI is
// re-derived in oracle_easi() (quadratic, no shared sums), paths are enumerated by a plain
// recursion over the element list.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "scrisk/analysis/protection_analysis.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/model/protection.hpp"
#include "support/protection_systems.hpp"

namespace scrisk {
namespace {

using analysis::AdversaryPath;
using analysis::interruption_probability;
using analysis::most_vulnerable_path;
using model::DetectionPoint;
using model::ProtectionElement;
using model::ProtectionSystem;
using model::ResponseForce;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using testing::B;
using testing::E;
using testing::element;
using testing::M;
using testing::U;
using testing::worked_example;

double phi(double z) { return boost::math::cdf(boost::math::normal(), z); }

/// EASI written straight from the formula, with the variance factor of a detection in the
/// middle of a task as a parameter (EASI's is (1/2)^2; 1/2 is the plausible misreading).
double oracle_easi(const std::vector<ProtectionElement>& path, const ResponseForce& response, double communication,
                   double middle_variance_factor = 0.25) {
  double sum = 0, undetected = 1;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const ProtectionElement& at = path[i];
    const double mean_factor = at.detection_at == B ? 1 : at.detection_at == M ? 0.5 : 0;
    const double variance_factor = at.detection_at == B ? 1 : at.detection_at == M ? middle_variance_factor : 0;
    double mean = mean_factor * at.delay_mean_seconds;
    double variance = variance_factor * at.delay_sd_seconds * at.delay_sd_seconds;
    for (std::size_t k = i + 1; k < path.size(); ++k) {
      mean += path[k].delay_mean_seconds;
      variance += path[k].delay_sd_seconds * path[k].delay_sd_seconds;
    }
    const double sd = std::sqrt(variance + response.time_sd_seconds * response.time_sd_seconds);
    const double in_time = sd > 0 ? phi((mean - response.time_mean_seconds) / sd) : (mean > response.time_mean_seconds ? 1 : 0);
    sum += at.detection_probability * undetected * in_time;
    undetected *= 1 - at.detection_probability;
  }
  return communication * sum;
}

/// Every path from areas[0] to the target, as element indices, by plain recursion.
std::vector<std::vector<std::size_t>> all_paths(const ProtectionSystem& system) {
  std::vector<std::vector<std::size_t>> paths;
  std::vector<std::size_t> path;
  std::function<void(const std::string&)> walk = [&](const std::string& area) {
    if (area == system.target_area) {
      paths.push_back(path);
      return;
    }
    for (std::size_t i = 0; i < system.elements.size(); ++i) {
      if (system.elements[i].from_area != area) continue;
      path.push_back(i);
      walk(system.elements[i].to_area);
      path.pop_back();
    }
  };
  walk(system.areas.front());
  return paths;
}

std::vector<ProtectionElement> elements_of(const ProtectionSystem& system, const std::vector<std::size_t>& path) {
  std::vector<ProtectionElement> result;
  for (std::size_t i : path) result.push_back(system.elements[i]);
  return result;
}

std::vector<std::string> ids_of(const ProtectionSystem& system, const std::vector<std::size_t>& path) {
  std::vector<std::string> result;
  for (std::size_t i : path) result.push_back(system.elements[i].id);
  return result;
}

// ---------------------------------------------------------------------------------------------
// (a) EASI against a hand calculation.

TEST(Easi, WorkedExampleTermByTerm) {
  const ProtectionSystem system = worked_example();
  const double response_variance = 45.0 * 45.0;  // 2025

  // gate (B), hatch (E), sabotage (P_D = 0). Response 150 +- 45 s, P_C = 0.95.
  //   gate:  first detection 0.2;               T = 20 + 30 + 60 = 110, V = 36 + 100 + 400 = 536
  //   hatch: first detection 0.8 x 0.95 = 0.76; T = 0 + 60 = 60,       V = 0 + 400 = 400
  //   sabotage: P_D = 0, no term.
  const double gate = 0.2 * phi((110 - 150) / std::sqrt(536 + response_variance));   // 0.2 x Phi(-0.790415)
  const double hatch = 0.76 * phi((60 - 150) / std::sqrt(400 + response_variance));  // 0.76 x Phi(-1.827623)
  const double by_hand = 0.95 * (gate + hatch);
  EXPECT_NEAR(by_hand, 0.95 * (0.2 * 0.214643 + 0.76 * 0.033803), 1e-6);  // the rounded figures in docs/protection.md
  EXPECT_NEAR(interruption_probability(system, {"gate", "hatch", "sabotage"}), by_hand, 1e-14);
  EXPECT_NEAR(by_hand, 0.065188, 1e-6);

  // fence (M): half the fence's delay and a quarter of its variance remain.
  //   fence: first detection 0.5;               T = 30 + 30 + 60 = 120, V = 100 + 100 + 400 = 600
  //   hatch: first detection 0.5 x 0.95 = 0.475; T = 60, V = 400
  const double fence = 0.5 * phi((120 - 150) / std::sqrt(600 + response_variance));
  const double hatch_after_fence = 0.475 * phi((60 - 150) / std::sqrt(400 + response_variance));
  EXPECT_NEAR(interruption_probability(system, {"fence", "hatch", "sabotage"}), 0.95 * (fence + hatch_after_fence), 1e-14);

  //   fence: T = 30 + 90 + 60 = 180, V = 100 + 900 + 400 = 1400;  door: first 0.25, T = 150, V = 1300 -> Phi(0) = 1/2
  const double fence_then_door = 0.5 * phi((180 - 150) / std::sqrt(1400 + response_variance)) + 0.25 * 0.5;
  EXPECT_NEAR(interruption_probability(system, {"fence", "door", "sabotage"}), 0.95 * fence_then_door, 1e-14);
}

TEST(Easi, SinglePathFormMatchesSystemForm) {
  const ProtectionSystem system = worked_example();
  const std::vector<ProtectionElement> path{system.elements[1], system.elements[2], system.elements[4]};
  EXPECT_EQ(interruption_probability(path, system.response, 0.95),
            interruption_probability(system, {"gate", "door", "sabotage"}));
  EXPECT_NEAR(interruption_probability(path, system.response, 0.95), oracle_easi(path, system.response, 0.95), 1e-14);
}

// With every variance zero, Phi becomes a step: a detection is timely iff the delay still ahead
// exceeds the response time, so P_I = P_C (1 - prod over timely elements of (1 - P_D)), the
// timely elements being those up to the critical detection point.
TEST(Easi, ZeroVariancesReduceToDetectionUpToTheCriticalDetectionPoint) {
  const std::vector<ProtectionElement> path{
      element("fence", "a", "b", 0.3, B, 40, 0),    // 340 s ahead at detection: timely
      element("sensor", "b", "c", 0.6, M, 100, 0),  // 50 + 200 = 250 s: timely
      element("door", "c", "d", 0.7, E, 120, 0),    // 80 s: timely (response 60 s)
      element("vault", "d", "e", 0.9, M, 60, 0),    // 30 + 50 = 80 s: timely
      element("cage", "e", "f", 0.8, B, 50, 0),     // 50 s: too late
      element("work", "f", "g", 0.5, B, 0, 0),      // 0 s: too late
  };
  const ResponseForce response{60, 0};
  const double expected = 0.9 * (1 - (1 - 0.3) * (1 - 0.6) * (1 - 0.7) * (1 - 0.9));
  EXPECT_NEAR(interruption_probability(path, response, 0.9), expected, 1e-15);

  // A tie (delay ahead == response time) is not in time.
  const std::vector<ProtectionElement> tie{element("x", "a", "b", 1, B, 60, 0)};
  EXPECT_EQ(interruption_probability(tie, response, 1), 0);
  EXPECT_EQ(interruption_probability(tie, ResponseForce{59.999, 0}, 1), 1);
}

TEST(Easi, EdgeCases) {
  const ResponseForce response{100, 20};
  EXPECT_EQ(interruption_probability(std::vector<ProtectionElement>{}, response, 1), 0);
  const std::vector<ProtectionElement> never{element("x", "a", "b", 0, U, 500, 50)};
  EXPECT_EQ(interruption_probability(never, response, 1), 0);
  const std::vector<ProtectionElement> certain{element("x", "a", "b", 1, B, 1e6, 0)};
  EXPECT_EQ(interruption_probability(certain, response, 0.7), 0.7);
  const std::vector<ProtectionElement> unplaced{element("x", "a", "b", 0.5, U, 10, 1)};
  EXPECT_THROW((void)interruption_probability(unplaced, response, 1), UsageError);
}

// ---------------------------------------------------------------------------------------------
// (b) Monte Carlo oracle. The adversary crosses the elements in order; each detects with its
// P_D (independently); at the first detection the alarm is communicated with P_C, and the
// response, taking R ~ N(mu_R, sigma_R), interrupts iff R < the remaining time f_i X_i +
// sum_{k>i} X_k with X_k ~ N(mu_k, sigma_k) independent. EASI is exact for this model (the
// difference of independent normals is normal), so the simulation must agree within its
// sampling error; it uses normal delays because EASI assumes them.

double simulate(const std::vector<ProtectionElement>& path, const ResponseForce& response, double communication,
                std::uint64_t trials, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::normal_distribution<double> standard(0, 1);
  std::uint64_t interrupted = 0;
  for (std::uint64_t trial = 0; trial < trials; ++trial) {
    std::size_t first = path.size();
    for (std::size_t i = 0; i < path.size() && first == path.size(); ++i)
      if (uniform(random) < path[i].detection_probability) first = i;
    if (first == path.size() || !(uniform(random) < communication)) continue;
    const ProtectionElement& detected = path[first];
    const double fraction = detected.detection_at == B ? 1 : detected.detection_at == M ? 0.5 : 0;
    double remaining = fraction * (detected.delay_mean_seconds + detected.delay_sd_seconds * standard(random));
    for (std::size_t k = first + 1; k < path.size(); ++k)
      remaining += path[k].delay_mean_seconds + path[k].delay_sd_seconds * standard(random);
    const double arrival = response.time_mean_seconds + response.time_sd_seconds * standard(random);
    if (arrival < remaining) ++interrupted;
  }
  return double(interrupted) / double(trials);
}

TEST(Easi, AgreesWithMonteCarloOfAdversaryAndResponse) {
  constexpr std::uint64_t kTrials = 1'000'000;
  const std::vector<ProtectionElement> path{
      element("fence", "a", "b", 0.4, M, 30, 12),  element("lawn", "b", "c", 0.1, B, 25, 10),
      element("door", "c", "d", 0.6, E, 120, 45),  element("corridor", "d", "e", 0.3, M, 40, 15),
      element("vault", "e", "f", 0.8, B, 150, 60), element("work", "f", "g", 0, U, 90, 30),
  };
  const ResponseForce response{240, 70};
  const double easi = interruption_probability(path, response, 0.9);
  EXPECT_NEAR(easi, oracle_easi(path, response, 0.9), 1e-14);
  const double standard_error = std::sqrt(easi * (1 - easi) / double(kTrials));
  const double simulated = simulate(path, response, 0.9, kTrials, 20240611);
  EXPECT_NEAR(simulated, easi, 5 * standard_error) << "EASI " << easi << ", simulated " << simulated;
}

// The same oracle tells EASI's variance factor for a detection in the middle, (1/2)^2, from 1/2.
TEST(Easi, MonteCarloConfirmsTheQuarterVarianceOfAHalfTask) {
  constexpr std::uint64_t kTrials = 1'000'000;
  const std::vector<ProtectionElement> path{element("wall", "a", "b", 0.9, M, 100, 80), element("work", "b", "c", 0, U, 20, 5)};
  const ResponseForce response{40, 10};
  const double easi = interruption_probability(path, response, 1);
  const double misread = oracle_easi(path, response, 1, 0.5);
  const double standard_error = std::sqrt(easi * (1 - easi) / double(kTrials));
  const double simulated = simulate(path, response, 1, kTrials, 7);
  EXPECT_NEAR(simulated, easi, 5 * standard_error);
  EXPECT_GT(std::abs(simulated - misread), 20 * standard_error) << "the oracle cannot tell the conventions apart";
}

// ---------------------------------------------------------------------------------------------
// (c) The most vulnerable path against brute-force enumeration.

struct RandomSystems {
  std::mt19937_64 random;
  explicit RandomSystems(std::uint64_t seed) : random(seed) {}

  double uniform(double low, double high) { return std::uniform_real_distribution<double>(low, high)(random); }
  std::size_t pick(std::size_t low, std::size_t high) { return std::uniform_int_distribution<std::size_t>(low, high)(random); }

  ProtectionElement random_element(std::size_t index, const std::string& from, const std::string& to, bool variances) {
    const double kind = uniform(0, 1);
    const double detection = kind < 0.2 ? 0 : kind < 0.3 ? 1 : uniform(0, 1);
    static constexpr DetectionPoint kPoints[] = {B, M, E};
    const double mean = uniform(0, 120);
    return element("e" + std::to_string(index), from, to, detection, kPoints[pick(0, 2)], mean,
                   variances ? uniform(0, uniform(0, 1) < 0.8 ? 0.5 : 2) * mean : 0);
  }

  void finish(ProtectionSystem& system, bool variances) {
    system.response = {uniform(20, 300), variances ? uniform(0, 60) : 0};
    system.alarm_communication_probability = uniform(0.5, 1);
    system.neutralisation_probability = uniform(0, 1);
  }

  /// Garcia's adversary sequence diagram: layers of alternative elements (0: a random number).
  ProtectionSystem layered(std::size_t layers = 0, std::size_t alternatives = 0) {
    ProtectionSystem system;
    if (layers == 0) layers = pick(1, 5);
    const bool variances = uniform(0, 1) < 0.85;
    for (std::size_t layer = 0; layer <= layers; ++layer) system.areas.push_back("L" + std::to_string(layer));
    system.target_area = system.areas.back();
    for (std::size_t layer = 0; layer < layers; ++layer)
      for (std::size_t n = alternatives ? alternatives : pick(1, 4); n > 0; --n)
        system.elements.push_back(
            random_element(system.elements.size(), system.areas[layer], system.areas[layer + 1], variances));
    finish(system, variances);
    return system;
  }

  /// A general DAG: areas in topological order, a chain so the target is reachable, random
  /// forward edges (skipping areas, parallel), and sometimes areas beyond the target.
  ProtectionSystem dag() {
    ProtectionSystem system;
    const std::size_t n = pick(3, 7);
    const bool variances = uniform(0, 1) < 0.85;
    for (std::size_t i = 0; i < n; ++i) system.areas.push_back("A" + std::to_string(i));
    system.target_area = system.areas[uniform(0, 1) < 0.7 ? n - 1 : n - 2];
    for (std::size_t i = 0; i + 1 < n; ++i) {
      system.elements.push_back(random_element(system.elements.size(), system.areas[i], system.areas[i + 1], variances));
      for (std::size_t j = i + 1; j < n; ++j)
        for (std::size_t extra = pick(0, 3); extra > 1; --extra)  // none half the time, else 1 or 2
          system.elements.push_back(random_element(system.elements.size(), system.areas[i], system.areas[j], variances));
    }
    finish(system, variances);
    return system;
  }
};

void expect_minimum_found(const ProtectionSystem& system, const std::string& what) {
  ASSERT_THAT(model::find_protection_problems(system, ""), ::testing::IsEmpty()) << what;
  double minimum = std::numeric_limits<double>::infinity();
  const auto paths = all_paths(system);
  for (const auto& path : paths)
    minimum = std::min(minimum, oracle_easi(elements_of(system, path), system.response, system.alarm_communication_probability));
  const AdversaryPath found = most_vulnerable_path(system);
  EXPECT_NEAR(found.interruption_probability, minimum, 1e-12) << what << " (" << paths.size() << " paths)";
  // The reported path exists and has the reported P_I.
  EXPECT_NEAR(interruption_probability(system, found.element_ids), found.interruption_probability, 1e-15) << what;
  EXPECT_DOUBLE_EQ(found.system_effectiveness, found.interruption_probability * system.neutralisation_probability) << what;
}

TEST(MostVulnerablePath, MatchesBruteForceOnRandomLayeredSystems) {
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    RandomSystems random(seed);
    expect_minimum_found(random.layered(), "layered seed " + std::to_string(seed));
  }
}

TEST(MostVulnerablePath, MatchesBruteForceOnRandomDags) {
  std::size_t most_paths = 0;
  for (std::uint64_t seed = 1; seed <= 400; ++seed) {
    RandomSystems random(1000 + seed);
    const ProtectionSystem system = random.dag();
    most_paths = std::max(most_paths, all_paths(system).size());
    expect_minimum_found(system, "dag seed " + std::to_string(seed));
  }
  EXPECT_GT(most_paths, 100u) << "the random DAGs are too small to exercise the search";
}

TEST(MostVulnerablePath, StopsAtTheLimitInsteadOfGuessing) {
  RandomSystems random(3);
  const ProtectionSystem system = random.layered(4, 4);
  try {
    (void)most_vulnerable_path(system, {.max_partial_paths = 10});
    FAIL() << "no PathSearchLimitExceeded";
  } catch (const analysis::PathSearchLimitExceeded& error) {
    EXPECT_THAT(error.what(), HasSubstr("more than 10 partial paths"));
  }
  EXPECT_NO_THROW((void)most_vulnerable_path(system));
}

// The bound takes, for each detection already on the partial path, the worse end of the
// completions' variance range: the high end when the response is ahead of schedule (more
// spread can only make it late), the low end when it is behind. Both cases in a layered
// system where the first branch explored sets a best that a bound at the wrong end would
// wrongly beat.
TEST(MostVulnerablePath, BoundTakesTheWorseEndOfTheVarianceRange) {
  for (const bool ahead : {true, false}) {
    ProtectionSystem system;
    system.areas = {"L0", "L1", "L2"};
    system.target_area = "L2";
    system.elements = {
        element("sure", "L0", "L1", 1, B, 0, 0),
        element("likely", "L0", "L1", 0.9, B, 0, 0),
        element("steady", "L1", "L2", 0, U, 10, 0),
        element("erratic", "L1", "L2", 0, U, 10, 100),
    };
    system.response = {ahead ? 5.0 : 15.0, 1};
    double minimum = std::numeric_limits<double>::infinity();
    for (const auto& path : all_paths(system))
      minimum = std::min(minimum, oracle_easi(elements_of(system, path), system.response, 1));
    const AdversaryPath found = most_vulnerable_path(system);
    EXPECT_NEAR(found.interruption_probability, minimum, 1e-12) << (ahead ? "ahead" : "behind");
    EXPECT_EQ(found.element_ids.front(), "likely") << (ahead ? "ahead" : "behind");
  }
}

// The bound prunes: 12 layers of 8 random alternatives (8^12 ~ 7e10 paths) are settled
// within 10^6 partial paths (about 6e4 are needed; a microsecond each). Exactness on systems
// this size cannot be brute-forced in a test; the random systems above cover it.
TEST(MostVulnerablePath, PrunesWhatCannotWin) {
  RandomSystems random(12);
  const ProtectionSystem system = random.layered(12, 8);
  const AdversaryPath found = most_vulnerable_path(system, {.max_partial_paths = 1'000'000});
  EXPECT_EQ(found.element_ids.size(), 12u);
  EXPECT_NEAR(interruption_probability(system, found.element_ids), found.interruption_probability, 1e-15);
}

// ---------------------------------------------------------------------------------------------
// (d) The least-detected path is not the most vulnerable one: P_I is about timely detection.

TEST(MostVulnerablePath, IsNotTheLeastDetectedPath) {
  const ProtectionSystem system = worked_example();
  // Total detection 1 - prod(1 - P_D) and P_I of the four paths (docs/protection.md):
  //   fence door  0.75   0.449298      gate door   0.60   0.310640   <- least detected
  //   fence hatch 0.975  0.147822      gate hatch  0.96   0.065188   <- most vulnerable
  // The hatch detects almost surely, but only once open, with 60 s left against a 150 s response.
  std::vector<std::string> least_detected;
  double least_detection = 2;
  for (const auto& path : all_paths(system)) {
    double undetected = 1;
    for (std::size_t i : path) undetected *= 1 - system.elements[i].detection_probability;
    if (1 - undetected < least_detection) {
      least_detection = 1 - undetected;
      least_detected = ids_of(system, path);
    }
  }
  EXPECT_THAT(least_detected, ElementsAre("gate", "door", "sabotage"));
  EXPECT_NEAR(least_detection, 0.6, 1e-15);
  EXPECT_NEAR(interruption_probability(system, least_detected), 0.310640, 1e-6);

  const AdversaryPath found = most_vulnerable_path(system);
  EXPECT_THAT(found.element_ids, ElementsAre("gate", "hatch", "sabotage"));
  EXPECT_NEAR(found.interruption_probability, 0.065188, 1e-6);
  EXPECT_NEAR(found.system_effectiveness, 0.8 * 0.065188, 1e-6);
  EXPECT_NEAR(interruption_probability(system, {"fence", "door", "sabotage"}), 0.449298, 1e-6);
  EXPECT_NEAR(interruption_probability(system, {"fence", "hatch", "sabotage"}), 0.147822, 1e-6);
}

// Neither least detection nor least delay: the most vulnerable path here is both the more
// detected and the slower one, because its detection comes after its delay. Two disjoint
// routes (a general DAG, not layers).
TEST(MostVulnerablePath, IsNeitherTheLeastDetectedNorTheFastestPath) {
  ProtectionSystem system;
  system.areas = {"offsite", "basement", "yard", "target"};
  system.target_area = "target";
  system.elements = {
      element("tunnel", "offsite", "basement", 0, U, 500, 50),         // long and silent
      element("alarmed_hatch", "basement", "target", 0.99, E, 10, 2),  // alarms once open
      element("fence", "offsite", "yard", 0.3, B, 150, 20),            // short, detected early
      element("window", "yard", "target", 0.1, B, 20, 5),
  };
  system.response = {100, 10};
  // tunnel + alarmed_hatch: detection 0.99, 510 s, 0 s left after the alarm: P_I ~ 0.
  // fence + window: detection 1 - 0.7 x 0.9 = 0.37, 170 s; the fence's alarm leaves 170 s.
  const AdversaryPath found = most_vulnerable_path(system);
  EXPECT_THAT(found.element_ids, ElementsAre("tunnel", "alarmed_hatch"));
  EXPECT_LT(found.interruption_probability, 1e-9);
  EXPECT_GT(interruption_probability(system, {"fence", "window"}), 0.29);
}

// ---------------------------------------------------------------------------------------------
// Upgrades: what the engine asks for the residual state.

TEST(ProtectionUpgrade, MovesTheAdversaryToTheNextWeakestPath) {
  const ProtectionSystem system = worked_example();
  model::ProtectionUpgrade upgrade;
  upgrade.element_changes.push_back(
      {.element = "hatch", .detection_at = B, .delay_mean_seconds = 120});  // alarm on approach, hardened
  ASSERT_THAT(model::find_protection_upgrade_problems(system, upgrade, "controls[0].protection_upgrade"), ::testing::IsEmpty());
  const ProtectionSystem upgraded = model::apply_upgrade(system, upgrade);
  EXPECT_EQ(upgraded.elements[3].detection_at, B);
  EXPECT_EQ(upgraded.elements[3].delay_mean_seconds, 120);
  EXPECT_EQ(upgraded.elements[3].detection_probability, 0.95);  // unchanged

  const AdversaryPath before = most_vulnerable_path(system);
  const AdversaryPath after = most_vulnerable_path(upgraded);
  EXPECT_THAT(after.element_ids, ElementsAre("gate", "door", "sabotage"));
  EXPECT_NEAR(after.interruption_probability, 0.310640, 1e-6);
  EXPECT_GT(after.system_effectiveness, before.system_effectiveness);

  model::ProtectionUpgrade faster;
  faster.response = ResponseForce{60, 20};
  faster.removed_elements = {"gate"};
  const ProtectionSystem closed = model::apply_upgrade(system, faster);
  EXPECT_EQ(closed.elements.size(), 4u);
  const AdversaryPath closed_path = most_vulnerable_path(closed);
  EXPECT_EQ(closed_path.element_ids.front(), "fence");
  EXPECT_GT(closed_path.interruption_probability, before.interruption_probability);
}

TEST(ProtectionUpgrade, ProblemsNameTheirFields) {
  const ProtectionSystem system = worked_example();
  model::ProtectionUpgrade upgrade;
  upgrade.element_changes.push_back({.element = "moat", .detection_probability = 0.5});
  upgrade.element_changes.push_back({.element = "door", .detection_probability = 1.5, .delay_sd_seconds = -1});
  upgrade.element_changes.push_back({.element = "door"});
  upgrade.element_changes.push_back({.element = "sabotage", .detection_probability = 0.3});  // still no detection point
  upgrade.response = ResponseForce{std::nan(""), 10};
  upgrade.alarm_communication_probability = 2;
  upgrade.neutralisation_probability = -0.1;
  const std::string p = "controls[4].protection_upgrade";
  std::vector<std::pair<std::string, std::string>> got;
  for (const Problem& problem : model::find_protection_upgrade_problems(system, upgrade, p))
    got.emplace_back(problem.path, problem.message);
  using ::testing::Pair;
  EXPECT_THAT(got, ::testing::UnorderedElementsAre(
                       Pair(p + ".element_changes[0].element", HasSubstr("unknown protection element id \"moat\"")),
                       Pair(p + ".element_changes[1].detection_probability", HasSubstr("[0, 1]")),
                       Pair(p + ".element_changes[1].delay_sd_seconds", HasSubstr(">= 0")),
                       Pair(p + ".element_changes[2].element", HasSubstr("already changed")),
                       Pair(p + ".element_changes[3].detection_at", HasSubstr("BEGINNING MIDDLE END")),
                       Pair(p + ".response.time_mean_seconds", HasSubstr("finite")),
                       Pair(p + ".alarm_communication_probability", HasSubstr("[0, 1]")),
                       Pair(p + ".neutralisation_probability", HasSubstr("[0, 1]"))));

  model::ProtectionUpgrade sealed;
  sealed.removed_elements = {"door", "hatch"};
  const auto problems = model::find_protection_upgrade_problems(system, sealed, p);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, p + ".removed_elements");
  EXPECT_THAT(problems[0].message, HasSubstr("no path"));
  EXPECT_THROW((void)model::apply_upgrade(system, model::ProtectionUpgrade{.removed_elements = {"moat"}}), UsageError);
}

}  // namespace
}  // namespace scrisk
