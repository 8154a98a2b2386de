// Conversion between the Python dataclasses (scrisk/_model.py) and scrisk::model.
// Python -> C++ collects every type problem with its field path before throwing, as the
// model file reader does; C++ -> Python builds the dataclasses with keyword arguments.
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "common.hpp"
#include "scrisk/core/error.hpp"

namespace scrisk::python {
namespace {

/// The Python classes of scrisk._model, looked up once (never freed: they live as long as
/// the interpreter's module).
struct Classes {
  py::object model, facility, link, target, common_cause, threat, applies_to, control, criteria;
  py::object supply_network, facility_flow, link_flow, bom_input;
  py::object protection_system, protection_element, response_force, protection_upgrade, element_change;
  py::object fixed, uniform, triangular, pert, normal, lognormal, lognormal90, gamma, beta, poisson, empirical;
};

const Classes& classes() {
  static const Classes* cached = [] {
    const py::module_ module = py::module_::import("scrisk._model");
    auto* c = new Classes;
    c->model = module.attr("Model");
    c->facility = module.attr("Facility");
    c->link = module.attr("Link");
    c->target = module.attr("Target");
    c->common_cause = module.attr("CommonCause");
    c->threat = module.attr("Threat");
    c->applies_to = module.attr("AppliesTo");
    c->control = module.attr("Control");
    c->criteria = module.attr("Criteria");
    c->supply_network = module.attr("SupplyNetwork");
    c->facility_flow = module.attr("FacilityFlow");
    c->link_flow = module.attr("LinkFlow");
    c->bom_input = module.attr("BomInput");
    c->protection_system = module.attr("ProtectionSystem");
    c->protection_element = module.attr("ProtectionElement");
    c->response_force = module.attr("ResponseForce");
    c->protection_upgrade = module.attr("ProtectionUpgrade");
    c->element_change = module.attr("ProtectionElementChange");
    c->fixed = module.attr("Fixed");
    c->uniform = module.attr("Uniform");
    c->triangular = module.attr("Triangular");
    c->pert = module.attr("Pert");
    c->normal = module.attr("Normal");
    c->lognormal = module.attr("Lognormal");
    c->lognormal90 = module.attr("Lognormal90");
    c->gamma = module.attr("Gamma");
    c->beta = module.attr("Beta");
    c->poisson = module.attr("Poisson");
    c->empirical = module.attr("Empirical");
    return c;
  }();
  return *cached;
}

std::string type_name(py::handle value) { return py::str(py::type::handle_of(value).attr("__name__")); }

/// Reads attributes of Python objects into C++ values, recording a Problem (and returning a
/// default) for each one of the wrong type, so that one pass reports every problem.
class Reader {
 public:
  std::vector<Problem> problems;

  void problem(const std::string& path, std::string message) { problems.push_back({path, std::move(message)}); }

  /// obj.<name>, or None (with a problem) when the object has no such attribute.
  py::object attr(py::handle obj, const char* name, const std::string& path) {
    if (!py::hasattr(obj, name)) {
      problem(path, std::string("missing attribute \"") + name + "\" on a " + type_name(obj));
      return py::none();
    }
    return obj.attr(name);
  }

