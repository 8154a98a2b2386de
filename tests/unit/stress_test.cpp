// The stress test of a written-down scenario (assess::stress, io::parse_outages): its price
// against the independently written interval LP (tests/support), where its loss falls, and
// every problem of a bad scenario named by its field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "scrisk/assess/stress.hpp"
#include "scrisk/io/model_file.hpp"
#include "scrisk/io/outage_file.hpp"
#include "scrisk/report/report.hpp"
#include "support/model_builders.hpp"
#include "support/random_networks.hpp"
#include "support/reference_lps.hpp"

namespace {

using scrisk::ModelError;
using scrisk::assess::StressTest;
using scrisk::model::Outage;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kImporter = std::string(SCRISK_SOURCE_DIR) + "/examples/importer.textproto";

/// The outages on the timeline the reference LP reads: indices as NetworkLossModel's.
std::vector<scrisk::analysis::TimedOutage> timed(const scrisk::model::Model& model, const std::vector<Outage>& outages) {
  const scrisk::model::SupplyNetwork& network = *model.supply_network;
  std::vector<scrisk::analysis::TimedOutage> timeline;
  for (const Outage& outage : outages) {
    std::uint32_t index = 0;
    for (; index < network.facilities.size() && network.facilities[index].facility != outage.element; ++index) {
    }
    if (index == network.facilities.size())
      for (std::size_t l = 0; l < network.links.size(); ++l)
        if (network.links[l].link == outage.element) index = std::uint32_t(network.facilities.size() + l);
    timeline.push_back({index, outage.start_day, outage.start_day + outage.duration_days});
  }
  return timeline;
}

double customers_total(const StressTest& test) {
  double total = 0;
  for (const auto& customer : test.customers) total += customer.lost_sales;
  return total;
}

TEST(Stress, PricesTheImportersScenarioAsTheIndependentIntervalLp) {
  const scrisk::model::Model model = scrisk::io::load(kImporter);
  const std::vector<Outage> outages = {{"origin_port", 0, 12}, {"dest_port", 5, 20}, {"road_north", 60, 4}, {"factory", 61, 30}};
  const StressTest test = scrisk::assess::stress(model, outages);
  const double reference = scrisk::testing::episode_lp_lost_sales_value(model, *model.supply_network, timed(model, outages));
  EXPECT_NEAR(test.lost_sales, reference, 1e-6 * reference);
  EXPECT_GT(test.lost_sales, 0);
  EXPECT_EQ(test.method, "exact");
  EXPECT_EQ(test.currency, model.currency);
  ASSERT_EQ(test.episodes.size(), 2u);
  EXPECT_EQ(test.episodes[0].start_day, 0);
  EXPECT_EQ(test.episodes[0].end_day, 25);
  EXPECT_THAT(test.episodes[0].elements, ElementsAre("origin_port", "dest_port"));
  EXPECT_EQ(test.episodes[1].start_day, 60);
  EXPECT_EQ(test.episodes[1].end_day, 91);
  EXPECT_THAT(test.episodes[1].elements, ElementsAre("factory", "road_north"));
  EXPECT_NEAR(test.episodes[0].lost_sales + test.episodes[1].lost_sales, test.lost_sales, 1e-9 * test.lost_sales);
  EXPECT_NEAR(customers_total(test), test.lost_sales, 1e-6 * test.lost_sales);
  for (const auto& customer : test.customers) EXPECT_GT(customer.lost_units, 0) << customer.facility;
}

TEST(Stress, AgreesWithTheIntervalLpOnRandomNetworksWhateverTheListingOrder) {
  int losing = 0;  // scenarios that lose sales: the comparison is not of zeros
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const scrisk::testing::Net net = scrisk::testing::random_network(seed);
    scrisk::model::Model model = net.model;
    model.supply_network = net.network;
    // A model file always has a threat; the stress test looks only at the network.
    scrisk::model::Target struck;
    struck.facility = net.network.facilities[0].facility;
    model.threats.push_back(scrisk::testing::threat("storm", scrisk::Fixed{1}, 0.5, {struck}, scrisk::Fixed{1e3}));
    std::vector<Outage> outages;
    for (std::size_t i = 0; i < 5; ++i) {
      const auto& facility = net.network.facilities[(seed * 7 + i * 3) % net.network.facilities.size()];
      outages.push_back({facility.facility, double(i * 3 % 7), double(2 + (seed + i) % 9)});
    }
    const StressTest test = scrisk::assess::stress(model, outages);
    const double reference = scrisk::testing::episode_lp_lost_sales_value(model, net.network, timed(model, outages));
    EXPECT_NEAR(test.lost_sales, reference, 1e-6 * std::max(1.0, reference));
    EXPECT_NEAR(customers_total(test), test.lost_sales, 1e-6 * std::max(1.0, test.lost_sales));
    std::reverse(outages.begin(), outages.end());
    EXPECT_EQ(scrisk::assess::stress(model, outages).lost_sales, test.lost_sales);
    losing += reference > 0;
  }
  EXPECT_GE(losing, 4);
}

