"""Space-charge-limited current (SCLC) analysis of single-carrier (dark) J-V curves.

A single-carrier device (hole-only or electron-only) shows, in a log-log plot of J vs V,

* an **ohmic** region, J = q n0 mu V / L (slope ~1);
* a **trap-filled-limit** (TFL) region: once the injected charge fills the traps the
  current rises steeply (slope > 3) at the trap-filled-limit voltage V_TFL
  (M. A. Lampert, Phys. Rev. 103, 1648, 1956);
* a trap-free **Child** region, the Mott-Gurney law (N. F. Mott & R. W. Gurney,
  "Electronic Processes in Ionic Crystals", Oxford 1940)::

      J = 9 eps0 eps_r mu (V - V_bi)^2 / (8 L^3)                         (MG)

  (slope ~2; the optional built-in voltage V_bi correction follows G. G. Malliaras
  et al., Phys. Rev. B 58, R13411, 1998).

The trap density follows from V_TFL (Lampert 1956; seed 002, Jiang et al., Nanoscale
2024, eqn (13), ``002_7966451d1f2c3349.txt`` line 215)::

      N_t = 2 eps0 eps_r V_TFL / (q L^2)                                 (13)

Analysis (:class:`SCLCFit`):

1. the curve is reduced to points with V > 0 and J > 0 (negative-polarity sweeps are
   mirrored, with a warning), x = ln V, y = ln J;
2. the local slope d lnJ / d lnV is computed by a moving local linear regression
   (window of ``slope_window`` points) for display;
3. the curve is segmented by an exact dynamic-programming least-squares fit of 1 to
   ``max_segments`` independent straight lines in log-log (each at least ``min_points``
   points); the number of segments minimises the Bayesian information criterion, with
   the residual variance floored at ``noise_floor``^2 so noise-free data are not
   over-segmented; neighbouring segments of the same kind are merged;
4. segments are classified by slope: ``sublinear`` (< 0.5), ``ohmic`` (0.5-1.5),
   ``child`` (1.5-2.5), ``trap_limited`` (2.5-3, or > 3 but not significantly),
   ``tfl`` (> 3 by more than two standard errors);
5. **V_TFL is the intersection of the line fitted to the segment below the first TFL
   segment (normally the ohmic one) with the TFL line** (the "tangent" construction of
   the literature, made reproducible).  Its standard error combines the delta-method
   error of the intersection (covariances of both line fits) with the sampling
   resolution at the kink (gap between the last point below and the first point of
   the TFL segment, divided by sqrt(12)).  When the TFL segment is the first one (no
   region below it was measured) or no TFL segment exists, V_TFL is ``None``;
6. the mobility is the geometric mean of eqn (MG) solved for mu over the Child segment
   (the last ``child`` segment; standard error from the scatter).

Sweeps: :func:`analyze_sclc` splits a file's voltage column at every direction change
(or follows the file's ``sweep`` labels); forward (|V| increasing) and reverse sweeps are
analysed separately and the first forward/reverse pair gives the hysteresis index (see
:func:`hysteresis_index`).

Measurement modes: DC (steady-state) and pulsed-voltage sweeps of the same device are
analysed separately (:func:`analyze_sclc_modes`; a ``mode`` column of the file, see
:func:`read_sclc_measurement`) and compared (:func:`compare_pulsed_dc`): millisecond
pulses leave mobile ions nearly where they were, DC sweeps let them redistribute, so a
difference in current or V_TFL between the two flags mobile ions (Duijnstee et al.,
ACS Energy Lett. 5, 376, 2020).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import constants

from peled.errors import FileFormatError, ParameterError, PeledError, require_positive
from peled.validation import finite_array, positive_array, scalar_or_array

__all__ = [
    "DIRECTION_WORDS",
    "LABEL_COLUMNS",
    "MODE_WORDS",
    "PulsedDCComparison",
    "SCLCData",
    "SCLCError",
    "SCLCFit",
    "SCLCModeReport",
    "SCLCReport",
    "Region",
    "SCLCSweepResult",
    "analyze_sclc",
    "analyze_sclc_modes",
    "compare_pulsed_dc",
    "hysteresis_index",
    "labelled_sweeps",
    "local_slope",
    "mobility_mott_gurney",
    "mott_gurney_current_density",
    "parse_mode_label",
    "read_sclc_csv",
    "read_sclc_measurement",
    "single_carrier_jv",
    "split_sweeps",
    "trap_density_tfl",
    "v_tfl_from_trap_density",
]

EPS0 = constants.epsilon_0
Q = constants.e


class SCLCError(PeledError, ValueError):
    """A J-V curve that cannot be analysed (too few points, no positive current, ...)."""


# ----------------------------------------------------------------------------- equations
def trap_density_tfl(v_tfl_v, eps_r, thickness_m):
    """Trap density N_t = 2 eps0 eps_r V_TFL / (q L^2) in m^-3 (seed 002 eqn 13; Lampert 1956).

    >>> round(trap_density_tfl(1.0, 25.0, 300e-9) * 1e-6 / 1e16, 3)  # cm^-3 / 1e16
    3.07
    """
    v = positive_array("v_tfl_v", v_tfl_v)
    e = positive_array("eps_r", eps_r)
    L = positive_array("thickness_m", thickness_m)
    return scalar_or_array(2.0 * EPS0 * e * v / (Q * L**2))


def v_tfl_from_trap_density(trap_density_m3, eps_r, thickness_m):
    """Inverse of eqn (13): V_TFL = q N_t L^2 / (2 eps0 eps_r) in V."""
    n = positive_array("trap_density_m3", trap_density_m3)
    L = positive_array("thickness_m", thickness_m)
    return scalar_or_array(Q * n * L**2 / (2.0 * EPS0 * positive_array("eps_r", eps_r)))


def mott_gurney_current_density(voltage_v, mobility_m2_vs, eps_r, thickness_m, v_bi_v=0.0):
    """Mott-Gurney current density 9 eps0 eps_r mu (V - V_bi)^2 / (8 L^3) in A/m^2 (eqn MG).

    Zero where V <= V_bi.
    """
    v = np.clip(finite_array("voltage_v", voltage_v) - finite_array("v_bi_v", v_bi_v), 0.0, None)
    mu = positive_array("mobility_m2_vs", mobility_m2_vs)
    eps = positive_array("eps_r", eps_r)
    L = positive_array("thickness_m", thickness_m)
    return scalar_or_array(9.0 * EPS0 * eps * mu * v**2 / (8.0 * L**3))


def mobility_mott_gurney(voltage_v, current_density_a_m2, eps_r, thickness_m, v_bi_v=0.0):
    """Mobility mu = 8 J L^3 / (9 eps0 eps_r (V - V_bi)^2) in m^2/(V s), eqn (MG) solved."""
    v = finite_array("voltage_v", voltage_v) - finite_array("v_bi_v", v_bi_v)
    j = positive_array("current_density_a_m2", current_density_a_m2)
    if np.any(v <= 0):
        raise ParameterError("voltage_v must exceed v_bi_v for the Mott-Gurney law")
    eps = positive_array("eps_r", eps_r)
    L = positive_array("thickness_m", thickness_m)
    return scalar_or_array(8.0 * j * L**3 / (9.0 * EPS0 * eps * v**2))


def single_carrier_jv(voltage_v, thickness_m, eps_r, mobility_m2_vs, v_tfl_v,
                      free_carrier_density_m3, tfl_slope=8.0):
    """Idealised single-carrier J-V (A/m^2): ohmic -> trap-filled limit -> Mott-Gurney.

    J = q n0 mu V / L below V_TFL (Lampert 1956); above it a power law of exponent
    ``tfl_slope`` starting from the ohmic current at V_TFL until it meets the
    trap-free Mott-Gurney current (eqn MG), which it follows thereafter.  Used to build
    synthetic curves with known V_TFL, eps_r, L and mu.  Requires the Child current at
    V_TFL to exceed the ohmic one (otherwise no TFL region exists).
    """
    v = np.asarray(voltage_v, dtype=float)
    j_ohm = Q * free_carrier_density_m3 * mobility_m2_vs * v / thickness_m
    j_child = mott_gurney_current_density(v, mobility_m2_vs, eps_r, thickness_m)
    j_ohm_tfl = Q * free_carrier_density_m3 * mobility_m2_vs * v_tfl_v / thickness_m
    if mott_gurney_current_density(v_tfl_v, mobility_m2_vs, eps_r, thickness_m) <= j_ohm_tfl:
        raise ParameterError("Child current at v_tfl_v must exceed the ohmic current")
    with np.errstate(divide="ignore"):
        j_tfl = j_ohm_tfl * (np.abs(v) / v_tfl_v) ** tfl_slope
    return np.where(np.abs(v) < v_tfl_v, j_ohm, np.minimum(j_tfl, j_child))


# ----------------------------------------------------------------------------- slopes
def local_slope(voltage_v, current_density, window: int = 7) -> np.ndarray:
    """Smoothed log-log slope d lnJ / d lnV by moving local linear regression.

    ``window`` points (odd, >= 3) centred on each point (shrunk at the ends).
    Requires V > 0 and J > 0 sorted by V.  Vectorised with cumulative sums.
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


