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
    "detector_profile_factor",
    "eqe_from_luminance",
    "eqe_from_photocurrent",
    "eqe_from_radiance",
    "eqe_per_current_efficiency",
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
    """Photons s^-1 m^-2 emitted into the forward hemisphere: ``F pi (L/K) <lambda/hc>``.

    K is the luminous efficacy of radiation of the spectrum (lm/W).

    Parameters
    ----------
    luminance_cd_m2 : array_like
        On-axis luminance in cd/m^2 (>= 0).
    spectrum : peled.spectra.Spectrum
        EL spectrum (wavelength in nm; any intensity unit, only its shape is used).
    angular_factor : float, default 1.0
        Emitted flux relative to a Lambertian emitter, > 0 (:func:`angular_factor`).

    Returns
    -------
    numpy.ndarray
        Photon flux density in photons s^-1 m^-2.

    Raises
    ------
    peled.errors.SpectrumError
        If the spectrum has no visible content (use the radiance instead).

    References
    ----------
    M. Anaya et al., Nat. Photonics 13, 818 (2019), Box 1.

    Examples
    --------
    A 520-nm line (K = 472.8 lm/W, 2.6177e18 photons/J) at 10,000 cd/m^2:

    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(400.0, 701.0)
    >>> green = Spectrum(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2))
    >>> round(float(photon_flux_from_luminance(1e4, green)) / 1e20, 4)
    1.7394
    """
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
    """EQE (fraction) from J and the on-axis luminance: ``e F pi (L/K) <lambda/hc> / J``.

    Parameters
    ----------
    current_density_a_m2 : array_like
        Current density J in A/m^2 (10 mA/cm^2 = 100 A/m^2).
    luminance_cd_m2 : array_like
        On-axis luminance in cd/m^2.
    spectrum : peled.spectra.Spectrum
        EL spectrum (wavelength in nm; any intensity unit, only its shape is used).
    angular_factor : float, default 1.0
        Emitted flux relative to a Lambertian emitter, > 0 (:func:`angular_factor`).

    Returns
    -------
    numpy.ndarray
        EQE as a fraction (0.2 = 20 %); NaN where J <= 0.

    Raises
    ------
    peled.errors.SpectrumError
        If the spectrum has no visible content.

    References
    ----------
    M. Anaya et al., Nat. Photonics 13, 818 (2019), Box 1.
    S. R. Forrest, D. D. C. Bradley & M. E. Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    10,000 cd/m^2 at 10 mA/cm^2 (CE = 100 cd/A) from a 520-nm Lambertian emitter:

    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(400.0, 701.0)
    >>> green = Spectrum(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2))
    >>> round(float(eqe_from_luminance(100.0, 1e4, green)), 4)
    0.2787
    """
    return _div(luminance_cd_m2, current_density_a_m2) * eqe_per_current_efficiency(
        spectrum, angular_factor
    )


def eqe_from_radiance(current_density_a_m2, radiance_w_sr_m2, spectrum: Spectrum,
                      angular_factor: float = 1.0):
    """EQE (fraction) from J and on-axis radiance (W sr^-1 m^-2), e.g. for NIR LEDs.

    ``EQE = e F pi L_e <lambda/hc> / J``; no photometry involved.

    Parameters
    ----------
    current_density_a_m2 : array_like
        Current density J in A/m^2 (10 mA/cm^2 = 100 A/m^2).
    radiance_w_sr_m2 : array_like
        On-axis radiance L_e in W sr^-1 m^-2.
    spectrum : peled.spectra.Spectrum
        EL spectrum (wavelength in nm; any intensity unit, only its shape is used).
    angular_factor : float, default 1.0
        Emitted flux relative to a Lambertian emitter, > 0 (:func:`angular_factor`).

    Returns
    -------
    numpy.ndarray
        EQE as a fraction; NaN where J <= 0.

    References
    ----------
    M. Anaya et al., Nat. Photonics 13, 818 (2019), Box 1.

    Examples
    --------
    The radiance of 10,000 cd/m^2 at 520 nm (L / K = 21.15 W sr^-1 m^-2) gives the
    same EQE as :func:`eqe_from_luminance`:

    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(400.0, 701.0)
    >>> green = Spectrum(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2))
    >>> round(float(eqe_from_radiance(100.0, 1e4 / 472.7994582, green)), 4)
    0.2787
    """
    flux = angular_factor * np.pi * np.asarray(radiance_w_sr_m2, float) * photons_per_joule(
        spectrum
    )
    return _div(flux * _E, current_density_a_m2)


