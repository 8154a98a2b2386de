// Python model (the classes scrisk/_model.py makes from the schema) -> the schema's message
// -> model::, by io::decode. The walk follows the message's descriptor and reads each field
// by name from the Python object; every value of the wrong type becomes a Problem with its
// field path, so that one ModelError lists them all, as for a model file.
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

#include "common.hpp"
#include "schema.hpp"
#include "scrisk/core/error.hpp"
#include "scrisk/io/schema.hpp"

namespace scrisk::python {
namespace {

std::string type_name(py::handle value) { return py::str(py::type::handle_of(value).attr("__name__")); }

std::string describe(py::handle value) {
  std::string repr = py::repr(value);
  if (repr.size() > 60) repr = repr.substr(0, 57) + "...";
  return "a " + type_name(value) + " (" + repr + ")";
}

std::string join(const std::string& path, const std::string& name) { return path.empty() ? name : path + "." + name; }

std::string indexed(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

/// The member names of an enum class, for a problem; the placeholder UNSPECIFIED left out.
std::string member_names(py::handle cls) {
  std::string out;
  for (auto item : py::dict(cls.attr("__members__"))) {
    const std::string name = py::str(item.first);
    if (!name.ends_with("UNSPECIFIED")) out += (out.empty() ? "" : " ") + name;
  }
  return out;
}

/// A value that leaves an alternative of a oneof unchosen: "" for TargetRef.facility.
bool is_zero(py::handle value, const pb::FieldDescriptor& field) {
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING: return PyUnicode_Check(value.ptr()) && PyUnicode_GetLength(value.ptr()) == 0;
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return (PyFloat_Check(value.ptr()) || PyLong_CheckExact(value.ptr())) && PyObject_Not(value.ptr()) == 1;
    case pb::FieldDescriptor::CPPTYPE_BOOL: return value.ptr() == Py_False;
    default: return false;
  }
}

class Reader {
 public:
  explicit Reader(const Schema& schema) : schema_(schema), classes_(model_classes()) {}

  std::vector<Problem> problems;

  /// `object`, which must be an instance of the message's class, into `out`.
  void read_instance(py::handle object, const MessageInfo& info, pb::Message& out, const std::string& path) {
    if (is_instance(object, info, path)) read_fields(object, info, out, path);
  }

  /// A union (a distribution): `object` is an instance of one member's class.
  void read_union(py::handle object, const MessageInfo& info, pb::Message& out, const std::string& path) {
    std::vector<std::string> names;
    for (int i = 0; i < info.union_of->field_count(); ++i) {
      const pb::FieldDescriptor* member = info.union_of->field(i);
      const MessageInfo& member_info = schema_.info(*member->message_type());
      const py::handle cls = class_of(classes_, member_info.key);
      if (py::isinstance(object, cls)) {
        read_fields(object, member_info, *out.GetReflection()->MutableMessage(&out, member), join(path, member->name()));
        return;
      }
      names.push_back(py::str(cls.attr("__name__")));
    }
    std::string list = "scrisk.";
    for (std::size_t i = 0; i < names.size(); ++i) list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    std::string kind = info.descriptor->name();
    for (char& c : kind) c = char(std::tolower(static_cast<unsigned char>(c)));
    problem(path, "must be a " + kind + " (" + list + "), got " + describe(object));
  }

 private:
  void problem(const std::string& path, std::string message) { problems.push_back({path, std::move(message)}); }

  bool is_instance(py::handle object, const MessageInfo& info, const std::string& path) {
    const py::handle cls = class_of(classes_, info.key);
    if (py::isinstance(object, cls)) return true;
    problem(path, "must be a scrisk." + std::string(py::str(cls.attr("__name__"))) + ", got " + describe(object));
    return false;
  }

  void read_fields(py::handle object, const MessageInfo& info, pb::Message& out, const std::string& path) {
    for (const FieldInfo& field : info.fields) {
      const std::string field_path = join(path, field.descriptor->name());
      if (!py::hasattr(object, field.attribute)) {
        problem(field_path, "missing attribute \"" + std::string(field.attribute) + "\" on a " + type_name(object));
        continue;
      }
      const py::object value = object.attr(field.attribute);
      if (field.descriptor->is_repeated())
        read_list(value, field, out, field_path);
      else if (!(value.is_none() && field.optional))
        read_single(value, field, out, path, field_path);
    }
  }

  void read_list(py::handle value, const FieldInfo& field, pb::Message& out, const std::string& path) {
    if (!(PyList_Check(value.ptr()) || PyTuple_Check(value.ptr()))) {
      problem(path, "must be a list, got " + describe(value));
      return;
    }
    const pb::FieldDescriptor& descriptor = *field.descriptor;
    std::size_t index = 0;
    for (py::handle item : value) {
      const std::string item_path = indexed(path, index++);
      if (descriptor.message_type() == nullptr) {
        read_scalar(item, descriptor, out, item_path);
        continue;
      }
      const MessageInfo& info = schema_.info(*descriptor.message_type());
      if (info.union_of != nullptr)
        read_union(item, info, *out.GetReflection()->AddMessage(&out, &descriptor), item_path);
      else if (is_instance(item, info, item_path))
        read_fields(item, info, *out.GetReflection()->AddMessage(&out, &descriptor), item_path);
    }
  }

