"""Write a :class:`peled.report.plot.Plot` as SVG text, without building a matplotlib figure.

A report draws six figures for every device; with matplotlib each costs 40-130 ms, mostly
in its general tick and text machinery (``benchmarks/bench_report.py``).  The figures of
a report need only lines, markers, bands, ticks and text, so this module writes those
elements directly: 1-2 ms per figure.  Limits and ticks come from
:mod:`peled.report.plot` (the same as :mod:`peled.report.mpl_plot` draws), colours from
matplotlib's colour names, text widths (legend boxes, y-label offsets) from the advance
widths of the DejaVu Sans font matplotlib ships.  Coordinates are in points
(``viewBox`` = figure size x 72), as in matplotlib's SVG.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from functools import cache, lru_cache
from html import escape

import numpy as np

from peled.report.plot import (
    FONT_SIZE,
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

__all__ = ["legend_location", "plot_to_svg", "text_width", "xml_safe"]

_FONT = 'font-family="DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif"'
_TICK, _MINOR, _PAD = 3.5, 2.0, 3.5  # tick lengths and label pad (pt), matplotlib's
_ASCENT, _DESCENT = 0.76, 0.24  # glyph box of digits and lower case, in em
_DASHES = {"--": (3.7, 1.6), ":": (1.0, 1.65), "-.": (6.4, 1.6, 1.0, 1.6)}
_LEGEND_ORDER = ("upper right", "upper left", "lower left", "lower right", "center right",
                 "center left", "lower center", "upper center", "center")


@cache
def _advance_em(char: str) -> float:
    from matplotlib.font_manager import FontProperties, findfont, get_font
    from matplotlib.ft2font import LoadFlags

    font = get_font(findfont(FontProperties(family="DejaVu Sans")))
    font.set_size(100, 72)
    if not font.get_char_index(ord(char)):  # not in DejaVu Sans (CJK, ...): the browser
        # takes it from another font; CJK fonts set wide characters on a 1-em square,
        # others about as wide as DejaVu Sans' lower case and digits (0.55-0.64 em)
        return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6
    glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    return glyph.linearHoriAdvance / 65536 / 100


def text_width(text: str, size: float) -> float:
    """Width (pt) of one line of ``text`` at font ``size`` (pt) in DejaVu Sans.

    Sum of the glyph advance widths (no kerning), as a browser lays the text out to
    within a few per cent.

    Parameters
    ----------
    text : str
        One line of text.
    size : float
        Font size (pt).

    Returns
    -------
    float
        Width in points.

    Examples
    --------
    >>> round(text_width("10", 9.0), 2)
    11.45
    """
    return size * sum(_advance_em(c) for c in text)


@lru_cache(maxsize=256)
def _css(color: str) -> str:
    from matplotlib.colors import to_hex

    return to_hex(color)


#: Characters that XML 1.0 forbids (C0 controls but tab, newline and carriage return;
#: U+FFFE, U+FFFF): a device name read from device.toml may hold them (``"\u0001"``),
#: and one of them in a title makes the whole SVG unreadable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD.

    Parameters
    ----------
    text : str
        Text to put into an SVG or HTML document (a device name, a whole document).

    Returns
    -------
    str
        The text, every C0 control character but tab, newline and carriage return (and
        U+FFFE, U+FFFF) replaced by the replacement character.

    Examples
    --------
    >>> xml_safe("dev\u0001-7\tA")
    'dev\ufffd-7\tA'
    """
    return _XML_ILLEGAL.sub("\ufffd", text)


def _esc(text: str) -> str:
    """User text as SVG character data: XML-safe and escaped."""
    return escape(xml_safe(text))


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, s: str, size: float, anchor: str = "start",
          color: str = "black", rotate: bool = False) -> str:
    fill = "" if color == "black" else f' fill="{_css(color)}"'
    rot = f' transform="rotate(-90 {_num(x)} {_num(y)})"' if rotate else ""
    ta = "" if anchor == "start" else f' text-anchor="{anchor}"'
    lines = s.split("\n")
    if len(lines) == 1:
        body = _esc(s)
    else:
        body = "".join(f'<tspan x="{_num(x)}" dy="{0 if i == 0 else 1.2 * size:.2f}">'
                       f"{_esc(t)}</tspan>" for i, t in enumerate(lines))
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}"{ta}{fill}{rot}'
            f">{body}</text>")


