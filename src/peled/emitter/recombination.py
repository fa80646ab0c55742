"""Steady-state recombination models: PLQY(n), channel fractions, peak and roll-off.

Rate constants in any consistent unit system; the CLI uses the seed's units: n in cm^-3,
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
    """PLQY of the ABC model, Jang et al. (2025) eqn (2) / Jiang et al. (2024) eqn (7)."""
    n, k1, k2, k3 = _nonnegative(n=n, k1=k1, k2=k2, k3=k3)
    den = k1 + k2 * n + k3 * n**2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, k2 * n / np.where(den > 0, den, 1.0), 0.0)


def plqy_abc_excitonic(n, k1r, k1nr, k2, k3):
    """PLQY with radiative excitonic k1r and trap k1nr (Jang et al. (2025) eqn 3)."""
    n, k1r, k1nr, k2, k3 = _nonnegative(n=n, k1r=k1r, k1nr=k1nr, k2=k2, k3=k3)
    den = k1r + k1nr + k2 * n + k3 * n**2
    if np.any(den <= 0):
        raise ParameterError("plqy_abc_excitonic: all rates are zero")
    return (k1r + k2 * n) / den


def plqy_excitonic(n, k_ex, k_trap, k_aug):
    """PLQY of the excitonic model, Jiang et al. (2024) eqn (8): k_ex/(k_ex + k_trap + k_aug n)."""
    n, k_ex, k_trap, k_aug = _nonnegative(n=n, k_ex=k_ex, k_trap=k_trap, k_aug=k_aug)
    den = k_ex + k_trap + k_aug * n
    if np.any(den <= 0):
        raise ParameterError("plqy_excitonic: k_ex + k_trap must be > 0")
    return k_ex / den


@dataclass(frozen=True)
class ChannelFractions:
    """Fractions of the total recombination rate by channel (they sum to 1)."""

    mono: np.ndarray
    bi: np.ndarray
    auger: np.ndarray


def channel_fractions(n, k1, k2, k3) -> ChannelFractions:
    """k1 n : k2 n^2 : k3 n^3 shares of the total rate (Jang et al. (2025) eqn 1; Fig. 2C-D)."""
    n, k1, k2, k3 = _nonnegative(n=n, k1=k1, k2=k2, k3=k3)
    r1, r2, r3 = k1 * n, k2 * n**2, k3 * n**3
    tot = r1 + r2 + r3
    if np.any(tot <= 0):
        raise ParameterError("channel_fractions: total rate is zero (n = 0 or all k = 0)")
    return ChannelFractions(r1 / tot, r2 / tot, r3 / tot)


@dataclass(frozen=True)
class PeakPLQY:
    """Density of maximum PLQY and the maximum (ABC model)."""

    n_peak: float
    plqy_max: float


def abc_peak(k1, k2, k3) -> PeakPLQY:
    """Maximum of Jang et al. (2025) eqn (2): n* = sqrt(k1/k3), PLQY_max = k2/(k2 + 2 sqrt(k1 k3)).

    d/dn [k2 n / (k1 + k2 n + k3 n^2)] = 0 gives k1 = k3 n^2.
    """
    k1, k2, k3 = (float(k) for k in _nonnegative(k1=k1, k2=k2, k3=k3))
    if k1 <= 0 or k3 <= 0 or k2 <= 0:
        raise ParameterError("abc_peak: k1, k2 and k3 must all be > 0 for a finite maximum")
    return PeakPLQY(float(np.sqrt(k1 / k3)), k2 / (k2 + 2.0 * np.sqrt(k1 * k3)))


def abc_rolloff_onset(k1, k2, k3, drop: float = 0.1) -> float:
    """Density above the peak where the ABC PLQY has fallen to (1 - drop) x PLQY_max.

    Larger root of q k3 n^2 + (q - 1) k2 n + q k1 = 0 with q = (1 - drop) PLQY_max.
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
    """
    if not 0 < drop < 1:
        raise ParameterError(f"drop must be in (0, 1), got {drop!r}")
    if k_aug <= 0 or k_ex + k_trap <= 0:
        raise ParameterError("excitonic_rolloff_onset: k_aug and k_ex + k_trap must be > 0")
    return float(drop / (1 - drop) * (k_ex + k_trap) / k_aug)