# ----------------------------------------------------------------------------- segmentation
@dataclass(frozen=True)
class Region:
    """A straight segment of the log-log J-V curve: ln J = intercept + slope ln V."""

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


def _segment_all(x: np.ndarray, y: np.ndarray, k_max: int, min_points: int
                 ) -> list[tuple[float, list[int]]]:
    """Optimal least-squares split into k = 1..k_max straight segments: [(SSE, bounds)].

    Exact dynamic programming (Bellman 1961) over the segment end j; the SSE of every
    candidate segment i..j-1 (>= ``min_points`` points) comes from cumulative sums
    of the centred data, so memory is O(k_max n) and each end point is one vector
    operation over the start points (no n x n matrix).
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


def _line_fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float, np.ndarray, float]:
    """Intercept, slope, 2x2 covariance (a, b) and residual rms of a straight line."""
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    dof = max(x.size - 2, 1)
    s2 = float(resid @ resid) / dof
    cov = s2 * np.linalg.pinv(design.T @ design)
    return float(coef[0]), float(coef[1]), cov, float(np.sqrt(np.mean(resid**2)))


def _classify(slope: float, stderr: float) -> str:
    if slope < 0.5:
        return "sublinear"
    if slope < 1.5:
        return "ohmic"
    if slope < 2.5:
        return "child"
    if slope > 3.0 and slope - 2.0 * stderr > 3.0:
        return "tfl"
    return "trap_limited"


def _regions(v, x, y, bounds) -> list[Region]:
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        a, b, cov, _ = _line_fit(x[lo:hi], y[lo:hi])
        se = float(np.sqrt(max(cov[1, 1], 0.0)))
        out.append(Region(_classify(b, se), float(v[lo]), float(v[hi - 1]),
                          b, se, a, hi - lo,
                          ((float(cov[0, 0]), float(cov[0, 1])),
                           (float(cov[1, 0]), float(cov[1, 1])))))
    return out


# ----------------------------------------------------------------------------- fit
@dataclass(frozen=True)
class SCLCSweepResult:
    """Result of one sweep (see :class:`SCLCFit` for the meaning of each field)."""

    direction: str
    regions: tuple[Region, ...]
    v_tfl_v: float | None
    v_tfl_stderr_v: float | None
    trap_density_m3: float | None
    trap_density_stderr_m3: float | None
    mobility_m2_vs: float | None
    mobility_stderr_m2_vs: float | None
    child_slope: float | None
    warnings: tuple[str, ...]
    #: rms scatter of ln J about the segment fits (the per-point noise of this sweep)
    residual_rms: float | None = None
    #: the analysed points (V > 0, J > 0, sorted by V), kept for sweep/mode comparisons
    voltage_v: np.ndarray | None = field(default=None, repr=False, compare=False)
    current_density_a_m2: np.ndarray | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict:
        """Display units: V, cm^-3, cm^2/(V s); ``regions`` as a list of dicts."""
        def cm3(x):
            return None if x is None else x * 1e-6

        def cm2(x):
            return None if x is None else x * 1e4

        return {
            "v_tfl_v": self.v_tfl_v, "v_tfl_stderr_v": self.v_tfl_stderr_v,
            "trap_density_cm3": cm3(self.trap_density_m3),
            "trap_density_stderr_cm3": cm3(self.trap_density_stderr_m3),
            "mobility_cm2_vs": cm2(self.mobility_m2_vs),
            "mobility_stderr_cm2_vs": cm2(self.mobility_stderr_m2_vs),
            "regions": [r.as_dict() for r in self.regions],
            "direction": self.direction,
            "warnings": list(self.warnings),
        }


@dataclass
class SCLCFit:
    """Segment one J-V sweep, locate V_TFL, and evaluate eqns (13) and (MG).

    Parameters: ``thickness_m`` (L), ``eps_r``, ``v_bi_v`` (built-in voltage subtracted
    in the Mott-Gurney law, default 0), ``min_points`` per segment, ``max_segments``,
    ``noise_floor`` (relative current noise assumed at least, for the BIC),
    ``slope_window`` (points of the local-slope regression).

    Fitted attributes: ``regions_``, ``slope_`` (local slope per point), ``v_tfl_``,
    ``v_tfl_stderr_``, ``trap_density_`` / ``trap_density_stderr_`` (m^-3),
    ``mobility_`` / ``mobility_stderr_`` (m^2/(V s)), ``child_slope_``,
    ``residual_rms_`` (of ln J), ``warnings_``; ``None`` where the data do not show the
    region needed.
    """

    thickness_m: float
    eps_r: float
    v_bi_v: float = 0.0
    min_points: int = 4
    max_segments: int = 5
    noise_floor: float = 0.01
    slope_window: int = 7

    def fit(self, voltage_v, current_density_a_m2) -> SCLCFit:
        L = require_positive("thickness_m", self.thickness_m)
        eps = require_positive("eps_r", self.eps_r)
        if self.min_points < 3:
            raise ParameterError(f"min_points must be >= 3, got {self.min_points}")
        v, j, warnings = _clean(voltage_v, current_density_a_m2)
        n = v.size
        if n < 2 * self.min_points:
            raise SCLCError(
                f"only {n} usable points (V > 0, J > 0); need at least {2 * self.min_points}"
            )
        x, y = np.log(v), np.log(j)
        best = None
        k_max = min(self.max_segments, n // self.min_points)
        for k, (total, bounds) in enumerate(_segment_all(x, y, k_max, self.min_points), 1):
            var = max(total / n, self.noise_floor**2)
            bic = n * np.log(var) + (3 * k - 1) * np.log(n)
            if best is None or bic < best[0] - 1e-9:
                best = (bic, bounds)
        bounds = best[1]
        regions = _regions(v, x, y, bounds)
        # merge neighbours of the same kind and refit
        merged = [bounds[0]]
        for r_prev, r_next, b in zip(regions[:-1], regions[1:], bounds[1:-1], strict=True):
            if r_prev.kind != r_next.kind:
                merged.append(b)
        merged.append(bounds[-1])
        if len(merged) != len(bounds):
            bounds = merged
            regions = _regions(v, x, y, bounds)
        resid = np.concatenate([
            y[lo:hi] - (r.intercept + r.slope * x[lo:hi])
            for r, lo, hi in zip(regions, bounds[:-1], bounds[1:], strict=True)
        ])
        rms = float(np.sqrt(np.mean(resid**2)))
        if rms > 0.1:
            warnings.append(
                f"noisy curve: rms scatter of ln J about the segment fits is {rms:.2f} "
                f"(~{100 * (np.exp(rms) - 1):.0f} %); regions and V_TFL are uncertain"
            )
        self.regions_ = tuple(regions)
        self.slope_ = local_slope(v, j, self.slope_window)
        self.voltage_ = v
        self.current_density_ = j
        self.residual_rms_ = rms
        self._locate_tfl(x, bounds, L, eps, warnings)
        self._mobility(v, j, bounds, L, eps, warnings)
        self.warnings_ = warnings
        return self

    def _locate_tfl(self, x, bounds, L, eps, warnings) -> None:
        self.v_tfl_ = self.v_tfl_stderr_ = None
        self.trap_density_ = self.trap_density_stderr_ = None
        kinds = [r.kind for r in self.regions_]
        if "tfl" not in kinds:
            warnings.append(
                "no trap-filled-limit region (no segment with slope significantly > 3): "
                "V_TFL and N_t are not reported"
            )
            return
        k = kinds.index("tfl")
        if k == 0:
            warnings.append(
                "the curve starts in the trap-filled-limit region: V_TFL lies at or below "
                f"the lowest voltage measured ({np.exp(x[0]):.3g} V) and is not reported"
            )
            return
        lo, tfl = self.regions_[k - 1], self.regions_[k]
        if lo.kind != "ohmic":
            warnings.append(
                f"the region below the TFL region is {lo.kind!r} (slope {lo.slope:.2f}), "
                "not ohmic; V_TFL is its intersection with the TFL line"
            )
        db = tfl.slope - lo.slope
        x_star = (lo.intercept - tfl.intercept) / db
        x_lo, x_hi = x[bounds[k] - 1], x[bounds[k]]
        if not (np.log(lo.v_start) <= x_star <= np.log(tfl.v_end)):
            warnings.append("tangent intersection outside the two regions; V_TFL taken as "
                            "the first point of the TFL region")
            x_star = x_hi
        grad_lo = np.array([1.0, x_star]) / db
        grad_hi = -np.array([1.0, x_star]) / db
        var = float(grad_lo @ np.array(lo.cov) @ grad_lo + grad_hi @ np.array(tfl.cov) @ grad_hi)
        var += (x_hi - x_lo) ** 2 / 12.0
        v_tfl = float(np.exp(x_star))
        se = v_tfl * float(np.sqrt(max(var, 0.0)))
        self.v_tfl_, self.v_tfl_stderr_ = v_tfl, se
        self.trap_density_ = trap_density_tfl(v_tfl, eps, L)
        self.trap_density_stderr_ = self.trap_density_ * se / v_tfl

    def _mobility(self, v, j, bounds, L, eps, warnings) -> None:
        self.mobility_ = self.mobility_stderr_ = self.child_slope_ = None
        idx = [i for i, r in enumerate(self.regions_) if r.kind == "child"]
        if not idx:
            warnings.append("no Child (slope ~2) region: mobility is not reported")
            return
        k = idx[-1]
        lo, hi = bounds[k], bounds[k + 1]
        vv, jj = v[lo:hi], j[lo:hi]
        keep = vv > self.v_bi_v
        if keep.sum() < 2:
            warnings.append("Child region lies below v_bi_v: mobility is not reported")
            return
        mu = mobility_mott_gurney(vv[keep], jj[keep], eps, L, self.v_bi_v)
        ln_mu = np.log(mu)
        self.mobility_ = float(np.exp(ln_mu.mean()))
        self.mobility_stderr_ = self.mobility_ * float(ln_mu.std(ddof=1) / np.sqrt(ln_mu.size))
        self.child_slope_ = self.regions_[k].slope
        if abs(self.child_slope_ - 2.0) > 0.3:
            warnings.append(
                f"Child region slope {self.child_slope_:.2f} deviates from 2: the "
                "Mott-Gurney mobility is approximate (injection barrier, field-dependent "
                "mobility or trap-limited SCLC)"
            )

    def result(self, direction: str = "forward") -> SCLCSweepResult:
        """The fitted values as a frozen :class:`SCLCSweepResult`."""
        return SCLCSweepResult(
            direction, self.regions_, self.v_tfl_, self.v_tfl_stderr_, self.trap_density_,
            self.trap_density_stderr_, self.mobility_, self.mobility_stderr_,
            self.child_slope_, tuple(self.warnings_), self.residual_rms_,
            self.voltage_, self.current_density_,
        )


def _clean(voltage_v, current) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Finite points with V > 0 and J > 0, sorted by V (negative polarity mirrored)."""
    v = np.asarray(voltage_v, dtype=float).ravel()
    j = np.asarray(current, dtype=float).ravel()
    if v.shape != j.shape:
        raise SCLCError(f"voltage and current differ in length ({v.size} vs {j.size})")
    warnings: list[str] = []
    ok = np.isfinite(v) & np.isfinite(j)
    if (~ok).any():
        warnings.append(f"{int((~ok).sum())} non-finite point(s) ignored")
    v, j = v[ok], j[ok]
    if v.size and np.sum(v < 0) > np.sum(v > 0):
        warnings.append("negative-polarity sweep: analysed as |V|, |J|")
        v, j = -v, -j
    elif np.any(v < 0):
        warnings.append(f"{int(np.sum(v < 0))} point(s) of the opposite polarity ignored")
    pos = v > 0
    v, j = v[pos], j[pos]
    bad = j <= 0
    if v.size == 0 or bad.all():
        raise SCLCError("no point with V > 0 and J > 0 (all currents <= 0 at V > 0: wrong "
                        "sign convention?); expected a single-carrier J-V curve")
    if bad.any():
        frac = bad.mean()
        if frac > 0.2:
            raise SCLCError(
                f"{int(bad.sum())} of {v.size} points have J <= 0 at V > 0 "
                "(wrong sign convention or offset?); expected positive current"
            )
        warnings.append(f"{int(bad.sum())} point(s) with J <= 0 at V > 0 ignored "
                        "(noise floor or offset)")
        v, j = v[~bad], j[~bad]
    order = np.argsort(v, kind="stable")
    v, j = v[order], j[order]
    drops = int(np.sum(np.diff(j) < 0))
    if drops > 0.05 * max(v.size - 1, 1):
        warnings.append(
            f"current decreases with increasing voltage at {drops} of {v.size - 1} steps "
            "(noise, negative differential resistance or ionic transients)"
        )
    _, uniq = np.unique(v, return_index=True)
    if uniq.size < v.size:
        warnings.append(f"{v.size - uniq.size} repeated voltage(s): all points kept")
    return v, j, warnings


