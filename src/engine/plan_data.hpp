// The compiled plan: everything the hot loop reads, as flat arrays indexed by integers.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/alias_table.hpp"
#include "engine/attempt_count.hpp"
#include "engine/common_cause.hpp"
#include "engine/consequence_law.hpp"
#include "engine/sampler.hpp"
#include "engine/simd/isa.hpp"
#include "engine/state_factors.hpp"
#include "scrisk/analysis/network_loss.hpp"
#include "scrisk/engine/results.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::engine::detail {

inline constexpr std::uint32_t kNoSampler = UINT32_MAX;

/// The current state with one control toggled, for that control's value.
struct Toggle {
  std::uint32_t control;
  StateFactors factors;
  double sign;         ///< +1: EXISTING (toggled state has more loss); -1: PROPOSED
  StateLimits limits;  ///< `factors` as the kernel compares them
};

/// RiskPlan::network_element of a risk whose outages are priced by daily value.
inline constexpr std::uint32_t kNotInNetwork = UINT32_MAX;

struct RiskPlan {
  std::array<StateFactors, kStateCount> states;
  std::array<StateLimits, kStateCount> limits;  ///< `states` as the kernel compares them
  std::uint32_t first_toggle = 0, toggle_count = 0;
  /// Its target in PlanData::network, whose loss curves price its outages; kNotInNetwork.
  std::uint32_t network_element = kNotInNetwork;
};

struct ThreatPlan {
  std::uint64_t stream_id = 0;         ///< hash of the threat id: a threat's draws do not move when others are added
  std::optional<CountTable> attempts;  ///< the law of attempts a year; without it, a drawn rate and a Poisson count
  std::uint32_t rate = kNoSampler;     ///< the rate's sampler, when `attempts` is empty
  ConsequenceLaw loss, downtime;       ///< per event; kFixed 0 when the model gives none
  std::uint32_t first_risk = 0, risk_count = 0;
  std::optional<AliasTable> pick_target;        ///< when risk_count > 1 and not a common cause
  std::optional<CommonCausePlan> common_cause;  ///< every event strikes every target
};

struct PlanData {
  std::vector<Sampler> samplers;  ///< rates without a table, and the consequences of LawShape::kScalar
  std::vector<ThreatPlan> threats;
  std::vector<RiskPlan> risks;
  std::vector<Toggle> toggles;
  std::size_t control_count = 0;  ///< Results::control_tallies, one per control of the model
  /// The model's supply network compiled (null without one): outages of its elements are
  /// priced by their loss curves.
  std::shared_ptr<const analysis::NetworkLossModel> network;
  std::uint64_t fingerprint = 0;
  Isa isa = Isa::kScalar;  ///< the instruction set the kernel's vector loops run on (chosen at compile)
  model::Model model;      ///< the model compiled, for assess (names, criteria, segments)
};

}  // namespace scrisk::engine::detail
