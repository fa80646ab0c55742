"""Reader of temperature series for Arrhenius fits (rate, diffusion coefficient, conductivity)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import constants

from peled.characterize.readers._units import unit_key as _unit_key
from peled.errors import FileFormatError
from peled.io.columns import comments_and_rows, read_text, sniff_delimiter, split_unit_header

__all__ = [
    "ArrheniusData",
    "read_arrhenius_csv",
]


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


@dataclass(frozen=True, eq=False)
class ArrheniusData:
    """Temperature series read from a file: T in K, the quantity in SI, its kind."""

    temperature_k: np.ndarray
    value: np.ndarray
    kind: str  # "conductivity", "diffusion", "rate" or "quantity"
    unit: str  # SI unit of ``value`` ("S/m", "m2/s", "1/s") or the header's unit
    name: str

    @property
    def temperature_exponent(self) -> int:
        """1 for a conductivity (fit ln(sigma T), eqn (1) of :mod:`peled.device.ions`), else 0."""
        return 1 if self.kind == "conductivity" else 0


def read_arrhenius_csv(path: str | Path) -> ArrheniusData:
    """Read a two-column temperature series (first column T in K or degC).

    The header decides the units: ``T (K)`` / ``T (degC)``; the second column's unit
    ``S/m``, ``S/cm``, ``mS/cm`` (conductivity), ``m2/s``, ``cm2/s`` (diffusion), ``1/s``,
    ``s-1``, ``Hz`` (rate) or anything else (a generic positive quantity).  Lines starting
    with ``#`` are comments.

    Parameters
    ----------
    path : str or Path
        The temperature-series file.

    Returns
    -------
    ArrheniusData
        T in K, the quantity in SI (S/m, m^2/s, 1/s) and its kind.

    Raises
    ------
    FileFormatError
        A malformed file (the message names the file and line).

    Examples
    --------
    >>> from importlib import resources
    >>> d = read_arrhenius_csv(resources.files("peled")
    ...                        / "data/examples/defects/arrhenius_conductivity.csv")
    >>> d.kind, d.unit, d.temperature_k[0], round(float(d.value[0]), 13)  # S/m
    ('conductivity', 'S/m', 280.0, 6.9002e-08)
    """
    p, text = read_text(path)
    _, lines = comments_and_rows(text)
    if not lines:
        raise FileFormatError(p, "file is empty")
    delim = sniff_delimiter(lines[0][1], "\t,;")
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
        if not (np.isfinite(t_vals[-1]) and np.isfinite(y_vals[-1])):
            raise FileFormatError(p, f"non-finite value in {cells[:2]!r}", line=lineno)
        if y_vals[-1] <= 0:
            raise FileFormatError(
                p, f"{headers[1]!r} = {cells[1].strip()} <= 0: an Arrhenius fit needs a "
                   "positive rate, diffusion coefficient or conductivity", line=lineno,
            )
    if len(t_vals) < 2:
        raise FileFormatError(p, "need at least 2 data rows", line=head_line)
    t = np.asarray(t_vals)
    if t_kind == "degC":
        t = t + constants.zero_Celsius
    if np.any(t <= 0):
        raise FileFormatError(p, f"temperature <= 0 K in column {headers[0]!r}")
    si_unit = {"conductivity": "S/m", "diffusion": "m2/s", "rate": "1/s"}.get(kind, q_unit)
    return ArrheniusData(t, np.asarray(y_vals) * factor, kind, si_unit, q_name)