  double number(py::handle value, const std::string& path) {
    if (value.is_none() || PyBool_Check(value.ptr()) || PyUnicode_Check(value.ptr()) || PyBytes_Check(value.ptr())) {
      problem(path, "must be a number, got " + describe(value));
      return 0;
    }
    const double result = PyFloat_AsDouble(value.ptr());
    if (result == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      problem(path, "must be a number, got " + describe(value));
      return 0;
    }
    return result;
  }
  double number(py::handle obj, const char* name, const std::string& path) {
    const std::string field = path + "." + name;
    const py::object value = attr(obj, name, field);
    return py::hasattr(obj, name) ? number(value, field) : 0;
  }
  std::optional<double> optional_number(py::handle obj, const char* name, const std::string& path) {
    if (!py::hasattr(obj, name)) return (void)attr(obj, name, path + "." + name), std::nullopt;
    const py::object value = obj.attr(name);
    if (value.is_none()) return std::nullopt;
    return number(value, path + "." + name);
  }
  std::string text(py::handle obj, const char* name, const std::string& path, const char* file_name = nullptr) {
    const std::string field = path + (path.empty() ? "" : ".") + (file_name ? file_name : name);
    if (!py::hasattr(obj, name)) return (void)attr(obj, name, field), std::string();
    const py::object value = obj.attr(name);
    if (!PyUnicode_Check(value.ptr())) {
      problem(field, "must be a str, got " + describe(value));
      return {};
    }
    return value.cast<std::string>();
  }
  bool flag(py::handle obj, const char* name, const std::string& path) {
    const std::string field = path + "." + name;
    if (!py::hasattr(obj, name)) return (void)attr(obj, name, field), false;
    const py::object value = obj.attr(name);
    if (PyUnicode_Check(value.ptr()) || value.is_none()) {
      problem(field, "must be a bool, got " + describe(value));
      return false;
    }
    const int truth = PyObject_IsTrue(value.ptr());
    if (truth < 0) {
      PyErr_Clear();
      problem(field, "must be a bool, got " + describe(value));
      return false;
    }
    return truth != 0;
  }
  /// An enum field: a member of the bound enum, or its name as a str ("PHYSICAL").
  template <typename Enum>
  Enum enumeration(py::handle value, const std::string& path) {
    const py::object cls = py::type::of<Enum>();
    if (py::isinstance(value, cls)) return value.cast<Enum>();
    if (PyUnicode_Check(value.ptr())) {
      const py::dict members = cls.attr("__members__");
      const py::str key(value);
      if (members.contains(key)) return members[key].cast<Enum>();
      problem(path, "unknown " + std::string(py::str(cls.attr("__name__"))) + " \"" + key.cast<std::string>() + "\"; one of " +
                        names(members));
      return Enum{};
    }
    problem(path, "must be a scrisk." + std::string(py::str(cls.attr("__name__"))) + ", got " + describe(value));
    return Enum{};
  }
  template <typename Enum>
  Enum enumeration(py::handle obj, const char* name, const std::string& path) {
    const std::string field = path + "." + name;
    if (!py::hasattr(obj, name)) return (void)attr(obj, name, field), Enum{};
    return enumeration<Enum>(obj.attr(name), field);
  }

  /// The items of a list (or tuple) field; empty, with a problem, for anything else.
  std::vector<py::object> items(py::handle value, const std::string& path) {
    std::vector<py::object> result;
    if (!(PyList_Check(value.ptr()) || PyTuple_Check(value.ptr()))) {
      problem(path, "must be a list, got " + describe(value));
      return result;
    }
    for (py::handle item : value) result.push_back(py::reinterpret_borrow<py::object>(item));
    return result;
  }
  std::vector<py::object> items(py::handle obj, const char* name, const std::string& path) {
    const std::string field = path + (path.empty() ? "" : ".") + name;
    if (!py::hasattr(obj, name)) return (void)attr(obj, name, field), std::vector<py::object>();
    return items(obj.attr(name), field);
  }
  std::vector<double> numbers(py::handle obj, const char* name, const std::string& path) {
    const std::string field = path + "." + name;
    std::vector<double> result;
    const auto list = items(obj, name, path);
    for (std::size_t i = 0; i < list.size(); ++i) result.push_back(number(list[i], field + "[" + std::to_string(i) + "]"));
    return result;
  }
  std::vector<std::string> texts(py::handle obj, const char* name, const std::string& path) {
    const std::string field = path + "." + name;
    std::vector<std::string> result;
    const auto list = items(obj, name, path);
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!PyUnicode_Check(list[i].ptr())) {
        problem(field + "[" + std::to_string(i) + "]", "must be a str, got " + describe(list[i]));
        result.emplace_back();
      } else {
        result.push_back(list[i].cast<std::string>());
      }
    }
    return result;
  }

