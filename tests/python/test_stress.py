"""scrisk.stress: a disruption scenario priced exactly, the same dict as `scrisk stress
--format json`, from a dict, a list or a file, and every bad input named by its field."""
import json
import math

import numpy as np
import pytest

import scrisk
from conftest import EXAMPLES

SCENARIO = EXAMPLES / "stress" / "importer_outages.json"


@pytest.fixture(scope="module")
def importer():
    return scrisk.load(EXAMPLES / "importer.textproto")


def test_same_dict_as_the_cli(importer, cli):
    shown = json.loads(cli("stress", EXAMPLES / "importer.textproto", "--outages", SCENARIO, "--format", "json").stdout)
    assert scrisk.stress(importer, SCENARIO) == shown
    assert scrisk.stress(EXAMPLES / "importer.textproto", str(SCENARIO)) == shown
    written = json.loads(SCENARIO.read_text())
    assert scrisk.stress(importer, written) == shown
    assert scrisk.stress(importer, written["outages"]) == shown
    assert shown["method"] == "exact"
    assert list(shown) == ["lost_sales", "method", "currency", "customers", "episodes"]


def test_customers_and_episodes_add_up(importer):
    result = scrisk.stress(importer, [{"element": "origin_port", "start_day": 0, "duration_days": 12},
                                      {"element": "dest_port", "start_day": 5, "duration_days": 20}])
    assert result["lost_sales"] > 0
    assert math.isclose(sum(c["lost_sales"] for c in result["customers"]), result["lost_sales"], rel_tol=1e-6)
    assert [e["elements"] for e in result["episodes"]] == [["origin_port", "dest_port"]]
    assert result["episodes"][0]["start_day"] == 0 and result["episodes"][0]["end_day"] == 25


def test_longer_and_more_outages_never_cost_less(importer):
    def cost(*outages):
        return scrisk.stress(importer, [{"element": e, "start_day": s, "duration_days": d} for e, s, d in outages])["lost_sales"]
    base = cost(("dc", 0, 5), ("road_north", 3, 4))
    assert cost(("dc", 0, 6), ("road_north", 3, 4)) >= base
    assert cost(("dc", 0, 5), ("road_north", 3, 4), ("factory", 2, 10)) >= base
    assert cost(("road_north", 3, 4), ("dc", 0, 5)) == base


def test_numpy_numbers_are_accepted(importer):
    plain = scrisk.stress(importer, [{"element": "dc", "start_day": 3, "duration_days": 30}])
    assert scrisk.stress(importer, [{"element": "dc", "start_day": np.int64(3), "duration_days": np.float64(30)}]) == plain


@pytest.mark.parametrize("outages, field", [
    ([{"element": "nowhere", "start_day": 0, "duration_days": 1}], "outages[0].element"),
    ([{"element": "dc", "start_day": -1, "duration_days": 1}], "outages[0].start_day"),
    ([{"element": "dc", "start_day": float("nan"), "duration_days": 1}], "outages[0].start_day"),
    ([{"element": "dc", "start_day": 0, "duration_days": float("inf")}], "outages[0].duration_days"),
    ([{"element": "dc", "start_day": 0}], "outages[0].duration_days"),
    ([{"element": "dc", "start_day": "soon", "duration_days": 1}], "outages[0].start_day"),
    ([{"element": "dc", "duration_days": 1, "days": 2}], "outages[0].days"),
    ([], "outages"),
])
def test_bad_outages_name_their_field(importer, outages, field):
    with pytest.raises(scrisk.ModelError) as caught:
        scrisk.stress(importer, outages)
    assert [p.path for p in caught.value.problems] == [field]


def test_wrong_kinds_of_argument(importer, tmp_path):
    with pytest.raises(TypeError):
        scrisk.stress(importer, 12)
    with pytest.raises(scrisk.ModelError, match="no such file"):
        scrisk.stress(importer, tmp_path / "missing.json")
    with pytest.raises(scrisk.ModelError, match="supply_network"):
        scrisk.stress(scrisk.load(EXAMPLES / "minimal.textproto"), [{"element": "port", "duration_days": 1}])
