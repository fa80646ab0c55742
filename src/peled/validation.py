"""Vectorised parameter validation shared by the physics modules.

Every checker returns the value as a float ndarray (scalars become 0-d arrays) or
raises :class:`peled.errors.ParameterError` with a one-line message naming the
parameter, e.g. ``thickness_m must be finite and > 0, got -1.0``.
"""

from __future__ import annotations

import numpy as np

from peled.errors import ParameterError

__all__ = [
    "finite_array",
    "fraction_array",
    "nonnegative_array",
    "positive_array",
    "scalar_or_array",
]


def finite_array(name: str, value) -> np.ndarray:
    """``value`` as a float array whose elements are all finite.

    Parameters
    ----------
    name : str
        Parameter name used in the error message (with its unit suffix).
    value : array_like
        Scalar or array to check.

    Returns
    -------
    numpy.ndarray
        ``value`` as a float array (a scalar becomes a 0-d array); every element finite.

    Raises
    ------
    ParameterError
        If an element violates the condition; the message names ``name``.

    Examples
    --------
    >>> finite_array("voltage_v", [0.0, -1.5, 2.0]).tolist()
    [0.0, -1.5, 2.0]
    >>> finite_array("voltage_v", [1.0, float("nan")])
    Traceback (most recent call last):
    ...
    peled.errors.ParameterError: voltage_v must be finite, got [1.0, nan]
    """
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ParameterError(f"{name} must be finite, got {value!r}")
    return a


def positive_array(name: str, value) -> np.ndarray:
    """``value`` as a float array whose elements are all finite and > 0.

    Parameters
    ----------
    name : str
        Parameter name used in the error message (with its unit suffix).
    value : array_like
        Scalar or array to check.

    Returns
    -------
    numpy.ndarray
        ``value`` as a float array (a scalar becomes a 0-d array); every element finite and > 0.

    Raises
    ------
    ParameterError
        If an element violates the condition; the message names ``name``.

    Examples
    --------
    >>> float(positive_array("thickness_m", 5e-8))
    5e-08
    >>> positive_array("thickness_m", [1e-7, 0.0])
    Traceback (most recent call last):
    ...
    peled.errors.ParameterError: thickness_m must be finite and > 0, got [1e-07, 0.0]
    """
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ParameterError(f"{name} must be finite and > 0, got {value!r}")
    return a


def nonnegative_array(name: str, value) -> np.ndarray:
    """``value`` as a float array whose elements are all finite and >= 0.

    Parameters
    ----------
    name : str
        Parameter name used in the error message (with its unit suffix).
    value : array_like
        Scalar or array to check.

    Returns
    -------
    numpy.ndarray
        ``value`` as a float array (a scalar becomes a 0-d array); every element finite and >= 0.

    Raises
    ------
    ParameterError
        If an element violates the condition; the message names ``name``.

    Examples
    --------
    >>> nonnegative_array("eqe_pct", [0, 12.5]).tolist()
    [0.0, 12.5]
    >>> nonnegative_array("eqe_pct", -3)
    Traceback (most recent call last):
    ...
    peled.errors.ParameterError: eqe_pct must be finite and >= 0, got -3
    """
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a < 0):
        raise ParameterError(f"{name} must be finite and >= 0, got {value!r}")
    return a


def fraction_array(name: str, value) -> np.ndarray:
    """``value`` as a float array whose elements all lie in [0, 1].

    Parameters
    ----------
    name : str
        Parameter name used in the error message (with its unit suffix).
    value : array_like
        Scalar or array to check.

    Returns
    -------
    numpy.ndarray
        ``value`` as a float array (a scalar becomes a 0-d array); every element in [0, 1].

    Raises
    ------
    ParameterError
        If an element violates the condition; the message names ``name``.

    Examples
    --------
    >>> fraction_array("plqy", [0.25, 1.0]).tolist()
    [0.25, 1.0]
    >>> fraction_array("plqy", 1.2)
    Traceback (most recent call last):
    ...
    peled.errors.ParameterError: plqy must lie in [0, 1], got 1.2
    """
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a < 0) or np.any(a > 1):
        raise ParameterError(f"{name} must lie in [0, 1], got {value!r}")
    return a


def scalar_or_array(a):
    """A Python float for 0-d input, the array otherwise (the broadcasting convention).

    Parameters
    ----------
    a : array_like
        Result of a vectorised computation.

    Returns
    -------
    float or numpy.ndarray
        ``float(a)`` when ``a`` is 0-d, else ``a`` unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> scalar_or_array(np.asarray(2.5)), scalar_or_array(np.array([1.0, 2.0])).tolist()
    (2.5, [1.0, 2.0])
    """
    return float(a) if np.ndim(a) == 0 else a
