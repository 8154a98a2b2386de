"""Building, editing, saving and loading models from Python."""
import copy
import pickle
import pydoc

import pytest

import scrisk
from conftest import EXAMPLES, EXAMPLE_MODELS


def minimal_in_code() -> scrisk.Model:
    """examples/minimal.textproto, built with keyword arguments."""
    return scrisk.Model(
        name="minimal", currency="EUR",
        facilities=[
            scrisk.Facility(id="plant", kind=scrisk.FacilityKind.PLANT, segment=scrisk.Segment.OWN,
                            asset_value=2e7, daily_value=150000),
            scrisk.Facility(id="port", kind=scrisk.FacilityKind.PORT, segment=scrisk.Segment.DOWNSTREAM,
                            daily_value=150000),
        ],
        links=[scrisk.Link(id="truck", from_="plant", to="port", mode=scrisk.LinkMode.ROAD, transit_days=1)],
        threats=[scrisk.Threat(
            id="cargo_theft", category=scrisk.Category.PHYSICAL, intentional=True,
            rate_per_year=scrisk.Pert(0.5, 2, 6),
            targets=[scrisk.Target(link="truck", weight=3), scrisk.Target(facility="port", weight=1)],
            vulnerability=0.6, loss=scrisk.Lognormal90(2e4, 8e5), downtime_days=scrisk.Triangular(0, 1, 4))],
        controls=[
            scrisk.Control(id="gps_tracking", status=scrisk.ControlStatus.EXISTING,
                           applies_to=[scrisk.AppliesTo(threat="cargo_theft", link="truck")],
                           effectiveness=0.5, availability=0.95, annual_cost=12000),
            scrisk.Control(id="escorted_convoys", status=scrisk.ControlStatus.PROPOSED,
                           applies_to=[scrisk.AppliesTo(threat="cargo_theft", link="truck")],
                           deterrence=0.3, loss_reduction=0.2, annual_cost=40000),
        ],
        criteria=scrisk.Criteria(likelihood_bands_per_year=[0.01, 0.1, 1, 10], impact_bands=[1e4, 1e5, 1e6, 1e7],
                                 intolerable_ale=1e6, broadly_acceptable_ale=1e4))


