// Conversions between the Protobuf schema and model:: types (kept inside io/).
#pragma once

#include <vector>

#include "scrisk/core/error.hpp"
#include "scrisk/model/model.hpp"
#include "scrisk/v1/model.pb.h"

namespace scrisk::io::detail {

/// Converts what the schema cannot enforce by itself (e.g. a distribution with no kind
/// set) into problems, and returns the model as far as it could be read.
[[nodiscard]] model::Model from_proto(const v1::Model& message, std::vector<Problem>& problems);

[[nodiscard]] v1::Model to_proto(const model::Model& model);

}  // namespace scrisk::io::detail
