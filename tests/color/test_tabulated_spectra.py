"""Colour of tabulated (5/10/20 nm) spectra: CIE 015 / ASTM E308 integration via colour-science,
and chromaticity independent of the scale of the spectrum."""

import json
import warnings

import colour
import numpy as np
import pytest
from typer.testing import CliRunner

import peled.color as pc
from peled.color.tristimulus import tabulated_step
from peled.spectra import Spectrum, read_spectrum

CMFS = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"]
GREEN = "src/peled/data/examples/spectra/green.csv"


def _illuminant(name, step=5.0, start=None):
    sd = colour.SDS_ILLUMINANTS[name]
    wl, v = sd.wavelengths, sd.values
    start = wl[0] if start is None else start
    keep = (wl >= start) & (np.abs(((wl - start) / step) - np.round((wl - start) / step)) < 1e-9)
    return Spectrum(wl[keep], v[keep], name=name)


def _colour_xy(s: Spectrum):
    # colour-science's default path on the spectrum padded with zeros (same step) out to
    # 360-830 nm: an emission spectrum is zero where it was not measured, whereas
    # colour-science alone would extend its edge values
    wl, y = s.wavelength_nm, s.intensity
    step = wl[1] - wl[0]
    lo = np.arange(wl[0] - step, 359.0, -step)[::-1]
    hi = np.arange(wl[-1] + step, 831.0, step)
    wl = np.concatenate([lo, wl, hi])
    y = np.concatenate([np.zeros(lo.size), y, np.zeros(hi.size)])
    sd = colour.SpectralDistribution(y, wl)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        XYZ = colour.sd_to_XYZ(sd, CMFS, colour.sd_ones(sd.shape))  # default: ASTM E308
    return colour.XYZ_to_xy(XYZ)


@pytest.mark.parametrize(("name", "published"), [
    # CIE 015:2018 Table 1 (CIE 1931 observer): A (0.44757, 0.40745), D65 (0.31272, 0.32903)
    ("A", (0.44757, 0.40745)),
    ("D65", (0.31272, 0.32903)),
])
def test_cie_illuminants_at_5nm_give_published_chromaticity(name, published):
    s = _illuminant(name)
    assert tabulated_step(s.wavelength_nm) == 5.0
    got = pc.xy(s)
    np.testing.assert_allclose(got, published, atol=5e-5)  # fourth decimal
    np.testing.assert_allclose(got, _colour_xy(s), atol=1e-10)


@pytest.mark.parametrize("step", [5.0, 10.0, 20.0])
def test_tabulated_grids_follow_colour_sd_to_XYZ(step):
    s = _illuminant("FL2", step, start=380.0)
    np.testing.assert_allclose(pc.xy(s), _colour_xy(s), atol=1e-10)
    # the batch path folds the same computation into its weights
    batch = pc.xy_batch(s.wavelength_nm, np.vstack([s.intensity, 2 * s.intensity]))
    np.testing.assert_allclose(batch, [_colour_xy(s)] * 2, atol=1e-10)


def test_tabulated_absolute_scale_matches_a_flat_1nm_spectrum():
    flat5 = Spectrum(np.arange(360.0, 781.0, 5.0), np.ones(85))
    flat1 = Spectrum(np.arange(360.0, 781.0, 1.0), np.ones(421))
    y1 = pc.spectrum_to_XYZ(flat1)[1]
    assert y1 == pytest.approx(683.0 * CMFS.values[:421, 1].sum(), rel=1e-12)
    assert pc.spectrum_to_XYZ(flat5)[1] == pytest.approx(y1, rel=1e-12)


def test_1nm_spectra_keep_the_fast_path():
    s = read_spectrum(GREEN)  # 0.5 nm
    assert tabulated_step(s.wavelength_nm) is None
    s = s.resample(np.arange(360.0, 781.0))
    assert tabulated_step(s.wavelength_nm) is None
    XYZ = colour.sd_to_XYZ(s.to_sd(), k=683)  # illuminant E (default of the ASTM path)
    np.testing.assert_allclose(pc.spectrum_to_XYZ(s), XYZ, rtol=1e-9)


