"""Readers of instrument exports that are not plain J-V-L tables.

* photodiode responsivity: a table ``wavelength (nm)``, ``responsivity (A/W)`` (also a
  QE-system export with ``START HEADER`` / ``START DATA`` blocks), or a headerless
  two-column file in either column order (the wavelength column is told from the A/W
  column by its values);
* TrPL decays: a ``time <unit>, counts`` table, a headerless ``time counts`` file with the
  unit given by the caller (``--time-unit``), or a TCSPC export with parameter rows above
  the data and several transients as columns (one chosen by ``column``);
* PLQY-versus-density tables.

Every reader goes through :func:`peled.io.table.read_table` (encoding, limits, preamble,
separators, decimal commas) and returns arrays with their units in the field names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError, ParameterError
from peled.io.columns import parse_header
from peled.io.files import excerpt
from peled.io.table import Table, read_table
from peled.io.units import lookup

__all__ = [
    "Decay",
    "PLQYData",
    "Responsivity",
    "TIME_UNITS",
    "read_decay",
    "read_plqy",
    "read_responsivity",
]

#: Wavelengths (nm) a photodiode responsivity table may span: the UV edge of silicon
#: photodiodes (~150 nm) to the InGaAs cut-off (~2500 nm).
WAVELENGTH_RANGE_NM = (150.0, 2500.0)
#: Largest responsivity (A/W) accepted when telling the columns of a headerless file
#: apart: the quantum limit e*lambda/(h*c) is 2.0 A/W at 2500 nm.
MAX_RESPONSIVITY_A_W = 2.0
#: Time units accepted by ``time_unit`` (``--time-unit``).
TIME_UNITS = ("s", "ms", "us", "ns", "ps", "fs")


@dataclass(frozen=True, eq=False)
class Responsivity:
    """Photodiode responsivity R(lambda) in A/W, sorted by wavelength."""

    wavelength_nm: np.ndarray
    a_per_w: np.ndarray
    source: str
    metadata: dict = field(default_factory=dict)


def _finite_rows(table: Table, cols: list[int]) -> np.ndarray:
    vals = table.values[:, cols]
    return np.isfinite(vals).all(axis=1)


def read_responsivity(path: str | Path, *, root: str | Path | None = None) -> Responsivity:
    """Read a photodiode responsivity file.

    Parameters
    ----------
    path : str or Path
        A table with ``wavelength (nm)`` and ``responsivity (A/W)`` columns (any header
        spelling of :mod:`peled.io.columns`; other columns such as ``EQE (%)`` ignored),
        or a headerless two-column file in either order.
    root : str or Path, optional
        Folder the file must resolve inside (the device folder).

    Returns
    -------
    Responsivity
        Wavelength (nm) and responsivity (A/W), sorted by wavelength.

    Raises
    ------
    FileFormatError
        Missing columns, columns that cannot be told apart, fewer than 2 rows or negative
        values; the message says which header to add.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); f = d / "r.txt"
    >>> _ = f.write_text("0.30 550\\n0.25 450\\n0.35 650\\n")
    >>> r = read_responsivity(f)
    >>> r.wavelength_nm.tolist(), r.a_per_w.tolist()
    ([450.0, 550.0, 650.0], [0.25, 0.3, 0.35])
    >>> f.unlink(); d.rmdir()
    """
    table = read_table(path, header="optional", root=root)
    p = table.path
    fix = ("add a header line 'wavelength (nm),responsivity (A/W)' above the data")
    if table.has_header:
        cols = [parse_header(h) for h in table.headers]
        w = next((i for i, c in enumerate(cols) if c.dimension == "wavelength"), None)
        r = next((i for i, c in enumerate(cols) if c.dimension == "responsivity"), None)
        if w is None or r is None:
            raise FileFormatError(
                p, "expected columns 'wavelength (nm)' and 'responsivity (A/W)' "
                   f"(header: {excerpt(', '.join(table.headers))}); rename them",
                line=table.header_line,
            )
        wl, ra = table.column(w) * cols[w].factor, table.column(r) * cols[r].factor
    else:
        if table.values.shape[1] != 2:
            raise FileFormatError(
                p, f"a headerless responsivity file needs 2 columns, found "
                   f"{table.values.shape[1]}; {fix}", line=int(table.line_numbers[0]),
            )
        a, b = table.column(0), table.column(1)
        lo, hi = WAVELENGTH_RANGE_NM

        def is_wl(x):
            x = x[np.isfinite(x)]
            return x.size > 0 and bool(np.all((x >= lo) & (x <= hi)))

        def is_aw(x):
            x = x[np.isfinite(x)]
            return x.size > 0 and bool(np.all((x >= 0) & (x < MAX_RESPONSIVITY_A_W)))

        if is_wl(a) and is_aw(b):
            wl, ra = a, b
        elif is_wl(b) and is_aw(a):
            wl, ra = b, a
        else:
            raise FileFormatError(
                p, "cannot tell the wavelength column (150-2500 nm) from the responsivity "
                   f"column (0-{MAX_RESPONSIVITY_A_W:g} A/W) of this headerless file; {fix}",
                line=int(table.line_numbers[0]),
            )
    ok = np.isfinite(wl) & np.isfinite(ra)
    if ok.sum() < 2:
        raise FileFormatError(p, "responsivity needs >= 2 rows of finite values")
    if np.any(ra[ok] < 0):
        k = int(np.argmax(ok & (ra < 0)))
        raise FileFormatError(p, f"negative responsivity {ra[k]:g} A/W",
                              line=int(table.line_numbers[k]))
    order = np.argsort(wl[ok], kind="stable")
    return Responsivity(wl[ok][order], ra[ok][order], p.name, dict(table.metadata))


# --------------------------------------------------------------------------- TrPL
@dataclass(frozen=True)
class Decay:
    """One TrPL decay: time (s), counts, the initial density (cm^-3) if given.

    ``column`` names the transient read (the header of its column); ``metadata`` holds
    the parameter rows of the export (``Resolution [ns]: 0.016``, ...).
    """

    path: str
    time_s: np.ndarray
    counts: np.ndarray
    n0_cm3: float | None
    column: str = ""
    metadata: dict = field(default_factory=dict, compare=False)


def _time_scale(time_unit: str) -> float:
    u = str(time_unit).strip()
    found = lookup(u, ("time",))
    if found is None or u.lower().replace("µ", "u").replace("μ", "u") not in TIME_UNITS:
        raise ParameterError(f"--time-unit must be one of {', '.join(TIME_UNITS)}, "
                             f"got {time_unit!r}")
    return found.factor


def _n0(table: Table) -> float | None:
    key = next((k for k in table.metadata if k.strip().lower() == "n0_cm3"), None)
    if key is None:
        return None
    text = table.metadata[key]
    line = table.metadata_lines.get(key)
    try:
        n0 = float(text.split()[0])
    except (ValueError, IndexError):
        raise FileFormatError(table.path, f"bad n0_cm3 value {excerpt(text)}", line) from None
    if not n0 > 0 or not np.isfinite(n0):
        raise FileFormatError(table.path, f"n0_cm3 must be > 0, got {excerpt(text)}", line)
    return n0


def _choose_column(table: Table, candidates: list[int], column) -> int:
    p = table.path
    names = [table.headers[i] for i in candidates]
    if column is None:
        if len(candidates) == 1:
            return candidates[0]
        shown = ", ".join(repr(n) for n in names[:6]) + (", ..." if len(names) > 6 else "")
        raise FileFormatError(
            p, f"{len(candidates)} transients ({shown}); choose one with --column NAME or "
               "--column INDEX (0-based file column; 0 is the time)", line=table.header_line,
        )
    if isinstance(column, str) and column.strip().lstrip("-").isdigit():
        column = int(column)
    if isinstance(column, bool):
        raise ParameterError(f"--column must be a column name or index, got {column!r}")
    if isinstance(column, int | np.integer):
        k = int(column)
        if k not in candidates:
            raise ParameterError(
                f"--column {k}: not a transient column of {p.name} (columns "
                f"{', '.join(str(i) for i in candidates)}; 0 is the time)"
            )
        return k
    want = str(column).strip().lower()
    for i in candidates:
        h = table.headers[i]
        bare = re.sub(r"\s*[(\[].*$", "", h).strip().lower()
        if want in (h.lower(), bare, parse_header(h).name):
            return i
    raise ParameterError(
        f"--column {excerpt(str(column), 40)}: no such column in {p.name} (columns: "
        f"{excerpt(', '.join(names))})"
    )


def read_decay(path: str | Path, time_unit: str | None = None, column: int | str | None = None,
               *, root: str | Path | None = None) -> Decay:
    """Read one TrPL decay (time, counts).

    Parameters
    ----------
    path : str or Path
        A table whose time column names its unit (``time_ns``, ``time (ps)``,
        ``Time [ns]``), or a headerless ``time counts`` file (needs ``time_unit``), or a
        TCSPC export with parameter rows above the header and several transient columns
        (needs ``column``).  ``# n0_cm3: 1e17`` (or ``n0_cm3 = 1e17``) above the data
        gives the initial carrier density in cm^-3.
    time_unit : {"s", "ms", "us", "ns", "ps", "fs"}, optional
        Unit of the time column of a headerless file or of a time column without unit.
    column : int or str, optional
        The transient to read: a header name (with or without unit) or a 0-based file
        column index (0 is the time column).  Required when there are several.
    root : str or Path, optional
        Folder the file must resolve inside.

    Returns
    -------
    Decay
        Time in s and counts in file order.

    Raises
    ------
    FileFormatError
        No time unit, non-numeric or non-finite cells, time not increasing, fewer than 5
        rows; the message names the line and the option or header that fixes it.
    ParameterError
        A bad ``time_unit`` or ``column``.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); f = d / "decay.txt"
    >>> _ = f.write_text("0 9\\n1 7\\n2 5\\n3 4\\n4 3\\n")
    >>> dec = read_decay(f, time_unit="ns")
    >>> dec.time_s.tolist()[:2], dec.counts.tolist()[:2]
    ([0.0, 1e-09], [9.0, 7.0])
    >>> f.unlink(); d.rmdir()
    """
    table = read_table(path, header="optional", root=root)
    p = table.path
    scale = None if time_unit is None else _time_scale(time_unit)
    first = int(table.line_numbers[0]) if table.line_numbers.size else None
    if table.has_header:
        cols = [parse_header(h, ("time", "arbitrary", "none")) for h in table.headers]
        t_idx = next((i for i, c in enumerate(cols) if c.dimension == "time"), None)
        if t_idx is not None:
            if scale is not None and not np.isclose(scale, cols[t_idx].factor):
                raise ParameterError(
                    f"--time-unit {time_unit} contradicts the header "
                    f"{table.headers[t_idx]!r} of {p.name}; drop --time-unit"
                )
            scale = cols[t_idx].factor
        else:
            named = next((i for i, c in enumerate(cols)
                          if c.name.split()[0] in ("time", "t", "delay", "tau")), None)
            if named is None or scale is None:
                raise FileFormatError(
                    p, "expected a header naming the time unit (e.g. 'time_ns,counts' or "
                       "'Time [ns]'), or give it with --time-unit (s, ms, us, ns, ps)",
                    line=table.header_line,
                )
            t_idx = named
    else:
        if scale is None:
            raise FileFormatError(
                p, "no header naming the time unit: give it with --time-unit "
                   "(s, ms, us, ns, ps) or add a header line such as 'time_ns,counts'",
                line=first,
            )
        t_idx = 0
    signal = [i for i in range(len(table.headers)) if i != t_idx]
    if not signal:
        raise FileFormatError(p, "no counts column next to the time column",
                              line=table.header_line)
    c_idx = _choose_column(table, signal, column)
    t, y = table.column(t_idx), table.column(c_idx)
    bad = ~(np.isfinite(t) & np.isfinite(y))
    if bad.any():
        k = int(np.argmax(bad))
        raise FileFormatError(p, f"non-finite value in column {table.headers[c_idx]!r} or "
                                 "the time column; remove the row",
                              line=int(table.line_numbers[k]))
    if t.size < 5:
        raise FileFormatError(p, f"only {t.size} data rows: fewer than 5 points cannot be "
                                 "fitted", line=first)
    ts = t * scale
    if np.any(np.diff(ts) <= 0):
        k = int(np.argmax(np.diff(ts) <= 0)) + 1
        raise FileFormatError(p, "time column must be strictly increasing",
                              line=int(table.line_numbers[k]))
    return Decay(str(p), ts, y, _n0(table), table.headers[c_idx], dict(table.metadata))


@dataclass(frozen=True)
class PLQYData:
    """PLQY (fraction) versus carrier density (cm^-3), with optional 1-sigma errors."""

    path: str
    density_cm3: np.ndarray
    plqy: np.ndarray
    plqy_sigma: np.ndarray | None


_DENSITY_COLS = ("density_cm3", "n_cm3")
_PLQY_COLS = {"plqy": 1.0, "plqy_pct": 0.01}
_SIGMA_COLS = {"plqy_sigma": 1.0, "plqy_sigma_pct": 0.01}


def read_plqy(path: str | Path, *, root: str | Path | None = None) -> PLQYData:
    """Read a PLQY-versus-density table.

    Parameters
    ----------
    path : str or Path
        A table with a ``density_cm3`` (or ``n_cm3``) column in cm^-3 and ``plqy``
        (fraction) or ``plqy_pct`` (percent); optional ``plqy_sigma`` /
        ``plqy_sigma_pct``: the 1-sigma uncertainty of each value.
    root : str or Path, optional
        Folder the file must resolve inside.

    Returns
    -------
    PLQYData
        Densities (cm^-3), PLQY as a fraction and the optional sigma.

    Raises
    ------
    FileFormatError
        Missing columns, values outside their domain (density > 0, PLQY in [0, 1], sigma
        > 0) or fewer than 2 rows; the message names the file and line.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); f = d / "plqy.csv"
    >>> _ = f.write_text("density_cm3;plqy_pct\\n1e16;50\\n1e17;40\\n")
    >>> read_plqy(f).plqy.tolist()
    [0.5, 0.4]
    >>> f.unlink(); d.rmdir()
    """
    table = read_table(path, root=root)
    p = table.path
    header = [h.lower() for h in table.headers]
    dens = next((header.index(c) for c in _DENSITY_COLS if c in header), None)
    qy = next((c for c in _PLQY_COLS if c in header), None)
    if dens is None or qy is None:
        raise FileFormatError(
            p, "expected a header with a 'density_cm3' column and a 'plqy' (fraction) or "
               f"'plqy_pct' column, got {excerpt(','.join(table.headers), 60)}",
            line=table.header_line,
        )
    sg = next((c for c in _SIGMA_COLS if c in header), None)
    n = table.column(dens)
    q = table.column(header.index(qy)) * _PLQY_COLS[qy]
    q = np.where((q > 1) & (q <= 1 + 1e-9), 1.0, q)  # 100 % written in percent, rounding
    s = None if sg is None else table.column(header.index(sg)) * _SIGMA_COLS[sg]
    for k, line in enumerate(table.line_numbers.tolist()):
        if not (np.isfinite(n[k]) and n[k] > 0):
            raise FileFormatError(p, f"density must be finite and > 0 cm^-3, got {n[k]:g}",
                                  line)
        if not (np.isfinite(q[k]) and 0 <= q[k] <= 1):
            unit = "%" if qy == "plqy_pct" else ""
            raw = table.column(header.index(qy))[k]
            raise FileFormatError(p, f"PLQY must lie in [0, 1] (0-100 %), got {raw:g}{unit}",
                                  line)
        if s is not None and not (np.isfinite(s[k]) and s[k] > 0):
            raise FileFormatError(p, f"PLQY sigma must be finite and > 0, got "
                                     f"{table.column(header.index(sg))[k]:g}", line)
    if n.size < 2:
        raise FileFormatError(p, "fewer than 2 data rows", line=table.header_line)
    return PLQYData(str(p), n, q, s)
