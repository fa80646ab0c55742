"""External quantum efficiency, current efficiency, power efficacy and photon flux of an LED.

Pure functions over NumPy arrays (SI units unless the name says otherwise).  The
relations follow the measurement practice of Anaya et al., "Best practices for
measuring emerging light-emitting diode technologies", Nat. Photonics 13, 818 (2019)
and Forrest, Bradley & Thompson, "Measuring the efficiency of organic light-emitting
devices", Adv. Mater. 15, 1043 (2003):

* a luminance meter measures the on-axis luminance L (cd/m2).  With the normalised
  EL spectrum S(lambda), the radiance is ``L_e = L / K`` where
  ``K = K_m int V S / int S`` is the luminous efficacy of radiation (CIE 015:2018;
  computed by :func:`peled.color.luminous_efficacy_of_radiation`);
* a Lambertian emitter (radiance independent of angle) emits the exitance
  ``M_e = pi L_e`` into the forward hemisphere; a measured angular profile
  I(theta)/I(0) multiplies this by ``F = 2 int_0^{pi/2} (I/I0) sin(theta) dtheta``
  (F = 1 for I/I0 = cos(theta); Forrest et al. 2003);
* the photon flux is ``Phi_p = F pi L_e <lambda/hc>`` with the photon number per
  joule ``<lambda/hc> = int S lambda/(hc) dlambda / int S dlambda``
  (:func:`peled.spectra.photons_per_joule`), and ``EQE = e Phi_p / J`` (Anaya et al.
  2019, Box 1; the CE <-> EQE factor is :func:`peled.device.efficiency.eqe_per_current_efficiency`);
* current efficiency ``CE = L / J`` [cd/A]; power efficacy (luminous flux per electrical
  power) ``PE = F pi L / (J V) = F pi CE / V`` [lm/W] (Forrest et al. 2003).

* a photodiode on the device axis, subtending the half-angle alpha
  (``sin^2 alpha = g``, the geometry factor), collects
  ``P_det = 2 pi I_0 int_0^alpha f(theta) sin(theta) dtheta`` from an emitter of on-axis
  radiant intensity I_0 and profile f = I/I_0, so it fixes the *on-axis* radiance
  ``L_e = I_0 / A``; the total flux is then ``F pi I_0`` and the EQE scales with F
  (:func:`on_axis_radiance_from_photocurrent`; Forrest et al. 2003, where the
  Lambertian case gives ``P_det = pi I_0 sin^2 alpha``).

The spectral shape is assumed independent of angle (the standard assumption; measure
angle-resolved spectra otherwise).
"""

from __future__ import annotations

import numpy as np
from scipy import constants

from peled.color import luminous_efficacy_of_radiation
from peled.device.efficiency import eqe_per_current_efficiency
from peled.errors import ParameterError, SpectrumError
from peled.spectra import Spectrum, photons_per_joule

__all__ = [
    "angular_factor",
    "current_efficiency_cd_a",
    "eqe_from_luminance",
    "eqe_from_photocurrent",
    "eqe_from_radiance",
    "eqe_per_current_efficiency",
    "detector_profile_factor",
    "geometry_factor_coaxial",
    "luminance_from_photocurrent",
    "on_axis_radiance_from_photocurrent",
    "photodiode_optical_power",
    "photon_flux_from_luminance",
    "photons_per_joule",
    "power_efficacy_lm_w",
    "responsivity_effective",
]

_E = constants.e


def _trapz(y: np.ndarray, x: np.ndarray) -> float:
    return float(np.sum(0.5 * (y[1:] + y[:-1]) * np.diff(x)))


def photon_flux_from_luminance(luminance_cd_m2, spectrum: Spectrum, angular_factor: float = 1.0):
    """Photons s^-1 m^-2 emitted into the forward hemisphere: ``F pi (L/K) <lambda/hc>``."""
    ler = luminous_efficacy_of_radiation(spectrum)
    if not ler > 0:
        raise SpectrumError(f"{spectrum.name}: no visible content; use radiance instead")
    return angular_factor * np.pi * np.asarray(luminance_cd_m2, float) / ler * photons_per_joule(
        spectrum
    )


def _div(a, b):
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1.0), np.nan)


