"""Benchmark: vectorised thin-film optics against the `tmm` package's per-point loop.

Two workloads on the green CsPbBr3 example stack (glass | ITO | PEDOT:PSS | poly-TPD |
CsPbBr3 | TPBi | LiF | Al | air), timed in the same process:

1. R/T: reflectance and transmittance (both polarisations) for 400 wavelengths x 90
   angles.  peled: one call of ``peled.device.optics.rt``.  Baseline: ``tmm.coh_tmm`` for
   every (wavelength, angle, polarisation).
2. Outcoupling: the dipole power spectrum for 400 wavelengths x 500 in-plane
   wavevectors, integrated into the mode fractions, Purcell factor and far field.
   peled: one call of ``peled.device.optics.dipole_outcoupling(n_u=500)``.  Baseline: for
   every (wavelength, u, polarisation) the two half-stacks seen from the emitter
   (``tmm.coh_tmm`` with the emitter layer as the incident medium at the complex angle
   ``arcsin u``) plus ``tmm.absorp_in_each_layer``: the per-point quantities the dipole
   model needs, without the integration.

Timings are medians of repeats.  The baseline loops are long, so by default they run
on a subset of wavelengths and are scaled by the number of points (the loop cost per
point is constant); ``--full`` runs them on the whole grid.  Prints both times and
their ratio (target >= 100x).

Run: ``.venv/bin/python benchmarks/bench_optics.py [--full]``.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

TARGET_RATIO = 100.0


def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(full: bool = False) -> None:
    import tmm

    from peled.device.optics import dipole_outcoupling, rt, stack_media
    from peled.io_stack import example_stack_path, load_stack

    stack = load_stack(example_stack_path("green_cspbbr3"))
    wl = np.linspace(400.0, 800.0, 400)
    names, n, d = stack_media(stack, wl)
    angles = np.linspace(0.0, 89.0, 90)
    sub = slice(None) if full else slice(0, 400, 40)  # 10 wavelengths unless --full

    # 1. R/T, glass as the incident medium (coherent stack, semi-infinite air exit)
    rt(n[:, :5], d, wl[:5], angles[:5], "s")  # warm-up
    t_ours = _median_time(
        lambda: (rt(n, d, wl, angles, "s"), rt(n, d, wl, angles, "p")), repeats=5
    )
    wl_sub = wl[sub]
    d_list = [np.inf, *d, np.inf]

    def rt_loop():
        for i, w in enumerate(wl_sub):
            n_list = list(n[:, sub][:, i])
            for a in np.deg2rad(angles):
                for pol in "sp":
                    out = tmm.coh_tmm(pol, n_list, d_list, a, w)
                    _ = out["R"], out["T"]

    t_loop = _median_time(rt_loop, repeats=3) * wl.size / wl_sub.size
    print(f"R/T 400 wl x 90 angles x 2 pol : peled {t_ours * 1e3:9.1f} ms, "
          f"tmm loop {t_loop:8.2f} s{'' if full else ' (scaled from 10 wl)'}, "
          f"ratio {t_loop / t_ours:8.0f}x (target >= {TARGET_RATIO:.0f}x)")

    # 2. Outcoupling: dipole in CsPbBr3 (layer 4) at 20 nm, 500 u-nodes
    e, pos = 4, 20.0
    dipole_outcoupling(n[:, :3], d, e, pos, wl[:3], outer_index=1.0, n_u=500)  # warm-up
    res = None

    def ours():
        nonlocal res
        res = dipole_outcoupling(n, d, e, pos, wl, outer_index=1.0, n_u=500)

    t_ours = _median_time(ours, repeats=5)
    n_u = 500
    u = np.linspace(0.001, 3.0, n_u)
    n_e = n[e].real
    d_top = [np.inf, *d[: e - 1][::-1], np.inf]  # emitter -> ... -> substrate
    d_bot = [np.inf, *d[e:], np.inf]  # emitter -> ... -> air

    def dipole_loop():
        for i in range(wl_sub.size):
            col = n[:, sub][:, i].copy()
            col[e] = n_e[sub][i]
            top = list(col[e::-1])
            bot = list(col[e:])
            for uu in u:
                theta = np.arcsin(complex(uu))
                if np.cos(theta).imag < 0:  # evanescent: the decaying branch tmm expects
                    theta = np.conj(theta)
                for pol in "sp":
                    for n_list, d_list_ in ((top, d_top), (bot, d_bot)):
                        out = tmm.coh_tmm(pol, n_list, d_list_, theta, wl_sub[i])
                        tmm.absorp_in_each_layer(out)

    t_loop = _median_time(dipole_loop, repeats=1 if full else 3) * wl.size / wl_sub.size
    points = res.wavelength_nm.size * n_u
    print(f"outcoupling 400 wl x {n_u} u     : peled {t_ours * 1e3:9.1f} ms, "
          f"tmm loop {t_loop:8.2f} s{'' if full else ' (scaled from 10 wl)'}, "
          f"ratio {t_loop / t_ours:8.0f}x (target >= {TARGET_RATIO:.0f}x)")
    print(f"  ({points} (wl, u) points; eta_out at 520 nm = "
          f"{np.interp(520.0, wl, res.eta_out):.3f})")


if __name__ == "__main__":
    main(full="--full" in sys.argv[1:])
