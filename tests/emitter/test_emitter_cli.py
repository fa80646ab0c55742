"""``peled emitter`` CLI: exact JSON keys, Jang et al. (2025) numbers, fit-trpl files and errors."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
        ("time_ns,counts\n0,1\n1,x\n2,3\n3,4\n4,5\n", ":3: column 'counts': 'x' is not a number"),
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


# ----- --plqy: PLQY-vs-density table fitted jointly with the decays -------------------


def _write_plqy(tmp_path, header, rows, name="plqy.csv"):
    p = tmp_path / name
    p.write_text("# PLQY table\n" + header + "\n" + "\n".join(rows) + "\n")
    return str(p)


def test_fit_trpl_excitonic_with_plqy_table_separates_k_ex_and_k_trap(tmp_path):
    rng = np.random.default_rng(12)
    # PLQY_0 = k_ex/(k_ex + k_trap) = 0.8 (Jiang et al. (2024) text after eqn 8)
    true = (2e7, 5e6, 1e-9)
    t = np.linspace(0, 2e-7, 300)
    n0 = np.logspace(16, 18, 4)
    y = pl_excitonic(t, n0, *true)
    y = rng.poisson(1e4 * y / y.max(axis=1, keepdims=True)).astype(float)
    paths = _write_series(tmp_path, t * 1e9, y, n0)
    from peled.emitter import plqy_excitonic

    nq = np.logspace(15, 18, 8)
    q = plqy_excitonic(nq, *true)
    s = 0.02 * q + 0.005
    qn = q + s * rng.standard_normal(q.shape)
    # percent columns: the reader converts plqy_pct / plqy_sigma_pct to fractions
    rows = [f"{a:.4e}\t{100 * b:.4f}\t{100 * c:.4f}" for a, b, c in zip(nq, qn, s, strict=True)]
    table = _write_plqy(tmp_path, "density_cm3\tplqy_pct\tplqy_sigma_pct", rows)
    args = ["emitter", "fit-trpl", *paths, "--model", "excitonic", "--plqy", table, "--json"]
    out = _json(args)
    assert out["unconstrained"] == [] and out["n_plqy_points"] == 8
    for key, v in zip(("k_ex_per_s", "k_trap_per_s", "k_aug_cm3_per_s"), true, strict=True):
        assert abs(out[key] - v) < 3 * out[f"{key}_stderr"], key
    assert out["k_ex_per_s"] / (out["k_ex_per_s"] + out["k_trap_per_s"]) == pytest.approx(
        0.8, abs=0.03
    )


def test_read_plqy_fraction_and_default_sigma(tmp_path):
    from peled.emitter import read_plqy

    p = _write_plqy(tmp_path, "n_cm3, plqy", ["1e16, 0.5", "1e17, 0.25", "1e18, 0.05"])
    d = read_plqy(p)
    assert np.allclose(d.density_cm3, [1e16, 1e17, 1e18]) and np.allclose(d.plqy, [0.5, 0.25, 0.05])
    assert d.plqy_sigma is None


@pytest.mark.parametrize(
    "header, rows, fragment",
    [
        ("density,qy", ["1e16,0.5", "1e17,0.4"], ":2: expected a header with a 'density_cm3'"),
        ("density_cm3,plqy", ["1e16,0.5", "1e17,1.4"], ":4: PLQY must lie in [0, 1]"),
        ("density_cm3,plqy_pct", ["1e16,50", "1e17,140"], ":4: PLQY must lie in [0, 1] (0-100 %)"),
        ("density_cm3,plqy", ["1e16,0.5", "-1e17,0.4"], ":4: density must be finite and > 0"),
        ("density_cm3,plqy", ["1e16,0.5", "1e17,abc"], ":4: column 'plqy': 'abc' is not a number"),
        ("density_cm3,plqy,plqy_sigma", ["1e16,0.5,0.01", "1e17,0.4"], ":4: 2 fields, expected 3"),
        ("density_cm3,plqy,plqy_sigma", ["1e16,0.5,0.01", "1e17,0.4,0"], ":4: PLQY sigma"),
        ("density_cm3,plqy", ["1e16,0.5"], "fewer than 2 data rows"),
    ],
)
def test_plqy_table_errors_name_file_and_line(tmp_path, header, rows, fragment):
    t = np.linspace(0, 2e-7, 50)
    paths = _write_series(tmp_path, t * 1e9, pl_excitonic(t, [1e17], 2e7, 5e6, 1e-9), [1e17])
    table = _write_plqy(tmp_path, header, rows)
    args = ["emitter", "fit-trpl", *paths, "--model", "excitonic", "--plqy", table, "--json"]
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and "error:" in r.output and fragment in r.output, r.output
    assert "plqy.csv" in r.output and "Traceback" not in r.output


def test_plqy_option_errors(tmp_path):
    t = np.linspace(0, 100, 50)
    paths = _write_series(tmp_path, t, [np.exp(-t / 10) * 1e3], [1e17])
    table = _write_plqy(tmp_path, "density_cm3,plqy", ["1e16,0.5", "1e17,0.4"])
    r = runner.invoke(app, ["emitter", "fit-trpl", *paths, "--plqy", table, "--json"])
    assert r.exit_code == 2 and "--plqy needs a rate model" in r.output
    r = runner.invoke(
        app, ["emitter", "fit-trpl", *paths, "--model", "abc", "--plqy", table, "--plqy-sigma", "0"]
    )
    assert r.exit_code == 2 and "--plqy-sigma must lie in (0, 1]" in r.output
    r = runner.invoke(
        app, ["emitter", "fit-trpl", *paths, "--model", "abc", "--plqy", str(tmp_path / "no.csv")]
    )
    assert r.exit_code == 2 and "no.csv: file not found" in r.output


def test_decay_file_with_nan_is_rejected_with_line(tmp_path):
    p = tmp_path / "nan.csv"
    p.write_text("time_ns,counts\n0,1\n1,nan\n2,3\n3,4\n4,5\n5,6\n")
    r = runner.invoke(app, ["emitter", "fit-trpl", str(p), "--json"])
    assert r.exit_code == 2 and "nan.csv:3: non-finite value" in r.output


@settings(max_examples=50, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.floats(1e10, 1e22), st.floats(0, 1), st.floats(1e-4, 0.5)),
        min_size=2,
        max_size=20,
    ),
    sep=st.sampled_from([",", "\t", ";", " "]),
    pct=st.booleans(),
)
def test_read_plqy_round_trip(tmp_path_factory, data, sep, pct):
    from peled.emitter import read_plqy

    scale = 100.0 if pct else 1.0
    suffix = "_pct" if pct else ""
    lines = [sep.join(["density_cm3", f"plqy{suffix}", f"plqy_sigma{suffix}"])]
    lines += [sep.join(repr(v) for v in (n, q * scale, s * scale)) for n, q, s in data]
    p = tmp_path_factory.mktemp("plqy") / "t.csv"
    p.write_text("\n".join(lines) + "\n")
    d = read_plqy(p)
    arr = np.array(data)
    assert np.allclose(d.density_cm3, arr[:, 0], rtol=1e-12)
    assert np.allclose(d.plqy, arr[:, 1], rtol=1e-12, atol=1e-15)
    assert np.allclose(d.plqy_sigma, arr[:, 2], rtol=1e-12)


def test_fit_trpl_multiexp_offset_recovers_background(tmp_path):
    # TCSPC-like decay with a 10-count dark background and a pre-trigger region (t < 0)
    rng = np.random.default_rng(1)
    t_ns = np.arange(-10, 500, 0.5)
    y = np.where(t_ns >= 0, 5000 * np.exp(-t_ns / 8) + 2000 * np.exp(-t_ns / 60), 0) + 10
    paths = _write_series(tmp_path, t_ns, [rng.poisson(y).astype(float)])
    plain = _json(["emitter", "fit-trpl", *paths, "--json"])["files"][0]
    # without the background term the long lifetime is biased far outside its error
    assert plain["tau2_ns"] - 60 > 20 * plain["tau2_ns_stderr"] and plain["chi2_reduced"] > 3
    row = _json(["emitter", "fit-trpl", *paths, "--offset", "--json"])["files"][0]
    for key, true in (("tau1_ns", 8), ("tau2_ns", 60), ("offset_counts", 10)):
        assert abs(row[key] - true) < 3 * row[f"{key}_stderr"], key
    assert row["chi2_reduced"] == pytest.approx(1.0, abs=0.15)
    r = runner.invoke(app, ["emitter", "fit-trpl", *paths, "--model", "abc", "--offset"])
    assert r.exit_code == 2 and "--offset applies to --model multiexp or stretched only" in r.output


def test_irf_option_errors(tmp_path):
    t = np.linspace(0, 100, 50)
    paths = _write_series(tmp_path, t, [np.exp(-t / 10) * 1e3], [1e17])
    r = runner.invoke(app, ["emitter", "fit-trpl", *paths, "--irf-fwhm-ns", "0.5"])
    assert r.exit_code == 2 and "--irf-fwhm-ns applies to the rate-model fits" in r.output
    r = runner.invoke(app, ["emitter", "fit-trpl", *paths, "--model", "abc", "--irf-fwhm-ns", "-1"])
    assert r.exit_code == 2 and "--irf-fwhm-ns must be > 0 ns" in r.output


def test_fit_trpl_with_irf_recovers_k_total(tmp_path):
    from peled.emitter import convolve_irf, gaussian_irf

    rng = np.random.default_rng(21)
    t = np.arange(0, 400) * 0.25e-9  # 0-100 ns, 0.25 ns bins
    n0 = np.array([1e16, 1e17, 1e18])
    pl = convolve_irf(t, pl_excitonic(t, n0, 5e7, 1.25e7, 1e-9), gaussian_irf(0.25e-9, 2e-9))
    y = rng.poisson(1e4 * pl / pl.max(axis=1, keepdims=True)).astype(float)
    paths = _write_series(tmp_path, t * 1e9, y, n0)
    base = ["emitter", "fit-trpl", *paths, "--model", "excitonic", "--json"]
    out = _json([*base, "--irf-fwhm-ns", "2"])
    # k_total = k_ex + k_trap = 6.25e7 s^-1, k_aug = 1e-9 cm^3/s
    assert abs(out["k_total_per_s"] - 6.25e7) < 3 * out["k_total_per_s_stderr"]
    assert abs(out["k_aug_cm3_per_s"] - 1e-9) < 3 * out["k_aug_cm3_per_s_stderr"]
    assert out["chi2_reduced"] == pytest.approx(1.0, abs=0.2)
    # ignoring the 2 ns instrument response biases the fit (chi2 far above 1)
    assert _json(base)["chi2_reduced"] > 1.5


def test_components_applies_to_multiexp_only(tmp_path):
    # a stretched exponential tau = 20 ns, beta = 0.6: --components would be silently
    # ignored, so it is an error naming the option and the fix
    t = np.linspace(0, 200, 300)
    paths = _write_series(tmp_path, t, [1e4 * np.exp(-((t / 20.0) ** 0.6))])
    for model in ("stretched", "abc"):
        r = runner.invoke(app, ["emitter", "fit-trpl", *paths, "--model", model,
                                "--components", "3"])
        assert r.exit_code == 2, r.output
        lines = r.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: --components applies to "
                                                       "--model multiexp only")
        assert "drop --components or use --model multiexp" in lines[0]
    row = _json(["emitter", "fit-trpl", *paths, "--model", "stretched", "--json"])["files"][0]
    assert row["tau_ns"] == pytest.approx(20.0, rel=1e-4)
    assert row["beta"] == pytest.approx(0.6, rel=1e-4)
    # multiexp still honours it (default 2, here 3 exponentials)
    row = _json(["emitter", "fit-trpl", *paths, "--components", "3", "--json"])["files"][0]
    assert "tau3_ns" in row and "tau4_ns" not in row
    row = _json(["emitter", "fit-trpl", *paths, "--json"])["files"][0]
    assert "tau2_ns" in row and "tau3_ns" not in row
