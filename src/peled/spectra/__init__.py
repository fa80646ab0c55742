"""Spectra: the Spectrum type, line shapes, readers and peak analysis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peled.lazy import lazy_exports

if TYPE_CHECKING:  # the same names, for type checkers, IDEs and import-linter
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

#: public name -> the module that defines it, imported on first access (PEP 562)
_LAZY = {
    "SpectrumMetrics": "peled.spectra.analysis",
    "analyze": "peled.spectra.analysis",
    "centroid": "peled.spectra.analysis",
    "centroid_ev": "peled.spectra.analysis",
    "fwhm": "peled.spectra.analysis",
    "fwhm_batch": "peled.spectra.analysis",
    "half_max_crossings": "peled.spectra.analysis",
    "half_max_crossings_batch": "peled.spectra.analysis",
    "integrated_intensity": "peled.spectra.analysis",
    "peak_wavelength": "peled.spectra.analysis",
    "peak_wavelength_batch": "peled.spectra.analysis",
    "HC_EV_NM": "peled.spectra.lineshapes",
    "SHAPES": "peled.spectra.lineshapes",
    "asymmetric": "peled.spectra.lineshapes",
    "gaussian": "peled.spectra.lineshapes",
    "gaussian_energy": "peled.spectra.lineshapes",
    "line_shape": "peled.spectra.lineshapes",
    "line_spectrum": "peled.spectra.lineshapes",
    "lorentzian": "peled.spectra.lineshapes",
    "voigt": "peled.spectra.lineshapes",
    "HC_J_NM": "peled.spectra.photons",
    "mean_photon_energy_ev": "peled.spectra.photons",
    "mean_photon_energy_j": "peled.spectra.photons",
    "photons_per_joule": "peled.spectra.photons",
    "read_spectra": "peled.spectra.readers",
    "read_spectrum": "peled.spectra.readers",
    "DEFAULT_GRID_NM": "peled.spectra.spectrum",
    "Spectrum": "peled.spectra.spectrum",
}

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


#: PEP 562: each public name is imported from its submodule on first access
__getattr__, __dir__ = lazy_exports(__name__, _LAZY, __all__)