def every_element_model() -> scrisk.Model:
    """A model using every class and every distribution."""
    m = minimal_in_code()
    m.description = "every element"
    m.facilities[0].protection = scrisk.ProtectionSystem(
        areas=["offsite", "yard", "building", "vault"], target_area="vault",
        elements=[
            scrisk.ProtectionElement(id="fence", from_area="offsite", to_area="yard", detection_probability=0.5,
                                     detection_at=scrisk.DetectionPoint.MIDDLE, delay_mean_seconds=30,
                                     delay_sd_seconds=9, name="perimeter fence"),
            scrisk.ProtectionElement(id="door", from_area="yard", to_area="building", detection_probability=0.7,
                                     detection_at=scrisk.DetectionPoint.BEGINNING, delay_mean_seconds=60,
                                     delay_sd_seconds=18),
            scrisk.ProtectionElement(id="safe", from_area="building", to_area="vault", detection_probability=0.9,
                                     detection_at=scrisk.DetectionPoint.END, delay_mean_seconds=300,
                                     delay_sd_seconds=90),
        ],
        response=scrisk.ResponseForce(time_mean_seconds=240, time_sd_seconds=60),
        alarm_communication_probability=0.95, neutralisation_probability=0.9)
    m.facilities.append(scrisk.Facility(id="customer", kind=scrisk.FacilityKind.CUSTOMER,
                                        segment=scrisk.Segment.DOWNSTREAM))
    m.links.append(scrisk.Link(id="delivery", from_="port", to="customer", mode=scrisk.LinkMode.ROAD,
                               transit_days=2, daily_value=1000, name="last mile"))
    m.threats.append(scrisk.Threat(
        id="burglary", category=scrisk.Category.PHYSICAL, intentional=True, rate_per_year=scrisk.Gamma(2, 0.5),
        targets=[scrisk.Target(facility="plant")], vulnerability=0.5, loss=scrisk.Uniform(1e4, 2e5),
        downtime_days=scrisk.Fixed(1)))
    for i, (rate, loss) in enumerate([
            (scrisk.Normal(1, 0.3), scrisk.Lognormal(10, 1)), (scrisk.Beta(2, 5), scrisk.Empirical([1e4, 5e4], [3, 1])),
            (scrisk.Poisson(1.5), scrisk.Empirical([2e4])), (scrisk.Uniform(0.1, 0.9), scrisk.Pert(1e3, 5e3, 2e4, 6))]):
        m.threats.append(scrisk.Threat(id=f"t{i}", category=scrisk.Category(i + 2), rate_per_year=rate,
                                       targets=[scrisk.Target(link="delivery")], loss=loss))
    m.controls.append(scrisk.Control(
        id="vault_upgrade", status=scrisk.ControlStatus.PROPOSED, applies_to=[scrisk.AppliesTo(facility="plant")],
        annual_cost=5000, name="better safe",
        protection_upgrade=scrisk.ProtectionUpgrade(
            element_changes=[scrisk.ProtectionElementChange(element="safe", detection_probability=0.99,
                                                            detection_at=scrisk.DetectionPoint.BEGINNING,
                                                            delay_mean_seconds=600, delay_sd_seconds=100)],
            response=scrisk.ResponseForce(120, 30), alarm_communication_probability=0.99,
            neutralisation_probability=0.95)))
    m.controls.append(scrisk.Control(id="cheap_fix", status=scrisk.ControlStatus.EXISTING,
                                     applies_to=[scrisk.AppliesTo(threat="t0")], effectiveness=0.2,
                                     downtime_reduction=0.1))
    m.threats.append(scrisk.Threat(
        id="flood", category=scrisk.Category.NATURAL, rate_per_year=scrisk.Fixed(0.2),
        targets=[scrisk.Target(facility="plant", damage_probability=0.8), scrisk.Target(facility="port")],
        loss=scrisk.Lognormal90(1e4, 1e6), downtime_days=scrisk.Pert(1, 5, 20),
        common_cause=scrisk.CommonCause(severity_correlation=[1, 0.6, 0.6, 1])))
    m.criteria.total_intolerable_ale = 5e6
    m.criteria.total_broadly_acceptable_ale = 5e4
    m.supply_network = scrisk.SupplyNetwork(
        facilities=[scrisk.FacilityFlow(facility="port", capacity_per_day=100, inventory_units=50),
                    scrisk.FacilityFlow(facility="customer", demand_per_day=80, lost_sale_value_per_unit=200,
                                        inputs=[scrisk.BomInput(product="port", quantity_per_unit=1,
                                                                inventory_units=10)])],
        links=[scrisk.LinkFlow(link="delivery", capacity_per_day=120)])
    return m


def test_built_in_code_equals_the_file():
    assert minimal_in_code() == scrisk.load(EXAMPLES / "minimal.textproto")


@pytest.mark.parametrize("extension", [".textproto", ".json", ".pb"])
def test_every_element_round_trips_through_files(tmp_path, extension):
    model = every_element_model()
    model.validate()
    path = tmp_path / f"model{extension}"
    model.save(path)
    assert scrisk.load(path) == model


@pytest.mark.parametrize("fmt", ["textproto", "json", "binary"])
def test_round_trip_through_strings(fmt):
    model = every_element_model()
    text = model.dumps(fmt)
    assert isinstance(text, bytes if fmt == "binary" else str)
    assert scrisk.loads(text, fmt) == model
    assert scrisk.dumps(model, fmt) == text


GOOD_FILES = [EXAMPLES / name for name in EXAMPLE_MODELS] + sorted((EXAMPLES.parent / "tests" / "data").glob("*.textproto")) \
    + sorted((EXAMPLES.parent / "tests" / "data" / "good").iterdir())


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.name)
def test_python_classes_carry_every_field_of_the_cpp_model(path):
    """A file loaded into the Python classes and written back equals the file loaded and
    written by C++ alone: a field the C++ model gains that the Python classes lack fails here."""
    try:
        model = scrisk.load(path)
    except scrisk.ModelError:
        pytest.skip(f"{path.name} is not a valid model")
    for fmt in ("json", "binary"):
        assert model.dumps(fmt) == scrisk._core._reserialize(str(path), fmt)


