// What the report says about the supply network: per element, its time to survive, loss
// curve, typical outage and whether it is a single point of failure.
#pragma once

#include <vector>

#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/engine/results.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::engine::detail {

/// One label per element of `network` (facilities, then links, in its order). Solves the
/// single-outage loss curves it needs (the network caches them for the simulation).
[[nodiscard]] std::vector<NetworkElementLabel> describe_network(const model::Model& model,
                                                                const analysis::NetworkLossModel& network);

}  // namespace scrisk::engine::detail
