"""XYZ / xy / u'v' against colour-science (the independent reference)."""

import os

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


def _batch(n, seed):
    rng = np.random.default_rng(seed)
    return gaussian(rng.uniform(400.0, 700.0, n), rng.uniform(5.0, 80.0, n))


@pytest.mark.parametrize("method", ["ASTM E308", "Integration"])
@pytest.mark.parametrize("layout", ["C", "F", "row-strided", "column-strided"])
def test_blocked_batch_equals_plain_product_for_every_layout(layout, method):
    # 2999 rows (> 1 MiB: the row-blocked path), not a multiple of the 278-row block;
    # the reference is the plain product on a C-contiguous copy and its xy by hand
    intens = _batch(2999, 11)
    weights = pc.tristimulus_weights(method=method)
    plain = intens @ weights
    arr = {
        "C": intens,
        "F": np.asfortranarray(intens),
        "row-strided": np.repeat(intens, 2, axis=0)[::2],  # row stride 2 rows
        "column-strided": np.repeat(intens, 2, axis=1)[:, ::2],  # copied block by block
    }[layout]
    assert arr.nbytes > (1 << 20) and np.array_equal(arr, intens)
    np.testing.assert_allclose(pc.XYZ_batch(DEFAULT_GRID_NM, arr, method=method), plain,
                               rtol=1e-12)
    xy_ref = plain[:, :2] / plain.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(pc.xy_batch(DEFAULT_GRID_NM, arr, method=method), xy_ref,
                               rtol=1e-12)
    assert pc.XYZ_batch(DEFAULT_GRID_NM, arr).flags.c_contiguous


def test_blocked_batch_equals_colour_science_msds_to_XYZ():
    intens = _batch(3000, 5)
    shape = colour.SpectralShape(360.0, 830.0, 1.0)
    cmfs = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"]
    rows = [0, 277, 278, 1500, 2999]  # block edges and the partial last block
    ref = colour.msds_to_XYZ(intens[rows], cmfs=cmfs, method="Integration", shape=shape,
                             k=683)
    ours = pc.XYZ_batch(DEFAULT_GRID_NM, intens, method="Integration")
    np.testing.assert_allclose(ours[rows], ref, rtol=1e-12)
    np.testing.assert_allclose(pc.xy_batch(DEFAULT_GRID_NM, intens, method="Integration")[rows],
                               colour.XYZ_to_xy(ref), rtol=1e-12)


def test_threaded_blocks_give_the_single_thread_result_bit_for_bit(monkeypatch):
    # each block is one GEMM whatever thread runs it: 1 thread and 3 threads (more than
    # the machine may have) give identical bits, in row order
    import peled.color.tristimulus as tri

    intens = _batch(4000, 3)
    monkeypatch.setattr(tri, "_n_threads", lambda: 1)
    one = pc.xy_batch(DEFAULT_GRID_NM, intens)
    monkeypatch.setattr(tri, "_n_threads", lambda: 3)
    np.testing.assert_array_equal(pc.xy_batch(DEFAULT_GRID_NM, intens), one)
    np.testing.assert_allclose(one, pc.XYZ_to_xy(intens @ pc.tristimulus_weights()),
                               rtol=1e-12)


def test_thread_count_is_capped_by_the_environment(monkeypatch):
    import peled.color.tristimulus as tri

    for var in tri._THREAD_LIMIT_ENV:
        monkeypatch.delenv(var, raising=False)
    n_cpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert tri._n_threads() == n_cpu
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")  # e.g. set by Dask's nanny
    assert tri._n_threads() == 1
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "not-a-number")  # ignored
    assert tri._n_threads() == n_cpu


def test_batch_of_one_spectrum_and_empty_batch():
    intens = _batch(3, 2)
    plain = intens @ pc.tristimulus_weights()
    np.testing.assert_allclose(pc.XYZ_batch(DEFAULT_GRID_NM, intens[1]), plain[1], rtol=1e-12)
    np.testing.assert_allclose(pc.xy_batch(DEFAULT_GRID_NM, intens[1]),
                               plain[1, :2] / plain[1].sum(), rtol=1e-12)
    assert pc.XYZ_batch(DEFAULT_GRID_NM, np.empty((0, 471))).shape == (0, 3)
    assert pc.xy_batch(DEFAULT_GRID_NM, np.empty((0, 471))).shape == (0, 2)


def test_out_of_range_rows_in_a_blocked_batch():
    # rows scaled by 1e300 (products overflow), 1e-300 (underflow), zero (undefined), and
    # ones * 1.5e303, whose X, Y, Z are finite (~1.1e308) but whose X + Y + Z overflows
    intens = _batch(3000, 9)
    big = intens.copy()
    big[10] *= 1e300
    big[500] *= 1e-300
    big[700] = 0.0
    big[2990] = 1.5e303
    out = pc.xy_batch(DEFAULT_GRID_NM, big, method="Integration")
    ref = pc.xy_batch(DEFAULT_GRID_NM, intens, method="Integration")
    np.testing.assert_allclose(out[[10, 500]], ref[[10, 500]], rtol=1e-12)
    assert np.isnan(out[700]).all()
    assert np.all(np.isfinite(pc.XYZ_batch(DEFAULT_GRID_NM, big[2990],
                                           method="Integration")))
    # equal-energy white: x = y = 1/3 (CIE 015:2018 illuminant E), not X / inf = 0
    np.testing.assert_allclose(out[2990], [1 / 3, 1 / 3], atol=2e-4)
    np.testing.assert_allclose(out[2990], pc.xy_batch(DEFAULT_GRID_NM, np.ones(471),
                                                      method="Integration"), rtol=1e-12)
    keep = np.setdiff1d(np.arange(3000), [10, 500, 700, 2990])
    np.testing.assert_array_equal(out[keep], ref[keep])


@pytest.mark.parametrize("layout", ["C", "column-strided"])
def test_batch_allocates_no_copy_of_the_input(layout, monkeypatch):
    # peak extra memory: the outputs plus at most one 1 MiB block per thread
    import tracemalloc

    import peled.color.tristimulus as tri

    monkeypatch.setattr(tri, "_n_threads", lambda: 2)
    intens = _batch(6000, 4)  # 22.6 MB
    arr = intens if layout == "C" else np.repeat(intens, 2, axis=1)[:, ::2]
    pc.xy_batch(DEFAULT_GRID_NM, arr[:10])  # weights cached before measuring
    tracemalloc.start()
    try:
        pc.xy_batch(DEFAULT_GRID_NM, arr)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    n = intens.shape[0]
    assert peak < 2 * tri._BLOCK_BYTES + 8 * n * 8 + 65536 < intens.nbytes / 5


def test_XYZ_to_xy_definition_and_shape_check():
    # x = X / (X + Y + Z), y = Y / (X + Y + Z) (CIE 015:2018 eq. 7.4), broadcasting
    np.testing.assert_allclose(pc.XYZ_to_xy([1.0, 2.0, 3.0]), [1 / 6, 2 / 6], rtol=1e-15)
    XYZ = np.random.default_rng(3).random((4, 5, 3))
    np.testing.assert_allclose(pc.XYZ_to_xy(XYZ), colour.XYZ_to_xy(XYZ), rtol=1e-14)
    with pytest.raises(ParameterError, match="last axis of length 3"):
        pc.XYZ_to_xy([1.0, 2.0])
