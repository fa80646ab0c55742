"""Pixelation loss: EQE versus pixel size with a dead edge or edge recombination, and fits.

Zhao et al., "Advancing perovskite nanocrystals for high-resolution LED displays",
Commun. Mater. (2025) report that pixelated PeNC LEDs lose EQE as
the PPI rises (Fig. 5b; Table 1, laser-patterned RGB series of Ma et al., Adv. Funct.
Mater. 35, 2413811 (2025), ref. 22: green 21 % at 2,000 PPI -> 11 % at 5,000 PPI) and
attributes it to patterning damage and sidewalls.  Two standard size-effect models:

* **dead edge** -- a rim of width delta along the emitter edge is non-emissive (damaged
  by patterning) while current is still injected over the whole emitter of side a::

      EQE(a) = EQE_0 (1 - 2 delta / a)^2          (a > 2 delta, else 0)     (DE)

  i.e. EQE_0 times the emitting area fraction of a square emitter.  (DE) is the geometric
  statement of the "dead zone" picture; the size-dependent efficiency it describes, with
  smaller emitters less efficient and the loss attributed to processing damage at the
  mesa edge, is reported for GaN micro-LEDs of 10-500 um by Olivier et al., "Influence of
  size-reduction on the performances of GaN-based micro-LEDs for display application",
  J. Lumin. 191, 112-116 (2017), doi:10.1016/j.jlumin.2016.09.052;
* **edge recombination** -- carriers recombine non-radiatively at the sidewall with
  recombination velocity S; for carriers spread uniformly over the emitter (diffusion
  length > a) the sidewall adds the rate ``S P / A`` to the bulk rate ``1/tau`` (rate
  balance of one carrier population; P/A the perimeter-to-area ratio), so::

      EQE(a) = EQE_0 / (1 + S tau P/A),   P/A = 4 / a for a square          (ER)

  Surface recombination at the free periphery of the active region as an LED loss
  mechanism: Bulashevich & Karpov, "Impact of surface recombination on efficiency of
  III-nitride light-emitting diodes", Phys. Status Solidi RRL 10, 480-484 (2016),
  doi:10.1002/pssr.201600059.  Only the product ``S tau`` (a length) is identifiable
  from EQE(a).

The emitter side is ``a = p sqrt(f)`` for pitch p and fill factor f (f = 1: the pixel
boundary itself, e.g. the laser-written oxide lines of ref. 22, is the dead region).

Fits (:class:`DeadEdgeFit`, :class:`EdgeRecombinationFit`) share the edge length between
series (colours) and give each series its own EQE_0, by nonlinear least squares on the
relative residuals ``(model - y) / y`` (EQE errors are proportional to EQE; it also weighs a
blue series at 6 % like a green one at 21 %).  Standard errors from ``s^2 (J^T J)^-1``
with ``s^2 = SSR / (n - k)``; predictions carry delta-method standard errors
(Casella & Berger, *Statistical Inference*, 2nd ed., sec. 5.5.4).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import constants

from peled.display._checks import fill_array
from peled.errors import ParameterError, PeledError
from peled.validation import nonnegative_array, positive_array, scalar_or_array

__all__ = [
    "DeadEdgeFit",
    "EdgeFitError",
    "EdgeRecombinationFit",
    "LASER_PATTERNED_RGB_SERIES",
    "PIXELATION_MODELS",
    "PixelationLossResult",
    "eqe_dead_edge",
    "eqe_edge_recombination",
    "fit_pixelation_loss",
    "laser_series_points",
]

_UM_PER_INCH = constants.inch * 1e6

#: Laser-patterned RGB pixel series of Ma et al., Adv. Funct. Mater. 35, 2413811 (2025), as
#: tabulated by Zhao et al., Commun. Mater. (2025), Table 1 (ref. 22 there): composition,
#: peak (nm), PPI, max. EQE (%) and max. luminance (cd/m2) per colour.
LASER_PATTERNED_RGB_SERIES: dict[str, dict] = {
    "red": {
        "composition": "CsPbBrI2", "peak_nm": 635.0, "ppi": (2000.0, 3000.0, 5000.0),
        "eqe_pct": (17.4, 16.0, 9.2), "luminance_cd_m2": (8777.0, 8656.0, 8437.0),
    },
    "green": {
        "composition": "CsPbBr3", "peak_nm": 516.0, "ppi": (2000.0, 3000.0, 5000.0),
        "eqe_pct": (21.0, 19.4, 11.0), "luminance_cd_m2": (11039.0, 10691.0, 10047.0),
    },
    "blue": {
        "composition": "CsPbClBr2", "peak_nm": 475.0, "ppi": (2000.0, 3000.0, 5000.0),
        "eqe_pct": (6.6, 6.2, 3.2), "luminance_cd_m2": (8201.0, 8176.0, 7821.0),
    },
}


class EdgeFitError(PeledError):
    """A pixelation-loss fit cannot be done with the given data."""


def _side(pitch_um, fill) -> np.ndarray:
    """Emitter side ``a = p sqrt(f)`` (um)."""
    return positive_array("pitch_um", pitch_um) * np.sqrt(fill_array("fill", fill))


def eqe_dead_edge(pitch_um, eqe_intrinsic, delta_um, fill=1.0):
    """Eqn (DE): ``EQE_0 (1 - 2 delta / a)^2`` with ``a = p sqrt(f)``; 0 once a <= 2 delta.

    ``eqe_intrinsic`` in any unit (% or fraction; the result has the same unit).

    Parameters
    ----------
    pitch_um : array_like
        Sub-pixel pitch p, um (> 0).
    eqe_intrinsic : array_like
        EQE of a large (edge-free) device, % or fraction (>= 0).
    delta_um : array_like
        Width of the non-emissive edge, um (>= 0).
    fill : float, optional
        Emitting-area fill factor f of the pitch cell, (0, 1].

    Returns
    -------
    numpy.ndarray or float
        EQE of the sub-pixel, same unit as ``eqe_intrinsic``; broadcasts.

    References
    ----------
    Olivier et al., J. Lumin. 191, 112 (2017) (size-dependent efficiency of micro-LEDs);
    Zhao et al., Commun. Mater. (2025), Fig. 5b.

    Examples
    --------
    A 1 um dead edge on a 10 um emitter keeps (1 - 0.2)^2 = 64 % of the EQE:

    >>> round(float(eqe_dead_edge(10.0, 20.0, 1.0)), 6)
    12.8
    """
    a = _side(pitch_um, fill)
    e0 = nonnegative_array("eqe_intrinsic", eqe_intrinsic)
    d = nonnegative_array("delta_um", delta_um)
    return scalar_or_array(e0 * np.clip(1.0 - 2.0 * d / a, 0.0, None) ** 2)


def eqe_edge_recombination(pitch_um, eqe_intrinsic, s_tau_um=None, fill=1.0, *,
                           s_cm_s=None, tau_ns=None):
    """Eqn (ER): ``EQE_0 / (1 + S tau 4 / a)``; give ``s_tau_um`` or ``s_cm_s`` and ``tau_ns``.

    ``S tau`` in um: e.g. S = 1e3 cm/s and tau = 100 ns give 1 um.

    Parameters
    ----------
    pitch_um : array_like
        Sub-pixel pitch p, um (> 0).
    eqe_intrinsic : array_like
        EQE of a large device, % or fraction (>= 0).
    s_tau_um : array_like, optional
        Product of sidewall recombination velocity and carrier lifetime, um (>= 0).
    fill : float, optional
        Emitting-area fill factor f, (0, 1].
    s_cm_s : float, optional
        Sidewall recombination velocity S, cm/s (with ``tau_ns`` instead of ``s_tau_um``).
    tau_ns : float, optional
        Bulk carrier lifetime, ns.

    Returns
    -------
    numpy.ndarray or float
        EQE of the sub-pixel, same unit as ``eqe_intrinsic``; broadcasts.

    Raises
    ------
    ParameterError
        If neither or both of ``s_tau_um`` and (``s_cm_s``, ``tau_ns``) are given.

    References
    ----------
    Bulashevich & Karpov, Phys. Status Solidi RRL 10, 480 (2016).

    Examples
    --------
    S tau = 1 um on a 10 um emitter: EQE_0 / (1 + 4/10):

    >>> round(float(eqe_edge_recombination(10.0, 14.0, 1.0)), 6)
    10.0
    >>> round(float(eqe_edge_recombination(10.0, 14.0, s_cm_s=1e3, tau_ns=100.0)), 6)
    10.0
    """
    if s_tau_um is None:
        if s_cm_s is None or tau_ns is None:
            raise ParameterError("give s_tau_um, or both s_cm_s and tau_ns")
        s_m_s = nonnegative_array("s_cm_s", s_cm_s) * 1e-2
        s_tau_um = s_m_s * nonnegative_array("tau_ns", tau_ns) * 1e-9 * 1e6
    elif s_cm_s is not None or tau_ns is not None:
        raise ParameterError("give either s_tau_um or (s_cm_s, tau_ns), not both")
    a = _side(pitch_um, fill)
    e0 = nonnegative_array("eqe_intrinsic", eqe_intrinsic)
    return scalar_or_array(e0 / (1.0 + 4.0 * nonnegative_array("s_tau_um", s_tau_um) / a))


@dataclass
class _EdgeFit:
    """Shared least-squares machinery; subclasses define the model and the length name."""

    fill: float = 1.0
    eqe_intrinsic_pct_: np.ndarray = field(default_factory=lambda: np.array([]))
    eqe_intrinsic_stderr_pct_: np.ndarray = field(default_factory=lambda: np.array([]))
    groups_: tuple = ()
    covariance_: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    residual_rms_rel_: float = float("nan")
    dof_: int = 0

    _length_start = 0.5

    def _prepare(self, pitch_um, eqe_pct, group):
        p = np.asarray(pitch_um, dtype=float).ravel()
        y = np.asarray(eqe_pct, dtype=float).ravel()
        if p.size != y.size:
            raise EdgeFitError(
                f"pitch_um and eqe_pct must have equal length, got {p.size} and {y.size}"
            )
        positive_array("eqe_pct", y)
        a = _side(p, self.fill)
        if group is None:
            g = np.zeros(p.size, dtype=int)
            names: tuple = ("all",)
        else:
            labels = np.asarray(group).ravel()
            if labels.size != p.size:
                raise EdgeFitError(f"group must have {p.size} labels, got {labels.size}")
            names = tuple(dict.fromkeys(labels.tolist()))
            g = np.array([names.index(v) for v in labels.tolist()])
        for k, name in enumerate(names):
            if np.unique(a[g == k]).size < 2:
                raise EdgeFitError(f"series {name!r} needs EQEs at >= 2 distinct pitches")
        if p.size <= len(names) + 1:
            raise EdgeFitError(
                f"{p.size} points cannot determine {len(names) + 1} parameters with an error"
            )
        return a, y, g, names

    def fit(self, pitch_um, eqe_pct, group=None):
        """Fit the shared edge length and one EQE_0 per ``group`` label (None: one series)."""
        from scipy.optimize import least_squares

        a, y, g, names = self._prepare(pitch_um, eqe_pct, group)
        m = len(names)
        e_start = np.array([y[g == k].max() * 1.3 for k in range(m)])
        upper = 0.5 * a.min() if self._bounded else np.inf

        def resid(theta):
            return self._shape(a, theta[0]) * theta[1:][g] / y - 1.0

        def jac(theta):
            j = np.zeros((a.size, m + 1))
            j[:, 0] = self._dshape(a, theta[0]) * theta[1:][g] / y
            j[np.arange(a.size), 1 + g] = self._shape(a, theta[0]) / y
            return j

        x0 = np.concatenate([[min(self._length_start, 0.25 * a.min())], e_start])
        lo = np.zeros(m + 1)
        hi = np.concatenate([[upper * (1 - 1e-9)], np.full(m, np.inf)])
        res = least_squares(resid, x0, jac=jac, bounds=(lo, hi), x_scale="jac")
        if not res.success:
            raise EdgeFitError(f"pixelation-loss fit did not converge: {res.message}")
        theta = res.x
        dof = a.size - (m + 1)
        s2 = float(np.sum(res.fun**2)) / dof
        jj = jac(theta)
        try:
            cov = s2 * np.linalg.inv(jj.T @ jj)
        except np.linalg.LinAlgError:
            raise EdgeFitError("pixelation-loss fit is singular (pitches too similar)") from None
        self._theta = theta
        self.covariance_ = cov
        self.groups_ = names
        self.dof_ = dof
        self.residual_rms_rel_ = float(np.sqrt(np.mean(res.fun**2)))
        self.eqe_intrinsic_pct_ = theta[1:].copy()
        self.eqe_intrinsic_stderr_pct_ = np.sqrt(np.diag(cov)[1:])
        self._set_length(float(theta[0]), float(np.sqrt(cov[0, 0])))
        return self

    def _index(self, group) -> int:
        if not self.groups_:
            raise EdgeFitError(f"{type(self).__name__} is not fitted; call fit() first")
        if group is None:
            if len(self.groups_) != 1:
                raise ParameterError(f"give group, one of {list(self.groups_)}")
            return 0
        if group not in self.groups_:
            raise ParameterError(f"unknown group {group!r}; fitted: {list(self.groups_)}")
        return self.groups_.index(group)

    def predict(self, pitch_um, group=None):
        """Model EQE (%) at ``pitch_um`` for series ``group``."""
        k = self._index(group)
        a = _side(pitch_um, self.fill)
        return scalar_or_array(self._theta[1 + k] * self._shape(a, self._theta[0]))

    def predict_ppi(self, ppi, group=None):
        """``(eqe_pct, stderr_pct)`` at ``ppi`` (pitch 25,400 um / PPI), delta method."""
        k = self._index(group)
        q = positive_array("ppi", ppi)
        a = _side(_UM_PER_INCH / q, self.fill)
        length, e0 = self._theta[0], self._theta[1 + k]
        value = e0 * self._shape(a, length)
        idx = [0, 1 + k]
        sub = self.covariance_[np.ix_(idx, idx)]
        grad = np.stack([e0 * self._dshape(a, length), self._shape(a, length)], axis=-1)
        var = np.einsum("...i,ij,...j->...", grad, sub, grad)
        return scalar_or_array(value), scalar_or_array(np.sqrt(var))


@dataclass
class DeadEdgeFit(_EdgeFit):
    """Fit of eqn (DE); fitted ``delta_um_``, ``delta_stderr_um_``, ``eqe_intrinsic_pct_`` ...

    ``eqe_intrinsic_pct_`` (one per series, order ``groups_``) is the EQE of an emitter
    without dead edge, i.e. of the unpatterned film in this model.
    """

    delta_um_: float = float("nan")
    delta_stderr_um_: float = float("nan")
    _bounded = True

    @staticmethod
    def _shape(a, length):
        return np.clip(1.0 - 2.0 * length / a, 0.0, None) ** 2

    @staticmethod
    def _dshape(a, length):
        return -4.0 / a * np.clip(1.0 - 2.0 * length / a, 0.0, None)

    def _set_length(self, value, stderr):
        self.delta_um_, self.delta_stderr_um_ = value, stderr


@dataclass
class EdgeRecombinationFit(_EdgeFit):
    """Fit of eqn (ER); fitted ``s_tau_um_`` (S tau), ``s_tau_stderr_um_``, EQE_0 per series."""

    s_tau_um_: float = float("nan")
    s_tau_stderr_um_: float = float("nan")
    _bounded = False

    @staticmethod
    def _shape(a, length):
        return 1.0 / (1.0 + 4.0 * length / a)

    @staticmethod
    def _dshape(a, length):
        return -(4.0 / a) / (1.0 + 4.0 * length / a) ** 2

    def _set_length(self, value, stderr):
        self.s_tau_um_, self.s_tau_stderr_um_ = value, stderr


#: Pixelation-loss models accepted by :func:`fit_pixelation_loss`.
PIXELATION_MODELS: dict[str, type] = {
    "dead-edge": DeadEdgeFit, "recombination": EdgeRecombinationFit,
}


def laser_series_points() -> tuple[list[float], list[float], list[str]]:
    """(pitches in um, EQEs in %, colour labels) of :data:`LASER_PATTERNED_RGB_SERIES`.

    Returns
    -------
    tuple of list
        Pitch ``25,400 um / PPI`` of every point, its EQE (%) and its colour.

    References
    ----------
    Ma et al., Adv. Funct. Mater. 35, 2413811 (2025); Zhao et al., Commun. Mater. (2025),
    Table 1.

    Examples
    --------
    >>> pitches, eqes, labels = laser_series_points()
    >>> round(pitches[0], 2), eqes[0], labels[0]
    (12.7, 17.4, 'red')
    """
    pitches, eqes, labels = [], [], []
    for colour, row in LASER_PATTERNED_RGB_SERIES.items():
        pitches += [_UM_PER_INCH / q for q in row["ppi"]]
        eqes += list(row["eqe_pct"])
        labels += [colour] * len(row["ppi"])
    return pitches, eqes, labels


@dataclass(frozen=True)
class PixelationLossResult:
    """A fitted pixelation-loss model and, optionally, its prediction at one PPI."""

    model: str
    fit: _EdgeFit
    predict_ppi: float | None = None

    def as_dict(self) -> dict:
        """JSON-ready dict; per-series values are dicts keyed by label when > 1 series."""
        fit = self.fit
        if self.model == "dead-edge":
            out = {"model": self.model, "delta_um": fit.delta_um_,
                   "delta_stderr_um": fit.delta_stderr_um_}
        else:
            out = {"model": self.model, "s_tau_um": fit.s_tau_um_,
                   "s_tau_stderr_um": fit.s_tau_stderr_um_}
        single = len(fit.groups_) == 1

        def per(values):
            return float(values[0]) if single else dict(zip(fit.groups_, values, strict=True))

        out["eqe_intrinsic_pct"] = per(fit.eqe_intrinsic_pct_)
        out["eqe_intrinsic_stderr_pct"] = per(fit.eqe_intrinsic_stderr_pct_)
        out["residual_rms_rel"] = fit.residual_rms_rel_
        if self.predict_ppi is not None:
            pred = [fit.predict_ppi(self.predict_ppi, g) for g in fit.groups_]
            out["predict_ppi"] = self.predict_ppi
            out["predicted_eqe_pct"] = per([v for v, _ in pred])
            out["predicted_eqe_stderr_pct"] = per([e for _, e in pred])
        return out


def fit_pixelation_loss(pitch_um, eqe_pct, group=None, model="dead-edge", fill=1.0,
                        predict_ppi=None) -> PixelationLossResult:
    """Fit eqn (DE) or (ER) to EQE versus pitch; optionally predict the EQE at one PPI.

    Parameters
    ----------
    pitch_um : array_like
        Pixel pitches, um (> 0).
    eqe_pct : array_like
        EQE at each pitch, % (> 0).
    group : sequence of str, optional
        Series label of each point (e.g. colour); series share the edge length.
    model : {"dead-edge", "recombination"}
        Dead edge of width delta (DE) or sidewall recombination S tau (ER).
    fill : float
        Emitting fraction of each pixel, (0, 1].
    predict_ppi : float, optional
        Pixel density at which to predict the EQE of every series.

    Returns
    -------
    PixelationLossResult

    Raises
    ------
    ParameterError
        For an unknown ``model``.
    EdgeFitError
        If the data cannot determine the parameters.

    References
    ----------
    Olivier et al., J. Lumin. 191, 112 (2017) (dead edge); Bulashevich & Karpov, Phys.
    Status Solidi RRL 10, 480 (2016) (edge recombination).

    Examples
    --------
    >>> r = fit_pixelation_loss(*laser_series_points(), predict_ppi=4000)
    >>> round(r.as_dict()["delta_um"], 2)
    1.05
    """
    if model not in PIXELATION_MODELS:
        raise ParameterError(f"model must be dead-edge or recombination, got {model!r}")
    fit = PIXELATION_MODELS[model](fill=fill).fit(pitch_um, eqe_pct, group)
    return PixelationLossResult(model, fit, predict_ppi)
