"""The scrisk model as Python dataclasses, made at import from the model-file schema.

There is one class per message of proto/scrisk/v1/model.proto and one enum per enum of it,
made from the description ``scrisk._core.schema()`` gives (docs/architecture.md, "One
schema"): a field added to the schema is a field here without an edit. Fields are in the
schema's declaration order (so ``Pert(0.5, 2, 6)`` works), named as in the model file
except where that is a Python keyword (``Link.from_``, ``Pert.lambda_``), and default to
what the C++ model gives an omitted field (a threat's vulnerability 1, a target's weight 1,
the default ``Criteria``); an optional field the model leaves empty is None (a link's daily
value, a facility's protection, a threat's rate). A field of the schema's ``Distribution``
holds one of its kinds (``Fixed``, ``Pert``, ...) directly.

The classes only hold data: validation, simulation and file formats are the C++ library's,
reached through ``scrisk._core``. Lists are plain Python lists: append to them, change an
element in place, then run. Problems (a wrong type, an unknown id, a probability above
1...) are reported by ``Model.validate()``, ``scrisk.run()`` and ``Model.save()`` as a
``scrisk.ModelError`` listing every problem with its field path, e.g.
``threats[0].loss.pert.low``.
"""
from __future__ import annotations

import copy as _copy
import dataclasses as _dataclasses
import enum as _enum
import functools as _functools
import os as _os
import typing as _typing

from . import _core
from ._docs import CLASS_DOCS as _CLASS_DOCS

# Where the schema's own name would not read well in Python: a nested enum called Kind,
# Mode or Status is named after its message; TargetRef is what a threat's target is.
_PYTHON_NAMES = {
    "scrisk.v1.TargetRef": "Target",
    "scrisk.v1.Facility.Kind": "FacilityKind",
    "scrisk.v1.Link.Mode": "LinkMode",
    "scrisk.v1.Control.Status": "ControlStatus",
}

_SCHEMA = _core.schema()

# Every class and enum made here, by the schema's full name (the C++ converters find the
# classes here: bindings/python/src/to_message.cpp and from_message.cpp).
_CLASSES: dict = {}


def _python_name(full_name: str) -> str:
    return _PYTHON_NAMES.get(full_name, full_name.rsplit(".", 1)[-1])


class _SchemaEnum(_enum.IntEnum):
    """An enum of the model-file schema: compares equal to its number, and any model field
    of its type also takes the member's name as a str (``status="PROPOSED"``)."""

    # Printed as Category.PHYSICAL, not as its number (IntEnum's str in Python 3.11).
    __str__ = _enum.Enum.__str__
    __format__ = _enum.Enum.__format__


def _make_enum(spec: dict) -> type:
    name = _python_name(spec["name"])
    # The proto3 placeholder (KIND_UNSPECIFIED = 0) is UNSPECIFIED in every enum.
    members = [("UNSPECIFIED" if number == 0 and value.endswith("_UNSPECIFIED") else value, number)
               for value, number in spec["values"]]
    made = _SchemaEnum(name, members, module=__name__, qualname=name)
    made.__doc__ = _CLASS_DOCS.get(name, f"The model file's {spec['name']} (docs/model.md).")
    return made


class _DistributionMethods:
    """What every kind of distribution has."""

    def expected_value(self) -> float:
        """Exact mean of the distribution (``scrisk::mean``; a normal's unclamped mean)."""
        return _core.distribution_mean(self)


class _ModelMethods:
    """What the root of the schema, scrisk.Model, has beside its fields."""

    def problems(self) -> list:
        """Every problem of the model as a list of ``scrisk.Problem`` (empty when valid)."""
        return _core.find_problems(self)

    def validate(self) -> None:
        """Raises ``scrisk.ModelError`` (with ``.problems``, each with its field path) when
        the model is invalid; returns None otherwise."""
        _core.validate(self)

    def dumps(self, format: str = "textproto") -> _typing.Union[str, bytes]:
        """The model as ``"textproto"`` (str), ``"json"`` (str) or ``"binary"`` (bytes);
        ``scrisk.loads`` reads it back into an equal model."""
        return _core.dumps(self, format)

    def save(self, path: _typing.Union[str, _os.PathLike]) -> None:
        """Writes the model to ``path``: JSON for ``.json``, binary for ``.pb``/``.bin``/
        ``.binpb``, text format otherwise. The file is written from the model's values: the
        comments and layout of a file the model was loaded from are not kept. Raises
        ModelError when the model cannot be converted (a wrong type) and OSError when the
        file cannot be written."""
        _core.save(self, _os.fspath(path))

    def copy(self):
        """A deep copy (edit it without touching this model)."""
        return _copy.deepcopy(self)

    def __getitem__(self, element_id: str):
        """The element with that id among the model's lists of elements that have ids
        (facilities, links, threats, controls); KeyError otherwise."""
        for group in _ID_LISTS:
            for element in getattr(self, group):
                if element.id == element_id:
                    return element
        raise KeyError(element_id)


