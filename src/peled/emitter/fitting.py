"""Fit objects (scikit-learn style) for TrPL decays and PLQY data.

* :class:`MultiExponentialFit`: y(t) = sum_i a_i exp(-t / tau_i) (+ c), with the
  amplitude-weighted <tau>_a = sum a tau / sum a and intensity-weighted
  <tau>_I = sum a tau^2 / sum a tau average lifetimes (Lakowicz, Principles of
  Fluorescence Spectroscopy, 3rd ed., Springer 2006, sec. 4.10).
* :class:`GlobalRecombinationFit`: global fit of k1, k2, k3 (ABC, Jang et al. (2025) eqn 1 /
  Jiang et al. (2024) eqn 9) or k_ex, k_trap, k_aug (excitonic, Jiang et al. (2024) eqns 8, 10) to
  a fluence
  series of TrPL decays (each with its own free amplitude, solved linearly by variable
  projection; Golub & Pereyra, SIAM J. Numer. Anal. 10, 413 (1973)) and/or PLQY versus
  excitation density.

Standard errors come from the Gauss-Newton covariance (J^T J)^-1 at the optimum, scaled
by the reduced chi^2 unless ``absolute_sigma`` (known noise).  Rates are fitted as
logarithms; a parameter whose standard error in ln k exceeds ``max_log_stderr`` (default 1,
i.e. uncertain by more than a factor e) or that the data do not touch (zero Jacobian
column) is refused: its fitted attribute is None and its name is in ``unconstrained_``.
TrPL alone fixes only k_ex + k_trap in the excitonic model (PL shape depends on the sum);
k_ex and k_trap are separated only by PLQY data (low-density limit k_ex/(k_ex + k_trap)).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from peled.emitter.recombination import plqy_abc, plqy_excitonic
from peled.emitter.trpl import convolve_irf, decay_density, gaussian_irf
from peled.errors import FitError

__all__ = [
    "GlobalRecombinationFit",
    "MultiExponentialFit",
    "StretchedExponentialFit",
    "detect_weighting",
    "stretched_average_lifetime",
]


def detect_weighting(y) -> str:
    """Which noise model a TrPL trace follows: ``"poisson"`` or ``"unweighted"``.

    Raw photon counts (TCSPC histograms, gated counters) are non-negative integers with
    Poisson noise, variance = mean (Bevington & Robinson, *Data Reduction and Error
    Analysis for the Physical Sciences*, 3rd ed., McGraw-Hill 2003, ch. 2 and 6);
    they are fitted with Pearson weights 1/sqrt(model).  A trace with any non-integer
    value (normalised to its peak, background-subtracted, averaged) or any negative value
    no longer has variance = value, so its noise is unknown: such data are fitted by
    unweighted least squares and the covariance is scaled by the reduced chi-square
    (the convention of ``scipy.optimize.curve_fit`` with ``absolute_sigma=False``).

    Parameters
    ----------
    y : array_like
        The decay values (counts or arbitrary units).

    Returns
    -------
    str
        ``"poisson"`` for non-negative integer counts, else ``"unweighted"``.

    Examples
    --------
    >>> detect_weighting([1200, 830, 410, 12, 0])
    'poisson'
    >>> detect_weighting([1.0, 0.69, 0.34, 0.01, -0.002])
    'unweighted'
    """
    v = np.asarray(y, dtype=float)
    v = v[np.isfinite(v)]
    if v.size and np.all(v >= 0) and np.all(v == np.round(v)) and v.max() > 0:
        return "poisson"
    return "unweighted"


def stretched_average_lifetime(tau, beta, cov=None):
    """Mean lifetime of a stretched exponential and its delta-method standard error.

    ``<tau> = int_0^inf exp(-(t/tau)^beta) dt = (tau / beta) Gamma(1 / beta)``
    (Lindsey & Patterson, J. Chem. Phys. 73, 3348 (1980), mean relaxation time of the
    Williams-Watts function).  With the 2x2
    covariance ``cov`` of (tau, beta) the standard error follows from the gradient
    ``d<tau>/dtau = Gamma(1/beta) / beta`` and
    ``d<tau>/dbeta = -(tau Gamma(1/beta) / beta^2) (1 + psi(1/beta) / beta)``
    (psi the digamma function; delta method, Bevington & Robinson 2003, ch. 3).

    Parameters
    ----------
    tau : float
        Characteristic time (any unit; the result has the same unit), > 0.
    beta : float
        Stretching exponent, 0 < beta <= 1 for a distribution of rates.
    cov : array_like, optional
        Covariance matrix of (tau, beta).

    Returns
    -------
    tuple of float
        ``(tau_avg, tau_avg_stderr)``; the standard error is NaN without ``cov``.

    Examples
    --------
    >>> round(stretched_average_lifetime(10.0, 1.0)[0], 6)  # single exponential
    10.0
    >>> round(stretched_average_lifetime(10.0, 0.5)[0], 6)  # (10/0.5) Gamma(2)
    20.0
    """
    from scipy.special import digamma, gamma

    tau = float(tau)
    beta = float(beta)
    g = gamma(1.0 / beta)
    avg = tau / beta * g
    if cov is None:
        return float(avg), float("nan")
    grad = np.array([g / beta, -(tau * g / beta**2) * (1.0 + digamma(1.0 / beta) / beta)])
    c = np.asarray(cov, dtype=float)[:2, :2]
    return float(avg), float(np.sqrt(max(grad @ c @ grad, 0.0)))


def _covariance(jac: np.ndarray, chi2: float, dof: int, absolute_sigma: bool) -> np.ndarray:
    """Pseudo-inverse Gauss-Newton covariance; columns with no sensitivity get inf variance."""
    p = jac.shape[1]
    cov = np.full((p, p), np.nan)
    live = np.linalg.norm(jac, axis=0) > 1e-12 * max(np.linalg.norm(jac), 1e-300)
    if live.any():
        jl = jac[:, live]
        u, s, vt = np.linalg.svd(jl, full_matrices=False)
        tol = s.max() * max(jl.shape) * np.finfo(float).eps
        inv_s2 = np.where(s > tol, 1.0 / np.where(s > tol, s, 1.0) ** 2, np.inf)
        with np.errstate(invalid="ignore"):
            sub = (vt.T * inv_s2) @ vt
        if np.any(s <= tol):
            null = vt[s <= tol]
            bad = np.any(np.abs(null) > 1e-8, axis=0)
            sub[bad, :] = np.nan
            sub[:, bad] = np.nan
            sub[bad, bad] = np.inf
        idx = np.flatnonzero(live)
        cov[np.ix_(idx, idx)] = sub
    for j in np.flatnonzero(~live):
        cov[j, j] = np.inf
    if not absolute_sigma:
        cov = cov * (chi2 / max(dof, 1))
    return cov


def _corr(cov: np.ndarray) -> np.ndarray:
    d = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        c = cov / np.outer(d, d)
    c[~np.isfinite(c)] = np.nan
    np.fill_diagonal(c, 1.0)
    return c


class MultiExponentialFit:
    """Sum of ``n_components`` exponentials (+ optional constant offset) fitted to one decay.

    Fitted attributes: ``amplitudes_``, ``lifetimes_`` (ascending, time unit of ``t``),
    ``amplitudes_stderr_``, ``lifetimes_stderr_``, ``offset_`` (+ ``offset_stderr_``),
    ``tau_avg_amplitude_``, ``tau_avg_intensity_`` with ``_stderr_`` siblings,
    ``correlation_`` (of ln a_i, ln tau_i[, c]) and ``chi2_reduced_``.
    """

    def __init__(self, n_components: int = 2, offset: bool = False, absolute_sigma: bool = True):
        if int(n_components) < 1 or int(n_components) > 5:
            raise FitError(f"n_components must be 1..5, got {n_components!r}")
        self.n_components = int(n_components)
        self.offset = bool(offset)
        self.absolute_sigma = bool(absolute_sigma)

    def _model(self, p, t):
        k = self.n_components
        a, tau = np.exp(p[:k]), np.exp(p[k : 2 * k])
        y = (a[:, None] * np.exp(-t[None, :] / tau[:, None])).sum(axis=0)
        return y + (p[2 * k] if self.offset else 0.0)

    def fit(self, t, y, sigma=None) -> MultiExponentialFit:
        """Fit ``y(t)``; ``sigma`` is the 1-sigma noise (array/scalar), None (unit weights)
        or ``"poisson"`` (counts: Pearson weights sqrt(model), iteratively reweighted)."""
        if isinstance(sigma, str):
            if sigma != "poisson":
                raise FitError(
                    f"sigma must be an array, a number, None or 'poisson', got {sigma!r}"
                )
            y = np.asarray(y, dtype=float)
            self.fit(t, y, np.sqrt(np.maximum(y, 1.0)))
            for _ in range(2):
                self.fit(t, y, np.sqrt(np.maximum(self.predict(t), 1.0)))
            return self
        t = np.asarray(t, dtype=float)
        y = np.asarray(y, dtype=float)
        if t.ndim != 1 or t.shape != y.shape or t.size < 2 * self.n_components + 2:
            raise FitError(
                "multi-exponential fit needs 1-D t and y of equal length (enough points)"
            )
        if not np.all(np.isfinite(t)) or not np.all(np.isfinite(y)):
            raise FitError("multi-exponential fit: t and y must be finite")
        w = 1.0 / self._sigma(sigma, y)
        k = self.n_components
        span = t.max() - max(t.min(), 0.0)
        dt = np.median(np.diff(np.sort(t)))
        taus = np.geomspace(max(span / 50, 3 * dt), span / 3, k)
        y0 = max(float(np.max(y)), 1e-300)
        p0 = np.concatenate([np.log(np.full(k, y0 / k)), np.log(taus)])
        if self.offset:
            p0 = np.append(p0, float(np.median(y[-max(3, y.size // 20) :])))
        res = least_squares(lambda p: (self._model(p, t) - y) * w, p0, method="lm", max_nfev=5000)
        if not res.success:
            raise FitError(f"multi-exponential fit did not converge: {res.message}")
        order = np.argsort(res.x[k : 2 * k])
        perm = np.concatenate([order, k + order, [2 * k] if self.offset else []]).astype(int)
        p = res.x[perm]
        jac = res.jac[:, perm]
        chi2 = float(np.sum(res.fun**2))
        dof = y.size - p.size
        cov = _covariance(jac, chi2, dof, self.absolute_sigma)
        a, tau = np.exp(p[:k]), np.exp(p[k : 2 * k])
        sd = np.sqrt(np.diag(cov))
        self.amplitudes_ = a
        self.lifetimes_ = tau
        self.amplitudes_stderr_ = a * sd[:k]
        self.lifetimes_stderr_ = tau * sd[k : 2 * k]
        self.offset_ = float(p[2 * k]) if self.offset else 0.0
        self.offset_stderr_ = float(sd[2 * k]) if self.offset else 0.0
        # average lifetimes and their delta-method errors in (ln a, ln tau)
        sa, sat, satt = a.sum(), (a * tau).sum(), (a * tau**2).sum()
        tau_a, tau_i = sat / sa, satt / sat
        g_a = np.concatenate([a * tau / sa - a * sat / sa**2, a * tau / sa])
        g_i = np.concatenate(
            [
                a * tau**2 / sat - a * tau * satt / sat**2,
                2 * a * tau**2 / sat - a * tau * satt / sat**2,
            ]
        )
        c2 = cov[: 2 * k, : 2 * k]
        self.tau_avg_amplitude_ = float(tau_a)
        self.tau_avg_intensity_ = float(tau_i)
        self.tau_avg_amplitude_stderr_ = float(np.sqrt(g_a @ c2 @ g_a))
        self.tau_avg_intensity_stderr_ = float(np.sqrt(g_i @ c2 @ g_i))
        self.correlation_ = _corr(cov)
        self.chi2_reduced_ = chi2 / max(dof, 1)
        return self

    @staticmethod
    def _sigma(sigma, y):
        if sigma is None:
            return np.ones_like(y)
        s = np.broadcast_to(np.asarray(sigma, dtype=float), y.shape)
        if np.any(~np.isfinite(s)) or np.any(s <= 0):
            raise FitError("sigma must be finite and > 0")
        return s

    def predict(self, t) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        p = np.concatenate([np.log(self.amplitudes_), np.log(self.lifetimes_)])
        if self.offset:
            p = np.append(p, self.offset_)
        return self._model(p, t)


class StretchedExponentialFit:
    """Stretched exponential ``y(t) = A exp(-(t / tau)^beta)`` (+ c) fitted to one decay.

    The Kohlrausch-Williams-Watts decay of a distribution of recombination rates, the
    model most perovskite TrPL papers report; its mean lifetime is
    ``<tau> = (tau / beta) Gamma(1 / beta)`` (Lindsey & Patterson, J. Chem. Phys. 73,
    3348 (1980), mean relaxation time of the
    Williams-Watts function; :func:`stretched_average_lifetime`).

    Parameters
    ----------
    offset : bool
        Also fit a constant background c (same unit as y).
    absolute_sigma : bool
        True: ``sigma`` is the known 1-sigma noise (Poisson counts); False: the
        covariance is scaled by the reduced chi-square (unknown noise level).

    Attributes
    ----------
    amplitude_, tau_, beta_, offset_ : float
        Fitted values (tau in the time unit of ``t``), each with a ``_stderr_`` sibling.
    tau_avg_, tau_avg_stderr_ : float
        Mean lifetime and its delta-method standard error.
    covariance_ : ndarray
        Covariance of (A, tau, beta[, c]).
    chi2_reduced_ : float
        chi^2 / (N - number of parameters).

    Examples
    --------
    >>> t = np.linspace(0.0, 200.0, 400)
    >>> f = StretchedExponentialFit(absolute_sigma=False).fit(t, 1e3 * np.exp(-(t / 20.0) ** 0.6))
    >>> round(f.tau_, 4), round(f.beta_, 4)
    (20.0, 0.6)
    """

    def __init__(self, offset: bool = False, absolute_sigma: bool = True):
        self.offset = bool(offset)
        self.absolute_sigma = bool(absolute_sigma)

    def _model(self, p, t):
        a, tau, beta = p[0], p[1], p[2]
        y = a * np.exp(-((np.maximum(t, 0.0) / tau) ** beta))
        return y + (p[3] if self.offset else 0.0)

    def fit(self, t, y, sigma=None) -> StretchedExponentialFit:
        """Fit ``y(t)`` (t >= 0); ``sigma`` as in :meth:`MultiExponentialFit.fit`."""
        if isinstance(sigma, str):
            if sigma != "poisson":
                raise FitError(
                    f"sigma must be an array, a number, None or 'poisson', got {sigma!r}"
                )
            y = np.asarray(y, dtype=float)
            self.fit(t, y, np.sqrt(np.maximum(y, 1.0)))
            for _ in range(2):
                self.fit(t, y, np.sqrt(np.maximum(self.predict(t), 1.0)))
            return self
        t = np.asarray(t, dtype=float)
        y = np.asarray(y, dtype=float)
        if t.ndim != 1 or t.shape != y.shape or t.size < 5:
            raise FitError("stretched-exponential fit needs 1-D t and y of equal length >= 5")
        if not (np.all(np.isfinite(t)) and np.all(np.isfinite(y))):
            raise FitError("stretched-exponential fit: t and y must be finite")
        if np.any(t < 0):
            raise FitError("stretched-exponential fit: drop the points before excitation (t < 0)")
        w = 1.0 / MultiExponentialFit._sigma(sigma, y)
        y0 = max(float(np.max(y)), 1e-300)
        below = np.flatnonzero(y <= y0 / np.e)
        tau0 = float(t[below[0]]) if below.size and t[below[0]] > 0 else float(np.ptp(t)) / 3
        p0 = [y0, max(tau0, 1e-12), 0.8]
        lo, hi = [0.0, 1e-12 * max(tau0, 1.0), 0.05], [np.inf, np.inf, 2.0]
        if self.offset:
            p0.append(float(np.median(y[-max(3, y.size // 20):])))
            lo.append(-np.inf)
            hi.append(np.inf)
        res = least_squares(lambda p: (self._model(p, t) - y) * w, p0, bounds=(lo, hi),
                            x_scale="jac", max_nfev=10000)
        if not res.success:
            raise FitError(f"stretched-exponential fit did not converge: {res.message}")
        p = res.x
        chi2 = float(np.sum(res.fun**2))
        dof = y.size - p.size
        cov = _covariance(res.jac, chi2, dof, self.absolute_sigma)
        sd = np.sqrt(np.abs(np.diag(cov)))
        self.amplitude_, self.tau_, self.beta_ = (float(x) for x in p[:3])
        self.amplitude_stderr_, self.tau_stderr_, self.beta_stderr_ = (float(x) for x in sd[:3])
        self.offset_ = float(p[3]) if self.offset else 0.0
        self.offset_stderr_ = float(sd[3]) if self.offset else 0.0
        self.tau_avg_, self.tau_avg_stderr_ = stretched_average_lifetime(
            self.tau_, self.beta_, cov[1:3, 1:3])
        self.covariance_ = cov
        self.chi2_reduced_ = chi2 / max(dof, 1)
        return self

    def predict(self, t) -> np.ndarray:
        """Model values at ``t`` with the fitted parameters."""
        p = [self.amplitude_, self.tau_, self.beta_] + ([self.offset_] if self.offset else [])
        return self._model(np.asarray(p), np.asarray(t, dtype=float))


_NAMES = {"abc": ("k1", "k2", "k3"), "excitonic": ("k_ex", "k_trap", "k_aug")}


class GlobalRecombinationFit:
    """Global fit of recombination constants to TrPL decays and/or PLQY(n).

    ``model="abc"``: k1, k2, k3 with PL = k2 n^2 and PLQY of Jang et al. (2025) eqn 2.
    ``model="excitonic"``: k_ex, k_trap, k_aug with PL = k_ex n, PLQY of Jiang et al. (2024) eqn 8.
    Internally the excitonic model uses (ln k_tot, ln k_aug, logit PLQY_0) with
    k_tot = k_ex + k_trap and PLQY_0 = k_ex / k_tot.

    Fitted attributes: ``params_`` (dict name -> value or None if refused),
    ``stderr_`` (same keys), ``<name>_`` and ``<name>_stderr_`` attributes, ``k_total_``
    (excitonic), ``amplitudes_``, ``correlation_`` with ``correlation_names_`` (ln-space),
    ``unconstrained_``, ``chi2_reduced_``.
    """

    def __init__(
        self,
        model: str = "abc",
        solver: str = "auto",
        irf_fwhm: float | None = None,
        absolute_sigma: bool = True,
        max_log_stderr: float = 1.0,
    ):
        if model not in _NAMES:
            raise FitError(f"model must be 'abc' or 'excitonic', got {model!r}")
        self.model = model
        self.solver = solver
        self.irf_fwhm = irf_fwhm
        self.absolute_sigma = absolute_sigma
        self.max_log_stderr = max_log_stderr

    # ----- model pieces -------------------------------------------------------------
    def _rates(self, q):
        if self.model == "abc":
            return np.exp(q[0]), np.exp(q[1]), np.exp(q[2])
        k_tot, k_aug = np.exp(q[0]), np.exp(q[1])
        eta = 1.0 / (1.0 + np.exp(-q[2]))
        return eta * k_tot, (1 - eta) * k_tot, k_aug

    def _shapes(self, q, t, n0):
        a, b, c = self._rates(q)
        if self.model == "abc":
            n = decay_density(t, n0, a, b, c, self._method(c))
            pl = b * n**2
        else:
            n = decay_density(
                t, n0, a + b, c, 0.0, "analytic" if self.solver == "auto" else self.solver
            )
            pl = a * n
        if self.irf_fwhm:
            pl = convolve_irf(t, pl, gaussian_irf(t[1] - t[0], self.irf_fwhm))
        return pl

    def _method(self, k3):
        if self.solver != "auto":
            return self.solver
        return "quadrature" if k3 > 0 else "analytic"

    def _plqy(self, q, n):
        a, b, c = self._rates(q)
        return plqy_abc(n, a, b, c) if self.model == "abc" else plqy_excitonic(n, a, b, c)

    # ----- fit ------------------------------------------------------------------------
    def fit(
        self,
        t=None,
        decays=None,
        n0=None,
        sigma=None,
        plqy_density=None,
        plqy=None,
        plqy_sigma=None,
        p0=None,
    ) -> GlobalRecombinationFit:
        """Fit decays (array (D, M) on a common time axis ``t``, initial densities ``n0``)
        and/or PLQY values at densities ``plqy_density``.  ``sigma`` (D, M) and
        ``plqy_sigma`` are the 1-sigma noise (``sigma="poisson"`` for photon counts: Pearson
        weights sqrt(model), iteratively reweighted, avoiding the low-count bias of
        sqrt(data) weights); ``p0`` optional initial rates (3 values)."""
        if isinstance(sigma, str):
            if sigma != "poisson" or decays is None:
                raise FitError("sigma must be an array, None or 'poisson' (with decays)")
            y = np.atleast_2d(np.asarray(decays, dtype=float))
            kw = dict(plqy_density=plqy_density, plqy=plqy, plqy_sigma=plqy_sigma)
            self.fit(t, y, n0, np.sqrt(np.maximum(y, 1.0)), p0=p0, **kw)
            for _ in range(2):
                model = self.amplitudes_[:, None] * self.predict(t, n0)
                rates = self._rates(self.q_)
                self.fit(t, y, n0, np.sqrt(np.maximum(model, 1.0)), p0=rates, **kw)
            return self
        has_trpl = decays is not None
        has_plqy = plqy is not None
        if not has_trpl and not has_plqy:
            raise FitError("give TrPL decays (t, decays, n0) and/or PLQY data")
        if has_trpl:
            t = np.asarray(t, dtype=float)
            y = np.atleast_2d(np.asarray(decays, dtype=float))
            n0 = np.atleast_1d(np.asarray(n0, dtype=float))
            if y.shape[1] != t.size or n0.size != y.shape[0]:
                raise FitError(
                    f"decays shape {y.shape} does not match len(t) = {t.size} and "
                    f"{n0.size} initial densities"
                )
            if np.any(~np.isfinite(y)) or np.any(n0 <= 0):
                raise FitError("decays must be finite and initial densities > 0")
            ws = 1.0 / (np.ones_like(y) if sigma is None else np.broadcast_to(sigma, y.shape))
        if has_plqy:
            nq = np.asarray(plqy_density, dtype=float)
            yq = np.asarray(plqy, dtype=float)
            if nq.shape != yq.shape or nq.ndim != 1:
                raise FitError("plqy and plqy_density must be 1-D arrays of equal length")
            wq = 1.0 / (
                np.full_like(yq, 0.01)
                if plqy_sigma is None
                else np.broadcast_to(plqy_sigma, yq.shape)
            )
        q0 = self._initial(
            p0,
            t if has_trpl else None,
            y if has_trpl else None,
            n0 if has_trpl else nq,
            yq if has_plqy else None,
        )

        def residual(q):
            parts = []
            if has_trpl:
                s = self._shapes(q, t, n0)
                sw, yw = s * ws, y * ws
                amp = np.sum(sw * yw, axis=1) / np.maximum(np.sum(sw * sw, axis=1), 1e-300)
                parts.append(((amp[:, None] * s - y) * ws).ravel())
            if has_plqy:
                parts.append((self._plqy(q, nq) - yq) * wq)
            return np.concatenate(parts)

        lo, hi = q0 - 25.0, q0 + 25.0
        if self.model == "excitonic":
            lo[2], hi[2] = -30.0, 30.0
        res = least_squares(
            residual, q0, bounds=(lo, hi), x_scale=1.0, diff_step=1e-6, max_nfev=2000
        )
        if not res.success:
            raise FitError(f"global fit did not converge: {res.message}")
        chi2 = float(np.sum(res.fun**2))
        n_amp = y.shape[0] if has_trpl else 0
        dof = res.fun.size - 3 - n_amp
        cov = _covariance(res.jac, chi2, dof, self.absolute_sigma)
        self._finish(res.x, cov, has_plqy)
        if has_trpl:
            s = self._shapes(res.x, t, n0)
            self.amplitudes_ = np.sum(s * y * ws**2, axis=1) / np.sum(s * s * ws**2, axis=1)
        else:
            self.amplitudes_ = np.array([])
        self.chi2_reduced_ = chi2 / max(dof, 1)
        self.q_ = res.x
        return self

    def _initial(self, p0, t, y, n0, yq):
        if p0 is not None:
            p = np.asarray(p0, dtype=float)
            if p.shape != (3,) or np.any(p <= 0):
                raise FitError("p0 must hold three positive rates")
            if self.model == "abc":
                return np.log(p)
            # clip PLQY_0 so that its logit stays inside the +-30 fit bounds (a previous
            # Poisson-reweighting pass may have left it at a bound when PLQY data are absent)
            eta = float(np.clip(p[0] / (p[0] + p[1]), 1e-12, 1 - 1e-12))
            return np.array([np.log(p[0] + p[1]), np.log(p[2]), np.log(eta / (1 - eta))])
        nref = float(np.median(n0))
        if t is not None:
            low = y[int(np.argmin(n0))]
            tail = (t > 0) & (low > 0.02 * low.max()) & (low < 0.3 * low.max())
            if tail.sum() >= 3:
                slope = -np.polyfit(t[tail], np.log(low[tail]), 1)[0]
            else:
                slope = 5.0 / (t.max() - t.min())
            slope = max(slope, 1e-3 / (t.max() - t.min()))
        else:
            slope = 1.0
        if self.model == "abc":
            k1 = slope / 2.0
            return np.log([k1, k1 / nref, k1 / nref**2])
        eta0 = 0.5 if yq is None else float(np.clip(np.max(yq), 0.05, 0.95))
        return np.array([np.log(slope), np.log(slope / nref), np.log(eta0 / (1 - eta0))])

    def _finish(self, q, cov, has_plqy):
        names = _NAMES[self.model]
        sd_q = np.sqrt(np.abs(np.diag(cov)))
        bad_q = ~np.isfinite(sd_q) | (sd_q > self.max_log_stderr)
        rates = self._rates(q)
        if self.model == "abc":
            values = dict(zip(names, rates, strict=True))
            log_sd = dict(zip(names, sd_q, strict=True))
            refused = {n for n, b in zip(names, bad_q, strict=True) if b}
            self.correlation_names_ = ["ln_k1", "ln_k2", "ln_k3"]
            self.correlation_ = _corr(cov)
        else:
            # covariance of (ln k_tot, ln k_aug, logit eta) -> (ln k_ex, ln k_trap, ln k_aug)
            eta = 1.0 / (1.0 + np.exp(-q[2]))
            jt = np.array([[1.0, 0.0, 1 - eta], [1.0, 0.0, -eta], [0.0, 1.0, 0.0]])
            with np.errstate(invalid="ignore"):
                cov_t = jt @ np.nan_to_num(cov, nan=0.0, posinf=1e300) @ jt.T
            values = dict(zip(names, rates, strict=True))
            log_sd = {
                "k_ex": np.sqrt(cov_t[0, 0]),
                "k_trap": np.sqrt(cov_t[1, 1]),
                "k_aug": sd_q[1],
            }
            refused = set()
            if bad_q[2] or not has_plqy:
                refused |= {"k_ex", "k_trap"}
            if bad_q[1]:
                refused.add("k_aug")
            for nm in ("k_ex", "k_trap"):
                if not np.isfinite(log_sd[nm]) or log_sd[nm] > self.max_log_stderr:
                    refused.add(nm)
            self.k_total_ = None if bad_q[0] else float(np.exp(q[0]))
            self.k_total_stderr_ = None if bad_q[0] else float(np.exp(q[0]) * sd_q[0])
            self.correlation_names_ = ["ln_k_total", "ln_k_aug", "logit_plqy0"]
            self.correlation_ = _corr(cov)
        self.params_, self.stderr_ = {}, {}
        for nm in names:
            ok = nm not in refused
            self.params_[nm] = float(values[nm]) if ok else None
            self.stderr_[nm] = float(values[nm] * log_sd[nm]) if ok else None
            setattr(self, f"{nm}_", self.params_[nm])
            setattr(self, f"{nm}_stderr_", self.stderr_[nm])
        self.unconstrained_ = sorted(refused)

    def predict(self, t, n0) -> np.ndarray:
        """Model PL shapes (unit amplitude) for the fitted internal parameters."""
        return self._shapes(self.q_, np.asarray(t, dtype=float), np.atleast_1d(n0))
