// What a run simulates, as one number: merges and assessments refuse results of another.
#pragma once

#include <cstdint>

#include "engine/plan_data.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::engine::detail {

/// A hash (FNV-1a) of everything that decides a run's numbers: the risks' ids, every state's
/// and toggle's factors, the controls' ids and costs, the laws, the target weights, the
/// copulas, the network's single-outage loss curves and a non-default interaction scope.
[[nodiscard]] std::uint64_t fingerprint(const PlanData& plan, const model::Model& model);

}  // namespace scrisk::engine::detail
