"""Hostile and extreme input: one ``error:`` line and exit 2, never a traceback or a hang.

Subprocess-level, as a user runs peled.
"""

from __future__ import annotations

import csv
import json
import shutil

import numpy as np
import pytest
from _run import EXAMPLES, assert_one_line_error, peled

DEF = EXAMPLES / "defects"
ADMITTANCE = [DEF / f"admittance_{t}K.csv" for t in (260, 280, 300, 320, 340)]


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        # Typer/Click usage errors in the project's one-line format
        (["color", "spectrum", "--peak", "abc", "--fwhm", "20"], ["'--peak'"]),
        (["color", "spectrum", "--peak", "532", "--fwhm", "20", "--bogus"], ["--bogus"]),
        (["no-such-command"], ["no-such-command"]),
        (["film", "simulate"], ["Missing argument"]),
        # tracebacks before
        (["display", "panel", "--red", "635,25,17", "--green", "635,25,17",
          "--blue", "470,20,6"], ["primaries are degenerate"]),
        (["display", "ageing", "--red", "635,25,17", "--green", "635,25,17",
          "--blue", "470,20,6", "--t50-h", "1000,2000,200"], ["primaries are degenerate"]),
        (["characterize", "admittance", *ADMITTANCE, "--vbi", "1e308", "--w-nm", "200"],
         ["--vbi"]),
        (["characterize", "ta", DEF / "ta_map.csv", "--wavelength-nm", "9999"], ["9999"]),
        # accepted before although invalid
        (["characterize", "sclc", DEF / "sclc_hole_only.csv", "--thickness-nm", "300",
          "--eps-r", "25", "--vbi", "nan"], ["--vbi"]),
        (["characterize", "ta", DEF / "ta_map.csv", "--wavelength-nm", "515",
          "--width-nm", "-5"], ["--width-nm"]),
        (["lifetime", "convert", "--t", "520", "--from-l0", "1000", "--to-l0", "100",
          "--n", "-3"], ["n must be finite and > 0"]),
        (["display", "pixel", "--ppi", "3000", "--luminance", "1000", "--eqe", "200",
          "--peak-nm", "520"], ["--eqe"]),
        (["display", "pixel", "--ppi", "1e308", "--luminance", "1000", "--ce", "59"],
         ["--ppi"]),
        (["display", "panel", "--red", "635,25,500", "--green", "520,20,21",
          "--blue", "470,20,6"], ["red eqe_pct", "100"]),
        (["display", "panel", "--red", "635,25,17", "--green", "520,20,21",
          "--blue", "470,20,6", "--layout", "hex"], ["--layout"]),
        (["display", "panel", "--red", "635,25,17", "--green", "520,20,21",
          "--blue", "470,20,6", "--gap-um", "-1"], ["--gap-um"]),
        (["material", "emission", "CsPbBr3", "--size-nm", "1e-300"], ["2-10000 nm"]),
        (["lit", "trend", "-o", "t.txt"], ["t.txt", ".png, .svg or .pdf"]),
        (["film", "map", EXAMPLES / "film" / "ripening.toml", "--x", "t_end_s:1:2:2",
          "--y", "temperature_k:290:300:2", "-o", "m.jpg"], [".png, .svg or .pdf"]),
    ],
)
def test_bad_input_gives_one_error_line(args, fragments, tmp_path):
    assert_one_line_error(peled(*args, cwd=tmp_path), *fragments)
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_arrhenius_with_temperatures_of_1e308(tmp_path):
    f = tmp_path / "arr.csv"
    f.write_text("T (K),sigma (S/cm)\n1e308,1e-5\n1.5e308,2e-6\n1.7e308,3e-7\n")
    assert_one_line_error(peled("characterize", "arrhenius", f), "1e4 K")


def test_wide_csv_with_a_blank_device_cell(tmp_path):
    f = tmp_path / "wide.csv"
    f.write_text("device,V (V),J (mA/cm2),L (cd/m2)\nd1,1,0.1,1\nd1,2,1,10\n,3,10,100\n")
    assert_one_line_error(peled("analyze", f, "--json"), "device", "row 3")


