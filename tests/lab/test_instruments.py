"""Instruments: the command protocol and its failure modes, the manual CSV round trip,
raw-spectrum analysis against the twin's hidden truth."""

from __future__ import annotations

import csv
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from peled.lab.instruments import analyze_raw
from peled.lab.loop import run_campaign, start_campaign
from peled.lab.store import Store
from peled.lab.twin import simulate_batch

GOOD = '''
import json, sys
req = json.load(sys.stdin)
out = []
for e in req["experiments"]:
    x = e["parameters"]["x"]
    if x > 0.9:
        out.append({"id": e["id"], "failed": True, "error": "vial broke"})
    else:
        out.append({"id": e["id"], "objectives": {"plqy": x}})
print(json.dumps({"results": out}))
'''

MODES = {
    "crash": 'import sys\nsys.stderr.write("Traceback: robot arm fault\\n")\nsys.exit(3)\n',
    "garbage": 'print("hello, this is not JSON")\n',
    "hang": 'import time\ntime.sleep(30)\n',
}


def command_campaign(tmp_path: Path, script: str, *, flaky: str | None = None,
                     timeout: float = 20.0) -> Path:
    """Campaign whose command runs ``script``; with ``flaky`` the first batch misbehaves."""
    robot = tmp_path / "robot.py"
    robot.write_text(script)
    cmd = [sys.executable, str(robot)]
    if flaky is not None:
        bad = tmp_path / "bad.py"
        bad.write_text(MODES[flaky])
        wrapper = tmp_path / "wrapper.py"
        wrapper.write_text(
            "import json, runpy, sys\n"
            "data = sys.stdin.read()\n"
            "import io; sys.stdin = io.StringIO(data)\n"
            f"path = {str(bad)!r} if json.loads(data)['batch'] == 1 else {str(robot)!r}\n"
            "runpy.run_path(path, run_name='__main__')\n")
        cmd = [sys.executable, str(wrapper)]
    toml = tmp_path / "c.toml"
    toml.write_text(
        '[campaign]\nstrategy = "sobol"\n\n'
        '[[parameters]]\nname = "x"\nlow = 0.0\nhigh = 1.0\n\n'
        '[[objectives]]\nname = "plqy"\ngoal = "maximize"\n\n'
        '[budget]\nexperiments = 6\nbatch_size = 3\n\n'
        f'[instrument]\nkind = "command"\ncommand = {json.dumps(cmd)}\n'
        f'timeout_s = {timeout}\nmeasures = ["plqy"]\n')
    return toml


def test_command_protocol_and_reported_failure(tmp_path):
    folder = start_campaign(command_campaign(tmp_path, GOOD), tmp_path / "run")
    s = run_campaign(folder)
    exps = Store(folder).experiments()
    assert s.state == "finished" and s.n_experiments == 6
    for e in exps:
        if e.parameters["x"] > 0.9:
            assert e.state == "failed" and e.error == "vial broke"
        else:
            assert e.state == "measured" and e.outcomes["plqy"] == pytest.approx(
                e.parameters["x"])
            assert (folder / e.raw_file).is_file()


@pytest.mark.parametrize(("mode", "reason"), [
    ("crash", "command exited with status 3: Traceback: robot arm fault"),
    ("garbage", "command output is not {\"results\": [...]} JSON: 'hello, this is not JSON'"),
    ("hang", "command timed out after 1.5 s"),
])
def test_bad_command_fails_batch_and_campaign_goes_on(tmp_path, mode, reason):
    toml = command_campaign(tmp_path, GOOD, flaky=mode, timeout=1.5)
    folder = start_campaign(toml, tmp_path / "run")
    s = run_campaign(folder)
    exps = Store(folder).experiments()
    first = [e for e in exps if e.batch == 1]
    assert [e.state for e in first] == ["failed"] * 3
    assert all(e.error == reason for e in first)
    second = [e for e in exps if e.batch == 2]
    assert all(e.state in ("measured", "failed") for e in second)
    assert any(e.state == "measured" for e in second)
    assert s.n_experiments == 6 and s.n_failed >= 3 and s.state == "finished"


