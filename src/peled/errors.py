"""Error hierarchy of peled.

Every error caused by bad input is a :class:`PeledError`.  Its message names the
file, line/column or parameter and what was expected, so the CLI can print it
on one line (``error: <message>``) and exit with status 2.
"""

from __future__ import annotations

__all__ = [
    "FileFormatError",
    "FitError",
    "ParameterError",
    "PeledError",
    "SpectrumError",
    "UnitError",
    "require_positive",
]


class PeledError(Exception):
    """Base class of all input errors raised by peled."""


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
