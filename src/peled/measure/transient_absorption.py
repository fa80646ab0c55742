"""Transient absorption (pump-probe): Delta A, TA maps and kinetic traces.

Differential absorbance from probe intensities with and without the pump (seed 002,
Jiang et al., Nanoscale 2024, eqn (11), ``002_7966451d1f2c3349.txt`` line 191)::

    Delta A = -log10( [I_pro - I_ref]_pump / [I_pro - I_ref]_unpump )          (11)

I_pro is the probe intensity transmitted by the sample and I_ref the reference
(background) signal subtracted from it; the logarithm is decadic because absorbance is
(Beer-Lambert).  Delta A > 0 is photo-induced absorption (ESA), Delta A < 0 bleaching
(GSB) or stimulated emission.  The relative transmission change follows as
Delta T / T = 10^(-Delta A) - 1 (seed 002, line 193).

A TA map is Delta A(delay, wavelength).  :func:`read_ta_map` reads the common matrix
export: the first row holds the wavelengths (nm), the first column the delays; the
corner cell names the delay unit (``fs``, ``ps``, ``ns``, ``us``, ``s``; e.g.
``delay (ps)``), or, if it names a wavelength (``nm``), the file is transposed
(wavelengths down the first column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError, ParameterError, PeledError

__all__ = [
    "TAError",
    "TAMap",
    "delta_absorbance",
    "delta_t_over_t",
    "kinetic_trace",
    "read_ta_map",
]


class TAError(PeledError, ValueError):
    """Transient-absorption input that cannot be used (non-positive intensities, ...)."""


def delta_absorbance(probe_pump, reference_pump, probe_unpump, reference_unpump):
    """Delta A of eqn (11) from background-subtracted probe intensities (broadcasts).

    Raises :class:`TAError` where a background-subtracted intensity is <= 0 (the
    logarithm is undefined: saturated reference, dark probe or swapped columns).
    """
    on = np.asarray(probe_pump, dtype=float) - np.asarray(reference_pump, dtype=float)
    off = np.asarray(probe_unpump, dtype=float) - np.asarray(reference_unpump, dtype=float)
    bad = ~(on > 0) | ~(off > 0)
    if np.any(bad):
        raise TAError(
            f"{int(np.sum(bad))} point(s) with I_pro - I_ref <= 0 (pump or unpumped): "
            "eqn (11) needs the probe above the reference/background"
        )
    out = -np.log10(on / off)
    return float(out) if out.ndim == 0 else out


def delta_t_over_t(delta_a):
    """Relative transmission change Delta T / T = 10^(-Delta A) - 1."""
    out = 10.0 ** (-np.asarray(delta_a, dtype=float)) - 1.0
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class TAMap:
    """Delta A(delay, wavelength): ``delta_a`` has shape (n_delays, n_wavelengths)."""

    delay_s: np.ndarray
    wavelength_nm: np.ndarray
    delta_a: np.ndarray
    name: str = ""
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        d = np.asarray(self.delay_s, float)
        w = np.asarray(self.wavelength_nm, float)
        a = np.asarray(self.delta_a, float)
        if a.shape != (d.size, w.size):
            raise TAError(f"delta_a shape {a.shape} != (delays {d.size}, wavelengths {w.size})")
        if np.any(np.diff(d) <= 0):
            raise TAError("delays must be strictly increasing")
        if np.any(np.diff(w) == 0):
            raise TAError("repeated wavelength")
        object.__setattr__(self, "delay_s", d)
        object.__setattr__(self, "wavelength_nm", w)
        object.__setattr__(self, "delta_a", a)

    def spectrum_at(self, delay_s: float) -> np.ndarray:
        """Delta A(wavelength) at the delay nearest to ``delay_s``."""
        return self.delta_a[int(np.argmin(np.abs(self.delay_s - delay_s)))]


def kinetic_trace(ta: TAMap, wavelength_nm, width_nm: float = 0.0) -> np.ndarray:
    """Delta A(delay) at each requested wavelength: shape (n_wavelengths, n_delays).

    ``width_nm = 0``: linear interpolation between the two nearest probe wavelengths;
    otherwise the mean over the wavelengths within +-width_nm/2 (at least one).
    """
    targets = np.atleast_1d(np.asarray(wavelength_nm, dtype=float))
    w = ta.wavelength_nm
    order = np.argsort(w)
    ws, a = w[order], ta.delta_a[:, order]
    out = np.empty((targets.size, ta.delay_s.size))
    for k, t in enumerate(targets):
        if not ws[0] <= t <= ws[-1]:
            raise ParameterError(
                f"wavelength {t:g} nm outside the probed range {ws[0]:g}-{ws[-1]:g} nm"
            )
        if width_nm > 0:
            sel = np.abs(ws - t) <= width_nm / 2
            if not sel.any():
                sel = np.abs(ws - t) == np.min(np.abs(ws - t))
            out[k] = a[:, sel].mean(axis=1)
        else:
            i = int(np.clip(np.searchsorted(ws, t), 1, ws.size - 1))
            f = (t - ws[i - 1]) / (ws[i] - ws[i - 1])
            # on a probe wavelength take that column itself (a NaN neighbour stays out)
            out[k] = (a[:, i - 1] if f == 0 else a[:, i] if f == 1
                      else (1 - f) * a[:, i - 1] + f * a[:, i])
    return out


_TIME_UNITS = {"fs": 1e-15, "ps": 1e-12, "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6,
               "ms": 1e-3, "s": 1.0}
_SCALE = {"od": 1.0, "mod": 1e-3, "uod": 1e-6, "µod": 1e-6}


def read_ta_map(path: str | Path, unit: str | None = None,
                delay_unit: str | None = None) -> TAMap:
    """Read a TA matrix export (see module docstring); ``#`` lines are comments.

    ``unit`` of the values (``OD`` default, ``mOD``); a ``# unit: mOD`` comment also
    sets it.  ``delay_unit`` (``fs``, ``ps``, ``ns``, ``us``, ``ms``, ``s``) overrides
    the unit named in the corner cell; when neither gives one, ps is assumed (the
    common pump-probe export convention) and a warning is recorded in
    ``TAMap.warnings``.  Empty/NaN cells are kept as NaN.
    """
    import csv

    from peled.measure.columns import comments_and_rows, read_text, sniff_delimiter

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
            raise FileFormatError(p, f"not a number in {cells[:3]!r}...", line=lineno) from None
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
            warnings.append(f"{p.name}: the corner cell {head[0].strip()!r} names no delay "
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
