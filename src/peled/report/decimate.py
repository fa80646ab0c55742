"""Decimation of measured curves for display: figures and data embedded in reports.

The analysis keeps every point; only what is drawn (and so embedded into ``index.html``
as SVG) is thinned, so that a 6-million-row ``jvl.csv`` gives a report of bounded size.
"""

from __future__ import annotations

import dataclasses

import numpy as np

__all__ = ["DISPLAY_MAX_POINTS", "display_indices", "thin_sweep"]

#: Largest number of points of one curve drawn in a report figure.
DISPLAY_MAX_POINTS = 2000


def display_indices(n: int, max_points: int = DISPLAY_MAX_POINTS) -> np.ndarray:
    """Indices of at most ``max_points`` evenly spread samples of an ``n``-point curve.

    The first and last points are always kept; a curve of at most ``max_points`` points
    is kept whole.

    Parameters
    ----------
    n : int
        Number of points of the curve.
    max_points : int
        Largest number of points to draw (>= 2).

    Returns
    -------
    numpy.ndarray
        Increasing integer indices.

    Examples
    --------
    >>> display_indices(5).tolist()
    [0, 1, 2, 3, 4]
    >>> idx = display_indices(6_000_000)
    >>> idx.size, int(idx[0]), int(idx[-1])
    (2000, 0, 5999999)
    """
    if n <= max_points:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(int))


def thin_sweep(sweep, max_points: int = DISPLAY_MAX_POINTS):
    """A copy of a :class:`peled.measure.jvl.Sweep` with every per-point array decimated.

    Parameters
    ----------
    sweep : peled.measure.jvl.Sweep
        A voltage sweep (any dataclass whose per-point fields are equal-length arrays).
    max_points : int
        Largest number of points kept (:func:`display_indices`).

    Returns
    -------
    peled.measure.jvl.Sweep
        ``sweep`` itself when it is short enough, else the thinned copy.

    Examples
    --------
    >>> import dataclasses
    >>> @dataclasses.dataclass(frozen=True)
    ... class Sweep:
    ...     voltage_v: np.ndarray
    ...     current_density_mA_cm2: np.ndarray
    ...     direction: str
    >>> v = np.linspace(0.0, 5.0, 10_001)
    >>> thin = thin_sweep(Sweep(v, v ** 2, "forward"), max_points=11)
    >>> thin.voltage_v.tolist(), thin.direction
    ([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0], 'forward')
    """
    n = sweep.voltage_v.size
    if n <= max_points:
        return sweep
    idx = display_indices(n, max_points)
    changes = {f.name: getattr(sweep, f.name)[idx] for f in dataclasses.fields(sweep)
               if isinstance(getattr(sweep, f.name), np.ndarray)
               and getattr(sweep, f.name).shape[:1] == (n,)}
    return dataclasses.replace(sweep, **changes)
