"""Optics of planar light-emitting devices: transfer matrices, n,k data, dipole emission."""

from peled.device.optics.dipole import (
    COMPONENTS,
    DipolePower,
    dipole_power,
    mirror_image_purcell,
    u_quadrature,
)
from peled.device.optics.outcoupling import (
    OutcouplingResult,
    dipole_outcoupling,
    isotropic_escape_cone,
)
from peled.device.optics.transfer_matrix import (
    RTResult,
    layer_fluxes,
    normal_index,
    rt,
    wave_admittance,
)

__all__ = [
    "COMPONENTS",
    "DipolePower",
    "OutcouplingResult",
    "RTResult",
    "dipole_outcoupling",
    "dipole_power",
    "isotropic_escape_cone",
    "layer_fluxes",
    "mirror_image_purcell",
    "normal_index",
    "rt",
    "u_quadrature",
    "wave_admittance",
]
