"""Benchmark: global ABC fit of 20 TrPL decays x 1,000 points.

Prints the time of the rate-equation solve for the whole fluence series with the
vectorised quadrature solver (peled.emitter.trpl, method="quadrature") and with a plain
loop of scipy solve_ivp (LSODA) calls, their ratio, and the wall time of the complete
global fit with each solver.  Baselines are measured in the same run; no assertions.

Run: .venv/bin/python benchmarks/bench_emitter.py
"""

from __future__ import annotations

import time

import numpy as np

from peled.emitter import GlobalRecombinationFit, decay_density, pl_abc

K_TRUE = (1e6, 1e-10, 1e-28)  # seed 001 sec. 2 constants (s^-1, cm^3/s, cm^6/s)


def _best_of(fn, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    rng = np.random.default_rng(0)
    t = np.linspace(0.0, 2e-6, 1000)
    n0 = np.logspace(16, 18, 20)
    y_true = pl_abc(t, n0, *K_TRUE) * 1e-20
    y = rng.poisson(y_true).astype(float)

    solve_fast = _best_of(lambda: decay_density(t, n0, *K_TRUE, method="quadrature"))
    solve_ivp = _best_of(lambda: decay_density(t, n0, *K_TRUE, method="solve_ivp"))
    err = np.max(
        np.abs(
            decay_density(t, n0, *K_TRUE, method="quadrature")
            / decay_density(t, n0, *K_TRUE, method="solve_ivp")
            - 1
        )
    )
    print("rate-equation solve, 20 decays x 1000 points")
    print(f"  vectorised quadrature : {solve_fast * 1e3:8.2f} ms")
    print(f"  solve_ivp (LSODA) loop: {solve_ivp * 1e3:8.2f} ms")
    print(f"  speed-up              : {solve_ivp / solve_fast:8.1f} x  (max rel. diff {err:.1e})")

    results = {}
    for solver in ("quadrature", "solve_ivp"):
        t0 = time.perf_counter()
        fit = GlobalRecombinationFit("abc", solver=solver).fit(t, y, n0, sigma="poisson")
        results[solver] = (time.perf_counter() - t0, fit)
    print("global ABC fit (Poisson weights, 3 reweighting passes)")
    for solver, (dt, fit) in results.items():
        ks = ", ".join(f"{k}={fit.params_[k]:.4g}+-{fit.stderr_[k]:.2g}" for k in fit.params_)
        print(f"  {solver:10s}: {dt:7.2f} s   {ks}")
    ratio = results["solve_ivp"][0] / results["quadrature"][0]
    print(f"  fit speed-up: {ratio:.1f} x")


if __name__ == "__main__":
    main()
