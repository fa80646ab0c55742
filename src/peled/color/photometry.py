"""Photometry of emission spectra: luminous efficacy of radiation and radiance <-> luminance.

Definitions (CIE 015:2018 sec. 7.1; CIE S 017:2020 "ILV" 17-21-059 and 17-21-050):

* luminous efficacy of radiation ``K = K_m int V(l) S(l) dl / int S(l) dl`` [lm/W]
  with K_m = 683 lm/W and V the CIE 1924 photopic luminous efficiency;
* luminance ``L_v = K_m int V(l) L_e,l(l) dl = K * L_e`` [cd/m^2] for a radiance
  ``L_e = int L_e,l dl`` [W sr^-1 m^-2] with the spectral shape ``S``.

Integrals use the trapezoidal rule on the spectrum's own samples with V(lambda)
interpolated to them (zero outside 360-830 nm), exactly as ``colour.luminous_efficacy``
(colour-science 0.4.7) does.
"""

from __future__ import annotations

import numpy as np

from peled.color.tristimulus import K_M_LM_PER_W, _require_spectrum, photopic_efficiency
from peled.errors import SpectrumError
from peled.spectra import Spectrum
from peled.validation import nonnegative_array

__all__ = [
    "luminance_to_radiance",
    "luminous_efficacy",
    "luminous_efficacy_of_radiation",
    "radiance_to_luminance",
]


def luminous_efficacy(intensity, wavelength_nm) -> np.ndarray:
    """Luminous efficacy of radiation of spectra given as arrays, in lm/W (vectorised).

    ``K = K_m int V(l) S(l) dl / int S(l) dl`` with K_m = 683 lm/W and V the CIE 1924
    photopic luminous efficiency (from colour-science), trapezoidal rule on the samples.

    Parameters
    ----------
    intensity : array_like, shape (..., M)
        Spectral power distributions S (any positive scale).
    wavelength_nm : array_like, shape (M,)
        Increasing wavelengths in nm; V is zero outside 360-830 nm.

    Returns
    -------
    numpy.ndarray or float
        K in lm/W, shape (...); NaN where S integrates to zero.

    References
    ----------
    CIE 015:2018 *Colorimetry*, 4th ed., sec. 7.1; CIE S 017:2020 (ILV) 17-21-059.

    Examples
    --------
    >>> from peled.spectra import DEFAULT_GRID_NM, gaussian
    >>> round(float(luminous_efficacy(gaussian(555.0, 0.2), DEFAULT_GRID_NM)), 1)
    683.0
    """
    s = np.asarray(intensity, dtype=float)
    wl = np.asarray(wavelength_nm, dtype=float)
    peak = np.max(np.abs(s), axis=-1, keepdims=True)
    if np.any((peak > 1e250) | ((peak < 1e-250) & (peak > 0))):  # the ratio is scale-free
        s = s / np.where(np.isfinite(peak) & (peak > 0), peak, 1.0)
    total = np.trapezoid(s, wl, axis=-1)
    visible = np.trapezoid(photopic_efficiency(wl) * s, wl, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return K_M_LM_PER_W * visible / total


def luminous_efficacy_of_radiation(spectrum: Spectrum) -> float:
    """Luminous efficacy of radiation (LER) of ``spectrum`` in lm/W.

    ``LER = 683 lm/W * int V S dl / int S dl`` (:func:`luminous_efficacy` of the
    spectrum's samples).  Equal to ``colour.luminous_efficacy(spectrum.to_sd())``.  The
    upper bound is 683 lm/W (monochromatic 555 nm).

    Parameters
    ----------
    spectrum : Spectrum
        Emission spectrum (spectral power distribution, any scale).

    Returns
    -------
    float
        LER in lm/W.

    Raises
    ------
    SpectrumError
        If the spectrum is zero everywhere.

    References
    ----------
    CIE 015:2018 *Colorimetry*, 4th ed., sec. 7.1; CIE S 017:2020 (ILV) 17-21-059.

    Examples
    --------
    >>> from peled.spectra import line_spectrum
    >>> round(luminous_efficacy_of_radiation(line_spectrum(555.0, 0.2)), 1)
    683.0
    """
    s = _require_spectrum(spectrum)
    if not float(np.trapezoid(s.intensity, s.wavelength_nm)) > 0:
        raise SpectrumError(f"{s.name}: spectrum is zero everywhere, efficacy undefined")
    return float(luminous_efficacy(s.intensity, s.wavelength_nm))


def radiance_to_luminance(spectrum: Spectrum, radiance_w_sr_m2) -> np.ndarray:
    """Luminance in cd/m^2 of radiance ``radiance_w_sr_m2`` with the shape of ``spectrum``.

    ``L_v = LER * L_e`` (CIE 015:2018 sec. 7.1); broadcasts over ``radiance_w_sr_m2``.

    Parameters
    ----------
    spectrum : Spectrum
        Spectral shape of the emission (any scale).
    radiance_w_sr_m2 : array_like
        Radiance, W sr^-1 m^-2 (>= 0).

    Returns
    -------
    numpy.ndarray or float
        Luminance, cd/m^2, same shape as ``radiance_w_sr_m2``.

    References
    ----------
    CIE 015:2018 "Colorimetry", sec. 7.1.

    Examples
    --------
    A 1 W sr^-1 m^-2 line at 555 nm has the maximum efficacy, 683 lm/W:

    >>> from peled.spectra import line_spectrum
    >>> round(float(radiance_to_luminance(line_spectrum(555.0, 0.2), 1.0)), 1)
    683.0
    """
    radiance = nonnegative_array("radiance_w_sr_m2", radiance_w_sr_m2)
    return luminous_efficacy_of_radiation(spectrum) * radiance


def luminance_to_radiance(spectrum: Spectrum, luminance_cd_m2) -> np.ndarray:
    """Radiance in W sr^-1 m^-2 giving ``luminance_cd_m2`` with the spectral shape of ``spectrum``.

    ``L_e = L_v / LER`` (inverse of :func:`radiance_to_luminance`); an invisible spectrum
    (LER = 0) raises :class:`SpectrumError`.

    Parameters
    ----------
    spectrum : Spectrum
        Spectral shape of the emission (any scale).
    luminance_cd_m2 : array_like
        Luminance, cd/m^2 (>= 0).

    Returns
    -------
    numpy.ndarray or float
        Radiance, W sr^-1 m^-2, same shape as ``luminance_cd_m2``.

    Raises
    ------
    SpectrumError
        If the spectrum is invisible (LER = 0).

    References
    ----------
    CIE 015:2018 "Colorimetry", sec. 7.1.

    Examples
    --------
    >>> from peled.spectra import line_spectrum
    >>> round(float(luminance_to_radiance(line_spectrum(555.0, 0.2), 683.0)), 3)
    1.0
    """
    lum = nonnegative_array("luminance_cd_m2", luminance_cd_m2)
    ler = luminous_efficacy_of_radiation(spectrum)
    if ler <= 0:
        raise SpectrumError(f"{spectrum.name}: no visible content (LER = 0), cannot invert")
    return lum / ler
