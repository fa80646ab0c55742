"""Defect thermodynamics: eqn (4) sign convention, transition levels, charge neutrality."""

from __future__ import annotations

import json
import math
import re
from importlib import resources

import numpy as np
import pytest
from typer.testing import CliRunner

from peled.characterize.readers import read_defects_toml
from peled.cli import app
from peled.errors import FileFormatError
from peled.materials.defects import (
    ChargeState,
    Defect,
    DefectSystem,
    effective_density_of_states,
    equilibrium_fermi_level,
    formation_energy,
    nc_defect_pair_formation_energy,
    transition_level,
    transition_levels,
)

FORMATION = ("characterize", "formation")

KB_EV = 8.617333262e-5
EXAMPLE = resources.files("peled") / "data/examples/defects/defects.toml"


def _system(defects, eg=1.6, t=300.0, nc=2e24, nv=2e24):
    return DefectSystem(0.0, 0.0, eg, {"X": 0.0}, {"X": 0.0}, tuple(defects), t, nc, nv)


def _defect(name, states, sites=1e27, g=1.0):
    """Defect whose dH(q; E_F=0) equals ``states[q]`` (host = 0, VBM = 0, no atoms)."""
    return Defect(name, {}, tuple(ChargeState(q, a) for q, a in states.items()), sites, g)


def test_formation_energy_sign_convention_matches_seed_eqn4():
    # a halide vacancy: one X atom removed to a reservoir at E_X + dmu_X
    e_def, e_host, e_x, dmu, vbm = -996.1, -1000.0, -1.5, -0.5, 1.2
    peled = formation_energy(e_def, e_host, {"X": -1}, {"X": e_x}, {"X": dmu}, 1, vbm, 0.3)
    # Jiang et al., Nanoscale (2024) eqn (4) as printed, with n_i = +1 counting the removed atom
    seed = e_def - e_host + 1 * (e_x + dmu) + 1 * (vbm + 0.3)
    assert peled == pytest.approx(seed, abs=1e-12)
    assert peled == pytest.approx(-996.1 + 1000.0 - 2.0 + 1.5, abs=1e-9)  # 3.4 eV
    # X-rich conditions (dmu_X -> 0) make the X vacancy MORE costly
    rich = formation_energy(e_def, e_host, {"X": -1}, {"X": e_x}, {"X": 0.0}, 1, vbm, 0.3)
    assert rich - peled == pytest.approx(0.5)
    # the formation energy of a charge-q defect changes with slope q versus E_F
    ef = np.array([0.0, 0.5, 1.0])
    h = formation_energy(e_def, e_host, {"X": -1}, {"X": e_x}, {"X": dmu}, -2, vbm, ef)
    np.testing.assert_allclose(np.diff(h), -1.0)


def test_example_transition_levels_by_hand():
    system = read_defects_toml(EXAMPLE)
    levels = {(t.defect, t.q_from, t.q_to): t.level_ev for t in transition_levels(system)}
    # designed in the TOML header: V_I (+1/0) = 1.50, V_Pb (0/-1) = 0.10, (-1/-2) = 0.15,
    # I_i negative-U (+1/-1) = 0.10 eV
    assert levels == pytest.approx({("V_I", 1, 0): 1.50, ("V_Pb", 0, -1): 0.10,
                                    ("V_Pb", -1, -2): 0.15, ("I_i", 1, -1): 0.10}, abs=1e-9)


def test_metastable_state_is_skipped_on_the_envelope():
    # +1: 0.0, 0: 1.0, -1: 0.5 -> eps(+/0) = 1.0, eps(0/-) = -0.5, eps(+/-) = 0.25
    d = _defect("D", {1: 0.0, 0: 1.0, -1: 0.5})
    s = _system([d])
    assert [(t.q_from, t.q_to, t.level_ev) for t in transition_levels(s)] == [(1, -1, 0.25)]
    assert transition_level(s, d, 1, 0) == pytest.approx(1.0)
    assert transition_level(s, d, 0, -1) == pytest.approx(-0.5)
    # outside the gap: a level above E_g is not listed
    deep = _defect("E", {1: 0.0, 0: 2.0})
    assert transition_levels(_system([deep])) == []
    assert transition_levels(_system([deep]), within_gap=False)[0].level_ev == pytest.approx(2.0)