@pytest.mark.parametrize("name", EXAMPLE_MODELS)
def test_examples_round_trip(tmp_path, name):
    model = scrisk.load(EXAMPLES / name)
    model.save(tmp_path / "copy.textproto")
    assert scrisk.load(tmp_path / "copy.textproto") == model


def test_editing_a_loaded_model_changes_the_results():
    model = scrisk.load(EXAMPLES / "minimal.textproto")
    before = scrisk.run(model, trials=20000, seed=1)
    edited = model.copy()
    edited["cargo_theft"].rate_per_year = scrisk.Pert(1, 4, 10)
    edited.controls.append(scrisk.Control(id="alarm", status="PROPOSED",
                                          applies_to=[scrisk.AppliesTo(facility="port")],
                                          effectiveness=0.4, annual_cost=1000))
    after = scrisk.run(edited, trials=20000, seed=1)
    assert after.total.inherent.ale > before.total.inherent.ale
    assert [c.id for c in after.controls] == ["gps_tracking", "escorted_convoys", "alarm"]
    assert model == scrisk.load(EXAMPLES / "minimal.textproto")  # the copy was edited, not the original


def test_enums_by_name_and_lookup():
    model = minimal_in_code()
    model.facilities[0].kind = "WAREHOUSE"
    model.threats[0].category = "NATURAL"
    model.validate()
    loaded = scrisk.loads(model.dumps())
    assert loaded["plant"].kind == scrisk.FacilityKind.WAREHOUSE
    assert loaded["cargo_theft"].category == scrisk.Category.NATURAL
    with pytest.raises(KeyError):
        model["nothing"]


def test_interaction_scope_by_name_and_default():
    model = every_element_model()
    assert model.supply_network.interaction_scope == scrisk.InteractionScope.ALL_PAIRS
    assert "interaction_scope" not in model.dumps()  # the default is not written
    model.supply_network.interaction_scope = "ALTERNATIVE_SOURCES"
    assert "interaction_scope: ALTERNATIVE_SOURCES" in model.dumps()
    loaded = scrisk.loads(model.dumps())
    assert loaded.supply_network.interaction_scope == scrisk.InteractionScope.ALTERNATIVE_SOURCES


def test_models_copy_and_pickle():
    model = every_element_model()
    assert copy.deepcopy(model) == model
    assert pickle.loads(pickle.dumps(model)) == model


def test_distribution_means():
    assert scrisk.Pert(0, 3, 6).expected_value() == 3.0
    assert scrisk.Fixed(2.5).expected_value() == 2.5
    assert scrisk.Empirical([1, 3], [1, 1]).expected_value() == 2.0


def test_help_tells_what_to_pass():
    text = pydoc.render_doc(scrisk.Model, renderer=pydoc.plaintext)
    for word in ("facilities", "threats", "controls", "criteria", "validate", "save", "scrisk.run"):
        assert word in text
    threat = pydoc.render_doc(scrisk.Threat, renderer=pydoc.plaintext)
    for word in ("rate_per_year", "vulnerability", "targets", "Category"):
        assert word in threat
    run = pydoc.render_doc(scrisk.run, renderer=pydoc.plaintext)
    for word in ("trials", "seed", "threads", "progress", "KeyboardInterrupt"):
        assert word in run
    for name in set(scrisk.__all__) - {"Distribution"}:
        assert getattr(scrisk, name).__doc__, name


