"""EQE budget of a perovskite LED: charge balance x radiative efficiency x outcoupling.

* ``EQE = gamma x eta_rad x eta_out`` (Tsutsui, MRS Bull. 22(6), 39 (1997), with the
  spin factor set to 1 for perovskite emitters); eta_rad is the PLQY at the operating
  carrier density (Jang et al. (2025) eqns 2-3, Jiang et al. (2024) eqns 7-8).  Optical losses
  typically cap
  eta_out near 0.2-0.3 (Jang et al. (2025) sec. 8: EQE_max < ~30 % without outcoupling structures).
* Steady state in an emissive layer of thickness d: every balanced injected pair
  recombines there, ``gamma J / (q d) = k1 n + k2 n^2 + k3 n^3`` (Jang et al. (2025) eqn 1 with a
  generation term), solved for n > 0 by monotone Newton iteration (the cubic is convex
  and increasing for n >= 0).
* Tandem (Jang et al. (2025) eqn 4): ``EQE_tandem = xi_CGE x (EQE_LEU1 + EQE_LEU2 + ...)``.

SI units: J in A m^-2, d in m, n in m^-3, k1 in s^-1, k2 in m^3 s^-1, k3 in m^6 s^-1
(multiply cm^3/s by 1e-6 and cm^6/s by 1e-12).
"""

from __future__ import annotations

import numpy as np
from scipy import constants as sc

from peled.emitter.recombination import plqy_abc
from peled.errors import ParameterError, require_positive
from peled.validation import fraction_array, nonnegative_array

__all__ = [
    "eqe",
    "eqe_rolloff",
    "eqe_tandem",
    "generation_rate",
    "steady_state_density",
]


def eqe(charge_balance, radiative_efficiency, outcoupling):
    """EQE = gamma x eta_rad x eta_out (all fractions in [0, 1]; Tsutsui 1997).

    Parameters
    ----------
    charge_balance : array_like
        Charge-balance factor gamma, [0, 1].
    radiative_efficiency : array_like
        Radiative efficiency (PLQY) eta_rad, [0, 1].
    outcoupling : array_like
        Outcoupling efficiency eta_out, [0, 1].

    Returns
    -------
    numpy.ndarray or float
        EQE as a fraction.

    References
    ----------
    Tsutsui, MRS Bull. 22, 39 (1997).

    Examples
    --------
    >>> round(float(eqe(1.0, 0.9, 0.25)), 6)
    0.225
    """
    return (
        fraction_array("charge_balance", charge_balance)
        * fraction_array("radiative_efficiency", radiative_efficiency)
        * fraction_array("outcoupling", outcoupling)
    )


def generation_rate(current_density_a_m2, thickness_m, charge_balance=1.0):
    """Pair generation rate gamma J / (q d) in m^-3 s^-1.

    Parameters
    ----------
    current_density_a_m2 : array_like
        Current density J, A/m^2 (>= 0).
    thickness_m : float
        Emitting-layer thickness d, m (> 0).
    charge_balance : float, optional
        gamma in [0, 1].

    Returns
    -------
    numpy.ndarray or float
        Generation rate G, m^-3 s^-1.

    Examples
    --------
    >>> f"{generation_rate(10.0, 50e-9):.4e}"  # 10 A/m^2 = 1 mA/cm^2 in 50 nm
    '1.2483e+27'
    """
    j = np.asarray(current_density_a_m2, dtype=float)
    if np.any(~np.isfinite(j)) or np.any(j < 0):
        raise ParameterError(f"current density must be finite and >= 0 A/m^2, got {j!r}")
    d = require_positive("thickness_m", thickness_m)
    return fraction_array("charge_balance", charge_balance) * j / (sc.e * d)


