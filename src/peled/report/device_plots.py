"""The per-device figures of a report, described as :class:`peled.report.plot.Plot` objects.

Each builder takes a :class:`peled.measure.DeviceResult` and returns the plot; the report
writes it as SVG (:func:`peled.report.svg_plot.plot_to_svg`) or, for PNG files, through
matplotlib (:func:`peled.report.mpl_plot.plot_to_figure`).  The plots only show what
:mod:`peled.measure` computed; the one quantity derived here is the confidence band of
the extrapolated lifetime curve (:func:`stretched_band`).
"""

from __future__ import annotations

import numpy as np

from peled.report.decimate import thin_sweep
from peled.report.plot import MARGIN, Band, Line, Note, Panel, Plot, Rule, Span

__all__ = [
    "efficiency_plot",
    "el_plot",
    "eqe_plot",
    "jvl_plot",
    "lifetime_plot",
    "stretched_band",
]


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


#: Decades a log axis of current density or emission spans below its largest value (the
#: rest is dark current or, for noise-free synthetic data, 1e-90 cd/m2 that would squeeze
#: the data into a sliver of the axis).
_LOG_DECADES: float = 9.0


def _x_floor(panel: Panel) -> None:
    """Start the log x axis of ``panel`` ``_LOG_DECADES`` below its largest x value
    when the data reaches further down (the points below are clipped); the top keeps
    the usual margin of the span shown (:data:`peled.report.plot.MARGIN`)."""
    xs = [np.asarray(it.x, float) for it in panel.items if isinstance(it, Line)]
    x = np.concatenate(xs) if xs else np.zeros(0)
    x = x[np.isfinite(x) & (x > 0)]
    if x.size and x.min() < x.max() * 10**-_LOG_DECADES:
        top = float(x.max())
        panel.xlim = (top * 10**-_LOG_DECADES, top * 10 ** (MARGIN * _LOG_DECADES))


def _pct(value: float) -> str:
    """``22.79`` or, below 1 %, three significant digits (``0.00213``, not ``0.00``)."""
    return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3g}"


def jvl_plot(result) -> Plot:
    """Current density (left, log) and luminance (right, log; radiance for NIR devices)
    vs voltage, both sweeps; emission readings below the detector floor are not drawn.

    Parameters
    ----------
    result : peled.measure.DeviceResult
        The analysis of one device (:func:`peled.measure.analyze_device`).

    Returns
    -------
    peled.report.plot.Plot
        One panel with a right (twin) axis.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> plot = jvl_plot(analyze_device(example_devices_dir() / "green"))
    >>> plot.panels[0].xlabel, plot.panels[0].twin.ylabel
    ('voltage (V)', 'luminance (cd m⁻²)')
    """
    attr, sym, label_e, unit_e = _emission(result)
    left = Panel(xlabel="voltage (V)", ylabel="current density (mA cm⁻²)", ylog=True,
                 ylabel_color="tab:blue", legend="best",
                 title=f"{result.name}: J-V-{sym}")
    right = Panel(ylabel=label_e, ylog=True, ylabel_color="tab:orange")
    left.twin = right
    shown = []
    for sw, style, label in _sweeps(result):
        j = sw.current_density_mA_cm2
        ok = np.isfinite(j) & (j > 0)
        left.items.append(Line(sw.voltage_v[ok], j[ok], "tab:blue", style,
                               label=f"J ({label})"))
        # emission only above the detector floor (readings below it are noise)
        lum = getattr(sw, attr)
        okl = sw.valid & np.isfinite(lum) & (lum > 0)
        right.items.append(Line(sw.voltage_v[okl], lum[okl], "tab:orange", style,
                                label=f"{sym} ({label})"))
        shown.append(lum[okl])
    jmax = max((np.nanmax(sw.current_density_mA_cm2) for sw, _, _ in _sweeps(result)),
               default=np.nan)
    if np.isfinite(jmax) and jmax > 0:
        # J over 9 decades below its maximum (a diode's dark current below that is
        # instrument noise or, for synthetic data, meaningless)
        left.y_floor = float(jmax) * 10**-_LOG_DECADES
    lum_shown = np.concatenate(shown) if shown else np.zeros(0)
    same_unit = {"luminance": "luminance_cd_m2", "radiance": "radiance_w_sr_m2"}
    floor = result.detector_floor if same_unit.get(result.emission) == attr else 0.0
    if lum_shown.size:
        bottom = min(float(lum_shown.min()), floor if floor > 0 else np.inf) / 2.0
        top = float(lum_shown.max())
        right.ylim = (max(bottom, top * 10**-_LOG_DECADES), top * 2.0)
    if floor > 0:
        right.items.append(Rule(floor, "y", "tab:orange",
                                label=f"detector floor ({floor:.2g} {unit_e})"))
    v_on = result.figures.v_on_v
    if v_on is not None:
        left.items.append(Rule(v_on, "x", "gray"))
        left.items.append(Note(f"V on = {v_on:.2f} V", v_on, 0.97, coords=("data", "axes"),
                               offset=(-3, 0), ha="right", va="top"))
    return Plot([left], right=0.75)