def _stroke(color: str, width: float, style: str) -> str:
    dash = _DASHES.get(style)
    d = f' stroke-dasharray="{",".join(_num(v * width) for v in dash)}"' if dash else ""
    return f'fill="none" stroke="{_css(color)}" stroke-width="{_num(width)}"{d}'


def _coords(px: np.ndarray, py: np.ndarray) -> str:
    """``"x,y x,y ..."`` at 0.1 pt (one C-level format call for the whole array)."""
    xy = np.column_stack([px, py]).ravel()
    return ("%.1f,%.1f " * (xy.size // 2) % tuple(xy.tolist())).rstrip()


def _segments(px: np.ndarray, py: np.ndarray) -> str:
    """Path data of the polyline through the finite points, broken at non-finite ones."""
    ok = np.isfinite(px) & np.isfinite(py)
    idx = np.flatnonzero(ok)
    if not idx.size:
        return ""
    return "".join("M" + _coords(px[seg], py[seg])
                   for seg in np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1))


def _marker_shape(marker: str, size: float, x: float = 0.0, y: float = 0.0) -> str:
    """Circle or square of matplotlib's marker size (a "." point is half an "o")."""
    if marker == "s":
        return (f'<rect x="{x - size / 2:.2f}" y="{y - size / 2:.2f}" '
                f'width="{_num(size)}" height="{_num(size)}"')
    r = size / 4 if marker == "." else size / 2
    return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{_num(r)}"'


def _marker_ref(ln: Line, defs: dict) -> str:
    """Attributes placing an SVG marker of ``ln`` on every vertex of a path; the marker
    is defined once per figure in ``defs``."""
    face = _css(ln.face if ln.face is not None else ln.color)
    key = (ln.marker, ln.size, face, _css(ln.color))
    if key not in defs:
        mid = f"mk@ID@{len(defs)}"
        defs[key] = (mid, f'<marker id="{mid}" markerUnits="userSpaceOnUse" '
                          'markerWidth="1" markerHeight="1" overflow="visible">'
                          f'{_marker_shape(ln.marker, ln.size)} fill="{face}" '
                          f'stroke="{key[3]}" stroke-width="1"/></marker>')
    ref = f"url(#{defs[key][0]})"
    return f' marker-start="{ref}" marker-mid="{ref}" marker-end="{ref}"'


class _Frame:
    """Data -> point mapping of one panel (x0, y0 = top-left corner of the axes)."""

    def __init__(self, box, xlim, ylim, xlog, ylog):
        self.x0, self.y0, self.w, self.h = (v * 72 for v in box)
        self.xlog, self.ylog = xlog, ylog
        self.xa, self.xb = self._t(xlim, xlog)
        self.ya, self.yb = self._t(ylim, ylog)

    @staticmethod
    def _t(v, log):
        v = np.asarray(v, float)
        if not log:
            return v
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)

    def px(self, x):
        with np.errstate(over="ignore", invalid="ignore"):  # |x| ~ 1e308: inf, not drawn
            return self.x0 + (self._t(x, self.xlog) - self.xa) / (self.xb - self.xa) * self.w

    def py(self, y):
        with np.errstate(over="ignore", invalid="ignore"):
            return (self.y0 + self.h
                    - (self._t(y, self.ylog) - self.ya) / (self.yb - self.ya) * self.h)


def _line(frame: _Frame, ln: Line, defs: dict) -> list[str]:
    px, py = frame.px(ln.x), frame.py(ln.y)
    out = []
    if ln.xerr is not None:
        lo, hi = frame.px(ln.x - ln.xerr[0]), frame.px(ln.x + ln.xerr[1])
        d = "".join(f"M{a:.2f},{y:.2f}H{b:.2f}M{a:.2f},{y - 2:.2f}v4M{b:.2f},{y - 2:.2f}v4"
                    for a, b, y in zip(lo, hi, py, strict=True)
                    if np.isfinite(a) and np.isfinite(b) and np.isfinite(y))
        out.append(f'<path d="{d}" {_stroke(ln.color, ln.width, "-")}/>')
    drawn = bool(ln.style) and ln.xerr is None
    if not (drawn or ln.marker):
        return out
    d = _segments(px, py)
    if not d:
        return out
    if not drawn:  # markers only: an invisible path carrying them
        d = "M" + d[1:].replace("M", " ")
        paint = 'fill="none" stroke="none"'
    else:
        paint = _stroke(ln.color, ln.width, ln.style) + ' stroke-linejoin="round"'
    marks = _marker_ref(ln, defs) if ln.marker else ""
    out.append(f'<path d="{d}" {paint}{marks}/>')
    return out


