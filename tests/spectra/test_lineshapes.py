"""Line shapes: analytic values, peak/FWHM recovered by the analysis functions, batches."""

import math

import numpy as np
import pytest

from peled.errors import ParameterError
from peled.spectra import (
    DEFAULT_GRID_NM,
    HC_EV_NM,
    SHAPES,
    Spectrum,
    asymmetric,
    fwhm,
    fwhm_batch,
    gaussian,
    gaussian_energy,
    half_max_crossings,
    line_shape,
    line_spectrum,
    lorentzian,
    peak_wavelength,
    peak_wavelength_batch,
    voigt,
)

FINE = np.arange(360.0, 830.0 + 1e-9, 0.01)


def _energy_crossings_by_hand(peak, width):
    """Crossings symmetric in 1/lambda and ``width`` apart: s^2 - 2 peak s - width^2 = 0."""
    s = peak + math.sqrt(peak**2 + width**2)  # s = lambda_lo + lambda_hi
    return (s - width) / 2.0, (s + width) / 2.0


def test_hc_constant_codata():
    # CODATA 2018: h c / e = 1239.841984... eV nm.
    assert HC_EV_NM == pytest.approx(1239.841984, abs=1e-6)


# Parabolic peak interpolation on a 1 nm grid is exact for shapes symmetric about the
# peak; the energy-domain shapes are skewed in wavelength and the split Gaussian has a
# kink at its peak, which biases the 3-point parabola by the amounts allowed here.
PEAK_TOL_1NM = {"gaussian": 1e-9, "lorentzian": 1e-9, "voigt": 1e-9,
                "gaussian-energy": 0.005, "asymmetric": 0.25}


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_unit_height_peak_and_fwhm_recovered(shape):
    s = line_spectrum(532.0, 20.0, shape=shape)
    assert s.intensity.max() == pytest.approx(1.0, abs=1e-12)
    assert peak_wavelength(s) == pytest.approx(532.0, abs=PEAK_TOL_1NM[shape])
    assert fwhm(s) == pytest.approx(20.0, abs=0.05)
    fine = line_spectrum(532.3, 20.0, shape=shape, wavelength_nm=FINE)
    assert peak_wavelength(fine) == pytest.approx(532.3, abs=max(1e-3, PEAK_TOL_1NM[shape] / 100))
    assert fwhm(fine) == pytest.approx(20.0, abs=1e-3)


def test_gaussian_and_lorentzian_closed_forms():
    x = np.array([522.0, 532.0, 542.0, 552.0])
    # At peak +- FWHM/2 both are 1/2; at peak + FWHM: G = 2^-4, L = 1/5.
    np.testing.assert_allclose(gaussian(532.0, 20.0, x), [0.5, 1.0, 0.5, 2.0**-4])
    np.testing.assert_allclose(lorentzian(532.0, 20.0, x), [0.5, 1.0, 0.5, 0.2])


def test_gaussian_energy_matches_hand_solution():
    lo, hi = _energy_crossings_by_hand(532.0, 20.0)
    e0 = HC_EV_NM / 532.0
    h = HC_EV_NM / lo - e0  # half width at half maximum in eV
    assert HC_EV_NM / lo - e0 == pytest.approx(e0 - HC_EV_NM / hi, rel=1e-12)
    expected = np.exp(-math.log(2.0) * ((HC_EV_NM / DEFAULT_GRID_NM - e0) / h) ** 2)
    np.testing.assert_allclose(gaussian_energy(532.0, 20.0), expected, rtol=1e-9, atol=1e-15)


def test_gaussian_energy_crossings_symmetric_in_energy():
    s = line_spectrum(532.0, 20.0, shape="gaussian-energy", wavelength_nm=FINE)
    lo, hi = half_max_crossings(s)
    e0 = HC_EV_NM / 532.0
    assert HC_EV_NM / lo - e0 == pytest.approx(e0 - HC_EV_NM / hi, abs=2e-7)
    lo_hand, hi_hand = _energy_crossings_by_hand(532.0, 20.0)
    assert lo == pytest.approx(lo_hand, abs=1e-4)
    assert hi == pytest.approx(hi_hand, abs=1e-4)
    # and therefore asymmetric in wavelength: the red half is wider
    assert (hi - 532.0) - (532.0 - lo) == pytest.approx(hi_hand + lo_hand - 1064.0, abs=2e-4)
    assert hi - 532.0 > 532.0 - lo


@pytest.mark.parametrize("a", [1.5, 2.0, 3.0])
def test_asymmetric_has_longer_red_tail(a):
    s = line_spectrum(600.0, 30.0, shape="asymmetric", wavelength_nm=FINE, asymmetry=a)
    lo, hi = half_max_crossings(s)
    assert hi - lo == pytest.approx(30.0, abs=1e-3)
    e0 = HC_EV_NM / 600.0
    # Low-energy half width / high-energy half width = asymmetry, by construction.
    assert (e0 - HC_EV_NM / hi) / (HC_EV_NM / lo - e0) == pytest.approx(a, rel=1e-4)
    sym = line_spectrum(600.0, 30.0, shape="gaussian-energy", wavelength_nm=FINE)
    lo_s, hi_s = half_max_crossings(sym)
    assert hi - 600.0 > hi_s - 600.0 and 600.0 - lo < 600.0 - lo_s
    # Tail: at 10 % of the maximum the red side extends further than the blue side.
    above = FINE[s.intensity >= 0.1]
    assert above[-1] - 600.0 > 1.5 * (600.0 - above[0])


