// Whole-model validation: every problem at once, each with its field path.
#pragma once

#include <vector>

#include "scrisk/core/error.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::model {

/// Every problem in the model (dangling or duplicate ids, out-of-range numbers, NaN,
/// an empty model...), each with its field path. Empty when the model is valid.
[[nodiscard]] std::vector<Problem> find_problems(const Model& model);

/// Every problem of `network` against `model` (unknown or repeated ids, a link whose ends
/// have no flow data, negative or non-finite numbers, an input no link can bring, a link
/// bringing a product its facility does not use, a cycle of links, no demand at all),
/// with paths such as `supply_network.facilities[2].inventory_units`. find_problems(model)
/// includes these for the model's own supply_network.
[[nodiscard]] std::vector<Problem> find_problems(const Model& model, const SupplyNetwork& network);

/// Throws ModelError listing every problem when the model is invalid.
void validate(const Model& model);

}  // namespace scrisk::model