_SCALARS = {"double": float, "bool": bool, "string": str}


def _annotation(field: dict, types: dict):
    if field["kind"] in _SCALARS:
        annotation = _SCALARS[field["kind"]]
    else:
        annotation = types[field["type"]]
    if field["repeated"]:
        return _typing.List[annotation]
    return _typing.Optional[annotation] if field["optional"] else annotation


def _default(field: dict, types: dict):
    """The dataclasses.field of a schema field: its default or default factory."""
    if field["repeated"]:
        return _dataclasses.field(default_factory=_functools.partial(list, field["default"]))
    if field["optional"]:
        return _dataclasses.field(default=None)
    if field["kind"] == "message":
        return _dataclasses.field(default_factory=types[field["type"]])
    if field["kind"] == "enum":
        return _dataclasses.field(default=types[field["type"]](field["default"]))
    return _dataclasses.field(default=field["default"])


def _dependencies(message: dict) -> set:
    return {field["type"] for field in message["fields"] if field["kind"] == "message"}


def _in_dependency_order(messages: list) -> list:
    """Each message after the messages its fields hold (the schema has no cycle)."""
    by_name = {message["name"]: message for message in messages}
    done, order = set(), []

    def visit(name, path=()):
        if name in done:
            return
        if name in path:
            raise RuntimeError(f"the schema's messages hold each other: {' -> '.join(path + (name,))}")
        for used in sorted(_dependencies(by_name[name])):
            visit(used, path + (name,))
        done.add(name)
        order.append(by_name[name])

    for message in messages:
        visit(message["name"])
    return order


def _make_class(message: dict, types: dict, bases: tuple) -> type:
    name = _python_name(message["name"])
    fields = [(field["python_name"], _annotation(field, types), _default(field, types)) for field in message["fields"]]
    doc = _CLASS_DOCS.get(name, f"The model file's {message['name']} (docs/model.md).")
    namespace = {"__doc__": doc, "__module__": __name__, "__qualname__": name}
    return _dataclasses.make_dataclass(name, fields, bases=bases, namespace=namespace)


def _build():
    types = {}
    for spec in _SCHEMA["enums"]:
        types[spec["name"]] = _make_enum(spec)
    members = {field["type"] for message in _SCHEMA["messages"] if message["union"] for field in message["fields"]}
    for message in _in_dependency_order(_SCHEMA["messages"]):
        if message["union"]:  # a union (Distribution) is the Union of its kinds' classes
            types[message["name"]] = _typing.Union[tuple(types[field["type"]] for field in message["fields"])]
            continue
        bases = ()
        if message["name"] in members:
            bases = (_DistributionMethods,)
        elif message["name"] == _SCHEMA["model"]:
            bases = (_ModelMethods,)
        types[message["name"]] = _make_class(message, types, bases)
    names = [_python_name(name) for name in types]
    if len(set(names)) != len(names):
        raise RuntimeError(f"two classes of the schema would have the same Python name: {sorted(names)}")
    return types


_TYPES = _build()
_CLASSES.update({name: made for name, made in _TYPES.items() if isinstance(made, type)})


def _lists_with_ids() -> tuple:
    """The root's lists of elements that have an id (what model["id"] searches)."""
    messages = {message["name"]: message for message in _SCHEMA["messages"]}
    has_id = {name for name, message in messages.items() if any(f["name"] == "id" for f in message["fields"])}
    return tuple(field["python_name"] for field in messages[_SCHEMA["model"]]["fields"]
                 if field["repeated"] and field["type"] in has_id)


_ID_LISTS = _lists_with_ids()

__all__ = []
for _full_name, _made in _TYPES.items():
    _name = _python_name(_full_name)
    globals()[_name] = _made
    __all__.append(_name)
del _full_name, _made, _name
