"""Results: numpy views, pandas tables, pickling and merging."""
import gc
import json
import math
import pickle

import numpy as np
import pytest

import scrisk
from conftest import EXAMPLES


@pytest.fixture(scope="module")
def importer():
    return scrisk.load(EXAMPLES / "importer.textproto")


@pytest.fixture(scope="module")
def results(importer):
    return scrisk.run(importer, trials=20000, seed=3)


def test_annual_losses_are_views_without_copy(importer):
    r = scrisk.run(importer, trials=10000, seed=3)
    arrays = r.annual_losses
    assert list(arrays) == ["inherent", "current", "residual"]
    for state, array in arrays.items():
        assert array.shape == (10000,) and array.dtype == np.float64
        assert not array.flags.writeable and not array.flags.owndata
        view = r.annual_loss(state)
        assert np.shares_memory(view, array)  # the same memory every time: no copy
        assert math.fsum(array) / len(array) == r.total[state].ale
        with pytest.raises(ValueError):
            array[0] = 1.0
    # Controls only reduce here, so each year's loss falls from state to state, up to the
    # rounding of a year's lost sales split into the events' shares and summed back.
    def at_most(lower, upper):
        return np.all(lower <= upper + 1e-12 * np.abs(upper) + 1e-9)
    assert at_most(arrays["residual"], arrays["current"]) and at_most(arrays["current"], arrays["inherent"])
    assert np.array_equal(r.annual_loss(scrisk.State.CURRENT), arrays["current"])
    keep = arrays["current"]
    expected = keep.copy()
    del r, arrays, view, array
    gc.collect()
    assert np.array_equal(keep, expected)  # the array keeps the results alive


def test_risks_frame(results):
    frame = results.risks_frame()
    assert frame.shape == (3 * len(results.risks), 19)
    assert list(frame["state"][:3]) == ["inherent", "current", "residual"]
    doc = json.loads(results.to_json())
    for i, risk in enumerate(doc["risks"]):
        row = frame.iloc[3 * i + 1]
        assert (row["threat"], row["target"], row["state"]) == (risk["threat"], risk["target"], "current")
        assert row["ale"] == risk["current"]["ale"] and row["p99.9"] == risk["current"]["quantiles"]["p99.9"]
        assert row["tolerability"] == risk["tolerability"]["current"]
    total = results.risks_frame(include_total=True)
    assert total.shape == (3 * len(results.risks) + 3, 19)
    assert total.iloc[2]["ale"] == doc["total"]["residual"]["ale"]


def test_controls_frame(results):
    frame = results.controls_frame()
    assert frame.shape == (len(results.controls), 6)
    doc = json.loads(results.to_json())
    for (_, row), control in zip(frame.iterrows(), doc["controls"]):
        assert row["id"] == control["id"] and row["status"] == control["status"]
        assert row["ale_reduction"] == control["ale_reduction"]
        assert (math.isnan(row["rosi"]) if control["rosi"] is None else row["rosi"] == control["rosi"])


def test_pickle_round_trips_exactly(results):
    restored = pickle.loads(pickle.dumps(results))
    assert restored == results and restored.to_json() == results.to_json()
    assert np.array_equal(restored.annual_loss("inherent"), results.annual_loss("inherent"))


@pytest.mark.parametrize("name", ["importer.textproto", "protected_site.textproto", "network.textproto"])
def test_merge_equals_a_single_run(name):
    model = scrisk.load(EXAMPLES / name)
    whole = scrisk.run(model, trials=12000, seed=9)
    # Unaligned splits (not on the engine's 1,024-year chunks), out of order, through pickle.
    parts = [scrisk.run(model, trials=n, seed=9, first_trial=first, threads=t)
             for first, n, t in ((5001, 6999, 2), (0, 3001, 1), (3001, 2000, 2))]
    parts = [pickle.loads(pickle.dumps(p)) for p in parts]
    merged = scrisk.merge(parts)
    assert merged == whole
    assert merged.to_json() == whole.to_json()
    assert pickle.loads(pickle.dumps(merged)) == whole


def test_targets_segments_protection_network():
    r = scrisk.run(scrisk.load(EXAMPLES / "protected_site.textproto"), trials=2000, seed=1)
    assert r.protection and 0 <= r.protection[0].current.system_effectiveness <= 1
    net = scrisk.run(scrisk.load(EXAMPLES / "network.textproto"), trials=2000, seed=1)
    assert net.targets and set(net.targets[0].ale) == {"inherent", "current", "residual"}
    assert any(t.network is not None for t in net.targets)
    assert net.segments
