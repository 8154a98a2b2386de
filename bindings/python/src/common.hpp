// Shared declarations of the scrisk Python module (scrisk._core).
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "scrisk/core/distribution.hpp"
#include "scrisk/model/model.hpp"

namespace scrisk::python {

namespace py = pybind11;

/// A Python str of C++ text that may not be UTF-8 (a model's bytes quoted in a problem):
/// bytes that are not come out as \xNN, as `scrisk validate` prints them.
[[nodiscard]] inline py::str text_to_python(const std::string& text) {
  return py::reinterpret_steal<py::str>(PyUnicode_DecodeUTF8(text.data(), py::ssize_t(text.size()), "backslashreplace"));
}

/// Python model (the classes scrisk/_model.py makes from the schema) -> C++, without
/// validation. Throws ModelError listing every conversion problem (a wrong type, a missing
/// attribute) with its field path.
[[nodiscard]] model::Model model_from_python(py::handle model);
[[nodiscard]] Distribution distribution_from_python(py::handle distribution, const std::string& path);
/// C++ -> a new scrisk.Model.
[[nodiscard]] py::object model_to_python(const model::Model& model);
/// C++ -> the Python value of one message field of the model (e.g. "criteria": a scrisk.Criteria).
[[nodiscard]] py::object model_part_to_python(const model::Model& model, const std::string& field_name);

/// The Python class scrisk._model made for the schema's message or enum `full_name`.
[[nodiscard]] py::object model_class(const char* full_name);

void bind_model(py::module_& m);
void bind_results(py::module_& m);
void bind_run(py::module_& m);
void bind_stress(py::module_& m);

/// The schema enums that results hand out, by the full name of their Python class's enum.
template <class Enum>
struct SchemaEnum;
template <>
struct SchemaEnum<model::Segment> {
  static constexpr const char* kName = "scrisk.v1.Segment";
};
template <>
struct SchemaEnum<model::ControlStatus> {
  static constexpr const char* kName = "scrisk.v1.Control.Status";
};

}  // namespace scrisk::python

namespace pybind11::detail {

/// A schema enum reaches Python as a member of its class in scrisk._model (an enum.IntEnum
/// made from the schema), not as a pybind11 enum of its own; results only hand them out.
template <class Enum>
class schema_enum_caster {
 public:
  PYBIND11_TYPE_CASTER(Enum, const_name("scrisk.") + const_name("Enum"));
  bool load(handle /*source*/, bool /*convert*/) { return false; }
  static handle cast(Enum value, return_value_policy /*policy*/, handle /*parent*/) {
    return scrisk::python::model_class(scrisk::python::SchemaEnum<Enum>::kName)(int(value)).release();
  }
};

template <>
class type_caster<scrisk::model::Segment> : public schema_enum_caster<scrisk::model::Segment> {};
template <>
class type_caster<scrisk::model::ControlStatus> : public schema_enum_caster<scrisk::model::ControlStatus> {};

}  // namespace pybind11::detail