def _item(frame: _Frame, it, defs: dict) -> list[str]:
    if isinstance(it, Line):
        return _line(frame, it, defs)
    if isinstance(it, Band):
        px, lo, hi = frame.px(it.x), frame.py(it.lower), frame.py(it.upper)
        ok = np.isfinite(px) & np.isfinite(lo) & np.isfinite(hi)
        idx = np.flatnonzero(ok)
        out = []
        for seg in np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1) if idx.size else []:
            xs = np.concatenate([px[seg], px[seg][::-1]])
            ys = np.concatenate([hi[seg], lo[seg][::-1]])
            out.append(f'<path d="{_segments(xs, ys)}z" fill="{_css(it.color)}" '
                       f'fill-opacity="{it.alpha:g}" stroke="none"/>')
        return out
    if isinstance(it, Span):
        a, b = sorted(float(v) for v in frame.px([it.start, it.stop]))
        if not (np.isfinite(a) and np.isfinite(b)):
            return []
        return [f'<rect x="{a:.2f}" y="{frame.y0:.2f}" width="{b - a:.2f}" '
                f'height="{frame.h:.2f}" fill="{_css(it.color)}"/>']
    if isinstance(it, Rule):
        if it.axis == "x":
            v = float(frame.px(it.value))
            d = f"M{v:.2f},{frame.y0:.2f}V{frame.y0 + frame.h:.2f}"
        else:
            v = float(frame.py(it.value))
            d = f"M{frame.x0:.2f},{v:.2f}H{frame.x0 + frame.w:.2f}"
        return [f'<path d="{d}" {_stroke(it.color, it.width, it.style)}/>'] if np.isfinite(v) \
            else []
    return []


def _note(frame: _Frame, n: Note) -> str:
    x = float(frame.px(n.x)) if n.coords[0] == "data" else frame.x0 + n.x * frame.w
    y = float(frame.py(n.y)) if n.coords[1] == "data" else frame.y0 + (1 - n.y) * frame.h
    if not (np.isfinite(x) and np.isfinite(y)):
        return ""
    x, y = x + n.offset[0], y - n.offset[1]
    lines = n.text.count("\n") + 1
    height = n.size * (1.2 * (lines - 1))
    shift = {"top": _ASCENT * n.size, "center": 0.36 * n.size - height / 2,
             "bottom": -_DESCENT * n.size - height}.get(n.va, 0.0)
    anchor = {"left": "start", "center": "middle", "right": "end"}[n.ha]
    return _text(x, y + shift, n.text, n.size, anchor, n.color)


def _axis(frame: _Frame, lim, log, which: str, color: str | None, label: str) -> list[str]:
    """Ticks, tick labels and the label of the x axis, the left or the right y axis."""
    out, ticks_d, minor_d = [], [], []
    if which == "x":
        t = axis_ticks(lim[0], lim[1], log, frame.w / 72)
        pos = frame.px(np.array(t.major)) if t.major else np.zeros(0)
        yb = frame.y0 + frame.h
        for p, s in zip(pos, t.labels, strict=True):
            ticks_d.append(f"M{p:.2f},{yb:.2f}v{_TICK}")
            if s:
                out.append(_text(p, yb + _TICK + _PAD + _ASCENT * FONT_SIZE, s, FONT_SIZE,
                                 "middle"))
        for p in frame.px(np.array(t.minor)) if t.minor else []:
            minor_d.append(f"M{p:.2f},{yb:.2f}v{_MINOR}")
        label = scaled_label(label, t.multiplier)
        if label:
            y = yb + _TICK + _PAD + FONT_SIZE + 4 + _ASCENT * FONT_SIZE
            out.append(_text(frame.x0 + frame.w / 2, y, label, FONT_SIZE, "middle"))
    else:
        t = axis_ticks(lim[0], lim[1], log, frame.h / 72, vertical=True)
        pos = frame.py(np.array(t.major)) if t.major else np.zeros(0)
        right = which == "right"
        xe = frame.x0 + frame.w if right else frame.x0
        sign = 1 if right else -1
        widest = 0.0
        for p, s in zip(pos, t.labels, strict=True):
            ticks_d.append(f"M{xe:.2f},{p:.2f}h{sign * _TICK}")
            if s:
                out.append(_text(xe + sign * (_TICK + _PAD), p + 0.36 * FONT_SIZE, s,
                                 FONT_SIZE, "start" if right else "end"))
                widest = max(widest, text_width(s, FONT_SIZE))
        for p in frame.py(np.array(t.minor)) if t.minor else []:
            minor_d.append(f"M{xe:.2f},{p:.2f}h{sign * _MINOR}")
        label = scaled_label(label, t.multiplier)
        if label:
            edge = xe + sign * (_TICK + _PAD + widest + 4)
            x = edge + _ASCENT * FONT_SIZE if right else edge - _DESCENT * FONT_SIZE
            out.append(_text(x, frame.y0 + frame.h / 2, label, FONT_SIZE, "middle",
                             color or "black", rotate=True))
    if ticks_d:
        out.insert(0, f'<path d="{"".join(ticks_d)}" stroke="#000" stroke-width="0.8"/>')
    if minor_d:
        out.insert(0, f'<path d="{"".join(minor_d)}" stroke="#000" stroke-width="0.6"/>')
    return out


