"""The shared schema of the literature CSVs and the parsers of its structured cells.

Every device file under ``peled/literature/data/`` has the columns :data:`COLUMNS` in
this order (table-specific extra columns follow ``flags``).  The schema, the colour and
class rules and the flag vocabulary are documented in ``peled/literature/data/README.md``;
this module is the executable form of the schema:

* :data:`COLUMNS`, :data:`DTYPES`, :data:`RANGES`: column names, pandas dtypes and the
  physically allowed ranges used by :func:`peled.literature.dataset.load`;
* :func:`color_from_peak`: the colour classes of the dataset (blue < 490 nm, sky-blue
  490-<500, green 500-<570, yellow 570-<600, red 600-700, NIR > 700 nm);
* :func:`parse_lifetime_condition`, :func:`parse_qualifiers`, :func:`parse_flags`: the
  parsers of the ``lifetime_condition``, ``qualifiers`` and ``flags`` cells.

Parsers raise :class:`peled.errors.ParameterError` with a one-line message; the loader
wraps them into :class:`peled.errors.FileFormatError` naming file and line.
"""

from __future__ import annotations

import math
import re

import numpy as np

from peled.errors import ParameterError

__all__ = [
    "CLASSES",
    "COLORS",
    "COLOR_EDGES_NM",
    "COLOR_RANK",
    "COLUMNS",
    "CONDITION_UNITS",
    "DTYPES",
    "EXTRA_COLORS",
    "FLOAT_COLUMNS",
    "INT_COLUMNS",
    "NUMERIC_SUFFIXES",
    "QUALIFIER_SYMBOLS",
    "RANGES",
    "REQUIRED_COLUMNS",
    "STRING_COLUMNS",
    "check_lifetime_metric",
    "color_from_peak",
    "is_numeric_extra",
    "metric_percent",
    "parse_flags",
    "parse_lifetime_condition",
    "parse_qualifiers",
]

#: Shared columns, in file order (literature_schema.md, "Columns").
COLUMNS: tuple[str, ...] = (
    "source",
    "table",
    "row",
    "ref",
    "year",
    "material",
    "class",
    "color",
    "peak_nm",
    "fwhm_nm",
    "eqe_pct",
    "plqy_pct",
    "luminance_cd_m2",
    "radiance_w_sr_m2",
    "ce_cd_a",
    "cie_x",
    "cie_y",
    "lifetime_metric",
    "lifetime_h",
    "lifetime_condition",
    "ppi",
    "pixel_size_um",
    "method",
    "strategy",
    "qualifiers",
    "raw",
    "flags",
)

#: Float columns of the shared schema.
FLOAT_COLUMNS: tuple[str, ...] = (
    "peak_nm",
    "fwhm_nm",
    "eqe_pct",
    "plqy_pct",
    "luminance_cd_m2",
    "radiance_w_sr_m2",
    "ce_cd_a",
    "cie_x",
    "cie_y",
    "lifetime_h",
    "ppi",
    "pixel_size_um",
)

#: Integer columns (nullable pandas ``Int64``).
INT_COLUMNS: tuple[str, ...] = ("ref", "year")

#: String columns (pandas ``string``; empty cell -> <NA>).
STRING_COLUMNS: tuple[str, ...] = tuple(
    c for c in COLUMNS if c not in FLOAT_COLUMNS and c not in INT_COLUMNS
)

#: pandas dtype of every shared column.
DTYPES: dict[str, str] = {
    **{c: "string" for c in STRING_COLUMNS},
    **{c: "Int64" for c in INT_COLUMNS},
    **{c: "float64" for c in FLOAT_COLUMNS},
}

#: Columns that must be non-empty in every record (provenance).
REQUIRED_COLUMNS: tuple[str, ...] = ("source", "table", "row", "raw")

