"""Trap levels probed by admittance: demarcation energy, attempt frequency, trap DOS.

* Demarcation energy of a measurement at angular frequency w (T. Walter,
  R. Herberholz, C. Müller & H. W. Schock, J. Appl. Phys. 80, 4411, 1996)::

      E_w = k_B T ln(w0 / w)                                                   (E)

* Trap density of states from the frequency derivative of the junction capacitance
  per area C (Walter et al. 1996, eqn (6))::

      N_t(E_w) = -(V_bi / (q W)) (dC/dw) (w / (k_B T))                          (W)

  Jiang et al., "Defects in lead halide perovskite LEDs under electric field",
  Nanoscale (2024) print this as their eqn (12) with ``q w0`` in the denominator,
  call w0 "the depletion width" and attribute it to transient EL; that form is
  dimensionally wrong, and peled implements eqn (W).
* Attempt-to-escape angular frequency w0(T) = xi0 T^2 (thermal velocity ~ T^1/2 times
  effective density of states ~ T^3/2; Walter et al. 1996; D. L. Losee,
  J. Appl. Phys. 46, 2204, 1975).
* Forward model: each trap energy E contributes a Debye relaxation,
  C*(w) = C_hf + (q W / V_bi) int N_t(E) / (1 + i w / w_e(E)) dE with
  w_e(E) = w0 exp(-E / k_B T) (Walter et al. 1996); eqn (W) applied to it returns N_t
  convolved with a unit-area kernel 1 / (2 cosh^2((E - E_w) / k_B T)).
"""

from __future__ import annotations

import numpy as np
from scipy import constants

from peled.device.ions import K_B_EV
from peled.errors import require_positive
from peled.validation import finite_array, nonnegative_array, positive_array, scalar_or_array

__all__ = [
    "attempt_frequency",
    "demarcation_energy_ev",
    "gaussian_trap_band",
    "trap_band_admittance",
    "trap_band_capacitance",
    "trap_dos_from_capacitance_slope",
]

Q = constants.e


def demarcation_energy_ev(omega_rad_s, temperature_k, omega0_rad_s):
    """Demarcation energy E_w = k_B T ln(w0 / w), eqn (E).

    Parameters
    ----------
    omega_rad_s : float or array_like
        Angular measurement frequency w in rad/s (> 0).
    temperature_k : float or array_like
        Temperature in K (> 0).
    omega0_rad_s : float or array_like
        Attempt-to-escape angular frequency w0 in rad/s (> 0).

    Returns
    -------
    float or numpy.ndarray
        E_w in eV.

    References
    ----------
    T. Walter et al., J. Appl. Phys. 80, 4411 (1996).

    Examples
    --------
    >>> round(demarcation_energy_ev(1e3, 300.0, 1e3 * 2.718281828459045**10), 6)
    0.25852
    """
    w = positive_array("omega_rad_s", omega_rad_s)
    t = positive_array("temperature_k", temperature_k)
    w0 = positive_array("omega0_rad_s", omega0_rad_s)
    return scalar_or_array(K_B_EV * t * np.log(w0 / w))


def trap_dos_from_capacitance_slope(dc_dlnw_f_m2, v_bi_v, depletion_width_m, temperature_k):
    """Trap DOS of eqn (W) from the logarithmic derivative dC/d ln w.

    Parameters
    ----------
    dc_dlnw_f_m2 : float or array_like
        dC/d ln w = w dC/dw of the capacitance per area, in F/m^2.
    v_bi_v : float
        Built-in voltage V_bi in V (> 0).
    depletion_width_m : float
        Depletion width W in m (> 0).
    temperature_k : float
        Temperature in K (> 0).

    Returns
    -------
    float or numpy.ndarray
        N_t = -(V_bi / (q W)) dC/d ln w / (k_B T) in m^-3 eV^-1.

    References
    ----------
    T. Walter et al., J. Appl. Phys. 80, 4411 (1996), eqn (6).

    Examples
    --------
    >>> kt = 300.0 * 8.617333262e-5
    >>> dc = -1.602176634e-19 * 200e-9 * 1e22 * kt  # a 1e22 m^-3 eV^-1 DOS at V_bi = 1 V
    >>> round(trap_dos_from_capacitance_slope(dc, 1.0, 200e-9, 300.0) / 1e22, 6)
    1.0
    """
    v_bi = require_positive("v_bi_v", v_bi_v)
    width = require_positive("depletion_width_m", depletion_width_m)
    t = require_positive("temperature_k", temperature_k)
    d = np.asarray(dc_dlnw_f_m2, dtype=float)
    return scalar_or_array(-(v_bi / (Q * width)) * d / (K_B_EV * t))


def attempt_frequency(xi0: float, temperature_k):
    """Attempt-to-escape angular frequency w0(T) = xi0 T^2.

    Parameters
    ----------
    xi0 : float
        Prefactor in rad s^-1 K^-2 (> 0).
    temperature_k : float or array_like
        Temperature in K (> 0).

    Returns
    -------
    float or numpy.ndarray
        w0 in rad/s.

    References
    ----------
    Walter et al. (1996); D. L. Losee, J. Appl. Phys. 46, 2204 (1975).

    Examples
    --------
    >>> attempt_frequency(1e5, 300.0)
    9000000000.0
    """
    t = positive_array("temperature_k", temperature_k)
    return scalar_or_array(positive_array("xi0", xi0) * t**2)


