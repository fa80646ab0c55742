"""Marking of output folders written by peled.

Every folder that a peled command writes as a whole (``peled demo``, ``peled report``,
``peled film simulate -o``, ...) carries the marker file :data:`OUTPUT_MARKER`.  Such a
folder may be replaced by the next run; any other non-empty folder is never replaced
(:func:`peled.cli._common.atomic_path`), and batch discovery does not mistake a marked
folder for a device.
"""

from __future__ import annotations

from pathlib import Path

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
