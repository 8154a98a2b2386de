// Bounds every model file must keep, checked on the Protobuf message by reflection, so that
// they hold for every field, present and future: text is UTF-8 and not too long, lists are
// not too long (model/limits.hpp).
#pragma once

#include <google/protobuf/message.h>

#include <vector>

#include "scrisk/core/error.hpp"

namespace scrisk::io::detail {

/// Every string field that is not UTF-8 or is longer than kMaxTextBytes (kMaxIdBytes for
/// ids and references to them), and every repeated field longer than kMaxListLength, with
/// its field path.
[[nodiscard]] std::vector<Problem> find_bound_problems(const google::protobuf::Message& message);

}  // namespace scrisk::io::detail
