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

/// Python model (the dataclasses of scrisk/_model.py) -> C++. Throws ModelError listing every
/// conversion problem (a wrong type, a missing attribute) with its field path.
[[nodiscard]] model::Model model_from_python(py::handle model);
[[nodiscard]] Distribution distribution_from_python(py::handle distribution, const std::string& path);
/// C++ -> a new scrisk.Model.
[[nodiscard]] py::object model_to_python(const model::Model& model);
[[nodiscard]] model::Criteria criteria_from_python(py::handle criteria, const std::string& path);
[[nodiscard]] py::object criteria_to_python(const model::Criteria& criteria);

void bind_model(py::module_& m);
void bind_results(py::module_& m);
void bind_run(py::module_& m);

}  // namespace scrisk::python
