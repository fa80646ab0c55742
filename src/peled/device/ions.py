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

  Seed 002 (Jiang et al., Nanoscale 2024, sec. 2.3, line 123 of
  ``002_7966451d1f2c3349.txt``) reports devices reaching ~70 degC under 6 V by Joule
  heating; with the 0.58 eV MA+ barrier of its Table 1 (row 8, ref. 92) eqn (2) gives a
  16.7-fold faster migration at 343 K than at 300 K.
* Nernst-Einstein relation (W. Nernst, Z. Phys. Chem. 2, 613, 1888; A. Einstein,
  Ann. Phys. 17, 549, 1905)::

      sigma = n (z q)^2 D / (k_B T),     mu = z q D / (k_B T)               (3)

* Drift transit time of ions across a layer of thickness L under a voltage V (uniform
  field V/L)::

      t = L / (mu V / L) = L^2 / (mu V)                                    (4)

The seed 002 Table 1 activation energies are data: :func:`seed002_activation_energies`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import constants

from peled.errors import FileFormatError, ParameterError, PeledError
from peled.validation import positive_array, scalar_or_array

__all__ = [
    "K_B_EV",
    "SEED002_JOULE_HEATING_T_K",
    "ArrheniusError",
    "ArrheniusFit",
    "ArrheniusData",
    "conductivity_from_diffusion",
    "diffusion_from_conductivity",
    "ion_mobility",
    "ion_transit_time",
    "read_arrhenius_csv",
    "seed002_activation_energies",
    "speedup_factor",
    "split_unit_header",
]

#: Boltzmann constant in eV/K (scipy.constants, CODATA).
K_B_EV: float = constants.k / constants.e

#: Device temperature "approaching 70 degC" under 6 V (seed 002, sec. 2.3, line 123), in K.
SEED002_JOULE_HEATING_T_K: float = 70.0 + constants.zero_Celsius


class ArrheniusError(PeledError, ValueError):
    """Data that cannot be described by an Arrhenius law (too few points, y <= 0, ...)."""




# ----------------------------------------------------------------------------- eqn (2)
def speedup_factor(ea_ev, t1_k, t2_k):
    """Rate ratio r(T2)/r(T1) of a process with activation energy ``ea_ev``, eqn (2).

    >>> round(speedup_factor(0.58, 300.0, 343.0), 1)
    16.7
    """
    ea = np.asarray(ea_ev, dtype=float)
    if not np.all(np.isfinite(ea)):
        raise ParameterError(f"ea_ev must be finite, got {ea_ev!r}")
    t1 = positive_array("t1_k", t1_k)
    t2 = positive_array("t2_k", t2_k)
    return scalar_or_array(np.exp(ea / K_B_EV * (1.0 / t1 - 1.0 / t2)))


# ----------------------------------------------------------------------------- eqn (3)
def conductivity_from_diffusion(diffusion_m2_s, ion_density_m3, temperature_k, charge_number=1):
    """Ionic conductivity sigma = n (z q)^2 D / (k_B T) in S/m, Nernst-Einstein eqn (3)."""
    d = positive_array("diffusion_m2_s", diffusion_m2_s)
    n = positive_array("ion_density_m3", ion_density_m3)
    t = positive_array("temperature_k", temperature_k)
    z = np.asarray(charge_number, dtype=float)
    if np.any(z == 0) or not np.all(np.isfinite(z)):
        raise ParameterError(f"charge_number must be a non-zero integer, got {charge_number!r}")
    return scalar_or_array(n * (z * constants.e) ** 2 * d / (constants.k * t))


def diffusion_from_conductivity(conductivity_s_m, ion_density_m3, temperature_k,
                                charge_number=1):
    """Diffusion coefficient D = sigma k_B T / (n (z q)^2) in m^2/s, inverse of eqn (3)."""
    s = positive_array("conductivity_s_m", conductivity_s_m)
    n = positive_array("ion_density_m3", ion_density_m3)
    t = positive_array("temperature_k", temperature_k)
    z = np.asarray(charge_number, dtype=float)
    if np.any(z == 0) or not np.all(np.isfinite(z)):
        raise ParameterError(f"charge_number must be a non-zero integer, got {charge_number!r}")
    return scalar_or_array(s * constants.k * t / (n * (z * constants.e) ** 2))


def ion_mobility(diffusion_m2_s, temperature_k, charge_number=1):
    """Einstein mobility mu = |z| q D / (k_B T) in m^2/(V s), eqn (3)."""
    d = positive_array("diffusion_m2_s", diffusion_m2_s)
    t = positive_array("temperature_k", temperature_k)
    z = np.abs(np.asarray(charge_number, dtype=float))
    if np.any(z == 0):
        raise ParameterError(f"charge_number must be non-zero, got {charge_number!r}")
    return scalar_or_array(z * constants.e * d / (constants.k * t))


