"""Emitter kinetics: ABC and excitonic recombination, PLQY(n), TrPL simulation and fitting.

The fits and the TrPL solvers (scipy.optimize, scipy.integrate) are imported on first use
of one of their names (PEP 562 ``__getattr__``), so that ``peled.device`` -- which needs
only :mod:`peled.emitter.recombination` -- and everything above it (e.g. ``peled lit
query``) start without scipy.optimize.
"""

import importlib

from peled.emitter.recombination import (
    ChannelFractions,
    PeakPLQY,
    abc_peak,
    abc_rolloff_onset,
    channel_fractions,
    excitonic_rolloff_onset,
    plqy_abc,
    plqy_abc_excitonic,
    plqy_excitonic,
)
from peled.io.instruments import Decay, PLQYData, read_decay, read_plqy

#: Public names of the submodules imported on first use.
_LAZY = {
    **dict.fromkeys(("DECAY_MODELS", "RATE_KEYS", "GlobalDecayFitResult",
                     "MultiExponentialFitsResult", "fit_decay_files", "fit_decays"),
                    "decay_fits"),
    **dict.fromkeys(("FitError", "GlobalRecombinationFit", "MultiExponentialFit"), "fitting"),
    **dict.fromkeys(("convolve_irf", "decay_density", "gaussian_irf", "pl_abc",
                     "pl_excitonic"), "trpl"),
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ChannelFractions",
    "DECAY_MODELS",
    "Decay",
    "FitError",
    "GlobalDecayFitResult",
    "GlobalRecombinationFit",
    "MultiExponentialFit",
    "MultiExponentialFitsResult",
    "PLQYData",
    "PeakPLQY",
    "RATE_KEYS",
    "abc_peak",
    "abc_rolloff_onset",
    "channel_fractions",
    "convolve_irf",
    "decay_density",
    "excitonic_rolloff_onset",
    "fit_decay_files",
    "fit_decays",
    "gaussian_irf",
    "pl_abc",
    "pl_excitonic",
    "plqy_abc",
    "plqy_abc_excitonic",
    "plqy_excitonic",
    "read_decay",
    "read_plqy",
]
