"""Size effect on emission and exciton binding energies (effective-mass models).

Parameters per halide (``data/exciton_parameters.csv``): reduced mass mu (m0), effective
dielectric constant eps and exciton binding energy, with provenance; mixed halides use
fraction-weighted values.  The hydrogenic exciton Bohr radius a_B = a_0 eps / mu is
3.1 nm for CsPbBr3, i.e. a Bohr diameter of 6.1 nm, close to the 7 nm quoted by
Protesescu et al., Nano Lett. 15, 3692 (2015).

Two confinement models for a cube of edge L, both relative to the bulk exciton:

* ``"weak"`` (L >~ a_B): quantised exciton centre-of-mass motion in a cube with infinite
  walls, dE = 3 hbar^2 pi^2 / (2 M L^2), M = m_e + m_h (Efros & Efros, Sov. Phys.
  Semicond. 16, 772 (1982), cube form).  M = 4 mu assumes m_e = m_h (ASSUMPTION; DFT and
  magneto-optics give nearly equal masses, Yang et al. 2017).
* ``"brus"`` (strong confinement): Brus, J. Chem. Phys. 80, 4403 (1984) for a sphere of
  equal volume R = L (3/4pi)^(1/3): E - E_g = hbar^2 pi^2/(2 mu R^2) - 1.786 e^2/(4 pi eps0
  eps R) - 0.248 Ry*; shift relative to the bulk exciton (E_g - Ry*) adds Ry*.

Validation is LIMITED.  ``data/cspbbr3_size_series.csv`` holds one independently sized
point (3.5 nm in situ CsPbBr3 PNCs, 465 nm EL, seed 001 sec. 3 / Jiang et al., Nature 2022)
and two points whose sizes the authors derived from an effective-mass model (Energies 14,
275 (2021)); those two are marked ``independent_size = no`` and serve as a consistency check
only.  A published TEM-sized series (Protesescu et al., Nano Lett. 15, 3692 (2015) Fig. 3;
Brennan et al., J. Am. Chem. Soc. 139, 12201 (2017); Butkus et al., Chem. Mater. 29, 3644
(2017)) could not be transcribed with verified values and is not shipped.  On the shipped
points the weak form is within 0.1 eV (it underestimates the 3.5 nm shift by ~0.09 eV);
the Brus form overshoots by > 0.15 eV at 3.5 nm (infinite barriers and parabolic bands
overestimate confinement in small perovskite NCs).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import constants as sc

from peled.errors import ParameterError
from peled.materials._data import read_table

#: hbar^2 pi^2 / (2 m0) in eV m^2
_KIN_EV_M2 = (sc.hbar * np.pi) ** 2 / (2 * sc.m_e) / sc.e
#: e^2 / (4 pi eps0) in eV m
_COUL_EV_M = sc.e / (4 * np.pi * sc.epsilon_0)
#: Hydrogen Rydberg energy (eV) and Bohr radius (m)
RYDBERG_EV = sc.physical_constants["Rydberg constant times hc in eV"][0]
BOHR_M = sc.physical_constants["Bohr radius"][0]


@dataclass(frozen=True)
class ExcitonParameters:
    """Reduced mass (m0), effective dielectric constant and provenance."""

    reduced_mass: float
    epsilon: float
    source: str

    @property
    def rydberg_ev(self) -> float:
        """Hydrogenic exciton binding energy Ry* = Ry mu / eps^2 (eV)."""
        return RYDBERG_EV * self.reduced_mass / self.epsilon**2

    @property
    def bohr_radius_m(self) -> float:
        """Hydrogenic exciton Bohr radius a_B = a_0 eps / mu (m)."""
        return BOHR_M * self.epsilon / self.reduced_mass


@cache
def _table() -> dict[str, dict[str, str]]:
    return {r["halide"]: r for r in read_table("exciton_parameters.csv")}


def exciton_parameters(x_fractions: dict[str, float]) -> ExcitonParameters:
    """Fraction-weighted exciton parameters of a (mixed) halide CsPbX3."""
    table = _table()
    unknown = [x for x in x_fractions if x not in table]
    if unknown or not x_fractions:
        raise ParameterError(f"exciton parameters: no data for halide(s) {unknown or '[]'}")
    total = sum(x_fractions.values())
    mu = sum(f * float(table[x]["reduced_mass_m0"]) for x, f in x_fractions.items()) / total
    eps = sum(f * float(table[x]["epsilon_eff"]) for x, f in x_fractions.items()) / total
    src = "; ".join(table[x]["source"] for x in x_fractions)
    return ExcitonParameters(mu, eps, src)


def _edge_m(edge_nm):
    L = np.asarray(edge_nm, dtype=float) * 1e-9
    if np.any(~np.isfinite(L)) or np.any(L <= 0):
        raise ParameterError(f"edge length must be finite and > 0 nm, got {edge_nm!r}")
    return L


def confinement_shift_ev(edge_nm, params: ExcitonParameters, model: str = "weak"):
    """Blue shift (eV) of the exciton emission of a cube of edge ``edge_nm`` vs bulk."""
    L = _edge_m(edge_nm)
    if model == "weak":
        total_mass = 4.0 * params.reduced_mass
        return 3.0 * _KIN_EV_M2 / (total_mass * L**2)
    if model == "brus":
        R = L * (3.0 / (4.0 * np.pi)) ** (1.0 / 3.0)
        ry = params.rydberg_ev
        kinetic = _KIN_EV_M2 / (params.reduced_mass * R**2)
        coulomb = 1.786 * _COUL_EV_M / (params.epsilon * R)
        return kinetic - coulomb - 0.248 * ry + ry
    raise ParameterError(f"confinement model must be 'weak' or 'brus', got {model!r}")


def nanocrystal_exciton_binding_ev(edge_nm, params: ExcitonParameters):
    """Exciton binding estimate of a cube: max(bulk Ry*, Brus Coulomb term 1.786 e^2/(eps R)).

    Brus (1984) Coulomb energy for the equal-volume sphere where it exceeds the bulk
    Rydberg (strong confinement), the bulk Rydberg otherwise.  Dielectric confinement by
    ligands is not included (seed 001 sec. 8: it raises binding energies further).
    """
    L = _edge_m(edge_nm)
    R = L * (3.0 / (4.0 * np.pi)) ** (1.0 / 3.0)
    coulomb = 1.786 * _COUL_EV_M / (params.epsilon * R)
    return np.maximum(coulomb, params.rydberg_ev)


def quantum_well_exciton_binding_ev(well_width_nm, params: ExcitonParameters):
    """Exciton binding in a quantum well by the fractional-dimension model.

    Mathieu, Lefebvre & Christol, Phys. Rev. B 46, 4092 (1992): E_b = Ry* / ((alpha-1)/2)^2
    with alpha = 3 - exp(-L_w / (2 a_B)); alpha -> 2 (E_b = 4 Ry*) for L_w -> 0 and
    alpha -> 3 (E_b = Ry*) for wide wells.  No dielectric confinement: a lower bound for
    quasi-2D perovskites with organic spacers.
    """
    Lw = _edge_m(well_width_nm)
    alpha = 3.0 - np.exp(-Lw / (2.0 * params.bohr_radius_m))
    return params.rydberg_ev / ((alpha - 1.0) / 2.0) ** 2
