#include <nlohmann/json.hpp>

#include <type_traits>

#include "core/guard.hpp"
#include "scrisk/report/report.hpp"

namespace scrisk::report {
namespace {

using json = nlohmann::ordered_json;  // keys in contract order, not sorted
using engine::State;

/// NaN and infinities have no JSON spelling: they become null.
json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

json loss_json(const assess::LossSummary& loss) {
  json quantiles = json::object(), tvar = json::object(), lec = json::array();
  for (std::size_t q = 0; q < assess::kQuantileLevels.size(); ++q)
    quantiles[assess::kQuantileNames[q]] = number(loss.quantiles[q]);
  for (std::size_t q = 0; q < assess::kTvarLevels.size(); ++q) tvar[assess::kTvarNames[q]] = number(loss.tvar[q]);
  for (const auto& [amount, probability] : loss.lec) lec.push_back({number(amount), number(probability)});
  return {{"ale", number(loss.ale)},
          {"ale_stderr", number(loss.ale_stderr)},
          {"sd", number(loss.sd)},
          {"events_per_year", number(loss.events_per_year)},
          {"prob_any", number(loss.prob_any)},
          {"quantiles", quantiles},
          {"tvar", tvar},
          {"lec", lec},
          {"quantile_method", loss.exact_quantiles ? "exact" : "histogram"}};
}

json risk_json(const assess::RiskAssessment& risk) {
  json out = json::object();
  if (!risk.threat.empty()) {
    out["threat"] = risk.threat;
    out["target"] = risk.target;
  }
  json level = json::object(), tolerability = json::object();
  for (State state : engine::kStates) {
    const assess::StateAssessment& s = risk[state];
    out[engine::to_string(state)] = loss_json(s.loss);
    level[engine::to_string(state)] = {
        {"likelihood", s.level.likelihood}, {"impact", s.level.impact}, {"score", s.level.score()}};
    tolerability[engine::to_string(state)] = assess::to_string(s.tolerability);
  }
  out["level"] = level;
  out["tolerability"] = tolerability;
  return out;
}

/// {"inherent": v, "current": v, "residual": v}
template <class T>
json by_state(const std::array<T, engine::kStateCount>& values) {
  json out = json::object();
  for (State state : engine::kStates) {
    if constexpr (std::is_floating_point_v<T>)
      out[engine::to_string(state)] = number(values[int(state)]);
    else
      out[engine::to_string(state)] = values[int(state)];
  }
  return out;
}

json network_json(const assess::NetworkElement& label) {
  json curve = json::array();
  for (const auto& [days, value] : label.loss_curve) curve.push_back({number(days), number(value)});
  return {
      {"time_to_survive_days", number(label.time_to_survive_days)}, {"loss_curve", curve},
      {"final_slope_per_day", number(label.final_slope_per_day)},   {"typical_outage_days", number(label.typical_outage_days)},
      {"typical_outage_loss", number(label.typical_outage_loss)},   {"cut_off_customers", label.cut_off_customers}};
}

json target_json(const assess::TargetAssessment& target) {
  return {{"id", target.id},
          {"segment", model::to_string(target.segment)},
          {"ale", by_state(target.ale)},
          {"ale_share", by_state(target.ale_share)},
          {"criticality_rank", by_state(target.criticality_rank)},
          {"network", target.network ? network_json(*target.network) : json(nullptr)}};
}

}  // namespace

namespace {

std::string dump(const json& value, int indent) { return value.dump(indent, ' ', false, json::error_handler_t::replace); }

/// The risks array, one risk at a time, as the whole document's dump would print it at the
/// top level's depth: a model of many risks never holds all of them as JSON values at once.
std::string risks_text(const std::vector<assess::RiskAssessment>& risks, int indent) {
  if (risks.empty()) return "[]";
  const std::string newline = indent >= 0 ? "\n" : "";
  const std::string element_indent(std::size_t(std::max(indent, 0) * 2), ' '),
      close_indent(std::size_t(std::max(indent, 0)), ' ');
  std::string text = "[" + newline;
  for (std::size_t r = 0; r < risks.size(); ++r) {
    std::string element = dump(risk_json(risks[r]), indent);
    if (indent >= 0)
      for (std::size_t at = element.find('\n'); at != std::string::npos; at = element.find('\n', at + 1))
        element.insert(at + 1, element_indent);
    text += element_indent;
    text += element;
    if (r + 1 < risks.size()) text += ',';
    text += newline;
  }
  return text + close_indent + "]";
}

std::string json_of(const assess::Assessment& assessment, int indent) {
  json controls = json::array();
  for (const auto& control : assessment.controls)
    controls.push_back({{"id", control.id},
                        {"status", model::to_string(control.status)},
                        {"ale_reduction", number(control.ale_reduction)},
                        {"ale_reduction_stderr", number(control.ale_reduction_stderr)},
                        {"annual_cost", number(control.annual_cost)},
                        {"rosi", control.rosi ? number(*control.rosi) : json(nullptr)}});
  json protection = json::array();
  for (const auto& facility : assessment.protection) {
    auto path_json = [](const assess::ProtectionPath& path) {
      return json{{"interruption_probability", number(path.interruption_probability)},
                  {"system_effectiveness", number(path.system_effectiveness)},
                  {"path", path.element_ids}};
    };
    protection.push_back(
        {{"facility", facility.facility}, {"current", path_json(facility.current)}, {"residual", path_json(facility.residual)}});
  }
  json facilities = json::array(), links = json::array(), segments = json::array(), single_points = json::array();
  for (const auto& target : assessment.targets) {
    (target.is_link ? links : facilities).push_back(target_json(target));
    if (target.network && !target.network->cut_off_customers.empty())
      single_points.push_back({{"element", target.id}, {"customers", target.network->cut_off_customers}});
  }
  for (const auto& segment : assessment.segments)
    segments.push_back({{"segment", model::to_string(segment.segment)},
                        {"ale", by_state(segment.ale)},
                        {"ale_share", by_state(segment.ale_share)}});
  const json out = {{"model", assessment.model_name},
                    {"trials", assessment.trials},
                    {"first_trial", assessment.first_trial},
                    {"seed", assessment.seed},
                    {"currency", assessment.currency},
                    {"total", risk_json(assessment.total)},
                    {"risks", json::array()},  // replaced by risks_text
                    {"controls", controls},
                    {"protection", protection},
                    {"facilities", facilities},
                    {"links", links},
                    {"segments", segments},
                    {"single_points_of_failure", single_points}};
  std::string text = dump(out, indent);
  const std::string placeholder = indent >= 0 ? "\"risks\": []" : "\"risks\":[]";
  text.replace(text.find(placeholder), placeholder.size(),
               (indent >= 0 ? "\"risks\": " : "\"risks\":") + risks_text(assessment.risks, indent));
  return text + "\n";
}

}  // namespace

std::string to_json(const assess::Assessment& assessment, int indent) {
  return scrisk::detail::guarded("to_json", [&] { return json_of(assessment, indent); });
}

}  // namespace scrisk::report
