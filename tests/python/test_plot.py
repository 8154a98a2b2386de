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


def test_total_loss_exceedance_is_the_exact_empirical_curve(results):
    import numpy as np
    ax = scrisk.plot.loss_exceedance(results, states=("current",))
    x, y = ax.get_lines()[0].get_data()
    losses = np.sort(results.annual_loss("current"))
    positive = losses[losses > 0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert len(x) > 50  # not the JSON's 50-point LEC
    assert np.array_equal(x, np.unique(positive))  # 5,000 years: every distinct loss is a step
    assert x[-1] == losses[-1] and y[-1] == np.count_nonzero(losses == losses[-1]) / len(losses)
    # Each point is P(annual loss >= x) = P(annual loss > a value just below x), exactly.
    for loss, probability in zip(x[::97], y[::97]):
        assert probability == np.count_nonzero(losses >= loss) / len(losses)
    plt.close(ax.figure)


def test_exceedance_curve_thins_millions_of_years_keeping_the_tail():
    import numpy as np
    losses = np.random.default_rng(1).lognormal(10, 2, size=2_000_000)
    losses[:500_000] = 0  # years without a loss are off a log axis
    x, y = scrisk.plot.exceedance_curve(losses)
    assert 1000 < len(x) < 5000
    ordered = np.sort(losses)
    at_least = len(ordered) - np.searchsorted(ordered, x, side="left")
    assert np.array_equal(y, at_least / len(ordered))  # every kept point exact
    assert x[0] == ordered[500_000] and y[0] == 0.75 and x[-1] == ordered[-1]
    tail = at_least <= 150
    assert np.array_equal(at_least[tail], np.arange(150, 0, -1))  # the tail keeps every step


def test_long_control_ids_are_not_cut_off():
    model = scrisk.load(EXAMPLES / "importer.textproto")
    for i, control in enumerate(model.controls):
        control.id = f"a_rather_long_control_identifier_from_the_register_{i}"
    r = scrisk.run(model, trials=2000, seed=1)
    ax = scrisk.plot.control_value(r)
    figure = ax.figure
    figure.canvas.draw()
    box = figure.bbox
    for label in ax.get_yticklabels() + [ax.title, ax.xaxis.label]:
        extent = label.get_window_extent()
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1 and box.y0 <= extent.y0 and extent.y1 <= box.y1, \
            label.get_text()
    plt.close(figure)
