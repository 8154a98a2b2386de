// A bad supply network is refused with one problem per fault, each naming its field.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "scrisk/analysis/joint_curves.hpp"
#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/model/supply_network.hpp"
#include "scrisk/model/validate.hpp"
#include "support/model_builders.hpp"
#include "support/reference_lps.hpp"
#include "support/test_networks.hpp"

namespace {

using scrisk::analysis::NetworkLossModel;
using scrisk::testing::at;
using scrisk::testing::bill_of_materials;
using scrisk::testing::chain;
using scrisk::testing::kInf;
using scrisk::testing::Net;
using scrisk::testing::two_suppliers;
using ::testing::HasSubstr;

std::vector<scrisk::Problem> problems(const Net& net) {
  auto found = scrisk::model::find_problems(net.model, net.network);
  try {
    const NetworkLossModel model(net.model, net.network);
    ADD_FAILURE() << "NetworkLossModel accepted a bad network";
  } catch (const scrisk::ModelError& error) {
    EXPECT_EQ(error.problems().size(), found.size());
  }
  return found;
}

bool has(const std::vector<scrisk::Problem>& list, const std::string& path, const std::string& message) {
  for (const auto& problem : list)
    if (problem.path == path && problem.message.find(message) != std::string::npos) return true;
  std::string all;
  for (const auto& problem : list) all += "\n  " + problem.path + ": " + problem.message;
  ADD_FAILURE() << "no problem " << path << ": " << message << " among" << all;
  return false;
}

TEST(NetworkLoss, BadInputNamesTheField) {
  {
    Net net = two_suppliers();
    net.flow("P").inventory_units = -5;
    net.flow("A").capacity_per_day = std::nan("");
    net.flow("D").lost_sale_value_per_unit = kInf;
    net.network.links[1].capacity_per_day = -1;
    const auto list = problems(net);
    EXPECT_TRUE(has(list, "supply_network.facilities[2].inventory_units", "must be >= 0, got -5"));
    EXPECT_TRUE(has(list, "supply_network.facilities[0].capacity_per_day", "finite"));
    EXPECT_TRUE(has(list, "supply_network.facilities[3].lost_sale_value_per_unit", "finite"));
    EXPECT_TRUE(has(list, "supply_network.links[1].capacity_per_day", "must be >= 0"));
  }
  {
    Net net = two_suppliers();
    net.network.facilities[1].facility = "nowhere";
    net.network.facilities.push_back(net.network.facilities[0]);
    net.network.links[2].link = "A";
    const auto list = problems(net);
    EXPECT_TRUE(has(list, "supply_network.facilities[1].facility", "unknown facility id \"nowhere\""));
    EXPECT_TRUE(has(list, "supply_network.facilities[4].facility", "duplicate"));
    EXPECT_TRUE(has(list, "supply_network.links[1].link", "starts at facility \"B\", which has no entry"));
    EXPECT_TRUE(has(list, "supply_network.links[2].link", "\"A\" is a facility, not a link"));
  }
  {
    Net net = bill_of_materials();
    net.flow("P").inputs[0].quantity_per_unit = 0;
    net.flow("P").inputs.push_back({"Z", 1, 0});
    net.flow("SY").product = "W";
    const auto list = problems(net);
    EXPECT_TRUE(
        has(list, "supply_network.facilities[3].inputs[0].quantity_per_unit", "must be a number in [1e-06, 1e+06], got 0"));
    EXPECT_TRUE(has(list, "supply_network.facilities[3].inputs[2].product", "unknown product \"Z\""));
    EXPECT_TRUE(has(list, "supply_network.facilities[3].inputs[1].product", "unknown product \"Y\""));
    EXPECT_TRUE(has(list, "supply_network.links[2].link", "brings product \"W\""));
  }
  {
    Net net = bill_of_materials();
    net.network.links.pop_back();  // sy_p: SY still makes Y, nothing carries it to P
    EXPECT_TRUE(
        has(problems(net), "supply_network.facilities[3].inputs[1].product", "no link of supply_network brings \"Y\" to \"P\""));
  }
  {
    Net net = chain();
    net.link("c_s", "C", "S");
    const auto list = problems(net);
    EXPECT_TRUE(has(list, "supply_network.links[2].link", "closes a cycle of goods flow (S -> P -> C -> S)"));
  }
  {
    Net net = chain();
    net.flow("C").demand_per_day = 0;
    EXPECT_TRUE(has(problems(net), "supply_network.facilities", "no facility has demand_per_day > 0"));
  }
  {
    Net net = chain();  // 80/day demanded, 60/day makeable: every outage would carry 20/day
    net.flow("S").capacity_per_day = 60;
    try {
      const NetworkLossModel model(net.model, net.network);
      ADD_FAILURE() << "accepted a network that cannot meet demand";
    } catch (const scrisk::ModelError& error) {
      ASSERT_EQ(error.problems().size(), 1u);
      EXPECT_EQ(error.problems()[0].path, "supply_network");
      EXPECT_THAT(error.problems()[0].message, HasSubstr("C short by 20 units/day"));
    }
  }
}

}  // namespace
