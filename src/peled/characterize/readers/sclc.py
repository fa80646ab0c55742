"""Reader of dark single-carrier J-V (SCLC) files with measurement-mode and sweep labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError, ParameterError, require_positive
from peled.io.columns import parse_header
from peled.io.files import excerpt
from peled.io.table import read_table

__all__ = [
    "DIRECTION_WORDS",
    "LABEL_COLUMNS",
    "MODE_WORDS",
    "SCLCData",
    "parse_mode_label",
    "read_sclc_csv",
    "read_sclc_measurement",
]


#: Accepted label words (case-insensitive) of a ``mode`` / ``sweep`` column; a label may
#: combine a measurement mode and a direction with ``-``, ``_``, ``/``, ``+`` or spaces
#: (``pulsed-forward``, ``DC rev``).  ``steady-state`` / ``steady state`` count as one word.
MODE_WORDS: dict[str, tuple[str, ...]] = {
    "dc": ("dc", "steady", "steadystate", "cw", "continuous", "static"),
    "pulsed": ("pulsed", "pulse", "pulses"),
}
DIRECTION_WORDS: dict[str, tuple[str, ...]] = {
    "forward": ("forward", "fwd", "fw", "f", "up", "increasing"),
    "reverse": ("reverse", "rev", "rv", "r", "down", "backward", "back", "bwd", "decreasing"),
}
_WORD = {w: k for k, ws in MODE_WORDS.items() for w in ws}
_DIR = {w: k for k, ws in DIRECTION_WORDS.items() for w in ws}


def parse_mode_label(label: str) -> tuple[str | None, str | None]:
    """Measurement mode and sweep direction named by one label of a ``mode``/``sweep`` column.

    Parameters
    ----------
    label : str
        A label such as ``"Pulsed-Forward"``, ``"DC rev"`` or ``"steady-state"``.

    Returns
    -------
    tuple of (str or None, str or None)
        ``(mode, direction)``: mode ``"dc"``/``"pulsed"``, direction
        ``"forward"``/``"reverse"``, ``None`` for a part the label does not give.

    Raises
    ------
    ParameterError
        Unknown words, an empty label, or two different modes/directions in one label.

    Examples
    --------
    >>> parse_mode_label("Pulsed-Forward"), parse_mode_label("rev"), parse_mode_label("DC")
    (('pulsed', 'forward'), (None, 'reverse'), ('dc', None))
    """
    text = re.sub(r"steady[\s_\-]*state", "steadystate", str(label).strip().lower())
    words = [w for w in re.split(r"[\s_\-/+,;|:]+", text) if w]
    if not words:
        raise ParameterError("empty mode/sweep label; expected e.g. 'dc', 'pulsed', "
                             "'forward', 'reverse' or 'pulsed-forward'")
    mode = direction = None
    for w in words:
        if w in _WORD:
            if mode not in (None, _WORD[w]):
                raise ParameterError(f"label {excerpt(label, 40)} names two measurement modes")
            mode = _WORD[w]
        elif w in _DIR:
            if direction not in (None, _DIR[w]):
                raise ParameterError(f"label {excerpt(label, 40)} names two sweep directions")
            direction = _DIR[w]
        else:
            raise ParameterError(
                f"unknown mode/sweep label {excerpt(label, 40)} (word {excerpt(w, 20)}); "
                "expected dc/pulsed "
                "and/or forward/reverse, e.g. 'pulsed-forward'"
            )
    return mode, direction



#: Lower-cased header names of label columns (text) in an SCLC file.
LABEL_COLUMNS = ("mode", "sweep", "measurement", "protocol", "direction", "scan")


@dataclass(frozen=True, eq=False)
class SCLCData:
    """A dark J-V file: points in file order with their measurement mode and sweep label.

    ``modes``: ``"dc"``/``"pulsed"`` per point; ``directions``: ``"forward"``,
    ``"reverse"`` per point, or ``None`` when the file has no sweep labels;
    ``line_numbers``: the file line of every point.
    """

    path: Path
    voltage_v: np.ndarray
    current_density_a_m2: np.ndarray
    modes: np.ndarray
    directions: np.ndarray | None
    line_numbers: np.ndarray
    warnings: tuple[str, ...]


def _read(path, area_cm2):
    table = read_table(path, text_columns=LABEL_COLUMNS)  # unreadable -> FileFormatError
    cols = [parse_header(h) for h in table.headers]
    v_idx = [i for i, c in enumerate(cols) if c.dimension == "voltage"]
    j_idx = [i for i, c in enumerate(cols) if c.dimension == "current_density"]
    i_idx = [i for i, c in enumerate(cols) if c.dimension == "current"]
    if not v_idx:
        raise FileFormatError(path, "no voltage column (header unit V or mV expected)", line=1)
    warnings: list[str] = []
    if j_idx:
        jcol = j_idx[0]
        j = table.column(jcol) * cols[jcol].factor
    elif i_idx:
        if area_cm2 is None:
            raise FileFormatError(path, f"column {table.headers[i_idx[0]]!r} is a current; "
                                        "give the device area (--area-cm2)")
        a = require_positive("area_cm2", area_cm2) * 1e-4
        j = table.column(i_idx[0]) * cols[i_idx[0]].factor / a
    else:
        raise FileFormatError(
            path, "no current-density column (header unit mA/cm2, A/m2, A/cm2) or current "
                  "column (A, mA) found", line=1,
        )
    v = table.column(v_idx[0]) * cols[v_idx[0]].factor
    bad = ~np.isfinite(v) | ~np.isfinite(j)
    if bad.any():
        lines = table.line_numbers[bad][:5].tolist()
        warnings.append(f"{int(bad.sum())} row(s) with empty cells ignored (lines {lines})")
    return table, v, j, ~bad, warnings


def read_sclc_csv(path: str | Path, area_cm2: float | None = None
                  ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Read a dark J-V file: voltage (V or mV) and current density or current.

    Units come from the header (``V``, ``mA/cm2``, ``A/m2``, ``A``, ``mA``, ... as in
    :mod:`peled.io.columns`).  Mode/sweep label columns are skipped here;
    :func:`read_sclc_measurement` reads them.

    Parameters
    ----------
    path : str or Path
        The J-V file.
    area_cm2 : float, optional
        Device area in cm^2, needed when the file holds a current.

    Returns
    -------
    tuple
        ``(voltage_v, current_density_a_m2, warnings)`` in file order (sweeps kept).

    Raises
    ------
    FileFormatError
        No voltage or current column, or a current without an area.

    Examples
    --------
    >>> from importlib import resources
    >>> v, j, w = read_sclc_csv(resources.files("peled")
    ...                         / "data/examples/defects/sclc_hole_only.csv")
    >>> v.size, float(v[0]), round(float(j[0]), 4)  # V, A/m^2
    (179, 0.01, 53.4072)
    """
    _, v, j, keep, warnings = _read(path, area_cm2)
    return v[keep], j[keep], warnings


