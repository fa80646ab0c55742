"""A report figure as data: panels holding lines, bands, spans, rules and notes.

The per-device figures of a report are described once, as a :class:`Plot`, by the
builders of :mod:`peled.report.device_plots`, and drawn by one of two renderers:

* :func:`peled.report.svg_plot.plot_to_svg` writes the SVG text directly (about a
  millisecond per figure; the report's default, so that a 500-device report can draw
  every device);
* :func:`peled.report.mpl_plot.plot_to_figure` builds the matplotlib Figure (for PNG
  files, ``peled report --png``, and for anyone who wants to restyle a figure).

Both renderers take the axis limits and ticks computed here (:func:`panel_limits`,
:func:`axis_ticks`), so the two drawings of a plot show the same ranges and tick values.
The rules follow matplotlib's defaults (5 % margins, at most 9 "nice" linear ticks,
decade ticks on log axes), so the figures look as they did when matplotlib drew them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "Band",
    "Line",
    "Note",
    "Panel",
    "Plot",
    "Rule",
    "Span",
    "Ticks",
    "axis_ticks",
    "decade_label",
    "minor_label",
    "panel_limits",
    "scaled_label",
]

#: Margin added on each side of autoscaled data, as a fraction of the data range
#: (matplotlib's ``axes.xmargin``/``axes.ymargin`` default).
MARGIN = 0.05

#: Font size of tick labels and axis labels (pt, matplotlib's default); titles are 1.2x.
FONT_SIZE = 10.0

#: Autoscaling counts data beyond +-1e300 (below 1e-300 on log axes) as lying at that
#: bound, so that the limits and their margins stay finite (float64 overflows at 1.8e308).
_HUGE, _TINY = 1e300, 1e-300
_LOG_HUGE, _LOG_TINY = 300.0, -300.0

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class Line:
    """A polyline and/or markers; ``style=""`` draws markers only.

    Attributes
    ----------
    x, y : numpy.ndarray
        Coordinates in data units (non-finite points break the line; so do points <= 0
        on a log axis).
    color : str
        Any matplotlib colour ("tab:blue", "0.6", "#1f77b4").
    style : str
        "-", "--", ":" or "" (no line).
    width : float
        Line width (pt).
    marker : str
        "", "." (point), "o" (circle) or "s" (square).
    size : float
        Marker size (pt), as matplotlib's ``markersize``.
    face : str or None
        Marker face colour (None: ``color``).
    label : str or None
        Legend entry (None: not in the legend).
    xerr : tuple of numpy.ndarray or None
        Horizontal error bars: distances to the left and to the right of each point.

    Examples
    --------
    >>> Line([1, 2], [3, 4], marker="o").style
    '-'
    """

    x: np.ndarray
    y: np.ndarray
    color: str = "tab:blue"
    style: str = "-"
    width: float = 1.5
    marker: str = ""
    size: float = 6.0
    face: str | None = None
    label: str | None = None
    xerr: tuple[np.ndarray, np.ndarray] | None = None

    def __post_init__(self):
        self.x = np.atleast_1d(np.asarray(self.x, float))
        self.y = np.atleast_1d(np.asarray(self.y, float))


@dataclass
class Band:
    """A filled band between ``lower`` and ``upper`` at abscissae ``x``.

    Examples
    --------
    >>> Band([0, 1], [0, 0], [1, 2], alpha=0.2).alpha
    0.2
    """

    x: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    color: str = "tab:blue"
    alpha: float = 0.2
    label: str | None = None

    def __post_init__(self):
        self.x = np.asarray(self.x, float)
        self.lower = np.asarray(self.lower, float)
        self.upper = np.asarray(self.upper, float)


@dataclass
class Span:
    """A shaded range of x over the full height of the axes (drawn below everything).

    Examples
    --------
    >>> Span(100.0, 300.0).color
    '0.9'
    """

    start: float
    stop: float
    color: str = "0.9"
    label: str | None = None


@dataclass
class Rule:
    """A straight line across the axes: vertical at x = ``value`` (``axis="x"``) or
    horizontal at y = ``value`` (``axis="y"``).

    Examples
    --------
    >>> Rule(2.5, "x").style
    ':'
    """

    value: float
    axis: str = "y"
    color: str = "gray"
    style: str = ":"
    width: float = 0.8
    label: str | None = None


@dataclass
class Note:
    """Text at (x, y): ``coords`` says per axis whether the value is in data units
    ("data") or a fraction of the axes ("axes"); ``offset`` moves it by points.

    Examples
    --------
    >>> Note("V on", 2.5, 0.97, coords=("data", "axes")).ha
    'left'
    """

    text: str
    x: float
    y: float
    coords: tuple[str, str] = ("data", "data")
    offset: tuple[float, float] = (0.0, 0.0)
    ha: str = "left"
    va: str = "baseline"
    size: float = 8.0
    color: str = "black"


@dataclass
class Panel:
    """One set of axes: its items in drawing order, labels, scales and limits.

    Attributes
    ----------
    items : list
        :class:`Line`, :class:`Band`, :class:`Span`, :class:`Rule` and :class:`Note`
        objects.
    xlabel, ylabel, title : str
        Axis labels and the title above the axes.
    xlog, ylog : bool
        Logarithmic axes.
    xlim, ylim : tuple
        Fixed limits ``(low, high)``; None at either end is autoscaled from the data.
    y_floor : float or None
        Lowest autoscaled y limit (e.g. nine decades below a maximum on a log axis).
    ylabel_color : str or None
        Colour of the y label (for a twin axis, the colour of its curves).
    legend : str or None
        Legend location ("best", "upper right", "center right", ...); None: no legend.
    legend_columns : int
        Columns of the legend.
    twin : Panel or None
        A second y axis on the right sharing the x axis; its entries join the legend.

    Examples
    --------
    >>> Panel(xlabel="voltage (V)", ylog=True).ylim
    (None, None)
    """

    items: list = field(default_factory=list)
    xlabel: str = ""
    ylabel: str = ""
    title: str = ""
    xlog: bool = False
    ylog: bool = False
    xlim: tuple = (None, None)
    ylim: tuple = (None, None)
    y_floor: float | None = None
    ylabel_color: str | None = None
    legend: str | None = None
    legend_columns: int = 1
    twin: Panel | None = None


@dataclass
class Plot:
    """A figure: panels side by side, its size (in) and margins (in).

    Examples
    --------
    >>> p = Plot([Panel()], width=6.0, height=4.0)
    >>> p.axes_boxes()
    [(0.72, 0.35, 5.13, 3.15)]
    """

    panels: list[Panel]
    width: float = 6.0
    height: float = 4.0
    suptitle: str = ""
    left: float = 0.72
    right: float = 0.15
    bottom: float = 0.5
    top: float = 0.35
    wspace: float = 0.3

    def axes_boxes(self) -> list[tuple[float, float, float, float]]:
        """``(x0, y0_from_top, width, height)`` of each panel's axes, in inches.

        Panels share the width between the margins, with gaps of ``wspace`` times the
        mean panel width (matplotlib's ``subplots_adjust`` convention).

        Returns
        -------
        list of tuple of float
            One box per panel, left to right.

        Examples
        --------
        >>> [round(b[0], 3) for b in Plot([Panel(), Panel()], width=9.0).axes_boxes()]
        [0.72, 5.315]
        """
        n = len(self.panels)
        inner = self.width - self.left - self.right
        w = inner / (n + self.wspace * (n - 1))
        h = self.height - self.top - self.bottom
        return [(round(self.left + i * w * (1 + self.wspace), 6), self.top, round(w, 6), h)
                for i in range(n)]


def _extent(values, log: bool) -> tuple[float, float] | None:
    v = np.asarray(values, float).ravel()
    v = v[np.isfinite(v) & (v > 0)] if log else v[np.isfinite(v)]
    if not v.size:
        return None
    # clipped to 1e+-300 so that margins (in decades on log axes) stay finite floats
    lo, hi = np.clip([v.min(), v.max()], *((_TINY, _HUGE) if log else (-_HUGE, _HUGE)))
    return float(lo), float(hi)


def _data_x(item):
    if isinstance(item, Line):
        if item.xerr is not None:
            return np.concatenate([item.x, item.x - item.xerr[0], item.x + item.xerr[1]])
        return item.x
    if isinstance(item, Band):
        return item.x
    if isinstance(item, Span):
        return np.array([item.start, item.stop], float)
    return np.zeros(0)


def _data_y(item):
    if isinstance(item, Line):
        return item.y
    if isinstance(item, Band):
        return np.concatenate([item.lower, item.upper])
    return np.zeros(0)


def _autoscale(extent, log: bool, fixed) -> tuple[tuple[float, float], bool]:
    """Limits from a data extent with 5 % margins (in log10 on log axes); fixed ends win.

    Returns ``((low, high), has_data)``; a log axis without positive data is (0.1, 10).
    """
    lo_fixed, hi_fixed = fixed
    if extent is None:
        lo, hi = (0.1, 10.0) if log else (0.0, 1.0)
        has = False
    else:
        has = True
        lo, hi = extent
        if log:
            lo, hi = math.log10(lo), math.log10(hi)
        if hi - lo <= 1e-12 * max(abs(lo), abs(hi), 1e-300):
            # one value: widen as matplotlib's nonsingular() does (by 5 %, or by 0.05
            # for values so close to zero that 5 % of them underflows)
            pad = 0.05 * abs(lo) if abs(lo) > 1e-287 else 0.05
            lo, hi = lo - pad, hi + pad
        pad = MARGIN * (hi - lo)
        lo, hi = lo - pad, hi + pad
        if log:
            lo, hi = 10.0 ** max(lo, _LOG_TINY), 10.0 ** min(hi, _LOG_HUGE)
    # fixed ends win (a fixed end <= 0 cannot be drawn on a log axis: autoscaled instead)
    if lo_fixed is not None and not (log and lo_fixed <= 0):
        lo = float(lo_fixed)
    if hi_fixed is not None and not (log and hi_fixed <= 0):
        hi = float(hi_fixed)
    if hi <= lo and (lo_fixed is None) != (hi_fixed is None):
        # one end fixed beyond all the data: the other end 1 (two decades) away from it
        if hi_fixed is None:
            hi = lo * 100.0 if log else lo + 1.0
        else:
            lo = hi / 100.0 if log else hi - 1.0
    if hi == lo:  # both ends fixed at one value: widen as one data value is
        lo, hi = (lo / 10**0.05, hi * 10**0.05) if log else \
            (lo - (0.05 * abs(lo) or 0.05), hi + (0.05 * abs(hi) or 0.05))
    return (lo, hi), has


def panel_limits(panel: Panel) -> dict:
    """Axis limits of a panel: ``{"x", "y", "y2", "x_data", "y_data", "y2_data"}``.

    ``x``/``y``/``y2`` are ``(low, high)`` (``y2`` None without a twin axis); the
    ``*_data`` flags say whether any drawable data set the limits (False on a log axis
    with nothing positive, which the renderers mark "no data").  Limits are the data
    extent plus 5 % margins (in decades on a log axis), matplotlib's autoscaling rule,
    with the panel's fixed ends and ``y_floor`` applied.

    Parameters
    ----------
    panel : Panel
        The panel (its twin shares the x axis).

    Returns
    -------
    dict
        The limits and data flags.

    Examples
    --------
    >>> lim = panel_limits(Panel([Line([0.0, 10.0], [1.0, 100.0])], ylog=True))
    >>> [round(v, 3) for v in lim["x"]], [round(v, 3) for v in lim["y"]]
    ([-0.5, 10.5], [0.794, 125.893])
    """
    panels = [panel] + ([panel.twin] if panel.twin is not None else [])
    xs = [_data_x(it) for p in panels for it in p.items]
    x_ext = _extent(np.concatenate(xs) if xs else [], panel.xlog)
    xlim, x_has = _autoscale(x_ext, panel.xlog, panel.xlim)
    out = {"x": xlim, "x_data": x_has, "y2": None, "y2_data": False}
    for key, p in (("y", panel), ("y2", panel.twin)):
        if p is None:
            continue
        ys = [_data_y(it) for it in p.items]
        y_ext = _extent(np.concatenate(ys) if ys else [], p.ylog)
        ylim, y_has = _autoscale(y_ext, p.ylog, p.ylim)
        if p.y_floor is not None and p.ylim[0] is None and ylim[0] < p.y_floor < ylim[1]:
            ylim = (float(p.y_floor), ylim[1])
        out[key], out[f"{key}_data"] = ylim, y_has
    return out


def decade_label(value: float) -> str:
    """``10³``-style label of a decade in plain Unicode ("" between decades).

    Parameters
    ----------
    value : float
        Tick value (> 0).

    Returns
    -------
    str
        The label, or "" when ``value`` is not a power of ten.

    Examples
    --------
    >>> decade_label(1000.0), decade_label(0.01), decade_label(20.0)
    ('10³', '10⁻²', '')
    """
    if value <= 0 or not np.isfinite(value):
        return ""
    exponent = math.log10(value)
    if abs(exponent - round(exponent)) > 1e-9:
        return ""
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPT)


def minor_label(value: float, span_decades: float) -> str:
    """``2×10³``-style label of a 2x or 5x minor tick on an axis spanning fewer than
    1.5 decades (otherwise "": a short log axis would show one labelled tick or none).

    Parameters
    ----------
    value : float
        Tick value (> 0).
    span_decades : float
        log10(high / low) of the axis.

    Returns
    -------
    str
        The label or "".

    Examples
    --------
    >>> minor_label(2e4, 0.9), minor_label(3e4, 0.9), minor_label(2e4, 3.0)
    ('2×10⁴', '', '')
    """
    if span_decades > 1.5 or value <= 0 or not np.isfinite(value):
        return ""
    exponent = int(math.floor(math.log10(value) + 1e-9))
    mantissa = value / 10.0**exponent
    if round(mantissa) in (2, 5) and abs(mantissa - round(mantissa)) < 1e-6:
        return f"{round(mantissa)}×10" + str(exponent).translate(_SUPERSCRIPT)
    return ""


@dataclass(frozen=True)
class Ticks:
    """Tick positions of one axis: labelled majors and unlabelled minors.

    ``multiplier`` ("×10⁻⁴", or ""): the labels show the tick values divided by it; the
    axis label says so (:func:`scaled_label`).

    Examples
    --------
    >>> Ticks((0.0, 1.0), ("0", "1"), ()).labels
    ('0', '1')
    """

    major: tuple[float, ...]
    labels: tuple[str, ...]
    minor: tuple[float, ...]
    multiplier: str = ""


def scaled_label(label: str, multiplier: str) -> str:
    """Axis label of ticks shown divided by ``multiplier``: the power of ten joins the
    unit, "power efficacy (lm W⁻¹)" -> "power efficacy (10⁻⁴ lm W⁻¹)" (the numbers are
    in units of 10⁻⁴ lm/W), or "(×10⁻⁴)" is appended to a label without a unit.

    Parameters
    ----------
    label : str
        The axis label.
    multiplier : str
        ``Ticks.multiplier`` ("×10ⁿ" or "").

    Returns
    -------
    str
        The label to draw.

    Examples
    --------
    >>> scaled_label("power efficacy (lm W⁻¹)", "×10⁻⁴")
    'power efficacy (10⁻⁴ lm W⁻¹)'
    >>> scaled_label("L / L0", "×10⁻³"), scaled_label("time (h)", "")
    ('L / L0 (×10⁻³)', 'time (h)')
    """
    if not multiplier:
        return label
    head, sep, unit = label.rpartition("(")
    if sep and unit.endswith(")") and ")" not in unit[:-1]:
        return f"{head}({multiplier.removeprefix('×')} {unit}"
    return f"{label} ({multiplier})".strip()


def _scaled(values: np.ndarray) -> tuple[np.ndarray, str]:
    """Tick values divided by a power of ten, and its "×10ⁿ" label, for linear axes whose
    ticks are all below 0.01 or reach 10⁵ (labels such as 0.00035 or 250000 would
    crowd the axis and leave the figure); ticks close together on a large offset
    (1,000,000 .. 1,000,100) keep their plain labels."""
    top = float(np.max(np.abs(values))) if values.size else 0.0
    span = float(np.ptp(values)) if values.size else 0.0
    if not top or not (top < 1e-2 or (top >= 1e5 and span >= 1e-3 * top)):
        return values, ""
    k = math.floor(math.log10(top))
    return values / 10.0**k, "×10" + str(k).translate(_SUPERSCRIPT)


def _linear_labels(values: np.ndarray) -> list[str]:
    top = float(np.max(np.abs(values))) if values.size else 0.0
    if top and (top >= 1e6 or top < 1e-3):
        for sig in range(3, 18):  # as few significant digits as keep the labels distinct
            labels = [f"{v:.{sig}g}" for v in values]
            if len(set(labels)) == len(labels):
                break
        return [s.replace("-", "−") for s in labels]
    # as few decimals as show the ticks exactly and keep them distinct (ticks 1e-7 apart
    # on a 1234.5 axis need 7)
    for digits in range(0, 16):
        if (np.allclose(np.round(values, digits), values, rtol=0,
                        atol=1e-9 * max(top, 1e-12))
                and np.unique(np.round(values, digits)).size == values.size):
            break
    return [f"{v:.{digits}f}".replace("-", "−") for v in values]


def axis_ticks(low: float, high: float, log: bool, length_in: float,
               vertical: bool = False) -> Ticks:
    """Ticks of an axis from ``low`` to ``high`` drawn ``length_in`` inches long.

    Linear axes: matplotlib's ``MaxNLocator`` with its automatic number of bins (one per
    three label heights along x, two along y, at most 9) and steps 1, 2, 2.5, 5, 10,
    labelled with as few decimals as the ticks need (divided by a power of ten shown as
    ``Ticks.multiplier`` when all ticks are below 0.01 or reach 10⁵).  Log axes: one tick per decade
    (every n-th decade when they would crowd), labelled 10ⁿ, with minor ticks at 2..9
    times each decade; on an axis shorter than 1.5 decades the 2x and 5x minors are
    labelled too, and one shorter than a labelled tick gets linear ticks.

    Parameters
    ----------
    low, high : float
        Axis limits in data units (> 0 on a log axis).
    log : bool
        Logarithmic axis.
    length_in : float
        Drawn length of the axis (in).
    vertical : bool
        A y axis (labels are stacked vertically, so more fit).

    Returns
    -------
    Ticks
        Majors inside the limits with their labels, and minors.

    Examples
    --------
    >>> axis_ticks(0.0, 21.7, False, 5.13).labels[:3]
    ('0.0', '2.5', '5.0')
    >>> axis_ticks(0.05, 2e4, True, 3.15, vertical=True).labels
    ('10⁻¹', '10⁰', '10¹', '10²', '10³', '10⁴')
    """
    from matplotlib.ticker import MaxNLocator

    lo, hi = min(low, high), max(low, high)
    bins = max(1, min(9, int(length_in * 72 / (FONT_SIZE * (2 if vertical else 3)))))
    tol = 1e-9 * (hi - lo)
    if not log:
        v = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
        v = v[(v >= lo - tol) & (v <= hi + tol)]
        v = np.where(np.abs(v) < 1e-12 * max(abs(lo), abs(hi)), 0.0, v)
        shown, multiplier = _scaled(v)
        return Ticks(tuple(float(x) for x in v), tuple(_linear_labels(shown)), (), multiplier)
    a, b = math.log10(lo), math.log10(hi)
    first, last = math.ceil(a - 1e-9), math.floor(b + 1e-9)
    n_dec = last - first + 1
    stride = max(1, math.ceil(n_dec / max(bins, 2)))
    decades = [k for k in range(first, last + 1) if (k - first) % stride == 0]
    major = [10.0**k for k in decades]
    labels = [decade_label(x) for x in major]
    minor: list[float] = []
    if stride == 1:
        for k in range(math.floor(a), math.ceil(b) + 1):
            minor += [m * 10.0**k for m in range(2, 10) if lo <= m * 10.0**k <= hi]
    # label the 2x and 5x minors on short axes, and on any axis with one decade tick
    # (1.5-2 decades across: a lone 10ⁿ label would not tell the scale)
    span = min(b - a, 1.5) if len(major) < 2 else b - a
    if span <= 1.5:
        extra = [m for m in minor if minor_label(m, span)]
        minor = [m for m in minor if m not in extra]
        pairs = sorted(zip(major + extra, labels + [minor_label(m, span) for m in extra],
                           strict=True))
        major, labels = [p[0] for p in pairs], [p[1] for p in pairs]
    if len(major) < 2:  # shorter than a labelled tick: linear ticks on the log axis
        v = MaxNLocator(nbins=min(bins, 4), steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
        v = v[(v >= lo * (1 - 1e-9)) & (v <= hi * (1 + 1e-9)) & (v > 0)]
        return Ticks(tuple(float(x) for x in v), tuple(_linear_labels(v)), ())
    return Ticks(tuple(major), tuple(labels), tuple(minor))
