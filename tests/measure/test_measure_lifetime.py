"""Lifetime traces: T_x interpolation, stretched/bi-exponential extrapolation with CI, n fit."""

import math

import numpy as np
import pytest

from peled.measure.decay import BiExponentialDecay, FitError, StretchedExponentialDecay
from peled.measure.lifetime import (
    T50_TARGET_AT_100_CD_M2_H,
    T95_TARGET_AT_1000_CD_M2_H,
    analyze_lifetime,
    analyze_run,
)
from peled.measure.readers import LifetimeTrace


def trace(t_h, y, l0=1000.0, kind="luminance", name="lifetime.csv"):
    return LifetimeTrace(np.asarray(t_h, float) * 3600.0, np.asarray(y, float), kind, l0, name)


def stretched(t, tau, beta):
    return np.exp(-((t / tau) ** beta))


def test_stretched_exponential_recovers_parameters_and_t50():
    t = np.linspace(0, 200, 201)
    fit = StretchedExponentialDecay().fit(t, stretched(t, 822.0, 0.8))
    assert fit.tau_ == pytest.approx(822.0, rel=1e-6)
    assert fit.beta_ == pytest.approx(0.8, rel=1e-6)
    t50, lo, hi = fit.lifetime(0.5)
    assert t50 == pytest.approx(822.0 * math.log(2) ** (1 / 0.8), rel=1e-6)
    assert lo <= t50 <= hi


def test_confidence_interval_covers_truth_about_95_percent():
    # 60 noisy traces (0.5 % noise, ending at ~L/L0 = 0.75): the delta-method 95 % CI of
    # the extrapolated T50 must contain the true value in most of them.  For 60 trials
    # and true coverage 0.95, P(hits < 51) ~ 0.5 % (binomial).
    tau, beta = 500.0, 0.7
    truth = tau * math.log(2) ** (1 / beta)
    t = np.linspace(0, 80, 161)
    rng = np.random.default_rng(7)
    hits = 0
    for _ in range(60):
        y = stretched(t, tau, beta) * (1 + 0.005 * rng.standard_normal(t.size))
        _, lo, hi = StretchedExponentialDecay().fit(t, y).lifetime(0.5)
        hits += lo <= truth <= hi
    assert hits >= 51


def test_biexponential_recovers_parameters():
    t = np.linspace(0, 300, 301)
    y = 0.3 * np.exp(-t / 10.0) + 0.7 * np.exp(-t / 400.0)
    fit = BiExponentialDecay().fit(t, y)
    assert (fit.a_, fit.tau1_, fit.tau2_) == pytest.approx((0.3, 10.0, 400.0), rel=1e-5)
    t50, _, _ = fit.lifetime(0.5)
    assert 0.3 * math.exp(-t50 / 10) + 0.7 * math.exp(-t50 / 400) == pytest.approx(0.5, abs=1e-9)


def test_fit_errors_are_peled_errors():
    with pytest.raises(FitError, match=">= 4 finite points"):
        StretchedExponentialDecay().fit([0, 1, 2], [1, 0.9, 0.8])


def test_measured_crossings_are_interpolated_linearly():
    t = np.array([0.0, 10.0, 20.0, 30.0, 40.0])
    y = np.array([1.0, 0.96, 0.92, 0.6, 0.4])
    run = analyze_run(trace(t, y), [])
    # T95: between 10 h (0.96) and 20 h (0.92) -> 12.5 h; T50: between 30 and 40 -> 35 h
    assert run.t(0.95).t_h == pytest.approx(12.5)
    assert run.t(0.5).t_h == pytest.approx(35.0)
    assert not run.t(0.5).extrapolated and run.t(0.5).lower_h is None