def gaussian_trap_band(energy_ev, center_ev: float, sigma_ev: float, total_density_per_m3: float):
    """Gaussian trap DOS with a given integrated density.

    Parameters
    ----------
    energy_ev : float or array_like
        Trap energy in eV.
    center_ev : float
        Band centre in eV.
    sigma_ev : float
        Standard deviation in eV (> 0).
    total_density_per_m3 : float
        Integral of the band over energy in m^-3 (>= 0).

    Returns
    -------
    float or numpy.ndarray
        DOS in m^-3 eV^-1.

    Examples
    --------
    >>> import numpy as np
    >>> e = np.linspace(0.0, 0.6, 6001)
    >>> round(float(np.trapezoid(gaussian_trap_band(e, 0.3, 0.02, 1e21), e)) / 1e21, 9)
    1.0
    """
    e = finite_array("energy_ev", energy_ev)
    s = positive_array("sigma_ev", sigma_ev)
    n = nonnegative_array("total_density_per_m3", total_density_per_m3)
    c = finite_array("center_ev", center_ev)
    return scalar_or_array(n * np.exp(-0.5 * ((e - c) / s) ** 2) / (s * np.sqrt(2 * np.pi)))


#: Parameter descriptions shared by :func:`trap_band_admittance` and
#: :func:`trap_band_capacitance` (substituted into both docstrings).
_BAND_PARAMETERS = """\
    omega_rad_s : array_like
        Angular frequencies in rad/s.
    energy_ev : array_like
        Energy grid of the DOS in eV (increasing).
    dos_per_m3_ev : array_like
        Trap DOS on ``energy_ev`` in m^-3 eV^-1.
    temperature_k : float
        Temperature in K.
    omega0_rad_s : float
        Attempt frequency w0 in rad/s.
    v_bi_v : float
        Built-in voltage in V.
    depletion_width_m : float
        Depletion width in m.
"""


def _with_band_parameters(func):
    """Insert :data:`_BAND_PARAMETERS` at ``{band_parameters}`` of ``func``'s docstring."""
    func.__doc__ = func.__doc__.replace("{band_parameters}", _BAND_PARAMETERS)
    return func


@_with_band_parameters
def trap_band_admittance(omega_rad_s, energy_ev, dos_per_m3_ev, temperature_k, omega0_rad_s,
                         v_bi_v, depletion_width_m, c_hf_f_m2, g_dc_s_m2=0.0):
    """Capacitance and conductance per area of a trap DOS (Debye response per energy).

    Parameters
    ----------
{band_parameters}    c_hf_f_m2 : float
        High-frequency (geometric/depletion) capacitance per area in F/m^2.
    g_dc_s_m2 : float, optional
        DC conductance per area in S/m^2 (default 0).

    Returns
    -------
    tuple of numpy.ndarray
        ``(C, G)`` in F/m^2 and S/m^2: C*(w) = C_hf + (q W / V_bi) int N_t / (1 + i w /
        w_e) dE, Y = G_dc + i w C*, C = Re C*, G = G_dc - w Im C*.

    References
    ----------
    Walter et al. (1996).

    Examples
    --------
    >>> import numpy as np
    >>> e = np.linspace(0.2, 0.4, 401)
    >>> c, g = trap_band_admittance([1.0, 1e12], e, gaussian_trap_band(e, 0.3, 0.01, 1e21),
    ...                             300.0, 1e11, 1.0, 2e-7, 1e-3)
    >>> round(float((c[0] - c[1]) / (1.602176634e-19 * 2e-7 * 1e21)), 4)  # full step q W N / V_bi
    1.0
    """
    w = np.asarray(omega_rad_s, dtype=float)[:, None]
    e = np.asarray(energy_ev, dtype=float)
    n = np.asarray(dos_per_m3_ev, dtype=float)
    x = w / (omega0_rad_s * np.exp(-e / (K_B_EV * temperature_k)))[None, :]
    pref = Q * depletion_width_m / v_bi_v
    c = c_hf_f_m2 + pref * np.trapezoid(n[None, :] / (1.0 + x**2), e, axis=1)
    g = g_dc_s_m2 + w[:, 0] * pref * np.trapezoid(n[None, :] * x / (1.0 + x**2), e, axis=1)
    return c, g


@_with_band_parameters
def trap_band_capacitance(omega_rad_s, energy_ev, dos_per_m3_ev, temperature_k, omega0_rad_s,
                          v_bi_v, depletion_width_m, c_hf_f_m2):
    """Capacitance per area C(w) of :func:`trap_band_admittance` (F/m^2).

    Parameters
    ----------
{band_parameters}    c_hf_f_m2 : float
        High-frequency capacitance per area in F/m^2.

    Returns
    -------
    numpy.ndarray
        C in F/m^2 at each angular frequency.

    References
    ----------
    Walter et al. (1996).

    Examples
    --------
    >>> import numpy as np
    >>> e = np.linspace(0.2, 0.4, 401)
    >>> c = trap_band_capacitance([1e12], e, np.zeros_like(e), 300.0, 1e11, 1.0, 2e-7, 1e-3)
    >>> float(c[0])
    0.001
    """
    return trap_band_admittance(omega_rad_s, energy_ev, dos_per_m3_ev, temperature_k,
                                omega0_rad_s, v_bi_v, depletion_width_m, c_hf_f_m2)[0]
