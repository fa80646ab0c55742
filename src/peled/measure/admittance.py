"""Admittance and thermal admittance spectroscopy (TAS): trap density of states.

Trap density of states from the frequency derivative of the junction capacitance
(T. Walter, R. Herberholz, C. Müller & H. W. Schock, J. Appl. Phys. 80, 4411, 1996)::

    N_t(E_w) = -(V_bi / (q W)) (dC/dw) (w / (k_B T)),    E_w = k_B T ln(w0 / w)     (W)

with C the capacitance per area, w = 2 pi f the angular frequency, V_bi the built-in
voltage, W the depletion width and w0 the attempt-to-escape (angular) frequency.
Seed 002 prints this as eqn (12) (``002_7966451d1f2c3349.txt`` line 209) with ``q w0``
in the denominator, calls w0 "the depletion width" and attributes it to transient EL;
that form is dimensionally wrong (see ``/work/shared/seeds/INDEX.md``).  peled
implements eqn (W); ``tests/measure/test_admittance.py`` documents the discrepancy.

Thermal admittance: a trap level E_a responds up to the characteristic angular
frequency w_c(T) = w0(T) exp(-E_a / k_B T) with w0(T) = xi0 T^2 (the T^2 convention:
thermal velocity ~ T^1/2 times effective density of states ~ T^3/2; Walter et al.
1996; D. L. Losee, J. Appl. Phys. 46, 2204, 1975).  w_c is read as the maximum of
-w dC/dw = -dC/d ln w at each temperature, and the Arrhenius plot ln(w_c / T^2) vs
1/T gives E_a and xi0.  peled defines w0 so that this *peak* frequency is
w0 exp(-E/kT) exactly, i.e. any factor 2 of the inflection-point convention is
absorbed in w0 and is used consistently in eqn (W).

Forward model (for synthetic data and tests): each trap energy E contributes a Debye
relaxation, C(w) = C_hf + (q W / V_bi) int N_t(E) / (1 + (w / w_e(E))^2) dE with
w_e(E) = w0 exp(-E / k_B T).  Eqn (W) applied to it returns N_t convolved with the
kernel 1 / (2 cosh^2((E - E_w) / k_B T)) (unit area), so energies and integrated
densities are preserved.

The depletion width follows from the high-frequency capacitance of a parallel-plate
junction, W = eps0 eps_r / C (S. M. Sze, "Physics of Semiconductor Devices", 1981),
either of the C(f) spectra or of a separate C-V measurement at a chosen bias
(:func:`depletion_width_at_bias`).

Mott-Schottky analysis of C-V data (:class:`MottSchottkyFit`): in the depletion
approximation a one-sided abrupt junction (or Schottky barrier) with doping N has
(S. M. Sze & K. K. Ng, "Physics of Semiconductor Devices", 3rd ed., Wiley 2007,
Ch. 2 (p-n junctions: abrupt junction, depletion-layer capacitance) and Ch. 3
(metal-semiconductor contacts: depletion layer))::

    1 / C^2 = 2 (V_bi - V - m k_B T / q) / (q eps0 eps_r N)      (C per area)      (MS)
    1 / C^2 = 2 (V_bi - V - m k_B T / q) / (q eps0 eps_r N A^2)   (C in F, area A)

with V the forward bias and m = 0 in the plain depletion approximation (the form
commonly used for perovskite devices), m = 1 for a Schottky barrier and m = 2 for a
one-sided p-n junction (majority-carrier tails, Sze & Ng).  The slope of 1/C^2 vs V
gives N = 2 / (q eps0 eps_r A^2 |slope|) and its voltage intercept V_bi - m kT/q.
In thin perovskite layers the depletion region often reaches through the whole film,
where C is the geometric capacitance eps0 eps_r / L and the analysis no longer
measures a doping density; the fit warns when W >= L.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import constants

from peled.device.ions import K_B_EV, ArrheniusFit
from peled.errors import FileFormatError, ParameterError, PeledError, require_positive
from peled.measure.columns import comments_and_rows, read_text, sniff_delimiter
from peled.measure.defect_readers import split_unit_header
from peled.validation import finite_array, nonnegative_array, positive_array, scalar_or_array

__all__ = [
    "AdmittanceError",
    "AdmittanceSpectrum",
    "MottSchottkyFit",
    "ThermalAdmittanceFit",
    "TrapDOS",
    "attempt_frequency",
    "capacitance_from_impedance",
    "characteristic_frequency",
    "depletion_capacitance",
    "depletion_width",
    "depletion_width_at_bias",
    "mott_schottky_doping",
    "energy_scale_ev",
    "gaussian_trap_band",
    "read_admittance_csv",
    "trap_band_admittance",
    "trap_band_capacitance",
    "trap_dos",
    "trap_dos_walter",
]

Q = constants.e
EPS0 = constants.epsilon_0


class AdmittanceError(PeledError, ValueError):
    """Admittance data that cannot be analysed (no peak, non-monotonic frequency, ...)."""


# ----------------------------------------------------------------------------- equations
def energy_scale_ev(omega_rad_s, temperature_k, omega0_rad_s):
    """Demarcation energy E_w = k_B T ln(w0 / w) in eV (Walter et al. 1996)."""
    w = positive_array("omega_rad_s", omega_rad_s)
    t = positive_array("temperature_k", temperature_k)
    w0 = positive_array("omega0_rad_s", omega0_rad_s)
    return scalar_or_array(K_B_EV * t * np.log(w0 / w))


def depletion_width(capacitance_f_m2, eps_r):
    """Depletion width W = eps0 eps_r / C in m (C per area, F/m^2; Sze 1981)."""
    c = positive_array("capacitance_f_m2", capacitance_f_m2)
    return scalar_or_array(EPS0 * positive_array("eps_r", eps_r) / c)


def _dc_dlnw(omega: np.ndarray, c: np.ndarray, smooth: int) -> np.ndarray:
    """dC / d ln w by central differences, optionally on a moving-average of C."""
    x = np.log(omega)
    if smooth and smooth > 1 and c.size > smooth:
        k = np.ones(smooth) / smooth
        pad = smooth // 2
        cp = np.pad(c, pad, mode="edge")
        c = np.convolve(cp, k, mode="valid")[: x.size]
    return np.gradient(c, x)


def trap_dos_walter(omega_rad_s, capacitance_f_m2, v_bi_v, depletion_width_m,
                    temperature_k, omega0_rad_s, smooth: int = 0):
    """Trap DOS of eqn (W): ``(energy_ev, dos_m3_ev)`` for one temperature.

    ``omega_rad_s`` strictly increasing angular frequencies, ``capacitance_f_m2`` the
    capacitance per area, ``omega0_rad_s`` the attempt frequency at this temperature.
    ``dos_m3_ev`` is in m^-3 eV^-1; the derivative is taken in ln w (central
    differences), optionally after a ``smooth``-point moving average.
    """
    w = np.asarray(omega_rad_s, dtype=float)
    c = np.asarray(capacitance_f_m2, dtype=float)
    if w.shape != c.shape or w.size < 3:
        raise AdmittanceError("need >= 3 (omega, C) pairs of equal length")
    if np.any(np.diff(w) <= 0):
        raise AdmittanceError("frequencies must be strictly increasing")
    v_bi = require_positive("v_bi_v", v_bi_v)
    width = require_positive("depletion_width_m", depletion_width_m)
    t = require_positive("temperature_k", temperature_k)
    w0 = require_positive("omega0_rad_s", omega0_rad_s)
    # N_t = -(V_bi/(qW)) dC/dw * w/(kT) = -(V_bi/(qW)) dC/dlnw / (kT);  kT in eV -> per eV
    dos = -(v_bi / (Q * width)) * _dc_dlnw(w, c, smooth) / (K_B_EV * t)
    return energy_scale_ev(w, t, w0), dos


def characteristic_frequency(omega_rad_s, capacitance_f_m2, smooth: int = 0) -> float | None:
    """Angular frequency of the maximum of -w dC/dw (``None`` if at the window edge).

    ``None`` also when the maximum is below 1e-6 of the capacitance (a flat C(f)).

    The maximum is located by a least-squares Gaussian (a parabola in ln(-dC/d ln w)
    vs ln w) over the points above half of the largest value, taken symmetrically
    about the largest point (as many on each side, so a peak near the end of the
    frequency window is not pulled by a one-sided window); with fewer than 2 points
    on a side the three-point parabola through the maximum is used.  A trap band gives
    a bell-shaped -dC/d ln w a few grid steps wide, so fitting its upper half is far
    less sensitive to point-to-point noise than the three-point vertex.  On the
    synthetic Gaussian band of the tests both are exact (E_a = 0.350 eV); with 0.1 %
    capacitance noise and ``smooth=5`` E_a stays within 0.01 eV.
    """
    w = np.asarray(omega_rad_s, dtype=float)
    c = np.asarray(capacitance_f_m2, dtype=float)
    y = -_dc_dlnw(w, c, smooth)
    # the end points (one-sided differences) and, with smoothing, the smooth//2
    # points next to them (edge padding of the moving average, seen by the central
    # difference one point further in) are distorted: they neither hold the maximum
    # nor enter the peak fit
    edge = 1 + (smooth // 2 if smooth and smooth > 1 else 0)
    n = y.size
    i = int(np.argmax(y))
    if i < edge or i > n - 1 - edge or y[i] <= 1e-6 * float(np.max(np.abs(c))):
        return None  # maximum at the window edge, or no capacitance step at all
    x = np.log(w)
    above = y > 0.5 * y[i]
    above[:edge] = False
    above[n - edge:] = False
    lo = i - int(np.argmin(above[i::-1])) + 1 if not above[: i + 1].all() else 0
    hi = i + int(np.argmin(above[i:])) if not above[i:].all() else n
    k = min(i - lo, hi - 1 - i)  # as many points on each side of the maximum
    if k >= 2:
        sel = slice(i - k, i + k + 1)
        a2, a1, _ = np.polyfit(x[sel], np.log(y[sel]), 2)
        if a2 < 0:
            return float(np.exp(np.clip(-a1 / (2 * a2), x[i - k], x[i + k])))
    x0, x1, x2 = x[i - 1 : i + 2]
    y0, y1, y2 = y[i - 1 : i + 2]
    den = (x0 - x1) * (x0 - x2) * (x1 - x2)
    a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den
    b = (x2**2 * (y0 - y1) + x1**2 * (y2 - y0) + x0**2 * (y1 - y2)) / den
    xv = -b / (2 * a) if a < 0 else x1
    return float(np.exp(np.clip(xv, x0, x2)))


def attempt_frequency(xi0: float, temperature_k):
    """w0(T) = xi0 T^2 (the T^2 convention of thermal admittance), in rad/s."""
    t = positive_array("temperature_k", temperature_k)
    return scalar_or_array(positive_array("xi0", xi0) * t**2)


def gaussian_trap_band(energy_ev, center_ev: float, sigma_ev: float, total_density_m3: float):
    """Gaussian trap DOS in m^-3 eV^-1 with integral ``total_density_m3``."""
    e = finite_array("energy_ev", energy_ev)
    s = positive_array("sigma_ev", sigma_ev)
    n = nonnegative_array("total_density_m3", total_density_m3)
    c = finite_array("center_ev", center_ev)
    return scalar_or_array(n * np.exp(-0.5 * ((e - c) / s) ** 2) / (s * np.sqrt(2 * np.pi)))


def trap_band_admittance(omega_rad_s, energy_ev, dos_m3_ev, temperature_k, omega0_rad_s,
                         v_bi_v, depletion_width_m, c_hf_f_m2, g_dc_s_m2=0.0):
    """Forward model: (C, G) per area of a trap DOS (Debye response per energy).

    C*(w) = C_hf + (q W / V_bi) int N_t(E) / (1 + i w / w_e(E)) dE and
    Y = G_dc + i w C*, so C = Re C* and G = G_dc - w Im C* (see module docstring).
    """
    w = np.asarray(omega_rad_s, dtype=float)[:, None]
    e = np.asarray(energy_ev, dtype=float)
    n = np.asarray(dos_m3_ev, dtype=float)
    x = w / (omega0_rad_s * np.exp(-e / (K_B_EV * temperature_k)))[None, :]
    pref = Q * depletion_width_m / v_bi_v
    c = c_hf_f_m2 + pref * np.trapezoid(n[None, :] / (1.0 + x**2), e, axis=1)
    g = g_dc_s_m2 + w[:, 0] * pref * np.trapezoid(n[None, :] * x / (1.0 + x**2), e, axis=1)
    return c, g


def trap_band_capacitance(omega_rad_s, energy_ev, dos_m3_ev, temperature_k, omega0_rad_s,
                          v_bi_v, depletion_width_m, c_hf_f_m2):
    """C(w) per area of :func:`trap_band_admittance` (the capacitance only)."""
    return trap_band_admittance(omega_rad_s, energy_ev, dos_m3_ev, temperature_k,
                                omega0_rad_s, v_bi_v, depletion_width_m, c_hf_f_m2)[0]


def capacitance_from_impedance(frequency_hz, z_real_ohm, z_imag_ohm, area_m2: float = 1.0):
    """(C, G) per area from a complex impedance Z = Z' + i Z'' (Y = 1/Z = G + i w C)."""
    f = np.asarray(frequency_hz, dtype=float)
    z = np.asarray(z_real_ohm, dtype=float) + 1j * np.asarray(z_imag_ohm, dtype=float)
    if np.any(z == 0):
        raise AdmittanceError("impedance of 0 Ohm: cannot invert")
    y = 1.0 / z
    return y.imag / (2 * np.pi * f) / area_m2, y.real / area_m2


