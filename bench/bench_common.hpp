// Shared pieces of the benchmark programs: settings from the environment, the draw-only and
// random-bits-only kernels (the engine's own RandomStream and samplers, nothing done with the
// draws), peak memory, and a console reporter that keeps each benchmark's median figures so
// that a program can print its ratios at the end.
#pragma once

#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "engine/plan_data.hpp"
#include "engine/random_stream.hpp"
#include "engine/sampler.hpp"

namespace scrisk::bench {

/// An unsigned integer from the environment (plain digits, or a form such as 1e6), or `fallback`.
inline std::uint64_t env_count(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  const double value = std::strtod(text, nullptr);
  return value >= 1 ? std::uint64_t(value) : fallback;
}

/// Peak resident set size of this process so far, in MiB (Linux reports ru_maxrss in KiB).
inline double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;
}

/// Current resident set size in MiB, from /proc/self/statm.
inline double current_rss_mib() {
  std::ifstream statm("/proc/self/statm");
  double pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

/// The draws the engine makes for years [first, last), with nothing done with them: per
/// threat and year its stream, the rate, the Poisson count of attempts; per attempt the
/// target pick and the deterrence/success uniform pair; for attempts that succeed without
/// controls the loss and the downtime. Returns a sum of the draws (so none is optimised away).
inline double draw_only(const engine::detail::PlanData& plan, std::vector<engine::detail::Sampler>& samplers,
                        std::uint64_t seed, std::uint64_t first, std::uint64_t last) {
  using namespace engine::detail;
  double sink = 0;
  for (std::uint64_t year = first; year < last; ++year) {
    for (const ThreatPlan& threat : plan.threats) {
      RandomStream stream(seed, year, threat.stream_id);
      const std::uint64_t attempts = draw_attempts(threat, samplers, stream);
      for (std::uint64_t attempt = 0; attempt < attempts; ++attempt) {
        const std::uint32_t r = threat.first_risk + (threat.pick_target ? (*threat.pick_target)(stream) : 0);
        const auto [u_deter, u_success] = stream.uniform_pair();
        sink += u_deter;
        if (!(u_success < plan.risks[r].states[0].p_success)) continue;
        if (threat.loss != kNoSampler) sink += draw_non_negative(samplers[threat.loss], stream);
        if (threat.downtime != kNoSampler) sink += draw_non_negative(samplers[threat.downtime], stream);
      }
    }
  }
  return sink;
}

/// draw_only over [first, last) split between `threads` threads (each with its own samplers):
/// no shared writes at all, so its speed-up is the most this machine gives any kernel.
inline double draw_only_parallel(const engine::detail::PlanData& plan, std::uint64_t seed, std::uint64_t first,
                                 std::uint64_t last, int threads) {
  std::vector<double> sinks(std::size_t(threads), 0.0);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::vector<engine::detail::Sampler> samplers = plan.samplers;
      const std::uint64_t span = last - first;
      sinks[std::size_t(t)] = draw_only(plan, samplers, seed, first + span * std::uint64_t(t) / std::uint64_t(threads),
                                        first + span * std::uint64_t(t + 1) / std::uint64_t(threads));
    });
  }
  for (std::thread& worker : workers) worker.join();
  return std::accumulate(sinks.begin(), sinks.end(), 0.0);
}

/// Words (64-bit) each (year, threat) stream gives the draws above, found exactly: after the
/// draws, the stream's next word is looked up in a fresh stream of the same key.
inline std::vector<std::uint16_t> words_per_stream(const engine::detail::PlanData& plan,
                                                   std::vector<engine::detail::Sampler>& samplers, std::uint64_t seed,
                                                   std::uint64_t first, std::uint64_t last) {
  using namespace engine::detail;
  std::vector<std::uint16_t> words;
  words.reserve((last - first) * plan.threats.size());
  for (std::uint64_t year = first; year < last; ++year) {
    for (const ThreatPlan& threat : plan.threats) {
      RandomStream stream(seed, year, threat.stream_id);
      const std::uint64_t attempts = draw_attempts(threat, samplers, stream);
      for (std::uint64_t attempt = 0; attempt < attempts; ++attempt) {
        const std::uint32_t r = threat.first_risk + (threat.pick_target ? (*threat.pick_target)(stream) : 0);
        const auto [u_deter, u_success] = stream.uniform_pair();
        benchmark::DoNotOptimize(u_deter);
        if (!(u_success < plan.risks[r].states[0].p_success)) continue;
        if (threat.loss != kNoSampler) benchmark::DoNotOptimize(draw(samplers[threat.loss], stream));
        if (threat.downtime != kNoSampler) benchmark::DoNotOptimize(draw(samplers[threat.downtime], stream));
      }
      const std::uint64_t next = stream();
      RandomStream fresh(seed, year, threat.stream_id);
      std::uint16_t used = 0;
      while (fresh() != next) ++used;
      words.push_back(used);
    }
  }
  return words;
}

