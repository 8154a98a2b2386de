// Errors that carry the path of every offending field.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace scrisk {

/// One problem found in a model, located by its field path
/// (for example `threats[0].rate_per_year.pert.low`) and, for text input, by line:column.
struct Problem {
  std::string path;     ///< field path in model-file syntax; empty for whole-file problems
  std::string message;  ///< what is wrong, with the offending value where there is one
  int line = 0;         ///< 1-based; 0 when unknown (JSON, binary, in-memory models)
  int column = 0;       ///< 1-based; 0 when unknown

  /// `source:line:column: path: message`, leaving out the parts that are unknown.
  [[nodiscard]] std::string to_string(const std::string& source = {}) const;
};

/// Thrown when a model cannot be loaded or is invalid. Lists every problem at once,
/// so a user fixes a file in one pass rather than one error per run.
class ModelError : public std::runtime_error {
 public:
  explicit ModelError(std::vector<Problem> problems, std::string source = {});

  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  std::vector<Problem> problems_;
  std::string source_;
};

/// Thrown by engine::run when its progress callback asked it to stop.
class RunCancelled : public std::runtime_error {
 public:
  RunCancelled() : std::runtime_error("run cancelled") {}
};

}  // namespace scrisk
