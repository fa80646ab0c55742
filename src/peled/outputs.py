"""Outputs written by peled: JSON-safe values, safe CSV cells and the marking of output folders.

Every folder that a peled command writes as a whole (``peled demo``, ``peled report``,
``peled film simulate -o``, ...) carries the marker file :data:`OUTPUT_MARKER`, which
lists every file and sub-folder peled wrote there.  peled removes only what it wrote:
the next run may replace a marked folder that holds nothing but the listed entries; a
folder that now also holds foreign entries (a user's notes, an analysis sub-folder) is
replaced only on request (``--overwrite``), and a non-empty folder without the marker
never (:func:`peled.cli._common.atomic_path`).  Batch discovery does not mistake a
marked folder for a device.

Temporary and backup names beside an output are unique and carry the writing process's
id (:func:`temporary_name`), so that a later run can recognise and remove the leftovers
of a killed run (:func:`stale_temporaries`) and never touches a user's ``.NAME.old``.
"""

from __future__ import annotations

import math
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "OUTPUT_MARKER",
    "csv_safe_cell",
    "foreign_entries",
    "is_peled_output",
    "mark_output",
    "printable_name",
    "recorded_entries",
    "stale_temporaries",
    "temporary_name",
    "to_jsonable",
]

#: Name of the marker file inside every output folder written by peled.
OUTPUT_MARKER = ".peled-output"

_MARKER_HEADER = (
    "written by peled; the next run of the same command replaces this folder as a whole "
    "if it holds only the entries listed below (anything else needs --overwrite)\n"
)

#: Infix of the temporary and backup names peled creates beside an output.
_TEMP_INFIX = ".peled-"


def is_peled_output(folder: str | Path) -> bool:
    """True if ``folder`` was written as a whole by a peled command.

    Parameters
    ----------
    folder : str or Path
        A folder (need not exist).

    Returns
    -------
    bool
        Whether ``folder`` holds the :data:`OUTPUT_MARKER` file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     before = is_peled_output(d)
    ...     mark_output(d)
    ...     (before, is_peled_output(d))
    (False, True)
    """
    marker = Path(folder) / OUTPUT_MARKER
    return marker.is_file() and not marker.is_symlink()


def _entries(folder: Path) -> list[str]:
    """Relative POSIX paths of every entry below ``folder`` (folders end in '/').

    Symbolic links are listed but not followed; the marker itself is left out.
    """
    out: list[str] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        rel = Path(root).relative_to(folder)
        for d in dirs:
            p = (rel / d).as_posix()
            out.append(p if (Path(root) / d).is_symlink() else p + "/")
        for f in files:
            p = (rel / f).as_posix()
            if p != OUTPUT_MARKER:
                out.append(p)
    return sorted(out)


def mark_output(folder: str | Path) -> None:
    """Write the marker listing every entry of ``folder`` (before it is renamed into place).

    Parameters
    ----------
    folder : str or Path
        The finished output folder.

    Raises
    ------
    OSError
        When the marker cannot be written (read-only or missing folder).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "index.html").write_text("<html/>")
    ...     mark_output(d)
    ...     recorded_entries(d)
    {'index.html'}
    """
    folder = Path(folder)
    entries = _entries(folder)
    (folder / OUTPUT_MARKER).write_text(
        _MARKER_HEADER + "".join(e + "\n" for e in entries), encoding="utf-8",
        errors="surrogateescape")


def recorded_entries(folder: str | Path) -> set[str] | None:
    """The entries the marker of ``folder`` says peled wrote.

    Parameters
    ----------
    folder : str or Path
        A marked output folder.

    Returns
    -------
    set of str or None
        Relative POSIX paths (folders end in '/'); None when ``folder`` has no marker or
        a marker of an earlier peled that did not list its files.

    Examples
    --------
    >>> recorded_entries("/nonexistent-folder") is None
    True
    """
    marker = Path(folder) / OUTPUT_MARKER
    if not is_peled_output(folder):
        return None
    text = marker.read_text(encoding="utf-8", errors="surrogateescape")
    if not text.startswith(_MARKER_HEADER):
        return None
    return {line for line in text[len(_MARKER_HEADER):].splitlines() if line}


