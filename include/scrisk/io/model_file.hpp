// Reading and writing model files: Protobuf text format, JSON (the Protobuf JSON mapping)
// and binary, all with the schema in proto/scrisk/v1/model.proto.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "scrisk/model/model.hpp"

namespace scrisk::io {

enum class Format { kText, kJson, kBinary };

/// The largest model file load() reads (and the CLI reads from standard input): a file
/// behind which there is no end (/dev/zero) is refused at this size, not when memory runs out.
inline constexpr std::size_t kMaxModelFileBytes = std::size_t{64} << 20;

/// By extension: .json is JSON; .pb, .bin and .binpb are binary; anything else is text.
[[nodiscard]] Format format_of(const std::filesystem::path& path);

/// Parses and validates a model. Throws ModelError listing every problem, each with its
/// field path and, for text input, line:column. Never returns a half-loaded model.
[[nodiscard]] model::Model parse(std::string_view content, Format format, const std::string& source = "<input>");

/// Reads, parses and validates a model file (format chosen by format_of). Throws ModelError.
[[nodiscard]] model::Model load(const std::filesystem::path& path);

/// The model in the given format; parse() of the result gives back an equal model.
[[nodiscard]] std::string serialize(const model::Model& model, Format format);

/// Writes the model to `path` in the format chosen by format_of(path).
void save(const model::Model& model, const std::filesystem::path& path);

}  // namespace scrisk::io
