"""Fit objects for normalised LED ageing traces y(t) = L(t)/L0 and their lifetimes T_x.

Two empirical decay laws are fitted (scikit-learn style: ``fit`` returns self, fitted
attributes end in ``_``):

* stretched exponential ``y = exp(-(t/tau)^beta)``, the standard ageing law of OLEDs
  and LEDs (Féry et al., "Physical mechanism responsible for the stretched exponential
  decay behavior of aging organic light-emitting diodes", Appl. Phys. Lett. 87, 213502,
  2005).  Its lifetime to the fraction x is closed-form:
  ``T_x = tau (-ln x)^(1/beta)``;
* bi-exponential ``y = a exp(-t/tau1) + (1 - a) exp(-t/tau2)`` (fast initial "burn-in"
  plus slow decay; used e.g. for QLED/PeLED ageing), T_x by root finding.

Confidence intervals of T_x use the delta method on the parameter covariance returned
by the least-squares fit (scipy.optimize.curve_fit, residual-scaled): the variance of
``ln T_x`` is ``g^T C g`` with ``g`` the gradient of ln T_x with respect to the
parameters (analytic for the stretched exponential, implicit-function theorem for the
bi-exponential), and the interval ``T_x exp(+-z sigma)`` is log-normal (always
positive).  z = 1.96 for 95 %.  The delta method is a first-order approximation: far
beyond the measured window (extrapolation factor > ~10) the true uncertainty is larger;
callers flag that case.  (Reference for the delta method: e.g. Casella & Berger,
*Statistical Inference*, 2nd ed., sec. 5.5.4.)

Fit quality problems never reach stderr as Python warnings: a singular Jacobian
(scipy's ``OptimizeWarning`` "Covariance of the parameters could not be estimated",
typical of a trace that hardly decays) is recorded in ``fit_warnings_`` (one-line
strings) and leaves the covariance, standard errors and intervals NaN; callers report
``fit_warnings_`` with their other warnings.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from peled.errors import FitError

__all__ = ["BiExponentialDecay", "FitError", "StretchedExponentialDecay", "Z_95"]

#: Two-sided 95 % normal quantile used for the confidence intervals.
Z_95: float = 1.959963984540054


def _clean(t, y) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(t, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if t.size != y.size:
        raise FitError(f"time and signal must have equal length, got {t.size} and {y.size}")
    ok = np.isfinite(t) & np.isfinite(y)
    t, y = t[ok], y[ok]
    if t.size < 4:
        raise FitError(f"a decay fit needs >= 4 finite points, got {t.size}")
    return t, y


def _ci(value: float, var_log: float, z: float) -> tuple[float, float]:
    """Log-normal interval ``value exp(+-z sigma)``; NaN when it is not finite."""
    if not (np.isfinite(value) and np.isfinite(var_log)) or var_log < 0:
        return float("nan"), float("nan")
    s = float(np.sqrt(var_log))
    if z * s > 700.0:  # exp overflows: the data do not bound T_x
        return float("nan"), float("nan")
    return value * float(np.exp(-z * s)), value * float(np.exp(z * s))


def _fit_quality(caught, pcov, label: str) -> tuple[np.ndarray, list[str]]:
    """Covariance (NaN if not estimable) and one-line messages for the fit's warnings."""
    from scipy.optimize import OptimizeWarning

    pcov = np.asarray(pcov, float)
    messages = []
    if any(issubclass(w.category, OptimizeWarning) for w in caught) or not np.all(
            np.isfinite(pcov)):
        messages.append(f"{label} fit: parameter covariance not estimable (the trace does "
                        "not determine the parameters); no confidence interval")
        pcov = np.full(pcov.shape, np.nan)
    return pcov, messages


