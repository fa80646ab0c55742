"""Benchmark of the closed-loop lab (peled lab): BO against Sobol and random search.

1. Digital twin, single objective: maximise the PLQY of CsPbBr3 NCs over growth time,
   ligand dose, antisolvent ratio and ligand type (categorical), 30 experiments in
   batches of 3.  The twin's noise-free optimum is found by differential evolution
   (``peled.lab.twin_optimum``); reported per strategy over the seeds: experiments until a
   measured PLQY reaches 95 % of that optimum (median and IQR; "never" counts as more than
   the budget) and the best PLQY after the budget.
2. Digital twin, two objectives (PLQY up, FWHM down): hypervolume after 24 experiments.
3. Branin, Hartmann-6 (simple regret) and ZDT1 (hypervolume), BO vs random at equal
   budget, with :func:`peled.lab.compare_on_function` (the routine the tests call).
4. Optimiser wall time per proposal (batch of 3) at 20, 100 and 300 observations,
   against a Sobol proposal timed in the same process as the baseline.

Run: ``.venv/bin/python benchmarks/bench_lab.py [--seeds N] [--skip-functions]``
(default 10 seeds; the full run takes tens of minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

TWIN_SINGLE = """
[campaign]
name = "bench: PLQY"

[[parameters]]
name = "growth_time_s"
low = 20.0
high = 600.0
log = true

[[parameters]]
name = "ligand_mm"
low = 1.0
high = 100.0
log = true

[[parameters]]
name = "antisolvent_ratio"
low = 5.0
high = 100.0

[[parameters]]
name = "ligand"
type = "categorical"
levels = ["OA/OAm", "DDAB", "zwitterion"]

[[objectives]]
name = "plqy"
goal = "maximize"

[budget]
experiments = 30
batch_size = 3
initial = 9

[instrument]
kind = "twin"
"""

TWIN_PARETO = """
[campaign]
name = "bench: PLQY vs FWHM"

[[parameters]]
name = "growth_time_s"
low = 20.0
high = 600.0
log = true

[[parameters]]
name = "ligand_mm"
low = 1.0
high = 100.0
log = true

[[parameters]]
name = "antisolvent_ratio"
low = 5.0
high = 100.0

[[objectives]]
name = "plqy"
goal = "maximize"
reference = 0.3

[[objectives]]
name = "fwhm_nm"
goal = "minimize"
reference = 40.0

[optimization]
mode = "pareto"

[budget]
experiments = 24
batch_size = 4
initial = 8

[instrument]
kind = "twin"
"""


def _fmt(q: dict) -> str:
    f = lambda v: "never" if v is None else f"{v:.3g}"  # noqa: E731
    return f"{f(q['median'])} [{f(q['q1'])}, {f(q['q3'])}]"


def twin_single(tmp: Path, seeds: int) -> None:
    from peled.lab import benchmark, load_campaign, twin_optimum

    path = tmp / "single.toml"
    path.write_text(TWIN_SINGLE)
    opt, recipe = twin_optimum(load_campaign(path))
    print(f"twin optimum PLQY {opt:.4f} at {recipe}; target 95 % = {0.95 * opt:.4f}")
    t0 = time.perf_counter()
    res = benchmark(path, ["bo", "sobol", "random"], seeds, target=0.95 * opt).as_dict()
    print(f"  ({time.perf_counter() - t0:.0f} s)")
    for name, r in res["strategies"].items():
        print(f"  {name:7s} experiments to 95 %: {_fmt(r['experiments_to_target'])} "
              f"reached {r['reached']}/{seeds}; best PLQY after 30: "
              f"{_fmt(r['best_after_budget'])}")
        print(f"          raw: {r['raw_experiments_to_target']}")


def twin_pareto(tmp: Path, seeds: int) -> None:
    from peled.lab import benchmark

    path = tmp / "pareto.toml"
    path.write_text(TWIN_PARETO)
    res = benchmark(path, ["bo", "sobol", "random"], seeds, target=1e9).as_dict()
    for name, r in res["strategies"].items():
        hv = r["raw_best_after_budget"]
        print(f"  {name:7s} hypervolume after 24: median {statistics.median(hv):.4g} "
              f"IQR [{np.percentile(hv, 25):.4g}, {np.percentile(hv, 75):.4g}]")


def test_functions(seeds: int) -> None:
    """BO vs random on Branin, Hartmann-6 and ZDT1 (the routine the tests call)."""
    from peled.lab import BRANIN, HARTMANN6, ZDT1, compare_on_function

    for problem, budget, batch, initial in ((BRANIN, 20, 4, 8), (HARTMANN6, 30, 5, 10),
                                            (ZDT1, 24, 4, 8)):
        res = compare_on_function(problem, ["bo", "random"], range(seeds), budget=budget,
                                  batch_size=batch, initial=initial)
        what = "hypervolume" if problem.pareto else "simple regret"
        for strategy, vals in res.items():
            print(f"  {problem.name:9s} {strategy:7s} {what} after {budget}: median "
                  f"{statistics.median(vals):.3g}; raw {[round(v, 3) for v in vals]}")


def proposal_time() -> None:
    from peled.lab import load_campaign, propose, simulate_batch
    from peled.lab.optimizer import _decode_uniform

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "single.toml"
        path.write_text(TWIN_SINGLE)
        campaign = load_campaign(path)
    rng = np.random.default_rng(0)
    for n_obs in (20, 100, 300):
        recipes = _decode_uniform(campaign, rng.random((n_obs, len(campaign.parameters))))
        runs = simulate_batch(recipes, keys=[str(i) for i in range(n_obs)])
        obs = [(r, (None if run.failed else {"plqy": run.truth["plqy"]}))
               for r, run in zip(recipes, runs, strict=True)]
        t0 = time.perf_counter()
        propose(campaign, obs, 3, n_sent=n_obs, batch=1, strategy="sobol")
        t_base = time.perf_counter() - t0
        t0 = time.perf_counter()
        propose(campaign, obs, 3, n_sent=n_obs, batch=1, strategy="bo")
        t_bo = time.perf_counter() - t0
        print(f"  {n_obs:4d} observations: BO {t_bo:7.2f} s per proposal of 3 "
              f"(Sobol baseline {1e3 * t_base:.1f} ms, ratio {t_bo / t_base:.0f}x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--skip-functions", action="store_true")
    args = ap.parse_args()
    from botorch.models import SingleTaskGP  # noqa: F401

    import peled.lab.optimizer  # noqa: F401  (imports outside the timings)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("optimiser wall time per proposal")
        proposal_time()
        print(f"twin, maximise PLQY, {args.seeds} seeds")
        twin_single(tmp, args.seeds)
        print(f"twin, Pareto PLQY vs FWHM, {args.seeds} seeds")
        twin_pareto(tmp, args.seeds)
        if not args.skip_functions:
            print(f"test functions, {args.seeds} seeds")
            test_functions(args.seeds)


if __name__ == "__main__":
    main()
