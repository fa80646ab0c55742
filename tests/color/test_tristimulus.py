"""XYZ / xy / u'v' against colour-science (the independent reference)."""

import colour
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peled.color as pc
from peled.errors import ParameterError, SpectrumError
from peled.spectra import DEFAULT_GRID_NM, Spectrum, gaussian, line_spectrum

CMFS_1964 = colour.MSDS_CMFS["CIE 1964 10 Degree Standard Observer"]


def _colour_xy(spectrum, **kwargs):
    return colour.XYZ_to_xy(colour.sd_to_XYZ(spectrum.to_sd(), **kwargs))


PEAKS = np.arange(400.0, 701.0, 10.0)


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("fwhm", [5.0, 20.0, 60.0])
def test_xy_batch_matches_colour_for_gaussians_400_700(fwhm):
    intens = gaussian(PEAKS, fwhm)
    ours = pc.xy_batch(DEFAULT_GRID_NM, intens)
    ref = np.array([_colour_xy(Spectrum(DEFAULT_GRID_NM, y)) for y in intens])
    assert np.abs(ours - ref).max() < 1e-6
    uv_ref = colour.xy_to_Luv_uv(ref)
    assert np.abs(pc.xy_to_uv_prime(ours) - uv_ref).max() < 1e-6


@pytest.mark.filterwarnings("ignore")
def test_single_spectrum_paths_match_colour_both_observers():
    s = line_spectrum(532.0, 20.0)
    ref = colour.sd_to_XYZ(s.to_sd(), k=683)
    np.testing.assert_allclose(pc.spectrum_to_XYZ(s), ref, rtol=1e-12)
    np.testing.assert_allclose(pc.xy(s), _colour_xy(s), atol=1e-12)
    np.testing.assert_allclose(pc.xy(s, "1964"), _colour_xy(s, cmfs=CMFS_1964), atol=1e-12)
    np.testing.assert_allclose(pc.uv_prime(s), colour.xy_to_Luv_uv(_colour_xy(s)), atol=1e-12)


@pytest.mark.filterwarnings("ignore")
def test_integration_method_matches_colour_full_range():
    s = line_spectrum(720.0, 60.0)
    ref = colour.sd_to_XYZ(
        s.to_sd(),
        cmfs=colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"],
        method="Integration",
    )
    ours = pc.spectrum_to_XYZ(s, method="Integration")
    np.testing.assert_allclose(ours / ours[1], ref / ref[1], rtol=1e-12)
    # ASTM E308 (default) stops at 780 nm, so a deep-red line differs measurably
    assert abs(pc.xy(s)[0] - pc.xy(s, method="Integration")[0]) > 1e-8


def test_luminance_of_absolute_spectrum_is_683_times_integral_of_v():
    s = line_spectrum(555.0, 10.0)
    y_abs = pc.spectrum_to_XYZ(s)[1]
    v = pc.photopic_efficiency(s.wavelength_nm)
    assert y_abs == pytest.approx(683.0 * np.sum(v[:421] * s.intensity[:421]), rel=1e-12)
    assert pc.photopic_efficiency(555.0) == pytest.approx(1.0, abs=1e-9)


def test_cmfs_equal_colour_tables_and_zero_outside():
    ref = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"]
    np.testing.assert_array_equal(pc.cmfs(), ref.values)
    np.testing.assert_allclose(pc.cmfs("1964", [500.5]), CMFS_1964[[500.5]], rtol=1e-12)
    np.testing.assert_array_equal(pc.cmfs("1931", [300.0, 900.0]), np.zeros((2, 3)))


def test_off_grid_spectrum_equals_its_linear_resampling():
    wl = np.linspace(380.0, 800.0, 1001)
    s = Spectrum(wl, gaussian(600.0, 30.0, wl))
    np.testing.assert_allclose(pc.xy(s), pc.xy(s.resample()), atol=1e-13)


