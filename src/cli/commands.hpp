// The subcommands of `scrisk`, each a function from its parsed options to an exit code.
// They throw scrisk::Error on failure; main() turns it into a message and an exit code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace scrisk::cli {

struct ValidateOptions {
  std::string model_path;  ///< "-": standard input
  std::string format = "text";
};

struct ReportOptions {
  std::string out_path;  ///< empty or "-": standard output
  std::string format;    ///< empty: from out_path's extension, else text
};

struct RunOptions {
  std::string model_path;
  std::uint64_t trials = 100'000;
  std::uint64_t first_trial = 0;
  std::uint64_t seed = 1;
  int threads = 0;
  std::string save_path;  ///< empty: no results file
  ReportOptions report;
  bool quiet = false;
};

struct MergeOptions {
  std::vector<std::string> parts;
  std::string out_path;
};

struct RerenderOptions {
  std::string results_path;
  std::string model_path;  ///< empty: the model inside the results file
  ReportOptions report;
};

struct StressOptions {
  std::string model_path;
  std::string outages_path;
  ReportOptions report;  ///< json or text
};

int validate_command(const ValidateOptions& options);
int run_command(const RunOptions& options);
int merge_command(const MergeOptions& options);
int report_command(const RerenderOptions& options);
int stress_command(const StressOptions& options);

}  // namespace scrisk::cli
