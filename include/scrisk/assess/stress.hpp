// The stress test of a written-down disruption scenario (Simchi-Levi's TTR/TTS stress test
// on any timeline): what given outages of the supply network cost, and where the loss falls.
#pragma once

#include <string>
#include <vector>

#include "scrisk/engine/engine.hpp"
#include "scrisk/model/model.hpp"
#include "scrisk/model/outage.hpp"

namespace scrisk::assess {

/// A customer's part of the scenario's lost sales.
struct StressCustomer {
  std::string facility;
  double lost_units = 0;
  double lost_sales = 0;  ///< lost_units times its lost_sale_value_per_unit
  friend bool operator==(const StressCustomer&, const StressCustomer&) = default;
};

/// A maximal run of outages that overlap or touch in time, priced on its own (each episode
/// starts with full inventories, as in the simulation).
struct StressEpisode {
  double start_day = 0, end_day = 0;
  std::vector<std::string> elements;  ///< out at some time during it, in network order
  double lost_sales = 0;
  friend bool operator==(const StressEpisode&, const StressEpisode&) = default;
};

struct StressTest {
  double lost_sales = 0;                  ///< the scenario's lost-sales value: the sum of its episodes'
  std::string method = "exact";           ///< the overlap rule that priced it (OverlapRule::kExact)
  std::string currency;                   ///< the model's
  std::vector<StressCustomer> customers;  ///< each that loses, in network order; they add up to lost_sales
  std::vector<StressEpisode> episodes;    ///< in time order
  friend bool operator==(const StressTest&, const StressTest&) = default;
};

/// Prices `outages` on the plan's supply network (its compiled curves), exactly: each episode
/// at the optimum of its LP, stocks carried from one interval of constant outage set to the
/// next (docs/network.md, "Exact prices"). Where several plans are optimal, the split among
/// customers is one of them. Throws ModelError (source "outages") listing every problem of
/// the outages (model::find_problems).
[[nodiscard]] StressTest stress(const engine::Plan& plan, const std::vector<model::Outage>& outages);

/// The same, compiling the model first (throws ModelError for an invalid model).
[[nodiscard]] StressTest stress(const model::Model& model, const std::vector<model::Outage>& outages);

}  // namespace scrisk::assess
