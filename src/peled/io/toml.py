"""TOML inputs: read under the file policy of :mod:`peled.io.files`, refuse unknown keys.

A misspelt key must never be ignored silently (``me`` for ``m_e`` would compute with the
default mass): every TOML reader checks each table's keys with :func:`check_keys`, whose
error names the closest valid key (``difflib`` similarity).
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from peled.errors import FileFormatError
from peled.io.files import excerpt, read_text

__all__ = ["check_keys", "closest", "read_toml"]


def read_toml(path: str | Path, *, root: str | Path | None = None) -> tuple[Path, dict]:
    """Path and parsed content of a TOML file.

    Parameters
    ----------
    path : str or Path
        The TOML file.
    root : str or Path, optional
        Folder the file must resolve inside.

    Returns
    -------
    tuple of (Path, dict)
        The path and the parsed mapping.

    Raises
    ------
    FileFormatError
        Unreadable or non-regular file, or invalid TOML (message cut to one short line).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); f = d / "a.toml"
    >>> _ = f.write_text("area_cm2 = 0.04\\n")
    >>> read_toml(f)[1]
    {'area_cm2': 0.04}
    >>> f.unlink(); d.rmdir()
    """
    p, text = read_text(path, root=root)
    try:
        return p, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise FileFormatError(p, f"invalid TOML: {excerpt(msg, 120)[1:-1]}") from None


def closest(key: str, valid: Iterable[str]) -> str | None:
    """The valid key closest to ``key`` (difflib ratio >= 0.5), or None.

    Parameters
    ----------
    key : str
        The key as written.
    valid : iterable of str
        The accepted keys.

    Returns
    -------
    str or None
        The best match.

    Examples
    --------
    >>> closest("me", ["m_e", "m_h", "energy_ev"]), closest("temperatur_k", ["temperature_k"])
    ('m_e', 'temperature_k')
    """
    options = list(valid)
    low = {v.lower(): v for v in options}
    if key.lower() in low:
        return low[key.lower()]
    longer = sorted((v for v in options if v.lower().startswith(key.lower()) and len(key) >= 3),
                    key=len)
    if longer:  # a unit suffix left out ('lifetime_l0' for 'lifetime_l0_cd_m2')
        return longer[0]
    found = difflib.get_close_matches(key, options, n=1, cutoff=0.5)
    if found:
        return found[0]
    stripped = {v.replace("_", "").lower(): v for v in options}
    k = key.replace("_", "").lower()
    found = difflib.get_close_matches(k, list(stripped), n=1, cutoff=0.5)
    return stripped[found[0]] if found else None


def check_keys(path: str | Path, table: Mapping, valid: Iterable[str], where: str = "") -> None:
    """Refuse keys of ``table`` that are not in ``valid``, naming the closest valid key.

    Parameters
    ----------
    path : str or Path
        The TOML file (named in the error).
    table : Mapping
        One table of the parsed file.
    valid : iterable of str
        Accepted keys of that table.
    where : str, optional
        The table's name for the message (``"[host]"``, ``"[measurement]"``).

    Raises
    ------
    FileFormatError
        ``unknown key 'me' in [host]; did you mean 'm_e'?``

    Examples
    --------
    >>> try:
    ...     check_keys("d.toml", {"me": 0.2}, ["m_e", "m_h"], "[host]")
    ... except Exception as exc:
    ...     print(exc)
    d.toml: unknown key 'me' in [host]; did you mean 'm_e'? (valid keys: m_e, m_h)
    """
    valid = list(valid)
    for key in table:
        if key in valid:
            continue
        best = closest(str(key), valid)
        hint = f"; did you mean {best!r}?" if best else ""
        shown = ", ".join(valid[:8]) + (", ..." if len(valid) > 8 else "")
        place = f" in {where}" if where else ""
        raise FileFormatError(
            path, f"unknown key {excerpt(str(key), 40)}{place}{hint} (valid keys: {shown})"
        )