def current_efficiency_cd_a(luminance_cd_m2, current_density_a_m2):
    """Current efficiency ``CE = L / J`` in cd/A.

    Parameters
    ----------
    luminance_cd_m2 : array_like
        On-axis luminance in cd/m^2.
    current_density_a_m2 : array_like
        Current density J in A/m^2 (10 mA/cm^2 = 100 A/m^2).

    Returns
    -------
    numpy.ndarray
        CE in cd/A; NaN where J <= 0.

    References
    ----------
    S. R. Forrest, D. D. C. Bradley & M. E. Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> current_efficiency_cd_a([1e4, 5.0], [100.0, 0.0]).tolist()
    [100.0, nan]
    """
    return _div(luminance_cd_m2, current_density_a_m2)


def power_efficacy_lm_w(luminance_cd_m2, current_density_a_m2, voltage_v,
                        angular_factor: float = 1.0):
    """Power efficacy ``PE = F pi L / (J V)`` in lm/W.

    Parameters
    ----------
    luminance_cd_m2 : array_like
        On-axis luminance in cd/m^2.
    current_density_a_m2 : array_like
        Current density J in A/m^2 (10 mA/cm^2 = 100 A/m^2).
    voltage_v : array_like
        Drive voltage in V.
    angular_factor : float, default 1.0
        Emitted flux relative to a Lambertian emitter, > 0 (:func:`angular_factor`).

    Returns
    -------
    numpy.ndarray
        PE in lm/W; NaN where J V <= 0.

    References
    ----------
    S. R. Forrest, D. D. C. Bradley & M. E. Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> round(float(power_efficacy_lm_w(1e4, 100.0, 4.0)), 2)  # pi 1e4 / 400
    78.54
    """
    power = np.asarray(current_density_a_m2, float) * np.asarray(voltage_v, float)
    return angular_factor * np.pi * _div(luminance_cd_m2, power)


def angular_factor(angle_deg, relative_intensity) -> float:
    """``F = 2 int_0^{90 deg} (I/I0) sin(theta) dtheta``: emitted flux / Lambertian flux.

    ``relative_intensity`` is I(theta)/I(0) (radiant intensity at fixed distance).
    Beyond the last measured angle theta_max the profile is continued as
    ``f(theta_max) cos(theta)/cos(theta_max)`` (Lambertian tail).  The integral uses
    the trapezoid rule on a 0.1 deg grid with linear interpolation.  F = 1 exactly
    for a Lambertian profile cos(theta).

    Parameters
    ----------
    angle_deg : array_like
        Emission angles in degrees, strictly increasing within 0..90 (at least 2).
    relative_intensity : array_like
        I(theta)/I(0) at those angles (dimensionless).

    Returns
    -------
    float
        The angular factor F (dimensionless; 1 for Lambertian, 2 for isotropic).

    Raises
    ------
    peled.errors.ParameterError
        If the angles are not 1-D, increasing and within 0..90 deg.

    References
    ----------
    S. R. Forrest, D. D. C. Bradley & M. E. Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> import numpy as np
    >>> ang = np.arange(0.0, 91.0)
    >>> round(angular_factor(ang, np.cos(np.radians(ang))), 4)
    1.0
    >>> round(angular_factor([0.0, 90.0], [1.0, 1.0]), 4)  # isotropic
    2.0
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
    of radius r at distance d.

    Parameters
    ----------
    radius_mm : float
        Radius of the detector's active area in mm (> 0).
    distance_mm : float
        Emitter-detector distance in mm (> 0).

    Returns
    -------
    float
        g in (0, 1).

    Raises
    ------
    peled.errors.ParameterError
        If the radius or the distance is not > 0.

    References
    ----------
    S. R. Forrest, D. D. C. Bradley & M. E. Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> round(geometry_factor_coaxial(5.0, 50.0), 6)  # 25 / 2525
    0.009901
    """
    r = float(radius_mm)
    d = float(distance_mm)
    if not (r > 0 and d > 0):
        raise ParameterError("photodiode radius and distance must be > 0")
    return r * r / (r * r + d * d)


