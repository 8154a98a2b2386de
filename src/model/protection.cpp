#include "scrisk/model/protection.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <set>
#include <utility>
#include "scrisk/core/error.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>

#include "core/format.hpp"

namespace scrisk::model {
namespace {

using detail::format_number;
using detail::indexed;

/// Area graph: vertices are indices into `areas`, each edge carries the index of its element.
using AreaGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, std::size_t>;
using Vertex = AreaGraph::vertex_descriptor;
using Edge = AreaGraph::edge_descriptor;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

/// Records the first back edge of every cycle the DFS meets, with the tree edge that
/// reached each vertex, so a cycle can be spelled out from the back edge's target down to
/// its source.
struct CycleFinder : boost::default_dfs_visitor {
  std::vector<std::size_t>* reached_by;  // element index of the tree edge into each vertex
  std::vector<std::size_t>* back_edges;  // element indices

  void tree_edge(Edge edge, const AreaGraph& graph) const { (*reached_by)[boost::target(edge, graph)] = graph[edge]; }
  void back_edge(Edge edge, const AreaGraph& graph) const { back_edges->push_back(graph[edge]); }
};

class ProtectionValidator {
 public:
  ProtectionValidator(const ProtectionSystem& system, std::string prefix) : system_(system), prefix_(std::move(prefix)) {}

  std::vector<Problem> run() {
    check_areas();
    check_elements();
    check_response();
    probability(system_.alarm_communication_probability, at("alarm_communication_probability"));
    probability(system_.neutralisation_probability, at("neutralisation_probability"));
    if (graph_complete_) check_graph();
    return std::move(problems_);
  }

 private:
  std::string at(const std::string& field) const { return prefix_.empty() ? field : prefix_ + "." + field; }
  void fail(const std::string& path, const std::string& message) { problems_.push_back({path, message}); }

  void finite_non_negative(double value, const std::string& path) {
    if (!std::isfinite(value))
      fail(path, "must be a finite number, got " + format_number(value));
    else if (value < 0)
      fail(path, "must be >= 0, got " + format_number(value));
  }

  void probability(double value, const std::string& path) {
    if (!(value >= 0 && value <= 1)) fail(path, "must be a probability in [0, 1], got " + format_number(value));
  }

  void check_areas() {
    if (system_.areas.empty()) {
      fail(at("areas"), "missing: the areas an adversary passes through, the off-site area first");
      graph_complete_ = false;
    }
    for (std::size_t i = 0; i < system_.areas.size(); ++i) {
      const std::string& id = system_.areas[i];
      const std::string path = indexed(at("areas"), i);
      if (id.empty()) {
        fail(path, "missing: every area needs an id");
        continue;
      }
      auto [it, inserted] = area_index_.emplace(id, i);
      if (!inserted) fail(path, "duplicate area id \"" + id + "\" (already areas[" + std::to_string(it->second) + "])");
    }
    const std::string& target = system_.target_area;
    if (target.empty()) {
      fail(at("target_area"), "missing: the area that holds the target");
      graph_complete_ = false;
    } else if (!area_index_.count(target)) {
      fail(at("target_area"), "unknown area id \"" + target + "\"");
      graph_complete_ = false;
    } else if (area_index_.at(target) == 0) {
      fail(at("target_area"), "\"" + target + "\" is the off-site area (areas[0]), where adversary paths start");
      graph_complete_ = false;
    }
  }

  /// Resolves an element's area reference; false (and a problem) when it names no area.
  bool area(const std::string& id, const std::string& path, const char* what) {
    if (id.empty())
      fail(path, std::string("missing: the area the element ") + what);
    else if (!area_index_.count(id))
      fail(path, "unknown area id \"" + id + "\"");
    else
      return true;
    return false;
  }

  void check_elements() {
    if (system_.elements.empty()) {
      fail(at("elements"), "missing: the protection elements an adversary crosses between areas");
      graph_complete_ = false;
    }
    std::map<std::string, std::size_t> ids;
    for (std::size_t i = 0; i < system_.elements.size(); ++i) {
      const ProtectionElement& element = system_.elements[i];
      const std::string path = indexed(at("elements"), i);
      if (element.id.empty())
        fail(path + ".id", "missing: every element needs an id");
      else if (auto [it, inserted] = ids.emplace(element.id, i); !inserted)
        fail(path + ".id", "duplicate element id \"" + element.id + "\" (already elements[" + std::to_string(it->second) + "])");
      const bool from = area(element.from_area, path + ".from_area", "leads from");
      const bool to = area(element.to_area, path + ".to_area", "leads to");
      if (!(from && to))
        graph_complete_ = false;
      else if (element.from_area == element.to_area)
        fail(path + ".to_area", "an element cannot lead from \"" + element.from_area + "\" back into it");
      probability(element.detection_probability, path + ".detection_probability");
      if (element.detection_probability > 0 && element.detection_at == DetectionPoint::kUnspecified)
        fail(path + ".detection_at",
             "missing: one of BEGINNING MIDDLE END (where in the task detection happens), required when "
             "detection_probability > 0");
      finite_non_negative(element.delay_mean_seconds, path + ".delay_mean_seconds");
      finite_non_negative(element.delay_sd_seconds, path + ".delay_sd_seconds");
    }
  }

