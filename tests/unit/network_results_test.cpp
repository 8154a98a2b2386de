// The supply network in the model file and the results: loading and round-tripping
// `supply_network`, compile-time checks, the per-element labels (time to survive, loss
// curve, typical outage, single points of failure) against closed forms, and risk by
// target and segment against the closed-form ALEs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

#include "engine/network_pricing.hpp"
#include "scrisk/scrisk.hpp"

namespace {

using scrisk::engine::State;
using scrisk::io::Format;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

/// supplier --truck--> plant. The plant keeps 50 units and sells 10 a day at 5 a unit; the
/// supplier makes up to 10 a day. An outage of the supplier (or the truck) of t days loses
/// 10 x 5 x (t - 5) once the 50 units are gone: time to survive 5 days, slope 50 a day.
constexpr const char* kChain = R"(
name: "chain"
facilities { id: "supplier" kind: SUPPLIER segment: UPSTREAM }
facilities { id: "plant" kind: PLANT segment: OWN }
links { id: "truck" from: "supplier" to: "plant" mode: ROAD }
threats {
  id: "fire" category: PHYSICAL
  rate_per_year { fixed { value: 0.5 } }
  targets { facility: "supplier" }
  downtime_days { fixed { value: 8 } }
}
supply_network {
  facilities { facility: "supplier" capacity_per_day: 10 }
  facilities { facility: "plant" inventory_units: 50 demand_per_day: 10 lost_sale_value_per_unit: 5 }
  links { link: "truck" }
}
)";

scrisk::engine::Results run(const scrisk::model::Model& model, std::uint64_t trials) {
  scrisk::engine::RunConfig config;
  config.trials = trials;
  config.seed = 20261129;
  return scrisk::engine::run(scrisk::engine::Plan(model), config);
}

const scrisk::assess::NetworkElement& label_of(const scrisk::assess::Assessment& assessment, const std::string& id) {
  for (const auto& target : assessment.targets)
    if (target.id == id && target.network) return *target.network;
  throw std::invalid_argument("no network element " + id);
}

TEST(NetworkResults, LabelsOfATwoStepChainMatchTheClosedForms) {
  const scrisk::model::Model model = scrisk::io::parse(kChain, Format::kText);
  const scrisk::assess::Assessment results = scrisk::assess::evaluate(model, run(model, 1000));
  std::size_t elements = 0;
  for (const auto& target : results.targets) elements += target.network.has_value();
  ASSERT_EQ(elements, 3u);  // two facilities, one link

  const auto& supplier = label_of(results, "supplier");
  EXPECT_FALSE(supplier.is_link);
  EXPECT_NEAR(supplier.time_to_survive_days, 5, 1e-9);
  EXPECT_NEAR(supplier.final_slope_per_day, 50, 1e-9);
  EXPECT_NEAR(supplier.typical_outage_days, 8, 1e-12);  // the only threat's fixed downtime
  EXPECT_NEAR(supplier.typical_outage_loss, 50 * (8 - 5), 1e-6);
  EXPECT_THAT(supplier.cut_off_customers, ElementsAre("plant"));

  const auto& truck = label_of(results, "truck");
  EXPECT_TRUE(truck.is_link);
  EXPECT_NEAR(truck.time_to_survive_days, 5, 1e-9);
  EXPECT_EQ(truck.typical_outage_days, 0);  // no threat strikes it
  EXPECT_THAT(truck.cut_off_customers, ElementsAre("plant"));

  // The plant's own stock is unreachable while it is out: every day is lost at once.
  const auto& plant = label_of(results, "plant");
  EXPECT_NEAR(plant.time_to_survive_days, 0, 1e-9);
  EXPECT_NEAR(plant.final_slope_per_day, 50, 1e-9);
  EXPECT_TRUE(plant.cut_off_customers.empty());  // a customer's own outage is not listed
}

TEST(NetworkResults, SupplyNetworkRoundTripsThroughEveryFormat) {
  const scrisk::model::Model original = scrisk::io::load(SCRISK_SOURCE_DIR "/examples/network.textproto");
  ASSERT_TRUE(original.supply_network);
  EXPECT_EQ(original.supply_network->facilities.size(), 7u);
  const auto& plant = original.supply_network->facilities[3];
  EXPECT_EQ(plant.facility, "plant");
  ASSERT_EQ(plant.inputs.size(), 2u);
  EXPECT_EQ(plant.inputs[1].product, "board");
  EXPECT_EQ(plant.inputs[1].quantity_per_unit, 2);
  EXPECT_FALSE(original.supply_network->links[2].capacity_per_day);  // board_rail: unlimited

  const std::string text = scrisk::io::serialize(original, Format::kText);
  for (const Format format : {Format::kText, Format::kJson, Format::kBinary}) {
    SCOPED_TRACE(int(format));
    const scrisk::model::Model back = scrisk::io::parse(scrisk::io::serialize(original, format), format);
    EXPECT_EQ(scrisk::io::serialize(back, Format::kText), text);
  }
}