def test_stub_lists_every_public_name_of_the_module():
    import ast
    import pathlib
    stub = pathlib.Path(scrisk.__file__).with_name("_core.pyi")
    names = {node.name for node in ast.parse(stub.read_text()).body
             if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
    public = {name for name in dir(scrisk._core) if not name.startswith("_")}
    assert public <= names, public - names


SCHEMA = scrisk._core.schema()
MESSAGES = {message["name"]: message for message in SCHEMA["messages"]}


def python_class(full_name):
    return scrisk._model._CLASSES[full_name]


@pytest.mark.parametrize("message", [m for m in SCHEMA["messages"] if not m["union"]], ids=lambda m: m["name"])
def test_each_class_has_the_fields_of_its_message_in_order(message):
    import dataclasses
    cls = python_class(message["name"])
    assert dataclasses.is_dataclass(cls) and getattr(scrisk, cls.__name__) is cls
    assert [f.name for f in dataclasses.fields(cls)] == [f["python_name"] for f in message["fields"]]
    assert [f["python_name"] for f in message["fields"]] == [
        f["name"] + "_" if f["name"] in ("from", "lambda") else f["name"] for f in message["fields"]]


@pytest.mark.parametrize("spec", SCHEMA["enums"], ids=lambda e: e["name"])
def test_each_enum_has_exactly_the_values_of_its_schema_enum(spec):
    cls = python_class(spec["name"])
    assert getattr(scrisk, cls.__name__) is cls
    expected = [("UNSPECIFIED" if name.endswith("_UNSPECIFIED") else name, number) for name, number in spec["values"]]
    assert [(member.name, member.value) for member in cls] == expected


def test_enums_keep_their_names():
    assert [m.name for m in scrisk.Category][1:] == ["PHYSICAL", "OPERATIONAL", "NATURAL", "EXTERNAL", "STAKEHOLDER",
                                                     "SECURITY_EQUIPMENT", "INFORMATION", "CONTINUITY"]
    assert scrisk.FacilityKind.DISTRIBUTION_CENTER == 5 and scrisk.LinkMode.INLAND_WATERWAY == 7
    assert [m.name for m in scrisk.ControlStatus] == ["UNSPECIFIED", "EXISTING", "PROPOSED"]
    assert [m.name for m in scrisk.DetectionPoint] == ["UNSPECIFIED", "BEGINNING", "MIDDLE", "END"]
    assert [m.name for m in scrisk.InteractionScope] == ["ALL_PAIRS", "ALTERNATIVE_SOURCES"]
    assert [m.name for m in scrisk.Segment] == ["UNSPECIFIED", "UPSTREAM", "OWN", "DOWNSTREAM"]
    assert str(scrisk.Category.PHYSICAL) == "Category.PHYSICAL" and pickle.loads(pickle.dumps(scrisk.Segment.OWN)) \
        is scrisk.Segment.OWN


def test_defaults_are_the_cpp_models():
    assert scrisk.Threat().vulnerability == 1 and scrisk.Control().availability == 1
    assert scrisk.Target().weight == 1 and scrisk.BomInput().quantity_per_unit == 1
    assert scrisk.Pert(0.5, 2, 6) == scrisk.Pert(low=0.5, mode=2, high=6, lambda_=4)
    assert scrisk.Lognormal90(2e4, 8e5).high == 8e5
    assert scrisk.Criteria() == scrisk.Criteria([0.01, 0.1, 1, 10], [1e4, 1e5, 1e6, 1e7], 1e6, 1e4, None, None)
    assert scrisk.ProtectionSystem().response == scrisk.ResponseForce()
    assert scrisk.ProtectionSystem().alarm_communication_probability == 1
    assert scrisk.Model().criteria == scrisk.Criteria()
    assert scrisk.SupplyNetwork().interaction_scope == scrisk.InteractionScope.ALL_PAIRS
    for cls, name in ((scrisk.FacilityFlow, "capacity_per_day"), (scrisk.LinkFlow, "capacity_per_day"),
                      (scrisk.Link, "daily_value"), (scrisk.Target, "damage_probability"),
                      (scrisk.Facility, "protection"), (scrisk.Threat, "common_cause"), (scrisk.Threat, "rate_per_year"),
                      (scrisk.Threat, "loss"), (scrisk.Control, "protection_upgrade"), (scrisk.Model, "supply_network"),
                      (scrisk.Criteria, "total_intolerable_ale"), (scrisk.ProtectionUpgrade, "response"),
                      (scrisk.ProtectionUpgrade, "neutralisation_probability"),
                      (scrisk.ProtectionElementChange, "detection_at")):
        assert getattr(cls(), name) is None, (cls, name)
    assert scrisk.Facility().kind == scrisk.FacilityKind.UNSPECIFIED and scrisk.Target().facility == ""
    # Lists are per instance.
    a, b = scrisk.Criteria(), scrisk.Criteria()
    a.impact_bands.append(1e8)
    assert b.impact_bands == [1e4, 1e5, 1e6, 1e7]


def test_a_field_whose_default_is_not_zero_has_presence():
    """What an omitted field means is model.hpp's; the file can only say so for a field with
    presence (`optional` in the schema): a non-zero default on any other field would be lost
    in a round trip through a file."""
    for message in SCHEMA["messages"]:
        for field in message["fields"]:
            if field["presence"] or field["repeated"] or field["kind"] == "message":
                continue
            assert not field["default"], (message["name"], field["name"], field["default"])


def test_a_loaded_model_has_none_where_the_file_says_nothing():
    model = scrisk.load(EXAMPLES / "network.textproto")
    assert model.links[0].daily_value is None and model.facilities[0].protection is None
    assert model.supply_network.facilities[-1].capacity_per_day is None
    assert model.threats[0].common_cause is None and model.criteria.total_intolerable_ale is None


def test_only_one_alternative_of_a_oneof():
    model = scrisk.load(EXAMPLES / "minimal.textproto")
    model.threats[0].targets[0] = scrisk.Target(facility="plant", link="truck")
    with pytest.raises(scrisk.ModelError) as caught:
        model.validate()
    assert caught.value.problems[0].path == "threats[0].targets[0]"
    assert "sets both facility and link" in caught.value.problems[0].message


def test_results_hand_out_the_schema_enums():
    results = scrisk.run(scrisk.load(EXAMPLES / "minimal.textproto"), trials=1000, seed=1)
    assert results.controls[1].status == scrisk.ControlStatus.PROPOSED
    assert type(results.controls[1].status) is scrisk.ControlStatus
    assert type(results.targets[0].segment) is scrisk.Segment and results.targets[0].segment == scrisk.Segment.OWN
    assert type(results.segments[0].segment) is scrisk.Segment
    assert results.criteria == scrisk.load(EXAMPLES / "minimal.textproto").criteria


def test_dir_shows_the_public_api_only():
    names = dir(scrisk)
    for leaked in ("Callable", "Optional", "Sequence", "Union", "os", "ProgressCallback", "annotations", "_core"):
        assert leaked not in names
    assert set(names) == set(scrisk.__all__) | {"__version__", "plot"}
    assert scrisk.plot.loss_exceedance  # listed, so it is there without `import scrisk.plot`


def _code_words(path):
    """The code of a source file: a Python file's names, attributes and strings but its
    docstrings; a C++ file without its comments."""
    import ast
    import re
    text = path.read_text()
    if path.suffix != ".py":
        return re.sub(r"//.*", "", text)
    tree = ast.parse(text)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    words = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            words.append(node.id)
        elif isinstance(node, ast.Attribute):
            words.append(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            words.append(node.value)
    return "\n".join(words)


def test_no_field_is_written_down_in_the_bindings():
    """The Python classes and the converters follow the schema: their code names no field
    (a field added to model.proto needs no edit there). Docstrings and comments may."""
    from conftest import SOURCE_DIR
    files = [SOURCE_DIR / "bindings" / "python" / "scrisk" / name for name in ("_model.py", "__init__.py")]
    files += [p for p in (SOURCE_DIR / "bindings" / "python" / "src").iterdir() if p.name != "results_bindings.cpp"]
    fields = {f["name"] for m in SCHEMA["messages"] for f in m["fields"] if "_" in f["name"]}
    assert len(fields) > 20
    for path in files:
        code = _code_words(path)
        assert not [name for name in fields if name in code], path.name
    assert "rate_per_year" in _code_words(SOURCE_DIR / "tests" / "python" / "test_model.py")  # the check sees code
