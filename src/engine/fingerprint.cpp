#include "engine/fingerprint.hpp"

#include "core/hash.hpp"
#include "core/members.hpp"

namespace scrisk::engine::detail {
namespace {

void hash_distribution(scrisk::detail::Fnv1a& hash, const std::optional<Distribution>& distribution) {
  if (!distribution) {
    hash.add_word(~std::uint64_t{0});
    return;
  }
  hash.add_word(distribution->index());
  // Every parameter in declaration order; a list but the last is followed by its length,
  // which tells where it ends.
  std::visit(
      [&](const auto& kind) {
        constexpr std::size_t count = scrisk::detail::member_count<std::decay_t<decltype(kind)>>();
        scrisk::detail::for_each_member(kind, kind, [&](std::size_t index, const auto& member, const auto& /*same*/) {
          if constexpr (std::is_same_v<std::decay_t<decltype(member)>, double>) {
            hash.add(member);
          } else {
            for (double value : member) hash.add(value);
            if (index + 1 < count) hash.add_word(member.size());
          }
        });
      },
      *distribution);
}

}  // namespace

std::uint64_t fingerprint(const PlanData& plan, const model::Model& model) {
  scrisk::detail::Fnv1a hash;
  for (const auto& threat : model.threats)
    for (const auto& target : threat.targets) hash.add(threat.id).add(target.id());
  for (const auto& control : model.controls) hash.add(control.id).add(control.annual_cost);
  if (plan.network)
    for (analysis::ElementIndex e = 0; e < plan.network->element_count(); ++e) {
      const analysis::PiecewiseLinear& curve = plan.network->loss_curve(e);
      hash.add(plan.network->id(e)).add(curve.final_slope_per_day());
      for (const auto& point : curve.points()) hash.add(point.days).add(point.value);
    }
  auto add_factors = [&](const StateFactors& f) {
    hash.add(f.pass).add(f.p_success).add(f.loss_factor).add(f.downtime_value_per_day).add(f.downtime_factor);
  };
  for (const auto& risk : plan.risks) {
    hash.add_word(risk.network_element);
    for (const auto& state : risk.states) add_factors(state);
  }
  for (const auto& toggle : plan.toggles) {
    hash.add_word(toggle.control);
    add_factors(toggle.factors);
  }
  for (const auto& threat : model.threats) {
    for (const auto& target : threat.targets) hash.add(target.weight);
    hash.add_word(threat.common_cause ? threat.common_cause->severity_correlation.size() + 1 : 0);
    if (threat.common_cause)
      for (const double correlation : threat.common_cause->severity_correlation) hash.add(correlation);
    hash_distribution(hash, threat.rate_per_year);
    hash_distribution(hash, threat.loss);
    hash_distribution(hash, threat.downtime_days);
  }
  // Which outages are priced together changes the losses but nothing above.
  if (model.supply_network && model.supply_network->interaction_scope != model::InteractionScope::kAllPairs)
    hash.add_word(std::uint64_t(model.supply_network->interaction_scope));
  return hash.value();
}

}  // namespace scrisk::engine::detail
