"""Reader of transient-absorption (pump-probe) matrix exports.

The common matrix export: the first row holds the wavelengths (nm), the first column the
delays; the corner cell names the delay unit (``fs``, ``ps``, ``ns``, ``us``, ``s``; e.g.
``delay (ps)``), or, if it names a wavelength (``nm``), the file is transposed
(wavelengths down the first column).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np

from peled.characterize.errors import TAError
from peled.characterize.transient_absorption import TAMap
from peled.errors import FileFormatError, ParameterError
from peled.io.files import excerpt, read_text
from peled.io.table import comments_and_rows, sniff_delimiter

__all__ = ["read_ta_map"]


_TIME_UNITS = {"fs": 1e-15, "ps": 1e-12, "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6,
               "ms": 1e-3, "s": 1.0}
_SCALE = {"od": 1.0, "mod": 1e-3, "uod": 1e-6, "µod": 1e-6}


def read_ta_map(path: str | Path, unit: str | None = None,
                delay_unit: str | None = None) -> TAMap:
    """Read a TA matrix export; ``#`` lines are comments.

    The first row holds the wavelengths (nm) after a corner cell naming the delay unit
    (``delay (ps)``); the first column the delays.  A corner cell naming a wavelength
    (``nm``) marks a transposed file.  When neither the corner cell nor ``delay_unit``
    gives a time unit, ps is assumed (the common pump-probe export convention) and a
    warning is recorded.  Empty/NaN cells are kept as NaN.

    Parameters
    ----------
    path : str or Path
        The TA map file.
    unit : {"OD", "mOD", "uOD"}, optional
        Unit of the values (default ``OD``, or a ``# unit: mOD`` comment of the file).
    delay_unit : {"fs", "ps", "ns", "us", "ms", "s"}, optional
        Delay unit overriding the corner cell.

    Returns
    -------
    TAMap
        Delta A in OD over delay (s) and wavelength (nm).

    Raises
    ------
    FileFormatError
        A malformed map (the message names the file and line).

    Examples
    --------
    >>> from importlib import resources
    >>> ta = read_ta_map(resources.files("peled") / "data/examples/defects/ta_map.csv")
    >>> ta.delta_a.shape, float(ta.delay_s[-1]), round(float(ta.delta_a.min()), 4)
    ((40, 46), 2e-09, -0.0194)
    """
    p, text = read_text(path)
    comments, rows = comments_and_rows(text)
    units = [m.group(1) for c in comments if (m := re.match(r"#\s*unit\s*[:=]\s*(\S+)", c, re.I))]
    file_unit = units[-1] if units else None
    if len(rows) < 3:
        raise FileFormatError(p, "a TA map needs a wavelength row and >= 2 delay rows")
    delim = sniff_delimiter(rows[0][1], "\t,;")
    head_line = rows[0][0]
    head = next(csv.reader([rows[0][1]], delimiter=delim))
    corner = head[0].strip().lower()
    transposed = "nm" in corner or "wavelength" in corner
    try:
        axis = np.array([float(c) for c in head[1:]])
    except ValueError:
        raise FileFormatError(p, "first row must hold numeric axis values after the corner "
                                 "cell", line=head_line) from None
    first, values = [], []
    for lineno, ln in rows[1:]:
        cells = next(csv.reader([ln], delimiter=delim))
        if len(cells) != len(head):
            raise FileFormatError(p, f"{len(cells)} fields, expected {len(head)}", line=lineno)
        try:
            first.append(float(cells[0]))
            values.append([float(c) if c.strip() not in ("", "nan", "NaN") else np.nan
                           for c in cells[1:]])
        except ValueError:
            raise FileFormatError(p, f"not a number in {excerpt(ln)}", line=lineno) from None
    a = np.asarray(values)
    warnings: list[str] = []
    if delay_unit is not None:
        if delay_unit.strip().lower() not in _TIME_UNITS:
            raise ParameterError(f"delay_unit must be one of {sorted(_TIME_UNITS)}, "
                                 f"got {delay_unit!r}")
        t_scale = _TIME_UNITS[delay_unit.strip().lower()]
    else:
        time_word = re.search(r"(?<![a-zµμ])(fs|ps|ns|us|µs|μs|ms|s)(?![a-z])", corner)
        t_scale = _TIME_UNITS[time_word.group(1)] if time_word else 1e-12
        if time_word is None:
            warnings.append(f"{p.name}: the corner cell {excerpt(head[0], 40)} names no delay "
                            "unit; ps assumed (give the unit, e.g. 'delay (ns)')")
    if transposed:
        wl, delays, a = np.asarray(first), axis, a.T
    else:
        delays, wl = np.asarray(first), axis
    u = (unit or file_unit or "OD").strip()
    scale = _SCALE.get(u.lower())
    if scale is None:
        raise FileFormatError(p, f"unknown Delta A unit {u!r} (OD, mOD, uOD)")
    d = delays * t_scale
    order = np.argsort(d)
    if np.any(np.diff(d[order]) == 0):
        raise FileFormatError(p, "repeated delay value")
    try:
        return TAMap(d[order], wl, a[order] * scale, p.name, tuple(warnings))
    except TAError as exc:
        raise FileFormatError(p, str(exc)) from None