#: Allowed closed ranges [lo, hi] of numeric columns.  The bounds are physical limits,
#: not typical values: EQE/PLQY are percentages; chromaticities lie in [0, 1]; a current
#: efficiency above ~500 cd/A would exceed a Lambertian 555-nm emitter at 100 % EQE
#: (683 lm/W x 2.23 V / pi = 485 cd/A), 1000 leaves room for strongly forward-directed
#: emission; peaks span the deep-UV to NIR range of metal-halide emitters.
RANGES: dict[str, tuple[float, float]] = {
    "ref": (1, 10_000),
    "year": (1950, 2030),
    "peak_nm": (250.0, 2500.0),
    "fwhm_nm": (0.1, 500.0),
    "eqe_pct": (0.0, 100.0),
    "plqy_pct": (0.0, 100.0),
    "luminance_cd_m2": (0.0, 1e9),
    "radiance_w_sr_m2": (0.0, 1e7),
    "ce_cd_a": (0.0, 1000.0),
    "cie_x": (0.0, 1.0),
    "cie_y": (0.0, 1.0),
    "lifetime_h": (0.0, 1e9),
    "ppi": (0.0, 1e6),
    "pixel_size_um": (0.0, 1e5),
}

#: Extra (table-specific) columns whose name ends in a unit are numeric; these are the
#: recognised unit suffixes (ARCHITECTURE.md, "Names and units": customary display units
#: appear in names).
NUMERIC_SUFFIXES: tuple[str, ...] = (
    "_pct", "_nm", "_ev", "_eV", "_k", "_h", "_cd_m2", "_cd_a", "_lm_w", "_w_sr_m2",
    "_um", "_v", "_ma_cm2", "_s", "_min", "_mev", "_cm3", "_cm2_vs", "_ppi",
)

#: Device classes (literature_schema.md, column ``class``).
CLASSES: tuple[str, ...] = ("PC", "Q2D", "PNC", "QD-LED", "OLED", "micro-LED", "CC", "other")

#: Colour classes in spectral order.
COLORS: tuple[str, ...] = ("blue", "sky-blue", "green", "yellow", "red", "NIR")

#: Colour classes for white / broadband records that have no single peak.
EXTRA_COLORS: tuple[str, ...] = ("white",)

#: Sort key of every colour class: spectral order, then white (tables and plots).
COLOR_RANK: dict[str, int] = {c: i for i, c in enumerate(COLORS + EXTRA_COLORS)}

#: Lower wavelength edges (nm) of the colour classes in :data:`COLORS`; a peak belongs to
#: the last class whose edge it reaches.  Red is 600-700 nm *inclusive*, NIR > 700 nm.
COLOR_EDGES_NM: tuple[float, ...] = (-math.inf, 490.0, 500.0, 570.0, 600.0)

#: Units allowed in ``lifetime_condition`` (literature_schema.md).
CONDITION_UNITS: tuple[str, ...] = ("cd/m2", "mA/cm2", "V", "mA", "W/sr/m2")

#: Value qualifiers allowed in ``qualifiers``.
QUALIFIER_SYMBOLS: tuple[str, ...] = ("~", ">", "<", ">=", "<=")

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_CONDITION_RE = re.compile(rf"^\s*({_NUMBER})\s+(\S+)\s*$")
_FLAG_RE = re.compile(r"^[A-Za-z0-9_.+\-]+$")
_METRIC_RE = re.compile(r"^T\d{1,2}(?:[,_ ]?[A-Za-z]+)?$")