# ----------------------------------------------------------------------------- sweeps
def split_sweeps(voltage_v) -> list[tuple[str, np.ndarray]]:
    """Split a measurement at direction changes of |V|: ``[(direction, indices), ...]``.

    ``direction`` is ``"forward"`` where |V| increases, ``"reverse"`` where it
    decreases; the turning point belongs to both sweeps.  Flat steps stay in the
    current sweep.  A run of fewer than 3 points (a wobble of the voltage read-back)
    is merged into the preceding sweep, together with the run after it if that one
    continues in the same direction, so a wobble never splits a sweep in two.

    Why not :func:`peled.measure.jvl.split_sweeps`: that function cleans a J-V-L file
    object (emission column, ``sweep`` column, duplicate averaging) and splits at
    turning points of the *signed* voltage, giving the turning point to the earlier
    segment only and keeping just the first forward/reverse pair.  A single-carrier
    SCLC measurement is often taken at negative bias (electron-only devices) or as a
    bipolar loop 0 -> +V -> 0 -> -V -> 0; splitting on |V| makes each of the four legs
    a forward or reverse sweep of the same log-log analysis, and sharing the turning
    point gives both sweeps the highest voltage (where the Child region lives).
    Reusing the J-V-L segmentation would change these results, so the definitions
    are kept apart deliberately.
    """
    v = np.asarray(voltage_v, dtype=float).ravel()
    if v.size < 2:
        return [("forward", np.arange(v.size))]
    d = np.sign(np.diff(np.abs(v)))
    # carry the last non-zero direction over flat steps (forward before the first one)
    last = np.maximum.accumulate(np.where(d != 0, np.arange(d.size), -1))
    d = np.where(last >= 0, d[np.maximum(last, 0)], 1.0)
    ends = np.concatenate([np.flatnonzero(np.diff(d) != 0) + 1, [d.size]])
    sweeps: list[tuple[str, np.ndarray]] = []
    start = 0
    for i in ends:
        idx = np.arange(start, i + 1)
        direction = "forward" if d[i - 1] > 0 else "reverse"
        if sweeps and (idx.size < 3 or direction == sweeps[-1][0]):
            # a short wobble joins the current sweep, and so does the run after it
            # when it continues in the same direction
            prev_dir, prev = sweeps[-1]
            sweeps[-1] = (prev_dir, np.union1d(prev, idx))
        else:
            sweeps.append((direction, idx))
        start = i
    return sweeps


