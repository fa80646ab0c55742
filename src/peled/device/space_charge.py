"""Space-charge-limited current in a single-carrier layer: Mott-Gurney law and trap filling.

Equations (SI units):

* Mott-Gurney law of trap-free space-charge-limited current (N. F. Mott & R. W.
  Gurney, "Electronic Processes in Ionic Crystals", Oxford 1940), with the built-in
  voltage correction of G. G. Malliaras, J. R. Salem, P. J. Brock & C. Scott,
  Phys. Rev. B 58, R13411 (1998)::

      J = 9 eps0 eps_r mu (V - V_bi)^2 / (8 L^3)                         (MG)

* trap-filled-limit voltage and trap density (M. A. Lampert, Phys. Rev. 103, 1648,
  1956; Jiang et al., "Defects in lead halide perovskite LEDs under electric field",
  Nanoscale (2024), eqn (13))::

      N_t = 2 eps0 eps_r V_TFL / (q L^2)                                 (13)

These are pure functions used by the SCLC analysis of :mod:`peled.characterize.sclc`
and by the synthetic generators of :mod:`peled.datasets`.
"""

from __future__ import annotations

import numpy as np
from scipy import constants

from peled.errors import ParameterError
from peled.validation import finite_array, positive_array, scalar_or_array

__all__ = [
    "mobility_mott_gurney",
    "mott_gurney_current_density",
    "single_carrier_jv",
    "trap_density_tfl",
    "v_tfl_from_trap_density",
]

EPS0 = constants.epsilon_0
Q = constants.e


def trap_density_tfl(v_tfl_v, eps_r, thickness_m):
    """Trap density from the trap-filled-limit voltage, eqn (13).

    Parameters
    ----------
    v_tfl_v : float or array_like
        Trap-filled-limit voltage V_TFL in V (> 0).
    eps_r : float or array_like
        Relative permittivity of the layer (> 0).
    thickness_m : float or array_like
        Layer thickness L in m (> 0).

    Returns
    -------
    float or numpy.ndarray
        Trap density N_t = 2 eps0 eps_r V_TFL / (q L^2) in m^-3.

    References
    ----------
    M. A. Lampert, Phys. Rev. 103, 1648 (1956); Jiang et al., Nanoscale (2024), eqn (13).

    Examples
    --------
    >>> round(trap_density_tfl(1.0, 25.0, 300e-9) * 1e-6 / 1e16, 3)  # cm^-3 / 1e16
    3.07
    """
    v = positive_array("v_tfl_v", v_tfl_v)
    e = positive_array("eps_r", eps_r)
    L = positive_array("thickness_m", thickness_m)
    return scalar_or_array(2.0 * EPS0 * e * v / (Q * L**2))


def v_tfl_from_trap_density(trap_density_per_m3, eps_r, thickness_m):
    """Trap-filled-limit voltage of a trap density, the inverse of eqn (13).

    Parameters
    ----------
    trap_density_per_m3 : float or array_like
        Trap density N_t in m^-3 (> 0).
    eps_r : float or array_like
        Relative permittivity (> 0).
    thickness_m : float or array_like
        Layer thickness L in m (> 0).

    Returns
    -------
    float or numpy.ndarray
        V_TFL = q N_t L^2 / (2 eps0 eps_r) in V.

    References
    ----------
    Jiang et al., Nanoscale (2024), eqn (13).

    Examples
    --------
    >>> round(v_tfl_from_trap_density(trap_density_tfl(0.8, 25.0, 3e-7), 25.0, 3e-7), 12)
    0.8
    """
    n = positive_array("trap_density_per_m3", trap_density_per_m3)
    L = positive_array("thickness_m", thickness_m)
    return scalar_or_array(Q * n * L**2 / (2.0 * EPS0 * positive_array("eps_r", eps_r)))


def mott_gurney_current_density(voltage_v, mobility_m2_vs, eps_r, thickness_m, v_bi_v=0.0):
    """Trap-free space-charge-limited current density, eqn (MG).

    Parameters
    ----------
    voltage_v : float or array_like
        Applied voltage V in V.
    mobility_m2_vs : float or array_like
        Carrier mobility mu in m^2/(V s) (> 0).
    eps_r : float or array_like
        Relative permittivity (> 0).
    thickness_m : float or array_like
        Layer thickness L in m (> 0).
    v_bi_v : float or array_like, optional
        Built-in voltage V_bi in V subtracted from V (default 0).

    Returns
    -------
    float or numpy.ndarray
        J = 9 eps0 eps_r mu (V - V_bi)^2 / (8 L^3) in A/m^2; zero where V <= V_bi.

    References
    ----------
    N. F. Mott & R. W. Gurney, "Electronic Processes in Ionic Crystals", Oxford (1940);
    G. G. Malliaras et al., Phys. Rev. B 58, R13411 (1998).

    Examples
    --------
    >>> round(mott_gurney_current_density(1.0, 1e-4, 25.0, 300e-9), 4)  # A/m^2
    922311.2311
    """
    v = np.clip(finite_array("voltage_v", voltage_v) - finite_array("v_bi_v", v_bi_v), 0.0, None)
    mu = positive_array("mobility_m2_vs", mobility_m2_vs)
    eps = positive_array("eps_r", eps_r)
    L = positive_array("thickness_m", thickness_m)
    return scalar_or_array(9.0 * EPS0 * eps * mu * v**2 / (8.0 * L**3))


