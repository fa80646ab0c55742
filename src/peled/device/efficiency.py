"""Current efficiency <-> external quantum efficiency of an LED with a known spectrum.

An LED driven at current density J emits ``EQE J / e`` photons per second and m^2.  With
the photons per joule ``<lambda/hc>`` of its spectrum (:func:`peled.spectra.photons_per_joule`)
that is the radiant exitance ``M_e = EQE J / (e <lambda/hc>)``.  For an emitter whose
radiance follows the angular profile I(theta)/I(0), the exitance is ``M_e = F pi L_e``
with the on-axis radiance L_e and ``F = 2 int_0^{pi/2} (I/I0) sin theta dtheta`` (F = 1
for a Lambertian emitter), and the on-axis luminance is ``L = K L_e`` with the luminous
efficacy of radiation K (:func:`peled.color.luminous_efficacy_of_radiation`).  Hence the
current efficiency ``CE = L / J`` and the EQE are proportional:

    EQE = CE x F pi e <lambda/hc> / K,      CE = EQE x K <E_ph> / (F pi e)      (1)

with the mean photon energy ``<E_ph> = 1 / <lambda/hc>``.  For a narrow line at 555 nm
(K = 683 lm/W) a Lambertian LED has ``EQE / CE = 2.059e-3`` per cd/A, i.e. 100 % EQE is
486 cd/A.

References
----------
Forrest, Bradley & Thompson, "Measuring the efficiency of organic light-emitting devices",
Adv. Mater. 15, 1043 (2003), eqns (1)-(6) and the Lambertian factor.
Anaya et al., "Best practices for measuring emerging light-emitting diode technologies",
Nat. Photonics 13, 818 (2019), Box 1.
"""

from __future__ import annotations

import numpy as np
from scipy import constants

from peled.color.photometry import luminous_efficacy_of_radiation
from peled.errors import SpectrumError
from peled.spectra import Spectrum, photons_per_joule
from peled.validation import nonnegative_array, scalar_or_array

__all__ = [
    "current_efficiency_from_eqe",
    "current_efficiency_per_eqe_cd_a",
    "eqe_pct_from_current_efficiency",
    "eqe_per_current_efficiency",
]


def current_efficiency_per_eqe_cd_a(luminous_efficacy_lm_w, mean_photon_energy_ev,
                                    angular_factor=1.0):
    """Current efficiency per unit EQE, eqn (1): ``K <E_ph> / (F pi e)`` in cd/A.

    With ``<E_ph>`` in eV the elementary charge cancels: ``K <E_ph>[eV] / (F pi)``.

    Parameters
    ----------
    luminous_efficacy_lm_w : array_like
        Luminous efficacy of radiation K of the spectrum, lm/W (>= 0).
    mean_photon_energy_ev : array_like
        Mean photon energy of the spectrum, eV (> 0).
    angular_factor : array_like, optional
        Emitted flux relative to a Lambertian emitter of equal on-axis radiance
        (1 for Lambertian).

    Returns
    -------
    numpy.ndarray or float
        CE at EQE = 1 (100 %), cd/A; broadcasts over the arguments.

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> round(float(current_efficiency_per_eqe_cd_a(683.0, 2.2339)), 1)
    485.7
    """
    return (np.asarray(luminous_efficacy_lm_w, float) * np.asarray(mean_photon_energy_ev, float)
            / (np.asarray(angular_factor, float) * np.pi))


def eqe_per_current_efficiency(spectrum: Spectrum, angular_factor: float = 1.0) -> float:
    """EQE (fraction) per cd/A of current efficiency, eqn (1): ``F pi e <lambda/hc> / K``.

    Parameters
    ----------
    spectrum : Spectrum
        Emission spectrum (shape only; assumed independent of angle).
    angular_factor : float, optional
        Emitted flux relative to a Lambertian emitter of equal on-axis radiance, F
        (1 for Lambertian; see :func:`peled.measure.eqe.angular_factor`).

    Returns
    -------
    float
        EQE / CE in (cd/A)^-1.

    Raises
    ------
    SpectrumError
        If the spectrum has no visible content (K = 0) or is zero everywhere.

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003); Anaya et al., Nat.
    Photonics 13, 818 (2019), Box 1.

    Examples
    --------
    >>> from peled.spectra import line_spectrum
    >>> f"{eqe_per_current_efficiency(line_spectrum(555.0, 0.2)):.4e}"
    '2.0590e-03'
    """
    ler = luminous_efficacy_of_radiation(spectrum)
    if not ler > 0:
        raise SpectrumError(f"{spectrum.name}: no visible content; EQE/CE undefined")
    return angular_factor * np.pi * constants.e * photons_per_joule(spectrum) / ler


def current_efficiency_from_eqe(eqe_pct, spectrum: Spectrum, angular_factor: float = 1.0):
    """Current efficiency (cd/A) of an LED with EQE ``eqe_pct`` and spectrum ``spectrum``.

    Inverse of :func:`eqe_per_current_efficiency`, eqn (1).

    Parameters
    ----------
    eqe_pct : array_like
        External quantum efficiency, % (>= 0).
    spectrum : Spectrum
        Emission spectrum (shape only).
    angular_factor : float, optional
        Flux relative to a Lambertian emitter (1 for Lambertian).

    Returns
    -------
    float or numpy.ndarray
        CE in cd/A, same shape as ``eqe_pct``.

    Raises
    ------
    ParameterError
        If an EQE is negative or not finite.

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> from peled.spectra import line_spectrum
    >>> round(current_efficiency_from_eqe(100.0, line_spectrum(555.0, 0.2)), 1)
    485.7
    """
    return _convert("eqe_pct", eqe_pct, spectrum, angular_factor, to_eqe=False)


def eqe_pct_from_current_efficiency(ce_cd_a, spectrum: Spectrum, angular_factor: float = 1.0):
    """EQE (%) of an LED with current efficiency ``ce_cd_a`` and spectrum ``spectrum``.

    Eqn (1); inverse of :func:`current_efficiency_from_eqe`.

    Parameters
    ----------
    ce_cd_a : array_like
        Current efficiency, cd/A (>= 0).
    spectrum : Spectrum
        Emission spectrum (shape only).
    angular_factor : float, optional
        Flux relative to a Lambertian emitter (1 for Lambertian).

    Returns
    -------
    float or numpy.ndarray
        EQE in %, same shape as ``ce_cd_a``.

    Raises
    ------
    ParameterError
        If a CE is negative or not finite.

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> from peled.spectra import line_spectrum
    >>> round(eqe_pct_from_current_efficiency(485.7, line_spectrum(555.0, 0.2)), 1)
    100.0
    """
    return _convert("ce_cd_a", ce_cd_a, spectrum, angular_factor, to_eqe=True)


def _convert(name: str, value, spectrum: Spectrum, angular_factor: float, to_eqe: bool):
    """Eqn (1) both ways with the one factor :func:`eqe_per_current_efficiency`.

    ``to_eqe``: CE (cd/A) -> EQE (%); else EQE (%) -> CE (cd/A).  ``name`` labels the
    validated input in error messages.
    """
    x = nonnegative_array(name, value)
    k = eqe_per_current_efficiency(spectrum, angular_factor)
    return scalar_or_array(100.0 * x * k if to_eqe else x / 100.0 / k)