def eqe_plot(result) -> Plot:
    """EQE vs current density and vs luminance (radiance for NIR devices), log x axes
    over at most 9 decades below their maximum; EQE_max, J50 and the EQE at 1,000 cd/m2
    marked.

    Parameters
    ----------
    result : peled.measure.DeviceResult
        The analysis of one device (:func:`peled.measure.analyze_device`).

    Returns
    -------
    peled.report.plot.Plot
        Two panels: EQE vs J and EQE vs L.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> plot = eqe_plot(analyze_device(example_devices_dir() / "green"))
    >>> [p.ylabel for p in plot.panels], plot.panels[0].xlog
    (['EQE (%)', 'EQE (%)'], True)
    """
    f = result.figures
    attr, _, label_e, _ = _emission(result)
    axj, axl = (Panel(xlabel=xl, ylabel="EQE (%)", xlog=True, ylim=(0.0, None),
                      legend="best")
                for xl in ("current density (mA cm⁻²)", label_e))
    for sw, style, label in _sweeps(result):
        ok = sw.valid & np.isfinite(sw.eqe_pct)
        # small markers show where the sweep was sampled
        axj.items.append(Line(sw.current_density_mA_cm2[ok], sw.eqe_pct[ok], "tab:green",
                              style, marker=".", size=3, label=label))
        axl.items.append(Line(getattr(sw, attr)[ok], sw.eqe_pct[ok], "tab:green", style,
                              marker=".", size=3, label=label))
    if f.eqe_max_pct is not None and f.j_at_eqe_max_mA_cm2 is not None:
        axj.items.append(Line([f.j_at_eqe_max_mA_cm2], [f.eqe_max_pct], "black", "",
                              marker="o", size=4, label=f"max {_pct(f.eqe_max_pct)} %"))
        if f.j50_mA_cm2 is not None:
            axj.items.append(Rule(f.j50_mA_cm2, "x", "gray"))
            axj.items.append(Note(f"J50 = {f.j50_mA_cm2:.3g}", f.j50_mA_cm2, 0.05,
                                  coords=("data", "axes"), offset=(3, 0)))
    if f.eqe_max_pct is not None:
        sw = result.sweep
        k = int(np.nanargmax(np.where(sw.valid, sw.eqe_pct, np.nan)))
        axl.items.append(Line([getattr(sw, attr)[k]], [f.eqe_max_pct], "black", "",
                              marker="o", size=4))
    if f.eqe_at_1000_cd_m2_pct is not None:
        axl.items.append(Line([1000.0], [f.eqe_at_1000_cd_m2_pct], "tab:red", "",
                              marker="s", size=4,
                              label=f"{_pct(f.eqe_at_1000_cd_m2_pct)} % at 1,000 cd m⁻²"))
    _x_floor(axj)
    _x_floor(axl)
    return Plot([axj, axl], width=9.0, height=3.6, top=0.45,
                suptitle=f"{result.name}: external quantum efficiency")


