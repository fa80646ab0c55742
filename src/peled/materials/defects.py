"""Defect thermodynamics: formation energies, transition levels, equilibrium Fermi level.

Formation energy of defect alpha in charge state q (Jiang et al., Nanoscale (2024),
eqn (4); C. G. Van de Walle & J. Neugebauer, J. Appl. Phys. 95, 3851 (2004))::

    dH(alpha, q) = E(alpha, q) - E(host) - sum_i n_i (E_i + dmu_i)
                   + q (E_VBM + E_F) + E_corr                                    (4)

**Sign convention used by peled**: n_i is the number of atoms of element i *added* to
the supercell to create the defect (n_i = -1 for a vacancy, +1 for an interstitial);
E_i is the energy per atom of the elemental reference and dmu_i <= 0 its chemical
potential relative to it; E_F is measured from the valence-band maximum E_VBM of the
host (0 <= E_F <= E_g); q is in units of the elementary charge (eV per volt) and
E_corr an optional finite-size correction.  Jiang et al. (2024) prints ``+ sum_i n_i [E_i +
dmu_i]``, which is the same equation with n_i counting atoms *removed* to the
reservoirs; :func:`formation_energy` documents and tests the equivalence.

Charge-transition level (Van de Walle & Neugebauer 2004, eqn 17)::

    eps(q/q') = [dH(q; E_F = 0) - dH(q'; E_F = 0)] / (q' - q)                     (T)

Equilibrium Fermi level from charge neutrality with Boltzmann statistics::

    p - n + sum_{d,q} q c_{d,q} = 0,   c_{d,q} = g N_sites exp(-dH_{d,q}(E_F) / k_B T)
    n = N_c exp(-(E_g - E_F) / k_B T),  p = N_v exp(-E_F / k_B T)                 (N)

with effective densities of states N_c,v = 2 (2 pi m* k_B T / h^2)^(3/2) (S. M. Sze,
"Physics of Semiconductor Devices", 1981, eqns 1.10/1.14).  The root is unique because
the net charge decreases monotonically with E_F; it is bracketed and found by Brent's
method on ln(positive charge) - ln(negative charge) (log-sum-exp, no overflow).

Nanocrystal defect pairs (Jiang et al. (2024) eqn (5); ref. 27 there: J. Kang, J. Li &
S.-H. Wei, Appl. Phys. Rev. 8, 031302, 2021)::

    dH_f^NC(alpha + alpha') = E[NC(alpha + alpha')] - E(NC) +/- E(s)               (5)

with s the charge-neutral molecular species removed (+) from or added (-) to the
nanocrystal to form the oppositely charged pair.

This module is pure (no I/O); the TOML input of ``peled characterize formation`` is read by
:func:`peled.characterize.readers.read_defects_toml`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import constants
from scipy.special import logsumexp

from peled.errors import ParameterError, require_positive
from peled.validation import finite_array, positive_array, scalar_or_array

__all__ = [
    "ChargeState",
    "Defect",
    "DefectSystem",
    "EquilibriumResult",
    "TransitionLevel",
    "effective_density_of_states",
    "equilibrium_fermi_level",
    "formation_energy",
    "nc_defect_pair_formation_energy",
    "transition_level",
    "transition_levels",
]

K_B_EV = constants.k / constants.e


# ----------------------------------------------------------------------------- eqn (4)
def formation_energy(e_defect_ev, e_host_ev, atoms_added: Mapping[str, float],
                     atom_energies_ev: Mapping[str, float], delta_mu_ev: Mapping[str, float],
                     charge, e_vbm_ev, fermi_level_ev, correction_ev=0.0):
    """Formation energy dH(alpha, q) in eV, eqn (4) with peled's sign convention.

    ``atoms_added``: {element: n_i} with n_i > 0 for atoms added, < 0 for atoms removed.
    ``fermi_level_ev`` is measured from the VBM and broadcasts (e.g. a grid across the gap).

    Jiang et al. (2024) writes ``+ sum n_i (E_i + dmu_i)`` with n_i counting removed atoms: both
    forms agree when n_i(Jiang) = -n_i(peled).

    Parameters
    ----------
    e_defect_ev : array_like
        Total energy of the defective supercell in charge state q, eV.
    e_host_ev : float
        Total energy of the perfect host supercell, eV.
    atoms_added : mapping of str to float
        Element -> number of atoms added (< 0 for atoms removed).
    atom_energies_ev : mapping of str to float
        Element -> energy per atom of the elemental reference, eV.
    delta_mu_ev : mapping of str to float
        Element -> chemical potential relative to that reference, eV (<= 0).
    charge : array_like
        Charge state q (units of e).
    e_vbm_ev : float
        Valence-band maximum of the host, eV.
    fermi_level_ev : array_like
        Fermi level above the VBM, eV.
    correction_ev : array_like, optional
        Finite-size / image-charge correction E_corr, eV.

    Returns
    -------
    numpy.ndarray or float
        Formation energy dH(alpha, q), eV; broadcasts over ``fermi_level_ev``.

    References
    ----------
    Jiang et al., Nanoscale (2024), eqn (4); Van de Walle & Neugebauer, J. Appl. Phys. 95,
    3851 (2004).

    Examples
    --------
    A halide vacancy (one X removed) in charge state +1, E_F = 0.3 eV above the VBM:

    >>> round(float(formation_energy(-996.1, -1000.0, {"X": -1}, {"X": -1.5}, {"X": -0.5},
    ...                              1, 1.2, 0.3)), 6)
    3.4
    """
    missing = [el for el in atoms_added if el not in atom_energies_ev or el not in delta_mu_ev]
    if missing:
        raise ParameterError(f"no reference energy / chemical potential for {missing}")
    reservoir = sum(n * (atom_energies_ev[el] + delta_mu_ev[el]) for el, n in atoms_added.items())
    ef = finite_array("fermi_level_ev", fermi_level_ev)
    out = (finite_array("e_defect_ev", e_defect_ev) - finite_array("e_host_ev", e_host_ev)
           - finite_array("reservoir energy sum_i n_i (E_i + dmu_i)", reservoir)
           + finite_array("charge", charge) * (finite_array("e_vbm_ev", e_vbm_ev) + ef)
           + finite_array("correction_ev", correction_ev))
    return scalar_or_array(out)


def nc_defect_pair_formation_energy(e_nc_defect_ev, e_nc_ev, e_species_ev,
                                    species_removed: bool = True):
    """Nanocrystal defect-pair formation energy, Jiang et al. (2024) eqn (5), in eV.

    ``species_removed=True``: the neutral species s (e.g. a CsBr unit for a
    V_Cs + V_Br pair) leaves the NC, dH = E[NC(a+a')] - E(NC) + E(s); ``False``: s is
    taken up (interstitial pair), dH = E[NC(a+a')] - E(NC) - E(s).

    Parameters
    ----------
    e_nc_defect_ev : array_like
        Total energy of the nanocrystal with the defect pair, eV.
    e_nc_ev : array_like
        Total energy of the perfect nanocrystal, eV.
    e_species_ev : array_like
        Energy of the neutral species s removed or taken up, eV.
    species_removed : bool, optional
        True (default) when s leaves the crystal (vacancy pair), False for an
        interstitial pair.

    Returns
    -------
    numpy.ndarray or float
        Pair formation energy dH, eV.

    References
    ----------
    Jiang et al., Nanoscale (2024), eqn (5); Kang, Li & Wang (ref. 27 there).

    Examples
    --------
    >>> round(float(nc_defect_pair_formation_energy(-995.0, -1000.0, -6.2)), 6)
    -1.2
    """
    sign = 1.0 if species_removed else -1.0
    out = (finite_array("e_nc_defect_ev", e_nc_defect_ev) - finite_array("e_nc_ev", e_nc_ev)
           + sign * finite_array("e_species_ev", e_species_ev))
    return scalar_or_array(out)


def effective_density_of_states(mass_ratio, temperature_k):
    """N = 2 (2 pi m* m_e k_B T / h^2)^(3/2) in m^-3 (Sze 1981).

    >>> round(effective_density_of_states(1.0, 300.0) * 1e-6 / 1e19, 3)
    2.509

    Parameters
    ----------
    mass_ratio : array_like
        Density-of-states effective mass m*/m_e (> 0).
    temperature_k : array_like
        Temperature, K (> 0).

    Returns
    -------
    numpy.ndarray or float
        Effective density of states N_c or N_v, m^-3.

    References
    ----------
    Sze, "Physics of Semiconductor Devices" (Wiley, 1981), eqns 1.10 and 1.14.

    Examples
    --------
    >>> round(effective_density_of_states(1.0, 300.0) * 1e-6 / 1e19, 3)  # 1e19 cm^-3
    2.509
    """
    m = positive_array("mass_ratio", mass_ratio) * constants.m_e
    t = positive_array("temperature_k", temperature_k)
    return scalar_or_array(2.0 * (2.0 * np.pi * m * constants.k * t / constants.h**2) ** 1.5)


# ----------------------------------------------------------------------------- types
@dataclass(frozen=True)
class ChargeState:
    """Total energy of the defective supercell in one charge state."""

    charge: int
    energy_ev: float
    correction_ev: float = 0.0


@dataclass(frozen=True)
class Defect:
    """A point defect: atoms added (n_i), charge states, density of sites, degeneracy."""

    name: str
    atoms_added: Mapping[str, float]
    charge_states: tuple[ChargeState, ...]
    sites_m3: float
    degeneracy: float = 1.0

    def __post_init__(self) -> None:
        if not self.charge_states:
            raise ParameterError(f"defect {self.name!r}: no charge states")
        qs = [c.charge for c in self.charge_states]
        if len(set(qs)) != len(qs):
            raise ParameterError(f"defect {self.name!r}: repeated charge state in {qs}")
        require_positive(f"defect {self.name!r} sites", self.sites_m3)


@dataclass(frozen=True)
class DefectSystem:
    """Host, chemical potentials and defects: everything eqns (4), (T), (N) need."""

    host_energy_ev: float
    vbm_ev: float
    band_gap_ev: float
    atom_energies_ev: Mapping[str, float]
    delta_mu_ev: Mapping[str, float]
    defects: tuple[Defect, ...]
    temperature_k: float = 300.0
    nc_m3: float = field(default_factory=lambda: effective_density_of_states(1.0, 300.0))
    nv_m3: float = field(default_factory=lambda: effective_density_of_states(1.0, 300.0))

    def formation_energies(self, defect: Defect, fermi_level_ev) -> dict[int, np.ndarray]:
        """{q: dH(q, E_F)} for every charge state of ``defect``."""
        return {
            c.charge: formation_energy(c.energy_ev, self.host_energy_ev, defect.atoms_added,
                                       self.atom_energies_ev, self.delta_mu_ev, c.charge,
                                       self.vbm_ev, fermi_level_ev, c.correction_ev)
            for c in defect.charge_states
        }

    def diagram(self, fermi_level_ev=None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Formation-energy diagram: {name: (lowest dH(E_F), stable charge)} on a grid."""
        ef = (np.linspace(0, self.band_gap_ev, 321) if fermi_level_ev is None
              else np.asarray(fermi_level_ev, float))
        out = {}
        for d in self.defects:
            fe = self.formation_energies(d, ef)
            qs = np.array(sorted(fe))
            stack = np.vstack([np.broadcast_to(fe[q], ef.shape) for q in qs])
            k = np.argmin(stack, axis=0)
            out[d.name] = (stack[k, np.arange(ef.size)], qs[k])
        return out


@dataclass(frozen=True)
class TransitionLevel:
    """Thermodynamic transition eps(q_from/q_to) of a defect, in eV above the VBM."""

    defect: str
    q_from: int
    q_to: int
    level_ev: float

    def as_dict(self) -> dict:
        """JSON form: defect, q_from, q_to, label "(+1/0)", level_ev."""
        return {"defect": self.defect, "q_from": self.q_from, "q_to": self.q_to,
                "label": f"({self.q_from:+d}/{self.q_to:+d})".replace("+0", "0"),
                "level_ev": self.level_ev}


def transition_level(system: DefectSystem, defect: Defect, q1: int, q2: int) -> float:
    """eps(q1/q2) of eqn (T) (any pair, stable or metastable), eV above the VBM.

    Parameters
    ----------
    system : DefectSystem
        Host and chemical potentials (the VBM reference).
    defect : Defect
        The defect; needs charge states ``q1`` and ``q2``.
    q1, q2 : int
        The two charge states (different).

    Returns
    -------
    float
        eps(q1/q2), eV above the VBM.

    Raises
    ------
    ParameterError
        If a charge state is missing or ``q1 == q2``.

    References
    ----------
    Van de Walle & Neugebauer, J. Appl. Phys. 95, 3851 (2004), eqn (17).

    Examples
    --------
    >>> d = Defect("D", {}, (ChargeState(1, 0.0), ChargeState(0, 1.0)), 1e28)
    >>> s = DefectSystem(0.0, 0.0, 1.6, {}, {}, (d,))
    >>> transition_level(s, d, 1, 0)
    1.0
    """
    if q1 == q2:
        raise ParameterError("transition level needs two different charge states")
    fe = system.formation_energies(defect, 0.0)
    if q1 not in fe or q2 not in fe:
        raise ParameterError(f"defect {defect.name!r} has no charge state {q1} or {q2}")
    return (fe[q1] - fe[q2]) / (q2 - q1)


def transition_levels(system: DefectSystem, within_gap: bool = True) -> list[TransitionLevel]:
    """Kinks of each defect's lowest-energy envelope, walking E_F from 0 to E_g.

    The stable charge at E_F = 0 (ties: the higher charge) changes to a lower charge at
    the smallest crossing eqn (T) above the current E_F.  With ``within_gap=False`` the
    walk continues beyond E_g (all thermodynamic levels).

    Parameters
    ----------
    system : DefectSystem
        Host, chemical potentials and defects.
    within_gap : bool, optional
        Stop at E_F = E_g (default) or continue to list every thermodynamic level.

    Returns
    -------
    list of TransitionLevel
        (defect, q_from, q_to, level_ev) in order of increasing E_F for every defect.

    References
    ----------
    Van de Walle & Neugebauer, J. Appl. Phys. 95, 3851 (2004).

    Examples
    --------
    The metastable neutral state of this defect is skipped (negative-U, +1 -> -1):

    >>> d = Defect("D", {}, (ChargeState(1, 0.0), ChargeState(0, 1.0), ChargeState(-1, 0.5)),
    ...            1e28)
    >>> [(t.q_from, t.q_to, t.level_ev) for t in transition_levels(
    ...     DefectSystem(0.0, 0.0, 1.6, {}, {}, (d,)))]
    [(1, -1, 0.25)]
    """
    out = []
    for d in system.defects:
        a = system.formation_energies(d, 0.0)  # dH_q(E) = a_q + q E
        q = max(a, key=lambda c: (-a[c], c)) if within_gap else max(a)
        e_now = -np.inf
        while True:
            cands = [((a[c] - a[q]) / (q - c), c) for c in a if c < q]
            cands = [x for x in cands if x[0] >= e_now - 1e-12]
            if not cands:
                break
            level, c = min(cands)
            if within_gap and level > system.band_gap_ev:
                break
            out.append(TransitionLevel(d.name, q, c, float(level)))
            e_now, q = level, c
    return out


# ----------------------------------------------------------------------------- eqn (N)
@dataclass(frozen=True)
class EquilibriumResult:
    """Self-consistent Fermi level (eV above the VBM), carriers and defect densities."""

    fermi_level_ev: float
    electron_density_m3: float
    hole_density_m3: float
    concentrations_m3: dict[str, dict[int, float]]
    formation_energies_ev: dict[str, dict[int, float]]

    def as_dict(self) -> dict:
        """Display units (cm^-3)."""
        return {
            "fermi_level_eq_ev": self.fermi_level_ev,
            "electron_density_cm3": self.electron_density_m3 * 1e-6,
            "hole_density_cm3": self.hole_density_m3 * 1e-6,
            "defects": [
                {"defect": name, "charge": q, "concentration_cm3": c * 1e-6,
                 "formation_energy_ev": self.formation_energies_ev[name][q]}
                for name, per in self.concentrations_m3.items() for q, c in sorted(per.items())
            ],
        }


def _log_charges(system: DefectSystem, ef: float) -> tuple[float, float]:
    kt = K_B_EV * system.temperature_k
    pos = [np.log(system.nv_m3) - ef / kt]
    neg = [np.log(system.nc_m3) - (system.band_gap_ev - ef) / kt]
    for d in system.defects:
        for q, h in system.formation_energies(d, ef).items():
            if q == 0:
                continue
            term = np.log(abs(q) * d.degeneracy * d.sites_m3) - h / kt
            (pos if q > 0 else neg).append(term)
    return float(logsumexp(pos)), float(logsumexp(neg))


def equilibrium_fermi_level(system: DefectSystem) -> EquilibriumResult:
    """Solve charge neutrality, eqn (N), for E_F (Boltzmann statistics).

    Parameters
    ----------
    system : DefectSystem
        Host, chemical potentials, defects, temperature and band-edge densities of states.

    Returns
    -------
    EquilibriumResult
        Fermi level (eV above the VBM), electron and hole densities (m^-3) and the
        concentration (m^-3) and formation energy (eV) of every defect charge state.

    References
    ----------
    Van de Walle & Neugebauer, J. Appl. Phys. 95, 3851 (2004); Sze (1981), eqns 1.10/1.14.

    Examples
    --------
    An intrinsic host (no defects) with equal N_c and N_v has E_F at mid-gap:

    >>> res = equilibrium_fermi_level(DefectSystem(0.0, 0.0, 1.6, {}, {}, ()))
    >>> round(res.fermi_level_ev, 6), f"{res.electron_density_m3:.3e}"
    (0.8, '9.124e+11')
    """
    require_positive("temperature_k", system.temperature_k)
    require_positive("band_gap_ev", system.band_gap_ev)

    def g(ef: float) -> float:
        lp, ln = _log_charges(system, ef)
        return lp - ln

    lo, hi = -1.0, system.band_gap_ev + 1.0
    for _ in range(60):
        if g(lo) > 0 > g(hi):
            break
        lo, hi = lo - 1.0, hi + 1.0
    else:  # pragma: no cover - monotonic function always brackets
        raise ParameterError("charge neutrality could not be bracketed")
    from scipy.optimize import brentq  # on use: keeps scipy.optimize out of start-up

    ef = float(brentq(g, lo, hi, xtol=1e-10, rtol=1e-12))
    kt = K_B_EV * system.temperature_k
    conc, fe_out = {}, {}
    for d in system.defects:
        fe = system.formation_energies(d, ef)
        fe_out[d.name] = {q: float(v) for q, v in fe.items()}
        conc[d.name] = {q: float(d.degeneracy * d.sites_m3 * np.exp(-v / kt))
                        for q, v in fe.items()}
    n = system.nc_m3 * np.exp(-(system.band_gap_ev - ef) / kt)
    p = system.nv_m3 * np.exp(-ef / kt)
    return EquilibriumResult(ef, float(n), float(p), conc, fe_out)