def test_effective_density_of_states():
    # the textbook 2.51e19 cm-3 for m* = m_e at 300 K, scaling (m* T)^(3/2)
    assert effective_density_of_states(1.0, 300.0) * 1e-6 == pytest.approx(2.509e19, rel=1e-3)
    assert effective_density_of_states(0.2, 150.0) / effective_density_of_states(1.0, 300.0) \
        == pytest.approx((0.2 * 0.5) ** 1.5, rel=1e-12)


def test_intrinsic_fermi_level():
    # only a neutral defect: E_F = E_g/2 + (kT/2) ln(N_v/N_c)
    s = _system([_defect("N", {0: 1.0})], eg=1.6, nc=2.2e24, nv=1.8e25)
    ef = equilibrium_fermi_level(s).fermi_level_ev
    assert ef == pytest.approx(0.8 + 0.5 * KB_EV * 300.0 * math.log(1.8e25 / 2.2e24), abs=1e-6)


def test_compensated_donor_acceptor_fermi_level():
    # D+ with dH = a_D + E_F, A- with dH = a_A - E_F; carriers negligible (wide gap):
    # g_D N_D exp(-(a_D + E_F)/kT) = g_A N_A exp(-(a_A - E_F)/kT)
    # -> E_F = (a_A - a_D + kT ln(g_D N_D / (g_A N_A))) / 2
    donor = _defect("D", {1: 1.2, 0: 5.0}, sites=4e27, g=2.0)
    acceptor = _defect("A", {-1: 2.0, 0: 5.0}, sites=1e27)
    res = equilibrium_fermi_level(_system([donor, acceptor], eg=4.0, nc=1.0, nv=1.0))
    kt = KB_EV * 300.0
    assert res.fermi_level_ev == pytest.approx((2.0 - 1.2 + kt * math.log(8.0)) / 2, abs=1e-6)
    assert res.concentrations_m3["D"][1] == pytest.approx(res.concentrations_m3["A"][-1], rel=1e-6)


def test_example_neutrality_holds_independently():
    system = read_defects_toml(EXAMPLE)
    res = equilibrium_fermi_level(system)
    kt = KB_EV * 300.0
    ef = res.fermi_level_ev
    assert 0.0 < ef < 1.6
    # recompute every charge from the TOML numbers: dH(q; E_F) = dH(q; 0) + q E_F
    at_vbm = {"V_I": {1: 0.40, 0: 1.90}, "V_Pb": {0: 2.20, -1: 2.30, -2: 2.45},
              "I_i": {1: 1.00, -1: 1.20}}
    sites = {"V_I": 1.2e28, "V_Pb": 4.0e27, "I_i": 4.0e27}
    net = system.nv_m3 * math.exp(-ef / kt) - system.nc_m3 * math.exp(-(1.6 - ef) / kt)
    for name, states in at_vbm.items():
        for q, h0 in states.items():
            net += q * sites[name] * math.exp(-(h0 + q * ef) / kt)
    scale = system.nv_m3 * math.exp(-ef / kt)
    assert abs(net) < 1e-6 * scale
    # m_e = 0.2, m_h = 0.25 in the file
    assert system.nc_m3 == pytest.approx(effective_density_of_states(0.2, 300.0))
    # by hand: holes balance I_i(-1) (dH = 1.20 - E_F; the other charges are < 0.1 % of
    # p), so N_v e^(-E_F/kT) = N_I e^(-(1.20 - E_F)/kT) -> E_F = 0.60 + (kT/2) ln(N_v/N_I)
    nv_hand = 2.509e25 * 0.25**1.5  # m^-3, N_v(m* = 1, 300 K) (m_h)^(3/2)
    assert ef == pytest.approx(0.60 + 0.5 * kt * math.log(nv_hand / 4.0e27), abs=2e-4)
    assert ef == pytest.approx(0.5076, abs=1e-4)


def test_nanocrystal_pair_formation_eqn5():
    # removing a neutral CsBr unit: dH = E[NC(V_Cs + V_Br)] - E(NC) + E(CsBr)
    assert nc_defect_pair_formation_energy(-990.0, -1000.0, -9.2) == pytest.approx(0.8)
    # taking it up again (interstitial pair) closes the cycle
    back = nc_defect_pair_formation_energy(-1000.0, -990.0, -9.2, species_removed=False)
    assert back + 0.8 == pytest.approx(0.0)


