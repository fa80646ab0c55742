"""Arrhenius fits, ion-migration helpers and Jiang et al. (2024) Table 1 activation energies."""

from __future__ import annotations

import math
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.device.ions import (
    JOULE_HEATING_T_K_JIANG2024,
    ArrheniusError,
    ArrheniusFit,
    conductivity_from_diffusion,
    diffusion_from_conductivity,
    ion_mobility,
    ion_transit_time,
    speedup_factor,
)
from peled.errors import ParameterError

KB = 1.380649e-23
QE = 1.602176634e-19
KB_EV = KB / QE
EXAMPLE = resources.files("peled") / "data/examples/defects/arrhenius_conductivity.csv"
SEED002 = "/work/shared/seeds/002_7966451d1f2c3349.txt"


def test_jiang_2024_joule_heating_speedup():
    # 0.58 eV barrier (Table 1 row 8), 300 K -> 343 K (~70 degC at 6 V): 16.7x
    assert round(speedup_factor(0.58, 300.0, 343.0), 1) == 16.7
    hand = math.exp(0.58 / KB_EV * (1 / 300.0 - 1 / 343.0))
    assert speedup_factor(0.58, 300.0, 343.0) == pytest.approx(hand, rel=1e-9)
    assert JOULE_HEATING_T_K_JIANG2024 == pytest.approx(343.15)
    assert speedup_factor(0.58, 343.0, 300.0) == pytest.approx(1 / hand, rel=1e-9)
    np.testing.assert_allclose(speedup_factor([0.0, 0.58], 300.0, 343.0), [1.0, hand])


@pytest.mark.parametrize("exponent", [0, 1, -2])
def test_arrhenius_fit_recovers_known_ea(exponent):
    t = np.linspace(250.0, 350.0, 11)
    y = 3e4 * np.exp(-0.45 / (KB_EV * t)) / t**exponent
    fit = ArrheniusFit(temperature_exponent=exponent).fit(t, y)
    assert fit.ea_ev_ == pytest.approx(0.45, rel=1e-9)
    assert fit.prefactor_ == pytest.approx(3e4, rel=1e-7)
    assert (fit.t_min_k_, fit.t_max_k_) == (250.0, 350.0)
    np.testing.assert_allclose(fit.predict(t), y, rtol=1e-8)


def test_arrhenius_stderr_matches_ols_formula():
    rng = np.random.default_rng(11)
    t = np.linspace(280.0, 360.0, 9)
    noise = rng.normal(0.0, 0.05, t.size)
    y = 1e6 * np.exp(-0.30 / (KB_EV * t)) * np.exp(noise)
    fit = ArrheniusFit().fit(t, y)
    x = 1 / (KB_EV * t)
    slope, intercept = np.polyfit(-x, np.log(y), 1)
    s = np.sqrt(np.sum((np.log(y) - (intercept - slope * x)) ** 2) / (t.size - 2))
    assert fit.ea_ev_ == pytest.approx(slope, rel=1e-9)
    assert fit.ea_stderr_ev_ == pytest.approx(s / np.sqrt(np.sum((x - x.mean()) ** 2)), rel=1e-9)
    assert abs(fit.ea_ev_ - 0.30) < 4 * fit.ea_stderr_ev_


def test_arrhenius_errors_and_warnings():
    with pytest.raises(ArrheniusError, match="<= 0"):
        ArrheniusFit().fit([300, 310, 320], [1.0, -1.0, 2.0])
    with pytest.raises(ArrheniusError, match="2 distinct temperatures"):
        ArrheniusFit().fit([300, 300], [1.0, 2.0])
    with pytest.raises(ArrheniusError, match="differ in length"):
        ArrheniusFit().fit([300, 310], [1.0])
    with pytest.raises(ArrheniusError, match="> 0 K"):
        ArrheniusFit().fit([-10, 20], [1.0, 2.0])
    two = ArrheniusFit().fit([300, 350], [1.0, 2.0])
    assert math.isnan(two.ea_stderr_ev_) and any("2 temperatures" in w for w in two.warnings_)
    dec = ArrheniusFit().fit([300, 320, 340], [3.0, 2.0, 1.0])
    assert dec.ea_ev_ < 0 and any("negative activation energy" in w for w in dec.warnings_)
    zig = ArrheniusFit().fit([300, 310, 320, 330, 340], [1.0, 5.0, 1.0, 5.0, 1.0])
    assert any("poor Arrhenius linearity" in w for w in zig.warnings_)