@dataclass
class StretchedExponentialDecay:
    """Stretched exponential ``y = exp(-(t/tau)^beta)`` (Féry et al., APL 87, 213502, 2005).

    Fitted attributes: ``tau_``, ``beta_`` (time unit of the input), their standard
    errors ``tau_stderr_``, ``beta_stderr_``, the covariance ``covariance_`` of
    (tau, beta), the covariance ``covariance_logtau_beta_`` of (ln tau, beta) (the fitted
    parametrisation, used by the delta-method intervals), the residual standard
    deviation ``rms_`` and ``fit_warnings_`` (see the module docstring).
    """

    tau_: float = float("nan")
    beta_: float = float("nan")
    tau_stderr_: float = float("nan")
    beta_stderr_: float = float("nan")
    covariance_: np.ndarray = field(default_factory=lambda: np.full((2, 2), np.nan))
    covariance_logtau_beta_: np.ndarray = field(
        default_factory=lambda: np.full((2, 2), np.nan))
    rms_: float = float("nan")
    fit_warnings_: tuple[str, ...] = ()

    @staticmethod
    def model(t, tau, beta):
        """``exp(-(t/tau)^beta)`` for t >= 0."""
        return np.exp(-((np.maximum(np.asarray(t, float), 0.0) / tau) ** beta))

    def fit(self, t, y) -> StretchedExponentialDecay:
        """Least-squares fit to a normalised trace (y(0) ~ 1, decreasing)."""
        from scipy.optimize import OptimizeWarning, curve_fit

        t, y = _clean(t, y)
        # Start values from the linearisation ln(-ln y) = beta ln t - beta ln tau.
        sel = (t > 0) & (y > 0.02) & (y < 0.995)
        if sel.sum() >= 2:
            x = np.log(t[sel])
            w = np.log(-np.log(y[sel]))
            beta0, c0 = np.polyfit(x, w, 1)
            beta0 = float(np.clip(beta0, 0.1, 3.0))
            tau0 = float(np.exp(-c0 / beta0)) if beta0 > 0 else float(t.max())
        else:
            beta0, tau0 = 1.0, float(t.max()) * 10.0
        if not np.isfinite(tau0) or tau0 <= 0:
            tau0 = float(t.max()) * 10.0
        tau0 = float(np.clip(tau0, 1e-6 * t.max(), 1e9 * t.max()))
        def f(tt, lt, b):
            return self.model(tt, np.exp(lt), b)

        def jac(tt, lt, b):
            # d/d(ln tau) and d/d(beta) of exp(-u^b), u = t/tau
            u = np.maximum(tt, 0.0) / np.exp(lt)
            with np.errstate(divide="ignore", invalid="ignore"):
                ub = u**b
                lnu = np.where(u > 0, np.log(np.where(u > 0, u, 1.0)), 0.0)
            y = np.exp(-ub)
            return np.column_stack([y * ub * b, -y * ub * lnu])

        try:
            with warnings.catch_warnings(record=True) as caught, \
                    np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                warnings.simplefilter("always", OptimizeWarning)
                popt, pcov = curve_fit(
                    f, t, y, p0=(np.log(tau0), beta0), jac=jac,
                    bounds=([np.log(t.max()) - 30, 0.05], [np.log(t.max()) + 30, 5.0]),
                    maxfev=4000,
                )
        except (RuntimeError, ValueError) as exc:
            raise FitError(f"stretched-exponential fit did not converge: {exc}") from None
        cov_lt, self.fit_warnings_ = _fit_quality(caught, pcov, "stretched-exponential")
        self.fit_warnings_ = tuple(self.fit_warnings_)
        log_tau, beta = (float(v) for v in popt)
        tau = float(np.exp(log_tau))
        # Covariance of (ln tau, beta) -> (tau, beta).
        jac = np.diag([tau, 1.0])
        self.covariance_logtau_beta_ = cov_lt
        self.tau_, self.beta_ = tau, beta
        self.covariance_ = jac @ cov_lt @ jac
        self.tau_stderr_ = float(np.sqrt(self.covariance_[0, 0]))
        self.beta_stderr_ = float(np.sqrt(self.covariance_[1, 1]))
        self.rms_ = float(np.sqrt(np.mean((self.predict(t) - y) ** 2)))
        return self

    def predict(self, t):
        """Model value at times ``t``."""
        return self.model(t, self.tau_, self.beta_)

    def lifetime(self, fraction: float, z: float = Z_95) -> tuple[float, float, float]:
        """``(T_x, lower, upper)``: time to ``fraction`` x of L0 with a delta-method CI.

        ``T_x = tau (-ln x)^(1/beta)``; ``ln T_x = ln tau + ln(-ln x)/beta`` has gradient
        ``(1, -ln(-ln x)/beta^2)`` with respect to (ln tau, beta).
        """
        q = -np.log(fraction)
        t_x = float(self.tau_ * q ** (1.0 / self.beta_))
        g = np.array([1.0, -np.log(q) / self.beta_**2])
        var = float(g @ self.covariance_logtau_beta_ @ g)
        lo, hi = _ci(t_x, var, z)
        return t_x, lo, hi