def eqe_from_luminance(current_density_a_m2, luminance_cd_m2, spectrum: Spectrum,
                       angular_factor: float = 1.0):
    """EQE (fraction) from J (A/m2) and on-axis luminance (cd/m2); NaN where J <= 0."""
    return _div(luminance_cd_m2, current_density_a_m2) * eqe_per_current_efficiency(
        spectrum, angular_factor
    )


def eqe_from_radiance(current_density_a_m2, radiance_w_sr_m2, spectrum: Spectrum,
                      angular_factor: float = 1.0):
    """EQE (fraction) from J and on-axis radiance (W sr^-1 m^-2), e.g. for NIR LEDs.

    ``EQE = e F pi L_e <lambda/hc> / J``; no photometry involved.
    """
    flux = angular_factor * np.pi * np.asarray(radiance_w_sr_m2, float) * photons_per_joule(
        spectrum
    )
    return _div(flux * _E, current_density_a_m2)


def current_efficiency_cd_a(luminance_cd_m2, current_density_a_m2):
    """``CE = L / J`` in cd/A (L in cd/m2, J in A/m2); NaN where J <= 0."""
    return _div(luminance_cd_m2, current_density_a_m2)


def power_efficacy_lm_w(luminance_cd_m2, current_density_a_m2, voltage_v,
                        angular_factor: float = 1.0):
    """``PE = F pi L / (J V)`` in lm/W (Forrest et al. 2003); NaN where J V <= 0."""
    power = np.asarray(current_density_a_m2, float) * np.asarray(voltage_v, float)
    return angular_factor * np.pi * _div(luminance_cd_m2, power)


def angular_factor(angle_deg, relative_intensity) -> float:
    """``F = 2 int_0^{90 deg} (I/I0) sin(theta) dtheta``: emitted flux / Lambertian flux.

    ``relative_intensity`` is I(theta)/I(0) (radiant intensity at fixed distance).
    Beyond the last measured angle theta_max the profile is continued as
    ``f(theta_max) cos(theta)/cos(theta_max)`` (Lambertian tail).  The integral uses
    the trapezoid rule on a 0.1 deg grid with linear interpolation.  F = 1 exactly
    for a Lambertian profile cos(theta).
    """
    a = np.asarray(angle_deg, float)
    f = np.asarray(relative_intensity, float)
    if a.ndim != 1 or a.shape != f.shape or a.size < 2:
        raise ParameterError("angle_deg and relative_intensity must be 1-D of equal length >= 2")
    if np.any(np.diff(a) <= 0) or a[0] < 0 or a[-1] > 90:
        raise ParameterError("angle_deg must increase within 0..90 deg")
    grid = np.linspace(0.0, 90.0, 901)
    th = np.radians(grid)
    inside = np.interp(grid, a, f)
    amax = np.radians(a[-1])
    tail = f[-1] * np.cos(th) / np.cos(amax) if a[-1] < 90 else np.zeros_like(th)
    prof = np.where(grid <= a[-1], inside, tail)
    return 2.0 * _trapz(prof * np.sin(th), th)


def geometry_factor_coaxial(radius_mm: float, distance_mm: float) -> float:
    """Fraction of a Lambertian emitter's flux reaching a coaxial disk detector.

    ``g = sin^2(alpha) = r^2 / (r^2 + d^2)`` for a small emitter on the axis of a disk
    of radius r at distance d (Forrest, Bradley & Thompson, Adv. Mater. 15, 1043,
    2003).
    """
    r = float(radius_mm)
    d = float(distance_mm)
    if not (r > 0 and d > 0):
        raise ParameterError("photodiode radius and distance must be > 0")
    return r * r / (r * r + d * d)


def responsivity_effective(spectrum: Spectrum, wavelength_nm=None, a_per_w=None,
                           constant_a_per_w: float | None = None) -> float:
    """Spectrum-weighted responsivity ``int R S dlambda / int S dlambda`` in A/W.

    Either a curve (``wavelength_nm``, ``a_per_w``; must cover every wavelength where
    the spectrum exceeds 1 % of its peak) or a constant.
    """
    if constant_a_per_w is not None:
        return float(constant_a_per_w)
    wl = np.asarray(wavelength_nm, float)
    r = np.asarray(a_per_w, float)
    s = spectrum.intensity
    strong = spectrum.wavelength_nm[s > 0.01 * s.max()]
    if strong.min() < wl[0] or strong.max() > wl[-1]:
        raise ParameterError(
            f"responsivity curve ({wl[0]:g}-{wl[-1]:g} nm) does not cover the emission "
            f"({strong.min():g}-{strong.max():g} nm)"
        )
    rr = np.interp(spectrum.wavelength_nm, wl, r, left=0.0, right=0.0)
    return _trapz(rr * s, spectrum.wavelength_nm) / _trapz(s, spectrum.wavelength_nm)


