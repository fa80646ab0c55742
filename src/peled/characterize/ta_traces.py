"""Kinetic traces of a transient-absorption map file (the result of ``peled characterize ta``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.characterize.readers.transient_absorption import read_ta_map
from peled.characterize.transient_absorption import TAMap, kinetic_trace
from peled.errors import ParameterError

__all__ = [
    "TATraceResult",
    "analyze_ta_file",
]


@dataclass(frozen=True, eq=False)
class TATraceResult:
    """Delta A(delay) at the requested probe wavelengths.

    Attributes
    ----------
    ta : TAMap
        The map as read.
    wavelength_nm : tuple of float
        Requested probe wavelengths in nm.
    traces : numpy.ndarray
        Delta A (OD), shape (n_wavelengths, n_delays).
    """

    ta: TAMap
    wavelength_nm: tuple[float, ...]
    traces: np.ndarray

    @property
    def extremum_delta_a(self) -> list[float | None]:
        """Delta A of largest magnitude per trace (OD; None for an all-NaN trace)."""
        return [float(t[np.nanargmax(np.abs(t))]) if np.isfinite(t).any() else None
                for t in self.traces]

    def as_dict(self) -> dict:
        """JSON: ``delay_s``, ``wavelength_nm``, ``delta_a``, ``extremum_delta_a``, ``warnings``."""
        return {"delay_s": self.ta.delay_s, "wavelength_nm": list(self.wavelength_nm),
                "delta_a": self.traces, "extremum_delta_a": self.extremum_delta_a,
                "warnings": list(self.ta.warnings)}


def analyze_ta_file(path: str | Path, wavelength_nm, width_nm: float = 0.0,
                    unit: str | None = None, delay_unit: str | None = None) -> TATraceResult:
    """Read a TA map and take kinetic traces at the given probe wavelengths.

    Parameters
    ----------
    path : str or Path
        TA matrix export (:func:`peled.characterize.readers.read_ta_map`).
    wavelength_nm : float or sequence of float
        Probe wavelength(s) in nm inside the probed range.
    width_nm : float, optional
        Average over +-width_nm/2 around each wavelength (default 0: interpolate).
    unit : str, optional
        Delta A unit of the file (``OD``, ``mOD``, ``uOD``).
    delay_unit : str, optional
        Delay unit overriding the corner cell (``fs``, ``ps``, ``ns``, ``us``, ``ms``, ``s``).

    Returns
    -------
    TATraceResult
        Its :meth:`TATraceResult.as_dict` is the JSON of ``peled characterize ta``.

    References
    ----------
    Jiang et al., "Defects in lead halide perovskite LEDs under electric field",
    Nanoscale (2024), eqn (11).

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> r = analyze_ta_file(ex / "ta_map.csv", 515.0)
    >>> round(r.extremum_delta_a[0] * 1e3, 1)  # mOD
    -19.4
    """
    if not 0 <= float(width_nm) < float("inf"):
        raise ParameterError(f"width_nm (--width-nm) must be a finite number >= 0, "
                             f"got {width_nm!r}")
    ta = read_ta_map(path, unit, delay_unit)
    wl = tuple(float(w) for w in np.atleast_1d(wavelength_nm))
    return TATraceResult(ta, wl, kinetic_trace(ta, wavelength_nm, width_nm))