def _legend_entries(panel: Panel) -> list:
    items = list(panel.items) + (list(panel.twin.items) if panel.twin is not None else [])
    return [it for it in items if getattr(it, "label", None) and not isinstance(it, Note)]


def _handle(it, x: float, y: float, length: float) -> str:
    """The legend key of an item: a line sample (with its marker) or a patch."""
    if isinstance(it, (Span, Band)):
        alpha = f' fill-opacity="{it.alpha:g}"' if isinstance(it, Band) else ""
        return (f'<rect x="{x:.2f}" y="{y - 3.5:.2f}" width="{length:.2f}" height="4.9" '
                f'fill="{_css(it.color)}"{alpha}/>')
    out = ""
    style = it.style if isinstance(it, (Line, Rule)) else "-"
    if style and not (isinstance(it, Line) and it.xerr is not None):
        out += f'<path d="M{x:.2f},{y:.2f}h{length:.2f}" {_stroke(it.color, it.width, style)}/>'
    if isinstance(it, Line) and it.marker:
        face = _css(it.face if it.face is not None else it.color)
        out += (f'{_marker_shape(it.marker, it.size, x + length / 2, y)} fill="{face}" '
                f'stroke="{_css(it.color)}" stroke-width="1"/>')
    return out


class _LegendBox:
    """Size (pt) of a panel's legend and its corner at each location inside the axes
    (matplotlib's defaults in font-size units: handle 2, gap 0.8, padding 0.4, row
    spacing 0.5, column spacing 2, inset 0.5)."""

    fs = 7.0

    def __init__(self, panel: Panel, frame: _Frame, entries: list):
        fs = self.fs
        self.ncol = max(1, panel.legend_columns)
        self.nrow = math.ceil(len(entries) / self.ncol)
        self.handle, self.gap, self.pad, self.row = 2.0 * fs, 0.8 * fs, 0.4 * fs, 1.0 * fs
        self.cols = [entries[c * self.nrow:(c + 1) * self.nrow] for c in range(self.ncol)]
        self.col_w = [self.handle + self.gap + max(text_width(e.label, fs) for e in col)
                      for col in self.cols if col]
        self.width = 2 * self.pad + sum(self.col_w) + 2.0 * fs * (len(self.col_w) - 1)
        self.height = 2 * self.pad + self.nrow * self.row + (self.nrow - 1) * 0.5 * fs
        inset = 0.5 * fs
        self._x = {"left": frame.x0 + inset, "right": frame.x0 + frame.w - inset - self.width,
                   "center": frame.x0 + (frame.w - self.width) / 2}
        self._y = {"upper": frame.y0 + inset,
                   "lower": frame.y0 + frame.h - inset - self.height,
                   "center": frame.y0 + (frame.h - self.height) / 2}

    def corner(self, loc: str) -> tuple[float, float]:
        v, _, h = loc.partition(" ")
        if not h:  # "center", or matplotlib's "right" (= center right)
            return (self._x["right"], self._y["center"]) if v == "right" else \
                (self._x["center"], self._y["center"])
        return self._x[h], self._y[v]

    def covered(self, loc: str, points: np.ndarray) -> int:
        x, y = self.corner(loc)
        return int(((points[:, 0] > x) & (points[:, 0] < x + self.width)
                    & (points[:, 1] > y) & (points[:, 1] < y + self.height)).sum())


