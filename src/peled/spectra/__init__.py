"""Spectra: the Spectrum type, line shapes, readers and peak analysis."""

from peled.spectra.lineshapes import (
    HC_EV_NM,
    SHAPES,
    asymmetric,
    gaussian,
    gaussian_energy,
    line_shape,
    line_spectrum,
    lorentzian,
    voigt,
)
from peled.spectra.spectrum import DEFAULT_GRID_NM, Spectrum

__all__ = [
    "DEFAULT_GRID_NM",
    "HC_EV_NM",
    "SHAPES",
    "Spectrum",
    "asymmetric",
    "gaussian",
    "gaussian_energy",
    "line_shape",
    "line_spectrum",
    "lorentzian",
    "voigt",
]