def test_spectral_locus_of_cmfs():
    ref = colour.XYZ_to_xy(colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"][520.0])
    np.testing.assert_allclose(pc.spectral_locus_xy(520.0), ref, atol=1e-12)


def test_d65_white_point_uv_prime():
    # CIE 015:2018 Table 11.3: D65 u' = 0.1978, v' = 0.4683
    np.testing.assert_allclose(pc.xy_to_uv_prime([0.3127, 0.3290]), [0.1978, 0.4683], atol=1e-4)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.05, 0.75), st.floats(0.05, 0.8))
def test_uv_prime_round_trip(x, y):
    np.testing.assert_allclose(pc.uv_prime_to_xy(pc.xy_to_uv_prime([x, y])), [x, y], atol=1e-12)


def test_errors():
    with pytest.raises(ParameterError, match="observer"):
        pc.cmfs("1976")
    with pytest.raises(ParameterError, match="method"):
        pc.xy_batch(DEFAULT_GRID_NM, np.ones((2, 471)), method="trapz")
    with pytest.raises(ParameterError, match=r"shape \(N, 471\)"):
        pc.xy_batch(DEFAULT_GRID_NM, np.ones((2, 400)))
    with pytest.raises(ParameterError, match="increasing"):
        pc.XYZ_batch([500.0, 400.0, 600.0], np.ones(3))
    with pytest.raises(SpectrumError, match="ir: no intensity"):
        pc.xy(Spectrum([900.0, 950.0, 1000.0], [1.0, 1.0, 1.0], name="ir"))
    with pytest.raises(ParameterError, match="Spectrum"):
        pc.xy(np.ones(471))
    with pytest.raises(ParameterError, match="last axis"):
        pc.xy_to_uv_prime([0.3, 0.3, 0.3])


def test_cache_blocked_batch_path_equals_plain_product():
    # > 4 MiB of spectra takes the row-blocked path; it must equal the plain sum
    rng = np.random.default_rng(7)
    intens = gaussian(rng.uniform(400.0, 700.0, 1500), rng.uniform(5.0, 80.0, 1500))
    assert intens.nbytes > 4 * (1 << 20)
    plain = intens @ pc.tristimulus_weights()
    np.testing.assert_allclose(pc.XYZ_batch(DEFAULT_GRID_NM, intens), plain, rtol=1e-12)
    one = pc.XYZ_batch(DEFAULT_GRID_NM, intens[3])
    np.testing.assert_allclose(one, plain[3], rtol=1e-12)


def test_blocked_path_handles_strided_input_and_partial_last_block():
    # Fortran-ordered and row-strided inputs, N not a multiple of the block size
    rng = np.random.default_rng(11)
    intens = gaussian(rng.uniform(400.0, 700.0, 2999), rng.uniform(5.0, 80.0, 2999))
    plain = intens @ pc.tristimulus_weights()
    fortran = np.asfortranarray(intens)
    np.testing.assert_allclose(pc.XYZ_batch(DEFAULT_GRID_NM, fortran), plain, rtol=1e-12)
    doubled = np.repeat(intens, 2, axis=0)[::2]  # a (2999, 471) view with row stride 2
    assert doubled.nbytes > 4 * (1 << 20) and not doubled.flags.c_contiguous
    np.testing.assert_allclose(pc.XYZ_batch(DEFAULT_GRID_NM, doubled), plain, rtol=1e-12)


def test_XYZ_to_xy_definition_and_shape_check():
    # x = X / (X + Y + Z), y = Y / (X + Y + Z) (CIE 015:2018 eq. 7.4), broadcasting
    np.testing.assert_allclose(pc.XYZ_to_xy([1.0, 2.0, 3.0]), [1 / 6, 2 / 6], rtol=1e-15)
    XYZ = np.random.default_rng(3).random((4, 5, 3))
    np.testing.assert_allclose(pc.XYZ_to_xy(XYZ), colour.XYZ_to_xy(XYZ), rtol=1e-14)
    with pytest.raises(ParameterError, match="last axis of length 3"):
        pc.XYZ_to_xy([1.0, 2.0])
