// Reading stress scenarios: the outages of proto/scrisk/v1/stress.proto, in Protobuf text
// format, JSON or binary, checked against the model whose network they disrupt.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "scrisk/io/model_file.hpp"
#include "scrisk/model/outage.hpp"

namespace scrisk::io {

/// The largest stress scenario read (kMaxListLength outages fit in far less).
inline constexpr std::size_t kMaxOutageFileBytes = std::size_t{16} << 20;

/// Parses a stress scenario and checks it against `model` (model::find_problems). Throws
/// ModelError listing every problem, each with its field path (`outages[1].element`) and,
/// for text and JSON, line:column. The outages come back in the file's order.
[[nodiscard]] std::vector<model::Outage> parse_outages(std::string_view content, Format format, const model::Model& model,
                                                       const std::string& source = "<input>");

/// Reads a stress scenario file (format chosen by format_of) and checks it. Throws ModelError.
[[nodiscard]] std::vector<model::Outage> load_outages(const std::filesystem::path& path, const model::Model& model);

}  // namespace scrisk::io
