// Invalid protection systems: a path that does not reach the target, and every bad input of a
// system named by its field path.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "scrisk/analysis/protection_analysis.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/model/protection.hpp"
#include "support/protection_systems.hpp"

namespace scrisk {
namespace {

using analysis::interruption_probability;
using analysis::most_vulnerable_path;
using model::ProtectionSystem;

using testing::element;
using testing::U;
using testing::worked_example;

// Path arguments and invalid systems.

TEST(Easi, RejectsPathsThatDoNotLeadToTheTarget) {
  const ProtectionSystem system = worked_example();
  EXPECT_THROW((void)interruption_probability(system, {}), UsageError);
  EXPECT_THROW((void)interruption_probability(system, {"gate", "door"}), UsageError);               // stops short
  EXPECT_THROW((void)interruption_probability(system, {"door", "sabotage"}), UsageError);           // not from off-site
  EXPECT_THROW((void)interruption_probability(system, {"gate", "fence", "sabotage"}), UsageError);  // not connected
  EXPECT_THROW((void)interruption_probability(system, {"gate", "moat", "sabotage"}), UsageError);   // unknown
  ProtectionSystem beyond = system;
  beyond.areas.push_back("roof");
  beyond.elements.push_back(element("escape", "target", "roof", 0, U, 5, 1));
  EXPECT_THROW((void)interruption_probability(beyond, {"gate", "door", "sabotage", "escape"}), UsageError);
  EXPECT_EQ(most_vulnerable_path(beyond).element_ids, most_vulnerable_path(system).element_ids);
}

TEST(Easi, InvalidSystemsThrowModelErrorWithFieldPaths) {
  ProtectionSystem system = worked_example();
  system.elements[2].delay_sd_seconds = -1;
  try {
    (void)most_vulnerable_path(system);
    FAIL() << "no ModelError";
  } catch (const ModelError& error) {
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].path, "protection.elements[2].delay_sd_seconds");
  }
  EXPECT_THROW((void)interruption_probability(system, {"gate", "hatch", "sabotage"}), ModelError);
}

// ---------------------------------------------------------------------------------------------
// (e) Validation: every bad input names its field.

struct BadCase {
  std::string name;
  std::function<void(ProtectionSystem&)> spoil;
  std::string path;  // relative to the prefix
  std::string message;
  bool only = true;  // the only problem found
};

TEST(ProtectionValidation, ValidSystemHasNoProblems) {
  EXPECT_THAT(model::find_protection_problems(worked_example(), "facilities[2].protection"), ::testing::IsEmpty());
}

