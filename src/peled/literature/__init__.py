"""The literature dataset of the five seed reviews: typed tables, queries, checks, gap report.

* :func:`load` -- every shipped CSV (``peled/literature/data``) as one validated frame;
* :func:`query`, :func:`best`, :func:`gap` -- filters, records per group, distance to the
  commercial targets quoted in the seeds;
* :func:`check` -- automatic consistency checker (CE vs EQE vs peak, CIE vs peak, halide
  composition vs colour, NTSC vs Rec.2020 area ratios, quasi-2D stoichiometry);
* :func:`compare_device` -- percentiles of a measured device against the literature.
"""

from peled.literature.dataset import available_tables, load, load_expected_findings, load_targets
from peled.literature.schema import (
    CLASSES,
    COLORS,
    COLUMNS,
    DTYPES,
    color_from_peak,
    parse_flags,
    parse_lifetime_condition,
    parse_qualifiers,
)

__all__ = [
    "CLASSES",
    "COLORS",
    "COLUMNS",
    "DTYPES",
    "available_tables",
    "color_from_peak",
    "load",
    "load_expected_findings",
    "load_targets",
    "parse_flags",
    "parse_lifetime_condition",
    "parse_qualifiers",
]