# ----------------------------------------------------------------------------- C-V
def depletion_capacitance(voltage_v, doping_m3, eps_r, v_bi_v, kt_terms: int = 0,
                          temperature_k: float = 300.0, thickness_m: float | None = None):
    """Depletion capacitance per area (F/m^2) of eqn (MS): forward model of C-V data.

    C = sqrt(q eps0 eps_r N / (2 (V_bi - V - m kT/q))) for V < V_bi - m kT/q (NaN
    above: the depletion approximation fails at forward bias beyond it).  With
    ``thickness_m`` L the depletion width cannot exceed L and C saturates at the
    geometric capacitance eps0 eps_r / L (fully depleted layer).
    """
    v = finite_array("voltage_v", voltage_v)
    n = positive_array("doping_m3", doping_m3)
    eps = EPS0 * positive_array("eps_r", eps_r)
    drop = finite_array("v_bi_v", v_bi_v) - v - kt_terms * K_B_EV * temperature_k
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.where(drop > 0, np.sqrt(Q * eps * n / (2.0 * np.where(drop > 0, drop, 1.0))),
                     np.nan)
    if thickness_m is not None:
        c = np.maximum(c, eps / require_positive("thickness_m", thickness_m))
    return scalar_or_array(c)


def mott_schottky_doping(slope, eps_r, area_m2: float = 1.0):
    """Doping density N = 2 / (q eps0 eps_r A^2 |slope|) in m^-3 (Sze & Ng 2007, eqn MS).

    ``slope``: d(1/C^2)/dV, in m^4 F^-2 V^-1 for C per area (``area_m2`` = 1, the
    default) or in F^-2 V^-1 for the absolute capacitance of a device of area A.
    The sign of the slope only reflects the bias convention and is ignored.

    >>> round(mott_schottky_doping(-2 / (1.602176634e-19 * 8.8541878128e-12 * 25 * 1e22),
    ...                            25.0) / 1e22, 6)
    1.0
    """
    b = np.abs(finite_array("slope", slope))
    if np.any(b == 0):
        raise ParameterError("slope must be non-zero (1/C^2 independent of V has no doping)")
    eps = positive_array("eps_r", eps_r)
    a = positive_array("area_m2", area_m2)
    return scalar_or_array(2.0 / (Q * EPS0 * eps * a**2 * b))