TEST(Stress, NamesTheFieldOfEveryProblem) {
  const scrisk::model::Model model = scrisk::io::load(kImporter);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<Outage> outages = {{"nowhere", 0, 1},   {"dc", -1, 1},       {"dc", nan, 1},
                                       {"dc", 0, INFINITY}, {"dc", 36'000, 600}, {"", 0, 1}};
  std::vector<std::string> paths;
  for (const auto& problem : scrisk::model::find_problems(model, outages)) paths.push_back(problem.path);
  EXPECT_THAT(paths, ElementsAre("outages[0].element", "outages[1].start_day", "outages[2].start_day", "outages[3].duration_days",
                                 "outages[4].duration_days", "outages[5].element"));
  EXPECT_THROW((void)scrisk::assess::stress(model, outages), ModelError);
  const auto empty = scrisk::model::find_problems(model, {});
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].path, "outages");
  scrisk::model::Model without_network = model;
  without_network.supply_network.reset();
  const auto no_network = scrisk::model::find_problems(without_network, {{"dc", 0, 1}});
  ASSERT_EQ(no_network.size(), 1u);
  EXPECT_THAT(no_network[0].message, HasSubstr("no supply_network"));
}

TEST(OutageFile, ReadsTextAndJsonAlikeAndLocatesEachProblem) {
  const scrisk::model::Model model = scrisk::io::load(kImporter);
  const auto text =
      scrisk::io::parse_outages("outages { element: \"dc\" start_day: 2 duration_days: 3 }", scrisk::io::Format::kText, model);
  const auto json = scrisk::io::parse_outages(R"({"outages": [{"element": "dc", "start_day": 2, "duration_days": 3}]})",
                                              scrisk::io::Format::kJson, model);
  EXPECT_EQ(text, json);
  EXPECT_EQ(text, (std::vector<Outage>{{"dc", 2, 3}}));
  try {
    (void)scrisk::io::parse_outages("outages { element: \"dc\" }\noutages {\n  element: \"gone\" duration_days: 1 }",
                                    scrisk::io::Format::kText, model, "s.textproto");
    FAIL() << "no ModelError";
  } catch (const ModelError& error) {
    ASSERT_EQ(error.problems().size(), 2u);
    EXPECT_EQ(error.problems()[0].path, "outages[0].duration_days");
    EXPECT_EQ(error.problems()[0].line, 1);
    EXPECT_EQ(error.problems()[1].path, "outages[1].element");
    EXPECT_EQ(error.problems()[1].line, 3);
    EXPECT_EQ(error.problems()[1].column, 3);
  }
  try {
    (void)scrisk::io::parse_outages(R"({"outages": [{"element": "dc", "days": 1}]})", scrisk::io::Format::kJson, model);
    FAIL() << "no ModelError";
  } catch (const ModelError& error) {
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].path, "outages[0].days");
    EXPECT_THAT(error.problems()[0].message, HasSubstr("unknown field"));
  }
}

TEST(Stress, JsonKeepsTheContractsKeysInOrder) {
  const scrisk::model::Model model = scrisk::io::load(kImporter);
  const StressTest test = scrisk::assess::stress(model, {{"origin_port", 0, 12}, {"dest_port", 5, 20}});
  const nlohmann::ordered_json out = nlohmann::ordered_json::parse(scrisk::report::to_json(test));
  std::vector<std::string> keys;
  for (const auto& item : out.items()) keys.push_back(item.key());
  EXPECT_THAT(keys, ElementsAre("lost_sales", "method", "currency", "customers", "episodes"));
  EXPECT_EQ(out["lost_sales"].get<double>(), test.lost_sales);
  EXPECT_EQ(out["method"], "exact");
  EXPECT_EQ(out["customers"][0].size(), 3u);
  EXPECT_TRUE(out["customers"][0].contains("facility") && out["customers"][0].contains("lost_units"));
  EXPECT_EQ(out["episodes"][0]["elements"], nlohmann::ordered_json::parse(R"(["origin_port", "dest_port"])"));
  EXPECT_THAT(scrisk::report::to_text(test), HasSubstr("origin_port, dest_port"));
}

}  // namespace
