"""Material presets for the crystallization models, with per-value provenance.

Each :class:`FilmMaterial` stores the inputs of CNT and of the growth model.  Every
value has an entry in ``sources``; values that we could not source from a measurement
are marked ``"assumption: ..."`` and can be overridden by the user (process files:
``surface_energy_j_m2``, ``[solution] solubility_mol_l``, ``[growth]
diffusion_coefficient``; CLI: ``--gamma``).

Molecular volume
    ``v_m = a^3`` per formula unit for the cubic (or pseudo-cubic) ABX3 perovskite,
    with ``a`` the cubic lattice constant:

    * CsPbBr3: a = 5.874 A, cubic Pm-3m phase above ~130 C, Stoumpos et al.,
      Cryst. Growth Des. 13, 2722 (2013).
    * MAPbBr3: a = 5.901 A, cubic at room temperature, Poglitsch & Weber,
      J. Chem. Phys. 87, 6373 (1987); cross-check: Weber, Z. Naturforsch. 33b, 1443
      (1978) gives a = 5.92 A (0.3 % larger).
    * FAPbBr3: a = 5.99 A, cubic at room temperature, Hanusch et al.,
      J. Phys. Chem. Lett. 5, 2791 (2014).
    * CsPbI3: a = 6.289 A, cubic alpha phase (634 K), Trots & Myagkota,
      J. Phys. Chem. Solids 69, 2520 (2008).

    Review status: the papers were located for Stoumpos 2013 and
    Poglitsch & Weber 1987 (title, journal and abstract match), and Weber 1978's
    abstract states the MAPbX3 cubic constants (Cl 5.68, Br 5.92, I 6.27 A); the
    individual numbers of Stoumpos, Poglitsch & Weber, Hanusch and Trots & Myagkota
    could not be read from the full texts here and rest on the implementer's citation.
    A 1 % error in ``a`` changes v_m by 3 % and the CNT barrier (~v_m^2) by 6 %.

Crystal/solution interfacial energy gamma
    Not measured for these systems (DFT crystal/vacuum surface energies, ~0.1-0.3 J/m2,
    are the wrong interface).  Assumed 0.02 J/m2, which puts the homogeneous barrier at
    ~30-60 k_B T for S ~ 4-5, the supersaturation range where antisolvent-induced burst
    nucleation is observed (Cao et al. (2025) sec. 3.1.3).  Marked ``assumption``.  The one
    solution measurement located, Li, Isikgor, Coskun & Ouyang, Angew. Chem. Int. Ed.,
    doi:10.1002/anie.201710234 ("Methylammonium iodide effect on the supersaturation
    and interfacial energy of the crystallization of MAPbI3 single crystals"), is for
    another compound, and its values could not be read here.

Solubility
    Bromide perovskites in DMF show retrograde (inverse-temperature) solubility,
    Saidaminov et al., Nat. Commun. 6, 7586 (2015); quantitative DMF/DMSO solubilities of
    MAPbI3, FAPbI3, MAPbBr3 and FAPbBr3: Petrov et al., Molecules 26, 7541 (2021) (both
    located; their tabulated numbers could not be read here).  The reference
    solubilities below are therefore order-of-magnitude ``assumption`` values
    (processing solutions are ~0.2-1.5 M) and the van 't Hoff enthalpies are assumptions
    with the sign set by the reported temperature dependence (negative = retrograde).
    Override them per process (``[solution] solubility_mol_l``) when measured values
    are at hand.

Diffusion coefficient
    Stokes-Einstein ``D = k_B T / (6 pi eta r_h)`` (Einstein 1905) with the solvent
    viscosity at 25 C (DMF 0.794 mPa s, DMSO 1.987 mPa s; CRC Handbook of Chemistry and
    Physics, "Viscosity of liquids") and an assumed hydrodynamic radius of 0.5 nm for the
    solvated lead-halide complex (assumption).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from scipy.constants import N_A, R, pi
from scipy.constants import k as K_B

from peled.errors import ParameterError

__all__ = [
    "FilmMaterial",
    "MATERIALS",
    "T_REF_K",
    "get_material",
    "stokes_einstein_diffusivity",
]

T_REF_K = 298.15
"""Reference temperature of the tabulated solubilities, K."""

_HYDRODYNAMIC_RADIUS_M = 0.5e-9
_ETA_DMF_PA_S = 0.794e-3
_ETA_DMSO_PA_S = 1.987e-3


def stokes_einstein_diffusivity(temperature_k, viscosity_pa_s, hydrodynamic_radius_m):
    """Stokes-Einstein diffusion coefficient D = k_B T / (6 pi eta r_h), m2/s (Einstein 1905).

    Parameters
    ----------
    temperature_k : array_like
        Temperature, K (> 0).
    viscosity_pa_s : array_like
        Solvent dynamic viscosity eta, Pa s (> 0).
    hydrodynamic_radius_m : array_like
        Hydrodynamic radius r_h of the diffusing species, m (> 0).

    Returns
    -------
    numpy.ndarray or float
        Diffusion coefficient D, m^2/s.

    References
    ----------
    Einstein, Ann. Phys. 17, 549 (1905).

    Examples
    --------
    A 0.5 nm species in DMF (0.8 mPa s) at 300 K:

    >>> f"{float(stokes_einstein_diffusivity(300.0, 0.8e-3, 0.5e-9)):.3e}"
    '5.493e-10'
    """
    return (
        K_B
        * np.asarray(temperature_k, float)
        / (6.0 * pi * np.asarray(viscosity_pa_s, float) * np.asarray(hydrodynamic_radius_m, float))
    )


@dataclass(frozen=True)
class FilmMaterial:
    """Crystallization parameters of one perovskite; ``sources`` gives provenance per field."""

    name: str
    lattice_constant_m: float
    surface_energy_j_m2: float
    solubility_mol_l: float
    solution_enthalpy_j_mol: float
    solvent: str
    solvent_viscosity_pa_s: float
    hydrodynamic_radius_m: float
    sources: MappingProxyType = field(repr=False)

    @property
    def molecular_volume_m3(self) -> float:
        """Volume per formula unit, v_m = a^3 (one ABX3 unit per cubic cell)."""
        return self.lattice_constant_m**3

    def solubility_per_m3(self, temperature_k) -> np.ndarray:
        """Equilibrium concentration (formula units per m3) at T, van 't Hoff from T_REF_K.

        ``c_e(T) = c_e(T_ref) exp(-dH/R (1/T - 1/T_ref))`` (van 't Hoff); dH < 0 gives
        retrograde solubility.
        """
        t = np.asarray(temperature_k, float)
        factor = np.exp(-self.solution_enthalpy_j_mol / R * (1.0 / t - 1.0 / T_REF_K))
        return self.solubility_mol_l * 1e3 * N_A * factor

    def solubility_m3(self, temperature_k) -> np.ndarray:
        """Deprecated alias of :meth:`solubility_per_m3` (kept for one release)."""
        return self.solubility_per_m3(temperature_k)

    def diffusion_coefficient_m2_s(self, temperature_k) -> np.ndarray:
        """Stokes-Einstein monomer diffusivity at T (solvent viscosity fixed at 25 C)."""
        return stokes_einstein_diffusivity(
            temperature_k, self.solvent_viscosity_pa_s, self.hydrodynamic_radius_m
        )

    def is_assumption(self, field_name: str) -> bool:
        """True when the value of ``field_name`` is marked as an assumption."""
        return self.sources[field_name].startswith("assumption")


_GAMMA_SRC = (
    "assumption: crystal/solution interfacial energy not measured; 0.02 J/m2 puts the "
    "homogeneous barrier at 30-60 kT for S ~ 4-5"
)
_D_SRC = "CRC Handbook (viscosity at 25 C); Stokes-Einstein"
_RH_SRC = "assumption: hydrodynamic radius of the solvated PbX complex"


def _material(name, a, a_src, gamma, ce, ce_src, dh, dh_src, solvent, eta, eta_src):
    return FilmMaterial(
        name=name,
        lattice_constant_m=a,
        surface_energy_j_m2=gamma,
        solubility_mol_l=ce,
        solution_enthalpy_j_mol=dh,
        solvent=solvent,
        solvent_viscosity_pa_s=eta,
        hydrodynamic_radius_m=_HYDRODYNAMIC_RADIUS_M,
        sources=MappingProxyType(
            {
                "lattice_constant_m": a_src,
                "surface_energy_j_m2": _GAMMA_SRC,
                "solubility_mol_l": ce_src,
                "solution_enthalpy_j_mol": dh_src,
                "solvent_viscosity_pa_s": eta_src,
                "hydrodynamic_radius_m": _RH_SRC,
            }
        ),
    )


MATERIALS: MappingProxyType = MappingProxyType(
    {
        m.name: m
        for m in (
            _material(
                "CsPbBr3",
                5.874e-10,
                "Stoumpos et al., Cryst. Growth Des. 13, 2722 (2013): cubic Pm-3m a = 5.874 A",
                0.02,
                0.3,
                "assumption: CsBr-limited solubility in DMSO, order of magnitude of 0.2-0.4 M "
                "processing solutions",
                -2.0e4,
                "assumption: weakly retrograde like the other bromides (Saidaminov 2015)",
                "DMSO",
                _ETA_DMSO_PA_S,
                _D_SRC,
            ),
            _material(
                "MAPbBr3",
                5.901e-10,
                "Poglitsch & Weber, J. Chem. Phys. 87, 6373 (1987): cubic a = 5.901 A "
                "(Weber, Z. Naturforsch. 33b, 1443 (1978): 5.92 A)",
                0.02,
                1.0,
                "assumption: order of magnitude of DMF solubility (Saidaminov et al., Nat. "
                "Commun. 6, 7586 (2015); Petrov et al., Molecules 26, 7541 (2021))",
                -3.0e4,
                "assumption: sign from the retrograde solubility in DMF (Saidaminov 2015)",
                "DMF",
                _ETA_DMF_PA_S,
                _D_SRC,
            ),
            _material(
                "FAPbBr3",
                5.99e-10,
                "Hanusch et al., J. Phys. Chem. Lett. 5, 2791 (2014): cubic a = 5.99 A",
                0.02,
                1.0,
                "assumption: order of magnitude of DMF solubility (Petrov et al., Molecules "
                "26, 7541 (2021))",
                -3.0e4,
                "assumption: sign from the retrograde solubility of bromides in DMF",
                "DMF",
                _ETA_DMF_PA_S,
                _D_SRC,
            ),
            _material(
                "CsPbI3",
                6.289e-10,
                "Trots & Myagkota, J. Phys. Chem. Solids 69, 2520 (2008): cubic alpha a = "
                "6.289 A (634 K)",
                0.02,
                0.5,
                "assumption: order of magnitude of DMF/DMSO processing concentrations",
                2.0e4,
                "assumption: normal (prograde) solubility",
                "DMF",
                _ETA_DMF_PA_S,
                _D_SRC,
            ),
        )
    }
)
"""Presets keyed by formula (CsPbBr3, MAPbBr3, FAPbBr3, CsPbI3)."""


def get_material(name: str) -> FilmMaterial:
    """Return the preset called ``name`` (case-insensitive) or raise ParameterError.

    Parameters
    ----------
    name : str
        Formula of a preset, case-insensitive (see :data:`MATERIALS`).

    Returns
    -------
    FilmMaterial
        The preset with its provenance.

    Raises
    ------
    ParameterError
        For an unknown name (the message lists the presets).

    Examples
    --------
    >>> get_material("cspbbr3").name
    'CsPbBr3'
    """
    for key, mat in MATERIALS.items():
        if key.lower() == str(name).lower():
            return mat
    raise ParameterError(
        f"material: unknown material {name!r}; expected one of {', '.join(MATERIALS)}"
    )
