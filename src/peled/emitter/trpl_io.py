"""Reader for TrPL decay files (edge of the package; the physics modules do no I/O).

File convention (text, one decay per file):

* lines starting with ``#`` are comments; ``# n0_cm3: 1e17`` (or ``# n0_cm3 = 1e17``)
  gives the initial carrier density in cm^-3;
* the first non-comment line is a header naming the time unit, e.g. ``time_ns,counts``,
  ``time_s counts`` or ``time (ps)	counts``; units s, ms, us, ns, ps are accepted;
* then two numeric columns (time, counts) separated by commas, tabs or spaces.

Excitation is at t = 0; the fits use the points with t >= 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError

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


def read_decay(path) -> Decay:
    """Read one decay file (see module docstring for the format)."""
    p = Path(path)
    lines = p.read_text(encoding="utf-8", errors="replace").splitlines()
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
        parts = [x for x in re.split(r"[,\t; ]+", line) if x]
        if len(parts) < 2:
            raise FileFormatError(p, f"expected two columns (time, counts), got {line[:40]!r}", i)
        try:
            rows.append((float(parts[0]), float(parts[1])))
        except ValueError:
            raise FileFormatError(p, f"non-numeric value in {line[:40]!r}", i) from None
    if scale is None or len(rows) < 5:
        raise FileFormatError(p, "no header or fewer than 5 data rows")
    data = np.array(rows)
    t = data[:, 0] * scale
    if np.any(np.diff(t) <= 0):
        raise FileFormatError(p, "time column must be strictly increasing")
    return Decay(str(p), t, data[:, 1], n0)
