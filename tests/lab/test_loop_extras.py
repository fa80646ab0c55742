"""Twin optimum (against a brute-force grid), plug-in instruments, warm start, lhs/grid."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pytest

from peled.lab import instruments as inst_mod
from peled.lab.benchmarking import twin_optimum
from peled.lab.campaign import CampaignError, parse_campaign
from peled.lab.instruments import Instrument, Measurement, instrument_class
from peled.lab.optimizer import propose
from peled.lab.twin import simulate_batch

CAMPAIGN = {
    "parameters": [
        {"name": "growth_time_s", "low": 20.0, "high": 600.0, "log": True},
        {"name": "ligand", "type": "categorical", "levels": ["OA/OAm", "zwitterion"]},
    ],
    "objectives": [{"name": "plqy", "goal": "maximize"}],
    "outcome_constraints": [{"name": "peak_nm", "lower": 505.0}],
    "budget": {"experiments": 8, "batch_size": 2},
}


def test_twin_optimum_matches_brute_force_grid():
    c = parse_campaign(CAMPAIGN)
    value, recipe = twin_optimum(c)
    grid = [{"growth_time_s": float(t), "ligand": lig}
            for t, lig in itertools.product(np.geomspace(20, 600, 400), ["OA/OAm", "zwitterion"])]
    runs = simulate_batch(grid, noise=False)
    ok = [(r.truth["plqy"], g) for r, g in zip(runs, grid, strict=True)
          if not r.failed and r.truth["peak_nm"] >= 505.0]
    brute, brute_rec = max(ok, key=lambda v: v[0])
    print("optimum", value, recipe, "grid", brute, brute_rec)
    assert value >= brute - 1e-4  # the optimiser finds at least the grid's best
    assert value == pytest.approx(brute, abs=5e-3)
    assert recipe["ligand"] == brute_rec["ligand"] == "zwitterion"
    check = simulate_batch([recipe], noise=False)[0]
    assert not check.failed and check.truth["peak_nm"] >= 505.0 - 1e-6


def test_plugin_instrument_through_entry_points(monkeypatch):
    class Robot(Instrument):
        name = "robot"

        def run(self, batch, experiments):
            return [Measurement(i, {"plqy": 0.5}) for i, _ in experiments]

    ep = SimpleNamespace(name="robot", load=lambda: Robot)
    monkeypatch.setattr(inst_mod, "entry_points", lambda group: [ep]
                        if group == "peled.instruments" else [])
    assert instrument_class("robot") is Robot
    with pytest.raises(CampaignError, match="unknown instrument 'robt'; available: command, "
                       "manual, robot, twin"):
        instrument_class("robt")
    ep_bad = SimpleNamespace(name="bad", load=lambda: object)
    monkeypatch.setattr(inst_mod, "entry_points", lambda group: [ep_bad])
    with pytest.raises(CampaignError, match="not an Instrument subclass"):
        instrument_class("bad")


def test_baselines_cover_levels_and_respect_constraints():
    data = {
        "parameters": [
            {"name": "a", "low": 0.0, "high": 1.0},
            {"name": "b", "low": 0.0, "high": 1.0},
            {"name": "n", "type": "integer", "low": 1, "high": 3},
            {"name": "s", "type": "categorical", "levels": ["p", "q"]},
        ],
        "constraints": [{"coefficients": {"a": 1.0, "b": 1.0}, "upper": 1.0}],
        "objectives": [{"name": "plqy"}],
        "budget": {"experiments": 24, "batch_size": 4},
    }
    c = parse_campaign(data)
    for strategy in ("sobol", "lhs", "random", "grid"):
        pts = []
        for b in range(6):
            pts += propose(c, [], 4, n_sent=4 * b, batch=b + 1, strategy=strategy)
        assert len(pts) == 24
        assert all(p["a"] + p["b"] <= 1.0 + 1e-12 for p in pts)
        assert {p["n"] for p in pts} == {1, 2, 3}
        assert {p["s"] for p in pts} == {"p", "q"}
        if strategy != "random":  # a design never repeats a point within its length
            keys = {tuple(sorted(p.items())) for p in pts}
            assert len(keys) == 24 or strategy == "grid"


def test_benchmark_names_still_resolve_from_the_loop_module():
    from peled.lab import benchmarking, loop

    assert loop.benchmark is benchmarking.benchmark
    assert loop.run_repeat is benchmarking.run_repeat
    with pytest.raises(AttributeError):
        _ = loop.no_such_name
