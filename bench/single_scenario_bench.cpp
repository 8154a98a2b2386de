// Speed of one FAIR-style scenario: the cargo_theft threat of examples/minimal.textproto
// against its `truck` link alone, with both its controls (so current and residual states are
// computed). In one run, side by side:
//
//   numpy            the same model in vectorised numpy (bench/baselines/single_scenario_numpy.py,
//                    run by /usr/bin/python3 as a subprocess; it times itself without start-up)
//   engine           engine::run + assess::evaluate (the summary numpy also computes), 1 and 2 threads
//   engine_run       engine::run alone, 1 and 2 threads
//   draw_only        the engine's chunk kernel making the same draws (stage (a) without pricing), nothing done with them
//   bits_only        as many Philox4x32 blocks as the draws take, not turned into distributions
//   draw/*           each kind of draw alone (ns per value, in batches), for a per-year budget of the draws
//
// and, at the end, the ratios. The draw-only kernel also runs on 2 threads with nothing shared:
// its speed-up is the most this machine gives (its 2 vCPUs need not be 2 idle cores).
// Settings: SCRISK_BENCH_YEARS (default 1e6 years a run), SCRISK_BENCH_REPS (default 7
// repetitions, medians reported), SCRISK_BENCH_PYTHON.
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "bench_common.hpp"
#include "engine/simd/kernel_loops.hpp"
#include "scrisk/scrisk.hpp"

