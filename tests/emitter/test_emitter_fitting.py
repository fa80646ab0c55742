"""Fits recover known parameters from synthetic data with 5 % noise within 3 sigma."""

import numpy as np
import pytest

from peled.emitter import (
    FitError,
    GlobalRecombinationFit,
    MultiExponentialFit,
    pl_abc,
    pl_excitonic,
    plqy_abc,
    plqy_excitonic,
)


def _noisy(y, rng):
    return y * (1 + 0.05 * rng.standard_normal(y.shape)), 0.05 * y


def _within(fit_value, stderr, true, max_rel_sigma):
    assert stderr is not None and stderr > 0
    assert abs(fit_value - true) < 3 * stderr
    assert stderr / true < max_rel_sigma


def test_multiexponential_recovers_two_lifetimes():
    rng = np.random.default_rng(11)
    t = np.linspace(0, 1500, 800)  # ns
    a, tau = np.array([3.0, 1.0]), np.array([20.0, 300.0])
    y_true = (a[:, None] * np.exp(-t / tau[:, None])).sum(0)
    y, s = _noisy(y_true, rng)
    m = MultiExponentialFit(2).fit(t, y, sigma=s)
    for i in range(2):
        _within(m.lifetimes_[i], m.lifetimes_stderr_[i], tau[i], 0.05)
        _within(m.amplitudes_[i], m.amplitudes_stderr_[i], a[i], 0.05)
    tau_a = (a * tau).sum() / a.sum()  # 80 ns
    tau_i = (a * tau**2).sum() / (a * tau).sum()  # 256.7 ns
    _within(m.tau_avg_amplitude_, m.tau_avg_amplitude_stderr_, tau_a, 0.05)
    _within(m.tau_avg_intensity_, m.tau_avg_intensity_stderr_, tau_i, 0.05)
    assert m.chi2_reduced_ == pytest.approx(1.0, abs=0.15)
    assert m.correlation_.shape == (4, 4)


def test_single_exponential_exact():
    t = np.linspace(0, 100, 200)
    m = MultiExponentialFit(1).fit(t, 5 * np.exp(-t / 12.5), sigma=0.01)
    assert m.lifetimes_[0] == pytest.approx(12.5, rel=1e-8)
    assert m.tau_avg_amplitude_ == pytest.approx(12.5, rel=1e-8)
    assert m.tau_avg_intensity_ == pytest.approx(12.5, rel=1e-8)


def test_global_abc_fit_recovers_constants():
    rng = np.random.default_rng(5)
    t = np.linspace(0, 2e-6, 300)
    n0 = np.logspace(16, 18, 8)
    true = {"k1": 1e6, "k2": 1e-10, "k3": 1e-28}
    y_true = pl_abc(t, n0, *true.values()) * 1e-30
    y, s = _noisy(y_true, rng)
    f = GlobalRecombinationFit("abc").fit(t, y, n0, sigma=s)
    assert f.unconstrained_ == []
    for k, v in true.items():
        _within(f.params_[k], f.stderr_[k], v, 0.1)
    assert f.chi2_reduced_ == pytest.approx(1.0, abs=0.1)
    c = f.correlation_
    assert np.allclose(c, c.T) and np.allclose(np.diag(c), 1) and np.all(np.abs(c) <= 1 + 1e-9)
    assert f.amplitudes_ == pytest.approx(np.full(8, 1e-30), rel=0.02)


def test_abc_low_density_data_cannot_constrain_k3():
    rng = np.random.default_rng(7)
    t = np.linspace(0, 3e-6, 200)
    n0 = np.logspace(14, 15, 4)  # k3 n^2 / k1 <= 1e-6: Auger invisible
    y, s = _noisy(pl_abc(t, n0, 1e6, 1e-10, 1e-28), rng)
    f = GlobalRecombinationFit("abc").fit(t, y, n0, sigma=s)
    assert "k3" in f.unconstrained_ and f.k3_ is None and f.stderr_["k3"] is None
    _within(f.k1_, f.k1_stderr_, 1e6, 0.05)


def test_excitonic_trpl_only_refuses_k_ex_and_k_trap():
    rng = np.random.default_rng(3)
    t = np.linspace(0, 2e-7, 300)
    n0 = np.logspace(16, 18, 6)
    y, s = _noisy(pl_excitonic(t, n0, 2e7, 5e6, 1e-9), rng)
    f = GlobalRecombinationFit("excitonic").fit(t, y, n0, sigma=s)
    assert set(f.unconstrained_) == {"k_ex", "k_trap"}
    assert f.k_ex_ is None and f.k_trap_ is None
    _within(f.k_total_, f.k_total_stderr_, 2.5e7, 0.05)
    _within(f.k_aug_, f.k_aug_stderr_, 1e-9, 0.1)


def test_excitonic_with_plqy_recovers_all_three():
    rng = np.random.default_rng(4)
    t = np.linspace(0, 2e-7, 300)
    n0 = np.logspace(16, 18, 6)
    true = (2e7, 5e6, 1e-9)
    y, s = _noisy(pl_excitonic(t, n0, *true), rng)
    nq = np.logspace(15, 19, 15)
    q, qs = _noisy(plqy_excitonic(nq, *true), rng)
    f = GlobalRecombinationFit("excitonic").fit(
        t, y, n0, sigma=s, plqy_density=nq, plqy=q, plqy_sigma=qs
    )
    assert f.unconstrained_ == []
    for name, v in zip(("k_ex", "k_trap", "k_aug"), true, strict=True):
        _within(f.params_[name], f.stderr_[name], v, 0.2)


def test_abc_plqy_only_fit():
    rng = np.random.default_rng(8)
    n = np.logspace(15, 19, 25)
    q, qs = _noisy(plqy_abc(n, 1e6, 1e-10, 1e-28), rng)
    f = GlobalRecombinationFit("abc").fit(
        plqy_density=n, plqy=q, plqy_sigma=qs, p0=(3e5, 3e-10, 3e-28)
    )
    # PLQY(n) depends only on k1/k2 and k3/k2: the absolute scale is not constrained
    assert set(f.unconstrained_) == {"k1", "k2", "k3"}


def test_irf_fit():
    rng = np.random.default_rng(9)
    t = np.linspace(0, 1e-6, 500)
    n0 = np.logspace(16.5, 18, 5)
    from peled.emitter import convolve_irf, gaussian_irf

    y_true = convolve_irf(t, pl_abc(t, n0, 3e6, 2e-10, 0.0), gaussian_irf(t[1] - t[0], 10e-9))
    y, s = _noisy(y_true, rng)
    f = GlobalRecombinationFit("abc", irf_fwhm=10e-9).fit(t, y, n0, sigma=s, p0=(1e6, 1e-10, 1e-30))
    _within(f.k1_, f.k1_stderr_, 3e6, 0.05)
    _within(f.k2_, f.k2_stderr_, 2e-10, 0.1)


def test_fit_errors():
    with pytest.raises(FitError, match="model"):
        GlobalRecombinationFit("abcd")
    with pytest.raises(FitError, match="give TrPL"):
        GlobalRecombinationFit().fit()
    with pytest.raises(FitError, match="shape"):
        GlobalRecombinationFit().fit(np.linspace(0, 1, 10), np.ones((2, 10)), [1e17])
    with pytest.raises(FitError, match="n_components"):
        MultiExponentialFit(0)
    with pytest.raises(FitError, match="sigma"):
        MultiExponentialFit(1).fit(np.arange(10.0), np.ones(10), sigma=0)