def foreign_entries(folder: str | Path) -> list[str]:
    """Entries of an existing output folder that peled did not write there.

    Parameters
    ----------
    folder : str or Path
        An existing folder.

    Returns
    -------
    list of str
        Relative POSIX paths (folders end in '/') not listed by the marker, sorted;
        every entry when the folder has no listing marker.  A foreign folder is named
        once (not its contents).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "index.html").write_text("<html/>")
    ...     mark_output(d)
    ...     _ = (Path(d) / "notes.txt").write_text("mine")
    ...     (Path(d) / "analysis").mkdir()
    ...     _ = (Path(d) / "analysis" / "fit.py").write_text("")
    ...     foreign_entries(d)
    ['analysis/', 'notes.txt']
    """
    folder = Path(folder)
    known = recorded_entries(folder) or set()
    foreign: list[str] = []
    for e in _entries(folder):
        if e in known or any(e.startswith(f) for f in foreign if f.endswith("/")):
            continue
        foreign.append(e)
    return foreign


def temporary_name(target: str | Path, kind: str = "tmp") -> Path:
    """A unique hidden name beside ``target`` for a temporary or backup copy.

    The name is ``.NAME.peled-KIND-PID-RANDOM``: unique (never a fixed ``.NAME.old``),
    and it carries the id of the writing process so that :func:`stale_temporaries` can
    tell a leftover of a killed run from one still being written.

    Parameters
    ----------
    target : str or Path
        The output path.
    kind : {'tmp', 'old'}
        A temporary result or a backup of the previous output.

    Returns
    -------
    Path
        A path in ``target``'s folder that does not exist yet.

    Examples
    --------
    >>> p = temporary_name("/data/rep")
    >>> p.parent.as_posix(), p.name.startswith(".rep.peled-tmp-")
    ('/data', True)
    """
    target = Path(target)
    while True:
        p = target.with_name(
            f".{target.name}{_TEMP_INFIX}{kind}-{os.getpid()}-{secrets.token_hex(4)}")
        if not os.path.lexists(p):
            return p


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OverflowError:
        return False
    return True


def stale_temporaries(target: str | Path) -> list[Path]:
    """Temporary and backup copies of ``target`` left behind by a killed peled run.

    Parameters
    ----------
    target : str or Path
        The output path.

    Returns
    -------
    list of Path
        Siblings named by :func:`temporary_name` for ``target`` whose process no longer
        runs (a copy of a run still going is never listed).

    Examples
    --------
    >>> stale_temporaries("/nonexistent-folder/rep")
    []
    """
    target = Path(target)
    pattern = re.compile(
        re.escape(f".{target.name}{_TEMP_INFIX}") + r"(?:tmp|old)-(\d+)-[0-9a-f]{8}")
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return []
    stale = []
    for p in siblings:
        m = pattern.fullmatch(p.name)
        if m and int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1))):
            stale.append(p)
    return sorted(stale)


def printable_name(name: str) -> str:
    """A file or folder name as text any writer can encode (figures, HTML, CSV, JSON).

    A name that is not valid UTF-8 reaches Python with surrogate escapes, which
    Matplotlib cannot draw and UTF-8 writers refuse; its undecodable bytes are shown as
    ``\\xNN`` instead.

    Parameters
    ----------
    name : str
        A name from the file system.

    Returns
    -------
    str
        ``name`` unchanged if it is valid text, else with ``\\xNN`` escapes.

    Examples
    --------
    >>> printable_name("dev" + chr(0xDCFF) + "1"), printable_name("gr\u00fcn")
    ('dev\\\\xff1', 'grün')
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value: Any) -> Any:
    """Neutralise a CSV cell that a spreadsheet would run as a formula (CSV injection).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe, so spreadsheets show it as text; numbers (also negative numbers
    written as text, such as ``-3.5``) are returned unchanged.

    Parameters
    ----------
    value : Any
        One cell (text, number or None).

    Returns
    -------
    Any
        ``value`` or the neutralised text.

    References
    ----------
    OWASP Foundation, "CSV Injection" (2024), recommendation to prefix such cells
    with a single quote.

    Examples
    --------
    >>> [csv_safe_cell(v) for v in ("=1+2", "@SUM(A1)", "-3.5", -3.5, "dev-1", "+cmd|x")]
    ["'=1+2", "'@SUM(A1)", '-3.5', -3.5, 'dev-1', "'+cmd|x"]
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def to_jsonable(obj: Any) -> Any:
    """Convert NumPy scalars/arrays, dataclasses and non-finite floats (-> null).

    Parameters
    ----------
    obj : Any
        A value built of mappings, sequences, NumPy values, floats and paths.

    Returns
    -------
    Any
        The same structure made of JSON types; NaN and infinities become None.

    Examples
    --------
    >>> to_jsonable({"a": np.float64(1.5), "b": [float("nan"), np.int64(2)]})
    {'a': 1.5, 'b': [None, 2]}
    """
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
