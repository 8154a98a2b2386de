// scrisk._core: the schema the model classes are made from, loading and saving, validation,
// the exception translators.
#include <pybind11/stl.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "common.hpp"
#include "schema.hpp"
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

/// The error kinds are Python classes (scrisk/_errors.py) so they pickle and subclass like
/// any Python exception; each C++ kind is translated into its class.
void translate_errors() {
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
}

py::object text_or_bytes(const std::string& out, io::Format format) {
  if (format == io::Format::kBinary) return py::bytes(out);
  return py::str(out);
}

/// The model file written by C++ (io::save does not report a failed write; an OSError here does).
void save_model(py::handle model, const std::string& path) {
  const std::string text = io::serialize(model_from_python(model), io::format_of(path));
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    errno = errno != 0 ? errno : EIO;
    PyErr_SetFromErrnoWithFilename(PyExc_OSError, path.c_str());
    throw py::error_already_set();
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  if (std::fclose(file) != 0 || !ok) {
    PyErr_SetFromErrnoWithFilename(PyExc_OSError, path.c_str());
    throw py::error_already_set();
  }
}

void bind_files(py::module_& m) {
  m.def(
      "load", [](const std::string& path) { return model_to_python(io::load(path)); }, py::arg("path"),
      "Reads and validates a model file (.json: JSON; .pb/.bin/.binpb: binary; else text format).");
  m.def(
      "loads",
      [](py::handle content, const std::string& format, const std::string& source) {
        const io::Format f = parse_format(format);
        if (!PyBytes_Check(content.ptr()) && !PyUnicode_Check(content.ptr()))
          throw py::type_error("content must be str or bytes");
        return model_to_python(io::parse(content.cast<std::string>(), f, source));
      },
      py::arg("content"), py::arg("format") = "textproto", py::arg("source") = "<string>");
  m.def(
      "dumps",
      [](py::handle model, const std::string& format) {
        const io::Format f = parse_format(format);
        return text_or_bytes(io::serialize(model_from_python(model), f), f);
      },
      py::arg("model"), py::arg("format") = "textproto");
  m.def("save", &save_model, py::arg("model"), py::arg("path"));
  m.def(
      "_reserialize",
      [](const std::string& path, const std::string& format) {
        const io::Format f = parse_format(format);
        return text_or_bytes(io::serialize(io::load(path), f), f);
      },
      py::arg("path"), py::arg("format") = "json",
      "Test hook: the file loaded and written back by C++ alone, to check that the Python classes carry every "
      "field of the C++ model.");
}

void bind_checks(py::module_& m) {
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

}  // namespace

void bind_model(py::module_& m) {
  // Built now, while the import runs alone: a first use from two Python threads at once
  // could otherwise wait on each other (the schema's Python strings need the GIL).
  (void)Schema::get();
  m.def("schema", &schema_to_python,
        "The model-file schema (proto/scrisk/v1/model.proto) as scrisk._model makes its classes from it: per message "
        "its fields in order, with their types, presence and the defaults the C++ model gives them; per enum its values.");
  translate_errors();
  bind_files(m);
  bind_checks(m);
}

}  // namespace scrisk::python
