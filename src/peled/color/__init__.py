"""Colorimetry on colour-science: XYZ, xy, u'v', photometry, gamut, CCT, CRI, white mixing."""

from peled.color.photometry import (
    luminance_to_radiance,
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

__all__ = [
    "K_M_LM_PER_W",
    "METHODS",
    "OBSERVERS",
    "XYZ_batch",
    "XYZ_to_xy",
    "cmfs",
    "luminance_to_radiance",
    "luminous_efficacy_of_radiation",
    "observer_name",
    "photopic_efficiency",
    "radiance_to_luminance",
    "spectral_locus_xy",
    "spectrum_to_XYZ",
    "tristimulus_weights",
    "uv_prime",
    "uv_prime_to_xy",
    "xy",
    "xy_batch",
    "xy_to_uv_prime",
]
