// The Python-side results object: the engine's exact tallies, the model's criteria, and the
// assessment computed from them on first use.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "scrisk/assess/assessment.hpp"
#include "scrisk/engine/results.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::python {

struct PyResults {
  engine::Results results;
  model::Criteria criteria;

  /// evaluate(results, criteria), computed once (thread-safe; callers release the GIL).
  const assess::Assessment& assessment() const;

 private:
  mutable std::once_flag once_;
  mutable std::optional<assess::Assessment> assessment_;
};

/// A versioned binary image of results and criteria (pickle state): exact, so unpickled
/// results merge and report to the same bits.
[[nodiscard]] std::string encode(const PyResults& results);
/// Throws std::invalid_argument on anything but encode()'s output.
[[nodiscard]] std::shared_ptr<PyResults> decode(const std::string& bytes);

[[nodiscard]] bool same_criteria(const model::Criteria& a, const model::Criteria& b);

}  // namespace scrisk::python
