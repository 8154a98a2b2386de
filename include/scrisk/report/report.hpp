// Renderers of an assessment: JSON (the results contract), CSV and a readable text summary;
// of a stress test; and of a model's problems, as `scrisk validate` prints them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "scrisk/assess/assessment.hpp"
#include "scrisk/assess/stress.hpp"
#include "scrisk/core/error.hpp"

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

/// The stress test's JSON (docs/stress.md): lost_sales, method, currency, customers
/// [{facility, lost_sales, lost_units}], episodes [{start_day, end_day, elements, lost_sales}].
[[nodiscard]] std::string to_json(const assess::StressTest& test, int indent = 2);

/// The stress test for people: the total, each episode, the customers that lose.
[[nodiscard]] std::string to_text(const assess::StressTest& test);

/// `error: N problems in SOURCE` and one indented line per problem
/// (`source:line:column: field: message`), control characters escaped.
[[nodiscard]] std::string problems_to_text(const ModelError& error);

/// `{"valid": bool, "problems": [{"file", "line", "column", "field", "message"}]}`, line and
/// column null when unknown, file null for a model built in code; valid is true when there
/// are no problems.
[[nodiscard]] std::string problems_to_json(const ModelError& error);

/// `text` safe to show on a terminal: control characters (C0, DEL, C1) as \xNN and bytes
/// that are not UTF-8 as \xNN, so that a model's ids cannot drive the terminal.
[[nodiscard]] std::string printable(std::string_view text);

}  // namespace scrisk::report
