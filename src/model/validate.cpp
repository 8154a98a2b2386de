#include "scrisk/model/validate.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <cmath>
#include <map>
#include <set>

#include "core/format.hpp"

namespace scrisk::model {
namespace {

using detail::format_number;
using detail::indexed;

/// Two-phase check (as SCRAM's initializer): register every id, then resolve references,
/// so a dangling id is reported with the path of the reference, not of the definition.
class Validator {
 public:
  explicit Validator(const Model& model) : model_(model) {}

  std::vector<Problem> run() {
    if (model_.facilities.empty() && model_.links.empty() && model_.threats.empty() && model_.controls.empty()) {
      fail("", "the model is empty: it needs facilities, threats and their targets");
      return std::move(problems_);
    }
    register_ids();
    for (std::size_t i = 0; i < model_.facilities.size(); ++i) check_facility(model_.facilities[i], indexed("facilities", i));
    for (std::size_t i = 0; i < model_.links.size(); ++i) check_link(model_.links[i], indexed("links", i));
    if (model_.threats.empty()) fail("threats", "the model has no threats: there is nothing to simulate");
    for (std::size_t i = 0; i < model_.threats.size(); ++i) check_threat(model_.threats[i], indexed("threats", i));
    std::size_t risks = 0;
    for (const Threat& threat : model_.threats) risks += threat.targets.size();
    if (risks > kMaxRisks)
      fail("threats", "the threats have " + std::to_string(risks) + " targets in all (risks); at most " +
                          std::to_string(kMaxRisks) + " are supported");
    for (std::size_t i = 0; i < model_.controls.size(); ++i) check_control(model_.controls[i], indexed("controls", i));
    check_criteria(model_.criteria);
    return std::move(problems_);
  }

 private:
  enum class Kind { kFacility, kLink, kThreat, kControl };

  void fail(const std::string& path, const std::string& message) { problems_.push_back({path, message}); }

  void register_ids() {
    auto add = [&](const std::string& id, Kind kind, const std::string& path) {
      if (id.empty()) return fail(path + ".id", "missing: every element needs an id");
      auto [it, inserted] = kinds_.emplace(id, std::make_pair(kind, path));
      if (!inserted) fail(path + ".id", "duplicate id \"" + id + "\" (already used by " + it->second.second + ")");
    };
    for (std::size_t i = 0; i < model_.facilities.size(); ++i)
      add(model_.facilities[i].id, Kind::kFacility, indexed("facilities", i));
    for (std::size_t i = 0; i < model_.links.size(); ++i) add(model_.links[i].id, Kind::kLink, indexed("links", i));
    for (std::size_t i = 0; i < model_.threats.size(); ++i) add(model_.threats[i].id, Kind::kThreat, indexed("threats", i));
    for (std::size_t i = 0; i < model_.controls.size(); ++i) add(model_.controls[i].id, Kind::kControl, indexed("controls", i));
  }

  bool is(const std::string& id, Kind kind) const {
    auto it = kinds_.find(id);
    return it != kinds_.end() && it->second.first == kind;
  }

  /// Reports a reference that does not name an element of the expected kind.
  bool resolve(const std::string& id, Kind kind, const std::string& path) {
    static constexpr const char* kKindNames[] = {"facility", "link", "threat", "control"};
    if (is(id, kind)) return true;
    auto it = kinds_.find(id);
    if (it == kinds_.end())
      fail(path, std::string("unknown ") + kKindNames[int(kind)] + " id \"" + id + "\"");
    else
      fail(path, "\"" + id + "\" is a " + kKindNames[int(it->second.first)] + ", not a " + kKindNames[int(kind)]);
    return false;
  }

  void finite_non_negative(double value, const std::string& path) {
    if (!std::isfinite(value))
      fail(path, "must be a finite number, got " + format_number(value));
    else if (value < 0)
      fail(path, "must be >= 0, got " + format_number(value));
  }

  void probability(double value, const std::string& path) {
    if (!(value >= 0 && value <= 1)) fail(path, "must be a probability in [0, 1], got " + format_number(value));
  }

  template <class Enum>
  void required(Enum value, const std::string& path, const char* choices) {
    if (value == Enum::kUnspecified) fail(path, std::string("missing: one of ") + choices);
  }