def photodiode_optical_power(photocurrent_a, responsivity_a_w: float, geometry_factor: float):
    """Optical power (W) emitted into the forward hemisphere: ``P = I_pd / (g R_eff)``."""
    if not (responsivity_a_w > 0 and 0 < geometry_factor <= 1):
        raise ParameterError("responsivity must be > 0 and geometry factor in (0, 1]")
    return np.asarray(photocurrent_a, float) / (geometry_factor * responsivity_a_w)


def detector_profile_factor(geometry_factor: float, angle_deg=None,
                            relative_intensity=None) -> float:
    """Flux on an on-axis detector relative to a Lambertian emitter of the same I_0.

    ``a = 2 int_0^alpha f(theta) sin(theta) dtheta / sin^2(alpha)`` with
    ``sin^2 alpha = geometry_factor`` and f = I(theta)/I(0) interpolated linearly in the
    measured profile (Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003)).
    ``a = 1`` for a Lambertian profile f = cos(theta), and tends to 1 for any smooth
    profile as the detector becomes small (alpha -> 0).

    Parameters
    ----------
    geometry_factor : float
        g = sin^2(alpha) in (0, 1] (:func:`geometry_factor_coaxial`).
    angle_deg, relative_intensity : array_like, optional
        Measured profile I(theta)/I(0) (None: Lambertian, a = 1).

    Returns
    -------
    float
        The factor a (dimensionless).

    Examples
    --------
    >>> ang = np.arange(0.0, 91.0, 1.0)
    >>> round(detector_profile_factor(0.5, ang, np.cos(np.radians(ang))), 4)
    1.0
    """
    if not 0 < geometry_factor <= 1:
        raise ParameterError("geometry factor must lie in (0, 1]")
    if angle_deg is None:
        return 1.0
    a = np.asarray(angle_deg, float)
    f = np.asarray(relative_intensity, float)
    alpha = np.arcsin(np.sqrt(geometry_factor))
    th = np.linspace(0.0, alpha, 2001)
    deg = np.degrees(th)
    prof = np.interp(deg, a, f)
    beyond = deg > a[-1]  # Lambertian continuation, as in angular_factor
    if beyond.any():
        prof = np.where(beyond, f[-1] * np.cos(th) / np.cos(np.radians(a[-1])), prof)
    return 2.0 * _trapz(prof * np.sin(th), th) / geometry_factor


def on_axis_radiance_from_photocurrent(photocurrent_a, area_m2: float, responsivity_a_w: float,
                                       geometry_factor: float, angle_deg=None,
                                       relative_intensity=None):
    """On-axis radiance (W sr^-1 m^-2) fixed by an on-axis photodiode.

    ``L_e = I_pd / (R_eff g a pi A)``: the detector collects
    ``P_det = I_pd / R_eff = pi I_0 g a`` (:func:`detector_profile_factor`, a = 1 for a
    Lambertian emitter), and ``L_e = I_0 / A``.  The total flux is ``F pi L_e A`` with the
    angular factor F of the profile (Forrest, Bradley & Thompson, Adv. Mater. 15, 1043
    (2003)).

    Parameters
    ----------
    photocurrent_a : array_like
        Photodiode current (A).
    area_m2 : float
        Emitting area (m2).
    responsivity_a_w : float
        Spectrum-weighted responsivity (A/W).
    geometry_factor : float
        g = sin^2(alpha) of the detector aperture.
    angle_deg, relative_intensity : array_like, optional
        Measured profile I(theta)/I(0) (None: Lambertian).

    Returns
    -------
    numpy.ndarray
        On-axis radiance in W sr^-1 m^-2.

    Examples
    --------
    >>> float(on_axis_radiance_from_photocurrent(np.pi * 0.5 * 0.01, 1.0, 0.5, 0.01))
    1.0
    """
    p = photodiode_optical_power(photocurrent_a, responsivity_a_w, geometry_factor)
    a = detector_profile_factor(geometry_factor, angle_deg, relative_intensity)
    return p / (a * np.pi * area_m2)


