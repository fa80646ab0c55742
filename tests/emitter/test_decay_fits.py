"""fit_decays / fit_decay_files: exact synthetic decays give back their parameters."""

import numpy as np
import pytest

from peled.emitter import Decay, fit_decay_files, fit_decays, pl_abc
from peled.errors import ParameterError


def test_multiexp_recovers_noise_free_biexponential():
    t = np.linspace(-5e-9, 200e-9, 400)
    y = np.where(t >= 0, 8e3 * np.exp(-t / 4e-9) + 2e3 * np.exp(-t / 50e-9), 0.0)
    row = fit_decays([Decay("a.csv", t, y, None)]).as_dict()["files"][0]
    assert row["file"] == "a.csv"
    assert [row["tau1_ns"], row["tau2_ns"]] == pytest.approx([4.0, 50.0], rel=1e-6)
    # amplitude-weighted mean lifetime sum(a tau)/sum(a) (Lakowicz 2006, sec. 4.10)
    assert row["tau_avg_amplitude_ns"] == pytest.approx((8e3 * 4 + 2e3 * 50) / 1e4, rel=1e-6)


def test_global_abc_fit_recovers_rates_and_reads_files(tmp_path):
    t = np.linspace(0, 200e-9, 200)
    n0 = [1e16, 1e17, 1e18]
    pl = pl_abc(t, n0, 1e7, 1e-10, 1e-28)
    paths = []
    for k, (n, y) in enumerate(zip(n0, pl, strict=True)):
        p = tmp_path / f"d{k}.csv"
        rows = "\n".join(f"{ti * 1e9:.9g},{v:.12g}" for ti, v in zip(t, 1e4 * y / pl.max(),
                                                                        strict=True))
        p.write_text(f"# n0_cm3: {n:g}\ntime_ns,counts\n{rows}\n")
        paths.append(p)
    out = fit_decay_files(paths, model="abc").as_dict()
    assert out["k1_per_s"] == pytest.approx(1e7, rel=1e-3)
    assert out["k2_cm3_per_s"] == pytest.approx(1e-10, rel=1e-3)
    assert out["n_files"] == 3 and out["n_plqy_points"] == 0


def test_global_fit_needs_densities_and_one_time_axis():
    t = np.linspace(0, 1e-7, 20)
    a = Decay("a.csv", t, np.exp(-t / 1e-8), None)
    with pytest.raises(ParameterError, match="initial density missing for a.csv"):
        fit_decays([a], model="abc")
    b = Decay("b.csv", t * 2, np.exp(-t / 1e-8), 1e17)
    with pytest.raises(ParameterError, match="b.csv: global fits need the same time axis"):
        fit_decays([a, b], model="abc", n0_cm3=[1e16, 1e17])
