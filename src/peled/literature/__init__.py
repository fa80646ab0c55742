"""The literature dataset of five reviews: typed tables, queries, checks, gap report.

The device results tabulated in Cao et al., Chem. Sci. (2025); Jang et al., Adv. Mater.
(2025); Jiang et al., Nanoscale (2024); Yang et al., Mater. Horiz. (2023) and Zhao et al.,
Commun. Mater. (2025).  Each record's ``source`` is a citation key (``jang2025``) resolved
by :func:`load_sources`.

* :func:`load` -- every shipped CSV (``peled/literature/data``) as one validated frame;
* :func:`query`, :func:`best`, :func:`gap` -- filters, records per group, distance to the
  commercial targets quoted in the reviews (lifetimes normalised by (L1/L2)^n);
* :func:`peled.literature.check.check` -- automatic consistency checker (CE vs EQE vs
  peak, CIE vs peak, halide composition vs colour, NTSC vs Rec.2020 area ratios,
  quasi-2D stoichiometry);
* :func:`compare_device` -- percentiles of a measured device against the literature;
* :mod:`peled.literature.trends` -- trend (EQE vs year) and EQE-vs-PPI point series
  (figures in :mod:`peled.report.literature_figures`).
"""

from peled.literature.check import Finding, unexplained
from peled.literature.compare import compare_device, percentile_rank
from peled.literature.dataset import (
    available_tables,
    load,
    load_expected_findings,
    load_sources,
    load_targets,
)
from peled.literature.queries import (
    GapReport,
    best,
    gap,
    longest_lifetimes,
    normalised_lifetimes,
    query,
)
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
    "Finding",
    "GapReport",
    "available_tables",
    "best",
    "color_from_peak",
    "compare_device",
    "gap",
    "load",
    "load_expected_findings",
    "load_sources",
    "load_targets",
    "longest_lifetimes",
    "normalised_lifetimes",
    "parse_flags",
    "parse_lifetime_condition",
    "parse_qualifiers",
    "percentile_rank",
    "query",
    "unexplained",
]
