// Protection systems the protection tests build in code: one element, and the worked example of
// docs/protection.md.
#pragma once

#include <string>

#include "scrisk/model/protection.hpp"

namespace scrisk::testing {

inline constexpr model::DetectionPoint B = model::DetectionPoint::kBeginning;
inline constexpr model::DetectionPoint M = model::DetectionPoint::kMiddle;
inline constexpr model::DetectionPoint E = model::DetectionPoint::kEnd;
inline constexpr model::DetectionPoint U = model::DetectionPoint::kUnspecified;

inline model::ProtectionElement element(const std::string& id, const std::string& from, const std::string& to, double detection,
                                        model::DetectionPoint at, double mean, double sd) {
  model::ProtectionElement result;
  result.id = id;
  result.from_area = from;
  result.to_area = to;
  result.detection_probability = detection;
  result.detection_at = at;
  result.delay_mean_seconds = mean;
  result.delay_sd_seconds = sd;
  return result;
}

/// The worked example of docs/protection.md: a yard behind a fence or a gate, a building
/// entered by a door or a roof hatch, and the sabotage task at the target.
inline model::ProtectionSystem worked_example() {
  model::ProtectionSystem system;
  system.areas = {"offsite", "yard", "building", "target"};
  system.target_area = "target";
  system.elements = {
      element("fence", "offsite", "yard", 0.5, M, 60, 20),     element("gate", "offsite", "yard", 0.2, B, 20, 6),
      element("door", "yard", "building", 0.5, B, 90, 30),     element("hatch", "yard", "building", 0.95, E, 30, 10),
      element("sabotage", "building", "target", 0, U, 60, 20),
  };
  system.response = {150, 45};
  system.alarm_communication_probability = 0.95;
  system.neutralisation_probability = 0.8;
  return system;
}

}  // namespace scrisk::testing
