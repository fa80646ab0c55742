"""Benchmark: global ABC fit of 20 TrPL decays x 1,000 points.

Prints the time of the rate-equation solve for the whole fluence series with the
vectorised quadrature solver (peled.emitter.trpl, method="quadrature") against the fair
baseline: ONE stacked scipy ``solve_ivp`` (LSODA) call integrating the 20 decays as one
20-component system with a diagonal Jacobian (same rtol, atol scaled to the smallest n0);
the per-decay loop (method="solve_ivp") is printed for reference only.  Also the wall
time of the complete global fit with each solver.  Baselines are measured in the same
run (median of 7); no assertions.

Run: .venv/bin/python benchmarks/bench_emitter.py
"""

from __future__ import annotations

import time

import numpy as np

from peled.emitter import GlobalRecombinationFit, decay_density, pl_abc

# Jang et al., Adv. Mater. (2025), sec. 2 constants (s^-1, cm^3/s, cm^6/s)
K_TRUE = (1e6, 1e-10, 1e-28)


def _median_of(fn, repeat=7):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def stacked_solve_ivp(t, n0, k1, k2, k3):
    """All decays in one LSODA call: dn_i/dt = -(k1 n_i + k2 n_i^2 + k3 n_i^3)."""
    from scipy.integrate import solve_ivp

    def rhs(_t, n):
        return -(k1 * n + k2 * n * n + k3 * n * n * n)

    def jac(_t, n):
        return np.diag(-(k1 + 2 * k2 * n + 3 * k3 * n * n))

    sol = solve_ivp(rhs, (0.0, float(t[-1])), n0, method="LSODA", t_eval=t, rtol=1e-9,
                    atol=float(n0.min()) * 1e-14, jac=jac)
    return sol.y


def main() -> None:
    rng = np.random.default_rng(0)
    t = np.linspace(0.0, 2e-6, 1000)
    n0 = np.logspace(16, 18, 20)
    y_true = pl_abc(t, n0, *K_TRUE) * 1e-20
    y = rng.poisson(y_true).astype(float)

    solve_fast = _median_of(lambda: decay_density(t, n0, *K_TRUE, method="quadrature"))
    stacked = _median_of(lambda: stacked_solve_ivp(t, n0, *K_TRUE))
    loop = _median_of(lambda: decay_density(t, n0, *K_TRUE, method="solve_ivp"), 3)
    fast = decay_density(t, n0, *K_TRUE, method="quadrature")
    err = np.max(np.abs(fast / stacked_solve_ivp(t, n0, *K_TRUE) - 1))
    print("rate-equation solve, 20 decays x 1000 points (medians)")
    print(f"  vectorised quadrature      : {solve_fast * 1e3:8.2f} ms")
    print(f"  one stacked solve_ivp      : {stacked * 1e3:8.2f} ms   (baseline)")
    print(f"  per-decay solve_ivp loop   : {loop * 1e3:8.2f} ms   (reference only)")
    print(f"  speed-up vs stacked LSODA  : {stacked / solve_fast:8.1f} x  (max rel. diff "
          f"{err:.1e})")

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
    print(f"  fit speed-up: {ratio:.1f} x (reference only: the fit's solve_ivp solver loops per "
          "decay; the fair ratio is the solve against one stacked LSODA call above)")


if __name__ == "__main__":
    main()