def hysteresis_index(v_forward, j_forward, v_reverse, j_reverse) -> float | None:
    """Relative current difference between reverse and forward sweeps.

    HI = (integral J_rev dlnV - integral J_fwd dlnV) / integral J_fwd dlnV over the
    common voltage range (both interpolated in log-log on 200 log-spaced points).
    HI > 0: the reverse sweep carries more current (traps/ions filled on the way up);
    0 means no hysteresis.  ``None`` when the sweeps do not overlap.

    This is the relative-area index of :func:`peled.measure.jvl.hysteresis_index`
    (Habisreutinger, Noel & Snaith, ACS Energy Lett. 3, 2472, 2018) with two
    deliberate differences for SCLC data: (i) the measure is d ln V instead of dV,
    because SCLC sweeps are sampled log-spaced over several decades of V and the J-V-L
    form (trapezoids in V on the forward voltages) would give the lowest decades
    almost no weight; (ii) J is interpolated linearly in ln J vs ln V, which is exact
    on each power-law region (J ~ V, V^n, V^2), whereas linear interpolation of a
    slope-8 TFL segment sampled at 10 points per decade overestimates J midway
    between points by 40 % (3.50 vs 10^0.4 = 2.51 times the lower reading).  The
    integrand is still J, so the index is dominated by the highest-current decade;
    a V_TFL shift between sweeps is reported separately (``v_tfl_shift_v``).
    """
    common = _loglog_common(v_forward, j_forward, v_reverse, j_reverse)
    if common is None:
        return None
    grid, f, r = common
    x = np.log(grid)
    af = float(np.trapezoid(f, x))
    ar = float(np.trapezoid(r, x))
    return (ar - af) / af


