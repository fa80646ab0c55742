"""Series and shunt resistance in transients and small-signal impedance.

Independent references:

* An insulator (no carriers: a 4 eV gap with the contact Fermi levels 2 eV from both
  bands) is the geometric capacitor C = eps_0 eps_r / L.  Behind R_s a voltage step dV
  gives J(t) = (dV / R_s) exp(-t / (R_s C)); with a shunt R_sh across it the current
  settles at dV / (R_s + R_sh) and the time constant is (R_s || R_sh) C (the RC circuit).
* Held long at a bias, the transient reaches the steady state of the steady-state
  solver with the same R_s, R_sh (an independent code path: banded LU with a bordered
  row instead of the sparse backward-Euler system).
* Impedance of the insulator with R_s and R_sh: Y = 1 / (R_s + 1 / (i omega C + 1/R_sh));
  of a diode: the same composition with the diode's own admittance at the internal bias.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.constants as sc
from dd_stacks import layer, make_stack, pin_stack

from peled.device.driftdiffusion.impedance import admittance
from peled.device.driftdiffusion.model import build_model
from peled.device.driftdiffusion.steady import solve_steady_state
from peled.device.driftdiffusion.transient import VoltageProtocol, solve_transient

IONS = {"anion_per_m3": 1e24, "mu_anion_m2_vs": 1e-16, "cation_per_m3": 1e24,
        "mu_cation_m2_vs": 1e-17}
C_GEO = 5.0 * sc.epsilon_0 / 100e-9          # F/m^2, eps_r = 5, L = 100 nm


def _insulator(rs_ohm_cm2, rsh_ohm_cm2=None):
    contacts = {"series_resistance_ohm_cm2": rs_ohm_cm2}
    if rsh_ohm_cm2 is not None:
        contacts["shunt_resistance_ohm_cm2"] = rsh_ohm_cm2
    return build_model(make_stack([layer("I", 100, 2.0, 6.0, eps_r=5.0)], 4.0, 4.0,
                                  grid={"points": 40}, contacts=contacts))


def test_insulator_behind_series_resistance_discharges_with_rs_c_geo():
    rs = 10.0e-4                                 # 10 Ohm cm^2 in Ohm m^2
    tau = rs * C_GEO                              # 0.443 us
    dv = 0.5
    res = solve_transient(_insulator(10.0),
                          VoltageProtocol.from_segments(0.0, [("step", dv, 10 * tau)]),
                          tol=1e-3)
    t, j = res.time_s[1:], res.current_density_a_m2[1:]
    # amplitude: the first (tiny) step sees the whole step across R_s
    assert t[0] < 1e-4 * tau
    assert j[0] == pytest.approx(dv / rs, rel=1e-3)
    sel = (t > 0.3 * tau) & (t < 3 * tau)
    slope = np.polyfit(t[sel], np.log(j[sel]), 1)[0]
    assert -1.0 / slope == pytest.approx(tau, rel=0.02)
    # Kirchhoff at every step: V = V_int + R_s J; the internal voltage ends at dV
    assert res.voltage_v[1:] == pytest.approx(res.internal_voltage_v[1:] + rs * j,
                                              abs=1e-6)
    assert res.internal_voltage_v[-1] == pytest.approx(dv, rel=1e-3)
    assert res.internal_voltage_v[0] == pytest.approx(0.0, abs=1e-12)


def test_rc_step_at_the_default_tolerance_follows_the_analytic_decay():
    # BDF2 with the terminal current in the error norm: at the default tol the current
    # stays within 2 % of (dV / R_s) exp(-t / tau) over 0.1-5 tau (backward Euler with
    # the potential-only error norm was off by up to 55 % there at this tolerance)
    rs = 10.0e-4
    tau = rs * C_GEO
    dv = 0.5
    res = solve_transient(_insulator(10.0),
                          VoltageProtocol.from_segments(0.0, [("step", dv, 10 * tau)]))
    t, j = res.time_s[1:], res.current_density_a_m2[1:]
    sel = (t >= 0.1 * tau) & (t <= 5 * tau)
    assert np.sum(sel) > 10
    assert j[sel] == pytest.approx(dv / rs * np.exp(-t[sel] / tau), rel=0.02)
    fit = (t > 0.3 * tau) & (t < 3 * tau)
    assert -1.0 / np.polyfit(t[fit], np.log(j[fit]), 1)[0] == pytest.approx(tau, rel=0.02)
    # the charge delivered equals C dV (trapezoid over the accepted steps)
    charge = np.trapezoid(res.current_density_a_m2[1:], res.time_s[1:])
    assert charge == pytest.approx(C_GEO * dv, rel=0.02)


def test_insulator_with_shunt_settles_at_v_over_rs_plus_rsh():
    rs, rsh = 10.0e-4, 1000.0e-4
    tau = C_GEO / (1.0 / rs + 1.0 / rsh)
    res = solve_transient(_insulator(10.0, 1000.0),
                          VoltageProtocol.from_segments(0.0, [("step", 0.5, 200 * tau)]),
                          tol=1e-3)
    assert res.current_density_a_m2[-1] == pytest.approx(0.5 / (rs + rsh), rel=1e-6)
    assert res.current_density_right_a_m2[-1] == pytest.approx(0.5 / (rs + rsh), rel=1e-6)
    assert res.internal_voltage_v[-1] == pytest.approx(0.5 * rsh / (rs + rsh), rel=1e-6)
    t, j = res.time_s[1:], res.current_density_a_m2[1:] - 0.5 / (rs + rsh)
    sel = (t > 0.3 * tau) & (t < 3 * tau)
    assert -1.0 / np.polyfit(t[sel], np.log(j[sel]), 1)[0] == pytest.approx(tau, rel=0.02)


@pytest.mark.parametrize("volt", [1.0, 1.8, 2.5])
def test_long_hold_equals_the_steady_state_solver_with_the_same_circuit(volt):
    stack = pin_stack({"k_rad_m3_s": 1e-16}, grid={"points": 60},
                      contacts={"series_resistance_ohm_cm2": 2.0,
                                "shunt_resistance_ohm_cm2": 1e4})
    res = solve_transient(build_model(stack),
                          VoltageProtocol.from_segments(0.0, [("step", volt, 1e-2)]))
    st = solve_steady_state(build_model(stack), volt)
    # J drops by R_s over the range: 1 -> 3.8e3 A/m^2, V_int 0.2 V - 0.76 V below V
    assert res.current_density_a_m2[-1] == pytest.approx(st.current_density_a_m2, rel=1e-6)
    assert res.internal_voltage_v[-1] == pytest.approx(st.internal_voltage_v, rel=1e-6)
    assert volt - st.internal_voltage_v == pytest.approx(2e-4 * st.current_density_a_m2,
                                                         rel=1e-9)


def test_ionic_device_with_circuit_conserves_ions_and_current():
    stack = pin_stack({"k_rad_m3_s": 1e-16, **IONS}, grid={"points": 40},
                      contacts={"series_resistance_ohm_cm2": 2.0,
                                "shunt_resistance_ohm_cm2": 1e4})
    res = solve_transient(build_model(stack), VoltageProtocol.from_segments(
        0.0, [("step", 1.8, 1e-2), ("step", 0.5, 1e-2)]))
    totals = res.ions_total_per_m2
    assert np.all(np.abs(totals / totals[0] - 1) < 1e-10)
    j_l, j_r = res.current_density_a_m2[1:], res.current_density_right_a_m2[1:]
    assert np.max(np.abs(j_l - j_r)) < 1e-8 * np.max(np.abs(j_l))
    assert res.voltage_v[1:] == pytest.approx(res.internal_voltage_v[1:] + 2e-4 * j_l,
                                              abs=1e-6)
    # the series resistance takes a visible share of 1.8 V at the end of the first hold
    k = int(np.searchsorted(res.time_s, 1e-2)) - 1
    assert res.voltage_v[k] == 1.8 and 1.8 - res.internal_voltage_v[k] > 0.05


def test_impedance_of_insulator_with_rs_and_rsh_is_the_rc_circuit():
    rs, rsh = 10.0e-4, 1000.0e-4
    f = np.geomspace(1e2, 1e9, 15)          # around 1 / (2 pi R_s C) = 360 kHz
    y = admittance(_insulator(10.0, 1000.0), 0.5, f)
    omega = 2 * np.pi * f
    ref = 1.0 / (rs + 1.0 / (1j * omega * C_GEO + 1.0 / rsh))
    assert y.conductance_s_m2 == pytest.approx(ref.real, rel=1e-3)
    assert y.capacitance_f_m2 == pytest.approx(ref.imag / omega, rel=1e-3)
    # DC point: the source bias divides over R_s and R_sh
    assert y.bias_v == 0.5
    assert y.internal_bias_v == pytest.approx(0.5 * rsh / (rs + rsh), rel=1e-9)
    assert y.as_dict()["internal_bias_v"] == y.internal_bias_v


def test_impedance_of_ionic_diode_is_its_admittance_composed_with_the_circuit():
    rs, rsh = 2.0e-4, 1.0
    f = np.geomspace(1e-3, 1e7, 6)
    with_r = pin_stack({"k_rad_m3_s": 1e-16, **IONS}, grid={"points": 40},
                       contacts={"series_resistance_ohm_cm2": 2.0,
                                 "shunt_resistance_ohm_cm2": 1e4})
    y = admittance(build_model(with_r), 1.8, f)
    # the bare diode, linearised alone at the internal bias of the circuit
    bare = pin_stack({"k_rad_m3_s": 1e-16, **IONS}, grid={"points": 40})
    yd = admittance(build_model(bare), y.internal_bias_v, f)
    omega = 2 * np.pi * f
    y_dev = yd.conductance_s_m2 + 1j * omega * yd.capacitance_f_m2
    ref = 1.0 / (rs + 1.0 / (y_dev + 1.0 / rsh))
    assert 1.8 - y.internal_bias_v > 0.05
    assert y.conductance_s_m2 == pytest.approx(ref.real, rel=1e-6)
    assert y.capacitance_f_m2 == pytest.approx(ref.imag / omega, rel=1e-3)


def test_shunt_without_series_resistance_adds_its_conductance():
    f = np.array([1e3, 1e6])
    y = admittance(_insulator(0.0, 1000.0), 0.3, f)
    assert y.conductance_s_m2 == pytest.approx([1.0 / 0.1, 1.0 / 0.1], rel=1e-6)
    assert y.capacitance_f_m2 == pytest.approx([C_GEO, C_GEO], rel=1e-3)
    assert y.internal_bias_v == 0.3


def test_shunt_without_series_resistance_in_a_transient():
    # R_s = 0: the source sets V across the insulator; the shunt adds V(t) / R_sh to the
    # displacement current C dV/dt of a 1e3 V/s ramp
    res = solve_transient(_insulator(0.0, 1000.0),
                          VoltageProtocol(np.array([0.0, 1e-3]), np.array([0.0, 1.0])))
    ref = C_GEO * 1e3 + res.voltage_v[1:] / 0.1
    assert res.current_density_a_m2[1:] == pytest.approx(ref, rel=1e-6)
    assert np.array_equal(res.internal_voltage_v, res.voltage_v)


@pytest.mark.parametrize("circuit", [{}, {"series_resistance_ohm_cm2": 2.0,
                                          "shunt_resistance_ohm_cm2": 1e4}])
def test_low_frequency_conductance_is_the_steady_state_dj_dv(circuit):
    # finite surface recombination velocities at the left contact (its quasi-Fermi levels
    # are not pinned to the bias); the steady-state solver's central difference of J(V)
    # is the independent reference for G(f -> 0)
    stack = pin_stack({"k_rad_m3_s": 1e-16}, grid={"points": 60},
                      contacts={"left_sn_m_s": 1.0, "left_sp_m_s": 1.0, **circuit})
    volt, dv = 1.8, 1e-4
    j = [solve_steady_state(build_model(stack), v).current_density_a_m2
         for v in (volt - dv, volt + dv)]
    y = admittance(build_model(stack), volt, [1e-2])
    assert y.conductance_s_m2[0] == pytest.approx((j[1] - j[0]) / (2 * dv), rel=1e-5)