def eqe_from_photocurrent(current_density_a_m2, photocurrent_a, area_m2: float,
                          spectrum: Spectrum, responsivity_a_w: float, geometry_factor: float,
                          angle_deg=None, relative_intensity=None):
    """EQE (fraction) from the photodiode current: ``e F pi L_e A <lambda/hc> / (J A)``.

    ``L_e`` from :func:`on_axis_radiance_from_photocurrent`; F is the angular factor
    of the profile (1 when no profile is given: Lambertian).  For a Lambertian emitter
    this reduces to ``e I_pd <lambda/hc> / (R g J A)`` (Forrest, Bradley & Thompson,
    Adv. Mater. 15, 1043 (2003)).

    Parameters
    ----------
    current_density_a_m2 : array_like
        Current density J (A/m2).
    photocurrent_a : array_like
        Photodiode current I_pd (A).
    area_m2 : float
        Emitting area A (m2).
    spectrum : Spectrum
        EL spectrum (shape only), for the mean photon energy.
    responsivity_a_w : float
        Spectrum-weighted responsivity R (A/W).
    geometry_factor : float
        g = sin^2(alpha) of the on-axis detector.
    angle_deg, relative_intensity : array_like, optional
        Measured profile I(theta)/I(0) (None: Lambertian).

    Returns
    -------
    numpy.ndarray
        EQE as a fraction (NaN where J <= 0).

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> wl = np.arange(500.0, 601.0)
    >>> s = Spectrum(wl, np.exp(-0.5 * ((wl - 550.0) / 5.0) ** 2))
    >>> eqe = eqe_from_photocurrent(10.0, 1e-8, 1e-6, s, 0.5, 0.01)
    >>> hand = constants.e * 1e-8 * photons_per_joule(s) / (0.5 * 0.01 * 10.0 * 1e-6)
    >>> bool(np.isclose(eqe, hand, rtol=1e-12))
    True
    """
    le = on_axis_radiance_from_photocurrent(photocurrent_a, area_m2, responsivity_a_w,
                                            geometry_factor, angle_deg, relative_intensity)
    f = 1.0 if angle_deg is None else angular_factor(angle_deg, relative_intensity)
    return _div(f * np.pi * le * photons_per_joule(spectrum) * _E, current_density_a_m2)


def luminance_from_photocurrent(photocurrent_a, area_m2: float, spectrum: Spectrum,
                                responsivity_a_w: float, geometry_factor: float,
                                angle_deg=None, relative_intensity=None):
    """On-axis luminance (cd/m2) implied by the photodiode current: ``L = K L_e``.

    ``L_e`` from :func:`on_axis_radiance_from_photocurrent` (the on-axis detector fixes
    the on-axis radiance whatever the angular profile); K is the luminous efficacy of
    radiation of the spectrum.

    Parameters
    ----------
    photocurrent_a : array_like
        Photodiode current (A).
    area_m2 : float
        Emitting area (m2).
    spectrum : Spectrum
        EL spectrum (shape only), for K.
    responsivity_a_w : float
        Spectrum-weighted responsivity (A/W).
    geometry_factor : float
        g = sin^2(alpha) of the on-axis detector.
    angle_deg, relative_intensity : array_like, optional
        Measured profile I(theta)/I(0) (None: Lambertian).

    Returns
    -------
    numpy.ndarray
        On-axis luminance in cd/m2.

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> wl = np.arange(500.0, 601.0)
    >>> s = Spectrum(wl, np.exp(-0.5 * ((wl - 550.0) / 5.0) ** 2))
    >>> lum = luminance_from_photocurrent(np.pi * 0.5 * 0.01, 1.0, s, 0.5, 0.01)
    >>> bool(np.isclose(lum, luminous_efficacy_of_radiation(s)))  # L_e = 1 W/sr/m2
    True
    """
    le = on_axis_radiance_from_photocurrent(photocurrent_a, area_m2, responsivity_a_w,
                                            geometry_factor, angle_deg, relative_intensity)
    return luminous_efficacy_of_radiation(spectrum) * le
