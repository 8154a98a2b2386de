// The one error model of the library: every exception that leaves it is a scrisk::Error, of
// one of the kinds below, each carrying its context as data (docs/architecture.md, "Errors").
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace scrisk {

/// Base of every exception the library throws. what() is one line (ModelError: one line per
/// problem) a program may print as it is.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One problem found in a model, located by its field path
/// (for example `threats[0].rate_per_year.pert.low`) and, where the input has positions, by
/// line:column.
struct Problem {
  std::string path;     ///< field path in model-file syntax; empty for whole-file problems
  std::string message;  ///< what is wrong, with the offending value where there is one
  int line = 0;         ///< 1-based; 0 when unknown (binary, in-memory models)
  int column = 0;       ///< 1-based; 0 when unknown

  /// `source:line:column: path: message`, leaving out the parts that are unknown.
  [[nodiscard]] std::string to_string(const std::string& source = {}) const;
  friend bool operator==(const Problem&, const Problem&) = default;
};

/// A model cannot be loaded or is invalid. Lists every problem at once, so a user fixes a
/// file in one pass rather than one error per run.
class ModelError : public Error {
 public:
  explicit ModelError(std::vector<Problem> problems, std::string source = {});

  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }
  /// The file (or "<input>") the problems are in; empty for models built in code.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  std::vector<Problem> problems_;
  std::string source_;
};

/// A bad argument to an API call or a command-line flag: `argument` names it.
class UsageError : public Error {
 public:
  UsageError(std::string argument, const std::string& message);
  [[nodiscard]] const std::string& argument() const noexcept { return argument_; }

 private:
  std::string argument_;
};

/// Results that do not belong together: merged or compared results of different models,
/// seeds or settings, or trial ranges that do not join.
class ResultsMismatch : public Error {
 public:
  using Error::Error;
};

/// A file cannot be read or written: `path` and the system's `reason` (or what is wrong with
/// its content, for a results file that is not one).
class IoError : public Error {
 public:
  IoError(std::string path, std::string reason);
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  std::string path_, reason_;
};

/// A long operation (a run, compiling a large model) was asked to stop and did.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

/// Where in scrisk's source an InternalError was raised (the file and line of the throw;
/// std::source_location would do, but clang 14, which builds the fuzzers, lacks it).
struct SourcePlace {
  const char* file = "";
  int line = 0;
};

/// A broken invariant: a bug in scrisk, never the fault of the input. Carries where it was
/// detected, for the bug report.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message, SourcePlace where = {__builtin_FILE(), __builtin_LINE()});
  [[nodiscard]] const SourcePlace& where() const noexcept { return where_; }

 private:
  SourcePlace where_;
};

/// The name of Cancelled before the error model; kept for code written against it.
using RunCancelled = Cancelled;

}  // namespace scrisk
