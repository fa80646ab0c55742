"""Display-specific parameter check complementing :mod:`peled.validation`."""

from __future__ import annotations

import numpy as np

from peled.errors import ParameterError


def fill_array(name: str, value) -> np.ndarray:
    """``value`` as a float array; every element in (0, 1] (a fill factor or area fraction).

    Unlike :func:`peled.validation.fraction_array` ([0, 1]) zero is rejected: a fill factor
    of zero leaves no emitting area.
    """
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a <= 0) or np.any(a > 1):
        raise ParameterError(f"{name} must lie in (0, 1], got {value!r}")
    return a
