"""Reading instrument files: one unit table, one header grammar, one table reader.

The layer below :mod:`peled.spectra` and everything above it (after ``pvlib.iotools``):
readers take a path and return arrays and tables with units in their names plus metadata;
higher layers build :class:`~peled.spectra.Spectrum`, J-V-L data and fits from them.

* :mod:`peled.io.files`: opening user files (regular files only, size and line limits,
  UTF-8 / Latin-1 encoding policy, containment in a device folder);
* :mod:`peled.io.units`: the one unit table;
* :mod:`peled.io.columns`: the header grammar (``name (unit)``, ``name [unit]``,
  ``name / unit``, ``name_unit``);
* :mod:`peled.io.table`: the table reader (preambles, separators, decimal commas);
* :mod:`peled.io.numeric_block`, :mod:`peled.io.spectral_axis`: spectrometer exports;
* :mod:`peled.io.instruments`: photodiode responsivity, angle-resolved traces, TrPL / TCSPC
  decays, PLQY tables;
* :mod:`peled.io.toml`: TOML inputs with unknown keys refused (closest valid key named).
"""

from peled.io.columns import Column, parse_header, split_unit_header
from peled.io.files import (
    MAX_EXCERPT_CHARS,
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    TextFile,
    excerpt,
    inside,
    read_text,
    read_text_file,
    resolve_inside,
)
from peled.io.table import Table, comments_and_rows, read_table, sniff_delimiter
from peled.io.units import CANONICAL, Unit, lookup, unit_key

__all__ = [
    "CANONICAL",
    "Column",
    "MAX_EXCERPT_CHARS",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "Table",
    "TextFile",
    "Unit",
    "comments_and_rows",
    "excerpt",
    "inside",
    "lookup",
    "parse_header",
    "read_table",
    "read_text",
    "read_text_file",
    "resolve_inside",
    "sniff_delimiter",
    "split_unit_header",
    "unit_key",
]