def efficiency_plot(result) -> Plot:
    """Current efficiency (cd/A, left) and power efficacy (lm/W, right) vs luminance
    (log axis over at most 9 decades below its maximum).

    Parameters
    ----------
    result : peled.measure.DeviceResult
        The analysis of one device (:func:`peled.measure.analyze_device`).

    Returns
    -------
    peled.report.plot.Plot
        One panel with a right (twin) axis.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> plot = efficiency_plot(analyze_device(example_devices_dir() / "green"))
    >>> plot.panels[0].ylabel, plot.panels[0].twin.ylabel
    ('current efficiency (cd A⁻¹)', 'power efficacy (lm W⁻¹)')
    """
    ce = Panel(xlabel="luminance (cd m⁻²)", ylabel="current efficiency (cd A⁻¹)", xlog=True,
               ylim=(0.0, None), ylabel_color="tab:purple", legend="upper left",
               title=f"{result.name}: current efficiency and power efficacy")
    pe = Panel(ylabel="power efficacy (lm W⁻¹)", ylim=(0.0, None), ylabel_color="tab:olive")
    ce.twin = pe
    for sw, style, label in _sweeps(result):
        ok = sw.valid & np.isfinite(sw.ce_cd_a) & (sw.luminance_cd_m2 > 0)
        ce.items.append(Line(sw.luminance_cd_m2[ok], sw.ce_cd_a[ok], "tab:purple", style,
                             marker=".", size=3, label=f"CE ({label})"))
        okp = ok & np.isfinite(sw.pe_lm_w)
        pe.items.append(Line(sw.luminance_cd_m2[okp], sw.pe_lm_w[okp], "tab:olive", style,
                             marker=".", size=3, label=f"PE ({label})"))
    _x_floor(ce)
    return Plot([ce], right=0.75)