  /// True when `value` is an instance of `cls`; a problem otherwise.
  bool is(py::handle value, const py::object& cls, const std::string& path) {
    if (py::isinstance(value, cls)) return true;
    problem(path, "must be a scrisk." + std::string(py::str(cls.attr("__name__"))) + ", got " + describe(value));
    return false;
  }

  static std::string describe(py::handle value) {
    std::string repr = py::repr(value);
    if (repr.size() > 60) repr = repr.substr(0, 57) + "...";
    return "a " + type_name(value) + " (" + repr + ")";
  }
  static std::string names(const py::dict& members) {
    std::string out;
    for (auto item : members) {
      const std::string name = py::str(item.first);
      if (name.ends_with("UNSPECIFIED")) continue;
      out += (out.empty() ? "" : " ") + name;
    }
    return out;
  }

  Distribution distribution(py::handle d, const std::string& path) {
    const Classes& c = classes();
    if (py::isinstance(d, c.fixed)) return Fixed{number(d, "value", path + ".fixed")};
    if (py::isinstance(d, c.uniform)) return Uniform{number(d, "low", path + ".uniform"), number(d, "high", path + ".uniform")};
    if (py::isinstance(d, c.triangular)) {
      const std::string p = path + ".triangular";
      return Triangular{number(d, "low", p), number(d, "mode", p), number(d, "high", p)};
    }
    if (py::isinstance(d, c.pert)) {
      const std::string p = path + ".pert";
      Pert pert{number(d, "low", p), number(d, "mode", p), number(d, "high", p)};
      if (py::hasattr(d, "lambda_")) pert.lambda = number(d.attr("lambda_"), p + ".lambda");
      return pert;
    }
    if (py::isinstance(d, c.normal)) return Normal{number(d, "mean", path + ".normal"), number(d, "sd", path + ".normal")};
    if (py::isinstance(d, c.lognormal))
      return Lognormal{number(d, "mu", path + ".lognormal"), number(d, "sigma", path + ".lognormal")};
    if (py::isinstance(d, c.lognormal90))
      return Lognormal90{number(d, "low", path + ".lognormal_90"), number(d, "high", path + ".lognormal_90")};
    if (py::isinstance(d, c.gamma)) return Gamma{number(d, "shape", path + ".gamma"), number(d, "scale", path + ".gamma")};
    if (py::isinstance(d, c.beta)) return Beta{number(d, "alpha", path + ".beta"), number(d, "beta", path + ".beta")};
    if (py::isinstance(d, c.poisson)) return Poisson{number(d, "mean", path + ".poisson")};
    if (py::isinstance(d, c.empirical))
      return Empirical{numbers(d, "values", path + ".empirical"), numbers(d, "weights", path + ".empirical")};
    problem(path,
            "must be a distribution (scrisk.Fixed, Uniform, Triangular, Pert, Normal, Lognormal, Lognormal90, "
            "Gamma, Beta, Poisson or Empirical), got " +
                describe(d));
    return Fixed{};
  }
  std::optional<Distribution> optional_distribution(py::handle obj, const char* name, const std::string& path) {
    const std::string field = path + "." + name;
    if (!py::hasattr(obj, name)) return (void)attr(obj, name, field), std::nullopt;
    const py::object value = obj.attr(name);
    if (value.is_none()) return std::nullopt;
    return distribution(value, field);
  }

  model::ResponseForce response(py::handle r, const std::string& path) {
    if (!is(r, classes().response_force, path)) return {};
    return {number(r, "time_mean_seconds", path), number(r, "time_sd_seconds", path)};
  }

