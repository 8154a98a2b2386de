"""pandas tables of scrisk.Results (pandas is imported only when a table is asked for)."""
from __future__ import annotations

import math

STATES = ("inherent", "current", "residual")
QUANTILES = ("p50", "p90", "p95", "p99", "p99.9")
TVARS = ("p95", "p99")

RISK_COLUMNS = (["threat", "target", "state", "ale", "ale_stderr", "sd", "events_per_year", "prob_any"]
                + list(QUANTILES) + ["tvar_p95", "tvar_p99", "likelihood", "impact", "score", "tolerability"])
CONTROL_COLUMNS = ["id", "status", "ale_reduction", "ale_reduction_stderr", "annual_cost", "rosi"]


def _pandas():
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - pandas is a Debian package we test with
        raise ImportError("risks_frame() and controls_frame() need pandas (Debian: python3-pandas)") from error
    return pandas


def _state_row(threat, target, state, s):
    q, t = s.quantiles, s.tvar
    return ([threat, target, state, s.ale, s.ale_stderr, s.sd, s.events_per_year, s.prob_any]
            + [q[k] for k in QUANTILES] + [t["p95"], t["p99"], s.level.likelihood, s.level.impact,
                                            s.level.score, s.tolerability.name])


def risks_frame(self, include_total: bool = False):
    """One row per (risk, state), risks in model order, states inherent/current/residual:
    columns threat, target, state, ale, ale_stderr, sd, events_per_year, prob_any, p50,
    p90, p95, p99, p99.9, tvar_p95, tvar_p99, likelihood, impact, score, tolerability
    (the CSV report's columns). Shape (3 * len(results.risks), 19), plus 3 rows with threat
    "TOTAL" first when ``include_total``. Numbers are the same bits as the JSON report."""
    pd = _pandas()
    rows = []
    if include_total:
        total = self.total
        rows += [_state_row("TOTAL", "", state, total[state]) for state in STATES]
    for risk in self.risks:
        rows += [_state_row(risk.threat, risk.target, state, risk[state]) for state in STATES]
    return pd.DataFrame(rows, columns=RISK_COLUMNS)


def controls_frame(self):
    """One row per control in model order: id, status ("EXISTING"/"PROPOSED"),
    ale_reduction, ale_reduction_stderr, annual_cost, rosi (NaN for a free control).
    Shape (len(results.controls), 6)."""
    pd = _pandas()
    rows = [[c.id, c.status.name, c.ale_reduction, c.ale_reduction_stderr, c.annual_cost,
             c.rosi if c.rosi is not None else math.nan] for c in self.controls]
    return pd.DataFrame(rows, columns=CONTROL_COLUMNS)


def attach(results_class) -> None:
    results_class.risks_frame = risks_frame
    results_class.controls_frame = controls_frame
