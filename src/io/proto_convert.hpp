// Conversions between the Protobuf schema and model:: types (kept inside io/).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scrisk/core/error.hpp"
#include "scrisk/model/model.hpp"
#include "scrisk/v1/model.pb.h"

namespace scrisk::io::detail {

/// Converts what the schema cannot enforce by itself (e.g. a distribution with no kind
/// set) into problems, and returns the model as far as it could be read.
[[nodiscard]] model::Model from_proto(const v1::Model& message, std::vector<Problem>& problems);

/// Whether to_proto writes an optional field that holds its default (PERT's lambda of 4).
enum class DefaultValues {
  kOmitted,  ///< what files get: `pert { low: 1 mode: 2 high: 3 }`
  kWritten,  ///< every value, so that the message shows the defaults (schema_defaults())
};

[[nodiscard]] v1::Model to_proto(const model::Model& model, DefaultValues defaults = DefaultValues::kOmitted);

/// One distribution; problems (no kind set) under `path`.
[[nodiscard]] std::optional<Distribution> from_proto(const v1::Distribution& message, const std::string& path,
                                                     std::vector<Problem>& problems);

}  // namespace scrisk::io::detail