def _loglog_common(v1, j1, v2, j2, n: int = 200):
    """Both curves interpolated in ln J vs ln V on ``n`` log-spaced voltages of their
    common range: ``(grid_v, j1, j2)``, or ``None`` when they do not overlap."""
    v1, j1 = np.abs(np.asarray(v1, float)), np.abs(np.asarray(j1, float))
    v2, j2 = np.abs(np.asarray(v2, float)), np.abs(np.asarray(j2, float))
    ok1, ok2 = (v1 > 0) & (j1 > 0), (v2 > 0) & (j2 > 0)
    v1, j1, v2, j2 = v1[ok1], j1[ok1], v2[ok2], j2[ok2]
    if v1.size < 2 or v2.size < 2:
        return None
    lo, hi = max(v1.min(), v2.min()), min(v1.max(), v2.max())
    if not hi > lo:
        return None
    grid = np.geomspace(lo, hi, n)
    o1, o2 = np.argsort(v1), np.argsort(v2)
    f1 = np.exp(np.interp(np.log(grid), np.log(v1[o1]), np.log(j1[o1])))
    f2 = np.exp(np.interp(np.log(grid), np.log(v2[o2]), np.log(j2[o2])))
    return grid, f1, f2


@dataclass(frozen=True)
class SCLCReport:
    """All sweeps of one measurement; ``main`` is the first forward sweep."""

    sweeps: tuple[SCLCSweepResult, ...]
    hysteresis_index: float | None
    warnings: tuple[str, ...]

    @property
    def main(self) -> SCLCSweepResult:
        """The first forward sweep (or the first sweep if none is forward)."""
        fwd = [s for s in self.sweeps if s.direction == "forward"]
        return (fwd or list(self.sweeps))[0]

    def as_dict(self) -> dict:
        """CLI JSON: the main sweep's keys, plus ``sweeps``, ``hysteresis_index`` and
        ``v_tfl_shift_v`` (V_TFL of the first reverse minus the first forward sweep)."""
        out = self.main.as_dict()
        out["warnings"] = list(self.warnings) + out["warnings"]
        out["hysteresis_index"] = self.hysteresis_index
        if len(self.sweeps) > 1:
            out["sweeps"] = [s.as_dict() for s in self.sweeps]
            # V_TFL(first reverse) - V_TFL(first forward), whatever order they came in
            first = {d: next((s for s in self.sweeps if s.direction == d), None)
                     for d in ("forward", "reverse")}
            v = [None if s is None else s.v_tfl_v for s in first.values()]
            out["v_tfl_shift_v"] = (v[1] - v[0]) if None not in v else None
        return out


def labelled_sweeps(directions) -> list[tuple[str, np.ndarray]]:
    """Sweeps from per-point direction labels: every run of equal labels is one sweep.

    ``directions``: ``"forward"`` / ``"reverse"`` per point (as parsed by
    :func:`parse_mode_label`).  Unlike :func:`split_sweeps`, turning points are not
    shared: the file says which sweep each point belongs to.
    """
    d = np.asarray(directions, dtype=str).ravel()
    bad = sorted(set(d.tolist()) - {"forward", "reverse"})
    if bad:
        raise SCLCError(f"sweep labels must be 'forward' or 'reverse', got {bad[:3]}")
    if d.size == 0:
        return []
    bounds = [0, *(np.flatnonzero(d[1:] != d[:-1]) + 1).tolist(), d.size]
    return [(str(d[lo]), np.arange(lo, hi))
            for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]


def analyze_sclc(voltage_v, current_density_a_m2, thickness_m: float, eps_r: float,
                 v_bi_v: float = 0.0, directions=None, **fit_options) -> SCLCReport:
    """Analyse every sweep of a measurement (see :class:`SCLCFit`) and the hysteresis.

    Sweeps are found from the direction changes of |V| (:func:`split_sweeps`), or,
    when ``directions`` gives a ``"forward"``/``"reverse"`` label per point (a
    ``sweep`` column of the file), from those labels (:func:`labelled_sweeps`).
    """
    v = np.asarray(voltage_v, dtype=float)
    j = np.asarray(current_density_a_m2, dtype=float)
    if v.shape != j.shape:
        raise SCLCError(f"voltage and current differ in length ({v.size} vs {j.size})")
    warnings: list[str] = []
    if directions is None:
        parts = split_sweeps(v)
    else:
        if np.asarray(directions).size != v.size:
            raise SCLCError(f"{np.asarray(directions).size} sweep labels for {v.size} points")
        parts = labelled_sweeps(directions)
        for direction, idx in parts:
            rise = abs(v[idx[-1]]) - abs(v[idx[0]])
            if (direction == "forward" and rise < 0) or (direction == "reverse" and rise > 0):
                warnings.append(f"points {idx[0] + 1}-{idx[-1] + 1} are labelled {direction} "
                                f"but |V| goes from {abs(v[idx[0]]):.3g} to "
                                f"{abs(v[idx[-1]]):.3g} V")
    results = []
    fits = []
    for direction, idx in parts:
        try:
            f = SCLCFit(thickness_m, eps_r, v_bi_v, **fit_options).fit(v[idx], j[idx])
        except SCLCError as exc:
            if len(parts) == 1:
                raise
            warnings.append(f"{direction} sweep ({idx.size} points) skipped: {exc}")
            continue
        fits.append((direction, idx))
        results.append(f.result(direction))
    if not results:
        raise SCLCError("no sweep could be analysed")
    if len(parts) > 1:
        how = "direction changes" if directions is None else "sweep labels"
        warnings.append(f"{len(parts)} sweeps found ({how}): analysed separately")
    hi = None
    dirs = [d for d, _ in fits]
    if "forward" in dirs and "reverse" in dirs:
        f_idx = fits[dirs.index("forward")][1]
        r_idx = fits[dirs.index("reverse")][1]
        hi = hysteresis_index(v[f_idx], j[f_idx], v[r_idx], j[r_idx])
    return SCLCReport(tuple(results), hi, tuple(warnings))


