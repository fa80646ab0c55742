"""Build the matplotlib Figure of a :class:`peled.report.plot.Plot`.

The report writes its per-device figures with :func:`peled.report.svg_plot.plot_to_svg`;
this renderer draws the same plot with matplotlib, for PNG files (``peled report --png``:
SVG and PNG are both saved from the one Figure built here) and for users who restyle a
figure.  Limits and ticks are those of :mod:`peled.report.plot`, fixed on the axes, so
both drawings show the same ranges and tick values.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator, NullFormatter

from peled.report.plot import (
    Band,
    Line,
    Note,
    Panel,
    Plot,
    Rule,
    Span,
    axis_ticks,
    panel_limits,
    scaled_label,
)
from peled.report.svg_plot import legend_location

__all__ = ["plot_to_figure"]

_COORDS = {"data": "data", "axes": "axes fraction"}


def _add(ax, it) -> None:
    label = {} if getattr(it, "label", None) is None else {"label": it.label}
    if isinstance(it, Line):
        if it.xerr is not None:
            ax.errorbar(it.x, it.y, xerr=[np.asarray(it.xerr[0]), np.asarray(it.xerr[1])],
                        fmt=it.marker or "o", ms=it.size, color=it.color,
                        mfc=it.face if it.face is not None else it.color, capsize=2,
                        lw=it.width, **label)
        else:
            ax.plot(it.x, it.y, linestyle=it.style or "None", marker=it.marker or "None",
                    ms=it.size, color=it.color, lw=it.width,
                    mfc=it.face if it.face is not None else it.color, **label)
    elif isinstance(it, Band):
        ax.fill_between(it.x, it.lower, it.upper, color=it.color, alpha=it.alpha, lw=0,
                        **label)
    elif isinstance(it, Span):
        ax.axvspan(it.start, it.stop, color=it.color, zorder=0, **label)
    elif isinstance(it, Rule):
        line = ax.axvline if it.axis == "x" else ax.axhline
        line(it.value, color=it.color, lw=it.width, ls=it.style, **label)
    elif isinstance(it, Note):
        ax.annotate(it.text, (it.x, it.y), xycoords=tuple(_COORDS[c] for c in it.coords),
                    xytext=it.offset, textcoords="offset points", fontsize=it.size,
                    ha=it.ha, va=it.va, color=it.color)


def _ticks(axis, lim, log: bool, length_in: float, vertical: bool) -> str:
    """Fix the ticks of :func:`axis_ticks` on ``axis``; return their multiplier."""
    t = axis_ticks(lim[0], lim[1], log, length_in, vertical=vertical)
    axis.set_major_locator(FixedLocator(t.major))
    axis.set_major_formatter(FixedFormatter(list(t.labels)))
    axis.set_minor_locator(FixedLocator(t.minor))
    axis.set_minor_formatter(NullFormatter())
    return t.multiplier


def _draw(fig: Figure, ax, panel: Panel, box) -> None:
    lim = panel_limits(panel)
    pairs = [(ax, panel, "y")]
    if panel.twin is not None:
        pairs.append((ax.twinx(), panel.twin, "y2"))
    for a, p, key in pairs:
        for it in p.items:
            _add(a, it)
        a.set_yscale("log" if p.ylog else "linear")
        a.set_ylim(*lim[key])
        multiplier = _ticks(a.yaxis, lim[key], p.ylog, box[3], True)
        a.set_ylabel(scaled_label(p.ylabel, multiplier), color=p.ylabel_color or "black")
        if (p.ylog or panel.xlog) and not (lim["x_data"] and lim[f"{key}_data"]):
            a.text(0.5, 0.5, "no data", transform=a.transAxes, ha="center", va="center",
                   color="0.5")
    ax.set_xscale("log" if panel.xlog else "linear")
    ax.set_xlim(*lim["x"])
    ax.set_xlabel(scaled_label(panel.xlabel, _ticks(ax.xaxis, lim["x"], panel.xlog, box[2],
                                                    False)))
    if panel.title:
        ax.set_title(panel.title)
    loc = legend_location(panel, box)  # "best" resolved on both axes, as in the SVG
    if loc is not None:
        handles, labels = [], []
        for a, _, _ in pairs:
            h, lab = a.get_legend_handles_labels()
            handles += h
            labels += lab
        # on the top (twin) axes, so no curve of the right axis is drawn over it
        pairs[-1][0].legend(handles, labels, loc=loc, fontsize=7, ncols=panel.legend_columns)


def plot_to_figure(plot: Plot) -> Figure:
    """The matplotlib Figure of ``plot`` (Agg canvas, no pyplot state).

    Parameters
    ----------
    plot : peled.report.plot.Plot
        The figure description.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per panel (plus a twin per panel with a right axis), at 100 dpi.

    Examples
    --------
    >>> from peled.report.plot import Line, Panel, Plot
    >>> fig = plot_to_figure(Plot([Panel([Line([1, 10], [1, 2])], xlog=True)]))
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), [round(float(v), 3) for v in ax.get_xlim()]
    ('log', [0.891, 11.22])
    """
    w, h = plot.width, plot.height
    fig = Figure(figsize=(w, h), dpi=100)
    FigureCanvasAgg(fig)
    n = len(plot.panels)
    axes = fig.subplots(1, n) if n > 1 else [fig.subplots()]
    fig.subplots_adjust(left=plot.left / w, right=1 - plot.right / w, bottom=plot.bottom / h,
                        top=1 - plot.top / h, wspace=plot.wspace)
    for ax, panel, box in zip(axes, plot.panels, plot.axes_boxes(), strict=True):
        _draw(fig, ax, panel, box)
    if plot.suptitle:
        fig.suptitle(plot.suptitle, fontsize=10)
    return fig
