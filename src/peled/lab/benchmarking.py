"""Benchmarks of the decision module: strategies compared on a campaign or a test function.

* :func:`benchmark` runs a campaign file with several strategies over seeds and reports
  the experiments needed to reach a target and the best value after the budget (the
  ``peled lab benchmark`` command, and the twin study of ``benchmarks/bench_lab.py``).
* :func:`twin_optimum` is the noise-free optimum of the digital twin over a campaign's
  space (the default target is 95 % of it).
* :data:`BRANIN`, :data:`HARTMANN6` and :data:`ZDT1` are standard test functions with
  known optima, and :func:`compare_on_function` runs strategies on them at equal budget
  (simple regret, or hypervolume for the two-objective ZDT1).

The tests of :mod:`peled.lab` and the benchmark script call these same functions.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from peled.lab.campaign import STRATEGIES, Campaign, CampaignError
from peled.lab.instruments import Instrument, Measurement
from peled.lab.loop import load_with_overrides, open_campaign, run_campaign, start_campaign
from peled.lab.twin import simulate_batch

__all__ = [
    "BRANIN",
    "BenchmarkResult",
    "HARTMANN6",
    "SyntheticProblem",
    "ZDT1",
    "benchmark",
    "compare_on_function",
    "run_repeat",
    "twin_optimum",
]


def twin_optimum(campaign: Campaign, *, seed: int = 0) -> tuple[float, dict[str, Any]]:
    """Best noise-free scalar objective of the twin over the campaign space.

    Differential evolution (Storn & Price, J. Global Optim. 11, 341 (1997); scipy) over the
    unit cube of the continuous/integer parameters, for every categorical combination;
    runs that fail or break an outcome constraint score -inf.

    Parameters
    ----------
    campaign : Campaign
        A single- or weighted-objective campaign on the ``twin`` instrument.
    seed : int
        Seed of the differential evolution.

    Returns
    -------
    (value, parameters)
        The optimum in utility form (larger is better) and the recipe reaching it.

    Examples
    --------
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "growth_time_s", "low": 20.0,
    ...                                     "high": 600.0, "log": True}],
    ...                     "objectives": [{"name": "plqy"}], "budget": {"experiments": 4},
    ...                     "instrument": {"options": {"ligand": "DDAB"}}})
    >>> value, recipe = twin_optimum(c)
    >>> 0.0 < value < 1.0 and 20.0 <= recipe["growth_time_s"] <= 600.0
    True
    """
    import itertools

    from scipy.optimize import differential_evolution

    if campaign.mode == "pareto":
        raise CampaignError("twin_optimum: a Pareto campaign has no single optimum")
    cont = [p for p in campaign.parameters if p.kind != "categorical"]
    cats = [p for p in campaign.parameters if p.kind == "categorical"]
    best = (-math.inf, {})
    options = dict(campaign.instrument.options)
    for combo in itertools.product(*[p.levels for p in cats]):
        fixed = {**options, **{p.name: v for p, v in zip(cats, combo, strict=True)}}

        def recipes(u, fixed=fixed):
            u = np.atleast_2d(u)
            return [{**fixed, **{p.name: p.from_unit(x) for p, x in zip(cont, row,
                                                                       strict=True)}}
                    for row in u]

        def score(u_t, recipes=recipes):
            recs = recipes(np.asarray(u_t).T)
            runs = simulate_batch(recs, noise=False)
            vals = []
            for rec, r in zip(recs, runs, strict=True):
                rec = {k: v for k, v in rec.items() if k in campaign.parameter_names}
                ok = not r.failed and all(c.satisfied(rec) for c in campaign.constraints)
                out = r.truth
                if ok and campaign.feasible(out):
                    vals.append(-float(campaign.scalar(out)))
                else:
                    vals.append(1e6)
            return np.array(vals)

        if cont:
            res = differential_evolution(score, [(0.0, 1.0)] * len(cont), seed=seed,
                                         vectorized=True, updating="deferred", popsize=20,
                                         maxiter=60, tol=1e-8, polish=False)
            val, rec = -float(res.fun), recipes(res.x)[0]
        else:
            val, rec = -float(score(np.zeros((0, 1)))[0]), dict(fixed)
        rec = {k: v for k, v in rec.items() if k in campaign.parameter_names}
        if val > best[0]:
            best = (val, rec)
    return best


@dataclass(frozen=True)
class BenchmarkResult:
    """Per strategy: experiments to reach the target and best value after the budget."""

    campaign: str
    target: float
    metric: str
    repeats: int
    budget: int
    strategies: dict[str, dict]

    def as_dict(self) -> dict:
        return {"campaign": self.campaign, "target": self.target, "metric": self.metric,
                "repeats": self.repeats, "budget": self.budget,
                "strategies": self.strategies}


def run_repeat(task: tuple[str, str, int, str | None]) -> list[float | None]:
    r"""One benchmark repeat: (campaign file, strategy, seed, instrument) -> trace.

    A top-level function of plain arguments so that any map-like executor (``map``,
    ``concurrent.futures``, Dask) can run repeats.

    Parameters
    ----------
    task : tuple
        ``(campaign file, strategy, seed, instrument or None)``.

    Returns
    -------
    list of float or None
        Best-so-far trace of the repeat (:attr:`peled.lab.CampaignSummary.trace`).

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(BRANIN.campaign_toml(4, 2, 4).replace(
    ...     'kind = "manual"', 'kind = "command"\ncommand = ["false"]'))
    >>> run_repeat((str(d / "c.toml"), "sobol", 0, None))  # every run fails
    [None, None, None, None]
    >>> shutil.rmtree(d)
    """
    path, strategy, seed, instrument = task
    with tempfile.TemporaryDirectory(prefix="peled-lab-bench-") as tmp:
        folder = start_campaign(path, Path(tmp) / "c", seed=seed, instrument=instrument,
                                strategy=strategy)
        return run_campaign(folder).trace


def _quartiles(values: Sequence[float], cap: float | None = None) -> dict[str, float | None]:
    """Median, quartiles and interquartile range (``iqr`` = q3 - q1).

    With ``cap``, infinite values count as more than ``cap`` and a statistic above it
    (never reached) is reported as None, as is an IQR with an open end.

    Examples
    --------
    >>> _quartiles([1, 2, 3, 4, 5])
    {'median': 3.0, 'q1': 2.0, 'q3': 4.0, 'iqr': 2.0}
    >>> _quartiles([4, 6, math.inf, math.inf], cap=10)
    {'median': None, 'q1': 5.5, 'q3': None, 'iqr': None}
    """
    arr = np.asarray(values, float)
    if cap is None:
        qs = np.percentile(arr, [25, 50, 75])
    else:
        qs = np.percentile(np.where(np.isfinite(arr), arr, cap + 1.0), [25, 50, 75])
    if cap is not None:  # a statistic that moves with the value given to "never" is None
        moved = np.percentile(np.where(np.isfinite(arr), arr, 1e12 * (cap + 1.0)),
                              [25, 50, 75])
        qs = np.where(moved == qs, qs, np.inf)
    q1, med, q3 = qs

    def fin(v: float) -> float | None:
        return float(v) if math.isfinite(v) else None

    lo, mid, hi = fin(q1), fin(med), fin(q3)
    iqr = None if lo is None or hi is None else hi - lo
    return {"median": mid, "q1": lo, "q3": hi, "iqr": iqr}


def benchmark(path: str | Path, strategies: Sequence[str], repeats: int, *,
              seed: int = 0, instrument: str | None = None, target: float | None = None,
              map_fn: Callable[[Callable, Iterable], Iterable] = map) -> BenchmarkResult:
    r"""Compare strategies on one campaign over ``repeats`` seeds.

    Parameters
    ----------
    path : path
        Campaign file.
    strategies : sequence of str
        Names from :data:`peled.lab.STRATEGIES`.
    repeats : int
        Seeds ``seed, seed + 1, ...`` per strategy.
    seed : int
        First seed.
    instrument : str, optional
        Instrument that overrides the campaign's.
    target : float, optional
        Value of the objective (natural units; hypervolume for Pareto campaigns) that
        counts as reached; default ``[optimization] target`` of the campaign, else for a
        twin campaign maximising one objective 95 % of the twin's optimum.
    map_fn : callable
        ``map``-like executor of :func:`run_repeat` over the tasks.

    Returns
    -------
    BenchmarkResult
        Experiments to reach the target are reported as median and quartiles (a repeat
        that never reaches it counts as infinite, reported as null), the best value after
        the budget likewise, and the raw numbers.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(
    ...     '[[parameters]]\nname = "growth_time_s"\nlow = 20.0\nhigh = 600.0\n\n'
    ...     '[[objectives]]\nname = "plqy"\n\n[optimization]\ntarget = 0.5\n\n'
    ...     '[budget]\nexperiments = 4\nbatch_size = 2\n')
    >>> r = benchmark(d / "c.toml", ["sobol"], 2).as_dict()
    >>> sorted(r["strategies"]["sobol"]["experiments_to_target"])
    ['iqr', 'median', 'q1', 'q3']
    >>> shutil.rmtree(d)
    """
    campaign, _ = load_with_overrides(path, instrument=instrument)
    if repeats < 1:
        raise CampaignError("--repeats must be >= 1")
    for s in strategies:
        if s not in STRATEGIES:
            raise CampaignError(f"--strategies: unknown strategy {s!r}; expected "
                                f"{', '.join(STRATEGIES)}")
    metric = "hypervolume" if campaign.mode == "pareto" else "objective"
    obj0 = campaign.objectives[0]
    if target is None and math.isfinite(campaign.target):
        target = campaign.target
    if target is None:
        if (campaign.instrument.kind == "twin" and campaign.mode == "single"
                and obj0.goal == "maximize"):
            target = 0.95 * twin_optimum(campaign)[0]
        else:
            raise CampaignError(f"{path}: set [optimization] target (or --target) for the "
                                "benchmark")
    # utility form of the target (larger is better)
    if metric == "objective" and campaign.mode == "single":
        u_target = obj0.sign * target
    else:
        u_target = target
    tasks = [(str(path), s, seed + r, instrument) for s in strategies for r in range(repeats)]
    traces = list(map_fn(run_repeat, tasks))
    out: dict[str, dict] = {}
    for k, s in enumerate(strategies):
        runs = traces[k * repeats:(k + 1) * repeats]
        reach, best = [], []
        for tr in runs:
            hit = next((i + 1 for i, v in enumerate(tr) if v is not None and v >= u_target),
                       math.inf)
            reach.append(hit)
            last = next((v for v in reversed(tr) if v is not None), -math.inf)
            best.append(last if metric == "hypervolume" or campaign.mode != "single"
                        else obj0.sign * last)
        out[s] = {
            "experiments_to_target": _quartiles(reach, campaign.experiments),
            "reached": sum(math.isfinite(r) for r in reach),
            "best_after_budget": _quartiles(best),
            "raw_experiments_to_target": [r if math.isfinite(r) else None for r in reach],
            "raw_best_after_budget": [b if math.isfinite(b) else None for b in best],
        }
    return BenchmarkResult(str(path), float(target), metric, repeats, campaign.experiments,
                           out)


# ----------------------------------------------------------------------------- test functions

@dataclass(frozen=True)
class SyntheticProblem:
    """A test function with a known optimum, posed as a campaign to be minimised.

    Parameters
    ----------
    name : str
        Short name.
    bounds : tuple of (low, high)
        Box of the inputs ``x0, x1, ...``.
    outcomes : tuple of str
        Outcome names (all minimised); two for a Pareto problem.
    fn : callable
        ``fn(x) -> {outcome: value}`` for one point ``x`` (1-D array in ``bounds``).
    optimum : float
        Global minimum (single objective) or the hypervolume of the true Pareto front
        above ``reference`` (two objectives, in the negated "larger is better" form).
    reference : tuple of float, optional
        Reference point of a Pareto problem (natural units; every objective minimised).
    """

    name: str
    bounds: tuple[tuple[float, float], ...]
    outcomes: tuple[str, ...]
    fn: Callable[[np.ndarray], dict[str, float]]
    optimum: float
    reference: tuple[float, ...] | None = None

    @property
    def pareto(self) -> bool:
        return len(self.outcomes) > 1

    def campaign_toml(self, budget: int, batch_size: int, initial: int,
                      strategy: str = "bo") -> str:
        """The campaign file (TOML) of this problem with a ``manual`` instrument.

        Examples
        --------
        >>> print(BRANIN.campaign_toml(10, 2, 4).splitlines()[6])
        low = -5.0
        """
        text = f'[campaign]\nname = "{self.name}"\nstrategy = "{strategy}"\n\n'
        for i, (lo, hi) in enumerate(self.bounds):
            text += f'[[parameters]]\nname = "x{i}"\nlow = {lo!r}\nhigh = {hi!r}\n\n'
        for k, o in enumerate(self.outcomes):
            text += f'[[objectives]]\nname = "{o}"\ngoal = "minimize"\n'
            if self.reference is not None:
                text += f"reference = {self.reference[k]!r}\n"
            text += "\n"
        if self.pareto:
            text += '[optimization]\nmode = "pareto"\n\n'
        measures = ", ".join(f'"{o}"' for o in self.outcomes)
        return (text + f"[budget]\nexperiments = {budget}\nbatch_size = {batch_size}\n"
                f"initial = {initial}\n\n[instrument]\nkind = \"manual\"\n"
                f"measures = [{measures}]\n")


def _branin(x: np.ndarray) -> dict[str, float]:
    """Branin-Hoo function (Dixon & Szego, "The global optimisation problem: an
    introduction", in Towards Global Optimisation 2, North-Holland (1978))."""
    x1, x2 = float(x[0]), float(x[1])
    b, c, t = 5.1 / (4 * math.pi ** 2), 5.0 / math.pi, 1.0 / (8 * math.pi)
    f = (x2 - b * x1 ** 2 + c * x1 - 6.0) ** 2 + 10.0 * (1 - t) * math.cos(x1) + 10.0
    return {"f": f}


_H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_H6_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                  [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
_H6_P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886],
                         [2329, 4135, 8307, 3736, 1004, 9991],
                         [2348, 1451, 3522, 2883, 3047, 6650],
                         [4047, 8828, 8732, 5743, 1091, 381]])


