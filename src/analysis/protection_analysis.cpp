// EASI and the most vulnerable path. Conventions and their sources are in the comments of
// response_in_time() and easi(); docs/protection.md has the formulas and a worked example.
#include "scrisk/analysis/protection_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/topological_sort.hpp>

namespace scrisk::analysis {
namespace {

using model::DetectionPoint;
using model::ProtectionElement;
using model::ProtectionSystem;
using model::ResponseForce;

constexpr const char* kPrefix = "protection";

/// Fraction of element i's own delay still ahead of the adversary when detection happens:
/// EASI's B / M / E locations.
double remaining_fraction(const ProtectionElement& element) {
  switch (element.detection_at) {
    case DetectionPoint::kBeginning: return 1;
    case DetectionPoint::kMiddle: return 0.5;
    case DetectionPoint::kEnd: return 0;
    case DetectionPoint::kUnspecified: break;
  }
  if (element.detection_probability > 0)
    throw UsageError("detection_at", "protection element \"" + element.id +
                                         "\" has a detection probability but no detection point (BEGINNING, MIDDLE or END)");
  return 0;  // never detected there, so the fraction is never used
}

/// P(the response force arrives before the adversary finishes) when the adversary's remaining
/// time is normal with this mean and variance and the response time is normal and independent:
/// P(R < T) = Phi((E[T] - mu_R) / sqrt(Var T + sigma_R^2)). With no variance at all it is the
/// step the normal tends to, taking a tie as not in time (the response must arrive strictly
/// before the task ends).
double response_in_time(double remaining_mean, double remaining_variance, const ResponseForce& response) {
  const double variance = remaining_variance + response.time_sd_seconds * response.time_sd_seconds;
  const double margin = remaining_mean - response.time_mean_seconds;
  if (!(variance > 0)) return margin > 0 ? 1.0 : 0.0;
  return 0.5 * std::erfc(-margin / std::sqrt(2 * variance));  // Phi(margin / sd), accurate in both tails
}

/// Time still ahead of a path's elements beyond those given explicitly: for an exact EASI it
/// is zero; for a lower bound over every completion of a partial path it is the least mean
/// delay and the range of delay variances of the completions (see Search::lower_bound).
struct Tail {
  double mean = 0;
  double variance_low = 0;
  double variance_high = 0;
};

/// EASI (Bennett 1977; Garcia 2007, ch. "Analysis and evaluation" and its EASI spreadsheet):
///   P_I = P_C * sum_i P_Di * prod_{j<i} (1 - P_Dj) * Phi((T_i - mu_R) / sqrt(V_i + sigma_R^2))
/// with, for detection at element i, f_i = 1 (BEGINNING), 1/2 (MIDDLE), 0 (END),
///   T_i = f_i mu_i + sum_{k>i} mu_k,   V_i = f_i^2 sigma_i^2 + sum_{k>i} sigma_k^2.
/// The remaining time is the random variable f_i X_i + sum_{k>i} X_k with independent normal
/// delays X_k, so its variance carries f_i squared: the half element left after a detection in
/// the middle has sd sigma_i / 2, variance sigma_i^2 / 4. This is the "true mean" and "true
/// variance" of the EASI spreadsheet as reimplemented in the open EASI web application
/// (EASI.js: weight 1 / 0.5 / 0 on the element's mean, weight squared on its variance); we
/// could not check Sandia's original workbook itself. Only the first detection counts: the
/// response is dispatched then, and P_C multiplies the whole sum.
///
/// With a non-zero Tail the Phi term of every element is replaced by its minimum over the
/// tail's means >= tail.mean and variances in [variance_low, variance_high] (see lower_bound);
/// with a zero tail it is exactly EASI, so a bound at the target equals the path's P_I.
template <class ElementAt>
double easi(std::size_t n, ElementAt element_at, const ResponseForce& response, double communication, const Tail& tail,
            std::vector<double>& remaining_mean, std::vector<double>& remaining_variance) {
  remaining_mean.resize(n);
  remaining_variance.resize(n);
  double mean_after = tail.mean, variance_after = 0;
  for (std::size_t i = n; i-- > 0;) {
    const ProtectionElement& element = element_at(i);
    const double fraction = remaining_fraction(element);
    const double variance = element.delay_sd_seconds * element.delay_sd_seconds;
    remaining_mean[i] = fraction * element.delay_mean_seconds + mean_after;
    remaining_variance[i] = fraction * fraction * variance + variance_after;
    mean_after += element.delay_mean_seconds;
    variance_after += variance;
  }
  double sum = 0, undetected = 1;
  for (std::size_t i = 0; i < n; ++i) {
    const ProtectionElement& element = element_at(i);
    const double first_detection = element.detection_probability * undetected;
    if (first_detection > 0) {
      const double low = response_in_time(remaining_mean[i], remaining_variance[i] + tail.variance_low, response);
      const double high = tail.variance_high == tail.variance_low
                              ? low
                              : response_in_time(remaining_mean[i], remaining_variance[i] + tail.variance_high, response);
      sum += first_detection * std::min(low, high);
    }
    undetected *= 1 - element.detection_probability;
  }
  return communication * sum;
}

void require_valid(const ProtectionSystem& system) {
  auto problems = model::find_protection_problems(system, kPrefix);
  if (!problems.empty()) throw ModelError(std::move(problems));
}

using AreaGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, std::size_t>;
using Vertex = AreaGraph::vertex_descriptor;

/// Depth-first search over every path from off-site to the target, with branch and bound.
///
/// Why it is exact. Validation rejects cycles, so the area graph is a DAG: every walk is a
/// simple path and the DFS over out-edges (parallel edges are distinct alternatives) meets
/// each off-site -> target path exactly once. A partial path p ending at area v is abandoned
/// only when a lower bound on P_I of every completion p + s (s any path v -> target) exceeds
/// the best complete P_I found so far, so no path that could beat it is ever skipped. The
/// bound: P_I(p + s) = P_C [sum over i in p of f_i Phi(z_i) + (terms of s, each >= 0)], where
/// f_i = P_Di prod_{j<i}(1 - P_Dj) depends on p alone and
///   z_i = (a_i + D(s)) / sqrt(b_i + V(s)),  a_i = T_i within p - mu_R,  b_i = V_i within p + sigma_R^2,
/// D(s), V(s) the sums of the means and variances of s's delays. z_i is non-decreasing in D
/// (and so is the zero-variance step), and for fixed D monotone in V, so over the box
/// D >= D_min(v), V in [V_min(v), V_max(v)] -- which contains every completion -- its minimum
/// is at D = D_min and one of the two V ends. Dropping the terms of s (>= 0) keeps it a lower
/// bound. D_min, V_min, V_max per area come from one pass over the DAG in reverse topological
/// order. P_I is not additive along a path (each Phi depends on everything after it), which is
/// why neither a shortest-path algorithm nor a bound from the prefix's terms alone would do.
class Search {
 public:
  Search(const ProtectionSystem& system, const PathSearchLimits& limits)
      : system_(system), limits_(limits), graph_(system.areas.size()) {
    std::map<std::string, Vertex> vertex;
    for (std::size_t i = 0; i < system.areas.size(); ++i) vertex.emplace(system.areas[i], i);
    target_ = vertex.at(system.target_area);
    for (std::size_t i = 0; i < system.elements.size(); ++i)
      boost::add_edge(vertex.at(system.elements[i].from_area), vertex.at(system.elements[i].to_area), i, graph_);
    bound_completions();
  }

