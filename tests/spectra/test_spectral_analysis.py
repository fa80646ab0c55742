"""Peak, FWHM, centroid and integrated intensity against analytic results."""

import dataclasses
import math

import numpy as np
import pytest

from peled.errors import SpectrumError
from peled.spectra import (
    DEFAULT_GRID_NM,
    HC_EV_NM,
    Spectrum,
    SpectrumMetrics,
    analyze,
    centroid,
    centroid_ev,
    fwhm,
    fwhm_batch,
    gaussian,
    half_max_crossings_batch,
    integrated_intensity,
    line_shape,
    line_spectrum,
    peak_wavelength,
    peak_wavelength_batch,
)

GAUSS_AREA_PER_FWHM = math.sqrt(math.pi / (4.0 * math.log(2.0)))  # = 1.0644670...


@pytest.mark.parametrize(("peak", "width"), [(532.0, 20.0), (532.3, 20.0), (467.71, 18.5),
                                             (630.5, 35.0), (700.25, 8.0)])
def test_gaussian_fwhm_within_005nm_on_1nm_grid(peak, width):
    s = line_spectrum(peak, width)
    assert fwhm(s) == pytest.approx(width, abs=0.05)
    assert peak_wavelength(s) == pytest.approx(peak, abs=0.01)


def test_parabola_vertex_exact_for_sampled_parabola_on_uneven_grid():
    x = np.array([520.0, 524.0, 529.0, 531.0, 538.0, 545.0])
    y = 100.0 - (x - 532.7) ** 2 / 10.0  # vertex 532.7 nm; all samples positive
    assert peak_wavelength(Spectrum(x, y, name="p")) == pytest.approx(532.7, abs=1e-12)


def test_peak_at_grid_edge_is_the_sample():
    x = np.array([500.0, 501.0, 502.0, 503.0])
    assert peak_wavelength(Spectrum(x, [4.0, 3.0, 2.0, 1.0], name="e")) == 500.0
    assert peak_wavelength(Spectrum(x, [1.0, 2.0, 3.0, 4.0], name="e")) == 503.0
    assert peak_wavelength(Spectrum(x, [1.0, 2.0, 2.0, 1.0], name="e")) == 501.5


def test_fwhm_exact_for_triangle_on_uneven_grid():
    # Triangle of height 2 at 530 nm, base 520-540 nm: half maximum at 525 and 535 nm,
    # and linear interpolation between samples on straight flanks is exact.
    x = np.array([510.0, 519.0, 521.5, 526.0, 530.0, 533.0, 537.5, 545.0])
    y = np.clip(2.0 - np.abs(x - 530.0) / 5.0, 0.0, None)
    s = Spectrum(x, y, name="tri")
    assert fwhm(s) == pytest.approx(10.0, abs=1e-12)
    # The parabola through (526, 1.2), (530, 2), (533, 1.4) has its vertex at
    # 530 - 0.5 (16 * 0.6 - 9 * 0.8) / (4 * 0.6 + 3 * 0.8) = 529.75 nm (by hand).
    assert peak_wavelength(s) == pytest.approx(529.75, abs=1e-12)


def test_integrated_intensity_of_gaussian():
    s = line_spectrum(532.0, 20.0)
    assert integrated_intensity(s) == pytest.approx(20.0 * GAUSS_AREA_PER_FWHM, rel=1e-4)
    assert integrated_intensity(s.scaled(3.0)) == pytest.approx(
        3.0 * 20.0 * GAUSS_AREA_PER_FWHM, rel=1e-4
    )


def test_centroid_of_gaussian_is_its_peak():
    assert centroid(line_spectrum(512.4, 30.0)) == pytest.approx(512.4, abs=1e-9)


def test_lorentzian_centroid_on_finite_window():
    # L = 1 / (1 + ((x - p)/g)^2) on [a, b]: int L = g [atan u], int (x - p) L = g^2/2 [ln(1+u^2)]
    p, g, a, b = 520.0, 12.5, 450.0, 700.0
    x = np.arange(a, b + 1e-9, 0.01)
    s = Spectrum(x, line_shape("lorentzian", p, 2.0 * g, x), name="L")
    ua, ub = (a - p) / g, (b - p) / g
    expected = p + 0.5 * g * (math.log1p(ub**2) - math.log1p(ua**2)) / (
        math.atan(ub) - math.atan(ua)
    )
    # 520 + 6.25 (ln 208.36 - ln 32.36) / (atan 14.4 + atan 5.6): pulled to the long side
    assert expected == pytest.approx(524.020, abs=1e-3)
    assert centroid(s) == pytest.approx(expected, abs=1e-5)


def test_centroid_ev_is_mean_photon_energy_of_energy_gaussian():
    # A Gaussian in energy (E0 = 2.3 eV, sigma = 0.05 eV) converted to per-nm with the
    # Jacobian I_lambda = I_E E^2 / hc: its intensity-weighted mean energy is E0.
    e0, sig = 2.3, 0.05
    x = np.arange(400.0, 800.0, 0.05)
    e = HC_EV_NM / x
    s = Spectrum(x, np.exp(-0.5 * ((e - e0) / sig) ** 2) * e**2 / HC_EV_NM, name="E")
    assert centroid_ev(s) == pytest.approx(e0, abs=1e-7)
    # ... which is not hc / centroid_nm (Jensen's inequality: <1/lambda> > 1/<lambda>)
    assert centroid_ev(s) > HC_EV_NM / centroid(s)