def el_plot(result) -> Plot:
    """Normalised EL spectra at every measured voltage (colour = voltage, viridis), over
    peak +- 4 FWHM within the measured wavelengths (all of them when no FWHM is known).

    Parameters
    ----------
    result : peled.measure.DeviceResult
        The analysis of one device (:func:`peled.measure.analyze_device`).

    Returns
    -------
    peled.report.plot.Plot
        One panel.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> el_plot(analyze_device(example_devices_dir() / "green")).panels[0].xlabel
    'wavelength (nm)'
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    el = result.el
    n = len(el.spectra)
    cmap = colormaps["viridis"]
    ax = Panel(xlabel="wavelength (nm)", ylabel="normalised EL intensity", ylim=(0.0, 1.08),
               legend="upper right" if n > 1 else None, legend_columns=2 if n > 6 else 1,
               title=f"{result.name}: EL spectr" + ("a" if n > 1 else "um"))
    for i, s in enumerate(el.spectra):
        y = np.asarray(s.intensity, float)
        top = np.nanmax(y) if np.any(np.isfinite(y)) else 1.0
        volt = None if el.voltages_v is None else float(el.voltages_v[i])
        label = f"{volt:g} V" if volt is not None else "EL"
        if i == el.reference_index and n > 1:
            label += " (reference)"
        color = to_hex(cmap(i / max(n - 1, 1))) if n > 1 else "tab:green"
        ax.items.append(Line(s.wavelength_nm, y / (top if top > 0 else 1.0), color,
                             width=1.2, label=label))
    # peak +- 4 FWHM within the measured range (not the visible range: NIR spectra
    # reach 1,000 nm); the measured range when no FWHM is known (spectrum cut at a peak)
    wl = np.concatenate([np.asarray(s.wavelength_nm, float) for s in el.spectra])
    wl = wl[np.isfinite(wl)]
    lo = np.asarray(el.peaks_nm, float) - 4 * np.asarray(el.fwhms_nm, float)
    hi = np.asarray(el.peaks_nm, float) + 4 * np.asarray(el.fwhms_nm, float)
    ok = np.isfinite(lo) & np.isfinite(hi)
    if wl.size:
        ax.xlim = ((max(float(lo[ok].min()), float(wl.min())) if ok.any() else float(wl.min())),
                   (min(float(hi[ok].max()), float(wl.max())) if ok.any() else float(wl.max())))
    fwhm = f"{el.fwhm_nm:.1f} nm" if np.isfinite(el.fwhm_nm) else "not measurable"
    txt = f"peak {el.peak_nm:.1f} nm, FWHM {fwhm}"
    if el.total_peak_shift_nm is not None:
        txt += f"\nshift {el.total_peak_shift_nm:+.2f} nm over the voltage range"
    ax.items.append(Note(txt, 0.02, 0.97, coords=("axes", "axes"), va="top"))
    return Plot([ax])


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


_RUN_COLORS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple")


def lifetime_plot(result) -> Plot:
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
    peled.report.plot.Plot
        One panel.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> from peled.measure import analyze_device
    >>> p = lifetime_plot(analyze_device(example_devices_dir() / "green")).panels[0]
    >>> p.xlabel, p.ylabel
    ('time (h)', 'L / L0')
    """
    lt = result.lifetime
    p = lt.primary
    horizon = float(p.fit_time_h[-1])
    unit, k = _time_unit(horizon)
    ax = Panel(xlabel=f"time ({unit})", ylabel="L / L0" if p.kind != "eqe" else "EQE / EQE0",
               xlim=(0.0, horizon * k), ylim=(0.0, 1.05), legend="upper right",
               title=f"{result.name}: operational lifetime")
    for i, run in enumerate(lt.runs):
        c = _RUN_COLORS[i % len(_RUN_COLORS)]
        l0 = f" (L0 = {run.l0_cd_m2:g} cd m⁻²)" if run.l0_cd_m2 else ""
        step = max(1, run.time_h.size // 300)
        ax.items.append(Line(run.time_h[::step] * k, run.relative[::step], c, "", marker=".",
                             size=2.5, label=f"{run.source}{l0}"))
        if run.decay_resolved:
            ax.items.append(Line(run.fit_time_h * k, run.fit_stretched, c, width=1.0,
                                 label="stretched exp. fit" if run is p else None))
            if np.any(np.isfinite(run.fit_biexp)):
                ax.items.append(Line(run.fit_time_h * k, run.fit_biexp, c, ":", width=1.0,
                                     label="bi-exp. fit" if run is p else None))
    if horizon > p.duration_h:
        ax.items.append(Span(p.duration_h * k, horizon * k, label="extrapolated"))
        cov = p.stretched_covariance_logtau_beta
        if cov is not None and np.all(np.isfinite(cov)) and p.stretched_tau_h:
            tt = p.fit_time_h[p.fit_time_h >= p.duration_h]
            lo, hi = stretched_band(tt, p.stretched_tau_h, p.stretched_beta, cov)
            ax.items.append(Band(tt * k, lo, hi, alpha=0.18, label="95 % band (fit)"))
    for e in p.estimates:
        if e.t_h is None:
            continue
        ax.items.append(Rule(e.fraction, "y", "0.6", width=0.5))
        if e.extrapolated and e.lower_h is not None and e.upper_h is not None:
            ax.items.append(Line([e.t_h * k], [e.fraction], "black", "", width=0.8,
                                 marker="o", size=3.5, face="white",
                                 xerr=(np.array([(e.t_h - e.lower_h) * k]),
                                       np.array([(e.upper_h - e.t_h) * k]))))
        else:
            ax.items.append(Line([e.t_h * k], [e.fraction], "black", "", marker="o",
                                 size=3.5))
        right = e.t_h > 0.75 * horizon
        ax.items.append(Note(f"T{round(100 * e.fraction)} = {_fmt_time(e.t_h, unit, k)}",
                             e.t_h * k, e.fraction, offset=(-4 if right else 4, 3), size=7,
                             ha="right" if right else "left"))
    return Plot([ax])
