"""`peled film cnt | simulate | map | materials` CLI contract."""

import json
from importlib.resources import files

import numpy as np
import pytest
from scipy.constants import e
from scipy.constants import k as K_B
from typer.testing import CliRunner

from peled.cli import app
from peled.errors import ParameterError
from peled.film.process import load_process
from peled.film.processmap import parse_axis, run_map

EXAMPLES = files("peled") / "data" / "examples" / "film"
runner = CliRunner()


def _small_process(tmp_path, **extra):
    text = (EXAMPLES / "antisolvent.toml").read_text().replace("n_classes = 400", "n_classes = 80")
    text = text.replace("t_end_s = 30.0", "t_end_s = 12.0")
    p = tmp_path / "proc.toml"
    p.write_text(text)
    return p


def test_cnt_json_keys_and_values():
    r = runner.invoke(
        app,
        [
            "film",
            "cnt",
            "--material",
            "CsPbBr3",
            "--supersaturation",
            "2.0",
            "--temperature-k",
            "300",
            "--gamma",
            "0.1",
            "--contact-angle",
            "60",
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert set(out) == {"r_crit_nm", "barrier_ev", "nucleation_rate_m3_s",
                        "nucleation_rate_per_m3_s", "hetero_factor"}
    assert out["nucleation_rate_m3_s"] == out["nucleation_rate_per_m3_s"]
    v = (5.874e-10) ** 3
    kt_ln_s = K_B * 300 * np.log(2.0)
    assert out["r_crit_nm"] == pytest.approx(2 * 0.1 * v / kt_ln_s * 1e9, rel=1e-12)
    f = (2 + 0.5) * 0.5**2 / 4
    assert out["hetero_factor"] == pytest.approx(f, rel=1e-12)
    assert out["barrier_ev"] == pytest.approx(
        f * 16 * np.pi * 0.1**3 * v**2 / (3 * kt_ln_s**2) / e, rel=1e-12
    )


def test_cnt_supersaturation_not_above_one_exits_2():
    r = runner.invoke(app, ["film", "cnt", "--supersaturation", "1.0", "--json"])
    assert r.exit_code == 2
    assert "error:" in r.output and "supersaturation" in r.output


def test_simulate_json_and_output_directory(tmp_path):
    proc = _small_process(tmp_path)
    out_dir = tmp_path / "run"
    r = runner.invoke(app, ["film", "simulate", str(proc), "-o", str(out_dir), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert list(out) == [
        "mean_radius_nm",
        "number_density_m3",  # first-release key (m^-3), kept one release
        "number_density_per_m3",
        "std_radius_nm",
        "coverage",
        "nucleation_time_s",
    ]
    # hidden files (e.g. the CLI's peled-output marker) are not part of the contract
    written = {p.name for p in out_dir.iterdir() if not p.name.startswith(".")}
    assert written == {"timeseries.csv", "distribution.csv", "film.png"}
    ts = np.genfromtxt(out_dir / "timeseries.csv", delimiter=",", names=True)
    assert ts["mean_radius_nm"][-1] == pytest.approx(out["mean_radius_nm"], rel=1e-6)
    assert ts["number_density_per_m3"][-1] == pytest.approx(out["number_density_per_m3"], rel=1e-6)
    assert out["number_density_m3"] == out["number_density_per_m3"]
    assert (out_dir / "film.png").read_bytes()[:4] == b"\x89PNG"


def test_simulate_bad_process_file_exits_2_and_writes_nothing(tmp_path):
    proc = _small_process(tmp_path)
    proc.write_text(proc.read_text().replace("evaporation_rate = 0.02", "evaporation_rate = -1"))
    out_dir = tmp_path / "run"
    r = runner.invoke(app, ["film", "simulate", str(proc), "-o", str(out_dir), "--json"])
    assert r.exit_code == 2
    assert "error:" in r.output and "proc.toml" in r.output and "evaporation_rate" in r.output
    assert not out_dir.exists()


def test_map_writes_png_and_json(tmp_path):
    proc = _small_process(tmp_path)
    png = tmp_path / "map.png"
    r = runner.invoke(
        app,
        [
            "film",
            "map",
            str(proc),
            "--x",
            "antisolvent_time_s:4:8:2",
            "--y",
            "evaporation_rate:0.0:0.04:2",
            "-o",
            str(png),
            "--workers",
            "1",
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["x_values"] == [4.0, 8.0] and out["y_values"] == [0.0, 0.04]
    assert np.array(out["mean_radius_nm"]).shape == (2, 2)
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_map_bad_axis_exits_2(tmp_path):
    proc = _small_process(tmp_path)
    r = runner.invoke(
        app, ["film", "map", str(proc), "--x", "bogus:0:1:2", "--y", "evaporation_rate:0:1:2"]
    )
    assert r.exit_code == 2 and "bogus" in r.output


def test_parallel_map_equals_serial(tmp_path):
    spec = load_process(_small_process(tmp_path)).with_values(n_classes=60)
    x = parse_axis("antisolvent_time_s:4:8:2")
    y = parse_axis("evaporation_rate:0.0:0.04:2", "--y")
    serial = run_map(spec, x, y, workers=1)
    parallel = run_map(spec, x, y, workers=2)
    np.testing.assert_array_equal(serial.mean_radius_nm, parallel.mean_radius_nm)
    # each map cell equals a direct simulation of that process
    from peled.film.kinetics import simulate

    direct = simulate(spec.with_values(antisolvent_time_s=8.0, evaporation_rate=0.04))
    assert serial.mean_radius_nm[1, 1] == pytest.approx(direct.summary()["mean_radius_nm"])


@pytest.mark.parametrize(
    "text", ["antisolvent_time_s:0:20", "material:0:1:2", "ramp_rate:a:1:2", "ramp_rate:0:1:0"]
)
def test_parse_axis_errors(text):
    with pytest.raises(ParameterError):
        parse_axis(text)


def test_materials_json_has_sources():
    r = runner.invoke(app, ["film", "materials", "--json"])
    assert r.exit_code == 0
    mats = json.loads(r.stdout)["materials"]
    assert set(mats) == {"CsPbBr3", "MAPbBr3", "FAPbBr3", "CsPbI3"}
    assert mats["CsPbBr3"]["sources"]["lattice_constant_m"].startswith("Stoumpos")


def test_every_sweepable_parameter_has_a_unit_bearing_axis_label():
    from peled.film.process import PARAMETER_NAMES
    from peled.report.film_figures import _nice_ticks, axis_label

    for name in PARAMETER_NAMES:
        if name in ("material", "mode", "enabled"):
            continue
        assert axis_label(name) != name and "(" in axis_label(name)
    assert axis_label("evaporation_rate") == "evaporation rate (1/s)"
    assert _nice_ticks(15.0, 120.0) == [20.0, 50.0, 100.0]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--gamma", "-0.1"], "--gamma"),
        (["--gamma", "nan"], "--gamma"),
        (["--contact-angle", "200"], "--contact-angle"),
        (["--temperature-k", "0"], "temperature_k"),
        (["--material", "PbS"], "CsPbBr3"),
    ],
)
def test_cnt_bad_options_name_the_option_and_exit_2(args, fragment):
    r = runner.invoke(app, ["film", "cnt", "--supersaturation", "2", *args, "--json"])
    assert r.exit_code == 2
    assert "error:" in r.output and fragment in r.output
    assert "Traceback" not in r.output


def test_cnt_default_gamma_numbers():
    # preset gamma 0.02 J/m2, S = 2, 300 K: r* = 2 gamma v / (kT ln 2) = 2.824 nm and
    # Delta G* = (4/3) pi gamma r*^2 = 4.169 eV (recomputed here from the definitions)
    r = runner.invoke(app, ["film", "cnt", "--supersaturation", "2", "--json"])
    out = json.loads(r.stdout)
    v = (5.874e-10) ** 3
    r_star = 2 * 0.02 * v / (K_B * 300 * np.log(2.0))
    assert out["r_crit_nm"] == pytest.approx(r_star * 1e9, rel=1e-12)
    assert out["barrier_ev"] == pytest.approx(4 / 3 * np.pi * 0.02 * r_star**2 / e, rel=1e-12)
    assert out["hetero_factor"] == 1.0
    assert out["r_crit_nm"] == pytest.approx(2.8238, abs=1e-4)
