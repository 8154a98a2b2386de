#!/usr/bin/python3
"""The single-scenario benchmark model, written the way an analyst would in vectorised numpy.

The model is the cargo_theft threat of examples/minimal.textproto against its `truck` link
alone, with both of its controls, so that the inherent, current and residual states are all
computed (FAIR style):

  rate per year   ~ PERT(0.5, 2, 6), lambda 4, drawn once per simulated year
  attempts        ~ Poisson(rate)
  success         u_success < vulnerability x control success factors (common random numbers)
  deterrence      u_deter < product of (1 - deterrence) over the state's controls
  loss per event  ~ lognormal with 5th/95th percentiles 2e4 and 8e5, times (1 - loss_reduction)
  downtime days   ~ triangular(0, 1, 4), priced at the plant's (link origin's) 150,000 a day

and the same summary scrisk gives for the total (engine::run + assess::evaluate): per state
the ALE, its standard error, sd, events per year, P(any event), quantiles p50..p99.9 (the
smallest x with P(L <= x) >= p), TVaR p95/p99, a 50-point loss exceedance curve, and the ALE
reduction of each control on the same draws.

Run with /usr/bin/python3 (Debian's, which has numpy). Prints one JSON line; the timings
exclude interpreter start-up and imports. bench/single_scenario_bench runs it as a
subprocess so that the engine and this baseline are measured in the same run.
"""

import argparse
import json
import math
import sys
import time

import numpy as np

# --- the model (examples/minimal.textproto: cargo_theft -> truck) -------------------------
RATE_LOW, RATE_MODE, RATE_HIGH, RATE_LAMBDA = 0.5, 2.0, 6.0, 4.0
VULNERABILITY = 0.6
LOSS_P5, LOSS_P95 = 2e4, 8e5
DOWNTIME_LOW, DOWNTIME_MODE, DOWNTIME_HIGH = 0.0, 1.0, 4.0
DAILY_VALUE = 150_000.0  # the truck link has no daily_value: its from-facility's (plant)

GPS = dict(status="EXISTING", effectiveness=0.5, availability=0.95, deterrence=0.0,
           loss_reduction=0.0, downtime_reduction=0.0)
CONVOYS = dict(status="PROPOSED", effectiveness=0.0, availability=1.0, deterrence=0.3,
               loss_reduction=0.2, downtime_reduction=0.0)

Z95 = 1.6448536269514722  # 95th percentile of the standard normal
QUANTILES = [0.5, 0.9, 0.95, 0.99, 0.999]
QUANTILE_NAMES = ["p50", "p90", "p95", "p99", "p99.9"]
TVAR_LEVELS = [0.95, 0.99]
LEC_POINTS = 50


def factors(controls):
    """(pass, p_success, loss factor, downtime value per day) with these controls in place."""
    p_pass, p_success, loss_factor, downtime_value = 1.0, VULNERABILITY, 1.0, DAILY_VALUE
    for c in controls:
        p_pass *= 1 - c["deterrence"]
        p_success *= 1 - c["effectiveness"] * c["availability"]
        loss_factor *= 1 - c["loss_reduction"]
        downtime_value *= 1 - c["downtime_reduction"]
    return p_pass, p_success, loss_factor, downtime_value


STATES = {
    "inherent": factors([]),
    "current": factors([GPS]),
    "residual": factors([GPS, CONVOYS]),
}