def test_analyze_gaussian_energy_532_20():
    s = line_spectrum(532.0, 20.0, shape="gaussian-energy")
    m = analyze(s)
    assert isinstance(m, SpectrumMetrics)
    # By hand: crossings symmetric in 1/lambda and 20 nm apart, lambda_lo + lambda_hi = s:
    # s^2 - 1064 s - 400 = 0 -> s = 532 + sqrt(532^2 + 400) = 1064.375807...
    total = 532.0 + math.sqrt(532.0**2 + 400.0)
    lam_lo, lam_hi = (total - 20.0) / 2.0, (total + 20.0) / 2.0
    assert lam_lo == pytest.approx(522.18790, abs=1e-5)
    assert lam_hi == pytest.approx(542.18790, abs=1e-5)
    fwhm_ev_hand = HC_EV_NM / lam_lo - HC_EV_NM / lam_hi
    assert fwhm_ev_hand == pytest.approx(0.0875830, abs=1e-6)
    assert m.fwhm_nm == pytest.approx(20.0, abs=0.05)
    assert m.fwhm_ev == pytest.approx(fwhm_ev_hand, abs=2e-4)
    assert m.peak_nm == pytest.approx(532.0, abs=0.005)
    assert m.peak_ev == pytest.approx(HC_EV_NM / m.peak_nm, rel=1e-15)
    assert m.peak_ev == pytest.approx(2.330530, abs=2e-5)  # 1239.841984 / 532
    assert m.centroid_nm == pytest.approx(centroid(s))
    assert m.centroid_ev == pytest.approx(centroid_ev(s))
    assert m.integrated_intensity == pytest.approx(integrated_intensity(s))
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.peak_nm = 1.0
    fine_x = np.arange(480.0, 600.0, 0.005)
    fine = analyze(line_spectrum(532.0, 20.0, shape="gaussian-energy", wavelength_nm=fine_x))
    assert fine.fwhm_ev == pytest.approx(fwhm_ev_hand, abs=1e-7)


def test_fwhm_undefined_raises_naming_the_spectrum():
    x = np.arange(500.0, 540.0)
    cut = Spectrum(x, gaussian(530.0, 30.0, x), name="cut.csv")  # red side ends at 0.69
    with pytest.raises(SpectrumError, match=r"cut\.csv: .*long-wavelength side"):
        fwhm(cut)
    flat = Spectrum(x, np.ones_like(x), name="flat")
    with pytest.raises(SpectrumError, match="short-wavelength and long-wavelength"):
        analyze(flat)
    zero = Spectrum(x, np.zeros_like(x), name="dark")
    for f in (fwhm, peak_wavelength, centroid, analyze):
        with pytest.raises(SpectrumError, match="dark: spectrum is zero everywhere"):
            f(zero)


def test_fwhm_batch_nan_where_undefined():
    x = np.arange(500.0, 540.0)
    y = np.stack([gaussian(520.0, 10.0, x), gaussian(530.0, 30.0, x), np.zeros_like(x)])
    w = fwhm_batch(x, y)
    assert w[0] == pytest.approx(10.0, abs=0.05)
    assert np.isnan(w[1]) and np.isnan(w[2])
    lo, hi = half_max_crossings_batch(x, y)
    assert not np.isnan(lo[1]) and np.isnan(hi[1])


def test_batch_matches_single_exactly():
    rng = np.random.default_rng(7)
    n = 200
    peaks = rng.uniform(420.0, 760.0, n)
    widths = rng.uniform(5.0, 60.0, n)
    shapes = ["gaussian", "gaussian-energy", "lorentzian", "voigt", "asymmetric"]
    y = np.concatenate([line_shape(sh, peaks, widths) for sh in shapes])
    y = y * rng.uniform(0.1, 10.0, (y.shape[0], 1)) + rng.uniform(0, 1e-7, y.shape)
    pb = peak_wavelength_batch(DEFAULT_GRID_NM, y)
    wb = fwhm_batch(DEFAULT_GRID_NM, y)
    assert pb.shape == wb.shape == (5 * n,)
    singles = [Spectrum(DEFAULT_GRID_NM, row, name=str(k)) for k, row in enumerate(y)]
    np.testing.assert_array_equal(pb, [peak_wavelength(s) for s in singles])
    np.testing.assert_array_equal(wb, [fwhm(s) for s in singles])
    # Half maximum is half the largest *sample*: narrow Lorentzians (~10 samples across)
    # (and pseudo-Voigts) peaking between samples come out up to ~2 % wide; the
    # Gaussian-type shapes are within 0.1 nm.
    np.testing.assert_allclose(wb, np.tile(widths, 5), rtol=0.025)
    not_lorentz = np.r_[0 : 2 * n, 4 * n : 5 * n]
    np.testing.assert_allclose(wb[not_lorentz], np.tile(widths, 5)[not_lorentz], atol=0.1)


def test_batch_rejects_bad_shapes():
    with pytest.raises(SpectrumError, match=r"\(N, M\)"):
        fwhm_batch(DEFAULT_GRID_NM, np.ones((2, 10)))
    with pytest.raises(SpectrumError, match="at least 3 points"):
        peak_wavelength_batch([1.0, 2.0], np.ones((2, 2)))
