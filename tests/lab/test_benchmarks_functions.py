"""BO beats random search at equal budget on test functions with known optima.

Branin (optimum 0.397887, Dixon & Szego 1978) and the two-objective ZDT1 (Zitzler, Deb &
Thiele, Evol. Comput. 8, 173 (2000); Pareto front f2 = 1 - sqrt(f1)), with the optima
taken from botorch.test_functions.  Median over fixed seeds; budgets are small to keep
the suite fast (Hartmann-6 and the long study are in the lab benchmark script).
"""

from __future__ import annotations

import statistics

import numpy as np
import pytest
import torch
from botorch.test_functions import Branin
from lab_helpers import box_campaign, run_function

from peled.lab.optimizer import hypervolume

SEEDS = (0, 1, 2)


def _minimise(problem):
    bounds = problem.bounds.numpy()

    def fn(u):
        x = bounds[0] + np.asarray(u) * (bounds[1] - bounds[0])
        return {"f": float(problem(torch.tensor(x).unsqueeze(0)))}

    return fn


@pytest.mark.parametrize(("problem", "dim", "budget", "batch", "initial"), [
    (Branin(), 2, 20, 4, 8),
])
def test_bo_beats_random_on_known_optimum(tmp_path, problem, dim, budget, batch, initial):
    toml = box_campaign(dim, ["f"], '[[objectives]]\nname = "f"\ngoal = "minimize"\n',
                        budget, batch, initial)
    regret = {}
    for strategy in ("bo", "random"):
        vals = []
        for seed in SEEDS:
            s = run_function(tmp_path, toml, _minimise(problem), seed, strategy)
            assert s.n_experiments == budget
            vals.append(s.best["objectives"]["f"] - problem.optimal_value)
        regret[strategy] = vals
    print(type(problem).__name__, "simple regret", regret)
    assert min(min(v) for v in regret.values()) >= -1e-9  # never below the known optimum
    assert statistics.median(regret["bo"]) < statistics.median(regret["random"])


def test_bo_beats_random_on_zdt1_pareto(tmp_path):
    def zdt1(u):
        u = np.asarray(u)
        f1 = u[0]
        g = 1.0 + 9.0 * u[1:].mean()
        return {"f1": float(f1), "f2": float(g * (1.0 - np.sqrt(f1 / g)))}

    objectives = ('[[objectives]]\nname = "f1"\ngoal = "minimize"\nreference = 1.1\n\n'
                  '[[objectives]]\nname = "f2"\ngoal = "minimize"\nreference = 1.1\n\n'
                  '[optimization]\nmode = "pareto"\n')
    toml = box_campaign(3, ["f1", "f2"], objectives, 12, 4, 8)
    # hypervolume of the true front f2 = 1 - sqrt(f1) within the box [0, 1.1]^2:
    # 1.1^2 - integral_0^1 (1 - sqrt(f1)) d f1 - 0 = 1.21 - 1/3
    f1 = np.linspace(0.0, 1.0, 20001)
    front = np.column_stack([-f1, -(1.0 - np.sqrt(f1))])
    hv_true = hypervolume(front, [-1.1, -1.1])
    assert hv_true == pytest.approx(1.21 - 1.0 / 3.0, abs=1e-3)
    hv = {}
    for strategy in ("bo", "random"):
        hv[strategy] = [run_function(tmp_path, toml, zdt1, seed, strategy).hypervolume
                        for seed in SEEDS]
    print("ZDT1 hypervolume (true front", round(hv_true, 4), ")", hv)
    assert max(max(v) for v in hv.values()) <= hv_true + 1e-9
    assert statistics.median(hv["bo"]) > statistics.median(hv["random"])
