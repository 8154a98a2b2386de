// Risk by target and by segment: sums of the per-risk ALEs, shares and ranks.
#pragma once

#include "scrisk/assess/assessment.hpp"

namespace scrisk::assess::detail {

/// Fills assessment.targets (every facility, then every link, of the model) and
/// assessment.segments from its risks (already evaluated) and the network's descriptions.
void assess_targets(const model::Model& model, std::vector<NetworkElement> network, Assessment& assessment);

}  // namespace scrisk::assess::detail
