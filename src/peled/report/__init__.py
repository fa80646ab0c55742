"""Report rendering: figures (PNG/SVG), HTML pages and JSON/CSV outputs.

* :func:`write_report` (:mod:`peled.report.build`) -- ``index.html`` (self-contained),
  ``results.json``, ``results.csv`` and ``figures/*.png`` of analysed devices;
* :mod:`peled.report.figures` -- the figures of one device and of a batch;
* :func:`peled.report.cie.cie1931_figure` -- CIE 1931 diagram with gamuts.

Names are imported lazily so that ``import peled.report.cie`` stays light.
"""

from __future__ import annotations

__all__ = ["DEFAULT_DEVICE_FIGURES", "ReportOutcome", "device_entry", "write_report"]


def __getattr__(name: str):
    if name in __all__:
        from peled.report import build  # lazy: the report builder pulls matplotlib

        return getattr(build, name)
    raise AttributeError(f"module 'peled.report' has no attribute {name!r}")
