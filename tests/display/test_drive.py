"""Pixel currents, CE <-> EQE, TFT square law and sizing, storage capacitor."""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import constants

from peled.display.drive import (
    IGZO,
    LTPS,
    current_efficiency_from_eqe,
    drain_current_a,
    eqe_pct_from_current_efficiency,
    gm_over_id_per_v,
    inversion_coefficient,
    inversion_regime,
    overdrive_for_current_v,
    pixel_current,
    saturation_current_a,
    size_drive_tft,
    specific_current_a,
    storage_capacitor,
    subpixel_drive,
    thermal_voltage_v,
    w_over_l_required,
)
from peled.errors import ParameterError
from peled.spectra import line_spectrum


def test_pixel_current_at_3000_ppi_hand_values():
    # I = L p^2 / CE = 1000 * (25.4e-3/3000 m)^2 / 59; J = L / (f CE) = 1000/(0.3*59) A/m2
    i, j = pixel_current(1000.0, 59.0, 25400 / 3000, fill=0.3)
    assert i == pytest.approx(1000 * (25.4e-3 / 3000) ** 2 / 59, rel=1e-12)
    assert i == pytest.approx(1.215e-9, rel=1e-3)
    assert j == pytest.approx(1000 / (0.3 * 59) / 10, rel=1e-12)  # 5.65 mA/cm2
    # current independent of fill, density inversely proportional
    i1, j1 = pixel_current(1000.0, 59.0, 25400 / 3000, fill=1.0)
    assert i1 == pytest.approx(i) and j1 == pytest.approx(0.3 * j)


def test_ce_from_eqe_monochromatic_555nm():
    # Lambertian: EQE per cd/A = pi e lambda / (h c 683) = 2.059e-3 at 555 nm
    factor = np.pi * constants.e * 555e-9 / (constants.h * constants.c * 683)
    s = line_spectrum(555.0, 0.5)
    assert current_efficiency_from_eqe(1.0, s) == pytest.approx(0.01 / factor, rel=2e-3)
    assert eqe_pct_from_current_efficiency(current_efficiency_from_eqe(7.0, s), s) == \
        pytest.approx(7.0)
    with pytest.raises(ParameterError, match="eqe_pct"):
        current_efficiency_from_eqe(-3.0, s)


def test_subpixel_drive_rec709_white():
    shares = np.array([0.2126, 0.7152, 0.0722])
    d = subpixel_drive(1000.0, shares, [20.0, 60.0, 5.0], 25.4, fill=(0.2, 0.3, 0.25))
    p2 = (25.4e-6) ** 2
    np.testing.assert_allclose(d.current_a, shares * 1000 * p2 / np.array([20, 60, 5]))
    np.testing.assert_allclose(d.emitter_luminance_cd_m2, shares * 1000 / [0.2, 0.3, 0.25])
    np.testing.assert_allclose(
        d.current_density_mA_cm2, 0.1 * shares * 1000 / (np.array([0.2, 0.3, 0.25]) * [20, 60, 5]))


def test_tft_square_law_hand_values():
    c_ox = 3.9 * constants.epsilon_0 / 100e-9
    assert LTPS.c_ox_f_m2 == pytest.approx(c_ox) and c_ox == pytest.approx(3.4531e-4, rel=1e-4)
    # I = 1/2 mu C_ox W/L Vov^2, mu = 100 cm2/Vs, W/L = 10, V_GS = 3 V, V_th = 1 V
    assert saturation_current_a(10.0, LTPS, 3.0) == pytest.approx(
        0.5 * 100e-4 * c_ox * 10 * 2.0**2)
    assert saturation_current_a(10.0, LTPS, 0.5) == 0.0  # below threshold
    wl = w_over_l_required(1e-6, LTPS, 2.0)
    assert wl == pytest.approx(2e-6 / (100e-4 * c_ox * 4.0))
    assert saturation_current_a(wl, LTPS, 2.0 + LTPS.v_th_v) == pytest.approx(1e-6)
    # IGZO needs 10x the W/L of LTPS (mobility 10 vs 100 cm2/Vs)
    assert w_over_l_required(1e-6, IGZO, 2.0) == pytest.approx(10 * wl)
    assert LTPS.mobility_cm2_vs >= 100 and IGZO.mobility_cm2_vs >= 10  # Zhao et al. (2025) line 241


def test_tft_sizing_fits_large_pixel_not_microdisplay():
    # 100 PPI pixel (254 um), 10 uA: W/L = 2e-5/(k*4) ~ 1.45 -> L = 2 um, W = 2.9 um
    big = size_drive_tft(10e-6, LTPS, 254.0**2)
    assert big.length_um == 2.0 and big.width_um == pytest.approx(2 * big.w_over_l)
    assert big.footprint_um2 == pytest.approx((big.width_um + 4) * 6)
    assert big.fits
    # 3000 PPI microdisplay at 1.2 nA: W/L << 1 -> a channel millimetres long; no fit
    small = size_drive_tft(1.215e-9, LTPS, (25400 / 3000) ** 2)
    assert small.width_um == 2.0
    assert small.length_um == pytest.approx(2.0 / small.w_over_l)
    assert small.length_um > 1000 and not small.fits