  model::ProtectionSystem protection(py::handle s, const std::string& path) {
    model::ProtectionSystem system;
    if (!is(s, classes().protection_system, path)) return system;
    system.areas = texts(s, "areas", path);
    system.target_area = text(s, "target_area", path);
    const auto elements = items(s, "elements", path);
    for (std::size_t i = 0; i < elements.size(); ++i) {
      const std::string p = path + ".elements[" + std::to_string(i) + "]";
      const py::handle e = elements[i];
      if (!is(e, classes().protection_element, p)) continue;
      model::ProtectionElement element;
      element.id = text(e, "id", p);
      element.from_area = text(e, "from_area", p);
      element.to_area = text(e, "to_area", p);
      element.detection_probability = number(e, "detection_probability", p);
      element.detection_at = enumeration<model::DetectionPoint>(e, "detection_at", p);
      element.delay_mean_seconds = number(e, "delay_mean_seconds", p);
      element.delay_sd_seconds = number(e, "delay_sd_seconds", p);
      element.name = text(e, "name", p);
      system.elements.push_back(std::move(element));
    }
    if (py::hasattr(s, "response")) system.response = response(s.attr("response"), path + ".response");
    system.alarm_communication_probability = number(s, "alarm_communication_probability", path);
    system.neutralisation_probability = number(s, "neutralisation_probability", path);
    return system;
  }

