"""The plotting helpers render to PNG with the Agg backend."""
import pytest

import scrisk
from conftest import EXAMPLES

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import scrisk.plot  # noqa: E402


@pytest.fixture(scope="module")
def results():
    return scrisk.run(scrisk.load(EXAMPLES / "importer.textproto"), trials=5000, seed=1)


@pytest.mark.parametrize("draw", [
    lambda r: scrisk.plot.loss_exceedance(r),
    lambda r: scrisk.plot.loss_exceedance(r, risk=0, states=("current", "residual")),
    lambda r: scrisk.plot.heat_map(r, state="residual"),
    lambda r: scrisk.plot.control_value(r),
])
def test_plots_render_to_png(results, tmp_path, draw):
    ax = draw(results)
    path = tmp_path / "plot.png"
    ax.figure.savefig(path, dpi=60)
    plt.close(ax.figure)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000


def test_plot_on_given_axes(results):
    fig, axes = plt.subplots(1, 2)
    assert scrisk.plot.heat_map(results, ax=axes[0]) is axes[0]
    assert scrisk.plot.loss_exceedance(results, ax=axes[1]) is axes[1]
    plt.close(fig)


def test_matplotlib_is_imported_lazily():
    import subprocess
    import sys
    code = "import sys, scrisk, scrisk.plot; print('matplotlib' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
