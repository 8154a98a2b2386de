// Whole-model validation: every problem at once, each with its field path.
#pragma once

#include <vector>

#include "scrisk/core/error.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::model {

/// Every problem in the model (dangling or duplicate ids, out-of-range numbers, NaN,
/// an empty model...), each with its field path. Empty when the model is valid.
[[nodiscard]] std::vector<Problem> find_problems(const Model& model);

/// Throws ModelError listing every problem when the model is invalid.
void validate(const Model& model);

}  // namespace scrisk::model