# ----------------------------------------------------------------------------- modes
#: Accepted label words (case-insensitive) of a ``mode`` / ``sweep`` column; a label may
#: combine a measurement mode and a direction with ``-``, ``_``, ``/``, ``+`` or spaces
#: (``pulsed-forward``, ``DC rev``).  ``steady-state`` / ``steady state`` count as one word.
MODE_WORDS: dict[str, tuple[str, ...]] = {
    "dc": ("dc", "steady", "steadystate", "cw", "continuous", "static"),
    "pulsed": ("pulsed", "pulse", "pulses"),
}
DIRECTION_WORDS: dict[str, tuple[str, ...]] = {
    "forward": ("forward", "fwd", "fw", "f", "up", "increasing"),
    "reverse": ("reverse", "rev", "rv", "r", "down", "backward", "back", "bwd", "decreasing"),
}
_WORD = {w: k for k, ws in MODE_WORDS.items() for w in ws}
_DIR = {w: k for k, ws in DIRECTION_WORDS.items() for w in ws}


def parse_mode_label(label: str) -> tuple[str | None, str | None]:
    """``(mode, direction)`` of one label: mode ``"dc"``/``"pulsed"``, direction
    ``"forward"``/``"reverse"``, ``None`` for a part the label does not give.

    >>> parse_mode_label("Pulsed-Forward"), parse_mode_label("rev"), parse_mode_label("DC")
    (('pulsed', 'forward'), (None, 'reverse'), ('dc', None))

    Unknown words, an empty label or two different modes/directions in one label
    raise :class:`~peled.errors.ParameterError` (a ``ValueError``).
    """
    text = re.sub(r"steady[\s_\-]*state", "steadystate", str(label).strip().lower())
    words = [w for w in re.split(r"[\s_\-/+,;|:]+", text) if w]
    if not words:
        raise ParameterError("empty mode/sweep label; expected e.g. 'dc', 'pulsed', "
                             "'forward', 'reverse' or 'pulsed-forward'")
    mode = direction = None
    for w in words:
        if w in _WORD:
            if mode not in (None, _WORD[w]):
                raise ParameterError(f"label {label!r} names two measurement modes")
            mode = _WORD[w]
        elif w in _DIR:
            if direction not in (None, _DIR[w]):
                raise ParameterError(f"label {label!r} names two sweep directions")
            direction = _DIR[w]
        else:
            raise ParameterError(
                f"unknown mode/sweep label {label!r} (word {w!r}); expected dc/pulsed "
                "and/or forward/reverse, e.g. 'pulsed-forward'"
            )
    return mode, direction


@dataclass(frozen=True)
class PulsedDCComparison:
    """Pulsed vs DC (steady-state) SCLC sweeps: the mobile-ion signature.

    In a DC sweep mobile ions have time to redistribute and screen the field (or
    compensate trapped charge), which changes both the current and the apparent
    V_TFL; millisecond voltage pulses from a fixed baseline bias leave the ionic
    distribution nearly unchanged (E. A. Duijnstee, J. M. Ball, V. M. Le Corre,
    L. J. A. Koster, H. J. Snaith & J. Lim, "Toward understanding space-charge limited
    current measurements on metal halide perovskites", ACS Energy Lett. 5, 376, 2020).
    A difference between the two therefore indicates mobile ions.

    Fields (SI; :meth:`as_dict` gives display units): V_TFL of both and
    ``v_tfl_shift_v`` = DC - pulsed with its standard error; trap densities (eqn 13)
    and their ratio DC / pulsed; mobilities; over the common voltage range,
    ``log_current_ratio_mean`` = mean of ln(J_dc / J_p) over ln V (every decade of V
    weighted equally), ``current_difference_rel`` = exp(log_current_ratio_mean) - 1
    (the typical relative current difference, DC vs pulsed),
    ``current_difference_area_rel`` = (int J_dc dlnV - int J_p dlnV) / int J_p dlnV
    (the index of :func:`hysteresis_index` with the pulsed curve as reference; it is
    dominated by the highest-current decade, usually the Child region where the two
    agree) and ``current_difference_max_rel`` = max |J_dc / J_p - 1|; ``noise_ln_j``
    the combined per-point scatter of ln J of both curves.
    ``ions_indicated``: |log_current_ratio_mean| exceeds ``n_sigma`` times the noise,
    or the V_TFL shift exceeds two standard errors (``None`` if neither is available).
    """

    v_tfl_dc_v: float | None
    v_tfl_pulsed_v: float | None
    v_tfl_shift_v: float | None
    v_tfl_shift_stderr_v: float | None
    trap_density_dc_m3: float | None
    trap_density_pulsed_m3: float | None
    trap_density_ratio: float | None
    mobility_dc_m2_vs: float | None
    mobility_pulsed_m2_vs: float | None
    current_difference_rel: float | None
    log_current_ratio_mean: float | None
    current_difference_area_rel: float | None
    current_difference_max_rel: float | None
    noise_ln_j: float
    v_common_min_v: float | None
    v_common_max_v: float | None
    ions_indicated: bool | None
    warnings: tuple[str, ...]

    def as_dict(self) -> dict:
        """JSON form: V, cm^-3, cm^2/(V s)."""
        def scale(x, f):
            return None if x is None else x * f

        return {
            "v_tfl_dc_v": self.v_tfl_dc_v, "v_tfl_pulsed_v": self.v_tfl_pulsed_v,
            "v_tfl_shift_v": self.v_tfl_shift_v,
            "v_tfl_shift_stderr_v": self.v_tfl_shift_stderr_v,
            "trap_density_dc_cm3": scale(self.trap_density_dc_m3, 1e-6),
            "trap_density_pulsed_cm3": scale(self.trap_density_pulsed_m3, 1e-6),
            "trap_density_ratio": self.trap_density_ratio,
            "mobility_dc_cm2_vs": scale(self.mobility_dc_m2_vs, 1e4),
            "mobility_pulsed_cm2_vs": scale(self.mobility_pulsed_m2_vs, 1e4),
            "current_difference_rel": self.current_difference_rel,
            "log_current_ratio_mean": self.log_current_ratio_mean,
            "current_difference_area_rel": self.current_difference_area_rel,
            "current_difference_max_rel": self.current_difference_max_rel,
            "noise_ln_j": self.noise_ln_j,
            "v_common_min_v": self.v_common_min_v, "v_common_max_v": self.v_common_max_v,
            "ions_indicated": self.ions_indicated,
            "warnings": list(self.warnings),
        }


