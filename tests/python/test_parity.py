"""Python gives the CLI's numbers bit for bit: same model, trials and seed, same JSON."""
import json

import pytest

import scrisk
from conftest import EXAMPLES, EXAMPLE_MODELS

TRIALS = 20_000
SEED = 7


def assert_state_equal(py_state, js):
    assert py_state.ale == js["ale"]
    assert py_state.ale_stderr == js["ale_stderr"]
    assert py_state.sd == js["sd"]
    assert py_state.events_per_year == js["events_per_year"]
    assert py_state.prob_any == js["prob_any"]
    assert py_state.quantiles == js["quantiles"]
    assert py_state.tvar == js["tvar"]
    assert py_state.lec.tolist() == js["lec"]
    assert py_state.quantile_method == js["quantile_method"]


def assert_risk_equal(py_risk, js):
    for state in ("inherent", "current", "residual"):
        assert_state_equal(py_risk[state], js[state])
        level = py_risk[state].level
        assert {"likelihood": level.likelihood, "impact": level.impact, "score": level.score} == js["level"][state]
        assert py_risk[state].tolerability.name == js["tolerability"][state]


@pytest.mark.parametrize("name", EXAMPLE_MODELS)
def test_json_is_the_clis(cli, name):
    path = EXAMPLES / name
    out = cli("run", path, "--format", "json", "--quiet", "--trials", TRIALS, "--seed", SEED, "--threads", 2).stdout
    results = scrisk.run(scrisk.load(path), trials=TRIALS, seed=SEED, threads=1)
    assert results.to_json() == out  # the whole document, byte for byte

    expected = json.loads(out)
    assert results.trials == expected["trials"] and results.seed == expected["seed"]
    assert results.currency == expected["currency"] and results.model_name == expected["model"]
    assert_risk_equal(results.total, expected["total"])
    assert len(results.risks) == len(expected["risks"])
    for py_risk, js in zip(results.risks, expected["risks"]):
        assert (py_risk.threat, py_risk.target) == (js["threat"], js["target"])
        assert_risk_equal(py_risk, js)
    assert len(results.controls) == len(expected["controls"])
    for py_control, js in zip(results.controls, expected["controls"]):
        assert py_control.id == js["id"] and py_control.status.name == js["status"]
        assert py_control.ale_reduction == js["ale_reduction"]
        assert py_control.ale_reduction_stderr == js["ale_reduction_stderr"]
        assert py_control.annual_cost == js["annual_cost"]
        assert py_control.rosi == js["rosi"]
    for py_protection, js in zip(results.protection, expected.get("protection", [])):
        assert py_protection.facility == js["facility"]
        for state in ("current", "residual"):
            path_py = getattr(py_protection, state)
            assert path_py.path == js[state]["path"]
            assert path_py.interruption_probability == js[state]["interruption_probability"]
            assert path_py.system_effectiveness == js[state]["system_effectiveness"]


def test_csv_and_text_are_the_clis(cli):
    path = EXAMPLES / "importer.textproto"
    results = scrisk.run(scrisk.load(path), trials=TRIALS, seed=SEED)
    csv = cli("run", path, "--format", "csv", "-q", "-n", TRIALS, "-s", SEED).stdout
    assert results.to_csv() == csv
    text = cli("run", path, "--format", "text", "-q", "-n", TRIALS, "-s", SEED).stdout
    assert results.to_text() == text


def test_model_built_in_python_and_saved_runs_like_the_cli(cli, tmp_path):
    model = scrisk.load(EXAMPLES / "minimal.textproto")
    model.threats[0].rate_per_year = scrisk.Pert(1, 3, 8)
    model.save(tmp_path / "edited.json")
    out = cli("run", tmp_path / "edited.json", "-f", "json", "-q", "-n", 5000, "-s", 3).stdout
    assert scrisk.run(model, trials=5000, seed=3).to_json() == out


def test_large_seed(cli):
    path = EXAMPLES / "minimal.textproto"
    seed = 2**64 - 1
    out = cli("run", path, "-f", "json", "-q", "-n", 3000, "-s", seed).stdout
    assert scrisk.run(scrisk.load(path), trials=3000, seed=seed).to_json() == out
