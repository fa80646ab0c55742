"""Ionic radii with provenance and fraction-weighted site radii.

The table ``data/ionic_radii.csv`` holds Shannon (Acta Cryst. A32, 751 (1976)) radii for
inorganic ions (A site CN XII, B site CN VI, X site CN VI) and the effective radii of
Kieslich, Sun & Cheetham (Chem. Sci. 5, 4712 (2014)) for molecular cations.  Every row has
a ``source``; values that are not from a publication are marked ``ASSUMPTION``.

Mixed sites use the fraction-weighted mean radius (virtual-crystal approximation), as in
Li et al., Chem. Mater. 28, 284 (2016) for Cs/FA alloys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from peled.errors import ParameterError
from peled.materials._data import read_table
from peled.materials.composition import Composition

__all__ = [
    "Radius",
    "SiteRadii",
    "ionic_radius",
    "radii_table",
    "site_radii",
    "site_radius",
]


@dataclass(frozen=True)
class Radius:
    """One row of the radii table: radius in metres plus provenance."""

    species: str
    charge: int
    coordination: str
    radius_m: float
    role: str
    source: str

    @property
    def radius_pm(self) -> float:
        return self.radius_m * 1e12


@cache
def radii_table() -> dict[str, Radius]:
    """All rows of ``data/ionic_radii.csv`` keyed by species symbol."""
    return {
        row["species"]: Radius(
            row["species"],
            int(row["charge"]),
            row["coordination"],
            float(row["radius_pm"]) * 1e-12,
            row["role"],
            row["source"],
        )
        for row in read_table("ionic_radii.csv")
    }


def ionic_radius(species: str) -> Radius:
    """Radius row of ``species``; ParameterError if the table has none.

    Parameters
    ----------
    species : str
        Ion symbol or cation abbreviation (``"Cs"``, ``"Pb"``, ``"Br"``, ``"MA"``, ...).

    Returns
    -------
    Radius
        Radius (m), charge, coordination, role and source of the table row.

    Raises
    ------
    ParameterError
        If the species is not in the table.

    References
    ----------
    Shannon, Acta Cryst. A32, 751 (1976); Kieslich, Sun & Cheetham, Chem. Sci. 5, 4712
    (2014).

    Examples
    --------
    >>> r = ionic_radius("Cs")
    >>> r.radius_m, r.coordination
    (1.88e-10, 'XII')
    """
    try:
        return radii_table()[species]
    except KeyError:
        raise ParameterError(
            f"ionic radius: no radius tabulated for {species!r}; "
            f"known: {', '.join(sorted(radii_table()))}"
        ) from None


@dataclass(frozen=True)
class SiteRadii:
    """Fraction-weighted radii (m) of the A, B and X sites and the sources used."""

    r_a: float
    r_b: float
    r_x: float
    charge_a: float
    sources: dict[str, str]


def site_radius(fractions: dict[str, float]) -> float:
    """Fraction-weighted mean radius (m) of a mixed site.

    Parameters
    ----------
    fractions : dict of str to float
        Site occupancies (species -> fraction, sum 1).

    Returns
    -------
    float
        Occupancy-weighted mean radius, m.

    Examples
    --------
    >>> f"{site_radius({'Br': 0.5, 'I': 0.5}):.3e}"
    '2.080e-10'
    """
    return sum(f * ionic_radius(s).radius_m for s, f in fractions.items())


def site_radii(comp: Composition) -> SiteRadii:
    """A, B and X radii of the cage of ``comp`` (spacers are outside the cage).

    Parameters
    ----------
    comp : Composition
        Parsed composition (:func:`peled.materials.parse_composition`).

    Returns
    -------
    SiteRadii
        Mean A, B and X radii (m), the mean A-site charge and the sources.

    Examples
    --------
    >>> from peled.materials import parse_composition
    >>> s = site_radii(parse_composition("CsPbBr3"))
    >>> s.r_a, s.r_b, s.r_x
    (1.88e-10, 1.19e-10, 1.96e-10)
    """
    missing = [s for s in ("A", "B", "X") if not comp.fractions(s)]
    if missing:
        raise ParameterError(
            f"composition {comp.text!r}: site(s) {', '.join(missing)} empty; tolerance factors "
            "need the A cation inside the cage, the B metal and the halide"
        )
    sources: dict[str, str] = {}
    for site in ("A", "B", "X"):
        for s in comp.fractions(site):
            sources[s] = ionic_radius(s).source
    a = comp.fractions("A")
    charge_a = sum(f * ionic_radius(s).charge for s, f in a.items())
    return SiteRadii(
        site_radius(a),
        site_radius(comp.fractions("B")),
        site_radius(comp.fractions("X")),
        charge_a,
        sources,
    )