  model::ProtectionUpgrade upgrade(py::handle u, const std::string& path) {
    model::ProtectionUpgrade result;
    if (!is(u, classes().protection_upgrade, path)) return result;
    const auto changes = items(u, "element_changes", path);
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const std::string p = path + ".element_changes[" + std::to_string(i) + "]";
      const py::handle ch = changes[i];
      if (!is(ch, classes().element_change, p)) continue;
      model::ProtectionElementChange change;
      change.element = text(ch, "element", p);
      change.detection_probability = optional_number(ch, "detection_probability", p);
      if (py::hasattr(ch, "detection_at") && !ch.attr("detection_at").is_none())
        change.detection_at = enumeration<model::DetectionPoint>(ch.attr("detection_at"), p + ".detection_at");
      change.delay_mean_seconds = optional_number(ch, "delay_mean_seconds", p);
      change.delay_sd_seconds = optional_number(ch, "delay_sd_seconds", p);
      result.element_changes.push_back(std::move(change));
    }
    result.removed_elements = texts(u, "removed_elements", path);
    if (py::hasattr(u, "response") && !u.attr("response").is_none())
      result.response = response(u.attr("response"), path + ".response");
    result.alarm_communication_probability = optional_number(u, "alarm_communication_probability", path);
    result.neutralisation_probability = optional_number(u, "neutralisation_probability", path);
    return result;
  }

  model::Criteria criteria(py::handle c, const std::string& path) {
    model::Criteria result;
    if (!is(c, classes().criteria, path)) return result;
    result.likelihood_bands_per_year = numbers(c, "likelihood_bands_per_year", path);
    result.impact_bands = numbers(c, "impact_bands", path);
    result.intolerable_ale = number(c, "intolerable_ale", path);
    result.broadly_acceptable_ale = number(c, "broadly_acceptable_ale", path);
    result.total_intolerable_ale = optional_number(c, "total_intolerable_ale", path);
    result.total_broadly_acceptable_ale = optional_number(c, "total_broadly_acceptable_ale", path);
    return result;
  }

  model::SupplyNetwork network(py::handle n, const std::string& path) {
    const Classes& c = classes();
    model::SupplyNetwork result;
    if (!is(n, c.supply_network, path)) return result;
    const auto facilities = items(n, "facilities", path);
    for (std::size_t i = 0; i < facilities.size(); ++i) {
      const std::string p = path + ".facilities[" + std::to_string(i) + "]";
      const py::handle f = facilities[i];
      if (!is(f, c.facility_flow, p)) continue;
      model::FacilityFlow flow;
      flow.facility = text(f, "facility", p);
      flow.product = text(f, "product", p);
      flow.capacity_per_day = optional_number(f, "capacity_per_day", p);
      flow.inventory_units = number(f, "inventory_units", p);
      flow.demand_per_day = number(f, "demand_per_day", p);
      flow.lost_sale_value_per_unit = number(f, "lost_sale_value_per_unit", p);
      const auto inputs = items(f, "inputs", p);
      for (std::size_t j = 0; j < inputs.size(); ++j) {
        const std::string q = p + ".inputs[" + std::to_string(j) + "]";
        if (!is(inputs[j], c.bom_input, q)) continue;
        flow.inputs.push_back(
            {text(inputs[j], "product", q), number(inputs[j], "quantity_per_unit", q), number(inputs[j], "inventory_units", q)});
      }
      result.facilities.push_back(std::move(flow));
    }
    const auto links = items(n, "links", path);
    for (std::size_t i = 0; i < links.size(); ++i) {
      const std::string p = path + ".links[" + std::to_string(i) + "]";
      if (!is(links[i], c.link_flow, p)) continue;
      result.links.push_back({text(links[i], "link", p), optional_number(links[i], "capacity_per_day", p)});
    }
    result.interaction_scope = enumeration<model::InteractionScope>(n, "interaction_scope", path);
    return result;
  }

  model::Model read(py::handle m) {
    const Classes& c = classes();
    model::Model model;
    if (!is(m, c.model, "")) return model;
    model.name = text(m, "name", "");
    model.currency = text(m, "currency", "");
    model.description = text(m, "description", "");

    const auto facilities = items(m, "facilities", "");
    for (std::size_t i = 0; i < facilities.size(); ++i) {
      const std::string p = "facilities[" + std::to_string(i) + "]";
      const py::handle f = facilities[i];
      if (!is(f, c.facility, p)) continue;
      model::Facility facility;
      facility.id = text(f, "id", p);
      facility.kind = enumeration<model::FacilityKind>(f, "kind", p);
      facility.segment = enumeration<model::Segment>(f, "segment", p);
      facility.asset_value = number(f, "asset_value", p);
      facility.daily_value = number(f, "daily_value", p);
      facility.name = text(f, "name", p);
      if (py::hasattr(f, "protection") && !f.attr("protection").is_none())
        facility.protection = protection(f.attr("protection"), p + ".protection");
      model.facilities.push_back(std::move(facility));
    }

    const auto links = items(m, "links", "");
    for (std::size_t i = 0; i < links.size(); ++i) {
      const std::string p = "links[" + std::to_string(i) + "]";
      const py::handle l = links[i];
      if (!is(l, c.link, p)) continue;
      model::Link link;
      link.id = text(l, "id", p);
      link.from = text(l, "from_", p, "from");
      link.to = text(l, "to", p);
      link.mode = enumeration<model::LinkMode>(l, "mode", p);
      link.transit_days = number(l, "transit_days", p);
      link.daily_value = optional_number(l, "daily_value", p);
      link.name = text(l, "name", p);
      model.links.push_back(std::move(link));
    }

    const auto threats = items(m, "threats", "");
    for (std::size_t i = 0; i < threats.size(); ++i) {
      const std::string p = "threats[" + std::to_string(i) + "]";
      const py::handle t = threats[i];
      if (!is(t, c.threat, p)) continue;
      model::Threat threat;
      threat.id = text(t, "id", p);
      threat.category = enumeration<model::ThreatCategory>(t, "category", p);
      threat.intentional = flag(t, "intentional", p);
      threat.rate_per_year = optional_distribution(t, "rate_per_year", p);
      const auto targets = items(t, "targets", p);
      for (std::size_t j = 0; j < targets.size(); ++j) {
        const std::string q = p + ".targets[" + std::to_string(j) + "]";
        if (!is(targets[j], c.target, q)) continue;
        model::Target target;
        target.facility = text(targets[j], "facility", q);
        target.link = text(targets[j], "link", q);
        target.weight = number(targets[j], "weight", q);
        target.damage_probability = optional_number(targets[j], "damage_probability", q);
        threat.targets.push_back(std::move(target));
      }
      threat.vulnerability = number(t, "vulnerability", p);
      threat.loss = optional_distribution(t, "loss", p);
      threat.downtime_days = optional_distribution(t, "downtime_days", p);
      threat.name = text(t, "name", p);
      if (py::hasattr(t, "common_cause") && !t.attr("common_cause").is_none()) {
        const py::object cc = t.attr("common_cause");
        if (is(cc, c.common_cause, p + ".common_cause"))
          threat.common_cause = model::CommonCause{numbers(cc, "severity_correlation", p + ".common_cause")};
      }
      model.threats.push_back(std::move(threat));
    }

    const auto controls = items(m, "controls", "");
    for (std::size_t i = 0; i < controls.size(); ++i) {
      const std::string p = "controls[" + std::to_string(i) + "]";
      const py::handle k = controls[i];
      if (!is(k, c.control, p)) continue;
      model::Control control;
      control.id = text(k, "id", p);
      control.status = enumeration<model::ControlStatus>(k, "status", p);
      const auto scopes = items(k, "applies_to", p);
      for (std::size_t j = 0; j < scopes.size(); ++j) {
        const std::string q = p + ".applies_to[" + std::to_string(j) + "]";
        if (!is(scopes[j], c.applies_to, q)) continue;
        control.applies_to.push_back({text(scopes[j], "threat", q), text(scopes[j], "facility", q), text(scopes[j], "link", q)});
      }
      control.effectiveness = number(k, "effectiveness", p);
      control.availability = number(k, "availability", p);
      control.deterrence = number(k, "deterrence", p);
      control.loss_reduction = number(k, "loss_reduction", p);
      control.downtime_reduction = number(k, "downtime_reduction", p);
      control.annual_cost = number(k, "annual_cost", p);
      control.name = text(k, "name", p);
      if (py::hasattr(k, "protection_upgrade") && !k.attr("protection_upgrade").is_none())
        control.protection_upgrade = upgrade(k.attr("protection_upgrade"), p + ".protection_upgrade");
      model.controls.push_back(std::move(control));
    }
    if (py::hasattr(m, "criteria")) model.criteria = criteria(m.attr("criteria"), "criteria");
    if (py::hasattr(m, "supply_network") && !m.attr("supply_network").is_none())
      model.supply_network = network(m.attr("supply_network"), "supply_network");
    return model;
  }
};