def test_storage_capacitor_hand_values():
    # C = 2 I T / (e Vov) = 2 * 1e-13 * (1/60) / (0.01 * 2)
    c = storage_capacitor(1e-13, 1 / 60, 2.0, 0.01)
    assert c.capacitance_f == pytest.approx(2 * 1e-13 / 60 / (0.01 * 2))
    assert c.voltage_droop_v == pytest.approx(0.01)
    assert c.area_um2 == pytest.approx(c.capacitance_f / LTPS.c_ox_f_m2 * 1e12)
    # the droop over one frame then causes exactly the tolerated current error
    i0 = saturation_current_a(1.0, LTPS, 3.0)
    i1 = saturation_current_a(1.0, LTPS, 3.0 - 1e-13 / 60 / c.capacitance_f)
    assert 1 - i1 / i0 == pytest.approx(0.01, rel=0.01)


U_T = constants.k * 300.0 / constants.e  # 25.85 mV
I_3000 = 1000 * (25.4e-3 / 3000) ** 2 / 59  # 3,000 PPI, 1,000 cd/m2, 59 cd/A: 1.215 nA
AVAIL_3000 = 0.5 * (25400 / 3000) ** 2  # half the pixel: 35.84 um2


def _ekv_overdrive(i, k, wl, n=1.0):
    """EKV inverse written out by hand: V_ov = 2 n U_T ln(exp(sqrt(I / I_spec)) - 1)."""
    ic = i / (2 * n * k * wl * U_T**2)
    return 2 * n * U_T * math.log(math.exp(math.sqrt(ic)) - 1.0), ic


def test_thermal_voltage_and_specific_current():
    assert thermal_voltage_v(300.0) == pytest.approx(0.025852, abs=1e-6)
    # I_spec = 2 n mu C_ox (W/L) U_T^2; LTPS k = 100e-4 * 3.4531e-4 A/V^2
    assert specific_current_a(1.0, LTPS) == pytest.approx(2 * LTPS.k_a_v2 * U_T**2)
    assert specific_current_a(1.0, LTPS) == pytest.approx(4.615e-9, rel=1e-3)
    assert specific_current_a(1.0, replace(LTPS, slope_factor=2.0)) == pytest.approx(
        2 * specific_current_a(1.0, LTPS))


def test_ekv_limits_strong_is_square_law_weak_is_exponential():
    # strong inversion (IC = 1e6): the square-law overdrive sqrt(2 I / (k W/L))
    i = 1e6 * specific_current_a(1.0, LTPS)
    assert overdrive_for_current_v(i, LTPS, 1.0) == pytest.approx(
        math.sqrt(2 * i / LTPS.k_a_v2), rel=1e-9)
    assert drain_current_a(1.0, LTPS, 3.0) == pytest.approx(
        saturation_current_a(1.0, LTPS, 3.0 + LTPS.v_th_v), rel=0.02)
    # weak inversion: I = I_spec exp(V_ov / (n U_T)) -> V_ov = n U_T ln IC (n = 1.5)
    tech = replace(IGZO, slope_factor=1.5)
    i = 1e-8 * specific_current_a(1.0, tech)
    assert overdrive_for_current_v(i, tech, 1.0) == pytest.approx(
        1.5 * U_T * math.log(1e-8), rel=1e-3)
    assert inversion_regime(1e-8) == "weak"
    assert inversion_regime(2.6) == "moderate"
    assert inversion_regime(26.0) == "strong"


@settings(max_examples=50, deadline=None)
@given(st.floats(1e-14, 1e-4), st.floats(1e-4, 1e3), st.floats(1.0, 4.0))
def test_ekv_overdrive_round_trip(current, wl, n):
    tech = replace(LTPS, slope_factor=n)
    v = overdrive_for_current_v(current, tech, wl)
    assert drain_current_a(wl, tech, v) == pytest.approx(current, rel=1e-9)


def test_gm_over_id_limits_and_numeric_derivative():
    # strong: 2 / V_ov; weak: 1 / (n U_T)
    v = 2.0
    ic = inversion_coefficient(saturation_current_a(1.0, LTPS, v + 1.0), LTPS, 1.0)
    assert gm_over_id_per_v(ic, LTPS) == pytest.approx(2 / v, rel=0.02)
    tech = replace(IGZO, slope_factor=2.0)
    assert gm_over_id_per_v(1e-8, tech) == pytest.approx(1 / (2 * U_T), rel=1e-3)
    # moderate inversion: (dI/dV) / I by central difference of eqn (E)
    v0, h = 0.03, 1e-6
    i0 = drain_current_a(1.0, LTPS, v0)
    num = (drain_current_a(1.0, LTPS, v0 + h) - drain_current_a(1.0, LTPS, v0 - h)) / (2 * h)
    assert gm_over_id_per_v(inversion_coefficient(i0, LTPS, 1.0), LTPS) == pytest.approx(
        num / i0, rel=1e-6)


