"""Report figures of an analysed device (:class:`peled.measure.DeviceResult`) and of a batch.

Every function returns a :class:`matplotlib.figure.Figure` built on the Agg canvas
(no pyplot state, no display); :func:`render` turns it into an inline SVG string and PNG
bytes in one go.  The figures only plot what :mod:`peled.measure` computed; the one
quantity derived here is the confidence band of the extrapolated lifetime curve
(:func:`stretched_band`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from peled.report.decimate import thin_sweep

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
    "stretched_band",
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


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _decade_label(value: float, _pos=None) -> str:
    """``10³``-style label of a decade tick in plain Unicode (mathtext is ~50x slower)."""
    if value <= 0 or not np.isfinite(value):
        return ""
    exponent = np.log10(value)
    if abs(exponent - round(exponent)) > 1e-9:
        return ""
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPT)


def _minor_label(value: float, span_decades: float) -> str:
    """``2×10³``-style label of the 2x and 5x minor ticks when the axis spans fewer than
    1.5 decades (otherwise a short log axis would show one labelled tick or none)."""
    if span_decades > 1.5 or value <= 0 or not np.isfinite(value):
        return ""
    exponent = int(np.floor(np.log10(value) + 1e-9))
    mantissa = value / 10.0**exponent
    if round(mantissa) in (2, 5) and abs(mantissa - round(mantissa)) < 1e-6:
        return f"{round(mantissa)}×10" + str(exponent).translate(_SUPERSCRIPT)
    return ""


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
    target.set_major_formatter(FuncFormatter(_decade_label))

    def minor(value, _pos=None):
        lo, hi = sorted(target.get_view_interval())
        span = np.log10(hi / lo) if lo > 0 and hi > 0 else np.inf
        return _minor_label(value, span)

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
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, count=1, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    head_end = svg.find(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    return head + ' class="fig"' + svg[head_end:]


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

    with matplotlib.rc_context(_RC):
        buf = io.StringIO()
        fig.savefig(buf, format="svg", dpi=72)
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

    with matplotlib.rc_context(_RC):
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=PNG_DPI)
        text = None
        if svg:
            buf = io.StringIO()
            fig.savefig(buf, format="svg", dpi=72)
            text = svg_for_html(buf.getvalue())
    return text, png.getvalue()


def _sweeps(result):
    out = [(thin_sweep(result.forward), "-", "forward")]  # decimated for display only
    if result.reverse is not None:
        out.append((thin_sweep(result.reverse), "--", "reverse"))
    return out


def _emission(result) -> tuple[str, str, str, str]:
    """(sweep attribute, symbol, axis label, unit) of the emission quantity to plot:
    luminance, or radiance for NIR devices (no visible content, luminance null)."""
    if any(np.any(np.isfinite(sw.luminance_cd_m2)) for sw, _, _ in _sweeps(result)):
        return "luminance_cd_m2", "L", "luminance (cd m⁻²)", "cd m⁻²"
    return "radiance_w_sr_m2", "R", "radiance (W sr⁻¹ m⁻²)", "W sr⁻¹ m⁻²"


def jvl_figure(result) -> Figure:
    """Current density (left, log) and luminance (right, log; radiance for NIR devices)
    vs voltage, both sweeps; emission readings below the detector floor are not drawn.

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
    fig, ax = _figure(twin=True)
    ax2 = ax.twinx()
    attr, sym, label_e, unit_e = _emission(result)
    shown = []
    for sw, style, label in _sweeps(result):
        ok = np.isfinite(sw.current_density_mA_cm2) & (sw.current_density_mA_cm2 > 0)
        ax.plot(sw.voltage_v[ok], sw.current_density_mA_cm2[ok], style, color="tab:blue",
                label=f"J ({label})")
        # emission only above the detector floor (readings below it are noise)
        lum = getattr(sw, attr)
        okl = sw.valid & np.isfinite(lum) & (lum > 0)
        ax2.plot(sw.voltage_v[okl], lum[okl], style, color="tab:orange",
                 label=f"{sym} ({label})")
        shown.append(lum[okl])
    _log(ax, "y")
    _log(ax2, "y")
    jmax = max((np.nanmax(sw.current_density_mA_cm2) for sw, _, _ in _sweeps(result)),
               default=np.nan)
    if np.isfinite(jmax) and jmax > 0:
        # show J over 9 decades below its maximum (a diode's dark current below that is
        # instrument noise or, for synthetic data, meaningless)
        ax.set_ylim(bottom=max(ax.get_ylim()[0], jmax * 1e-9))
    lum_shown = np.concatenate(shown) if shown else np.zeros(0)
    same_unit = {"luminance": "luminance_cd_m2", "radiance": "radiance_w_sr_m2"}
    floor = result.detector_floor if same_unit.get(result.emission) == attr else 0.0
    if lum_shown.size:
        bottom = min(float(lum_shown.min()), floor if floor > 0 else np.inf) / 2.0
        ax2.set_ylim(max(bottom, float(lum_shown.max()) * 1e-9), float(lum_shown.max()) * 2.0)
    if floor > 0:
        ax2.axhline(floor, color="tab:orange", lw=0.8, ls=":",
                    label=f"detector floor ({floor:.2g} {unit_e})")
    ax.set_xlabel("voltage (V)")
    ax.set_ylabel("current density (mA cm⁻²)", color="tab:blue")
    ax2.set_ylabel(label_e, color="tab:orange")
    v_on = result.figures.v_on_v
    if v_on is not None:
        ax.axvline(v_on, color="gray", lw=0.8, ls=":")
        ax.annotate(f"V on = {v_on:.2f} V", (v_on, 0.97), xycoords=("data", "axes fraction"),
                    xytext=(-3, 0), textcoords="offset points", fontsize=8, va="top",
                    ha="right")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="center right", fontsize=7)
    ax.set_title(f"{result.name}: J-V-{sym}")
    return fig


