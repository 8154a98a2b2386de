// Runs the `scrisk` command (SCRISK_CLI) as a separate process, as a user would.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/scratch_dir.hpp"

namespace scrisk::testing {

/// Seconds any single CLI invocation may take before it counts as a hang.
constexpr int kTimeoutSeconds = 60;
constexpr int kTimedOut = 124;  // timeout(1)'s exit status

inline std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

struct Outcome {
  int exit_code = -1;  ///< kTimedOut when killed by the timeout; 128 + signal when killed by one
  std::string out;
  std::string err;
};

/// Runs `scrisk ARGS...` under timeout(1) with stdout and stderr captured in `scratch`.
inline Outcome scrisk_cli(const std::vector<std::string>& args, const ScratchDir& scratch, int timeout = kTimeoutSeconds,
                          const std::string& stdin_file = "/dev/null") {
  static int counter = 0;
  const std::string tag = std::to_string(++counter);
  const std::filesystem::path out = scratch.path() / ("stdout" + tag), err = scratch.path() / ("stderr" + tag);
  std::string command = "timeout -k 5 " + std::to_string(timeout) + " " + quote(SCRISK_CLI);
  for (const std::string& arg : args) command += " " + quote(arg);
  command += " <" + quote(stdin_file) + " >" + quote(out.string()) + " 2>" + quote(err.string());
  const int status = std::system(command.c_str());
  Outcome outcome;
  if (status != -1 && WIFEXITED(status))
    outcome.exit_code = WEXITSTATUS(status);
  else if (status != -1 && WIFSIGNALED(status))
    outcome.exit_code = 128 + WTERMSIG(status);
  outcome.out = read(out);
  outcome.err = read(err);
  return outcome;
}

inline std::string show(const Outcome& o) {
  return "exit " + std::to_string(o.exit_code) + "\n--- stdout ---\n" + o.out.substr(0, 2000) + "\n--- stderr ---\n" +
         o.err.substr(0, 2000);
}

}  // namespace scrisk::testing
