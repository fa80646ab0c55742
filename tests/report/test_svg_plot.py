"""The SVG writer of report plots (peled.report.svg_plot), checked by parsing its output:
vertex coordinates against the data -> point mapping computed by hand, robustness on
random data, escaping, ids, and agreement with the matplotlib renderer."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.datasets import SyntheticDevice, example_devices_dir, make_device
from peled.measure import analyze_device
from peled.report import device_plots
from peled.report.mpl_plot import plot_to_figure
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
)
from peled.report.svg_plot import plot_to_svg, text_width

NS = "{http://www.w3.org/2000/svg}"
_NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

# Default Plot (6 x 4 in, margins left 0.72, right 0.15, top 0.35, bottom 0.5 in), in pt:
X0, TOP = 0.72 * 72, 0.35 * 72  # 51.84, 25.2
W, H = (6.0 - 0.72 - 0.15) * 72, (4.0 - 0.35 - 0.5) * 72  # 369.36, 226.8

# matplotlib's tab10 colours (hex values of its documented palette)
TAB = {"tab:blue": "#1f77b4", "tab:orange": "#ff7f0e", "tab:green": "#2ca02c",
       "tab:red": "#d62728", "tab:purple": "#9467bd", "tab:olive": "#bcbd22"}


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def _subpaths(d: str) -> list[np.ndarray]:
    """Vertices of each "M x,y x,y ..." subpath of a polyline path."""
    out = []
    for part in d.split("M")[1:]:
        v = [float(s) for s in _NUM.findall(part.rstrip("z"))]
        out.append(np.array(v).reshape(-1, 2))
    return out


def _paths(root, stroke=None, fill=None) -> list[ET.Element]:
    return [p for p in root.iter(NS + "path")
            if (stroke is None or p.get("stroke") == stroke)
            and (fill is None or p.get("fill") == fill)]


def _texts(root) -> list[str]:
    """Text of each <text>, lines of <tspan>s joined by newlines."""
    out = []
    for t in root.iter(NS + "text"):
        spans = t.findall(NS + "tspan")
        out.append("\n".join(s.text or "" for s in spans) if spans else (t.text or ""))
    return out


def _px(x, x0=0.0, x1=10.0, log=False):
    f = (math.log10(x) - math.log10(x0)) / (math.log10(x1) - math.log10(x0)) if log \
        else (x - x0) / (x1 - x0)
    return X0 + f * W


def _py(y, y0=0.0, y1=2.0, log=False):
    f = (math.log10(y) - math.log10(y0)) / (math.log10(y1) - math.log10(y0)) if log \
        else (y - y0) / (y1 - y0)
    return TOP + (1.0 - f) * H  # SVG y grows downwards


# -------------------------------------------------------------------------- geometry


def test_line_vertices_are_at_the_data_coordinates_in_points():
    ln = Line([0.0, 2.5, 10.0], [0.0, 1.0, 2.0], "tab:red")
    root = _root(plot_to_svg(Plot([Panel([ln], xlim=(0.0, 10.0), ylim=(0.0, 2.0))])))
    assert root.get("viewBox") == "0 0 432 288"  # 6 x 4 in at 72 pt/in
    (path,) = _paths(root, stroke=TAB["tab:red"])
    (verts,) = _subpaths(path.get("d"))
    expected = [(_px(x), _py(y)) for x, y in zip(ln.x, ln.y, strict=True)]
    # (51.84, 252.0), (144.18, 138.6), (421.2, 25.2)
    np.testing.assert_allclose(verts, expected, atol=0.051)
    assert expected[1] == pytest.approx((51.84 + 0.25 * 369.36, 138.6))


def test_line_vertices_on_log_axes():
    ln = Line([1.0, 10.0, 300.0], [1e-3, 1.0, 0.5], "tab:green")
    panel = Panel([ln], xlog=True, ylog=True, xlim=(1.0, 1000.0), ylim=(1e-4, 10.0))
    root = _root(plot_to_svg(Plot([panel])))
    (verts,) = _subpaths(_paths(root, stroke=TAB["tab:green"])[0].get("d"))
    expected = [(_px(x, 1.0, 1000.0, True), _py(y, 1e-4, 10.0, True))
                for x, y in zip(ln.x, ln.y, strict=True)]
    # x = 10 is a third of three decades: 51.84 + 369.36 / 3 = 174.96
    assert expected[1][0] == pytest.approx(174.96)
    np.testing.assert_allclose(verts, expected, atol=0.051)


def test_nan_splits_the_line_and_non_positive_points_are_dropped_on_log_axes():
    ln = Line([1.0, 2.0, np.nan, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0], "tab:red")
    root = _root(plot_to_svg(Plot([Panel([ln], xlim=(0.0, 10.0), ylim=(0.0, 10.0))])))
    d = _paths(root, stroke=TAB["tab:red"])[0].get("d")
    assert d.count("M") == 2
    first, second = _subpaths(d)
    np.testing.assert_allclose(first, [(_px(1), _py(1, 0, 10)), (_px(2), _py(2, 0, 10))],
                               atol=0.051)
    np.testing.assert_allclose(second, [(_px(4), _py(4, 0, 10)), (_px(5), _py(5, 0, 10))],
                               atol=0.051)
    # log y: y = 0 and y = -1 cannot be drawn; the line is broken there
    ln = Line([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 10.0, 0.0, -1.0, 100.0], "tab:red")
    panel = Panel([ln], ylog=True, xlim=(0.0, 10.0), ylim=(0.1, 1000.0))
    d = _paths(_root(plot_to_svg(Plot([panel]))), stroke=TAB["tab:red"])[0].get("d")
    subs = _subpaths(d)
    assert [len(s) for s in subs] == [2, 1]
    assert subs[1][0] == pytest.approx((_px(5), _py(100.0, 0.1, 1000.0, True)), abs=0.051)


def test_markers_only_line_carries_one_shared_marker_definition():
    a = Line([1.0, 2.0, 3.0], [1.0, 1.5, 1.0], "tab:blue", "", marker="o", size=4)
    b = Line([4.0, 5.0], [0.5, 0.7], "tab:blue", "", marker="o", size=4)
    c = Line([6.0], [1.0], "tab:red", "", marker="s", size=4)
    svg = plot_to_svg(Plot([Panel([a, b, c], xlim=(0.0, 10.0), ylim=(0.0, 2.0))]))
    root = _root(svg)
    markers = {m.get("id"): m for m in root.iter(NS + "marker")}
    assert len(markers) == 2  # a and b share theirs
    carriers = [p for p in root.iter(NS + "path") if p.get("marker-mid")]
    assert len(carriers) == 3
    for p in carriers:
        ref = p.get("marker-mid")
        assert p.get("marker-start") == ref == p.get("marker-end")
        assert ref[5:-1] in markers
        assert p.get("stroke") == "none"  # no line drawn
    ids = [p.get("marker-mid")[5:-1] for p in carriers]
    assert ids[0] == ids[1] != ids[2]
    # the markers-only path is one subpath through every point: all vertices carry it
    np.testing.assert_allclose(_subpaths(carriers[0].get("d"))[0],
                               [(_px(1), _py(1)), (_px(2), _py(1.5)), (_px(3), _py(1))],
                               atol=0.051)
    circle = markers[ids[0]].find(NS + "circle")
    assert float(circle.get("r")) == 2.0  # markersize 4 is the diameter
    assert circle.get("fill") == TAB["tab:blue"]
    square = markers[ids[2]].find(NS + "rect")
    assert float(square.get("width")) == 4.0 and square.get("fill") == TAB["tab:red"]


def test_rule_span_and_band_geometry():
    items = [Span(1.0, 2.0, color="0.9"), Band([0.0, 10.0], [0.0, 0.5], [1.0, 1.5], "tab:red"),
             Rule(5.0, "x", "tab:olive"), Rule(1.0, "y", "tab:purple")]
    root = _root(plot_to_svg(Plot([Panel(items, xlim=(0.0, 10.0), ylim=(0.0, 2.0))])))
    span = [r for r in root.iter(NS + "rect") if r.get("fill") == "#e6e6e6"]
    assert len(span) == 1  # "0.9" grey is #e6e6e6 (0.9 * 255 = 229.5 -> e6)
    geo = [float(span[0].get(k)) for k in ("x", "y", "width", "height")]
    assert geo == pytest.approx([_px(1.0), TOP, _px(2.0) - _px(1.0), H], abs=0.006)
    (band,) = [p for p in root.iter(NS + "path") if p.get("fill") == TAB["tab:red"]]
    assert band.get("d").endswith("z") and band.get("fill-opacity") == "0.2"
    np.testing.assert_allclose(
        _subpaths(band.get("d"))[0],
        [(_px(0), _py(1.0)), (_px(10), _py(1.5)), (_px(10), _py(0.5)), (_px(0), _py(0.0))],
        atol=0.051)
    (vert,) = _paths(root, stroke=TAB["tab:olive"])
    x, y_top, y_bottom = (float(v) for v in _NUM.findall(vert.get("d")))
    assert (x, y_top, y_bottom) == pytest.approx((236.52, TOP, TOP + H), abs=0.006)
    (horiz,) = _paths(root, stroke=TAB["tab:purple"])
    x_left, y, x_right = (float(v) for v in _NUM.findall(horiz.get("d")))
    assert (x_left, y, x_right) == pytest.approx((X0, 138.6, X0 + W), abs=0.006)
    # dotted rules: 1 and 1.65 line widths (matplotlib's dotted pattern), 0.8 pt wide
    assert horiz.get("stroke-dasharray") == "0.8,1.32"
    # drawing order: span below band below lines
    fills = [e.get("fill") for e in root.iter() if e.tag in (NS + "rect", NS + "path")]
    assert fills.index("#e6e6e6") < fills.index(TAB["tab:red"])


def test_note_in_axes_coordinates_with_an_offset_in_points():
    notes = [Note("left", 0.5, 0.5, coords=("axes", "axes"), offset=(3.0, 4.0)),
             Note("mid", 0.25, 1.0, coords=("axes", "data"), ha="center"),
             Note("end", 10.0, 0.0, ha="right", offset=(-2.0, 0.0))]
    root = _root(plot_to_svg(Plot([Panel(notes, xlim=(0.0, 10.0), ylim=(0.0, 2.0))])))
    got = {t.text: t for t in root.iter(NS + "text")}
    # axes centre (236.52, 138.6), moved 3 pt right and 4 pt up (SVG y down)
    assert float(got["left"].get("x")) == pytest.approx(X0 + 0.5 * W + 3.0, abs=0.006)
    assert float(got["left"].get("y")) == pytest.approx(TOP + 0.5 * H - 4.0, abs=0.006)
    assert got["left"].get("text-anchor") is None  # start
    assert float(got["mid"].get("x")) == pytest.approx(X0 + 0.25 * W, abs=0.006)
    assert float(got["mid"].get("y")) == pytest.approx(_py(1.0), abs=0.006)
    assert got["mid"].get("text-anchor") == "middle"
    assert float(got["end"].get("x")) == pytest.approx(X0 + W - 2.0, abs=0.006)
    assert float(got["end"].get("y")) == pytest.approx(TOP + H, abs=0.006)
    assert got["end"].get("text-anchor") == "end"
    assert got["end"].get("font-size") == "8"


def test_colours_are_matplotlib_names():
    items = [Line([0, 1], [0, 1], c) for c in TAB] + [Line([0, 1], [1, 0], "0.6"),
                                                      Line([0, 1], [1, 1], "gray")]
    root = _root(plot_to_svg(Plot([Panel(items)])))
    strokes = {p.get("stroke") for p in root.iter(NS + "path")}
    # "0.6" grey: 0.6 * 255 = 153 = 0x99; "gray" is #808080
    assert set(TAB.values()) | {"#999999", "#808080"} <= strokes


def test_no_data_note_on_a_log_axis_without_positive_data():
    panel = Panel([Line([1.0, 2.0], [0.0, -1.0])], ylog=True)
    root = _root(plot_to_svg(Plot([panel])))
    (note,) = [t for t in root.iter(NS + "text") if t.text == "no data"]
    assert float(note.get("x")) == pytest.approx(X0 + W / 2, abs=0.006)
    assert note.get("text-anchor") == "middle"
    ok = _root(plot_to_svg(Plot([Panel([Line([1.0, 2.0], [1.0, 3.0])], ylog=True)])))
    assert "no data" not in _texts(ok)
    twin = Panel([Line([1.0, 2.0], [1.0, 3.0])])
    twin.twin = Panel([Line([1.0, 2.0], [0.0, 0.0])], ylog=True)
    assert _texts(_root(plot_to_svg(Plot([twin])))).count("no data") == 1


def test_axis_tick_labels_are_at_the_tick_positions():
    ln = Line([0.0, 10.0], [0.0, 2.0])
    root = _root(plot_to_svg(Plot([Panel([ln], xlim=(0.0, 10.0), ylim=(0.0, 2.0))])))
    labels = {t.text: t for t in root.iter(NS + "text")}
    # x ticks 0, 2, ..., 10 centred below the axis; y ticks 0.00 .. 2.00 right-aligned
    for v in (0, 2, 4, 6, 8, 10):
        t = labels[str(v)]
        assert float(t.get("x")) == pytest.approx(_px(v), abs=0.006)
        assert float(t.get("y")) > TOP + H
    for v in (0.0, 0.5, 1.25, 2.0):
        t = labels[f"{v:.2f}"]
        assert t.get("text-anchor") == "end" and float(t.get("x")) < X0
        # the label's centre line (0.36 em below its baseline) is at the tick
        assert float(t.get("y")) - 3.6 == pytest.approx(_py(v), abs=0.006)


# ------------------------------------------------------------------------ robustness

_SPECIAL = st.sampled_from([0.0, -0.0, -1.0, 1.0, np.nan, np.inf, -np.inf, 1e-300, 5e-324,
                            1e300, -1e300, 1e15, 1e-15])
_VALUE = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64), _SPECIAL)


_LIMITS = st.sampled_from([(None, None)] * 4 + [(0.0, None), (None, 1.0), (1.0, 1.0),
                                                 (2.0, 1.0), (-1.0, None), (1e-3, 1e3)])
_FLOOR = st.sampled_from([None, None, 1e-9, 0.5])


@st.composite
def _plots(draw):
    def arrays(n):
        return np.array(draw(st.lists(_VALUE, min_size=n, max_size=n)), float)

    def panel():
        items = []
        for _ in range(draw(st.integers(0, 3))):
            n = draw(st.integers(0, 6))
            items.append(Line(arrays(n), arrays(n), style=draw(st.sampled_from(["-", "", ":"])),
                              marker=draw(st.sampled_from(["", "o", ".", "s"])),
                              label=draw(st.sampled_from([None, "a", "b <&>"]))))
        if draw(st.booleans()):
            n = draw(st.integers(0, 4))
            items.append(Band(arrays(n), arrays(n), arrays(n), label="band"))
        if draw(st.booleans()):
            items.append(Span(draw(_VALUE), draw(_VALUE), label="span"))
        if draw(st.booleans()):
            items.append(Rule(draw(_VALUE), draw(st.sampled_from(["x", "y"]))))
        if draw(st.booleans()):
            items.append(Note("n", draw(_VALUE), draw(_VALUE)))
        return Panel(items, xlog=draw(st.booleans()), ylog=draw(st.booleans()),
                     xlim=draw(_LIMITS), ylim=draw(_LIMITS), y_floor=draw(_FLOOR),
                     legend=draw(st.sampled_from([None, "best", "upper left"])),
                     xlabel="x", ylabel="y")

    panels = [panel() for _ in range(draw(st.integers(1, 2)))]
    if draw(st.booleans()):
        twin = panel()
        twin.xlog = panels[0].xlog
        panels[0].twin = twin
    return Plot(panels, suptitle="s")


@settings(max_examples=60, deadline=None)
@given(_plots())
def test_any_data_gives_well_formed_svg_with_defined_ids(plot):
    svg = plot_to_svg(plot)
    root = _root(svg)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    refs = set(re.findall(r"url\(#([^)]+)\)", svg))
    assert refs <= set(ids)
    for e in root.iter():
        for key, value in e.attrib.items():
            if key in ("x", "y", "width", "height", "cx", "cy", "r", "d", "transform",
                       "viewBox", "stroke-dasharray"):
                low = value.lower()
                assert "nan" not in low and "inf" not in low, (e.tag, key, value)


# -------------------------------------------------------------------------- escaping

NASTY = 'dev <1> & "q" \'s'


def test_names_labels_and_titles_are_escaped():
    panel = Panel([Line([0, 1], [1, 2], label=NASTY), Note(NASTY, 0.5, 0.5),
                   Rule(0.5, "x", label=NASTY + " rule")],
                  xlabel=NASTY + " x", ylabel=NASTY + " y", title=NASTY + " title",
                  legend="best")
    svg = plot_to_svg(Plot([panel], suptitle=NASTY + " sup"))
    texts = _texts(_root(svg))
    for s in (NASTY, NASTY + " x", NASTY + " y", NASTY + " title", NASTY + " sup",
              NASTY + " rule"):
        assert s in texts
    assert texts.count(NASTY) == 2  # legend entry and note


@pytest.fixture(scope="module")
def cie_canvas():
    from peled.report.figures import CieCanvas

    canvas = CieCanvas()
    yield canvas
    canvas.close()


def test_cie_canvas_svg_and_inline_svg_escape_names(cie_canvas):
    points = {NASTY: (0.17, 0.75), "r&d": (0.7, 0.29)}
    root = _root(cie_canvas.svg(points, title=NASTY + ": CIE 1931"))
    texts = _texts(root)
    assert NASTY in texts and "r&d" in texts and NASTY + ": CIE 1931" in texts
    inline = cie_canvas.inline_svg(points, title=NASTY)
    wrapped = inline.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    iroot = _root(wrapped)
    assert NASTY in _texts(iroot) and "r&d" in _texts(iroot)
    (use,) = iroot.iter(NS + "use")
    assert use.get("href") == "#" + cie_canvas.BACKGROUND_ID
    # the background it refers to is an element of the (separately inlined) defs
    bg = cie_canvas.inline_background()
    assert f'id="{cie_canvas.BACKGROUND_ID}"' in bg
    # points land on the axes box of the background: (0.17, 0.75) inside, left of centre
    circles = list(iroot.iter(NS + "circle"))
    assert len(circles) == 2
    x0, y0, w, h = cie_canvas._background()["box"]
    for c in circles:
        assert x0 < float(c.get("cx")) < x0 + w and y0 < float(c.get("cy")) < y0 + h


# -------------------------------------------------------------------------------- ids


def _sample_plot(scale=1.0):
    return Plot([Panel([Line([0, 1, 2], [0, scale, 0.5], marker="o"), Rule(1.0, "x")],
                       legend="best"),
                 Panel([Line([1, 10], [1, 100 * scale], "tab:red", "", marker="s")],
                       xlog=True, ylog=True)], width=9.0)


def test_same_plot_gives_identical_svg_and_different_plots_different_ids():
    a1, a2, b = (plot_to_svg(_sample_plot(s)) for s in (1.0, 1.0, 2.0))
    assert a1 == a2

    def ids(svg):
        return [e.get("id") for e in _root(svg).iter() if e.get("id")]

    ia, ib = ids(a1), ids(b)
    assert len(ia) == len(set(ia)) == 4  # two clip paths, two markers
    assert len(ib) == len(set(ib)) == 4
    assert not set(ia) & set(ib)  # both can be inlined in one page


# --------------------------------------------------------------------------- legend


def _legend_rect(root):
    (rect,) = [r for r in root.iter(NS + "rect") if r.get("rx") == "2"]
    return [float(rect.get(k)) for k in ("x", "y", "width", "height")]


def test_best_legend_avoids_data_in_the_upper_right():
    g = np.linspace(5.5, 10.0, 10)
    xx, yy = np.meshgrid(g, g)
    items = [Line(xx.ravel(), yy.ravel(), "tab:blue", "", marker="o", size=3, label="data")]
    root = _root(plot_to_svg(Plot([Panel(items, xlim=(0.0, 10.0), ylim=(0.0, 10.0),
                                         legend="best")])))
    x, y, w, h = _legend_rect(root)
    # upper left is the first free location (order upper right, upper left, ...); the
    # legend sits 0.5 * 7 pt inside the axes corner
    assert (x, y) == pytest.approx((X0 + 3.5, TOP + 3.5), abs=0.006)
    assert x + w < _px(5.5) or y > _py(5.5, 0, 10)
    # inside the axes
    assert X0 <= x and x + w <= X0 + W and TOP <= y and y + h <= TOP + H
    # an explicit location is obeyed: upper right corner
    items[0].label = "data"
    fixed = _root(plot_to_svg(Plot([Panel(items, legend="upper right")])))
    x, y, w, _ = _legend_rect(fixed)
    assert (x + w, y) == pytest.approx((X0 + W - 3.5, TOP + 3.5), abs=0.02)


def test_best_legend_avoids_a_line_crossing_a_corner_between_its_vertices():
    """A two-point line from the lower left to the upper right corner crosses the upper
    right legend box although neither vertex lies in it (matplotlib's "best" counts such
    crossings)."""
    ln = Line([0.0, 10.0], [0.0, 10.0], label="diagonal")
    root = _root(plot_to_svg(Plot([Panel([ln], xlim=(0.0, 10.0), ylim=(0.0, 10.0),
                                         legend="best")])))
    x, y, w, h = _legend_rect(root)
    # the diagonal y_pt = TOP + H - (x_pt - X0) * H / W; the box must lie off it
    corners = [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
    sides = {np.sign((TOP + H - (cx - X0) * H / W) - cy) for cx, cy in corners}
    assert len(sides) == 1


def test_legend_fits_inside_the_axes_for_every_location():
    items = [Line([0, 1], [0, 1], label=f"entry {i}") for i in range(4)]
    for loc in ("upper right", "upper left", "lower left", "lower right", "center right",
                "center left", "lower center", "upper center", "center"):
        root = _root(plot_to_svg(Plot([Panel(items, legend=loc, legend_columns=2)])))
        x, y, w, h = _legend_rect(root)
        assert X0 < x and x + w < X0 + W and TOP < y and y + h < TOP + H, loc
        # two columns of two entries: the box holds the longest label per column
        assert w > 2 * text_width("entry 0", 7.0)


# ---------------------------------------------------------------- the two renderers

BUILDERS = ("jvl_plot", "eqe_plot", "efficiency_plot", "el_plot", "lifetime_plot")


@pytest.fixture(scope="module")
def examples():
    return {name: analyze_device(example_devices_dir() / name)
            for name in ("green", "red", "sky-blue")}


@pytest.mark.parametrize("name", ["green", "red", "sky-blue"])
def test_matplotlib_and_svg_renderers_agree_on_limits_ticks_and_text(examples, name):
    res = examples[name]
    for builder in BUILDERS:
        plot = getattr(device_plots, builder)(res)
        fig = plot_to_figure(plot)
        svg_texts = set(_texts(_root(plot_to_svg(plot))))
        n = len(plot.panels)
        twins = iter(fig.axes[n:])
        expected_text = {plot.suptitle} - {""}
        for ax, panel, box in zip(fig.axes[:n], plot.panels, plot.axes_boxes(), strict=True):
            lim = panel_limits(panel)
            pairs = [(ax, panel, "y")]
            if panel.twin is not None:
                pairs.append((next(twins), panel.twin, "y2"))
            assert ax.get_xlim() == pytest.approx(lim["x"], rel=1e-12), builder
            xt = axis_ticks(*lim["x"], panel.xlog, box[2])
            np.testing.assert_allclose(ax.xaxis.get_majorticklocs(), xt.major, rtol=1e-12)
            for a, p, key in pairs:
                assert a.get_ylim() == pytest.approx(lim[key], rel=1e-12), builder
                yt = axis_ticks(*lim[key], p.ylog, box[3], vertical=True)
                np.testing.assert_allclose(a.yaxis.get_majorticklocs(), yt.major,
                                           rtol=1e-12)
                expected_text |= {t.get_text() for t in a.get_yticklabels()}
                expected_text |= {a.get_ylabel()} | {t.get_text() for t in a.texts}
            expected_text |= {t.get_text() for t in ax.get_xticklabels()}
            expected_text |= {ax.get_xlabel(), ax.get_title()}
            if ax.get_legend() is not None:
                expected_text |= {t.get_text() for t in ax.get_legend().get_texts()}
        missing = (expected_text - {""}) - svg_texts
        assert not missing, (builder, missing)
        assert fig.get_suptitle() == plot.suptitle


# ---------------------------------------------------------------- real data: floors


def test_jvl_svg_draws_luminance_above_the_detector_floor_only(tmp_path):
    dev = SyntheticDevice(name="noisy", detector_noise_cd_m2=0.01, v_step=0.05,
                          lifetime_duration_h=0)
    res = analyze_device(make_device(dev, tmp_path / "noisy", seed=2))
    floor = res.detector_floor
    assert floor > 0
    sw = res.forward
    assert np.any(sw.luminance_cd_m2[np.isfinite(sw.luminance_cd_m2)] < floor)  # has noise
    plot = device_plots.jvl_plot(res)
    panel = plot.panels[0]
    lim = panel_limits(panel)
    lo, hi = lim["y2"]
    assert lo < floor < hi  # the axis reaches below the floor
    root = _root(plot_to_svg(plot))
    orange = TAB["tab:orange"]
    # inside the clipped axes group (the legend samples are drawn outside it)
    clipped = [p for g in root.iter(NS + "g") for p in g.iter(NS + "path")
               if p.get("stroke") == orange]
    rule = [p for p in clipped if "H" in p.get("d")]
    assert len(rule) == 1
    y_rule = float(_NUM.findall(rule[0].get("d"))[1])
    # the floor line is where log10(floor) lies on the right axis
    y_floor = TOP + (1 - (math.log10(floor) - math.log10(lo))
                     / (math.log10(hi) - math.log10(lo))) * H
    assert y_rule == pytest.approx(y_floor, abs=0.006)
    curves = [p for p in clipped if "H" not in p.get("d")]
    assert len(curves) == len(panel.twin.items) - 1  # one per sweep
    ys = np.concatenate([v[:, 1] for p in curves for v in _subpaths(p.get("d"))])
    assert ys.size > 10
    # above the floor = smaller SVG y (y grows downwards); 0.05 pt rounding
    assert np.all(ys <= y_rule + 0.05)
    # and the vertices are the readings above the floor, mapped by hand
    keep = sw.valid & np.isfinite(sw.luminance_cd_m2) & (sw.luminance_cd_m2 > 0)
    top_reading = float(np.max(sw.luminance_cd_m2[keep]))
    y_top = TOP + (1 - (math.log10(top_reading) - math.log10(lo))
                   / (math.log10(hi) - math.log10(lo))) * H
    assert ys.min() == pytest.approx(y_top, abs=0.06)


# ------------------------------------------------------------------- long titles


def _extent(t):
    size = float(t.get("font-size"))
    w = text_width(t.text, size)
    return float(t.get("x")) - w / 2, float(t.get("x")) + w / 2, size


def test_long_titles_stay_inside_the_figure():
    """Before the fix a 46-character device name put the efficiency title from -50 to
    480 pt in a 432 pt wide figure (cut on both sides)."""
    name = "nir-very-long-device-name-batch-2026-03-14_px4"
    long = f"{name}: current efficiency and power efficacy"
    root = _root(plot_to_svg(Plot([Panel(title=long)], suptitle=long, right=0.75)))
    for t in [t for t in root.iter(NS + "text") if t.text == long]:
        left, right, size = _extent(t)
        # font size written to 0.01 pt: the width to 0.1 pt
        assert left == pytest.approx(3.5, abs=0.1) and right == pytest.approx(428.5, abs=0.1)
        assert size < 12.0
    # one that fits but sticks out on the right of its axes' centre is moved, not shrunk
    mid = "x" * 58  # 58 x 0.592 em x 12 pt = 412 pt: centred on 236.5 pt it would end at 443
    root = _root(plot_to_svg(Plot([Panel(title=mid)])))
    (t,) = [t for t in root.iter(NS + "text") if t.text == mid]
    left, right, size = _extent(t)
    assert size == 12.0
    assert right == pytest.approx(432 - 3.5, abs=0.05)
    # a short one stays centred on its axes
    root = _root(plot_to_svg(Plot([Panel(title="green: J-V-L")])))
    (t,) = [t for t in root.iter(NS + "text") if t.text == "green: J-V-L"]
    assert float(t.get("x")) == pytest.approx(X0 + W / 2, abs=0.006)


def test_best_legend_is_resolved_once_for_both_renderers():
    """The J-V-L legend ("best") of the sky-blue example lands where no J or L point and
    no V_on rule is (upper left), in the SVG and in matplotlib's figure alike."""
    from matplotlib.legend import Legend

    from peled.report.svg_plot import (
        _frames,
        _legend_entries,
        _LegendBox,
        _occupied,
        legend_location,
    )

    folder = next(d for d in example_devices_dir().iterdir() if "blue" in d.name)
    plot = device_plots.jvl_plot(analyze_device(folder))
    panel, box = plot.panels[0], plot.axes_boxes()[0]
    loc = legend_location(panel, box)
    assert loc == "upper left"
    frames = _frames(panel, box, panel_limits(panel))
    legend = _LegendBox(panel, frames[0][0], _legend_entries(panel))
    assert legend.covered(loc, _occupied(frames)) == 0
    # the SVG draws its legend frame at that corner
    x, y = legend.corner(loc)
    assert f'<rect x="{x:.2f}" y="{y:.2f}"' in plot_to_svg(plot)
    fig = plot_to_figure(plot)
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    assert len(legends) == 1 and legends[0]._loc == Legend.codes[loc]