def test_early_end_is_extrapolated_and_flagged():
    t = np.linspace(0, 100, 101)
    w = []
    run = analyze_run(trace(t, stretched(t, 822.0, 0.8)), w)
    e = run.t(0.5)
    assert e.extrapolated and e.t_h == pytest.approx(822.0 * math.log(2) ** 1.25, rel=1e-5)
    assert e.lower_h <= e.t_h <= e.upper_h
    assert not run.t(0.95).extrapolated
    assert run.fit_time_h[-1] >= e.t_h  # the fit curve reaches the extrapolated T50
    # 567 h is 5.7x the 100 h trace: below the 10x warning threshold
    assert not any("extrapolated far beyond" in m for m in w)


def test_far_extrapolation_is_warned():
    t = np.linspace(0, 5, 51)
    w = []
    analyze_run(trace(t, stretched(t, 822.0, 0.8)), w)
    # T50 = 822 h ln(2)^(1/0.8) = 520 h = 104x the 5 h trace; T80 = 822 (-ln 0.8)^1.25
    # = 126 h (25x); T90 = 49.3 h (9.9x) stays below the 10x threshold
    assert w[0] == ("lifetime.csv: extrapolated far beyond the 5 h measured "
                    "(T80 at 25x, T50 at 104x); estimates only")
    # 5 h of a beta = 0.8 decay cannot tell it from a bi-exponential: flagged as well
    assert w[1].startswith("lifetime.csv: extrapolated T50 is model-dependent")


def test_fit_quality_is_a_warning_not_a_python_warning(recwarn):
    """A trace that does not decay: scipy cannot estimate the covariance (OptimizeWarning)
    and the 0.2 % noise hides any decay, so nothing is extrapolated, the reason is in the
    result's warnings, and no Python warning escapes."""
    t = np.linspace(0, 100, 101)
    y = 1.0 + 0.002 * np.random.default_rng(0).standard_normal(t.size)
    y[0] = 1.0
    w = []
    run = analyze_run(trace(t, y), w)
    assert len(recwarn) == 0
    assert not run.decay_resolved
    assert all(e.t_h is None for e in run.estimates)
    assert any("no decay resolved in 100 h" in m and "T95/T90/T80/T50 not extrapolated" in m
               for m in w)
    assert all("\n" not in m and len(m) < 160 for m in w)


def test_singular_fit_reports_a_covariance_warning(monkeypatch, recwarn):
    """scipy's curve_fit signals a covariance it cannot estimate by an OptimizeWarning
    and a pcov filled with inf (scipy.optimize.curve_fit documentation, "Warns").  Such a
    fit keeps its parameters, has NaN covariance and intervals, and the run reports it
    in its warnings; no Python warning reaches the caller."""
    import warnings as pywarnings

    import scipy.optimize
    from scipy.optimize import OptimizeWarning

    original = scipy.optimize.curve_fit

    def singular(*args, **kwargs):
        popt, pcov = original(*args, **kwargs)
        pywarnings.warn("Covariance of the parameters could not be estimated",
                        category=OptimizeWarning, stacklevel=2)
        return popt, np.full_like(pcov, np.inf)

    monkeypatch.setattr(scipy.optimize, "curve_fit", singular)
    t = np.linspace(0, 200, 201)
    w = []
    run = analyze_run(trace(t, stretched(t, 822.0, 0.8)), w)
    assert len(recwarn) == 0
    assert run.stretched_tau_h == pytest.approx(822.0, rel=1e-6)
    assert np.isnan(run.stretched_covariance_logtau_beta).all()
    t50 = run.t(0.5)
    assert t50.extrapolated and t50.t_h == pytest.approx(520.0, rel=1e-3)
    assert t50.lower_h is None and t50.upper_h is None
    assert "lifetime.csv: stretched-exponential fit: parameter covariance not estimable " \
        "(the trace does not determine the parameters); no confidence interval" in w