  AdversaryPath run() {
    path_.clear();
    explore(0);
    AdversaryPath result;
    for (std::size_t element : best_path_) result.element_ids.push_back(system_.elements[element].id);
    result.interruption_probability = best_;
    result.system_effectiveness = best_ * system_.neutralisation_probability;
    return result;
  }

 private:
  static constexpr double kUnreachable = std::numeric_limits<double>::infinity();
  // Slack on the pruning test so rounding in the bound (its sums run in another order than a
  // path's own) can never discard a path that is better by less than a rounding error.
  static constexpr double kPruneSlack = 1e-12;

  /// Least mean delay and the range of delay variances over the paths from each area to the
  /// target; kUnreachable mean for areas with no such path (the search never enters them).
  void bound_completions() {
    const std::size_t n = system_.areas.size();
    min_mean_.assign(n, kUnreachable);
    min_variance_.assign(n, kUnreachable);
    max_variance_.assign(n, -kUnreachable);
    std::vector<Vertex> order;
    boost::topological_sort(graph_, std::back_inserter(order));  // successors before predecessors
    for (Vertex v : order) {
      if (v == target_) {  // a path ends on reaching the target, whatever leads on from it
        min_mean_[v] = min_variance_[v] = max_variance_[v] = 0;
        continue;
      }
      for (auto [edge, end] = boost::out_edges(v, graph_); edge != end; ++edge) {
        const Vertex next = boost::target(*edge, graph_);
        if (min_mean_[next] == kUnreachable) continue;
        const ProtectionElement& element = system_.elements[graph_[*edge]];
        const double variance = element.delay_sd_seconds * element.delay_sd_seconds;
        min_mean_[v] = std::min(min_mean_[v], element.delay_mean_seconds + min_mean_[next]);
        min_variance_[v] = std::min(min_variance_[v], variance + min_variance_[next]);
        max_variance_[v] = std::max(max_variance_[v], variance + max_variance_[next]);
      }
    }
  }

