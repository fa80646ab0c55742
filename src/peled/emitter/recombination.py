"""Steady-state recombination models: PLQY(n), channel fractions, peak and roll-off.

Rate constants in any consistent unit system; the CLI uses the units of the review: n in cm^-3,
k1 in s^-1, k2 in cm^3 s^-1, k3 in cm^6 s^-1 (Jang et al. (2025) eqns 1-3).  All functions accept
scalars or arrays and broadcast.

* ABC model (Jang et al. (2025) eqns 1-2; Jiang et al. (2024) eqns 7, 9 with A = k1, B = k2, C =
  k3):
  ``PLQY = k2 n / (k1 + k2 n + k3 n^2)``.
* Nanocrystalline ABC with radiative excitonic monomolecular part (Jang et al. (2025) eqn 3):
  ``PLQY = (k1r + k2 n) / (k1r + k1nr + k2 n + k3 n^2)``.
* Excitonic model (Jiang et al. (2024) eqns 8, 10): ``PLQY = k_ex / (k_ex + k_trap + k_aug n)``,
  whose low-density limit is ``k_ex / (k_ex + k_trap)`` (Jiang et al. (2024) text after eqn 8).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.errors import ParameterError
from peled.validation import nonnegative_array

__all__ = [
    "ChannelFractions",
    "PeakPLQY",
    "abc_peak",
    "abc_rolloff_onset",
    "channel_fractions",
    "excitonic_rolloff_onset",
    "plqy_abc",
    "plqy_abc_excitonic",
    "plqy_excitonic",
]


def _nonnegative(**values) -> tuple[np.ndarray, ...]:
    """Each keyword as a float array, finite and >= 0 (message names the keyword)."""
    return tuple(nonnegative_array(name, v) for name, v in values.items())


def plqy_abc(n, k1, k2, k3):
    """PLQY of the ABC model: ``k2 n / (k1 + k2 n + k3 n^2)``.

    Parameters
    ----------
    n : float or array_like
        Carrier density, >= 0, in the density unit of the rate constants (e.g. cm^-3).
    k1 : float or array_like
        Monomolecular (trap-assisted) rate constant, >= 0, e.g. in s^-1.
    k2 : float or array_like
        Bimolecular (radiative) rate constant, >= 0, e.g. in cm^3 s^-1.
    k3 : float or array_like
        Auger rate constant, >= 0, e.g. in cm^6 s^-1.

    Returns
    -------
    numpy.ndarray
        PLQY in [0, 1] (broadcast shape of the inputs); 0 where every rate vanishes.

    Raises
    ------
    peled.errors.ParameterError
        If an input is negative or not finite.

    References
    ----------
    Jang, Chang, Kim, Yoon, Lee, Adv. Mater. (2025), 2415648, eqn (2).
    Jiang et al., Nanoscale 16, 3838 (2024), eqn (7) (A = k1, B = k2, C = k3).

    Examples
    --------
    Typical bulk 3D constants (Jang et al. (2025), sec. 2): the PLQY peaks at
    n = sqrt(k1/k3) = 1e17 cm^-3.

    >>> plqy_abc([1e15, 1e17, 1e19], k1=1e6, k2=1e-10, k3=1e-28).round(4).tolist()
    [0.0909, 0.8333, 0.0909]
    """
    n, k1, k2, k3 = _nonnegative(n=n, k1=k1, k2=k2, k3=k3)
    den = k1 + k2 * n + k3 * n**2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, k2 * n / np.where(den > 0, den, 1.0), 0.0)


def plqy_abc_excitonic(n, k1r, k1nr, k2, k3):
    """PLQY with a radiative excitonic monomolecular part (nanocrystalline ABC model).

    ``PLQY = (k1r + k2 n) / (k1r + k1nr + k2 n + k3 n^2)``.

    Parameters
    ----------
    n : float or array_like
        Carrier density, >= 0, in the density unit of the rate constants (e.g. cm^-3).
    k1r : float or array_like
        Radiative (excitonic) monomolecular rate constant, >= 0, e.g. in s^-1.
    k1nr : float or array_like
        Non-radiative (trap) monomolecular rate constant, >= 0, e.g. in s^-1.
    k2 : float or array_like
        Bimolecular rate constant, >= 0, e.g. in cm^3 s^-1.
    k3 : float or array_like
        Auger rate constant, >= 0, e.g. in cm^6 s^-1.

    Returns
    -------
    numpy.ndarray
        PLQY in [0, 1] (broadcast shape of the inputs).

    Raises
    ------
    peled.errors.ParameterError
        If an input is negative or not finite, or all rates are zero.

    References
    ----------
    Jang, Chang, Kim, Yoon, Lee, Adv. Mater. (2025), 2415648, eqn (3).

    Examples
    --------
    >>> float(plqy_abc_excitonic(1e17, k1r=5e5, k1nr=5e5, k2=1e-10, k3=1e-28))
    0.875
    """
    n, k1r, k1nr, k2, k3 = _nonnegative(n=n, k1r=k1r, k1nr=k1nr, k2=k2, k3=k3)
    den = k1r + k1nr + k2 * n + k3 * n**2
    if np.any(den <= 0):
        raise ParameterError("plqy_abc_excitonic: all rates are zero")
    return (k1r + k2 * n) / den


def plqy_excitonic(n, k_ex, k_trap, k_aug):
    """PLQY of the excitonic model: ``k_ex / (k_ex + k_trap + k_aug n)``.

    Parameters
    ----------
    n : float or array_like
        Carrier density, >= 0, in the density unit of the rate constants (e.g. cm^-3).
    k_ex : float or array_like
        Radiative excitonic rate constant, >= 0, e.g. in s^-1.
    k_trap : float or array_like
        Trapping rate constant, >= 0, e.g. in s^-1.
    k_aug : float or array_like
        Auger (exciton-exciton) rate constant, >= 0, e.g. in cm^3 s^-1.

    Returns
    -------
    numpy.ndarray
        PLQY in [0, 1]; at n = 0 the limit ``k_ex / (k_ex + k_trap)``.

    Raises
    ------
    peled.errors.ParameterError
        If an input is negative or not finite, or ``k_ex + k_trap`` is 0.

    References
    ----------
    Jiang et al., Nanoscale 16, 3838 (2024), eqns (8) and (10) and the text after eqn (8).

    Examples
    --------
    >>> plqy_excitonic([0.0, 1e16], k_ex=2e7, k_trap=5e6, k_aug=1e-9).round(4).tolist()
    [0.8, 0.5714]
    """
    n, k_ex, k_trap, k_aug = _nonnegative(n=n, k_ex=k_ex, k_trap=k_trap, k_aug=k_aug)
    den = k_ex + k_trap + k_aug * n
    if np.any(den <= 0):
        raise ParameterError("plqy_excitonic: k_ex + k_trap must be > 0")
    return k_ex / den


@dataclass(frozen=True)
class ChannelFractions:
    """Fractions of the total recombination rate by channel (they sum to 1).

    Attributes
    ----------
    mono : numpy.ndarray
        Monomolecular share ``k1 n / R``.
    bi : numpy.ndarray
        Bimolecular share ``k2 n^2 / R``.
    auger : numpy.ndarray
        Auger share ``k3 n^3 / R``.
    """

    mono: np.ndarray
    bi: np.ndarray
    auger: np.ndarray


def channel_fractions(n, k1, k2, k3) -> ChannelFractions:
    """Shares ``k1 n : k2 n^2 : k3 n^3`` of the total recombination rate R.

    Parameters
    ----------
    n : float or array_like
        Carrier density, >= 0, in the density unit of the rate constants (e.g. cm^-3).
    k1 : float or array_like
        Monomolecular (trap-assisted) rate constant, >= 0, e.g. in s^-1.
    k2 : float or array_like
        Bimolecular (radiative) rate constant, >= 0, e.g. in cm^3 s^-1.
    k3 : float or array_like
        Auger rate constant, >= 0, e.g. in cm^6 s^-1.

    Returns
    -------
    ChannelFractions
        Monomolecular, bimolecular and Auger fractions (each in [0, 1], summing to 1).

    Raises
    ------
    peled.errors.ParameterError
        If an input is negative or not finite, or the total rate is zero.

    References
    ----------
    Jang, Chang, Kim, Yoon, Lee, Adv. Mater. (2025), 2415648, eqn (1) and Fig. 2C-D.

    Examples
    --------
    >>> f = channel_fractions(1e17, k1=1e6, k2=1e-10, k3=1e-28)
    >>> round(float(f.mono), 4), round(float(f.bi), 4), round(float(f.auger), 4)
    (0.0833, 0.8333, 0.0833)
    """
    n, k1, k2, k3 = _nonnegative(n=n, k1=k1, k2=k2, k3=k3)
    r1, r2, r3 = k1 * n, k2 * n**2, k3 * n**3
    tot = r1 + r2 + r3
    if np.any(tot <= 0):
        raise ParameterError("channel_fractions: total rate is zero (n = 0 or all k = 0)")
    return ChannelFractions(r1 / tot, r2 / tot, r3 / tot)


@dataclass(frozen=True)
class PeakPLQY:
    """Density of maximum PLQY and the maximum (ABC model).

    Attributes
    ----------
    n_peak : float
        Density of the maximum, ``sqrt(k1/k3)``, in the density unit of the constants.
    plqy_max : float
        The maximum PLQY, in [0, 1].
    """

    n_peak: float
    plqy_max: float


def abc_peak(k1, k2, k3) -> PeakPLQY:
    """Maximum of the ABC PLQY: n* = sqrt(k1/k3), PLQY_max = k2/(k2 + 2 sqrt(k1 k3)).

    d/dn [k2 n / (k1 + k2 n + k3 n^2)] = 0 gives k1 = k3 n^2.

    Parameters
    ----------
    k1 : float
        Monomolecular rate constant, > 0, e.g. in s^-1.
    k2 : float
        Bimolecular rate constant, > 0, e.g. in cm^3 s^-1.
    k3 : float
        Auger rate constant, > 0, e.g. in cm^6 s^-1.

    Returns
    -------
    PeakPLQY
        The density of the maximum (e.g. in cm^-3) and the maximum PLQY.

    Raises
    ------
    peled.errors.ParameterError
        If a constant is not > 0 (no finite maximum).

    References
    ----------
    Jang, Chang, Kim, Yoon, Lee, Adv. Mater. (2025), 2415648, eqn (2).

    Examples
    --------
    >>> pk = abc_peak(1e6, 1e-10, 1e-28)  # 1e-10 / (1e-10 + 2e-11) = 5/6
    >>> pk.n_peak, round(float(pk.plqy_max), 4)
    (1e+17, 0.8333)
    """
    k1, k2, k3 = (float(k) for k in _nonnegative(k1=k1, k2=k2, k3=k3))
    if k1 <= 0 or k3 <= 0 or k2 <= 0:
        raise ParameterError("abc_peak: k1, k2 and k3 must all be > 0 for a finite maximum")
    return PeakPLQY(float(np.sqrt(k1 / k3)), k2 / (k2 + 2.0 * np.sqrt(k1 * k3)))


def abc_rolloff_onset(k1, k2, k3, drop: float = 0.1) -> float:
    """Density above the peak where the ABC PLQY has fallen to (1 - drop) x PLQY_max.

    Larger root of q k3 n^2 + (q - 1) k2 n + q k1 = 0 with q = (1 - drop) PLQY_max.

    Parameters
    ----------
    k1 : float
        Monomolecular rate constant, > 0, e.g. in s^-1.
    k2 : float
        Bimolecular rate constant, > 0, e.g. in cm^3 s^-1.
    k3 : float
        Auger rate constant, > 0, e.g. in cm^6 s^-1.
    drop : float, default 0.1
        Relative drop from the maximum, in (0, 1) (peled's choice: 10 %).

    Returns
    -------
    float
        Roll-off onset density, in the density unit of the constants (e.g. cm^-3).

    Raises
    ------
    peled.errors.ParameterError
        If ``drop`` is outside (0, 1) or a constant is not > 0.

    References
    ----------
    Jang, Chang, Kim, Yoon, Lee, Adv. Mater. (2025), 2415648, eqn (2) (solved for n).

    Examples
    --------
    PLQY_max = 5/6, so q = 0.75 and the larger root of
    0.75e-28 n^2 - 0.25e-10 n + 0.75e6 = 0 is 3e17 cm^-3:

    >>> abc_rolloff_onset(1e6, 1e-10, 1e-28)
    3e+17
    """
    if not 0 < drop < 1:
        raise ParameterError(f"drop must be in (0, 1), got {drop!r}")
    pk = abc_peak(k1, k2, k3)
    q = (1 - drop) * pk.plqy_max
    a, b, c = q * k3, (q - 1) * k2, q * k1
    return float((-b + np.sqrt(b * b - 4 * a * c)) / (2 * a))


def excitonic_rolloff_onset(k_ex, k_trap, k_aug, drop: float = 0.1) -> float:
    """Density where the excitonic PLQY has fallen by ``drop`` from its low-density limit.

    PLQY/PLQY_0 = 1 / (1 + k_aug n / (k_ex + k_trap)) = 1 - drop.

    Parameters
    ----------
    k_ex : float
        Radiative excitonic rate constant, >= 0, e.g. in s^-1.
    k_trap : float
        Trapping rate constant, >= 0, e.g. in s^-1 (``k_ex + k_trap`` > 0).
    k_aug : float
        Auger rate constant, > 0, e.g. in cm^3 s^-1.
    drop : float, default 0.1
        Relative drop from the low-density PLQY, in (0, 1).

    Returns
    -------
    float
        Density ``drop / (1 - drop) (k_ex + k_trap) / k_aug`` (e.g. in cm^-3).

    Raises
    ------
    peled.errors.ParameterError
        If ``drop`` is outside (0, 1), ``k_aug`` <= 0 or ``k_ex + k_trap`` <= 0.

    References
    ----------
    Jiang et al., Nanoscale 16, 3838 (2024), eqn (8).

    Examples
    --------
    >>> round(excitonic_rolloff_onset(2e7, 5e6, 1e-9) / 1e15, 4)  # (1/9) 2.5e7 / 1e-9
    2.7778
    """
    if not 0 < drop < 1:
        raise ParameterError(f"drop must be in (0, 1), got {drop!r}")
    if k_aug <= 0 or k_ex + k_trap <= 0:
        raise ParameterError("excitonic_rolloff_onset: k_aug and k_ex + k_trap must be > 0")
    return float(drop / (1 - drop) * (k_ex + k_trap) / k_aug)