@dataclass
class BiExponentialDecay:
    """Bi-exponential ``y = a exp(-t/tau1) + (1 - a) exp(-t/tau2)`` with tau1 < tau2.

    Fitted attributes: ``a_``, ``tau1_``, ``tau2_``, ``covariance_`` (of a, ln tau1,
    ln tau2), ``rms_``, ``fit_warnings_`` (see the module docstring).
    """

    a_: float = float("nan")
    tau1_: float = float("nan")
    tau2_: float = float("nan")
    covariance_: np.ndarray = field(default_factory=lambda: np.full((3, 3), np.nan))
    rms_: float = float("nan")
    fit_warnings_: tuple[str, ...] = ()

    @staticmethod
    def _f(t, a, lt1, lt2):
        t = np.asarray(t, float)
        return a * np.exp(-t / np.exp(lt1)) + (1.0 - a) * np.exp(-t / np.exp(lt2))

    def fit(self, t, y) -> BiExponentialDecay:
        """Least-squares fit to a normalised trace."""
        from scipy.optimize import OptimizeWarning, curve_fit

        t, y = _clean(t, y)
        span = float(t.max())
        if span <= 0:
            raise FitError("bi-exponential fit needs a positive time span")
        ls = np.log(span)

        def jac(tt, a, lt1, lt2):
            e1 = np.exp(-tt / np.exp(lt1))
            e2 = np.exp(-tt / np.exp(lt2))
            return np.column_stack(
                [e1 - e2, a * e1 * tt / np.exp(lt1), (1.0 - a) * e2 * tt / np.exp(lt2)]
            )

        def f_u(tt, u, lt1, lt2):  # a = logistic(u): unconstrained Levenberg-Marquardt
            return self._f(tt, 1.0 / (1.0 + np.exp(-u)), lt1, lt2)

        def jac_u(tt, u, lt1, lt2):
            a = 1.0 / (1.0 + np.exp(-u))
            jj = jac(tt, a, lt1, lt2)
            jj[:, 0] *= a * (1.0 - a)
            return jj

        popt = None
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"), \
                warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", OptimizeWarning)
            try:  # fast path: MINPACK LM in (logit a, ln tau1, ln tau2)
                pu, cu = curve_fit(f_u, t, y, p0=(np.log(0.2 / 0.8), np.log(0.05 * span),
                                                  np.log(3.0 * span)), jac=jac_u, maxfev=400)
                a_u = 1.0 / (1.0 + np.exp(-pu[0]))
                jt = np.diag([a_u * (1.0 - a_u), 1.0, 1.0])
                if np.all(np.isfinite(cu)) and 1e-6 < a_u < 1 - 1e-6 and \
                        np.all(np.abs(pu[1:] - ls) < 25):
                    popt, pcov = np.array([a_u, pu[1], pu[2]]), jt @ cu @ jt
            except (RuntimeError, ValueError):
                popt = None
        if popt is None:
            caught = []
            try:  # robust path: bounded trust-region reflective
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"), \
                        warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", OptimizeWarning)
                    popt, pcov = curve_fit(
                        self._f, t, y, p0=(0.2, np.log(0.05 * span), np.log(3.0 * span)),
                        jac=jac, bounds=([0.0, ls - 25, ls - 25], [1.0, ls + 25, ls + 25]),
                        maxfev=4000,
                    )
            except (RuntimeError, ValueError) as exc:
                raise FitError(f"bi-exponential fit did not converge: {exc}") from None
        else:
            caught = []  # the fast path's covariance was checked finite above
        a, lt1, lt2 = (float(v) for v in popt)
        pcov, messages = _fit_quality(caught, pcov, "bi-exponential")
        self.fit_warnings_ = tuple(messages)
        if lt1 > lt2:  # keep tau1 the fast component
            a, lt1, lt2 = 1.0 - a, lt2, lt1
            perm = [0, 2, 1]
            pcov = pcov[np.ix_(perm, perm)]
            pcov[0, 1:] *= -1.0
            pcov[1:, 0] *= -1.0
        self.a_, self.tau1_, self.tau2_ = a, float(np.exp(lt1)), float(np.exp(lt2))
        self.covariance_ = pcov
        self.rms_ = float(np.sqrt(np.mean((self.predict(t) - y) ** 2)))
        return self

    def predict(self, t):
        """Model value at times ``t``."""
        return self._f(t, self.a_, np.log(self.tau1_), np.log(self.tau2_))

    def lifetime(self, fraction: float, z: float = Z_95) -> tuple[float, float, float]:
        """``(T_x, lower, upper)`` by bracketing root search and a delta-method CI.

        ``dT/dp = -(dy/dp)/(dy/dt)`` at y(T) = x (implicit-function theorem).
        """
        from scipy.optimize import brentq

        def g(tt):
            return float(self.predict(tt)) - fraction

        hi = self.tau2_ * (1.0 + max(-np.log(fraction), 1.0)) * 4.0
        if g(0.0) <= 0 or g(hi) > 0:
            return float("nan"), float("nan"), float("nan")
        t_x = float(brentq(g, 0.0, hi, xtol=1e-12 * hi, rtol=1e-12))
        a, t1, t2 = self.a_, self.tau1_, self.tau2_
        e1, e2 = np.exp(-t_x / t1), np.exp(-t_x / t2)
        dy_dt = -a * e1 / t1 - (1 - a) * e2 / t2
        dy_dp = np.array([e1 - e2, a * e1 * t_x / t1, (1 - a) * e2 * t_x / t2])
        grad_log_t = -dy_dp / dy_dt / t_x
        var = float(grad_log_t @ self.covariance_ @ grad_log_t)
        lo, hi_ci = _ci(t_x, var, z)
        return t_x, lo, hi_ci
