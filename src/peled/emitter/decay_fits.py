"""Fit a set of TrPL decays in one call: per-decay multi-exponential or a global rate model.

:func:`fit_decays` takes :class:`peled.emitter.trpl_io.Decay` objects (from
:func:`peled.io.instruments.read_decay`), drops the points before excitation (t < 0),
checks that a global fit has one time axis and one initial density per decay, and runs
:class:`peled.emitter.fitting.MultiExponentialFit` on each decay or
:class:`peled.emitter.fitting.GlobalRecombinationFit` on all of them (models and
references there).  The result objects flatten the fitted attributes into JSON-ready dicts
with units in the keys.  :func:`fit_decay_files` reads the files first (the only I/O of
this module, through :mod:`peled.emitter.trpl_io`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.emitter.fitting import (
    GlobalRecombinationFit,
    MultiExponentialFit,
    StretchedExponentialFit,
    detect_weighting,
)
from peled.errors import ParameterError
from peled.io.instruments import Decay, PLQYData, read_decay, read_plqy

__all__ = [
    "DECAY_MODELS",
    "GlobalDecayFitResult",
    "MultiExponentialFitsResult",
    "RATE_KEYS",
    "StretchedFitsResult",
    "fit_decay_files",
    "fit_decays",
]

#: Models accepted by :func:`fit_decays`.
DECAY_MODELS: tuple[str, ...] = ("abc", "excitonic", "multiexp", "stretched")

#: JSON key (with unit) of each fitted rate constant of the global models.
RATE_KEYS: dict[str, str] = {
    "k1": "k1_per_s",
    "k2": "k2_cm3_per_s",
    "k3": "k3_cm6_per_s",
    "k_ex": "k_ex_per_s",
    "k_trap": "k_trap_per_s",
    "k_aug": "k_aug_cm3_per_s",
}


def _multiexp_row(path: str, m: MultiExponentialFit, offset: bool) -> dict:
    row: dict = {"file": path}
    for i in range(m.n_components):
        row[f"tau{i + 1}_ns"] = float(m.lifetimes_[i])
        row[f"tau{i + 1}_ns_stderr"] = float(m.lifetimes_stderr_[i])
        row[f"a{i + 1}"] = float(m.amplitudes_[i])
        row[f"a{i + 1}_stderr"] = float(m.amplitudes_stderr_[i])
    row["tau_avg_amplitude_ns"] = m.tau_avg_amplitude_
    row["tau_avg_amplitude_ns_stderr"] = m.tau_avg_amplitude_stderr_
    row["tau_avg_intensity_ns"] = m.tau_avg_intensity_
    row["tau_avg_intensity_ns_stderr"] = m.tau_avg_intensity_stderr_
    if offset:
        row["offset_counts"] = m.offset_
        row["offset_counts_stderr"] = m.offset_stderr_
    row["chi2_reduced"] = m.chi2_reduced_
    return row


def _stretched_row(path: str, m: StretchedExponentialFit, offset: bool) -> dict:
    row: dict = {"file": path}
    row["tau_ns"] = m.tau_
    row["tau_ns_stderr"] = m.tau_stderr_
    row["beta"] = m.beta_
    row["beta_stderr"] = m.beta_stderr_
    row["tau_avg_ns"] = m.tau_avg_
    row["tau_avg_ns_stderr"] = m.tau_avg_stderr_
    row["amplitude"] = m.amplitude_
    row["amplitude_stderr"] = m.amplitude_stderr_
    if offset:
        row["offset_counts"] = m.offset_
        row["offset_counts_stderr"] = m.offset_stderr_
    row["chi2_reduced"] = m.chi2_reduced_
    return row


#: A fitted mean lifetime above this multiple of the recorded time window means the trace
#: does not decay inside the window (it falls by < 1 %): the lifetime is not determined.
MAX_LIFETIME_PER_WINDOW = 100.0


def _check_decays_in_window(path: str, fit, window_ns: float) -> None:
    """Refuse a fit whose mean lifetime exceeds :data:`MAX_LIFETIME_PER_WINDOW` windows."""
    tau = (fit.tau_avg_ if isinstance(fit, StretchedExponentialFit)
           else fit.tau_avg_amplitude_)
    if not np.isfinite(tau) or tau > MAX_LIFETIME_PER_WINDOW * window_ns:
        raise ParameterError(
            f"{path}: the signal does not decay within the recorded {window_ns:.3g} ns "
            f"(fitted mean lifetime {tau:.3g} ns > {MAX_LIFETIME_PER_WINDOW:g} x the "
            "window); record a longer window or check the --column and --time-unit")


@dataclass(frozen=True)
class MultiExponentialFitsResult:
    """One multi-exponential fit per decay file (lifetimes in ns).

    ``weighting`` holds, per file, the noise model of :func:`detect_weighting`
    (``"poisson"`` or ``"unweighted"``); it is the ``weighting`` key of each row.
    """

    paths: tuple[str, ...]
    fits: tuple[MultiExponentialFit, ...]
    offset: bool
    weighting: tuple[str, ...] = ()

    def rows(self) -> list[dict]:
        """One flat dict per decay: ``file``, ``tau<i>_ns``, ``a<i>`` (+ ``_stderr``), ..."""
        rows = [_multiexp_row(p, m, self.offset) for p, m in zip(self.paths, self.fits,
                                                                 strict=True)]
        for row, w in zip(rows, self.weighting, strict=False):
            row["weighting"] = w
        return rows

    def as_dict(self) -> dict:
        """``{"model": "multiexp", "files": rows()}``."""
        return {"model": "multiexp", "files": self.rows()}


@dataclass(frozen=True)
class StretchedFitsResult:
    """One stretched-exponential fit per decay file (times in ns).

    Rows: ``tau_ns``, ``beta``, ``tau_avg_ns`` = (tau/beta) Gamma(1/beta) (Lindsey &
    Patterson, J. Chem. Phys. 73, 3348 (1980), mean relaxation time of the
    Williams-Watts function), ``amplitude``, each with a
    ``_stderr`` sibling, ``chi2_reduced`` and ``weighting``.
    """

    paths: tuple[str, ...]
    fits: tuple[StretchedExponentialFit, ...]
    offset: bool
    weighting: tuple[str, ...]

    def rows(self) -> list[dict]:
        """One flat dict per decay (keys in the class docstring)."""
        rows = [_stretched_row(p, m, self.offset) for p, m in zip(self.paths, self.fits,
                                                                  strict=True)]
        for row, w in zip(rows, self.weighting, strict=True):
            row["weighting"] = w
        return rows

    def as_dict(self) -> dict:
        """``{"model": "stretched", "files": rows()}``."""
        return {"model": "stretched", "files": self.rows()}


@dataclass(frozen=True)
class GlobalDecayFitResult:
    """A global ABC or excitonic fit of a fluence series (rates in SI-cm units of the keys)."""

    model: str
    fit: GlobalRecombinationFit
    n_files: int
    n_plqy_points: int

    def as_dict(self) -> dict:
        """Rates and standard errors, correlation matrix, chi^2 and counts."""
        fit = self.fit
        out: dict = {"model": self.model}
        for name, value in fit.params_.items():
            out[RATE_KEYS[name]] = value
            out[f"{RATE_KEYS[name]}_stderr"] = fit.stderr_[name]
        if self.model == "excitonic":
            out["k_total_per_s"] = fit.k_total_
            out["k_total_per_s_stderr"] = fit.k_total_stderr_
        out["correlation_names"] = fit.correlation_names_
        out["correlation"] = fit.correlation_
        out["unconstrained"] = fit.unconstrained_
        out["chi2_reduced"] = fit.chi2_reduced_
        out["n_files"] = self.n_files
        out["n_plqy_points"] = self.n_plqy_points
        return out


def _initial_densities(decays, n0_cm3) -> np.ndarray:
    if n0_cm3 is None:
        missing = [d.path for d in decays if d.n0_cm3 is None]
        if missing:
            raise ParameterError(f"initial density missing for {missing[0]}: give --n0 or a "
                                 "'# n0_cm3: ...' line")
        n0_cm3 = [d.n0_cm3 for d in decays]
    if len(n0_cm3) != len(decays):
        raise ParameterError(f"--n0 has {len(n0_cm3)} values for {len(decays)} files")
    return np.array(n0_cm3, dtype=float)


def _common_time_axis(decays) -> np.ndarray:
    t = decays[0].time_s
    for d in decays[1:]:
        if d.time_s.shape != t.shape or not np.allclose(d.time_s, t, rtol=1e-9, atol=0):
            raise ParameterError(f"{d.path}: global fits need the same time axis in every file")
    return t


def fit_decays(decays: list[Decay], model="multiexp", n0_cm3=None, components=2, offset=False,
               irf_fwhm_ns=None, plqy: PLQYData | None = None, plqy_sigma=0.01):
    """Fit TrPL decays: per-decay multi-exponential, or a global ABC / excitonic fit.

    Parameters
    ----------
    decays : list of Decay
        Decays (time in s, counts); points with t < 0 are dropped.
    model : {"multiexp", "stretched", "abc", "excitonic"}
        Per-decay sum of exponentials or stretched exponential, or a global rate model
        over the fluence series.  The weights follow the data
        (:func:`peled.emitter.fitting.detect_weighting`): integer counts get Poisson
        weights and absolute errors; normalised or background-subtracted data are fitted
        unweighted with the covariance scaled by the reduced chi-square.
    n0_cm3 : sequence of float, optional
        Initial carrier densities (cm^-3), one per decay (global models); default: the
        densities stored in the decays.
    components : int
        multiexp: number of exponentials.
    offset : bool
        multiexp: also fit a constant background (counts).
    irf_fwhm_ns : float, optional
        Global models: FWHM (ns) of a Gaussian instrument response convolved with the model.
    plqy : PLQYData, optional
        Global models: PLQY versus density fitted jointly with the decays.
    plqy_sigma : float
        1-sigma absolute PLQY error used when ``plqy`` has none.

    Returns
    -------
    MultiExponentialFitsResult or GlobalDecayFitResult

    Raises
    ------
    ParameterError
        Unknown model, missing initial densities, or different time axes (global models).

    References
    ----------
    Lakowicz, *Principles of Fluorescence Spectroscopy*, 3rd ed., Springer 2006, sec. 4.10
    (multi-exponential lifetimes); Lindsey & Patterson, J. Chem. Phys. 73, 3348 (1980)
    (stretched-exponential mean lifetime); Jang et al., Adv. Mater. (2025), eqns 1-2 (ABC
    model);
    Jiang et al., Nanoscale (2024), eqns 8-10 (excitonic model).

    Examples
    --------
    >>> t = np.linspace(0.0, 100e-9, 200)
    >>> d = Decay("a.csv", t, 1e4 * np.exp(-t / 5e-9) + 1e3 * np.exp(-t / 40e-9), None)
    >>> row = fit_decays([d]).as_dict()["files"][0]
    >>> round(row["tau1_ns"], 3), round(row["tau2_ns"], 3)
    (5.0, 40.0)
    """
    if model not in DECAY_MODELS:
        raise ParameterError(
            f"model must be abc, excitonic, multiexp or stretched, got {model!r}")
    if model in ("multiexp", "stretched"):
        fits, weights = [], []
        for d in decays:
            keep = d.time_s >= 0
            if not np.any(d.counts[keep] > 0):
                raise ParameterError(
                    f"{d.path}: no positive signal at t >= 0; check the --column and the "
                    "sign of the counts")
            w = detect_weighting(d.counts[keep])
            poisson = w == "poisson"
            if model == "multiexp":
                f = MultiExponentialFit(components, offset=offset, absolute_sigma=poisson)
            else:
                f = StretchedExponentialFit(offset=offset, absolute_sigma=poisson)
            t_ns = d.time_s[keep] * 1e9
            f.fit(t_ns, d.counts[keep], sigma="poisson" if poisson else None)
            _check_decays_in_window(d.path, f, float(np.ptp(t_ns)))
            fits.append(f)
            weights.append(w)
        paths = tuple(d.path for d in decays)
        if model == "stretched":
            return StretchedFitsResult(paths, tuple(fits), offset, tuple(weights))
        return MultiExponentialFitsResult(paths, tuple(fits), offset, tuple(weights))
    densities = _initial_densities(decays, n0_cm3)
    t = _common_time_axis(decays)
    keep = t >= 0
    y = np.array([d.counts[keep] for d in decays])
    plqy_kw = {}
    if plqy is not None:
        plqy_kw = dict(plqy_density=plqy.density_cm3, plqy=plqy.plqy,
                       plqy_sigma=plqy_sigma if plqy.plqy_sigma is None else plqy.plqy_sigma)
    poisson = detect_weighting(y) == "poisson"
    fit = GlobalRecombinationFit(
        model, irf_fwhm=None if irf_fwhm_ns is None else irf_fwhm_ns * 1e-9,
        absolute_sigma=poisson,
    ).fit(t[keep], y, densities, sigma="poisson" if poisson else None, **plqy_kw)
    return GlobalDecayFitResult(model, fit, len(decays),
                                0 if plqy is None else int(plqy.plqy.size))


def fit_decay_files(paths, model="multiexp", n0_cm3=None, components=2, offset=False,
                    irf_fwhm_ns=None, plqy_path=None, plqy_sigma=0.01, time_unit=None,
                    column=None):
    r"""Read TrPL decay files (and a PLQY table) and fit them with :func:`fit_decays`.

    Parameters
    ----------
    paths : sequence of path-like
        Decay files (format of :func:`peled.io.instruments.read_decay`).
    model, n0_cm3, components, offset, irf_fwhm_ns, plqy_sigma
        As :func:`fit_decays`.
    plqy_path : path-like, optional
        PLQY-vs-density table (format of :func:`peled.io.instruments.read_plqy`).
    time_unit : str, optional
        Time unit of headerless decay files (``s``, ``ms``, ``us``, ``ns``, ``ps``).
    column : int or str, optional
        Transient column of multi-column (TCSPC) exports: a header name or a 0-based
        file column index.

    Returns
    -------
    MultiExponentialFitsResult or GlobalDecayFitResult

    Raises
    ------
    FileFormatError
        A file is missing or malformed (the message names the file and line).

    References
    ----------
    See :func:`fit_decays`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> rows = [f"{t},{1e4 * np.exp(-t / 5.0):.6g}" for t in range(0, 60)]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "x.csv"
    ...     _ = path.write_text("time_ns,counts\n" + "\n".join(rows))
    ...     res = fit_decay_files([path], components=1)
    >>> round(float(res.fits[0].lifetimes_[0]), 2)
    5.0
    """
    decays = [read_decay(p, time_unit, column) for p in paths]
    plqy = None if plqy_path is None else read_plqy(plqy_path)
    return fit_decays(decays, model, n0_cm3, components, offset, irf_fwhm_ns, plqy, plqy_sigma)