def test_asymmetry_one_is_gaussian_energy():
    np.testing.assert_array_equal(asymmetric(532.0, 20.0, asymmetry=1.0),
                                  gaussian_energy(532.0, 20.0))


@pytest.mark.parametrize("eta", [0.0, 0.3, 0.5, 1.0])
def test_pseudo_voigt_mixing(eta):
    x = np.array([532.0, 542.0, 552.0])
    v = voigt(532.0, 20.0, x, eta=eta)
    # peak 1, half maximum at peak + FWHM/2, and eta * 1/5 + (1 - eta) * 2^-4 at peak + FWHM
    np.testing.assert_allclose(v, [1.0, 0.5, eta * 0.2 + (1.0 - eta) * 0.0625], rtol=1e-12)
    grid = np.arange(-2000.0, 3000.0, 0.05) + 532.0
    grid = grid[grid > 0]
    area = np.trapezoid(voigt(532.0, 20.0, grid, eta=eta), grid)
    # Analytic areas on the finite window: Lorentzian gamma (atan ub - atan ua), gamma = 10;
    # Gaussian FWHM sqrt(pi / (4 ln 2)) (tails beyond the window negligible).
    ua, ub = (grid[0] - 532.0) / 10.0, (grid[-1] - 532.0) / 10.0
    lor = 10.0 * (math.atan(ub) - math.atan(ua))
    gau = 20.0 * math.sqrt(math.pi / (4.0 * math.log(2.0)))
    assert area == pytest.approx(eta * lor + (1.0 - eta) * gau, rel=1e-6)


def test_voigt_endpoints_are_pure_shapes():
    np.testing.assert_array_equal(voigt(520.0, 25.0, eta=0.0), gaussian(520.0, 25.0))
    np.testing.assert_array_equal(voigt(520.0, 25.0, eta=1.0), lorentzian(520.0, 25.0))


@pytest.mark.parametrize("shape", SHAPES)
def test_batch_shape_and_recovery(shape):
    peaks = np.array([460.0, 532.0, 630.0, 700.5])
    widths = np.array([18.0, 20.0, 25.0, 40.0])
    y = line_shape(shape, peaks, widths)
    assert y.shape == (4, DEFAULT_GRID_NM.size)
    for k in range(4):
        np.testing.assert_array_equal(y[k], line_shape(shape, peaks[k], widths[k]))
    np.testing.assert_allclose(peak_wavelength_batch(DEFAULT_GRID_NM, y), peaks,
                               atol=PEAK_TOL_1NM[shape])
    np.testing.assert_allclose(fwhm_batch(DEFAULT_GRID_NM, y), widths, atol=0.05)


def test_batch_mixing_and_asymmetry_parameters_broadcast():
    peaks = np.array([500.0, 600.0])
    etas = np.array([0.0, 1.0])
    y = voigt(peaks, 20.0, eta=etas)
    np.testing.assert_array_equal(y[0], gaussian(500.0, 20.0))
    np.testing.assert_array_equal(y[1], lorentzian(600.0, 20.0))
    z = asymmetric(peaks, 20.0, asymmetry=np.array([1.0, 2.0]))
    np.testing.assert_array_equal(z[0], gaussian_energy(500.0, 20.0))
    np.testing.assert_array_equal(z[1], asymmetric(600.0, 20.0, asymmetry=2.0))


def test_line_spectrum_is_a_spectrum():
    s = line_spectrum(532.0, 20.0)
    assert isinstance(s, Spectrum)
    assert s.name == "gaussian 532 nm / 20 nm"
    assert line_spectrum(532.0, 20.0, name="G").name == "G"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: gaussian(532.0, 0.0), "fwhm_nm must be finite and > 0"),
        (lambda: gaussian(532.0, -3.0), "fwhm_nm"),
        (lambda: lorentzian(-1.0, 20.0), "peak_nm must be finite and > 0"),
        (lambda: gaussian(np.nan, 20.0), "peak_nm"),
        (lambda: gaussian(10.0, 20.0), "smaller than 2 x peak_nm"),
        (lambda: voigt(532.0, 20.0, eta=1.5), "eta must lie in"),
        (lambda: asymmetric(532.0, 20.0, asymmetry=0.0), "asymmetry must be > 0"),
        (lambda: line_shape("triangle", 532.0, 20.0), "unknown line shape 'triangle'"),
    ],
)
def test_bad_parameters(call, fragment):
    with pytest.raises(ParameterError) as info:
        call()
    assert fragment in str(info.value)
