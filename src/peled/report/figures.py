"""Report figures of an analysed device (:class:`peled.measure.DeviceResult`) and of a batch.

Every function returns a :class:`matplotlib.figure.Figure` built on the Agg canvas
(no pyplot state, no display); :func:`render_formats` saves it as SVG (and PNG).  The
per-device figures are the plots of :mod:`peled.report.device_plots` drawn by
matplotlib (:func:`peled.report.mpl_plot.plot_to_figure`); a report writes the same
plots as SVG without matplotlib (:func:`peled.report.svg_plot.plot_to_svg`) unless PNG
files are asked for.  The batch box plots and the CIE canvas are matplotlib figures.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from peled.report import device_plots as P
from peled.report.mpl_plot import plot_to_figure
from peled.report.plot import decade_label, minor_label

__all__ = [
    "BOX_METRICS",
    "CieCanvas",
    "batch_boxplot_figure",
    "efficiency_figure",
    "el_figure",
    "eqe_figure",
    "jvl_figure",
    "lifetime_figure",
    "render",
    "render_formats",
    "svg_for_html",
]

_RC = {"svg.fonttype": "none", "svg.hashsalt": "peled", "font.size": 9.0}

#: Box-plot panels of a batch: (summary key, axis label, log scale).
BOX_METRICS: tuple[tuple[str, str, bool], ...] = (
    ("eqe_max_pct", "EQE max (%)", False),
    ("luminance_max_cd_m2", "L max (cd m⁻²)", True),
    ("v_on_v", "V on (V)", False),
    ("peak_nm", "EL peak (nm)", False),
)


def _has_positive(ax, axis: str) -> bool:
    """Whether the lines of ``ax`` hold any finite positive value on ``axis``."""
    for line in ax.lines:
        d = np.asarray(line.get_xdata() if axis == "x" else line.get_ydata(), float)
        if np.any(np.isfinite(d) & (d > 0)):
            return True
    return False


def _log(ax, axis: str = "x") -> None:
    """Log scale with plain-text decade labels; 2x/5x minor labels on short axes.

    An axis with nothing positive to show (no emission above the detector floor, NIR
    luminance) gets fixed limits and a "no data" note instead of a matplotlib error.
    """
    from matplotlib.ticker import FuncFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    if not _has_positive(ax, axis):
        (ax.set_xlim if axis == "x" else ax.set_ylim)(0.1, 10.0)
        if not any(t.get_text() == "no data" for t in ax.texts):
            ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center",
                    va="center", color="0.5")
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    target.set_major_formatter(FuncFormatter(lambda v, _pos=None: decade_label(v)))

    def minor(value, _pos=None):
        lo, hi = sorted(target.get_view_interval())
        span = np.log10(hi / lo) if lo > 0 and hi > 0 else np.inf
        return minor_label(value, span)

    target.set_minor_formatter(FuncFormatter(minor))


def _figure(w: float = 6.0, h: float = 4.0, ncols: int = 1, twin: bool = False):
    """Figure on the Agg canvas with fixed margins (an automatic layout engine would
    double the drawing time; the margins fit the labels used here at font size 9)."""
    fig = Figure(figsize=(w, h), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols) if ncols > 1 else fig.subplots()
    fig.subplots_adjust(left=0.72 / w, right=1 - (0.75 if twin else 0.15) / w,
                        bottom=0.5 / h, top=1 - 0.35 / h, wspace=0.3 if ncols < 4 else 0.55)
    return fig, axes


def svg_for_html(svg: str) -> str:
    """Strip the XML prolog, DOCTYPE, metadata and namespace URIs of a matplotlib SVG.

    Inline SVG in HTML5 needs none of them (the HTML parser knows the SVG and xlink
    namespaces), and dropping them leaves the report free of any ``http(s)://`` string.
    The width/height attributes are removed so the figure scales with the page
    (the ``viewBox`` keeps the aspect ratio).

    Parameters
    ----------
    svg : str
        A standalone SVG document written by matplotlib.

    Returns
    -------
    str
        The ``<svg ...>`` element for inline use in HTML.

    Examples
    --------
    >>> doc = ('<?xml version="1.0"?>\\n<svg xmlns="http://www.w3.org/2000/svg" '
    ...        'width="10pt" height="5pt" viewBox="0 0 10 5"></svg>')
    >>> svg_for_html(doc).startswith("<svg"), "http" in svg_for_html(doc)
    (True, False)
    """
    start = svg.find("<svg")
    svg = svg[start:]
    head_end = svg.find(">")
    head = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg[:head_end])  # declared on the root only
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    body = svg[head_end:]
    meta = body.find("<metadata>", 0, 400)  # matplotlib writes it right after the root tag
    if meta >= 0:
        end = body.index("</metadata>", meta) + len("</metadata>")
        body = body[:meta] + body[end:].lstrip()
    return head + ' class="fig"' + body


#: Resolution of the PNG figures (a 6 x 4 in figure is 900 x 600 px: sharp on a slide).
PNG_DPI: int = 150


def render_formats(fig: Figure, png: bool = False) -> tuple[str, bytes | None]:
    """``(standalone_svg, png_bytes or None)`` of ``fig``: SVG always, PNG on request.

    The figure is built once by the caller; each format is one ``savefig`` of that same
    figure object (the PNG is rasterised from it at :data:`PNG_DPI`).  The SVG keeps its
    XML prolog and namespaces (a valid ``.svg`` file); :func:`svg_for_html` strips them
    for inline use.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure of this module.
    png : bool
        Also rasterise it to PNG.

    Returns
    -------
    tuple
        ``(svg_text, png_bytes)``; ``png_bytes`` is None unless ``png``.

    Examples
    --------
    >>> fig, ax = _figure()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> svg, png = render_formats(fig)
    >>> svg.lstrip().startswith("<?xml"), png is None
    (True, True)
    """
    import matplotlib

    # matplotlib names the SVG clip paths by a hash of the repr of their numbers, which
    # follows NumPy's print mode; colour-science switches that mode globally on import
    # (legacy="1.13"), so without a fixed mode the ids would depend on whether colour
    # was imported earlier in the process (one worker vs several gave different files)
    with matplotlib.rc_context(_RC), np.printoptions(legacy=False):
        buf = io.StringIO()
        with warnings.catch_warnings():
            # the SVG keeps text as text (svg.fonttype none): the browser draws a glyph
            # DejaVu Sans lacks (CJK in a device name) from another font
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            fig.savefig(buf, format="svg", dpi=72, metadata={"Date": None})
        data = None
        if png:
            out = io.BytesIO()
            fig.savefig(out, format="png", dpi=PNG_DPI)
            data = out.getvalue()
    return buf.getvalue(), data


def render(fig: Figure, svg: bool = True) -> tuple[str | None, bytes]:
    """``(inline_svg or None, png_bytes)`` of ``fig`` (rendered once per format).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure of this module.
    svg : bool, default True
        Also render the inline SVG (:func:`svg_for_html`).

    Returns
    -------
    svg : str or None
        The inline SVG element, or None with ``svg=False``.
    png : bytes
        The PNG file, rasterised at :data:`PNG_DPI`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> text, png = render(fig)
    >>> text.startswith("<svg"), png[:4]
    (True, b'\\x89PNG')
    >>> plt.close(fig)
    """
    import matplotlib

    with matplotlib.rc_context(_RC), np.printoptions(legacy=False):  # see render_formats
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=PNG_DPI)
        text = None
        if svg:
            buf = io.StringIO()
            fig.savefig(buf, format="svg", dpi=72)
            text = svg_for_html(buf.getvalue())
    return text, png.getvalue()


def _figure_of(builder, result) -> Figure:
    return plot_to_figure(builder(result))


def jvl_figure(result) -> Figure:
    """The J-V-L figure of a device (:func:`peled.report.device_plots.jvl_plot`) as a
    matplotlib Figure.

    Parameters
    ----------
    result : peled.measure.DeviceResult
        The analysis of one device (:func:`peled.measure.analyze_device`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not saved; :func:`render_formats` writes it).

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> result = analyze_device(example_devices_dir() / "green")
    >>> jvl_figure(result).axes[0].get_xlabel()
    'voltage (V)'
    """
    return _figure_of(P.jvl_plot, result)


def eqe_figure(result) -> Figure:
    """The EQE figure of a device (:func:`peled.report.device_plots.eqe_plot`) as a
    matplotlib Figure.

    Parameters
    ----------
    result : peled.measure.DeviceResult
        The analysis of one device (:func:`peled.measure.analyze_device`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not saved; :func:`render_formats` writes it).

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> result = analyze_device(example_devices_dir() / "green")
    >>> [ax.get_ylabel() for ax in eqe_figure(result).axes]
    ['EQE (%)', 'EQE (%)']
    """
    return _figure_of(P.eqe_plot, result)


def efficiency_figure(result) -> Figure:
    """The current efficiency / power efficacy figure of a device
    (:func:`peled.report.device_plots.efficiency_plot`) as a matplotlib Figure.

    Parameters
    ----------
    result : peled.measure.DeviceResult
        The analysis of one device (:func:`peled.measure.analyze_device`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not saved; :func:`render_formats` writes it).

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> result = analyze_device(example_devices_dir() / "green")
    >>> len(efficiency_figure(result).axes)
    2
    """
    return _figure_of(P.efficiency_plot, result)


def el_figure(result) -> Figure:
    """The EL spectra figure of a device (:func:`peled.report.device_plots.el_plot`) as
    a matplotlib Figure.

    Parameters
    ----------
    result : peled.measure.DeviceResult
        The analysis of one device (:func:`peled.measure.analyze_device`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not saved; :func:`render_formats` writes it).

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> result = analyze_device(example_devices_dir() / "green")
    >>> el_figure(result).axes[0].get_xlabel()
    'wavelength (nm)'
    """
    return _figure_of(P.el_plot, result)


def lifetime_figure(result) -> Figure:
    """The operational lifetime figure of a device
    (:func:`peled.report.device_plots.lifetime_plot`) as a matplotlib Figure.

    Parameters
    ----------
    result : peled.measure.DeviceResult
        The analysis of one device (:func:`peled.measure.analyze_device`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not saved; :func:`render_formats` writes it).

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> result = analyze_device(example_devices_dir() / "green")
    >>> ax = lifetime_figure(result).axes[0]
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('time (h)', 'L / L0')
    """
    return _figure_of(P.lifetime_plot, result)


def batch_boxplot_figure(summaries: Sequence[Mapping]) -> Figure:
    """Box plots (with every device as a jittered point) of EQE_max, L_max, V_on, peak.

    Parameters
    ----------
    summaries : sequence of mapping
        :meth:`peled.measure.DeviceResult.summary` of each device (keys of
        :data:`BOX_METRICS`; missing or None values are skipped).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per metric of :data:`BOX_METRICS`.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_batch
    >>> fig = batch_boxplot_figure([r.summary() for r in analyze_batch(example_devices_dir())])
    >>> [ax.get_ylabel() for ax in fig.axes][::2]
    ['EQE max (%)', 'V on (V)']
    """
    fig, axes = _figure(10.0, 3.2, ncols=len(BOX_METRICS))
    fig.subplots_adjust(top=1 - 0.45 / 3.2)
    rng = np.random.default_rng(0)  # fixed jitter: identical reports for identical input
    for ax, (key, label, log) in zip(axes, BOX_METRICS, strict=True):
        vals = np.array([s.get(key) for s in summaries if s.get(key) is not None], float)
        vals = vals[np.isfinite(vals)]
        if log:
            vals = vals[vals > 0]
        if vals.size:
            ax.boxplot([vals], widths=0.5, showfliers=False)
            ax.plot(1 + rng.uniform(-0.15, 0.15, vals.size), vals, ".", ms=3, alpha=0.6,
                    color="tab:blue")
        if log:  # after plotting: _log looks at the drawn data ("no data" when none)
            _log(ax, "y")
        ax.set_xticks([1], [f"n = {vals.size}"])
        ax.set_ylabel(label)
    fig.suptitle(f"{len(summaries)} devices", fontsize=10)
    return fig


class CieCanvas:
    """CIE 1931 diagram with the Rec.2020 triangle, drawn once and reused per device.

    Drawing the diagram (:func:`peled.report.cie.cie1931_figure`) costs far more than
    saving it, so points are added, the figure rendered, and the points removed.
    """

    def __init__(self, title: str = "CIE 1931"):
        from peled.report.cie import cie1931_figure  # lazy import

        self.fig = cie1931_figure({}, gamuts=("rec2020",), planckian=False, title=title)
        self.ax = self.fig.axes[0]

    def render(self, points: Mapping[str, Sequence[float]], svg: bool = True,
               labels: bool = True, title: str | None = None):
        """``render()`` of the diagram with ``points`` (label -> (x, y)) added."""
        return self._with_points(points, labels, title, lambda: render(self.fig, svg=svg))

    def render_formats(self, points: Mapping[str, Sequence[float]], png: bool = False,
                       labels: bool = True, title: str | None = None):
        """:func:`render_formats` of the diagram with ``points`` (label -> (x, y)) added."""
        return self._with_points(points, labels, title,
                                 lambda: render_formats(self.fig, png=png))

    def svg(self, points: Mapping[str, Sequence[float]], labels: bool = True,
            title: str | None = None) -> str:
        """Standalone SVG of the diagram with ``points`` (label -> (x, y)) added.

        The diagram is rendered to SVG once per canvas; each call adds the points, their
        labels and the title as SVG elements at the coordinates of the rendered axes
        (no matplotlib draw), so a batch pays the diagram once.

        Parameters
        ----------
        points : mapping of str to (float, float)
            Label -> CIE 1931 (x, y).
        labels : bool
            Write each label next to its point.
        title : str, optional
            Title above the axes (default: the canvas title).

        Returns
        -------
        str
            An SVG document, as :func:`render_formats` writes.

        Examples
        --------
        >>> svg = CieCanvas().svg({"dev": (0.17, 0.75)}, title="dev: CIE 1931")
        >>> svg.count("<circle"), ">dev: CIE 1931</text>" in svg
        (1, True)
        """
        bg = self._background()
        return bg["head"] + self._overlay(points, labels, title) + bg["tail"]

    def inline_svg(self, points: Mapping[str, Sequence[float]], labels: bool = True,
                   title: str | None = None) -> str:
        """The diagram with ``points`` for inline use in an HTML page that holds
        :meth:`inline_background` once: a ``<use>`` of the background plus the points,
        about 1 kB instead of the 190 kB of the full diagram.

        Parameters
        ----------
        points : mapping of str to (float, float)
            Label -> CIE 1931 (x, y).
        labels : bool
            Write each label next to its point.
        title : str, optional
            Title above the axes (default: the canvas title).

        Returns
        -------
        str
            An ``<svg class="fig">`` element.

        Examples
        --------
        >>> canvas = CieCanvas()
        >>> html = canvas.inline_svg({"dev": (0.17, 0.75)})
        >>> html.startswith('<svg viewBox="0 0 432 460.8" class="fig"><use href="#')
        True
        >>> len(html) < 2000
        True
        """
        bg = self._background()
        return (f'<svg viewBox="{bg["viewbox"]}" class="fig"><use href="#{self.BACKGROUND_ID}"/>'
                + self._overlay(points, labels, title) + "</svg>")

    def inline_background(self) -> str:
        """A zero-size ``<svg>`` defining the diagram once (id :attr:`BACKGROUND_ID`), for
        the HTML page that inlines :meth:`inline_svg` figures.

        Returns
        -------
        str
            The ``<svg>`` element.

        Examples
        --------
        >>> CieCanvas().inline_background().startswith('<svg width="0" height="0"')
        True
        """
        bg = self._background()
        return ('<svg width="0" height="0" style="position:absolute" aria-hidden="true">'
                f'<defs><g id="{self.BACKGROUND_ID}">{bg["inner"]}</g></defs></svg>')

    #: Element id of :meth:`inline_background` in an HTML page.
    BACKGROUND_ID = "peled-cie1931-background"
    _TITLE = "@@PELED-TITLE@@"

    def _label_left(self, x: float, label: str) -> bool:
        """Whether the label of a point at CIE ``x`` goes to its left: near the red
        corner, or when it would run past the right edge of the axes on the right."""
        from peled.report.svg_plot import text_width

        xa, xb = self.ax.get_xlim()
        width_pt = self.ax.get_position().width * self.fig.get_size_inches()[0] * 72
        right_end = x + (7 + text_width(label, 8.0)) / width_pt * (xb - xa)
        return x > 0.5 or right_end > xb

    def _overlay(self, points, labels, title) -> str:
        """Title, points and labels as SVG elements in the background's coordinates."""
        from html import escape

        from peled.report.svg_plot import text_width, xml_safe

        bg = self._background()
        x0, y0, w, h = bg["box"]
        (xa, xb), (ya, yb) = bg["xlim"], bg["ylim"]
        text = escape(xml_safe(self.ax.get_title() if title is None else title))
        out = [bg["title"].replace(self._TITLE, text)]
        for label, (x, y) in points.items():
            px = x0 + (x - xa) / (xb - xa) * w
            py = y0 + (yb - y) / (yb - ya) * h
            out.append(f'<circle cx="{px:.2f}" cy="{py:.2f}" r="3" fill="#fff" '
                       'stroke="#000" stroke-width="1.2"/>')
            if labels:
                tw = text_width(label, 8.0)
                tx = px - 7 - tw if self._label_left(x, label) else px + 7
                out.append(f'<rect x="{tx - 1.2:.2f}" y="{py - 12:.2f}" width="{tw + 2.4:.2f}" '
                           'height="11.2" rx="1.5" fill="#fff" fill-opacity="0.7"/>')
                out.append(f'<text x="{tx:.2f}" y="{py - 4.5:.2f}" font-size="8" '
                           'font-family="DejaVu Sans, Arial, sans-serif">'
                           f'{escape(xml_safe(label))}</text>')
        return "\n".join(out)

    def _background(self) -> dict:
        """The diagram rendered once with a title placeholder, split for reuse: ``head``
        (the document up to ``</svg>``, without the title), ``tail``, ``inner`` (the
        drawing without root element and metadata), ``title`` (the title element with
        the placeholder), ``viewbox``, and the axes ``box`` (pt: x0, top, width,
        height) with its ``xlim``/``ylim`` after the draw."""
        if getattr(self, "_bg", None) is None:
            old_title = self.ax.get_title()
            self.ax.set_title(self._TITLE)
            try:
                svg, _ = render_formats(self.fig)
            finally:
                self.ax.set_title(old_title)
            width, height = (float(v) * 72 for v in self.fig.get_size_inches())
            pos = self.ax.get_position()  # after the draw: the box the aspect rule left
            title = re.search(r"<text[^>]*>" + self._TITLE + "</text>", svg)
            svg = svg[:title.start()] + svg[title.end():]
            end = svg.rindex("</svg>")
            inline = svg_for_html(svg[:end] + "</svg>")
            self._bg = {
                "head": svg[:end], "tail": svg[end:], "title": title.group(0),
                "inner": inline[inline.index(">") + 1:inline.rindex("</svg>")],
                "viewbox": re.search(r'viewBox="([^"]*)"', svg).group(1),
                "box": (pos.x0 * width, (1 - pos.y1) * height, pos.width * width,
                        pos.height * height),
                "xlim": self.ax.get_xlim(), "ylim": self.ax.get_ylim(),
            }
        return self._bg

    def _with_points(self, points, labels, title, draw):
        artists = []
        old_title = self.ax.get_title()
        if title is not None:
            self.ax.set_title(title)
        for label, (x, y) in points.items():
            artists += self.ax.plot(x, y, "o", ms=6, mfc="white", mec="black", mew=1.2)
            if labels:
                left = self._label_left(x, label)
                artists.append(self.ax.annotate(
                    label, (x, y), textcoords="offset points", xytext=(-7 if left else 7, 4),
                    ha="right" if left else "left", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.7}))
        try:
            return draw()
        finally:
            for a in artists:
                a.remove()
            self.ax.set_title(old_title)

    def close(self) -> None:
        """Release the figure (it was created through pyplot)."""
        import matplotlib.pyplot as plt

        plt.close(self.fig)
