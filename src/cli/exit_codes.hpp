// The `scrisk` command's exit codes (docs/cli.md, "Exit codes"): one per kind of error.
#pragma once

#include <exception>

namespace scrisk::cli {

enum ExitCode : int {
  kSuccess = 0,
  kFailure = 1,     ///< IoError: a file or standard output cannot be read or written
  kBadInput = 2,    ///< ModelError, UsageError (a bad flag or argument), ResultsMismatch
  kInternal = 3,    ///< InternalError: a bug in scrisk
  kCancelled = 130  ///< Cancelled: interrupted (Ctrl-C), as a shell reports SIGINT
};

/// Prints `error: ...` for the exception on standard error (every problem of a ModelError,
/// one per line) and returns its exit code.
[[nodiscard]] int report_failure(const std::exception_ptr& failure);

}  // namespace scrisk::cli
