"""Error hierarchy of peled.

Every error caused by bad input is a :class:`PeledError`.  Its message names the
file, line/column or parameter and what was expected, so the CLI can print it
on one line (``error: <message>``) and exit with status 2.
"""

from __future__ import annotations

__all__ = [
    "FileFormatError",
    "FitError",
    "MAX_MESSAGE_CHARS",
    "OutputError",
    "ParameterError",
    "PeledError",
    "SpectrumError",
    "UnitError",
    "one_line",
    "require_positive",
]

#: Longest error message printed or stored, in characters; quoted input beyond it is cut.
MAX_MESSAGE_CHARS = 600


def one_line(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` as one printable line of at most about ``limit`` characters.

    Error messages quote user input (a file's first line, an option value); a 200 MB
    one-line file must not become 200 MB on stderr or in a report.  Line breaks and other
    control characters are escaped (``\\n``, ``\\x1b``), characters that cannot be encoded
    (undecodable file names) are shown as escapes, and the middle of a longer text is
    replaced by ``[... N characters omitted ...]`` so that the head (file, line,
    parameter) and the tail (what would fix it) stay readable.

    Parameters
    ----------
    text : str
        The message.
    limit : int
        Number of characters kept (head and tail together).

    Returns
    -------
    str
        The printable one-line message.

    Examples
    --------
    >>> one_line("a.csv:1: bad row 'x\\ny'")
    "a.csv:1: bad row 'x\\\\ny'"
    >>> one_line("v" * 1000, limit=20)
    'vvvvvvvvvvvvv[... 980 characters omitted ...]vvvvvvv'
    """
    text = str(text)
    if len(text) > limit:
        head = limit * 2 // 3
        tail = limit - head
        text = (text[:head] + f"[... {len(text) - head - tail} characters omitted ...]"
                + text[len(text) - tail:])
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append(" ")
        else:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
    return "".join(out)


class PeledError(Exception):
    """Base class of all input errors raised by peled.

    ``str(error)`` is the message as one printable line cut to :data:`MAX_MESSAGE_CHARS`
    (:func:`one_line`), wherever it is shown: stderr, ``index.html``, ``results.json``.
    """

    def __str__(self) -> str:
        return one_line(super().__str__())


class ParameterError(PeledError, ValueError):
    """A non-physical or out-of-domain parameter value."""


class FileFormatError(PeledError):
    """A malformed input file; the message names the file and, where known, the line."""

    def __init__(self, path: object, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class SpectrumError(PeledError, ValueError):
    """A spectrum that violates the invariants of :class:`peled.spectra.Spectrum`."""


class UnitError(PeledError, ValueError):
    """An unknown or inconsistent unit."""


class FitError(PeledError, ValueError):
    """A model fit that cannot be set up from the data or did not converge."""


class OutputError(PeledError, OSError):
    """An output that cannot be written; the message names the output path (not a temporary)."""


def require_positive(name: str, value: float, *, allow_zero: bool = False) -> float:
    """Check that a scalar parameter is finite and positive; return it as a float.

    Parameters
    ----------
    name : str
        Parameter name used in the error message (with its unit suffix, e.g.
        ``"thickness_m"``).
    value : float
        The value to check.
    allow_zero : bool, optional
        Accept 0 (the bound becomes ``>= 0``); default False.

    Returns
    -------
    float
        ``value`` converted to float.

    Raises
    ------
    ParameterError
        If ``value`` is NaN, infinite, negative, or zero without ``allow_zero``.

    Examples
    --------
    >>> require_positive("thickness_m", 50e-9)
    5e-08
    >>> require_positive("thickness_m", -1)
    Traceback (most recent call last):
    ...
    peled.errors.ParameterError: thickness_m must be > 0, got -1
    """
    v = float(value)
    if not (v == v) or v in (float("inf"), float("-inf")):
        raise ParameterError(f"{name} must be finite, got {value!r}")
    if v < 0 or (v == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ParameterError(f"{name} must be {bound}, got {value!r}")
    return v
