"""Depletion layer of a one-sided junction: depletion width and the Mott-Schottky relation.

In the depletion approximation a one-sided abrupt junction (or Schottky barrier) with
doping density N has a capacitance per area (S. M. Sze & K. K. Ng, "Physics of
Semiconductor Devices", 3rd ed., Wiley 2007, Ch. 2, abrupt junction, and Ch. 3,
metal-semiconductor depletion layer)::

    1 / C^2 = 2 (V_bi - V - m k_B T / q) / (q eps0 eps_r N)                   (MS)

with V the forward bias and m = 0 (plain depletion approximation), 1 (Schottky
barrier) or 2 (one-sided p-n junction).  The depletion width follows from the
parallel-plate capacitance, W = eps0 eps_r / C (Sze & Ng, Ch. 2).
"""

from __future__ import annotations

import numpy as np
from scipy import constants

from peled.device.ions import K_B_EV
from peled.errors import ParameterError, require_positive
from peled.validation import finite_array, positive_array, scalar_or_array

__all__ = [
    "depletion_capacitance",
    "depletion_width",
    "mott_schottky_doping",
]

Q = constants.e
EPS0 = constants.epsilon_0


def depletion_width(capacitance_f_m2, eps_r):
    """Depletion width of a parallel-plate junction capacitance.

    Parameters
    ----------
    capacitance_f_m2 : float or array_like
        Capacitance per area C in F/m^2 (> 0).
    eps_r : float or array_like
        Relative permittivity (> 0).

    Returns
    -------
    float or numpy.ndarray
        W = eps0 eps_r / C in m.

    References
    ----------
    S. M. Sze & K. K. Ng, "Physics of Semiconductor Devices", 3rd ed., Wiley (2007), Ch. 2.

    Examples
    --------
    >>> round(depletion_width(25.0 * 8.8541878128e-12 / 200e-9, 25.0) * 1e9, 6)
    200.0
    """
    c = positive_array("capacitance_f_m2", capacitance_f_m2)
    return scalar_or_array(EPS0 * positive_array("eps_r", eps_r) / c)


def depletion_capacitance(voltage_v, doping_per_m3, eps_r, v_bi_v, kt_terms: int = 0,
                          temperature_k: float = 300.0, thickness_m: float | None = None):
    """Depletion capacitance per area of eqn (MS): the forward model of C-V data.

    Parameters
    ----------
    voltage_v : float or array_like
        Forward bias V in V.
    doping_per_m3 : float or array_like
        Doping density N in m^-3 (> 0).
    eps_r : float or array_like
        Relative permittivity (> 0).
    v_bi_v : float or array_like
        Built-in voltage V_bi in V.
    kt_terms : int, optional
        m of eqn (MS): 0, 1 or 2 (default 0).
    temperature_k : float, optional
        Temperature in K for the m kT/q term (default 300).
    thickness_m : float, optional
        Layer thickness L in m: W cannot exceed L, so C saturates at the geometric
        capacitance eps0 eps_r / L (fully depleted layer).

    Returns
    -------
    float or numpy.ndarray
        C = sqrt(q eps0 eps_r N / (2 (V_bi - V - m kT/q))) in F/m^2; NaN where
        V >= V_bi - m kT/q (the depletion approximation fails there).

    References
    ----------
    Sze & Ng (2007), Ch. 2 and Ch. 3.

    Examples
    --------
    >>> c = depletion_capacitance(0.0, 1e22, 25.0, 1.0)
    >>> round(float(1 / c**2 * 1.602176634e-19 * 8.8541878128e-12 * 25.0 * 1e22 / 2), 6)
    1.0
    """
    v = finite_array("voltage_v", voltage_v)
    n = positive_array("doping_per_m3", doping_per_m3)
    eps = EPS0 * positive_array("eps_r", eps_r)
    drop = finite_array("v_bi_v", v_bi_v) - v - kt_terms * K_B_EV * temperature_k
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.where(drop > 0, np.sqrt(Q * eps * n / (2.0 * np.where(drop > 0, drop, 1.0))),
                     np.nan)
    if thickness_m is not None:
        c = np.maximum(c, eps / require_positive("thickness_m", thickness_m))
    return scalar_or_array(c)


def mott_schottky_doping(slope, eps_r, area_m2: float = 1.0):
    """Doping density from the slope of 1/C^2 vs V, eqn (MS).

    Parameters
    ----------
    slope : float or array_like
        d(1/C^2)/dV in m^4 F^-2 V^-1 for C per area (``area_m2`` = 1) or in
        F^-2 V^-1 for the absolute capacitance of a device of area A.  The sign only
        reflects the bias convention and is ignored; it must be non-zero.
    eps_r : float or array_like
        Relative permittivity (> 0).
    area_m2 : float, optional
        Device area A in m^2 (default 1: C per area).

    Returns
    -------
    float or numpy.ndarray
        N = 2 / (q eps0 eps_r A^2 abs(slope)) in m^-3.

    References
    ----------
    Sze & Ng (2007), Ch. 2.

    Examples
    --------
    >>> round(mott_schottky_doping(-2 / (1.602176634e-19 * 8.8541878128e-12 * 25 * 1e22),
    ...                            25.0) / 1e22, 6)
    1.0
    """
    b = np.abs(finite_array("slope", slope))
    if np.any(b == 0):
        raise ParameterError("slope must be non-zero (1/C^2 independent of V has no doping)")
    eps = positive_array("eps_r", eps_r)
    a = positive_array("area_m2", area_m2)
    return scalar_or_array(2.0 / (Q * EPS0 * eps * a**2 * b))