def test_diagram_is_lower_envelope():
    system = read_defects_toml(EXAMPLE)
    ef = np.linspace(0, 1.6, 17)
    h, q = system.diagram(ef)["V_Pb"]
    expected = np.minimum.reduce([2.20 + 0 * ef, 2.30 - ef, 2.45 - 2 * ef])
    np.testing.assert_allclose(h, expected, atol=1e-9)
    assert q[0] == 0 and q[-1] == -2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[chemical_potentials]\n", "missing table [host]"),
        ("[host]\nenergy_ev = 0\nvbm_ev = 0\n", "band_gap_ev"),
        ("[host]\nenergy_ev = 0\nvbm_ev = 0\nband_gap_ev = 1.6\n"
         "[chemical_potentials]\nI = {energy_ev = -1, delta_mu_ev = 0.3}\n", "<= 0"),
        ("[host]\nenergy_ev = 0\nvbm_ev = 0\nband_gap_ev = 1.6\n"
         "[chemical_potentials]\nI = {energy_ev = -1, delta_mu_ev = -0.3}\n"
         "[[defects]]\nname = 'V'\nsites_cm3 = 1e22\natoms = {Pb = -1}\n"
         "charge_states = [{q = 0, energy_ev = 1}]\n", "element 'Pb'"),
        ("[host]\nenergy_ev = 0\nvbm_ev = 0\nband_gap_ev = 1.6\n"
         "[chemical_potentials]\nI = {energy_ev = -1, delta_mu_ev = -0.3}\n"
         "[[defects]]\nname = 'V'\nsites_cm3 = 1e22\natoms = {I = -1}\n"
         "charge_states = [{q = 0.5, energy_ev = 1}]\n", "integer"),
        ("[host]\nenergy_ev = 0\nvbm_ev = 0\nband_gap_ev = 1.6\n"
         "[chemical_potentials]\nI = {energy_ev = -1, delta_mu_ev = -0.3}\n"
         "[[defects]]\nname = 'V'\nsites_cm3 = 1e22\natoms = {I = -1}\n"
         "charge_states = [{q = 0, energy_ev = 1}, {q = 0, energy_ev = 2}]\n", "repeated"),
        ("[host\n", "invalid TOML"),
    ],
)
def test_reader_errors(tmp_path, text, message):
    f = tmp_path / "in.toml"
    f.write_text(text)
    with pytest.raises(FileFormatError, match=re.escape(message)):
        read_defects_toml(f)


def test_cli_defects_formation():
    with resources.as_file(EXAMPLE) as p:
        r = CliRunner().invoke(app, [*FORMATION, str(p), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert "transition_levels" in out and "fermi_level_eq_ev" in out
    got = {(t["defect"], t["label"]): t["level_ev"] for t in out["transition_levels"]}
    assert got == pytest.approx({("V_I", "(+1/0)"): 1.5, ("V_Pb", "(0/-1)"): 0.1,
                                 ("V_Pb", "(-1/-2)"): 0.15, ("I_i", "(+1/-1)"): 0.1}, abs=1e-9)
    assert out["fermi_level_eq_ev"] == pytest.approx(
        equilibrium_fermi_level(read_defects_toml(EXAMPLE)).fermi_level_ev)


def test_cli_defects_errors(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text("[host]\nenergy_ev = 'x'\nvbm_ev = 0\nband_gap_ev = 1\n")
    r = CliRunner().invoke(app, [*FORMATION, str(f), "--json"])
    assert r.exit_code == 2 and "error:" in r.output and "bad.toml" in r.output
    r = CliRunner().invoke(app, [*FORMATION, str(tmp_path), "--json"])
    assert r.exit_code == 2 and "cannot read" in r.output
    r = CliRunner().invoke(app, [*FORMATION, str(tmp_path / "no.toml")])
    assert r.exit_code == 2 and "no.toml: file not found" in r.output


def test_cli_defects_formation_plot(tmp_path):
    png = tmp_path / "diagram.png"
    with resources.as_file(EXAMPLE) as p:
        r = CliRunner().invoke(app, [*FORMATION, str(p), "--plot", str(png)])
    assert r.exit_code == 0, r.output
    assert "0.5076" in r.output  # E_F,eq by hand: test_example_neutrality_holds_independently
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
