"""The CIE cache of peled.color._cie equals colour-science's tables, and the two ported
algorithms (dominant wavelength / purity, Ohno 2013 CCT) equal colour-science's own."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pytest

from peled.color import _cie

ROOT = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("make_cie_tables",
                                                  ROOT / "tools" / "make_cie_tables.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_stored_tables_equal_colour_science_regenerated_now():
    fresh = _tool().tables()
    stored = _cie._tables()
    assert sorted(stored) == sorted(fresh)
    for key, value in fresh.items():
        assert stored[key].dtype.kind == value.dtype.kind, key
        assert np.array_equal(stored[key], value), key


def test_tables_against_colour_objects_directly():
    import colour

    cmfs = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"]
    assert np.array_equal(_cie.cmf_table("1931"), cmfs.values)
    assert np.array_equal(_cie.primaries()["rec2020"],
                          colour.RGB_COLOURSPACES["ITU-R BT.2020"].primaries)
    d65 = colour.CCS_ILLUMINANTS["CIE 1964 10 Degree Standard Observer"]["D65"]
    assert np.array_equal(_cie.illuminant_xy("1964")["D65"], d65)


def _points():
    rng = np.random.default_rng(13)
    pts = rng.uniform([0.02, 0.02], [0.72, 0.82], size=(300, 2))
    pts = pts[pts.sum(axis=1) < 0.97]
    purples = np.array([[0.45, 0.2], [0.35, 0.15], [0.3, 0.2], [0.5, 0.3], [0.25, 0.1]])
    return np.vstack([pts, purples])


@pytest.mark.parametrize("observer", ["1931", "1964"])
@pytest.mark.parametrize("white", [(1 / 3, 1 / 3), (0.3127, 0.3290)])
def test_dominant_wavelength_equals_colour_science(observer, white):
    import colour

    from peled.color.tristimulus import observer_name

    cmfs = colour.MSDS_CMFS[observer_name(observer)].copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cmfs = cmfs.align(colour.SpectralShape(360, 780, 0.1))
    w = np.array(white)
    n_purple = 0
    for p in _points():
        if np.hypot(*(p - w)) < 1e-3:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wl_ref, _, _ = colour.dominant_wavelength(p, w, cmfs)
            pur_ref = colour.excitation_purity(p, w, cmfs)
        wl, pur = _cie.dominant_wavelength(p, w, observer)
        assert wl == float(wl_ref), p
        assert pur == pytest.approx(float(pur_ref), rel=1e-12, abs=1e-15), p
        n_purple += wl < 0
    assert n_purple >= 5  # the complementary branch was exercised


def test_ohno2013_equals_colour_science():
    from colour.temperature import uv_to_CCT_Ohno2013

    rng = np.random.default_rng(7)
    cct = rng.uniform(1200, 60000, 200)
    from peled.color.cct import planckian_uv

    uv = planckian_uv(cct) + rng.uniform(-0.04, 0.04, (200, 1)) * np.array([[0.0, 1.0]])
    uv = np.vstack([uv, [[0.1978, 0.3122], [0.25, 0.35], [0.2, 0.3]]])
    for point in uv:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = uv_to_CCT_Ohno2013(point)
        got = _cie.uv_to_cct_ohno2013(point)
        assert got[0] == pytest.approx(float(ref[0]), rel=1e-12), point
        assert got[1] == pytest.approx(float(ref[1]), rel=1e-9, abs=1e-15), point


def test_sprague_equals_colour_science_interpolation():
    import colour
    from colour.colorimetry import SDS_LEFS_PHOTOPIC

    rng = np.random.default_rng(3)
    wl = np.concatenate([rng.uniform(360, 830, 500), [360.0, 360.5, 829.5, 830.0, 555.25]])
    lef = SDS_LEFS_PHOTOPIC["CIE 1924 Photopic Standard Observer"]
    assert np.allclose(_cie.sprague(_cie.lef_table(), wl), lef[wl], rtol=1e-13, atol=1e-16)
    for key, name in (("1931", "CIE 1931 2 Degree Standard Observer"),
                      ("1964", "CIE 1964 10 Degree Standard Observer")):
        ref = colour.MSDS_CMFS[name][wl]
        assert np.allclose(_cie.sprague(_cie.cmf_table(key), wl), ref, rtol=1e-13,
                           atol=1e-16)


def test_line_outside_the_summation_range_names_the_range():
    """A line at 800 nm has no ASTM E308 (360-780 nm) chromaticity: the error names the
    range and the method that covers 360-830 nm, which gives the CMF ratio at 800 nm."""
    import numpy as np
    import pytest

    from peled.color.tristimulus import xy
    from peled.errors import SpectrumError
    from peled.spectra import Spectrum

    wl = np.arange(360.0, 831.0)
    shape = np.exp(-0.5 * ((wl - 800.0) / 1.0) ** 2)
    line = Spectrum(wl, np.where(np.abs(wl - 800.0) <= 5, shape, 0.0), name="ir")
    with pytest.raises(SpectrumError, match="ASTM E308 summation range 360-780 nm"):
        xy(line)
    x, y = xy(line, method="Integration")
    assert x + y == pytest.approx(1.0, abs=1e-3)  # the locus end: z-bar is ~0 at 800 nm
    assert x == pytest.approx(0.7347, abs=5e-4)
