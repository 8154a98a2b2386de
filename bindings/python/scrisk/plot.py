"""Plots of scrisk.Results with matplotlib (imported when a plot is drawn, not before).

Each function draws on ``ax`` (a new figure's axes, with constrained layout so that no label
is cut off, when None) and returns the axes; save with ``ax.figure.savefig("lec.png")``. On
axes of your own figure, give it room for long labels (``layout="constrained"``, or
``savefig(..., bbox_inches="tight")``). Headless: ``matplotlib.use("Agg")`` or
``MPLBACKEND=Agg``.
"""
from __future__ import annotations

STATES = ("inherent", "current", "residual")
_COLOURS = {"inherent": "#d62728", "current": "#ff7f0e", "residual": "#2ca02c"}


def _axes(ax, figsize):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    # Constrained layout makes room for long tick labels (control ids) and the legend,
    # which the default layout cuts off at the figure's edge.
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def exceedance_curve(losses, max_points=5000, step=0.005):
    """The empirical loss exceedance curve of per-year ``losses``: ``(loss, probability)``
    arrays with probability[i] = P(annual loss >= loss[i]) = P(annual loss > x) for x just
    below loss[i], at the distinct positive losses (a log axis shows no zero). Each point is
    exact. Past ``max_points`` distinct losses they are thinned to one per ``step``
    (relative) change of the number of years above, so that a million years draw a few
    thousand points while the tail, where few years lie above, keeps every step."""
    import numpy as np
    x = np.sort(np.asarray(losses, dtype=float))
    n = x.size
    if n == 0:
        return x, x
    first = np.flatnonzero(np.concatenate(([True], x[1:] != x[:-1])))  # first year of each distinct loss
    values, at_least = x[first], n - first
    positive = values > 0
    values, at_least = values[positive], at_least[positive]
    if values.size == 0:
        return values, at_least.astype(float)
    if values.size <= max_points:
        return values, at_least / n
    bucket = np.floor(np.log(at_least) / np.log1p(step))
    keep = np.concatenate(([True], bucket[1:] != bucket[:-1]))
    keep[-1] = True
    return values[keep], at_least[keep] / n


def loss_exceedance(results, ax=None, risk=None, states=STATES):
    """Loss exceedance curves P(annual loss > x) in each state, on log axes: of the total,
    the exact empirical curve of its simulated years (``exceedance_curve`` of
    ``results.annual_loss(state)``); of ``risk`` (an index into ``results.risks``), the
    risk's LEC from its histogram (``results.risks[risk][state].lec``)."""
    ax = _axes(ax, (7, 4.5))
    summary = results.total if risk is None else results.risks[risk]
    for state in states:
        label = f"{state} (ALE {summary[state].ale:,.0f})"
        if risk is None:
            loss, probability = exceedance_curve(results.annual_loss(state))
            if len(loss):
                ax.step(loss, probability, where="pre", label=label, color=_COLOURS.get(state))
            continue
        lec = summary[state].lec
        if len(lec):
            ax.step(lec[:, 0], lec[:, 1], where="post", label=label, color=_COLOURS.get(state))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"annual loss ({results.currency})" if results.currency else "annual loss")
    ax.set_ylabel("P(annual loss > x)")
    title = "total" if risk is None else f"{summary.threat} -> {summary.target}"
    ax.set_title(f"Loss exceedance: {title}, {results.trials:,} years")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    return ax


def heat_map(results, state="current", ax=None):
    """The 5x5 risk matrix (likelihood band x impact band) in ``state``: each cell shows
    how many risks fall in it, coloured by the cell's score."""
    import numpy as np
    ax = _axes(ax, (6, 5))
    counts = np.zeros((5, 5), dtype=int)
    names = [[[] for _ in range(5)] for _ in range(5)]
    for risk in results.risks:
        level = risk[state].level
        counts[level.likelihood - 1, level.impact - 1] += 1
        names[level.likelihood - 1][level.impact - 1].append(risk.threat)
    score = np.outer(np.arange(1, 6), np.arange(1, 6))
    ax.imshow(score, origin="lower", cmap="RdYlGn_r", vmin=1, vmax=25, extent=(0.5, 5.5, 0.5, 5.5))
    for likelihood in range(5):
        for impact in range(5):
            if counts[likelihood, impact]:
                ax.text(impact + 1, likelihood + 1, str(counts[likelihood, impact]), ha="center", va="center",
                        fontsize=12, fontweight="bold")
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel("impact band (mean loss per event)")
    ax.set_ylabel("likelihood band (events per year)")
    ax.set_title(f"Risks by matrix cell, {state} state")
    return ax


def control_value(results, ax=None):
    """Horizontal bars: the ALE each control removes next to its annual cost, controls
    sorted by ALE removed; PROPOSED controls hatched."""
    controls = sorted(results.controls, key=lambda c: c.ale_reduction)
    labels = [f"{c.id} ({c.status.name.lower()})" for c in controls]
    # A new figure is widened for long control ids, so that the bars keep their room.
    width = max(7.0, 4.5 + 0.075 * max((len(label) for label in labels), default=0))
    ax = _axes(ax, (width, 0.4 * max(len(controls), 4) + 1.5))
    y = range(len(controls))
    reduction = [c.ale_reduction for c in controls]
    cost = [c.annual_cost for c in controls]
    bars = ax.barh([i + 0.2 for i in y], reduction, height=0.4, label="ALE removed", color="#1f77b4")
    for bar, c in zip(bars, controls):
        if c.status.name == "PROPOSED":
            bar.set_hatch("//")
    ax.barh([i - 0.2 for i in y], cost, height=0.4, label="annual cost", color="#7f7f7f")
    ax.set_yticks(list(y))
    ax.set_yticklabels(labels)
    ax.set_xlabel(f"{results.currency} per year" if results.currency else "per year")
    ax.set_title("Control value on common random numbers", loc="left")
    ax.legend()
    return ax