@pytest.mark.parametrize("change", [
    ("concentration_mol_l = 0.25", "concentration_mol_l = 1e30"),
    ("t_end_s = 30.0", "t_end_s = 1e12"),
    ("evaporation_rate = 0.02 ", "evaporation_rate = 1e6 "),
])
def test_film_process_with_extreme_values_ends_cleanly(change, tmp_path):
    text = (EXAMPLES / "film" / "antisolvent.toml").read_text()
    assert change[0] in text
    f = tmp_path / "p.toml"
    f.write_text(text.replace(*change))
    assert_one_line_error(peled("film", "simulate", f, timeout=240), "t_end_s"
                          if "t_end" in change[1] or "evap" in change[1]
                          else "concentration_mol_l")


def test_film_process_with_a_huge_seed_count(tmp_path):
    text = (EXAMPLES / "film" / "antisolvent.toml").read_text()
    f = tmp_path / "p.toml"
    f.write_text(text + "\n[seeds]\nnumber_density_m3 = 1e300\nmean_radius_nm = 20.0\n")
    assert_one_line_error(peled("film", "simulate", f), "number_density_per_m3")
    f.write_text(text + "\n[seeds]\nnumber_density_m3 = 1e26\nmean_radius_nm = 20.0\n")
    assert_one_line_error(peled("film", "simulate", f), "fill", "solution volume")


def test_error_messages_quoting_huge_input_are_short(tmp_path):
    f = tmp_path / "huge.toml"  # a 20 MB one-line value is quoted by the error
    f.write_text('material = "' + "x" * 20_000_000 + '"\ntemperature_k = 300.0\n'
                 't_end_s = 1.0\n[solution]\nconcentration_mol_l = 0.1\n')
    proc = peled("film", "simulate", f)
    # refused by the reader's line limit (peled.io.files.MAX_LINE_CHARS) before any quote
    line = assert_one_line_error(proc, "MAX_LINE_CHARS")
    assert len(proc.stderr) < 5000 and len(line) < 2000
    f.write_text('material = "' + "x" * 500_000 + '"\ntemperature_k = 300.0\n'
                 't_end_s = 1.0\n[solution]\nconcentration_mol_l = 0.1\n')
    proc = peled("film", "simulate", f)  # under the line limit: the quote is cut
    line = assert_one_line_error(proc, "characters omitted")
    assert len(proc.stderr) < 5000 and len(line) < 2000
    proc = peled("display", "panel", "--red", "1," + "9" * 100_000 + "x", "--green",
                 "520,20,21", "--blue", "470,20,6")
    line = assert_one_line_error(proc, "--red", "characters omitted")
    assert len(line) < 2000


def test_million_point_sclc_sweep_finishes(tmp_path):
    v = np.geomspace(0.01, 10, 1_000_000)
    j = np.where(v < 1, v, np.where(v < 2, v**8, 256 * (v / 2) ** 2))  # ohmic, TFL, Child
    f = tmp_path / "big.csv"
    np.savetxt(f, np.column_stack([v, j]), delimiter=",", header="V (V),J (mA/cm2)",
               comments="", fmt="%.8g")
    proc = peled("characterize", "sclc", f, "--thickness-nm", "300", "--eps-r", "25",
                 "--json", timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [r["kind"] for r in out["regions"]] == ["ohmic", "tfl", "child"]
    assert out["v_tfl_v"] == pytest.approx(1.0, rel=0.01)  # the knee put in the data
    slopes = [r["slope"] for r in out["regions"]]
    assert slopes == pytest.approx([1.0, 8.0, 2.0], rel=0.01)


def test_color_spectrum_narrow_lines_keep_their_width():
    for shape, fwhm in (("gaussian", 0.01), ("gaussian-energy", 1e-6), ("asymmetric", 1e-6)):
        proc = peled("color", "spectrum", "--peak", "532", "--fwhm", fwhm, "--shape", shape,
                     "--json")
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout)
        assert out["fwhm_nm"] == pytest.approx(fwhm, rel=1e-3)
        assert out["x"] == pytest.approx(0.17024, abs=1e-4)  # the 532 nm locus point