// --- C++ -> Python ---------------------------------------------------------------------------

py::object optional(const std::optional<double>& value) {
  return value ? py::object(py::float_(*value)) : py::object(py::none());
}

py::list float_list(const std::vector<double>& values) {
  py::list list;
  for (double v : values) list.append(v);
  return list;
}
py::list str_list(const std::vector<std::string>& values) {
  py::list list;
  for (const std::string& v : values) list.append(v);
  return list;
}

py::object to_python(const Distribution& distribution) {
  const Classes& c = classes();
  using namespace py::literals;
  return std::visit(
      [&c](const auto& d) -> py::object {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, Fixed>)
          return c.fixed("value"_a = d.value);
        else if constexpr (std::is_same_v<T, Uniform>)
          return c.uniform("low"_a = d.low, "high"_a = d.high);
        else if constexpr (std::is_same_v<T, Triangular>)
          return c.triangular("low"_a = d.low, "mode"_a = d.mode, "high"_a = d.high);
        else if constexpr (std::is_same_v<T, Pert>)
          return c.pert("low"_a = d.low, "mode"_a = d.mode, "high"_a = d.high, "lambda_"_a = d.lambda);
        else if constexpr (std::is_same_v<T, Normal>)
          return c.normal("mean"_a = d.mean, "sd"_a = d.sd);
        else if constexpr (std::is_same_v<T, Lognormal>)
          return c.lognormal("mu"_a = d.mu, "sigma"_a = d.sigma);
        else if constexpr (std::is_same_v<T, Lognormal90>)
          return c.lognormal90("low"_a = d.low, "high"_a = d.high);
        else if constexpr (std::is_same_v<T, Gamma>)
          return c.gamma("shape"_a = d.shape, "scale"_a = d.scale);
        else if constexpr (std::is_same_v<T, Beta>)
          return c.beta("alpha"_a = d.alpha, "beta"_a = d.beta);
        else if constexpr (std::is_same_v<T, Poisson>)
          return c.poisson("mean"_a = d.mean);
        else
          return c.empirical("values"_a = float_list(d.values), "weights"_a = float_list(d.weights));
      },
      distribution);
}
py::object to_python(const std::optional<Distribution>& distribution) {
  return distribution ? to_python(*distribution) : py::object(py::none());
}