def test_cri_of_cie_fluorescent_test_spectra_is_colour_sciences_ra():
    for k in range(1, 13):
        sd = colour.SDS_ILLUMINANTS[f"FL{k}"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = colour.colour_rendering_index(sd)
        assert pc.cri(Spectrum(sd.wavelengths, sd.values)).ra == pytest.approx(ref, abs=0.005)


@pytest.mark.parametrize("scale", [1e300, 1e-300, 1e-320])
def test_chromaticity_does_not_depend_on_scale(scale):
    s = read_spectrum(GREEN)
    ref = pc.xy(s)
    assert ref[0] == pytest.approx(0.0985, abs=5e-5)
    np.testing.assert_allclose(pc.xy(s.scaled(scale)), ref, rtol=1e-6)
    np.testing.assert_allclose(pc.xy_batch(s.wavelength_nm, s.intensity * scale), ref, rtol=1e-6)
    if scale > 1e-310:  # LER is a ratio of integrals
        assert pc.luminous_efficacy_of_radiation(s.scaled(scale)) == pytest.approx(
            pc.luminous_efficacy_of_radiation(s), rel=1e-9)


def test_color_file_of_a_spectrum_scaled_by_1e300(tmp_path):
    from peled.cli import app

    s = read_spectrum(GREEN)
    p = tmp_path / "huge.csv"
    rows = "\n".join(f"{w:g},{v * 1e300:.10e}" for w, v in zip(s.wavelength_nm, s.intensity,
                                                                strict=True))
    p.write_text("wavelength_nm,intensity\n" + rows + "\n")
    r = CliRunner().invoke(app, ["color", "file", str(p), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["x"] == pytest.approx(0.09853, abs=1e-5)
    assert out["y"] == pytest.approx(0.78933, abs=1e-5)


@pytest.mark.parametrize(("start", "step", "tol"), [
    (382.0, 5.0, 6e-4), (383.0, 5.0, 6e-4), (382.5, 10.0, 6e-4),
    (382.5, 20.0, 3e-3),  # linear interpolation of a 20-nm Gaussian: ~2e-3 in y
])
def test_off_table_grid_is_integrated_by_interpolation(start, step, tol):
    # a 5/10/20-nm grid that does not start on a multiple of 5 nm is not a CIE/ASTM table
    # grid: colour-science's ASTM E308 path raises (or, ending at 830 nm, is off by 0.004
    # in x); such spectra take the 1-nm interpolation path.  Reference: the same smooth
    # Gaussian (550 nm, sigma 60 nm) sampled at 1 nm and integrated with the CIE 1931
    # CMFs by hand (rectangle rule).
    g = lambda w: np.exp(-0.5 * ((w - 550.0) / 60.0) ** 2)  # noqa: E731
    wl = np.arange(start, 781.0, step)
    assert tabulated_step(wl) is None
    fine = np.arange(360.0, 831.0)
    xyz = g(fine) @ CMFS[fine]
    ref = xyz[:2] / xyz.sum()
    got = pc.xy(Spectrum(wl, g(wl), name="g"))
    np.testing.assert_allclose(got, ref, atol=tol)


@pytest.mark.parametrize("step", [5.0, 10.0, 20.0])
def test_short_tabulated_band_is_zero_outside_its_range(step):
    # a flat band 540-580 nm: colour-science extends the edge values over 360-780 nm and
    # returned the equal-energy white (0.3333, 0.3333); an emission spectrum is zero
    # where it was not measured, so the band is green.  Reference: the 1-nm rectangle sum
    # of the CIE 1931 CMFs over the trapezoid-weighted band (hand calculation)
    wl = np.arange(540.0, 581.0, step)
    got = pc.xy(Spectrum(wl, np.ones(wl.size), name="band"))
    fine = np.arange(540.0, 581.0)
    xyz = CMFS[fine].sum(axis=0)
    ref = xyz[:2] / xyz.sum()
    np.testing.assert_allclose(got, ref, atol=0.03)
    assert got[1] > 0.6  # green, not white
    np.testing.assert_allclose(got, _colour_xy(Spectrum(wl, np.ones(wl.size))), atol=1e-10)


@pytest.mark.parametrize("n", [3, 4, 5])
def test_tabulated_grid_with_few_points_is_integrated(n):
    # colour-science refuses 5/20-nm spectra with < 6 points (AssertionError) unless
    # they are padded
    wl = 520.0 + 5.0 * np.arange(n)
    xy = pc.xy(Spectrum(wl, np.ones(n), name="short"))
    np.testing.assert_allclose(xy, _colour_xy(Spectrum(wl, np.ones(n))), atol=1e-10)