def _missing(value) -> bool:
    """True for None, NaN and pandas.NA (an empty cell)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the only value unequal to itself
    except TypeError:  # pandas.NA: its truth value is ambiguous
        return True


def color_from_peak(peak_nm):
    """Colour class of an emission peak wavelength (nm); broadcasts over arrays.

    Classes (the colour rule of the data README): ``blue`` < 490 nm, ``sky-blue`` 490 to
    < 500 nm, ``green`` 500 to < 570 nm, ``yellow`` 570 to < 600 nm, ``red`` 600 to
    700 nm (700 nm itself is red), ``NIR`` > 700 nm.  The 490/500/570/600 nm edges follow
    the customary hue names of the spectrum (e.g. Jang et al. (2025) Table 3 groups 483-492 nm
    devices as sky-blue and 478 nm as blue; Jang et al. (2025) Fig. 1B treats blue as < 480 nm:
    the dataset uses one fixed rule instead, and the checker reports rows whose printed
    colour word differs).  NaN gives ``None``.

    Parameters
    ----------
    peak_nm : float or array_like
        Peak wavelength(s), nm.

    Returns
    -------
    str or None or numpy.ndarray
        The colour class (object array for array input).

    Examples
    --------
    >>> color_from_peak(516.0)
    'green'
    >>> color_from_peak([469, 495, 700, 700.5]).tolist()
    ['blue', 'sky-blue', 'red', 'NIR']
    """
    arr = np.asarray(peak_nm, dtype=float)
    if np.any(arr[np.isfinite(arr)] <= 0) or np.any(np.isinf(arr)):
        raise ParameterError(f"peak_nm must be finite and > 0, got {peak_nm!r}")
    idx = np.searchsorted(np.asarray(COLOR_EDGES_NM[1:]), arr, side="right")
    labels = np.array(COLORS[:5], dtype=object)[np.clip(idx, 0, 4)]
    labels = np.where(arr > 700.0, "NIR", labels).astype(object)
    labels = np.where(np.isnan(arr), None, labels).astype(object)
    if labels.ndim == 0:
        return labels.item()
    return labels


def parse_lifetime_condition(text: str | None) -> tuple[float, str] | None:
    """Parse a ``lifetime_condition`` cell: ``"1000 cd/m2"`` -> ``(1000.0, "cd/m2")``.

    The cell is ``"<number> <unit>"`` with unit one of :data:`CONDITION_UNITS`
    (literature_schema.md).  Empty / None gives None.  Anything else raises
    :class:`ParameterError`.

    Parameters
    ----------
    text : str or None
        Cell value.

    Returns
    -------
    tuple of (float, str) or None
        The number and its unit.

    Raises
    ------
    ParameterError
        For a cell that is not ``"<number> <unit>"`` with a known unit.

    Examples
    --------
    >>> parse_lifetime_condition("1000 cd/m2")
    (1000.0, 'cd/m2')
    >>> parse_lifetime_condition("0.33 mA/cm2")
    (0.33, 'mA/cm2')
    """
    if _missing(text):
        return None
    s = str(text)
    if not s.strip():
        return None
    m = _CONDITION_RE.match(s)
    if not m:
        raise ParameterError(
            f"lifetime_condition {s!r}: expected '<number> <unit>', "
            f"unit one of {', '.join(CONDITION_UNITS)}"
        )
    value = float(m.group(1))
    unit = m.group(2)
    if unit not in CONDITION_UNITS:
        raise ParameterError(
            f"lifetime_condition {s!r}: unknown unit {unit!r}, "
            f"expected one of {', '.join(CONDITION_UNITS)}"
        )
    if not value > 0 or not math.isfinite(value):
        raise ParameterError(f"lifetime_condition {s!r}: value must be finite and > 0")
    return value, unit


def parse_qualifiers(text: str | None, columns=None) -> dict[str, str]:
    """Parse a ``qualifiers`` cell: ``"eqe_pct:>;lifetime_h:~"`` -> ``{"eqe_pct": ">", ...}``.

    Symbols are those of :data:`QUALIFIER_SYMBOLS`.  With ``columns`` given, every
    qualified column must be one of them.  A column qualified twice is an error.

    Parameters
    ----------
    text : str or None
        Cell value.
    columns : sequence of str, optional
        Columns of the table; every qualified column must be one of them.

    Returns
    -------
    dict of str to str
        Column -> symbol.

    Raises
    ------
    ParameterError
        For an unknown symbol or column or a column qualified twice.

    Examples
    --------
    >>> parse_qualifiers("eqe_pct:>;lifetime_h:~")
    {'eqe_pct': '>', 'lifetime_h': '~'}
    """
    out: dict[str, str] = {}
    if _missing(text):
        return out
    for item in str(text).split(";"):
        item = item.strip()
        if not item:
            continue
        col, sep, sym = item.rpartition(":")
        col, sym = col.strip(), sym.strip()
        if not sep or not col:
            raise ParameterError(f"qualifier {item!r}: expected 'column:symbol'")
        if sym not in QUALIFIER_SYMBOLS:
            raise ParameterError(
                f"qualifier {item!r}: symbol must be one of {' '.join(QUALIFIER_SYMBOLS)}"
            )
        if columns is not None and col not in columns:
            raise ParameterError(f"qualifier {item!r}: {col!r} is not a column of the file")
        if col in out:
            raise ParameterError(f"qualifier {item!r}: column {col!r} qualified twice")
        out[col] = sym
    return out


def _split_outside_parentheses(text: str, sep: str = ";") -> list[str]:
    """Split ``text`` at ``sep`` except inside (...) so details may contain ``;``."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def parse_flags(text: str | None) -> dict[str, str | None]:
    """Parse a ``flags`` cell: ``"cd_cm2_typo_fixed;several_refs=23,24"``.

    Returns ``{code: detail_or_None}`` in order.  Codes are short identifiers
    (letters, digits, ``_ . + -``); the detail after the first ``=`` is free text
    (a ``;`` inside parentheses belongs to the detail).

    Parameters
    ----------
    text : str or None
        Cell value; empty or None gives ``{}``.

    Returns
    -------
    dict of str to str or None
        Flag code -> detail (None without ``=``), in order of appearance.

    Raises
    ------
    ParameterError
        For an empty or malformed code or a code given twice.

    Examples
    --------
    >>> parse_flags("cd_cm2_typo_fixed;several_refs=23,24")
    {'cd_cm2_typo_fixed': None, 'several_refs': '23,24'}
    """
    out: dict[str, str | None] = {}
    if _missing(text):
        return out
    for item in _split_outside_parentheses(str(text)):
        item = item.strip()
        if not item:
            continue
        code, sep, detail = item.partition("=")
        code = code.strip()
        if not _FLAG_RE.match(code):
            raise ParameterError(
                f"flag {item!r}: code must be letters, digits or _.+- (then optional =detail)"
            )
        out[code] = detail.strip() if sep else None
    return out