py::object to_python(const model::ResponseForce& r) {
  using namespace py::literals;
  return classes().response_force("time_mean_seconds"_a = r.time_mean_seconds, "time_sd_seconds"_a = r.time_sd_seconds);
}

py::object to_python(const model::ProtectionSystem& s) {
  using namespace py::literals;
  const Classes& c = classes();
  py::list elements;
  for (const model::ProtectionElement& e : s.elements)
    elements.append(c.protection_element("id"_a = e.id, "from_area"_a = e.from_area, "to_area"_a = e.to_area,
                                         "detection_probability"_a = e.detection_probability, "detection_at"_a = e.detection_at,
                                         "delay_mean_seconds"_a = e.delay_mean_seconds, "delay_sd_seconds"_a = e.delay_sd_seconds,
                                         "name"_a = e.name));
  return c.protection_system("areas"_a = str_list(s.areas), "target_area"_a = s.target_area, "elements"_a = elements,
                             "response"_a = to_python(s.response),
                             "alarm_communication_probability"_a = s.alarm_communication_probability,
                             "neutralisation_probability"_a = s.neutralisation_probability);
}

py::object to_python(const model::ProtectionUpgrade& u) {
  using namespace py::literals;
  const Classes& c = classes();
  py::list changes;
  for (const model::ProtectionElementChange& ch : u.element_changes)
    changes.append(c.element_change("element"_a = ch.element, "detection_probability"_a = optional(ch.detection_probability),
                                    "detection_at"_a = ch.detection_at ? py::cast(*ch.detection_at) : py::none(),
                                    "delay_mean_seconds"_a = optional(ch.delay_mean_seconds),
                                    "delay_sd_seconds"_a = optional(ch.delay_sd_seconds)));
  return c.protection_upgrade("element_changes"_a = changes, "removed_elements"_a = str_list(u.removed_elements),
                              "response"_a = u.response ? to_python(*u.response) : py::none(),
                              "alarm_communication_probability"_a = optional(u.alarm_communication_probability),
                              "neutralisation_probability"_a = optional(u.neutralisation_probability));
}

py::object to_python(const model::SupplyNetwork& n) {
  using namespace py::literals;
  const Classes& c = classes();
  py::list facilities, links;
  for (const model::FacilityFlow& f : n.facilities) {
    py::list inputs;
    for (const model::BomInput& in : f.inputs)
      inputs.append(c.bom_input("product"_a = in.product, "quantity_per_unit"_a = in.quantity_per_unit,
                                "inventory_units"_a = in.inventory_units));
    facilities.append(c.facility_flow("facility"_a = f.facility, "product"_a = f.product,
                                      "capacity_per_day"_a = optional(f.capacity_per_day),
                                      "inventory_units"_a = f.inventory_units, "demand_per_day"_a = f.demand_per_day,
                                      "lost_sale_value_per_unit"_a = f.lost_sale_value_per_unit, "inputs"_a = inputs));
  }
  for (const model::LinkFlow& l : n.links)
    links.append(c.link_flow("link"_a = l.link, "capacity_per_day"_a = optional(l.capacity_per_day)));
  return c.supply_network("facilities"_a = facilities, "links"_a = links, "interaction_scope"_a = n.interaction_scope);
}

}  // namespace

model::Model model_from_python(py::handle model) {
  Reader reader;
  model::Model result = reader.read(model);
  if (!reader.problems.empty()) throw ModelError(std::move(reader.problems));
  return result;
}

