"""White balance, panel primaries/gamut/power, content power, colour conversion, ageing."""

import colour
import numpy as np
import pytest
from matplotlib import image as mpimg

from peled.color import STANDARD_PRIMARIES, gamut_metrics, xy_to_uv_prime
from peled.display.drive import current_efficiency_from_eqe
from peled.display.image import read_image_linear_rgb
from peled.display.panel import (
    ConverterFilm,
    PanelDesign,
    PrimaryLifetime,
    apl_power_w,
    compare_designs,
    content_luminances,
    content_power_w,
    conversion_panel,
    luminance_shares,
    panel_area_m2,
    panel_performance,
    time_to_white_shift_h,
    white_point_drift,
)
from peled.errors import FileFormatError, ParameterError
from peled.spectra import line_spectrum

pytestmark = pytest.mark.filterwarnings("ignore:Aligning:colour.utilities.ColourRuntimeWarning")

DESIGN = PanelDesign.from_lines((635, 25, 17), (520, 20, 21), (470, 20, 6))


def test_rec709_white_balance_to_d65_gives_bt709_luma_coefficients():
    s = luminance_shares(STANDARD_PRIMARIES["srgb"], "D65")
    np.testing.assert_allclose(s, [0.2126, 0.7152, 0.0722], atol=5e-5)  # ITU-R BT.709-6
    assert s.sum() == pytest.approx(1.0)


def test_rec2020_white_balance_gives_bt2020_luma_coefficients():
    s = luminance_shares(STANDARD_PRIMARIES["rec2020"], "D65")
    np.testing.assert_allclose(s, [0.2627, 0.6780, 0.0593], atol=5e-5)  # ITU-R BT.2020-2


def test_white_balance_errors():
    with pytest.raises(ParameterError, match="unknown white point"):
        luminance_shares(STANDARD_PRIMARIES["srgb"], "D99")
    with pytest.raises(ParameterError, match="outside the triangle"):
        luminance_shares(STANDARD_PRIMARIES["srgb"], (0.2, 0.7))


def test_primaries_match_colour_science():
    for spectrum, xy in zip(DESIGN.spectra, DESIGN.primaries_xy, strict=True):
        XYZ = colour.sd_to_XYZ(spectrum.to_sd(), k=683)
        np.testing.assert_allclose(xy, colour.XYZ_to_xy(XYZ), atol=1e-6)


def test_panel_power_hand_calculation():
    res = panel_performance(DESIGN, "D65", 500.0, diagonal_in=0.7, aspect=(16, 9))
    w = 0.7 * 16 / np.hypot(16, 9) * 0.0254
    h = 0.7 * 9 / np.hypot(16, 9) * 0.0254
    assert res.area_m2 == pytest.approx(w * h)
    assert panel_area_m2(0.7) == pytest.approx(w * h)
    ce = [current_efficiency_from_eqe(e, s) for e, s in zip((17, 21, 6), DESIGN.spectra,
                                                             strict=True)]
    expected = w * h * sum(5.0 * sh * 500 / c for sh, c in zip(res.luminance_share, ce,
                                                                 strict=True))
    assert res.power_w == pytest.approx(expected, rel=1e-12)
    # the white balance mixes the primaries to D65 (colour-science xyY -> XYZ)
    XYZ = sum(sh * colour.xyY_to_XYZ([*xy, 1.0]) for sh, xy in zip(
        res.luminance_share, res.primaries_xy, strict=True))
    np.testing.assert_allclose(colour.XYZ_to_xy(XYZ), [0.3127, 0.3290], atol=1e-9)
    # narrow PeLED lines exceed Rec.2020 in area but do not cover it fully
    assert res.gamut["area_ratio_pct"]["rec2020"] > 100
    assert res.gamut["coverage_pct"]["rec2020"] < 100


def test_negative_or_zero_eqe_rejected():
    with pytest.raises(ParameterError, match="eqe_pct"):
        PanelDesign.from_lines((635, 25, -17), (520, 20, 21), (470, 20, 6))
    with pytest.raises(ParameterError, match="eqe_pct"):
        PanelDesign(tuple(line_spectrum(p, 20) for p in (630, 530, 460)), (10, 0, 5))