  void check_response() {
    finite_non_negative(system_.response.time_mean_seconds, at("response.time_mean_seconds"));
    finite_non_negative(system_.response.time_sd_seconds, at("response.time_sd_seconds"));
  }

  /// Cycles, then reachability of the target; only when every area reference resolved.
  void check_graph() {
    AreaGraph graph(system_.areas.size());
    for (std::size_t i = 0; i < system_.elements.size(); ++i) {
      const ProtectionElement& element = system_.elements[i];
      if (element.from_area == element.to_area) continue;  // already reported
      boost::add_edge(area_index_.at(element.from_area), area_index_.at(element.to_area), i, graph);
    }

    std::vector<std::size_t> reached_by(system_.areas.size(), kNone), back_edges;
    CycleFinder finder;
    finder.reached_by = &reached_by;
    finder.back_edges = &back_edges;
    std::vector<boost::default_color_type> colors(system_.areas.size());
    boost::depth_first_search(graph, boost::visitor(finder).color_map(boost::make_iterator_property_map(
                                         colors.begin(), boost::get(boost::vertex_index, graph))));
    for (std::size_t closing : back_edges) report_cycle(closing, reached_by);
    if (!back_edges.empty()) return;

    std::vector<boost::default_color_type> seen(system_.areas.size(), boost::white_color);
    boost::breadth_first_visit(
        graph, Vertex{0},
        boost::color_map(boost::make_iterator_property_map(seen.begin(), boost::get(boost::vertex_index, graph))));
    if (seen[area_index_.at(system_.target_area)] == boost::white_color)
      fail(at("target_area"), "no sequence of elements leads from the off-site area \"" + system_.areas[0] + "\" to \"" +
                                  system_.target_area + "\"");
  }

  /// A back edge u -> v closes the cycle v -> ... -> u -> v along DFS tree edges.
  void report_cycle(std::size_t closing, const std::vector<std::size_t>& reached_by) {
    const ProtectionElement& last = system_.elements[closing];
    std::vector<std::string> areas{last.from_area};
    std::size_t guard = 0;
    for (std::string area = last.from_area; area != last.to_area && guard <= system_.areas.size(); ++guard) {
      const std::size_t element = reached_by[area_index_.at(area)];
      if (element == kNone) break;  // cannot happen for a DFS back edge; stay safe
      area = system_.elements[element].from_area;
      areas.push_back(area);
    }
    std::reverse(areas.begin(), areas.end());
    std::string cycle;
    for (const std::string& area : areas) cycle += "\"" + area + "\" -> ";
    cycle += "\"" + last.to_area + "\"";
    fail(indexed(at("elements"), closing) + ".to_area",
         "closes a cycle of areas " + cycle + ": an adversary path moves inward and never returns to an area");
  }

