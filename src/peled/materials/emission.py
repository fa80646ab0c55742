"""Emission estimate of a composition: halide/A-site gap + nanocrystal size + quasi-2D phases.

Combines :func:`peled.materials.bulk_emission` (Vegard + bowing, A-site shift) and the
confinement shift of :mod:`peled.materials.confinement` for a cube of edge ``size_nm``
(or a sphere of diameter ``size_nm``).
``peak_nm = hc / E`` (Stokes shift neglected).

Quasi-2D (layered) formulas: the nominal n of a precursor formula does not set the colour.
Films contain a distribution of n-phases and excitons formed in low-n phases transfer to
the higher-n phases with the smallest gap, where they recombine (energy funnelling,
Jang et al. (2025) sec. 4).  The emission estimate is therefore the gap of the 3D-like
(largest-n) cage of the same composition; the gap a pure phase of the nominal n would have
(BA iodide quantum-well increments, :mod:`peled.materials.quasi2d`) is reported separately
as ``nominal_n_bandgap_ev`` together with the n = 1..6 ladder.  Against the 26 EL peaks of
Jang et al. (2025) Table 3 (tests/materials/test_material_emission.py) the funnelling estimate has
an
RMS error of ~32 nm, the nominal-n phase gap ~100 nm.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peled.errors import ParameterError
from peled.materials.bandgap import bulk_emission
from peled.materials.composition import Composition, parse_composition
from peled.materials.confinement import confinement_shift_ev, exciton_parameters
from peled.materials.quasi2d import n_phase_bandgaps_ev, quantum_well_fit
from peled.spectra import HC_EV_NM

__all__ = [
    "Emission",
    "emission_estimate",
]


@dataclass(frozen=True)
class Emission:
    """Estimated emission energy and its parts (eV).

    ``nominal_n_bandgap_ev`` and ``n_phase_bandgaps_ev`` are set for layered formulas only.
    """

    bandgap_ev: float
    bulk_ev: float
    confinement_shift_ev: float
    warnings: tuple[str, ...]
    nominal_n_bandgap_ev: float | None = None
    n_phase_bandgaps_ev: dict[str, float] | None = field(default=None)

    @property
    def peak_nm(self) -> float:
        return HC_EV_NM / self.bandgap_ev

    def to_dict(self) -> dict:
        return {
            "bandgap_ev": self.bandgap_ev,
            "peak_nm": self.peak_nm,
            "bulk_ev": self.bulk_ev,
            "confinement_shift_ev": self.confinement_shift_ev,
            "nominal_n_bandgap_ev": self.nominal_n_bandgap_ev,
            "n_phase_bandgaps_ev": self.n_phase_bandgaps_ev,
            "warnings": list(self.warnings),
        }


#: Nanocrystal sizes (nm) the confinement model is applied to.  Below 2 nm (about three
#: unit cells of 0.59 nm) a cluster has no band structure for effective-mass confinement
#: to describe; the smallest validated crystals are 2.7 nm (module docstring of
#: :mod:`peled.materials.confinement`).  Above 10^4 nm (10 um) the shift is below 10^-7 eV:
#: the crystal is bulk.
SIZE_RANGE_NM = (2.0, 1e4)


def emission_estimate(
    composition: str | Composition,
    size_nm: float | None = None,
    model: str = "weak",
    shape: str = "cube",
) -> Emission:
    """Emission energy of ``composition``; ``size_nm`` is a nanocrystal size.

    ``size_nm`` is the cube edge (``shape="cube"``) or the sphere diameter
    (``shape="sphere"``); see :func:`peled.materials.confinement_shift_ev`.

    Stoichiometry warnings of the formula are passed on (a formula that breaks ABX3 or
    A'2A(n-1)BnX(3n+1) still gets an estimate from its halide and A-site fractions).

    Parameters
    ----------
    composition : str or Composition
        Formula such as ``"CsPbBr3"``, ``"CsPb(Br0.5Cl0.5)3"`` or ``"PEA2Cs2Pb3Br10"``.
    size_nm : float, optional
        Nanocrystal edge or diameter in nm (> 0); None for a bulk film.
    model : {"weak", "strong"}, optional
        Confinement regime of :func:`peled.materials.confinement_shift_ev`.
    shape : {"cube", "sphere"}, optional
        Nanocrystal shape.

    Returns
    -------
    Emission
        ``bandgap_ev`` (emission energy, eV), ``bulk_ev``, ``confinement_shift_ev``,
        ``warnings`` and, for layered formulas, the n-phase band gaps.

    Raises
    ------
    ParameterError
        For an unknown species, a non-positive size or an unknown model or shape.

    References
    ----------
    Yang et al., Mater. Horiz. (2023), sec. 4.2 (halide tuning); Jang et al., Adv. Mater.
    (2025), sec. 4 (quasi-2D energy funnelling).

    Examples
    --------
    >>> e = emission_estimate("CsPbBr3")
    >>> round(e.bandgap_ev, 3), round(1239.84 / e.bandgap_ev)
    (2.391, 519)
    >>> round(emission_estimate("CsPbBr3", size_nm=5.0).confinement_shift_ev, 3)
    0.09
    """
    comp = parse_composition(composition) if isinstance(composition, str) else composition
    bulk = bulk_emission(comp)
    warnings = list(comp.warnings) + list(bulk.warnings)
    size_shift = 0.0
    if size_nm is not None and not SIZE_RANGE_NM[0] <= float(size_nm) <= SIZE_RANGE_NM[1]:
        raise ParameterError(
            f"size_nm (--size-nm) must be within {SIZE_RANGE_NM[0]:g}-{SIZE_RANGE_NM[1]:g} nm, "
            f"where the confinement model holds, got {size_nm!r}; omit it for bulk")
    if size_nm is not None:
        if comp.n is not None:
            raise ParameterError("size_nm applies to 3D nanocrystals, not to layered (n) phases")
        params = exciton_parameters(comp.fractions("X"))
        size_shift = float(confinement_shift_ev(size_nm, params, model, shape))
    if comp.n is None:
        return Emission(bulk.bandgap_ev + size_shift, bulk.bandgap_ev, size_shift, tuple(warnings))

    ladder = n_phase_bandgaps_ev(bulk.bandgap_ev, 6)
    nominal = float(bulk.bandgap_ev + quantum_well_fit("BA").increment_ev(comp.n))
    warnings.append(
        f"layered formula (n = {comp.n}): emission taken from the 3D-like largest-n domains "
        "that collect the excitons by energy funnelling (Jang et al., Adv. Mater. (2025) "
        f"sec. 4); a pure n = {comp.n} "
        f"phase would emit near {HC_EV_NM / nominal:.0f} nm"
    )
    spacers = sorted(comp.fractions("spacer"))
    if spacers != ["BA"] or set(comp.fractions("X")) != {"I"}:
        warnings.append(
            "n-phase increments taken from the (BA)2(MA)n-1PbnI3n+1 series (Stoumpos 2016); "
            f"spacer {spacers} / halide effects not modelled"
        )
    return Emission(bulk.bandgap_ev, bulk.bandgap_ev, 0.0, tuple(warnings), nominal, ladder)