/// The random bits alone: each (year, threat) stream keyed and asked for exactly the words
/// the draws take (words_per_stream), with no transformation into distributions.
inline std::uint64_t bits_only(const engine::detail::PlanData& plan, const std::vector<std::uint16_t>& words,
                               std::uint64_t seed, std::uint64_t first, std::uint64_t last) {
  using namespace engine::detail;
  std::uint64_t sink = 0;
  std::size_t k = 0;
  for (std::uint64_t year = first; year < last; ++year) {
    for (const ThreatPlan& threat : plan.threats) {
      RandomStream stream(seed, year, threat.stream_id);
      for (std::uint16_t w = words[k++]; w > 0; --w) sink ^= stream();
    }
  }
  return sink;
}

/// Console output as usual, and the median (or single) run of each benchmark kept by name
/// (the name given to RegisterBenchmark, without the /repeats:... suffixes).
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  struct Figures {
    double real_seconds = 0;  ///< per iteration
    double cpu_seconds = 0;   ///< per iteration, of the main thread only
    std::map<std::string, double> counters;
    std::map<std::string, double> cv;  ///< coefficient of variation of each counter over the repetitions
  };

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "cv") {
        for (const auto& [name, counter] : run.counters) figures_[run.run_name.function_name].cv[name] = counter.value;
        continue;
      }
      const bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (!single && !median) continue;
      Figures& figures = figures_[run.run_name.function_name];
      figures.real_seconds = run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      figures.cpu_seconds = run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      for (const auto& [name, counter] : run.counters) figures.counters[name] = counter.value;
    }
  }

  [[nodiscard]] const Figures* find(const std::string& name) const {
    const auto it = figures_.find(name);
    return it == figures_.end() ? nullptr : &it->second;
  }
  [[nodiscard]] double cv(const std::string& name, const std::string& counter_name) const {
    const Figures* figures = find(name);
    if (figures == nullptr) return 0;
    const auto it = figures->cv.find(counter_name);
    return it == figures->cv.end() ? 0 : it->second;
  }
  [[nodiscard]] double counter(const std::string& name, const std::string& counter_name) const {
    const Figures* figures = find(name);
    if (figures == nullptr) return 0;
    const auto it = figures->counters.find(counter_name);
    return it == figures->counters.end() ? 0 : it->second;
  }

 private:
  std::map<std::string, Figures> figures_;
};

/// How busy the machine was with other processes while this one ran: CPU time of the whole
/// machine (/proc/stat) less this process's and its waited-for children's (/proc/self/stat),
/// as a number of cores.
class LoadMeter {
 public:
  LoadMeter() : start_(sample()) {}
  [[nodiscard]] double other_cores_busy() const {
    const Sample now = sample();
    const double elapsed = now.wall - start_.wall;
    if (!(elapsed > 0)) return 0;
    const double ticks = double(sysconf(_SC_CLK_TCK));
    const double others = double((now.machine_busy - start_.machine_busy) - (now.self - start_.self)) / ticks;
    return std::max(0.0, others / elapsed);
  }
  [[nodiscard]] double elapsed_seconds() const { return sample().wall - start_.wall; }

 private:
  struct Sample {
    std::uint64_t machine_busy = 0, self = 0;
    double wall = 0;
  };
  static Sample sample() {
    Sample s;
    std::ifstream stat("/proc/stat");
    std::string cpu;
    std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    s.machine_busy = user + nice + system + irq + softirq + steal;
    std::ifstream self("/proc/self/stat");
    std::string line;
    std::getline(self, line);
    // Fields after the command name (which may hold spaces) start at the last ')'.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 17; ++i) {
      fields >> field;
      if (i >= 14) s.self += std::stoull(field);  // utime, stime, cutime, cstime
    }
    s.wall = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    return s;
  }
  Sample start_;
};

/// Cores and load average, for the record next to the figures.
inline std::string machine_note() {
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  loadavg >> one >> five >> fifteen;
  return std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores online, load average " + one + " " + five + " " +
         fifteen + " (1, 5, 15 min)";
}

/// The main() of every benchmark program: register, run with the summary reporter while
/// the load meter watches, print the program's summary.
inline int run_main(int argc, char** argv, void (*register_benchmarks)(),
                    void (*print)(const SummaryReporter&, const LoadMeter&)) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_benchmarks();
  SummaryReporter reporter;
  const LoadMeter load;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  print(reporter, load);
  benchmark::Shutdown();
  return 0;
}

}  // namespace scrisk::bench
