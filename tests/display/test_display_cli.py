"""``peled display ...``: JSON contract keys and numbers, error handling."""

import json
import math
from importlib import resources

import numpy as np
import pytest
from matplotlib import image as mpimg
from typer.testing import CliRunner

from peled.cli import app
from peled.display.image import colour_bar_pattern_rgb8

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, ["display", *args, "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _error(args):
    r = runner.invoke(app, ["display", *args])
    assert r.exit_code == 2, r.output
    assert "error:" in r.output
    assert "Traceback" not in r.output
    return r.output


def test_ppi_contract():
    out = _json(["ppi", "--resolution", "3840x2160", "--diagonal-in", "0.7"])
    assert set(out) == {"ppi", "pitch_um"}
    assert out["ppi"] == pytest.approx(math.hypot(3840, 2160) / 0.7)
    assert out["pitch_um"] == pytest.approx(25400 / out["ppi"])
    size = _json(["ppi", "--resolution", "7680x4320", "--width-in", "16", "--height-in", "9"])
    assert size["ppi"] == pytest.approx(480.0)  # 7680 px / 16 in


def test_sidewall_contract_fig5c():
    out = _json(["sidewall", "--ppi", "1,100,1000,10000", "--thickness-nm", "50"])
    assert out["relative_sidewall_area"] == pytest.approx([1, 100, 1000, 10000], rel=1e-12)
    assert out["sidewall_area_per_panel_area"][2] == pytest.approx(4 * 0.05 / 25.4)


def test_edge_fit_contract():
    out = _json(["edge-fit", "--pitch-um", "12.7,8.4667,5.08", "--eqe-pct", "21,19.4,11"])
    for key in ("delta_um", "delta_stderr_um", "eqe_intrinsic_pct"):
        assert key in out
    assert 0.8 < out["delta_um"] < 1.3
    assert out["eqe_intrinsic_pct"] > 21
    seed = _json(["edge-fit", "--laser-series", "--predict-ppi", "4000"])
    assert 0.8 < seed["delta_um"] < 1.3
    assert set(seed["eqe_intrinsic_pct"]) == {"red", "green", "blue"}
    assert 11.0 < seed["predicted_eqe_pct"]["green"] < 19.4
    assert seed["predicted_eqe_stderr_pct"]["green"] > 0
    rec = _json(["edge-fit", "--ppi", "2000,3000,5000", "--eqe-pct", "21,19.4,11",
                 "--model", "recombination"])
    assert rec["s_tau_um"] > 0


def test_pixel_contract():
    out = _json(["pixel", "--ppi", "3000", "--luminance", "1000", "--ce", "59", "--fill", "0.3"])
    assert out["current_a"] == pytest.approx(1000 * (25.4e-3 / 3000) ** 2 / 59, rel=1e-9)
    assert out["current_density_mA_cm2"] == pytest.approx(1000 / (0.3 * 59) / 10, rel=1e-9)
    assert set(out["tft_w_over_l"]) == {"ltps", "igzo"}
    assert out["tft_w_over_l"]["igzo"] == pytest.approx(10 * out["tft_w_over_l"]["ltps"])
    assert out["tft_fits"] == {"ltps": False, "igzo": False}
    # what fits: half of the 8.467 um pixel (35.84 um2) < the 36 um2 of a W = L = 2 um TFT
    avail = 0.5 * (25400 / 3000) ** 2
    assert out["tft_available_um2"] == pytest.approx(avail)
    assert out["tft_min_footprint_um2"] == 36.0 and out["tft_max_length_um"] is None
    assert out["tft_max_design_rule_um"] == pytest.approx(math.sqrt(avail / 9))
    # at W/L = 1 the 1.215 nA flow at IC = I / (2 mu C_ox U_T^2) = 0.263 (LTPS), 2.63 (IGZO)
    u_t = 0.0258520  # kT/q at 300 K
    k_ltps = 100e-4 * 3.9 * 8.8541878128e-12 / 100e-9
    ic = out["current_a"] / (2 * k_ltps * u_t**2)
    assert out["tft_min_device_inversion_coefficient"]["ltps"] == pytest.approx(ic, rel=1e-5)
    assert out["tft_min_device_inversion_coefficient"]["igzo"] == pytest.approx(10 * ic, rel=1e-5)
    assert out["tft_min_device_overdrive_v"]["ltps"] == pytest.approx(
        2 * u_t * math.log(math.expm1(math.sqrt(ic))), rel=1e-4)
    assert out["tft_min_device_regime"] == {"ltps": "moderate", "igzo": "moderate"}
    assert "1.996 um" in out["tft_note"]["ltps"] and "does not fit" in out["tft_note"]["igzo"]
    # C_st = 2 I_leak T_f / (e V_ov) = 2e-12/60/((0.5/255)*2) = 8.5 pF; area / pixel area
    assert out["storage_capacitor_f"] == pytest.approx(2e-12 / 60 / (0.5 / 255 * 2))
    assert out["storage_capacitor_area_over_pixel"]["ltps"] == pytest.approx(
        8.5e-12 / (k_ltps / 100e-4) * 1e12 / (25400 / 3000) ** 2, rel=1e-6)
    fine = _json(["pixel", "--ppi", "3000", "--luminance", "1000", "--ce", "59",
                  "--design-rule-um", "1"])
    assert fine["tft_max_length_um"] == pytest.approx(avail / 3 - 2)  # W = 1 um
    assert fine["tft_max_length_regime"] == {"ltps": "moderate", "igzo": "strong"}
    eqe = _json(["pixel", "--ppi", "3000", "--luminance", "1000", "--eqe", "16",
                 "--peak-nm", "530", "--fwhm-nm", "20"])
    assert eqe["current_a"] == pytest.approx(1000 * (25.4e-3 / 3000) ** 2 / eqe["ce_cd_a"])


def test_panel_contract():
    out = _json(["panel", "--red", "635,25,17", "--green", "520,20,21", "--blue", "470,20,6",
                 "--white", "D65", "--luminance", "500"])
    assert set(out["gamut"]) == {"area_ratio_pct", "coverage_pct"}
    assert set(out["gamut"]["coverage_pct"]) >= {"rec2020", "dci_p3", "srgb"}
    assert sum(out["luminance_share"].values()) == pytest.approx(1.0)
    assert out["power_w"] > 0
    assert out["panel_diagonal_in"] == 0.7 and out["panel_aspect"] == [16, 9]
    # power scales with panel area: 1.4 in has 4x the area
    big = _json(["panel", "--red", "635,25,17", "--green", "520,20,21", "--blue", "470,20,6",
                 "--diagonal-in", "1.4"])
    assert big["power_w"] == pytest.approx(4 * out["power_w"])


def test_panel_image_and_apl(tmp_path):
    path = tmp_path / "white.png"
    mpimg.imsave(path, np.full((4, 4, 3), 255, dtype=np.uint8))
    out = _json(["panel", "--red", "635,25,17", "--green", "520,20,21", "--blue", "470,20,6",
                 "--image", str(path), "--apl", "0.25"])
    assert out["content_power_w"] == pytest.approx(out["power_w"], rel=1e-6)
    assert out["apl_power_w"] == pytest.approx(0.25 * out["power_w"])


EXAMPLE_PNG = resources.files("peled").joinpath("data", "examples", "display",
                                                "test_pattern_64x36.png")
PANEL = ["panel", "--red", "635,25,17", "--green", "520,20,21", "--blue", "470,20,6"]


def _srgb_decode(code: np.ndarray) -> np.ndarray:
    """IEC 61966-2-1 sRGB decoding written out (independent of colour-science)."""
    c = code / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def test_bundled_example_png_is_the_documented_pattern():
    stored = np.round(mpimg.imread(str(EXAMPLE_PNG)) * 255).astype(np.uint8)
    assert stored.shape == (36, 64, 3)
    np.testing.assert_array_equal(stored, colour_bar_pattern_rgb8())
    assert EXAMPLE_PNG.stat().st_size < 4096  # a few kB at most


@pytest.mark.parametrize("mode", ["native", "managed"])
def test_panel_example_image_content_power(mode):
    out = _json([*PANEL, "--image", str(EXAMPLE_PNG), "--content-mode", mode])
    # bars: every primary on in 4 of 8 bars over 2/3 of the rows; ramp: 1/3 of the rows
    ramp = _srgb_decode(np.round(255 * np.arange(64) / 63))
    m = 0.5 * 2 / 3 + ramp.mean() / 3
    assert m == pytest.approx(0.4378, abs=1e-4)
    # managed mode maps sRGB white to panel white and is linear: the bar sum (4, 4, 4) and
    # the greys keep their drive, so both modes agree for this pattern
    for c in ("red", "green", "blue"):
        assert out["content_mean_drive"][c] == pytest.approx(m, rel=1e-6)
    assert out["content_apl"] == pytest.approx(m, rel=1e-6)
    assert out["content_power_w"] == pytest.approx(m * out["power_w"], rel=1e-6)
    assert out["content_mode"] == mode


def test_panel_subpixel_currents_at_full_white():
    out = _json([*PANEL, "--luminance", "500", "--ppi", "3000"])
    p2 = (25.4e-3 / 3000) ** 2
    for c in ("red", "green", "blue"):
        share, ce = out["luminance_share"][c], out["ce_cd_a"][c]
        # stripe: I = s L p^2 / CE; J = s L / (f CE) with f = 1/3; emitter L = 3 s L
        assert out["subpixel_current_a"][c] == pytest.approx(share * 500 * p2 / ce)
        assert out["subpixel_current_density_mA_cm2"][c] == pytest.approx(
            0.1 * share * 500 / (ce / 3))
        assert out["subpixel_emitter_luminance_cd_m2"][c] == pytest.approx(3 * share * 500)
    pen = _json([*PANEL, "--luminance", "500", "--ppi", "3000", "--layout", "pentile"])
    # PenTile: half a red and half a blue per pixel -> each red/blue sub-pixel carries 2x
    assert pen["subpixel_current_a"]["red"] == pytest.approx(2 * out["subpixel_current_a"]["red"])
    assert pen["subpixel_current_a"]["green"] == pytest.approx(out["subpixel_current_a"]["green"])
    assert pen["subpixel_fill"] == pytest.approx({"red": 0.25, "green": 0.5, "blue": 0.25})


def test_panel_spectrum_file(tmp_path):
    from peled.spectra import line_spectrum

    s = line_spectrum(630, 25)
    path = tmp_path / "red.csv"
    path.write_text("wavelength_nm,intensity\n" + "\n".join(
        f"{w},{i}" for w, i in zip(s.wavelength_nm, s.intensity, strict=True)))
    out = _json(["panel", "--red", f"{path},17", "--green", "520,20,21",
                 "--blue", "470,20,6"])
    ref = _json(["panel", "--red", "630,25,17", "--green", "520,20,21", "--blue", "470,20,6"])
    assert out["primaries_xy"]["red"] == pytest.approx(ref["primaries_xy"]["red"], abs=1e-6)


def test_ageing_command():
    out = _json(["ageing", "--red", "635,25,17", "--green", "520,20,21", "--blue", "470,20,6",
                 "--t50-h", "1000,2000,200", "--luminance", "500"])
    assert out["time_to_jnd_h"] > 0
    i = np.searchsorted(out["hours"], out["time_to_jnd_h"])
    # the JND time lies between the tabulated hours bracketing Delta u'v' = 0.005
    assert out["delta_uv"][i - 1] < 0.005 < out["delta_uv"][i]


def test_white_as_xy_pair_equals_d65_name():
    out = _json(["panel", "--red", "635,25,17", "--green", "520,20,21", "--blue", "470,20,6",
                 "--white", "0.3127,0.3290"])
    ref = _json(["panel", "--red", "635,25,17", "--green", "520,20,21", "--blue", "470,20,6"])
    assert out["luminance_share"] == pytest.approx(ref["luminance_share"], rel=1e-9)


@pytest.mark.parametrize(
    "args, match",
    [
        (["ppi", "--resolution", "3840x2160", "--diagonal-in", "0"], "diagonal_in"),
        (["ppi", "--resolution", "3840by2160", "--diagonal-in", "0.7"], "--resolution"),
        (["ppi", "--resolution", "3840x2160"], "--diagonal-in"),
        (["panel", "--red", "635,25,17", "--green", "520,20,21", "--blue", "470,20,6",
          "--white", "D99"], "unknown white point"),
        (["panel", "--red", "635,25,-17", "--green", "520,20,21", "--blue", "470,20,6"],
         "eqe_pct"),
        (["panel", "--red", "635,25", "--green", "520,20,21", "--blue", "470,20,6"], "--red"),
        (["panel", "--red", "635,25,17", "--green", "520,20,21", "--blue", "470,20,6",
          "--image", "missing.png"], "missing.png"),
        (["pixel", "--ppi", "3000", "--luminance", "1000", "--eqe", "-5", "--peak-nm", "530"],
         "--eqe"),
        (["pixel", "--ppi", "3000", "--luminance", "1000"], "--ce"),
        (["pixel", "--ppi", "0", "--luminance", "1000", "--ce", "59"], "ppi"),
        (["sidewall", "--ppi", "1,abc"], "--ppi"),
        (["edge-fit", "--pitch-um", "12.7,8.4", "--eqe-pct", "21,19"], "cannot determine"),
        (["edge-fit", "--pitch-um", "12.7,8.4,5", "--eqe-pct", "21,-19,11"], "eqe_pct"),
        (["edge-fit", "--laser-series", "--model", "magic"], "--model"),
        (["edge-fit", "--ppi", "0,3000,5000", "--eqe-pct", "21,19,11"], "--ppi"),
        (["sidewall", "--ppi", "100", "--ppi-ref", "0"], "--ppi-ref"),
        (["pixel", "--ppi", "3000", "--luminance", "1000", "--ce", "59", "--frame-hz", "0"],
         "--frame-hz"),
        (["pixel", "--ppi", "3000", "--luminance", "1000", "--ce", "59", "--slope-factor",
          "0.5"], "--slope-factor"),
        ([*PANEL, "--image", str(EXAMPLE_PNG), "--content-mode", "vivid"], "--content-mode"),
        ([*PANEL, "--image", "notes.txt"], "PNG"),
        ([*PANEL, "--ppi", "3000", "--layout", "delta"], "--layout"),
        ([*PANEL, "--ppi", "3000", "--gap-um", "5"], "no emissive area"),
    ],
)
def test_cli_errors(args, match):
    assert match in _error(args)


def test_human_output_tables():
    r = runner.invoke(app, ["display", "ppi", "--resolution", "3840x2160", "--diagonal-in", "0.7"])
    assert r.exit_code == 0 and "6294" in r.stdout
    r = runner.invoke(app, ["display", "pixel", "--ppi", "3000", "--luminance", "1000",
                            "--ce", "59"])
    assert r.exit_code == 0 and "tft_w_over_l.ltps" in r.stdout
