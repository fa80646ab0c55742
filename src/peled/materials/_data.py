"""Read the CSV tables shipped in ``peled/materials/data`` (rows keep their ``source``)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/<name>`` as dicts of strings."""
    path = resources.files("peled.materials") / "data" / name
    with path.open(encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))
