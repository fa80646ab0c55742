"""Arrhenius temperature-series reader and ``peled characterize arrhenius``."""

from __future__ import annotations

import json
import math
from importlib import resources

import numpy as np
import pytest
from typer.testing import CliRunner

from peled.characterize.readers import read_arrhenius_csv
from peled.cli import app
from peled.errors import FileFormatError
from peled.io.columns import split_unit_header

ARRHENIUS = ("characterize", "arrhenius")

KB = 1.380649e-23
QE = 1.602176634e-19
KB_EV = KB / QE
EXAMPLE = resources.files("peled") / "data/examples/defects/arrhenius_conductivity.csv"


def test_split_unit_header():
    assert split_unit_header("T (K)") == ("t", "K")
    assert split_unit_header("sigma [S/cm]") == ("sigma", "S/cm")
    assert split_unit_header("rate / s-1") == ("rate", "s-1")
    assert split_unit_header("D") == ("d", "")


def test_reader_units(tmp_path):
    t = np.array([280.0, 300.0, 320.0, 340.0])
    sig = 1e3 / t * np.exp(-0.5 / (KB_EV * t))
    k = tmp_path / "k.csv"
    k.write_text("T (K),sigma (S/cm)\n" + "".join(f"{a},{b:.12g}\n" for a, b in zip(t, sig,
                                                                                    strict=True)))
    c = tmp_path / "c.csv"
    c.write_text("# comment\nT (degC),sigma (S/m)\n"
                 + "".join(f"{a - 273.15:.2f},{b * 100:.12g}\n" for a, b in zip(t, sig,
                                                                              strict=True)))
    dk, dc = read_arrhenius_csv(k), read_arrhenius_csv(c)
    assert dk.kind == dc.kind == "conductivity" and dk.temperature_exponent == 1
    np.testing.assert_allclose(dk.temperature_k, dc.temperature_k, rtol=1e-9)
    np.testing.assert_allclose(dk.value, dc.value, rtol=1e-9)  # both S/m
    d = tmp_path / "d.csv"
    d.write_text("T (K),D (cm2/s)\n300,1e-12\n320,2e-12\n")
    dd = read_arrhenius_csv(d)
    assert dd.kind == "diffusion" and dd.value[0] == pytest.approx(1e-16)
    r = tmp_path / "r.csv"
    r.write_text("T (K),rate (1/s)\n300,1\n320,2\n")
    assert read_arrhenius_csv(r).kind == "rate"


def test_reader_errors(tmp_path):
    f = tmp_path / "e.csv"
    f.write_text("T,sigma (S/cm)\n300,1\n320,2\n")
    with pytest.raises(FileFormatError, match="temperature unit"):
        read_arrhenius_csv(f)
    f.write_text("T (K),sigma (S/cm)\n300,1\n320,oops\n")
    with pytest.raises(FileFormatError, match=r"e.csv:3"):
        read_arrhenius_csv(f)
    f.write_text("T (K),sigma\n300,1\n320,2\n")
    with pytest.raises(FileFormatError, match="S/m or S/cm"):
        read_arrhenius_csv(f)
    f.write_text("T (K)\n300\n")
    with pytest.raises(FileFormatError, match="2 columns"):
        read_arrhenius_csv(f)
    f.write_text("T (K),D (cm2/s)\n300,1e-12\n320,0\n")
    with pytest.raises(FileFormatError, match=r"e.csv:3: 'D \(cm2/s\)' = 0 <= 0"):
        read_arrhenius_csv(f)
    with pytest.raises(FileFormatError, match="cannot read"):
        read_arrhenius_csv(tmp_path)


def test_cli_arrhenius_example(tmp_path):
    with resources.as_file(EXAMPLE) as p:
        r = CliRunner().invoke(app, [*ARRHENIUS, str(p), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    for key in ("ea_ev", "ea_stderr_ev", "prefactor"):
        assert key in out
    # file header: sigma T = 5e3 S K/cm exp(-0.58 eV/kT), 3 % noise
    assert out["ea_ev"] == pytest.approx(0.58, abs=max(0.02, 3 * out["ea_stderr_ev"]))
    assert 0 < out["ea_stderr_ev"] < 0.02
    assert out["quantity"] == "conductivity" and out["fitted"] == "ln(y*T)"
    assert math.log(out["prefactor"] / 5e5) == pytest.approx(0, abs=3 * out["ln_prefactor_stderr"])
    assert (out["t_min_k"], out["t_max_k"]) == (280.0, 360.0)


def test_cli_arrhenius_errors(tmp_path):
    f = tmp_path / "neg.csv"
    f.write_text("T (K),sigma (S/cm)\n300,1e-8\n320,-2e-8\n340,3e-8\n")
    r = CliRunner().invoke(app, [*ARRHENIUS, str(f), "--json"])
    assert r.exit_code == 2 and "error:" in r.output and "<= 0" in r.output
    assert "neg.csv:3:" in r.output  # the offending line
    r = CliRunner().invoke(app, [*ARRHENIUS, str(tmp_path / "none.csv")])
    assert r.exit_code == 2 and "error:" in r.output and "none.csv: file not found" in r.output
    one = tmp_path / "one_t.csv"
    one.write_text("T (K),rate (1/s)\n300,1\n300,2\n")
    r = CliRunner().invoke(app, [*ARRHENIUS, str(one)])
    assert r.exit_code == 2 and "one_t.csv: need at least 2 distinct temperatures" in r.output
