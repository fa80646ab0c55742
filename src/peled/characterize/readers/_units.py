"""Unit-key normalisation shared by the characterisation readers."""

from __future__ import annotations

import re

__all__ = ["unit_key"]


def unit_key(unit: str) -> str:
    u = unit.translate(str.maketrans({"²": "2", "¹": "1", "⁻": "-", "µ": "u", "μ": "u"}))
    return re.sub(r"[\s_/^·*.]", "", u).lower().replace("-1", "").replace("−1", "")


