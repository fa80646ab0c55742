"""Log-log segmentation of a single-carrier J-V curve into straight power-law regions.

The curve ln J vs ln V is split by an exact dynamic-programming least-squares fit
(R. Bellman, "On the approximation of curves by line segments using dynamic
programming", Commun. ACM 4, 284, 1961) into independent straight lines, each classified
by its slope: ``sublinear`` (< 0.5), ``ohmic`` (0.5-1.5), ``child`` (1.5-2.5),
``trap_limited`` (2.5-3, or > 3 but not significantly) and ``tfl`` (> 3 by more than two
standard errors; M. A. Lampert, Phys. Rev. 103, 1648, 1956).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from peled.validation import positive_array

__all__ = [
    "Region",
    "classify_slope",
    "fit_regions",
    "line_fit",
    "local_slope",
    "segment_loglog",
]


def local_slope(voltage_v, current_density, window: int = 7) -> np.ndarray:
    """Smoothed log-log slope d lnJ / d lnV by moving local linear regression.

    Parameters
    ----------
    voltage_v : array_like
        Voltages in V (> 0, increasing).
    current_density : array_like
        Current densities (> 0, any unit).
    window : int, optional
        Points of each regression (odd, >= 3, shrunk at the ends; default 7).

    Returns
    -------
    numpy.ndarray
        The local slope at every point (vectorised with cumulative sums).

    Raises
    ------
    peled.errors.ParameterError
        A voltage or current density that is not finite and > 0.

    References
    ----------
    Le Corre et al., ACS Energy Lett. 6, 1087 (2021) (reading the SCLC regimes from the
    log-log slope); Lampert, Phys. Rev. 103, 1648 (1956).

    Examples
    --------
    >>> import numpy as np
    >>> v = np.geomspace(0.1, 10, 9)
    >>> np.round(local_slope(v, v**2), 12).tolist() == [2.0] * 9
    True
    >>> np.round(local_slope(v, v + v**3, window=3), 3)[[0, 4, 8]].tolist()  # ohmic -> cubic
    [1.037, 2.0, 2.963]
    """
    x = np.log(positive_array("voltage_v", voltage_v)).ravel()
    y = np.log(positive_array("current_density", current_density)).ravel()
    n = x.size
    half = max(1, window // 2)
    xc, yc = x - x.mean(), y - y.mean()  # centred: no cancellation in the sums
    c = [np.concatenate([[0.0], np.cumsum(a)]) for a in (xc, yc, xc * xc, xc * yc)]
    i = np.arange(n)
    lo, hi = np.maximum(0, i - half), np.minimum(n, i + half + 1)
    m = (hi - lo).astype(float)
    sx, sy, sxx, sxy = (a[hi] - a[lo] for a in c)
    den = sxx - sx * sx / m
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, (sxy - sx * sy / m) / den, np.nan)



@dataclass(frozen=True)
class Region:
    """A straight segment of the log-log J-V curve: ln J = intercept + slope ln V.

    Attributes
    ----------
    kind : str
        ``sublinear``, ``ohmic``, ``child``, ``trap_limited`` or ``tfl``
        (:func:`classify_slope`).
    v_start, v_end : float
        First and last voltage of the segment (V).
    slope, slope_stderr : float
        d lnJ / d lnV and its standard error.
    intercept : float
        ln J at V = 1 V (J in the unit of the input).
    n_points : int
        Points in the segment.
    cov : tuple of tuple of float
        2x2 covariance of (intercept, slope).

    References
    ----------
    Lampert, Phys. Rev. 103, 1648 (1956) (the ohmic, trap-filled-limit and Child
    regimes).

    Examples
    --------
    >>> v = np.geomspace(0.1, 10, 10)
    >>> (r,) = fit_regions(v, np.log(v), np.log(3.0) + np.log(v), [0, 10])
    >>> r.as_dict()["kind"], round(r.slope, 9), round(float(np.exp(r.intercept)), 9)
    ('ohmic', 1.0, 3.0)
    """

    kind: str
    v_start: float
    v_end: float
    slope: float
    slope_stderr: float
    intercept: float
    n_points: int
    cov: tuple[tuple[float, float], tuple[float, float]] = field(repr=False)

    def as_dict(self) -> dict:
        """``{kind, v_start, v_end, slope}`` (the CLI contract) plus slope_stderr, n_points."""
        return {"kind": self.kind, "v_start": self.v_start, "v_end": self.v_end,
                "slope": self.slope, "slope_stderr": self.slope_stderr,
                "n_points": self.n_points}


def segment_loglog(x: np.ndarray, y: np.ndarray, k_max: int, min_points: int
                 ) -> list[tuple[float, list[int]]]:
    """Optimal least-squares split into k = 1..k_max straight segments.

    Exact dynamic programming (Bellman 1961) over the segment end; the SSE of every
    candidate segment comes from cumulative sums of the centred data, so memory is
    O(k_max n) and each end point is one vector operation over the start points.

    Parameters
    ----------
    x, y : numpy.ndarray
        The curve (ln V, ln J), sorted by x.
    k_max : int
        Largest number of segments.
    min_points : int
        Smallest number of points per segment.

    Returns
    -------
    list of (float, list of int)
        ``(SSE, bounds)`` for k = 1..k_max; ``bounds`` are the segment start indices and
        the end (n).

    References
    ----------
    R. Bellman, Commun. ACM 4, 284 (1961).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(8.0)
    >>> y = np.where(x < 4, x, 4 + 3 * (x - 4))
    >>> sse, bounds = segment_loglog(x, y, 2, 3)[1]
    >>> round(sse, 12), bounds
    (0.0, [0, 4, 8])
    """
    n = x.size
    xc, yc = x - x.mean(), y - y.mean()
    cx, cy, cxx, cyy, cxy = (np.concatenate([[0.0], np.cumsum(a)])
                             for a in (xc, yc, xc * xc, yc * yc, xc * yc))
    cost = np.full((k_max + 1, n + 1), np.inf)
    arg = np.zeros((k_max + 1, n + 1), dtype=int)
    cost[0, 0] = 0.0
    for j in range(min_points, n + 1):
        i = np.arange(j - min_points + 1)  # segment i..j-1 holds >= min_points points
        m = (j - i).astype(float)
        sx, sy = cx[j] - cx[i], cy[j] - cy[i]
        sxx = cxx[j] - cxx[i] - sx * sx / m
        syy = cyy[j] - cyy[i] - sy * sy / m
        sxy = cxy[j] - cxy[i] - sx * sy / m
        with np.errstate(invalid="ignore", divide="ignore"):
            sse = np.clip(syy - np.where(sxx > 0, sxy * sxy / sxx, 0.0), 0.0, None)
        for kk in range(1, k_max + 1):
            cand = cost[kk - 1, i] + sse
            b = int(np.argmin(cand))
            cost[kk, j], arg[kk, j] = cand[b], b
    out = []
    for k in range(1, k_max + 1):
        bounds, j = [n], n
        for kk in range(k, 0, -1):
            j = int(arg[kk, j])
            bounds.append(j)
        out.append((float(cost[k, n]), bounds[::-1]))
    return out


#: Largest number of points segmented exactly; longer sweeps are segmented on the means
#: of consecutive groups of points (:func:`segment_loglog_decimated`).
SEGMENT_MAX_POINTS = 2000


def segment_loglog_decimated(x: np.ndarray, y: np.ndarray, k_max: int, min_points: int,
                             max_points: int = SEGMENT_MAX_POINTS
                             ) -> list[tuple[float, list[int]]]:
    """:func:`segment_loglog` in O(n) for long sweeps: segment group means, score all points.

    Up to ``max_points`` points the exact split of :func:`segment_loglog` is returned
    unchanged.  A longer curve (a 10^6-point sweep would need O(n^2) work) is cut into
    ``max_points`` groups of consecutive points; the exact dynamic programme runs on the
    group means, its segment bounds are mapped back to the first point of each group, and
    the returned SSE is that of straight-line fits to every original point, so model
    selection (BIC) still sees the whole curve.  Segment ends are then resolved to one
    group (n / ``max_points`` points).

    Parameters
    ----------
    x, y : numpy.ndarray
        The curve (ln V, ln J), sorted by x.
    k_max : int
        Largest number of segments.
    min_points : int
        Smallest number of points per segment.
    max_points : int
        Largest number of points segmented exactly.

    Returns
    -------
    list of (float, list of int)
        As :func:`segment_loglog`, with indices into ``x``.

    References
    ----------
    R. Bellman, Commun. ACM 4, 284 (1961).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0.0, 8.0, 100_000)
    >>> y = np.where(x < 4, x, 4 + 3 * (x - 4))
    >>> sse, bounds = segment_loglog_decimated(x, y, 2, 4)[1]
    >>> bounds[0], abs(bounds[1] - 50_000) <= 100, bounds[2], sse < 1e-3
    (0, True, 100000, True)
    """
    n = x.size
    if n <= max_points:
        return segment_loglog(x, y, k_max, min_points)
    starts = np.linspace(0, n, max_points + 1).round().astype(int)
    counts = np.diff(starts)
    xm = np.add.reduceat(x, starts[:-1]) / counts
    ym = np.add.reduceat(y, starts[:-1]) / counts
    group_min = max(2, int(np.ceil(min_points / counts.min())))
    xc, yc = x - x.mean(), y - y.mean()
    cx, cy, cxx, cyy, cxy = (np.concatenate([[0.0], np.cumsum(a)])
                             for a in (xc, yc, xc * xc, yc * yc, xc * yc))
    out = []
    for _, gbounds in segment_loglog(xm, ym, k_max, group_min):
        bounds = [int(starts[b]) for b in gbounds]
        lo, hi = np.asarray(bounds[:-1]), np.asarray(bounds[1:])
        m = (hi - lo).astype(float)
        sx, sy = cx[hi] - cx[lo], cy[hi] - cy[lo]
        sxx = cxx[hi] - cxx[lo] - sx * sx / m
        syy = cyy[hi] - cyy[lo] - sy * sy / m
        sxy = cxy[hi] - cxy[lo] - sx * sy / m
        with np.errstate(invalid="ignore", divide="ignore"):
            sse = np.clip(syy - np.where(sxx > 0, sxy * sxy / sxx, 0.0), 0.0, None)
        out.append((float(sse.sum()), bounds))
    return out


def line_fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float, np.ndarray, float]:
    """Least-squares straight line with its covariance.

    Parameters
    ----------
    x, y : numpy.ndarray
        Abscissa and ordinate (at least 2 points).

    Returns
    -------
    tuple
        ``(intercept, slope, cov, rms)``: the 2x2 covariance of (intercept, slope) from
        the residual variance and the rms residual.

    Raises
    ------
    numpy.linalg.LinAlgError
        The least-squares solution does not converge (non-finite data).

    References
    ----------
    Bevington & Robinson, *Data Reduction and Error Analysis for the Physical
    Sciences*, 3rd ed., McGraw-Hill (2003), ch. 6 (straight-line fit and the
    covariance of its parameters).

    Examples
    --------
    >>> import numpy as np
    >>> a, b, cov, rms = line_fit(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]))
    >>> round(a, 12), round(b, 12), round(rms, 12)
    (1.0, 2.0, 0.0)
    """
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    dof = max(x.size - 2, 1)
    s2 = float(resid @ resid) / dof
    cov = s2 * np.linalg.pinv(design.T @ design)
    return float(coef[0]), float(coef[1]), cov, float(np.sqrt(np.mean(resid**2)))


def classify_slope(slope: float, stderr: float) -> str:
    """Region kind of a log-log segment from its slope.

    Parameters
    ----------
    slope : float
        d lnJ / d lnV of the segment.
    stderr : float
        Its standard error.

    Returns
    -------
    str
        ``sublinear`` (< 0.5), ``ohmic`` (0.5-1.5), ``child`` (1.5-2.5), ``tfl`` (> 3 by
        more than two standard errors) or ``trap_limited`` (otherwise).

    References
    ----------
    M. A. Lampert, Phys. Rev. 103, 1648 (1956).

    Examples
    --------
    >>> classify_slope(1.0, 0.01), classify_slope(2.1, 0.05), classify_slope(8.0, 0.3)
    ('ohmic', 'child', 'tfl')
    >>> classify_slope(3.4, 0.3)    # > 3 but within two standard errors of 3
    'trap_limited'
    """
    if slope < 0.5:
        return "sublinear"
    if slope < 1.5:
        return "ohmic"
    if slope < 2.5:
        return "child"
    if slope > 3.0 and slope - 2.0 * stderr > 3.0:
        return "tfl"
    return "trap_limited"


def fit_regions(v, x, y, bounds) -> list[Region]:
    """Straight-line fits of the segments between ``bounds``, classified by slope.

    Parameters
    ----------
    v : numpy.ndarray
        Voltages in V (sorted).
    x, y : numpy.ndarray
        ln V and ln J.
    bounds : list of int
        Segment start indices and the end, as returned by :func:`segment_loglog`.

    Returns
    -------
    list of Region
        One region per segment.

    Raises
    ------
    numpy.linalg.LinAlgError
        As :func:`line_fit`.

    References
    ----------
    Lampert, Phys. Rev. 103, 1648 (1956) (slope classes); Mott & Gurney, *Electronic
    Processes in Ionic Crystals*, Oxford University Press (1940) (the slope-2 Child
    regime).

    Examples
    --------
    >>> import numpy as np
    >>> v = np.geomspace(0.1, 10, 10)
    >>> r, = fit_regions(v, np.log(v), 2 * np.log(v), [0, 10])
    >>> r.kind, round(r.slope, 12)
    ('child', 2.0)
    """
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        a, b, cov, _ = line_fit(x[lo:hi], y[lo:hi])
        se = float(np.sqrt(max(cov[1, 1], 0.0)))
        out.append(Region(classify_slope(b, se), float(v[lo]), float(v[hi - 1]),
                          b, se, a, hi - lo,
                          ((float(cov[0, 0]), float(cov[0, 1])),
                           (float(cov[1, 0]), float(cov[1, 1])))))
    return out


