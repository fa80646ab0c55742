"""`peled color ...`: JSON contract keys and numbers against colour-science."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import colour
import numpy as np
import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.spectra import DEFAULT_GRID_NM, gaussian

runner = CliRunner()

# colour-science (the reference here) announces every shape alignment it performs
pytestmark = pytest.mark.filterwarnings("ignore::colour.utilities.ColourRuntimeWarning")

SPECTRUM_KEYS = {
    "x", "y", "u_prime", "v_prime", "peak_nm", "fwhm_nm", "dominant_wavelength_nm",
    "purity_pct", "cct_k", "duv", "ler_lm_per_w",
}
STANDARDS = {"rec2020", "dci_p3", "ntsc", "srgb", "adobe_rgb"}


def run_json(*args: str) -> dict:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def colour_xy(peak: float, fwhm: float, observer: str = "CIE 1931 2 Degree Standard Observer"):
    sd = colour.SpectralDistribution(
        dict(zip(DEFAULT_GRID_NM, gaussian(peak, fwhm), strict=True))
    )
    return colour.XYZ_to_xy(colour.sd_to_XYZ(sd, cmfs=colour.MSDS_CMFS[observer]))


def test_spectrum_keys_and_xy_match_colour_science():
    out = run_json("color", "spectrum", "--peak", "532", "--fwhm", "20", "--json")
    assert SPECTRUM_KEYS <= out.keys()
    ref = colour_xy(532, 20)
    assert out["x"] == pytest.approx(ref[0], abs=1e-6)
    assert out["y"] == pytest.approx(ref[1], abs=1e-6)
    # u' = 4x / (-2x + 12y + 3), v' = 9y / (-2x + 12y + 3)  (CIE 015:2018 eq. 8.6)
    d = -2 * ref[0] + 12 * ref[1] + 3
    assert out["u_prime"] == pytest.approx(4 * ref[0] / d, abs=1e-6)
    assert out["v_prime"] == pytest.approx(9 * ref[1] / d, abs=1e-6)
    assert out["peak_nm"] == pytest.approx(532.0, abs=0.01)
    assert out["fwhm_nm"] == pytest.approx(20.0, abs=0.05)
    # a saturated green is far from the Planckian locus: no CCT is reported
    assert out["cct_k"] is None and out["duv"] > 0.05
    # Jang et al., Adv. Mater. (2025): a 532-nm emitter with ~20 nm FWHM reaches CIE y > 0.76
    assert out["y"] > 0.76


def test_spectrum_1964_observer_differs_and_matches_colour():
    out = run_json("color", "spectrum", "--peak", "610", "--fwhm", "25", "--observer", "1964",
                   "--json")
    ref = colour_xy(610, 25, "CIE 1964 10 Degree Standard Observer")
    assert (out["x"], out["y"]) == pytest.approx(tuple(ref), abs=1e-6)


def test_file_command_reads_example(tmp_path):
    path = tmp_path / "g.csv"
    wl = np.arange(400.0, 701.0)
    path.write_text("wavelength (nm),counts\n" + "\n".join(
        f"{w:g},{v:.8f}" for w, v in zip(wl, gaussian(520.0, 22.0, wl), strict=True)))
    out = run_json("color", "file", str(path), "--json")
    ref = colour_xy(520, 22)
    assert out["x"] == pytest.approx(ref[0], abs=2e-4)
    assert out["peak_nm"] == pytest.approx(520.0, abs=0.01)


GOOD = "wavelength (nm),I\n" + "\n".join(
    f"{w:g},{v:.8f}" for w, v in zip(DEFAULT_GRID_NM, gaussian(530.0, 25.0), strict=True)
)
MALFORMED = [
    ("", "empty", ":1: file is empty"),
    ("500\n510\n520\n", "one column", ":1: only one column"),
    ("500,1\n510,abc\n520,2\n530,1\n", "text in data", ":2: expected two numbers"),
    ("500,1\n510,nan\n520,2\n530,1\n", "NaN", ":2: non-finite value"),
    ("500,1\n520,2\n510,3\n530,1\n", "unsorted", ":3: wavelengths are not sorted"),
    ("-500,1\n-510,2\n-520,1\n", "negative wavelength", ":1: wavelength must be > 0"),
    ("wavelength (furlongs),I\n500,1\n510,2\n520,1\n", "unknown unit", ":1: unknown unit"),
]


@pytest.mark.parametrize("command", ["file", "cri", "gamut"])
@pytest.mark.parametrize("content, case, fragment", MALFORMED, ids=[m[1] for m in MALFORMED])
def test_malformed_files_exit_2_naming_file_and_line(tmp_path, command, content, case, fragment):
    path = tmp_path / "bad_spectrum.csv"
    path.write_text(content)
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    args = {
        "file": ["color", "file", str(path), "--json"],
        "cri": ["color", "cri", str(path), "--json"],
        "gamut": ["color", "gamut", "--spectra", str(good), str(path), str(good), "--json"],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, case
    assert result.stdout == ""
    assert result.output.startswith(f"error: {path}{fragment}"), result.output
    assert result.output.count("\n") == 1  # one line, no traceback


def test_gamut_monochromatic_rec2020_primaries_cover_it():
    locus = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"]
    pts = [colour.XYZ_to_xy(locus[w]) for w in (630, 532, 467)]
    text = ";".join(f"{x:.6f},{y:.6f}" for x, y in pts)
    out = run_json("color", "gamut", "--xy", text, "--json")
    assert set(out["area_ratio_pct"]) == STANDARDS == set(out["coverage_pct"])
    # Rec.2020's own primaries are the monochromatic 630/532/467 nm points (ITU-R BT.2020)
    assert out["coverage_pct"]["rec2020"] == pytest.approx(100.0, abs=0.3)
    assert len(out["primaries"]) == 3


def test_gamut_ntsc_area_ratio_against_rec2020_is_0_7467():
    ntsc = colour.RGB_COLOURSPACES["NTSC (1953)"].primaries
    text = ";".join(f"{x},{y}" for x, y in ntsc)
    out = run_json("color", "gamut", "--xy", text, "--json")
    assert out["area_ratio_pct"]["rec2020"] == pytest.approx(74.67, abs=0.05)
    assert out["area_ratio_pct"]["ntsc"] == pytest.approx(100.0, abs=1e-9)


def test_gamut_from_peaks_and_uv_space():
    out_xy = run_json("color", "gamut", "--peaks", "630,532,467", "--fwhm", "20", "--json")
    out_uv = run_json("color", "gamut", "--peaks", "630,532,467", "--fwhm", "20", "--space",
                      "uv", "--json")
    assert np.allclose(out_xy["primaries"], out_uv["primaries"])
    # broadening pulls primaries inside the locus: coverage below 100 % but high
    assert 90.0 < out_xy["coverage_pct"]["rec2020"] < 100.0
    assert out_uv["area_ratio_pct"]["rec2020"] != pytest.approx(out_xy["area_ratio_pct"]["rec2020"])


def test_gamut_requires_exactly_one_source():
    result = runner.invoke(app, ["color", "gamut", "--json"])
    assert result.exit_code == 2 and "exactly one" in result.output


def test_cct_d65_and_mccamy():
    out = run_json("color", "cct", "--xy", "0.3127,0.3290", "--json")
    assert out["cct_k"] == pytest.approx(6504, abs=5)
    assert out["duv"] == pytest.approx(0.0032, abs=3e-4)
    mc = run_json("color", "cct", "--xy", "0.2985,0.3076", "--method", "mccamy", "--json")
    n = (0.2985 - 0.3320) / (0.3076 - 0.1858)  # McCamy, Color Res. Appl. 17, 142 (1992)
    assert mc["cct_k"] == pytest.approx(-449 * n**3 + 3525 * n**2 - 6823.3 * n + 5520.33, abs=1)


def test_cct_bad_method_and_bad_xy():
    r = runner.invoke(app, ["color", "cct", "--xy", "0.3,0.3", "--method", "kelvin"])
    assert r.exit_code == 2 and "--method" in r.output
    r = runner.invoke(app, ["color", "cct", "--xy", "0.3", "--json"])
    assert r.exit_code == 2 and "--xy" in r.output


def test_cri_of_cie_illuminant_a_is_100(tmp_path):
    sd = colour.SDS_ILLUMINANTS["A"]
    path = tmp_path / "a.csv"
    path.write_text("\n".join(f"{w:g},{v:g}" for w, v in zip(sd.wavelengths, sd.values,
                                                               strict=True)))
    out = run_json("color", "cri", str(path), "--json")
    assert out["ra"] == pytest.approx(100.0, abs=0.1)
    assert len(out["ri"]) == 14


def test_white_mix_hits_target_cct():
    out = run_json("color", "white", "--blue", "450,20", "--green", "530,20,0.9", "--red",
                   "630,25,0.8", "--cct", "6500", "--json")
    assert {"weights", "x", "y", "cct_k", "duv", "ra", "ler_lm_per_w"} <= out.keys()
    assert out["cct_k"] == pytest.approx(6500, abs=1)
    assert abs(out["duv"]) < 1e-4
    assert sum(out["weights"].values()) == pytest.approx(1.0)


def test_white_rgb_to_d65():
    out = run_json("color", "white", "--rgb", "--red", "630,20", "--green", "532,20", "--blue",
                   "467,20", "--xy", "0.3127,0.3290", "--json")
    assert (out["x"], out["y"]) == pytest.approx((0.3127, 0.3290), abs=1e-4)


def test_white_unreachable_target_is_clear_error():
    r = runner.invoke(app, ["color", "white", "--xy", "0.70,0.29", "--json"])
    assert r.exit_code == 2 and r.output.startswith("error: ")


def test_version():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.startswith("peled ")


@pytest.mark.parametrize("command", ["spectrum", "file", "gamut", "cct", "cri", "white"])
def test_every_color_command_help_example_runs(command, tmp_path, monkeypatch):
    from typer.main import get_command

    doc = get_command(app).commands["color"].commands[command].help
    example = next(line for line in doc.splitlines() if line.strip().startswith("Example:"))
    repo = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(tmp_path)
    for part in example.split("Example:", 1)[1].split("&&"):
        argv = shlex.split(part)
        assert argv[0] == "peled" and argv[1:3] == ["color", argv[2]]
        argv = [str(repo / a) if a.startswith("src/peled/") else a for a in argv[1:]]
        r = runner.invoke(app, argv)
        assert r.exit_code == 0, (part, r.output)
        if "--json" in argv:
            assert isinstance(json.loads(r.stdout), dict)  # exactly one JSON object
    assert f"peled color {command}" in example


def test_gamut_with_one_fwhm_per_peak_matches_colour():
    out = run_json("color", "gamut", "--peaks", "630,532,467", "--fwhm", "25,20,18", "--json")
    for (x, y), peak, width in zip(out["primaries"], (630, 532, 467), (25, 20, 18), strict=True):
        assert (x, y) == pytest.approx(tuple(colour_xy(peak, width)), abs=1e-6)
    r = runner.invoke(app, ["color", "gamut", "--peaks", "630,532,467", "--fwhm", "25,20"])
    assert r.exit_code == 2 and "--fwhm: expected 1 or 3" in r.output


def test_cct_far_from_the_planckian_locus_is_an_error():
    # a red primary: |Duv| = 0.21, so no method may quote a CCT (CIE 015:2018 sec. 9.5)
    for method in ("ohno", "robertson", "mccamy"):
        r = runner.invoke(app, ["color", "cct", "--xy", "0.70,0.29", "--method", method])
        assert r.exit_code == 2 and r.stdout == ""
        assert r.output.startswith("error: --xy 0.7,0.29 lies |Duv| = 0.214")


def test_cri_reports_cct_duv_and_warns_for_a_saturated_source(tmp_path):
    path = tmp_path / "green.csv"
    path.write_text(GOOD)
    r = runner.invoke(app, ["color", "cri", str(path), "--json"])
    assert r.exit_code == 0
    out = json.loads(r.stdout)  # stdout is exactly one JSON object; the warning is on stderr
    assert set(out) == {"ra", "ri", "cct_k", "duv"} and len(out["ri"]) == 14
    assert out["cct_k"] is None and out["duv"] > 0.05
    assert r.stderr.startswith("warning: green.csv: |Duv| = ")


def test_file_with_a_flat_spectrum_reports_null_fwhm_and_a_warning(tmp_path):
    path = tmp_path / "flat.csv"
    path.write_text("nm,I\n" + "\n".join(f"{w},1.0" for w in range(380, 781)))
    r = runner.invoke(app, ["color", "file", str(path), "--json"])
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert out["fwhm_nm"] is None and SPECTRUM_KEYS <= out.keys()
    assert out["cct_k"] == pytest.approx(5455, abs=150)  # equal-energy white is 5455 K
    assert "warning: fwhm_nm is null" in r.stderr


def test_white_writes_its_spectrum_and_cri_of_the_file_agrees(tmp_path):
    path = tmp_path / "white.csv"
    out = run_json("color", "white", "--cct", "4000", "-o", str(path), "--json")
    text = path.read_text().splitlines()
    wl, power = np.array([line.split(",") for line in text[1:]], dtype=float).T
    sd = colour.SpectralDistribution(dict(zip(wl, power, strict=True)))
    assert tuple(colour.XYZ_to_xy(colour.sd_to_XYZ(sd))) == pytest.approx(
        (out["x"], out["y"]), abs=1e-8
    )
    cri = run_json("color", "cri", str(path), "--json")
    assert cri["ra"] == pytest.approx(out["ra"], abs=1e-6)
    assert cri["cct_k"] == pytest.approx(4000.0, abs=0.1)


def test_white_with_filter_files_in_r_g_b_order(tmp_path):
    from peled.color import box_filters, crossing_edges_nm

    # filter files equal to the default ideal box filters reproduce the default primaries
    comps = ((450.0, 20.0), (530.0, 20.0), (630.0, 25.0))
    trans_bgr = box_filters(crossing_edges_nm(comps), DEFAULT_GRID_NM)
    files = []
    for name, t in zip("rgb", trans_bgr[::-1], strict=True):
        f = tmp_path / f"{name}.csv"
        f.write_text("nm,T\n" + "\n".join(
            f"{w:g},{v:g}" for w, v in zip(DEFAULT_GRID_NM, t, strict=True)))
        files.append(str(f))
    default = run_json("color", "white", "--cct", "6500", "--json")
    user = run_json("color", "white", "--cct", "6500", "--filters", *files, "--json")
    np.testing.assert_allclose(user["filtered_primaries"], default["filtered_primaries"],
                               atol=1e-12)
    pct = tmp_path / "pct.csv"
    pct.write_text("nm,T\n" + "\n".join(f"{w},85" for w in range(380, 781)))
    r = runner.invoke(app, ["color", "white", "--filters", str(pct), *files[1:]])
    assert r.exit_code == 2 and "a percentage? divide by 100" in r.output


@pytest.mark.filterwarnings("ignore")
def test_white_point_option_for_dominant_wavelength():
    ref = colour_xy(600, 30)
    cmfs = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"]
    d65 = np.array([0.3127, 0.3290])
    for white in ("D65", "0.3127,0.3290"):
        out = run_json("color", "spectrum", "--peak", "600", "--fwhm", "30", "--white", white,
                       "--json")
        assert out["dominant_wavelength_nm"] == pytest.approx(
            float(colour.dominant_wavelength(ref, d65, cmfs)[0]), abs=0.5
        )
        assert out["purity_pct"] == pytest.approx(
            100 * colour.excitation_purity(ref, d65, cmfs), abs=0.05
        )
    r = runner.invoke(app, ["color", "spectrum", "--peak", "600", "--fwhm", "30", "--white", "D99"])
    assert r.exit_code == 2 and "unknown white point 'D99'" in r.output


def test_model_line_peaks_must_lie_on_the_cmf_range():
    # a 1000-nm line would otherwise get the chromaticity of its 1e-146 visible tail
    for args in (["spectrum", "--peak", "1000", "--fwhm", "20"],
                 ["gamut", "--peaks", "1000,532,467", "--json"]):
        r = runner.invoke(app, ["color", *args])
        assert r.exit_code == 2 and "peak 1000 nm is outside the 360-830 nm range" in r.output


@pytest.mark.parametrize("peak", [800.0, 830.0])
def test_line_beyond_780_nm_has_the_cie_chromaticity_of_its_wavelength(peak):
    """A narrow line at 800-830 nm: no intensity in the ASTM E308 range (360-780 nm), so
    x, y come from the full CIE range 360-830 nm and equal the CMF ratio at the line
    (colour-science's table); the dominant wavelength is null (the locus is one point
    there), with notes saying both."""
    r = CliRunner().invoke(app, ["color", "spectrum", "--peak", str(peak), "--fwhm", "0.001",
                                 "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    cmf = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"][peak]
    assert out["x"] == pytest.approx(cmf[0] / cmf.sum(), abs=1e-6)
    assert out["y"] == pytest.approx(cmf[1] / cmf.sum(), abs=1e-6)
    assert out["peak_nm"] == pytest.approx(peak)
    assert out["dominant_wavelength_nm"] is None
    assert any("360-830 nm" in n for n in out["notes"])
