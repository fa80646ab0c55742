"""Steady-state drift-diffusion against independent references.

References used here (not the solver's own output):
* Mott-Gurney law J = 9/8 eps mu V^2 / L^3 (Mott & Gurney, "Electronic Processes in
  Ionic Crystals", Oxford 1940, ch. V) in the drift-dominated limit;
* a collocation solution (scipy.integrate.solve_bvp) of the same single-carrier
  drift-diffusion boundary-value problem, including diffusion;
* the ideal-diode laws of a p-i-n junction: radiative recombination J = q d k_rad n_i^2
  (exp(V/V_t) - 1), ideality 1 (Shockley, Bell Syst. Tech. J. 28, 435 (1949)); mid-gap
  SRH recombination where n ~ p, ideality ~2 (Sah, Noyce & Shockley, Proc. IRE 45,
  1228 (1957));
* Lampert's trap-filled limit V_TFL = q N_t L^2 / (2 eps) (Lampert, Phys. Rev. 103,
  1648 (1956));
* electrostatics of a charge-free insulator (linear potential, drop = work-function
  difference).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.constants as sc
from dd_stacks import layer, make_stack, pin_stack
from scipy.integrate import solve_bvp

from peled.device.driftdiffusion import build_model, solve_jv, solve_steady_state
from peled.device.driftdiffusion.bernoulli import bernoulli, bernoulli_derivative
from peled.io_stack import example_stack_path, load_stack


def test_bernoulli_against_direct_formula_and_limits():
    x = np.array([-700.0, -30.0, -1.0, -0.02, 0.02, 1.0, 30.0, 700.0])
    exact = x / np.expm1(x)
    assert np.allclose(bernoulli(x), exact, rtol=1e-13, atol=0)
    assert bernoulli(0.0) == 1.0
    assert bernoulli(1e-9) == pytest.approx(1 - 5e-10, rel=1e-15)
    assert bernoulli(-1e4) == pytest.approx(1e4) and bernoulli(1e4) == 0.0
    h = 1e-6
    for v in (-3.0, -0.005, 0.0, 0.004, 0.5, 8.0):
        fd = (bernoulli(v + h) - bernoulli(v - h)) / (2 * h)
        assert bernoulli_derivative(v) == pytest.approx(fd, rel=1e-7, abs=1e-10)


def _single_carrier(thickness_nm, temperature_k, dos, ea=2.0, points=250):
    stack = make_stack([layer("X", thickness_nm, ea, 5.0, eps_r=3.0, dos=dos, mu=1e-8)],
                       5.0, 5.0, temperature_k=temperature_k,
                       grid={"points": points, "interface_refinement": 0.95})
    return build_model(stack)


def test_mott_gurney_in_the_drift_limit():
    # at 10 K, kT/q = 0.86 mV << V: diffusion is negligible and J -> 9/8 eps mu V^2/L^3
    m = _single_carrier(1000, 10.0, 1e27, ea=4.7)
    volts = np.arange(2.0, 50.1, 2.0)
    curve = solve_jv(m, volts)
    assert curve.converged.all()
    mg = 9 / 8 * 3.0 * sc.epsilon_0 * 1e-8 * volts**2 / 1e-6**3
    ratio = curve.current_density_a_m2 / mg
    assert np.all(np.abs(ratio[volts >= 20] - 1) < 0.02)


def test_room_temperature_sclc_approaches_mott_gurney_from_above():
    # diffusion from ohmic contacts raises J above Mott-Gurney, less so at higher V
    m = _single_carrier(1000, 300.0, 1e27)
    volts = np.array([2.0, 10.0, 50.0])
    ratio = solve_jv(m, volts).current_density_a_m2 / (
        9 / 8 * 3.0 * sc.epsilon_0 * 1e-8 * volts**2 / 1e-6**3)
    assert np.all(ratio > 1) and np.all(np.diff(ratio) < 0) and ratio[-1] < 1.1


def test_single_carrier_matches_collocation_solution_with_diffusion():
    length, mu, p0, volt = 200e-9, 1e-8, 1e24, 3.0
    eps = 3.0 * sc.epsilon_0
    vt = sc.k * 300.0 / sc.e
    lam = sc.e * p0 * length**2 / (eps * vt)

    def rhs(x, y, par):            # y = (ln p/p0, E L/Vt, psi/Vt), x in units of L
        return np.vstack([y[1] - par[0] / np.exp(y[0]), lam * np.exp(y[0]), -y[1]])

    def bc(ya, yb, par):
        return np.array([ya[0], yb[0], ya[2] - volt / vt, yb[2]])

    x = np.linspace(0, 1, 2001)
    guess = np.vstack([np.zeros_like(x), np.full_like(x, volt / vt), volt / vt * (1 - x)])
    sol = solve_bvp(rhs, bc, x, guess, p=[1.0], tol=1e-8, max_nodes=200000)
    assert sol.status == 0
    j_ref = sol.p[0] * sc.e * mu * p0 * vt / length
    stack = make_stack([layer("X", 200, 2.0, 5.0, eps_r=3.0, dos=1e24, mu=mu)], 5.0, 5.0,
                       grid={"points": 250, "interface_refinement": 0.95})
    j = solve_jv(build_model(stack), [volt]).current_density_a_m2[0]
    assert j == pytest.approx(j_ref, rel=2e-3)


def test_equilibrium_zero_current_flat_fermi_levels():
    stack = load_stack(example_stack_path("green_cspbbr3"))
    st = solve_steady_state(build_model(stack), 0.0)
    j_scale = 1.0   # A/m^2; forward currents of this stack are 1e0-1e1 A/m^2 at 3-5 V
    assert abs(st.current_density_a_m2) < 1e-12 * j_scale
    assert np.max(np.abs(st.efn_ev)) < 1e-9 and np.max(np.abs(st.efp_ev)) < 1e-9


def test_built_in_potential_equals_work_function_difference():
    # wide-gap insulator with mid-gap contacts: no free charge, so psi is linear and the
    # total drop is the work-function difference
    stack = make_stack([layer("I", 100, 2.0, 6.0, eps_r=3.0, dos=1e25)], 4.6, 3.4)
    st = solve_steady_state(build_model(stack), 0.0)
    drop = st.potential_v[-1] - st.potential_v[0]
    assert drop == pytest.approx(4.6 - 3.4, abs=1e-9)
    linear = st.potential_v[0] + drop * st.x_m / st.x_m[-1]
    assert np.max(np.abs(st.potential_v - linear)) < 1e-6


def test_radiative_pin_diode_ideality_one_and_absolute_current():
    m = build_model(pin_stack({"k_rad_m3_s": 1e-16}))
    volts = np.arange(0.9, 1.51, 0.1)
    curve = solve_jv(m, volts)
    assert curve.converged.all()
    j = curve.current_density_a_m2
    ideality = np.diff(volts) / np.diff(np.log(j)) / m.vt_v
    assert np.all(np.abs(ideality - 1) < 0.01)
    ni2 = 1e25 * 1e25 * np.exp(-2.0 / m.vt_v)
    j_ideal = sc.e * 50e-9 * 1e-16 * ni2 * np.expm1(volts / m.vt_v)
    assert np.allclose(j, j_ideal, rtol=0.01)
    assert np.allclose(curve.iqe, 1.0, atol=1e-3)


def test_midgap_srh_pin_diode_ideality_near_two():
    trap = {"trap": [{"density_per_m3": 1e21, "energy_ev": 4.5, "cn_m3_s": 1e-14,
                      "cp_m3_s": 1e-14}]}
    m = build_model(pin_stack(trap))
    volts = np.arange(0.3, 0.81, 0.1)
    curve = solve_jv(m, volts)
    j = curve.current_density_a_m2
    ideality = np.diff(volts) / np.diff(np.log(j)) / m.vt_v
    assert np.all((ideality > 1.8) & (ideality < 2.05))
    assert np.allclose(curve.j_srh_a_m2 / j, 1.0, atol=1e-3)


def _hole_only(nt):
    extra = {} if nt == 0 else {"trap": [{"density_per_m3": nt, "energy_ev": 5.3,
                                          "cn_m3_s": 0.0, "cp_m3_s": 1e-14,
                                          "type": "donor"}]}
    return build_model(make_stack(
        [layer("P", 500, 3.4, 5.8, eps_r=7.3, dos=3.2e24, mu=1e-6, **extra)], 5.8, 5.8))


def test_trap_filled_limit_appears():
    volts = np.geomspace(0.05, 30, 50)
    onset = {}
    for nt in (0.0, 1e22, 4e22):
        j = solve_jv(_hole_only(nt), volts).current_density_a_m2
        slope = np.diff(np.log(j)) / np.diff(np.log(volts))
        onset[nt] = (slope.max(), np.sqrt(volts[:-1] * volts[1:])[np.argmax(slope)])
    assert onset[0.0][0] < 2.1                      # trap-free: at most the SCLC slope 2
    assert onset[1e22][0] > 4 and onset[4e22][0] > 4     # steep trap-filling rise
    v_tfl = sc.e * 4e22 * (500e-9) ** 2 / (2 * 7.3 * sc.epsilon_0)   # Lampert
    assert 0.65 < onset[4e22][1] / v_tfl < 1.0
    assert onset[4e22][1] > 2.5 * onset[1e22][1]     # onset grows with N_t


def test_grid_convergence_at_3v():
    stack = load_stack(example_stack_path("green_cspbbr3"))
    j = [solve_jv(build_model(stack, points=n), [3.0]).current_density_a_m2[0]
         for n in (250, 1000)]
    assert abs(j[0] / j[1] - 1) < 0.005


def test_current_split_adds_up_and_interface_recombination():
    stack = pin_stack({"k_rad_m3_s": 1e-16, "auger_n_m6_s": 1e-40, "auger_p_m6_s": 1e-40,
                       "trap": [{"density_per_m3": 1e21, "energy_ev": 4.5, "cn_m3_s": 1e-14,
                                 "cp_m3_s": 1e-14, "type": "acceptor"}]},
                      interface=[{"left": "HTL", "right": "EML", "trap_per_m2": 1e15,
                                  "trap_energy_ev": 4.5, "trap_cn_m3_s": 1e-15,
                                  "trap_cp_m3_s": 1e-15}])
    curve = solve_jv(build_model(stack), [1.0, 1.5, 2.0, 2.5])
    parts = (curve.j_radiative_a_m2 + curve.j_srh_a_m2 + curve.j_auger_a_m2
             + curve.j_interface_a_m2 + curve.j_leak_a_m2)
    assert np.allclose(parts, curve.current_density_a_m2, rtol=1e-6)
    assert np.all(curve.j_interface_a_m2 > 0) and np.all(curve.j_auger_a_m2 > 0)


def test_series_and_shunt_resistance():
    base = pin_stack({"k_rad_m3_s": 1e-16})
    rs_ohm_cm2, rsh_ohm_cm2 = 2.0, 1e4
    with_r = pin_stack({"k_rad_m3_s": 1e-16},
                       contacts={"series_resistance_ohm_cm2": rs_ohm_cm2,
                                 "shunt_resistance_ohm_cm2": rsh_ohm_cm2})
    c = solve_jv(build_model(with_r), [1.0, 1.6, 2.0])
    assert c.converged.all()
    for st in c.states:
        j_ma_cm2 = st.current_density_a_m2 / 10.0
        # Kirchhoff: V = V_int + J Rs, and the diode alone carries J - V_int/Rsh
        assert st.voltage_v == pytest.approx(
            st.internal_voltage_v + j_ma_cm2 * 1e-3 * rs_ohm_cm2, rel=1e-9)
        j_diode = solve_jv(build_model(base), [st.internal_voltage_v]).current_density_a_m2[0]
        j_shunt = st.internal_voltage_v / (rsh_ohm_cm2 * 1e-4)
        assert st.current_density_a_m2 == pytest.approx(j_diode + j_shunt, rel=1e-6)


def test_non_convergence_is_flagged_with_the_voltage():
    m = build_model(load_stack(example_stack_path("green_cspbbr3")))
    curve = solve_jv(m, [0.0, 2.0, 3.0], max_iter=1, max_halvings=0)
    assert curve.converged.tolist() == [True, False, False]
    assert np.isnan(curve.current_density_a_m2[1:]).all()
    assert curve.failed_voltages_v == [2.0, 3.0]
    assert "no convergence at 2 V" in curve.messages[0]


def test_poole_frenkel_sclc_matches_the_drift_only_integral():
    # Drift-only single-carrier SCLC with mu(E) = mu_0 exp(gamma sqrt(E)) and E(0) = 0:
    # J = q p mu(E) E and dE/dx = q p / eps give dx = eps mu(E) E dE / J, so
    # L = int_0^E_L eps mu E / J dE and V = int_0^E_L eps mu E^2 / J dE (Murgatroyd,
    # J. Phys. D 3, 151 (1970), before his closed-form approximation).
    from scipy.integrate import quad
    from scipy.optimize import brentq

    gamma, eps, mu0, thick = 3e-4, 3.0 * sc.epsilon_0, 1e-8, 1e-6
    stack = make_stack([layer("X", 1000, 4.7, 5.0, eps_r=3.0, dos=1e27, mu=mu0,
                              pf_gamma_p_sqrt_m_v=gamma)], 5.0, 5.0, temperature_k=10.0,
                       grid={"points": 250, "interface_refinement": 0.95})
    volts = np.array([20.0, 30.0, 40.0, 50.0])
    curve = solve_jv(build_model(stack), np.concatenate([np.arange(2.0, 20.0, 2.0), volts]))
    j_sim = curve.current_density_a_m2[-volts.size:]

    def mu(e):
        return mu0 * np.exp(gamma * np.sqrt(e))

    def voltage(j):
        e_l = brentq(lambda e: quad(lambda x: eps * mu(x) * x / j, 0, e)[0] - thick, 1.0, 1e10)
        return quad(lambda x: eps * mu(x) * x**2 / j, 0, e_l)[0]

    for v, j in zip(volts, j_sim, strict=True):
        assert voltage(j) == pytest.approx(v, rel=0.01)
    # and the field dependence matters here: J is above the constant-mobility Mott-Gurney
    assert np.all(j_sim > 2.0 * 9 / 8 * eps * mu0 * volts**2 / thick**3)


def _tfl_onset(nt, trap_depth_ev, temperature_k, thickness_nm=500, eps_r=7.3):
    """Voltage of the steepest rise of J (log-log) between 0.7 and 1.05 V_TFL, and V_TFL."""
    ie = 5.8
    trap = [{"density_per_m3": nt, "energy_ev": ie - trap_depth_ev, "cn_m3_s": 0.0,
             "cp_m3_s": 1e-14, "type": "donor"}]
    m = build_model(make_stack(
        [layer("P", thickness_nm, 3.4, ie, eps_r=eps_r, dos=3.2e24, mu=1e-6, trap=trap)],
        ie, ie, temperature_k=temperature_k))
    v_tfl = sc.e * nt * (thickness_nm * 1e-9) ** 2 / (2 * eps_r * sc.epsilon_0)
    ramp = np.linspace(0.02 * v_tfl, 0.68 * v_tfl, 34)      # continuation only
    volts = np.geomspace(0.7 * v_tfl, 1.05 * v_tfl, 60)
    curve = solve_jv(m, np.concatenate([ramp, volts]), keep_states=False)
    assert curve.converged.all()
    curve_j = curve.current_density_a_m2[ramp.size:]
    slope = np.diff(np.log(curve_j)) / np.diff(np.log(volts))
    k = int(np.argmax(slope))
    return float(np.sqrt(volts[k] * volts[k + 1])), v_tfl, float(slope[k])


def test_trap_filled_limit_approaches_lampert_in_the_drift_limit():
    # Lampert's V_TFL = q N_t L^2 / (2 eps) is a drift-only result for traps that are empty
    # at zero bias.  With ohmic contacts (Fermi level at the valence band) holes diffuse in
    # and fill the traps within w ~ (2 eps dE / q^2 N_t)^(1/2) of each contact (dE: trap
    # depth below the contact Fermi level); that region acts as part of the electrode, so
    # the simulated onset lies below V_TFL by a fraction of order w / L = (dE / q V_TFL)^(1/2).
    # Here kT << dE (50 K, dE = 0.1 eV: a sharp, complete filling step) and the deficit
    # shrinks as (dE / q V_TFL)^(1/2) towards Lampert's value.
    dev = {}
    for nt in (4e22, 1e23):
        v_on, v_tfl, steepest = _tfl_onset(nt, 0.1, 50.0)
        assert steepest > 50                        # a step, not a power law
        dev[nt] = (1 - v_on / v_tfl, np.sqrt(0.1 / v_tfl))
    assert 0.0 < dev[1e23][0] < 0.10               # within 10 % of Lampert at 31 V
    assert dev[1e23][0] < dev[4e22][0]
    # deficit proportional to (dE / q V_TFL)^(1/2), same constant within 15 %
    c = [d / s for d, s in dev.values()]
    assert c[0] == pytest.approx(c[1], rel=0.15)


def test_finite_contact_surface_recombination_velocity_adds_a_contact_resistance():
    # Flat-band p-type resistor (N_A = N_v exp(-(I - W)/kT)): in linear response the bulk
    # resistance is L / (q mu N_A) and a contact with surface recombination velocity S
    # adds V_t / (q S N_A) (hole flux S (p - p_eq) with dp = p dE_F / kT).
    vt = sc.k * 300 / sc.e
    na, nv, ie, mu, thick = 1e23, 1e25, 5.5, 1e-4, 100e-9
    wf = ie - vt * np.log(nv / na)
    r_bulk = thick / (sc.e * mu * na)

    def current(contacts):
        st = make_stack([layer("P", 100, 2.5, ie, dos=nv, mu=mu, acceptor_per_m3=na)], wf, wf,
                        contacts=contacts)
        curve = solve_jv(build_model(st), [1e-3])
        assert curve.converged.all()
        return curve.current_density_a_m2[0]

    assert current({}) == pytest.approx(1e-3 / r_bulk, rel=1e-6)
    s_vel = vt * mu / thick                      # contact resistance = bulk resistance
    assert current({"left_sp_m_s": s_vel}) == pytest.approx(
        1e-3 / (r_bulk + vt / (sc.e * s_vel * na)), rel=0.01)
    assert current({"left_sp_m_s": 1e9}) == pytest.approx(1e-3 / r_bulk, rel=1e-4)
    assert abs(current({"left_sp_m_s": 0.0})) < 1e-9 * 1e-3 / r_bulk   # blocking contact


def test_finite_interface_transfer_velocity_adds_an_interface_resistance():
    # Two identical flat-band n-type layers: the thermionic transfer flux v [n_a - n_b ...]
    # across the interface adds V_t / (q v N_D) in linear response (as a contact with
    # surface recombination velocity v); v -> infinity recovers the bulk resistance.
    vt = sc.k * 300 / sc.e
    nd, nc, ea, mu, thick = 1e23, 1e25, 3.5, 1e-4, 200e-9
    wf = ea + vt * np.log(nc / nd)
    r_bulk = thick / (sc.e * mu * nd)

    def current(v_m_s):
        layers = [layer(name, 100, ea, 5.5, dos=nc, mu=mu, donor_per_m3=nd) for name in "AB"]
        itf = [] if v_m_s is None else [{"left": "A", "right": "B", "vn_m_s": v_m_s}]
        curve = solve_jv(build_model(make_stack(layers, wf, wf, interface=itf)), [1e-3])
        assert curve.converged.all()
        return curve.current_density_a_m2[0]

    j_bulk = current(None)
    assert j_bulk == pytest.approx(1e-3 / r_bulk, rel=1e-4)
    v = vt * mu / thick                          # interface resistance = bulk resistance
    assert current(v) == pytest.approx(1e-3 / (r_bulk + vt / (sc.e * v * nd)), rel=0.01)
    assert current(1e9) == pytest.approx(j_bulk, rel=0.01)
