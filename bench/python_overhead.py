#!/usr/bin/env python3
"""Overhead of the Python call path against the C++ CLI on the same model and seed.

    PYTHONPATH=build/release/bindings/python /usr/bin/python3 bench/python_overhead.py \
        --cli build/release/scrisk [--model examples/importer.textproto] [--trials 200000 1000000]

For each trial count, repetitions of the two contestants are interleaved (so load that
comes and goes hits both alike) and the median wall time of each is reported:
  cli     `scrisk run MODEL -f json -q -n N -s 1` as a subprocess: process start, load,
          validate, compile, simulate, assess, JSON to a pipe
  python  in a running interpreter (the analyst's session): scrisk.load(MODEL),
          scrisk.run(model, trials=N, seed=1), results.to_json()
  python+start  the same as a fresh `/usr/bin/python3 -c` subprocess (interpreter start and
          `import scrisk` included)
Both use every core. The JSON documents are checked to be identical.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import scrisk


def time_cli(cli, model, trials):
    start = time.perf_counter()
    out = subprocess.run([cli, "run", model, "-f", "json", "-q", "-n", str(trials), "-s", "1"],
                         capture_output=True, text=True, check=True).stdout
    return time.perf_counter() - start, out


def time_python(model, trials):
    start = time.perf_counter()
    out = scrisk.run(scrisk.load(model), trials=trials, seed=1).to_json()
    return time.perf_counter() - start, out


def time_python_start(model, trials):
    code = (f"import scrisk,sys; sys.stdout.write(scrisk.run(scrisk.load({model!r}), trials={trials}, "
            "seed=1).to_json())")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=os.environ.copy()).stdout
    return time.perf_counter() - start, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--model", default=os.path.join(os.path.dirname(__file__), "..", "examples",
                                                        "importer.textproto"))
    parser.add_argument("--trials", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    model = os.path.abspath(args.model)
    time_python(model, 10_000)  # warm-up: imports, the engine's thread pool
    print(f"model {os.path.relpath(model)}, median of {args.repetitions} interleaved repetitions, "
          f"{os.cpu_count()} cores")
    print(f"{'trials':>10} {'cli s':>8} {'python s':>9} {'ratio':>6} {'python+start s':>15} {'ratio':>6}")
    for trials in args.trials:
        times = {"cli": [], "python": [], "start": []}
        outputs = set()
        for _ in range(args.repetitions):
            for name, f in (("cli", lambda: time_cli(args.cli, model, trials)),
                            ("python", lambda: time_python(model, trials)),
                            ("start", lambda: time_python_start(model, trials))):
                seconds, out = f()
                times[name].append(seconds)
                outputs.add(out)
        if len(outputs) != 1:
            raise SystemExit("the CLI and Python gave different JSON")
        cli, py, start = (statistics.median(times[k]) for k in ("cli", "python", "start"))
        print(f"{trials:>10,} {cli:>8.3f} {py:>9.3f} {py / cli:>6.3f} {start:>15.3f} {start / cli:>6.3f}")


if __name__ == "__main__":
    main()
