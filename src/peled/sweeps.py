"""Voltage sweeps of a measurement: splitting at turning points and the hysteresis index.

Both the device J-V-L pipeline (:mod:`peled.measure`) and the single-carrier SCLC
analysis (:mod:`peled.characterize`) cut a measurement into forward and reverse sweeps
and compare them.  This bottom-layer module holds the one implementation of each, so
the two sibling packages share it without importing each other.  It is numerical
bookkeeping of a voltage column, neither device physics nor file reading, hence it
sits beside :mod:`peled.validation` rather than in :mod:`peled.device` or :mod:`peled.io`.

The hysteresis index is the relative-area index discussed by S. N. Habisreutinger,
N. K. Noel & H. J. Snaith, "Hysteresis index: a figure without merit for quantifying
hysteresis in perovskite solar cells", ACS Energy Lett. 3, 2472 (2018)::

    HI = (int Y_rev dx - int Y_fwd dx) / int Y_fwd dx                         (HI)

over the voltage range both sweeps cover, with x = V (``axis="linear"``: J-V-L sweeps
sampled on a linear voltage grid) or x = ln V (``axis="log"``: SCLC sweeps sampled
log-spaced over several decades, interpolated in ln Y vs ln V, which is exact on each
power-law region).
"""

from __future__ import annotations

import numpy as np

from peled.errors import ParameterError

__all__ = [
    "common_loglog_grid",
    "hysteresis_index",
    "split_sweeps",
]


def split_sweeps(voltage_v, *, magnitude: bool = False, share_turning_points: bool = False,
                 min_run_points: int = 0) -> list[tuple[str, np.ndarray]]:
    """Split a voltage column at its turning points into monotonic sweeps.

    Parameters
    ----------
    voltage_v : array_like
        Voltages in V in measurement order.
    magnitude : bool, optional
        Split on |V| instead of V (default False).  On |V| a bipolar loop
        0 -> +V -> 0 -> -V -> 0 gives four sweeps, each forward (|V| rising) or reverse.
    share_turning_points : bool, optional
        If True the turning point belongs to both sweeps around it; if False (default)
        it stays in the earlier sweep only.
    min_run_points : int, optional
        Runs with fewer points (a wobble of the voltage read-back) are merged into the
        preceding sweep, together with the run after them when that one continues in
        the same direction (default 0: no merging).

    Returns
    -------
    list of (str, numpy.ndarray)
        ``(direction, indices)`` per sweep in file order; ``direction`` is
        ``"forward"`` where V (or |V|) increases and ``"reverse"`` where it decreases.
        Flat steps stay in the current sweep; leading flat steps join the first sweep.
        A constant column is one forward sweep.

    Examples
    --------
    >>> [(d, i.tolist()) for d, i in split_sweeps([0, 1, 2, 1, 0])]
    [('forward', [0, 1, 2]), ('reverse', [3, 4])]
    >>> [(d, i.tolist()) for d, i in split_sweeps([0, 1, 2, 1, 0], share_turning_points=True)]
    [('forward', [0, 1, 2]), ('reverse', [2, 3, 4])]
    >>> [d for d, _ in split_sweeps([0, 1, 0, -1, 0], magnitude=True)]
    ['forward', 'reverse', 'forward', 'reverse']
    """
    v = np.asarray(voltage_v, dtype=float).ravel()
    if min_run_points < 0:
        raise ParameterError(f"min_run_points must be >= 0, got {min_run_points}")
    if v.size < 2:
        return [("forward", np.arange(v.size))]
    x = np.abs(v) if magnitude else v
    d = np.sign(np.diff(x))
    nonzero = np.flatnonzero(d != 0)
    if nonzero.size == 0:
        return [("forward", np.arange(v.size))]
    # flat steps carry the last non-zero direction; leading flats take the first one
    last = np.maximum.accumulate(np.where(d != 0, np.arange(d.size), -1))
    d = d[np.where(last >= 0, last, nonzero[0])]
    ends = np.concatenate([np.flatnonzero(np.diff(d) != 0) + 1, [d.size]])
    sweeps: list[tuple[str, np.ndarray]] = []
    start = 0
    for i in ends:
        first = start if (share_turning_points or start == 0) else start + 1
        idx = np.arange(first, i + 1)
        direction = "forward" if d[i - 1] > 0 else "reverse"
        if sweeps and (idx.size < min_run_points
                       or (min_run_points and direction == sweeps[-1][0])):
            prev_dir, prev = sweeps[-1]
            sweeps[-1] = (prev_dir, np.union1d(prev, idx))
        else:
            sweeps.append((direction, idx))
        start = i
    return sweeps