def test_3000ppi_microdisplay_drive_tft_hand_values():
    # lambda = 2 um: even W = L = 2 um (footprint (3*2)^2 = 36 um2) exceeds 35.84 um2
    s = size_drive_tft(I_3000, LTPS, (25400 / 3000) ** 2)
    assert s.available_um2 == pytest.approx(AVAIL_3000)
    assert s.min_footprint_um2 == 36.0 and not s.fits
    assert s.max_design_rule_um == pytest.approx(math.sqrt(AVAIL_3000 / 9))  # 1.9956 um
    assert math.isnan(s.max_length_um) and s.max_length_regime is None
    v, ic = _ekv_overdrive(I_3000, LTPS.k_a_v2, 1.0)
    assert s.min_device_inversion_coefficient == pytest.approx(ic) and ic == pytest.approx(
        0.2632, abs=1e-3)
    assert s.min_device_overdrive_v == pytest.approx(v) and v == pytest.approx(-0.0207, abs=1e-4)
    assert s.min_device_regime == "moderate"
    assert "1.996" in s.summary() and "silicon backplane" in s.summary()
    # lambda = 1 um: the longest channel at W = 1 um is 35.84/3 - 2 = 9.947 um
    for tech, regime in ((LTPS, "moderate"), (IGZO, "strong")):
        s = size_drive_tft(I_3000, tech, (25400 / 3000) ** 2, design_rule_um=1.0)
        assert s.max_length_um == pytest.approx(AVAIL_3000 / 3 - 2)
        v, ic = _ekv_overdrive(I_3000, tech.k_a_v2, 1.0 / s.max_length_um)
        assert s.max_length_overdrive_v == pytest.approx(v)
        assert s.max_length_inversion_coefficient == pytest.approx(ic)
        assert s.max_length_regime == regime
        assert drain_current_a(1.0 / s.max_length_um, tech, v) == pytest.approx(I_3000)
    # IGZO (10x lower mu C_ox) runs at sqrt(10)x the LTPS overdrive in strong inversion
    assert s.max_length_overdrive_v == pytest.approx(0.264, abs=1e-3)
    assert "does not fit" in s.summary() and "strong inversion" in s.summary()


def test_storage_capacitor_near_threshold_uses_gm_over_id():
    # weak inversion n = 1: g_m / I = 1 / U_T = 38.7 /V -> C = I T (g_m/I) / e
    gm = 1 / U_T
    c = storage_capacitor(1e-13, 1 / 60, gm_over_id=gm, max_current_error=0.01)
    assert c.capacitance_f == pytest.approx(1e-13 / 60 * gm / 0.01)
    assert c.voltage_droop_v == pytest.approx(0.01 * U_T)
    # 19x the strong-inversion value at V_ov = 2 V (2/V_ov = 1 /V vs 38.7 /V)
    strong = storage_capacitor(1e-13, 1 / 60, 2.0, 0.01)
    assert c.capacitance_f / strong.capacitance_f == pytest.approx(gm / 1.0)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: replace(LTPS, slope_factor=0.5), "slope_factor"),
        (lambda: replace(IGZO, mobility_cm2_vs=0.0), "mobility_cm2_vs"),
        (lambda: overdrive_for_current_v(0.0, LTPS, 1.0), "current_a"),
        (lambda: drain_current_a(1.0, LTPS, float("nan")), "overdrive_v"),
        (lambda: thermal_voltage_v(-1.0), "temperature_k"),
    ],
)
def test_bad_tft_inputs(call, match):
    with pytest.raises(ParameterError, match=match):
        call()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: pixel_current(1000, 0, 8.0), "ce_cd_a"),
        (lambda: pixel_current(1000, 59, 8.0, fill=0), "fill"),
        (lambda: pixel_current(-1, 59, 8.0), "luminance_cd_m2"),
        (lambda: w_over_l_required(1e-9, LTPS, 0), "overdrive_v"),
        (lambda: size_drive_tft(1e-9, LTPS, 64, area_fraction=2), "area_fraction"),
        (lambda: storage_capacitor(-1e-12), "leakage_a"),
        (lambda: subpixel_drive(100, [0.5, 0.5], [1, 1, 1], 10), "luminance_share"),
    ],
)
def test_bad_drive_inputs(call, match):
    with pytest.raises(ParameterError, match=match):
        call()
