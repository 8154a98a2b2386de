// scrisk._core: the model's enums, loading and saving, validation, the exception translators.
#include <pybind11/stl.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "common.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/io/model_file.hpp"
#include "scrisk/model/validate.hpp"

namespace scrisk::python {
namespace {

io::Format parse_format(const std::string& format) {
  if (format == "textproto" || format == "text" || format == "txtpb") return io::Format::kText;
  if (format == "json") return io::Format::kJson;
  if (format == "binary" || format == "pb" || format == "binpb") return io::Format::kBinary;
  throw py::value_error("format must be \"textproto\", \"json\" or \"binary\", got \"" + format + "\"");
}

py::list problems_to_python(const std::vector<Problem>& problems, const std::string& source) {
  const py::object cls = py::module_::import("scrisk._errors").attr("Problem");
  py::list list;
  for (const Problem& p : problems)
    list.append(cls(text_to_python(p.path), text_to_python(p.message), p.line, p.column, text_to_python(p.to_string(source))));
  return list;
}

}  // namespace

void bind_model(py::module_& m) {
  py::enum_<model::Segment>(m, "Segment", "ISO 28000 3.9: position relative to the organization's operational control.")
      .value("UNSPECIFIED", model::Segment::kUnspecified)
      .value("UPSTREAM", model::Segment::kUpstream)
      .value("OWN", model::Segment::kOwn)
      .value("DOWNSTREAM", model::Segment::kDownstream);
  py::enum_<model::FacilityKind>(m, "FacilityKind", "What a facility is (the model file's Facility.kind).")
      .value("UNSPECIFIED", model::FacilityKind::kUnspecified)
      .value("PLANT", model::FacilityKind::kPlant)
      .value("WAREHOUSE", model::FacilityKind::kWarehouse)
      .value("PORT", model::FacilityKind::kPort)
      .value("TERMINAL", model::FacilityKind::kTerminal)
      .value("DISTRIBUTION_CENTER", model::FacilityKind::kDistributionCenter)
      .value("VEHICLE", model::FacilityKind::kVehicle)
      .value("VESSEL", model::FacilityKind::kVessel)
      .value("IT_SYSTEM", model::FacilityKind::kItSystem)
      .value("SUPPLIER", model::FacilityKind::kSupplier)
      .value("CUSTOMER", model::FacilityKind::kCustomer)
      .value("OFFICE", model::FacilityKind::kOffice);
  py::enum_<model::LinkMode>(m, "LinkMode", "Transport mode of a link.")
      .value("UNSPECIFIED", model::LinkMode::kUnspecified)
      .value("ROAD", model::LinkMode::kRoad)
      .value("RAIL", model::LinkMode::kRail)
      .value("SEA", model::LinkMode::kSea)
      .value("AIR", model::LinkMode::kAir)
      .value("PIPELINE", model::LinkMode::kPipeline)
      .value("INFORMATION", model::LinkMode::kInformation)
      .value("INLAND_WATERWAY", model::LinkMode::kInlandWaterway);
  py::enum_<model::ThreatCategory>(m, "Category", "ISO 28000 4.3.1 a) to h): the category of a threat.")
      .value("UNSPECIFIED", model::ThreatCategory::kUnspecified)
      .value("PHYSICAL", model::ThreatCategory::kPhysical, "a) physical failure, malicious damage, criminal action")
      .value("OPERATIONAL", model::ThreatCategory::kOperational, "b) control of security, human factors")
      .value("NATURAL", model::ThreatCategory::kNatural, "c) natural environmental events")
      .value("EXTERNAL", model::ThreatCategory::kExternal, "d) factors outside the organization's control")
      .value("STAKEHOLDER", model::ThreatCategory::kStakeholder, "e) regulatory failure, reputation, brand")
      .value("SECURITY_EQUIPMENT", model::ThreatCategory::kSecurityEquipment, "f) security equipment")
      .value("INFORMATION", model::ThreatCategory::kInformation, "g) information, data and communications")
      .value("CONTINUITY", model::ThreatCategory::kContinuity, "h) continuity of operations");
  py::enum_<model::ControlStatus>(m, "ControlStatus",
                                  "EXISTING (in the current state) or PROPOSED (added in the residual state).")
      .value("UNSPECIFIED", model::ControlStatus::kUnspecified)
      .value("EXISTING", model::ControlStatus::kExisting)
      .value("PROPOSED", model::ControlStatus::kProposed);
  py::enum_<model::DetectionPoint>(m, "DetectionPoint",
                                   "Where in an element's task the adversary is detected (EASI's B / M / E).")
      .value("UNSPECIFIED", model::DetectionPoint::kUnspecified)
      .value("BEGINNING", model::DetectionPoint::kBeginning)
      .value("MIDDLE", model::DetectionPoint::kMiddle)
      .value("END", model::DetectionPoint::kEnd);
  py::enum_<model::InteractionScope>(m, "InteractionScope",
                                     "Which overlapping outages are priced together on their joint loss curve (docs/network.md).")
      .value("ALL_PAIRS", model::InteractionScope::kAllPairs, "every pair whose outages' regions of the network touch")
      .value("ALTERNATIVE_SOURCES", model::InteractionScope::kAlternativeSources,
             "facilities and links feeding the same input of the same facility, and common-cause targets");

  // The error kinds are Python classes (scrisk/_errors.py) so they pickle and subclass like
  // any Python exception; each C++ kind is translated into its class.
  // pybind11 wants a function of a std::exception_ptr by value.
  py::register_exception_translator([](std::exception_ptr pointer) {  // NOLINT(performance-unnecessary-value-param)
    if (!pointer) return;
    auto raise = [](const char* kind, const py::object& instance) {
      PyErr_SetObject(py::module_::import("scrisk._errors").attr(kind).ptr(), instance.ptr());
    };
    auto kind = [](const char* name) { return py::module_::import("scrisk._errors").attr(name); };
    try {
      std::rethrow_exception(pointer);
    } catch (const ModelError& error) {
      raise("ModelError", kind("ModelError")(text_to_python(error.what()), problems_to_python(error.problems(), error.source()),
                                             text_to_python(error.source())));
    } catch (const UsageError& error) {
      raise("UsageError", kind("UsageError")(text_to_python(error.what()), error.argument()));
    } catch (const ResultsMismatch& error) {
      raise("ResultsMismatch", kind("ResultsMismatch")(text_to_python(error.what())));
    } catch (const IoError& error) {
      raise("IoError",
            kind("IoError")(text_to_python(error.what()), text_to_python(error.path()), text_to_python(error.reason())));
    } catch (const Cancelled& error) {
      raise("Cancelled", kind("Cancelled")(error.what()));
    } catch (const InternalError& error) {
      raise("InternalError", kind("InternalError")(text_to_python(error.what())));
    } catch (const Error& error) {
      raise("Error", kind("Error")(text_to_python(error.what())));
    }
  });

  m.def(
      "load", [](const std::string& path) { return model_to_python(io::load(path)); }, py::arg("path"),
      "Reads and validates a model file (.json: JSON; .pb/.bin/.binpb: binary; else text format).");
  m.def(
      "loads",
      [](py::handle content, const std::string& format, const std::string& source) {
        const io::Format f = parse_format(format);
        std::string text;
        if (!PyBytes_Check(content.ptr()) && !PyUnicode_Check(content.ptr()))
          throw py::type_error("content must be str or bytes");
        text = content.cast<std::string>();
        return model_to_python(io::parse(text, f, source));
      },
      py::arg("content"), py::arg("format") = "textproto", py::arg("source") = "<string>");
  m.def(
      "dumps",
      [](py::handle model, const std::string& format) -> py::object {
        const io::Format f = parse_format(format);
        const std::string out = io::serialize(model_from_python(model), f);
        if (f == io::Format::kBinary) return py::bytes(out);
        return py::str(out);
      },
      py::arg("model"), py::arg("format") = "textproto");
  m.def(
      "save",
      [](py::handle model, const std::string& path) {
        const model::Model converted = model_from_python(model);
        const std::string text = io::serialize(converted, io::format_of(path));
        // io::save does not report a failed write; do it here so Python gets an OSError.
        std::FILE* file = std::fopen(path.c_str(), "wb");
        if (!file) {
          errno = errno ? errno : EIO;
          PyErr_SetFromErrnoWithFilename(PyExc_OSError, path.c_str());
          throw py::error_already_set();
        }
        const bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
        if (std::fclose(file) != 0 || !ok) {
          PyErr_SetFromErrnoWithFilename(PyExc_OSError, path.c_str());
          throw py::error_already_set();
        }
      },
      py::arg("model"), py::arg("path"));
  m.def(
      "_reserialize",
      [](const std::string& path, const std::string& format) -> py::object {
        const io::Format f = parse_format(format);
        const std::string out = io::serialize(io::load(path), f);
        if (f == io::Format::kBinary) return py::bytes(out);
        return py::str(out);
      },
      py::arg("path"), py::arg("format") = "json",
      "Test hook: the file loaded and written back by C++ alone, to check that the Python classes carry every "
      "field of the C++ model.");
  m.def(
      "validate", [](py::handle model) { model::validate(model_from_python(model)); }, py::arg("model"));
  m.def(
      "find_problems",
      [](py::handle model) {
        try {
          return problems_to_python(model::find_problems(model_from_python(model)), "");
        } catch (const ModelError& error) {
          return problems_to_python(error.problems(), "");
        }
      },
      py::arg("model"));
  m.def(
      "distribution_mean",
      [](py::handle distribution) {
        const Distribution d = distribution_from_python(distribution, "distribution");
        std::vector<Problem> problems;
        validate(d, "distribution", Support::kAnyReal, problems);
        if (!problems.empty()) throw ModelError(std::move(problems));
        return mean(d);
      },
      py::arg("distribution"));
}

}  // namespace scrisk::python
