#include "assess/criticality.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <string>

namespace scrisk::assess::detail {
namespace {

constexpr std::array<model::Segment, 4> kSegmentOrder{model::Segment::kUpstream, model::Segment::kOwn,
                                                      model::Segment::kDownstream, model::Segment::kUnspecified};

/// Rank 1 = largest ALE; equal ALEs share the better rank; targets with no risk at all
/// (ALE 0 and never struck) come after every struck target.
void rank(std::vector<TargetAssessment>& targets, const std::vector<bool>& struck, int state) {
  std::vector<std::size_t> order(targets.size());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](std::size_t t) { return std::pair(struck[t] ? 0 : 1, -targets[t].ale[state]); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  for (std::size_t i = 0; i < order.size(); ++i) {
    const bool tied = i > 0 && key(order[i]) == key(order[i - 1]);
    targets[order[i]].criticality_rank[state] = tied ? targets[order[i - 1]].criticality_rank[state] : int(i) + 1;
  }
}

}  // namespace

void assess_targets(const model::Model& model, std::vector<NetworkElement> network, Assessment& assessment) {
  std::map<std::string, std::size_t> index;
  std::map<std::string, model::Segment> segment_of;
  for (const model::Facility& facility : model.facilities) {
    index.emplace(facility.id, assessment.targets.size());
    segment_of.emplace(facility.id, facility.segment);
    assessment.targets.push_back({facility.id, false, facility.segment, {}, {}, {}, std::nullopt});
  }
  // ISO 28000 3.9: goods in transit count where they were shipped from.
  for (const model::Link& link : model.links) {
    index.emplace(link.id, assessment.targets.size());
    assessment.targets.push_back({link.id, true, segment_of.at(link.from), {}, {}, {}, std::nullopt});
  }
  std::vector<bool> struck(assessment.targets.size(), false);
  for (const RiskAssessment& risk : assessment.risks) {
    const std::size_t t = index.at(risk.target);
    struck[t] = true;
    for (int s = 0; s < engine::kStateCount; ++s) assessment.targets[t].ale[s] += risk.states[s].loss.ale;
  }
  for (NetworkElement& element : network) {
    const std::size_t t = index.at(element.id);
    assessment.targets[t].network = std::move(element);
  }

  std::map<model::Segment, SegmentAssessment> segments;
  for (int s = 0; s < engine::kStateCount; ++s) {
    const double total = assessment.total.states[s].loss.ale;
    for (TargetAssessment& target : assessment.targets) {
      target.ale_share[s] = total > 0 ? target.ale[s] / total : 0.0;
      SegmentAssessment& segment = segments[target.segment];
      segment.segment = target.segment;
      segment.ale[s] += target.ale[s];
      segment.ale_share[s] += target.ale_share[s];
    }
    rank(assessment.targets, struck, s);
  }
  for (model::Segment segment : kSegmentOrder) {
    const bool listed = segments.contains(segment);
    if (segment == model::Segment::kUnspecified && !listed) continue;
    assessment.segments.push_back(listed ? segments[segment] : SegmentAssessment{segment, {}, {}});
  }
}

}  // namespace scrisk::assess::detail
