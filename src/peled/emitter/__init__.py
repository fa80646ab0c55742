"""Emitter kinetics: ABC and excitonic recombination, PLQY(n), TrPL simulation and fitting."""

from peled.emitter.decay_fits import (
    DECAY_MODELS,
    RATE_KEYS,
    GlobalDecayFitResult,
    MultiExponentialFitsResult,
    fit_decay_files,
    fit_decays,
)
from peled.emitter.fitting import FitError, GlobalRecombinationFit, MultiExponentialFit
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
from peled.emitter.trpl import (
    convolve_irf,
    decay_density,
    gaussian_irf,
    pl_abc,
    pl_excitonic,
)
from peled.io.instruments import Decay, PLQYData, read_decay, read_plqy

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