def _hartmann6(x: np.ndarray) -> dict[str, float]:
    """Hartmann-6 function (Hartman, Naval Res. Logist. Q. 20, 699 (1973); constants as
    tabulated by Dixon & Szego (1978)); minimum -3.32237."""
    x = np.asarray(x, float)
    inner = np.sum(_H6_A * (x[None, :] - _H6_P) ** 2, axis=1)
    return {"f": float(-np.sum(_H6_ALPHA * np.exp(-inner)))}


def _zdt1(x: np.ndarray) -> dict[str, float]:
    """ZDT1 (Zitzler, Deb & Thiele, Evol. Comput. 8, 173 (2000), eqn for T1): f1 = x0,
    g = 1 + 9 mean(x1..), f2 = g (1 - sqrt(f1 / g)); Pareto front f2 = 1 - sqrt(f1)."""
    x = np.asarray(x, float)
    g = 1.0 + 9.0 * float(np.mean(x[1:]))
    f1 = float(x[0])
    return {"f1": f1, "f2": g * (1.0 - math.sqrt(f1 / g))}


#: Branin on [-5, 10] x [0, 15]; minimum 0.397887 at (-pi, 12.275), (pi, 2.275),
#: (9.42478, 2.475) (Dixon & Szego 1978).
BRANIN = SyntheticProblem("branin", ((-5.0, 10.0), (0.0, 15.0)), ("f",), _branin,
                          0.39788735772973816)

