#include "scrisk/model/outage.hpp"

#include <cmath>
#include <string_view>
#include <unordered_set>

#include "core/format.hpp"

namespace scrisk::model {
namespace {

using detail::format_number;

/// The facility and link ids of the network, for one lookup per outage.
std::unordered_set<std::string_view> network_ids(const SupplyNetwork& network) {
  std::unordered_set<std::string_view> ids;
  for (const FacilityFlow& flow : network.facilities) ids.insert(flow.facility);
  for (const LinkFlow& flow : network.links) ids.insert(flow.link);
  return ids;
}

/// Why `element`, which is not in the network, cannot be out.
std::string unknown_element(const Model& model, const std::string& element) {
  for (const Facility& facility : model.facilities)
    if (facility.id == element)
      return "facility \"" + element + "\" is not in the supply_network: it carries no goods, so its outage loses no sale";
  for (const Link& link : model.links)
    if (link.id == element)
      return "link \"" + element + "\" is not in the supply_network: it carries no goods, so its outage loses no sale";
  if (element.empty()) return "missing: the id of a facility or link of the supply_network";
  return "no facility or link of the supply_network has the id \"" + element + "\"";
}

void check_day(double value, const std::string& path, std::vector<Problem>& problems) {
  if (!std::isfinite(value))
    problems.push_back({path, "must be a finite number of days, got " + format_number(value)});
  else if (value < 0)
    problems.push_back({path, "cannot be negative, got " + format_number(value)});
}

}  // namespace

std::vector<Problem> find_problems(const Model& model, const std::vector<Outage>& outages) {
  std::vector<Problem> problems;
  if (!model.supply_network) {
    problems.push_back({"", "the model has no supply_network: a stress test prices outages of its facilities and links"});
    return problems;
  }
  const std::unordered_set<std::string_view> ids = network_ids(*model.supply_network);
  if (outages.empty()) problems.push_back({"outages", "the list is empty: a stress test needs at least one outage"});
  for (std::size_t i = 0; i < outages.size(); ++i) {
    const Outage& outage = outages[i];
    const std::string path = detail::indexed("outages", i);
    if (!ids.contains(outage.element)) problems.push_back({path + ".element", unknown_element(model, outage.element)});
    const std::size_t before = problems.size();
    check_day(outage.start_day, path + ".start_day", problems);
    check_day(outage.duration_days, path + ".duration_days", problems);
    if (problems.size() == before && outage.start_day + outage.duration_days > kMaxOutageEndDay)
      problems.push_back({path + ".duration_days",
                          "the outage ends on day " + format_number(outage.start_day + outage.duration_days) + ", after day " +
                              format_number(kMaxOutageEndDay) + " (a century), the latest a stress scenario may reach"});
  }
  return problems;
}

}  // namespace scrisk::model
