"""`peled optics ...`: JSON contract, numbers against the `tmm` package, exit-2 errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
import tmm
from typer.testing import CliRunner

from peled.cli import app
from peled.cli.optics import parse_grid
from peled.device.optics import SUBSTRATE_THICKNESS_NM, stack_media
from peled.errors import ParameterError
from peled.io_stack import example_stack_path, load_stack

runner = CliRunner()
GREEN = str(example_stack_path("green_cspbbr3"))


def run_json(*args: str) -> dict:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rt_json_matches_tmm_and_conserves_energy():
    data = run_json("optics", "rt", GREEN, "--wavelength-nm", "400:800:5", "--angle-deg", "0",
                    "--json")
    assert data["wavelength_nm"] == [400.0, 500.0, 600.0, 700.0, 800.0]
    assert data["angle_deg"] == 0.0
    r = np.array(data["reflectance"])
    t = np.array(data["transmittance"])
    a = np.array(list(data["absorptance"].values()))
    np.testing.assert_allclose(r + t + a.sum(axis=0), 1.0, atol=1e-10)
    assert "CsPbBr3" in data["absorptance"]
    _, n, d = stack_media(load_stack(GREEN), [600.0])
    refs = [
        tmm.inc_tmm(pol, [1.0, *n[:, 0]], [np.inf, SUBSTRATE_THICKNESS_NM, *d, np.inf],
                    ["i", "i"] + ["c"] * len(d) + ["i"], 0.0, 600.0)["R"]
        for pol in "sp"
    ]
    assert r[2] == pytest.approx(np.mean(refs), abs=1e-9)


def test_rt_several_angles_gives_nested_lists():
    data = run_json("optics", "rt", GREEN, "--wavelength-nm", "520", "--angle-deg", "0:60:3",
                    "--polarization", "p", "--json")
    assert data["angle_deg"] == [0.0, 30.0, 60.0]
    assert np.shape(data["reflectance"]) == (1, 3)


def test_outcoupling_json_contract():
    data = run_json("optics", "outcoupling", GREEN, "--wavelength-nm", "520",
                    "--position-nm", "20", "--n-u", "1500", "--json")
    keys = ("eta_out", "fraction_substrate", "fraction_waveguide", "fraction_spp",
            "fraction_absorbed", "fraction_far_side")
    assert sum(data[k] for k in keys) == pytest.approx(1.0, abs=1e-9)
    assert data["purcell_factor"] > 0.5
    assert data["position_nm"] == 20.0
    assert len(data["angle_deg"]) == len(data["angular_profile"]) == 90
    assert data["angular_profile"][0] == pytest.approx(1.0)
    th = np.deg2rad(data["angle_deg"])
    integral = np.trapezoid(2 * np.pi * np.sin(th) * np.array(data["radiant_intensity_per_sr"]),
                            th)
    assert integral == pytest.approx(data["eta_out"], rel=0.02)


def test_spectrum_json_peaks_and_efficiency():
    data = run_json("optics", "spectrum", GREEN, "--n-u", "600", "--json")
    stack = load_stack(GREEN)
    assert data["peak_intrinsic_nm"] == stack.optics.emission_peak_nm
    assert 0.1 < data["eta_out_spectral"] < 0.3
    assert data["angular_profile"][0] == 1.0
    assert len(data["into_air"]) == len(data["wavelength_nm"])


def test_outcoupling_position_scan():
    data = run_json("optics", "outcoupling", GREEN, "--wavelength-nm", "520",
                    "--position-nm", "10:30:3", "--n-u", "800", "--json")
    assert data["position_nm"] == [10.0, 20.0, 30.0]
    assert len(data["eta_out"]) == 3
    assert len(data["angular_profile"]) == 3 and len(data["angular_profile"][0]) == 90
    single = run_json("optics", "outcoupling", GREEN, "--wavelength-nm", "520",
                      "--position-nm", "20", "--n-u", "800", "--json")
    assert single["eta_out"] == pytest.approx(data["eta_out"][1], rel=5e-3)


def test_materials_json_lists_provenance():
    data = run_json("optics", "materials", "--json")
    names = {row["name"]: row for row in data["materials"]}
    assert names["ITO"]["assumption"] is True
    assert "Rakić" in names["Al"]["source"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["rt", GREEN, "--wavelength-nm", "400:800"], "start:stop:count"),
        (["rt", GREEN, "--angle-deg", "95"], "angle_deg must lie in [0, 90)"),
        (["rt", GREEN, "--polarization", "q"], "polarization"),
        (["rt", "no_such_stack.toml"], "no_such_stack.toml"),
        (["outcoupling", GREEN, "--wavelength-nm", "520", "--position-nm", "60"],
         "position_nm must lie strictly inside"),
        (["outcoupling", GREEN, "--wavelength-nm", "100"], "valid for"),
        (["outcoupling", GREEN, "--wavelength-nm", "520", "--n-u", "10"], "--n-u"),
    ],
)
def test_errors_are_one_line_exit_2(args, message):
    result = runner.invoke(app, ["optics", *args])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert message in lines[0]


def test_parse_grid():
    assert parse_grid("400:800:3", "--x") == [400.0, 600.0, 800.0]
    assert parse_grid("450, 520", "--x") == [450.0, 520.0]
    with pytest.raises(ParameterError, match="--x"):
        parse_grid("1:2:x", "--x")
