"""``peled display ...``: JSON contract keys and numbers, error handling."""

import json
import math

import numpy as np
import pytest
from matplotlib import image as mpimg
from typer.testing import CliRunner

from peled.cli import app

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
    seed = _json(["edge-fit", "--seed004", "--predict-ppi", "4000"])
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
        (["edge-fit", "--seed004", "--model", "magic"], "--model"),
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
