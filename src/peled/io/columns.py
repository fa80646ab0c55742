"""Unit-carrying CSV headers of laboratory files: parsing, recognition and conversion.

A header names a quantity and its unit in one of the common spellings:

* ``Voltage (V)``, ``J [mA/cm2]``, ``L / cd m-2``, ``Luminance, nit``;
* a bare unit: ``V``, ``mA/cm^2``, ``cd/m2``, ``W/sr/m2``;
* a snake-case suffix: ``voltage_v``, ``current_density_mA_cm2``, ``luminance_cd_m2``.

Units are matched case-insensitively after removing spaces, ``_``, ``/``, ``^``,
``·``, ``*``, ``(``, ``)`` and ``-`` (so ``mA cm-2``, ``mA/cm^2``, ``mA·cm⁻²`` and
``mA_cm2`` are one key).  Each :class:`Column` carries the factor converting its values
to the canonical unit of its quantity (SI, except customary cd/A, lm/W, cd/m2 and %).
The quantity follows from the unit; the name only disambiguates quantities sharing a
unit (device current vs photodiode current in A; EQE vs normalised luminance in %).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError

__all__ = [
    "Column",
    "Table",
    "comments_and_rows",
    "parse_header",
    "read_table",
    "read_text",
    "sniff_delimiter",
    "split_unit_header",
    "unit_key",
]

# unit key -> (dimension, factor to the canonical unit of that dimension)
_UNITS: dict[str, tuple[str, float]] = {
    # voltage -> V
    "v": ("voltage", 1.0), "volt": ("voltage", 1.0), "volts": ("voltage", 1.0),
    "mv": ("voltage", 1e-3),
    # current density -> A/m2  (1 mA/cm2 = 10 A/m2)
    "am2": ("current_density", 1.0), "acm2": ("current_density", 1e4),
    "macm2": ("current_density", 10.0), "uacm2": ("current_density", 1e-2),
    "mam2": ("current_density", 1e-3),
    # current -> A
    "a": ("current", 1.0), "amp": ("current", 1.0), "ma": ("current", 1e-3),
    "ua": ("current", 1e-6), "na": ("current", 1e-9), "pa": ("current", 1e-12),
    # luminance -> cd/m2
    "cdm2": ("luminance", 1.0), "nit": ("luminance", 1.0), "nits": ("luminance", 1.0),
    "kcdm2": ("luminance", 1e3),
    # radiance -> W sr-1 m-2
    "wsrm2": ("radiance", 1.0), "wsr1m2": ("radiance", 1.0), "wm2sr": ("radiance", 1.0),
    "wm2sr1": ("radiance", 1.0), "mwsrm2": ("radiance", 1e-3), "mwsr1m2": ("radiance", 1e-3),
    "mwm2sr1": ("radiance", 1e-3), "mwm2sr": ("radiance", 1e-3),
    "wsrcm2": ("radiance", 1e4), "wsr1cm2": ("radiance", 1e4),
    "mwsrcm2": ("radiance", 10.0), "mwsr1cm2": ("radiance", 10.0),
    # efficiencies
    "%": ("percent", 1.0), "percent": ("percent", 1.0), "pct": ("percent", 1.0),
    "cda": ("current_efficiency", 1.0), "cda1": ("current_efficiency", 1.0),
    "lmw": ("power_efficacy", 1.0), "lmw1": ("power_efficacy", 1.0),
    # time -> s
    "s": ("time", 1.0), "sec": ("time", 1.0), "second": ("time", 1.0),
    "seconds": ("time", 1.0), "min": ("time", 60.0), "mins": ("time", 60.0),
    "minute": ("time", 60.0), "minutes": ("time", 60.0), "h": ("time", 3600.0),
    "hr": ("time", 3600.0), "hrs": ("time", 3600.0), "hour": ("time", 3600.0),
    "hours": ("time", 3600.0), "d": ("time", 86400.0), "day": ("time", 86400.0),
    "days": ("time", 86400.0),
    # spectra / angles / responsivity
    "nm": ("wavelength", 1.0), "deg": ("angle", 1.0), "degree": ("angle", 1.0),
    "degrees": ("angle", 1.0), "°": ("angle", 1.0), "aw": ("responsivity", 1.0),
    "aw1": ("responsivity", 1.0), "maw": ("responsivity", 1e-3),
    "au": ("arbitrary", 1.0), "arbunits": ("arbitrary", 1.0), "arb": ("arbitrary", 1.0),
    "counts": ("arbitrary", 1.0), "cts": ("arbitrary", 1.0), "norm": ("arbitrary", 1.0),
    "normalized": ("arbitrary", 1.0), "normalised": ("arbitrary", 1.0),
    "rel": ("arbitrary", 1.0), "": ("none", 1.0),
}

#: Canonical unit text of every dimension (what the factor converts to).
CANONICAL = {
    "voltage": "V", "current_density": "A/m2", "current": "A", "luminance": "cd/m2",
    "radiance": "W/sr/m2", "percent": "%", "current_efficiency": "cd/A",
    "power_efficacy": "lm/W", "time": "s", "wavelength": "nm", "angle": "deg",
    "responsivity": "A/W", "arbitrary": "a.u.", "none": "",
}

_STRIP = re.compile(r"[\s_/^·*()\-.⁻]")
_SUPERSCRIPTS = str.maketrans({"²": "2", "¹": "1", "µ": "u", "μ": "u", "⁻": "-"})


def unit_key(text: str) -> str:
    """Normalised lookup key of a unit spelling.

    Parameters
    ----------
    text : str
        A unit as written in a header (``'mA cm-2'``, ``'mA/cm^2'``, ``'mA·cm⁻²'``).

    Returns
    -------
    str
        Lower-case key without spaces, ``_``, ``/``, ``^``, ``·``, ``*``, brackets and ``-``.

    Examples
    --------
    >>> unit_key("mA cm-2"), unit_key("mA/cm^2")
    ('macm2', 'macm2')
    """
    return _STRIP.sub("", text.translate(_SUPERSCRIPTS).lower())


@dataclass(frozen=True)
class Column:
    """A recognised column: header text, name part, dimension and factor to canonical."""

    header: str
    name: str
    dimension: str
    factor: float
    unit: str

    @property
    def canonical_unit(self) -> str:
        """The unit the values are in after multiplying by :attr:`factor`."""
        return CANONICAL[self.dimension]


def _lookup(unit: str) -> tuple[str, float] | None:
    return _UNITS.get(unit_key(unit))


def parse_header(header: str) -> Column:
    """Split a header into name and unit and look the unit up (see the module docstring).

    Parameters
    ----------
    header : str
        A header cell such as ``'J (mA/cm2)'``, ``'L / cd m-2'`` or ``'voltage_v'``.

    Returns
    -------
    Column
        Name, dimension (``None`` if the unit is unknown) and the factor to the canonical
        unit of that dimension.

    Examples
    --------
    >>> c = parse_header("J (mA/cm2)")
    >>> c.dimension, c.factor  # to A/m^2
    ('current_density', 10.0)
    """
    h = header.strip().strip("\ufeff").strip()
    m = re.match(r"^(.*?)\s*[\(\[](.*)[\)\]]\s*$", h)
    candidates: list[tuple[str, str]] = []
    if m:
        candidates.append((m.group(1), m.group(2)))
    if " / " in h:
        name, _, unit = h.partition(" / ")
        candidates.append((name, unit))
    if "," in h:
        name, _, unit = h.partition(",")
        candidates.append((name, unit))
    candidates.append((h, h))  # bare unit ("V", "mA/cm2")
    parts = re.split(r"[_\s]+", h)
    for k in range(1, min(4, len(parts))):  # snake-case suffix ("luminance_cd_m2")
        candidates.append((" ".join(parts[:-k]), "_".join(parts[-k:])))
    for name, unit in candidates:
        found = _lookup(unit)
        if found is not None and (unit_key(unit) or m):
            dim, factor = found
            return Column(h, name.strip().lower(), dim, factor, unit.strip())
    return Column(h, h.lower(), "unknown", float("nan"), "")


@dataclass(frozen=True, eq=False)
class Table:
    """Numeric content of a CSV file: headers, values (rows x columns), file line numbers."""

    path: Path
    headers: tuple[str, ...]
    values: np.ndarray
    line_numbers: np.ndarray
    text_columns: dict[str, list[str]]

    def column(self, index: int) -> np.ndarray:
        """Values of column ``index`` (float, NaN where empty)."""
        return self.values[:, index]


_NAN_TEXT = {"", "nan", "na", "n/a", "-", "--", "none", "null"}


def read_text(path: str | Path) -> tuple[Path, str]:
    """Path and text of a UTF-8 file (BOM stripped).

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    tuple of (Path, str)
        The path and its text.

    Raises
    ------
    FileFormatError
        Missing files, directories, permission problems and non-UTF-8 bytes (one line
        naming the path).

    Examples
    --------
    >>> from importlib import resources
    >>> p, text = read_text(resources.files("peled") / "data/examples/defects/ta_map.csv")
    >>> text.splitlines()[2]
    '# unit: mOD'
    """
    p = Path(path)
    try:
        return p, p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise FileFormatError(p, "not a UTF-8 text file") from None
    except FileNotFoundError:
        raise FileFormatError(p, "file not found") from None
    except OSError as exc:
        raise FileFormatError(p, f"cannot read: {exc.strerror or exc}") from None


def comments_and_rows(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """Split a file's text into ``#`` comment lines (stripped) and data rows.

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    tuple of (list of str, list of (int, str))
        The comments and the data rows as ``(1-based line number, line)``; blank lines are
        dropped.  The first data row of a CSV file is its header line.

    Examples
    --------
    >>> comments_and_rows(chr(10).join(["# unit: mOD", "V,J", "", "1,2"]))
    (['# unit: mOD'], [(2, 'V,J'), (4, '1,2')])
    """
    comments: list[str] = []
    rows: list[tuple[int, str]] = []
    for i, ln in enumerate(text.splitlines(), start=1):
        s = ln.strip()
        if s.startswith("#"):
            comments.append(s)
        elif s:
            rows.append((i, ln))
    return comments, rows


def sniff_delimiter(line: str, candidates: str = "\t;,") -> str:
    """The field delimiter of a header line.

    Parameters
    ----------
    line : str
        The header line.
    candidates : str, optional
        Delimiters in order of preference (default tab, ``;``, ``,``).

    Returns
    -------
    str
        The first candidate occurring in ``line``, else the last candidate.

    Examples
    --------
    >>> sniff_delimiter("V (V);J (mA/cm2)"), sniff_delimiter("V")
    (';', ',')
    """
    return next((d for d in candidates if d in line), candidates[-1])


def read_table(path: str | Path, text_columns: tuple[str, ...] = ()) -> Table:
    """Read a CSV/TSV file with one header line; ``#`` lines and blank lines are skipped.

    Delimiter: tab, ``;`` or ``,`` (sniffed from the header line); with ``;`` or tab a
    decimal comma is accepted (``2,5``).  Trailing empty fields are ignored.  Every cell
    must be a number or empty/``nan`` (-> NaN), except in the ``text_columns``.

    Parameters
    ----------
    path : str or Path
        The file.
    text_columns : tuple of str, optional
        Lower-cased headers of columns kept as strings (e.g. ``device``, ``mode``).

    Returns
    -------
    Table
        Headers, numeric columns, text columns and the file line of every row.

    Raises
    ------
    FileFormatError
        Text in a numeric column (with the line number) or an unreadable file.

    Examples
    --------
    >>> from importlib import resources
    >>> t = read_table(resources.files("peled") / "data/examples/defects/sclc_pulsed_dc.csv",
    ...                text_columns=("mode",))
    >>> t.headers, t.text_columns["mode"][0]
    (('Voltage (V)', 'J (mA/cm2)', 'mode'), 'dc-forward')
    """
    p, raw = read_text(path)
    _, lines = comments_and_rows(raw)
    if not lines:
        raise FileFormatError(p, "file is empty (no header line)")
    (header_line, header), body = lines[0], lines[1:]
    delim = sniff_delimiter(header)
    headers = [h.strip() for h in next(csv.reader([header], delimiter=delim))]
    if all(_is_number(h) for h in headers if h):
        raise FileFormatError(
            p, "no header line; expected column names with units such as "
            "'V', 'mA/cm2', 'cd/m2'", line=header_line,
        )
    while len(headers) > 1 and not headers[-1]:  # trailing delimiter (spreadsheet exports)
        headers.pop()
    if any(not h for h in headers):
        raise FileFormatError(p, "empty column name in the header", line=header_line)
    lower = [h.lower() for h in headers]
    text_idx = [i for i, h in enumerate(lower) if h in text_columns]
    if not body:
        raise FileFormatError(p, "no data rows after the header", line=header_line)
    numbers = [n for n, _ in body]
    if not text_idx and '"' not in raw:
        fast = _fast_numeric(body, delim, len(headers))
        if fast is not None:
            return Table(p, tuple(headers), fast, np.asarray(numbers, dtype=int), {})
    rows: list[list[float]] = []
    texts: dict[str, list[str]] = {headers[i]: [] for i in text_idx}
    for (lineno, _), cells in zip(body, csv.reader([ln for _, ln in body], delimiter=delim),
                                  strict=True):
        while len(cells) > len(headers) and not cells[-1].strip():
            cells.pop()
        if len(cells) != len(headers):
            raise FileFormatError(
                p, f"{len(cells)} fields, expected {len(headers)} (one per header column)",
                line=lineno,
            )
        row = []
        for j, cell in enumerate(cells):
            c = cell.strip()
            if j in text_idx:
                texts[headers[j]].append(c)
                row.append(np.nan)
                continue
            if c.lower() in _NAN_TEXT:
                row.append(np.nan)
                continue
            try:
                row.append(float(c.replace(",", ".") if delim != "," else c))
            except ValueError:
                raise FileFormatError(
                    p, f"column {headers[j]!r}: {c!r} is not a number", line=lineno
                ) from None
        rows.append(row)
    values = np.asarray(rows, dtype=float).reshape(len(rows), len(headers))
    return Table(p, tuple(headers), values, np.asarray(numbers, dtype=int), texts)


def _fast_numeric(body, delim: str, ncol: int) -> np.ndarray | None:
    """All-numeric body parsed in one NumPy call; None (-> careful path) on any oddity."""
    cells = [ln.split(delim) for _, ln in body]
    if any(len(c) != ncol for c in cells):
        return None
    try:
        return np.array(cells, dtype=float)
    except ValueError:
        return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_BRACKETED_UNIT = re.compile(r"^(.*?)\s*[\(\[](.*)[\)\]]\s*$")


def split_unit_header(header: str) -> tuple[str, str]:
    """Split a column header into its lower-cased name and its unit.

    Parameters
    ----------
    header : str
        A header cell such as ``'T (K)'``, ``'sigma [S/cm]'`` or ``'rate / s-1'``.

    Returns
    -------
    tuple of str
        ``(name, unit)``; the unit is empty when the header has neither brackets nor
        ``' / '``.

    Examples
    --------
    >>> split_unit_header("T (K)"), split_unit_header("rate / s-1"), split_unit_header("D")
    (('t', 'K'), ('rate', 's-1'), ('d', ''))
    """
    h = header.strip().strip("\ufeff").strip()
    m = _BRACKETED_UNIT.match(h)
    if m:
        return m.group(1).strip().lower(), m.group(2).strip()
    if " / " in h:
        name, _, unit = h.partition(" / ")
        return name.strip().lower(), unit.strip()
    return h.lower(), ""
