"""examples/python: the model built in code is the file's; the sweep and the plot run."""
import subprocess
import sys

import pytest

import scrisk
from conftest import EXAMPLES, SOURCE_DIR

sys.path.insert(0, str(SOURCE_DIR / "examples" / "python"))
import control_portfolios  # noqa: E402
from importer_model import importer_model  # noqa: E402


def test_importer_built_in_code_is_the_file():
    assert importer_model() == scrisk.load(EXAMPLES / "importer.textproto")


def test_portfolio_sweep():
    pytest.importorskip("pandas")
    frame = control_portfolios.sweep(importer_model(), budget=40_000, trials=2000)
    assert list(frame["residual_ale"]) == sorted(frame["residual_ale"])
    assert (frame["annual_cost"] <= 40_000).all()
    assert "(none)" in set(frame["controls"])
    # Adding controls never raises the residual ALE (common random numbers): the empty
    # portfolio is last or tied.
    assert frame.loc[frame["controls"] == "(none)", "residual_ale"].iloc[0] == frame["residual_ale"].max()


def test_plot_script(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "lec.png"
    subprocess.run([sys.executable, str(SOURCE_DIR / "examples" / "python" / "plot_lec.py"), "--out", str(out),
                    "--trials", "2000"], check=True, capture_output=True)
    for path in (out, tmp_path / "lec_heatmap.png", tmp_path / "lec_controls.png"):
        assert path.read_bytes()[:4] == b"\x89PNG"
