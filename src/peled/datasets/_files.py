"""File helpers shared by the example writers of :mod:`peled.datasets`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def examples_dir(kind: str) -> Path:
    """Folder ``peled/data/examples/<kind>`` inside the installed package."""
    return Path(str(resources.files("peled") / "data" / "examples" / kind))


def output_dir(directory: str | Path) -> Path:
    """``directory`` as a Path, created (with its parents) if missing."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    return out


def write_lines(path: Path, lines: list[str]) -> Path:
    """Write ``lines`` as a UTF-8 text file ending in a newline; returns ``path``."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
