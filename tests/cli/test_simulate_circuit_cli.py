"""`peled simulate transient` / `impedance` with a series and shunt resistance: the stack
is accepted, the JSON carries the internal voltage, and the impedance CSV read back by
`peled characterize admittance`'s reader is the series-R / parallel-(C, R_sh) circuit."""

from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.constants as sc
from typer.testing import CliRunner

from peled.cli import app

runner = CliRunner()

#: 100 nm insulator (gap 2-6 eV, contacts mid-gap: no carriers) behind 10 Ohm cm^2, with a
#: 1000 Ohm cm^2 shunt
STACK = """
title = "insulator with series and shunt resistance"
[[layer]]
name = "I"
thickness_nm = 100.0
eps_r = 5.0
electron_affinity_ev = 2.0
ionisation_energy_ev = 6.0
nc_per_m3 = 1e25
nv_per_m3 = 1e25
mu_n_m2_vs = 1e-4
mu_p_m2_vs = 1e-4
[contacts]
left_work_function_ev = 4.0
right_work_function_ev = 4.0
series_resistance_ohm_cm2 = 10.0
shunt_resistance_ohm_cm2 = 1000.0
[grid]
points = 30
[optics]
emitter_layer = "I"
outcoupling = 0.2
"""


def test_impedance_cli_accepts_rs_rsh_and_the_csv_round_trips(tmp_path):
    from peled.characterize.readers import read_admittance_csv

    stack = tmp_path / "rc.toml"
    stack.write_text(STACK)
    out = tmp_path / "adm.csv"
    r = runner.invoke(app, ["simulate", "impedance", str(stack), "--bias-v", "0.5",
                            "--freq-hz", "1e3:1e8:6", "-o", str(out), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    rs, rsh, c = 10e-4, 0.1, 5.0 * sc.epsilon_0 / 100e-9
    assert d["internal_bias_v"] == pytest.approx(0.5 * rsh / (rs + rsh), rel=1e-9)
    data = read_admittance_csv(out)
    omega = 2 * np.pi * data.frequency_hz
    ref = 1.0 / (rs + 1.0 / (1j * omega * c + 1.0 / rsh))
    assert data.frequency_hz == pytest.approx(np.geomspace(1e3, 1e8, 6), rel=1e-9)
    assert data.capacitance_f_m2 == pytest.approx(ref.imag / omega, rel=1e-3)
    assert data.conductance_s_m2 == pytest.approx(ref.real, rel=1e-3)
    assert data.capacitance_f_m2 == pytest.approx(
        np.array(d["capacitance_nF_cm2"]) * 1e-5, rel=1e-8)


def test_transient_cli_accepts_rs_rsh_and_reports_the_internal_voltage(tmp_path):
    stack = tmp_path / "rc.toml"
    stack.write_text(STACK)
    proto = tmp_path / "p.toml"
    proto.write_text('start_v = 0.0\n[[segment]]\ntype = "step"\nvoltage_v = 0.5\n'
                     'duration_s = 1e-4\n')
    r = runner.invoke(app, ["simulate", "transient", str(stack), "--protocol", str(proto),
                            "-o", str(tmp_path / "tr"), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    v, vi = np.array(d["voltage_v"]), np.array(d["internal_voltage_v"])
    j = np.array(d["current_density_mA_cm2"], dtype=float) * 10.0    # A/m^2 (t = 0: null)
    assert len(vi) == len(d["time_s"])
    # Kirchhoff at every step, and the divider V R_sh / (R_s + R_sh) at the end
    assert v[1:] == pytest.approx(vi[1:] + 10e-4 * j[1:], abs=1e-6)
    assert vi[-1] == pytest.approx(0.5 * 1000 / 1010, rel=1e-6)
    assert j[-1] == pytest.approx(0.5 / 0.101, rel=1e-6)
    table = np.genfromtxt(tmp_path / "tr" / "transient.csv", delimiter=",", names=True)
    assert table["internal_voltage_v"] == pytest.approx(vi, abs=1e-9)
