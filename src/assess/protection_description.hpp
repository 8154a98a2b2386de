// What the report says about physical protection: each protected facility's most
// vulnerable path, current and with its proposed upgrades.
#pragma once

#include <vector>

#include "scrisk/assess/assessment.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::assess::detail {

/// Per facility with a protection system, in model order: the path as modelled, and with the
/// upgrades of every PROPOSED control whose scope names the facility (in model order).
[[nodiscard]] std::vector<FacilityProtection> describe_protection(const model::Model& model);

}  // namespace scrisk::assess::detail
