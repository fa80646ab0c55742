"""`peled demo`: a real computation on the bundled example spectra."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.cli.demo import example_path
from peled.color import gamut_metrics, xy
from peled.measure import SUMMARY_KEYS, analyze_batch
from peled.outputs import mark_output
from peled.spectra import read_spectrum

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "demo"
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_demo_writes_color_json_and_diagram(demo_out):
    out = demo_out
    report = json.loads((out / "color.json").read_text())
    png = (out / "cie1931.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    green = read_spectrum(example_path("spectra", "green.csv"))
    assert report["primaries"]["green"]["x"] == pytest.approx(xy(green)[0], abs=1e-12)
    # the example spectra were generated with peaks 640/518/470 nm (datasets.make_el_primaries)
    for name, peak in (("red", 640), ("green", 518), ("blue", 470)):
        assert report["primaries"][name]["peak_nm"] == pytest.approx(peak, abs=0.5)
    expected = gamut_metrics(report["primaries_xy"])
    assert report["gamut_xy"]["coverage_pct"]["rec2020"] == pytest.approx(
        expected["coverage_pct"]["rec2020"])


def test_demo_replaces_an_earlier_demo_atomically(tmp_path):
    out = tmp_path / "demo"
    out.mkdir()
    for name in ("index.html", "results.json", "stale.txt"):  # an earlier demo
        (out / name).write_text("old")
    mark_output(out)
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "stale.txt").exists()
    assert (out / "index.html").read_text(encoding="utf-8") != "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]


def test_demo_refuses_to_replace_a_folder_that_is_not_a_report(tmp_path):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.tex").write_text("precious")
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 2
    assert f"error: {out}: folder exists, is not empty and was not written by peled" in (
        result.output)
    assert (out / "chapter1.tex").read_text() == "precious"


def test_demo_writes_device_report_of_the_synthetic_examples(demo_out):
    out = demo_out
    assert {"color.json", "cie1931.png", "index.html", "results.json", "results.csv",
            "figures"} <= {p.name for p in out.iterdir()}
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "SYNTHETIC" in html and "http://" not in html and "https://" not in html
    entries = json.loads((out / "results.json").read_text())
    expected = analyze_batch(example_path("devices"))
    assert [e["name"] for e in entries] == [r.name for r in expected]
    for entry, res in zip(entries, expected, strict=True):
        summary = res.summary()
        assert all(entry[k] == summary[k] for k in SUMMARY_KEYS if k != "warnings")
        assert len(entry["figures"]) == 6
        assert all((out / f).is_file() for f in entry["figures"])
    # generating parameters of the examples (peled/data/examples/devices/README.txt):
    # green 527.5 nm / 20 nm (Cao et al. (2025) EQE-CE pair), red 636 nm / 28 nm (Jang et al.
    # (2025) Table 1)
    by_class = {e["config"]["color_class"]: e for e in entries}
    assert by_class["green"]["peak_nm"] == pytest.approx(527.5, abs=0.3)
    assert by_class["red"]["peak_nm"] == pytest.approx(636.0, abs=0.3)
    assert by_class["red"]["fwhm_nm"] == pytest.approx(28.0, abs=0.3)
    assert set(by_class) == {"green", "red", "sky-blue"}
