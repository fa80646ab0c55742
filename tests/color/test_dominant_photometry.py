"""Dominant wavelength / purity and photometry against colour-science and definitions."""

import colour
import numpy as np
import pytest

import peled.color as pc
from peled.errors import ParameterError, SpectrumError
from peled.spectra import Spectrum, line_spectrum

E = np.array([1 / 3, 1 / 3])


def test_monochromatic_stimulus_is_its_own_dominant_wavelength():
    for wl in (470.0, 532.3, 610.7):
        d = pc.dominant_wavelength(pc.spectral_locus_xy(wl))
        assert d.wavelength_nm == pytest.approx(wl, abs=0.1)
        assert d.purity_pct == pytest.approx(100.0, abs=0.05)
        assert not d.complementary


def test_dominant_wavelength_matches_colour_with_d65():
    # colour-science docstring example: xy (0.5437, 0.3211) vs D65 -> 616 nm (1-nm locus)
    xy = np.array([0.54369557, 0.32107944])
    d65 = np.array([0.3127, 0.3290])
    ref_wl = float(colour.dominant_wavelength(xy, d65)[0])
    d = pc.dominant_wavelength(xy, "D65")
    assert ref_wl == 616.0
    assert d.wavelength_nm == pytest.approx(ref_wl, abs=0.5)
    assert d.purity_pct == pytest.approx(100 * colour.excitation_purity(xy, d65), abs=0.05)
    assert pc.dominant_wavelength(xy, d65) == d  # explicit xy == named white


def test_purple_gives_complementary_wavelength():
    d = pc.dominant_wavelength([0.30, 0.20], "E")
    ref_wl = float(colour.dominant_wavelength(np.array([0.30, 0.20]), E)[0])
    assert ref_wl == -564.0  # colour flags complementary wavelengths with a minus sign
    assert d.complementary
    assert d.wavelength_nm == pytest.approx(564.0, abs=0.5)
    assert d.purity_pct == pytest.approx(
        100 * colour.excitation_purity(np.array([0.30, 0.20]), E), abs=0.05
    )


def test_white_point_choice_matters():
    xy = np.array([0.40, 0.45])
    e = pc.dominant_wavelength(xy, "E")
    d65 = pc.dominant_wavelength(xy, "D65")
    for d, white in ((e, E), (d65, np.array([0.3127, 0.3290]))):
        assert d.purity_pct == pytest.approx(100 * colour.excitation_purity(xy, white), abs=0.05)
        ref_wl = float(colour.dominant_wavelength(xy, white)[0])
        assert d.wavelength_nm == pytest.approx(ref_wl, abs=0.5)
    assert d65.purity_pct - e.purity_pct == pytest.approx(3.1, abs=0.1)
    assert d65.wavelength_nm - e.wavelength_nm == pytest.approx(1.2, abs=0.15)
    np.testing.assert_allclose(pc.white_point_xy("D65"), [0.3127, 0.3290])
    np.testing.assert_allclose(pc.white_point_xy("D65", "1964"), [0.31382, 0.3310])


def test_dominant_errors():
    with pytest.raises(ParameterError, match="white point"):
        pc.dominant_wavelength([1 / 3, 1 / 3])
    with pytest.raises(ParameterError, match="unknown white point"):
        pc.dominant_wavelength([0.3, 0.5], "D99")
    with pytest.raises(ParameterError, match=r"\(x, y\) pair"):
        pc.dominant_wavelength([0.3, 0.5, 0.2])


def test_ler_matches_colour_and_bounds():
    s = line_spectrum(530.0, 25.0)
    assert pc.luminous_efficacy_of_radiation(s) == pytest.approx(
        colour.luminous_efficacy(s.to_sd()), rel=1e-12
    )
    # a 1-nm line at 555 nm: LER -> K_m = 683 lm/W (V(555) = 1)
    assert pc.luminous_efficacy_of_radiation(line_spectrum(555.0, 1.0)) == pytest.approx(
        683.0, rel=1e-4
    )
    # equal-energy spectrum over 360-830 nm: K_m * integral(V) / 470 nm (trapezoid)
    wl = np.arange(360.0, 831.0)
    v = pc.photopic_efficiency(wl)
    expected = 683.0 * np.sum(0.5 * (v[1:] + v[:-1])) / 470.0
    flat = Spectrum(wl, np.ones_like(wl))
    assert pc.luminous_efficacy_of_radiation(flat) == pytest.approx(expected, rel=1e-12)


def test_radiance_luminance_round_trip():
    s = line_spectrum(555.0, 1.0)
    # 1 W sr^-1 m^-2 at 555 nm is 683 cd/m^2 (definition of the candela, K_m)
    assert pc.radiance_to_luminance(s, 1.0) == pytest.approx(683.0, rel=1e-4)
    g = line_spectrum(520.0, 20.0)
    lum = np.array([100.0, 1000.0])
    np.testing.assert_allclose(pc.radiance_to_luminance(g, pc.luminance_to_radiance(g, lum)), lum)
    # consistent with the absolute Y of spectrum_to_XYZ (k = 683, rectangle rule)
    radiance = float(np.sum(g.intensity))
    y_abs = pc.spectrum_to_XYZ(g)[1]
    assert pc.radiance_to_luminance(g, radiance) == pytest.approx(y_abs, rel=1e-9)


def test_photometry_errors():
    with pytest.raises(ParameterError, match="radiance_w_sr_m2"):
        pc.radiance_to_luminance(line_spectrum(520.0, 20.0), -1.0)
    with pytest.raises(ParameterError, match="luminance_cd_m2"):
        pc.luminance_to_radiance(line_spectrum(520.0, 20.0), np.nan)
    ir = Spectrum([900.0, 950.0, 1000.0], [1.0, 2.0, 1.0], name="ir")
    with pytest.raises(SpectrumError, match="ir: no visible content"):
        pc.luminance_to_radiance(ir, 100.0)
    with pytest.raises(SpectrumError, match="zero everywhere"):
        pc.luminous_efficacy_of_radiation(Spectrum([500.0, 510.0, 520.0], [0.0, 0.0, 0.0]))