def read_sclc_measurement(path: str | Path, area_cm2: float | None = None,
                          default_mode: str = "dc") -> SCLCData:
    """Read a dark J-V file with optional measurement-mode and sweep labels.

    Besides the voltage and current columns of :func:`read_sclc_csv`, text columns named
    ``mode``, ``sweep``, ``measurement``, ``protocol``, ``direction`` or ``scan`` (header,
    case-insensitive) label every row with the words of :data:`MODE_WORDS` (``dc``,
    ``steady-state``, ``pulsed``, ...) and/or :data:`DIRECTION_WORDS` (``forward``,
    ``rev``, ``up``, ...), also combined (``pulsed-forward``, ``DC rev``) or in two columns.
    Rows without a mode word take ``default_mode``; if any row has a direction word every
    row must have one.

    Parameters
    ----------
    path : str or Path
        The J-V file.
    area_cm2 : float, optional
        Device area in cm^2, needed when the file holds a current.
    default_mode : {"dc", "pulsed"}, optional
        Mode of unlabelled rows (default ``"dc"``: an unlabelled sweep is steady-state).

    Returns
    -------
    SCLCData
        Points in file order with their mode, sweep label and file line.

    Raises
    ------
    FileFormatError
        Unknown, empty or conflicting labels (the message names the file and line).

    Examples
    --------
    >>> from importlib import resources
    >>> d = read_sclc_measurement(resources.files("peled")
    ...                           / "data/examples/defects/sclc_pulsed_dc.csv")
    >>> sorted(set(d.modes.tolist())), sorted(set(d.directions.tolist()))
    (['dc', 'pulsed'], ['forward', 'reverse'])
    """
    if default_mode not in MODE_WORDS:
        raise ParameterError(f"default_mode must be one of {sorted(MODE_WORDS)}, "
                             f"got {default_mode!r}")
    table, v, j, keep, warnings = _read(path, area_cm2)
    lines = table.line_numbers
    n = lines.size
    modes = np.full(n, "", dtype=object)
    dirs = np.full(n, "", dtype=object)
    for header, cells in table.text_columns.items():
        for k, cell in enumerate(cells):
            try:
                mode, direction = parse_mode_label(cell)
            except ParameterError as exc:
                raise FileFormatError(path, f"column {header!r}: {exc}", line=int(lines[k])
                                      ) from None
            for arr, val, what in ((modes, mode, "mode"), (dirs, direction, "sweep")):
                if val is None:
                    continue
                if arr[k] not in ("", val):
                    raise FileFormatError(path, f"conflicting {what} labels {arr[k]!r} and "
                                                f"{val!r}", line=int(lines[k]))
                arr[k] = val
    modes[modes == ""] = default_mode
    directions = None
    if (dirs != "").any():
        missing = np.flatnonzero(dirs == "")
        if missing.size:
            raise FileFormatError(path, "no sweep direction (forward/reverse) in this row "
                                        "although other rows have one",
                                  line=int(lines[missing[0]]))
        directions = dirs[keep].astype(str)
    return SCLCData(Path(path), v[keep], j[keep], modes[keep].astype(str), directions,
                    lines[keep], tuple(warnings))
