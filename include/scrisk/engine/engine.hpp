// Compiling a model into a flat simulation plan and running the Monte Carlo.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/engine/results.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::engine {

namespace detail {
struct PlanData;
}

/// How a model is compiled.
struct CompileOptions {
  /// The instruction set of the kernel's vector loops: "scalar", "sse2", "avx2" or "avx512"
  /// (capped to what the CPU has); empty: the SCRISK_ISA environment variable's, else the
  /// best the CPU has. Every one gives the same bits; only speed differs.
  std::string instruction_set;
  /// Asked now and then while compiling (a large supply network takes a while): returning
  /// true stops it with Cancelled.
  std::function<bool()> cancelled;
};

/// A validated model compiled into flat arrays: samplers, per-risk factors for each control
/// state, per-control toggles. Cheap to copy (shared, immutable).
class Plan {
 public:
  /// Validates (throws ModelError) and compiles the model.
  explicit Plan(const model::Model& model, const CompileOptions& options = {});

  /// The model compiled (a copy): what assess reads names, criteria and segments from.
  [[nodiscard]] const model::Model& model() const;
  /// Identifies what a run of this plan simulates (Results::model_fingerprint).
  [[nodiscard]] std::uint64_t fingerprint() const;
  /// The supply network's loss model, its single-outage curves solved; null without one.
  [[nodiscard]] const analysis::NetworkLossModel* network() const;
  [[nodiscard]] const detail::PlanData& data() const { return *data_; }

 private:
  std::shared_ptr<const detail::PlanData> data_;
};

/// What a run cost, beside what it measured (not part of Results: it depends on how the
/// trials were split).
struct RunStatistics {
  std::uint64_t joint_lp_solves = 0;     ///< LPs solved for joint-outage curves the run met
  std::size_t joint_curves = 0;          ///< joint-outage curves the run solved
  std::uint64_t timeline_lps = 0;        ///< episodes priced by an LP of their own (exact pricing)
  std::uint64_t timeline_lp_solves = 0;  ///< LP solves those took (a region that grows solves again)
};

struct RunConfig {
  std::uint64_t trials = 100'000;  ///< simulated years
  std::uint64_t first_trial = 0;   ///< index of the first year: ranges run apart merge exactly
  std::uint64_t seed = 1;
  int threads = 0;  ///< 0: all cores; more than the cores are capped to them
  /// Called on the calling thread about ten times a second and once at the end with the
  /// years done so far; returning false cancels the run (run() then throws Cancelled).
  std::function<bool(std::uint64_t done, std::uint64_t total)> progress;
  /// Filled at the end of the run when set.
  RunStatistics* statistics = nullptr;
};

/// Runs the Monte Carlo. Year i draws only from the random stream keyed by (seed, i), so the
/// results are the same bits for any thread count and any split of the trial range.
[[nodiscard]] Results run(const Plan& plan, const RunConfig& config);

}  // namespace scrisk::engine
