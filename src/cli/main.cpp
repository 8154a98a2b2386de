// The `scrisk` command: validate a model, or run it and report.
#include <CLI/CLI.hpp>

#include <cctype>
#include <charconv>
#include <fstream>
#include <iostream>

#include "cli/progress_bar.hpp"
#include "scrisk/assess/assessment.hpp"
#include "scrisk/engine/engine.hpp"
#include "scrisk/io/model_file.hpp"
#include "scrisk/report/report.hpp"
#include "scrisk/version.hpp"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

/// The plan of a loaded model: compiling finds what loading cannot (a supply network that
/// cannot meet its demand needs an LP), reported against the file like loading problems.
scrisk::engine::Plan compile_plan(const scrisk::model::Model& model, const std::string& path) {
  try {
    return scrisk::engine::Plan(model);
  } catch (const scrisk::ModelError& error) {
    throw scrisk::ModelError(error.problems(), path);
  }
}

void print_problems(const scrisk::ModelError& error) {
  std::cerr << "error: " << error.problems().size() << (error.problems().size() == 1 ? " problem" : " problems")
            << " in " << (error.source().empty() ? "the model" : error.source()) << '\n';
  for (const scrisk::Problem& problem : error.problems()) std::cerr << "  " << problem.to_string(error.source()) << '\n';
}

struct RunOptions {
  std::string model_path;
  std::uint64_t trials = 100'000;
  std::string seed = "1";
  int threads = 0;
  std::string out_path;
  std::string format;
  bool quiet = false;
};

/// CLI11 would clamp 2^64 to 2^64 - 1 and wrap -1: a seed must be exactly what was typed.
std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (error != std::errc() || end != text.data() + text.size() || text.empty())
    throw CLI::ValidationError("--seed", "must be an integer from 0 to 18446744073709551615, got \"" + text + "\"");
  return seed;
}

std::string choose_format(const RunOptions& options) {
  if (!options.format.empty()) return options.format;
  std::string extension = std::filesystem::path(options.out_path).extension().string();
  for (char& c : extension) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".json") return "json";
  if (extension == ".csv") return "csv";
  return "text";
}

std::string count_of(std::size_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

int run_model(const RunOptions& options) {
  const scrisk::model::Model model = scrisk::io::load(options.model_path);
  const scrisk::engine::Plan plan = compile_plan(model, options.model_path);
  // Open the output before simulating, so a bad path fails in a second, not after the run.
  const bool to_stdout = options.out_path.empty() || options.out_path == "-";
  std::ofstream out;
  if (!to_stdout) {
    out.open(options.out_path, std::ios::binary | std::ios::trunc);
    if (!out) {
      std::cerr << "error: cannot write " << options.out_path << '\n';
      return kExitFailure;
    }
  }
  scrisk::cli::ProgressBar bar;
  scrisk::engine::RunConfig config;
  config.trials = options.trials;
  config.seed = parse_seed(options.seed);
  config.threads = options.threads;
  if (bar.enabled() && !options.quiet)
    config.progress = [&bar](std::uint64_t done, std::uint64_t total) { return bar.update(done, total); };
  const scrisk::engine::Results results = scrisk::engine::run(plan, config);
  bar.finish();
  const scrisk::assess::Assessment assessment = scrisk::assess::evaluate(results, model.criteria);

  const std::string format = choose_format(options);
  std::string text;
  if (format == "json") text = scrisk::report::to_json(assessment);
  else if (format == "csv") text = scrisk::report::to_csv(assessment);
  else text = scrisk::report::to_text(assessment);

  if (to_stdout) {
    std::cout << text;
    return std::cout ? 0 : kExitFailure;
  }
  out << text;
  out.close();
  if (!out) {
    std::cerr << "error: cannot write " << options.out_path << '\n';
    return kExitFailure;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"scrisk: quantitative supply-chain security risk (ISO 28000 4.3.1)"};
  app.set_version_flag("--version", std::string(scrisk::kVersion));
  app.require_subcommand(1);

  std::string validate_path;
  CLI::App* validate = app.add_subcommand("validate", "Check a model file; exit 2 listing every problem");
  validate->add_option("MODEL", validate_path, "Model file (.textproto, .json, .pb)")->required();

  RunOptions options;
  CLI::App* run = app.add_subcommand("run", "Simulate a model and report its risks and control value");
  run->add_option("MODEL", options.model_path, "Model file (.textproto, .json, .pb)")->required();
  run->add_option("--trials,-n", options.trials, "Simulated years")->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))->capture_default_str();
  run->add_option("--seed,-s", options.seed, "Random seed (0 to 2^64-1): the same seed gives the same bits")
      ->capture_default_str()
      ->check([](const std::string& text) {
        try {
          (void)parse_seed(text);
          return std::string();
        } catch (const CLI::ValidationError& error) {
          return std::string(error.what());
        }
      });
  run->add_option("--threads,-j", options.threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096))->capture_default_str();
  run->add_option("--out,-o", options.out_path, "Write the report here instead of standard output");
  run->add_option("--format,-f", options.format, "Report format (default: from --out's extension, else text)")
      ->check(CLI::IsMember({"json", "csv", "text"}));
  run->add_flag("--quiet,-q", options.quiet, "No progress bar");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : kExitBadInput;
  }

  try {
    if (validate->parsed()) {
      const scrisk::model::Model model = scrisk::io::load(validate_path);
      (void)compile_plan(model, validate_path);
      std::cout << validate_path << ": valid (" << count_of(model.facilities.size(), "facility", "facilities") << ", "
                << count_of(model.links.size(), "link", "links") << ", " << count_of(model.threats.size(), "threat", "threats") << ", "
                << count_of(model.controls.size(), "control", "controls") << ")\n";
      return 0;
    }
    return run_model(options);
  } catch (const scrisk::ModelError& error) {
    print_problems(error);
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: not enough memory for " << options.trials
              << " trials (a run keeps 24 bytes per simulated year); use fewer --trials\n";
    return kExitFailure;
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << '\n';
    return kExitFailure;
  }
}
