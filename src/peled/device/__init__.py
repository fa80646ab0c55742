"""Device physics: EQE budget, roll-off, lifetime, ion migration, space charge, junctions, traps."""

from peled.device.efficiency import (
    current_efficiency_from_eqe,
    current_efficiency_per_eqe_cd_a,
    eqe_pct_from_current_efficiency,
    eqe_per_current_efficiency,
)
from peled.device.eqe_budget import (
    eqe,
    eqe_rolloff,
    eqe_tandem,
    generation_rate,
    steady_state_density,
)
from peled.device.ions import (
    ArrheniusFit,
    conductivity_from_diffusion,
    diffusion_from_conductivity,
    ion_mobility,
    ion_transit_time,
    speedup_factor,
)
from peled.device.junction import depletion_capacitance, depletion_width, mott_schottky_doping
from peled.device.lifetime import (
    ACCELERATION_EXPONENT_JANG2025,
    SEED001_ACCELERATION_EXPONENT,
    AccelerationLawFit,
    acceleration_factor,
    convert_lifetime,
    implied_acceleration_exponent,
    stretched_exponential,
)
from peled.device.space_charge import (
    mobility_mott_gurney,
    mott_gurney_current_density,
    single_carrier_jv,
    trap_density_tfl,
    v_tfl_from_trap_density,
)
from peled.device.traps import (
    attempt_frequency,
    demarcation_energy_ev,
    gaussian_trap_band,
    trap_band_admittance,
    trap_band_capacitance,
    trap_dos_from_capacitance_slope,
)

__all__ = [
    "ACCELERATION_EXPONENT_JANG2025",
    "AccelerationLawFit",
    "ArrheniusFit",
    "SEED001_ACCELERATION_EXPONENT",
    "acceleration_factor",
    "attempt_frequency",
    "conductivity_from_diffusion",
    "convert_lifetime",
    "current_efficiency_from_eqe",
    "current_efficiency_per_eqe_cd_a",
    "demarcation_energy_ev",
    "depletion_capacitance",
    "depletion_width",
    "diffusion_from_conductivity",
    "eqe",
    "eqe_pct_from_current_efficiency",
    "eqe_per_current_efficiency",
    "eqe_rolloff",
    "eqe_tandem",
    "gaussian_trap_band",
    "generation_rate",
    "implied_acceleration_exponent",
    "ion_mobility",
    "ion_transit_time",
    "mobility_mott_gurney",
    "mott_gurney_current_density",
    "mott_schottky_doping",
    "single_carrier_jv",
    "speedup_factor",
    "steady_state_density",
    "stretched_exponential",
    "trap_band_admittance",
    "trap_band_capacitance",
    "trap_density_tfl",
    "trap_dos_from_capacitance_slope",
    "v_tfl_from_trap_density",
]
