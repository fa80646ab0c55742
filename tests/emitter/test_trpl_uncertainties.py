"""TrPL fits report honest standard errors: compared with an independent scipy curve_fit."""

import numpy as np
import pytest
from scipy.optimize import curve_fit
from scipy.special import digamma, gamma

from peled.emitter import Decay
from peled.emitter.decay_fits import fit_decays
from peled.emitter.fitting import (
    StretchedExponentialFit,
    detect_weighting,
    stretched_average_lifetime,
)
from peled.errors import ParameterError


def _biexp(t, a1, t1, a2, t2):
    return a1 * np.exp(-t / t1) + a2 * np.exp(-t / t2)


def _kww(t, a, tau, beta):
    return a * np.exp(-((t / tau) ** beta))


def test_weighting_detected_from_the_values():
    assert detect_weighting(np.array([5000, 300, 2, 0])) == "poisson"
    assert detect_weighting(np.array([1.0, 0.3, 0.002, 0.0])) == "unweighted"
    assert detect_weighting(np.array([500.0, 30.0, -3.0])) == "unweighted"  # bg-subtracted


def test_normalised_biexponential_stderr_matches_curve_fit():
    rng = np.random.default_rng(7)
    t = np.linspace(0, 200, 400)  # ns
    y = _biexp(t, 0.7, 5.0, 0.3, 40.0) + rng.normal(0, 0.01, t.size)  # normalised + noise
    row = fit_decays([Decay("n.csv", t * 1e-9, y, None)]).as_dict()["files"][0]
    assert row["weighting"] == "unweighted"
    p, cov = curve_fit(_biexp, t, y, p0=[0.5, 3, 0.5, 30])  # unweighted, chi2-scaled
    sd = np.sqrt(np.diag(cov))
    assert row["tau1_ns"] == pytest.approx(p[1], rel=1e-4)
    assert row["tau2_ns"] == pytest.approx(p[3], rel=1e-4)
    assert row["tau1_ns_stderr"] == pytest.approx(sd[1], rel=0.10)
    assert row["tau2_ns_stderr"] == pytest.approx(sd[3], rel=0.10)
    assert row["a1_stderr"] == pytest.approx(sd[0], rel=0.10)


def test_poisson_counts_stderr_matches_curve_fit_with_sqrt_counts():
    rng = np.random.default_rng(11)
    t = np.linspace(0, 150, 300)
    y = rng.poisson(_biexp(t, 8000, 6.0, 2000, 45.0)).astype(float)
    row = fit_decays([Decay("c.csv", t * 1e-9, y, None)]).as_dict()["files"][0]
    assert row["weighting"] == "poisson"
    s = np.sqrt(np.maximum(y, 1.0))
    p, cov = curve_fit(_biexp, t, y, p0=[5000, 5, 1000, 30], sigma=s, absolute_sigma=True)
    sd = np.sqrt(np.diag(cov))
    assert row["tau1_ns_stderr"] == pytest.approx(sd[1], rel=0.10)
    assert row["tau2_ns_stderr"] == pytest.approx(sd[3], rel=0.10)


def test_stretched_average_lifetime_and_its_gradient():
    # (tau/beta) Gamma(1/beta): beta = 0.5 -> 2 tau Gamma(2) = 2 tau
    assert stretched_average_lifetime(7.0, 0.5)[0] == pytest.approx(14.0)
    # delta method with a diagonal covariance, gradient written out by hand
    tau, beta, st, sb = 12.0, 0.7, 0.3, 0.02
    g = gamma(1 / beta)
    dt = g / beta
    db = -(tau * g / beta**2) * (1 + digamma(1 / beta) / beta)
    avg, err = stretched_average_lifetime(tau, beta, np.diag([st**2, sb**2]))
    assert avg == pytest.approx(tau / beta * g)
    assert err == pytest.approx(np.hypot(dt * st, db * sb))
    # and the gradient against a central finite difference
    h = 1e-6
    fd = (stretched_average_lifetime(tau, beta + h)[0]
          - stretched_average_lifetime(tau, beta - h)[0]) / (2 * h)
    assert db == pytest.approx(fd, rel=1e-6)


