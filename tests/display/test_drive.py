"""Pixel currents, CE <-> EQE, TFT square law and sizing, storage capacitor."""

import numpy as np
import pytest
from scipy import constants

from peled.display.drive import (
    IGZO,
    LTPS,
    current_efficiency_from_eqe,
    eqe_pct_from_current_efficiency,
    pixel_current,
    saturation_current_a,
    size_drive_tft,
    storage_capacitor,
    subpixel_drive,
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
    assert LTPS.mobility_cm2_vs >= 100 and IGZO.mobility_cm2_vs >= 10  # seed 004 line 241


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
