"""`peled report`: HTML/JSON/CSV/PNG outputs, batch failures, exit codes, atomic output."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil

import numpy as np
import pytest
from scipy.stats import percentileofscore
from typer.testing import CliRunner

from peled.cli import app
from peled.cli.demo import example_path
from peled.measure import SUMMARY_KEYS, analyze_device
from peled.outputs import OUTPUT_MARKER, mark_output

runner = CliRunner()
EXAMPLES = example_path("devices")
EXAMPLE_DIRS = sorted(d for d in EXAMPLES.iterdir() if d.is_dir())
KINDS = ("jvl", "eqe", "efficiency", "el", "cie", "lifetime")


def _same(a, b) -> bool:
    """Equality of JSON values with NaN/inf == null (how results.json stores them)."""
    if isinstance(b, float) and not math.isfinite(b):
        b = None
    if isinstance(a, float) and isinstance(b, float):
        return a == b
    return a == b


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep") / "report"
    result = runner.invoke(app, ["report", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_html_is_self_contained_with_inline_svg(example_report):
    html = (example_report / "index.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html and "<script src" not in html and "<img" not in html
    # every link is a page anchor or a PNG written into the report folder; SVG references
    # are internal (#id) or embedded images (data: URIs)
    links = re.findall(r'(?<![\w:])href="([^"]*)"', html)
    assert links
    for href in links:
        assert href.startswith("#") or (example_report / href).is_file(), href
    for href in re.findall(r'xlink:href="([^"]{0,40})', html):
        assert href.startswith(("#", "data:image/png;base64,")), href
    # 3 devices x 6 figures + box plots + overview CIE diagram, all inline, and the CIE
    # diagram defined once for the three per-device CIE figures and the overview (each a
    # <use> of it)
    assert html.count("<svg") == 3 * len(KINDS) + 2 + 1
    assert html.count('id="peled-cie1931-background"') == 1
    assert html.count('<use href="#peled-cie1931-background"/>') == 3 + 1
    assert html.count("</svg>") == html.count("<svg")
    assert "SYNTHETIC" in html


def test_results_json_equals_analysis_of_each_device(example_report):
    entries = json.loads((example_report / "results.json").read_text())
    assert len(entries) == len(EXAMPLE_DIRS) == 3
    by_name = {e["name"]: e for e in entries}
    for folder in EXAMPLE_DIRS:
        summary = analyze_device(folder).summary()
        entry = by_name[summary["name"]]
        assert entry["status"] == "ok"
        for key in SUMMARY_KEYS:
            assert _same(entry[key], summary[key]), (folder.name, key)
        # one SVG file per figure kind (no PNG without --png), each written, and the
        # inline SVG of the page is that same rendering
        assert sorted(p.rsplit("_", 1)[1] for p in entry["figures"]) == sorted(
            f"{k}.svg" for k in KINDS)
        for rel in entry["figures"]:
            text = (example_report / rel).read_text(encoding="utf-8")
            assert text.lstrip().startswith("<?xml") and "</svg>" in text
            assert not (example_report / rel).with_suffix(".png").exists()
    html = (example_report / "index.html").read_text(encoding="utf-8")
    rel = entries[0]["figures"][0]
    first = (example_report / rel).read_text(encoding="utf-8")
    from peled.report.build import _page_ids
    from peled.report.figures import svg_for_html
    # the page prefixes the figure's ids with the device and kind (unique in the page)
    slug, kind = rel.removeprefix("figures/").removesuffix(".svg").rsplit("_", 1)
    assert _page_ids(svg_for_html(first), f"{slug}-{kind}-") in html


def test_example_values_match_their_generating_parameters(example_report):
    """README.txt of the examples: green 527.5 nm / 20 nm, T50 = 520 h at 1000 cd/m2
    (Jang et al., Adv. Mater. (2025) line 246); red 636 nm / 28 nm (Jang et al. (2025) Table 1)."""
    entries = {e["config"]["color_class"]: e for e in
               json.loads((example_report / "results.json").read_text())}
    assert entries["green"]["peak_nm"] == pytest.approx(527.5, abs=0.3)
    assert entries["green"]["fwhm_nm"] == pytest.approx(20.0, abs=0.3)
    assert entries["green"]["t50_h"] == pytest.approx(520.0, rel=0.02)
    assert entries["red"]["peak_nm"] == pytest.approx(636.0, abs=0.3)
    assert entries["red"]["fwhm_nm"] == pytest.approx(28.0, abs=0.3)
    # T50 at 100 cd/m2 = T50 (1000/100)^1.65 (Jang et al., Adv. Mater. (2025) law and exponent)
    g = entries["green"]
    assert g["t50_at_100_cd_m2_h"] == pytest.approx(g["t50_h"] * 10**1.65, rel=1e-9)


def test_literature_percentiles_match_scipy(example_report):
    """The ranks are peled.literature.compare_device's, and its EQE percentile is scipy's
    percentileofscore (kind="mean") among the perovskite device records of that colour."""
    from peled.literature import compare_device, load
    from peled.literature.queries import device_records

    df = load()
    pool_df = device_records(df, ("QD-LED", "OLED", "micro-LED", "CC"))
    for e in json.loads((example_report / "results.json").read_text()):
        summary = {k: e[k] for k in SUMMARY_KEYS}
        lit = e["literature"]
        assert lit == json.loads(json.dumps(compare_device(summary, df)))
        pool = pool_df[pool_df["color"] == lit["color"]]["eqe_pct"].dropna().to_numpy(float)
        m = lit["metrics"]["eqe_max_pct"]
        assert m["n_records"] == pool.size > 0
        assert m["percentile"] == pytest.approx(
            percentileofscore(pool, e["eqe_max_pct"], kind="mean"), abs=1e-9)
        assert m["median"] == pytest.approx(float(np.median(pool)))


def test_results_csv_one_row_per_device(example_report):
    with (example_report / "results.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3
    assert list(rows[0])[: len(SUMMARY_KEYS)] == list(SUMMARY_KEYS)
    entries = {e["name"]: e for e in json.loads((example_report / "results.json").read_text())}
    for row in rows:
        e = entries[row["name"]]
        for key in ("eqe_max_pct", "luminance_max_cd_m2", "v_on_v", "peak_nm", "t50_h"):
            assert float(row[key]) == e[key]
        assert row["status"] == "ok" and row["error"] == ""


def _broken_batch(tmp_path, n_good: int = 1):
    batch = tmp_path / "batch"
    batch.mkdir()
    for d in EXAMPLE_DIRS[:n_good]:
        shutil.copytree(d, batch / d.name)
    bad = batch / "zz-text-cell"
    shutil.copytree(EXAMPLE_DIRS[0], bad)
    lines = (bad / "jvl.csv").read_text().splitlines()
    lines[4] = "abc," + lines[4].split(",", 1)[1]
    (bad / "jvl.csv").write_text("\n".join(lines) + "\n")
    (batch / "zz-empty").mkdir()  # no jvl.csv at all
    return batch


def test_broken_devices_are_listed_and_batch_goes_on(tmp_path):
    batch = _broken_batch(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(batch), "-o", str(out), "--device-figures", "0",
                                 "--no-literature"])
    assert result.exit_code == 0, result.output
    assert "warning: device zz-text-cell failed" in result.stderr
    assert "warning: 2 of 3 devices failed" in result.stderr
    text_error = (f"{batch / 'zz-text-cell' / 'jvl.csv'}:5: column 'Voltage (V)': "
                  "'abc' is not a number")
    entries = {e["name"]: e for e in json.loads((out / "results.json").read_text())}
    assert entries["zz-text-cell"] == {"name": "zz-text-cell", "status": "failed",
                                       "error": text_error,
                                       "path": str(batch / "zz-text-cell")}
    assert entries["zz-empty"]["status"] == "failed" and "jvl.csv" in entries["zz-empty"]["error"]
    good = entries[analyze_device(EXAMPLE_DIRS[0]).name]
    assert good["status"] == "ok" and good["figures"] == [] and good["literature"] is None
    html = (out / "index.html").read_text(encoding="utf-8")
    assert text_error.replace("'", "&#39;") in html
    with (out / "results.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["name"], r["status"]) for r in rows] == [
        (good["name"], "ok"), ("zz-empty", "failed"), ("zz-text-cell", "failed")]
    assert rows[2]["error"] == text_error and rows[2]["eqe_max_pct"] == ""


def test_all_broken_exits_2_and_writes_nothing(tmp_path):
    batch = _broken_batch(tmp_path, n_good=0)
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(batch), "-o", str(out)])
    assert result.exit_code == 2
    assert "error: all 2 devices failed" in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch"]


def test_single_broken_device_exits_2_with_its_error(tmp_path):
    batch = _broken_batch(tmp_path, n_good=0)
    result = runner.invoke(app, ["report", str(batch / "zz-text-cell"), "-o",
                                 str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "error: " in result.output and "'abc' is not a number" in result.output
    assert "Traceback" not in result.output


def test_missing_path_is_an_error(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "error:" in result.output
    assert "no such file or folder" in result.output


def test_failure_while_rendering_leaves_previous_output_untouched(tmp_path, monkeypatch):
    from peled.errors import PeledError
    from peled.report import device_plots

    out = tmp_path / "out"
    out.mkdir()
    for name in ("index.html", "results.json", "keep.txt"):  # a previous report
        (out / name).write_text("previous report")
    mark_output(out)

    def boom(result):
        raise PeledError(f"{result.name}: figure failed")

    monkeypatch.setattr(device_plots, "el_plot", boom)
    result = runner.invoke(app, ["report", str(EXAMPLE_DIRS[0]), "-o", str(out),
                                 "--no-literature"])
    assert result.exit_code == 2 and "figure failed" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        OUTPUT_MARKER, "index.html", "keep.txt", "results.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp folder left


def test_single_device_json_contract(tmp_path):
    out = tmp_path / "one"
    result = runner.invoke(app, ["report", str(EXAMPLE_DIRS[0]), "-o", str(out), "--json",
                                 "--no-literature", "--png"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    for rel in info["figures"]:  # --png: a PNG next to each SVG; the report lists the PNGs
        assert (out / rel).suffix == ".svg" or (out / rel).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (out / rel).with_suffix(".svg").is_file()
    assert info["n_devices"] == 1 and info["n_failed"] == 0
    assert info["index_html"] == str(out / "index.html")
    slug = info["figures"][0].split("/")[1].rsplit("_", 1)[0]
    assert sorted(info["figures"]) == sorted(f"figures/{slug}_{k}.{ext}" for k in KINDS
                                             for ext in ("png", "svg"))
    entry = json.loads((out / "results.json").read_text())[0]
    assert sorted(entry["figures"]) == sorted(f"figures/{slug}_{k}.png" for k in KINDS)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count("<svg") == len(KINDS) + 1  # no batch overview; the CIE background once
    assert 'class="sortable"' not in html
    entries = json.loads((out / "results.json").read_text())
    assert [e["name"] for e in entries] == [analyze_device(EXAMPLE_DIRS[0]).name]


def test_report_inside_the_batch_folder_is_not_a_device(tmp_path):
    """`peled report batch -o batch/report` twice: the second run must not treat the first
    report (nor hidden/temporary folders) as a failed device."""
    batch = tmp_path / "batch"
    for d in EXAMPLE_DIRS[:2]:
        shutil.copytree(d, batch / d.name)
    for junk in (".ipynb_checkpoints", "_scratch", "~lock", "old~", "run.tmp"):
        (batch / junk).mkdir()
    names = sorted(analyze_device(d).name for d in EXAMPLE_DIRS[:2])
    for _ in range(2):
        result = runner.invoke(app, ["report", str(batch), "-o", str(batch / "report"),
                                     "--json", "--device-figures", "0", "--no-literature"])
        assert result.exit_code == 0, result.output
        info = json.loads(result.stdout)
        assert (info["n_devices"], info["n_failed"]) == (2, 0)
        assert "warning" not in result.stderr
        entries = json.loads((batch / "report" / "results.json").read_text())
        assert sorted(e["name"] for e in entries) == names
    # the report is recognised even when it is not the current OUT (another name)
    shutil.copytree(batch / "report", batch / "report-old")
    result = runner.invoke(app, ["analyze", str(batch), "--json"])
    assert result.exit_code == 0 and "failed" not in result.output
    assert sorted(d["name"] for d in json.loads(result.stdout)) == names


def test_out_folder_is_excluded_even_before_it_is_a_report(tmp_path):
    """An existing folder given as OUT (here empty) is not analysed as a device."""
    batch = tmp_path / "batch"
    shutil.copytree(EXAMPLE_DIRS[0], batch / EXAMPLE_DIRS[0].name)
    shutil.copytree(EXAMPLE_DIRS[1], batch / EXAMPLE_DIRS[1].name)
    (batch / "out").mkdir()
    result = runner.invoke(app, ["report", str(batch), "-o", str(batch / "out"), "--json",
                                 "--device-figures", "0", "--no-literature"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["n_failed"] == 0
    assert (batch / "out" / "index.html").is_file()
    # an ordinary empty folder is a failed device of the batch unless excluded
    from peled.measure import analyze_batch
    from peled.measure.analysis import DeviceFailure

    (batch / "notes").mkdir()
    failed = [r.name for r in analyze_batch(batch) if isinstance(r, DeviceFailure)]
    assert failed == ["notes"]  # "out" is a report folder now: skipped
    assert not any(isinstance(r, DeviceFailure)
                   for r in analyze_batch(batch, exclude=(batch / "notes",)))


def test_report_of_nir_and_dark_devices(tmp_path):
    """A 900 nm device (radiance, nothing visible) and a device that never emits above
    the detector floor are reported without error: the NIR device gets J-V-R and EQE vs
    radiance but no CE/PE or CIE figure, the dark one 'no data' panels."""
    from scipy import constants

    batch = tmp_path / "batch"
    nir = batch / "nir"  # 900 nm Gaussian, radiance for EQE = 12 % (Lambertian)
    nir.mkdir(parents=True)
    wl = np.arange(850.0, 951.0)
    s = np.exp(-4 * np.log(2) * ((wl - 900.0) / 15.0) ** 2)
    (nir / "el_spectrum.csv").write_text("Wavelength (nm),EL (a.u.)\n" + "\n".join(
        f"{a:g},{b:.8g}" for a, b in zip(wl, s, strict=True)))
    ppj = float(np.sum((s * wl)[1:] + (s * wl)[:-1]) * 1e-9
                / (constants.h * constants.c * np.sum(s[1:] + s[:-1])))
    v = np.linspace(1.2, 2.5, 14)
    j = 10 * np.exp((v - 1.2) * 3)
    rad = 0.12 * j / constants.e / (math.pi * ppj)
    (nir / "jvl.csv").write_text("V (V),J (A/m2),Radiance (W/sr/m2)\n" + "\n".join(
        f"{a:.6g},{b:.10g},{c:.10g}" for a, b, c in zip(v, j, rad, strict=True)))
    dark = batch / "dark"
    shutil.copytree(EXAMPLE_DIRS[0], dark)
    rows = (dark / "jvl.csv").read_text().splitlines()
    (dark / "jvl.csv").write_text("\n".join(
        [rows[0]] + [",".join(r.split(",")[:2] + ["0"]) for r in rows[1:]]) + "\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(batch), "-o", str(out), "--no-literature"])
    assert result.exit_code == 0, result.output
    entries = {e["config"]["path"].split("/")[-1]: e
               for e in json.loads((out / "results.json").read_text())}
    kinds = {k: sorted(f.rsplit("_", 1)[1][:-4] for f in e["figures"])
             for k, e in entries.items()}
    assert kinds["nir"] == ["el", "eqe", "jvl"]
    assert kinds["dark"] == ["cie", "el", "eqe", "jvl", "lifetime"]
    assert entries["nir"]["eqe_max_pct"] == pytest.approx(12.0, rel=1e-6)
    assert entries["dark"]["eqe_max_pct"] is None
    assert any(w.startswith("no emission: every reading is at or below the detector floor")
               for w in entries["dark"]["warnings"])
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "J-V-R" in html and "no data" in html


@pytest.mark.parametrize("where", ["device", "batch", "parent"])
def test_out_folder_that_would_replace_the_data_is_refused(tmp_path, where):
    """OUT is replaced as a whole: OUT = the device folder, the batch, or a folder that
    contains PATH would delete the measurements, so it is an error and nothing changes."""
    batch = tmp_path / "batch"
    shutil.copytree(EXAMPLE_DIRS[0], batch / "dev")
    path, out = {"device": (batch / "dev", batch / "dev"), "batch": (batch, batch),
                 "parent": (batch / "dev", batch)}[where]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = runner.invoke(app, ["report", str(path), "-o", str(out), "--no-literature"])
    assert result.exit_code == 2
    assert f"error: -o {out}: the output folder would replace the analysed data" in result.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_out_folder_with_other_files_is_refused(tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "todo.txt").write_text("keep me")
    result = runner.invoke(app, ["report", str(EXAMPLE_DIRS[0]), "-o", str(out)])
    assert result.exit_code == 2
    assert "not empty and was not written by peled" in result.output
    assert (out / "todo.txt").read_text() == "keep me"


def test_cli_default_device_figures_is_the_library_default():
    """`peled report` draws figures for the same number of devices as write_report."""
    import inspect

    from peled.cli.report import report
    from peled.report.build import DEFAULT_DEVICE_FIGURES

    option = inspect.signature(report).parameters["device_figures"].default
    assert option.default == DEFAULT_DEVICE_FIGURES == 500
