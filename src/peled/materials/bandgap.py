"""Emission energy of lead-halide perovskites versus halide ratio and A-site cation.

Model: Vegard's law with a bowing term for each binary halide series (Cl/Br and Br/I),

    E(x) = (1 - x) E_0 + x E_1 - b x (1 - x)

(Vegard, Z. Phys. 5, 17 (1921); bowing form as in Noh et al., Nano Lett. 13, 1764 (2013)),
with E_0, E_1 and b fitted by linear least squares to the calibration points in
``data/halide_emission_calibration.csv`` (CsPbX3 rows of Yang et al. (2023) Tables 1-2 and Jang et
al. (2025)
Tables 2/5, plus the 1.8-3.0 eV gap range of Yang et al. (2023) sec. 4.2).  Most calibration points
are PL/EL peaks of weakly confined nanocrystals, so the result is the emission energy of
bulk-like material (Stokes shift neglected); use :mod:`peled.materials.confinement` for
size effects.

* CsPb(Cl/I)3 alloys do not form (miscibility gap, large lattice mismatch; Yang et al. (2023)
  sec. 4.2, ref 14): compositions with both Cl and I raise ParameterError.
* Results outside the 1.8-3.0 eV window of Yang et al. (2023) are flagged as extrapolations.
* Organic A-site cations shift the gap relative to Cs (``data/a_site_shift.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from peled.errors import ParameterError
from peled.materials._data import read_table
from peled.materials.composition import Composition, parse_composition
from peled.spectra import HC_EV_NM

__all__ = [
    "CALIBRATED_WINDOW_EV",
    "EmissionEstimate",
    "VegardFit",
    "a_site_shift_ev",
    "bulk_emission",
    "halide_energy_ev",
    "vegard_fit",
]

CALIBRATED_WINDOW_EV = (1.8, 3.0)  # Yang et al. (2023) sec. 4.2
#: A-site cations treated like Cs (inorganic, small effect on the band edges; Yang et al. (2023)
#: sec. 4.2
#: notes Cs "has little effect on its electronic structure").
_INORGANIC_A = {"Cs", "Rb", "K", "Na"}


@dataclass(frozen=True)
class VegardFit:
    """Fitted end-point energies (eV), bowing (eV) and fit statistics of one halide series."""

    series: str
    e0_ev: float
    e1_ev: float
    bowing_ev: float
    rms_ev: float
    n_points: int

    def energy_ev(self, x):
        """E(x) with x the fraction of the second halide of the series."""
        x = np.asarray(x, dtype=float)
        return (1 - x) * self.e0_ev + x * self.e1_ev - self.bowing_ev * x * (1 - x)


def _row_energy(row: dict[str, str]) -> float:
    if row["energy_ev"]:
        return float(row["energy_ev"])
    return HC_EV_NM / float(row["wavelength_nm"])


@cache
def vegard_fit(series: str) -> VegardFit:
    """Least-squares Vegard + bowing fit of ``series`` ("Cl-Br" or "Br-I")."""
    if series not in ("Cl-Br", "Br-I"):
        raise ParameterError(f"vegard_fit: series must be 'Cl-Br' or 'Br-I', got {series!r}")
    # x is the fraction of Cl (Cl-Br) or of I (Br-I); E_0 is the Br end in both series
    second, other = ("f_cl", "f_i") if series == "Cl-Br" else ("f_i", "f_cl")
    rows = [r for r in read_table("halide_emission_calibration.csv") if float(r[other]) == 0]
    x = np.array([float(r[second]) for r in rows])
    e = np.array([_row_energy(r) for r in rows])
    design = np.column_stack([1 - x, x, -x * (1 - x)])
    coef, *_ = np.linalg.lstsq(design, e, rcond=None)
    rms = float(np.sqrt(np.mean((design @ coef - e) ** 2)))
    return VegardFit(series, float(coef[0]), float(coef[1]), float(coef[2]), rms, len(rows))


@cache
def _a_shift_table() -> dict[tuple[str, str], float]:
    return {
        (r["a_cation"], r["halide"]): float(r["shift_ev"]) for r in read_table("a_site_shift.csv")
    }


def halide_energy_ev(f_cl: float = 0.0, f_br: float = 0.0, f_i: float = 0.0) -> float:
    """Emission energy (eV) of CsPb(Cl,Br,I)3 for halide fractions summing to 1.

    Parameters
    ----------
    f_cl, f_br, f_i : float, optional
        Chloride, bromide and iodide fractions of the X site (>= 0, sum 1).

    Returns
    -------
    float
        Emission energy of the CsPbX3 alloy, eV.

    Raises
    ------
    ParameterError
        If the fractions do not sum to 1 or mix Cl with I.

    References
    ----------
    Vegard, Z. Phys. 5, 17 (1921); bowing form of Noh et al., Nano Lett. 13, 1764 (2013);
    calibration: Yang et al., Mater. Horiz. (2023), Tables 1-2.

    Examples
    --------
    >>> round(halide_energy_ev(f_br=1.0), 3), round(halide_energy_ev(f_i=1.0), 3)
    (2.391, 1.8)
    """
    total = f_cl + f_br + f_i
    if total <= 0 or min(f_cl, f_br, f_i) < 0:
        raise ParameterError("halide fractions must be >= 0 with a positive sum")
    f_cl, f_br, f_i = f_cl / total, f_br / total, f_i / total
    if f_cl > 0 and f_i > 0:
        raise ParameterError(
            f"halide mix Cl {f_cl:.3g} + I {f_i:.3g}: CsPb(Cl/I)3 alloys do not form "
            "(miscibility gap from the Cl/I lattice mismatch, Yang et al., Mater. Horiz. (2023) "
            "sec. 4.2)"
        )
    if f_i > 0:
        return float(vegard_fit("Br-I").energy_ev(f_i))
    return float(vegard_fit("Cl-Br").energy_ev(f_cl))


def a_site_shift_ev(
    a_fractions: dict[str, float], x_fractions: dict[str, float]
) -> tuple[float, list[str]]:
    """Gap shift of the A-site mixture relative to Cs, halide-weighted; plus warnings.

    Parameters
    ----------
    a_fractions : dict of str to float
        A-site occupancies (sum 1), e.g. ``{"Cs": 0.5, "FA": 0.5}``.
    x_fractions : dict of str to float
        Halide occupancies (sum 1); the shift of each halide series is weighted by them.

    Returns
    -------
    tuple
        ``(shift_ev, warnings)``: gap shift in eV relative to Cs and a list of str.

    References
    ----------
    ``data/a_site_shift.csv`` (sources per row in the file).

    Examples
    --------
    >>> shift, warn = a_site_shift_ev({"Cs": 1.0}, {"Br": 1.0})
    >>> shift, warn
    (0.0, [])
    """
    table = _a_shift_table()
    shift, warnings = 0.0, []
    for a, fa in a_fractions.items():
        if a in _INORGANIC_A:
            continue
        for x, fx in x_fractions.items():
            if (a, x) in table:
                shift += fa * fx * table[(a, x)]
            else:
                warnings.append(f"no A-site shift tabulated for {a} with {x}; assumed 0 eV")
    return shift, warnings


@dataclass(frozen=True)
class EmissionEstimate:
    """Bulk-like emission energy of a composition and the contributions to it."""

    bandgap_ev: float
    halide_ev: float
    a_site_shift_ev: float
    warnings: tuple[str, ...]

    @property
    def peak_nm(self) -> float:
        return HC_EV_NM / self.bandgap_ev


def bulk_emission(composition: str | Composition) -> EmissionEstimate:
    """Emission energy of the 3D (cage) composition: halide Vegard fit + A-site shift.

    Parameters
    ----------
    composition : str or Composition
        Formula of the 3D perovskite (spacers are ignored).

    Returns
    -------
    EmissionEstimate
        ``bandgap_ev``, ``halide_ev``, ``a_site_shift_ev`` (eV) and ``warnings``.

    Raises
    ------
    ParameterError
        For a Cl/I mixture (miscibility gap) or unknown species.

    References
    ----------
    Vegard, Z. Phys. 5, 17 (1921); Noh et al., Nano Lett. 13, 1764 (2013); Yang et al.,
    Mater. Horiz. (2023), Tables 1-2 and sec. 4.2.

    Examples
    --------
    >>> e = bulk_emission("CsPb(Br0.5Cl0.5)3")
    >>> round(e.bandgap_ev, 3), round(1239.84 / e.bandgap_ev, 1)
    (2.663, 465.6)
    """
    comp = parse_composition(composition) if isinstance(composition, str) else composition
    x = comp.fractions("X")
    b = comp.fractions("B")
    if not x or not b:
        raise ParameterError(f"composition {comp.text!r}: emission needs a B metal and a halide")
    if set(b) != {"Pb"}:
        raise ParameterError(
            f"composition {comp.text!r}: the halide calibration covers lead perovskites only "
            f"(B site {sorted(b)})"
        )
    if "F" in x:
        raise ParameterError(f"composition {comp.text!r}: fluoride is outside the calibration")
    halide = halide_energy_ev(x.get("Cl", 0.0), x.get("Br", 0.0), x.get("I", 0.0))
    a = comp.fractions("A") or {"Cs": 1.0}
    shift, warnings = a_site_shift_ev(a, x)
    e = halide + shift
    lo, hi = CALIBRATED_WINDOW_EV
    if not lo - 1e-9 <= e <= hi + 1e-9:
        warnings.append(
            f"{e:.3f} eV lies outside the calibrated {lo}-{hi} eV window "
            "(Yang et al., Mater. Horiz. (2023))"
        )
    return EmissionEstimate(e, halide, shift, tuple(warnings))