def test_run_exposes_the_fit_covariance_of_log_tau_and_beta():
    """LifetimeRun carries the (ln tau, beta) covariance that gives its T_x intervals:
    var(ln T50) = g C g with g = (1, -ln(ln 2)/beta^2) (delta method)."""
    rng = np.random.default_rng(3)
    t = np.linspace(0, 300, 301)
    y = stretched(t, 822.0, 0.8) * (1 + 0.003 * rng.standard_normal(t.size))
    y[0] = 1.0
    run = analyze_run(trace(t, y), [])
    c = run.stretched_covariance_logtau_beta
    assert c.shape == (2, 2) and c[0, 1] == pytest.approx(c[1, 0])
    e = run.t(0.5)
    g = np.array([1.0, -math.log(math.log(2.0)) / run.stretched_beta**2])
    s = math.sqrt(g @ c @ g)
    assert e.upper_h == pytest.approx(e.t_h * math.exp(1.959963984540054 * s), rel=1e-9)
    assert e.lower_h == pytest.approx(e.t_h * math.exp(-1.959963984540054 * s), rel=1e-9)
    # and it equals an independent scipy curve_fit in (ln tau, beta)
    from scipy.optimize import curve_fit
    popt, pcov = curve_fit(lambda tt, lt, b: np.exp(-((tt / np.exp(lt)) ** b)), t, y,
                           p0=(np.log(800.0), 0.8))
    assert run.stretched_tau_h == pytest.approx(math.exp(popt[0]), rel=1e-5)
    np.testing.assert_allclose(c, pcov, rtol=1e-3)


def test_n_fitted_from_runs_at_several_l0_and_used_for_conversion():
    # T_x scales as L0^-n for runs at 1000, 2000, 4000 cd/m2 (same beta): n = 1.8
    n_true, beta = 1.8, 0.9
    runs = []
    for l0 in (1000.0, 2000.0, 4000.0):
        tau = 300.0 * (l0 / 1000.0) ** -n_true
        t = np.linspace(0, 3 * tau, 301)
        runs.append(trace(t, stretched(t, tau, beta), l0=l0, name=f"lifetime_{l0:g}.csv"))
    res = analyze_lifetime(runs)
    assert res.n_source == "fitted" and res.n == pytest.approx(n_true, rel=1e-4)
    t50 = 300.0 * math.log(2) ** (1 / beta)
    assert res.t_h(0.5) == pytest.approx(t50, rel=1e-4)
    assert res.t50_at_100_cd_m2_h == pytest.approx(t50 * 10**n_true, rel=1e-3)
    w = []
    res_user = analyze_lifetime(runs, n_user=1.5, warnings=w)
    assert res_user.n == 1.5 and res_user.n_source == "user"
    assert any("imply n = 1.80" in m for m in w)


def test_default_n_is_jang_2025_and_targets_are_jang_2025_values():
    assert T95_TARGET_AT_1000_CD_M2_H == 1e4 and T50_TARGET_AT_100_CD_M2_H == 1e6
    t = np.linspace(0, 400, 201)
    res = analyze_lifetime([trace(t, stretched(t, 822.0, 0.8))])
    assert res.n_source == "jang2025" and res.n == 1.65
    t50 = 822.0 * math.log(2) ** 1.25
    assert res.t50_at_100_cd_m2_h == pytest.approx(t50 * 10**1.65, rel=1e-4)
    assert res.meets_t50_target is False  # 2.3e4 h < 1e6 h
    t95 = 822.0 * (-math.log(0.95)) ** 1.25
    assert res.t95_at_1000_cd_m2_h == pytest.approx(t95, rel=2e-3)
    assert res.meets_t95_target is False


def test_normalised_trace_without_l0_reports_why_no_conversion():
    t = np.linspace(0, 100, 51)
    w = []
    res = analyze_lifetime([trace(t, stretched(t, 50, 1.0), l0=None, kind="relative")],
                           warnings=w)
    assert res.t50_at_100_cd_m2_h is None and res.meets_t50_target is None
    assert res.t_h(0.5) == pytest.approx(50 * math.log(2), rel=2e-3)
    assert any("lifetime_l0_cd_m2" in m for m in w)


def test_positive_ageing_is_reported():
    t = np.linspace(0, 100, 51)
    y = stretched(t, 200, 1.0) * (1 + 0.1 * np.exp(-((t - 5) / 3) ** 2))
    w = []
    analyze_run(trace(t, y / y[0]), w)
    assert any("positive ageing" in m for m in w)
