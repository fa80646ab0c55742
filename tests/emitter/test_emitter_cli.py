"""``peled emitter`` CLI: exact JSON keys, seed-001 numbers, fit-trpl files and errors."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.emitter import pl_abc, pl_excitonic

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_plqy_contract():
    out = _json(
        [
            "emitter",
            "plqy",
            "--k1",
            "1e6",
            "--k2",
            "1e-10",
            "--k3",
            "1e-28",
            "--n",
            "1e16",
            "--json",
        ]
    )
    assert set(out) == {"plqy", "fraction_mono", "fraction_bi", "fraction_auger"}
    assert out["plqy"] == pytest.approx(0.4975, abs=5e-5)
    assert out["fraction_mono"] + out["fraction_bi"] + out["fraction_auger"] == pytest.approx(1)


def test_peak_contract():
    out = _json(["emitter", "peak", "--k1", "1e7", "--k2", "1e-10", "--k3", "1e-28", "--json"])
    assert {"n_peak_cm3", "plqy_max"} <= out.keys()
    assert out["n_peak_cm3"] == pytest.approx(3.16e17, rel=1e-3)
    assert out["plqy_max"] == pytest.approx(0.6126, abs=5e-5)


def _write_series(tmp_path, t_ns, curves, n0=None, header="time_ns,counts"):
    paths = []
    for i, y in enumerate(curves):
        p = tmp_path / f"decay{i}.csv"
        lines = []
        if n0 is not None:
            lines.append(f"# n0_cm3: {n0[i]:.6e}")
        lines.append(header)
        lines += [f"{a:.6g},{b:.8g}" for a, b in zip(t_ns, y, strict=True)]
        p.write_text("\n".join(lines) + "\n")
        paths.append(str(p))
    return paths


def test_fit_trpl_abc_from_files(tmp_path):
    rng = np.random.default_rng(2)
    t = np.linspace(0, 2e-6, 300)
    n0 = np.logspace(16, 18, 6)
    y = pl_abc(t, n0, 1e6, 1e-10, 1e-28) * 1e-20  # peak counts 1e2 .. 1e6
    y = rng.poisson(y).astype(float)
    paths = _write_series(tmp_path, t * 1e9, y, n0)
    out = _json(["emitter", "fit-trpl", *paths, "--model", "abc", "--json"])
    for key, true in (("k1_per_s", 1e6), ("k2_cm3_per_s", 1e-10), ("k3_cm6_per_s", 1e-28)):
        assert f"{key}_stderr" in out
        assert abs(out[key] - true) < 3 * out[f"{key}_stderr"]
    assert out["unconstrained"] == [] and len(out["correlation"]) == 3


def test_fit_trpl_excitonic_n0_option(tmp_path):
    t = np.linspace(0, 2e-7, 300)
    n0 = np.logspace(16, 18, 4)
    y = np.round(pl_excitonic(t, n0, 2e7, 5e6, 1e-9) * 1e-20)
    paths = _write_series(tmp_path, t * 1e9, y)
    arg = ",".join(f"{v:g}" for v in n0)
    out = _json(["emitter", "fit-trpl", *paths, "--model", "excitonic", "--n0", arg, "--json"])
    assert out["k_ex_per_s"] is None and out["k_ex_per_s_stderr"] is None
    assert "k_ex" in out["unconstrained"]
    assert out["k_total_per_s"] == pytest.approx(2.5e7, rel=0.02)


def test_fit_trpl_multiexp(tmp_path):
    t_ns = np.linspace(0, 1000, 500)
    y = 1e4 * np.exp(-t_ns / 15) + 2e3 * np.exp(-t_ns / 150) + 1
    paths = _write_series(tmp_path, t_ns, [np.round(y)], header="time (ns)\tcounts")
    out = _json(["emitter", "fit-trpl", *paths, "--model", "multiexp", "--json"])
    row = out["files"][0]
    assert row["tau1_ns"] == pytest.approx(15, rel=0.02)
    assert row["tau2_ns"] == pytest.approx(150, rel=0.02)
    assert "tau1_ns_stderr" in row and "tau_avg_intensity_ns_stderr" in row


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("0,1\n1,2\n", "header naming the time unit"),
        ("time_ns,counts\n0,1\n1,x\n2,3\n3,4\n4,5\n", ":3: non-numeric"),
        ("time_ns,counts\n0,1\n1,2\n", "fewer than 5"),
    ],
)
def test_fit_trpl_bad_files(tmp_path, content, fragment):
    p = tmp_path / "bad.csv"
    p.write_text(content)
    r = runner.invoke(app, ["emitter", "fit-trpl", str(p), "--json"])
    assert r.exit_code == 2 and "error:" in r.output and fragment in r.output


def test_fit_trpl_missing_n0(tmp_path):
    t = np.linspace(0, 100, 50)
    paths = _write_series(tmp_path, t, [np.exp(-t / 10) * 1e3])
    r = runner.invoke(app, ["emitter", "fit-trpl", *paths, "--model", "abc", "--json"])
    assert r.exit_code == 2 and "initial density missing" in r.output
    r = runner.invoke(app, ["emitter", "fit-trpl", *paths, "--model", "abc", "--n0", "1,2"])
    assert r.exit_code == 2 and "2 values for 1 files" in r.output


def test_plqy_bad_density():
    r = runner.invoke(
        app,
        ["emitter", "plqy", "--k1", "1e6", "--k2", "1e-10", "--k3", "1e-28", "--n", "-5", "--json"],
    )
    assert r.exit_code == 2 and "--n must be > 0" in r.output
