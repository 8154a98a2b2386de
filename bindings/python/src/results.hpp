// The Python-side results object: the engine's exact tallies, the model that produced them,
// and the assessment computed from them on first use.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "scrisk/assess/assessment.hpp"
#include "scrisk/engine/engine.hpp"
#include "scrisk/engine/results.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::python {

struct PyResults {
  engine::Results results;
  std::shared_ptr<const model::Model> model;
  /// The plan the results were run with, in this process: its network's loss curves are not
  /// solved again by the assessment. Empty for unpickled or loaded results.
  std::optional<engine::Plan> plan;

  /// evaluate(), computed once (thread-safe; callers release the GIL).
  const assess::Assessment& assessment() const;

 private:
  mutable std::once_flag once_;
  mutable std::optional<assess::Assessment> assessment_;
};

}  // namespace scrisk::python
