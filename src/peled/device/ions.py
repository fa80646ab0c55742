"""Thermally activated ion migration: Arrhenius fits, Nernst-Einstein, transit times.

Equations (SI units; energies in eV where the name says so):

* Arrhenius law (S. Arrhenius, Z. Phys. Chem. 4, 226, 1889)::

      y(T) T^n = A exp(-E_a / (k_B T))                                     (1)

  fitted as a straight line ln(y T^n) = ln A - E_a / (k_B T).  ``n`` is the
  temperature exponent of the quantity: n = 0 for a rate or a diffusion coefficient
  (D = D_0 exp(-E_a/kT)), n = 1 for an ionic conductivity (sigma T = sigma_0
  exp(-E_a/kT), the hopping form of Mott & Gurney, "Electronic Processes in Ionic
  Crystals", Oxford 1940, ch. II), n = -2 for thermal-admittance emission rates
  (omega = xi_0 T^2 exp(-E_a/kT), Walter et al., J. Appl. Phys. 80, 4411, 1996).
* Speed-up of an activated process between two temperatures::

      r(T2) / r(T1) = exp[(E_a / k_B) (1/T1 - 1/T2)]                       (2)

  Jiang et al., "Defects in lead halide perovskite LEDs under electric field",
  Nanoscale (2024), sec. 2.3, report devices reaching ~70 degC under 6 V by Joule
  heating; with the 0.58 eV MA+ barrier of its Table 1 (row 8, ref. 92) eqn (2) gives a
  16.7-fold faster migration at 343 K than at 300 K.
* Nernst-Einstein relation (W. Nernst, Z. Phys. Chem. 2, 613, 1888; A. Einstein,
  Ann. Phys. 17, 549, 1905)::

      sigma = n (z q)^2 D / (k_B T),     mu = z q D / (k_B T)               (3)

* Drift transit time of ions across a layer of thickness L under a voltage V (uniform
  field V/L)::

      t = L / (mu V / L) = L^2 / (mu V)                                    (4)

The Table 1 activation energies of Jiang et al. (2024) are data of the literature
dataset (:func:`peled.literature.ion_migration.ion_migration_activation_energies`).
This module does no I/O; the file analysis of ``peled characterize arrhenius`` is
:func:`peled.characterize.arrhenius.analyze_arrhenius_file`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import constants

from peled.errors import ParameterError, PeledError
from peled.validation import finite_array, positive_array, scalar_or_array

__all__ = [
    "ArrheniusError",
    "ArrheniusFit",
    "JOULE_HEATING_T_K_JIANG2024",
    "K_B_EV",
    "conductivity_from_diffusion",
    "diffusion_from_conductivity",
    "ion_mobility",
    "ion_transit_time",
    "speedup_factor",
]

#: Boltzmann constant in eV/K (scipy.constants, CODATA).
K_B_EV: float = constants.k / constants.e

#: Device temperature "approaching 70 degC" under 6 V (Jiang et al. (2024), sec. 2.3), in K.
JOULE_HEATING_T_K_JIANG2024: float = 70.0 + constants.zero_Celsius


class ArrheniusError(PeledError, ValueError):
    """Data that cannot be described by an Arrhenius law (too few points, y <= 0, ...)."""


# ----------------------------------------------------------------------------- eqn (2)
def speedup_factor(ea_ev, t1_k, t2_k):
    """Rate ratio r(T2)/r(T1) of a process with activation energy ``ea_ev``, eqn (2).

    Parameters
    ----------
    ea_ev : float or array_like
        Activation energy in eV.
    t1_k, t2_k : float or array_like
        Temperatures in K (> 0).

    Returns
    -------
    float or numpy.ndarray
        exp[(E_a / k_B) (1/T1 - 1/T2)].

    References
    ----------
    S. Arrhenius, Z. Phys. Chem. 4, 226 (1889); Jiang et al., Nanoscale (2024), sec. 2.3
    (Joule heating to ~70 degC) and Table 1 (0.58 eV for MA+).

    Examples
    --------
    >>> round(speedup_factor(0.58, 300.0, 343.0), 1)
    16.7
    """
    ea = finite_array("ea_ev", ea_ev)
    t1 = positive_array("t1_k", t1_k)
    t2 = positive_array("t2_k", t2_k)
    return scalar_or_array(np.exp(ea / K_B_EV * (1.0 / t1 - 1.0 / t2)))


# ----------------------------------------------------------------------------- eqn (3)
def _charge_number(value) -> np.ndarray:
    z = finite_array("charge_number", value)
    if np.any(z == 0) or np.any(z != np.round(z)):
        raise ParameterError(f"charge_number must be a non-zero integer, got {value!r}")
    return z


def conductivity_from_diffusion(diffusion_m2_s, ion_density_per_m3, temperature_k, charge_number=1):
    """Ionic conductivity from a diffusion coefficient, Nernst-Einstein eqn (3).

    Parameters
    ----------
    diffusion_m2_s : float or array_like
        Diffusion coefficient in m^2/s (> 0).
    ion_density_per_m3 : float or array_like
        Mobile-ion density in m^-3 (> 0).
    temperature_k : float or array_like
        Temperature in K (> 0).
    charge_number : int, optional
        Ion charge number z (non-zero integer; default 1).

    Returns
    -------
    float or numpy.ndarray
        sigma = n (z q)^2 D / (k_B T) in S/m.

    References
    ----------
    W. Nernst, Z. Phys. Chem. 2, 613 (1888); A. Einstein, Ann. Phys. 17, 549 (1905).

    Examples
    --------
    >>> s = conductivity_from_diffusion(1e-16, 1e24, 300.0)
    >>> round(float(diffusion_from_conductivity(s, 1e24, 300.0)) * 1e16, 12)
    1.0
    """
    d = positive_array("diffusion_m2_s", diffusion_m2_s)
    n = positive_array("ion_density_per_m3", ion_density_per_m3)
    t = positive_array("temperature_k", temperature_k)
    z = _charge_number(charge_number)
    return scalar_or_array(n * (z * constants.e) ** 2 * d / (constants.k * t))


def diffusion_from_conductivity(conductivity_s_m, ion_density_per_m3, temperature_k,
                                charge_number=1):
    """Diffusion coefficient from an ionic conductivity, the inverse of eqn (3).

    Parameters
    ----------
    conductivity_s_m : float or array_like
        Ionic conductivity in S/m (> 0).
    ion_density_per_m3 : float or array_like
        Mobile-ion density in m^-3 (> 0).
    temperature_k : float or array_like
        Temperature in K (> 0).
    charge_number : int, optional
        Ion charge number z (default 1).

    Returns
    -------
    float or numpy.ndarray
        D = sigma k_B T / (n (z q)^2) in m^2/s.

    References
    ----------
    Nernst (1888); Einstein (1905).

    Examples
    --------
    >>> round(float(diffusion_from_conductivity(1.602176634e-19**2 / (1.380649e-23 * 300.0),
    ...                                         1.0, 300.0)), 12)
    1.0
    """
    s = positive_array("conductivity_s_m", conductivity_s_m)
    n = positive_array("ion_density_per_m3", ion_density_per_m3)
    t = positive_array("temperature_k", temperature_k)
    z = _charge_number(charge_number)
    return scalar_or_array(s * constants.k * t / (n * (z * constants.e) ** 2))


def ion_mobility(diffusion_m2_s, temperature_k, charge_number=1):
    """Einstein mobility of an ion, eqn (3).

    Parameters
    ----------
    diffusion_m2_s : float or array_like
        Diffusion coefficient in m^2/s (> 0).
    temperature_k : float or array_like
        Temperature in K (> 0).
    charge_number : int, optional
        Ion charge number z (default 1).

    Returns
    -------
    float or numpy.ndarray
        mu = abs(z) q D / (k_B T) in m^2/(V s).

    References
    ----------
    A. Einstein, Ann. Phys. 17, 549 (1905).

    Examples
    --------
    >>> round(float(ion_mobility(1e-16, 300.0)) * 1e15, 4)  # D / (kT/q), kT/q = 25.85 mV
    3.8682
    """
    d = positive_array("diffusion_m2_s", diffusion_m2_s)
    t = positive_array("temperature_k", temperature_k)
    z = np.abs(_charge_number(charge_number))
    return scalar_or_array(z * constants.e * d / (constants.k * t))


# ----------------------------------------------------------------------------- eqn (4)
def ion_transit_time(thickness_m, voltage_v, diffusion_m2_s, temperature_k, charge_number=1):
    """Drift time of ions across a layer under a uniform field, eqn (4).

    Parameters
    ----------
    thickness_m : float or array_like
        Layer thickness L in m (> 0).
    voltage_v : float or array_like
        Voltage in V (non-zero; its sign is ignored).
    diffusion_m2_s : float or array_like
        Diffusion coefficient in m^2/s; the mobility follows from eqn (3).
    temperature_k : float or array_like
        Temperature in K.
    charge_number : int, optional
        Ion charge number z (default 1).

    Returns
    -------
    float or numpy.ndarray
        t = L^2 / (mu V) in s.

    Examples
    --------
    >>> round(float(ion_transit_time(100e-9, 3.0, 1e-16, 300.0)), 3)  # s
    0.862
    """
    L = positive_array("thickness_m", thickness_m)
    v = np.abs(finite_array("voltage_v", voltage_v))
    if np.any(v == 0):
        raise ParameterError(f"voltage_v must be finite and non-zero, got {voltage_v!r}")
    mu = ion_mobility(diffusion_m2_s, temperature_k, charge_number)
    return scalar_or_array(L**2 / (np.asarray(mu) * v))


# ----------------------------------------------------------------------------- eqn (1)
@dataclass
class ArrheniusFit:
    """Least-squares fit of eqn (1): ln(y T^n) = ln A - E_a / (k_B T).

    Fitted attributes: ``ea_ev_``, ``ea_stderr_ev_``, ``prefactor_`` (A, in the unit of
    y times K^n), ``ln_prefactor_stderr_`` (standard error of ln A), ``t_min_k_``,
    ``t_max_k_`` (the range the fit is valid for), ``r2_``, ``residuals_`` (of the
    logarithm) and ``warnings_``.  Standard errors come from the ordinary least-squares
    covariance (residual variance / (N - 2)); with exactly two points they are NaN.

    Parameters
    ----------
    temperature_exponent : float
        ``n`` of eqn (1): 0 (rate, diffusion coefficient), 1 (ionic conductivity,
        sigma T), -2 (thermal-admittance emission rate, omega / T^2).
    """

    temperature_exponent: float = 0.0

    def fit(self, temperature_k, y) -> ArrheniusFit:
        t = np.asarray(temperature_k, dtype=float).ravel()
        yy = np.asarray(y, dtype=float).ravel()
        if t.shape != yy.shape:
            raise ArrheniusError(
                f"temperature_k and y differ in length ({t.size} vs {yy.size})"
            )
        ok = np.isfinite(t) & np.isfinite(yy)
        if np.any(t[ok] <= 0):
            raise ArrheniusError("temperatures must be > 0 K (absolute temperature expected)")
        if np.any(t[ok] > 1e4):  # perovskites melt or decompose far below 10^4 K
            raise ArrheniusError(f"temperatures must be <= 1e4 K, got {float(t[ok].max()):g} K "
                                 "(check the unit of the temperature column)")
        if np.any(yy[ok] <= 0):
            bad = int(np.sum(yy[ok] <= 0))
            raise ArrheniusError(
                f"{bad} value(s) <= 0: an Arrhenius fit needs a positive rate, "
                "diffusion coefficient or conductivity"
            )
        t, yy = t[ok], yy[ok]
        if np.unique(t).size < 2:
            raise ArrheniusError(
                "need at least 2 distinct temperatures for an Arrhenius fit, "
                f"got {np.unique(t).size}"
            )
        warnings: list[str] = []
        x = 1.0 / (K_B_EV * t)  # 1/(kT) in 1/eV
        ln_y = np.log(yy) + self.temperature_exponent * np.log(t)
        design = np.column_stack([np.ones_like(x), -x])
        coef, *_ = np.linalg.lstsq(design, ln_y, rcond=None)
        resid = ln_y - design @ coef
        dof = t.size - 2
        if dof > 0:
            s2 = float(resid @ resid) / dof
            cov = s2 * np.linalg.inv(design.T @ design)
            ea_se, lna_se = float(np.sqrt(cov[1, 1])), float(np.sqrt(cov[0, 0]))
        else:
            ea_se = lna_se = float("nan")
            warnings.append("only 2 temperatures: standard errors are undefined")
        ss_tot = float(np.sum((ln_y - ln_y.mean()) ** 2))
        r2 = 1.0 - float(resid @ resid) / ss_tot if ss_tot > 0 else float("nan")
        if coef[1] <= 0:
            warnings.append(
                f"negative activation energy ({coef[1]:.3g} eV): the quantity decreases "
                "with temperature, not an activated process"
            )
        if dof > 1 and np.isfinite(r2) and r2 < 0.95:
            warnings.append(f"poor Arrhenius linearity (R^2 = {r2:.3f}): several processes?")
        self.ln_prefactor_ = float(coef[0])
        self.prefactor_ = float(np.exp(coef[0]))
        self.ln_prefactor_stderr_ = lna_se
        self.ea_ev_ = float(coef[1])
        self.ea_stderr_ev_ = ea_se
        self.t_min_k_ = float(t.min())
        self.t_max_k_ = float(t.max())
        self.r2_ = r2
        self.residuals_ = resid
        self.warnings_ = warnings
        return self

    def predict(self, temperature_k):
        """y(T) of the fitted eqn (1) (valid inside [``t_min_k_``, ``t_max_k_``])."""
        t = positive_array("temperature_k", temperature_k)
        return scalar_or_array(
            self.prefactor_ * np.exp(-self.ea_ev_ / (K_B_EV * t)) / t**self.temperature_exponent
        )
