"""Photon counting of spectral power distributions: photons per joule, mean photon energy.

A spectral power distribution S(lambda) carries ``S(lambda) lambda / (h c)`` photons per
unit wavelength (Planck-Einstein relation ``E = h c / lambda``), so the number of photons
per joule of radiant energy and the mean photon energy are

    <lambda / hc> = int S lambda dlambda / (h c int S dlambda)        [J^-1]     (1)
    <E_ph>        = 1 / <lambda / hc> = h c int S dlambda / int S lambda dlambda  [J]  (2)

(e.g. Anaya et al., "Best practices for measuring emerging light-emitting diode
technologies", Nat. Photonics 13, 818 (2019), Box 1; McCluney, *Introduction to
Radiometry and Photometry*, 2nd ed., Artech House 2014, sec. 1.4).  Integrals use the
trapezoidal rule on the samples of the spectrum; ``h`` and ``c`` come from
``scipy.constants`` (exact SI values).
"""

from __future__ import annotations

import numpy as np

from peled import constants  # exact SI values, no scipy import
from peled.errors import SpectrumError
from peled.spectra.lineshapes import HC_EV_NM
from peled.spectra.spectrum import DEFAULT_GRID_NM, Spectrum

__all__ = [
    "HC_J_NM",
    "mean_photon_energy_ev",
    "mean_photon_energy_j",
    "photons_per_joule",
]

#: h c in J nm (exact SI, via scipy.constants): photon energy E[J] = HC_J_NM / lambda[nm].
HC_J_NM: float = constants.h * constants.c * 1e9


def _moments(intensity, wavelength_nm) -> tuple[np.ndarray, np.ndarray]:
    """``(int S dl, int S l dl)`` over the last axis (trapezoidal rule, l in nm)."""
    s = np.asarray(intensity, dtype=float)
    wl = np.asarray(wavelength_nm, dtype=float)
    return np.trapezoid(s, wl, axis=-1), np.trapezoid(s * wl, wl, axis=-1)


def mean_photon_energy_j(intensity, wavelength_nm=DEFAULT_GRID_NM) -> np.ndarray:
    """Mean photon energy of spectral power distributions, eqn (2), in J.

    Parameters
    ----------
    intensity : array_like, shape (..., M)
        Spectral power distributions S (any positive scale) sampled at ``wavelength_nm``.
    wavelength_nm : array_like, shape (M,)
        Increasing wavelengths in nm (default: the 360-830 nm, 1 nm grid).

    Returns
    -------
    numpy.ndarray or float
        ``h c int S dl / int S l dl`` in J, shape (...); NaN where S integrates to 0.

    References
    ----------
    Anaya et al., Nat. Photonics 13, 818 (2019), Box 1.

    Examples
    --------
    >>> from peled.spectra import gaussian
    >>> round(float(mean_photon_energy_j(gaussian(530.0, 0.5))) / 3.748e-19, 3)
    1.0
    """
    total, first = _moments(intensity, wavelength_nm)
    with np.errstate(divide="ignore", invalid="ignore"):
        return HC_J_NM * total / first


def mean_photon_energy_ev(intensity, wavelength_nm=DEFAULT_GRID_NM) -> np.ndarray:
    """Mean photon energy of spectral power distributions, eqn (2), in eV.

    Parameters
    ----------
    intensity : array_like, shape (..., M)
        Spectral power distributions S sampled at ``wavelength_nm``.
    wavelength_nm : array_like, shape (M,)
        Increasing wavelengths in nm.

    Returns
    -------
    numpy.ndarray or float
        ``h c int S dl / int S l dl`` in eV, shape (...).

    References
    ----------
    Anaya et al., Nat. Photonics 13, 818 (2019), Box 1.

    Examples
    --------
    >>> from peled.spectra import gaussian
    >>> round(float(mean_photon_energy_ev(gaussian(620.0, 0.2))), 4)
    1.9997
    """
    total, first = _moments(intensity, wavelength_nm)
    with np.errstate(divide="ignore", invalid="ignore"):
        return HC_EV_NM * total / first


def photons_per_joule(spectrum: Spectrum) -> float:
    """Photons per joule of radiant energy with the spectral shape of ``spectrum``, eqn (1).

    Parameters
    ----------
    spectrum : Spectrum
        Emission spectrum (spectral power distribution, any scale).

    Returns
    -------
    float
        ``<lambda / hc>`` in J^-1 (the mean inverse photon energy).

    Raises
    ------
    SpectrumError
        If the spectrum is zero everywhere.

    References
    ----------
    Anaya et al., Nat. Photonics 13, 818 (2019), Box 1.

    Examples
    --------
    >>> from peled.spectra import line_spectrum
    >>> f"{photons_per_joule(line_spectrum(555.0, 0.2)):.4e}"
    '2.7939e+18'
    """
    total, first = _moments(spectrum.intensity, spectrum.wavelength_nm)
    if not total > 0:
        raise SpectrumError(f"{spectrum.name}: spectrum is zero everywhere")
    return float(first / (HC_J_NM * total))
