// Renderers of an assessment: JSON (the results contract), CSV and a readable text summary.
#pragma once

#include <cstddef>
#include <string>

#include "scrisk/assess/assessment.hpp"

namespace scrisk::report {

/// The JSON results contract (docs/cli.md): top-level trials, seed, currency, total,
/// risks, controls. Keys may be added over time, never renamed.
[[nodiscard]] std::string to_json(const assess::Assessment& assessment, int indent = 2);

/// One row per (risk, state) plus the total's rows (threat "TOTAL"), with a header line.
[[nodiscard]] std::string to_csv(const assess::Assessment& assessment);

struct TextOptions {
  std::size_t top_risks = 10;  ///< how many risks the summary lists
};

/// A summary for people: totals per state, the top risks, control value.
[[nodiscard]] std::string to_text(const assess::Assessment& assessment, const TextOptions& options = {});

}  // namespace scrisk::report
