"""Rate-equation solvers: analytic, vectorised quadrature and LSODA agree; IRF convolution."""

import numpy as np
import pytest

from peled.emitter import convolve_irf, decay_density, gaussian_irf, pl_abc, pl_excitonic
from peled.errors import ParameterError

T = np.linspace(0, 2e-6, 400)
N0 = np.logspace(15, 18.5, 6)


def test_analytic_bernoulli_solution():
    n = decay_density(T, N0, 1e6, 1e-10, 0.0, "analytic")
    # explicit formula, k3 = 0 (Bernoulli equation)
    e = np.exp(-1e6 * T)
    expected = 1e6 * N0[:, None] * e / (1e6 + 1e-10 * N0[:, None] * (1 - e))
    assert np.allclose(n, expected, rtol=1e-12)
    # k1 = 0: n0 / (1 + k2 n0 t)
    n2 = decay_density(T, N0, 0.0, 1e-10, 0.0, "analytic")
    assert np.allclose(n2, N0[:, None] / (1 + 1e-10 * N0[:, None] * T), rtol=1e-12)


def test_quadrature_matches_analytic_and_lsoda():
    qa = decay_density(T, N0, 1e6, 1e-10, 0.0, "quadrature")
    an = decay_density(T, N0, 1e6, 1e-10, 0.0, "analytic")
    assert np.max(np.abs(qa / an - 1)) < 5e-8
    q3 = decay_density(T, N0, 1e6, 1e-10, 1e-28, "quadrature")
    iv = decay_density(T, N0, 1e6, 1e-10, 1e-28, "solve_ivp")
    mask = iv > 1e-9 * N0[:, None]
    assert np.max(np.abs(q3[mask] / iv[mask] - 1)) < 1e-6


def test_early_slope_equals_rate_equation():
    t = np.linspace(0, 1e-12, 3)
    n = decay_density(t, [1e18], 1e6, 1e-10, 1e-28)
    slope = (n[0, 1] - n[0, 0]) / (t[1] - t[0])
    assert slope == pytest.approx(-(1e6 * 1e18 + 1e-10 * 1e36 + 1e-28 * 1e54), rel=1e-3)


def test_stiff_long_window_decays_to_zero_exponentially():
    t = np.linspace(0, 1e-3, 50)  # 1000 lifetimes: stiff for explicit solvers
    n = decay_density(t, [1e17], 1e6, 1e-10, 1e-28)
    assert n[0, -1] < 1e-300 * 1e17 or n[0, -1] == 0.0
    assert np.all(np.diff(n[0]) <= 0)


def test_pl_models():
    assert np.allclose(
        pl_abc(T, N0, 1e6, 1e-10, 0.0), 1e-10 * decay_density(T, N0, 1e6, 1e-10, 0.0) ** 2
    )
    pe = pl_excitonic(T, N0, 2e7, 5e6, 0.0)
    assert np.allclose(pe, 2e7 * N0[:, None] * np.exp(-2.5e7 * T))
    assert np.all(decay_density(np.array([-1e-9, 0.0, 1e-9]), [1e17], 1e6, 0, 0)[:, 0] == 0)


def test_irf_convolution_preserves_area_and_shifts_mean():
    t = np.linspace(-20e-9, 200e-9, 2201)
    dt = t[1] - t[0]
    y = pl_excitonic(t, [1e16], 1e8, 0.0, 0.0)[0]
    kern = gaussian_irf(dt, 2e-9)
    yc = convolve_irf(t, y, kern)
    assert yc.sum() == pytest.approx(y.sum(), rel=1e-6)
    # convolving with a symmetric IRF leaves the mean time unchanged (= 1/k = 10 ns)
    assert np.sum(t * yc) / yc.sum() == pytest.approx(np.sum(t * y) / y.sum(), rel=1e-6)
    # the convolved rise is smooth: signal before t=0 is non-zero, peak reduced
    assert yc[np.searchsorted(t, -2e-9)] > 0 and yc.max() < y.max()


def test_errors():
    with pytest.raises(ParameterError, match="strictly increasing"):
        decay_density(np.array([0, 2, 1.0]), [1e17], 1e6, 0, 0)
    with pytest.raises(ParameterError, match="n0"):
        decay_density(T, [-1.0], 1e6, 0, 0)
    with pytest.raises(ParameterError, match="k3 = 0"):
        decay_density(T, [1e17], 1e6, 1e-10, 1e-28, "analytic")
    with pytest.raises(ParameterError, match="uniformly"):
        convolve_irf(np.array([0, 1, 3, 4.0]), np.ones(4), np.ones(3))
    with pytest.raises(ParameterError, match="odd length"):
        convolve_irf(np.arange(4.0), np.ones(4), np.ones(2))