def depletion_width_at_bias(voltage_v, capacitance_f_m2, eps_r, bias_v: float = 0.0) -> float:
    """W = eps0 eps_r / C(bias) in m from a C-V curve (C per area; Sze 1981).

    C(bias) is interpolated linearly in V between the measured points (repeated
    voltages, e.g. a forward and a backward sweep, are averaged first); a bias
    outside the measured range raises :class:`AdmittanceError`.
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
    ``v_intercept_v_`` (where the line reaches 1/C^2 = 0), ``doping_m3_`` /
    ``doping_stderr_m3_``, ``v_bi_v_`` / ``v_bi_stderr_v_`` (= |intercept / slope| +
    m kT/q, valid for either bias sign convention), ``bias_convention_``
    (``"forward_positive"`` when 1/C^2 falls with V), ``r2_``, ``n_points_``,
    ``fit_v_min_v_``/``fit_v_max_v_``, ``warnings_``.  ``doping_m3_`` and ``v_bi_v_``
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
        self.doping_m3_ = self.doping_stderr_m3_ = None
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
        self.doping_m3_ = float(mott_schottky_doping(b, eps))
        self.doping_stderr_m3_ = self.doping_m3_ * self.slope_stderr_ / ab
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
            "doping_cm3": cm3(self.doping_m3_), "doping_stderr_cm3": cm3(self.doping_stderr_m3_),
            "v_bi_v": self.v_bi_v_, "v_bi_stderr_v": self.v_bi_stderr_v_,
            "v_intercept_v": self.v_intercept_v_, "kt_terms": self.kt_terms,
            "slope_m4_f2_v": self.slope_, "slope_stderr_m4_f2_v": self.slope_stderr_,
            "r2": self.r2_ if np.isfinite(self.r2_) else None,
            "bias_convention": self.bias_convention_, "n_points": self.n_points_,
            "fit_v_min_v": self.fit_v_min_v_, "fit_v_max_v": self.fit_v_max_v_,
            "warnings": list(self.warnings_),
        }


# ----------------------------------------------------------------------------- data
@dataclass(frozen=True)
class AdmittanceSpectrum:
    """C(f) (and optionally G(f)) per area at one temperature."""

    frequency_hz: np.ndarray
    capacitance_f_m2: np.ndarray
    temperature_k: float
    conductance_s_m2: np.ndarray | None = None
    name: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def omega_rad_s(self) -> np.ndarray:
        """Angular frequency w = 2 pi f."""
        return 2 * np.pi * self.frequency_hz

    def impedance_ohm_m2(self) -> np.ndarray:
        """Area-normalised complex impedance 1 / (G + i w C) (G = 0 if not measured)."""
        g = self.conductance_s_m2 if self.conductance_s_m2 is not None else 0.0
        return 1.0 / (g + 1j * self.omega_rad_s * self.capacitance_f_m2)


# unit key -> (quantity, factor to SI)
_UNITS = {
    "hz": ("frequency", 1.0), "khz": ("frequency", 1e3), "mhz": ("frequency", 1e6),
    "rads": ("omega", 1.0), "rads-1": ("omega", 1.0),
    "f": ("capacitance", 1.0), "mf": ("capacitance", 1e-3), "uf": ("capacitance", 1e-6),
    "nf": ("capacitance", 1e-9), "pf": ("capacitance", 1e-12),
    "fm2": ("capacitance_area", 1.0), "fcm2": ("capacitance_area", 1e4),
    "ufcm2": ("capacitance_area", 1e-2), "nfcm2": ("capacitance_area", 1e-5),
    "pfcm2": ("capacitance_area", 1e-8),
    "s": ("conductance", 1.0), "ms": ("conductance", 1e-3), "us": ("conductance", 1e-6),
    "scm2": ("conductance_area", 1e4), "mscm2": ("conductance_area", 10.0),
    "ohm": ("impedance", 1.0), "Ω": ("impedance", 1.0), "kohm": ("impedance", 1e3),
    "k": ("temperature", 1.0),
}


def _key(unit: str) -> str:
    u = unit.translate(str.maketrans({"²": "2", "⁻": "-", "µ": "u", "μ": "u", "Ω": "ohm"}))
    return re.sub(r"[\s_/^·*.]", "", u).lower().replace("-2", "2").replace("-1", "")


_META = re.compile(r"^#\s*([A-Za-z][A-Za-z0-9_ ]*?)\s*[:=]\s*([-+0-9.eE]+)\s*([A-Za-z]*)\s*$")
_T_IN_NAME = re.compile(r"(?<![0-9.])(\d+(?:\.\d+)?)\s*K(?![a-zA-Z])")


def read_admittance_csv(path: str | Path, area_cm2: float | None = None,
                        temperature_k: float | None = None) -> AdmittanceSpectrum:
    """Read one C-f (or impedance) file measured at one temperature.

    Columns (units from the header): frequency (``Hz``, ``kHz``, ``MHz`` or
    ``omega (rad/s)``); then either capacitance (``F``, ``nF``, ``pF``, ... or per area
    ``F/cm2``, ``nF/cm2``, ``F/m2``) with optional conductance (``S``, ``S/cm2``), or the
    impedance ``Z' (Ohm)`` and ``Z'' (Ohm)`` (a header starting with ``-`` such as
    ``-Z'' (Ohm)`` is negated).  An optional ``T (K)`` column gives the temperature.

    Metadata comments: ``# temperature_k: 300`` (or ``# T = 300 K``) and
    ``# area_cm2: 0.04``; the temperature may also be in the file name (``..._300K.csv``).
    Absolute capacitances/impedances need the device area.
    """
    import csv

    p, text = read_text(path)
    comments, rows = comments_and_rows(text)
    meta = {m.group(1).strip().lower().replace(" ", "_"): float(m.group(2))
            for m in map(_META.match, comments) if m}
    if not rows:
        raise FileFormatError(p, "file is empty")
    delim = sniff_delimiter(rows[0][1], "\t,;")
    head_line, head = rows[0]
    headers = [h.strip() for h in next(csv.reader([head], delimiter=delim))]
    roles: dict[str, tuple[int, float, float]] = {}  # role -> (col, factor, sign)
    for col, h in enumerate(headers):
        name, unit = split_unit_header(h)
        sign = -1.0 if name.startswith("-") else 1.0
        qty, factor = _UNITS.get(_key(unit), (None, 1.0))
        if qty == "impedance":
            role = "z_imag" if ("''" in name or '"' in name or "im" in name) else "z_real"
        else:
            role = qty
        if role is not None and role not in roles:
            roles[role] = (col, factor, sign)
    freq = roles.get("frequency") or roles.get("omega")
    if freq is None:
        raise FileFormatError(p, "no frequency column (header unit Hz, kHz, MHz or rad/s)",
                              line=head_line)
    data = []
    for lineno, ln in rows[1:]:
        cells = next(csv.reader([ln], delimiter=delim))
        if len(cells) != len(headers):
            raise FileFormatError(p, f"{len(cells)} fields, expected {len(headers)}",
                                  line=lineno)
        try:
            data.append([float(c) for c in cells])
        except ValueError:
            raise FileFormatError(p, f"not a number in {cells!r}", line=lineno) from None
    if len(data) < 3:
        raise FileFormatError(p, f"need at least 3 frequencies, got {len(data)}")
    arr = np.asarray(data)

    def col(role):
        c, f, s = roles[role]
        return arr[:, c] * f * s

    f_hz = col("frequency") if "frequency" in roles else col("omega") / (2 * np.pi)
    area = area_cm2 if area_cm2 is not None else meta.get("area_cm2")
    area_m2 = None if area is None else require_positive("area_cm2", area) * 1e-4

    def per_area(values, what):
        if area_m2 is None:
            raise FileFormatError(p, f"{what} is absolute: give the device area "
                                     "(--area-cm2 or a '# area_cm2: ...' line)")
        return values / area_m2

    g = None
    if "capacitance_area" in roles:
        c = col("capacitance_area")
    elif "capacitance" in roles:
        c = per_area(col("capacitance"), "capacitance")
    elif "z_real" in roles and "z_imag" in roles:
        c, g = capacitance_from_impedance(f_hz, col("z_real"), col("z_imag"))
        c, g = per_area(c, "impedance"), per_area(g, "impedance")
    else:
        raise FileFormatError(p, "no capacitance column (F, nF, pF, F/cm2, ...) and no "
                                 "impedance pair Z' (Ohm), Z'' (Ohm)", line=head_line)
    if g is None and "conductance_area" in roles:
        g = col("conductance_area")
    elif g is None and "conductance" in roles:
        g = per_area(col("conductance"), "conductance")
    t = temperature_k
    if t is None and "temperature" in roles:
        t = float(np.nanmean(col("temperature")))
    if t is None:
        t = meta.get("temperature_k", meta.get("t", meta.get("temperature")))
    if t is None:
        m = _T_IN_NAME.search(p.stem)
        t = float(m.group(1)) if m else None
    if t is None:
        raise FileFormatError(p, "temperature unknown: add '# temperature_k: 300', a "
                                 "'T (K)' column, or '_300K' in the file name")
    warnings: list[str] = []
    order = np.argsort(f_hz)
    if np.any(np.diff(f_hz) < 0) and np.any(np.diff(f_hz) > 0):
        warnings.append(f"{p.name}: frequencies not monotonic; sorted")
    f_hz, c = f_hz[order], c[order]
    g = None if g is None else g[order]
    if np.any(f_hz <= 0):
        raise FileFormatError(p, "frequencies must be > 0")
    if np.any(np.diff(f_hz) == 0):
        raise FileFormatError(p, "repeated frequency")
    if np.any(c <= 0):
        warnings.append(f"{p.name}: {int(np.sum(c <= 0))} capacitance value(s) <= 0 "
                        "(inductive or open-circuit artefact)")
    return AdmittanceSpectrum(f_hz, c, require_positive("temperature_k", t), g, p.name,
                              tuple(warnings))


# ----------------------------------------------------------------------------- analysis
@dataclass
class ThermalAdmittanceFit:
    """Arrhenius analysis of characteristic frequencies: ln(w_c / T^2) vs 1 / T.

    Fitted attributes: ``temperatures_k_``, ``omega_c_`` (rad/s, ``NaN`` where no peak
    lies inside the measured window), ``ea_ev_``, ``ea_stderr_ev_``, ``xi0_``
    (s^-1 K^-2, so that w0(T) = xi0 T^2), ``warnings_``.
    """

    smooth: int = 0

    def fit(self, spectra) -> ThermalAdmittanceFit:
        temps, peaks, warnings = [], [], []
        for s in spectra:
            wc = characteristic_frequency(s.omega_rad_s, s.capacitance_f_m2, self.smooth)
            temps.append(s.temperature_k)
            if wc is None:
                warnings.append(f"{s.name or s.temperature_k}: no maximum of -w dC/dw "
                                f"inside the frequency window at {s.temperature_k:g} K")
                peaks.append(np.nan)
            else:
                peaks.append(wc)
        t, wc = np.asarray(temps), np.asarray(peaks)
        ok = np.isfinite(wc)
        self.temperatures_k_, self.omega_c_ = t, wc
        if np.unique(t[ok]).size < 2:
            raise AdmittanceError(
                f"characteristic frequencies found at {int(ok.sum())} temperature(s); "
                "need >= 2 for the Arrhenius analysis (or give w0)"
            )
        arr = ArrheniusFit(temperature_exponent=-2).fit(t[ok], wc[ok])
        self.ea_ev_, self.ea_stderr_ev_ = arr.ea_ev_, arr.ea_stderr_ev_
        self.xi0_ = arr.prefactor_
        self.arrhenius_ = arr
        self.warnings_ = warnings + arr.warnings_
        return self

    def omega0(self, temperature_k):
        """w0(T) = xi0 T^2 in rad/s."""
        return attempt_frequency(self.xi0_, temperature_k)


@dataclass(frozen=True)
class TrapDOS:
    """Trap DOS merged over temperatures on a common energy grid.

    ``energy_ev`` grid, ``dos_m3_ev`` (mean of the temperatures covering each energy;
    NaN where none does), ``per_temperature``: ``[(T, energy_ev, dos_m3_ev), ...]``.
    """

    energy_ev: np.ndarray
    dos_m3_ev: np.ndarray
    per_temperature: tuple = field(repr=False)
    ea_ev: float | None = None
    ea_stderr_ev: float | None = None
    omega0_rad_s: float | None = None
    omega0_reference_t_k: float | None = None
    xi0: float | None = None
    warnings: tuple[str, ...] = ()

    def integrated_density_m3(self, e_min_ev: float | None = None,
                              e_max_ev: float | None = None) -> float:
        """Integral of the DOS (m^-3) over [e_min, e_max] (gaps without data skipped)."""
        e, n = self.energy_ev, self.dos_m3_ev
        sel = np.isfinite(n)
        if e_min_ev is not None:
            sel &= e >= e_min_ev
        if e_max_ev is not None:
            sel &= e <= e_max_ev
        if sel.sum() < 2:
            return float("nan")
        return float(np.trapezoid(n[sel], e[sel]))

    @property
    def peak_energy_ev(self) -> float:
        """Energy of the DOS maximum."""
        return float(self.energy_ev[np.nanargmax(self.dos_m3_ev)])


def trap_dos(spectra, v_bi_v: float, depletion_width_m: float | None = None,
             omega0_rad_s: float | None = None, eps_r: float | None = None,
             smooth: int = 0, energy_step_ev: float = 0.002) -> TrapDOS:
    """Eqn (W) for several temperatures, merged on one energy grid.

    ``omega0_rad_s``: a fixed attempt frequency; if ``None`` it is determined by
    :class:`ThermalAdmittanceFit` (w0(T) = xi0 T^2, >= 2 temperatures with a peak).
    ``depletion_width_m``: given, or from the highest-frequency capacitance of each
    spectrum and ``eps_r`` (W = eps0 eps_r / C_hf).  The reported ``omega0_rad_s`` is
    the fixed value, or xi0 T_ref^2 at the mean temperature ``omega0_reference_t_k``.
    """
    spectra = list(spectra)
    if not spectra:
        raise AdmittanceError("no admittance spectra given")
    v_bi = require_positive("v_bi_v", v_bi_v)
    warnings: list[str] = [w for s in spectra for w in s.warnings]
    thermal = None
    if len({s.temperature_k for s in spectra}) >= 2:
        try:
            thermal = ThermalAdmittanceFit(smooth).fit(spectra)
            warnings += thermal.warnings_
        except PeledError as exc:
            if omega0_rad_s is None:
                raise
            warnings.append(f"thermal admittance: {exc}")
    if omega0_rad_s is None and thermal is None:
        raise AdmittanceError("a single temperature: give the attempt frequency w0 "
                              "(thermal admittance needs >= 2 temperatures)")
    per = []
    for s in spectra:
        if depletion_width_m is not None:
            width = require_positive("depletion_width_m", depletion_width_m)
        elif eps_r is not None:
            width = depletion_width(s.capacitance_f_m2[-1], eps_r)
        else:
            raise ParameterError("give the depletion width (w_nm) or eps_r to derive it")
        w0 = omega0_rad_s if omega0_rad_s is not None else thermal.omega0(s.temperature_k)
        e, n = trap_dos_walter(s.omega_rad_s, s.capacitance_f_m2, v_bi, width,
                               s.temperature_k, w0, smooth)
        order = np.argsort(e)
        per.append((s.temperature_k, e[order], n[order]))
    lo = min(p[1][0] for p in per)
    hi = max(p[1][-1] for p in per)
    grid = np.arange(lo, hi + energy_step_ev / 2, energy_step_ev)
    stack = np.full((len(per), grid.size), np.nan)
    for k, (_, e, n) in enumerate(per):
        inside = (grid >= e[0]) & (grid <= e[-1])
        stack[k, inside] = np.interp(grid[inside], e, n)
    with np.errstate(invalid="ignore"):
        counts = np.isfinite(stack).sum(axis=0)
        dos = np.where(counts > 0, np.nansum(stack, axis=0) / np.maximum(counts, 1), np.nan)
    if np.any(dos[np.isfinite(dos)] < 0):
        warnings.append("negative DOS values (C increases with frequency somewhere: noise "
                        "or a non-trap process)")
    t_ref = float(np.mean([s.temperature_k for s in spectra]))
    if omega0_rad_s is not None:
        w0_out, t_out = float(omega0_rad_s), None
    else:
        w0_out, t_out = thermal.omega0(t_ref), t_ref
    return TrapDOS(
        grid, dos, tuple(per),
        None if thermal is None else thermal.ea_ev_,
        None if thermal is None else thermal.ea_stderr_ev_,
        w0_out, t_out, None if thermal is None else thermal.xi0_, tuple(warnings),
    )