Distribution distribution_from_python(py::handle distribution, const std::string& path) {
  Reader reader;
  Distribution result = reader.distribution(distribution, path);
  if (!reader.problems.empty()) throw ModelError(std::move(reader.problems));
  return result;
}

model::Criteria criteria_from_python(py::handle criteria, const std::string& path) {
  Reader reader;
  model::Criteria result = reader.criteria(criteria, path);
  if (!reader.problems.empty()) throw ModelError(std::move(reader.problems));
  return result;
}

py::object criteria_to_python(const model::Criteria& k) {
  using namespace py::literals;
  return classes().criteria("likelihood_bands_per_year"_a = float_list(k.likelihood_bands_per_year),
                            "impact_bands"_a = float_list(k.impact_bands), "intolerable_ale"_a = k.intolerable_ale,
                            "broadly_acceptable_ale"_a = k.broadly_acceptable_ale,
                            "total_intolerable_ale"_a = optional(k.total_intolerable_ale),
                            "total_broadly_acceptable_ale"_a = optional(k.total_broadly_acceptable_ale));
}

py::object model_to_python(const model::Model& m) {
  using namespace py::literals;
  const Classes& c = classes();
  py::list facilities, links, threats, controls;
  for (const model::Facility& f : m.facilities)
    facilities.append(c.facility("id"_a = f.id, "kind"_a = f.kind, "segment"_a = f.segment, "asset_value"_a = f.asset_value,
                                 "daily_value"_a = f.daily_value, "name"_a = f.name,
                                 "protection"_a = f.protection ? to_python(*f.protection) : py::none()));
  for (const model::Link& l : m.links)
    links.append(c.link("id"_a = l.id, "from_"_a = l.from, "to"_a = l.to, "mode"_a = l.mode, "transit_days"_a = l.transit_days,
                        "daily_value"_a = optional(l.daily_value), "name"_a = l.name));
  for (const model::Threat& t : m.threats) {
    py::list targets;
    for (const model::Target& target : t.targets)
      targets.append(c.target("facility"_a = target.facility, "link"_a = target.link, "weight"_a = target.weight,
                              "damage_probability"_a = optional(target.damage_probability)));
    threats.append(c.threat(
        "id"_a = t.id, "category"_a = t.category, "intentional"_a = t.intentional, "rate_per_year"_a = to_python(t.rate_per_year),
        "targets"_a = targets, "vulnerability"_a = t.vulnerability, "loss"_a = to_python(t.loss),
        "downtime_days"_a = to_python(t.downtime_days), "name"_a = t.name,
        "common_cause"_a = t.common_cause
                               ? c.common_cause("severity_correlation"_a = float_list(t.common_cause->severity_correlation))
                               : py::none()));
  }
  for (const model::Control& k : m.controls) {
    py::list scopes;
    for (const model::AppliesTo& a : k.applies_to)
      scopes.append(c.applies_to("threat"_a = a.threat, "facility"_a = a.facility, "link"_a = a.link));
    controls.append(c.control("id"_a = k.id, "status"_a = k.status, "applies_to"_a = scopes, "effectiveness"_a = k.effectiveness,
                              "availability"_a = k.availability, "deterrence"_a = k.deterrence,
                              "loss_reduction"_a = k.loss_reduction, "downtime_reduction"_a = k.downtime_reduction,
                              "annual_cost"_a = k.annual_cost, "name"_a = k.name,
                              "protection_upgrade"_a = k.protection_upgrade ? to_python(*k.protection_upgrade) : py::none()));
  }
  return c.model("name"_a = m.name, "currency"_a = m.currency, "description"_a = m.description, "facilities"_a = facilities,
                 "links"_a = links, "threats"_a = threats, "controls"_a = controls, "criteria"_a = criteria_to_python(m.criteria),
                 "supply_network"_a = m.supply_network ? to_python(*m.supply_network) : py::none());
}

}  // namespace scrisk::python
