"""Mobile ions crossing layer boundaries and the steady state with relaxed ions.

Independent references:

* Ions in a carrier-free insulator at a dilute density (no screening) sit in the linear
  potential of the applied voltage; at zero ion flux they follow Boltzmann's law
  a(x) ~ exp(-s q psi(x) / kT), so the fraction that entered the neighbouring layer is a
  ratio of two integrals of exp(-s q psi / kT) (computed here with scipy's quad).
* Dense ions in an insulator between blocking contacts screen a small voltage in two
  Debye layers: linearised Poisson-Boltzmann (Debye & Hueckel, Phys. Z. 24, 185 (1923);
  blocking electrodes: Bazant, Thornton & Ajdari, Phys. Rev. E 70, 021506 (2004))
  gives psi(x) = -(V/2) sinh((x - L/2)/lambda_D) / sinh(L/(2 lambda_D)) with
  lambda_D^2 = eps kT / (q^2 N).
* The transient model held at a bias for many ion time constants reaches the steady
  state with relaxed ions (a different code path: backward Euler with the ions as
  logarithmic unknowns and their continuity equations).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.constants as sc
from dd_stacks import layer, make_stack, pin_stack
from scipy.integrate import quad

from peled.device.driftdiffusion import model as dd_model
from peled.device.driftdiffusion.model import build_model
from peled.device.driftdiffusion.steady import equilibrium, solve_jv, solve_steady_state
from peled.device.driftdiffusion.transient import VoltageProtocol, solve_transient
from peled.device.stack import StackError

IONS = {"anion_per_m3": 1e24, "mu_anion_m2_vs": 1e-16, "cation_per_m3": 1e24,
        "mu_cation_m2_vs": 1e-17}


def _leaky_insulator(points=100, density=1e16):
    """60 nm layer A with cations that may leave, 40 nm layer B that accepts them; gap
    4 eV with both contacts at mid-gap (no electrons or holes), equal work functions."""
    return build_model(make_stack([
        layer("A", 60, 2.5, 6.5, eps_r=5.0, cation_per_m3=density, mu_cation_m2_vs=1e-14,
              ions_confined=False),
        layer("B", 40, 2.5, 6.5, eps_r=5.0, mu_cation_m2_vs=3e-15)], 4.5, 4.5,
        grid={"points": points}))


def _fraction_in(m, dens, layer_index):
    return np.sum((m.w * dens)[m.layer_index == layer_index]) / np.sum(m.w * dens)


def _boltzmann_fraction(m, volt, lo, hi):
    """Fraction of cations between lo and hi (m) for psi = V (1 - x/L) + const, the ions
    excluded from the two contact control volumes."""
    length, vt = m.length_m, m.vt_v
    a, b = m.w[0] * length, length - m.w[-1] * length

    def f(x):
        return np.exp(-volt * (1.0 - x / length) / vt)

    return quad(f, max(lo, a), min(hi, b))[0] / quad(f, a, b)[0]


def test_region_rules_and_seed_density():
    m = _leaky_insulator(points=40)
    # one cation region over both layers (contact nodes excluded), no anion region
    assert set(m.ion_region[1].tolist()) == {-1, 0}
    assert m.ion_region[1][0] == m.ion_region[1][-1] == -1
    assert (m.ion_region[0] == -1).all()
    # link mobility across the boundary: harmonic mean weighted by the link length on
    # each side (the boundary is a control-volume face)
    i = int(np.flatnonzero(m.layer_index == 0)[-1])
    face = 60e-9 / m.length_m
    fl = (face - m.x_m[i] / m.length_m) / m.h[i]
    expect = 1.0 / (fl / 1e-14 + (1 - fl) / 3e-15) / m.mu0_m2_vs
    assert m.ion_d_link[1, i] == pytest.approx(expect, rel=1e-12)
    # the seed in B is 1e-12 of A's density and is taken out of A: the total is exact
    b = m.layer_index == 1
    assert m.ion_init[1, b][:-1] == pytest.approx(1e-12 * 1e16 / dd_model.N0_PER_M3, rel=1e-9)
    home = np.sum(m.w[(m.layer_index == 0)][1:]) * 1e16 / dd_model.N0_PER_M3
    assert np.sum(m.w * m.ion_init[1]) == pytest.approx(home, rel=1e-14)
    # background charge stays in the home layer
    assert (m.ion_mean[1, b] == 0).all() and (m.ion_mean[1, ~b] > 0).all()


def test_confined_or_immobile_neighbours_block():
    base = layer("A", 50, 2.5, 6.5, cation_per_m3=1e20, mu_cation_m2_vs=1e-14)
    # default ions_confined = true: B's mobility does not open the boundary
    m = build_model(make_stack([base, layer("B", 50, 2.5, 6.5, mu_cation_m2_vs=1e-14)],
                               4.5, 4.5, grid={"points": 30}))
    assert (m.ion_region[1][m.layer_index == 1] == -1).all()
    # ions_confined = false but no neighbour accepts cations: an error naming the keys
    with pytest.raises(StackError, match=r"layer 'A': ions_confined = false, but no "
                       r"neighbouring layer accepts its ions; give 'B' mu_cation_m2_vs > 0"):
        make_stack([{**base, "ions_confined": False}, layer("B", 50, 2.5, 6.5)], 4.5, 4.5)
    # ... and on a layer without ions it has no meaning
    with pytest.raises(StackError, match=r"layer 'B': ions_confined = false applies to a "
                       "layer that holds mobile ions"):
        make_stack([base, layer("B", 50, 2.5, 6.5, ions_confined=False)], 4.5, 4.5)
    # A's cations may enter B but not C, whose own cations are confined: two regions
    # (A + B, C) whose numbers are conserved separately in the steady state
    m = build_model(make_stack([{**base, "ions_confined": False},
                                layer("B", 50, 2.5, 6.5, mu_cation_m2_vs=1e-14),
                                layer("C", 50, 2.5, 6.5, cation_per_m3=3e20,
                                      mu_cation_m2_vs=1e-14)], 4.5, 4.5, grid={"points": 45}))
    reg = m.ion_region[1]
    assert set(reg[m.layer_index < 2].tolist()) - {-1} == {0}
    assert set(reg[m.layer_index == 2].tolist()) - {-1} == {1}
    st = solve_steady_state(m, 0.3)
    for r, dens, home in ((0, 1e20, 0), (1, 3e20, 2)):
        sel = reg == r
        in_home = sel & (m.layer_index == home)
        assert np.sum(m.w[sel] * st.cation_per_m3[sel]) == pytest.approx(
            dens * np.sum(m.w[in_home]), rel=1e-12)
    assert _fraction_in(m, np.where(reg == 0, st.cation_per_m3, 0.0), 1) > 0.1


def test_ions_leak_into_the_neighbour_conserved_and_boltzmann_partitioned():
    m = _leaky_insulator()
    nn = m.n_nodes
    idx = np.flatnonzero(m.ion_region[1] >= 0)
    # start with all cations in A (seeded B), not relaxed; hold 0 V, then 50 mV
    z0 = np.concatenate([equilibrium(m)[:3 * nn], np.log(m.ion_init[1, idx])])
    res = solve_transient(m, VoltageProtocol.from_segments(
        0.0, [("step", 0.0, 1e3), ("step", 0.05, 1e3)]), z0=z0)
    totals = res.ions_total_per_m2[:, 1]
    assert np.max(np.abs(totals / totals[0] - 1)) < 1e-10
    assert totals[0] == pytest.approx(1e16 * np.sum(m.w[m.layer_index == 0][1:]) * m.length_m,
                                      rel=1e-14)
    frac = [_fraction_in(m, c, 1) for c in res.cation_per_m3]
    assert frac[0] < 1e-12                      # only the seed is in B at the start
    at_0v = int(np.argmin(np.abs(res.profile_time_s - 1e3)))
    # flat potential (dilute ions do not screen): uniform over both layers, 40/100 (the
    # contact control volumes excluded)
    assert frac[at_0v] == pytest.approx(_boltzmann_fraction(m, 0.0, 60e-9, 1.0), rel=1e-5)
    assert frac[at_0v] == pytest.approx(0.4, rel=2e-4)
    # under 50 mV (left contact positive) the cations move right: more enter B
    expect = _boltzmann_fraction(m, 0.05, 60e-9, 1.0)
    assert expect == pytest.approx(0.6295, abs=1e-4)
    assert frac[-1] == pytest.approx(expect, rel=1e-5)
    # the steady state with relaxed ions gives the same profile
    st = solve_steady_state(m, 0.05)
    assert st.cation_per_m3 == pytest.approx(res.cation_per_m3[-1], rel=1e-8, abs=1e-3)


def test_seed_fraction_does_not_change_the_relaxed_ions(monkeypatch):
    ref = solve_steady_state(_leaky_insulator(points=40, density=1e22), 0.2)
    monkeypatch.setattr(dd_model, "ION_SEED_FRACTION", 1e-4)
    m = _leaky_insulator(points=40, density=1e22)
    assert m.ion_init[1, -2] / m.ion_init[1, 1] == pytest.approx(1e-4, rel=1e-3)
    st = solve_steady_state(m, 0.2)
    assert st.cation_per_m3 == pytest.approx(ref.cation_per_m3, rel=1e-10)
    assert st.potential_v == pytest.approx(ref.potential_v, rel=1e-10, abs=1e-12)


def test_debye_screening_of_a_small_voltage_by_dense_ions():
    n_ion, eps_r, thick, volt = 1e23, 10.0, 200e-9, 1e-4
    m = build_model(make_stack([layer("I", 200, 2.0, 6.0, eps_r=eps_r, cation_per_m3=n_ion,
                                      mu_cation_m2_vs=1e-12)], 4.0, 4.0,
                               grid={"points": 400}))
    st = solve_steady_state(m, volt)
    lam = np.sqrt(eps_r * sc.epsilon_0 * sc.k * 300.0 / (sc.e**2 * n_ion))
    assert lam == pytest.approx(11.95e-9, rel=1e-3)
    x = st.x_m
    psi = st.potential_v - 0.5 * (st.potential_v[0] + st.potential_v[-1])
    expect = -(volt / 2) * np.sinh((x - thick / 2) / lam) / np.sinh(thick / (2 * lam))
    assert np.max(np.abs(psi - expect)) < 1e-3 * volt / 2
    # ionic charge of the left double layer = C V, C = eps / (2 lambda) coth(L / 2 lambda)
    left = (x < thick / 2) & (m.ion_region[1] >= 0)
    q_left = sc.e * np.sum((m.w * (st.cation_per_m3 - n_ion))[left]) * thick
    c_dl = eps_r * sc.epsilon_0 / (2 * lam) / np.tanh(thick / (2 * lam))
    assert -q_left == pytest.approx(c_dl * volt, rel=3e-3)
    assert abs(st.current_density_a_m2) < 1e-20


def _leaky_pin(points=60):
    """The p-i-n of ``pin_stack`` whose emitter's anions may enter the HTL and cations
    the ETL."""
    return build_model(make_stack([
        layer("HTL", 30, 2.5, 5.5, mu_anion_m2_vs=1e-17),
        layer("EML", 50, 3.5, 5.5, k_rad_m3_s=1e-16, ions_confined=False, **IONS),
        layer("ETL", 30, 3.5, 6.5, mu_cation_m2_vs=1e-18),
    ], 5.4, 3.6, grid={"points": points}))


@pytest.mark.parametrize("leaky", [False, True])
def test_steady_state_equals_a_long_transient_hold(leaky):
    m = _leaky_pin() if leaky else build_model(
        pin_stack({"k_rad_m3_s": 1e-16, **IONS}, grid={"points": 60}))
    curve = solve_jv(m, [0.0, 1.0, 2.0])
    assert curve.converged.all()
    assert abs(curve.current_density_a_m2[0]) < 1e-20         # V = 0: no current
    st = curve.states[-1]
    res = solve_transient(m, VoltageProtocol.from_segments(0.0, [("step", 2.0, 1e6)]))
    assert res.current_density_a_m2[-1] == pytest.approx(st.current_density_a_m2, rel=1e-6)
    assert res.j_radiative_a_m2[-1] == pytest.approx(st.j_radiative_a_m2, rel=1e-6)
    for prof, ss in ((res.anion_per_m3[-1], st.anion_per_m3),
                     (res.cation_per_m3[-1], st.cation_per_m3)):
        assert prof == pytest.approx(ss, rel=1e-6, abs=1e-6 * ss.max())
    totals = res.ions_total_per_m2
    assert np.max(np.abs(totals / totals[0] - 1)) < 1e-10
    if leaky:
        # anions entered the HTL (index 0) and cations the ETL (index 2)
        assert _fraction_in(m, st.anion_per_m3, 0) > 1e-3
        assert _fraction_in(m, st.cation_per_m3, 2) > 1e-3
        # the ratio across the HTL/EML link is exp(-s dpsi / V_t) (zero flux)
        i = int(np.flatnonzero(m.layer_index == 0)[-1])
        psi = st.potential_v / m.vt_v
        assert st.anion_per_m3[i + 1] / st.anion_per_m3[i] == pytest.approx(
            np.exp(psi[i + 1] - psi[i]), rel=1e-10)


def test_simulate_jv_cli_with_mobile_ions_fills_the_profile_columns(tmp_path):
    import json

    from typer.testing import CliRunner

    from peled.cli import app
    from peled.device.simulation import simulate_jv
    from peled.io_stack import example_stack_path, load_stack

    text = example_stack_path("green_cspbbr3").read_text()
    text = text.replace('name = "CsPbBr3"\n', 'name = "CsPbBr3"\nanion_per_m3 = 1e24\n'
                        'mu_anion_m2_vs = 1e-14\ncation_per_m3 = 1e24\n'
                        'mu_cation_m2_vs = 1e-15\nions_confined = false\n')
    text = text.replace('name = "TPBi"\n', 'name = "TPBi"\nmu_anion_m2_vs = 1e-16\n')
    text = text.replace("stop_v = 5.0", "stop_v = 3.0").replace("step_v = 0.1", "step_v = 1.0")
    path = tmp_path / "ionic.toml"
    path.write_text(text)
    out = tmp_path / "dev"
    result = CliRunner().invoke(app, ["simulate", "jv", str(path), "--points", "60", "-o",
                                      str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "voltage_v", "current_density_mA_cm2", "j_radiative_mA_cm2", "j_srh_mA_cm2",
        "j_interface_mA_cm2", "j_auger_mA_cm2", "j_leak_mA_cm2", "iqe_pct", "eqe_pct",
        "luminance_cd_m2", "converged", "newton_iterations", "grid_points"}
    assert data["voltage_v"] == [0.0, 1.0, 2.0, 3.0] and all(data["converged"])
    assert abs(data["current_density_mA_cm2"][0]) < 1e-15
    prof = np.genfromtxt(out / "profiles.csv", delimiter=",", names=True)
    sim = simulate_jv(load_stack(path), points=60)
    m = build_model(load_stack(path), points=60)
    for volt, state in zip(sim.curve.voltage_v, sim.curve.states, strict=True):
        rows = prof[prof["voltage_v"] == volt]
        for col in ("anion_per_m3", "cation_per_m3"):
            assert rows[col] == pytest.approx(getattr(state, col), rel=1e-7)
        # all anions and cations stay in the device: 1e24 m^-3 over the emitter's
        # interior control volumes (the anions spread into TPBi)
        home = np.sum(m.w[m.layer_index == 1]) * m.length_m * 1e24
        for col in ("anion_per_m3", "cation_per_m3"):
            assert np.sum(m.w * rows[col]) * m.length_m == pytest.approx(home, rel=1e-6)
    tpbi = prof["x_nm"] > 70.0       # poly-TPD 30 nm + CsPbBr3 40 nm, then TPBi
    assert prof["anion_per_m3"][tpbi].max() > 0
    assert prof["cation_per_m3"][tpbi].max() == 0


def test_relaxed_ions_with_a_series_resistance():
    # the bordered (internal voltage) and the low-rank (ion closure) eliminations
    # together: J(V) with R_s equals J(V_int) without it, V - V_int = J R_s
    rs = 10.0                                              # ohm cm^2
    with_rs = build_model(pin_stack({"k_rad_m3_s": 1e-16, **IONS}, grid={"points": 60},
                                    contacts={"series_resistance_ohm_cm2": rs}))
    curve = solve_jv(with_rs, [0.0, 1.0, 2.0, 3.0])
    assert curve.converged.all()
    st = curve.states[-1]
    assert 3.0 - st.internal_voltage_v == pytest.approx(st.current_density_a_m2 * rs * 1e-4,
                                                        rel=1e-9)
    plain = build_model(pin_stack({"k_rad_m3_s": 1e-16, **IONS}, grid={"points": 60}))
    ref = solve_steady_state(plain, st.internal_voltage_v)
    assert st.current_density_a_m2 == pytest.approx(ref.current_density_a_m2, rel=1e-9)
    assert st.anion_per_m3 == pytest.approx(ref.anion_per_m3, rel=1e-9)


def test_fit_recovers_a_mobile_ion_density_through_the_relaxed_ion_steady_state():
    import tomllib

    from peled.device.fit import fit_stack
    from peled.device.stack import stack_from_mapping
    from peled.io_stack import example_stack_path

    def stack(density):
        text = example_stack_path("green_cspbbr3").read_text()
        text = text.replace('name = "CsPbBr3"\n', f'name = "CsPbBr3"\nanion_per_m3 = {density}\n'
                            'mu_anion_m2_vs = 1e-14\nions_confined = false\n')
        text = text.replace('name = "TPBi"\n', 'name = "TPBi"\nmu_anion_m2_vs = 1e-16\n')
        return stack_from_mapping(tomllib.loads(text))

    volts = np.arange(1.0, 4.01, 0.25)
    measured = solve_jv(build_model(stack(3e24), points=60), volts)
    assert measured.converged.all()
    # the anions that enter TPBi change J: 3x more anions, a different curve
    start = solve_jv(build_model(stack(1e24), points=60), volts)
    assert np.max(np.abs(np.log10(start.current_density_a_m2
                                  / measured.current_density_a_m2))) > 0.1
    fit = fit_stack(stack(1e24), volts, measured.current_density_a_m2,
                    ["layer.CsPbBr3.anion_per_m3"], points=60)
    assert fit.values["layer.CsPbBr3.anion_per_m3"] == pytest.approx(3e24, rel=1e-3)
    assert fit.rms_log10_j < 1e-4
