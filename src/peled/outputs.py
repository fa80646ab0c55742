"""Outputs written by peled: JSON-safe values and the marking of output folders.

Every folder that a peled command writes as a whole (``peled demo``, ``peled report``,
``peled film simulate -o``, ...) carries the marker file :data:`OUTPUT_MARKER`.  Such a
folder may be replaced by the next run; any other non-empty folder is never replaced
(:func:`peled.cli._common.atomic_path`), and batch discovery does not mistake a marked
folder for a device.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

#: Name of the marker file inside every output folder written by peled.
OUTPUT_MARKER = ".peled-output"


def is_peled_output(folder: str | Path) -> bool:
    """True if ``folder`` was written as a whole by a peled command."""
    return (Path(folder) / OUTPUT_MARKER).is_file()


def mark_output(folder: str | Path) -> None:
    """Write the marker into ``folder`` (called before the folder is renamed into place)."""
    (Path(folder) / OUTPUT_MARKER).write_text(
        "written by peled; the next run of the same command replaces this folder as a whole\n"
    )

def to_jsonable(obj: Any) -> Any:
    """Convert NumPy scalars/arrays, dataclasses and non-finite floats (-> null)."""
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        return to_jsonable(obj.item())
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Path):
        return str(obj)
    return obj
