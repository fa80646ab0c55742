"""Figures of the literature dataset: a metric against year and EQE against resolution.

* :func:`trend_figure` -- a metric (EQE by default) against publication year, one marker
  series per colour (or class) plus the running record, the analogue of Jang et al.,
  Adv. Mater. (2025), Figure 1B;
* :func:`ppi_figure` -- EQE against resolution (PPI, log axis) per colour, the analogue
  of Zhao et al., Commun. Mater. (2025), Fig. 5b.

The functions return a :class:`matplotlib.figure.Figure` (no pyplot state); writing it
is up to the caller (:func:`save_figure`).  The plotted points come from
:mod:`peled.literature.trends`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from peled.errors import ParameterError
from peled.literature.trends import group_order, ppi_points, trend_points

__all__ = [
    "AXIS_LABELS",
    "COLOR_STYLE",
    "axis_label",
    "ppi_figure",
    "save_figure",
    "trend_figure",
]

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
    """Readable axis label of a dataset column (the column name if unknown).

    Parameters
    ----------
    column : str
        A column of the literature dataset (e.g. ``"eqe_pct"``).

    Returns
    -------
    str
        The label with its unit (:data:`AXIS_LABELS`), or ``column`` itself.

    Examples
    --------
    >>> axis_label("eqe_pct")
    'EQE (%)'
    """
    return AXIS_LABELS.get(column, column)


def _figure():
    fig = Figure(figsize=(6.4, 4.4), constrained_layout=True)
    return fig, fig.add_subplot(1, 1, 1)


def trend_figure(df: pd.DataFrame, metric: str = "eqe_pct", by: str = "color"):
    """``metric`` vs publication year, one series per ``by`` group, with running records.

    Parameters
    ----------
    df : pandas.DataFrame
        The literature dataset (:func:`peled.literature.load`).
    metric : str, default "eqe_pct"
        Numeric column to plot (e.g. ``"eqe_pct"``, ``"luminance_cd_m2"``; columns in
        cd/m2 or hours get a log axis).
    by : str, default "color"
        Column that groups the series (e.g. ``"color"`` or ``"class"``).

    Returns
    -------
    matplotlib.figure.Figure
        Scatter of ``metric`` vs publication year with running-record steps.

    Raises
    ------
    peled.errors.ParameterError
        If no record has both a year and the metric.

    References
    ----------
    Jang et al., Adv. Mater. (2025), Figure 1B (the analogous figure of the review).

    Examples
    --------
    >>> from peled.literature import load
    >>> ax = trend_figure(load(), "eqe_pct", "color").axes[0]
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('publication year', 'EQE (%)')
    """
    pts = trend_points(df, metric, by)
    if pts.empty:
        raise ParameterError(f"no record has both 'year' and {metric!r}; nothing to plot")
    fig, ax = _figure()
    for g in group_order(by, pts[by]):
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


def ppi_figure(df: pd.DataFrame):
    """EQE vs PPI (log x) per colour of the pixelated devices of the dataset.

    Parameters
    ----------
    df : pandas.DataFrame
        The literature dataset (:func:`peled.literature.load`).

    Returns
    -------
    matplotlib.figure.Figure
        EQE (%) vs resolution (pixels per inch), one colour per colour class.

    Raises
    ------
    peled.errors.ParameterError
        If no record has both a PPI and an EQE.

    References
    ----------
    Zhao et al., Commun. Mater. (2025), Fig. 5b (the analogous figure of the review).

    Examples
    --------
    >>> from peled.literature import load
    >>> ax = ppi_figure(load()).axes[0]
    >>> ax.get_xscale(), ax.get_ylabel()
    ('log', 'EQE (%)')
    """
    pts = ppi_points(df)
    if pts.empty:
        raise ParameterError("no record has both 'ppi' and 'eqe_pct'; nothing to plot")
    fig, ax = _figure()
    pts = pts.assign(color=pts["color"].fillna("no peak printed"))
    for g in group_order("color", pts["color"]):
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
    """Write ``fig`` to ``path`` (format from ``fmt`` or the suffix, default PNG).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (e.g. from :func:`trend_figure`).
    path : str or pathlib.Path
        Output file; written at 150 dpi for raster formats.
    fmt : {"png", "pdf", "svg"}, optional
        Format; default from the suffix of ``path`` (PNG for other suffixes).

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> from matplotlib.figure import Figure
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> save_figure(Figure(), out / "empty.svg")
    >>> (out / "empty.svg").read_text()[:5]
    '<?xml'
    >>> shutil.rmtree(out)
    """
    FigureCanvasAgg(fig)
    suffix = Path(path).suffix.lstrip(".").lower()
    fig.savefig(path, format=fmt or (suffix if suffix in ("png", "pdf", "svg") else "png"),
                dpi=150)
