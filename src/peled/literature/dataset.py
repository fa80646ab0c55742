"""Loading and validating the shipped literature CSVs.

:func:`load` reads every device table shipped in ``peled/literature/data/`` (package
data, found through :mod:`importlib.resources`), checks it against the shared schema of
:mod:`peled.literature.schema` and returns one typed :class:`pandas.DataFrame`.  Two
columns are added for provenance: ``file`` (CSV file name) and ``line`` (1-based line of
the record in that file, the header being line 1).  The ``source`` column of every record
is a citation key (``jang2025``) resolved by :func:`load_sources` (``sources.csv``) into
the full reference of the review the record was transcribed from.

Bad data raises :class:`peled.errors.FileFormatError` whose one-line message names the
file, the line and what was expected, e.g.
``yang2023_table2.csv:14: column 'eqe_pct': '6,27' is not a plain number``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import pandas as pd

from peled.errors import FileFormatError, ParameterError
from peled.literature import schema

__all__ = [
    "EXPECTED_COLUMNS",
    "EXPECTED_FINDINGS_FILE",
    "NON_DEVICE_FILES",
    "SOURCES_FILE",
    "SOURCE_COLUMNS",
    "TARGETS_FILE",
    "TARGET_COLUMNS",
    "available_tables",
    "data_dir",
    "load",
    "load_expected_findings",
    "load_sources",
    "load_targets",
    "read_table",
]

#: Files in the data directory that are not device tables (own schemas).
TARGETS_FILE = "commercial_targets.csv"
EXPECTED_FINDINGS_FILE = "expected_findings.csv"
SOURCES_FILE = "sources.csv"
NON_DEVICE_FILES: frozenset[str] = frozenset({TARGETS_FILE, EXPECTED_FINDINGS_FILE, SOURCES_FILE})

#: Columns of ``sources.csv``: the citation key used in the ``source`` column of the
#: tables and the full reference (empty volume/pages: not yet assigned or not known).
SOURCE_COLUMNS: tuple[str, ...] = (
    "key", "authors", "title", "journal", "year", "volume", "pages", "doi",
)

#: Columns of ``commercial_targets.csv``.
TARGET_COLUMNS: tuple[str, ...] = (
    "target",
    "quantity",
    "relation",
    "value",
    "unit",
    "lifetime_metric",
    "l0_cd_m2",
    "application",
    "source",
    "line",
    "raw",
)

#: Columns of ``expected_findings.csv``.
EXPECTED_COLUMNS: tuple[str, ...] = ("check", "file", "row", "field", "explanation")

#: Grammar of a citation key: first author's family name and year, e.g. ``jang2025``.
_SOURCE_RE = re.compile(r"^[a-z]+\d{4}[a-z]?$")
_NUMBER_RE = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")


def data_dir() -> Path:
    """Directory of the shipped CSVs (package data of :mod:`peled.literature`).

    Returns
    -------
    pathlib.Path
        The ``data`` directory inside the installed :mod:`peled.literature` package.

    Examples
    --------
    >>> (data_dir() / "sources.csv").is_file()
    True
    """
    return Path(str(resources.files("peled.literature") / "data"))


def _directory(directory: str | Path | None) -> Path:
    """``directory`` as a Path, the shipped data directory when None."""
    return Path(directory) if directory is not None else data_dir()


def available_tables(directory: str | Path | None = None) -> list[str]:
    """Names (file stems) of the device tables in a directory.

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Directory to list; default the shipped data (:func:`data_dir`).

    Returns
    -------
    list of str
        Sorted stems of every ``*.csv`` except the files with their own schema
        (:data:`NON_DEVICE_FILES`); empty when the directory does not exist.

    Examples
    --------
    >>> available_tables()[:3]
    ['cao2025_prose', 'headline_records', 'jang2025_milestones']
    """
    d = _directory(directory)
    if not d.is_dir():
        return []
    return sorted(p.stem for p in d.glob("*.csv") if p.name not in NON_DEVICE_FILES)


def _read_records(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (start line, cells) of every record of a CSV file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(path.name, f"not UTF-8 ({exc.reason})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    prev = 0
    try:
        for cells in reader:
            start = prev + 1
            prev = reader.line_num
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if not any(c.strip() for c in cells):
                continue
            records.append((start, cells))
    except csv.Error as exc:
        raise FileFormatError(path.name, f"CSV syntax error: {exc}", prev + 1) from None
    if header is None:
        raise FileFormatError(path.name, "empty file, expected a header row", 1)
    return header, records


def _parse_float(cell: str, col: str, fname: str, line: int) -> float:
    s = cell.strip()
    if not s:
        return math.nan
    if not _NUMBER_RE.match(s):
        raise FileFormatError(fname, f"column {col!r}: {cell!r} is not a plain number", line)
    return float(s)


def _parse_int(cell: str, col: str, fname: str, line: int):
    s = cell.strip()
    if not s:
        return pd.NA
    if not re.fullmatch(r"\d+", s):
        raise FileFormatError(fname, f"column {col!r}: {cell!r} is not an integer", line)
    return int(s)


def _check_range(value, col: str, fname: str, line: int) -> None:
    if col not in schema.RANGES or value is pd.NA or (
        isinstance(value, float) and math.isnan(value)
    ):
        return
    lo, hi = schema.RANGES[col]
    if not (lo <= value <= hi):
        raise FileFormatError(
            fname, f"column {col!r}: {value!r} outside the allowed range [{lo:g}, {hi:g}]", line
        )


def _source_keys(directory: Path) -> frozenset[str]:
    """Citation keys of ``sources.csv`` in ``directory``, else of the shipped table."""
    path = directory / SOURCES_FILE
    if not path.is_file():
        path = data_dir() / SOURCES_FILE
    return frozenset(load_sources(path.parent)["key"])


def _check_source(key: str, keys: frozenset[str], fname: str, line: int) -> None:
    if not _SOURCE_RE.match(key) or key not in keys:
        raise FileFormatError(
            fname, f"column 'source': {key!r} is not a citation key of {SOURCES_FILE} "
            f"(one of {', '.join(sorted(keys))})", line,
        )


def _validate_record(
    rec: dict, fname: str, line: int, columns: list[str], keys: frozenset[str]
) -> None:
    for col in schema.REQUIRED_COLUMNS:
        if not rec[col]:
            raise FileFormatError(fname, f"column {col!r} is empty (provenance is required)", line)
    _check_source(rec["source"], keys, fname, line)
    cls = rec["class"]
    if cls and cls not in schema.CLASSES:
        raise FileFormatError(
            fname, f"column 'class': {cls!r}, expected one of {', '.join(schema.CLASSES)}", line
        )
    color = rec["color"]
    if color and color not in schema.COLORS + schema.EXTRA_COLORS:
        raise FileFormatError(
            fname,
            f"column 'color': {color!r}, expected one of "
            f"{', '.join(schema.COLORS + schema.EXTRA_COLORS)}",
            line,
        )
    x, y = rec["cie_x"], rec["cie_y"]
    if math.isnan(x) != math.isnan(y):
        raise FileFormatError(fname, "cie_x and cie_y must both be given or both empty", line)
    if not math.isnan(x) and x + y > 1.0:
        raise FileFormatError(fname, f"cie_x + cie_y = {x + y:g} > 1 is not a chromaticity", line)
    try:
        schema.parse_lifetime_condition(rec["lifetime_condition"])
        schema.check_lifetime_metric(rec["lifetime_metric"])
        schema.parse_qualifiers(rec["qualifiers"], columns)
        schema.parse_flags(rec["flags"])
    except ParameterError as exc:
        raise FileFormatError(fname, str(exc), line) from None


def read_table(path: str | Path) -> pd.DataFrame:
    """Read and validate one device table of the literature dataset.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV file whose header starts with :data:`peled.literature.schema.COLUMNS`.  Its
        ``source`` values must be keys of the ``sources.csv`` next to it (the shipped
        table when there is none).

    Returns
    -------
    pandas.DataFrame
        One row per record, columns typed by :data:`peled.literature.schema.DTYPES`, the
        table-specific columns after them, then ``file`` (the file name) and ``line``
        (1-based line of the record).

    Raises
    ------
    peled.errors.FileFormatError
        Malformed CSV, a header out of schema order, a non-numeric or out-of-range cell,
        an unknown class, colour or citation key (message names file and line).

    Examples
    --------
    >>> df = read_table(data_dir() / "jiang2024_table1.csv")
    >>> len(df), df["source"].iloc[0], df["file"].iloc[0], int(df["line"].iloc[0])
    (28, 'jiang2024', 'jiang2024_table1.csv', 2)
    """
    path = Path(path)
    fname = path.name
    keys = _source_keys(path.parent)
    header, records = _read_records(path)
    shared = list(schema.COLUMNS)
    if header[: len(shared)] != shared:
        missing = [c for c in shared if c not in header]
        detail = f"missing {missing}" if missing else "shared columns out of order"
        raise FileFormatError(
            fname, f"header must start with the shared columns in schema order ({detail})", 1
        )
    extras = header[len(shared):]
    dup = {c for c in header if header.count(c) > 1}
    if dup or any(not c for c in extras):
        raise FileFormatError(fname, f"duplicate or empty column names {sorted(dup)}", 1)
    numeric_extras = [c for c in extras if schema.is_numeric_extra(c)]
    rows = []
    for line, cells in records:
        if len(cells) != len(header):
            raise FileFormatError(
                fname, f"{len(cells)} cells, expected {len(header)} (one per header column)", line
            )
        rec: dict = {}
        for col, cell in zip(header, cells, strict=True):
            if col in schema.FLOAT_COLUMNS or col in numeric_extras:
                rec[col] = _parse_float(cell, col, fname, line)
            elif col in schema.INT_COLUMNS:
                rec[col] = _parse_int(cell, col, fname, line)
            else:
                rec[col] = cell if col == "raw" else cell.strip()
            _check_range(rec[col], col, fname, line)
        _validate_record(rec, fname, line, header, keys)
        rec["file"] = fname
        rec["line"] = line
        rows.append(rec)
    df = pd.DataFrame(rows, columns=header + ["file", "line"])
    return _typed(df, extras, numeric_extras)


def _typed(df: pd.DataFrame, extras: list[str], numeric_extras: list[str]) -> pd.DataFrame:
    out = df.copy()
    for col in schema.COLUMNS:
        if schema.DTYPES[col] == "string":
            out[col] = out[col].replace("", pd.NA).astype("string")
        else:
            out[col] = out[col].astype(schema.DTYPES[col])
    for col in extras:
        if col in numeric_extras:
            out[col] = out[col].astype("float64")
            continue
        vals = out[col].replace("", pd.NA)
        nonempty = vals.dropna()
        if len(nonempty) and nonempty.map(lambda s: bool(_NUMBER_RE.match(str(s)))).all():
            out[col] = pd.to_numeric(vals).astype("float64")
        else:
            out[col] = vals.astype("string")
    out["file"] = out["file"].astype("string")
    out["line"] = out["line"].astype("int64")
    return out


def load(tables: Iterable[str] | str | None = None, directory: str | Path | None = None):
    """All shipped literature records as one validated :class:`pandas.DataFrame`.

    Parameters
    ----------
    tables : str or iterable of str, optional
        File stems to load (e.g. ``["jang2025_table3", "yang2023_table2"]``); default all
        device tables (every ``*.csv`` except :data:`NON_DEVICE_FILES`).
    directory : str or pathlib.Path, optional
        Directory to read instead of the package data (used by tests).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`peled.literature.schema.COLUMNS`, then every table-specific extra
        column (union over files; missing cells NaN/<NA>), then ``file`` and ``line``.

    Raises
    ------
    peled.errors.FileFormatError
        Bad data (the message names the file and line).
    peled.errors.ParameterError
        An unknown table name.

    Examples
    --------
    >>> df = load(["jang2025_table3", "yang2023_table2"])
    >>> len(df), sorted(df["source"].unique())
    (48, ['jang2025', 'yang2023'])
    """
    d = _directory(directory)
    names = available_tables(d)
    if tables is None:
        selected = names
    else:
        selected = [tables] if isinstance(tables, str) else list(tables)
        unknown = [t for t in selected if t not in names]
        if unknown:
            raise ParameterError(
                f"unknown literature table(s) {unknown}; available: {', '.join(names) or 'none'}"
            )
    frames = [read_table(d / f"{name}.csv") for name in selected]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype=schema.DTYPES[c]) for c in schema.COLUMNS})
        empty["file"] = pd.Series(dtype="string")
        empty["line"] = pd.Series(dtype="int64")
        return empty
    frames = [f for f in frames if len(f)] or frames[:1]
    df = pd.concat(frames, ignore_index=True, sort=False)
    extras = [c for c in df.columns if c not in schema.COLUMNS and c not in ("file", "line")]
    ordered = list(schema.COLUMNS) + extras + ["file", "line"]
    df = df[ordered]
    for col in schema.COLUMNS:
        df[col] = df[col].astype(schema.DTYPES[col])
    return df


def _read_simple(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    header, records = _read_records(path)
    if tuple(header) != columns:
        raise FileFormatError(path.name, f"header must be {','.join(columns)}", 1)
    out = []
    for line, cells in records:
        if len(cells) != len(header):
            raise FileFormatError(path.name, f"{len(cells)} cells, expected {len(header)}", line)
        out.append((line, dict(zip(header, cells, strict=True))))
    return out


def load_targets(directory: str | Path | None = None) -> pd.DataFrame:
    """The commercial targets quoted in the reviews (``commercial_targets.csv``).

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Directory holding ``commercial_targets.csv``; default the shipped data.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TARGET_COLUMNS`: ``quantity`` is a dataset column (``eqe_pct``,
        ``lifetime_h``, ``luminance_cd_m2``, ``ppi``), ``relation`` one of ``>``, ``>=``,
        ``~``; ``lifetime_metric``/``l0_cd_m2`` (cd/m2) qualify lifetime targets;
        ``source`` is the citation key of the review, ``line`` the line of the quoted
        sentence in its plain-text copy and ``raw`` the verbatim text fragment.

    Raises
    ------
    peled.errors.FileFormatError
        A bad header, number, relation or citation key (file and line named).

    Examples
    --------
    >>> t = load_targets().set_index("target")
    >>> row = t.loc["t95_tv_mobile"]
    >>> float(row["value"]), row["lifetime_metric"], float(row["l0_cd_m2"]), row["source"]
    (10000.0, 'T95', 1000.0, 'jang2025')
    """
    d = _directory(directory)
    keys = _source_keys(d)
    path = d / TARGETS_FILE
    rows = []
    for line, rec in _read_simple(path, TARGET_COLUMNS):
        try:
            value = float(rec["value"])
            l0 = float(rec["l0_cd_m2"]) if rec["l0_cd_m2"].strip() else math.nan
            src_line = int(rec["line"])
        except ValueError:
            raise FileFormatError(
                path.name, "value, l0_cd_m2 and line must be numbers", line
            ) from None
        if not rec["raw"].strip():
            raise FileFormatError(path.name, "column 'raw' (the quoted text) is required", line)
        _check_source(rec["source"], keys, path.name, line)
        if rec["relation"] not in (">", ">=", "~"):
            raise FileFormatError(path.name, f"relation {rec['relation']!r}, expected > >= ~", line)
        rows.append({**rec, "value": value, "l0_cd_m2": l0, "line": src_line})
    return pd.DataFrame(rows, columns=list(TARGET_COLUMNS))


def load_expected_findings(directory: str | Path | None = None) -> pd.DataFrame:
    """The reviewed findings of the consistency checker (``expected_findings.csv``).

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Directory holding ``expected_findings.csv``; default the shipped data.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EXPECTED_COLUMNS`: ``check``, ``file``, ``row``, ``field`` and
        ``explanation`` (why the printed row is inconsistent and why the data keep it as
        printed); empty when the file does not exist.

    Raises
    ------
    peled.errors.FileFormatError
        A bad header or an empty explanation.

    Examples
    --------
    >>> load_expected_findings()[["check", "file", "row"]].values.tolist()
    [['ce_eqe', 'yang2023_table2.csv', '11'], ['cie_peak', 'yang2023_table2.csv', '21']]
    """
    d = _directory(directory)
    path = d / EXPECTED_FINDINGS_FILE
    if not path.exists():
        return pd.DataFrame(columns=list(EXPECTED_COLUMNS))
    rows = []
    for line, rec in _read_simple(path, EXPECTED_COLUMNS):
        if not rec["explanation"].strip():
            raise FileFormatError(path.name, "explanation must not be empty", line)
        rows.append(rec)
    return pd.DataFrame(rows, columns=list(EXPECTED_COLUMNS))


def load_sources(directory: str | Path | None = None) -> pd.DataFrame:
    """The references behind the ``source`` citation keys (``sources.csv``).

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Directory holding ``sources.csv``; default the shipped data.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SOURCE_COLUMNS`, one row per review: ``key`` (the value of the
        ``source`` column of the tables), ``authors``, ``title``, ``journal``, ``year``
        (int), ``volume`` and ``pages`` (empty when not known) and ``doi``.

    Raises
    ------
    peled.errors.FileFormatError
        A bad header, a key that is not a citation key (family name + year), a
        duplicate key or a non-integer year.

    Examples
    --------
    >>> src = load_sources().set_index("key")
    >>> src.loc["jiang2024", ["journal", "year", "volume", "pages"]].astype(str).tolist()
    ['Nanoscale', '2024', '16', '3838']
    >>> src.loc["jang2025", "doi"]
    '10.1002/adma.202415648'
    """
    d = _directory(directory)
    path = d / SOURCES_FILE
    if not path.is_file():
        raise FileFormatError(str(path), f"not found; the citation keys need {SOURCES_FILE}")
    rows = []
    seen: set[str] = set()
    for line, rec in _read_simple(path, SOURCE_COLUMNS):
        key = rec["key"].strip()
        if not _SOURCE_RE.match(key):
            raise FileFormatError(
                path.name, f"key {key!r} is not a citation key like 'jang2025'", line
            )
        if key in seen:
            raise FileFormatError(path.name, f"duplicate key {key!r}", line)
        seen.add(key)
        if not re.fullmatch(r"\d{4}", rec["year"].strip()):
            raise FileFormatError(path.name, f"year {rec['year']!r} is not a 4-digit year", line)
        rows.append({**{k: v.strip() for k, v in rec.items()}, "year": int(rec["year"])})
    return pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
