"""Reader of capacitance-voltage (C-V) sweeps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError
from peled.io.columns import parse_header
from peled.io.table import read_table

__all__ = [
    "CVData",
    "read_cv_csv",
]

#: Quantities of the unit table (:mod:`peled.io.units`) a C-V file may hold.
_DIMENSIONS = ("voltage", "capacitance", "capacitance_area")
_CV_META = re.compile(r"^#\s*([A-Za-z][A-Za-z0-9_ ]*?)\s*[:=]\s*([-+0-9.eE]+)\s*$")


@dataclass(frozen=True, eq=False)
class CVData:
    """A C-V sweep: bias in V (file order) and capacitance per area in F/m^2."""

    voltage_v: np.ndarray
    capacitance_f_m2: np.ndarray
    name: str
    frequency_hz: float | None = None


def read_cv_csv(path: str | Path, area_cm2: float | None = None) -> CVData:
    """Read a capacitance-voltage file (one header line; ``#`` lines are comments).

    Columns are recognised by the unit in the header (``'V (V)'``, ``'C [nF/cm2]'``,
    ``'bias / mV'`` or a bare unit ``V``): a voltage (``V``, ``mV``) and a capacitance,
    either per area (``F/m2``, ``F/cm2``, ``uF/cm2``, ``nF/cm2``, ``pF/cm2``) or absolute
    (``F``, ``uF``, ``nF``, ``pF``; needs the device area).  Other columns are ignored.  A
    comment ``# frequency_hz: 1e5`` records the measurement frequency.

    Parameters
    ----------
    path : str or Path
        The C-V file.
    area_cm2 : float, optional
        Device area in cm^2 for an absolute capacitance; default: a comment line
        ``# area_cm2: 0.04`` of the file.

    Returns
    -------
    CVData
        Bias in V (file order) and capacitance per area in F/m^2.

    Raises
    ------
    FileFormatError
        No such columns, a non-number, a capacitance <= 0 or fewer than 3 rows (the
        message names the file and line).

    Examples
    --------
    >>> from importlib import resources
    >>> data = read_cv_csv(resources.files("peled") / "data/examples/defects/cv_mott_schottky.csv")
    >>> data.voltage_v.size, round(float(data.capacitance_f_m2[0]) * 1e5, 3)  # nF/cm^2
    (33, 78.347)
    """
    table = read_table(path)
    p, head_line, headers = table.path, table.header_line, table.headers
    meta = {}
    for key, value in table.metadata.items():
        m = _CV_META.match(f"# {key}: {value}")
        try:
            if m:
                meta[m.group(1).strip().lower().replace(" ", "_")] = float(m.group(2))
        except ValueError:  # 'e', '-.' ...: not a number, not metadata
            continue
    roles: dict[str, tuple[int, float]] = {}
    for col, h in enumerate(headers):
        c = parse_header(h, _DIMENSIONS)
        qty = None if c.dimension == "unknown" else c.dimension
        if c.unit == h.strip() and qty != "voltage":
            qty = None  # a bare 'V' header is a voltage; a bare 'f' is not a capacitance
        if qty is not None and qty not in roles:
            roles[qty] = (col, c.factor)
    if "voltage" not in roles:
        raise FileFormatError(p, "no voltage column (header unit V or mV, e.g. 'V (V)')",
                              line=head_line)
    cap = roles.get("capacitance_area") or roles.get("capacitance")
    if cap is None:
        raise FileFormatError(p, "no capacitance column (header unit F, nF, pF or per area "
                                 "F/cm2, nF/cm2, F/m2)", line=head_line)
    area = area_cm2 if area_cm2 is not None else meta.get("area_cm2")
    per_area = "capacitance_area" in roles
    if not per_area:
        if area is None:
            raise FileFormatError(p, f"column {headers[cap[0]]!r} is an absolute capacitance: "
                                     "give the device area (--area-cm2 or a '# area_cm2: ...' "
                                     "line)", line=head_line)
        if not (np.isfinite(area) and area > 0):
            raise FileFormatError(p, f"area_cm2 must be a positive number, got {area!r}")
    v_col, v_fac = roles["voltage"]
    c_col, c_fac = cap
    volts, caps = [], []
    for k in range(table.values.shape[0]):
        lineno = int(table.line_numbers[k])
        v, c = table.values[k, v_col], table.values[k, c_col]
        if not (np.isfinite(v) and np.isfinite(c)):
            raise FileFormatError(p, f"non-finite value (or empty cell) in {headers[v_col]!r} or "
                                     f"{headers[c_col]!r}", line=lineno)
        if c <= 0:
            raise FileFormatError(p, f"capacitance {c:g} <= 0 (an inductive "
                                     "or open-circuit artefact; remove the row)", line=lineno)
        volts.append(v * v_fac)
        caps.append(c * c_fac)
    if len(volts) < 3:
        raise FileFormatError(p, f"need at least 3 (V, C) rows, got {len(volts)}",
                              line=head_line)
    c_si = np.asarray(caps)
    if not per_area:
        c_si = c_si / (area * 1e-4)
    f = meta.get("frequency_hz")
    return CVData(np.asarray(volts), c_si, p.name, None if f is None else float(f))


