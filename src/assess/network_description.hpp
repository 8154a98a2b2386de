// What the report says about the supply network: per element, its time to survive, loss
// curve, typical outage and whether it is a single point of failure.
#pragma once

#include <vector>

#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/assess/assessment.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::assess::detail {

/// One description per element of `network` (facilities, then links, in its order). Solves
/// the single-outage loss curves it needs, unless the network has them already (a Plan's).
[[nodiscard]] std::vector<NetworkElement> describe_network(const model::Model& model, const analysis::NetworkLossModel& network);

}  // namespace scrisk::assess::detail