TEST(NetworkResults, RunsWithAnotherInteractionScopeDoNotMerge) {
  scrisk::model::Model model = scrisk::io::parse(kChain, Format::kText);
  scrisk::engine::RunConfig config;
  config.trials = 100;
  config.seed = 7;
  const scrisk::engine::Results all_pairs = scrisk::engine::run(scrisk::engine::Plan(model), config);
  model.supply_network->interaction_scope = scrisk::model::InteractionScope::kAlternativeSources;
  config.first_trial = 100;
  const scrisk::engine::Results scoped = scrisk::engine::run(scrisk::engine::Plan(model), config);
  EXPECT_NE(all_pairs.model_fingerprint, scoped.model_fingerprint);
  EXPECT_THROW((void)scrisk::engine::merge({all_pairs, scoped}), scrisk::ResultsMismatch);
}

TEST(NetworkResults, ANetworkThatCannotMeetItsDemandIsAModelError) {
  const scrisk::model::Model model = scrisk::io::load(SCRISK_SOURCE_DIR "/tests/data/network_cannot_meet_demand.textproto");
  try {
    const scrisk::engine::Plan plan(model);
    FAIL() << "compiled";
  } catch (const scrisk::ModelError& error) {
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].path, "supply_network");
    EXPECT_THAT(error.problems()[0].message, HasSubstr("plant"));
  }
}

TEST(NetworkResults, NetworkProblemsComeWithTheModelsOwn) {
  scrisk::model::Model model = scrisk::io::parse(kChain, Format::kText);
  model.facilities[0].daily_value = -1;
  model.supply_network->facilities[1].demand_per_day = std::nan("");
  const auto problems = scrisk::model::find_problems(model);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].path, "facilities[0].daily_value");
  EXPECT_EQ(problems[1].path, "supply_network.facilities[1].demand_per_day");
}

/// Suppliers a and b can each cover the plant's demand of 10 a day (5 a unit) alone; there
/// is no stock. Either alone out costs nothing; both out cost 50 a day of overlap.
constexpr const char* kAlternatives = R"(
facilities { id: "a" kind: SUPPLIER segment: UPSTREAM }
facilities { id: "b" kind: SUPPLIER segment: UPSTREAM }
facilities { id: "plant" kind: PLANT segment: OWN }
links { id: "a_truck" from: "a" to: "plant" mode: ROAD }
links { id: "b_truck" from: "b" to: "plant" mode: ROAD }
threats { id: "flood" category: NATURAL rate_per_year { fixed { value: 1 } } targets { facility: "a" } }
supply_network {
  facilities { facility: "a" capacity_per_day: 10 }
  facilities { facility: "b" capacity_per_day: 10 }
  facilities { facility: "plant" demand_per_day: 10 lost_sale_value_per_unit: 5 }
  links { link: "a_truck" }
  links { link: "b_truck" }
}
)";

TEST(NetworkPricing, AlternativeSuppliersCostOnlyWhileBothAreOut) {
  const scrisk::model::Model model = scrisk::io::parse(kAlternatives, Format::kText);
  const scrisk::analysis::NetworkLossModel network(model, *model.supply_network);
  const auto a = *network.find("a"), b = *network.find("b");
  const scrisk::analysis::JointCurves joint(network);
  scrisk::engine::detail::YearNetworkPricer pricer(joint);
  std::vector<double> shares(3);

  const scrisk::engine::detail::ElementOutage alone[] = {{a, 10, 20}};
  EXPECT_EQ(pricer.price(alone, std::span(shares).first(1)), 0);

  // a out on days 10-30, b on 20-25, and an event that failed in this state (no downtime).
  const scrisk::engine::detail::ElementOutage overlapping[] = {{a, 10, 20}, {b, 20, 5}, {b, 100, 0}};
  EXPECT_NEAR(pricer.price(overlapping, shares), 50 * 5, 1e-6);
  // Neither costs anything alone, so the 250 are split by downtime: 20 and 5 days.
  EXPECT_NEAR(shares[0], 200, 1e-6);
  EXPECT_NEAR(shares[1], 50, 1e-6);
  EXPECT_EQ(shares[2], 0);

  const scrisk::engine::detail::ElementOutage apart[] = {{a, 10, 5}, {b, 200, 30}};
  EXPECT_EQ(pricer.price(apart, std::span(shares).first(2)), 0);
}

/// Two threats with fixed consequences: ALEs rate x vulnerability x loss in closed form.
/// "theft" (2 attempts a year, 0.5 succeed, 100 each) strikes the supplier (UPSTREAM);
/// "spill" (1 a year, 300 each) strikes the truck, which counts in its from-facility's
/// segment (UPSTREAM too); "arson" (0.5 a year, 400) strikes the plant (OWN).
constexpr const char* kSegments = R"(
facilities { id: "supplier" kind: SUPPLIER segment: UPSTREAM }
facilities { id: "plant" kind: PLANT segment: OWN }
facilities { id: "shop" kind: CUSTOMER segment: DOWNSTREAM }
links { id: "truck" from: "supplier" to: "plant" mode: ROAD }
threats { id: "theft" category: PHYSICAL rate_per_year { fixed { value: 2 } } vulnerability: 0.5
          targets { facility: "supplier" } loss { fixed { value: 100 } } }
