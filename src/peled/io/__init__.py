"""Instrument-file input: the unit-carrying header grammar shared by every reader.

This package sits below :mod:`peled.measure` and :mod:`peled.characterize`, so both
read files with one header/unit grammar without importing each other.
"""

from peled.io.columns import (
    Column,
    Table,
    comments_and_rows,
    parse_header,
    read_table,
    read_text,
    sniff_delimiter,
    split_unit_header,
    unit_key,
)

__all__ = [
    "Column",
    "Table",
    "comments_and_rows",
    "parse_header",
    "read_table",
    "read_text",
    "sniff_delimiter",
    "split_unit_header",
    "unit_key",
]
