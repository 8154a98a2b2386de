// `scrisk run MODEL ...` and `scrisk report RESULTS ...`: simulate (or read a saved run),
// assess, render.
#include <atomic>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/model_input.hpp"
#include "cli/output.hpp"
#include "cli/progress_bar.hpp"
#include "scrisk/assess/assessment.hpp"
#include "scrisk/io/results_file.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::cli {
namespace {

std::string render(const assess::Assessment& assessment, const std::string& format) {
  if (format == "json") return report::to_json(assessment);
  if (format == "csv") return report::to_csv(assessment);
  return report::to_text(assessment);
}

engine::Results simulate(const engine::Plan& plan, const RunOptions& options) {
  ProgressBar bar;
  engine::RunConfig config;
  config.trials = options.trials;
  config.first_trial = options.first_trial;
  config.seed = options.seed;
  config.threads = options.threads;
  const bool show = bar.enabled() && !options.quiet;
  // Called about ten times a second: draws the bar, and stops the run on Ctrl-C.
  config.progress = [&bar, show](std::uint64_t done, std::uint64_t total) {
    if (show) bar.update(done, total);
    return !interrupted();
  };
  engine::Results results = engine::run(plan, config);
  bar.finish();
  return results;
}

}  // namespace

int run_command(const RunOptions& options) {
  const model::Model model = load_model(options.model_path);
  const engine::Plan plan = compile(model, options.model_path);
  // Opened before simulating, so a bad path fails in a second, not after the run.
  Output out(options.report.out_path, "--out", {options.model_path, options.save_path});
  std::optional<io::AtomicFile> saved;
  if (!options.save_path.empty()) {
    if (is_same_file(options.save_path, options.model_path))
      throw UsageError("--save", "\"" + options.save_path + "\" is the model file; it would be overwritten");
    saved.emplace(options.save_path);
  }
  const engine::Results results = simulate(plan, options);
  if (saved) {
    saved->write(io::encode_results(model, results));
    saved->commit();
  }
  out.write(render(assess::evaluate(plan, results), choose_format(options.report.format, options.report.out_path)));
  return 0;
}

int report_command(const RerenderOptions& options) {
  io::SavedRun saved = io::load_results(options.results_path);
  Output out(options.report.out_path, "--out", {options.results_path, options.model_path});
  const std::string format = choose_format(options.report.format, options.report.out_path);
  if (options.model_path.empty()) {
    out.write(render(assess::evaluate(saved.model, saved.results), format));
    return 0;
  }
  // Another copy of the model (edited names or criteria, say): it must simulate the same.
  const model::Model model = load_model(options.model_path);
  out.write(render(assess::evaluate(compile(model, options.model_path), saved.results), format));
  return 0;
}

}  // namespace scrisk::cli
