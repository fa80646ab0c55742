"""Defect formation energies of a DFT defect-calculation input: transition levels and E_F.

The physics (formation energy, Jiang et al., Nanoscale (2024), eqn (4); transition
levels; charge neutrality) lives in :mod:`peled.materials.defects`; this module reads
the input file and collects the result of ``peled characterize formation``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peled.characterize.readers.defects import read_defects_toml
from peled.materials.defects import DefectSystem, equilibrium_fermi_level, transition_levels

__all__ = [
    "FormationResult",
    "analyze_defects_file",
]


@dataclass(frozen=True, eq=False)
class FormationResult:
    """Transition levels and the self-consistent equilibrium Fermi level of a defect system.

    Attributes
    ----------
    system : DefectSystem
        The defect system as read.
    levels : tuple
        Transition levels (:func:`peled.materials.defects.transition_levels`).
    equilibrium : object
        Equilibrium Fermi level and carrier densities
        (:func:`peled.materials.defects.equilibrium_fermi_level`).
    """

    system: DefectSystem
    levels: tuple
    equilibrium: object

    def as_dict(self) -> dict:
        """JSON: ``transition_levels``, the equilibrium quantities, band gap and temperature."""
        return {"transition_levels": [t.as_dict() for t in self.levels],
                **self.equilibrium.as_dict(),
                "band_gap_ev": self.system.band_gap_ev,
                "temperature_k": self.system.temperature_k}


def analyze_defects_file(path: str | Path) -> FormationResult:
    """Read a defect input (TOML) and compute transition levels and the equilibrium E_F.

    Parameters
    ----------
    path : str or Path
        Defect input (see :func:`peled.characterize.readers.read_defects_toml`).

    Returns
    -------
    FormationResult
        Its :meth:`FormationResult.as_dict` is the JSON of ``peled characterize formation``.

    References
    ----------
    Jiang et al., "Defects in lead halide perovskite LEDs under electric field",
    Nanoscale (2024), eqn (4).

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> r = analyze_defects_file(ex / "defects.toml")
    >>> [(t.defect, round(t.level_ev, 2)) for t in r.levels][:2]
    [('V_I', 1.5), ('V_Pb', 0.1)]
    """
    system = read_defects_toml(path)
    return FormationResult(system, tuple(transition_levels(system)),
                           equilibrium_fermi_level(system))