def responsivity_effective(spectrum: Spectrum, wavelength_nm=None, a_per_w=None,
                           constant_a_per_w: float | None = None) -> float:
    """Spectrum-weighted responsivity ``int R S dlambda / int S dlambda`` in A/W.

    Parameters
    ----------
    spectrum : peled.spectra.Spectrum
        EL spectrum (wavelength in nm; any intensity unit, only its shape is used).
    wavelength_nm : array_like, optional
        Wavelengths of the responsivity curve in nm (increasing); must cover every
        wavelength where the spectrum exceeds 1 % of its peak.
    a_per_w : array_like, optional
        Responsivity at those wavelengths in A/W.
    constant_a_per_w : float, optional
        A constant responsivity in A/W (used instead of the curve).

    Returns
    -------
    float
        Effective responsivity in A/W.

    Raises
    ------
    peled.errors.ParameterError
        If the curve does not cover the emission.

    Examples
    --------
    A linear curve 0.2 A/W at 350 nm to 0.4 A/W at 750 nm, at the 520-nm peak:

    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(400.0, 701.0)
    >>> green = Spectrum(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2))
    >>> round(responsivity_effective(green, [350.0, 750.0], [0.2, 0.4]), 4)
    0.285
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
    """Optical power (W) emitted into the forward hemisphere: ``P = I_pd / (g R_eff)``.

    Valid for a Lambertian emitter (see :func:`on_axis_radiance_from_photocurrent`
    for other profiles).

    Parameters
    ----------
    photocurrent_a : array_like
        Photodiode current in A.
    responsivity_a_w : float
        Spectrum-weighted responsivity in A/W (> 0).
    geometry_factor : float
        Fraction g of the flux reaching the detector, in (0, 1].

    Returns
    -------
    numpy.ndarray
        Optical power in W.

    Raises
    ------
    peled.errors.ParameterError
        If the responsivity is not > 0 or g is outside (0, 1].

    References
    ----------
    S. R. Forrest, D. D. C. Bradley & M. E. Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> round(float(photodiode_optical_power(1e-6, 0.25, 0.01)), 6)  # 1e-6 / 2.5e-3
    0.0004
    """
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
    of the profile (1 when no profile is given: Lambertian).

    Parameters
    ----------
    current_density_a_m2 : array_like
        Current density J in A/m^2 (10 mA/cm^2 = 100 A/m^2).
    photocurrent_a : array_like
        Photodiode current in A.
    area_m2 : float
        Emitting area in m^2 (> 0).
    spectrum : peled.spectra.Spectrum
        EL spectrum (wavelength in nm; any intensity unit, only its shape is used).
    responsivity_a_w : float
        Spectrum-weighted responsivity in A/W (> 0).
    geometry_factor : float
        g = sin^2(alpha) of the detector aperture, in (0, 1].
    angle_deg : array_like, optional
        Angles (deg) of a measured profile (None: Lambertian).
    relative_intensity : array_like, optional
        I(theta)/I(0) of the measured profile.

    Returns
    -------
    numpy.ndarray
        EQE as a fraction; NaN where J <= 0.

    References
    ----------
    M. Anaya et al., Nat. Photonics 13, 818 (2019), Box 1.
    S. R. Forrest, D. D. C. Bradley & M. E. Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    A photocurrent giving L_e = 1 W sr^-1 m^-2 from 1 mm^2 at J = 100 A/m^2:
    EQE = e pi 2.6177e18 / 100 = 0.0132.

    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(400.0, 701.0)
    >>> green = Spectrum(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2))
    >>> round(float(eqe_from_photocurrent(100.0, np.pi * 0.5 * 0.01 * 1e-6, 1e-6, green,
    ...                                   0.5, 0.01)), 4)
    0.0132
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
        Photodiode current in A.
    area_m2 : float
        Emitting area in m^2 (> 0).
    spectrum : peled.spectra.Spectrum
        EL spectrum (wavelength in nm; any intensity unit, only its shape is used).
    responsivity_a_w : float
        Spectrum-weighted responsivity in A/W (> 0).
    geometry_factor : float
        g = sin^2(alpha) of the detector aperture, in (0, 1].
    angle_deg : array_like, optional
        Angles (deg) of a measured profile (None: Lambertian).
    relative_intensity : array_like, optional
        I(theta)/I(0) of the measured profile.

    Returns
    -------
    numpy.ndarray
        On-axis luminance in cd/m^2.

    References
    ----------
    S. R. Forrest, D. D. C. Bradley & M. E. Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    L_e = 1 W sr^-1 m^-2 of a 520-nm line is K = 472.8 cd/m^2:

    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(400.0, 701.0)
    >>> green = Spectrum(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2))
    >>> round(float(luminance_from_photocurrent(np.pi * 0.5 * 0.01 * 1e-6, 1e-6, green,
    ...                                         0.5, 0.01)), 1)
    472.8
    """
    le = on_axis_radiance_from_photocurrent(photocurrent_a, area_m2, responsivity_a_w,
                                            geometry_factor, angle_deg, relative_intensity)
    return luminous_efficacy_of_radiation(spectrum) * le
