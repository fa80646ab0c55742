"""Device physics: EQE budget, roll-off, lifetime laws, ion migration."""

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
    SEED001_ACCELERATION_EXPONENT,
    AccelerationLawFit,
    acceleration_factor,
    convert_lifetime,
    implied_acceleration_exponent,
)

__all__ = [
    "SEED001_ACCELERATION_EXPONENT",
    "AccelerationLawFit",
    "ArrheniusFit",
    "acceleration_factor",
    "conductivity_from_diffusion",
    "convert_lifetime",
    "diffusion_from_conductivity",
    "eqe",
    "eqe_rolloff",
    "eqe_tandem",
    "generation_rate",
    "implied_acceleration_exponent",
    "ion_mobility",
    "ion_transit_time",
    "seed002_activation_energies",
    "speedup_factor",
    "steady_state_density",
]
