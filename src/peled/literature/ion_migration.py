"""Ion-migration activation energies of the literature dataset (Jiang et al. 2024, Table 1)."""

from __future__ import annotations

import numpy as np

from peled.errors import FileFormatError
from peled.literature.dataset import load

__all__ = [
    "ION_MIGRATION_TABLE",
    "ion_migration_activation_energies",
]

#: Literature-dataset table holding Jiang et al., Nanoscale (2024), Table 1.
ION_MIGRATION_TABLE = "jiang2024_table1"

_TABLE1_COLUMNS = ("source", "table", "row", "ref", "year", "composition", "species",
                   "measurement", "value_kind", "ea_ev", "ea_err_ev", "ea_min_ev", "ea_max_ev",
                   "ea_alt_ev", "raw", "flags", "file", "line")


def ion_migration_activation_energies():
    """Ion-migration activation energies as a pandas DataFrame, one record per value.

    Returns
    -------
    pandas.DataFrame
        One record per species and value of the printed table (the 15 printed rows
        expanded to ``row`` = ``1a``, ``1b``, ...; ``raw`` is the verbatim printed row,
        ``file``/``line`` the record's place in the dataset CSV).  ``value_kind`` is
        ``"value"`` for a single printed energy (``ea_ev``; ``ea_min_ev = ea_max_ev =
        ea_ev``; a printed +- goes to ``ea_err_ev``, a parenthesised second value to
        ``ea_alt_ev``) and ``"range"`` for a printed range such as row 3 (MA+,
        temperature-dependent conductivity: "0.39-0.9"), which keeps ``ea_ev`` = NaN (no
        midpoint is invented) and its bounds in ``ea_min_ev``/``ea_max_ev``.

    Raises
    ------
    FileFormatError
        A record with neither a value nor a range.

    References
    ----------
    Jiang et al., "Defects in lead halide perovskite LEDs under electric field",
    Nanoscale (2024), Table 1.

    Examples
    --------
    >>> df = ion_migration_activation_energies()
    >>> len(df), df.loc[df["value_kind"] == "range", "row"].tolist()
    (28, ['3'])
    """
    frame = load(ION_MIGRATION_TABLE).copy()
    missing = {"row", "species", "ea_ev", "ea_min_ev", "ea_max_ev", "raw"} - set(frame.columns)
    if missing:
        raise FileFormatError(f"{ION_MIGRATION_TABLE}.csv", f"missing columns {sorted(missing)}")
    is_range = frame["ea_ev"].isna() & frame["ea_min_ev"].notna() & frame["ea_max_ev"].notna()
    bad = frame["ea_ev"].isna() & ~is_range
    if bad.any():
        line = int(frame.loc[bad, "line"].iloc[0])
        raise FileFormatError(f"{ION_MIGRATION_TABLE}.csv", "record has neither ea_ev nor "
                                                           "ea_min_ev/ea_max_ev", line)
    frame["value_kind"] = np.where(is_range, "range", "value")
    frame["ea_min_ev"] = frame["ea_min_ev"].where(is_range, frame["ea_ev"])
    frame["ea_max_ev"] = frame["ea_max_ev"].where(is_range, frame["ea_ev"])
    return frame[[c for c in _TABLE1_COLUMNS if c in frame.columns]].reset_index(drop=True)
