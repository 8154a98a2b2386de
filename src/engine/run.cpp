// The parallel driver: fixed-size chunks of years over oneTBB, one chunk kernel (scratch and
// running tallies) per thread, progress and cancellation reported on the calling thread.
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "core/guard.hpp"
#include "engine/chunk_kernel.hpp"
#include "scrisk/engine/engine.hpp"

namespace scrisk::engine {
namespace {

using detail::kChunkYears;

Results empty_results(const detail::PlanData& plan, const RunConfig& config) {
  Results results;
  results.seed = config.seed;
  results.first_trial = config.first_trial;
  results.trials = config.trials;
  results.model_fingerprint = plan.fingerprint;
  for (auto& losses : results.annual_loss) losses.assign(config.trials, 0.0);
  results.risk_tallies.resize(plan.risks.size() * kStateCount);
  results.risk_histograms.resize(plan.risks.size());
  results.control_tallies.resize(plan.control_count);
  return results;
}

/// Refuses a run that would need more memory than the machine has, before it allocates:
/// every year's loss in each state (and the assessment's copy of the positive ones), and per
/// thread and risk the histograms of its tallies.
void check_memory(const detail::PlanData& plan, const RunConfig& config) {
  const double pages = double(::sysconf(_SC_PHYS_PAGES)), page_bytes = double(::sysconf(_SC_PAGESIZE));
  if (!(pages > 0 && page_bytes > 0)) return;
  const double threads = config.threads > 0 ? config.threads : tbb::info::default_concurrency();
  const double per_year = 2.0 * kStateCount * sizeof(double);
  const double per_risk = (threads + 1) * kStateCount * (LogBins::kCount * sizeof(std::uint64_t) + sizeof(StateTally));
  const double needed = double(config.trials) * per_year + double(plan.risks.size()) * per_risk;
  if (needed > pages * page_bytes)
    throw UsageError("trials", "a run of " + std::to_string(config.trials) + " years of " + std::to_string(plan.risks.size()) +
                                   " risks needs about " + std::to_string(std::llround(needed / 1e9)) + " GB; this machine has " +
                                   std::to_string(std::llround(pages * page_bytes / 1e9)) +
                                   " GB: run fewer trials at a time and merge them");
}

/// Simulates every chunk; stops early (leaving chunks undone) when `cancelled` is set.
void simulate_all(const detail::PlanData& plan, const RunConfig& config, Results& results, std::atomic<std::uint64_t>& years_done,
                  const std::atomic<bool>& cancelled) {
  // oneTBB keeps a worker pool of the machine's size: more threads than cores would only be
  // refused (with a warning on stderr), and results do not depend on the count anyway.
  const int cores = tbb::info::default_concurrency();
  const int threads = config.threads > 0 ? std::min(config.threads, cores) : cores;
  tbb::task_arena arena(threads);
  // The joint-outage curves this run meets: solved once, shared by its threads, gone with it.
  std::optional<analysis::JointCurves> joint;
  if (plan.network) joint.emplace(*plan.network);
  const analysis::JointCurves* joint_curves = joint ? &*joint : nullptr;
  tbb::enumerable_thread_specific<detail::ChunkKernel> kernels([&] { return detail::ChunkKernel(plan, joint_curves); });
  const std::uint64_t chunks = (config.trials + kChunkYears - 1) / kChunkYears;
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<std::uint64_t>(0, chunks, 1),
        [&](const tbb::blocked_range<std::uint64_t>& range) {
          for (std::uint64_t chunk = range.begin(); chunk != range.end(); ++chunk) {
            if (cancelled.load(std::memory_order_relaxed)) return;
            const std::uint64_t first = config.first_trial + chunk * kChunkYears;
            const std::uint64_t last = std::min(first + kChunkYears, config.first_trial + config.trials);
            std::array<double*, kStateCount> annual_loss{};
            for (int s = 0; s < kStateCount; ++s) annual_loss[s] = results.annual_loss[s].data() + (first - config.first_trial);
            kernels.local().simulate_chunk(plan, config.seed, first, last - first, annual_loss, &cancelled);
            years_done.fetch_add(last - first, std::memory_order_relaxed);
          }
        },
        tbb::simple_partitioner());
  });
  for (const detail::ChunkKernel& kernel : kernels) kernel.add_tallies_to(results);
  if (config.statistics != nullptr && joint)
    *config.statistics = {joint->lp_solves(), joint->cached_curves(), joint->timeline_lps(), joint->timeline_lp_solves()};
}

}  // namespace

namespace {

Results run_checked(const Plan& plan, const RunConfig& config) {
  if (config.trials == 0) throw UsageError("trials", "must be at least 1");
  if (config.first_trial > UINT64_MAX - config.trials)
    throw UsageError("first_trial", "the trial range [first_trial, first_trial + trials) passes 2^64");
  if (config.threads < 0) throw UsageError("threads", "must be >= 0 (0: all cores)");
  check_memory(plan.data(), config);
  Results results = empty_results(plan.data(), config);
  std::atomic<std::uint64_t> years_done{0};
  std::atomic<bool> cancelled{false};
  if (!config.progress) {
    simulate_all(plan.data(), config, results, years_done, cancelled);
    return results;
  }

  // The simulation runs on a helper thread so that progress callbacks (which may take
  // Python's GIL or write to a terminal) always run on the caller's thread.
  std::mutex mutex;
  std::condition_variable finished_signal;
  bool finished = false;
  std::exception_ptr worker_failure, callback_failure;
  std::thread worker([&] {
    try {
      simulate_all(plan.data(), config, results, years_done, cancelled);
    } catch (...) {
      worker_failure = std::current_exception();
    }
    std::lock_guard lock(mutex);
    finished = true;
    finished_signal.notify_all();
  });
  {
    std::unique_lock lock(mutex);
    while (!finished) {
      finished_signal.wait_for(lock, std::chrono::milliseconds(100), [&] { return finished; });
      if (finished || cancelled) continue;
      lock.unlock();
      bool keep_going = false;
      try {
        keep_going = config.progress(years_done.load(), config.trials);
      } catch (...) {
        callback_failure = std::current_exception();
      }
      if (!keep_going) cancelled = true;
      lock.lock();
    }
  }
  worker.join();
  if (worker_failure) std::rethrow_exception(worker_failure);
  if (callback_failure) std::rethrow_exception(callback_failure);
  if (cancelled) throw Cancelled();
  config.progress(config.trials, config.trials);
  return results;
}

}  // namespace

Results run(const Plan& plan, const RunConfig& config) {
  return scrisk::detail::guarded("run", [&] { return run_checked(plan, config); });
}

}  // namespace scrisk::engine
