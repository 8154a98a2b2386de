// Stage (b) of a chunk: the events of risks whose target is in the supply network are held
// back from the tallies until every threat has drawn its events, then each year's outages
// are priced together on the network (docs/network.md), so that concurrent outages cost
// what they cost jointly, not the sum of what each would cost alone.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include "engine/network_pricing.hpp"
#include "engine/plan_data.hpp"
#include "engine/threat_events.hpp"

namespace scrisk::engine::detail {

/// A control's change in one year's lost sales (on common random numbers).
struct ControlYearDelta {
  std::uint32_t control, year;
  double delta;
};

/// A run of events of one risk in a ThreatEvents.
struct RiskRange {
  std::uint32_t risk;  ///< global
  std::size_t begin, end;
};

class NetworkStage {
 public:
  /// `joint`: the run's joint curves of the plan's network.
  explicit NetworkStage(const analysis::JointCurves& joint) : pricer_(joint) {}

  /// Holds back events [begin, end) of `events`, all of the global risk `risk`, with the
  /// start of each outage in its year: a uniform day from the event's own substream (the
  /// attempt's, so all the targets of a common-cause event go down on the same day).
  void hold(const ThreatEvents& events, std::size_t begin, std::size_t end, std::uint32_t risk, std::uint64_t stream_id,
            std::uint64_t seed, std::uint64_t first_year);

  [[nodiscard]] bool empty() const noexcept { return year_.empty(); }

  /// Prices the held events year by year: each event's share of its year's lost sales in a
  /// state is added to its cost there, and each control whose toggle changes a year's lost
  /// sales gets that change in control_deltas(). Then writes the events to `out` (year, cost,
  /// hits), grouped by risk and in year order, with the runs in `ranges`, and forgets them.
  /// Throws Cancelled between years once `cancelled` is set.
  void price(const PlanData& plan, ThreatEvents& out, std::vector<RiskRange>& ranges,
             const std::atomic<bool>* cancelled = nullptr);

  [[nodiscard]] const std::vector<ControlYearDelta>& control_deltas() const noexcept { return control_deltas_; }

 private:
  void price_year(const PlanData& plan, std::span<const std::uint32_t> events);
  /// The outage of held event i in a state of its risk with the given limits and downtime factor.
  [[nodiscard]] ElementOutage outage(const PlanData& plan, std::uint32_t i, bool happens, double downtime_factor) const;

  YearNetworkPricer pricer_;
  // Held events.
  std::vector<std::uint32_t> year_, risk_;
  std::vector<std::uint64_t> attempt_word_, hits_;
  std::vector<double> downtime_days_, start_day_;
  std::array<std::vector<double>, kStateCount> cost_;
  // Scratch.
  std::vector<std::uint32_t> order_, year_begin_;
  std::vector<ElementOutage> outages_, current_outages_;
  std::vector<double> shares_;
  std::vector<std::uint32_t> controls_;
  std::vector<ControlYearDelta> control_deltas_;
};

}  // namespace scrisk::engine::detail