def steady_state_density(generation, k1, k2, k3):
    """Positive root n of k1 n + k2 n^2 + k3 n^3 = G (vectorised monotone Newton).

    Parameters
    ----------
    generation : array_like
        Generation rate G, m^-3 s^-1 (>= 0).
    k1 : float
        Monomolecular rate, s^-1 (>= 0).
    k2 : float
        Bimolecular coefficient, m^3/s (>= 0).
    k3 : float
        Auger coefficient, m^6/s (>= 0).

    Returns
    -------
    numpy.ndarray or float
        Density n, m^-3, with k1 n + k2 n^2 + k3 n^3 = G.

    References
    ----------
    Jang et al., Adv. Mater. (2025), eqn (1).

    Examples
    --------
    >>> n = steady_state_density(1e28, 1e6, 1e-16, 1e-40)
    >>> f"{n:.4e}", f"{1e6 * n + 1e-16 * n**2 + 1e-40 * n**3:.4e}"
    ('6.1698e+21', '1.0000e+28')
    """
    g = np.asarray(generation, dtype=float)
    if np.any(~np.isfinite(g)) or np.any(g < 0):
        raise ParameterError("generation rate must be finite and >= 0")
    for name, k in (("k1", k1), ("k2", k2), ("k3", k3)):
        nonnegative_array(name, k)
    if k1 == k2 == k3 == 0:
        raise ParameterError("steady_state_density: all recombination constants are zero")
    with np.errstate(divide="ignore", invalid="ignore"):
        guesses = [
            g / k1 if k1 > 0 else np.inf,
            np.sqrt(g / k2) if k2 > 0 else np.inf,
            np.cbrt(g / k3) if k3 > 0 else np.inf,
        ]
    n = np.minimum.reduce([np.broadcast_to(x, g.shape) for x in guesses]).astype(float)
    for _ in range(200):
        f = k1 * n + k2 * n**2 + k3 * n**3 - g
        fp = k1 + 2 * k2 * n + 3 * k3 * n**2
        step = np.where(fp > 0, f / np.where(fp > 0, fp, 1.0), 0.0)
        n = n - step
        if np.all(np.abs(step) <= 1e-13 * np.maximum(n, 1e-300)):
            break
    return np.where(g > 0, n, 0.0)


def eqe_rolloff(current_density_a_m2, thickness_m, k1, k2, k3, charge_balance=1.0, outcoupling=0.2):
    """EQE(J) from the ABC model: gamma x PLQY(n(J)) x eta_out (Jang et al. (2025) eqns 1-2).

    Returns (eqe, n) arrays; n in m^-3.

    Parameters
    ----------
    current_density_a_m2 : array_like
        Current density J, A/m^2 (>= 0).
    thickness_m : float
        Emitting-layer thickness d, m (> 0).
    k1 : float
        Monomolecular (trap) rate, s^-1 (>= 0).
    k2 : float
        Bimolecular radiative coefficient, m^3/s (> 0).
    k3 : float
        Auger coefficient, m^6/s (>= 0).
    charge_balance : float, optional
        gamma in [0, 1].
    outcoupling : float, optional
        eta_out in [0, 1]; default 0.2.

    Returns
    -------
    tuple of numpy.ndarray
        ``(eqe, n)``: EQE (fraction) and the steady-state density n (m^-3).

    References
    ----------
    Jang et al., Adv. Mater. (2025), eqns (1)-(2).

    Examples
    --------
    Bulk-3D constants of Jang et al. (2025) sec. 2 (k1 = 1e6 s^-1, k2 = 1e-10 cm^3/s,
    k3 = 1e-28 cm^6/s) in SI units, 50 nm layer:

    >>> import numpy as np
    >>> e, n = eqe_rolloff(np.array([1.0, 1e3, 1e5]), 50e-9, 1e6, 1e-16, 1e-40)
    >>> e.round(4).tolist(), [f"{v:.2e}" for v in n]
    ([0.0024, 0.147, 0.1495], ['1.23e+20', '3.03e+22', '3.05e+23'])
    """
    g = generation_rate(current_density_a_m2, thickness_m, charge_balance)
    n = steady_state_density(g, k1, k2, k3)
    return eqe(charge_balance, plqy_abc(n, k1, k2, k3), outcoupling), n


def eqe_tandem(unit_eqes, charge_generation_efficiency=1.0):
    """Tandem EQE = xi_CGE x sum of the light-emitting units' EQEs (Jang et al. (2025) eqn 4).

    ``unit_eqes`` are fractions (0.2 = 20 %); the result can exceed 1 for several units.

    Parameters
    ----------
    unit_eqes : array_like
        EQEs of the stacked light-emitting units, fractions.
    charge_generation_efficiency : float, optional
        xi_CGE of the charge-generation layers, [0, 1].

    Returns
    -------
    float
        Tandem EQE as a fraction (can exceed 1).

    References
    ----------
    Jang et al., Adv. Mater. (2025), eqn (4).

    Examples
    --------
    >>> round(eqe_tandem([0.2, 0.2], 0.95), 4)
    0.38
    """
    e = fraction_array("unit EQE", unit_eqes)
    if e.ndim != 1 or e.size < 2:
        raise ParameterError("eqe_tandem needs at least two light-emitting-unit EQEs")
    xi = fraction_array("charge_generation_efficiency", charge_generation_efficiency)
    return float(xi * e.sum())
