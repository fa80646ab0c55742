"""Find the numeric data block of a spectrometer text export.

A text export is a header (free text, ``key: value`` or ``key=value`` metadata,
``#`` comments, a column-name line) followed by a block of lines holding two or
more numbers, optionally followed by a footer.  The separator (comma, semicolon,
tab or whitespace) and decimal mark (dot or comma) are detected together: the
dialect whose longest run of consecutive numeric lines is longest wins.  This
module only locates and tokenises the block; the checks that name a line
(NaN, order, sign) live in :mod:`peled.spectra.readers`.  It reads spectrometer
exports (StellarNet ``.IRR``, OceanView, Avantes, LabSpec); column tables read through
:mod:`peled.io.table`, which shares its dialects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError
from peled.io.files import excerpt, read_text_file

__all__ = [
    "DIALECTS",
    "Dialect",
    "NumericBlock",
    "find_numeric_block",
    "is_metadata",
    "read_lines",
    "strip_comment",
]

_NUMBER = re.compile(
    r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|nan|inf|infinity)", re.IGNORECASE
)
_COMMENT_CHARS = "#%!"
_SAMPLE = 2000


@dataclass(frozen=True)
class Dialect:
    """Column separator (``None`` = any whitespace) and decimal mark."""

    sep: str | None
    decimal: str

    def split(self, line: str) -> list[str]:
        """Split ``line`` into stripped, unquoted fields (trailing empty fields dropped)."""
        parts = line.split() if self.sep is None else line.split(self.sep)
        fields = [p.strip().strip("\"'").strip() for p in parts]
        while fields and fields[-1] == "":
            fields.pop()
        return fields

    def number(self, token: str) -> float | None:
        """Parse one field as a float in this dialect, or ``None``."""
        if self.decimal == ",":
            if "." in token:
                return None
            token = token.replace(",", ".")
        if not _NUMBER.fullmatch(token):
            return None
        return float(token)

    def numbers(self, line: str) -> list[float] | None:
        """All fields of ``line`` as floats if every field is a number, else ``None``."""
        fields = self.split(line)
        if not fields:
            return None
        values = [self.number(f) for f in fields]
        if any(v is None for v in values):
            return None
        return values  # type: ignore[return-value]

    def describe(self) -> str:
        name = {None: "whitespace", "\t": "tab", ",": "comma", ";": "semicolon"}[self.sep]
        mark = "comma" if self.decimal == "," else "dot"
        return f"{name}-separated, {mark} decimal"


#: Candidate dialects in order of preference (earlier wins ties).
DIALECTS = (
    Dialect("\t", "."),
    Dialect(",", "."),
    Dialect(";", "."),
    Dialect(";", ","),
    Dialect("\t", ","),
    Dialect(None, "."),
    Dialect(None, ","),
)


@dataclass(frozen=True)
class NumericBlock:
    """The located data block: rows ``(K, C)`` and their 1-based line numbers."""

    values: np.ndarray
    line_numbers: np.ndarray
    dialect: Dialect
    header: tuple[tuple[int, str], ...]  # (line number, text) of lines before the block


def read_lines(path: str | Path) -> list[str]:
    """Lines of a text file under the policy of :func:`peled.io.files.read_text_file`.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    list of str
        Its lines without line ends.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); f = d / "s.txt"
    >>> _ = f.write_bytes(b"500\\t1\\r\\n510\\t2\\r\\n")
    >>> read_lines(f)
    ['500\\t1', '510\\t2']
    >>> f.unlink(); d.rmdir()
    """
    return list(read_text_file(path).lines)


def _longest_run(flags: list[int]) -> tuple[int, int]:
    """(start, length) of the longest run of consecutive lines with >= 2 numbers."""
    best_start, best_len, start = 0, 0, None
    for k, n in enumerate([*flags, 0]):
        if n >= 2:
            if start is None:
                start = k
        elif start is not None:
            if k - start > best_len:
                best_start, best_len = start, k - start
            start = None
    return best_start, best_len


def _counts(dialect: Dialect, lines: list[str]) -> list[int]:
    return [len(v) if (v := dialect.numbers(s)) is not None else 0 for s in lines]


def _choose_dialect(lines: list[str], min_run: int) -> Dialect | None:
    """The dialect with the longest run (>= ``min_run``) of numeric lines; ties: earlier."""
    best, best_len = None, min_run - 1
    for dialect in DIALECTS:
        length = _longest_run(_counts(dialect, lines))[1]
        if length > best_len:
            best, best_len = dialect, length
    return best


def _looks_like_data(dialect: Dialect, line: str) -> bool:
    fields = dialect.split(line)
    return bool(fields) and dialect.number(fields[0]) is not None


def _fail_line(path, dialect: Dialect, lineno: int, line: str, ncols: int):
    want = "two numbers" if ncols == 2 else f"{ncols} numbers"
    if not line.strip():
        raise FileFormatError(path, f"blank line inside the data, expected {want}", line=lineno)
    raise FileFormatError(
        path, f"expected {want}, got {excerpt(line)} ({dialect.describe()} data)", line=lineno
    )


def find_numeric_block(path: str | Path, lines: list[str]) -> NumericBlock:
    """Locate the numeric block of ``lines`` (from file ``path``) or raise.

    Parameters
    ----------
    path : str or Path
        The file the lines come from (named in errors).
    lines : list of str
        Its lines.

    Returns
    -------
    NumericBlock
        The rows of numbers, their line numbers, the dialect and the header lines above.

    Raises
    ------
    FileFormatError
        With the 1-based line: an empty file, data with a single column, a non-numeric
        line inside the block (text between two runs of data, or a line starting with a
        number that does not parse) and rows with a different number of columns.

    Examples
    --------
    >>> b = find_numeric_block("s.txt", ["Wavelength;Counts", "500,5;1", "501,5;2"])
    >>> b.values.tolist(), b.line_numbers.tolist(), b.dialect.describe()
    ([[500.5, 1.0], [501.5, 2.0]], [2, 3], 'semicolon-separated, comma decimal')
    """
    if not any(s.strip() for s in lines):
        raise FileFormatError(path, "file is empty; expected two columns of numbers", line=1)
    # Choose the dialect on at most ~_SAMPLE evenly spaced lines (long files), then
    # tokenise every line with the chosen dialect only.
    dialect = _choose_dialect(lines[:: -(-len(lines) // _SAMPLE)], min_run=3)
    if dialect is None:  # short data block missed by the sample: scan every line
        dialect = _choose_dialect(lines, min_run=1) or DIALECTS[0]
    parsed = [dialect.numbers(s) for s in lines]
    counts = [len(v) if v is not None else 0 for v in parsed]
    start, length = _longest_run(counts)
    if length == 0:
        _no_block(path, lines)
    stop = start + length
    ncols = counts[start]
    for k in range(start, stop):
        if counts[k] != ncols:
            _fail_line(path, dialect, k + 1, lines[k], ncols)
    # Text inside the data: a line before the block that starts like a data row ...
    if start > 0 and _looks_like_data(dialect, lines[start - 1]):
        _fail_line(path, dialect, start, lines[start - 1], ncols)
    # ... an earlier data row (same column count) separated from the block by text ...
    earlier = [k for k in range(start) if counts[k] == ncols]
    if earlier:
        k = earlier[-1] + 1
        _fail_line(path, dialect, k + 1, lines[k], ncols)
    # ... or data rows after the block, or a broken row right after it.
    if any(counts[k] >= 2 for k in range(stop, len(lines))):
        _fail_line(path, dialect, stop + 1, lines[stop], ncols)
    after = [k for k in range(stop, len(lines)) if lines[k].strip()]
    if after and _looks_like_data(dialect, lines[after[0]]):
        _fail_line(path, dialect, after[0] + 1, lines[after[0]], ncols)
    rows = parsed[start:stop]
    header = tuple((k + 1, lines[k]) for k in range(start) if lines[k].strip())
    return NumericBlock(
        values=np.array(rows, dtype=float),
        line_numbers=np.arange(start + 1, stop + 1),
        dialect=dialect,
        header=header,
    )


def _no_block(path, lines: list[str]):
    """Explain why no line holds two numbers (one-column data or no data at all)."""
    for dialect in DIALECTS:
        for k, s in enumerate(lines):
            v = dialect.numbers(s)
            if v is not None and len(v) == 1:
                raise FileFormatError(
                    path,
                    f"only one column ({excerpt(s)}); expected wavelength and intensity",
                    line=k + 1,
                )
    first = next(k for k, s in enumerate(lines) if s.strip())
    raise FileFormatError(
        path,
        "no data lines found; expected two columns of numbers such as '532.0,0.87' "
        f"(first line: {excerpt(lines[first], 60)})",
        line=first + 1,
    )


def is_metadata(line: str) -> bool:
    """True for ``key: value`` / ``key=value`` lines and banner lines (``>>>...<<<``).

    Parameters
    ----------
    line : str
        One header line.

    Returns
    -------
    bool
        Whether the line is metadata rather than column names.

    Examples
    --------
    >>> is_metadata("XAxis mode: Wavelengths"), is_metadata("Wave;Sample")
    (True, False)
    """
    s = line.strip().lstrip(_COMMENT_CHARS).strip()
    if not s or s.startswith((">>>", "<<<", "---", "===", "***")):
        return True
    if "=" in s:
        return True
    return re.match(r"^[^:]*[A-Za-z)\]]\s*:(\s|$)", s) is not None


def strip_comment(line: str) -> str:
    """The line without leading comment characters (``#``, ``%``, ``!``).

    Parameters
    ----------
    line : str
        One line.

    Returns
    -------
    str
        The stripped line without its leading comment characters.

    Examples
    --------
    >>> strip_comment("  ## XUNITS=NANOMETERS")
    'XUNITS=NANOMETERS'
    """
    return line.strip().lstrip(_COMMENT_CHARS).strip()