def eqe_figure(result) -> Figure:
    """EQE vs current density and vs luminance (radiance for NIR devices), log x axes;
    EQE_max, J50 and the EQE at 1,000 cd/m2 marked.

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
    fig, (axj, axl) = _figure(9.0, 3.6, ncols=2)
    fig.subplots_adjust(top=1 - 0.45 / 3.6)
    f = result.figures
    attr, _, label_e, _ = _emission(result)
    for sw, style, label in _sweeps(result):
        ok = sw.valid & np.isfinite(sw.eqe_pct)
        # small markers show where the sweep was sampled
        axj.plot(sw.current_density_mA_cm2[ok], sw.eqe_pct[ok], style, color="tab:green",
                 marker=".", ms=3, label=label)
        axl.plot(getattr(sw, attr)[ok], sw.eqe_pct[ok], style, color="tab:green",
                 marker=".", ms=3, label=label)
    if f.eqe_max_pct is not None and f.j_at_eqe_max_mA_cm2 is not None:
        axj.plot(f.j_at_eqe_max_mA_cm2, f.eqe_max_pct, "o", color="black", ms=4,
                 label=f"max {f.eqe_max_pct:.2f} %")
        if f.j50_mA_cm2 is not None:
            axj.axvline(f.j50_mA_cm2, color="gray", ls=":", lw=0.8)
            axj.annotate(f"J50 = {f.j50_mA_cm2:.3g}", (f.j50_mA_cm2, 0.05),
                         xycoords=("data", "axes fraction"), xytext=(3, 0),
                         textcoords="offset points", fontsize=8)
    if f.eqe_max_pct is not None:
        sw = result.sweep
        k = int(np.nanargmax(np.where(sw.valid, sw.eqe_pct, np.nan)))
        axl.plot(getattr(sw, attr)[k], f.eqe_max_pct, "o", color="black", ms=4)
    if f.eqe_at_1000_cd_m2_pct is not None:
        axl.plot(1000.0, f.eqe_at_1000_cd_m2_pct, "s", color="tab:red", ms=4,
                 label=f"{f.eqe_at_1000_cd_m2_pct:.2f} % at 1,000 cd m⁻²")
    for ax, xl in ((axj, "current density (mA cm⁻²)"), (axl, label_e)):
        _log(ax, "x")
        ax.set_xlabel(xl)
        ax.set_ylabel("EQE (%)")
        ax.set_ylim(bottom=0)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    fig.suptitle(f"{result.name}: external quantum efficiency", fontsize=10)
    return fig


def efficiency_figure(result) -> Figure:
    """Current efficiency (cd/A, left) and power efficacy (lm/W, right) vs luminance.

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
    fig, ax = _figure(twin=True)
    ax2 = ax.twinx()
    for sw, style, label in _sweeps(result):
        ok = sw.valid & np.isfinite(sw.ce_cd_a) & (sw.luminance_cd_m2 > 0)
        ax.plot(sw.luminance_cd_m2[ok], sw.ce_cd_a[ok], style, color="tab:purple",
                marker=".", ms=3, label=f"CE ({label})")
        okp = ok & np.isfinite(sw.pe_lm_w)
        ax2.plot(sw.luminance_cd_m2[okp], sw.pe_lm_w[okp], style, color="tab:olive",
                 marker=".", ms=3, label=f"PE ({label})")
    _log(ax, "x")
    ax.set_xlabel("luminance (cd m⁻²)")
    ax.set_ylabel("current efficiency (cd A⁻¹)", color="tab:purple")
    ax2.set_ylabel("power efficacy (lm W⁻¹)", color="tab:olive")
    ax.set_ylim(bottom=0)
    ax2.set_ylim(bottom=0)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", fontsize=7)
    ax.set_title(f"{result.name}: current efficiency and power efficacy")
    return fig


