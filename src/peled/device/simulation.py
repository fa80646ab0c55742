"""Simulated J-V-L of a stack: drift-diffusion current split plus EQE and luminance.

    EQE = IQE x eta_rad x eta_out,   IQE = J_rad / J                                (1)

(the EQE factorisation of Tsutsui, MRS Bull. 22(6), 39 (1997), as in
:func:`peled.device.eqe`; here charge balance and the radiative fraction of recombination
are both inside J_rad / J because the drift-diffusion model resolves them).  eta_rad is
``[optics] radiative_efficiency`` and eta_out is ``[optics] outcoupling`` of the stack
(until an optical model provides it).

The emitted photon flux J EQE / q with the Gaussian spectrum of ``[optics]
emission_peak_nm``/``emission_fwhm_nm`` gives the radiant exitance M_e = (J EQE / q)
<E_photon>; a Lambertian emitter has radiance L_e = M_e / pi (Lambert's cosine law;
McCluney, "Introduction to Radiometry and Photometry", Artech 1994, sec. 2.9) and
luminance L_v = LER x L_e (CIE 015:2018 sec. 7.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.constants as sc

from peled.color.photometry import radiance_to_luminance
from peled.device.driftdiffusion import ConvergenceError, JVCurve, build_model, solve_jv
from peled.device.stack import OpticsSettings, Stack
from peled.spectra import Spectrum
from peled.spectra.lineshapes import gaussian

__all__ = ["DeviceSimulation", "emission_spectrum", "luminance_from_photon_flux", "simulate_jv"]


def emission_spectrum(optics: OpticsSettings) -> Spectrum:
    """Gaussian intrinsic emission spectrum of the ``[optics]`` table (1 nm grid).

    Parameters
    ----------
    optics : OpticsSettings
        The ``[optics]`` table: ``emission_peak_nm`` and ``emission_fwhm_nm`` (nm, > 0).

    Returns
    -------
    Spectrum
        Unit-peak Gaussian line on a 1 nm grid.

    Examples
    --------
    >>> s = emission_spectrum(OpticsSettings(emission_peak_nm=520, emission_fwhm_nm=20))
    >>> float(s.wavelength_nm[np.argmax(s.intensity)])
    520.0
    """
    lo = max(1.0, np.floor(optics.emission_peak_nm - 4 * optics.emission_fwhm_nm))
    hi = np.ceil(optics.emission_peak_nm + 4 * optics.emission_fwhm_nm)
    wl = np.arange(lo, hi + 1.0)
    return Spectrum(wl, gaussian(optics.emission_peak_nm, optics.emission_fwhm_nm, wl),
                    name="simulated EL")


def luminance_from_photon_flux(photon_flux_per_m2_s, spectrum: Spectrum):
    """Luminance (cd/m^2) of a Lambertian emitter with the given outgoing photon flux.

    Parameters
    ----------
    photon_flux_per_m2_s : array_like
        Photons leaving the front surface per m^2 and second (>= 0).
    spectrum : Spectrum
        Spectral power distribution (shape only).

    Returns
    -------
    ndarray
        L_v = LER (Phi <E_photon>) / pi.

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
    return radiance_to_luminance(spectrum, np.clip(flux, 0.0, None) * mean_energy_j / np.pi)


@dataclass(frozen=True)
class DeviceSimulation:
    """Steady-state J-V-L of a stack (SI arrays in ``curve``; display units in
    :meth:`as_dict`)."""

    stack: Stack
    curve: JVCurve
    spectrum: Spectrum
    eqe_pct: np.ndarray
    luminance_cd_m2: np.ndarray

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


def simulate_jv(stack: Stack, voltage_v=None, *, points: int | None = None,
                progress=None) -> DeviceSimulation:
    """Steady-state J-V-L of ``stack`` with the current split, IQE, EQE (1) and luminance.

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

    Returns
    -------
    DeviceSimulation

    Raises
    ------
    ConvergenceError
        If no voltage converged (partial failures are flagged in ``curve.converged``).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> sim = simulate_jv(load_stack(example_stack_path("green_cspbbr3")), [3.0])
    >>> bool(sim.curve.converged[0]), bool(0 < sim.eqe_pct[0] < 20)
    (True, True)
    """
    curve = solve_jv(build_model(stack, points=points), voltage_v, progress=progress)
    if not curve.converged.any():
        raise ConvergenceError(f"{stack.source}: no voltage converged ({curve.messages[0]})")
    o = stack.optics
    eqe = curve.iqe * o.radiative_efficiency * o.outcoupling
    spectrum = emission_spectrum(o)
    j = curve.current_density_a_m2
    flux = np.where(np.isfinite(eqe) & (j > 0), j * np.nan_to_num(eqe) / sc.e, 0.0)
    lum = np.where(curve.converged, luminance_from_photon_flux(flux, spectrum), np.nan)
    return DeviceSimulation(stack=stack, curve=curve, spectrum=spectrum, eqe_pct=100.0 * eqe,
                            luminance_cd_m2=lum)
