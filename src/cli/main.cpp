// The `scrisk` command: validate a model; run it and report; merge and re-report saved runs;
// stress-test a disruption scenario.
#include <CLI/CLI.hpp>

#include <charconv>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/version.hpp"

namespace {

using namespace scrisk::cli;

/// A whole number in [low, high] from the text after `flag`, with a message that says what
/// is wrong (CLI11's own says "not in range" of "1e6").
std::uint64_t whole_number(const std::string& flag, const std::string& text, std::uint64_t low, std::uint64_t high) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool parsed = error == std::errc() && end == text.data() + text.size() && !text.empty();
  if (parsed && value >= low && value <= high) return value;
  std::string why =
      "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) + ", got \"" + text + "\"";
  if (!parsed && text.find_first_of(".eE") != std::string::npos)
    why += " (write it out in digits, e.g. 1000000)";
  else if (!parsed && !text.empty() && text[0] == '-')
    why += " (it cannot be negative)";
  throw scrisk::UsageError(flag, why);
}

struct RawRun {
  std::string trials = "100000", first_trial = "0", seed = "1";
};

void add_report_options(CLI::App* command, ReportOptions& report) {
  command->add_option("--out,-o", report.out_path, "Write the report here (whole or not at all) instead of standard output");
  command->add_option("--format,-f", report.format, "Report format (default: from --out's extension, else text)")
      ->check(CLI::IsMember({"json", "csv", "text"}));
}

CLI::App* add_run(CLI::App& app, RunOptions& options, RawRun& raw) {
  CLI::App* run = app.add_subcommand("run", "Simulate a model and report its risks and control value");
  run->add_option("MODEL", options.model_path, "Model file (.textproto, .json, .pb; - for standard input)")->required();
  run->add_option("--trials,-n", raw.trials, "Simulated years (1 to 2^40)")->capture_default_str();
  run->add_option("--first-trial", raw.first_trial,
                  "Index of the first simulated year: runs of adjacent ranges merge into the bits of one")
      ->capture_default_str();
  run->add_option("--seed,-s", raw.seed, "Random seed (0 to 2^64-1): the same seed gives the same bits")->capture_default_str();
  run->add_option("--threads,-j", options.threads, "Worker threads (0: all cores)")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  run->add_option("--save", options.save_path, "Also write the results file here (for merge and report)");
  add_report_options(run, options.report);
  run->add_flag("--quiet,-q", options.quiet, "No progress bar");
  return run;
}

void finish_run_options(RunOptions& options, const RawRun& raw) {
  options.trials = whole_number("--trials", raw.trials, 1, std::uint64_t{1} << 40);
  options.first_trial = whole_number("--first-trial", raw.first_trial, 0, UINT64_MAX - options.trials);
  options.seed = whole_number("--seed", raw.seed, 0, UINT64_MAX);
}

CLI::App* add_stress(CLI::App& app, StressOptions& options) {
  CLI::App* stress = app.add_subcommand("stress", "Price a disruption scenario (outages on a timeline) on the supply network");
  stress->add_option("MODEL", options.model_path, "Model file (.textproto, .json, .pb; - for standard input)")->required();
  stress
      ->add_option("--outages", options.outages_path,
                   "The scenario: outages {element, start_day, duration_days} (.textproto, .json, .pb)")
      ->required();
  stress->add_option("--out,-o", options.report.out_path, "Write the report here (whole or not at all)");
  stress->add_option("--format,-f", options.report.format, "Report format (default: from --out's extension, else text)")
      ->check(CLI::IsMember({"json", "text"}));
  return stress;
}

int dispatch(int argc, char** argv) {
  CLI::App app{"scrisk: quantitative supply-chain security risk (ISO 28000 4.3.1)"};
  app.set_version_flag("--version", std::string(scrisk::kVersion));
  app.require_subcommand(1);

  ValidateOptions validate_options;
  CLI::App* validate = app.add_subcommand("validate", "Check a model file; exit 2 listing every problem");
  validate->add_option("MODEL", validate_options.model_path, "Model file (.textproto, .json, .pb; - for standard input)")
      ->required();
  validate->add_option("--format,-f", validate_options.format, "text, or json for editors and scripts")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();

  RunOptions run_options;
  RawRun raw_run;
  CLI::App* run = add_run(app, run_options, raw_run);

  MergeOptions merge_options;
  CLI::App* merge = app.add_subcommand("merge", "Join results files of adjacent trial ranges into one");
  merge->add_option("RESULTS", merge_options.parts, "Results files (from run --save)")->required();
  merge->add_option("--out,-o", merge_options.out_path, "The merged results file")->required();

  RerenderOptions report_options;
  CLI::App* report = app.add_subcommand("report", "Report a saved run again, without simulating");
  report->add_option("RESULTS", report_options.results_path, "Results file (from run --save or merge)")->required();
  report->add_option("--model", report_options.model_path,
                     "Report with this copy of the model (it must simulate the same; default: the one saved)");
  add_report_options(report, report_options.report);

  StressOptions stress_options;
  CLI::App* stress = add_stress(app, stress_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kSuccess : kBadInput;
  }
  if (validate->parsed()) return validate_command(validate_options);
  if (merge->parsed()) return merge_command(merge_options);
  if (report->parsed()) return report_command(report_options);
  if (stress->parsed()) return stress_command(stress_options);
  if (run->parsed()) {
    finish_run_options(run_options, raw_run);
    return run_command(run_options);
  }
  return kBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  catch_interrupts();
  try {
    return dispatch(argc, argv);
  } catch (...) {
    return report_failure(std::current_exception());
  }
}