TEST(ProtectionValidation, EveryProblemNamesItsField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<BadCase> cases = {
      {"no areas", [](auto& s) { s.areas.clear(); }, "areas", "missing", false},
      {"empty area id", [](auto& s) { s.areas.push_back(""); }, "areas[4]", "missing"},
      {"duplicate area", [](auto& s) { s.areas.push_back("yard"); }, "areas[4]", "duplicate area id \"yard\""},
      {"no target", [](auto& s) { s.target_area.clear(); }, "target_area", "missing"},
      {"unknown target", [](auto& s) { s.target_area = "vault"; }, "target_area", "unknown area id \"vault\""},
      {"target off-site", [](auto& s) { s.target_area = "offsite"; }, "target_area", "off-site"},
      {"no elements", [](auto& s) { s.elements.clear(); }, "elements", "missing"},
      {"empty element id", [](auto& s) { s.elements[1].id.clear(); }, "elements[1].id", "missing"},
      {"duplicate element id", [](auto& s) { s.elements[3].id = "door"; }, "elements[3].id", "duplicate element id \"door\""},
      {"dangling from", [](auto& s) { s.elements[2].from_area = "garden"; }, "elements[2].from_area",
       "unknown area id \"garden\""},
      {"missing to", [](auto& s) { s.elements[2].to_area.clear(); }, "elements[2].to_area", "missing"},
      {"self loop", [](auto& s) { s.elements[2].to_area = "yard"; }, "elements[2].to_area", "back into it"},
      {"P_D above 1", [](auto& s) { s.elements[0].detection_probability = 1.5; }, "elements[0].detection_probability", "[0, 1]"},
      {"P_D negative", [](auto& s) { s.elements[0].detection_probability = -0.1; }, "elements[0].detection_probability",
       "[0, 1]"},
      {"P_D NaN", [=](auto& s) { s.elements[0].detection_probability = nan; }, "elements[0].detection_probability", "nan"},
      {"no detection point", [](auto& s) { s.elements[4].detection_probability = 0.2; }, "elements[4].detection_at",
       "BEGINNING MIDDLE END"},
      {"negative delay", [](auto& s) { s.elements[1].delay_mean_seconds = -5; }, "elements[1].delay_mean_seconds", ">= 0"},
      {"NaN delay", [=](auto& s) { s.elements[1].delay_mean_seconds = nan; }, "elements[1].delay_mean_seconds", "finite"},
      {"infinite delay", [=](auto& s) { s.elements[1].delay_mean_seconds = inf; }, "elements[1].delay_mean_seconds", "finite"},
      {"negative sd", [](auto& s) { s.elements[1].delay_sd_seconds = -1; }, "elements[1].delay_sd_seconds", ">= 0"},
      {"NaN sd", [=](auto& s) { s.elements[1].delay_sd_seconds = nan; }, "elements[1].delay_sd_seconds", "finite"},
      {"NaN response", [=](auto& s) { s.response.time_mean_seconds = nan; }, "response.time_mean_seconds", "finite"},
      {"negative response", [](auto& s) { s.response.time_mean_seconds = -5; }, "response.time_mean_seconds", ">= 0"},
      {"infinite response sd", [=](auto& s) { s.response.time_sd_seconds = inf; }, "response.time_sd_seconds", "finite"},
      {"P_C above 1", [](auto& s) { s.alarm_communication_probability = 2; }, "alarm_communication_probability", "[0, 1]"},
      {"P_C NaN", [=](auto& s) { s.alarm_communication_probability = nan; }, "alarm_communication_probability", "[0, 1]"},
      {"P_N negative", [](auto& s) { s.neutralisation_probability = -0.5; }, "neutralisation_probability", "[0, 1]"},
      {"cycle", [](auto& s) { s.elements.push_back(element("chute", "building", "yard", 0, U, 5, 1)); }, "elements[5].to_area",
       "cycle of areas \"yard\" -> \"building\" -> \"yard\""},
      {"no way in", [](auto& s) { s.elements.pop_back(); }, "target_area",
       "no sequence of elements leads from the off-site area \"offsite\" to \"target\""},
  };
  const std::string prefix = "facilities[2].protection";
  for (const BadCase& bad : cases) {
    ProtectionSystem system = worked_example();
    bad.spoil(system);
    const auto problems = model::find_protection_problems(system, prefix);
    bool found = false;
    for (const Problem& problem : problems)
      found |= problem.path == prefix + "." + bad.path && problem.message.find(bad.message) != std::string::npos;
    std::string listing;
    for (const Problem& problem : problems) listing += "\n  " + problem.to_string();
    EXPECT_TRUE(found) << bad.name << ": expected " << prefix << "." << bad.path << ": ..." << bad.message << "; got" << listing;
    if (bad.only) {
      EXPECT_EQ(problems.size(), 1u) << bad.name << listing;
    }
    EXPECT_THROW((void)most_vulnerable_path(system), ModelError) << bad.name;
  }
}

TEST(ProtectionValidation, EmptyPrefixGivesBareFieldNames) {
  ProtectionSystem system = worked_example();
  system.neutralisation_probability = 3;
  const auto problems = model::find_protection_problems(system, "");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "neutralisation_probability");
}

}  // namespace
}  // namespace scrisk
