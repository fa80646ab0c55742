"""Vectorised parameter validation shared by the physics modules.

Every checker returns the value as a float ndarray (scalars become 0-d arrays) or
raises :class:`peled.errors.ParameterError` with a one-line message naming the
parameter, e.g. ``thickness_m must be finite and > 0, got -1.0``.
"""

from __future__ import annotations

import numpy as np

from peled.errors import ParameterError


def finite_array(name: str, value) -> np.ndarray:
    """``value`` as a float array; every element must be finite."""
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ParameterError(f"{name} must be finite, got {value!r}")
    return a


def positive_array(name: str, value) -> np.ndarray:
    """``value`` as a float array; every element finite and > 0."""
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ParameterError(f"{name} must be finite and > 0, got {value!r}")
    return a


def nonnegative_array(name: str, value) -> np.ndarray:
    """``value`` as a float array; every element finite and >= 0."""
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a < 0):
        raise ParameterError(f"{name} must be finite and >= 0, got {value!r}")
    return a


def fraction_array(name: str, value) -> np.ndarray:
    """``value`` as a float array; every element in [0, 1]."""
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a < 0) or np.any(a > 1):
        raise ParameterError(f"{name} must lie in [0, 1], got {value!r}")
    return a


def scalar_or_array(a):
    """A Python float for 0-d input, the array otherwise (the broadcasting convention)."""
    return float(a) if np.ndim(a) == 0 else a
