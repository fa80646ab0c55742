"""Device physics: EQE budget, roll-off, lifetime laws, ion migration, stack description."""

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
from peled.device.stack import (
    Contacts,
    Grid,
    Interface,
    Layer,
    OpticsSettings,
    Stack,
    StackError,
    Sweep,
    Trap,
    stack_from_mapping,
)

__all__ = [
    "SEED001_ACCELERATION_EXPONENT",
    "AccelerationLawFit",
    "ArrheniusFit",
    "Contacts",
    "Grid",
    "Interface",
    "Layer",
    "OpticsSettings",
    "Stack",
    "StackError",
    "Sweep",
    "Trap",
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
    "stack_from_mapping",
    "steady_state_density",
]