def compare_pulsed_dc(dc: SCLCSweepResult, pulsed: SCLCSweepResult,
                      noise_floor: float = 0.01, n_sigma: float = 3.0) -> PulsedDCComparison:
    """Compare a DC and a pulsed sweep of the same device (see :class:`PulsedDCComparison`).

    ``noise_floor``: per-point ln J scatter assumed at least for each curve (as in
    :class:`SCLCFit`), so noise-free synthetic data do not flag every rounding error.
    """
    warnings: list[str] = []
    vd, vp = dc.v_tfl_v, pulsed.v_tfl_v
    shift = shift_se = None
    if vd is not None and vp is not None:
        shift = vd - vp
        shift_se = float(np.hypot(dc.v_tfl_stderr_v, pulsed.v_tfl_stderr_v))
    elif (vd is None) != (vp is None):
        warnings.append(f"V_TFL found in the {'pulsed' if vd is None else 'DC'} sweep only")
    nd, npu = dc.trap_density_m3, pulsed.trap_density_m3
    ratio = nd / npu if nd is not None and npu is not None else None
    noise = float(np.hypot(max(dc.residual_rms or 0.0, noise_floor),
                           max(pulsed.residual_rms or 0.0, noise_floor)))
    rel = log_mean = area = rel_max = lo = hi = None
    common = None
    if dc.voltage_v is not None and pulsed.voltage_v is not None:
        common = _loglog_common(pulsed.voltage_v, pulsed.current_density_a_m2,
                                dc.voltage_v, dc.current_density_a_m2)
    if common is None:
        warnings.append("the DC and pulsed sweeps share no voltage range: currents not compared")
    else:
        grid, jp, jd = common
        x = np.log(grid)
        ap, ad = float(np.trapezoid(jp, x)), float(np.trapezoid(jd, x))
        area = (ad - ap) / ap
        log_mean = float(np.trapezoid(np.log(jd / jp), x) / (x[-1] - x[0]))
        rel = float(np.expm1(log_mean))
        rel_max = float(np.max(np.abs(jd / jp - 1.0)))
        lo, hi = float(grid[0]), float(grid[-1])
    current_sig = None if log_mean is None else abs(log_mean) > n_sigma * noise
    shift_sig = None if shift is None else abs(shift) > 2.0 * shift_se
    flags = [f for f in (current_sig, shift_sig) if f is not None]
    ions = any(flags) if flags else None
    if current_sig:
        warnings.append(
            f"DC and pulsed currents differ by {100 * rel:+.0f} % on average "
            f"(noise {100 * noise:.1f} %): mobile ions redistribute during the DC "
            "sweep; the pulsed values are the less ion-affected ones"
        )
    if shift_sig:
        warnings.append(f"V_TFL differs between DC and pulsed sweeps by {shift:+.3g} V "
                        f"(+- {shift_se:.2g} V): trap density from the DC sweep is "
                        "affected by mobile ions")
    return PulsedDCComparison(
        vd, vp, shift, shift_se, nd, npu, ratio, dc.mobility_m2_vs, pulsed.mobility_m2_vs,
        rel, log_mean, area, rel_max, noise, lo, hi, ions, tuple(warnings),
    )


@dataclass(frozen=True)
class SCLCModeReport:
    """SCLC analyses of one device per measurement mode (``"dc"``, ``"pulsed"``).

    ``primary`` is ``"dc"`` when a DC measurement exists (its first forward sweep
    carries the CLI contract keys), else the first mode found; ``comparison`` the
    :class:`PulsedDCComparison` of the first forward sweeps when both modes exist.
    """

    modes: tuple[tuple[str, SCLCReport], ...]
    primary: str
    comparison: PulsedDCComparison | None
    warnings: tuple[str, ...]

    def report(self, mode: str) -> SCLCReport:
        """The :class:`SCLCReport` of one mode (KeyError if it was not measured)."""
        for m, r in self.modes:
            if m == mode:
                return r
        raise KeyError(mode)

    @property
    def main(self) -> SCLCSweepResult:
        """The primary mode's first forward sweep."""
        return self.report(self.primary).main

    def as_dict(self) -> dict:
        """CLI JSON: the primary mode's :meth:`SCLCReport.as_dict` at the top level
        (contract keys ``v_tfl_v, v_tfl_stderr_v, trap_density_cm3, mobility_cm2_vs,
        regions``), plus ``measurement_mode``, ``modes`` ({mode: report}, when more than
        one mode was measured) and ``pulsed_vs_dc`` (``None`` without both modes)."""
        out = self.report(self.primary).as_dict()
        out["warnings"] = list(self.warnings) + out["warnings"]
        out["measurement_mode"] = self.primary
        if len(self.modes) > 1:
            out["modes"] = {m: r.as_dict() for m, r in self.modes}
        out["pulsed_vs_dc"] = None if self.comparison is None else self.comparison.as_dict()
        return out


def analyze_sclc_modes(voltage_v, current_density_a_m2, modes, thickness_m: float,
                       eps_r: float, v_bi_v: float = 0.0, directions=None,
                       **fit_options) -> SCLCModeReport:
    """Analyse each measurement mode separately and compare pulsed with DC.

    ``modes``: ``"dc"`` or ``"pulsed"`` per point; ``directions``: ``"forward"``,
    ``"reverse"`` or ``""`` (unknown) per point, or ``None``.  Within a mode, sweeps
    come from the labels when every point of that mode has one, else from the
    direction changes of |V| (:func:`analyze_sclc`).
    """
    v = np.asarray(voltage_v, dtype=float).ravel()
    j = np.asarray(current_density_a_m2, dtype=float).ravel()
    m = np.asarray(modes, dtype=str).ravel()
    if not (v.size == j.size == m.size):
        raise SCLCError(f"voltage, current and mode labels differ in length "
                        f"({v.size}, {j.size}, {m.size})")
    bad = sorted(set(m.tolist()) - set(MODE_WORDS))
    if bad:
        raise SCLCError(f"measurement modes must be 'dc' or 'pulsed', got {bad[:3]}")
    d = None if directions is None else np.asarray(directions, dtype=str).ravel()
    if d is not None and d.size != v.size:
        raise SCLCError(f"{d.size} sweep labels for {v.size} points")
    order = list(dict.fromkeys(m.tolist()))
    if not order:
        raise SCLCError("no data points")
    reports = []
    for mode in order:
        idx = np.flatnonzero(m == mode)
        dirs = None
        if d is not None:
            known = d[idx] != ""
            if known.all():
                dirs = d[idx]
            elif known.any():
                raise SCLCError(f"{mode} measurement: {int((~known).sum())} of {idx.size} "
                                "points have no sweep label (label all or none)")
        try:
            rep = analyze_sclc(v[idx], j[idx], thickness_m, eps_r, v_bi_v, dirs, **fit_options)
        except SCLCError as exc:
            if len(order) == 1:
                raise
            raise SCLCError(f"{mode} measurement: {exc}") from None
        reports.append((mode, rep))
    warnings: list[str] = []
    primary = "dc" if "dc" in order else order[0]
    if primary != "dc":
        warnings.append(f"no DC measurement: the top-level values are the {primary} analysis")
    comparison = None
    if {"dc", "pulsed"} <= set(order):
        rep = dict(reports)
        floor = fit_options.get("noise_floor", SCLCFit.noise_floor)
        comparison = compare_pulsed_dc(rep["dc"].main, rep["pulsed"].main, floor)
        warnings += list(comparison.warnings)
    return SCLCModeReport(tuple(reports), primary, comparison, tuple(warnings))


