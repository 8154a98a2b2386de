// The model-file schema for programs that read and write its messages by reflection instead
// of through model:: (the Python bindings build their model classes from it, so that a
// field added to proto/scrisk/v1/model.proto reaches Python without a Python edit). Bytes
// only: Protobuf's generated types stay inside the library.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scrisk/core/distribution.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::io {

/// proto/scrisk/v1/model.proto and every file it imports, dependencies first, as a
/// serialized google.protobuf.FileDescriptorSet: a DescriptorPool built from it reads and
/// writes the model file's messages (scrisk.v1.Model is the root).
[[nodiscard]] std::string schema_descriptor_set();

/// What a message of the schema holds when a model file leaves all of it out.
struct MessageDefaults {
  std::string message;  ///< its full name, e.g. "scrisk.v1.Threat"
  /// A binary message of that type: the element model:: makes of an empty message (the
  /// member initializers of model.hpp), written back with every value. A field it holds is
  /// one whose omission means that value (Threat.vulnerability 1, Model.criteria the
  /// default criteria); an optional field it lacks means "none" (Link.daily_value).
  std::string binary;
};

/// The defaults of every message a model can hold that converts to a model:: element of
/// its own; a message that does not convert when empty (Distribution: a kind must be set)
/// is left out.
[[nodiscard]] std::vector<MessageDefaults> schema_defaults();

/// A binary scrisk.v1.Model message converted to model:: as io::parse() does, with the size
/// bounds and conversion checks but without validation (a model being built may be
/// incomplete). Throws ModelError listing every problem.
[[nodiscard]] model::Model decode(std::string_view binary, const std::string& source = "");

/// A binary scrisk.v1.Distribution message converted; ModelError (with paths under `path`)
/// when it cannot be.
[[nodiscard]] Distribution decode_distribution(std::string_view binary, const std::string& path);

}  // namespace scrisk::io
