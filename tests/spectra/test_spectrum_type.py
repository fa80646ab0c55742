"""The Spectrum type: validation, immutability, baseline removal, resampling."""

import dataclasses

import colour
import numpy as np
import pytest

from peled.errors import PeledError, SpectrumError
from peled.spectra import DEFAULT_GRID_NM, Spectrum

WL = np.array([500.0, 510.0, 520.0, 530.0])
Y = np.array([0.0, 1.0, 3.0, 2.0])


def test_default_grid_is_cie_range_at_1nm():
    assert DEFAULT_GRID_NM[0] == 360.0 and DEFAULT_GRID_NM[-1] == 830.0
    assert DEFAULT_GRID_NM.size == 471
    assert np.all(np.diff(DEFAULT_GRID_NM) == 1.0)


@pytest.mark.parametrize(
    ("wl", "y", "fragment"),
    [
        ([500.0, 510.0, 520.0], [1.0, 2.0], "equal length"),
        ([[500.0, 510.0, 520.0]], [[1.0, 2.0, 3.0]], "1-D"),
        ([500.0, 510.0], [1.0, 2.0], "at least 3 points, got 2"),
        ([500.0, np.nan, 520.0], [1.0, 2.0, 3.0], "non-finite value at point 2"),
        ([500.0, 510.0, 520.0], [1.0, np.inf, 3.0], "non-finite value at point 2"),
        ([0.0, 510.0, 520.0], [1.0, 2.0, 3.0], "must be positive"),
        ([-5.0, 510.0, 520.0], [1.0, 2.0, 3.0], "must be positive"),
        ([500.0, 520.0, 510.0], [1.0, 2.0, 3.0], "point 3: 510 nm after 520 nm"),
        ([500.0, 510.0, 510.0], [1.0, 2.0, 3.0], "strictly increasing"),
        ([500.0, 510.0, 520.0], [1.0, -0.5, 3.0], "negative intensity -0.5 at 510 nm"),
    ],
)
def test_validation_errors_name_the_problem(wl, y, fragment):
    with pytest.raises(SpectrumError, match="mine") as info:
        Spectrum(np.array(wl), np.array(y), name="mine")
    assert fragment in str(info.value)
    assert isinstance(info.value, PeledError)


def test_immutable_and_copied():
    wl, y = WL.copy(), Y.copy()
    s = Spectrum(wl, y, name="s")
    wl[0], y[1] = 1.0, 99.0  # caller's arrays change, the spectrum does not
    assert s.wavelength_nm[0] == 500.0 and s.intensity[1] == 1.0
    with pytest.raises(ValueError):
        s.intensity[0] = 5.0
    with pytest.raises(ValueError):
        s.wavelength_nm[0] = 5.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.name = "other"
    assert len(s) == 4


def test_resample_is_linear_interpolation_zero_outside():
    s = Spectrum(WL, Y, name="s")
    grid = np.array([490.0, 500.0, 505.0, 515.0, 527.5, 530.0, 540.0])
    r = s.resample(grid)
    # Linear interpolation by hand: 505 -> 0.5, 515 -> 2.0, 527.5 -> 3 - 0.75 = 2.25.
    np.testing.assert_allclose(r.intensity, [0.0, 0.0, 0.5, 2.0, 2.25, 2.0, 0.0])
    np.testing.assert_array_equal(r.wavelength_nm, grid)
    assert r.name == "s"
    assert s.resample().wavelength_nm.size == 471


def test_normalized_and_scaled():
    s = Spectrum(WL, Y, name="s")
    np.testing.assert_allclose(s.normalized().intensity, Y / 3.0)
    np.testing.assert_allclose(s.scaled(2.5).intensity, 2.5 * Y)
    with pytest.raises(SpectrumError, match="zero everywhere"):
        Spectrum(WL, np.zeros(4), name="z").normalized()
    with pytest.raises(SpectrumError, match="negative intensity"):
        s.scaled(-1.0)


def test_from_raw_baselines():
    counts = np.array([100.0, 101.0, 150.0, 300.0, 150.0, 99.0, 100.0])
    wl = np.arange(500.0, 507.0)
    # 'min' subtracts 99; the result is exactly counts - 99.
    np.testing.assert_allclose(Spectrum.from_raw(wl, counts, baseline="min").intensity,
                               counts - 99.0)
    # 'edges': n = max(1, round(0.05 * 7)) = 1 point on each end -> median(100, 100) = 100;
    # the -1 at 505 nm is within 2 % of the 200 maximum and is clipped to zero.
    edges = Spectrum.from_raw(wl, counts, baseline="edges").intensity
    np.testing.assert_allclose(edges, [0.0, 1.0, 50.0, 200.0, 50.0, 0.0, 0.0])
    np.testing.assert_allclose(Spectrum.from_raw(wl, counts, baseline=90.0).intensity,
                               counts - 90.0)
    with pytest.raises(SpectrumError, match="negative intensity"):
        Spectrum.from_raw(wl, counts, baseline=140.0)
    with pytest.raises(SpectrumError, match="unknown baseline 'median'"):
        Spectrum.from_raw(wl, counts, baseline="median")


def test_to_sd_matches_colour_science():
    s = Spectrum(WL, Y, name="s")
    sd = s.to_sd()
    assert isinstance(sd, colour.SpectralDistribution)
    np.testing.assert_array_equal(sd.wavelengths, WL)
    np.testing.assert_array_equal(sd.values, Y)
    assert sd.name == "s"