namespace scrisk::bench {
namespace {

std::uint64_t years() {
  static const std::uint64_t value = env_count("SCRISK_BENCH_YEARS", 1'000'000);
  return value;
}
int repetitions() {
  static const int value = int(env_count("SCRISK_BENCH_REPS", 7));
  return value;
}
std::string python() {
  const char* text = std::getenv("SCRISK_BENCH_PYTHON");
  return text != nullptr && *text != '\0' ? text : SCRISK_PYTHON;
}
constexpr std::uint64_t kSeed = 20240611;

/// examples/minimal.textproto with the cargo_theft threat's truck target only.
model::Model single_scenario_model() {
  model::Model model = io::load(SCRISK_SOURCE_DIR "/examples/minimal.textproto");
  if (model.threats.size() != 1 || model.threats[0].id != "cargo_theft")
    throw std::runtime_error("examples/minimal.textproto no longer has the cargo_theft threat alone");
  auto& targets = model.threats[0].targets;
  std::erase_if(targets, [](const model::Target& target) { return target.link != "truck"; });
  if (targets.size() != 1 || model.controls.size() != 2)
    throw std::runtime_error("examples/minimal.textproto: expected a truck target and two controls");
  model::validate(model);
  return model;
}

const model::Model& scenario() {
  static const model::Model model = single_scenario_model();
  return model;
}
const engine::Plan& plan() {
  static const engine::Plan value(scenario());
  return value;
}

void set_years_rate(benchmark::State& state) {
  state.counters["years/s"] = benchmark::Counter(double(years()), benchmark::Counter::kIsIterationInvariantRate);
}

assess::Assessment run_and_evaluate(int threads) {
  engine::RunConfig config;
  config.trials = years();
  config.seed = kSeed;
  config.threads = threads;
  const engine::Results results = engine::run(plan(), config);
  // evaluate() runs on oneTBB too: keep it to the same number of threads.
  tbb::task_arena arena(threads);
  return arena.execute([&] { return assess::evaluate(scenario(), results); });
}

void engine_end_to_end(benchmark::State& state, int threads) {
  for (auto _ : state) {
    assess::Assessment assessment = run_and_evaluate(threads);
    benchmark::DoNotOptimize(assessment.total.states[0].loss.ale);
  }
  set_years_rate(state);
}

void engine_run_only(benchmark::State& state, int threads) {
  for (auto _ : state) {
    engine::RunConfig config;
    config.trials = years();
    config.seed = kSeed;
    config.threads = threads;
    engine::Results results = engine::run(plan(), config);
    benchmark::DoNotOptimize(results.annual_loss[0].data());
  }
  set_years_rate(state);
}

void draw_only_kernel(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(draw_only(plan().data(), kSeed, 0, years()));
  set_years_rate(state);
}

void draw_only_kernel_parallel(benchmark::State& state, int threads) {
  for (auto _ : state) benchmark::DoNotOptimize(draw_only_parallel(plan().data(), kSeed, 0, years(), threads));
  set_years_rate(state);
}

// --- what each kind of draw costs (ns per value, in batches of a chunk's length) ------------

constexpr std::size_t kBatch = engine::detail::kChunkYears;

/// Random words for the value benchmarks.
std::vector<std::uint64_t> batch_words(std::uint32_t purpose) {
  std::vector<std::uint64_t> words(kBatch);
  engine::detail::philox_batch({engine::detail::philox_key(kSeed, 7), 0, nullptr, nullptr, purpose}, kBatch, words.data(),
                               nullptr, engine::detail::choose_isa(std::nullopt));
  return words;
}

void set_per_value(benchmark::State& state) { state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(kBatch)); }

/// Philox4x32-10 blocks (two 64-bit words each), on the kernel's instruction set.
void philox_cost(benchmark::State& state) {
  std::vector<std::uint64_t> words01(kBatch), words23(kBatch);
  std::uint64_t year = 0;
  for (auto _ : state) {
    engine::detail::philox_batch({engine::detail::philox_key(kSeed, 1), year, nullptr, nullptr, 0}, kBatch, words01.data(),
                                 words23.data(), engine::detail::choose_isa(std::nullopt));
    year += kBatch;
    benchmark::DoNotOptimize(words01.data());
  }
  set_per_value(state);
}

/// Attempts a year from the tabulated mixed-Poisson law, from a word each.
void attempts_cost(benchmark::State& state) {
  const engine::detail::CountTable& attempts = *plan().data().threats[0].attempts;
  const std::vector<std::uint64_t> words = batch_words(0);
  for (auto _ : state) {
    std::uint32_t sum = 0;
    for (const std::uint64_t word : words) sum += attempts.of_word(word);
    benchmark::DoNotOptimize(sum);
  }
  set_per_value(state);
}

/// Attempts a year drawn FAIR's literal way, for comparison: a PERT rate, then a Poisson
/// count at that rate (the engine's fallback when a law cannot be tabulated).
void two_stage_attempts_cost(benchmark::State& state) {
  engine::detail::Sampler rate = engine::detail::make_sampler(*scenario().threats[0].rate_per_year);
  engine::detail::RandomStream stream(kSeed, 0, 2);
  for (auto _ : state)
    benchmark::DoNotOptimize(engine::detail::draw_poisson(engine::detail::draw_non_negative(rate, stream), stream));
}

/// A consequence law's values from words (the vector loops; for normal-based laws including
/// the normal scores).
void consequence_cost(benchmark::State& state, engine::detail::ConsequenceLaw engine::detail::ThreatPlan::*which) {
  const engine::detail::ConsequenceLaw& law = plan().data().threats[0].*which;
  const std::vector<std::uint64_t> words = batch_words(1);
  std::vector<double> z(kBatch), tail_p(kBatch), values(kBatch);
  std::vector<std::uint32_t> tail_at(kBatch);
  const engine::detail::Isa isa = engine::detail::choose_isa(std::nullopt);
  for (auto _ : state) {
    if (law.needs_normal()) engine::detail::normal_scores(words.data(), z.data(), kBatch, tail_p.data(), tail_at.data(), isa);
    engine::detail::law_values(law, words.data(), z.data(), values.data(), kBatch, isa);
    benchmark::DoNotOptimize(values.data());
  }
  set_per_value(state);
}

void bits_only_kernel(benchmark::State& state) {
  const BlockBudget budget = block_budget(plan().data(), kSeed, 0, years());
  for (auto _ : state) benchmark::DoNotOptimize(bits_only(budget, kSeed));
  set_years_rate(state);
  state.counters["blocks/year"] = double(budget.total()) / double(years());
  state.counters["attempts/year"] = double(budget.attempt_blocks) / double(years());
  state.counters["events/year"] = double(budget.consequence_blocks) / double(years());
}

/// The last numpy run's report (for the ALE check).
std::optional<nlohmann::json> numpy_report;

std::string run_command(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  std::string output;
  std::array<char, 4096> buffer{};
  while (const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), got);
  const int status = pclose(pipe);
  if (status != 0) throw std::runtime_error("failed (status " + std::to_string(status) + "): " + command);
  return output;
}

