"""Readers for TrPL decay files and PLQY-vs-density tables (edge of the package; the
physics modules do no I/O).

TrPL file convention (text, one decay per file):

* lines starting with ``#`` are comments; ``# n0_cm3: 1e17`` (or ``# n0_cm3 = 1e17``)
  gives the initial carrier density in cm^-3;
* the first non-comment line is a header naming the time unit, e.g. ``time_ns,counts``,
  ``time_s counts`` or ``time (ps)	counts``; units s, ms, us, ns, ps are accepted;
* then two numeric columns (time, counts) separated by commas, tabs or spaces.

Excitation is at t = 0; the fits use the points with t >= 0.

PLQY table convention (text, one file): ``#`` comment lines, then a header naming the
columns, then one row per excitation density.  Required columns: ``density_cm3`` (carrier
density in cm^-3; ``n_cm3`` is accepted too) and ``plqy`` (fraction 0..1) or ``plqy_pct``
(percent); optional ``plqy_sigma`` / ``plqy_sigma_pct``: the 1-sigma uncertainty of each
value.  Separators: commas, tabs, semicolons or spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError

__all__ = [
    "Decay",
    "PLQYData",
    "read_decay",
    "read_plqy",
]

_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9, "ps": 1e-12}
_N0 = re.compile(r"#\s*n0_cm3\s*[:=]\s*([0-9.eE+-]+)")
_UNIT = re.compile(r"time\s*[_( \[]\s*(ms|us|µs|ns|ps|s)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Decay:
    """One TrPL decay: time (s), counts and the initial density (cm^-3) if given."""

    path: str
    time_s: np.ndarray
    counts: np.ndarray
    n0_cm3: float | None


def _lines(p: Path) -> list[str]:
    try:
        return p.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        raise FileFormatError(p, "file not found") from None
    except (IsADirectoryError, PermissionError) as exc:
        raise FileFormatError(p, f"cannot read file ({exc.strerror})") from None


def _split(line: str) -> list[str]:
    """Cells of a data line separated by commas, tabs, semicolons or spaces."""
    return [x for x in re.split(r"[,\t; ]+", line.strip()) if x]


def read_decay(path) -> Decay:
    """Read one decay file (see module docstring for the format)."""
    p = Path(path)
    lines = _lines(p)
    n0, scale, rows = None, None, []
    for i, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = _N0.match(line)
            if m:
                try:
                    n0 = float(m.group(1))
                except ValueError:
                    raise FileFormatError(p, f"bad n0_cm3 value {m.group(1)!r}", i) from None
                if not n0 > 0:
                    raise FileFormatError(p, f"n0_cm3 must be > 0, got {m.group(1)}", i)
            continue
        if scale is None:
            m = _UNIT.search(line)
            if not m:
                raise FileFormatError(
                    p,
                    f"expected a header naming the time unit (e.g. 'time_ns,counts'), got "
                    f"{line[:40]!r}",
                    i,
                )
            scale = _UNITS[m.group(1).lower()]
            continue
        parts = _split(line)
        if len(parts) < 2:
            raise FileFormatError(p, f"expected two columns (time, counts), got {line[:40]!r}", i)
        try:
            vals = (float(parts[0]), float(parts[1]))
        except ValueError:
            raise FileFormatError(p, f"non-numeric value in {line[:40]!r}", i) from None
        if not all(np.isfinite(vals)):
            raise FileFormatError(p, f"non-finite value in {line[:40]!r}", i)
        rows.append(vals)
    if scale is None or len(rows) < 5:
        raise FileFormatError(p, "no header or fewer than 5 data rows")
    data = np.array(rows)
    t = data[:, 0] * scale
    if np.any(np.diff(t) <= 0):
        raise FileFormatError(p, "time column must be strictly increasing")
    return Decay(str(p), t, data[:, 1], n0)


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


def read_plqy(path) -> PLQYData:
    """Read a PLQY-versus-density table (see module docstring for the format)."""
    p = Path(path)
    header: list[str] | None = None
    cols: tuple[int, int, float, int | None, float] | None = None
    rows: list[tuple[float, float, float]] = []
    for i, raw in enumerate(_lines(p), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if header is None:
            header = [h.lower() for h in _split(line)]
            dens = next((header.index(c) for c in _DENSITY_COLS if c in header), None)
            qy = next((c for c in _PLQY_COLS if c in header), None)
            if dens is None or qy is None:
                raise FileFormatError(
                    p,
                    "expected a header with a 'density_cm3' column and a 'plqy' (fraction) or "
                    f"'plqy_pct' column, got {line[:60]!r}",
                    i,
                )
            sg = next((c for c in _SIGMA_COLS if c in header), None)
            cols = (
                dens,
                header.index(qy),
                _PLQY_COLS[qy],
                None if sg is None else header.index(sg),
                1.0 if sg is None else _SIGMA_COLS[sg],
            )
            continue
        assert cols is not None
        parts = _split(line)
        if len(parts) < len(header):
            raise FileFormatError(
                p, f"expected {len(header)} columns ({', '.join(header)}), got {line[:40]!r}", i
            )
        try:
            values = [float(v) for v in parts]
        except ValueError:
            raise FileFormatError(p, f"non-numeric value in {line[:40]!r}", i) from None
        dens, qy, qscale, sg, sscale = cols
        n, q = values[dens], values[qy] * qscale
        s = values[sg] * sscale if sg is not None else np.nan
        if not (np.isfinite(n) and n > 0):
            raise FileFormatError(p, f"density must be finite and > 0 cm^-3, got {parts[dens]}", i)
        if np.isfinite(q) and 1 < q <= 1 + 1e-9:  # 100 % written in percent, rounding
            q = 1.0
        if not (np.isfinite(q) and 0 <= q <= 1):
            unit = "%" if qscale != 1 else ""
            raise FileFormatError(p, f"PLQY must lie in [0, 1] (0-100 %), got {parts[qy]}{unit}", i)
        if sg is not None and not (np.isfinite(s) and s > 0):
            raise FileFormatError(p, f"PLQY sigma must be finite and > 0, got {parts[sg]}", i)
        rows.append((n, q, s))
    if header is None or len(rows) < 2:
        raise FileFormatError(p, "no header or fewer than 2 data rows")
    data = np.array(rows)
    sigma = None if cols[3] is None else data[:, 2]
    return PLQYData(str(p), data[:, 0], data[:, 1], sigma)