def _srgb_decode(c):
    """IEC 61966-2-1 sRGB decoding written out (independent of colour-science)."""
    c = np.asarray(c, float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def test_image_power_uniform_grey(tmp_path):
    path = tmp_path / "grey.png"
    mpimg.imsave(path, np.full((8, 12, 3), 128, dtype=np.uint8))
    rgb = read_image_linear_rgb(path)
    assert rgb.shape == (8, 12, 3)
    np.testing.assert_allclose(rgb, _srgb_decode(128 / 255), atol=1e-6)
    full = panel_performance(DESIGN).power_w
    assert content_power_w(DESIGN, rgb) == pytest.approx(full * _srgb_decode(128 / 255),
                                                         rel=1e-5)


def test_image_power_half_white_half_black_equals_apl_half(tmp_path):
    img = np.zeros((10, 10, 3), dtype=np.uint8)
    img[:, :5] = 255
    path = tmp_path / "half.png"
    mpimg.imsave(path, img)
    p = content_power_w(DESIGN, read_image_linear_rgb(path))
    assert p == pytest.approx(apl_power_w(DESIGN, 0.5), rel=1e-6)
    assert p == pytest.approx(0.5 * panel_performance(DESIGN).power_w, rel=1e-6)


def test_pure_red_content_uses_only_red_power():
    rgb = np.zeros((4, 4, 3))
    rgb[..., 0] = 1.0
    res = panel_performance(DESIGN)
    expected = res.area_m2 * 5.0 * res.current_density_panel_a_m2[0]
    assert content_power_w(DESIGN, rgb) == pytest.approx(expected)


def test_managed_mode_is_identity_on_srgb_primaries():
    rng = np.random.default_rng(0)
    rgb = rng.random((20, 3))
    m = content_luminances(rgb, STANDARD_PRIMARIES["srgb"], "managed")
    np.testing.assert_allclose(m, rgb.mean(axis=0), atol=1e-3)


def test_compare_two_designs_power_scales_with_efficiency():
    better = PanelDesign.from_lines((635, 25, 34), (520, 20, 42), (470, 20, 12))
    rgb = np.random.default_rng(2).random((16, 16, 3))
    assert content_power_w(better, rgb) == pytest.approx(0.5 * content_power_w(DESIGN, rgb))
    cmp = compare_designs(DESIGN, better, rgb)
    assert cmp["power_ratio_b_over_a"] == pytest.approx(0.5)
    assert cmp["rec2020_coverage_a_pct"] == pytest.approx(cmp["rec2020_coverage_b_pct"])
    # full white when no content is given
    assert compare_designs(DESIGN, better)["power_a_w"] == pytest.approx(
        panel_performance(DESIGN).power_w)


def test_image_errors(tmp_path):
    with pytest.raises(FileFormatError, match="PNG"):
        read_image_linear_rgb(tmp_path / "x.jpg")
    bad = tmp_path / "bad.png"
    bad.write_text("not a png")
    with pytest.raises(FileFormatError, match="bad.png"):
        read_image_linear_rgb(bad)
    with pytest.raises(ParameterError, match=r"\[0, 1\]"):
        content_luminances(np.full((2, 3), 1.5))
    with pytest.raises(ParameterError, match="apl"):
        apl_power_w(DESIGN, 1.2)


# --------------------------------------------------------------------------- conversion


def test_converter_full_absorption_gives_pure_converter_colour():
    green = ConverterFilm(520, 20, 0.9, 1e5, 10.0)  # alpha d = 100
    red = ConverterFilm(635, 25, 0.8, 1e5, 10.0)
    cp = conversion_panel((450, 20, 10), green, red)
    assert cp.blue_leakage[1] == pytest.approx(np.exp(-100))
    np.testing.assert_allclose(cp.photon_yield, [0.8, 0.9, 1.0], rtol=1e-9)
    np.testing.assert_allclose(cp.design.eqe_pct, [8.0, 9.0, 10.0], rtol=1e-9)
    line = colour.XYZ_to_xy(colour.sd_to_XYZ(line_spectrum(520, 20).to_sd(), k=683))
    np.testing.assert_allclose(cp.design.primaries_xy[1], line, atol=1e-6)


def test_converter_partial_absorption_beer_lambert_and_filters():
    # alpha d = ln 2: half the blue leaks; photon yield = 0.5 + 0.5 PLQY
    d_um = np.log(2.0) / 2e4 * 1e4
    green = ConverterFilm(530, 20, 0.8, 2e4, d_um)
    red = ConverterFilm(630, 25, 0.8, 2e4, d_um)
    cp = conversion_panel((450, 20, 10), green, red)
    assert cp.blue_leakage == pytest.approx((0.5, 0.5))
    assert cp.photon_yield[1] == pytest.approx(0.5 + 0.5 * 0.8, rel=1e-9)
    filtered = conversion_panel((450, 20, 10), green, red, filters="box")
    line = colour.XYZ_to_xy(colour.sd_to_XYZ(line_spectrum(530, 20).to_sd(), k=683))
    # the box filter removes the leaked blue: green primary moves back to the line colour
    assert np.linalg.norm(filtered.design.primaries_xy[1] - line) < 0.01
    assert np.linalg.norm(cp.design.primaries_xy[1] - line) > 0.1
    assert filtered.photon_yield[1] == pytest.approx(0.4, abs=1e-5)  # converted only
    assert filtered.design.primaries_xy.shape == (3, 2)
    res = panel_performance(filtered.design)
    assert res.gamut["area_ratio_pct"]["rec2020"] > gamut_metrics(
        cp.design.primaries_xy)["area_ratio_pct"]["rec2020"]
    # unfiltered, the blue leakage pulls red and green towards blue: D65 is out of reach
    with pytest.raises(ParameterError, match="outside the triangle"):
        panel_performance(cp.design)


def test_converter_errors():
    with pytest.raises(ParameterError, match="plqy"):
        ConverterFilm(520, 20, 1.2, 1e4, 1.0)
    with pytest.raises(ParameterError, match="thickness_um"):
        ConverterFilm(520, 20, 0.9, 1e4, 0.0)
    g = ConverterFilm(520, 20, 0.9, 1e4, 1.0)
    with pytest.raises(ParameterError, match="filters"):
        conversion_panel((450, 20, 10), g, g, filters="dichroic")


# --------------------------------------------------------------------------- ageing


def test_equal_ageing_does_not_shift_white():
    prim = DESIGN.primaries_xy
    s = luminance_shares(prim)
    life = (PrimaryLifetime(1000.0),) * 3
    # fill proportional to the shares: all emitters at the same luminance, same decay
    d = white_point_drift(prim, s, life, 300.0, [0.0, 500.0, 5000.0], fill=s)
    np.testing.assert_allclose(d, 0.0, atol=1e-12)
    assert time_to_white_shift_h(prim, s, life, 300.0, fill=s) == float("inf")


def test_blue_only_ageing_drift_and_jnd_time():
    prim = STANDARD_PRIMARIES["srgb"]
    s = luminance_shares(prim)
    # blue T50 = 100 h at its emitting luminance (fill 1/3, L_w = 300 -> 3 * 0.0722 * 300)
    lb = 3 * s[2] * 300.0
    life = (PrimaryLifetime(1e12), PrimaryLifetime(1e12), PrimaryLifetime(100.0, lb, 1.65))
    t = 60.0
    r = 2.0 ** (-t / 100.0)
    XYZ = sum(k * colour.xyY_to_XYZ([*xy, 1.0]) for k, xy in zip(s * [1, 1, r], prim,
                                                                 strict=True))
    uv = colour.xy_to_Luv_uv(colour.XYZ_to_xy(XYZ))
    uv0 = colour.xy_to_Luv_uv([0.3127, 0.3290])
    assert white_point_drift(prim, s, life, 300.0, t) == pytest.approx(
        np.hypot(*(uv - uv0)), rel=1e-6)
    t_jnd = time_to_white_shift_h(prim, s, life, 300.0, 0.005)
    # independent bisection on the blue remaining fraction with colour-science
    lo, hi = 0.5, 1.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        XYZ = sum(k * colour.xyY_to_XYZ([*xy, 1.0]) for k, xy in zip(s * [1, 1, mid], prim,
                                                                     strict=True))
        duv = np.hypot(*(colour.xy_to_Luv_uv(colour.XYZ_to_xy(XYZ)) - uv0))
        lo, hi = (mid, hi) if duv > 0.005 else (lo, mid)
    assert t_jnd == pytest.approx(-100.0 * np.log2(0.5 * (lo + hi)), rel=1e-6)
    np.testing.assert_allclose(xy_to_uv_prime([0.3127, 0.3290]), uv0)


def test_ageing_uses_acceleration_law():
    prim = STANDARD_PRIMARIES["srgb"]
    s = luminance_shares(prim)
    lb = 3 * s[2] * 300.0
    # T50 = 100 h at 2 lb with n = 2 -> 400 h at lb: same drift at 4x the time
    life_a = (PrimaryLifetime(1e12), PrimaryLifetime(1e12), PrimaryLifetime(100.0, lb, 2.0))
    life_b = (PrimaryLifetime(1e12), PrimaryLifetime(1e12),
              PrimaryLifetime(100.0, 2 * lb, 2.0))
    assert white_point_drift(prim, s, life_b, 300.0, 200.0) == pytest.approx(
        white_point_drift(prim, s, life_a, 300.0, 50.0), rel=1e-9)


def test_ageing_errors():
    with pytest.raises(ParameterError, match="t50_h"):
        PrimaryLifetime(-5.0)
    prim = STANDARD_PRIMARIES["srgb"]
    with pytest.raises(ParameterError, match="three PrimaryLifetime"):
        white_point_drift(prim, luminance_shares(prim), (PrimaryLifetime(1.0),), 100.0, 1.0)