void numpy_baseline(benchmark::State& state) {
  const std::string command = python() + " " SCRISK_SOURCE_DIR "/bench/baselines/single_scenario_numpy.py --years " +
                              std::to_string(years()) + " --seed " + std::to_string(kSeed);
  double simulate_rate = 0, cpu_seconds = 0;
  for (auto _ : state) {
    nlohmann::json report;
    try {
      report = nlohmann::json::parse(run_command(command));
    } catch (const std::exception& error) {
      state.SkipWithError(error.what());
      return;
    }
    state.SetIterationTime(report.at("seconds").get<double>());
    simulate_rate += report.at("simulate_years_per_second").get<double>();
    cpu_seconds += report.at("cpu_seconds").get<double>();
    numpy_report = std::move(report);
  }
  set_years_rate(state);
  state.counters["simulate years/s"] = benchmark::Counter(simulate_rate, benchmark::Counter::kAvgIterations);
  state.counters["cpu years/s"] = double(years()) * double(state.iterations()) / cpu_seconds;
}

void register_all() {
  const int reps = repetitions();
  auto common = [reps](benchmark::internal::Benchmark* b) {
    b->Unit(benchmark::kMillisecond)->Repetitions(reps)->ReportAggregatesOnly(true);
  };
  common(benchmark::RegisterBenchmark("numpy", numpy_baseline)->UseManualTime()->Iterations(1));
  for (int threads : {1, 2}) {
    const std::string suffix = threads == 1 ? "/1thread" : "/2threads";
    common(benchmark::RegisterBenchmark(("engine" + suffix).c_str(), engine_end_to_end, threads)->UseRealTime());
    common(benchmark::RegisterBenchmark(("engine_run" + suffix).c_str(), engine_run_only, threads)->UseRealTime());
  }
  common(benchmark::RegisterBenchmark("draw_only/1thread", draw_only_kernel)->UseRealTime());
  common(benchmark::RegisterBenchmark("draw_only/2threads", draw_only_kernel_parallel, 2)->UseRealTime());
  common(benchmark::RegisterBenchmark("bits_only/1thread", bits_only_kernel)->UseRealTime());
  using engine::detail::ThreatPlan;
  auto micro = [](benchmark::internal::Benchmark* b) { b->Repetitions(3)->ReportAggregatesOnly(true); };
  micro(benchmark::RegisterBenchmark("draw/philox_block", philox_cost));
  micro(benchmark::RegisterBenchmark("draw/attempts_table", attempts_cost));
  micro(benchmark::RegisterBenchmark("draw/attempts_two_stage", two_stage_attempts_cost));
  micro(benchmark::RegisterBenchmark("draw/loss_lognormal90", consequence_cost, &ThreatPlan::loss));
  micro(benchmark::RegisterBenchmark("draw/downtime_triangular", consequence_cost, &ThreatPlan::downtime));
}

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

