"""Optics of planar light-emitting devices: transfer matrices, n,k data, dipole emission."""

from peled.device.optics.dipole import (
    COMPONENTS,
    DipolePower,
    dipole_power,
    mirror_image_purcell,
    u_quadrature,
)
from peled.device.optics.nk import (
    MATERIALS,
    ConstantNK,
    LorentzDrudeNK,
    SellmeierNK,
    TabulatedNK,
    get_material,
    material_table,
    parse_nk_csv,
)
from peled.device.optics.outcoupling import (
    OutcouplingResult,
    dipole_outcoupling,
    isotropic_escape_cone,
)
from peled.device.optics.stack_optics import (
    AIR_INDEX,
    SUBSTRATE_THICKNESS_NM,
    EmissionSpectrum,
    emission_spectrum,
    outcoupling,
    reflectance_transmittance,
    stack_media,
)
from peled.device.optics.transfer_matrix import (
    RTResult,
    layer_fluxes,
    normal_index,
    rt,
    stack_reflection,
    wave_admittance,
)

__all__ = [
    "AIR_INDEX",
    "COMPONENTS",
    "ConstantNK",
    "DipolePower",
    "EmissionSpectrum",
    "LorentzDrudeNK",
    "MATERIALS",
    "OutcouplingResult",
    "RTResult",
    "SUBSTRATE_THICKNESS_NM",
    "SellmeierNK",
    "TabulatedNK",
    "dipole_outcoupling",
    "dipole_power",
    "emission_spectrum",
    "get_material",
    "isotropic_escape_cone",
    "layer_fluxes",
    "material_table",
    "mirror_image_purcell",
    "normal_index",
    "outcoupling",
    "parse_nk_csv",
    "reflectance_transmittance",
    "rt",
    "stack_media",
    "stack_reflection",
    "u_quadrature",
    "wave_admittance",
]
