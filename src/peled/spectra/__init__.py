"""Spectra: the Spectrum type, line shapes, readers and peak analysis."""

from peled.spectra.analysis import (
    SpectrumMetrics,
    analyze,
    centroid,
    centroid_ev,
    fwhm,
    fwhm_batch,
    half_max_crossings,
    half_max_crossings_batch,
    integrated_intensity,
    peak_wavelength,
    peak_wavelength_batch,
)
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
from peled.spectra.photons import (
    HC_J_NM,
    mean_photon_energy_ev,
    mean_photon_energy_j,
    photons_per_joule,
)
from peled.spectra.readers import read_spectra, read_spectrum
from peled.spectra.spectrum import DEFAULT_GRID_NM, Spectrum

__all__ = [
    "DEFAULT_GRID_NM",
    "HC_EV_NM",
    "HC_J_NM",
    "SHAPES",
    "Spectrum",
    "SpectrumMetrics",
    "analyze",
    "asymmetric",
    "centroid",
    "centroid_ev",
    "fwhm",
    "fwhm_batch",
    "gaussian",
    "gaussian_energy",
    "half_max_crossings",
    "half_max_crossings_batch",
    "integrated_intensity",
    "line_shape",
    "line_spectrum",
    "lorentzian",
    "mean_photon_energy_ev",
    "mean_photon_energy_j",
    "peak_wavelength",
    "peak_wavelength_batch",
    "photons_per_joule",
    "read_spectra",
    "read_spectrum",
    "voigt",
]