  void read_single(py::handle value, const FieldInfo& field, pb::Message& out, const std::string& path,
                   const std::string& field_path) {
    const pb::FieldDescriptor& descriptor = *field.descriptor;
    const pb::Reflection& reflection = *out.GetReflection();
    // An alternative of a oneof is chosen by a value other than zero (model:: keeps an
    // empty string for the others); two chosen cannot both reach the message.
    if (const pb::OneofDescriptor* oneof = descriptor.real_containing_oneof()) {
      if (is_zero(value, descriptor)) return;
      if (const pb::FieldDescriptor* chosen = reflection.GetOneofFieldDescriptor(out, oneof)) {
        problem(path, "sets both " + chosen->name() + " and " + descriptor.name() + "; set one of them");
        return;
      }
    }
    if (descriptor.message_type() != nullptr) {
      const MessageInfo& info = schema_.info(*descriptor.message_type());
      if (info.union_of != nullptr)
        read_union(value, info, *reflection.MutableMessage(&out, &descriptor), field_path);
      else if (is_instance(value, info, field_path))
        read_fields(value, info, *reflection.MutableMessage(&out, &descriptor), field_path);
      return;
    }
    read_scalar(value, descriptor, out, field_path);
  }

  void read_scalar(py::handle value, const pb::FieldDescriptor& field, pb::Message& out, const std::string& path) {
    const pb::Reflection& reflection = *out.GetReflection();
    const bool list = field.is_repeated();
    switch (field.cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        if (const auto number = to_number(value, path))
          list ? reflection.AddDouble(&out, &field, *number) : reflection.SetDouble(&out, &field, *number);
        return;
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        if (const auto flag = to_flag(value, path))
          list ? reflection.AddBool(&out, &field, *flag) : reflection.SetBool(&out, &field, *flag);
        return;
      case pb::FieldDescriptor::CPPTYPE_STRING:
        if (!PyUnicode_Check(value.ptr()))
          problem(path, "must be a str, got " + describe(value));
        else
          list ? reflection.AddString(&out, &field, value.cast<std::string>())
               : reflection.SetString(&out, &field, value.cast<std::string>());
        return;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        if (const auto number = to_enum(value, *field.enum_type(), path))
          list ? reflection.AddEnumValue(&out, &field, *number) : reflection.SetEnumValue(&out, &field, *number);
        return;
      default: throw InternalError("the bindings do not convert the type of " + field.full_name());
    }
  }

  std::optional<double> to_number(py::handle value, const std::string& path) {
    if (value.is_none() || PyBool_Check(value.ptr()) || PyUnicode_Check(value.ptr()) || PyBytes_Check(value.ptr())) {
      problem(path, "must be a number, got " + describe(value));
      return std::nullopt;
    }
    const double result = PyFloat_AsDouble(value.ptr());
    if (result == -1.0 && PyErr_Occurred() != nullptr) {
      PyErr_Clear();
      problem(path, "must be a number, got " + describe(value));
      return std::nullopt;
    }
    return result;
  }

  std::optional<bool> to_flag(py::handle value, const std::string& path) {
    const int truth = PyUnicode_Check(value.ptr()) || value.is_none() ? -1 : PyObject_IsTrue(value.ptr());
    if (truth < 0) {
      PyErr_Clear();
      problem(path, "must be a bool, got " + describe(value));
      return std::nullopt;
    }
    return truth != 0;
  }

  /// A member of the enum's class, or its name as a str ("PHYSICAL").
  std::optional<int> to_enum(py::handle value, const pb::EnumDescriptor& descriptor, const std::string& path) {
    const py::handle cls = class_of(classes_, py::str(descriptor.full_name()));
    const std::string name = py::str(cls.attr("__name__"));
    if (py::isinstance(value, cls)) return value.cast<int>();
    if (PyUnicode_Check(value.ptr())) {
      const py::dict members = cls.attr("__members__");
      if (members.contains(value)) return members[value].cast<int>();
      problem(path, "unknown " + name + " \"" + value.cast<std::string>() + "\"; one of " + member_names(cls));
      return std::nullopt;
    }
    problem(path, "must be a scrisk." + name + ", got " + describe(value));
    return std::nullopt;
  }

  const Schema& schema_;
  py::dict classes_;
};

}  // namespace

model::Model model_from_python(py::handle model) {
  const Schema& schema = Schema::get();
  const std::unique_ptr<pb::Message> message = schema.make(schema.model());
  Reader reader(schema);
  reader.read_instance(model, schema.info(schema.model()), *message, "");
  if (!reader.problems.empty()) throw ModelError(std::move(reader.problems));
  return io::decode(message->SerializeAsString());
}

Distribution distribution_from_python(py::handle distribution, const std::string& path) {
  const Schema& schema = Schema::get();
  const std::unique_ptr<pb::Message> message = schema.make(schema.distribution());
  Reader reader(schema);
  reader.read_union(distribution, schema.info(schema.distribution()), *message, path);
  if (!reader.problems.empty()) throw ModelError(std::move(reader.problems));
  return io::decode_distribution(message->SerializeAsString(), path);
}

}  // namespace scrisk::python