def test_figure_extension_is_honoured(tmp_path):
    for ext, magic in (("svg", b"<?xml"), ("pdf", b"%PDF"), ("png", b"\x89PNG")):
        out = tmp_path / f"t.{ext}"
        proc = peled("lit", "trend", "-o", out)
        assert proc.returncode == 0, proc.stderr
        assert out.read_bytes().startswith(magic)


# ----------------------------------------------------------------- injection and escaping
PAYLOAD = "<img src=x onerror=alert(1)>"


def _device(folder, toml_changes=(), jvl=None):
    shutil.copytree(EXAMPLES / "devices" / "green", folder)
    toml = (folder / "device.toml").read_text()
    for old, new in toml_changes:
        assert old in toml
        toml = toml.replace(old, new)
    (folder / "device.toml").write_text(toml)
    if jvl is not None:
        (folder / "jvl.csv").write_text(jvl)


def test_html_escaping_and_csv_neutralising_at_every_injection_point(tmp_path):
    """Nine places where user text reaches index.html / results.csv."""
    root = tmp_path / f"batch {PAYLOAD}"  # 1: batch folder name (title, source)
    green_name = 'name = "green-CsPbBr3 (synthetic)"'
    _device(root / f"dev {PAYLOAD}", [(green_name, "")])  # 2: device folder name
    _device(root / "named", [(green_name, f'name = "{PAYLOAD}"')])  # 3: TOML name
    _device(root / "notes", [(green_name, 'name = "notes"'),  # 4: TOML notes
                             ('notes = "SYNTHETIC', f'notes = "{PAYLOAD} SYNTHETIC')])
    _device(root / "stack", [(green_name, 'name = "stack"'),  # 5: TOML stack material
                             ('material = "CsPbBr3"', f'material = "{PAYLOAD}"')])
    _device(root / "formula", [(green_name, 'name = "=HYPERLINK(\\"http://x\\")"')])  # 6
    _device(root / "plus", [(green_name, 'name = "+cmd|calc"')])  # 7: '+' formula
    _device(root / "header", [(green_name, 'name = "header"')],  # 8: CSV header
            jvl=f"{PAYLOAD} (V),J (mA/cm2),L (cd/m2)\n1,1,1\n2,2,2\n")
    _device(root / "cell", [(green_name, 'name = "cell"')],  # 9: CSV cell
            jvl=f"V (V),J (mA/cm2),L (cd/m2)\n1,1,1\n2,{PAYLOAD},2\n")
    out = tmp_path / "rep"
    proc = peled("report", root, "-o", out, "--no-literature")
    assert proc.returncode == 0, proc.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert PAYLOAD not in html and "<img" not in html
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    assert html.count(escaped) >= 4  # title, device folder, name, failure messages
    rows = {r["name"]: r for r in csv.DictReader((out / "results.csv").open())}
    assert "'=HYPERLINK(\"http://x\")" in rows and "'+cmd|calc" in rows
    assert not any(n.startswith(("=", "+", "-", "@")) for n in rows)
    # negative numbers stay numbers
    for r in rows.values():
        for k, v in r.items():
            if v.startswith("'-"):
                raise AssertionError(f"{k}: number turned into text: {v}")
    assert rows["header"]["status"] == "failed" and rows["cell"]["status"] == "failed"
    assert PAYLOAD in rows["cell"]["error"] or "img" in rows["cell"]["error"]


def test_numpy_runtime_warnings_become_one_warning_line():
    proc = peled("film", "cnt", "--supersaturation", "1e308", "--json")
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)  # stdout stays one JSON object
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: numerical overflow")
    assert "RuntimeWarning" not in proc.stderr and ".py:" not in proc.stderr
