"""`peled demo`: a real computation on the bundled example spectra."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.cli.demo import example_path
from peled.color import gamut_metrics, xy
from peled.spectra import read_spectrum

runner = CliRunner()


def test_demo_writes_color_json_and_diagram(tmp_path):
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "color.json").read_text())
    png = (out / "cie1931.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    green = read_spectrum(example_path("spectra", "green.csv"))
    assert report["primaries"]["green"]["x"] == pytest.approx(xy(green)[0], abs=1e-12)
    # the example spectra were generated with peaks 640/518/470 nm (tools/make_example_spectra.py)
    for name, peak in (("red", 640), ("green", 518), ("blue", 470)):
        assert report["primaries"][name]["peak_nm"] == pytest.approx(peak, abs=0.5)
    expected = gamut_metrics(report["primaries_xy"])
    assert report["gamut_xy"]["coverage_pct"]["rec2020"] == pytest.approx(
        expected["coverage_pct"]["rec2020"])


def test_demo_replaces_existing_output_atomically(tmp_path):
    out = tmp_path / "demo"
    out.mkdir()
    (out / "stale.txt").write_text("old")
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]
