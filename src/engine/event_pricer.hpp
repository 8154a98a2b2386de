// Stage (b) of a chunk: what the events cost in each control state, and what each control
// that covers them changes; events of supply-network targets are held back and priced a
// year at a time once every threat has drawn (NetworkStage).
#pragma once

#include <optional>
#include <vector>

#include "engine/chunk.hpp"
#include "engine/control_rows.hpp"
#include "engine/network_stage.hpp"
#include "engine/plan_data.hpp"
#include "engine/threat_events.hpp"

namespace scrisk::engine::detail {

class EventPricer {
 public:
  /// `joint`: the run's joint curves of the plan's network (null without one).
  explicit EventPricer(const analysis::JointCurves* joint);

  /// Each event's cost in the three states (events.cost, events.hits) and each toggled
  /// control's cost difference, added per year into its row of `rows`.
  void price(const PlanData& plan, const ThreatPlan& threat, ThreatEvents& events, Isa isa, ControlRows& rows);

  /// Whether it prices supply-network outages (was given joint curves).
  [[nodiscard]] bool prices_network() const noexcept { return network_.has_value(); }
  /// Holds back events [begin, end) of a risk whose target is in the supply network.
  void hold(const ThreatEvents& events, std::size_t begin, std::size_t end, std::uint32_t risk, std::uint64_t stream_id,
            const Chunk& chunk);
  /// Prices the held events year by year (adding each control's change in a year's lost
  /// sales to `rows`) and returns them by risk, with their runs in ranges(); empty when
  /// nothing is held.
  const ThreatEvents& price_held(const PlanData& plan, ControlRows& rows, const std::atomic<bool>* cancelled);
  [[nodiscard]] const std::vector<RiskRange>& ranges() const noexcept { return network_ranges_; }

 private:
  std::vector<double> delta_;
  std::optional<NetworkStage> network_;
  ThreatEvents network_events_;  // the held events, priced
  std::vector<RiskRange> network_ranges_;
};

}  // namespace scrisk::engine::detail