def simulate(rng, years):
    """Annual loss per state (arrays of `years`) and successful events per state."""
    # FAIR: the attempt rate is uncertain, one draw per simulated year (PERT = scaled beta).
    width = RATE_HIGH - RATE_LOW
    a = 1 + RATE_LAMBDA * (RATE_MODE - RATE_LOW) / width
    b = 1 + RATE_LAMBDA * (RATE_HIGH - RATE_MODE) / width
    rate = RATE_LOW + width * rng.beta(a, b, years)
    attempts = rng.poisson(rate)
    year = np.repeat(np.arange(years), attempts)  # the year of each attempt

    # Common random numbers: one deterrence and one success uniform per attempt, shared by
    # every control state. Attempts that fail without any control fail in every state, so
    # losses are drawn only for the others.
    u_deter = rng.random(year.size)
    u_success = rng.random(year.size)
    hit = u_success < STATES["inherent"][1]
    year, u_deter, u_success = year[hit], u_deter[hit], u_success[hit]

    mu = 0.5 * (math.log(LOSS_P5) + math.log(LOSS_P95))
    sigma = (math.log(LOSS_P95) - math.log(LOSS_P5)) / (2 * Z95)
    loss = rng.lognormal(mu, sigma, year.size)
    downtime = rng.triangular(DOWNTIME_LOW, DOWNTIME_MODE, DOWNTIME_HIGH, year.size)

    annual, events = {}, {}
    for name, (p_pass, p_success, loss_factor, downtime_value) in STATES.items():
        ok = (u_deter < p_pass) & (u_success < p_success)
        cost = loss[ok] * loss_factor + downtime[ok] * downtime_value
        annual[name] = np.bincount(year[ok], weights=cost, minlength=years)
        events[name] = int(np.count_nonzero(ok))
    return annual, events


def summarize(annual, events):
    """What scrisk reports for each state's total annual loss."""
    n = annual.size
    ordered = np.sort(annual)
    ale = float(annual.mean())
    sd = float(annual.std(ddof=1))
    ranks = [min(max(math.ceil(p * n - 1e-9), 1), n) for p in QUANTILES]  # smallest k: k/n >= p
    tvar = {}
    for p in TVAR_LEVELS:
        tail = max(1, n - math.floor(p * n + 1e-9))
        tvar[f"p{round(p * 100)}"] = float(ordered[n - tail:].mean())
    positive = ordered[np.searchsorted(ordered, 0.0, side="right"):]
    lec = []
    if positive.size:
        grid = np.geomspace(positive[0], positive[-1], LEC_POINTS) if positive[0] < positive[-1] else positive[:1]
        exceed = (n - np.searchsorted(ordered, grid, side="right")) / n
        lec = [[float(x), float(p)] for x, p in zip(grid, exceed)]
    return {
        "ale": ale,
        "ale_stderr": sd / math.sqrt(n),
        "sd": sd,
        "events_per_year": events / n,
        "prob_any": positive.size / n,
        "quantiles": {name: float(ordered[k - 1]) for name, k in zip(QUANTILE_NAMES, ranks)},
        "tvar": tvar,
        "lec_points": len(lec),
    }


def control_values(annual):
    """ALE removed by each control, on the same draws: EXISTING gps_tracking is the current
    state without it (= inherent here), PROPOSED escorted_convoys the current state with it
    (= residual here)."""
    n = annual["current"].size
    out = {}
    for name, delta in (("gps_tracking", annual["inherent"] - annual["current"]),
                        ("escorted_convoys", annual["current"] - annual["residual"])):
        out[name] = {"ale_reduction": float(delta.mean()), "stderr": float(delta.std(ddof=1) / math.sqrt(n))}
    return out


def run(years, seed):
    rng = np.random.default_rng(seed)
    cpu_start, start = time.process_time(), time.perf_counter()
    annual, events = simulate(rng, years)
    simulated = time.perf_counter()
    states = {name: summarize(annual[name], events[name]) for name in STATES}
    controls = control_values(annual)
    done, cpu_done = time.perf_counter(), time.process_time()
    return {
        "years": years,
        "seed": seed,
        "seconds": done - start,
        "seconds_simulate": simulated - start,
        "seconds_summary": done - simulated,
        "cpu_seconds": cpu_done - cpu_start,  # robust to other load on the machine
        "years_per_second": years / (done - start),
        "simulate_years_per_second": years / (simulated - start),
        "states": states,
        "controls": controls,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup-years", type=int, default=20_000,
                        help="a small untimed run first, so that the timed one is warm")
    args = parser.parse_args()
    if args.warmup_years > 0:
        run(args.warmup_years, args.seed + 1_000_003)
    result = run(args.years, args.seed)
    result["numpy"] = np.__version__
    result["python"] = sys.version.split()[0]
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
