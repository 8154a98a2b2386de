// Bounds every model file must keep, checked on the Protobuf message by reflection, so that
// they hold for every field, present and future: text is UTF-8 and not too long, lists are
// not too long (model/limits.hpp); and numbers in one form whatever the file's format.
#pragma once

#include <google/protobuf/message.h>

#include <vector>

#include "scrisk/core/error.hpp"

namespace scrisk::io::detail {

/// Every string field that is not UTF-8 or is longer than kMaxTextBytes (kMaxIdBytes for
/// ids and references to them), and every repeated field longer than kMaxListLength, with
/// its field path.
[[nodiscard]] std::vector<Problem> find_bound_problems(const google::protobuf::Message& message);

/// Turns every -0 of a floating-point field into +0. The text and binary formats keep a
/// negative zero that the JSON format drops (proto3 omits a field equal to 0), so without
/// this a model would not come back the same through every format; no law depends on the
/// sign of a zero parameter.
void drop_negative_zeros(google::protobuf::Message& message);

}  // namespace scrisk::io::detail
