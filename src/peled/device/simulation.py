"""Simulated J-V-L of a stack: drift-diffusion current split plus EQE and luminance.

    EQE = IQE x eta_rad x eta_out,   IQE = J_rad / J                                (1)

(the EQE factorisation of Tsutsui, MRS Bull. 22(6), 39 (1997), as in
:func:`peled.device.eqe`; here charge balance and the radiative fraction of recombination
are both inside J_rad / J because the drift-diffusion model resolves them).  eta_rad is
``[optics] radiative_efficiency``.  eta_out is computed by the dipole model of
:mod:`peled.device.optics` for the stack's emitter, spectrally weighted over the intrinsic
emission (Neyts, J. Opt. Soc. Am. A 15, 962 (1998); Furno et al., Phys. Rev. B 85, 115205
(2012))::

    eta_out = sum_l s(l) eta_out(l) F(l) / sum_l s(l) F(l)                         (2)

with s the intrinsic spectrum and F the Purcell factor; an explicit ``[optics]
outcoupling`` overrides it (then the emission is taken as Lambertian with the intrinsic
spectrum).

The emitted photon flux Phi = J EQE / q with the outcoupled spectrum S gives the radiant
exitance M_e = Phi <E_photon>_S.  With the far-field profile I(theta)/I(0) the on-axis
radiance is L_e = M_e / (pi F_a), F_a = 2 int_0^{pi/2} (I/I0) sin(theta) d theta
(F_a = 1 for a Lambertian emitter, Lambert's cosine law; Forrest, Bradley & Thompson,
Adv. Mater. 15, 1043 (2003)), and the luminance is L_v = LER x L_e (CIE 015:2018
sec. 7.1).  ``peled analyze`` inverts exactly this chain from ``jvl.csv``,
``el_spectrum.csv`` and ``angular.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import scipy.constants as sc

from peled.color.photometry import radiance_to_luminance
from peled.device.driftdiffusion import ConvergenceError, JVCurve, build_model, solve_jv
from peled.device.stack import OpticsSettings, Stack
from peled.spectra import Spectrum
from peled.spectra.lineshapes import gaussian

__all__ = [
    "DeviceSimulation",
    "TransientSimulation",
    "angular_flux_factor",
    "emission_spectrum",
    "luminance_from_photon_flux",
    "simulate_jv",
    "simulate_transient",
]


def emission_spectrum(optics: OpticsSettings) -> Spectrum:
    """Gaussian intrinsic emission spectrum of the ``[optics]`` table (1 nm grid).

    Parameters
    ----------
    optics : OpticsSettings
        The ``[optics]`` table: ``emission_peak_nm`` and ``emission_fwhm_nm`` (nm, > 0).

    Returns
    -------
    Spectrum
        Unit-peak Gaussian on peak +- 4 FWHM.

    Examples
    --------
    >>> s = emission_spectrum(OpticsSettings(emission_peak_nm=520, emission_fwhm_nm=20))
    >>> float(s.wavelength_nm[np.argmax(s.intensity)])
    520.0
    >>> float(s.wavelength_nm[0]), float(s.wavelength_nm[-1])    # 520 -+ 4 x 20 nm
    (440.0, 600.0)
    """
    lo = max(1.0, np.floor(optics.emission_peak_nm - 4 * optics.emission_fwhm_nm))
    hi = np.ceil(optics.emission_peak_nm + 4 * optics.emission_fwhm_nm)
    wl = np.arange(lo, hi + 1.0)
    return Spectrum(wl, gaussian(optics.emission_peak_nm, optics.emission_fwhm_nm, wl),
                    name="simulated EL")


def angular_flux_factor(angle_deg, relative_intensity) -> float:
    """``F_a = 2 int_0^{90 deg} (I/I0) sin(theta) dtheta``: flux over Lambertian flux.

    Trapezoid rule on the given angles; beyond the last angle theta_m the profile is
    continued as ``(I/I0)(theta_m) cos(theta)/cos(theta_m)`` (Lambertian tail), as the
    angular correction of the J-V-L analysis does (Forrest, Bradley & Thompson,
    Adv. Mater. 15, 1043 (2003)).

    Parameters
    ----------
    angle_deg : array_like
        Increasing angles in 0..90 deg.
    relative_intensity : array_like
        Radiant intensity I(theta)/I(0) at those angles.

    Returns
    -------
    float
        1 for a Lambertian profile cos(theta).

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003) (angular correction of
    the efficiency of a non-Lambertian emitter).

    Examples
    --------
    >>> a = np.arange(0.0, 90.0, 1.0)
    >>> round(angular_flux_factor(a, np.cos(np.radians(a))), 4)
    1.0
    """
    a = np.radians(np.asarray(angle_deg, dtype=float))
    f = np.asarray(relative_intensity, dtype=float)
    inside = np.trapezoid(f * np.sin(a), a)
    tail_grid = np.linspace(a[-1], np.pi / 2, 200)
    tail = np.trapezoid(f[-1] * np.cos(tail_grid) / np.cos(a[-1]) * np.sin(tail_grid),
                        tail_grid) if a[-1] < np.pi / 2 else 0.0
    return float(2.0 * (inside + tail))


def luminance_from_photon_flux(photon_flux_per_m2_s, spectrum: Spectrum,
                               angular_factor: float = 1.0):
    """On-axis luminance (cd/m^2) of an emitter with the given outgoing photon flux.

    Parameters
    ----------
    photon_flux_per_m2_s : array_like
        Photons leaving the front surface per m^2 and second (>= 0).
    spectrum : Spectrum
        Spectral power distribution (shape only).
    angular_factor : float
        F_a of :func:`angular_flux_factor` (1: Lambertian).

    Returns
    -------
    ndarray
        L_v = LER (Phi <E_photon>) / (pi F_a), cd/m^2.

    References
    ----------
    CIE 015:2018, *Colorimetry*, 4th ed., sec. 7.1 (luminous efficacy of radiation,
    K_m = 683 lm/W); Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003)
    (radiance of a Lambertian emitter L_e = M_e / pi).

    Examples
    --------
    >>> wl = np.arange(550.0, 561.0)
    >>> s = Spectrum(wl, np.exp(-0.5 * (wl - 555.0) ** 2))
    >>> round(float(luminance_from_photon_flux(1e20, s)))   # ~683 lm/W x 35.8 W/m2 / pi
    7780
    """
    wl = spectrum.wavelength_nm
    power = np.trapezoid(spectrum.intensity, wl)
    photons = np.trapezoid(spectrum.intensity * wl * 1e-9 / (sc.h * sc.c), wl)
    mean_energy_j = power / photons
    flux = np.asarray(photon_flux_per_m2_s, dtype=float)
    return radiance_to_luminance(spectrum, np.clip(flux, 0.0, None) * mean_energy_j
                                 / (np.pi * angular_factor))


@dataclass(frozen=True)
class DeviceSimulation:
    """Steady-state J-V-L of a stack (SI arrays in ``curve``; display units in
    :meth:`as_dict`).

    ``spectrum`` is the emission leaving into air, ``eta_out`` the outcoupling used in
    (1), ``outcoupling_source`` ``"optics"`` (dipole model) or ``"constant"`` (``[optics]
    outcoupling``), ``angle_deg``/``angular_profile`` the far-field I(theta)/I(0).

    Attributes
    ----------
    stack : Stack
        The simulated stack.
    curve : peled.device.driftdiffusion.JVCurve
        Current density and its split per voltage (A/m^2), convergence flags.
    spectrum : Spectrum
        Outcoupled emission spectrum (unit peak).
    eqe_pct : numpy.ndarray
        External quantum efficiency per voltage (%), eqn (1).
    luminance_cd_m2 : numpy.ndarray
        On-axis luminance per voltage (cd/m^2; NaN where not converged).
    eta_out : float
        Outcoupling efficiency used (fraction), eqn (2).
    outcoupling_source : {"optics", "constant"}
        Where ``eta_out`` comes from.
    angle_deg, angular_profile : numpy.ndarray
        Far-field angles (deg) and I(theta)/I(0).

    References
    ----------
    Tsutsui, MRS Bull. 22(6), 39 (1997) (EQE factorisation, eqn (1)).

    Examples
    --------
    The green example stack with a fixed outcoupling of 0.2 (no optics calculation):
    EQE = IQE x eta_rad x eta_out = 35.75 % x 1 x 0.2.

    >>> import dataclasses
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> st = load_stack(example_stack_path("green_cspbbr3"))
    >>> st = dataclasses.replace(st, optics=dataclasses.replace(st.optics, outcoupling=0.2))
    >>> d = simulate_jv(st, [3.0]).as_dict()
    >>> round(float(d["iqe_pct"][0]), 2), round(float(d["eqe_pct"][0]), 2)
    (35.75, 7.15)
    >>> round(float(d["current_density_mA_cm2"][0]), 4), d["grid_points"]
    (0.1325, 250)
    """

    stack: Stack
    curve: JVCurve
    spectrum: Spectrum
    eqe_pct: np.ndarray
    luminance_cd_m2: np.ndarray
    eta_out: float = 0.0
    outcoupling_source: str = "constant"
    angle_deg: np.ndarray = field(default_factory=lambda: np.arange(0.0, 90.0, 1.0))
    angular_profile: np.ndarray = field(
        default_factory=lambda: np.cos(np.radians(np.arange(0.0, 90.0, 1.0))))

    @property
    def iqe_pct(self) -> np.ndarray:
        """Internal quantum efficiency (%), NaN where J <= 0 or not converged."""
        return 100.0 * self.curve.iqe

    def as_dict(self) -> dict:
        """JSON-ready result: lists per voltage (mA/cm^2, %, cd/m^2), flags and counts."""
        c = self.curve
        to_ma_cm2 = 0.1        # 1 A/m^2 = 0.1 mA/cm^2
        return {
            "voltage_v": c.voltage_v,
            "current_density_mA_cm2": c.current_density_a_m2 * to_ma_cm2,
            "j_radiative_mA_cm2": c.j_radiative_a_m2 * to_ma_cm2,
            "j_srh_mA_cm2": c.j_srh_a_m2 * to_ma_cm2,
            "j_interface_mA_cm2": c.j_interface_a_m2 * to_ma_cm2,
            "j_auger_mA_cm2": c.j_auger_a_m2 * to_ma_cm2,
            "j_leak_mA_cm2": c.j_leak_a_m2 * to_ma_cm2,
            "iqe_pct": self.iqe_pct,
            "eqe_pct": self.eqe_pct,
            "luminance_cd_m2": self.luminance_cd_m2,
            "converged": c.converged.tolist(),
            "newton_iterations": c.newton_iterations.tolist(),
            "grid_points": c.grid_points,
        }


def _emission(stack: Stack, nk_tables):
    """(eta_out, source, outcoupled spectrum, angles, angular profile) of eqn (2)."""
    o = stack.optics
    if o.outcoupling is None:
        # lazy: the optics module only when the EQE needs the dipole model
        from peled.device.optics.stack_optics import emission_spectrum as optical_emission

        em = optical_emission(stack, nk_tables=nk_tables)
        spectrum = Spectrum(em.wavelength_nm, em.into_air / em.into_air.max(),
                            name="simulated EL (outcoupled)")
        return em.eta_out_spectral, "optics", spectrum, em.angle_deg, em.angular_profile
    angle = np.arange(0.0, 90.0, 1.0)
    return o.outcoupling, "constant", emission_spectrum(o), angle, np.cos(np.radians(angle))


def simulate_jv(stack: Stack, voltage_v=None, *, points: int | None = None,
                progress=None, nk_tables: Mapping | None = None) -> DeviceSimulation:
    """Steady-state J-V-L of ``stack`` with the current split, IQE, EQE (1) and luminance.

    Mobile ions are relaxed at every voltage (zero ion flux, the number of ions of each
    region conserved; :mod:`peled.device.driftdiffusion.steady` eqn (8)): the long-time
    limit of :func:`simulate_transient` at each bias, i.e. a J-V swept slowly enough for
    the ions to follow.

    Parameters
    ----------
    stack : Stack
        Validated stack (``[sweep]`` gives the voltages unless ``voltage_v`` is given).
    voltage_v : array_like, optional
        Applied voltages (V) in sweep order.
    points : int, optional
        Override ``[grid] points``.
    progress : callable, optional
        ``progress(done, total)`` after every voltage.
    nk_tables : mapping, optional
        Parsed ``nk_file`` tables (:func:`peled.io_nk.read_nk_files`) for the optics.

    Returns
    -------
    DeviceSimulation
        J-V with the current split, IQE, EQE and luminance per voltage.

    Raises
    ------
    ConvergenceError
        If no voltage converged (partial failures are flagged in ``curve.converged``).
    ParameterError
        If the outcoupling is to be computed but a layer has no optical constants.

    References
    ----------
    Tsutsui, MRS Bull. 22(6), 39 (1997) (EQE = IQE x eta_rad x eta_out); Neyts, J. Opt.
    Soc. Am. A 15, 962 (1998) and Furno et al., Phys. Rev. B 85, 115205 (2012)
    (eta_out); Scharfetter & Gummel, IEEE Trans. Electron Devices 16, 64 (1969)
    (drift-diffusion currents); Courtier et al., Energy Environ. Sci. 12, 396 (2019)
    (mobile ions).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> sim = simulate_jv(load_stack(example_stack_path("green_cspbbr3")), [3.0])
    >>> bool(sim.curve.converged[0]), round(float(sim.eqe_pct[0]), 2)   # EQE (%) at 3 V
    (True, 6.95)
    >>> sim.outcoupling_source, round(sim.eta_out, 2)
    ('optics', 0.19)
    >>> round(float(sim.luminance_cd_m2[0]), 1)     # cd/m^2 at 1.325 A/m^2
    30.8

    The EQE is IQE x eta_rad x eta_out = 0.357 x 1 x 0.194 = 6.95 %.
    """
    o = stack.optics
    eta_out, source, spectrum, angle, profile = _emission(stack, nk_tables)
    curve = solve_jv(build_model(stack, points=points), voltage_v, progress=progress)
    if not curve.converged.any():
        raise ConvergenceError(f"{stack.source}: no voltage converged ({curve.messages[0]})")
    eqe = curve.iqe * o.radiative_efficiency * eta_out
    j = curve.current_density_a_m2
    flux = np.where(np.isfinite(eqe) & (j > 0), j * np.nan_to_num(eqe) / sc.e, 0.0)
    lum = np.where(curve.converged, luminance_from_photon_flux(
        flux, spectrum, angular_flux_factor(angle, profile)), np.nan)
    return DeviceSimulation(stack=stack, curve=curve, spectrum=spectrum, eqe_pct=100.0 * eqe,
                            luminance_cd_m2=lum, eta_out=float(eta_out),
                            outcoupling_source=source, angle_deg=np.asarray(angle),
                            angular_profile=np.asarray(profile))


@dataclass(frozen=True)
class TransientSimulation:
    """Transient of a stack through a voltage protocol, with luminance.

    ``result`` holds the SI time series and ion profiles
    (:class:`peled.device.driftdiffusion.transient.TransientResult`); the luminance is
    L(t) from J_rad(t) through (1) with the same outcoupling and spectrum as
    :func:`simulate_jv`.

    Attributes
    ----------
    stack : Stack
        The simulated stack.
    result : peled.device.driftdiffusion.transient.TransientResult
        Time series (s, V, A/m^2) and ion profiles.
    luminance_cd_m2 : numpy.ndarray
        On-axis luminance at every time step (cd/m^2).
    eta_out : float
        Outcoupling efficiency used (fraction).
    outcoupling_source : {"optics", "constant"}
        Where ``eta_out`` comes from.
    """

    stack: Stack
    result: object
    luminance_cd_m2: np.ndarray
    eta_out: float
    outcoupling_source: str

    def as_dict(self) -> dict:
        """JSON-ready time series (s, V, mA/cm^2, cd/m^2), step counts and ion totals."""
        r = self.result
        return {
            "time_s": r.time_s,
            "voltage_v": r.voltage_v,
            "internal_voltage_v": r.internal_voltage_v,
            "current_density_mA_cm2": r.current_density_a_m2 * 0.1,
            "j_radiative_mA_cm2": r.j_radiative_a_m2 * 0.1,
            "luminance_cd_m2": self.luminance_cd_m2,
            "anion_total_per_m2": r.ions_total_per_m2[:, 0],
            "cation_total_per_m2": r.ions_total_per_m2[:, 1],
            "steps": r.steps,
            "rejected_steps": r.rejected_steps,
            "grid_points": int(r.x_m.size),
            "eta_out": self.eta_out,
            "outcoupling_source": self.outcoupling_source,
        }


def simulate_transient(stack: Stack, protocol, *, points: int | None = None,
                       progress=None, nk_tables: Mapping | None = None,
                       tol: float = 0.05) -> TransientSimulation:
    """Transient J(t), J_rad(t), luminance L(t) and ion profiles through ``protocol``.

    Parameters
    ----------
    stack : Stack
        Validated stack (mobile ions and a series/shunt resistance allowed).
    protocol : peled.device.driftdiffusion.transient.VoltageProtocol
        Applied voltage versus time.
    points : int, optional
        Override ``[grid] points``.
    progress : callable, optional
        ``progress(done, total)`` (per mille of the protocol duration).
    nk_tables : mapping, optional
        Parsed ``nk_file`` tables for the optics.
    tol : float
        Local-error tolerance of the time stepper (kT/q units).

    Returns
    -------
    TransientSimulation
        J(t), J_rad(t), L(t) and the ion profiles.

    Raises
    ------
    peled.errors.PeledError
        A time step that cannot be completed
        (:func:`peled.device.driftdiffusion.transient.solve_transient`).
    ParameterError
        If the outcoupling is to be computed but a layer has no optical constants.

    References
    ----------
    Tsutsui, MRS Bull. 22(6), 39 (1997) (EQE factorisation); Courtier, Cave, Foster,
    Walker & Richardson, Energy Environ. Sci. 12, 396 (2019) (ionic drift-diffusion).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> from peled.device.driftdiffusion.transient import VoltageProtocol
    >>> sim = simulate_transient(load_stack(example_stack_path("green_cspbbr3")),
    ...                          VoltageProtocol.from_segments(0, [("step", 3.0, 1e-6)]),
    ...                          points=40)
    >>> bool(sim.luminance_cd_m2[-1] > 0), sim.outcoupling_source, round(sim.eta_out, 3)
    (True, 'optics', 0.194)
    >>> sorted(sim.as_dict())[:4]
    ['anion_total_per_m2', 'cation_total_per_m2', 'current_density_mA_cm2', 'eta_out']
    """
    from peled.device.driftdiffusion.transient import solve_transient  # lazy import

    eta_out, source, spectrum, angle, profile = _emission(stack, nk_tables)
    model = build_model(stack, points=points)
    res = solve_transient(model, protocol, progress=progress, tol=tol)
    o = stack.optics
    j_rad = np.nan_to_num(res.j_radiative_a_m2)
    flux = np.clip(j_rad, 0.0, None) * o.radiative_efficiency * eta_out / sc.e
    lum = luminance_from_photon_flux(flux, spectrum, angular_flux_factor(angle, profile))
    lum = np.where(np.isfinite(res.j_radiative_a_m2), lum, np.nan)
    return TransientSimulation(stack=stack, result=res, luminance_cd_m2=lum,
                               eta_out=float(eta_out), outcoupling_source=source)
