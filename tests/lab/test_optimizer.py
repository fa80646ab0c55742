"""Optimiser pieces against BoTorch's own implementations and analytic answers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from botorch.utils.multi_objective.hypervolume import Hypervolume
from botorch.utils.multi_objective.pareto import is_non_dominated

from peled.lab.campaign import parse_campaign
from peled.lab.optimizer import hypervolume, pareto_mask, propose


@pytest.mark.parametrize("m", [2, 3])
def test_hypervolume_and_pareto_match_botorch(m):
    rng = np.random.default_rng(m)
    u = rng.random((40, m))
    ref = np.full(m, 0.1)
    assert pareto_mask(u).tolist() == is_non_dominated(torch.tensor(u)).tolist()
    keep = u[np.all(u > ref, axis=1)]
    expected = Hypervolume(torch.tensor(ref)).compute(torch.tensor(keep[pareto_mask(keep)]))
    assert hypervolume(u, ref) == pytest.approx(float(expected), rel=1e-12)


def test_bo_respects_linear_and_outcome_constraints():
    # maximise y = a + b subject to a + b <= 0.6: the optimum lies on the constraint
    c = parse_campaign({
        "parameters": [{"name": "a", "low": 0.0, "high": 1.0},
                       {"name": "b", "low": 0.0, "high": 1.0}],
        "constraints": [{"coefficients": {"a": 1.0, "b": 1.0}, "upper": 0.6}],
        "objectives": [{"name": "plqy", "goal": "maximize"}],
        "budget": {"experiments": 12, "batch_size": 3, "initial": 6},
    })
    obs = []
    for b in range(1, 5):
        recs = propose(c, obs, 3, n_sent=len(obs), batch=b)
        assert all(r["a"] + r["b"] <= 0.6 + 1e-6 for r in recs)
        obs += [(r, {"plqy": r["a"] + r["b"]}) for r in recs]
    best = max(o["plqy"] for _, o in obs[6:])
    print("best a + b after BO:", best, "initial best:", max(o["plqy"] for _, o in obs[:6]))
    assert best > 0.57
