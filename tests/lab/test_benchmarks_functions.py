"""BO beats random search at equal budget on test functions with known optima.

Branin (minimum 0.397887), Hartmann-6 (minimum -3.32237; Dixon & Szego 1978) and the
two-objective ZDT1 (Zitzler, Deb & Thiele, Evol. Comput. 8, 173 (2000); Pareto front
f2 = 1 - sqrt(f1)).  The functions are peled's NumPy versions
(:mod:`peled.lab.benchmarking`), checked here against BoTorch's implementations.  Median
over fixed seeds; the raw numbers are printed.  The budgets are small to keep the suite
fast; the long study is ``benchmarks/bench_lab.py``, which calls the same routine.
"""

from __future__ import annotations

import statistics

import numpy as np
import pytest
import torch
from botorch.test_functions import Branin, Hartmann
from botorch.test_functions.multi_objective import ZDT1 as BotorchZDT1

from peled.lab.benchmarking import BRANIN, HARTMANN6, ZDT1, compare_on_function
from peled.lab.optimizer import hypervolume

SEEDS = (0, 1, 2)


def test_numpy_test_functions_match_botorch():
    rng = np.random.default_rng(3)
    for ours, theirs in ((BRANIN, Branin()), (HARTMANN6, Hartmann(dim=6))):
        lo, hi = np.array(ours.bounds).T
        x = lo + rng.random((20, len(lo))) * (hi - lo)
        expected = theirs(torch.tensor(x)).numpy()
        got = [ours.fn(row)["f"] for row in x]
        np.testing.assert_allclose(got, expected, rtol=1e-7)  # BoTorch keeps float32 constants
        assert ours.optimum == pytest.approx(theirs.optimal_value, abs=1e-5)
    x = rng.random((20, 3))
    expected = BotorchZDT1(dim=3, num_objectives=2)(torch.tensor(x)).numpy()
    got = [[ZDT1.fn(row)["f1"], ZDT1.fn(row)["f2"]] for row in x]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


@pytest.mark.parametrize(("problem", "budget", "batch", "initial"), [
    (BRANIN, 20, 4, 8),
    (HARTMANN6, 30, 5, 10),
])
def test_bo_beats_random_on_known_optimum(problem, budget, batch, initial):
    regret = compare_on_function(problem, ["bo", "random"], SEEDS, budget=budget,
                                 batch_size=batch, initial=initial)
    print(problem.name, f"simple regret after {budget}:",
          {k: [round(v, 4) for v in r] for k, r in regret.items()})
    assert min(min(v) for v in regret.values()) >= -1e-5  # never below the known optimum
    assert statistics.median(regret["bo"]) < statistics.median(regret["random"])


def test_bo_beats_random_on_zdt1_pareto():
    # hypervolume of the true front f2 = 1 - sqrt(f1) within the box [0, 1.1]^2:
    # 1.1^2 - integral_0^1 (1 - sqrt(f1)) d f1 = 1.21 - 1/3
    f1 = np.linspace(0.0, 1.0, 2001)  # staircase error ~ 1 / (2 n)
    front = np.column_stack([-f1, -(1.0 - np.sqrt(f1))])
    hv_true = hypervolume(front, [-1.1, -1.1])
    assert hv_true == pytest.approx(ZDT1.optimum, abs=1e-3)
    hv = compare_on_function(ZDT1, ["bo", "random"], SEEDS, budget=12, batch_size=4,
                             initial=8)
    print("ZDT1 hypervolume after 12 (true front", round(hv_true, 4), "):",
          {k: [round(v, 4) for v in r] for k, r in hv.items()})
    assert max(max(v) for v in hv.values()) <= hv_true + 1e-9
    assert statistics.median(hv["bo"]) > statistics.median(hv["random"])