def test_nernst_einstein_numbers():
    # D = 1e-12 cm2/s, n = 1e17 cm-3, T = 300 K: sigma = n q^2 D / (k T)
    sigma = conductivity_from_diffusion(1e-16, 1e23, 300.0)
    assert sigma == pytest.approx(1e23 * QE**2 * 1e-16 / (KB * 300.0), rel=1e-6)
    assert sigma == pytest.approx(6.197e-11, rel=1e-3)
    assert diffusion_from_conductivity(sigma, 1e23, 300.0) == pytest.approx(1e-16, rel=1e-12)
    # divalent ions: 4x the conductivity
    assert conductivity_from_diffusion(1e-16, 1e23, 300.0, 2) == pytest.approx(4 * sigma)
    # Einstein: D / mu = k T / q = 25.85 mV at 300 K
    assert 1e-16 / ion_mobility(1e-16, 300.0) == pytest.approx(0.025852, rel=1e-4)
    with pytest.raises(ParameterError):
        conductivity_from_diffusion(-1.0, 1e23, 300.0)
    with pytest.raises(ParameterError, match="charge_number"):
        conductivity_from_diffusion(1e-16, 1e23, 300.0, 0)
    with pytest.raises(ParameterError, match="charge_number"):
        ion_mobility(1e-16, 300.0, 1.5)  # not an integer charge
    with pytest.raises(ParameterError, match="ea_ev must be finite"):
        speedup_factor(float("nan"), 300.0, 343.0)
    with pytest.raises(ParameterError, match="t2_k"):
        speedup_factor(0.58, 300.0, -343.0)


def test_ion_transit_time():
    # L = 100 nm, V = 3 V, D = 1e-12 cm2/s at 300 K: t = L^2 / (mu V)
    mu = QE * 1e-16 / (KB * 300.0)
    t = ion_transit_time(100e-9, 3.0, 1e-16, 300.0)
    assert t == pytest.approx((100e-9) ** 2 / (mu * 3.0), rel=1e-6)
    assert t == pytest.approx(0.862, rel=1e-3)  # seconds
    # Joule heating to 343 K with E_a = 0.58 eV: D x 16.7 -> transit shorter by 16.7 * 300/343
    d_hot = 1e-16 * speedup_factor(0.58, 300.0, 343.0)
    ratio = ion_transit_time(100e-9, 3.0, 1e-16, 300.0) / ion_transit_time(100e-9, 3.0, d_hot,
                                                                          343.0)
    assert ratio == pytest.approx(16.65 * 300.0 / 343.0, rel=1e-3)
    with pytest.raises(ParameterError, match="voltage_v"):
        ion_transit_time(100e-9, 0.0, 1e-16, 300.0)


@settings(max_examples=50, deadline=None)
@given(
    ea=st.floats(0.05, 1.5),
    exponent=st.sampled_from([-2, 0, 1]),
    t_lo=st.floats(150.0, 300.0),
    span=st.floats(20.0, 200.0),
    log_a=st.floats(-10.0, 15.0),
)
def test_property_exact_recovery(ea, exponent, t_lo, span, log_a):
    t = np.linspace(t_lo, t_lo + span, 7)
    y = 10.0**log_a * np.exp(-ea / (KB_EV * t)) / t**exponent
    fit = ArrheniusFit(exponent).fit(t, y)
    assert fit.ea_ev_ == pytest.approx(ea, rel=1e-6, abs=1e-9)