def check_lifetime_metric(text: str | None) -> str | None:
    """Validate a ``lifetime_metric`` cell (``T50``, ``T90``, ``T95``, ``T50,Lum`` ...).

    Parameters
    ----------
    text : str or None
        Cell value.

    Returns
    -------
    str or None
        The stripped metric, None for an empty cell.

    Raises
    ------
    ParameterError
        If the cell is not ``T<percent>`` optionally followed by ``,<quantity>``.

    Examples
    --------
    >>> check_lifetime_metric(" T50,Lum "), check_lifetime_metric("")
    ('T50,Lum', None)
    """
    if _missing(text) or not str(text).strip():
        return None
    s = str(text).strip()
    if not _METRIC_RE.match(s):
        raise ParameterError(f"lifetime_metric {s!r}: expected 'T<percent>' such as T50 or T95")
    return s


def metric_percent(text: str) -> int:
    """Retained-output percentage of a lifetime metric: ``"T95"`` -> 95, ``"T50,EQE"`` -> 50.

    Parameters
    ----------
    text : str
        A lifetime metric such as ``"T95"`` or ``"T50,EQE"``.

    Returns
    -------
    int
        The retained-output percentage.

    Examples
    --------
    >>> metric_percent("T95"), metric_percent("T50,EQE")
    (95, 50)
    """
    m = re.match(r"^T(\d{1,2})", str(text).strip())
    if not m:
        raise ParameterError(f"lifetime_metric {text!r}: expected 'T<percent>'")
    return int(m.group(1))


def is_numeric_extra(column: str) -> bool:
    """True if a table-specific extra column is numeric by its unit suffix.

    Parameters
    ----------
    column : str
        Column name of a table-specific extra column.

    Returns
    -------
    bool
        True if the name ends in a unit suffix of :data:`NUMERIC_SUFFIXES`.

    Examples
    --------
    >>> is_numeric_extra("grain_size_nm"), is_numeric_extra("ligand")
    (True, False)
    """
    return column.lower().endswith(tuple(s.lower() for s in NUMERIC_SUFFIXES))
