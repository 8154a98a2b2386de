// Exact references for outages on a timeline, written for the tests from the model types
// alone (not from the library's LP assembly): the multi-period flow LP of docs/network.md.
#pragma once

#include <span>
#include <vector>

#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::testing {

/// The exact value of the flow model for outages on a timeline: one LP with a period per
/// interval of constant outage set (from the first start to the last end, gaps included),
/// inventories carried between periods. Within a period rates are constant, so spreading
/// its aggregate plan evenly is feasible: no finer grid can do better. Elements are indexed
/// as analysis::NetworkLossModel indexes them (network facilities, then network links).
[[nodiscard]] double interval_lp_lost_sales_value(const model::Model& model, const model::SupplyNetwork& network,
                                                  std::span<const analysis::TimedOutage> outages);

/// The reference under the documented stock rule: each episode (a maximal run of outages
/// that overlap or touch) starts with full stock, so the interval LP is solved per episode.
/// Outages of no length are left out.
[[nodiscard]] double episode_lp_lost_sales_value(const model::Model& model, const model::SupplyNetwork& network,
                                                 std::vector<analysis::TimedOutage> outages);

/// The time-expanded LP over days [0, ceil(horizon_days)), each day a period, inventories
/// carried between days (and refilled up to their initial level when capacity allows),
/// starting full. A day partly out has its capacity (and the flows touching that element)
/// in proportion to its time up.
[[nodiscard]] double time_expanded_lost_sales_value(const model::Model& model, const model::SupplyNetwork& network,
                                                    std::span<const analysis::TimedOutage> outages, double horizon_days);

}  // namespace scrisk::testing
