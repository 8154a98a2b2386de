// Risk by target and by segment: sums of the per-risk ALEs, shares and ranks.
#pragma once

#include "scrisk/assess/assessment.hpp"

namespace scrisk::assess::detail {

/// Fills assessment.targets and assessment.segments from its risks (already evaluated)
/// and the results' target and network labels.
void assess_targets(const engine::Results& results, Assessment& assessment);

}  // namespace scrisk::assess::detail
