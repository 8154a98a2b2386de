// Results files: a run's exact tallies and the model that produced them, in one versioned
// binary file that the CLI (`run --save`, `merge`, `report`), C++ and Python (pickle) share.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "scrisk/engine/results.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::io {

/// A saved run: what was simulated and what it measured.
struct SavedRun {
  model::Model model;
  engine::Results results;
};

/// The bytes of a results file: little-endian fixed-width fields after the magic
/// "SCRSKRES" and a format version; the model travels as its binary model file.
[[nodiscard]] std::string encode_results(const model::Model& model, const engine::Results& results);

/// Decodes encode_results()'s bytes, checking every length and that the tallies are those of
/// a run (counts within the years, histograms that add up, canonical exact sums). Throws
/// IoError naming `source` for anything else: a truncated or corrupted file, another format
/// version, an embedded model that does not load.
[[nodiscard]] SavedRun decode_results(std::string_view bytes, const std::string& source = "<results>");

/// Writes a results file atomically (AtomicFile). Throws IoError.
void save_results(const std::filesystem::path& path, const model::Model& model, const engine::Results& results);
/// Reads a results file. Throws IoError.
[[nodiscard]] SavedRun load_results(const std::filesystem::path& path);

/// Joins runs of one model over adjacent trial ranges (engine::merge) into the run of their
/// union. Throws ResultsMismatch when the models differ (even only in names or criteria),
/// or the seeds or settings, or the ranges do not join.
[[nodiscard]] SavedRun merge_runs(const std::vector<SavedRun>& parts);

}  // namespace scrisk::io
