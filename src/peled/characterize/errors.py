"""Errors of the characterisation analyses (all :class:`peled.errors.PeledError`)."""

from __future__ import annotations

from peled.errors import PeledError

__all__ = [
    "AdmittanceError",
    "SCLCError",
    "TAError",
]


class AdmittanceError(PeledError, ValueError):
    """Admittance data that cannot be analysed (no peak, non-monotonic frequency, ...)."""


class SCLCError(PeledError, ValueError):
    """A J-V curve that cannot be analysed (too few points, no positive current, ...)."""


class TAError(PeledError, ValueError):
    """Transient-absorption input that cannot be used (non-positive intensities, ...)."""
