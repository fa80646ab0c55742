"""Emitter kinetics: ABC and excitonic recombination, PLQY(n), TrPL simulation and fitting."""

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
from peled.emitter.trpl_io import Decay, read_decay

__all__ = [
    "ChannelFractions",
    "Decay",
    "FitError",
    "GlobalRecombinationFit",
    "MultiExponentialFit",
    "PeakPLQY",
    "abc_peak",
    "abc_rolloff_onset",
    "channel_fractions",
    "convolve_irf",
    "decay_density",
    "excitonic_rolloff_onset",
    "gaussian_irf",
    "pl_abc",
    "pl_excitonic",
    "plqy_abc",
    "plqy_abc_excitonic",
    "plqy_excitonic",
    "read_decay",
]
