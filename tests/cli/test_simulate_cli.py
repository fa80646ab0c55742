"""`peled simulate jv`: JSON contract, device-folder round trip through `peled analyze`,
and input/convergence errors (exit 2, one `error:` line)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.constants as sc
from typer.testing import CliRunner

import peled.device.driftdiffusion.steady as steady
from peled.cli import app
from peled.device.optics import outcoupling
from peled.io_stack import example_stack_path, load_stack

runner = CliRunner()

KEYS = {
    "voltage_v", "current_density_mA_cm2", "j_radiative_mA_cm2", "j_srh_mA_cm2",
    "j_interface_mA_cm2", "j_auger_mA_cm2", "j_leak_mA_cm2", "iqe_pct", "eqe_pct",
    "luminance_cd_m2", "converged", "newton_iterations", "grid_points",
}


def _short_stack(tmp_path, extra=""):
    text = example_stack_path("green_cspbbr3").read_text()
    text = text.replace("stop_v = 5.0", "stop_v = 4.0").replace("step_v = 0.1", "step_v = 0.25")
    path = tmp_path / "green.toml"
    path.write_text(text + extra)
    return path


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sim")
    out = tmp / "device"
    result = runner.invoke(app, ["simulate", "jv", str(_short_stack(tmp)), "-o", str(out),
                                 "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), out


def test_json_contract(simulated):
    data, _ = simulated
    assert set(data) == KEYS
    n = len(data["voltage_v"])
    assert n == 17 and data["grid_points"] == 250
    assert all(len(data[k]) == n for k in KEYS - {"grid_points"})
    assert all(data["converged"])
    j = np.array(data["current_density_mA_cm2"])
    parts = sum(np.array(data[k]) for k in ("j_radiative_mA_cm2", "j_srh_mA_cm2",
                                            "j_interface_mA_cm2", "j_auger_mA_cm2",
                                            "j_leak_mA_cm2"))
    on = j > 1e-6
    assert np.allclose(parts[on], j[on], rtol=1e-6)
    # EQE = IQE x radiative efficiency (1) x eta_out of the dipole model, weighted over
    # the intrinsic Gaussian spectrum with the Purcell factor (Neyts 1998; Furno 2012)
    stack = load_stack(example_stack_path("green_cspbbr3"))
    wl = np.linspace(456.0, 576.0, 121)
    res = outcoupling(stack, wl, n_u=1000)
    s = np.exp(-0.5 * ((wl - 516.0) / (20.0 / np.sqrt(8 * np.log(2)))) ** 2)
    eta = np.sum(s * res.eta_out * res.purcell_factor) / np.sum(s * res.purcell_factor)
    assert 0.1 < eta < 0.3
    iqe, eqe = np.array(data["iqe_pct"], float), np.array(data["eqe_pct"], float)
    assert np.allclose(eqe[on], eta * iqe[on], rtol=1e-6)
    assert np.allclose(iqe[on], 100 * np.array(data["j_radiative_mA_cm2"])[on] / j[on])


def test_device_folder_round_trip_through_analyze(simulated):
    data, out = simulated
    for name in ("jvl.csv", "el_spectrum.csv", "angular.csv", "device.toml", "profiles.csv"):
        assert (out / name).is_file()
    result = runner.invoke(app, ["analyze", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    # peled analyze recomputes EQE from J, L, the spectrum and the angular profile
    assert summary["eqe_max_pct"] == pytest.approx(np.nanmax(np.array(data["eqe_pct"],
                                                                       float)), rel=0.01)
    assert summary["peak_nm"] == pytest.approx(516.0, abs=0.5)
    # angular.csv is the computed far field (not Lambertian): spectrally weighted I(theta)
    ang = np.genfromtxt(out / "angular.csv", delimiter=",", skip_header=1)
    assert ang[0, 1] == 1.0 and np.all(ang[:, 1] >= 0)
    assert np.max(np.abs(ang[:, 1] - np.cos(np.radians(ang[:, 0])))) > 0.02
    profiles = np.genfromtxt(out / "profiles.csv", delimiter=",", names=True)
    assert profiles.size == 17 * 250
    # hole density at the anode node: thermionic equilibrium N_v exp(-(I - W)/kT)
    first = profiles[profiles["x_nm"] == 0.0]
    vt = sc.k * 300 / sc.e
    assert np.allclose(first["p_per_m3"], 1e26 * np.exp(-(5.4 - 5.2) / vt), rtol=1e-6)


def test_constant_outcoupling_override_and_lambertian_profile(tmp_path):
    path = _short_stack(tmp_path, "")
    path.write_text(path.read_text().replace("[optics]\n", "[optics]\noutcoupling = 0.2\n"))
    out = tmp_path / "dev"
    result = runner.invoke(app, ["simulate", "jv", str(path), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    j = np.array(data["current_density_mA_cm2"])
    on = j > 1e-6
    assert np.allclose(np.array(data["eqe_pct"], float)[on],
                       0.2 * np.array(data["iqe_pct"], float)[on])
    ang = np.genfromtxt(out / "angular.csv", delimiter=",", skip_header=1)
    assert np.allclose(ang[:, 1], np.cos(np.radians(ang[:, 0])))
    summary = json.loads(runner.invoke(app, ["analyze", str(out), "--json"]).stdout)
    assert summary["eqe_max_pct"] == pytest.approx(np.nanmax(np.array(data["eqe_pct"],
                                                                       float)), rel=0.01)


def test_unknown_key_is_exit_2_with_hint(tmp_path):
    bad = _short_stack(tmp_path).read_text().replace("eps_r = 7.3", "eps_rr = 7.3", 1)
    path = tmp_path / "bad.toml"
    path.write_text(bad)
    result = runner.invoke(app, ["simulate", "jv", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error:")
    assert "layer 'CsPbBr3': unknown key 'eps_rr' (did you mean 'eps_r'?)" in result.stderr
    path.write_text(_short_stack(tmp_path, "\n[grid]\npoints = 100\n").read_text())
    result = runner.invoke(app, ["simulate", "jv", str(path)])
    assert result.exit_code == 2 and "invalid TOML" in result.stderr and "line" in result.stderr


def test_nonphysical_and_missing_file_are_exit_2(tmp_path):
    text = _short_stack(tmp_path).read_text().replace("thickness_nm = 40.0", "thickness_nm = -4",
                                                      1)
    path = tmp_path / "neg.toml"
    path.write_text(text)
    result = runner.invoke(app, ["simulate", "jv", str(path)])
    assert result.exit_code == 2 and "thickness_nm must be > 0" in result.stderr
    result = runner.invoke(app, ["simulate", "jv", str(tmp_path / "none.toml")])
    assert result.exit_code == 2 and "error:" in result.stderr


def test_nothing_converged_is_exit_2_naming_the_bias(tmp_path, monkeypatch):
    def never(m, z0, voltage_v, circuit, **kw):
        raise steady.NewtonFailure(voltage_v, "forced failure")

    monkeypatch.setattr(steady, "_newton", never)
    text = _short_stack(tmp_path).read_text().replace("start_v = 0.0", "start_v = 1.0")
    path = tmp_path / "s.toml"
    path.write_text(text)
    result = runner.invoke(app, ["simulate", "jv", str(path), "--json"])
    assert result.exit_code == 2
    assert "no voltage converged" in result.stderr and "at 1 V" in result.stderr


def test_transient_cli_files_and_json(tmp_path):
    proto = tmp_path / "p.toml"
    proto.write_text('start_v = 0.0\n[[segment]]\ntype = "step"\nvoltage_v = 3.0\n'
                     'duration_s = 1e-6\n[[segment]]\ntype = "ramp"\nvoltage_v = 2.0\n'
                     'rate_v_s = 1e6\n')
    out = tmp_path / "tr"
    r = runner.invoke(app, ["simulate", "transient", str(example_stack_path("green_cspbbr3")),
                            "--protocol", str(proto), "--points", "60", "-o", str(out),
                            "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["time_s"][-1] == pytest.approx(2e-6)
    assert d["voltage_v"][-1] == pytest.approx(2.0)
    assert len(d["current_density_mA_cm2"]) == len(d["time_s"]) == len(d["luminance_cd_m2"])
    table = np.genfromtxt(out / "transient.csv", delimiter=",", names=True)
    assert table.size == len(d["time_s"])
    assert (out / "ions.csv").is_file()
    bad = tmp_path / "bad.toml"
    bad.write_text('[[segment]]\ntype = "ramp"\nvoltage_v = 1.0\nrate_vs = 1.0\n')
    r = runner.invoke(app, ["simulate", "transient", str(example_stack_path("green_cspbbr3")),
                            "--protocol", str(bad), "-o", str(tmp_path / "x")])
    assert r.exit_code == 2 and "segment 1 (ramp): unknown key 'rate_vs'" in r.stderr
    assert not (tmp_path / "x").exists()


def test_impedance_cli_writes_a_file_the_admittance_reader_reads(tmp_path):
    from peled.characterize.readers import read_admittance_csv

    out = tmp_path / "adm.csv"
    r = runner.invoke(app, ["simulate", "impedance", str(example_stack_path("green_cspbbr3")),
                            "--bias-v", "0.5", "--freq-hz", "1:1e6:4", "--points", "60",
                            "-o", str(out), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["frequency_hz"] == pytest.approx([1, 100, 1e4, 1e6])
    data = read_admittance_csv(out)
    assert data.capacitance_f_m2 == pytest.approx(np.array(d["capacitance_nF_cm2"]) * 1e-5,
                                                  rel=1e-8)
    r = runner.invoke(app, ["simulate", "impedance", str(example_stack_path("green_cspbbr3")),
                            "--freq-hz", "0:1e6:4"])
    assert r.exit_code == 2 and "--freq-hz" in r.stderr


@pytest.mark.parametrize("start", ["nan", "inf", '"zero"', "true"])
def test_transient_cli_non_finite_start_voltage_is_exit_2(tmp_path, start):
    proto = tmp_path / "p.toml"
    proto.write_text(f'start_v = {start}\n[[segment]]\ntype = "step"\nvoltage_v = 1.0\n'
                     'duration_s = 1e-3\n')
    r = runner.invoke(app, ["simulate", "transient", str(example_stack_path("green_cspbbr3")),
                            "--protocol", str(proto), "-o", str(tmp_path / "x")])
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "start_v must be a finite voltage" in r.stderr
    assert not (tmp_path / "x").exists()


def test_protocol_start_voltage_is_the_first_corner(tmp_path):
    from peled.io_stack import load_protocol

    proto = tmp_path / "p.toml"
    proto.write_text('start_v = -1.5\n[[segment]]\ntype = "ramp"\nvoltage_v = 0.5\n'
                     'rate_v_s = 4.0\n')
    p = load_protocol(proto)
    # a 2 V ramp at 4 V/s lasts 0.5 s, from -1.5 V
    assert p.voltage_v.tolist() == [-1.5, 0.5]
    assert p.duration_s == pytest.approx(0.5, rel=1e-12)


@pytest.mark.parametrize("args, message", [
    (["--bias-v", "nan"], "bias_v (--bias-v) must be a finite voltage"),
    (["--bias-v", "inf"], "bias_v (--bias-v) must be a finite voltage"),
    (["--freq-hz", "nan:1e6:4"], "--freq-hz: expected start:stop:count"),
    (["--freq-hz", "1:inf:4"], "--freq-hz: expected start:stop:count"),
    (["--freq-hz", "10,nan"], "--freq-hz: frequencies must be > 0"),
])
def test_impedance_cli_non_finite_bias_or_frequency_is_exit_2(tmp_path, args, message):
    out = tmp_path / "adm.csv"
    r = runner.invoke(app, ["simulate", "impedance", str(example_stack_path("green_cspbbr3")),
                            "--points", "40", "-o", str(out), *args])
    assert r.exit_code == 2, r.output
    assert r.stderr.count("\n") == 1 and message in r.stderr
    assert not out.exists()


def test_admittance_library_rejects_non_finite_frequency():
    from peled.device.driftdiffusion import build_model
    from peled.device.driftdiffusion.impedance import admittance
    from peled.errors import ParameterError

    m = build_model(load_stack(example_stack_path("green_cspbbr3")), points=40)
    for f in ([1e3, np.nan], [], [-1.0]):
        with pytest.raises(ParameterError, match="frequency_hz"):
            admittance(m, 0.5, f)


def test_help_keeps_bracketed_table_names():
    r = runner.invoke(app, ["simulate", "transient", "--help"], env={"COLUMNS": "200"})
    assert "[[segment]] tables" in r.stdout and "overrides [grid] points" in r.stdout


INSULATOR = """title = "insulator"
temperature_k = 300.0
area_cm2 = 0.04
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
n = 1.8
k = 0.0
[contacts]
left_work_function_ev = 4.0
right_work_function_ev = 4.0
[grid]
points = 40
[sweep]
start_v = 0.0
stop_v = 1.0
step_v = 0.1
direction = "both"
[optics]
emitter_layer = "I"
outcoupling = 0.2
"""


def test_transient_without_protocol_sweeps_the_stack_at_its_scan_rate(tmp_path):
    # a carrier-free insulator is the geometric capacitor: J = (eps / L) dV/dt
    # = 5 eps_0 / 100 nm x 1e3 V/s = 0.4427 A/m^2 = 0.04427 mA/cm^2, reversed on the way back
    stack = tmp_path / "ins.toml"
    stack.write_text(INSULATOR.replace('direction = "both"',
                                       'direction = "both"\nscan_rate_v_s = 1000.0'))
    r = runner.invoke(app, ["simulate", "transient", str(stack), "-o", str(tmp_path / "t"),
                            "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    t, v = np.array(d["time_s"]), np.array(d["voltage_v"])
    j = np.array(d["current_density_mA_cm2"][1:])
    assert t[-1] == pytest.approx(2e-3, rel=1e-12) and v.max() == pytest.approx(1.0)
    expect = 5 * sc.epsilon_0 / 100e-9 * 1e3 * 0.1
    assert expect == pytest.approx(0.044271, rel=1e-4)
    up, down = t[1:] < 1e-3, t[1:] > 1e-3
    assert j[up] == pytest.approx(expect, rel=1e-4)
    assert j[down] == pytest.approx(-expect, rel=1e-4)
    # no scan rate and no protocol: exit 2 naming the two fixes, nothing written
    stack.write_text(INSULATOR)
    r = runner.invoke(app, ["simulate", "transient", str(stack), "-o", str(tmp_path / "u")])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert "give --protocol PROTOCOL.toml, or scan_rate_v_s in [sweep]" in r.stderr
    assert not (tmp_path / "u").exists()


def test_transient_tol_resolves_the_rc_time_constant(tmp_path):
    # insulator (C = 5 eps_0 / 100 nm) behind R_s = 10 Ohm cm^2 with R_sh = 1000 Ohm cm^2:
    # J(t) = J_inf + (dV/R_s - J_inf) exp(-t/tau), tau = (R_s || R_sh) C = 0.4383 us,
    # J_inf = dV / (R_s + R_sh) = 4.950 A/m^2 for dV = 0.5 V
    stack = tmp_path / "rc.toml"
    stack.write_text(INSULATOR.replace(
        "right_work_function_ev = 4.0",
        "right_work_function_ev = 4.0\nseries_resistance_ohm_cm2 = 10.0\n"
        "shunt_resistance_ohm_cm2 = 1000.0"))
    proto = tmp_path / "p.toml"
    proto.write_text('start_v = 0.0\n[[segment]]\ntype = "step"\nvoltage_v = 0.5\n'
                     'duration_s = 2e-5\n')
    base = ["simulate", "transient", str(stack), "--protocol", str(proto), "--json"]
    r = runner.invoke(app, [*base, "-o", str(tmp_path / "t"), "--tol", "1e-3"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    t = np.array(d["time_s"][1:])
    j = np.array(d["current_density_mA_cm2"][1:]) * 10.0
    cap = 5 * sc.epsilon_0 / 100e-9
    tau, j_inf = cap / (1 / 1e-3 + 1 / 0.1), 0.5 / (1e-3 + 0.1)
    assert tau == pytest.approx(4.383e-7, rel=1e-3)
    sel = (t > 0.3 * tau) & (t < 3 * tau)
    fitted = -1.0 / np.polyfit(t[sel], np.log(j[sel] - j_inf), 1)[0]
    assert fitted == pytest.approx(tau, rel=0.02)
    assert j[-1] == pytest.approx(j_inf, rel=1e-4)
    for bad in ("0", "-1", "nan", "2"):
        r = runner.invoke(app, [*base, "-o", str(tmp_path / "x"), "--tol", bad])
        assert r.exit_code == 2 and "--tol must be" in r.stderr
        assert not (tmp_path / "x").exists()


def test_shipped_ionic_stack_luminance_rises_as_the_vacancies_drift(tmp_path):
    """green_cspbbr3_ions + protocol_hold: at 3 V the luminance rises over the vacancy
    drift time L^2 / (mu V) = (40 nm)^2 / (4.5e-16 m^2/(V s) x 3 V) = 1.2 s and settles
    at the relaxed-ion steady state of `simulate jv` (an independent solver path); the
    vacancy number is conserved."""
    stack = example_stack_path("green_cspbbr3_ions")
    r = runner.invoke(app, ["simulate", "transient", str(stack), "--protocol",
                            str(example_stack_path("protocol_hold")), "--points", "60",
                            "-o", str(tmp_path / "tr"), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    t = np.array(d["time_s"])
    lum = np.array(d["luminance_cd_m2"], dtype=float)
    j = np.array(d["current_density_mA_cm2"], dtype=float)

    def at(time_s):
        return int(np.searchsorted(t, time_s))

    # little vacancy motion at 10 ms (<< 1.2 s); most of the rise done by 3 s
    assert lum[at(1e-2)] < 0.25 * lum[-1]
    assert lum[at(3.0)] > 0.9 * lum[-1]
    totals = np.array(d["cation_total_per_m2"])
    assert totals == pytest.approx(1.6e25 * 40e-9, rel=1e-10)
    s = runner.invoke(app, ["simulate", "jv", str(stack), "--points", "60", "--json"])
    assert s.exit_code == 0, s.output
    sd = json.loads(s.stdout)
    k = int(np.argmin(np.abs(np.array(sd["voltage_v"]) - 3.0)))
    assert sd["voltage_v"][k] == pytest.approx(3.0)
    assert j[-1] == pytest.approx(sd["current_density_mA_cm2"][k], rel=1e-4)
    assert lum[-1] == pytest.approx(sd["luminance_cd_m2"][k], rel=1e-4)
