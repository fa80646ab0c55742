"""Device physics: EQE budget, roll-off, lifetime laws, ion migration."""

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
    seed002_activation_energies,
    speedup_factor,
)
from peled.device.lifetime import (
    ACCELERATION_EXPONENT_JANG2025,
    SEED001_ACCELERATION_EXPONENT,
    AccelerationLawFit,
    acceleration_factor,
    convert_lifetime,
    implied_acceleration_exponent,
    stretched_exponential,
)

__all__ = [
    "ACCELERATION_EXPONENT_JANG2025",
    "AccelerationLawFit",
    "ArrheniusFit",
    "SEED001_ACCELERATION_EXPONENT",
    "acceleration_factor",
    "conductivity_from_diffusion",
    "convert_lifetime",
    "current_efficiency_from_eqe",
    "current_efficiency_per_eqe_cd_a",
    "diffusion_from_conductivity",
    "eqe",
    "eqe_pct_from_current_efficiency",
    "eqe_per_current_efficiency",
    "eqe_rolloff",
    "eqe_tandem",
    "generation_rate",
    "implied_acceleration_exponent",
    "ion_mobility",
    "ion_transit_time",
    "seed002_activation_energies",
    "speedup_factor",
    "steady_state_density",
    "stretched_exponential",
]
