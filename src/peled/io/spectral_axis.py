"""Units of the spectral (x) axis of text exports and their conversion to nm.

Supported units: nm, um (micrometre), Angstrom (0.1 nm), eV, meV and
wavenumbers in cm^-1.  Energies convert as ``lambda_nm = HC_EV_NM / E_eV`` and
wavenumbers as ``lambda_nm = 1e7 / nu_cm``.  Intensities given per unit energy
or per unit wavenumber are converted to per nm with the Jacobian
``I_lambda = I_x |dx/dlambda|``, i.e. ``I_lambda = I_E E^2 / hc`` and
``I_lambda = I_nu nu^2 / 1e7`` (Mooney & Kambhampati, "Get the Basics Right:
Jacobian Conversion of Wavelength and Energy Scales for Quantitative Analysis of
Emission Spectra", J. Phys. Chem. Lett. 4, 3316, 2013).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from peled import constants  # exact SI values, no scipy import
from peled.errors import UnitError
from peled.io.files import excerpt
from peled.io.numeric_block import Dialect, is_metadata, strip_comment
from peled.io.units import lookup

__all__ = [
    "AxisUnit",
    "HC_EV_NM",
    "NM",
    "SUPPORTED",
    "detect_unit",
    "header_fields",
    "lookup_unit",
]

#: hc/e in eV nm (CODATA 2018 exact constants): lambda_nm = HC_EV_NM / E_eV.
HC_EV_NM: float = constants.h * constants.c / constants.e * 1e9


@dataclass(frozen=True)
class AxisUnit:
    """A spectral-axis unit: ``kind`` is ``"length"``, ``"energy"`` or ``"wavenumber"``."""

    name: str
    kind: str
    scale: float  # length: nm per unit; energy: eV per unit; wavenumber: cm^-1 per unit

    def to_nm(self, x: np.ndarray) -> np.ndarray:
        """Convert axis values to wavelengths in nm."""
        if self.kind == "length":
            return x * self.scale
        if self.kind == "energy":
            return HC_EV_NM / (x * self.scale)
        return 1e7 / (x * self.scale)

    def jacobian(self, x: np.ndarray) -> np.ndarray:
        """``|dx/dlambda|`` per nm, so that ``I_lambda = I_x * jacobian`` (Mooney 2013)."""
        lam = self.to_nm(x)
        if self.kind == "length":
            return np.full_like(lam, 1.0 / self.scale)
        if self.kind == "energy":
            return HC_EV_NM / lam**2 / self.scale
        return 1e7 / lam**2 / self.scale


NM = AxisUnit("nm", "length", 1.0)

_KINDS = {"wavelength": "length", "energy": "energy", "wavenumber": "wavenumber"}
_NAMES_OF = {("length", 1.0): "nm", ("length", 1e3): "um", ("length", 0.1): "Angstrom",
             ("energy", 1.0): "eV", ("energy", 1e-3): "meV", ("wavenumber", 1.0): "cm-1"}
#: Unit implied by an axis name given without a unit.
_NAMES = {
    "wavelength": NM,
    "lambda": NM,
    "λ": NM,
    "wavenumber": AxisUnit("cm-1", "wavenumber", 1.0),
    "wavenumbers": AxisUnit("cm-1", "wavenumber", 1.0),
    "energy": AxisUnit("eV", "energy", 1.0),
    "photonenergy": AxisUnit("eV", "energy", 1.0),
}
#: Keys of metadata lines that state the x unit (JCAMP-DX ``##XUNITS=``, OceanView
#: ``XAxis mode: Wavelengths``, ...).
_X_UNIT_KEYS = {"xunits", "xunit", "xaxisunits", "xaxisunit", "xaxis", "xaxismode"}

SUPPORTED = "nm, um, Angstrom, eV, meV or cm-1"


def lookup_unit(text: str) -> AxisUnit | None:
    """The spectral-axis unit spelled ``text`` (unit table of :mod:`peled.io.units`), or None.

    Parameters
    ----------
    text : str
        A unit as written (``'nm'``, ``'µm'``, ``'eV'``, ``'cm^-1'``).

    Returns
    -------
    AxisUnit or None
        The unit, or None when it is not a wavelength, photon-energy or wavenumber unit.

    Examples
    --------
    >>> lookup_unit("cm^-1").name, lookup_unit("µm").scale, lookup_unit("Pixels")
    ('cm-1', 1000.0, None)
    """
    u = lookup(text, tuple(_KINDS))
    if u is None:
        return None
    kind = _KINDS[u.dimension]
    return AxisUnit(_NAMES_OF.get((kind, u.factor), text.strip()), kind, u.factor)


def header_fields(dialect: Dialect, line: str) -> list[str]:
    """Column names of a header line; ``(unit)``/``[unit]`` tokens join the preceding name.

    Parameters
    ----------
    dialect : Dialect
        Separator and decimal mark of the data below.
    line : str
        The header line.

    Returns
    -------
    list of str
        The column names.

    Examples
    --------
    >>> from peled.io.numeric_block import Dialect
    >>> header_fields(Dialect(None, "."), "Wavelength (nm)   Intensity (a.u.)")
    ['Wavelength (nm)', 'Intensity (a.u.)']
    """
    s = strip_comment(line)
    if dialect.sep is None:
        parts = re.split(r"\t|\s{2,}", s) if ("\t" in s or "  " in s) else s.split()
    else:
        parts = s.split(dialect.sep)
    if len(parts) < 2:
        for sep in ("\t", ";", ","):
            if len(s.split(sep)) >= 2:
                parts = s.split(sep)
                break
        else:
            parts = s.split()
    fields: list[str] = []
    for p in (q.strip().strip("\"'").strip() for q in parts):
        if fields and re.fullmatch(r"[(\[].*[)\]]", p) and not re.search(r"[(\[]", fields[-1]):
            fields[-1] = f"{fields[-1]} {p}"
        else:
            fields.append(p)
    return fields


def _unit_in_field(field: str) -> tuple[str | None, AxisUnit | None]:
    """(unit text, unit) stated by one column name; unit text None when none is stated."""
    m = re.search(r"[(\[]([^)\]]*)[)\]]", field)
    if m:
        text = m.group(1)
    elif m := re.match(r"^([A-Za-zλ ]+?)(?:\s*/\s*|\s+in\s+)(.+)$", field):
        text = m.group(2)
    elif (u := lookup_unit(field)) is not None:
        return field, u
    elif "_" in field and (u := lookup_unit(field.rsplit("_", 1)[1])) is not None:
        return field.rsplit("_", 1)[1], u
    else:
        key = re.sub(r"[^a-zλ]", "", field.lower())
        return (None, _NAMES.get(key))
    return text, lookup_unit(text)


def detect_unit(
    path, dialect: Dialect, header: tuple[tuple[int, str], ...]
) -> tuple[AxisUnit | None, int | None]:
    """Unit of the x column stated in the header and the line stating it.

    Looks at ``x unit`` metadata keys anywhere in the header, then at up to two
    column-name lines directly above the data (e.g. Avantes ``Wave;Sample`` and
    ``[nm];[counts]``).

    Parameters
    ----------
    path : str or Path
        The file (named in errors).
    dialect : Dialect
        Separator and decimal mark of the data.
    header : tuple of (int, str)
        ``(line number, text)`` of the lines above the data.

    Returns
    -------
    tuple of (AxisUnit or None, int or None)
        The unit and the line stating it; ``(None, None)`` if no unit is stated.

    Raises
    ------
    UnitError
        An unknown unit (the message names the file and line).

    Examples
    --------
    >>> from peled.io.numeric_block import Dialect
    >>> u, line = detect_unit("s.txt", Dialect("\\t", "."), ((1, "Energy (eV)\\tPL"),))
    >>> u.name, u.kind, line
    ('eV', 'energy', 1)
    """
    for lineno, line in header:
        s = strip_comment(line)
        m = re.match(r"^([^:=]+)[:=]\s*(.+)$", s)
        if m and re.sub(r"[^a-z]", "", m.group(1).lower()) in _X_UNIT_KEYS:
            value = m.group(2).strip()
            unit = lookup_unit(value) or _jcamp(value) or _NAMES.get(value.lower().rstrip("s"))
            if unit is None:
                _unknown(path, lineno, value, line)
            return unit, lineno
    for lineno, line in list(reversed(header))[:2]:
        if is_metadata(line):
            break
        fields = header_fields(dialect, line)
        if len(fields) < 2:
            break
        if "raman" in fields[0].lower():
            raise UnitError(
                f"{path}:{lineno}: a Raman shift axis ({fields[0]!r}) is relative to the laser "
                "line; convert it to absolute wavelength (nm) or wavenumber (cm-1) first"
            )
        text, unit = _unit_in_field(fields[0])
        if text is not None and unit is None:
            _unknown(path, lineno, text, line)
        if unit is not None:
            return unit, lineno
    return None, None


def _jcamp(value: str) -> AxisUnit | None:
    return lookup_unit(value)


def _unknown(path, lineno: int, text: str, line: str):
    raise UnitError(
        f"{path}:{lineno}: unknown unit {excerpt(text)} for the wavelength column in "
        f"{excerpt(strip_comment(line))}; expected {SUPPORTED}"
    )
