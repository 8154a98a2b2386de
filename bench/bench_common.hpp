// Shared pieces of the benchmark programs: settings from the environment, the draw-only and
// random-bits-only kernels (the engine's own chunk kernel and Philox batches, nothing done
// with the draws), peak memory, and a console reporter that keeps each benchmark's median figures so
// that a program can print its ratios at the end.
#pragma once

#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/chunk_kernel.hpp"
#include "engine/plan_data.hpp"
#include "engine/simd/philox4x32.hpp"

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

/// The draws the engine makes for years [first, last), with nothing done with them: the
/// kernel's stage (a) without the pricing (per threat and chunk the attempt counts, per attempt
/// its Philox block and target, per attempt that succeeds without controls its loss and
/// downtime). Returns a sum of the draws (so none is optimised away).
inline double draw_only(const engine::detail::PlanData& plan, std::uint64_t seed, std::uint64_t first, std::uint64_t last,
                        engine::detail::ChunkKernel* kernel_out = nullptr) {
  using namespace engine::detail;
  ChunkKernel kernel(plan, nullptr);  // draws only: no network pricing
  double sink = 0;
  for (std::uint64_t year = first; year < last; year += kChunkYears)
    sink += kernel.draw_chunk(plan, seed, year, std::size_t(std::min(kChunkYears, last - year)));
  if (kernel_out != nullptr) *kernel_out = std::move(kernel);
  return sink;
}

/// draw_only over [first, last) split between `threads` threads (each with its own kernel):
/// no shared writes at all, so its speed-up is the most this machine gives any kernel.
inline double draw_only_parallel(const engine::detail::PlanData& plan, std::uint64_t seed, std::uint64_t first,
                                 std::uint64_t last, int threads) {
  std::vector<double> sinks(std::size_t(threads), 0.0);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const std::uint64_t span = last - first;
      sinks[std::size_t(t)] = draw_only(plan, seed, first + span * std::uint64_t(t) / std::uint64_t(threads),
                                        first + span * std::uint64_t(t + 1) / std::uint64_t(threads));
    });
  }
  for (std::thread& worker : workers) worker.join();
  return std::accumulate(sinks.begin(), sinks.end(), 0.0);
}

/// "prefix-000042" with `digits` digits: ids of generated models.
inline std::string numbered(const char* prefix, std::size_t i, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%s-%0*zu", prefix, digits, i);
  return text;
}

/// SplitMix64: a tiny, fully specified generator, so generated models are the same everywhere.
class Generator {
 public:
  explicit Generator(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  double between(double low, double high) { return low + (high - low) * uniform(); }
  double log_between(double low, double high) { return std::exp(between(std::log(low), std::log(high))); }
  std::size_t index(std::size_t n) { return std::size_t(uniform() * double(n)); }
  std::size_t count_between(std::size_t low, std::size_t high) { return low + index(high - low + 1); }
  bool chance(double p) { return uniform() < p; }
  /// k distinct elements of `pool` (all of them when it has no more than k).
  template <class T>
  std::vector<T> pick(std::vector<T> pool, std::size_t k) {
    k = std::min(k, pool.size());
    for (std::size_t i = 0; i < k; ++i) std::swap(pool[i], pool[i + index(pool.size() - i)]);
    pool.resize(k);
    return pool;
  }

 private:
  std::uint64_t state_;
};

/// How many Philox4x32 blocks the draws of years [first, last) take: one per (year, threat
/// with a tabulated count law), one per attempt, one per attempt that succeeds without controls.
struct BlockBudget {
  std::uint64_t count_blocks = 0, attempt_blocks = 0, consequence_blocks = 0;
  [[nodiscard]] std::uint64_t total() const { return count_blocks + attempt_blocks + consequence_blocks; }
};
inline BlockBudget block_budget(const engine::detail::PlanData& plan, std::uint64_t seed, std::uint64_t first,
                                std::uint64_t last) {
  engine::detail::ChunkKernel kernel(plan, nullptr);
  draw_only(plan, seed, first, last, &kernel);
  BlockBudget budget;
  for (const auto& threat : plan.threats) budget.count_blocks += threat.attempts ? last - first : 0;
  budget.attempt_blocks = kernel.attempts_drawn();
  budget.consequence_blocks = kernel.events_drawn();
  return budget;
}

/// The random bits alone: as many Philox4x32 blocks as the draws take (block_budget), in
/// batches of a chunk's length on the kernel's instruction set, not turned into anything.
inline std::uint64_t bits_only(const BlockBudget& budget, std::uint64_t seed) {
  using namespace engine::detail;
  std::vector<std::uint64_t> words01(kChunkYears), words23(kChunkYears);
  const PhiloxKey key = philox_key(seed, 1);
  std::uint64_t sink = 0;
  for (std::uint64_t done = 0; done < budget.total(); done += kChunkYears) {
    const std::size_t n = std::size_t(std::min(kChunkYears, budget.total() - done));
    philox_batch({key, done, nullptr, nullptr, 0}, n, words01.data(), words23.data(), choose_isa(std::nullopt));
    sink ^= words01[n - 1] ^ words23[0];
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
  return std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores online, load average " + one + " " + five + " " + fifteen +
         " (1, 5, 15 min)";
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