# ----------------------------------------------------------------------------- eqn (4)
def ion_transit_time(thickness_m, voltage_v, diffusion_m2_s, temperature_k, charge_number=1):
    """Drift time t = L^2 / (mu V) of ions across a layer (uniform field), eqn (4), in s.

    The mobility follows from ``diffusion_m2_s`` by the Einstein relation, eqn (3).
    """
    L = positive_array("thickness_m", thickness_m)
    v = np.abs(np.asarray(voltage_v, dtype=float))
    if not np.all(np.isfinite(v)) or np.any(v == 0):
        raise ParameterError(f"voltage_v must be finite and non-zero, got {voltage_v!r}")
    mu = ion_mobility(diffusion_m2_s, temperature_k, charge_number)
    return scalar_or_array(L**2 / (np.asarray(mu) * v))


# ----------------------------------------------------------------------------- eqn (1)
@dataclass
class ArrheniusFit:
    """Least-squares fit of eqn (1): ln(y T^n) = ln A - E_a / (k_B T).

    Parameters
    ----------
    temperature_exponent:
        ``n`` of eqn (1): 0 (rate, diffusion coefficient), 1 (ionic conductivity,
        sigma T), -2 (thermal-admittance emission rate, omega / T^2).

    Fitted attributes: ``ea_ev_``, ``ea_stderr_ev_``, ``prefactor_`` (A, in the unit of
    y times K^n), ``ln_prefactor_stderr_`` (standard error of ln A), ``t_min_k_``,
    ``t_max_k_`` (the range the fit is valid for), ``r2_``, ``residuals_`` (of the
    logarithm) and ``warnings_``.  Standard errors come from the ordinary least-squares
    covariance (residual variance / (N - 2)); with exactly two points they are NaN.
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
        """y(T) of the fitted eqn (1) (valid inside [t_min_k_, t_max_k_])."""
        t = positive_array("temperature_k", temperature_k)
        return scalar_or_array(
            self.prefactor_ * np.exp(-self.ea_ev_ / (K_B_EV * t)) / t**self.temperature_exponent
        )


# ----------------------------------------------------------------------------- reader
_HEADER = re.compile(r"^(.*?)\s*[\(\[](.*)[\)\]]\s*$")


def split_unit_header(header: str) -> tuple[str, str]:
    """Split ``'T (K)'``, ``'sigma [S/cm]'``, ``'rate / s-1'`` into ``(name, unit)``.

    Without brackets or ``' / '`` the unit is empty.  The name is lower-cased.
    """
    h = header.strip().strip("\ufeff").strip()
    m = _HEADER.match(h)
    if m:
        return m.group(1).strip().lower(), m.group(2).strip()
    if " / " in h:
        name, _, unit = h.partition(" / ")
        return name.strip().lower(), unit.strip()
    return h.lower(), ""


def _unit_key(unit: str) -> str:
    u = unit.translate(str.maketrans({"²": "2", "¹": "1", "⁻": "-", "µ": "u", "μ": "u"}))
    return re.sub(r"[\s_/^·*.]", "", u).lower().replace("-1", "").replace("−1", "")


_TEMPERATURE_UNITS = {"k": "K", "kelvin": "K", "degc": "degC", "°c": "degC", "c": "degC",
                      "celsius": "degC", "oc": "degC"}
# unit key -> (kind, factor to SI)
_QUANTITY_UNITS = {
    "sm": ("conductivity", 1.0), "scm": ("conductivity", 100.0), "mscm": ("conductivity", 0.1),
    "sm1": ("conductivity", 1.0), "scm1": ("conductivity", 100.0),
    "m2s": ("diffusion", 1.0), "cm2s": ("diffusion", 1e-4), "m2s1": ("diffusion", 1.0),
    "cm2s1": ("diffusion", 1e-4),
    "s": ("rate", 1.0), "1s": ("rate", 1.0), "hz": ("rate", 1.0), "khz": ("rate", 1e3),
    "mhz": ("rate", 1e6), "rads": ("rate", 1.0),
}


@dataclass(frozen=True)
class ArrheniusData:
    """Temperature series read from a file: T in K, the quantity in SI, its kind."""

    temperature_k: np.ndarray
    value: np.ndarray
    kind: str  # "conductivity", "diffusion", "rate" or "quantity"
    unit: str  # SI unit of ``value`` ("S/m", "m2/s", "1/s") or the header's unit
    name: str

    @property
    def temperature_exponent(self) -> int:
        """1 for a conductivity (fit ln(sigma T)), else 0 (fit ln y)."""
        return 1 if self.kind == "conductivity" else 0


def read_arrhenius_csv(path: str | Path) -> ArrheniusData:
    """Read a two-column temperature series (first column T in K or degC).

    The header decides the units: ``T (K)`` / ``T (degC)``; the second column's unit
    ``S/m``, ``S/cm``, ``mS/cm`` (conductivity), ``m2/s``, ``cm2/s`` (diffusion),
    ``1/s``, ``s-1``, ``Hz`` (rate) or anything else (a generic positive quantity).
    Lines starting with ``#`` are comments.  Malformed files raise
    :class:`~peled.errors.FileFormatError` naming the file and line.
    """
    import csv

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise FileFormatError(p, "not a UTF-8 text file") from None
    lines = [(i + 1, ln) for i, ln in enumerate(text.splitlines())
             if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise FileFormatError(p, "file is empty")
    delim = "\t" if "\t" in lines[0][1] else ("," if "," in lines[0][1] else ";")
    head_line, head = lines[0]
    headers = [h.strip() for h in next(csv.reader([head], delimiter=delim))]
    if len(headers) < 2:
        raise FileFormatError(p, "expected 2 columns: temperature and a rate, diffusion "
                                 "coefficient or conductivity", line=head_line)
    t_name, t_unit = split_unit_header(headers[0])
    t_kind = _TEMPERATURE_UNITS.get(_unit_key(t_unit).replace("º", "°"))
    if t_kind is None:
        raise FileFormatError(
            p, f"first column {headers[0]!r}: temperature unit must be K or degC "
               "(e.g. 'T (K)' or 'T (degC)')", line=head_line,
        )
    q_name, q_unit = split_unit_header(headers[1])
    kind, factor = _QUANTITY_UNITS.get(_unit_key(q_unit), ("quantity", 1.0))
    if kind == "quantity" and any(w in q_name for w in ("sigma", "conductivity")):
        raise FileFormatError(p, f"column {headers[1]!r}: conductivity needs a unit "
                                 "S/m or S/cm", line=head_line)
    t_vals, y_vals = [], []
    for lineno, ln in lines[1:]:
        cells = next(csv.reader([ln], delimiter=delim))
        if len(cells) < 2:
            raise FileFormatError(p, f"{len(cells)} field(s), expected 2", line=lineno)
        try:
            t_vals.append(float(cells[0]))
            y_vals.append(float(cells[1]))
        except ValueError:
            raise FileFormatError(p, f"not a number in {cells[:2]!r}", line=lineno) from None
    if len(t_vals) < 2:
        raise FileFormatError(p, "need at least 2 data rows", line=head_line)
    t = np.asarray(t_vals)
    if t_kind == "degC":
        t = t + constants.zero_Celsius
    if np.any(t <= 0):
        raise FileFormatError(p, f"temperature <= 0 K in column {headers[0]!r}")
    si_unit = {"conductivity": "S/m", "diffusion": "m2/s", "rate": "1/s"}.get(kind, q_unit)
    return ArrheniusData(t, np.asarray(y_vals) * factor, kind, si_unit, q_name)


# ----------------------------------------------------------------------------- Table 1
_TABLE1 = ("peled.literature", "data/seed002_table1.csv")
_TABLE1_COLUMNS = ("source", "table", "row", "ref", "year", "composition", "species", "ea_ev",
                   "ea_err_ev", "ea_min_ev", "ea_max_ev", "ea_alt_ev", "measurement", "raw",
                   "flags")


def seed002_activation_energies():
    """Seed 002 Table 1 (ion-migration activation energies) as a pandas DataFrame.

    Read from the literature dataset, ``peled/literature/data/seed002_table1.csv``
    (one record per species and value; the 15 printed rows expanded to ``row`` =
    ``1a``, ``1b``, ...; a printed range is one record with ``ea_min_ev``/``ea_max_ev``,
    a parenthesised second value is ``ea_alt_ev``).  Returns the columns of
    ``_TABLE1_COLUMNS`` present in the file; ``raw`` is the verbatim source row.
    """
    import pandas as pd

    res = resources.files(_TABLE1[0]).joinpath(_TABLE1[1])
    if not res.is_file():
        raise FileFormatError(_TABLE1[1], "seed 002 Table 1 data file of the literature "
                                          "dataset is missing")
    with resources.as_file(res) as f:
        frame = pd.read_csv(f, dtype={"row": str, "species": str, "raw": str})
    missing = {"row", "species", "ea_ev", "raw"} - set(frame.columns)
    if missing:
        raise FileFormatError(_TABLE1[1], f"missing columns {sorted(missing)}")
    return frame[[c for c in _TABLE1_COLUMNS if c in frame.columns]].reset_index(drop=True)
