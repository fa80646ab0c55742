"""Plots of the literature dataset (matplotlib, Agg backend): trend and EQE-vs-PPI.

* :func:`trend_figure` -- a metric (EQE by default) against publication year, one marker
  series per colour (or class) plus the running record, the analogue of seed 001
  Figure 1B ("Development over time of the EQE of PeLEDs ... for red, green, and blue");
* :func:`ppi_figure` -- EQE against resolution (PPI, log axis) per colour, the analogue
  of seed 004 Fig. 5b ("the EQEs tend to decline as PPI increases").

The functions return a :class:`matplotlib.figure.Figure` (no pyplot state); writing it
is up to the caller (:func:`save_figure`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from peled.errors import ParameterError
from peled.literature import schema
from peled.literature.queries import NON_PEROVSKITE_EL, device_records, without_suspicious

#: Marker colours of the colour classes.
COLOR_STYLE: dict[str, str] = {
    "blue": "tab:blue",
    "sky-blue": "deepskyblue",
    "green": "tab:green",
    "yellow": "gold",
    "red": "tab:red",
    "NIR": "darkred",
    "white": "grey",
}


#: Axis labels of the dataset's numeric columns (name with unit).
AXIS_LABELS: dict[str, str] = {
    "eqe_pct": "EQE (%)",
    "plqy_pct": "PLQY (%)",
    "peak_nm": "emission peak (nm)",
    "fwhm_nm": "FWHM (nm)",
    "luminance_cd_m2": "luminance (cd/m$^2$)",
    "radiance_w_sr_m2": "radiance (W sr$^{-1}$ m$^{-2}$)",
    "ce_cd_a": "current efficiency (cd/A)",
    "lifetime_h": "lifetime (h, as printed; conditions differ)",
    "ppi": "resolution (PPI)",
    "pixel_size_um": "pixel size (µm)",
}


def axis_label(column: str) -> str:
    """Readable axis label of a dataset column (the column name if unknown)."""
    return AXIS_LABELS.get(column, column)


def _figure():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.4), constrained_layout=True)
    return fig, fig.add_subplot(1, 1, 1)


def _group_order(by: str, values) -> list:
    vals = [v for v in pd.unique(values) if not pd.isna(v)]
    if by == "color":
        return sorted(vals, key=lambda v: schema.COLOR_RANK.get(v, 99))
    return sorted(vals, key=str)


def trend_points(
    df: pd.DataFrame,
    metric: str = "eqe_pct",
    by: str = "color",
    exclude_classes=NON_PEROVSKITE_EL,
) -> pd.DataFrame:
    """The (year, metric, group) points of :func:`trend_figure` and the running record.

    Rows need ``year`` and ``metric``; records of ``exclude_classes`` (default the
    non-perovskite comparison rows: QD-LED, OLED, micro-LED, colour-conversion films),
    records flagged as not being device results and values flagged as doubtful
    (:data:`peled.literature.queries.SUSPICIOUS_FLAGS`) are left out, as in seed 001
    Fig. 1B; ``record`` is the best value of the group up to and including that year.
    """
    for col in ("year", metric, by):
        if col not in df.columns:
            raise ParameterError(f"column {col!r} not in the literature frame")
    if not pd.api.types.is_numeric_dtype(df[metric]):
        raise ParameterError(f"metric {metric!r} is not a numeric column")
    pts = without_suspicious(device_records(df, exclude_classes), metric, whole_record=False)
    pts = pts[pts["year"].notna() & pts[metric].notna() & pts[by].notna()]
    pts = pts[["year", metric, by]].astype({"year": "int64"}).sort_values(["year"])
    pts["record"] = pts.groupby(by, observed=True)[metric].cummax()
    return pts.reset_index(drop=True)


def trend_figure(df: pd.DataFrame, metric: str = "eqe_pct", by: str = "color"):
    """``metric`` vs publication year, one series per ``by`` group, with running records.

    Seed 001 Figure 1B analogue.  Raises :class:`ParameterError` if no record has both a
    year and the metric.
    """
    pts = trend_points(df, metric, by)
    if pts.empty:
        raise ParameterError(f"no record has both 'year' and {metric!r}; nothing to plot")
    fig, ax = _figure()
    for g in _group_order(by, pts[by]):
        sub = pts[pts[by] == g]
        style = COLOR_STYLE.get(g) if by == "color" else None
        ax.scatter(sub["year"], sub[metric], s=22, alpha=0.75, color=style, label=str(g))
        rec = sub.groupby("year")["record"].max()
        ax.step(rec.index, rec.to_numpy(), where="post", color=style, lw=1.0, alpha=0.6)
    ax.set_xlabel("publication year")
    ax.set_ylabel(axis_label(metric))
    if metric.endswith("_cd_m2") or metric.endswith("_h"):
        ax.set_yscale("log")
    name = axis_label(metric).split(" (")[0]
    ax.set_title(f"{name} of reported perovskite LEDs by {by} (steps: running record)")
    ax.legend(fontsize=8, frameon=False)
    years = pts["year"].to_numpy()
    ax.set_xticks(np.arange(years.min(), years.max() + 1, max(1, (np.ptp(years) + 1) // 8)))
    return fig


def ppi_points(df: pd.DataFrame) -> pd.DataFrame:
    """(ppi, eqe_pct, color) of records giving both a resolution in PPI and an EQE.

    Records that state only a pixel size are left out: a PPI needs the pixel pitch, and
    the gap between pixels is not given (seed 004 Table 1 note).  So are records that are
    not device results and values flagged as doubtful, as in :func:`trend_points`.
    """
    pts = device_records(df)
    for col in ("ppi", "eqe_pct"):
        pts = without_suspicious(pts, col, whole_record=False)
    pts = pts[pts["ppi"].notna() & pts["eqe_pct"].notna() & (pts["ppi"] > 0)]
    return pts[["ppi", "eqe_pct", "color", "source", "table", "row"]].reset_index(drop=True)


def ppi_figure(df: pd.DataFrame):
    """EQE vs PPI (log x) per colour: seed 004 Fig. 5b analogue.  Raises
    :class:`ParameterError` if no record has both values."""
    pts = ppi_points(df)
    if pts.empty:
        raise ParameterError("no record has both 'ppi' and 'eqe_pct'; nothing to plot")
    fig, ax = _figure()
    pts = pts.assign(color=pts["color"].fillna("no peak printed"))
    for g in _group_order("color", pts["color"]):
        sub = pts[pts["color"] == g]
        ax.scatter(sub["ppi"], sub["eqe_pct"], s=26, alpha=0.8,
                   color=COLOR_STYLE.get(g, "black"), label=str(g))
    ax.set_xscale("log")
    ax.set_xlabel(axis_label("ppi"))
    ax.set_ylabel(axis_label("eqe_pct"))
    ax.set_title("EQE of pixelated devices vs resolution")
    ax.legend(fontsize=8, frameon=False)
    return fig


def save_figure(fig, path: str | Path, fmt: str | None = None) -> None:
    """Write ``fig`` to ``path`` (format from ``fmt`` or the suffix, default PNG)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    suffix = Path(path).suffix.lstrip(".").lower()
    fig.savefig(path, format=fmt or (suffix if suffix in ("png", "pdf", "svg") else "png"),
                dpi=150)
