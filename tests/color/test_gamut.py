"""Gamut area ratio vs coverage; reference numbers from colour-science, the seeds and algebra."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peled.color as pc
from peled.errors import ParameterError
from peled.spectra import line_spectrum


def _shoelace(p):
    x, y = np.asarray(p).T
    return 0.5 * abs(x[0] * (y[1] - y[2]) + x[1] * (y[2] - y[0]) + x[2] * (y[0] - y[1]))


def test_standard_primaries_from_colour():
    np.testing.assert_array_equal(
        pc.STANDARD_PRIMARIES["rec2020"], [[0.708, 0.292], [0.170, 0.797], [0.131, 0.046]]
    )
    np.testing.assert_array_equal(
        pc.STANDARD_PRIMARIES["ntsc"], [[0.67, 0.33], [0.21, 0.71], [0.14, 0.08]]
    )
    assert set(pc.STANDARD_PRIMARIES) == {"rec2020", "dci_p3", "ntsc", "srgb", "adobe_rgb"}


def test_ntsc_over_rec2020_xy_area_ratio_is_0_7467():
    ratio = pc.gamut_area_ratio("ntsc", "rec2020", "xy")
    assert ratio == pytest.approx(0.7467, abs=5e-4)
    by_hand = _shoelace([[0.67, 0.33], [0.21, 0.71], [0.14, 0.08]]) / _shoelace(
        [[0.708, 0.292], [0.170, 0.797], [0.131, 0.046]]
    )
    assert ratio == pytest.approx(by_hand, rel=1e-12)  # 0.1582 / 0.21188
    assert pc.polygon_area("ntsc") == pytest.approx(0.1582, abs=1e-12)


def test_uv_ratio_differs_from_xy_ratio():
    # the same NTSC/Rec.2020 comparison in u'v' is 0.6656, not 0.7467
    uv = pc.xy_to_uv_prime(pc.STANDARD_PRIMARIES["ntsc"])
    uv_ref = pc.xy_to_uv_prime(pc.STANDARD_PRIMARIES["rec2020"])
    assert pc.gamut_area_ratio("ntsc", "rec2020", "uv") == pytest.approx(
        _shoelace(uv) / _shoelace(uv_ref), rel=1e-12
    )
    assert pc.gamut_area_ratio("ntsc", "rec2020", "uv") == pytest.approx(0.6656, abs=1e-4)


def test_monochromatic_rec2020_wavelengths_cover_rec2020():
    # ITU-R BT.2020 defines its primaries as the 630/532/467 nm spectral colours (Jang et al.
    # (2025),
    # sec. 1); the published xy are rounded to 3 decimals, so coverage is 99.85 % (xy) and
    # 99.86 % (u'v'), area ratio 99.88 % (xy)
    prim = pc.spectral_locus_xy([630.0, 532.0, 467.0])
    np.testing.assert_allclose(prim, pc.STANDARD_PRIMARIES["rec2020"], atol=1.5e-3)
    m = pc.gamut_metrics(prim)
    assert m["coverage_pct"]["rec2020"] == pytest.approx(99.846, abs=1e-3)
    assert m["area_ratio_pct"]["rec2020"] == pytest.approx(99.877, abs=1e-3)
    m_uv = pc.gamut_metrics(prim, "uv")
    assert m_uv["coverage_pct"]["rec2020"] == pytest.approx(99.862, abs=1e-3)
    assert m["coverage_pct"]["srgb"] == pytest.approx(100.0, abs=1e-9)


def test_yang2023_table1_rec2020_values_are_area_ratios_not_coverage():
    # Yang et al. (2023) Table 1 footnote a: "The Rec.2020 is calculated at 0.74 NTSC", giving
    # entries above 100 % (e.g. "~108" for CsPb(Br0.75Cl0.25)3, ref. 29).  Such numbers are
    # area ratios: coverage can never exceed 100 %.  Two consequences, checked here:
    # (1) the exact xy factor is 0.7467, so "108 % Rec.2020" means 108 / 0.74 = 145.9 %
    #     NTSC, which is 108.97 % of Rec.2020 with the correct factor;
    ntsc_pct = 108.0 / 0.74
    assert ntsc_pct * pc.gamut_area_ratio("ntsc", "rec2020") == pytest.approx(108.97, abs=0.01)
    # (2) a triangle with ~108 % Rec.2020 area ratio (spectral 700/510/450 nm primaries)
    #     covers only 79 % of Rec.2020: area ratio and coverage are different quantities.
    m = pc.gamut_metrics(pc.spectral_locus_xy([700.0, 510.0, 450.0]))
    assert m["area_ratio_pct"]["rec2020"] == pytest.approx(108.27, abs=0.01)
    assert m["area_ratio_pct"]["ntsc"] == pytest.approx(144.99, abs=0.01)
    assert m["coverage_pct"]["rec2020"] == pytest.approx(79.01, abs=0.01)


def test_jang_2025_claim_532nm_fwhm20_gives_cie_y_above_0_76():
    # Jang et al., Adv. Mater. (2025), introduction: "With an emission wavelength of
    # 532 nm and a narrow FWHM of ~20 nm, achieve a CIE_y > 0.76".  True: y = 0.7833
    # (Gaussian in wavelength) or 0.7818 (Gaussian in energy); y stays above 0.76 up to a
    # FWHM of ~30 nm (0.7641 at 30 nm, 0.7515 at 35 nm for the wavelength Gaussian).
    assert pc.xy(line_spectrum(532.0, 20.0))[1] == pytest.approx(0.78332, abs=1e-5)
    y_energy = pc.xy(line_spectrum(532.0, 20.0, "gaussian-energy"))[1]
    assert y_energy == pytest.approx(0.78176, abs=1e-5)
    assert pc.xy(line_spectrum(532.0, 30.0))[1] > 0.76 > pc.xy(line_spectrum(532.0, 35.0))[1]


def test_polygon_uses_convex_hull():
    square = [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.4], [0.3, 0.3]]
    assert pc.polygon_area(square) == pytest.approx(0.04, rel=1e-12)
    shuffled = [square[i] for i in (0, 2, 1, 4, 3)]
    assert pc.polygon_area(shuffled) == pytest.approx(0.04, rel=1e-12)


def test_coverage_of_disjoint_and_contained_gamuts():
    assert pc.gamut_coverage("srgb", "rec2020") == pytest.approx(
        pc.gamut_area_ratio("srgb", "rec2020"), rel=1e-12
    )  # sRGB lies inside Rec.2020
    tiny = [[0.30, 0.30], [0.31, 0.30], [0.30, 0.31]]
    assert pc.gamut_coverage(tiny, "srgb") == pytest.approx(0.00005 / pc.polygon_area("srgb"))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 0.7), st.floats(0.0, 0.8)), min_size=3, max_size=6))
def test_coverage_bounded_by_one_and_by_area_ratio(points):
    pts = np.array(points)
    pts = pts[pts.sum(axis=1) <= 1.0]
    if len(pts) < 3 or pc.polygon_area(pts) < 1e-9:
        return
    for space in ("xy", "uv"):
        cov = pc.gamut_coverage(pts, "rec2020", space)
        assert 0.0 <= cov <= 1.0
        assert cov <= pc.gamut_area_ratio(pts, "rec2020", space) + 1e-12


def test_gamut_errors():
    with pytest.raises(ParameterError, match="unknown standard"):
        pc.gamut_area_ratio("ntsc", "rec709")
    with pytest.raises(ParameterError, match="space"):
        pc.gamut_metrics(pc.STANDARD_PRIMARIES["srgb"], space="Lab")
    with pytest.raises(ParameterError, match=r">= 3 \(x, y\) points"):
        pc.polygon_area([[0.3, 0.3], [0.4, 0.4]])
    with pytest.raises(ParameterError, match="x \\+ y <= 1"):
        pc.polygon_area([[0.7, 0.7], [0.1, 0.1], [0.2, 0.1]])
