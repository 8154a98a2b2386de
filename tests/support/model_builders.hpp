// Terse builders of model elements for tests that construct models in code.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scrisk/model/model.hpp"

namespace scrisk::testing {

inline model::Facility facility(const std::string& id, double daily_value = 0,
                                model::FacilityKind kind = model::FacilityKind::kPlant) {
  model::Facility result;
  result.id = id;
  result.kind = kind;
  result.segment = model::Segment::kOwn;
  result.daily_value = daily_value;
  return result;
}

inline model::Link link(const std::string& id, const std::string& from, const std::string& to,
                        std::optional<double> daily_value = std::nullopt) {
  model::Link result;
  result.id = id;
  result.from = from;
  result.to = to;
  result.mode = model::LinkMode::kRoad;
  result.daily_value = daily_value;
  return result;
}

inline model::Threat threat(const std::string& id, Distribution rate, double vulnerability, std::vector<model::Target> targets,
                            std::optional<Distribution> loss = std::nullopt,
                            std::optional<Distribution> downtime = std::nullopt) {
  model::Threat result;
  result.id = id;
  result.category = model::ThreatCategory::kPhysical;
  result.rate_per_year = std::move(rate);
  result.vulnerability = vulnerability;
  result.targets = std::move(targets);
  result.loss = std::move(loss);
  result.downtime_days = std::move(downtime);
  return result;
}

/// A control with no effect yet: set the fields the test is about.
inline model::Control control(const std::string& id, model::ControlStatus status, std::vector<model::AppliesTo> applies_to) {
  model::Control result;
  result.id = id;
  result.status = status;
  result.applies_to = std::move(applies_to);
  return result;
}

}  // namespace scrisk::testing
