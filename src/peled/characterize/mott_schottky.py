"""Mott-Schottky analysis of capacitance-voltage (C-V) sweeps: doping, V_bi, depletion width.

In the depletion approximation a one-sided abrupt junction (or Schottky barrier) with
doping N has (S. M. Sze & K. K. Ng, "Physics of Semiconductor Devices", 3rd ed., Wiley
2007, Ch. 2 and Ch. 3; the pure relations are in :mod:`peled.device.junction`)::

    1 / C^2 = 2 (V_bi - V - m k_B T / q) / (q eps0 eps_r N)      (C per area)      (MS)

with V the forward bias and m = 0 in the plain depletion approximation (the form
commonly used for perovskite devices), m = 1 for a Schottky barrier and m = 2 for a
one-sided p-n junction.  The slope of 1/C^2 vs V gives N = 2 / (q eps0 eps_r |slope|)
and its voltage intercept V_bi - m kT/q.  In thin perovskite layers the depletion
region often reaches through the whole film, where C is the geometric capacitance
eps0 eps_r / L and the analysis no longer measures a doping density; the fit warns
when W >= L.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import constants

from peled.characterize.errors import AdmittanceError
from peled.characterize.readers.cv import CVData, read_cv_csv
from peled.device.ions import K_B_EV
from peled.device.junction import depletion_width, mott_schottky_doping
from peled.errors import FileFormatError, ParameterError, require_positive
from peled.validation import finite_array, positive_array

__all__ = [
    "CVResult",
    "MottSchottkyFit",
    "analyze_cv_file",
    "depletion_width_at_bias",
]

EPS0 = constants.epsilon_0


def depletion_width_at_bias(voltage_v, capacitance_f_m2, eps_r, bias_v: float = 0.0) -> float:
    """Depletion width W = eps0 eps_r / C(bias) from a C-V curve.

    C(bias) is interpolated linearly in V between the measured points (repeated voltages,
    e.g. a forward and a backward sweep, are averaged first).

    Parameters
    ----------
    voltage_v : array_like
        Biases in V.
    capacitance_f_m2 : array_like
        Capacitance per area in F/m^2.
    eps_r : float
        Relative permittivity.
    bias_v : float, optional
        Bias in V at which W is taken (default 0).

    Returns
    -------
    float
        W in m.

    Raises
    ------
    AdmittanceError
        Fewer than 2 points, or a bias outside the measured range.

    References
    ----------
    S. M. Sze & K. K. Ng, "Physics of Semiconductor Devices", 3rd ed., Wiley (2007), Ch. 2.

    Examples
    --------
    >>> c = 25 * 8.8541878128e-12 / 200e-9
    >>> round(depletion_width_at_bias([-1.0, 1.0], [c, c], 25.0) * 1e9, 6)
    200.0
    """
    v = finite_array("voltage_v", voltage_v).ravel()
    c = finite_array("capacitance_f_m2", capacitance_f_m2).ravel()
    if v.shape != c.shape or v.size < 2:
        raise AdmittanceError("need >= 2 (V, C) pairs of equal length")
    bias = float(bias_v)
    uv, inv = np.unique(v, return_inverse=True)
    uc = np.bincount(inv, weights=c) / np.bincount(inv)
    if not (uv[0] <= bias <= uv[-1]):
        raise AdmittanceError(f"bias_v = {bias:g} V lies outside the measured C-V range "
                              f"[{uv[0]:g}, {uv[-1]:g}] V")
    return float(depletion_width(np.interp(bias, uv, uc), eps_r))


@dataclass
class MottSchottkyFit:
    """Straight-line fit of 1/C^2 vs V (eqn MS): doping density and built-in voltage.

    Parameters: ``eps_r``; ``v_min_v``/``v_max_v`` the fitted voltage window (default:
    all points; restrict it to the linear depletion region); ``kt_terms`` m of eqn (MS)
    (0, 1 or 2) at ``temperature_k``; ``thickness_m`` (optional) to flag full depletion.

    Fitted attributes: ``slope_`` / ``slope_stderr_`` (m^4 F^-2 V^-1), ``intercept_``,
    ``v_intercept_v_`` (where the line reaches 1/C^2 = 0), ``doping_per_m3_`` /
    ``doping_stderr_per_m3_``, ``v_bi_v_`` / ``v_bi_stderr_v_`` (= |intercept / slope| +
    m kT/q, valid for either bias sign convention), ``bias_convention_``
    (``"forward_positive"`` when 1/C^2 falls with V), ``r2_``, ``n_points_``,
    ``fit_v_min_v_``/``fit_v_max_v_``, ``warnings_``.  ``doping_per_m3_`` and ``v_bi_v_``
    are ``None`` when the slope is not significant (C independent of V).
    """

    eps_r: float
    v_min_v: float | None = None
    v_max_v: float | None = None
    kt_terms: int = 0
    temperature_k: float = 300.0
    thickness_m: float | None = None

    def fit(self, voltage_v, capacitance_f_m2) -> MottSchottkyFit:
        eps = require_positive("eps_r", self.eps_r)
        if self.kt_terms not in (0, 1, 2):
            raise ParameterError(f"kt_terms must be 0, 1 or 2, got {self.kt_terms}")
        t = require_positive("temperature_k", self.temperature_k)
        v = finite_array("voltage_v", voltage_v).ravel()
        c = positive_array("capacitance_f_m2", capacitance_f_m2).ravel()
        if v.shape != c.shape:
            raise AdmittanceError(f"voltage and capacitance differ in length "
                                  f"({v.size} vs {c.size})")
        lo = -np.inf if self.v_min_v is None else float(self.v_min_v)
        hi = np.inf if self.v_max_v is None else float(self.v_max_v)
        sel = (v >= lo) & (v <= hi)
        if np.unique(v[sel]).size < 3:
            raise AdmittanceError(f"{int(sel.sum())} C-V point(s) in the fit window "
                                  f"[{lo:g}, {hi:g}] V; need >= 3 distinct voltages")
        x, y = v[sel], 1.0 / c[sel] ** 2
        design = np.column_stack([np.ones_like(x), x])
        (a, b), *_ = np.linalg.lstsq(design, y, rcond=None)
        resid = y - design @ np.array([a, b])
        dof = max(x.size - 2, 1)
        cov = float(resid @ resid) / dof * np.linalg.inv(design.T @ design)
        ss_tot = float(np.sum((y - y.mean()) ** 2))
        warnings: list[str] = []
        self.slope_, self.intercept_ = float(b), float(a)
        self.slope_stderr_ = float(np.sqrt(max(cov[1, 1], 0.0)))
        self.r2_ = 1.0 - float(resid @ resid) / ss_tot if ss_tot > 0 else float("nan")
        self.n_points_ = int(x.size)
        self.fit_v_min_v_, self.fit_v_max_v_ = float(x.min()), float(x.max())
        self.bias_convention_ = "forward_positive" if b < 0 else "reverse_positive"
        self.doping_per_m3_ = self.doping_stderr_per_m3_ = None
        self.v_bi_v_ = self.v_bi_stderr_v_ = self.v_intercept_v_ = None
        if b == 0 or abs(b) <= 2.0 * self.slope_stderr_:
            warnings.append(
                "1/C^2 does not change significantly with V (geometric capacitance of a "
                "fully depleted layer?): doping density and V_bi are not reported"
            )
            self.warnings_ = warnings
            return self
        if b > 0:
            warnings.append("1/C^2 rises with V: the voltage column is read as reverse "
                            "bias positive; V_bi = intercept / slope")
        if self.r2_ < 0.99:
            warnings.append(f"1/C^2 is not linear in V over [{x.min():g}, {x.max():g}] V "
                            f"(R^2 = {self.r2_:.3f}); restrict the fit window to the "
                            "depletion region")
        ab = abs(b)
        self.v_intercept_v_ = float(-a / b)
        self.v_bi_v_ = float(a / ab + self.kt_terms * K_B_EV * t)
        grad = np.array([1.0 / ab, -a * np.sign(b) / b**2])
        self.v_bi_stderr_v_ = float(np.sqrt(max(grad @ cov @ grad, 0.0)))
        self.doping_per_m3_ = float(mott_schottky_doping(b, eps))
        self.doping_stderr_per_m3_ = self.doping_per_m3_ * self.slope_stderr_ / ab
        if self.thickness_m is not None:
            L = require_positive("thickness_m", self.thickness_m)
            w_max = float(EPS0 * eps / c[sel].min())
            if w_max >= L:
                warnings.append(
                    f"depletion width reaches {w_max * 1e9:.0f} nm >= the layer thickness "
                    f"{L * 1e9:.0f} nm: fully depleted, C is geometric there and N is not "
                    "a doping density"
                )
        self.warnings_ = warnings
        return self

    def as_dict(self) -> dict:
        """JSON form in display units (cm^-3, V)."""
        def cm3(x):
            return None if x is None else x * 1e-6

        return {
            "doping_cm3": cm3(self.doping_per_m3_),
            "doping_stderr_cm3": cm3(self.doping_stderr_per_m3_),
            "v_bi_v": self.v_bi_v_, "v_bi_stderr_v": self.v_bi_stderr_v_,
            "v_intercept_v": self.v_intercept_v_, "kt_terms": self.kt_terms,
            "slope_m4_f2_v": self.slope_, "slope_stderr_m4_f2_v": self.slope_stderr_,
            "r2": self.r2_ if np.isfinite(self.r2_) else None,
            "bias_convention": self.bias_convention_, "n_points": self.n_points_,
            "fit_v_min_v": self.fit_v_min_v_, "fit_v_max_v": self.fit_v_max_v_,
            "warnings": list(self.warnings_),
        }


@dataclass(frozen=True)
class CVResult:
    """Mott-Schottky fit of a C-V file and the depletion width at one bias.

    Attributes
    ----------
    data : CVData
        The C-V sweep as read.
    fit : MottSchottkyFit
        The fitted eqn (MS).
    depletion_width_m : float
        W = eps0 eps_r / C(bias) in m.
    bias_v : float
        The bias of ``depletion_width_m`` in V.
    """

    data: CVData
    fit: MottSchottkyFit
    depletion_width_m: float
    bias_v: float

    def as_dict(self) -> dict:
        """JSON form: :meth:`MottSchottkyFit.as_dict` plus ``depletion_width_nm``, ``bias_v``."""
        out = self.fit.as_dict()
        out["depletion_width_nm"] = self.depletion_width_m * 1e9
        out["bias_v"] = self.bias_v
        return out


def analyze_cv_file(path: str | Path, eps_r: float, area_cm2: float | None = None,
                    v_min_v: float | None = None, v_max_v: float | None = None,
                    kt_terms: int = 0, thickness_m: float | None = None,
                    bias_v: float = 0.0) -> CVResult:
    """Read a C-V file, fit eqn (MS) and take the depletion width at a bias.

    Parameters
    ----------
    path : str or Path
        C-V file (see :func:`peled.characterize.readers.read_cv_csv`).
    eps_r : float
        Relative permittivity of the layer (> 0).
    area_cm2 : float, optional
        Device area in cm^2, needed for absolute capacitances.
    v_min_v, v_max_v : float, optional
        Fitted voltage window in V (default: all points).
    kt_terms : int, optional
        m of eqn (MS): 0, 1 or 2.
    thickness_m : float, optional
        Layer thickness in m, to flag full depletion.
    bias_v : float, optional
        Bias in V at which W = eps0 eps_r / C is taken (default 0).

    Returns
    -------
    CVResult
        Its :meth:`CVResult.as_dict` is the JSON of ``peled characterize cv``.

    Raises
    ------
    FileFormatError
        Malformed file, or data the fit cannot use (the message names the file).

    References
    ----------
    S. M. Sze & K. K. Ng, "Physics of Semiconductor Devices", 3rd ed., Wiley (2007).

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> r = analyze_cv_file(ex / "cv_mott_schottky.csv", 25.0)
    >>> round(r.fit.doping_per_m3_ * 1e-6 / 1e16, 1), round(r.fit.v_bi_v_, 2)  # 1e16 cm^-3, V
    (6.9, 1.0)
    """
    data = read_cv_csv(path, area_cm2)
    try:
        ms = MottSchottkyFit(eps_r, v_min_v, v_max_v, kt_terms, thickness_m=thickness_m).fit(
            data.voltage_v, data.capacitance_f_m2)
        width = depletion_width_at_bias(data.voltage_v, data.capacitance_f_m2, eps_r, bias_v)
    except AdmittanceError as exc:  # name the file in the one-line error
        raise FileFormatError(path, str(exc)) from None
    return CVResult(data, ms, width, bias_v)