def el_figure(result) -> Figure:
    """Normalised EL spectra at every measured voltage (colour = voltage).

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
    from matplotlib import colormaps

    el = result.el
    fig, ax = _figure()
    n = len(el.spectra)
    cmap = colormaps["viridis"]
    for i, s in enumerate(el.spectra):
        y = np.asarray(s.intensity, float)
        top = np.nanmax(y) if np.any(np.isfinite(y)) else 1.0
        volt = None if el.voltages_v is None else float(el.voltages_v[i])
        label = f"{volt:g} V" if volt is not None else "EL"
        if i == el.reference_index and n > 1:
            label += " (reference)"
        ax.plot(s.wavelength_nm, y / (top if top > 0 else 1.0),
                color=cmap(i / max(n - 1, 1)) if n > 1 else "tab:green", lw=1.2, label=label)
    lo = max(float(np.min(el.peaks_nm - 4 * el.fwhms_nm)), 360.0)
    hi = min(float(np.max(el.peaks_nm + 4 * el.fwhms_nm)), 830.0)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("wavelength (nm)")
    ax.set_ylabel("normalised EL intensity")
    txt = f"peak {el.peak_nm:.1f} nm, FWHM {el.fwhm_nm:.1f} nm"
    if el.total_peak_shift_nm is not None:
        txt += f"\nshift {el.total_peak_shift_nm:+.2f} nm over the voltage range"
    ax.text(0.02, 0.97, txt, transform=ax.transAxes, va="top", fontsize=8)
    if n > 1:
        ax.legend(fontsize=7, loc="upper right", ncols=2 if n > 6 else 1)
    ax.set_title(f"{result.name}: EL spectrum" + ("s" if n > 1 else ""))
    return fig


def stretched_band(time_h, tau_h: float, beta: float, covariance_logtau_beta,
                   z: float = 1.959963984540054):
    """Pointwise 95 % band of ``y = exp(-(t/tau)^beta)`` (delta method).

    ``ln(-ln y) = beta (ln t - ln tau)`` is linear in (ln tau, beta) with gradient
    ``g = (-beta, ln t - ln tau)``, so ``u = ln(-ln y)`` has variance ``g^T C g`` for the
    covariance C of (ln tau, beta); the band ``exp(-exp(u +- z sigma_u))`` maps back
    monotonically (delta method, e.g. Casella & Berger, *Statistical Inference*, 2nd ed.,
    sec. 5.5.4; the same linearisation as the T_x intervals of
    :mod:`peled.measure.decay`, so at y = x the band's time width equals that CI).

    Parameters
    ----------
    time_h : array_like
        Times in hours (the band is NaN at t <= 0).
    tau_h : float
        Fitted time constant tau in hours (> 0).
    beta : float
        Fitted stretching exponent beta (> 0).
    covariance_logtau_beta : array_like
        2x2 covariance of (ln tau, beta) of the fit.
    z : float, default 1.96
        Normal quantile of the band (1.96: 95 %).

    Returns
    -------
    lower, upper : numpy.ndarray
        The band of L/L0 at ``time_h``.

    References
    ----------
    G. Casella & R. L. Berger, Statistical Inference, 2nd ed., Duxbury (2002), sec. 5.5.4.

    Examples
    --------
    The fit exp(-(100/300)^0.8) = 0.660 lies inside its band:

    >>> import numpy as np
    >>> lo, hi = stretched_band([0.0, 100.0], 300.0, 0.8, np.diag([0.01, 0.0004]))
    >>> bool(np.isnan(lo[0])), round(float(lo[1]), 3), round(float(hi[1]), 3)
    (True, 0.614, 0.703)
    """
    t = np.asarray(time_h, float)
    c = np.asarray(covariance_logtau_beta, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.log(t) - np.log(tau_h)
        u = beta * d
        var = beta**2 * c[0, 0] - 2.0 * beta * d * c[0, 1] + d**2 * c[1, 1]
        s = np.sqrt(np.where(var >= 0, var, np.nan))
        lower = np.exp(-np.exp(u + z * s))
        upper = np.exp(-np.exp(u - z * s))
    bad = ~(t > 0)
    lower[bad] = np.nan
    upper[bad] = np.nan
    return lower, upper


def _time_unit(horizon_h: float) -> tuple[str, float]:
    """Display unit of a lifetime plot: minutes below 2 h, else hours."""
    return ("min", 60.0) if horizon_h < 2.0 else ("h", 1.0)


def _fmt_time(t_h: float, unit: str, scale: float) -> str:
    """``1,661 h``, ``520.7 h``, ``16.7 min`` (readable; no ``1.66e+03``)."""
    v = t_h * scale
    text = f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"
    return f"{text} {unit}"


def lifetime_figure(result) -> Figure:
    """Ageing traces with the stretched-exponential (and bi-exponential) fits.

    The extrapolated time range (beyond the measured duration of the primary run) is
    shaded grey with the 95 % band of the stretched exponential, computed from the fit
    covariance the analysis stored (``LifetimeRun.stretched_covariance_logtau_beta``);
    T95/T90/T80/T50 are marked (extrapolated ones with their 95 % interval).  Time is in
    hours, or in minutes for runs shorter than 2 h.

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
    lt = result.lifetime
    p = lt.primary
    fig, ax = _figure()
    horizon = float(p.fit_time_h[-1])
    unit, k = _time_unit(horizon)
    colors = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple"]
    for i, run in enumerate(lt.runs):
        c = colors[i % len(colors)]
        l0 = f" (L0 = {run.l0_cd_m2:g} cd m⁻²)" if run.l0_cd_m2 else ""
        step = max(1, run.time_h.size // 300)
        ax.plot(run.time_h[::step] * k, run.relative[::step], ".", ms=2.5, color=c,
                label=f"{run.source}{l0}")
        if run.decay_resolved:
            ax.plot(run.fit_time_h * k, run.fit_stretched, "-", color=c, lw=1.0,
                    label="stretched exp. fit" if run is p else None)
            if np.any(np.isfinite(run.fit_biexp)):
                ax.plot(run.fit_time_h * k, run.fit_biexp, ":", color=c, lw=1.0,
                        label="bi-exp. fit" if run is p else None)
    if horizon > p.duration_h:
        ax.axvspan(p.duration_h * k, horizon * k, color="0.9", zorder=0, label="extrapolated")
        cov = p.stretched_covariance_logtau_beta
        if cov is not None and np.all(np.isfinite(cov)) and p.stretched_tau_h:
            tt = p.fit_time_h[p.fit_time_h >= p.duration_h]
            lo, hi = stretched_band(tt, p.stretched_tau_h, p.stretched_beta, cov)
            ax.fill_between(tt * k, lo, hi, color="tab:blue", alpha=0.18, lw=0,
                            label="95 % band (fit)")
    for e in p.estimates:
        if e.t_h is None:
            continue
        ax.axhline(e.fraction, color="0.6", lw=0.5, ls=":")
        if e.extrapolated and e.lower_h is not None and e.upper_h is not None:
            ax.errorbar(e.t_h * k, e.fraction,
                        xerr=[[(e.t_h - e.lower_h) * k], [(e.upper_h - e.t_h) * k]],
                        fmt="o", ms=3.5, mfc="white", color="black", capsize=2, lw=0.8)
        else:
            ax.plot(e.t_h * k, e.fraction, "o", ms=3.5, color="black")
        right = e.t_h > 0.75 * horizon
        ax.annotate(f"T{round(100 * e.fraction)} = {_fmt_time(e.t_h, unit, k)}",
                    (e.t_h * k, e.fraction), xytext=(-4 if right else 4, 3),
                    textcoords="offset points", fontsize=7, ha="right" if right else "left")
    ax.set_xlim(0, horizon * k)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(f"time ({unit})")
    ax.set_ylabel("L / L0" if p.kind != "eqe" else "EQE / EQE0")
    ax.legend(fontsize=7, loc="upper right")
    ax.set_title(f"{result.name}: operational lifetime")
    return fig


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

    def _with_points(self, points, labels, title, draw):
        artists = []
        old_title = self.ax.get_title()
        if title is not None:
            self.ax.set_title(title)
        for label, (x, y) in points.items():
            artists += self.ax.plot(x, y, "o", ms=6, mfc="white", mec="black", mew=1.2)
            if labels:  # to the left of points near the red corner (no clipping)
                left = x > 0.5
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