  void check_facility(const Facility& facility, const std::string& path) {
    required(facility.kind, path + ".kind",
             "PLANT WAREHOUSE PORT TERMINAL DISTRIBUTION_CENTER VEHICLE VESSEL IT_SYSTEM SUPPLIER CUSTOMER OFFICE");
    required(facility.segment, path + ".segment", "UPSTREAM OWN DOWNSTREAM");
    finite_non_negative(facility.asset_value, path + ".asset_value");
    finite_non_negative(facility.daily_value, path + ".daily_value");
    if (facility.protection) append(find_protection_problems(*facility.protection, path + ".protection"));
  }

  void append(std::vector<Problem> problems) {
    problems_.insert(problems_.end(), std::make_move_iterator(problems.begin()), std::make_move_iterator(problems.end()));
  }

  /// A protection upgrade changes the protection system of the facilities the control
  /// applies to: it needs a PROPOSED control (the existing protection is the facility's own)
  /// whose every scope names a facility with a protection system the upgrade fits.
  void check_protection_upgrade(const Control& control, const std::string& path) {
    const std::string upgrade_path = path + ".protection_upgrade";
    if (control.status == ControlStatus::kExisting)
      fail(upgrade_path,
           "only a PROPOSED control can carry a protection upgrade; existing protection is the "
           "facility's `protection`");
    for (std::size_t i = 0; i < control.applies_to.size(); ++i) {
      const AppliesTo& scope = control.applies_to[i];
      const std::string scope_path = indexed(path + ".applies_to", i);
      const Facility* facility = nullptr;
      for (const Facility& candidate : model_.facilities)
        if (!scope.facility.empty() && candidate.id == scope.facility) facility = &candidate;
      if (facility == nullptr || !facility->protection) {
        fail(scope.facility.empty() ? scope_path : scope_path + ".facility",
             "a control with a protection_upgrade must apply to facilities that have a `protection` system" +
                 (scope.facility.empty() ? std::string() : "; \"" + scope.facility + "\" has none"));
        continue;
      }
      if (find_protection_problems(*facility->protection, "").empty())
        append(find_protection_upgrade_problems(*facility->protection, *control.protection_upgrade, upgrade_path));
    }
  }

  void check_link(const Link& link, const std::string& path) {
    if (link.from.empty())
      fail(path + ".from", "missing: the facility the link starts at");
    else
      resolve(link.from, Kind::kFacility, path + ".from");
    if (link.to.empty())
      fail(path + ".to", "missing: the facility the link ends at");
    else
      resolve(link.to, Kind::kFacility, path + ".to");
    if (!link.from.empty() && link.from == link.to) fail(path + ".to", "a link cannot start and end at \"" + link.from + "\"");
    required(link.mode, path + ".mode", "ROAD RAIL SEA AIR PIPELINE INFORMATION INLAND_WATERWAY");
    finite_non_negative(link.transit_days, path + ".transit_days");
    if (link.daily_value) finite_non_negative(*link.daily_value, path + ".daily_value");
  }

  void check_threat(const Threat& threat, const std::string& path) {
    required(threat.category, path + ".category",
             "PHYSICAL OPERATIONAL NATURAL EXTERNAL STAKEHOLDER SECURITY_EQUIPMENT INFORMATION CONTINUITY");
    if (!threat.rate_per_year)
      fail(path + ".rate_per_year", "missing: attempts per year");
    else {
      const std::size_t before = problems_.size();
      validate(*threat.rate_per_year, path + ".rate_per_year", Support::kNonNegative, problems_);
      if (problems_.size() == before) check_rate_bound(threat, path + ".rate_per_year");
    }
    if (threat.loss) validate(*threat.loss, path + ".loss", Support::kNonNegative, problems_);
    if (threat.downtime_days) validate(*threat.downtime_days, path + ".downtime_days", Support::kNonNegative, problems_);
    probability(threat.vulnerability, path + ".vulnerability");
    if (threat.targets.empty()) fail(path + ".targets", "missing: a threat needs at least one target");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < threat.targets.size(); ++i) {
      const Target& target = threat.targets[i];
      const std::string target_path = indexed(path + ".targets", i);
      if (target.facility.empty() == target.link.empty()) {
        fail(target_path, "must name exactly one of facility and link");
        continue;
      }
      const bool known = target.facility.empty() ? resolve(target.link, Kind::kLink, target_path + ".link")
                                                 : resolve(target.facility, Kind::kFacility, target_path + ".facility");
      if (known && !seen.insert(target.id()).second)
        fail(target_path, "\"" + target.id() + "\" is already a target of this threat");
      if (!(std::isfinite(target.weight) && target.weight > 0))
        fail(target_path + ".weight", "must be a finite number > 0, got " + format_number(target.weight));
      if (target.damage_probability) {
        if (!threat.common_cause)
          fail(target_path + ".damage_probability",
               "only the targets of a common-cause threat have one (add common_cause {} to the threat)");
        else
          probability(*target.damage_probability, target_path + ".damage_probability");
      }
      if (known) risks_.insert({threat.id, target.id()});
    }
    if (threat.common_cause && threat.targets.size() > kMaxCommonCauseTargets)
      fail(path + ".targets", "a common-cause threat strikes at most " + std::to_string(kMaxCommonCauseTargets) +
                                  " targets (its correlation matrix is their number squared), got " +
                                  std::to_string(threat.targets.size()));
    else if (threat.common_cause)
      check_severity_correlation(threat, path + ".common_cause.severity_correlation");
  }

