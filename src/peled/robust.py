"""Robust noise scale of readings: the normalised median absolute deviation (MAD).

One definition for every layer that separates signal from noise (detector floor and
pre-onset noise of J-V-L sweeps, EL baselines, the point scatter of SCLC sweeps), so that
"sigma" means the same everywhere.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MAD_TO_SIGMA", "mad_sigma"]

#: Factor that makes the MAD a consistent estimator of the standard deviation of
#: Gaussian noise, 1 / Phi^-1(3/4) = 1.4826 (Rousseeuw & Croux, J. Am. Stat. Assoc. 88,
#: 1273 (1993), sec. 2, the constant b of MAD_n).
MAD_TO_SIGMA: float = 1.4826


def mad_sigma(values, center: float | None = None) -> float:
    """Standard deviation of Gaussian noise estimated robustly: 1.4826 x the MAD.

    ``sigma = 1.4826 median(|x_i - c|)`` with ``c`` the median of the values (or the
    given ``center``): outliers and a few signal points do not inflate it, unlike the
    sample standard deviation.

    Parameters
    ----------
    values : array_like
        Readings (any unit; filter non-finite readings first: a NaN gives NaN).
    center : float, optional
        Value the deviations are taken from (default: the median of ``values``; 0 for
        residuals that already have zero mean by construction).

    Returns
    -------
    float
        sigma in the unit of ``values``; NaN for no values or a NaN among them.

    References
    ----------
    P. J. Rousseeuw and C. Croux, "Alternatives to the median absolute deviation",
    J. Am. Stat. Assoc. 88, 1273-1283 (1993), sec. 2.

    Examples
    --------
    The MAD of 1..5 is 1 (median 3, deviations 2, 1, 0, 1, 2), and an outlier does not
    change it:

    >>> mad_sigma([1.0, 2.0, 3.0, 4.0, 5.0]), mad_sigma([1.0, 2.0, 3.0, 4.0, 500.0])
    (1.4826, 1.4826)
    >>> mad_sigma([0.5, -1.0, 2.0], center=0.0)
    1.4826
    """
    x = np.asarray(values, float).ravel()
    if not x.size:
        return float("nan")
    c = float(np.median(x)) if center is None else float(center)
    return MAD_TO_SIGMA * float(np.median(np.abs(x - c)))
