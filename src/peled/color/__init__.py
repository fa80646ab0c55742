"""Colorimetry on colour-science: XYZ, xy, u'v', photometry, gamut, CCT, CRI, white mixing."""

from __future__ import annotations

from typing import TYPE_CHECKING

# Eager: the function ``cri`` must stay what ``peled.color.cri`` names; imported lazily, the
# submodule cri, once imported by anyone, would shadow it as the package attribute.
from peled.color.cri import CRIResult, cri
from peled.lazy import lazy_exports

if TYPE_CHECKING:  # the same names, for type checkers, IDEs and import-linter
    from peled.color.cct import (
        CCT_METHODS,
        cct_duv,
        duv_from_cct,
        planckian_uv,
        planckian_xy,
        xy_to_uv_1960,
    )
    from peled.color.dominant import DominantWavelength, dominant_wavelength, white_point_xy
    from peled.color.gamut import (
        STANDARD_PRIMARIES,
        GamutReport,
        gamut_area_ratio,
        gamut_coverage,
        gamut_metrics,
        gamut_report,
        polygon_area,
    )
    from peled.color.photometry import (
        luminance_to_radiance,
        luminous_efficacy,
        luminous_efficacy_of_radiation,
        radiance_to_luminance,
    )
    from peled.color.tristimulus import (
        K_M_LM_PER_W,
        METHODS,
        OBSERVERS,
        XYZ_batch,
        XYZ_to_xy,
        cmfs,
        observer_name,
        photopic_efficiency,
        spectral_locus_xy,
        spectrum_to_XYZ,
        tristimulus_weights,
        uv_prime,
        uv_prime_to_xy,
        xy,
        xy_batch,
        xy_to_uv_prime,
    )
    from peled.color.white import (
        WhiteMix,
        box_filters,
        crossing_edges_nm,
        white_from_converters,
        white_from_rgb,
    )
    from peled.spectra import mean_photon_energy_j

#: public name -> the module that defines it, imported on first access (PEP 562)
_LAZY = {
    "CCT_METHODS": "peled.color.cct",
    "cct_duv": "peled.color.cct",
    "duv_from_cct": "peled.color.cct",
    "planckian_uv": "peled.color.cct",
    "planckian_xy": "peled.color.cct",
    "xy_to_uv_1960": "peled.color.cct",
    "DominantWavelength": "peled.color.dominant",
    "dominant_wavelength": "peled.color.dominant",
    "white_point_xy": "peled.color.dominant",
    "STANDARD_PRIMARIES": "peled.color.gamut",
    "GamutReport": "peled.color.gamut",
    "gamut_area_ratio": "peled.color.gamut",
    "gamut_coverage": "peled.color.gamut",
    "gamut_metrics": "peled.color.gamut",
    "gamut_report": "peled.color.gamut",
    "polygon_area": "peled.color.gamut",
    "luminance_to_radiance": "peled.color.photometry",
    "luminous_efficacy": "peled.color.photometry",
    "luminous_efficacy_of_radiation": "peled.color.photometry",
    "radiance_to_luminance": "peled.color.photometry",
    "K_M_LM_PER_W": "peled.color.tristimulus",
    "METHODS": "peled.color.tristimulus",
    "OBSERVERS": "peled.color.tristimulus",
    "XYZ_batch": "peled.color.tristimulus",
    "XYZ_to_xy": "peled.color.tristimulus",
    "cmfs": "peled.color.tristimulus",
    "observer_name": "peled.color.tristimulus",
    "photopic_efficiency": "peled.color.tristimulus",
    "spectral_locus_xy": "peled.color.tristimulus",
    "spectrum_to_XYZ": "peled.color.tristimulus",
    "tristimulus_weights": "peled.color.tristimulus",
    "uv_prime": "peled.color.tristimulus",
    "uv_prime_to_xy": "peled.color.tristimulus",
    "xy": "peled.color.tristimulus",
    "xy_batch": "peled.color.tristimulus",
    "xy_to_uv_prime": "peled.color.tristimulus",
    "WhiteMix": "peled.color.white",
    "box_filters": "peled.color.white",
    "crossing_edges_nm": "peled.color.white",
    "white_from_converters": "peled.color.white",
    "white_from_rgb": "peled.color.white",
    "mean_photon_energy_j": "peled.spectra",
}

__all__ = [
    "CCT_METHODS",
    "CRIResult",
    "DominantWavelength",
    "GamutReport",
    "K_M_LM_PER_W",
    "METHODS",
    "OBSERVERS",
    "STANDARD_PRIMARIES",
    "WhiteMix",
    "XYZ_batch",
    "XYZ_to_xy",
    "box_filters",
    "cct_duv",
    "cmfs",
    "cri",
    "crossing_edges_nm",
    "dominant_wavelength",
    "duv_from_cct",
    "gamut_area_ratio",
    "gamut_coverage",
    "gamut_metrics",
    "gamut_report",
    "luminance_to_radiance",
    "luminous_efficacy",
    "luminous_efficacy_of_radiation",
    "mean_photon_energy_j",
    "observer_name",
    "photopic_efficiency",
    "planckian_uv",
    "planckian_xy",
    "polygon_area",
    "radiance_to_luminance",
    "spectral_locus_xy",
    "spectrum_to_XYZ",
    "tristimulus_weights",
    "uv_prime",
    "uv_prime_to_xy",
    "white_from_converters",
    "white_from_rgb",
    "white_point_xy",
    "xy",
    "xy_batch",
    "xy_to_uv_1960",
    "xy_to_uv_prime",
]


#: PEP 562: each public name is imported from its submodule on first access
__getattr__, __dir__ = lazy_exports(__name__, _LAZY, __all__)