def test_stretched_fit_matches_curve_fit_normalised_and_counts():
    rng = np.random.default_rng(3)
    t = np.linspace(0, 300, 500)
    y = _kww(t, 1.0, 25.0, 0.55) + rng.normal(0, 0.005, t.size)
    row = fit_decays([Decay("s.csv", t * 1e-9, y, None)], model="stretched").as_dict()[
        "files"][0]
    p, cov = curve_fit(_kww, t, y, p0=[1, 20, 0.7])
    sd = np.sqrt(np.diag(cov))
    assert row["weighting"] == "unweighted"
    assert row["tau_ns"] == pytest.approx(p[1], rel=1e-4)
    assert row["beta"] == pytest.approx(p[2], rel=1e-4)
    assert row["tau_ns_stderr"] == pytest.approx(sd[1], rel=0.10)
    assert row["beta_stderr"] == pytest.approx(sd[2], rel=0.10)
    # tau_avg and its delta-method error from curve_fit's covariance
    avg, err = stretched_average_lifetime(p[1], p[2], cov[1:, 1:])
    assert row["tau_avg_ns"] == pytest.approx(avg, rel=1e-4)
    assert row["tau_avg_ns_stderr"] == pytest.approx(err, rel=0.10)
    # Poisson counts
    yc = rng.poisson(_kww(t, 5000, 25.0, 0.55)).astype(float)
    f = StretchedExponentialFit().fit(t, yc, sigma="poisson")
    pc, covc = curve_fit(_kww, t, yc, p0=[4000, 20, 0.7], sigma=np.sqrt(np.maximum(yc, 1)),
                         absolute_sigma=True)
    assert f.tau_stderr_ == pytest.approx(np.sqrt(covc[1, 1]), rel=0.10)
    assert f.beta_stderr_ == pytest.approx(np.sqrt(covc[2, 2]), rel=0.10)
    assert abs(f.beta_ - 0.55) < 4 * f.beta_stderr_


def test_cli_model_stretched(tmp_path):
    import json

    from typer.testing import CliRunner

    from peled.cli import app

    t = np.arange(0, 400, 1.0)
    rows = "\n".join(f"{ti:g}\t{v:.8f}" for ti, v in zip(t, _kww(t, 1.0, 30.0, 0.7),
                                                         strict=True))
    p = tmp_path / "kww.txt"
    p.write_text("time_ns counts\n" + rows + "\n")
    r = CliRunner().invoke(app, ["emitter", "fit-trpl", str(p), "--model", "stretched", "--json"])
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout)["files"][0]
    assert row["tau_ns"] == pytest.approx(30.0, rel=1e-5)
    assert row["beta"] == pytest.approx(0.7, rel=1e-5)
    assert row["tau_avg_ns"] == pytest.approx(30.0 / 0.7 * gamma(1 / 0.7), rel=1e-5)
    assert {"tau_ns_stderr", "beta_stderr", "tau_avg_ns_stderr"} <= set(row)


def test_stretched_fit_with_background_matches_curve_fit():
    rng = np.random.default_rng(5)
    t = np.linspace(0, 400, 600)
    y = rng.poisson(_kww(t, 3000, 40.0, 0.65) + 20.0).astype(float)

    def model(t, a, tau, beta, c):
        return _kww(t, a, tau, beta) + c

    f = StretchedExponentialFit(offset=True).fit(t, y, sigma="poisson")
    p, cov = curve_fit(model, t, y, p0=[2000, 30, 0.7, 10], sigma=np.sqrt(np.maximum(y, 1)),
                       absolute_sigma=True)
    # sqrt(model) (Pearson) vs sqrt(data) (Neyman) weights: the values differ by less than
    # one standard error, the standard errors by less than 10 %
    assert abs(f.offset_ - p[3]) < f.offset_stderr_
    assert f.offset_stderr_ == pytest.approx(np.sqrt(cov[3, 3]), rel=0.10)
    assert f.tau_stderr_ == pytest.approx(np.sqrt(cov[1, 1]), rel=0.10)
    assert abs(f.offset_ - 20.0) < 4 * f.offset_stderr_


@pytest.mark.parametrize("model", ["stretched", "multiexp"])
@pytest.mark.parametrize(("what", "counts"), [
    ("zeros", np.zeros(200, dtype=int)),
    ("negated", -np.round(3000 * np.exp(-np.linspace(0, 200, 200) / 20.0))),
])
def test_trace_without_positive_signal_is_refused(model, what, counts):
    t = np.linspace(0, 200, 200) * 1e-9
    with pytest.raises(ParameterError, match="no positive signal"):
        fit_decays([Decay(f"{what}.csv", t, counts, None)], model=model, components=1)


@pytest.mark.parametrize("model", ["stretched", "multiexp"])
def test_trace_that_does_not_decay_is_refused(model):
    # a flat (or rising) trace has no lifetime: the fit ran to tau ~ 1e6..1e12 ns in a
    # 200 ns window and reported it; now it is refused
    t = np.linspace(0, 200, 200) * 1e-9
    rng = np.random.default_rng(3)
    for y in (np.full(200, 100), rng.poisson(10 + 5 * np.linspace(0, 200, 200))):
        with pytest.raises(ParameterError, match="does not decay within the recorded 200 ns"):
            fit_decays([Decay("flat.csv", t, y, None)], model=model, components=1)


def test_slow_but_visible_decay_is_kept():
    # tau = 1000 ns in a 200 ns window: the trace falls by 18 %, tau is determined
    t = np.linspace(0, 200, 400)
    y = np.round(1e5 * np.exp(-t / 1000.0))
    row = fit_decays([Decay("slow.csv", t * 1e-9, y, None)], components=1).rows()[0]
    assert row["tau1_ns"] == pytest.approx(1000.0, rel=0.02)