void print_summary(const SummaryReporter& reporter, const LoadMeter& load) {
  const double n = double(years());
  auto rate = [&](const std::string& name) { return reporter.counter(name, "years/s"); };
  const double numpy = rate("numpy"), numpy_simulate = reporter.counter("numpy", "simulate years/s");
  std::cout << "\n=== single scenario: cargo_theft -> truck, 2 controls, " << std::uint64_t(n) << " years a run, median of "
            << repetitions() << " ===\n"
            << machine_note() << "\n"
            << "other processes kept " << fixed(load.other_cores_busy(), 2) << " cores busy on average during the "
            << fixed(load.elapsed_seconds(), 0) << " s of benchmarks\n\n";
  // CPU time (of the calling thread, which does all the work with 1 thread) is less disturbed
  // by other processes than wall time; for 2 threads only wall time means anything.
  auto cpu_rate = [&](const std::string& name) {
    const auto* f = reporter.find(name);
    return f != nullptr && f->cpu_seconds > 0 ? n / f->cpu_seconds : 0.0;
  };
  const double numpy_cpu = reporter.counter("numpy", "cpu years/s");
  std::printf("%-44s %12s %9s %9s %7s %14s %9s\n", "", "years/s", "ns/year", "vs numpy", "cv", "CPU years/s", "vs numpy");
  auto row = [&](const char* label, double value, double baseline, double cv, double cpu, double cpu_baseline) {
    if (!(value > 0)) return std::printf("%-44s %12s\n", label, "(not run)"), void();
    std::printf("%-44s %12.0f %9.1f %8.2fx %6.1f%%", label, value, 1e9 / value, baseline > 0 ? value / baseline : 0.0, 100 * cv);
    if (cpu > 0 && cpu_baseline > 0) std::printf(" %14.0f %8.2fx", cpu, cpu / cpu_baseline);
    std::printf("\n");
  };
  auto engine_row = [&](const char* label, const std::string& name, double baseline, bool single_thread) {
    row(label, rate(name), baseline, reporter.cv(name, "years/s"), single_thread ? cpu_rate(name) : 0.0,
        baseline == numpy ? numpy_cpu : 0.0);
  };
  row("numpy: simulate + summary (1 thread)", numpy, numpy, reporter.cv("numpy", "years/s"), numpy_cpu, numpy_cpu);
  row("numpy: simulate only", numpy_simulate, numpy_simulate, reporter.cv("numpy", "simulate years/s"), 0, 0);
  engine_row("scrisk run + evaluate, 1 thread", "engine/1thread", numpy, true);
  engine_row("scrisk run + evaluate, 2 threads", "engine/2threads", numpy, false);
  engine_row("scrisk run only, 1 thread (vs numpy sim)", "engine_run/1thread", numpy_simulate, true);
  engine_row("scrisk run only, 2 threads (vs numpy sim)", "engine_run/2threads", numpy_simulate, false);
  engine_row("draw-only kernel, 1 thread (vs numpy sim)", "draw_only/1thread", numpy_simulate, true);
  engine_row("draw-only kernel, 2 threads (vs numpy sim)", "draw_only/2threads", numpy_simulate, false);
  engine_row("Philox bits only, 1 thread (vs numpy sim)", "bits_only/1thread", numpy_simulate, true);
  std::cout << "(cv: coefficient of variation of years/s over the repetitions; CPU years/s: by the CPU time\n"
               " of the working thread, shown for 1-thread runs, numpy's by its process CPU time)\n";

  auto ratio = [](double a, double b) { return a > 0 && b > 0 ? fixed(a / b, 2) + "x" : std::string("n/a"); };
  std::cout << "\nratios (same run):\n"
            << "  engine / numpy, 1 thread, end to end (goal 10x, done at 5x): " << ratio(rate("engine/1thread"), numpy) << "\n"
            << "  engine / numpy, 2 threads, end to end:                        " << ratio(rate("engine/2threads"), numpy) << "\n"
            << "  engine / numpy, 1 thread, end to end, by CPU time:            " << ratio(cpu_rate("engine/1thread"), numpy_cpu)
            << "\n"
            << "  engine run / numpy simulate, 1 thread:                        "
            << ratio(rate("engine_run/1thread"), numpy_simulate) << "\n"
            << "  2 threads / 1 thread, end to end (ideal 2x):                  "
            << ratio(rate("engine/2threads"), rate("engine/1thread")) << "\n"
            << "  2 threads / 1 thread, run only (ideal 2x):                    "
            << ratio(rate("engine_run/2threads"), rate("engine_run/1thread")) << "\n"
            << "  2 threads / 1 thread, draw-only kernel (this machine's ceiling): "
            << ratio(rate("draw_only/2threads"), rate("draw_only/1thread")) << "\n"
            << "  engine run time / draw-only time, 1 thread (floor 1x):        "
            << ratio(rate("draw_only/1thread"), rate("engine_run/1thread")) << "\n"
            << "  draw-only time / Philox bits time:                            "
            << ratio(rate("bits_only/1thread"), rate("draw_only/1thread")) << "\n";
  if (const double blocks = reporter.counter("bits_only/1thread", "blocks/year"); blocks > 0)
    std::cout << "  Philox4x32 blocks (two 64-bit words) per simulated year:      " << fixed(blocks, 2) << "\n";

  // Each draw's cost (ns per value, in batches) times how often a year makes it: the
  // draw-only kernel's budget.
  const double attempts = reporter.counter("bits_only/1thread", "attempts/year");
  const double successes = reporter.counter("bits_only/1thread", "events/year");
  auto ns_per_value = [&](const std::string& name) {
    const auto* f = reporter.find(name);
    return f != nullptr && f->real_seconds > 0 ? f->real_seconds * 1e9 / double(kBatch) : 0.0;
  };
  struct Item {
    const char* label;
    const char* name;
    double per_year;
  };
  const Item items[] = {{"Philox block: the year's attempt count", "draw/philox_block", 1},
                        {"attempts: tabulated mixed-Poisson law", "draw/attempts_table", 1},
                        {"Philox block per attempt (deterrence, success)", "draw/philox_block", attempts},
                        {"Philox block per success (loss, downtime words)", "draw/philox_block", successes},
                        {"loss: lognormal_90 (AS 241 normal + exp)", "draw/loss_lognormal90", successes},
                        {"downtime: triangular (one sqrt)", "draw/downtime_triangular", successes}};
  if (ns_per_value("draw/philox_block") > 0) {
    std::cout << "\nwhere a year's draws go (ns per value in batches of " << kBatch << " x values per year; "
              << fixed(attempts, 3) << " attempts, " << fixed(successes, 3) << " successes a year):\n";
    double total = 0;
    for (const Item& item : items) {
      total += ns_per_value(item.name) * item.per_year;
      std::printf("  %-48s %6.2f ns x %5.3f = %6.1f ns\n", item.label, ns_per_value(item.name), item.per_year,
                  ns_per_value(item.name) * item.per_year);
    }
    std::printf("  %-48s %17s = %6.1f ns (draw-only kernel: %.1f ns/year)\n", "sum", "", total,
                rate("draw_only/1thread") > 0 ? 1e9 / rate("draw_only/1thread") : 0.0);
    const auto* two_stage = reporter.find("draw/attempts_two_stage");
    std::printf("  (attempts drawn the two-stage way instead, PERT rate then Poisson: %.1f ns)\n",
                two_stage != nullptr ? two_stage->real_seconds * 1e9 : 0.0);
  }

  if (!numpy_report) return;
  std::cout << "\nALE check, engine (" << std::uint64_t(n) << " years, seed " << kSeed << ") vs numpy (own generator):\n";
  const assess::Assessment engine = run_and_evaluate(0);
  bool agree = true;
  for (engine::State s : engine::kStates) {
    const assess::LossSummary& ours = engine.total[s].loss;
    const auto& theirs = numpy_report->at("states").at(engine::to_string(s));
    const double ale = theirs.at("ale").get<double>(), stderr_ = theirs.at("ale_stderr").get<double>();
    const double z = (ours.ale - ale) / std::hypot(ours.ale_stderr, stderr_);
    agree = agree && std::abs(z) < 4;
    std::printf("  %-9s engine %12.0f +/- %6.0f   numpy %12.0f +/- %6.0f   z = %+5.2f  p99 %10.0f vs %10.0f\n",
                engine::to_string(s), ours.ale, ours.ale_stderr, ale, stderr_, z, ours.quantiles[3],
                theirs.at("quantiles").at("p99").get<double>());
  }
  for (const assess::ControlValue& control : engine.controls) {
    const auto& theirs = numpy_report->at("controls").at(control.id);
    const double value = theirs.at("ale_reduction").get<double>(), stderr_ = theirs.at("stderr").get<double>();
    const double z = (control.ale_reduction - value) / std::hypot(control.ale_reduction_stderr, stderr_);
    agree = agree && std::abs(z) < 4;
    std::printf("  %-17s ALE reduction engine %10.0f +/- %5.0f   numpy %10.0f +/- %5.0f   z = %+5.2f\n", control.id.c_str(),
                control.ale_reduction, control.ale_reduction_stderr, value, stderr_, z);
  }
  std::cout << (agree ? "  agree: every |z| < 4\n" : "  DISAGREE: some |z| >= 4 -- the baseline is not the same model\n");
}

}  // namespace
}  // namespace scrisk::bench

int main(int argc, char** argv) {
  return scrisk::bench::run_main(argc, argv, scrisk::bench::register_all, scrisk::bench::print_summary);
}