#: Hartmann-6 on [0, 1]^6; minimum -3.32237 at (0.20169, 0.150011, 0.476874, 0.275332,
#: 0.311652, 0.6573) (Dixon & Szego 1978).
HARTMANN6 = SyntheticProblem("hartmann6", ((0.0, 1.0),) * 6, ("f",), _hartmann6, -3.32237)

#: ZDT1 in three inputs on [0, 1]^3 with reference point (1.1, 1.1); ``optimum`` is the
#: hypervolume of the true front f2 = 1 - sqrt(f1), 1.1^2 - int_0^1 (1 - sqrt(f)) df
#: = 1.21 - 1/3 (Zitzler, Deb & Thiele 2000).
ZDT1 = SyntheticProblem("zdt1", ((0.0, 1.0),) * 3, ("f1", "f2"), _zdt1, 1.21 - 1.0 / 3.0,
                        reference=(1.1, 1.1))


class FunctionInstrument(Instrument):
    """An instrument that evaluates a :class:`SyntheticProblem` (no noise, no failures)."""

    name = "function"

    def __init__(self, campaign: Campaign, folder: Path, seed: int,
                 problem: SyntheticProblem) -> None:
        super().__init__(campaign, folder, seed, None)
        self.problem = problem

    def run(self, batch, experiments):
        n = len(self.problem.bounds)
        return [Measurement(i, self.problem.fn(np.array([p[f"x{k}"] for k in range(n)])))
                for i, p in experiments]


