// The compiled plan: everything the hot loop reads, as flat arrays indexed by integers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/attempt_count.hpp"
#include "engine/sampler.hpp"
#include "scrisk/engine/results.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::engine::detail {

inline constexpr std::uint32_t kNoSampler = UINT32_MAX;

/// How a control state treats attempts against one risk. An attempt happens in the state
/// when its deterrence uniform is below `pass`, succeeds when its success uniform is below
/// `p_success`, and then costs loss * loss_factor + downtime_days * downtime_value_per_day.
struct StateFactors {
  double pass = 1;
  double p_success = 0;
  double loss_factor = 1;
  double downtime_value_per_day = 0;

  [[nodiscard]] bool succeeds(double u_deter, double u_success) const noexcept {
    return (u_deter < pass) & (u_success < p_success);  // not &&: a second branch would mispredict
  }
  [[nodiscard]] double cost(double loss, double downtime_days) const noexcept {
    return loss * loss_factor + downtime_days * downtime_value_per_day;
  }
};

/// The current state with one control toggled, for that control's value.
struct Toggle {
  std::uint32_t control;
  StateFactors factors;
  double sign;  ///< +1: EXISTING (toggled state has more loss); -1: PROPOSED
};

struct RiskPlan {
  std::array<StateFactors, kStateCount> states;
  std::uint32_t first_toggle = 0, toggle_count = 0;
};

struct ThreatPlan {
  std::uint64_t stream_id = 0;  ///< hash of the threat id: a threat's draws do not move when others are added
  std::optional<CountTable> attempts;  ///< the law of attempts a year; without it, a drawn rate and a Poisson count
  std::uint32_t rate = kNoSampler, loss = kNoSampler, downtime = kNoSampler;
  std::uint32_t first_risk = 0, risk_count = 0;
  std::optional<boost::random::discrete_distribution<std::uint32_t, double>> pick_target;  ///< when risk_count > 1
};

/// Attempts of `threat` in one year: from its tabulated law, or (when the law could not be
/// tabulated) FAIR's way, a rate drawn for the year and a Poisson count at that rate.
inline std::uint64_t draw_attempts(const ThreatPlan& threat, std::vector<Sampler>& samplers, RandomStream& stream) {
  if (threat.attempts) return (*threat.attempts)(stream);
  const double rate = std::min(draw_non_negative(samplers[threat.rate], stream), model::kMaxRatePerYear);
  return draw_poisson(rate, stream);
}

struct PlanData {
  std::vector<Sampler> samplers;
  std::vector<ThreatPlan> threats;
  std::vector<RiskPlan> risks;
  std::vector<Toggle> toggles;
  std::vector<RiskLabel> risk_labels;
  std::vector<ControlLabel> control_labels;
  std::vector<ProtectionLabel> protection_labels;
  std::string model_name;
  std::string currency;
  std::uint64_t fingerprint = 0;
};

}  // namespace scrisk::engine::detail