def _legend_location(panel: Panel, frames) -> str | None:
    entries = _legend_entries(panel)
    if not entries or panel.legend is None:
        return None
    if panel.legend != "best":
        return panel.legend
    points = _occupied(frames)
    if not points.size:
        return _LEGEND_ORDER[0]
    box = _LegendBox(panel, frames[0][0], entries)
    return min(_LEGEND_ORDER, key=lambda loc: box.covered(loc, points))


def legend_location(panel: Panel, box) -> str | None:
    """Where the legend of ``panel`` goes: its ``legend`` location, or for "best" the
    first of matplotlib's candidate locations covering the fewest drawn points of the
    panel's lines and rules (both y axes; points every 4 pt along each segment).

    :func:`plot_to_svg` and :func:`peled.report.mpl_plot.plot_to_figure` both place the
    legend here, so the SVG and the PNG agree (matplotlib's own "best" would look at the
    main axis only).

    Parameters
    ----------
    panel : peled.report.plot.Panel
        The panel.
    box : tuple of float
        Its axes box ``(x0, top, width, height)`` in inches (:meth:`Plot.axes_boxes`).

    Returns
    -------
    str or None
        A matplotlib location name ("upper right", ...), or None without legend entries.

    Examples
    --------
    >>> from peled.report.plot import Line, Panel, Plot
    >>> panel = Panel([Line([0, 1], [0, 1], label="rising")], legend="best")
    >>> legend_location(panel, Plot([panel]).axes_boxes()[0])  # the line ends upper right
    'upper left'
    """
    return _legend_location(panel, _frames(panel, box, panel_limits(panel)))


def _legend(panel: Panel, frame: _Frame, loc: str | None) -> list[str]:
    if loc is None:
        return []
    lb = _LegendBox(panel, frame, _legend_entries(panel))
    x, y = lb.corner(loc)
    fs = lb.fs
    out = [f'<rect x="{x:.2f}" y="{y:.2f}" width="{lb.width:.2f}" height="{lb.height:.2f}" '
           'rx="2" fill="#fff" fill-opacity="0.8" stroke="#ccc" stroke-width="1"/>']
    cx = x + lb.pad
    for col, w in zip(lb.cols, lb.col_w, strict=False):
        for i, e in enumerate(col):
            cy = y + lb.pad + i * (lb.row + 0.5 * fs) + 0.5 * lb.row
            out.append(_handle(e, cx, cy, lb.handle))
            out.append(_text(cx + lb.handle + lb.gap, cy + 0.36 * fs, e.label, fs))
        cx += w + 2.0 * fs
    return out


def _along(xy: np.ndarray, step: float = 4.0) -> np.ndarray:
    """Points at most ``step`` pt apart along the segments of a polyline (segments with a
    non-finite end skipped), so that "best" sees a line crossing a legend box between
    two vertices (matplotlib counts such crossings)."""
    a, b = xy[:-1], xy[1:]
    ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    a, b = a[ok], b[ok]
    if not a.size:
        return np.zeros((0, 2))
    n = np.clip(np.ceil(np.hypot(*(b - a).T) / step), 1, 1000).astype(int)
    seg = np.repeat(np.arange(n.size), n)
    frac = (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + 0.5) / n[seg]
    return a[seg] + frac[:, None] * (b[seg] - a[seg])


def _occupied(frames) -> np.ndarray:
    """Points (pt) the data occupies, for the "best" legend location: the vertices of
    every line and points along its segments, and points along every rule."""
    pts = []
    for fr, p in frames:
        for it in p.items:
            if isinstance(it, Line):
                xy = np.column_stack([fr.px(it.x), fr.py(it.y)])
                pts += [xy, _along(xy)] if it.style else [xy]
            elif isinstance(it, Rule):
                s = np.linspace(0.0, 1.0, 41)
                v = float(fr.px(it.value) if it.axis == "x" else fr.py(it.value))
                along = fr.y0 + s * fr.h if it.axis == "x" else fr.x0 + s * fr.w
                fixed = np.full_like(s, v)
                pts.append(np.column_stack((fixed, along) if it.axis == "x" else (along, fixed)))
    points = np.concatenate(pts) if pts else np.zeros((0, 2))
    return points[np.isfinite(points).all(axis=1)]


def _title(x: float, y: float, text: str, size: float, fig_width: float) -> str:
    """A centred title kept inside the figure: moved sideways when it sticks out of
    one side, and set smaller when it is wider than the figure (a long device name)."""
    room = fig_width - 2 * _PAD
    w = text_width(text, size)
    if w > room:
        size, w = size * room / w, room
    x = min(max(x, _PAD + w / 2), fig_width - _PAD - w / 2)
    return _text(x, y, text, size, "middle")


