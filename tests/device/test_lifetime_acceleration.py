"""LT2/LT1 = (L1/L2)^n: Jang et al. (2025) numbers, its inconsistency, and the fit of n."""

import math

import numpy as np
import pytest
from scipy.stats import linregress

from peled.device.lifetime import (
    ACCELERATION_EXPONENT_JANG2025,
    AccelerationLawFit,
    acceleration_factor,
    convert_lifetime,
    implied_acceleration_exponent,
)
from peled.errors import ParameterError


def test_jang_2025_conversion_with_stated_n_gives_23230_h():
    # Jang et al. (2025), sec. 1 line 246: "T50 = 520 h at 1000 cd m-2"; Fig. 14 caption: n = 1.65.
    # 520 x 10^1.65 = 23,227.5 h, i.e. 23,230 h to four significant figures.
    t = convert_lifetime(520.0, 1000.0, 100.0, ACCELERATION_EXPONENT_JANG2025)
    assert t == pytest.approx(520.0 * 10**1.65, rel=1e-12)
    assert round(t, -1) == 23230.0


def test_jang_2025_stated_31858_h_implies_n_1p79_not_1p65():
    # Jang et al. (2025) states "an estimated T50 of 31 858 h at 100 cd m-2" (line 246, Table 1);
    # that needs n = ln(31858/520)/ln(10) = 1.787 (INDEX.md known error).
    n = implied_acceleration_exponent(520.0, 1000.0, 31858.0, 100.0)
    assert n == pytest.approx(math.log(31858 / 520) / math.log(10), rel=1e-12)
    assert n == pytest.approx(1.787, abs=5e-4)
    assert round(n, 2) == 1.79
    # the discrepancy: with n = 1.65 the seed's own conversion is off by 27 %
    t165 = convert_lifetime(520.0, 1000.0, 100.0, 1.65)
    assert 31858.0 / t165 == pytest.approx(1.3716, abs=1e-3)
    assert convert_lifetime(520.0, 1000.0, 100.0, n) == pytest.approx(31858.0, rel=1e-12)


def test_acceleration_factor_broadcasts_and_inverts():
    l2 = np.array([100.0, 500.0, 1000.0])
    f = acceleration_factor(1000.0, l2, 2.0)
    np.testing.assert_allclose(f, [100.0, 4.0, 1.0])
    # converting there and back is the identity
    back = convert_lifetime(convert_lifetime(50.0, 1000.0, 100.0, 1.7), 100.0, 1000.0, 1.7)
    assert back == pytest.approx(50.0, rel=1e-12)


def test_fit_recovers_n_from_runs_at_several_l0():
    n_true, c = 1.72, 3.0e7
    l0 = np.array([500.0, 1000.0, 2000.0, 5000.0])
    t = c * l0**-n_true
    fit = AccelerationLawFit().fit(l0, t)
    assert fit.n_ == pytest.approx(n_true, rel=1e-10)
    assert fit.prefactor_ == pytest.approx(c, rel=1e-8)
    assert fit.n_stderr_ == pytest.approx(0.0, abs=1e-8)
    assert fit.predict(100.0) == pytest.approx(c * 100.0**-n_true, rel=1e-8)


def test_fit_stderr_matches_ordinary_least_squares():
    rng = np.random.default_rng(3)
    l0 = np.array([300.0, 600.0, 1000.0, 3000.0, 6000.0])
    t = 1e7 * l0**-1.6 * np.exp(0.05 * rng.standard_normal(l0.size))
    fit = AccelerationLawFit().fit(l0, t)
    ref = linregress(np.log(l0), np.log(t))  # classical OLS slope and its standard error
    assert fit.n_ == pytest.approx(-ref.slope, rel=1e-10)
    assert fit.n_stderr_ == pytest.approx(ref.stderr, rel=1e-8)
    assert fit.prefactor_ == pytest.approx(math.exp(ref.intercept), rel=1e-10)


def test_two_runs_give_the_implied_exponent_and_nan_stderr():
    fit = AccelerationLawFit().fit([1000.0, 100.0], [520.0, 31858.0])
    assert fit.n_ == pytest.approx(implied_acceleration_exponent(520, 1000, 31858, 100))
    assert math.isnan(fit.n_stderr_)


@pytest.mark.parametrize(
    "call",
    [
        lambda: convert_lifetime(-1.0, 1000, 100),
        lambda: convert_lifetime(10.0, 0.0, 100),
        lambda: convert_lifetime(10.0, 1000, float("nan")),
        lambda: implied_acceleration_exponent(1, 100, 2, 100),
        lambda: AccelerationLawFit().fit([100, 100], [1, 2]),
        lambda: AccelerationLawFit().fit([100, 200], [1, 2, 3]),
        lambda: AccelerationLawFit().predict(100),
    ],
)
def test_bad_input_raises_parameter_error(call):
    with pytest.raises(ParameterError):
        call()