threats { id: "spill" category: OPERATIONAL rate_per_year { fixed { value: 1 } }
          targets { link: "truck" } loss { fixed { value: 300 } } }
threats { id: "arson" category: PHYSICAL rate_per_year { fixed { value: 0.5 } }
          targets { facility: "plant" } loss { fixed { value: 400 } } }
controls { id: "guard" status: PROPOSED applies_to { threat: "arson" } effectiveness: 1 }
)";

TEST(NetworkResults, RiskByTargetAndSegmentAddsUpTheRisks) {
  const scrisk::model::Model model = scrisk::io::parse(kSegments, Format::kText);
  const scrisk::assess::Assessment assessment = scrisk::assess::evaluate(model, run(model, 200'000));
  ASSERT_EQ(assessment.targets.size(), 4u);  // three facilities, then the link

  const int current = int(State::kCurrent), residual = int(State::kResidual);
  struct Expected {
    const char* id;
    double current_ale, residual_ale;
    int current_rank;
  };
  // Oracle: E[annual loss] = rate x vulnerability x loss; a guard stops every arson.
  const Expected expected[] = {{"supplier", 100, 100, 3}, {"plant", 200, 0, 2}, {"shop", 0, 0, 4}, {"truck", 300, 300, 1}};
  for (std::size_t t = 0; t < 4; ++t) {
    const auto& target = assessment.targets[t];
    SCOPED_TRACE(target.id);
    EXPECT_EQ(target.id, expected[t].id);
    EXPECT_EQ(target.is_link, t == 3);
    double stderr_current = 0;
    for (std::size_t r = 0; r < assessment.risks.size(); ++r)
      if (assessment.risks[r].target == target.id) stderr_current += assessment.risks[r][State::kCurrent].loss.ale_stderr;
    EXPECT_NEAR(target.ale[current], expected[t].current_ale, 5 * stderr_current + 1e-12);
    EXPECT_EQ(target.criticality_rank[current], expected[t].current_rank);
    EXPECT_NEAR(target.ale_share[current], target.ale[current] / assessment.total[State::kCurrent].loss.ale, 1e-12);
  }
  EXPECT_EQ(assessment.targets[1].ale[residual], 0);               // the guard stops every arson
  EXPECT_EQ(assessment.targets[1].criticality_rank[residual], 3);  // struck, no loss: before the shop
  EXPECT_EQ(assessment.targets[2].criticality_rank[residual], 4);

  ASSERT_EQ(assessment.segments.size(), 3u);
  EXPECT_EQ(assessment.segments[0].segment, scrisk::model::Segment::kUpstream);
  EXPECT_EQ(assessment.segments[0].ale[current], assessment.targets[0].ale[current] + assessment.targets[3].ale[current]);
  EXPECT_EQ(assessment.segments[1].ale[current], assessment.targets[1].ale[current]);
  EXPECT_EQ(assessment.segments[2].ale[current], 0);
  EXPECT_NEAR(assessment.segments[0].ale_share[residual] + assessment.segments[1].ale_share[residual], 1, 1e-12);
}

TEST(NetworkResults, JsonCarriesTargetsSegmentsAndSinglePointsOfFailure) {
  const scrisk::model::Model model = scrisk::io::parse(kChain, Format::kText);
  const auto json = nlohmann::json::parse(scrisk::report::to_json(scrisk::assess::evaluate(model, run(model, 1000)), 2));
  ASSERT_EQ(json.at("facilities").size(), 2u);
  ASSERT_EQ(json.at("links").size(), 1u);
  const auto& supplier = json.at("facilities")[0];
  EXPECT_EQ(supplier.at("id"), "supplier");
  EXPECT_EQ(supplier.at("segment"), "UPSTREAM");
  EXPECT_EQ(supplier.at("criticality_rank").at("current"), 1);
  EXPECT_NEAR(supplier.at("network").at("time_to_survive_days").get<double>(), 5, 1e-9);
  EXPECT_NEAR(supplier.at("network").at("typical_outage_loss").get<double>(), 150, 1e-6);
  EXPECT_TRUE(json.at("facilities")[1].at("network").at("cut_off_customers").empty());
  const auto& spof = json.at("single_points_of_failure");
  ASSERT_EQ(spof.size(), 2u);
  EXPECT_EQ(spof[0].at("element"), "supplier");
  EXPECT_EQ(spof[1].at("element"), "truck");
  EXPECT_EQ(json.at("segments")[0].at("segment"), "UPSTREAM");
}

}  // namespace
