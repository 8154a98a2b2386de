"""Bad input raises scrisk.ModelError naming every field, never crashes."""
import os
import pickle

import pytest

import scrisk
from conftest import BAD_DIR, EXAMPLES

BAD_FILES = sorted(os.listdir(BAD_DIR))

# A few files with the path the C++ suite expects (tests/unit/bad_input_test.cpp has them all).
EXPECTED_PATHS = {
    "probability_above_one.textproto": "threats[0].vulnerability",
    "negative_rate.textproto": "threats[0].rate_per_year.fixed.value",
    "unknown_target_facility.textproto": "threats[0].targets[0].facility",
    "bands_not_ascending.textproto": "criteria.likelihood_bands_per_year[2]",
    "protection_upgrade_unknown_element.textproto": "controls[0].protection_upgrade.element_changes[0].element",
    "unknown_field.json": "facilities[0].colour",
    "nan.json": "facilities[0].asset_value",
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_every_bad_file_lists_the_problems_the_cli_lists(cli, name):
    path = BAD_DIR / name
    with pytest.raises(scrisk.ModelError) as caught:
        scrisk.load(path)
    error = caught.value
    assert error.problems and error.source == str(path)
    done = cli("validate", path, check=False)
    assert done.returncode == 2
    cli_lines = [line[2:] for line in done.stderr.splitlines()[1:]]
    assert [str(p) for p in error.problems] == cli_lines
    if name in EXPECTED_PATHS:
        assert EXPECTED_PATHS[name] in error.paths
    # The same content through loads(): the same problems.
    fmt = "json" if name.endswith(".json") else "textproto"
    with pytest.raises(scrisk.ModelError) as again:
        scrisk.loads(path.read_bytes(), fmt, source=str(path))
    assert [str(p) for p in again.value.problems] == cli_lines


def test_missing_file_and_binary_garbage(tmp_path):
    with pytest.raises(scrisk.ModelError, match="no such file"):
        scrisk.load(tmp_path / "nothing.textproto")
    (tmp_path / "garbage.pb").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(scrisk.ModelError, match="not a valid binary"):
        scrisk.load(tmp_path / "garbage.pb")
    with pytest.raises(ValueError, match="format"):
        scrisk.loads("", "yaml")
    with pytest.raises(TypeError):
        scrisk.loads(42)


def good() -> scrisk.Model:
    return scrisk.load(EXAMPLES / "minimal.textproto")


@pytest.mark.parametrize("edit, path, message", [
    (lambda m: setattr(m.threats[0], "vulnerability", 1.5), "threats[0].vulnerability", "probability"),
    (lambda m: setattr(m.threats[0], "vulnerability", "high"), "threats[0].vulnerability", "must be a number"),
    (lambda m: setattr(m.threats[0], "rate_per_year", scrisk.Pert(3, 2, 8)), "threats[0].rate_per_year.pert.low",
     "must be <= mode"),
    (lambda m: setattr(m.threats[0], "rate_per_year", None), "threats[0].rate_per_year", ""),
    (lambda m: setattr(m.threats[0], "rate_per_year", 2.0), "threats[0].rate_per_year", "must be a distribution"),
    (lambda m: setattr(m.threats[0].rate_per_year, "lambda_", "x"), "threats[0].rate_per_year.pert.lambda",
     "must be a number"),
    (lambda m: setattr(m.threats[0], "loss", scrisk.Empirical([1, "b"])), "threats[0].loss.empirical.values[1]",
     "must be a number"),
    (lambda m: setattr(m.threats[0].targets[0], "link", "nowhere"), "threats[0].targets[0].link", "unknown link id"),
    (lambda m: m.threats[0].targets.append({"facility": "port"}), "threats[0].targets[2]", "scrisk.Target"),
    (lambda m: setattr(m.threats[0], "targets", "port"), "threats[0].targets", "must be a list"),
    (lambda m: setattr(m.facilities[1], "kind", "PALACE"), "facilities[1].kind", "unknown FacilityKind"),
    (lambda m: setattr(m.facilities[1], "segment", 3), "facilities[1].segment", "must be a scrisk.Segment"),
    (lambda m: setattr(m.facilities[0], "id", None), "facilities[0].id", "must be a str"),
    (lambda m: setattr(m.links[0], "from_", "dock"), "links[0].from", "unknown facility id"),
    (lambda m: setattr(m.controls[1], "status", scrisk.ControlStatus.UNSPECIFIED), "controls[1].status", "missing"),
    (lambda m: m.controls.append(scrisk.Threat(id="x")), "controls[2]", "scrisk.Control"),
    (lambda m: setattr(m.criteria, "impact_bands", [1, 2]), "criteria.impact_bands", "4 ascending"),
    (lambda m: setattr(m, "criteria", None), "criteria", "scrisk.Criteria"),
    (lambda m: setattr(m.facilities[0], "protection", scrisk.ProtectionSystem(areas=["a"], target_area="b")),
     "facilities[0].protection", ""),
    (lambda m: setattr(m, "supply_network", scrisk.SupplyNetwork(facilities=[scrisk.FacilityFlow(facility="ghost")])),
     "supply_network.facilities[0]", ""),
    (lambda m: setattr(m, "supply_network", scrisk.SupplyNetwork(interaction_scope="NEAREST")),
     "supply_network.interaction_scope", "unknown InteractionScope"),
])
def test_models_built_in_python_report_the_field(edit, path, message):
    model = good()
    edit(model)
    with pytest.raises(scrisk.ModelError) as caught:
        model.validate()
    problems = caught.value.problems
    assert any(p.path.startswith(path) and message in p.message for p in problems), problems
    assert problems == model.problems()
    with pytest.raises(scrisk.ModelError):
        scrisk.run(model, trials=100)


def test_several_problems_at_once():
    model = good()
    model.threats[0].vulnerability = 2
    model.facilities[0].daily_value = -1
    model.controls[0].availability = float("nan")
    with pytest.raises(scrisk.ModelError) as caught:
        model.validate()
    assert set(caught.value.paths) >= {"threats[0].vulnerability", "facilities[0].daily_value",
                                       "controls[0].availability"}
    assert "threats[0].vulnerability" in str(caught.value)
    restored = pickle.loads(pickle.dumps(caught.value))
    assert restored.problems == caught.value.problems and str(restored) == str(caught.value)


def test_not_a_model():
    with pytest.raises(scrisk.ModelError, match="scrisk.Model"):
        scrisk.run({"threats": []}, trials=10)
    with pytest.raises(scrisk.ModelError, match="the model is empty"):
        scrisk.Model().validate()


@pytest.mark.parametrize("kwargs, error", [
    ({"trials": 0}, ValueError), ({"trials": -5}, ValueError), ({"trials": 1.5}, TypeError),
    ({"seed": -1}, ValueError), ({"seed": 2**64}, ValueError), ({"threads": -1}, ValueError),
    ({"progress": 3}, TypeError), ({"first_trial": 2**64 - 10, "trials": 100}, ValueError),
])
def test_bad_run_arguments(kwargs, error):
    with pytest.raises(error):
        scrisk.run(good(), **{"trials": 10, **kwargs})


def test_bad_merges_and_pickles():
    model = good()
    a = scrisk.run(model, trials=1000, seed=1)
    with pytest.raises(scrisk.ResultsMismatch, match="seed"):
        scrisk.merge([a, scrisk.run(model, trials=1000, seed=2, first_trial=1000)])
    with pytest.raises(ValueError, match="do not join"):
        scrisk.merge([a, scrisk.run(model, trials=1000, seed=1, first_trial=1001)])
    other = model.copy()
    other.threats[0].vulnerability = 0.5
    with pytest.raises(ValueError, match="different models"):
        scrisk.merge([a, scrisk.run(other, trials=1000, seed=1, first_trial=1000)])
    with pytest.raises(scrisk.UsageError):
        scrisk.merge([])
    data = a.to_bytes()
    for broken in (data[:-9], b"junk", data + b"\0"):
        with pytest.raises(scrisk.IoError, match="corrupt or truncated|not a scrisk results file"):
            scrisk._results_from_bytes(broken)
    for protocol in (0, 1):
        with pytest.raises(TypeError, match="protocol 2"):
            pickle.dumps(a, protocol=protocol)
    with pytest.raises(scrisk.UsageError):
        a.annual_loss("future")


def test_save_to_an_unwritable_place(tmp_path):
    with pytest.raises(OSError):
        good().save(tmp_path / "missing" / "model.json")


def test_objects_made_without_a_value_raise_instead_of_crashing():
    empty = scrisk.Results.__new__(scrisk.Results)  # what pickle does before __setstate__
    for use in (lambda: empty.trials, lambda: empty.total, lambda: empty.annual_loss("current"),
                lambda: empty.to_json(), lambda: scrisk.merge([empty])):
        with pytest.raises((RuntimeError, TypeError)):
            use()
    for cls in (scrisk.StateSummary, scrisk.RiskSummary, scrisk.ControlValue, scrisk.MatrixLevel,
                scrisk.TargetSummary, scrisk.NetworkElement, scrisk.ProtectionResult, scrisk.ProtectionPath):
        with pytest.raises(TypeError):
            cls.__new__(cls)
        with pytest.raises(TypeError):
            cls()
