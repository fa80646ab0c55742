"""Classical nucleation of a preset material at one supersaturation: one result object.

Combines the CNT functions of :mod:`peled.film.nucleation` (equations and references
there) with a material preset of :mod:`peled.film.presets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from scipy.constants import e

from peled.errors import ParameterError
from peled.film.nucleation import (
    critical_radius,
    heterogeneous_factor,
    nucleation_barrier,
    nucleation_rate,
)
from peled.film.presets import get_material
from peled.validation import positive_array

__all__ = [
    "NucleationSummary",
    "nucleation_summary",
]


@dataclass(frozen=True)
class NucleationSummary:
    """Critical radius, barrier, stationary rate and heterogeneous factor of CNT."""

    material: str
    critical_radius_m: float
    barrier_j: float
    nucleation_rate_per_m3_s: float
    heterogeneous_factor: float

    def as_dict(self) -> dict:
        """JSON-ready dict: ``r_crit_nm``, ``barrier_ev``, ``nucleation_rate_per_m3_s``
        (a rate per m^3 per s; ``nucleation_rate_m3_s`` is the same value under the
        first-release key, kept one release), ``hetero_factor``."""
        return {
            "r_crit_nm": self.critical_radius_m * 1e9,
            "barrier_ev": self.barrier_j / e,
            "nucleation_rate_m3_s": self.nucleation_rate_per_m3_s,  # deprecated key
            "nucleation_rate_per_m3_s": self.nucleation_rate_per_m3_s,
            "hetero_factor": self.heterogeneous_factor,
        }


def nucleation_summary(material: str, supersaturation, temperature_k=300.0,
                       surface_energy_j_m2=None, contact_angle_deg=None) -> NucleationSummary:
    """Classical-nucleation quantities of a preset material.

    Parameters
    ----------
    material : str
        Preset name (:data:`peled.film.presets.MATERIALS`), e.g. ``"CsPbBr3"``.
    supersaturation : float
        S = c / c_e (> 1).
    temperature_k : float
        Temperature, K.
    surface_energy_j_m2 : float, optional
        Surface energy gamma, J/m^2 (default: the preset's).
    contact_angle_deg : float, optional
        Substrate contact angle in [0, 180] degrees (heterogeneous nucleation); default
        180 (homogeneous).

    Returns
    -------
    NucleationSummary

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation*,
    Butterworth-Heinemann 2000, ch. 3, 6 and 13.

    Examples
    --------
    >>> s = nucleation_summary("CsPbBr3", 2.0)
    >>> s.heterogeneous_factor
    1.0
    """
    mat = get_material(material)
    if surface_energy_j_m2 is not None:
        positive_array("--gamma (surface energy, J/m2)", surface_energy_j_m2)
    if contact_angle_deg is not None and not 0.0 <= contact_angle_deg <= 180.0:
        raise ParameterError(
            f"--contact-angle must be within [0, 180] degrees, got {contact_angle_deg}"
        )
    g = mat.surface_energy_j_m2 if surface_energy_j_m2 is None else surface_energy_j_m2
    theta = 180.0 if contact_angle_deg is None else contact_angle_deg
    v = mat.molecular_volume_m3
    s, t = supersaturation, temperature_k
    radius = float(critical_radius(s, t, g, v))  # validates S and T first
    barrier = float(nucleation_barrier(s, t, g, v, theta))
    rate = nucleation_rate(s, t, g, v, mat.solubility_per_m3(t), mat.diffusion_coefficient_m2_s(t),
                           theta)
    return NucleationSummary(mat.name, radius, barrier, float(rate),
                             float(heterogeneous_factor(theta)))
