"""Optics of planar light-emitting devices: transfer matrices, n,k data, dipole emission."""

from peled.device.optics.transfer_matrix import (
    RTResult,
    layer_fluxes,
    normal_index,
    rt,
    wave_admittance,
)

__all__ = [
    "RTResult",
    "layer_fluxes",
    "normal_index",
    "rt",
    "wave_admittance",
]
