// Where the command line's models come from: a file, or standard input for "-".
#pragma once

#include <string>

#include "scrisk/engine/engine.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::cli {

/// Loads and validates the model at `path` ("-": standard input, whose format is told from
/// its first bytes: '{' JSON, text format if it is UTF-8 text, else binary). Throws ModelError.
[[nodiscard]] model::Model load_model(const std::string& path);

/// Compiles a loaded model; problems that only compiling finds (a network that cannot meet
/// its demand) are reported against the file like loading problems.
[[nodiscard]] engine::Plan compile(const model::Model& model, const std::string& path);

/// The name problems and reports give the model at `path`.
[[nodiscard]] std::string source_name(const std::string& path);

}  // namespace scrisk::cli