def test_long_cie_label_stays_inside_the_figure():
    """A 38-character device name at x = 0.45 would run past the right edge of the
    diagram; its label goes to the left of the point instead."""
    from peled.report.figures import CieCanvas

    name = "a-very-long-device-name-with-38-chars!"
    root = _root(CieCanvas().svg({name: (0.45, 0.5)}))
    width = float(root.get("viewBox").split()[2])
    label = [t for t in root.iter(f"{NS}text") if t.text == name][0]
    x = float(label.get("x"))
    assert 0 <= x and x + text_width(name, 8.0) <= width


def test_tiny_values_are_labelled_in_units_of_a_power_of_ten_in_both_renderers():
    """A near-dark device's current efficiency (0 .. 2e-7 cd/A): ticks 0.00 .. 2.00 (0.25
    apart) and the
    label "current efficiency (10⁻⁷ cd A⁻¹)", in the SVG and in matplotlib's figure."""
    plot = Plot([Panel([Line([0.0, 1.0, 2.0], [0.0, 1.2e-7, 2.0e-7])],
                       ylabel="current efficiency (cd A⁻¹)")])
    texts = {t.text for t in _root(plot_to_svg(plot)).iter(f"{NS}text")}
    assert "current efficiency (10⁻⁷ cd A⁻¹)" in texts
    assert {"0.00", "0.25", "1.00", "2.00"} <= texts
    ax = plot_to_figure(plot).axes[0]
    assert ax.get_ylabel() == "current efficiency (10⁻⁷ cd A⁻¹)"
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "2.00"
