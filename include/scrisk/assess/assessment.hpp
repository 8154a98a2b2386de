// What a risk owner reads: loss statistics, 5x5 matrix level and tolerability of each risk
// and of the total in each control state, and the value of each control (ISO 28000 4.3.1).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scrisk/engine/engine.hpp"
#include "scrisk/engine/results.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::assess {

enum class Tolerability { kAcceptable, kAlarp, kIntolerable };
[[nodiscard]] const char* to_string(Tolerability value);  ///< "ACCEPTABLE", "ALARP", "INTOLERABLE"

/// Probabilities of the annual-loss quantiles reported: p50, p90, p95, p99, p99.9.
inline constexpr std::array<double, 5> kQuantileLevels{0.5, 0.9, 0.95, 0.99, 0.999};
inline constexpr std::array<const char*, 5> kQuantileNames{"p50", "p90", "p95", "p99", "p99.9"};
/// Levels of the tail value at risk reported: tvar p95, p99.
inline constexpr std::array<double, 2> kTvarLevels{0.95, 0.99};
inline constexpr std::array<const char*, 2> kTvarNames{"p95", "p99"};

/// Distribution of the annual loss (one simulated year = one trial).
struct LossSummary {
  double ale = 0;                                          ///< mean annual loss
  double ale_stderr = 0;                                   ///< Monte Carlo standard error of the ALE
  double sd = 0;                                           ///< standard deviation of the annual loss
  double events_per_year = 0;                              ///< mean number of successful events per year
  double prob_any = 0;                                     ///< P(at least one successful event in a year)
  std::array<double, kQuantileLevels.size()> quantiles{};  ///< VaR: smallest x with P(L <= x) >= p
  std::array<double, kTvarLevels.size()> tvar{};           ///< mean of the worst (1 - p) of years
  std::vector<std::pair<double, double>> lec;              ///< [loss, P(annual loss > loss)]
  bool exact_quantiles = true;                             ///< false: from the fixed log-bin histogram (per-risk figures)
};

/// Cell of the 5x5 risk matrix: likelihood band of successful events per year times impact
/// band of the mean loss per event, each 1..5.
struct MatrixLevel {
  int likelihood = 1;
  int impact = 1;
  [[nodiscard]] int score() const { return likelihood * impact; }
};

struct StateAssessment {
  LossSummary loss;
  MatrixLevel level;
  Tolerability tolerability = Tolerability::kAcceptable;
};

struct RiskAssessment {
  std::string threat;  ///< empty for the total
  std::string target;  ///< empty for the total
  std::array<StateAssessment, engine::kStateCount> states;
  [[nodiscard]] const StateAssessment& operator[](engine::State state) const { return states[int(state)]; }
};

struct ControlValue {
  std::string id;
  model::ControlStatus status = model::ControlStatus::kUnspecified;
  double ale_reduction = 0;  ///< ALE removed, current state vs current with the control toggled
  double ale_reduction_stderr = 0;
  double annual_cost = 0;
  std::optional<double> rosi;  ///< (ale_reduction - annual_cost) / annual_cost; empty when free
};

/// The most vulnerable adversary path of a protection system in one control state.
struct ProtectionPath {
  std::vector<std::string> element_ids;  ///< in the order crossed, off-site to target
  double interruption_probability = 0;   ///< P_I (EASI)
  double system_effectiveness = 0;       ///< P_E = P_I x P_N
  friend bool operator==(const ProtectionPath&, const ProtectionPath&) = default;
};

/// A facility's physical protection: current (as modelled) and residual (with the upgrades
/// of every PROPOSED control that applies to the facility).
struct FacilityProtection {
  std::string facility;
  ProtectionPath current, residual;
  friend bool operator==(const FacilityProtection&, const FacilityProtection&) = default;
};

/// A facility or link of the supply network and what an outage of it alone costs in lost
/// sales (docs/network.md): the time-to-recover loss curve L(t) and what follows from it.
struct NetworkElement {
  std::string id;
  bool is_link = false;
  /// The longest outage with no lost sale (TTS); infinity when no outage of it loses one.
  double time_to_survive_days = 0;
  /// Breakpoints (days, lost-sales value) of L(t), from (0, 0); linear between them.
  std::vector<std::pair<double, double>> loss_curve;
  double final_slope_per_day = 0;  ///< L's slope past the last breakpoint
  /// Mean length of an outage of it: the mean downtime_days of the threats that cause
  /// outages there, weighted by their expected successful events without controls; 0 when
  /// none does.
  double typical_outage_days = 0;
  double typical_outage_loss = 0;  ///< L(typical_outage_days)
  /// Customers it alone cuts off from all supply (with no inventory anywhere): non-empty
  /// for a single point of failure.
  std::vector<std::string> cut_off_customers;
  friend bool operator==(const NetworkElement&, const NetworkElement&) = default;
};

/// A facility's or link's part in the risk (ISO 28000 4.3.1: which assets matter most),
/// and, for an element of the supply network, what an outage of it costs downstream.
struct TargetAssessment {
  std::string id;
  bool is_link = false;
  model::Segment segment = model::Segment::kUnspecified;
  std::array<double, engine::kStateCount> ale{};        ///< sum of the ALEs of the risks striking it
  std::array<double, engine::kStateCount> ale_share{};  ///< of the total ALE; 0 when that is 0
  /// 1 for the target with the largest ALE in the state; equal ALEs share a rank. Targets
  /// no risk strikes rank after all others.
  std::array<int, engine::kStateCount> criticality_rank{};
  std::optional<NetworkElement> network;  ///< when it is in the supply network
};

/// ISO 28000 3.9 and 4.4.6 b): the risk in each segment of the chain. UPSTREAM's is the
/// risk the organization's partners import into its operations.
struct SegmentAssessment {
  model::Segment segment = model::Segment::kUnspecified;
  std::array<double, engine::kStateCount> ale{};
  std::array<double, engine::kStateCount> ale_share{};
};

struct Assessment {
  std::uint64_t trials = 0;
  std::uint64_t first_trial = 0;
  std::uint64_t seed = 0;
  std::string model_name;
  std::string currency;
  RiskAssessment total;
  std::vector<RiskAssessment> risks;
  std::vector<ControlValue> controls;
  std::vector<FacilityProtection> protection;  ///< per facility with a protection system
  std::vector<TargetAssessment> targets;       ///< every facility, then every link, in model order
  /// UPSTREAM, OWN, DOWNSTREAM, then UNSPECIFIED when some target has no segment.
  std::vector<SegmentAssessment> segments;
};

/// Likelihood or impact band (1..5) of `value` against 4 ascending thresholds: band k + 1
/// holds values in [threshold k, threshold k + 1).
[[nodiscard]] int band(double value, const std::vector<double>& thresholds);

/// Tolerability of an ALE: INTOLERABLE at or above the intolerable limit, ACCEPTABLE at or
/// below the broadly acceptable limit, ALARP between.
[[nodiscard]] Tolerability tolerability(double ale, double broadly_acceptable_ale, double intolerable_ale);

/// What the results mean for the model that produced them: names, segments and criteria are
/// the model's, protection paths and network descriptions are worked out from it here.
/// Throws ResultsMismatch when the results have another model's shape (risks, controls).
[[nodiscard]] Assessment evaluate(const model::Model& model, const engine::Results& results);

/// The same, reusing what compiling the model worked out (the network's loss curves are not
/// solved again). Throws ResultsMismatch when the results are not this plan's.
[[nodiscard]] Assessment evaluate(const engine::Plan& plan, const engine::Results& results);

}  // namespace scrisk::assess
