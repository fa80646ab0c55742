"""Reader of temperature series for Arrhenius fits (rate, diffusion coefficient, conductivity)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError
from peled.io.columns import parse_header, split_unit_header
from peled.io.table import read_table

__all__ = [
    "ArrheniusData",
    "read_arrhenius_csv",
]


#: Quantity of the unit table (:mod:`peled.io.units`) -> kind of Arrhenius data.
_KINDS = {"conductivity": "conductivity", "diffusion": "diffusion", "rate": "rate",
          "frequency": "rate", "angular_frequency": "rate", "conductance": None}


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
    >>> d.kind, d.unit, float(d.temperature_k[0]), round(float(d.value[0]), 13)  # S/m
    ('conductivity', 'S/m', 280.0, 6.9002e-08)
    """
    table = read_table(path)
    p, head_line, headers = table.path, table.header_line, table.headers
    if len(headers) < 2:
        raise FileFormatError(p, "expected 2 columns: temperature and a rate, diffusion "
                                 "coefficient or conductivity", line=head_line)
    t_col = parse_header(headers[0], ("temperature",))
    if t_col.dimension != "temperature":
        raise FileFormatError(
            p, f"first column {headers[0]!r}: temperature unit must be K or degC "
               "(e.g. 'T (K)', 'T_K', 'temperature_K' or 'T (degC)')", line=head_line,
        )
    q_name, q_unit = split_unit_header(headers[1])
    q_col = parse_header(headers[1], tuple(k for k in _KINDS if k != "conductance"))
    kind = _KINDS.get(q_col.dimension) or "quantity"
    factor = q_col.factor if kind != "quantity" else 1.0
    if q_col.dimension == "angular_frequency":
        factor = q_col.factor  # rad/s read as a rate in 1/s
    if kind == "quantity" and any(w in q_name for w in ("sigma", "conductivity")):
        raise FileFormatError(p, f"column {headers[1]!r}: conductivity needs a unit "
                                 "S/m or S/cm", line=head_line)
    t_raw, y_raw = table.column(0), table.column(1)
    for k in range(t_raw.size):
        lineno = int(table.line_numbers[k])
        if not (np.isfinite(t_raw[k]) and np.isfinite(y_raw[k])):
            raise FileFormatError(p, "empty or non-finite value in the first two columns",
                                  line=lineno)
        if y_raw[k] <= 0:
            raise FileFormatError(
                p, f"{headers[1]!r} = {y_raw[k]:g} <= 0: an Arrhenius fit needs a "
                   "positive rate, diffusion coefficient or conductivity", line=lineno,
            )
    if t_raw.size < 2:
        raise FileFormatError(p, "need at least 2 data rows", line=head_line)
    t = t_raw * t_col.factor + t_col.offset
    if np.any(t <= 0):
        raise FileFormatError(p, f"temperature <= 0 K in column {headers[0]!r}")
    y_vals = y_raw
    si_unit = {"conductivity": "S/m", "diffusion": "m2/s", "rate": "1/s"}.get(kind, q_unit)
    return ArrheniusData(t, np.asarray(y_vals) * factor, kind, si_unit, q_name)