  /// The most attempts a year the rate allows: its upper end, or for a law without one its
  /// 1-in-a-million-year quantile (its mean would let normal { mean: 1 sd: 1e300 } through),
  /// at most kMaxRatePerYear; fewer for a threat on the supply network, whose outages of a
  /// year are priced together.
  void check_rate_bound(const Threat& threat, const std::string& path) {
    const Distribution& rate = *threat.rate_per_year;
    const double largest = std::isfinite(upper_bound(rate)) ? upper_bound(rate) : quantile(rate, kRateQuantileChecked);
    bool on_network = false;
    if (model_.supply_network)
      for (const Target& target : threat.targets)
        for (const auto& flow : model_.supply_network->facilities) on_network |= flow.facility == target.id();
    if (model_.supply_network)
      for (const Target& target : threat.targets)
        for (const auto& flow : model_.supply_network->links) on_network |= flow.link == target.id();
    const double limit = on_network ? kMaxNetworkRatePerYear : kMaxRatePerYear;
    if (largest > limit)
      fail(path, std::string(kind_name(rate)) + " allows " + format_number(largest) + " attempts per year; at most " +
                     format_number(limit) + " are supported" + (on_network ? " for a threat on the supply network" : ""));
  }

  /// A correlation matrix: K x K for K targets, finite entries in [-1, 1], unit diagonal,
  /// symmetric, and positive definite (so that its Cholesky factor exists).
  void check_severity_correlation(const Threat& threat, const std::string& path) {
    const std::vector<double>& matrix = threat.common_cause->severity_correlation;
    if (matrix.empty()) return;
    const std::size_t k = threat.targets.size();
    if (matrix.size() != k * k) {
      fail(path, "needs " + std::to_string(k * k) + " values, a row of " + std::to_string(k) + " per target, got " +
                     std::to_string(matrix.size()));
      return;
    }
    const std::size_t before = problems_.size();
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) {
        const double value = matrix[i * k + j];
        const std::string entry = indexed(path, i * k + j);
        if (!(value >= -1 && value <= 1))
          fail(entry, "must be a correlation in [-1, 1], got " + format_number(value));
        else if (i == j && value != 1)
          fail(entry, "a diagonal entry must be 1, got " + format_number(value));
        else if (j < i && std::fabs(value - matrix[j * k + i]) > 1e-12)
          fail(entry, "must equal " + indexed("severity_correlation", j * k + i) + " (" + format_number(matrix[j * k + i]) +
                          "): the matrix must be symmetric, got " + format_number(value));
      }
    if (problems_.size() != before) return;
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> correlation(
        matrix.data(), Eigen::Index(k), Eigen::Index(k));
    if (Eigen::LLT<Eigen::MatrixXd>(correlation).info() != Eigen::Success)
      fail(path,
           "is not positive definite: no joint law has these correlations (e.g. 0.9, 0.9 and -0.9 among three "
           "targets); lower the strongest ones");
  }

  bool targets_anything(const AppliesTo& scope) const {
    const std::string& target = scope.facility.empty() ? scope.link : scope.facility;
    for (const auto& [threat, risk_target] : risks_)
      if ((scope.threat.empty() || scope.threat == threat) && (target.empty() || target == risk_target)) return true;
    return false;
  }

