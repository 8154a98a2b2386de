"""Which PROPOSED controls to fund under a budget: every portfolio of the importer's proposed
controls whose annual cost fits the budget, each run on the same seed (common random
numbers across runs: differences are the controls', not sampling noise), in a table
sorted by residual ALE.

    python3 examples/python/control_portfolios.py [--budget 150000] [--trials 20000]

A portfolio is the model with the chosen PROPOSED controls kept and the others removed;
its residual ALE is what the chain would lose a year with them in place.
"""
import argparse
import itertools
import pathlib
import sys

import scrisk

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from importer_model import importer_model  # noqa: E402


def portfolios(model, budget):
    proposed = [c for c in model.controls if c.status == scrisk.ControlStatus.PROPOSED]
    for size in range(len(proposed) + 1):
        for chosen in itertools.combinations(proposed, size):
            cost = sum(c.annual_cost for c in chosen)
            if cost <= budget:
                yield [c.id for c in chosen], cost


def with_only(model, chosen):
    variant = model.copy()
    keep = set(chosen)
    variant.controls = [c for c in variant.controls if c.status == scrisk.ControlStatus.EXISTING or c.id in keep]
    return variant


def sweep(model, budget, trials, seed=1, threads=0):
    """A pandas DataFrame: one row per affordable portfolio, sorted by residual ALE."""
    import pandas as pd
    rows = []
    for chosen, cost in portfolios(model, budget):
        total = scrisk.run(with_only(model, chosen), trials=trials, seed=seed, threads=threads).total
        rows.append({"controls": ", ".join(chosen) or "(none)", "n": len(chosen), "annual_cost": cost,
                     "residual_ale": total.residual.ale, "residual_p99": total.residual.quantiles["p99"],
                     "tolerability": total.residual.tolerability.name})
    frame = pd.DataFrame(rows)
    current = scrisk.run(with_only(model, []), trials=trials, seed=seed, threads=threads).total.current.ale
    frame["ale_removed"] = current - frame["residual_ale"]
    frame["net_benefit"] = frame["ale_removed"] - frame["annual_cost"]
    return frame.sort_values(["residual_ale", "annual_cost"], ignore_index=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=150_000, help="annual budget (EUR)")
    parser.add_argument("--trials", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=15, help="rows to print")
    args = parser.parse_args()
    frame = sweep(importer_model(), args.budget, args.trials, args.seed)
    import pandas as pd
    with pd.option_context("display.width", 200, "display.max_colwidth", 70, "display.float_format", "{:,.0f}".format):
        print(f"{len(frame)} portfolios within EUR {args.budget:,.0f}/year, {args.trials:,} years each, "
              f"sorted by residual ALE:")
        print(frame.head(args.top).to_string(index=False))


if __name__ == "__main__":
    main()
