"""Reader of capacitance-frequency (or impedance) files measured at one temperature."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.characterize.errors import AdmittanceError
from peled.errors import FileFormatError, require_positive
from peled.io.columns import parse_header
from peled.io.table import read_table

__all__ = [
    "AdmittanceSpectrum",
    "capacitance_from_impedance",
    "read_admittance_csv",
]


def capacitance_from_impedance(frequency_hz, z_real_ohm, z_imag_ohm, area_m2: float = 1.0):
    """Capacitance and conductance per area from a complex impedance, Y = 1/Z = G + i w C.

    Parameters
    ----------
    frequency_hz : array_like
        Frequencies f in Hz (w = 2 pi f).
    z_real_ohm, z_imag_ohm : array_like
        Real and imaginary parts of the impedance in Ohm.
    area_m2 : float, optional
        Device area in m^2 (default 1: the result is per device).

    Returns
    -------
    tuple of numpy.ndarray
        ``(C, G)`` in F/m^2 and S/m^2 (F and S with ``area_m2`` = 1).

    Raises
    ------
    AdmittanceError
        An impedance of exactly 0 Ohm.

    Examples
    --------
    >>> import numpy as np
    >>> f = 1e3
    >>> z = 1 / (1e-3 + 2j * np.pi * f * 1e-8)  # 1 kOhm parallel to 10 nF
    >>> c, g = capacitance_from_impedance(f, z.real, z.imag)
    >>> round(float(c) * 1e9, 6), round(float(g) * 1e3, 6)
    (10.0, 1.0)
    """
    f = np.asarray(frequency_hz, dtype=float)
    z = np.asarray(z_real_ohm, dtype=float) + 1j * np.asarray(z_imag_ohm, dtype=float)
    if np.any(z == 0):
        raise AdmittanceError("impedance of 0 Ohm: cannot invert")
    y = 1.0 / z
    return y.imag / (2 * np.pi * f) / area_m2, y.real / area_m2



@dataclass(frozen=True)
class AdmittanceSpectrum:
    """C(f) (and optionally G(f)) per area at one temperature."""

    frequency_hz: np.ndarray
    capacitance_f_m2: np.ndarray
    temperature_k: float
    conductance_s_m2: np.ndarray | None = None
    name: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def omega_rad_s(self) -> np.ndarray:
        """Angular frequency w = 2 pi f."""
        return 2 * np.pi * self.frequency_hz

    def impedance_ohm_m2(self) -> np.ndarray:
        """Area-normalised complex impedance 1 / (G + i w C) (G = 0 if not measured)."""
        g = self.conductance_s_m2 if self.conductance_s_m2 is not None else 0.0
        return 1.0 / (g + 1j * self.omega_rad_s * self.capacitance_f_m2)


#: Quantities of the unit table (:mod:`peled.io.units`) an admittance file may hold.
_DIMENSIONS = ("frequency", "angular_frequency", "capacitance", "capacitance_area",
               "conductance", "conductance_area", "impedance", "temperature")
_T_IN_NAME = re.compile(r"(?<![0-9.])(\d+(?:\.\d+)?)\s*K(?![a-zA-Z])")


def read_admittance_csv(path: str | Path, area_cm2: float | None = None,
                        temperature_k: float | None = None) -> AdmittanceSpectrum:
    """Read one C-f (or impedance) file measured at one temperature.

    Columns (units from the header): frequency (``Hz``, ``kHz``, ``MHz`` or
    ``omega (rad/s)``); then either capacitance (``F``, ``nF``, ``pF``, ... or per area
    ``F/cm2``, ``nF/cm2``, ``F/m2``) with optional conductance (``S``, ``S/cm2``), or the
    impedance ``Z' (Ohm)`` and ``Z'' (Ohm)`` (a header starting with ``-`` such as
    ``-Z'' (Ohm)`` is negated).  An optional ``T (K)`` column gives the temperature.
    Metadata comments: ``# temperature_k: 300`` (or ``# T = 300 K``) and
    ``# area_cm2: 0.04``; the temperature may also be in the file name (``..._300K.csv``).

    Parameters
    ----------
    path : str or Path
        The C-f file.
    area_cm2 : float, optional
        Device area in cm^2 for absolute capacitances or impedances (default: the file's
        ``# area_cm2`` comment).
    temperature_k : float, optional
        Temperature in K overriding the file's.

    Returns
    -------
    AdmittanceSpectrum
        C(f) and G(f) per area at one temperature, sorted by frequency.

    Raises
    ------
    FileFormatError
        A malformed file or an unknown temperature (the message names the file and line).

    Examples
    --------
    >>> from importlib import resources
    >>> s = read_admittance_csv(resources.files("peled")
    ...                         / "data/examples/defects/admittance_300K.csv")
    >>> s.temperature_k, s.frequency_hz.size, round(float(s.capacitance_f_m2[0]) * 1e5, 4)
    (300.0, 41, 142.7043)
    """
    table = read_table(path)
    p = table.path
    head_line = table.header_line
    meta = _numeric_metadata(table.metadata)
    roles: dict[str, tuple[int, float, float]] = {}  # role -> (col, factor, sign)
    for col, h in enumerate(table.headers):
        c = parse_header(h, _DIMENSIONS)
        name = c.name
        sign = -1.0 if name.startswith("-") else 1.0
        qty = None if c.dimension == "unknown" else c.dimension
        if qty == "impedance":
            role = "z_imag" if ("''" in name or '"' in name or "im" in name) else "z_real"
        elif qty == "angular_frequency":
            role = "omega"
        else:
            role = qty
        if role is not None and role not in roles:
            roles[role] = (col, c.factor, sign)
    freq = roles.get("frequency") or roles.get("omega")
    if freq is None:
        raise FileFormatError(p, "no frequency column (header unit Hz, kHz, MHz or rad/s)",
                              line=head_line)
    arr = table.values
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        raise FileFormatError(p, "empty or non-finite cell; every row needs a number in "
                                 "every column", line=int(table.line_numbers[bad][0]))
    if arr.shape[0] < 3:
        raise FileFormatError(p, f"need at least 3 frequencies, got {arr.shape[0]}")

    def col(role):
        c, f, s = roles[role]
        return arr[:, c] * f * s

    f_hz = col("frequency") if "frequency" in roles else col("omega") / (2 * np.pi)
    area = area_cm2 if area_cm2 is not None else meta.get("area_cm2")
    area_m2 = None if area is None else require_positive("area_cm2", area) * 1e-4

    def per_area(values, what):
        if area_m2 is None:
            raise FileFormatError(p, f"{what} is absolute: give the device area "
                                     "(--area-cm2 or a '# area_cm2: ...' line)")
        return values / area_m2

    g = None
    if "capacitance_area" in roles:
        c = col("capacitance_area")
    elif "capacitance" in roles:
        c = per_area(col("capacitance"), "capacitance")
    elif "z_real" in roles and "z_imag" in roles:
        c, g = capacitance_from_impedance(f_hz, col("z_real"), col("z_imag"))
        c, g = per_area(c, "impedance"), per_area(g, "impedance")
    else:
        raise FileFormatError(p, "no capacitance column (F, nF, pF, F/cm2, ...) and no "
                                 "impedance pair Z' (Ohm), Z'' (Ohm)", line=head_line)
    if g is None and "conductance_area" in roles:
        g = col("conductance_area")
    elif g is None and "conductance" in roles:
        g = per_area(col("conductance"), "conductance")
    t = temperature_k
    if t is None and "temperature" in roles:
        c_t, _, _ = roles["temperature"]
        t_col = parse_header(table.headers[c_t], _DIMENSIONS)
        t = float(np.nanmean(arr[:, c_t] * t_col.factor + t_col.offset))
    if t is None:
        t = meta.get("temperature_k", meta.get("t", meta.get("temperature")))
    if t is None:
        m = _T_IN_NAME.search(p.stem)
        t = float(m.group(1)) if m else None
    if t is None:
        raise FileFormatError(p, "temperature unknown: add '# temperature_k: 300', a "
                                 "'T (K)' column, or '_300K' in the file name")
    warnings: list[str] = []
    order = np.argsort(f_hz)
    if np.any(np.diff(f_hz) < 0) and np.any(np.diff(f_hz) > 0):
        warnings.append(f"{p.name}: frequencies not monotonic; sorted")
    f_hz, c = f_hz[order], c[order]
    g = None if g is None else g[order]
    if np.any(f_hz <= 0):
        raise FileFormatError(p, "frequencies must be > 0")
    if np.any(np.diff(f_hz) == 0):
        raise FileFormatError(p, "repeated frequency")
    if np.any(c <= 0):
        warnings.append(f"{p.name}: {int(np.sum(c <= 0))} capacitance value(s) <= 0 "
                        "(inductive or open-circuit artefact)")
    return AdmittanceSpectrum(f_hz, c, require_positive("temperature_k", t), g, p.name,
                              tuple(warnings))


_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z]*)\s*$")


def _numeric_metadata(metadata: dict[str, str]) -> dict[str, float]:
    """Preamble values that are numbers (``# temperature_k: 300``, ``# T = 300 K``)."""
    out = {}
    for key, value in metadata.items():
        m = _NUMBER.match(value)
        if m:
            out[key.strip().lower().replace(" ", "_")] = float(m.group(1))
    return out


