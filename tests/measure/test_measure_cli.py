"""``peled analyze`` and ``peled lifetime`` CLI contract, exit codes and error messages."""

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.datasets import SyntheticDevice, make_device
from peled.measure import analyze_device

runner = CliRunner()
DEV = SyntheticDevice(v_start=1.8, v_stop=4.5, v_step=0.05, lifetime_duration_h=100)
KEYS = [
    "name", "eqe_max_pct", "ce_max_cd_a", "pe_max_lm_w", "luminance_max_cd_m2", "v_on_v",
    "j_at_eqe_max_mA_cm2", "eqe_at_1000_cd_m2_pct", "j50_mA_cm2", "peak_nm", "fwhm_nm",
    "cie_x", "cie_y", "t50_h", "t90_h", "t95_h", "t50_at_100_cd_m2_h", "warnings",
    "flags", "luminance_comparison", "el_bands",  # added after the first release
]


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_analyze_json_one_device(tmp_path):
    folder = make_device(DEV, tmp_path / "dev")
    r = run("analyze", folder, "--json")
    assert r.exit_code == 0, r.output
    obj = json.loads(r.stdout)
    assert list(obj) == KEYS
    ref = analyze_device(folder).summary()
    assert obj["eqe_max_pct"] == pytest.approx(ref["eqe_max_pct"], rel=1e-12)
    assert obj["t50_h"] == pytest.approx(DEV.t_x_h(0.5), rel=5e-3)
    assert obj["eqe_at_1000_cd_m2_pct"] is not None


def test_analyze_json_batch_with_failures(tmp_path):
    make_device(replace(DEV, name="a"), tmp_path / "a")
    make_device(replace(DEV, name="b"), tmp_path / "b")
    bad = make_device(replace(DEV, name="c"), tmp_path / "c")
    (bad / "jvl.csv").write_text("Voltage (V),J (mA/cm2),L (cd/m2)\n1,2,3\n2,x,4\n")
    r = run("analyze", tmp_path, "--json")
    assert r.exit_code == 0
    objs = json.loads(r.stdout)
    assert [o["name"] for o in objs] == ["a", "b"]
    assert all(list(o) == KEYS for o in objs)
    assert "warning: device c failed:" in r.stderr and "jvl.csv:3:" in r.stderr
    assert "1 of 3 devices failed" in r.stderr


def test_analyze_batch_all_failed_exits_2(tmp_path):
    for name in ("a", "b"):
        folder = make_device(replace(DEV, name=name), tmp_path / name, current_unit="mA")
        (folder / "device.toml").write_text("")
    r = run("analyze", tmp_path, "--json")
    assert r.exit_code == 2
    assert "error: all 2 devices failed" in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize(
    ("jvl", "toml", "message"),
    [
        ("V,I (mA),L (cd/m2)\n1,1,1\n2,2,2\n3,3,3\n", "", "field 'area_cm2' is required"),
        ("V,J (mA/cm2)\n1,1\n2,2\n3,3\n", "", "no emission column"),
        ("V,J (mA/cm2),L (cd/m2)\n1,1,1\n2,two,2\n", "", "jvl.csv:3: column 'J (mA/cm2)': 'two'"),
        ("V,J (mA/cm2),L (cd/m2)\n1,1,1\n2,2,2\n3,3,3\n", "area_cm2 = 0\n",
         "field 'area_cm2' must be finite and > 0"),
        ("V,J (mA/cm2),L (cd/m2)\n1,1,1\n", "", "only 1 complete row;"),
    ],
)
def test_analyze_malformed_input_exit_2_without_traceback(tmp_path, jvl, toml, message):
    (tmp_path / "jvl.csv").write_text(jvl)
    (tmp_path / "device.toml").write_text(toml)
    r = run("analyze", tmp_path, "--json")
    assert r.exit_code == 2
    assert r.stderr.startswith("error: ") and message in r.stderr
    assert "Traceback" not in r.output
    assert r.stdout == ""


def test_analyze_missing_path(tmp_path):
    r = run("analyze", tmp_path / "nope")
    assert r.exit_code == 2 and "error:" in r.stderr and "no such file or folder" in r.stderr


def test_analyze_human_output(tmp_path):
    folder = make_device(DEV, tmp_path / "dev")
    r = run("analyze", folder)
    assert r.exit_code == 0
    eqe = analyze_device(folder).summary()["eqe_max_pct"]
    assert "eqe_max_pct" in r.stdout and f"{eqe:.4g}" in r.stdout


def test_lifetime_convert_jang_2025():
    r = run("lifetime", "convert", "--t", 520, "--from-l0", 1000, "--to-l0", 100,
            "--n", 1.65, "--json")
    assert r.exit_code == 0
    obj = json.loads(r.stdout)
    assert list(obj) == ["t_h"]
    assert obj["t_h"] == pytest.approx(520 * 10**1.65, rel=1e-12)  # 23,230 h
    r2 = run("lifetime", "implied-n", "--t1", 520, "--l1", 1000, "--t2", 31858, "--l2", 100,
             "--json")
    assert json.loads(r2.stdout)["n"] == pytest.approx(1.787, abs=5e-4)


def test_lifetime_convert_rejects_bad_numbers():
    r = run("lifetime", "convert", "--t", 520, "--from-l0", 0, "--to-l0", 100, "--json")
    assert r.exit_code == 2 and "error: from_l0_cd_m2 must be finite and > 0" in r.stderr
