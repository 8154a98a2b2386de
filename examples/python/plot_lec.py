"""Loss exceedance curves of the importer's chain in the three control states, to a PNG
(plus the 5x5 heat map and the control-value chart next to it).

    python3 examples/python/plot_lec.py [--out lec.png] [--trials 200000]
"""
import argparse
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402

import scrisk  # noqa: E402
import scrisk.plot  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from importer_model import importer_model  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="lec.png")
    parser.add_argument("--trials", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = scrisk.run(importer_model(), trials=args.trials, seed=args.seed)

    ax = scrisk.plot.loss_exceedance(results)
    ax.figure.tight_layout()
    ax.figure.savefig(args.out, dpi=120)
    out = pathlib.Path(args.out)
    for name, draw in (("heatmap", lambda: scrisk.plot.heat_map(results, "current")),
                       ("controls", lambda: scrisk.plot.control_value(results))):
        ax = draw()
        ax.figure.tight_layout()
        ax.figure.savefig(out.with_name(f"{out.stem}_{name}{out.suffix}"), dpi=120)
    plt.close("all")
    print(f"wrote {out} and its _heatmap/_controls companions")


if __name__ == "__main__":
    main()