def common_loglog_grid(v1, y1, v2, y2, n: int = 200):
    """Two curves interpolated in ln|Y| vs ln|V| on log-spaced voltages of their common range.

    Parameters
    ----------
    v1, y1, v2, y2 : array_like
        Voltages (V) and positive quantities (e.g. current density) of both curves;
        points with V = 0 or Y = 0 are ignored, signs are dropped.
    n : int, optional
        Number of log-spaced grid voltages (default 200).

    Returns
    -------
    tuple of numpy.ndarray or None
        ``(grid_v, y1_on_grid, y2_on_grid)``, or ``None`` when the curves do not overlap
        (or either has fewer than 2 usable points).

    Examples
    --------
    >>> g, a, b = common_loglog_grid([1, 10], [1, 100], [2, 20], [8, 800], n=3)
    >>> g.round(6).tolist(), (b / a).round(6).tolist()
    ([2.0, 4.472136, 10.0], [2.0, 2.0, 2.0])
    """
    v1, y1 = np.abs(np.asarray(v1, float)), np.abs(np.asarray(y1, float))
    v2, y2 = np.abs(np.asarray(v2, float)), np.abs(np.asarray(y2, float))
    ok1, ok2 = (v1 > 0) & (y1 > 0), (v2 > 0) & (y2 > 0)
    v1, y1, v2, y2 = v1[ok1], y1[ok1], v2[ok2], y2[ok2]
    if v1.size < 2 or v2.size < 2:
        return None
    lo, hi = max(v1.min(), v2.min()), min(v1.max(), v2.max())
    if not hi > lo:
        return None
    grid = np.geomspace(lo, hi, n)
    o1, o2 = np.argsort(v1), np.argsort(v2)
    f1 = np.exp(np.interp(np.log(grid), np.log(v1[o1]), np.log(y1[o1])))
    f2 = np.exp(np.interp(np.log(grid), np.log(v2[o2]), np.log(y2[o2])))
    return grid, f1, f2


def hysteresis_index(v_forward, y_forward, v_reverse, y_reverse, *,
                     axis: str = "linear") -> float | None:
    """Relative area difference between reverse and forward sweeps, eqn (HI).

    Parameters
    ----------
    v_forward, y_forward : array_like
        Forward sweep: voltages in V (increasing for ``axis="linear"``) and the
        quantity Y (current density, luminance, ...; any unit, the index is relative).
    v_reverse, y_reverse : array_like
        Reverse sweep, same units.
    axis : {"linear", "log"}, optional
        ``"linear"`` (default): trapezoids in V over the forward voltages >= 0 inside
        the common range, the reverse sweep interpolated linearly onto them (NaN
        readings skipped); ``None`` with fewer than 3 common voltages or a
        non-positive forward area.  ``"log"``: both curves on 200 log-spaced voltages
        of the common |V| range (:func:`common_loglog_grid`), integrated over ln V;
        ``None`` when they do not overlap.  On SCLC data the log form weights every
        decade of V, and log-log interpolation is exact on power laws (linear
        interpolation of a slope-8 segment sampled at 10 points per decade
        overestimates J midway by 40 %).

    Returns
    -------
    float or None
        HI; > 0 when the reverse sweep carries more current or light, 0 without
        hysteresis.

    References
    ----------
    S. N. Habisreutinger, N. K. Noel & H. J. Snaith, ACS Energy Lett. 3, 2472 (2018).

    Examples
    --------
    >>> import numpy as np
    >>> v = np.linspace(0.0, 3.0, 31)
    >>> round(hysteresis_index(v, v**2, v[::-1], 1.2 * v[::-1] ** 2), 12)
    0.2
    >>> vv = np.geomspace(0.1, 10, 21)
    >>> round(hysteresis_index(vv, vv**8, vv[::-1], 1.5 * vv[::-1] ** 8, axis="log"), 12)
    0.5
    """
    if axis == "log":
        common = common_loglog_grid(v_forward, y_forward, v_reverse, y_reverse)
        if common is None:
            return None
        grid, f, r = common
        x = np.log(grid)
        af = float(np.trapezoid(f, x))
        ar = float(np.trapezoid(r, x))
        return (ar - af) / af
    if axis != "linear":
        raise ParameterError(f"axis must be 'linear' or 'log', got {axis!r}")
    vf, yf = np.asarray(v_forward, float), np.asarray(y_forward, float)
    vr, yr = np.asarray(v_reverse, float), np.asarray(y_reverse, float)
    lo = max(vf.min(), vr.min(), 0.0)
    hi = min(vf.max(), vr.max())
    sel = (vf >= lo) & (vf <= hi) & np.isfinite(yf)
    if sel.sum() < 3:
        return None
    x = vf[sel]
    f = yf[sel]
    okr = np.isfinite(yr)
    order = np.argsort(vr[okr], kind="stable")
    r = np.interp(x, vr[okr][order], yr[okr][order])
    a_f = float(np.sum(0.5 * (f[1:] + f[:-1]) * np.diff(x)))
    a_r = float(np.sum(0.5 * (r[1:] + r[:-1]) * np.diff(x)))
    if not a_f > 0:
        return None
    return (a_r - a_f) / a_f
