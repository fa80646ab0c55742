"""The Bernoulli function of the Scharfetter-Gummel flux, evaluated stably.

    B(x) = x / (exp(x) - 1),      B(0) = 1,      B(-x) = B(x) + x

(Scharfetter & Gummel, IEEE Trans. Electron Devices 16, 64 (1969), eqn 6; the
numerically safe evaluation follows Selberherr, "Analysis and Simulation of
Semiconductor Devices", Springer 1984, sec. 6.2).  ``expm1`` keeps full relative
precision near x = 0; ``exp`` overflow for x > ~709 gives B = 0, the correct limit.
"""

from __future__ import annotations

import numpy as np

__all__ = ["bernoulli", "bernoulli_derivative"]

_SMALL = 1e-2


def bernoulli(x):
    """B(x) = x / (exp(x) - 1), vectorised and stable for all finite x.

    Parameters
    ----------
    x : array_like
        Dimensionless argument (a potential-energy difference in units of kT).

    Returns
    -------
    ndarray
        B(x) > 0; B(0) = 1, B(x) -> -x for x -> -inf, B(x) -> x exp(-x) for x -> +inf.

    References
    ----------
    Scharfetter & Gummel, IEEE Trans. Electron Devices 16, 64 (1969), eqn 6; stable
    evaluation: Selberherr, *Analysis and Simulation of Semiconductor Devices*,
    Springer (1984), sec. 6.2.

    Examples
    --------
    >>> float(bernoulli(0.0)), round(float(bernoulli(1.0)), 12)
    (1.0, 0.581976706869)
    >>> float(bernoulli(-800.0)), float(bernoulli(800.0))
    (800.0, 0.0)
    """
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < _SMALL
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        big = x / np.expm1(np.where(small, 1.0, x))
    series = 1.0 - x / 2.0 + x * x / 12.0 - x**4 / 720.0
    return np.where(small, series, big)


def bernoulli_derivative(x):
    """dB/dx = B(x) (1 - B(-x)) / x, with its Taylor series -1/2 + x/6 - x^3/180 near 0.

    Parameters
    ----------
    x : array_like
        Argument (dimensionless potential difference).

    Returns
    -------
    ndarray or float
        dB/dx at ``x`` (always < 0: B decreases monotonically).

    References
    ----------
    Derivative of the Bernoulli function of Scharfetter & Gummel, IEEE Trans. Electron
    Devices 16, 64 (1969), eqn 6, used in the analytic Newton Jacobian (Selberherr,
    *Analysis and Simulation of Semiconductor Devices*, Springer (1984), sec. 6.2).

    Examples
    --------
    >>> float(bernoulli_derivative(0.0))
    -0.5
    >>> round(float(bernoulli_derivative(1.0)), 9)   # = -1 / (e - 1)**2
    -0.338696887
    >>> x, h = 0.3, 1e-6
    >>> fd = (bernoulli(x + h) - bernoulli(x - h)) / (2 * h)
    >>> abs(float(bernoulli_derivative(x) - fd)) < 1e-9
    True
    """
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < _SMALL
    xs = np.where(small, 1.0, x)
    with np.errstate(over="ignore", invalid="ignore"):
        full = bernoulli(xs) * (1.0 - bernoulli(-xs)) / xs
    series = -0.5 + x / 6.0 - x**3 / 180.0
    return np.where(small, series, full)
