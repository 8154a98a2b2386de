#include "io/proto_convert.hpp"

#include <google/protobuf/descriptor.h>

#include "core/format.hpp"
#include "core/members.hpp"

namespace scrisk::io::detail {
namespace {

namespace pb = google::protobuf;
using scrisk::detail::indexed;

// Model enums mirror the schema's numbering, so conversion is a checked cast.
static_assert(int(model::FacilityKind::kOffice) == v1::Facility::OFFICE);
static_assert(int(model::Segment::kDownstream) == v1::DOWNSTREAM);
static_assert(int(model::LinkMode::kInlandWaterway) == v1::Link::INLAND_WATERWAY);
static_assert(int(model::ThreatCategory::kContinuity) == v1::Threat::CONTINUITY);
static_assert(int(model::ControlStatus::kProposed) == v1::Control::PROPOSED);
static_assert(int(model::DetectionPoint::kEnd) == v1::ProtectionElement::END);
static_assert(int(model::InteractionScope::kAlternativeSources) == v1::SupplyNetwork::ALTERNATIVE_SOURCES);

template <class Enum>
Enum to_enum(int value, int max_value, const std::string& path, std::vector<Problem>& problems) {
  if (value >= 0 && value <= max_value) return static_cast<Enum>(value);
  problems.push_back({path, "unknown enum value " + std::to_string(value)});
  return Enum{};  // the first value: kUnspecified where the enum has one
}

// A distribution converts generically: the variant's alternative i is the i-th member of
// the `kind` oneof, and the struct's member j is field j of that member's message
// (tests/unit/proto_convert_test.cpp holds the two orders together).
const pb::OneofDescriptor& distribution_kinds() { return *v1::Distribution::descriptor()->FindOneofByName("kind"); }

/// Member j of `kind` from field j of `message`; an omitted optional field keeps the member's default.
template <class Kind>
void read_members(const pb::Message& message, Kind& kind) {
  const pb::Descriptor& descriptor = *message.GetDescriptor();
  const pb::Reflection& reflection = *message.GetReflection();
  if (std::size_t(descriptor.field_count()) != scrisk::detail::member_count<Kind>())
    throw InternalError("the schema's " + descriptor.full_name() + " does not have the members of its C++ struct");
  scrisk::detail::for_each_member(kind, kind, [&](std::size_t index, auto& member, auto& /*same*/) {
    const pb::FieldDescriptor* field = descriptor.field(int(index));
    if constexpr (std::is_same_v<std::decay_t<decltype(member)>, double>) {
      if (!field->has_presence() || reflection.HasField(message, field)) member = reflection.GetDouble(message, field);
    } else {
      for (int i = 0; i < reflection.FieldSize(message, field); ++i)
        member.push_back(reflection.GetRepeatedDouble(message, field, i));
    }
  });
}

template <std::size_t Index = 0>
Distribution read_kind(const pb::Message& message, std::size_t index) {
  if constexpr (Index + 1 < std::variant_size_v<Distribution>)
    if (index != Index) return read_kind<Index + 1>(message, index);
  std::variant_alternative_t<Index, Distribution> kind{};
  read_members(message, kind);
  return Distribution(std::in_place_index<Index>, std::move(kind));
}

/// Field j of `message` from member j of `kind`. An optional field at its default is left
/// out (a file says `pert { low: 1 mode: 2 high: 3 }`) unless `defaults` asks for every value.
template <class Kind>
void write_members(const Kind& kind, pb::Message& message, DefaultValues defaults) {
  const pb::Descriptor& descriptor = *message.GetDescriptor();
  const pb::Reflection& reflection = *message.GetReflection();
  if (std::size_t(descriptor.field_count()) != scrisk::detail::member_count<Kind>())
    throw InternalError("the schema's " + descriptor.full_name() + " does not have the members of its C++ struct");
  const Kind fallback{};
  scrisk::detail::for_each_member(kind, fallback, [&](std::size_t index, const auto& member, const auto& default_value) {
    const pb::FieldDescriptor* field = descriptor.field(int(index));
    if constexpr (std::is_same_v<std::decay_t<decltype(member)>, double>) {
      const bool omit = field->has_presence() && defaults == DefaultValues::kOmitted && member == default_value;
      if (!omit) reflection.SetDouble(&message, field, member);
    } else {
      for (double value : member) reflection.AddDouble(&message, field, value);
    }
  });
}

}  // namespace

std::optional<Distribution> from_proto(const v1::Distribution& d, const std::string& path, std::vector<Problem>& problems) {
  const pb::Reflection& reflection = *d.GetReflection();
  if (const pb::FieldDescriptor* kind = reflection.GetOneofFieldDescriptor(d, &distribution_kinds())) {
    if (std::size_t(kind->index_in_oneof()) >= std::variant_size_v<Distribution>)
      throw InternalError("the schema's distribution kind " + kind->name() + " has no C++ struct");
    return read_kind(reflection.GetMessage(d, kind), std::size_t(kind->index_in_oneof()));
  }
  std::string names;
  for (int i = 0; i < distribution_kinds().field_count(); ++i)
    names += std::string(i == 0 ? "" : ", ") + distribution_kinds().field(i)->name();
  problems.push_back({path, "no distribution given: one of " + names});
  return std::nullopt;
}

namespace {

v1::Distribution to_proto(const Distribution& distribution, DefaultValues defaults) {
  v1::Distribution d;
  pb::Message& member = *d.GetReflection()->MutableMessage(&d, distribution_kinds().field(int(distribution.index())));
  std::visit([&](const auto& kind) { write_members(kind, member, defaults); }, distribution);
  return d;
}

model::ResponseForce from_proto(const v1::ResponseForce& r) { return {r.time_mean_seconds(), r.time_sd_seconds()}; }

model::ProtectionSystem from_proto(const v1::ProtectionSystem& p, const std::string& path, std::vector<Problem>& problems) {
  model::ProtectionSystem system;
  system.areas.assign(p.areas().begin(), p.areas().end());
  system.target_area = p.target_area();
  for (int i = 0; i < p.elements_size(); ++i) {
    const auto& e = p.elements(i);
    system.elements.push_back({e.id(), e.from_area(), e.to_area(), e.detection_probability(),
                               to_enum<model::DetectionPoint>(e.detection_at(), v1::ProtectionElement::DetectionPoint_MAX,
                                                              indexed(path + ".elements", i) + ".detection_at", problems),
                               e.delay_mean_seconds(), e.delay_sd_seconds(), e.name()});
  }
  system.response = from_proto(p.response());
  if (p.has_alarm_communication_probability()) system.alarm_communication_probability = p.alarm_communication_probability();
  if (p.has_neutralisation_probability()) system.neutralisation_probability = p.neutralisation_probability();
  return system;
}

model::ProtectionUpgrade from_proto(const v1::ProtectionUpgrade& u, const std::string& path, std::vector<Problem>& problems) {
  model::ProtectionUpgrade upgrade;
  for (int i = 0; i < u.element_changes_size(); ++i) {
    const auto& c = u.element_changes(i);
    model::ProtectionElementChange change;
    change.element = c.element();
    if (c.has_detection_probability()) change.detection_probability = c.detection_probability();
    if (c.detection_at() != v1::ProtectionElement::DETECTION_POINT_UNSPECIFIED)
      change.detection_at = to_enum<model::DetectionPoint>(c.detection_at(), v1::ProtectionElement::DetectionPoint_MAX,
                                                           indexed(path + ".element_changes", i) + ".detection_at", problems);
    if (c.has_delay_mean_seconds()) change.delay_mean_seconds = c.delay_mean_seconds();
    if (c.has_delay_sd_seconds()) change.delay_sd_seconds = c.delay_sd_seconds();
    upgrade.element_changes.push_back(std::move(change));
  }
  upgrade.removed_elements.assign(u.removed_elements().begin(), u.removed_elements().end());
  if (u.has_response()) upgrade.response = from_proto(u.response());
  if (u.has_alarm_communication_probability()) upgrade.alarm_communication_probability = u.alarm_communication_probability();
  if (u.has_neutralisation_probability()) upgrade.neutralisation_probability = u.neutralisation_probability();
  return upgrade;
}

void to_proto(const model::ResponseForce& response, v1::ResponseForce& r) {
  r.set_time_mean_seconds(response.time_mean_seconds);
  r.set_time_sd_seconds(response.time_sd_seconds);
}

void to_proto(const model::ProtectionSystem& system, v1::ProtectionSystem& p) {
  for (const auto& area : system.areas) p.add_areas(area);
  p.set_target_area(system.target_area);
  for (const auto& element : system.elements) {
    auto* e = p.add_elements();
    e->set_id(element.id);
    e->set_from_area(element.from_area);
    e->set_to_area(element.to_area);
    e->set_detection_probability(element.detection_probability);
    e->set_detection_at(static_cast<v1::ProtectionElement::DetectionPoint>(element.detection_at));
    e->set_delay_mean_seconds(element.delay_mean_seconds);
    e->set_delay_sd_seconds(element.delay_sd_seconds);
    e->set_name(element.name);
  }
  to_proto(system.response, *p.mutable_response());
  p.set_alarm_communication_probability(system.alarm_communication_probability);
  p.set_neutralisation_probability(system.neutralisation_probability);
}

void to_proto(const model::ProtectionUpgrade& upgrade, v1::ProtectionUpgrade& u) {
  for (const auto& change : upgrade.element_changes) {
    auto* c = u.add_element_changes();
    c->set_element(change.element);
    if (change.detection_probability) c->set_detection_probability(*change.detection_probability);
    if (change.detection_at) c->set_detection_at(static_cast<v1::ProtectionElement::DetectionPoint>(*change.detection_at));
    if (change.delay_mean_seconds) c->set_delay_mean_seconds(*change.delay_mean_seconds);
    if (change.delay_sd_seconds) c->set_delay_sd_seconds(*change.delay_sd_seconds);
  }
  for (const auto& id : upgrade.removed_elements) u.add_removed_elements(id);
  if (upgrade.response) to_proto(*upgrade.response, *u.mutable_response());
  if (upgrade.alarm_communication_probability) u.set_alarm_communication_probability(*upgrade.alarm_communication_probability);
  if (upgrade.neutralisation_probability) u.set_neutralisation_probability(*upgrade.neutralisation_probability);
}

std::optional<Distribution> optional_from_proto(bool present, const v1::Distribution& d, const std::string& path,
                                                std::vector<Problem>& problems) {
  return present ? detail::from_proto(d, path, problems) : std::nullopt;
}

model::SupplyNetwork from_proto(const v1::SupplyNetwork& n, std::vector<Problem>& problems) {
  model::SupplyNetwork network;
  for (const auto& f : n.facilities()) {
    model::FacilityFlow flow;
    flow.facility = f.facility();
    flow.product = f.product();
    if (f.has_capacity_per_day()) flow.capacity_per_day = f.capacity_per_day();
    flow.inventory_units = f.inventory_units();
    flow.demand_per_day = f.demand_per_day();
    flow.lost_sale_value_per_unit = f.lost_sale_value_per_unit();
    for (const auto& input : f.inputs()) {
      model::BomInput bom{input.product()};
      if (input.has_quantity_per_unit()) bom.quantity_per_unit = input.quantity_per_unit();
      bom.inventory_units = input.inventory_units();
      flow.inputs.push_back(std::move(bom));
    }
    network.facilities.push_back(std::move(flow));
  }
  for (const auto& l : n.links()) {
    model::LinkFlow flow{l.link(), std::nullopt};
    if (l.has_capacity_per_day()) flow.capacity_per_day = l.capacity_per_day();
    network.links.push_back(std::move(flow));
  }
  network.interaction_scope = to_enum<model::InteractionScope>(n.interaction_scope(), v1::SupplyNetwork::InteractionScope_MAX,
                                                               "supply_network.interaction_scope", problems);
  return network;
}

void to_proto(const model::SupplyNetwork& network, v1::SupplyNetwork& n) {
  for (const auto& flow : network.facilities) {
    auto* f = n.add_facilities();
    f->set_facility(flow.facility);
    f->set_product(flow.product);
    if (flow.capacity_per_day) f->set_capacity_per_day(*flow.capacity_per_day);
    f->set_inventory_units(flow.inventory_units);
    f->set_demand_per_day(flow.demand_per_day);
    f->set_lost_sale_value_per_unit(flow.lost_sale_value_per_unit);
    for (const auto& input : flow.inputs) {
      auto* i = f->add_inputs();
      i->set_product(input.product);
      i->set_quantity_per_unit(input.quantity_per_unit);
      i->set_inventory_units(input.inventory_units);
    }
  }
  for (const auto& flow : network.links) {
    auto* l = n.add_links();
    l->set_link(flow.link);
    if (flow.capacity_per_day) l->set_capacity_per_day(*flow.capacity_per_day);
  }
  n.set_interaction_scope(static_cast<v1::SupplyNetwork::InteractionScope>(network.interaction_scope));
}

}  // namespace

model::Model from_proto(const v1::Model& message, std::vector<Problem>& problems) {
  model::Model result;
  result.name = message.name();
  result.currency = message.currency();
  result.description = message.description();

  for (int i = 0; i < message.facilities_size(); ++i) {
    const auto& f = message.facilities(i);
    const std::string path = indexed("facilities", i);
    result.facilities.push_back({f.id(), to_enum<model::FacilityKind>(f.kind(), v1::Facility::Kind_MAX, path + ".kind", problems),
                                 to_enum<model::Segment>(f.segment(), v1::Segment_MAX, path + ".segment", problems),
                                 f.asset_value(), f.daily_value(), f.name()});
    if (f.has_protection()) result.facilities.back().protection = from_proto(f.protection(), path + ".protection", problems);
  }
  for (int i = 0; i < message.links_size(); ++i) {
    const auto& l = message.links(i);
    model::Link link{
        l.id(),           l.from(),
        l.to(),           to_enum<model::LinkMode>(l.mode(), v1::Link::Mode_MAX, indexed("links", i) + ".mode", problems),
        l.transit_days(), std::nullopt,
        l.name()};
    if (l.has_daily_value()) link.daily_value = l.daily_value();
    result.links.push_back(std::move(link));
  }
  for (int i = 0; i < message.threats_size(); ++i) {
    const auto& t = message.threats(i);
    const std::string path = indexed("threats", i);
    model::Threat threat;
    threat.id = t.id();
    threat.name = t.name();
    threat.category = to_enum<model::ThreatCategory>(t.category(), v1::Threat::Category_MAX, path + ".category", problems);
    threat.intentional = t.intentional();
    threat.rate_per_year = optional_from_proto(t.has_rate_per_year(), t.rate_per_year(), path + ".rate_per_year", problems);
    threat.loss = optional_from_proto(t.has_loss(), t.loss(), path + ".loss", problems);
    threat.downtime_days = optional_from_proto(t.has_downtime_days(), t.downtime_days(), path + ".downtime_days", problems);
    if (t.has_vulnerability()) threat.vulnerability = t.vulnerability();
    for (const auto& target : t.targets()) {
      model::Target& added = threat.targets.emplace_back(model::Target{target.facility(), target.link()});
      if (target.has_weight()) added.weight = target.weight();
      if (target.has_damage_probability()) added.damage_probability = target.damage_probability();
    }
    if (t.has_common_cause())
      threat.common_cause =
          model::CommonCause{{t.common_cause().severity_correlation().begin(), t.common_cause().severity_correlation().end()}};
    result.threats.push_back(std::move(threat));
  }
  for (int i = 0; i < message.controls_size(); ++i) {
    const auto& c = message.controls(i);
    model::Control control;
    control.id = c.id();
    control.name = c.name();
    control.status =
        to_enum<model::ControlStatus>(c.status(), v1::Control::Status_MAX, indexed("controls", i) + ".status", problems);
    for (const auto& scope : c.applies_to()) control.applies_to.push_back({scope.threat(), scope.facility(), scope.link()});
    control.effectiveness = c.effectiveness();
    if (c.has_availability()) control.availability = c.availability();
    control.deterrence = c.deterrence();
    control.loss_reduction = c.loss_reduction();
    control.downtime_reduction = c.downtime_reduction();
    control.annual_cost = c.annual_cost();
    if (c.has_protection_upgrade())
      control.protection_upgrade = from_proto(c.protection_upgrade(), indexed("controls", i) + ".protection_upgrade", problems);
    result.controls.push_back(std::move(control));
  }
  if (message.has_criteria()) {
    const auto& c = message.criteria();
    model::Criteria& criteria = result.criteria;
    if (c.likelihood_bands_per_year_size() > 0)
      criteria.likelihood_bands_per_year.assign(c.likelihood_bands_per_year().begin(), c.likelihood_bands_per_year().end());
    if (c.impact_bands_size() > 0) criteria.impact_bands.assign(c.impact_bands().begin(), c.impact_bands().end());
    if (c.has_intolerable_ale()) criteria.intolerable_ale = c.intolerable_ale();
    if (c.has_broadly_acceptable_ale()) criteria.broadly_acceptable_ale = c.broadly_acceptable_ale();
    if (c.has_total_intolerable_ale()) criteria.total_intolerable_ale = c.total_intolerable_ale();
    if (c.has_total_broadly_acceptable_ale()) criteria.total_broadly_acceptable_ale = c.total_broadly_acceptable_ale();
  }
  if (message.has_supply_network()) result.supply_network = from_proto(message.supply_network(), problems);
  return result;
}

v1::Model to_proto(const model::Model& model, DefaultValues defaults) {
  v1::Model message;
  message.set_name(model.name);
  message.set_currency(model.currency);
  message.set_description(model.description);
  for (const auto& f : model.facilities) {
    auto* m = message.add_facilities();
    m->set_id(f.id);
    m->set_kind(static_cast<v1::Facility::Kind>(f.kind));
    m->set_segment(static_cast<v1::Segment>(f.segment));
    m->set_asset_value(f.asset_value);
    m->set_daily_value(f.daily_value);
    m->set_name(f.name);
    if (f.protection) to_proto(*f.protection, *m->mutable_protection());
  }
  for (const auto& l : model.links) {
    auto* m = message.add_links();
    m->set_id(l.id);
    m->set_from(l.from);
    m->set_to(l.to);
    m->set_mode(static_cast<v1::Link::Mode>(l.mode));
    m->set_transit_days(l.transit_days);
    if (l.daily_value) m->set_daily_value(*l.daily_value);
    m->set_name(l.name);
  }
  for (const auto& t : model.threats) {
    auto* m = message.add_threats();
    m->set_id(t.id);
    m->set_name(t.name);
    m->set_category(static_cast<v1::Threat::Category>(t.category));
    m->set_intentional(t.intentional);
    if (t.rate_per_year) *m->mutable_rate_per_year() = to_proto(*t.rate_per_year, defaults);
    for (const auto& target : t.targets) {
      auto* r = m->add_targets();
      if (!target.facility.empty())
        r->set_facility(target.facility);
      else
        r->set_link(target.link);
      r->set_weight(target.weight);
      if (target.damage_probability) r->set_damage_probability(*target.damage_probability);
    }
    if (t.common_cause) {
      auto* common_cause = m->mutable_common_cause();
      for (double value : t.common_cause->severity_correlation) common_cause->add_severity_correlation(value);
    }
    m->set_vulnerability(t.vulnerability);
    if (t.loss) *m->mutable_loss() = to_proto(*t.loss, defaults);
    if (t.downtime_days) *m->mutable_downtime_days() = to_proto(*t.downtime_days, defaults);
  }
  for (const auto& c : model.controls) {
    auto* m = message.add_controls();
    m->set_id(c.id);
    m->set_name(c.name);
    m->set_status(static_cast<v1::Control::Status>(c.status));
    for (const auto& scope : c.applies_to) {
      auto* s = m->add_applies_to();
      s->set_threat(scope.threat);
      if (!scope.facility.empty())
        s->set_facility(scope.facility);
      else if (!scope.link.empty())
        s->set_link(scope.link);
    }
    m->set_effectiveness(c.effectiveness);
    m->set_availability(c.availability);
    m->set_deterrence(c.deterrence);
    m->set_loss_reduction(c.loss_reduction);
    m->set_downtime_reduction(c.downtime_reduction);
    m->set_annual_cost(c.annual_cost);
    if (c.protection_upgrade) to_proto(*c.protection_upgrade, *m->mutable_protection_upgrade());
  }
  auto* criteria = message.mutable_criteria();
  for (double v : model.criteria.likelihood_bands_per_year) criteria->add_likelihood_bands_per_year(v);
  for (double v : model.criteria.impact_bands) criteria->add_impact_bands(v);
  criteria->set_intolerable_ale(model.criteria.intolerable_ale);
  criteria->set_broadly_acceptable_ale(model.criteria.broadly_acceptable_ale);
  if (model.criteria.total_intolerable_ale) criteria->set_total_intolerable_ale(*model.criteria.total_intolerable_ale);
  if (model.criteria.total_broadly_acceptable_ale)
    criteria->set_total_broadly_acceptable_ale(*model.criteria.total_broadly_acceptable_ale);
  if (model.supply_network) to_proto(*model.supply_network, *message.mutable_supply_network());
  return message;
}

}  // namespace scrisk::io::detail