  const ProtectionSystem& system_;
  const std::string prefix_;
  std::map<std::string, std::size_t> area_index_;
  bool graph_complete_ = true;  // every area reference resolved and the target is a valid area
  std::vector<Problem> problems_;
};

}  // namespace

std::vector<Problem> find_protection_problems(const ProtectionSystem& system, const std::string& path_prefix) {
  return ProtectionValidator(system, path_prefix).run();
}

std::vector<Problem> find_protection_upgrade_problems(const ProtectionSystem& system, const ProtectionUpgrade& upgrade,
                                                      const std::string& path_prefix) {
  std::vector<Problem> problems;
  const auto at = [&](const std::string& field) { return path_prefix.empty() ? field : path_prefix + "." + field; };
  const auto fail = [&](const std::string& path, const std::string& message) { problems.push_back({path, message}); };
  const auto probability = [&](double value, const std::string& path) {
    if (!(value >= 0 && value <= 1)) fail(path, "must be a probability in [0, 1], got " + format_number(value));
  };
  const auto finite_non_negative = [&](double value, const std::string& path) {
    if (!std::isfinite(value))
      fail(path, "must be a finite number, got " + format_number(value));
    else if (value < 0)
      fail(path, "must be >= 0, got " + format_number(value));
  };

  std::map<std::string, std::size_t> element_index;
  for (std::size_t i = 0; i < system.elements.size(); ++i) element_index.emplace(system.elements[i].id, i);
  const auto known = [&](const std::string& id, const std::string& path) {
    if (id.empty())
      fail(path, "missing: the id of an element of the facility's protection system");
    else if (!element_index.count(id))
      fail(path, "unknown protection element id \"" + id + "\"");
    else
      return true;
    return false;
  };

  std::set<std::string> changed;
  for (std::size_t i = 0; i < upgrade.element_changes.size(); ++i) {
    const ProtectionElementChange& change = upgrade.element_changes[i];
    const std::string path = indexed(at("element_changes"), i);
    if (known(change.element, path + ".element") && !changed.insert(change.element).second)
      fail(path + ".element", "\"" + change.element + "\" is already changed by this upgrade");
    if (change.detection_probability) probability(*change.detection_probability, path + ".detection_probability");
    if (change.delay_mean_seconds) finite_non_negative(*change.delay_mean_seconds, path + ".delay_mean_seconds");
    if (change.delay_sd_seconds) finite_non_negative(*change.delay_sd_seconds, path + ".delay_sd_seconds");
    if (change.detection_at && *change.detection_at == DetectionPoint::kUnspecified)
      fail(path + ".detection_at", "must be one of BEGINNING MIDDLE END when set");
    if (element_index.count(change.element) && !change.detection_at) {
      const ProtectionElement& element = system.elements[element_index.at(change.element)];
      const double detection = change.detection_probability.value_or(element.detection_probability);
      if (detection > 0 && change.detection_at.value_or(element.detection_at) == DetectionPoint::kUnspecified)
        fail(path + ".detection_at",
             "missing: one of BEGINNING MIDDLE END, required once detection_probability > 0 "
             "(the element has none)");
    }
  }

  bool removals_known = true;
  std::set<std::string> removed;
  for (std::size_t i = 0; i < upgrade.removed_elements.size(); ++i) {
    const std::string path = indexed(at("removed_elements"), i);
    if (!known(upgrade.removed_elements[i], path))
      removals_known = false;
    else if (!removed.insert(upgrade.removed_elements[i]).second)
      fail(path, "\"" + upgrade.removed_elements[i] + "\" is already removed");
    else if (changed.count(upgrade.removed_elements[i]))
      fail(path, "\"" + upgrade.removed_elements[i] + "\" is both changed and removed by this upgrade");
  }

  if (upgrade.response) {
    finite_non_negative(upgrade.response->time_mean_seconds, at("response.time_mean_seconds"));
    finite_non_negative(upgrade.response->time_sd_seconds, at("response.time_sd_seconds"));
  }
  if (upgrade.alarm_communication_probability)
    probability(*upgrade.alarm_communication_probability, at("alarm_communication_probability"));
  if (upgrade.neutralisation_probability) probability(*upgrade.neutralisation_probability, at("neutralisation_probability"));

  // Removing elements can only disconnect the target (it cannot create a cycle), so the one
  // structural problem an upgrade adds is checked by validating the system it leaves.
  if (!removed.empty() && removals_known && find_protection_problems(system, "").empty()) {
    ProtectionSystem remaining = system;
    std::erase_if(remaining.elements, [&](const ProtectionElement& element) { return removed.count(element.id) > 0; });
    if (!find_protection_problems(remaining, "").empty())
      fail(at("removed_elements"), "removing these elements leaves no path from the off-site area to \"" + system.target_area +
                                       "\"; a protection system always has a way in");
  }
  return problems;
}

ProtectionSystem apply_upgrade(ProtectionSystem system, const ProtectionUpgrade& upgrade) {
  const auto find = [&](const std::string& id) -> ProtectionElement& {
    for (ProtectionElement& element : system.elements)
      if (element.id == id) return element;
    throw UsageError("upgrade", "names unknown protection element \"" + id + "\"");
  };
  for (const ProtectionElementChange& change : upgrade.element_changes) {
    ProtectionElement& element = find(change.element);
    if (change.detection_probability) element.detection_probability = *change.detection_probability;
    if (change.detection_at) element.detection_at = *change.detection_at;
    if (change.delay_mean_seconds) element.delay_mean_seconds = *change.delay_mean_seconds;
    if (change.delay_sd_seconds) element.delay_sd_seconds = *change.delay_sd_seconds;
  }
  for (const std::string& id : upgrade.removed_elements) (void)find(id);
  std::erase_if(system.elements, [&](const ProtectionElement& element) {
    return std::find(upgrade.removed_elements.begin(), upgrade.removed_elements.end(), element.id) !=
           upgrade.removed_elements.end();
  });
  if (upgrade.response) system.response = *upgrade.response;
  if (upgrade.alarm_communication_probability) system.alarm_communication_probability = *upgrade.alarm_communication_probability;
  if (upgrade.neutralisation_probability) system.neutralisation_probability = *upgrade.neutralisation_probability;
  return system;
}

const char* to_string(DetectionPoint value) {
  switch (value) {
    case DetectionPoint::kBeginning: return "BEGINNING";
    case DetectionPoint::kMiddle: return "MIDDLE";
    case DetectionPoint::kEnd: return "END";
    case DetectionPoint::kUnspecified: break;
  }
  return "DETECTION_POINT_UNSPECIFIED";
}

}  // namespace scrisk::model
