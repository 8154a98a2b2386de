// Random supply networks for the tests that compare the pricer with independent LPs.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "support/test_networks.hpp"

namespace scrisk::testing {

/// A random acyclic five-tier network: raw suppliers (3 materials) -> component makers (a
/// bill of materials of 1-2 materials, each from 1-3 suppliers) -> plants (a bill of
/// materials of 1-2 components, each from 1-2 makers) -> DCs (1-2 plants) -> customers
/// (1-2 DCs). Capacities are sized from the demand with 0-60 % slack (some exactly tight,
/// where LPs are degenerate), a third of the links are capped, stocks at random.
inline Net random_network(std::uint64_t seed) {
  std::mt19937_64 random(seed);
  auto uniform = [&](double low, double high) { return std::uniform_real_distribution<double>(low, high)(random); };
  auto count = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
  struct Plan {
    std::string id, product;
    double rate = 0;                                     // units/day it supplies in the undisrupted plan
    std::vector<std::pair<std::string, double>> inputs;  // (product, quantity)
  };
  std::vector<std::vector<Plan>> tiers(5);
  const int sizes[5] = {count(5, 8), count(3, 5), count(2, 4), count(2, 4), count(3, 6)};
  const char* names[5] = {"raw", "comp", "plant", "dc", "cust"};
  for (int tier = 0; tier < 5; ++tier)
    for (int i = 0; i < sizes[tier]; ++i) {
      Plan plan;
      plan.id = std::string(names[tier]) + std::to_string(i);
      plan.product = tier == 0 ? "m" + std::to_string(i % 3) : tier == 1 ? "c" + std::to_string(i % 2) : plan.id;
      tiers[static_cast<std::size_t>(tier)].push_back(plan);
    }
  struct Flow {
    std::string from, to;
    double rate;
  };
  std::vector<Flow> flows;
  auto pick = [&](std::vector<Plan*> pool, std::size_t k) {
    std::shuffle(pool.begin(), pool.end(), random);
    pool.resize(std::min(k, pool.size()));
    return pool;
  };
  auto source = [&](Plan& to, std::vector<Plan*> pool, double needed, int low, int high) {
    const auto chosen = pick(std::move(pool), static_cast<std::size_t>(count(low, high)));
    for (Plan* from : chosen) {
      from->rate += needed / static_cast<double>(chosen.size());
      flows.push_back({from->id, to.id, needed / static_cast<double>(chosen.size())});
    }
  };
  auto of_product = [&](std::size_t tier, const std::string& product) {
    std::vector<Plan*> pool;
    for (Plan& plan : tiers[tier])
      if (plan.product == product) pool.push_back(&plan);
    return pool;
  };
  auto all_of = [&](std::size_t tier) {
    std::vector<Plan*> pool;
    for (Plan& plan : tiers[tier]) pool.push_back(&plan);
    return pool;
  };
  for (Plan& customer : tiers[4]) {
    customer.rate = std::round(uniform(5, 40));
    source(customer, all_of(3), customer.rate, 1, 2);
  }
  for (Plan& dc : tiers[3]) source(dc, all_of(2), dc.rate, 1, 2);
  for (std::size_t tier : {2u, 1u}) {
    const std::vector<std::string> products =
        tier == 2 ? std::vector<std::string>{"c0", "c1"} : std::vector<std::string>{"m0", "m1", "m2"};
    for (Plan& maker : tiers[tier]) {
      std::vector<std::string> chosen = products;
      std::shuffle(chosen.begin(), chosen.end(), random);
      chosen.resize(static_cast<std::size_t>(count(1, 2)));
      for (const std::string& product : chosen) {
        const double quantity = std::round(uniform(1, 3));
        maker.inputs.push_back({product, quantity});
        source(maker, of_product(tier - 1, product), quantity * maker.rate, 1, tier == 2 ? 2 : 3);
      }
    }
  }
  Net net;
  for (std::size_t tier = 0; tier < 5; ++tier)
    for (const Plan& plan : tiers[tier]) {
      // Exactly tight capacity now and then: degenerate LPs, where duals are not unique.
      const double slack = random() % 4 == 0 ? 1.0 : uniform(1.0, 1.6);
      const bool customer = tier == 4;
      net.node(plan.id, customer ? std::optional<double>() : std::optional<double>(std::max(plan.rate, 1.0) * slack),
               random() % 2 == 0 ? std::round(plan.rate * uniform(0, 4)) : 0, customer ? plan.rate : 0,
               customer ? std::round(uniform(1, 20)) : 0, plan.product);
      for (const auto& [product, quantity] : plan.inputs)
        net.input(plan.id, product, quantity, random() % 2 == 0 ? std::round(quantity * plan.rate * uniform(0, 3)) : 0);
    }
  for (std::size_t i = 0; i < flows.size(); ++i) {
    const Flow& flow = flows[i];
    std::optional<double> capacity;
    if (random() % 3 == 0) capacity = flow.rate * uniform(1.0, 2.0);
    net.link("l" + std::to_string(i), flow.from, flow.to, capacity);
  }
  return net;
}

}  // namespace scrisk::testing
