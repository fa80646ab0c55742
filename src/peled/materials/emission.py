"""Emission estimate of a composition: halide/A-site gap + n-phase + nanocrystal size.

Combines :func:`peled.materials.bandgap.bulk_emission` (Vegard + bowing, A-site shift),
the quasi-2D n-phase increment of :mod:`peled.materials.quasi2d` (nominal n of the
formula) and the confinement shift of :mod:`peled.materials.confinement` for a cube of
edge ``size_nm``.  ``peak_nm = hc / E`` (Stokes shift neglected).
"""

from __future__ import annotations

from dataclasses import dataclass

from peled.errors import ParameterError
from peled.materials.bandgap import bulk_emission
from peled.materials.composition import Composition, parse_composition
from peled.materials.confinement import confinement_shift_ev, exciton_parameters
from peled.materials.quasi2d import quantum_well_fit
from peled.spectra import HC_EV_NM


@dataclass(frozen=True)
class Emission:
    """Estimated emission energy and its parts (eV)."""

    bandgap_ev: float
    bulk_ev: float
    n_phase_shift_ev: float
    confinement_shift_ev: float
    warnings: tuple[str, ...]

    @property
    def peak_nm(self) -> float:
        return HC_EV_NM / self.bandgap_ev

    def to_dict(self) -> dict:
        return {
            "bandgap_ev": self.bandgap_ev,
            "peak_nm": self.peak_nm,
            "bulk_ev": self.bulk_ev,
            "n_phase_shift_ev": self.n_phase_shift_ev,
            "confinement_shift_ev": self.confinement_shift_ev,
            "warnings": list(self.warnings),
        }


def emission_estimate(
    composition: str | Composition, size_nm: float | None = None, model: str = "weak"
) -> Emission:
    """Emission energy of ``composition``; ``size_nm`` is a nanocrystal edge length."""
    comp = parse_composition(composition) if isinstance(composition, str) else composition
    bulk = bulk_emission(comp)
    warnings = list(bulk.warnings)
    n_shift = 0.0
    if comp.n is not None:
        n_shift = float(quantum_well_fit("BA").increment_ev(comp.n))
        spacers = sorted(comp.fractions("spacer"))
        if spacers != ["BA"] or set(comp.fractions("X")) != {"I"}:
            warnings.append(
                f"n = {comp.n} increment taken from the (BA)2(MA)n-1PbnI3n+1 series "
                f"(Stoumpos 2016); spacer {spacers} / halide effects not modelled"
            )
    size_shift = 0.0
    if size_nm is not None:
        if comp.n is not None:
            raise ParameterError("size_nm applies to 3D nanocrystals, not to layered (n) phases")
        params = exciton_parameters(comp.fractions("X"))
        size_shift = float(confinement_shift_ev(size_nm, params, model))
    e = bulk.bandgap_ev + n_shift + size_shift
    return Emission(e, bulk.bandgap_ev, n_shift, size_shift, tuple(warnings))