# ----------------------------------------------------------------------------- reader
#: Lower-cased header names of label columns (text) in an SCLC file.
LABEL_COLUMNS = ("mode", "sweep", "measurement", "protocol", "direction", "scan")


@dataclass(frozen=True, eq=False)
class SCLCData:
    """A dark J-V file: points in file order with their measurement mode and sweep label.

    ``modes``: ``"dc"``/``"pulsed"`` per point; ``directions``: ``"forward"``,
    ``"reverse"`` per point, or ``None`` when the file has no sweep labels;
    ``line_numbers``: the file line of every point.
    """

    path: Path
    voltage_v: np.ndarray
    current_density_a_m2: np.ndarray
    modes: np.ndarray
    directions: np.ndarray | None
    line_numbers: np.ndarray
    warnings: tuple[str, ...]


def _read(path, area_cm2):
    from peled.measure.columns import parse_header, read_table

    table = read_table(path, text_columns=LABEL_COLUMNS)  # unreadable -> FileFormatError
    cols = [parse_header(h) for h in table.headers]
    v_idx = [i for i, c in enumerate(cols) if c.dimension == "voltage"]
    j_idx = [i for i, c in enumerate(cols) if c.dimension == "current_density"]
    i_idx = [i for i, c in enumerate(cols) if c.dimension == "current"]
    if not v_idx:
        raise FileFormatError(path, "no voltage column (header unit V or mV expected)", line=1)
    warnings: list[str] = []
    if j_idx:
        jcol = j_idx[0]
        j = table.column(jcol) * cols[jcol].factor
    elif i_idx:
        if area_cm2 is None:
            raise FileFormatError(path, f"column {table.headers[i_idx[0]]!r} is a current; "
                                        "give the device area (--area-cm2)")
        a = require_positive("area_cm2", area_cm2) * 1e-4
        j = table.column(i_idx[0]) * cols[i_idx[0]].factor / a
    else:
        raise FileFormatError(
            path, "no current-density column (header unit mA/cm2, A/m2, A/cm2) or current "
                  "column (A, mA) found", line=1,
        )
    v = table.column(v_idx[0]) * cols[v_idx[0]].factor
    bad = ~np.isfinite(v) | ~np.isfinite(j)
    if bad.any():
        lines = table.line_numbers[bad][:5].tolist()
        warnings.append(f"{int(bad.sum())} row(s) with empty cells ignored (lines {lines})")
    return table, v, j, ~bad, warnings


def read_sclc_csv(path: str | Path, area_cm2: float | None = None
                  ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Read a dark J-V file: voltage (V or mV) and current density or current.

    Units come from the header (``V``, ``mA/cm2``, ``A/m2``, ``A``, ``mA``, ... as in
    :mod:`peled.measure.columns`); a current column needs ``area_cm2``.  Returns
    ``(voltage_v, current_density_a_m2, warnings)`` in file order (sweeps kept).
    Mode/sweep label columns are skipped here; :func:`read_sclc_measurement` reads them.
    """
    _, v, j, keep, warnings = _read(path, area_cm2)
    return v[keep], j[keep], warnings


def read_sclc_measurement(path: str | Path, area_cm2: float | None = None,
                          default_mode: str = "dc") -> SCLCData:
    """Read a dark J-V file with optional measurement-mode and sweep labels.

    Besides the voltage and current columns of :func:`read_sclc_csv`, text columns
    named ``mode``, ``sweep``, ``measurement``, ``protocol``, ``direction`` or ``scan``
    (header, case-insensitive) label every row.  Accepted words (case-insensitive,
    :data:`MODE_WORDS`, :data:`DIRECTION_WORDS`):

    * measurement mode: ``dc``, ``steady``, ``steady-state``, ``cw``, ``continuous``,
      ``static`` -> DC; ``pulsed``, ``pulse``, ``pulses`` -> pulsed;
    * sweep direction: ``forward``, ``fwd``, ``fw``, ``f``, ``up``, ``increasing`` ->
      forward; ``reverse``, ``rev``, ``rv``, ``r``, ``down``, ``backward``, ``back``,
      ``bwd``, ``decreasing`` -> reverse;
    * both in one label joined by ``-``, ``_``, ``/``, ``+`` or a space
      (``pulsed-forward``, ``DC rev``), or in two columns (``mode`` and ``sweep``).

    Rows without a mode word take ``default_mode`` (``"dc"``: an unlabelled J-V sweep
    is a steady-state measurement).  If any row has a direction word every row must
    have one.  Unknown words, empty labels and conflicting labels raise
    :class:`~peled.errors.FileFormatError` naming the file and line.
    """
    if default_mode not in MODE_WORDS:
        raise ParameterError(f"default_mode must be one of {sorted(MODE_WORDS)}, "
                             f"got {default_mode!r}")
    table, v, j, keep, warnings = _read(path, area_cm2)
    lines = table.line_numbers
    n = lines.size
    modes = np.full(n, "", dtype=object)
    dirs = np.full(n, "", dtype=object)
    for header, cells in table.text_columns.items():
        for k, cell in enumerate(cells):
            try:
                mode, direction = parse_mode_label(cell)
            except ParameterError as exc:
                raise FileFormatError(path, f"column {header!r}: {exc}", line=int(lines[k])
                                      ) from None
            for arr, val, what in ((modes, mode, "mode"), (dirs, direction, "sweep")):
                if val is None:
                    continue
                if arr[k] not in ("", val):
                    raise FileFormatError(path, f"conflicting {what} labels {arr[k]!r} and "
                                                f"{val!r}", line=int(lines[k]))
                arr[k] = val
    modes[modes == ""] = default_mode
    directions = None
    if (dirs != "").any():
        missing = np.flatnonzero(dirs == "")
        if missing.size:
            raise FileFormatError(path, "no sweep direction (forward/reverse) in this row "
                                        "although other rows have one",
                                  line=int(lines[missing[0]]))
        directions = dirs[keep].astype(str)
    return SCLCData(Path(path), v[keep], j[keep], modes[keep].astype(str), directions,
                    lines[keep], tuple(warnings))