def mobility_mott_gurney(voltage_v, current_density_a_m2, eps_r, thickness_m, v_bi_v=0.0):
    """Mobility from a point of the Child region: eqn (MG) solved for mu.

    Parameters
    ----------
    voltage_v : float or array_like
        Voltage V in V (must exceed ``v_bi_v``).
    current_density_a_m2 : float or array_like
        Current density J in A/m^2 (> 0).
    eps_r : float or array_like
        Relative permittivity (> 0).
    thickness_m : float or array_like
        Layer thickness L in m (> 0).
    v_bi_v : float or array_like, optional
        Built-in voltage in V (default 0).

    Returns
    -------
    float or numpy.ndarray
        mu = 8 J L^3 / (9 eps0 eps_r (V - V_bi)^2) in m^2/(V s).

    References
    ----------
    N. F. Mott & R. W. Gurney, "Electronic Processes in Ionic Crystals", Oxford (1940).

    Examples
    --------
    >>> j = mott_gurney_current_density(2.0, 3e-5, 25.0, 3e-7)
    >>> round(float(mobility_mott_gurney(2.0, j, 25.0, 3e-7)) * 1e5, 9)
    3.0
    """
    v = finite_array("voltage_v", voltage_v) - finite_array("v_bi_v", v_bi_v)
    j = positive_array("current_density_a_m2", current_density_a_m2)
    if np.any(v <= 0):
        raise ParameterError("voltage_v must exceed v_bi_v for the Mott-Gurney law")
    eps = positive_array("eps_r", eps_r)
    L = positive_array("thickness_m", thickness_m)
    return scalar_or_array(8.0 * j * L**3 / (9.0 * EPS0 * eps * v**2))


def single_carrier_jv(voltage_v, thickness_m, eps_r, mobility_m2_vs, v_tfl_v,
                      free_carrier_density_per_m3, tfl_slope=8.0):
    """Idealised single-carrier J-V: ohmic, then trap-filled limit, then Mott-Gurney.

    Below V_TFL the current is ohmic, J = q n0 mu V / L (Lampert 1956); above it a power
    law of exponent ``tfl_slope`` starts from the ohmic current at V_TFL and rises until
    it meets the trap-free Mott-Gurney current (eqn MG), which it follows thereafter.

    Parameters
    ----------
    voltage_v : array_like
        Voltages in V (the sign is kept for the ohmic part; abs(V) for the power law).
    thickness_m : float
        Layer thickness L in m.
    eps_r : float
        Relative permittivity.
    mobility_m2_vs : float
        Mobility mu in m^2/(V s).
    v_tfl_v : float
        Trap-filled-limit voltage in V (> 0).
    free_carrier_density_per_m3 : float
        Thermal free-carrier density n0 in m^-3.
    tfl_slope : float, optional
        Log-log slope of the trap-filled-limit region (default 8).

    Returns
    -------
    numpy.ndarray
        Current density in A/m^2.

    Raises
    ------
    ParameterError
        When the Child current at V_TFL does not exceed the ohmic one (no TFL region).

    References
    ----------
    M. A. Lampert, Phys. Rev. 103, 1648 (1956); Mott & Gurney (1940).

    Examples
    --------
    >>> j = single_carrier_jv([0.1, 5.0], 3e-7, 25.0, 1e-5, 0.8, 1e19)
    >>> j_child = mott_gurney_current_density(5.0, 1e-5, 25.0, 3e-7)
    >>> round(float(j[0]), 6), round(float(j[1] / j_child), 6)
    (5.340589, 1.0)
    """
    v = np.asarray(voltage_v, dtype=float)
    j_ohm = Q * free_carrier_density_per_m3 * mobility_m2_vs * v / thickness_m
    j_child = mott_gurney_current_density(v, mobility_m2_vs, eps_r, thickness_m)
    j_ohm_tfl = Q * free_carrier_density_per_m3 * mobility_m2_vs * v_tfl_v / thickness_m
    if mott_gurney_current_density(v_tfl_v, mobility_m2_vs, eps_r, thickness_m) <= j_ohm_tfl:
        raise ParameterError("Child current at v_tfl_v must exceed the ohmic current")
    with np.errstate(divide="ignore"):
        j_tfl = j_ohm_tfl * (np.abs(v) / v_tfl_v) ** tfl_slope
    return np.where(np.abs(v) < v_tfl_v, j_ohm, np.minimum(j_tfl, j_child))
