"""Time-resolved PL: carrier-density decay from the rate equations, PL(t), IRF convolution.

Rate equations (consistent units; CLI: cm^-3, s^-1, cm^3/s, cm^6/s):

* ABC (Jang et al. (2025) eqn 1; Jiang et al. (2024) eqn 9): ``-dn/dt = k1 n + k2 n^2 + k3 n^3``,
  radiative PL(t) proportional to ``k2 n^2`` (bimolecular emission, Jang et al. (2025) eqn 2);
* excitonic (Jiang et al. (2024) eqn 10): ``-dn/dt = (k_trap + k_ex) n + k_aug n^2``,
  PL(t) proportional to ``k_ex n`` (Jiang et al. (2024) eqn 8).

Solvers
-------
``"analytic"`` (k3 = 0; Bernoulli equation): n(t) = k1 n0 e^{-k1 t} / (k1 + k2 n0 (1 - e^{-k1 t})),
and n0 / (1 + k2 n0 t) for k1 = 0.

``"quadrature"`` (default for k3 > 0; stiff-safe and vectorised over a batch of initial
densities): the scalar autonomous ODE is inverted exactly,
t(n) = integral_{ln n}^{ln n0} du / (k1 + k2 e^u + k3 e^{2u}); the integrand is smooth and
bounded, so a cumulative Simpson quadrature on a fine u grid (all decays at once, one 2-D
array) followed by cubic Hermite interpolation (du/dt = -1/g is known at
the nodes) gives n(t) without any step-size control.  Beyond the
grid (n below 4e-18 n0) the decay continues exponentially with the local rate.

``"solve_ivp"``: SciPy LSODA per decay (reference path used by tests and the benchmark).

Excitation at t = 0; n = 0 for t < 0.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import cumulative_simpson, solve_ivp
from scipy.interpolate import CubicHermiteSpline

from peled.errors import ParameterError

__all__ = [
    "convolve_irf",
    "decay_density",
    "gaussian_irf",
    "pl_abc",
    "pl_excitonic",
]

_GRID_POINTS = 2001
_GRID_SPAN = 40.0  # ln(n0/n) covered by the quadrature grid


def _check_times(t) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    if t.ndim != 1 or t.size < 2 or np.any(~np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ParameterError("time axis must be a 1-D strictly increasing finite array")
    return t


def _rates(n0, k1, k2, k3):
    n0 = np.atleast_1d(np.asarray(n0, dtype=float))
    if np.any(~np.isfinite(n0)) or np.any(n0 <= 0):
        raise ParameterError(f"initial densities n0 must be finite and > 0, got {n0!r}")
    ks = []
    for name, k in (("k1", k1), ("k2", k2), ("k3", k3)):
        k = np.asarray(k, dtype=float)
        if np.any(~np.isfinite(k)) or np.any(k < 0):
            raise ParameterError(f"{name} must be finite and >= 0, got {k!r}")
        ks.append(np.broadcast_to(k, n0.shape).astype(float)[:, None])
    return n0[:, None], ks


def _analytic(t, n0, k1, k2):
    tt = np.clip(t, 0, None)[None, :]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(-k1 * tt)
        one_minus = -np.expm1(-k1 * tt)
        frac = np.where(k1 > 0, one_minus / np.where(k1 > 0, k1, 1.0), tt)  # (1-e^{-k1 t})/k1
        n = n0 * e / (1.0 + k2 * n0 * frac)
    return np.where(t[None, :] < 0, 0.0, n)


def _quadrature(t, n0, k1, k2, k3):
    s = np.linspace(0.0, _GRID_SPAN, _GRID_POINTS)
    u = np.log(n0) - s[None, :]
    eu = np.exp(u)
    g = 1.0 / (k1 + k2 * eu + k3 * eu * eu)
    h = s[1] - s[0]
    tgrid = cumulative_simpson(g, dx=h, axis=1, initial=0.0)
    out = np.empty((n0.shape[0], t.size))
    tc = np.clip(t, 0, None)
    for i in range(n0.shape[0]):
        # du/dt = -1/g exactly at the nodes: cubic Hermite interpolation of u(t)
        ui = CubicHermiteSpline(tgrid[i], u[i], -1.0 / g[i], extrapolate=False)(tc)
        beyond = ~(tc <= tgrid[i, -1])
        if np.any(beyond):
            rate = 1.0 / g[i, -1]
            ui = np.where(beyond, u[i, -1] - rate * (tc - tgrid[i, -1]), ui)
        out[i] = np.exp(ui)
    return np.where(t[None, :] < 0, 0.0, out)


def _solve_ivp(t, n0, k1, k2, k3):
    out = np.zeros((n0.shape[0], t.size))
    pos = t >= 0
    tp = t[pos]
    for i in range(n0.shape[0]):
        a, b, c = float(k1[i, 0]), float(k2[i, 0]), float(k3[i, 0])

        def rhs(_t, n, a=a, b=b, c=c):
            return -(a * n + b * n * n + c * n * n * n)

        def jac(_t, n, a=a, b=b, c=c):
            return np.array([[-(a + 2 * b * n[0] + 3 * c * n[0] ** 2)]])

        sol = solve_ivp(
            rhs,
            (0.0, float(tp[-1])),
            [float(n0[i, 0])],
            method="LSODA",
            t_eval=tp,
            rtol=1e-9,
            atol=float(n0[i, 0]) * 1e-14,
            jac=jac,
        )
        if not sol.success:
            raise ParameterError(f"solve_ivp failed for decay {i}: {sol.message}")
        out[i, pos] = sol.y[0]
    return out


def decay_density(t, n0, k1, k2, k3=0.0, method: str = "auto") -> np.ndarray:
    """Carrier density n(t) of ``-dn/dt = k1 n + k2 n^2 + k3 n^3`` for each initial density.

    Parameters
    ----------
    t : array_like
        Time axis, 1-D, finite and strictly increasing (e.g. in s; n = 0 for t < 0).
    n0 : float or array_like
        Initial carrier densities, > 0 (e.g. in cm^-3); one decay per value.
    k1 : float or array_like
        Monomolecular rate constant, >= 0 (e.g. in s^-1); scalar or one per decay.
    k2 : float or array_like
        Bimolecular rate constant, >= 0 (e.g. in cm^3 s^-1).
    k3 : float or array_like, default 0.0
        Auger rate constant, >= 0 (e.g. in cm^6 s^-1).
    method : {"auto", "analytic", "quadrature", "solve_ivp"}, default "auto"
        Solver (module docstring): "auto" is analytic if k3 == 0, else quadrature.

    Returns
    -------
    numpy.ndarray
        n(t), shape (len(n0), len(t)), in the unit of ``n0``.

    Raises
    ------
    peled.errors.ParameterError
        If the time axis, a density or a rate is invalid, ``method`` is unknown, or
        "analytic" is asked for with k3 != 0.

    References
    ----------
    Jang, Chang, Kim, Yoon, Lee, Adv. Mater. (2025), 2415648, eqn (1).
    Jiang et al., Nanoscale 16, 3838 (2024), eqn (9).

    Examples
    --------
    With k3 = 0 the Bernoulli solution n0 k1 e^-1 / (k1 + k2 n0 (1 - e^-1)) at t = 1/k1:

    >>> n = decay_density([0.0, 1e-6], 1e16, k1=1e6, k2=1e-10)
    >>> n.shape, round(float(n[0, 1]) / 1e15, 4)
    ((1, 2), 2.254)
    """
    t = _check_times(t)
    n0, (k1, k2, k3) = _rates(n0, k1, k2, k3)
    if method == "auto":
        method = "analytic" if np.all(k3 == 0) else "quadrature"
    if method == "analytic":
        if np.any(k3 != 0):
            raise ParameterError("the analytic solution needs k3 = 0")
        return _analytic(t, n0, k1, k2)
    if method == "quadrature":
        return _quadrature(t, n0, k1, k2, k3)
    if method == "solve_ivp":
        return _solve_ivp(t, n0, k1, k2, k3)
    raise ParameterError(f"method must be auto, analytic, quadrature or solve_ivp, got {method!r}")


def pl_abc(t, n0, k1, k2, k3=0.0, method: str = "auto") -> np.ndarray:
    """Radiative PL rate ``k2 n(t)^2`` of the ABC model.

    Parameters
    ----------
    t : array_like
        Time axis, 1-D, finite and strictly increasing (e.g. in s; n = 0 for t < 0).
    n0 : float or array_like
        Initial carrier densities, > 0 (e.g. in cm^-3); one decay per value.
    k1 : float or array_like
        Monomolecular rate constant, >= 0 (e.g. in s^-1).
    k2 : float or array_like
        Bimolecular (radiative) rate constant, >= 0 (e.g. in cm^3 s^-1).
    k3 : float or array_like, default 0.0
        Auger rate constant, >= 0 (e.g. in cm^6 s^-1).
    method : {"auto", "analytic", "quadrature", "solve_ivp"}, default "auto"
        Solver (module docstring): "auto" is analytic if k3 == 0, else quadrature.

    Returns
    -------
    numpy.ndarray
        Photon emission rate density, shape (len(n0), len(t)) (e.g. in cm^-3 s^-1).

    Raises
    ------
    peled.errors.ParameterError
        As :func:`decay_density`.

    References
    ----------
    Jang, Chang, Kim, Yoon, Lee, Adv. Mater. (2025), 2415648, eqns (1)-(2).

    Examples
    --------
    >>> pl = pl_abc([0.0, 1e-6], 1e16, k1=1e6, k2=1e-10)
    >>> float(pl[0, 0])  # k2 n0^2
    1e+22
    """
    return np.asarray(k2, dtype=float) * decay_density(t, n0, k1, k2, k3, method) ** 2


def pl_excitonic(t, n0, k_ex, k_trap, k_aug, method: str = "auto") -> np.ndarray:
    """Radiative PL rate ``k_ex n(t)`` of the excitonic model.

    The density follows ``-dn/dt = (k_trap + k_ex) n + k_aug n^2``.

    Parameters
    ----------
    t : array_like
        Time axis, 1-D, finite and strictly increasing (e.g. in s; n = 0 for t < 0).
    n0 : float or array_like
        Initial carrier densities, > 0 (e.g. in cm^-3); one decay per value.
    k_ex : float or array_like
        Radiative excitonic rate constant, >= 0 (e.g. in s^-1).
    k_trap : float or array_like
        Trapping rate constant, >= 0 (e.g. in s^-1).
    k_aug : float or array_like
        Exciton-exciton (Auger) rate constant, >= 0 (e.g. in cm^3 s^-1).
    method : {"auto", "analytic", "quadrature", "solve_ivp"}, default "auto"
        Solver (module docstring): "auto" is analytic if k3 == 0, else quadrature.

    Returns
    -------
    numpy.ndarray
        Photon emission rate density, shape (len(n0), len(t)) (e.g. in cm^-3 s^-1).

    Raises
    ------
    peled.errors.ParameterError
        As :func:`decay_density`.

    References
    ----------
    Jiang et al., Nanoscale 16, 3838 (2024), eqns (8) and (10).

    Examples
    --------
    Without Auger term the decay is exponential: k_ex n0 e^-2.5 at t = 100 ns.

    >>> pl = pl_excitonic([0.0, 1e-7], 1e16, k_ex=2e7, k_trap=5e6, k_aug=0.0)
    >>> round(float(pl[0, 1]) / 1e22, 4)
    1.6417
    """
    k1 = np.asarray(k_ex, dtype=float) + np.asarray(k_trap, dtype=float)
    return np.asarray(k_ex, dtype=float) * decay_density(t, n0, k1, k_aug, 0.0, method)


def gaussian_irf(dt: float, fwhm: float) -> np.ndarray:
    """Gaussian instrument response sampled at k dt (k = -K..K), normalised to unit sum.

    K = ceil(5 sigma / dt) with sigma = fwhm / (2 sqrt(2 ln 2)).

    Parameters
    ----------
    dt : float
        Sampling step, > 0 (same unit as ``fwhm``, e.g. ns).
    fwhm : float
        Full width at half maximum of the response, > 0.

    Returns
    -------
    numpy.ndarray
        Kernel of odd length 2K + 1, centred on zero delay, summing to 1.

    Raises
    ------
    peled.errors.ParameterError
        If ``dt`` or ``fwhm`` is not > 0.

    Examples
    --------
    >>> irf = gaussian_irf(1.0, 2.0)  # sigma = 0.849: K = ceil(4.25) = 5
    >>> irf.size, round(float(irf[5]), 4)
    (11, 0.4697)
    """
    if not (dt > 0 and fwhm > 0):
        raise ParameterError(f"IRF needs dt > 0 and fwhm > 0, got dt={dt!r}, fwhm={fwhm!r}")
    sigma = fwhm / (2.0 * np.sqrt(2.0 * np.log(2.0)))
    half = int(np.ceil(5 * sigma / dt))
    k = np.arange(-half, half + 1) * dt
    w = np.exp(-0.5 * (k / sigma) ** 2)
    return w / w.sum()


def convolve_irf(t, signal, irf) -> np.ndarray:
    """Convolve ``signal`` (..., len(t)) with a centred IRF kernel on a uniform time grid.

    ``irf`` is a kernel of odd length centred on zero delay (see :func:`gaussian_irf`);
    it is normalised to unit sum so the integrated PL is preserved.

    Parameters
    ----------
    t : array_like
        Uniformly spaced, strictly increasing time axis (any unit).
    signal : array_like
        Signal(s) sampled on ``t``, shape (..., len(t)).
    irf : array_like
        Non-negative kernel of odd length, sampled with the step of ``t``.

    Returns
    -------
    numpy.ndarray
        The convolved signal, same shape as ``signal``.

    Raises
    ------
    peled.errors.ParameterError
        If the time axis is not uniform or the kernel is invalid.

    Examples
    --------
    >>> convolve_irf([0.0, 1.0, 2.0, 3.0, 4.0], [0, 0, 1.0, 0, 0], [1, 2, 1]).tolist()
    [0.0, 0.25, 0.5, 0.25, 0.0]
    """
    t = _check_times(t)
    dt = np.diff(t)
    if not np.allclose(dt, dt[0], rtol=1e-6, atol=0):
        raise ParameterError("IRF convolution needs a uniformly spaced time axis")
    kern = np.asarray(irf, dtype=float)
    if kern.ndim != 1 or kern.size % 2 == 0 or np.any(kern < 0) or kern.sum() <= 0:
        raise ParameterError("IRF kernel must be a 1-D non-negative array of odd length")
    kern = kern / kern.sum()
    half = kern.size // 2
    sig = np.atleast_2d(np.asarray(signal, dtype=float))
    out = np.empty_like(sig)
    for i, row in enumerate(sig):
        full = np.convolve(row, kern, mode="full")
        out[i] = full[half : half + row.size]
    return out.reshape(np.shape(signal))
