"""Size effect on emission and exciton binding energies (effective-mass models).

Parameters per halide (``data/exciton_parameters.csv``): reduced mass mu (m0), effective
dielectric constant eps and exciton binding energy, with provenance; mixed halides use
fraction-weighted values.  The hydrogenic exciton Bohr radius a_B = a_0 eps / mu is
3.1 nm for CsPbBr3, i.e. a Bohr diameter of 6.1 nm, close to the 7 nm quoted by
Protesescu et al., Nano Lett. 15, 3692 (2015).  The parameters depend on the halide
only: for MA/FA perovskites the CsPbX3 values are used (Galkowski et al.,
arXiv:1511.06507 (2015), abstract: mu = 0.09-0.117 m0 across MAPbI3,
MAPbBr3, FAPbI3, FAPbBr3, so the CsPbBr3 mu = 0.126 m0 is within ~10 % of the MA/FA range;
the per-compound MAPbBr3 value was not verified and is not shipped).

Two confinement models, both relative to the bulk exciton, for a cube of edge L
(``shape="cube"``) or a sphere of diameter D = 2R (``shape="sphere"``):

* ``"weak"`` (size >~ a_B): quantised exciton centre-of-mass motion with infinite walls,
  Efros & Efros, Sov. Phys. Semicond. 16, 772 (1982): sphere dE = hbar^2 pi^2/(2 M R^2),
  cube dE = 3 hbar^2 pi^2 / (2 M L^2), M = m_e + m_h.  M = 4 mu assumes m_e = m_h
  (ASSUMPTION; DFT and magneto-optics give nearly equal masses, Yang et al. 2017).
* ``"brus"`` (strong confinement): Brus, J. Chem. Phys. 80, 4403 (1984) for a sphere of
  radius R (a cube is replaced by the sphere of equal volume, R = L (3/4pi)^(1/3)):
  E - E_g = hbar^2 pi^2/(2 mu R^2) - 1.786 e^2/(4 pi eps0 eps R) - 0.248 Ry*; the shift
  relative to the bulk exciton (E_g - Ry*) adds Ry*.

Validation (tests/materials/test_size_series.py, numbers asserted there):

* MAPbBr3 colloidal nanocrystals, 11 sizes D_p = 2.7-27.5 nm (diameters as tabulated,
  from the measured size-distribution histograms) with PL peaks 475-527 nm, Table 2 of
  "Semi-empirical approach to assess externally-induced photoluminescence linewidth
  broadening of halide perovskite nanocrystals with particle-size distribution",
  Commun. Phys. (2023),
  doi:10.1038/s42005-023-01459-8 (``data/mapbbr3_size_series.csv``).  With the Br
  parameters, ``shape="sphere"`` and the 27.5 nm peak (527.0 nm, the paper's onset of the
  blue shift) as the bulk reference, the weak model OVERESTIMATES the blue shift at every
  size below 10 nm: RMS error 70 meV over all 11 points, 28 meV for D >= 5 nm, up to
  +154 meV (-29 nm in wavelength) at D = 3.2 nm.  The measured shift is only 0.42-0.63
  of the predicted one at every D <= 9.9 nm, so the model overestimates confinement by
  about 2x throughout; because the shift grows as 1/D^2 the absolute error reaches
  0.15 eV (26-29 nm) at the two sizes below 4 nm (well below the ~9 nm Bohr diameter the
  paper quotes for MAPbBr3), where the weak form is not usable.  The Brus form is worse
  everywhere (RMS 0.44 eV, +0.83 eV at 3.2 nm): infinite barriers and parabolic bands
  grossly overestimate confinement in small perovskite NCs.  The shape is not stated in the
  verified source; read as cube edges the same sizes give a weak-model RMS of 32 meV, so
  the shape assumption alone changes the error by a factor of two.
* CsPbBr3: one independently sized point (3.5 nm in situ PNCs, 465 nm EL, Jang et al. (2025)
  sec. 3 / Jiang et al., Nature 2022), where the cube weak model UNDERESTIMATES the shift
  by 0.093 eV, and two points whose sizes the authors derived from an effective-mass model
  (Energies 14, 275 (2021)), a consistency check only (``data/cspbbr3_size_series.csv``).
  A TEM-sized CsPbBr3 series (Protesescu et al. 2015 Fig. 3; Brennan et al., JACS 2017;
  Butkus et al., Chem. Mater. 2017; Akkerman et al., Science 2022; Dong et al.,
  Nano Lett. 2018) could not be transcribed with verified values and is not shipped.

The opposite signs of the two errors (MAPbBr3 overestimated, CsPbBr3 3.5 nm
underestimated) mean the weak model is good to about +-0.06 eV for 5-10 nm crystals and
to no better than +-0.15 eV below 4 nm.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import constants as sc

from peled.errors import ParameterError
from peled.materials._data import read_table

__all__ = [
    "BOHR_M",
    "ExcitonParameters",
    "RYDBERG_EV",
    "SHAPES",
    "confinement_shift_ev",
    "exciton_parameters",
    "nanocrystal_exciton_binding_ev",
    "quantum_well_exciton_binding_ev",
]

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
    """Fraction-weighted exciton parameters of a (mixed) halide CsPbX3.

    Parameters
    ----------
    x_fractions : dict of str to float
        Halide occupancies (sum 1).

    Returns
    -------
    ExcitonParameters
        Reduced mass (units of m0), effective dielectric constant and sources.

    Examples
    --------
    >>> p = exciton_parameters({"Br": 1.0})
    >>> p.reduced_mass, p.epsilon
    (0.126, 7.3)
    """
    table = _table()
    unknown = [x for x in x_fractions if x not in table]
    if unknown or not x_fractions:
        raise ParameterError(f"exciton parameters: no data for halide(s) {unknown or '[]'}")
    total = sum(x_fractions.values())
    mu = sum(f * float(table[x]["reduced_mass_m0"]) for x, f in x_fractions.items()) / total
    eps = sum(f * float(table[x]["epsilon_eff"]) for x, f in x_fractions.items()) / total
    src = "; ".join(table[x]["source"] for x in x_fractions)
    return ExcitonParameters(mu, eps, src)


def _edge_m(edge_nm, name: str = "edge length"):
    L = np.asarray(edge_nm, dtype=float) * 1e-9
    if np.any(~np.isfinite(L)) or np.any(L <= 0):
        raise ParameterError(f"{name} must be finite and > 0 nm, got {edge_nm!r}")
    return L


def _equal_volume_radius(edge_m):
    """Radius of the sphere with the volume of a cube of edge ``edge_m`` (Brus form)."""
    return edge_m * (3.0 / (4.0 * np.pi)) ** (1.0 / 3.0)


def _brus_coulomb_ev(params: ExcitonParameters, radius_m):
    """Brus (1984) electron-hole Coulomb term 1.786 e^2 / (4 pi eps0 eps R), eV."""
    return 1.786 * _COUL_EV_M / (params.epsilon * radius_m)


SHAPES = ("cube", "sphere")


def confinement_shift_ev(
    size_nm, params: ExcitonParameters, model: str = "weak", shape: str = "cube"
):
    """Blue shift (eV) of the exciton emission of a nanocrystal vs bulk.

    ``size_nm`` is the cube edge L (``shape="cube"``) or the sphere diameter D
    (``shape="sphere"``).  Equations and validation: module docstring.

    Parameters
    ----------
    size_nm : array_like
        Cube edge or sphere diameter, nm (> 0).
    params : ExcitonParameters
        Reduced mass and dielectric constant (:func:`exciton_parameters`).
    model : {"weak", "brus"}, optional
        Confinement regime.
    shape : {"cube", "sphere"}, optional
        Nanocrystal shape.

    Returns
    -------
    numpy.ndarray or float
        Blue shift relative to the bulk exciton, eV (>= 0 for "weak").

    Raises
    ------
    ParameterError
        For an unknown model or shape or a non-positive size.

    References
    ----------
    Efros & Efros, Sov. Phys. Semicond. 16, 772 (1982); Brus, J. Chem. Phys. 80, 4403
    (1984).

    Examples
    --------
    >>> p = exciton_parameters({"Br": 1.0})
    >>> [round(float(confinement_shift_ev(size, p)), 4) for size in (10.0, 5.0)]
    [0.0224, 0.0895]
    """
    if shape not in SHAPES:
        raise ParameterError(f"nanocrystal shape must be 'cube' or 'sphere', got {shape!r}")
    if model not in ("weak", "brus"):
        raise ParameterError(f"confinement model must be 'weak' or 'brus', got {model!r}")
    if shape == "cube":
        L = _edge_m(size_nm, "edge length")
        R = _equal_volume_radius(L)
    else:
        R = _edge_m(size_nm, "diameter") / 2.0
    if model == "weak":
        total_mass = 4.0 * params.reduced_mass
        if shape == "cube":
            return 3.0 * _KIN_EV_M2 / (total_mass * L**2)
        return _KIN_EV_M2 / (total_mass * R**2)
    ry = params.rydberg_ev
    kinetic = _KIN_EV_M2 / (params.reduced_mass * R**2)
    return kinetic - _brus_coulomb_ev(params, R) - 0.248 * ry + ry


def nanocrystal_exciton_binding_ev(edge_nm, params: ExcitonParameters):
    """Exciton binding estimate of a cube: max(bulk Ry*, Brus Coulomb term 1.786 e^2/(eps R)).

    Brus (1984) Coulomb energy for the equal-volume sphere where it exceeds the bulk
    Rydberg (strong confinement), the bulk Rydberg otherwise.  Dielectric confinement by
    ligands is not included (Jang et al. (2025) sec. 8: it raises binding energies further).

    Parameters
    ----------
    edge_nm : array_like
        Cube edge, nm (> 0).
    params : ExcitonParameters
        Reduced mass and dielectric constant.

    Returns
    -------
    numpy.ndarray or float
        Exciton binding energy estimate, eV.

    References
    ----------
    Brus, J. Chem. Phys. 80, 4403 (1984).

    Examples
    --------
    >>> p = exciton_parameters({"Br": 1.0})
    >>> [round(float(nanocrystal_exciton_binding_ev(L, p)), 4) for L in (3.0, 20.0)]
    [0.1893, 0.0322]
    """
    R = _equal_volume_radius(_edge_m(edge_nm))
    return np.maximum(_brus_coulomb_ev(params, R), params.rydberg_ev)


def quantum_well_exciton_binding_ev(well_width_nm, params: ExcitonParameters):
    """Exciton binding in a quantum well by the fractional-dimension model.

    Mathieu, Lefebvre & Christol, Phys. Rev. B 46, 4092 (1992): E_b = Ry* / ((alpha-1)/2)^2
    with alpha = 3 - exp(-L_w / (2 a_B)); alpha -> 2 (E_b = 4 Ry*) for L_w -> 0 and
    alpha -> 3 (E_b = Ry*) for wide wells.  No dielectric confinement: a lower bound for
    quasi-2D perovskites with organic spacers.  Against the magneto-absorption binding
    energies of (BA)2(MA)n-1PbnI3n+1 (Blancon et al., Nat. Commun. 9, 2254 (2018): 470 meV
    for n = 1, 125 meV for n = 5; ``data/quasi2d_exciton_binding.csv``), with the iodide
    parameters and L_w = n 2 (r_Pb + r_I), it gives 54 and 36 meV, i.e. 8.7x and 3.4x
    too low (tests/materials/test_size_series.py).

    Parameters
    ----------
    well_width_nm : array_like
        Well (inorganic layer) width L_w, nm (> 0).
    params : ExcitonParameters
        Reduced mass and dielectric constant.

    Returns
    -------
    numpy.ndarray or float
        Exciton binding energy, eV, between Ry* (wide) and 4 Ry* (L_w -> 0).

    References
    ----------
    Mathieu, Lefebvre & Christol, Phys. Rev. B 46, 4092 (1992).

    Examples
    --------
    >>> p = exciton_parameters({"I": 1.0})
    >>> round(float(quantum_well_exciton_binding_ev(0.62, p)), 4)
    0.0547
    """
    Lw = _edge_m(well_width_nm)
    alpha = 3.0 - np.exp(-Lw / (2.0 * params.bohr_radius_m))
    return params.rydberg_ev / ((alpha - 1.0) / 2.0) ** 2