  void check_control(const Control& control, const std::string& path) {
    required(control.status, path + ".status", "EXISTING PROPOSED");
    probability(control.effectiveness, path + ".effectiveness");
    probability(control.availability, path + ".availability");
    probability(control.deterrence, path + ".deterrence");
    probability(control.loss_reduction, path + ".loss_reduction");
    probability(control.downtime_reduction, path + ".downtime_reduction");
    finite_non_negative(control.annual_cost, path + ".annual_cost");
    if (control.protection_upgrade) check_protection_upgrade(control, path);
    if (control.applies_to.empty()) fail(path + ".applies_to", "missing: which threats and targets the control covers");
    for (std::size_t i = 0; i < control.applies_to.size(); ++i) {
      const AppliesTo& scope = control.applies_to[i];
      const std::string scope_path = indexed(path + ".applies_to", i);
      if (!scope.facility.empty() && !scope.link.empty()) {
        fail(scope_path, "must name at most one of facility and link");
        continue;
      }
      if (scope.threat.empty() && scope.facility.empty() && scope.link.empty()) {
        fail(scope_path, "must name a threat, a target (facility or link), or both");
        continue;
      }
      bool known = true;
      if (!scope.threat.empty()) known &= resolve(scope.threat, Kind::kThreat, scope_path + ".threat");
      if (!scope.facility.empty()) known &= resolve(scope.facility, Kind::kFacility, scope_path + ".facility");
      if (!scope.link.empty()) known &= resolve(scope.link, Kind::kLink, scope_path + ".link");
      if (known && !targets_anything(scope)) {
        const std::string target = scope.facility.empty() ? scope.link : scope.facility;
        fail(scope_path, scope.threat.empty() ? "no threat targets \"" + target + "\""
                         : target.empty()     ? "threat \"" + scope.threat + "\" has no targets"
                                              : "threat \"" + scope.threat + "\" does not target \"" + target + "\"");
      }
    }
  }

  void check_bands(const std::vector<double>& bands, const std::string& path) {
    if (bands.size() != 4) {
      fail(path, "must list 4 ascending thresholds (5 bands), got " + std::to_string(bands.size()));
      return;
    }
    for (std::size_t i = 0; i < bands.size(); ++i) {
      if (!(std::isfinite(bands[i]) && bands[i] > 0))
        fail(indexed(path, i), "must be a finite number > 0, got " + format_number(bands[i]));
      else if (i > 0 && !(bands[i] > bands[i - 1]))
        fail(indexed(path, i), "must be greater than the previous threshold " + format_number(bands[i - 1]));
    }
  }

  void check_limits(double broadly_acceptable, double intolerable, const std::string& prefix) {
    const std::string acceptable_path = "criteria." + prefix + "broadly_acceptable_ale";
    finite_non_negative(intolerable, "criteria." + prefix + "intolerable_ale");
    finite_non_negative(broadly_acceptable, acceptable_path);
    if (broadly_acceptable > intolerable)
      fail(acceptable_path, "(" + format_number(broadly_acceptable) + ") must be <= " + prefix + "intolerable_ale (" +
                                format_number(intolerable) +
                                "); when omitted they are 1e4 and 1e6 per risk, and the "
                                "per-risk values for the total");
  }

  void check_criteria(const Criteria& criteria) {
    check_bands(criteria.likelihood_bands_per_year, "criteria.likelihood_bands_per_year");
    check_bands(criteria.impact_bands, "criteria.impact_bands");
    check_limits(criteria.broadly_acceptable_ale, criteria.intolerable_ale, "");
    if (criteria.total_broadly_acceptable_ale || criteria.total_intolerable_ale)
      check_limits(criteria.total_broadly_acceptable_ale.value_or(criteria.broadly_acceptable_ale),
                   criteria.total_intolerable_ale.value_or(criteria.intolerable_ale), "total_");
  }

  const Model& model_;
  std::map<std::string, std::pair<Kind, std::string>> kinds_;
  std::set<std::pair<std::string, std::string>> risks_;
  std::vector<Problem> problems_;
};

}  // namespace

std::vector<Problem> find_problems(const Model& model) {
  std::vector<Problem> problems = Validator(model).run();
  if (model.supply_network) {
    std::vector<Problem> network_problems = find_problems(model, *model.supply_network);
    problems.insert(problems.end(), std::make_move_iterator(network_problems.begin()),
                    std::make_move_iterator(network_problems.end()));
  }
  return problems;
}

void validate(const Model& model) {
  auto problems = find_problems(model);
  if (!problems.empty()) throw ModelError(std::move(problems));
}

}  // namespace scrisk::model
