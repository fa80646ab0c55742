"""Operational lifetime from ageing traces: T95/T90/T80/T50, extrapolation, L0 scaling.

For each run (one trace at constant current, normalised to its first point):

* ``T_x`` is the first time the trace reaches the fraction x, linearly interpolated
  between the bracketing readings (``extrapolated = False``);
* when the trace ends before reaching x, ``T_x`` comes from the fitted stretched
  exponential ``exp(-(t/tau)^beta)`` (Féry et al., Appl. Phys. Lett. 87, 213502,
  2005), with a 95 % delta-method confidence interval (see :mod:`peled.measure.decay`)
  and ``extrapolated = True``.  The bi-exponential fit is reported beside it; a
  disagreement by more than a factor 2 and an extrapolation beyond 10x the measured
  duration are warned about (the estimate is then model-dependent);
* no extrapolation when the trace does not resolve a decay: if the fitted decay at the
  end of the trace, ``1 - y_fit(t_end)``, is below 0.5 % or below 3x the residual RMS
  of the fit (peled's choice: a decay within the noise determines neither tau nor
  beta), unreached T_x are null and a warning says why.  Fit-quality problems (e.g. a
  parameter covariance that cannot be estimated) are reported in the warnings, never
  as Python warnings on stderr.

Conversion to other initial luminances uses LT2/LT1 = (L1/L2)^n
(:mod:`peled.device.lifetime`): n is the user's ``lifetime_n``, else the n fitted from
runs at >= 2 initial luminances, else n = 1.65 (Jang et al., Adv. Mater. (2025),
Figure 14 caption; reported in ``n_source`` as ``"jang2025"``).  The converted T50 at
100 cd/m2 and T95 at 1,000 cd/m2 are compared with the commercial targets stated by
Jang et al., Adv. Mater. (2025), sec. 1: "T95 ~ 10^4 h at initial luminance L0 = 1000
cd m-2" for TVs and phones, "a T50 of at least 10^6 h at L0 = 100 cd m-2" for other
mobile applications (repeated in sec. 7).  Zhao et al., Commun. Mater. (2025)
(conclusion) quotes a lower "T95 lifetime (>1000 h) at 1000 cd/m2" benchmark; peled
uses the stricter 10^4 h.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.device.lifetime import (
    ACCELERATION_EXPONENT_JANG2025,
    AccelerationLawFit,
    convert_lifetime,
)
from peled.measure.decay import BiExponentialDecay, FitError, StretchedExponentialDecay

__all__ = [
    "LEVELS",
    "LifetimeEstimate",
    "LifetimeResult",
    "LifetimeRun",
    "T50_TARGET_AT_100_CD_M2_H",
    "T95_TARGET_AT_1000_CD_M2_H",
    "analyze_lifetime",
    "analyze_run",
]

#: Fractions of L0 reported (T95, T90, T80, T50).
LEVELS: tuple[float, ...] = (0.95, 0.90, 0.80, 0.50)
#: Jang et al., Adv. Mater. (2025), sec. 1: T95 ~ 1e4 h at L0 = 1000 cd/m2 (TVs, mobile
#: phones).
T95_TARGET_AT_1000_CD_M2_H: float = 1.0e4
#: Jang et al., Adv. Mater. (2025), sec. 1 and Fig. 1D: T50 >= 1e6 h at L0 = 100 cd/m2.
T50_TARGET_AT_100_CD_M2_H: float = 1.0e6

_MAX_FIT_POINTS = 400
_EXTRAPOLATION_WARN = 10.0
#: Smallest fitted decay at the end of a trace that allows extrapolation (module docstring).
MIN_RESOLVED_DECAY: float = 0.005


@dataclass(frozen=True)
class LifetimeEstimate:
    """T_x of one run: value and 95 % CI in hours (CI only for extrapolated values)."""

    fraction: float
    t_h: float | None
    lower_h: float | None
    upper_h: float | None
    extrapolated: bool


@dataclass(frozen=True, eq=False)
class LifetimeRun:
    """One analysed ageing run, with the fit curves a report plots.

    ``stretched_covariance_logtau_beta`` is the 2x2 covariance of (ln tau, beta) of the
    stretched-exponential fit (``tau`` in hours; None without a fit, NaN entries when
    not estimable): the delta-method intervals of the T_x and the confidence band of the
    fitted curve (:func:`peled.report.device_plots.stretched_band`) are computed from it.
    ``decay_resolved`` is False when the trace does not resolve a decay (module
    docstring); unreached T_x are then not extrapolated.
    """

    source: str
    kind: str
    l0_cd_m2: float | None
    time_h: np.ndarray
    relative: np.ndarray
    estimates: tuple[LifetimeEstimate, ...]
    stretched_tau_h: float | None
    stretched_beta: float | None
    stretched_tau_stderr_h: float | None
    stretched_beta_stderr: float | None
    stretched_rms: float | None
    biexp_a: float | None
    biexp_tau1_h: float | None
    biexp_tau2_h: float | None
    biexp_t50_h: float | None
    fit_time_h: np.ndarray
    fit_stretched: np.ndarray
    fit_biexp: np.ndarray
    voltage_v: np.ndarray | None = None
    stretched_covariance_logtau_beta: np.ndarray | None = None
    decay_resolved: bool = True

    def t(self, fraction: float) -> LifetimeEstimate:
        """The estimate for ``fraction`` (one of :data:`LEVELS`)."""
        for e in self.estimates:
            if abs(e.fraction - fraction) < 1e-12:
                return e
        raise KeyError(fraction)

    @property
    def duration_h(self) -> float:
        """Measured duration in hours."""
        return float(self.time_h[-1])


@dataclass(frozen=True, eq=False)
class LifetimeResult:
    """Lifetime analysis of a device: primary run, all runs, n and converted lifetimes."""

    primary: LifetimeRun
    runs: tuple[LifetimeRun, ...]
    n: float
    n_source: str
    n_fitted: float | None
    n_fitted_stderr: float | None
    t50_at_100_cd_m2_h: float | None
    t95_at_1000_cd_m2_h: float | None
    meets_t50_target: bool | None
    meets_t95_target: bool | None

    def t_h(self, fraction: float) -> float | None:
        """T_x of the primary run in hours."""
        return self.primary.t(fraction).t_h


def _opt(x) -> float | None:
    return float(x) if x is not None and np.isfinite(x) else None


def _crossing(t: np.ndarray, y: np.ndarray, level: float) -> float | None:
    below = np.flatnonzero(y <= level)
    if below.size == 0:
        return None
    k = int(below[0])
    if k == 0:
        return 0.0
    y0, y1 = y[k - 1], y[k]
    return float(t[k - 1] + (y0 - level) / (y0 - y1) * (t[k] - t[k - 1]))


def analyze_run(trace, warnings: list[str]) -> LifetimeRun:
    """Analyse one :class:`~peled.measure.readers.LifetimeTrace`.

    Fits the stretched exponential ``L/L0 = exp(-(t/tau)^beta)`` and a bi-exponential
    decay and reads T95, T90, T80 and T50 (:data:`LEVELS`) from the data, or from the
    stretched fit with a 95 % confidence interval when the run ends above the level.

    Parameters
    ----------
    trace : peled.measure.readers.LifetimeTrace
        Time in s and the signal relative to its first point.
    warnings : list of str
        Receives fit and extrapolation notes (appended to).

    Returns
    -------
    LifetimeRun
        The T_x estimates in hours, the fit parameters and the fitted curves.

    References
    ----------
    Jang et al., Adv. Mater. (2025), sec. 1 (T50 and T95 lifetimes of PeLEDs).

    Examples
    --------
    T50 of ``exp(-(t/300 h)^0.8)`` is 300 (ln 2)^(1/0.8) = 189.74 h:

    >>> import numpy as np
    >>> from peled.measure.readers import LifetimeTrace
    >>> t_s = np.linspace(0.0, 600 * 3600.0, 121)  # 600 h ageing at L0 = 1000 cd/m2
    >>> trace = LifetimeTrace(t_s, np.exp(-((t_s / 3600 / 300.0) ** 0.8)), "relative",
    ...                       1000.0, "run1")
    >>> run = analyze_run(trace, [])
    >>> round(run.stretched_tau_h, 1), round(run.stretched_beta, 3), round(run.t(0.5).t_h, 1)
    (300.0, 0.8, 189.7)
    """
    t = np.asarray(trace.time_s, float) / 3600.0
    y = np.asarray(trace.relative, float)
    name = trace.source
    if np.max(y) > 1.02:
        warnings.append(
            f"{name}: signal rises to {np.max(y):.3f} x its first value (positive ageing); "
            "lifetimes are relative to the first point"
        )
    sel = np.unique(np.linspace(0, t.size - 1, min(t.size, _MAX_FIT_POINTS)).round().astype(int))
    se = bi = None
    try:
        se = StretchedExponentialDecay().fit(t[sel], y[sel])
        warnings.extend(f"{name}: {w}" for w in se.fit_warnings_)
    except FitError as exc:
        warnings.append(f"{name}: {exc}")
    try:
        bi = BiExponentialDecay().fit(t[sel], y[sel])
    except FitError as exc:
        warnings.append(f"{name}: {exc}")
    resolved = True
    if se is not None:
        decay_end = 1.0 - float(se.predict(t[-1]))
        resolved = bool(decay_end >= max(MIN_RESOLVED_DECAY, 3.0 * se.rms_))
    estimates = []
    unresolved = []
    far = []
    for level in LEVELS:
        measured = _crossing(t, y, level)
        if measured is not None:
            estimates.append(LifetimeEstimate(level, measured, None, None, False))
            continue
        if se is None or not resolved:
            estimates.append(LifetimeEstimate(level, None, None, None, True))
            unresolved.append(level)
            continue
        tx, lo, hi = se.lifetime(level)
        estimates.append(LifetimeEstimate(level, _opt(tx), _opt(lo), _opt(hi), True))
        if np.isfinite(tx) and tx > _EXTRAPOLATION_WARN * t[-1]:
            far.append(f"T{round(level * 100)} at {tx / t[-1]:.0f}x")
    if unresolved and se is not None:
        warnings.append(
            f"{name}: no decay resolved in {_duration(t[-1])} (fitted "
            f"{100 * max(1.0 - float(se.predict(t[-1])), 0.0):.2g} %, noise "
            f"{100 * se.rms_:.2g} %); "
            f"{'/'.join(f'T{round(v * 100)}' for v in unresolved)} not extrapolated"
        )
    if far:
        warnings.append(
            f"{name}: extrapolated far beyond the {_duration(t[-1])} measured "
            f"({', '.join(far)}); estimates only"
        )
    if bi is not None and resolved:
        warnings.extend(f"{name}: {w}" for w in bi.fit_warnings_)
    bi_t50 = None
    if bi is not None:
        bi_t50 = _opt(bi.lifetime(0.5)[0])
        t50 = estimates[-1]
        if t50.extrapolated and t50.t_h and bi_t50 and not 0.5 < bi_t50 / t50.t_h < 2.0:
            warnings.append(
                f"{name}: extrapolated T50 is model-dependent (stretched exp. "
                f"{t50.t_h:.3g} h, bi-exp. {bi_t50:.3g} h)"
            )
    horizon = t[-1]
    t50 = estimates[-1].t_h
    if t50 is not None and np.isfinite(t50):
        horizon = max(horizon, min(1.1 * t50, 100.0 * t[-1]))
    grid = np.linspace(0.0, horizon, 241)
    return LifetimeRun(
        source=name,
        kind=trace.kind,
        l0_cd_m2=trace.l0_cd_m2,
        time_h=t,
        relative=y,
        estimates=tuple(estimates),
        stretched_tau_h=_opt(se.tau_) if se else None,
        stretched_beta=_opt(se.beta_) if se else None,
        stretched_tau_stderr_h=_opt(se.tau_stderr_) if se else None,
        stretched_beta_stderr=_opt(se.beta_stderr_) if se else None,
        stretched_rms=_opt(se.rms_) if se else None,
        biexp_a=_opt(bi.a_) if bi else None,
        biexp_tau1_h=_opt(bi.tau1_) if bi else None,
        biexp_tau2_h=_opt(bi.tau2_) if bi else None,
        biexp_t50_h=bi_t50,
        fit_time_h=grid,
        fit_stretched=se.predict(grid) if se else np.full(grid.size, np.nan),
        fit_biexp=bi.predict(grid) if bi else np.full(grid.size, np.nan),
        voltage_v=trace.voltage_v,
        stretched_covariance_logtau_beta=(
            np.array(se.covariance_logtau_beta_, float) if se else None),
        decay_resolved=resolved,
    )


def _duration(hours: float) -> str:
    """A duration in readable units (``40 min``, ``300 h``)."""
    if hours < 1.0:
        return f"{60.0 * hours:.3g} min"
    return f"{hours:.3g} h"


def _fit_n(runs: tuple[LifetimeRun, ...], warnings: list[str]):
    with_l0 = [r for r in runs if r.l0_cd_m2]
    if len({r.l0_cd_m2 for r in with_l0}) < 2:
        return None, None
    # the deepest level that every run reached by measurement, else T50 (extrapolated)
    level = next((lv for lv in reversed(LEVELS)
                  if all(not r.t(lv).extrapolated and r.t(lv).t_h for r in with_l0)), None)
    if level is None:
        level = 0.5
        warnings.append("lifetime: n fitted from extrapolated T50 values of the runs")
    pts = [(r.l0_cd_m2, r.t(level).t_h) for r in with_l0 if r.t(level).t_h]
    if len({p[0] for p in pts}) < 2:
        return None, None
    fit = AccelerationLawFit().fit([p[0] for p in pts], [p[1] for p in pts])
    return fit.n_, _opt(fit.n_stderr_)


def analyze_lifetime(traces, n_user: float | None = None,
                     warnings: list[str] | None = None) -> LifetimeResult:
    """Analyse the runs of a device; the first run is the primary one.

    The primary run's T50 and T95 are converted to 100 and 1,000 cd/m2 with
    LT2/LT1 = (L1/L2)^n (:func:`peled.device.lifetime.convert_lifetime`) and compared
    with the commercial targets (module docstring).

    Parameters
    ----------
    traces : sequence of peled.measure.readers.LifetimeTrace
        The ageing runs (at least one).
    n_user : float, optional
        Acceleration exponent n (> 0) to use; default: fitted from runs at several
        initial luminances, else 1.65.
    warnings : list of str, optional
        Receives fit and conversion notes (appended to).

    Returns
    -------
    LifetimeResult
        Runs, n and its source (``"user"``, ``"fitted"`` or ``"jang2025"``), converted
        lifetimes in hours and whether they meet the targets.

    References
    ----------
    Jang et al., Adv. Mater. (2025), sec. 1 (targets) and Figure 14 caption (n = 1.65).

    Examples
    --------
    T50 = 189.74 h at 1000 cd/m2 becomes 189.74 x 10^1.65 = 8475 h at 100 cd/m2:

    >>> import numpy as np
    >>> from peled.measure.readers import LifetimeTrace
    >>> t_s = np.linspace(0.0, 600 * 3600.0, 121)  # 600 h ageing at L0 = 1000 cd/m2
    >>> trace = LifetimeTrace(t_s, np.exp(-((t_s / 3600 / 300.0) ** 0.8)), "relative",
    ...                       1000.0, "run1")
    >>> res = analyze_lifetime([trace])
    >>> res.n, res.n_source, round(res.t50_at_100_cd_m2_h, -1), res.meets_t50_target
    (1.65, 'jang2025', 8480.0, False)
    """
    warnings = [] if warnings is None else warnings
    runs = tuple(analyze_run(tr, warnings) for tr in traces)
    primary = runs[0]
    n_fit, n_fit_se = _fit_n(runs, warnings)
    if n_user is not None:
        n, source = float(n_user), "user"
        if n_fit is not None and abs(n_fit - n) > 0.1 * n:
            warnings.append(
                f"lifetime: runs at several L0 imply n = {n_fit:.2f}, "
                f"but lifetime_n = {n:g} is used"
            )
    elif n_fit is not None:
        n, source = float(n_fit), "fitted"
    else:
        n, source = ACCELERATION_EXPONENT_JANG2025, "jang2025"
    t50_100 = t95_1000 = None
    if primary.l0_cd_m2:
        t50 = primary.t(0.5).t_h
        t95 = primary.t(0.95).t_h
        if t50:
            t50_100 = convert_lifetime(t50, primary.l0_cd_m2, 100.0, n)
        if t95:
            t95_1000 = convert_lifetime(t95, primary.l0_cd_m2, 1000.0, n)
    else:
        warnings.append(
            f"{primary.source}: initial luminance unknown (normalised trace); set "
            "measurement.lifetime_l0_cd_m2 in device.toml to convert lifetimes"
        )
    return LifetimeResult(
        primary=primary,
        runs=runs,
        n=n,
        n_source=source,
        n_fitted=_opt(n_fit),
        n_fitted_stderr=n_fit_se,
        t50_at_100_cd_m2_h=t50_100,
        t95_at_1000_cd_m2_h=t95_1000,
        meets_t50_target=None if t50_100 is None else bool(t50_100 >= T50_TARGET_AT_100_CD_M2_H),
        meets_t95_target=None if t95_1000 is None else bool(t95_1000 >= T95_TARGET_AT_1000_CD_M2_H),
    )