  /// Lower bound on P_I of every completion of path_ (which ends at `area`); exact at the target.
  double lower_bound(Vertex area) {
    const Tail tail{min_mean_[area], min_variance_[area], max_variance_[area]};
    return easi(
        path_.size(), [&](std::size_t i) -> const ProtectionElement& { return system_.elements[path_[i]]; }, system_.response,
        system_.alarm_communication_probability, tail, scratch_mean_, scratch_variance_);
  }

  void explore(Vertex area) {
    if (area == target_) {
      const double value = lower_bound(area);
      if (value < best_) {
        best_ = value;
        best_path_ = path_;
      }
      return;
    }
    for (auto [edge, end] = boost::out_edges(area, graph_); edge != end; ++edge) {
      if (best_ == 0) return;  // nothing beats a path that is never interrupted
      const Vertex next = boost::target(*edge, graph_);
      if (min_mean_[next] == kUnreachable) continue;
      if (++partial_paths_ > limits_.max_partial_paths)
        throw PathSearchLimitExceeded(
            "the most vulnerable path search examined more than " + std::to_string(limits_.max_partial_paths) +
            " partial paths without finishing: the protection system has too many alternative paths; merge "
            "equivalent alternatives (elements with the same areas, detection and delay) or raise "
            "PathSearchLimits::max_partial_paths");
      path_.push_back(graph_[*edge]);
      if (!(lower_bound(next) > best_ + kPruneSlack)) explore(next);
      path_.pop_back();
    }
  }

  const ProtectionSystem& system_;
  const PathSearchLimits limits_;
  AreaGraph graph_;
  Vertex target_ = 0;
  std::vector<double> min_mean_, min_variance_, max_variance_;
  std::vector<std::size_t> path_, best_path_;  // element indices
  double best_ = std::numeric_limits<double>::infinity();
  std::uint64_t partial_paths_ = 0;
  std::vector<double> scratch_mean_, scratch_variance_;
};

}  // namespace

double interruption_probability(std::span<const ProtectionElement> path, const ResponseForce& response,
                                double alarm_communication_probability) {
  std::vector<double> mean, variance;
  return easi(
      path.size(), [&](std::size_t i) -> const ProtectionElement& { return path[i]; }, response, alarm_communication_probability,
      Tail{}, mean, variance);
}

double interruption_probability(const ProtectionSystem& system, const std::vector<std::string>& element_ids) {
  require_valid(system);
  if (element_ids.empty()) throw UsageError("element_ids", "an adversary path needs at least one element");
  std::map<std::string, const ProtectionElement*> by_id;
  for (const ProtectionElement& element : system.elements) by_id.emplace(element.id, &element);
  std::vector<ProtectionElement> path;
  std::string area = system.areas.front();
  for (const std::string& id : element_ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) throw UsageError("element_ids", "unknown protection element \"" + id + "\"");
    if (it->second->from_area != area)
      throw UsageError("element_ids", std::string("element \"")
                                          .append(id)
                                          .append("\" leads from \"")
                                          .append(it->second->from_area)
                                          .append("\", but the path is in \"")
                                          .append(area)
                                          .append("\" there"));
    if (area == system.target_area)
      throw UsageError("element_ids", std::string("the path has reached the target area \"")
                                          .append(area)
                                          .append("\" before element \"")
                                          .append(id)
                                          .append("\""));
    path.push_back(*it->second);
    area = it->second->to_area;
  }
  if (area != system.target_area)
    throw UsageError("element_ids", "the path ends in \"" + area + "\", not in the target area \"" + system.target_area + "\"");
  return interruption_probability(path, system.response, system.alarm_communication_probability);
}

AdversaryPath most_vulnerable_path(const ProtectionSystem& system, const PathSearchLimits& limits) {
  require_valid(system);
  return Search(system, limits).run();
}

}  // namespace scrisk::analysis
