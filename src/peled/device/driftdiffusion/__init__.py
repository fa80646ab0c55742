"""1-D drift-diffusion device simulator: Poisson + electron/hole continuity (steady state,
bias continuation), mobile-ion continuity in transients (:mod:`.transient`) and the
small-signal admittance (:mod:`.impedance`); Scharfetter-Gummel fluxes, fully coupled
Newton."""

from peled.device.driftdiffusion.bernoulli import bernoulli, bernoulli_derivative
from peled.device.driftdiffusion.model import N0_PER_M3, DeviceModel, build_model, make_grid
from peled.device.driftdiffusion.steady import (
    ConvergenceError,
    JVCurve,
    NewtonFailure,
    SteadyState,
    equilibrium,
    solve_jv,
    solve_steady_state,
    sweep_voltages,
)

__all__ = [
    "ConvergenceError",
    "DeviceModel",
    "JVCurve",
    "N0_PER_M3",
    "NewtonFailure",
    "SteadyState",
    "bernoulli",
    "bernoulli_derivative",
    "build_model",
    "equilibrium",
    "make_grid",
    "solve_jv",
    "solve_steady_state",
    "sweep_voltages",
]