def test_manual_round_trip(tmp_path):
    toml = tmp_path / "m.toml"
    toml.write_text(
        '[[parameters]]\nname = "x"\nlow = 0.0\nhigh = 1.0\n\n'
        '[[parameters]]\nname = "solvent"\ntype = "categorical"\nlevels = ["tol", "cb"]\n\n'
        '[[objectives]]\nname = "plqy"\n\n'
        '[campaign]\nstrategy = "random"\n\n'
        '[budget]\nexperiments = 4\nbatch_size = 2\n\n'
        '[instrument]\nkind = "manual"\nmeasures = ["plqy"]\n')
    folder = start_campaign(toml, tmp_path / "run")
    s = run_campaign(folder)
    assert s.state == "waiting" and "batch_001_results.csv" in s.message
    results = folder / "batch_001_results.csv"
    rows = list(csv.DictReader(results.open()))
    assert [r["id"] for r in rows] == ["b001-1", "b001-2"]
    # fill in one row only: still waiting, the filled one is recorded
    rows[0]["plqy"] = "0.42"
    with results.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    s = run_campaign(folder)
    assert s.state == "waiting" and s.n_measured == 1
    rows[1]["failed"] = "yes"
    rows[1]["error"] = "precipitated"
    with results.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    s = run_campaign(folder)  # batch 1 complete; batch 2 written, waiting again
    assert s.state == "waiting" and (folder / "batch_002.csv").exists()
    assert s.n_measured == 1 and s.n_failed == 1
    assert s.best["outcomes"]["plqy"] == 0.42


def test_analyze_raw_recovers_twin_truth():
    recipes = [{"growth_time_s": t, "ligand": "DDAB"} for t in (30.0, 100.0, 600.0)]
    runs = simulate_batch(recipes, keys=["a", "b", "c"], failure_probability=0.0)
    for r in runs:
        out = analyze_raw(r.raw())
        t = r.truth
        # noise: 2 % size scatter moves the peak by < 1 nm; 1.5 % excitation noise on PLQY
        assert out["peak_nm"] == pytest.approx(t["peak_nm"], abs=1.5)
        assert out["fwhm_nm"] == pytest.approx(t["fwhm_nm"], rel=0.1)
        assert out["plqy"] == pytest.approx(t["plqy"], rel=0.08)
    clean = simulate_batch(recipes, noise=False)
    for r in clean:
        out = analyze_raw(r.raw())
        assert out["plqy"] == pytest.approx(r.truth["plqy"], rel=1e-3)
        assert np.isfinite(out["fwhm_nm"])


def test_analyze_raw_spectrum_numbers_against_hand_values_and_colour_science():
    import colour

    # Gaussian PL band: peak 520 nm, FWHM 24 nm, 3.0e4 emitted photons; A = 0.3 and 6.0e4
    # excitation photons -> absorbed 6e4 (1 - 10^-0.3) = 29 929.6, PLQY = 1.00235
    wl = np.arange(420.0, 640.0, 0.5)
    sigma = 24.0 / (2.0 * np.sqrt(2.0 * np.log(2.0)))
    counts = 3.0e4 * np.exp(-0.5 * ((wl - 520.0) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
    out = analyze_raw({"spectrum": {"wavelength_nm": wl.tolist(), "counts": counts.tolist()},
                       "absorbance": 0.3, "excitation_photons": 6.0e4})
    assert out["peak_nm"] == pytest.approx(520.0, abs=1e-3)
    assert out["fwhm_nm"] == pytest.approx(24.0, abs=0.01)
    assert out["plqy"] == pytest.approx(3.0e4 / (6.0e4 * (1 - 10 ** -0.3)), rel=1e-6)
    # chromaticity of the power spectrum (photons x hc / lambda) by colour-science
    sd = colour.SpectralDistribution(dict(zip(wl, counts / wl, strict=True)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # colour notes that it aligns to 360-780 nm
        xy = colour.XYZ_to_xy(colour.sd_to_XYZ(sd.align(colour.SpectralShape(420, 639, 1))))
    assert out["cie_x"] == pytest.approx(xy[0], abs=1e-6)
    assert out["cie_y"] == pytest.approx(xy[1], abs=1e-6)