def compare_on_function(problem: SyntheticProblem, strategies: Sequence[str],
                        seeds: Sequence[int], *, budget: int, batch_size: int,
                        initial: int) -> dict[str, list[float]]:
    """Run each strategy once per seed on ``problem`` at the same budget.

    Parameters
    ----------
    problem : SyntheticProblem
        The test function.
    strategies : sequence of str
        Names from :data:`peled.lab.STRATEGIES`.
    seeds : sequence of int
        One campaign per seed and strategy.
    budget : int
        Experiments per campaign.
    batch_size : int
        Experiments per batch.
    initial : int
        Space-filling experiments before the model.

    Returns
    -------
    dict
        Strategy -> per seed: the simple regret ``best - optimum`` (single objective,
        >= 0) or the hypervolume reached (Pareto problem, <= ``problem.optimum``).

    Examples
    --------
    >>> round(BRANIN.fn(np.array([math.pi, 2.275]))["f"], 6)  # a global minimiser
    0.397887
    >>> r = compare_on_function(BRANIN, ["sobol", "random"], [0, 1], budget=4,
    ...                         batch_size=2, initial=4)
    >>> [len(v) for v in r.values()], min(min(v) for v in r.values()) > 0
    ([2, 2], True)
    """
    out: dict[str, list[float]] = {s: [] for s in strategies}
    with tempfile.TemporaryDirectory(prefix="peled-lab-fn-") as tmp:
        path = Path(tmp) / "campaign.toml"
        path.write_text(problem.campaign_toml(budget, batch_size, initial), encoding="utf-8")
        for s in strategies:
            for seed in seeds:
                folder = start_campaign(path, Path(tmp) / f"{s}-{seed}", seed=seed, strategy=s)
                campaign, store = open_campaign(folder)
                store.close()
                summary = run_campaign(folder, instrument=FunctionInstrument(
                    campaign, folder, seed, problem))
                if summary.n_experiments != budget:
                    raise RuntimeError(f"{s}: {summary.n_experiments} of {budget} run")
                if problem.pareto:
                    out[s].append(float(summary.hypervolume))
                else:
                    out[s].append(summary.best["objectives"][problem.outcomes[0]]
                                  - problem.optimum)
    return out