def _frames(panel: Panel, box, lim: dict) -> list:
    """``[(frame, panel)]`` plus ``(twin frame, twin)`` for a panel with a right axis."""
    frames = [(_Frame(box, lim["x"], lim["y"], panel.xlog, panel.ylog), panel)]
    if panel.twin is not None:
        frames.append((_Frame(box, lim["x"], lim["y2"], panel.xlog, panel.twin.ylog),
                       panel.twin))
    return frames


def _panel(panel: Panel, box, key: str, defs: dict, fig_width: float) -> list[str]:
    lim = panel_limits(panel)
    frames = _frames(panel, box, lim)
    frame = frames[0][0]
    x0, y0, w, h = frame.x0, frame.y0, frame.w, frame.h
    out = [f'<clipPath id="{key}"><rect x="{x0:.2f}" y="{y0:.2f}" width="{w:.2f}" '
           f'height="{h:.2f}"/></clipPath>', f'<g clip-path="url(#{key})">']
    order = (Span, Band, (Line, Rule))
    for kinds in order:
        for fr, p in frames:
            for it in p.items:
                if isinstance(it, kinds):
                    out += _item(fr, it, defs)
    out.append("</g>")
    out.append(f'<rect x="{x0:.2f}" y="{y0:.2f}" width="{w:.2f}" height="{h:.2f}" '
               'fill="none" stroke="#000" stroke-width="0.8"/>')
    out += _axis(frame, lim["x"], panel.xlog, "x", None, panel.xlabel)
    out += _axis(frame, lim["y"], panel.ylog, "left", panel.ylabel_color, panel.ylabel)
    if panel.twin is not None:
        out += _axis(frames[1][0], lim["y2"], panel.twin.ylog, "right",
                     panel.twin.ylabel_color, panel.twin.ylabel)
    for fr, p, has in ((frame, panel, lim["x_data"] and lim["y_data"]),
                       *(((frames[1][0], panel.twin, lim["y2_data"]),) if panel.twin else ())):
        out += [s for s in (_note(fr, n) for n in p.items if isinstance(n, Note)) if s]
        if (p.ylog or panel.xlog) and not has:
            out.append(_text(x0 + w / 2, y0 + h / 2 + 0.36 * FONT_SIZE, "no data",
                             FONT_SIZE, "middle", "0.5"))
    out += _legend(panel, frame, _legend_location(panel, frames))
    if panel.title:
        out.append(_title(x0 + w / 2, y0 - 6 - _DESCENT * 1.2 * FONT_SIZE, panel.title,
                          1.2 * FONT_SIZE, fig_width))
    return out


def plot_to_svg(plot: Plot) -> str:
    """The standalone SVG document of ``plot``.

    Element ids (the clip paths of the axes) carry a hash of the figure's content, so
    that many figures can be inlined in one HTML page, and identical input gives
    identical files.

    Parameters
    ----------
    plot : peled.report.plot.Plot
        The figure.

    Returns
    -------
    str
        An SVG document (XML prolog, ``viewBox`` in points, ``width``/``height`` in pt).

    Examples
    --------
    >>> from peled.report.plot import Line, Panel, Plot
    >>> svg = plot_to_svg(Plot([Panel([Line([0, 1], [0, 1])], xlabel="x")]))
    >>> svg.startswith("<?xml"), 'viewBox="0 0 432 288"' in svg, ">x</text>" in svg
    (True, True, True)
    """
    width, height = plot.width * 72, plot.height * 72
    body = [f'<rect width="{_num(width)}" height="{_num(height)}" fill="#fff"/>']
    defs: dict = {}
    for i, (panel, box) in enumerate(zip(plot.panels, plot.axes_boxes(), strict=True)):
        body += _panel(panel, box, f"clip@ID@{i}", defs, width)
    if defs:
        body.insert(0, "<defs>" + "".join(d for _, d in defs.values()) + "</defs>")
    if plot.suptitle:
        body.append(_title(width / 2, 0.02 * height + _ASCENT * 10.0, plot.suptitle, 10.0,
                           width))
    text = "\n".join(body)
    uid = hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()
    text = text.replace("@ID@", uid)
    return ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}pt" '
            f'height="{_num(height)}pt" viewBox="0 0 {_num(width)} {_num(height)}" '
            f'version="1.1" {_FONT}>\n{text}\n</svg>\n')
