"""Write the report of analysed devices: ``index.html``, ``results.json``, ``results.csv``, figures.

:func:`write_report` takes the output of :func:`peled.measure.analyze_batch` (a list of
:class:`~peled.measure.DeviceResult` and :class:`~peled.measure.DeviceFailure`) and writes
into a folder.  It does not analyse anything itself, and it is not atomic: the CLI
(``peled report``, ``peled demo``) calls it on a temporary folder renamed into place.

Output
------
* ``results.json``: a list with one entry per device in batch order.  Analysed devices:
  the :meth:`~peled.measure.DeviceResult.summary` keys unchanged, plus ``status = "ok"``,
  ``details`` (:meth:`~peled.measure.DeviceResult.details`), ``config`` (device.toml),
  ``el_spectra`` (peak/FWHM/CIE per spectrum), ``lifetime_estimates`` (T_x with 95 % CI
  and the extrapolation flag), ``consistency``, ``literature`` (percentile ranks from
  :func:`peled.literature.compare_device`, or null) and ``figures`` (paths of the figure
  files relative to the report: the SVGs, or the PNGs with ``png=True``).  Failed
  devices: ``name``, ``status = "failed"``, ``error``, ``path``.
* ``results.csv``: one row per device, columns :data:`peled.measure.SUMMARY_KEYS` then
  ``status`` and ``error``; warnings joined with ``" | "``; empty cell = null.
* ``figures/<device>_{jvl,eqe,efficiency,el,cie,lifetime}.svg`` and, for a batch,
  ``figures/overview_boxplots.svg`` and ``figures/overview_cie.svg``; with ``png=True``
  (``peled report --png``) a ``.png`` next to each, rasterised from the same figure object.
* ``index.html``: self-contained (inline SVG of the same figures, inline CSS and a few
  lines of inline JavaScript that sort the summary table; no external resource).  The CIE
  diagram is defined once in the page and each device's CIE figure is a ``<use>`` of it
  plus its point, and each device section is rendered by the browser only when scrolled
  to (``content-visibility``), so a page of hundreds of devices stays responsive.  The
  ids inside each inline figure are prefixed with its device and kind, unique in the
  page (a figure must not depend on a definition in a section that is not rendered).

Figures
-------
The per-device figures are described once as :class:`peled.report.plot.Plot` objects
(:mod:`peled.report.device_plots`).  Without PNG they are written as SVG text directly
(:func:`peled.report.svg_plot.plot_to_svg`: about 10 ms for a device's six figures instead
of about 0.6 s through matplotlib, ``benchmarks/bench_report.py``); with PNG each plot
becomes one matplotlib Figure (:func:`peled.report.mpl_plot.plot_to_figure`) saved as SVG
and PNG.  Both drawings use the same limits and ticks.  The CIE diagram is rendered by
matplotlib/colour-science once per process and the device's point is overlaid.  The
figure sets of the devices go through :class:`peled.execution.Runner` (in parallel for
large batches).

Large batches: per-device sections (figures, tables of lifetimes, EL spectra and
literature ranks, warnings) are made for the first ``device_figures`` analysed devices
in batch order (default :data:`DEFAULT_DEVICE_FIGURES` = 500, ``peled report
--device-figures N``); each section adds about 50 kB to ``index.html``.  Every device is
still in the sortable summary table, the box plots, the overview CIE diagram,
``results.json`` (with its warnings, lifetimes and literature ranks) and
``results.csv``; the page says how many devices have figures.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from peled.measure.analysis import SUMMARY_KEYS, DeviceFailure, DeviceResult
from peled.outputs import csv_safe_cell, to_jsonable

__all__ = [
    "DEFAULT_DEVICE_FIGURES",
    "ReportOutcome",
    "device_entry",
    "literature_comparison",
    "write_report",
]

#: Devices of a batch that get per-device figures (see the module docstring): every device
#: of a batch of up to 500 (a page of about 26 MB).
DEFAULT_DEVICE_FIGURES: int = 500

#: Per-device figure kinds, in page order: (file suffix, caption).  The page shows two
#: figures per row, the two-panel EQE figure on a row of its own.
FIGURE_KINDS: tuple[tuple[str, str], ...] = (
    ("jvl", "J-V-L"),
    ("efficiency", "Current efficiency and power efficacy"),
    ("eqe", "EQE vs J and vs L"),
    ("el", "EL spectra"),
    ("cie", "CIE 1931 with the Rec.2020 triangle"),
    ("lifetime", "Operational lifetime"),
)

#: Columns of the HTML summary table: (summary key, header, significant digits).
TABLE_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("eqe_max_pct", "EQE max (%)", 4),
    ("ce_max_cd_a", "CE max (cd/A)", 4),
    ("pe_max_lm_w", "PE max (lm/W)", 4),
    ("luminance_max_cd_m2", "L max (cd/m²)", 4),
    ("v_on_v", "V on (V)", 3),
    ("j_at_eqe_max_mA_cm2", "J at EQE max (mA/cm²)", 3),
    ("eqe_at_1000_cd_m2_pct", "EQE at 1,000 cd/m² (%)", 4),
    ("j50_mA_cm2", "J50 (mA/cm²)", 3),
    ("peak_nm", "peak (nm)", 4),
    ("fwhm_nm", "FWHM (nm)", 3),
    ("cie_x", "CIE x", 4),
    ("cie_y", "CIE y", 4),
    ("t50_h", "T50 (h)", 3),
    ("t95_h", "T95 (h)", 3),
    ("t50_at_100_cd_m2_h", "T50 at 100 cd/m² (h)", 3),
)


@dataclass(frozen=True)
class ReportOutcome:
    """What :func:`write_report` wrote.

    Attributes
    ----------
    folder : Path
        The report folder.
    n_devices : int
        Devices in the batch (analysed and failed).
    n_failed : int
        Devices that could not be analysed.
    n_with_figures : int
        Analysed devices that got per-device figures (at most ``device_figures``).
    files : tuple of str
        Files written, relative to ``folder``.

    Examples
    --------
    >>> from pathlib import Path
    >>> out = ReportOutcome(Path("rep"), 3, 1, 2, ("index.html", "results.json"))
    >>> out.n_devices - out.n_failed, out.files[0]
    (2, 'index.html')
    """

    folder: Path
    n_devices: int
    n_failed: int
    n_with_figures: int
    files: tuple[str, ...]


def literature_comparison(summary: dict, dataset, _by_color: dict | None = None) -> dict | None:
    """Percentile ranks of a device against the literature of its colour, or None.

    None when there is no dataset or no EL peak (the colour class needs one).  The result
    is :func:`peled.literature.compare_device` ``(summary, dataset)``; the literature is
    filtered once per colour class (:func:`peled.literature.compare.color_population`,
    cached in ``_by_color`` across a batch) and each device is ranked by a binary search
    per metric, which gives the same ranks in about 0.1 ms per device.

    Parameters
    ----------
    summary : dict
        A device summary (:meth:`peled.measure.DeviceResult.summary`): ``peak_nm`` (EL
        peak, nm) decides the colour class; every recognised metric with a finite value
        (``eqe_max_pct`` in %, ``ce_max_cd_a`` in cd/A, ``luminance_max_cd_m2`` in cd/m^2,
        ``fwhm_nm``, ``t50_at_100_cd_m2_h`` in h, ...) is ranked.
    dataset : pandas.DataFrame or None
        The literature table (:func:`peled.literature.load`); None gives None.
    _by_color : dict, optional
        Cache of the filtered literature per colour class, shared by the devices of one
        batch (filled in place); None filters anew.

    Returns
    -------
    dict or None
        ``color``, ``n_literature_records`` and ``metrics`` (per summary key: ``column``,
        ``value``, ``n_records``, ``percentile`` in %, literature ``best`` and
        ``median``), equal to :func:`peled.literature.compare_device`; None without a
        dataset, without an EL peak, or when the comparison is not possible (a
        :class:`peled.errors.PeledError` is not raised but gives None).

    Examples
    --------
    A green device (520 nm) with a peak EQE of 20 % beats 48 % of the 75 green
    perovskite LEDs in the literature table that report an EQE:

    >>> from peled.literature import load, compare_device
    >>> dataset = load()
    >>> rank = literature_comparison({"peak_nm": 520.0, "eqe_max_pct": 20.0}, dataset)
    >>> rank["color"], rank["metrics"]["eqe_max_pct"]["n_records"]
    ('green', 75)
    >>> rank["metrics"]["eqe_max_pct"]["percentile"]
    48.0
    >>> rank == compare_device({"peak_nm": 520.0, "eqe_max_pct": 20.0}, dataset)
    True
    >>> literature_comparison({"eqe_max_pct": 20.0}, dataset) is None  # no EL peak
    True
    """
    if dataset is None or summary.get("peak_nm") is None:
        return None
    from peled.errors import PeledError  # lazy: keeps this module's import minimal
    from peled.literature import color_from_peak  # lazy: literature only with --literature
    from peled.literature.compare import color_population  # lazy import

    try:
        color = color_from_peak(float(summary["peak_nm"]))
        cache = {} if _by_color is None else _by_color
        if color not in cache:
            cache[color] = color_population(dataset, color)
        return cache[color].rank(summary)
    except PeledError:
        return None


def device_entry(result: DeviceResult | DeviceFailure, literature: dict | None = None,
                 figures: Sequence[str] = ()) -> dict:
    """The ``results.json`` entry of one device (see the module docstring).

    Parameters
    ----------
    result : DeviceResult or DeviceFailure
        One element of :func:`peled.measure.analyze_batch`.
    literature : dict, optional
        The device's literature ranks (:func:`literature_comparison`), stored under
        ``literature``; None writes null.
    figures : sequence of str
        Paths of the device's figure files relative to the report folder, stored under
        ``figures``.

    Returns
    -------
    dict
        JSON-safe entry (:func:`peled.outputs.to_jsonable`: NaN and infinities become
        None).  Analysed device: the summary keys, ``status = "ok"``, ``details``,
        ``config`` (name, area in cm^2, colour class, notes, stack with thicknesses in
        nm, path), ``el_spectra``, ``lifetime_estimates``, ``consistency``,
        ``literature`` and ``figures``.  Failed device: ``name``, ``status =
        "failed"``, ``error`` and ``path``.

    Examples
    --------
    >>> from peled.measure.analysis import DeviceFailure
    >>> device_entry(DeviceFailure("dev-3", "no jvl.csv in dev-3"))
    {'name': 'dev-3', 'status': 'failed', 'error': 'no jvl.csv in dev-3', 'path': None}

    The synthetic green example device (0.04 cm^2 pixel, one EL spectrum):

    >>> from peled.cli.demo import example_path
    >>> from peled.measure import analyze_batch
    >>> (res,) = analyze_batch(example_path("devices") / "green")
    >>> e = device_entry(res, figures=["figures/green_jvl.svg"])
    >>> e["status"], e["config"]["area_cm2"], len(e["el_spectra"]), e["figures"]
    ('ok', 0.04, 1, ['figures/green_jvl.svg'])
    >>> round(e["eqe_max_pct"], 1), e["literature"] is None
    (22.8, True)
    """
    if isinstance(result, DeviceFailure):
        return to_jsonable({"name": result.name, "status": "failed", "error": result.error,
                            "path": result.path})
    entry = dict(result.summary())
    entry["status"] = "ok"
    entry["details"] = result.details()
    cfg = result.config
    entry["config"] = {
        "name": cfg.name, "area_cm2": cfg.area_cm2, "color_class": cfg.color_class,
        "notes": cfg.notes,
        "stack": [{"material": layer.material, "thickness_nm": layer.thickness_nm}
                  for layer in cfg.stack],
        "path": result.path,
    }
    el = result.el
    entry["el_spectra"] = [] if el is None else [
        {"voltage_v": None if el.voltages_v is None else el.voltages_v[i],
         "peak_nm": el.peaks_nm[i], "fwhm_nm": el.fwhms_nm[i],
         "cie_x": el.cie_xy[i][0], "cie_y": el.cie_xy[i][1],
         "reference": i == el.reference_index}
        for i in range(len(el.spectra))
    ]
    lt = result.lifetime
    entry["lifetime_estimates"] = [] if lt is None else [
        {"run": run.source, "l0_cd_m2": run.l0_cd_m2, "fraction": e.fraction, "t_h": e.t_h,
         "lower_h": e.lower_h, "upper_h": e.upper_h, "extrapolated": e.extrapolated}
        for run in lt.runs for e in run.estimates
    ]
    c = result.consistency
    entry["consistency"] = None if c is None else {
        "file_eqe_vs_ce": c.file_eqe_vs_ce, "computed_vs_file_eqe": c.computed_vs_file_eqe,
        "tolerance": c.tolerance, "consistent": c.consistent}
    entry["literature"] = literature
    entry["figures"] = list(figures)
    return to_jsonable(entry)


#: Longest device part of a figure file name (characters): with ``_efficiency.svg`` and a
#: ``_NNN`` suffix it stays far below the 255-byte limit of file names.
_SLUG_CHARS = 120


def _slug(name: str, used: set[str]) -> str:
    """File-name and anchor part of a device: ASCII, at most ``_SLUG_CHARS`` characters,
    unique in ``used`` ignoring case (``Dev`` and ``dev`` would share files on macOS and
    Windows); ``used`` holds the lower-cased slugs given so far."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:_SLUG_CHARS].strip("._")
    base = base or "device"
    slug, k = base, 2
    while slug.lower() in used:
        slug, k = f"{base}_{k}", k + 1
    used.add(slug.lower())
    return slug


def _fmt(value, digits: int = 4) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return "–"
        if isinstance(value, int):
            return str(value)
        if value != 0 and (abs(value) >= 1e7 or abs(value) < 1e-3):
            return f"{value:.{max(digits - 1, 1)}e}"
        if abs(value) >= 10**digits:
            return f"{value:,.0f}"
        return f"{value:.{digits}g}"
    return str(value)


#: Serial cost of the six SVG figures of one device (s, 2-core machine;
#: benchmarks/bench_report.py), used by :class:`peled.execution.Runner`.
SECONDS_PER_FIGURE_SET = 0.015

#: Serial cost of a figure set drawn by matplotlib for PNG files (``png=True``; 0.94 s
#: measured on the 2-core machine: six Figures, each saved as SVG and PNG).
SECONDS_PER_PNG_FIGURE_SET = 0.95

_CIE_CANVAS = None  # one CIE diagram per process, reused by every device of a batch


def _cie_canvas():
    global _CIE_CANVAS
    if _CIE_CANVAS is None:
        from peled.report import figures as F  # lazy: matplotlib only when figures are drawn

        _CIE_CANVAS = F.CieCanvas()
    return _CIE_CANVAS


def _device_figure_set(task) -> list[dict]:
    """The figures of one device, each built once: ``kind, caption, svg, png``.

    Without PNG the plots are written as SVG directly (:mod:`peled.report.svg_plot`,
    milliseconds per figure) and the CIE entry is left for the caller (``svg`` None: its
    point goes on the caller's own diagram, so that a worker does not send the 190 kB
    diagram back for every device); with PNG each plot becomes one matplotlib Figure
    saved in both formats.  Runs where :class:`peled.execution.Runner` sends it (this
    process or a worker); returns data only, the caller writes the files.
    """
    result, png = task
    from peled.report import device_plots as P  # lazy: figure modules only when drawn
    from peled.report import figures as F  # lazy: figure modules only when drawn
    from peled.report.svg_plot import xml_safe  # lazy: figure modules only when drawn

    builders = {"jvl": P.jvl_plot, "eqe": P.eqe_plot}
    if np.any(np.isfinite(result.sweep.ce_cd_a)):  # none for NIR devices
        builders["efficiency"] = P.efficiency_plot
    if result.el is not None:
        builders["el"] = P.el_plot
    if result.lifetime is not None:
        builders["lifetime"] = P.lifetime_plot
    out = []
    for kind, caption in FIGURE_KINDS:
        svg = data = None
        if kind == "cie":
            point = _cie_point(result)
            if point is None:
                continue  # no chromaticity (NIR)
            if png:
                svg, data = _cie_canvas().render_formats(point, png=True,
                                                         title=_cie_title(result))
        elif kind in builders:
            plot = builders[kind](result)
            if png:
                from peled.report.mpl_plot import plot_to_figure  # lazy: matplotlib for PNG

                svg, data = F.render_formats(plot_to_figure(plot), png=True)
            else:
                from peled.report.svg_plot import plot_to_svg  # lazy: figure modules

                svg = plot_to_svg(plot)
        else:
            continue
        if png:  # matplotlib wrote the device name as it is
            svg = xml_safe(svg)
        out.append({"kind": kind, "caption": caption, "svg": svg, "png": data})
    return out


def _cie_point(result) -> dict | None:
    el = result.el
    if el is None or not np.isfinite([el.cie_x, el.cie_y]).all():
        return None
    return {result.name: (el.cie_x, el.cie_y)}


def _cie_title(result) -> str:
    return f"{result.name}: CIE 1931"


def _with_page_forms(result, figure_set: list[dict]) -> list[dict]:
    """``figure_set`` with the CIE SVG filled in (from this process's diagram) and an
    ``html`` form of every figure for the page: the SVG without prolog, or for the CIE
    diagram a ``<use>`` of the page's single copy plus the device's point."""
    from peled.report import figures as F  # lazy: figure modules only when drawn

    out = []
    for f in figure_set:
        f = dict(f)
        if f["kind"] == "cie":
            point, title = _cie_point(result), _cie_title(result)
            if f["svg"] is None:
                f["svg"] = _cie_canvas().svg(point, title=title)
            f["html"] = _cie_canvas().inline_svg(point, title=title)
        else:
            f["html"] = F.svg_for_html(f["svg"])
        out.append(f)
    return out


_ID_DEF = re.compile(r'\sid="([^"]+)"')


def _page_ids(svg: str, prefix: str) -> str:
    """``svg`` (one figure inlined in the page) with every id it defines, and the
    references to them, prefixed with ``prefix``.

    matplotlib names clip paths and markers by a hash of their geometry, so the same
    axes box gives the same id in every device's figure (and two devices with the same
    name and data give identical SVG-writer figures).  A page with repeated ids draws
    each copy with the first one's definition, which the browser does not render while
    that section is off screen (``content-visibility``): the figures of the later
    devices lost their clipping.  References to ids the figure does not define (the
    shared CIE diagram of ``<use>``) are left alone.
    """
    for name in dict.fromkeys(_ID_DEF.findall(svg)):  # a few per figure: plain replaces
        svg = (svg.replace(f' id="{name}"', f' id="{prefix}{name}"')
               .replace(f"url(#{name})", f"url(#{prefix}{name})")
               .replace(f'href="#{name}"', f'href="#{prefix}{name}"'))
    return svg


def _write_figure(fig_dir: Path, stem: str, svg: str, data: bytes | None) -> str:
    """Write ``stem.svg`` (and ``stem.png``); return the path of the linked file."""
    (fig_dir / f"{stem}.svg").write_text(svg, encoding="utf-8")
    if data is not None:
        (fig_dir / f"{stem}.png").write_bytes(data)
        return f"figures/{stem}.png"
    return f"figures/{stem}.svg"


def _load_literature():
    from peled.errors import PeledError  # lazy: keeps this module's import minimal

    try:
        from peled.literature import load  # lazy: the dataset is read only with --literature
    except ImportError:
        return None
    try:
        return load()
    except PeledError:
        return None


def _template():
    import jinja2

    text = resources.files("peled").joinpath("data", "templates", "report.html").read_text(
        encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = _fmt
    return env.from_string(text)


def write_report(
    results: Sequence[DeviceResult | DeviceFailure],
    folder: str | Path,
    *,
    title: str = "peled device report",
    source: str | None = None,
    device_figures: int = DEFAULT_DEVICE_FIGURES,
    literature: bool = True,
    intro: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    png: bool = False,
    runner=None,
) -> ReportOutcome:
    """Write the report of ``results`` into ``folder`` (created if missing).

    Parameters
    ----------
    results : sequence of DeviceResult or DeviceFailure
        Output of :func:`peled.measure.analyze_batch`, in batch order.
    folder : str or Path
        Output folder (see the module docstring for its content).
    title, source, intro : str
        Page title, analysed path shown on the page, a paragraph under the title.
    device_figures : int
        How many analysed devices (in batch order) get per-device figures.
    literature : bool
        Rank each device against :func:`peled.literature.load`.
    progress : callable, optional
        ``progress(i, n, name)`` after each device's figure set is drawn.
    png : bool
        Also write a PNG of every figure (rasterised from the same figure object as
        the SVG); the report then links and lists the PNGs.
    runner : peled.execution.Runner, optional
        Draws the figure sets of the devices, in parallel on a cluster.  Default: a
        :class:`~peled.execution.Runner` of its own, in-process below about 20 s of
        estimated work (:data:`SECONDS_PER_FIGURE_SET` per device: about 1,300 devices
        with SVG figures, 20 with ``png``), else a local cluster.

    Returns
    -------
    ReportOutcome
        Folder, device counts and the files written.

    Raises
    ------
    peled.errors.ParameterError
        ``device_figures`` is negative.
    peled.errors.PeledError
        A device's figure set could not be drawn (the message names the device).
    OSError
        ``folder`` cannot be created or written.

    Examples
    --------
    >>> import tempfile
    >>> from peled.cli.demo import example_path
    >>> from peled.measure import analyze_batch
    >>> res = analyze_batch(example_path("devices") / "green")
    >>> with tempfile.TemporaryDirectory() as tmp:     # tables only: no figures drawn
    ...     out = write_report(res, tmp, literature=False, device_figures=0)
    >>> out.n_devices, out.n_failed, out.n_with_figures, sorted(out.files)
    (1, 0, 0, ['index.html', 'results.csv', 'results.json'])

    With the default ``device_figures`` the device also gets its six figures
    (``figures/<device>_jvl.svg``, ``_efficiency``, ``_eqe``, ``_el``, ``_cie``,
    ``_lifetime``).
    """
    from markupsafe import Markup

    from peled import __version__  # lazy: keeps this module's import minimal
    from peled.errors import ParameterError, PeledError  # lazy: keeps this module's import minimal
    from peled.execution import Runner, TaskFailure  # lazy: the execution layer only for batches
    from peled.report import figures as F  # lazy: matplotlib only when figures are drawn
    from peled.report.svg_plot import xml_safe  # lazy: figure modules only when drawn

    if device_figures < 0:
        raise ParameterError(f"device_figures must be >= 0, got {device_figures}")
    folder = Path(folder)
    fig_dir = folder / "figures"
    fig_dir.mkdir(parents=True, exist_ok=True)
    good = [r for r in results if isinstance(r, DeviceResult)]
    failed = [r for r in results if isinstance(r, DeviceFailure)]
    dataset = _load_literature() if literature else None
    by_color: dict = {}
    lit = {id(r): literature_comparison(r.summary(), dataset, by_color) for r in good}

    used: set[str] = {"overview"}
    slugs = {id(r): _slug(r.name, used) for r in results}
    with_figs = good[:device_figures]
    own = runner is None
    runner = Runner() if own else runner
    try:
        sets = runner.map(_device_figure_set, [(r, png) for r in with_figs],
                          labels=[r.name for r in with_figs], progress=progress,
                          seconds_per_item=SECONDS_PER_PNG_FIGURE_SET if png
                          else SECONDS_PER_FIGURE_SET)
    finally:
        if own:
            runner.close()
    figs: dict[int, list[dict]] = {}
    for r, figure_set in zip(with_figs, sets, strict=True):
        if isinstance(figure_set, TaskFailure):
            raise PeledError(f"figures of device {r.name}: {figure_set.error}")
        figure_set = _with_page_forms(r, figure_set)
        figs[id(r)] = [
            {"kind": f["kind"], "caption": f["caption"],
             "svg": _page_ids(f["html"], f"{slugs[id(r)]}-{f['kind']}-"),
             "png": _write_figure(fig_dir, f"{slugs[id(r)]}_{f['kind']}", f["svg"], f["png"])}
            for f in figure_set]
    # the page defines the CIE diagram once for every figure that is a <use> of it
    shared_cie = any(f["kind"] == "cie" for fs in figs.values() for f in fs)
    overview = []
    summaries = [r.summary() for r in good]
    if len(results) > 1 and good:
        svg, data = F.render_formats(F.batch_boxplot_figure(summaries), png=png)
        overview.append({"caption": "Distribution across devices (each point = a device)",
                         "png": _write_figure(fig_dir, "overview_boxplots", svg, data),
                         "svg": Markup(_page_ids(F.svg_for_html(svg), "overview-boxplots-"))})
        pts = {name: xy for r in good for name, xy in (_cie_point(r) or {}).items()}
        if pts:
            canvas, labels = _cie_canvas(), len(pts) <= 12
            title = f"CIE 1931: {len(pts)} devices"
            if png:
                svg, data = canvas.render_formats(pts, png=True, labels=labels, title=title)
                svg = xml_safe(svg)  # the device names label the points
                html = _page_ids(F.svg_for_html(svg), "overview-cie-")
            else:  # the points on the diagram drawn once, as for each device
                svg, data = canvas.svg(pts, labels=labels, title=title), None
                html = canvas.inline_svg(pts, labels=labels, title=title)
                shared_cie = True
            overview.append({"caption": "CIE 1931 coordinates of every device with the "
                                        "Rec.2020 triangle",
                             "png": _write_figure(fig_dir, "overview_cie", svg, data),
                             "svg": Markup(html)})
    cie_background = Markup(_cie_canvas().inline_background()) if shared_cie else ""

    entries = [device_entry(r, lit.get(id(r)), [f["png"] for f in figs.get(id(r), [])])
               for r in results]
    (folder / "results.json").write_text(
        json.dumps(entries, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    _write_csv(folder / "results.csv", entries)

    rows = []
    for r, e in zip(results, entries, strict=True):
        ok = e["status"] == "ok"
        eqe_rank = None
        if ok and e["literature"]:
            eqe_rank = e["literature"]["metrics"].get("eqe_max_pct", {}).get("percentile")
        rows.append({"entry": e, "ok": ok, "anchor": slugs[id(r)],
                     "has_section": id(r) in figs,
                     "eqe_rank": eqe_rank,
                     "n_warnings": len(e.get("warnings", [])) if ok else None})
    sections = []
    for r, e in zip(results, entries, strict=True):
        if id(r) not in figs:
            continue
        sections.append({
            "anchor": slugs[id(r)], "entry": e, "result": r,
            "figures": [dict(f, svg=Markup(f["svg"])) for f in figs.get(id(r), [])],
        })
    html = _template().render(
        title=title, source=source, version=__version__, intro=intro,
        n_devices=len(results), n_good=len(good), failures=failed, rows=rows,
        columns=TABLE_COLUMNS, overview=overview, sections=sections,
        n_with_figures=len(with_figs), device_figures=device_figures,
        literature_used=dataset is not None, batch=len(results) > 1,
        cie_background=cie_background,
    )
    (folder / "index.html").write_text(xml_safe(html), encoding="utf-8")
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    return ReportOutcome(folder, len(results), len(failed), len(with_figs), tuple(files))


def _write_csv(path: Path, entries: list[dict]) -> None:
    cols = [*SUMMARY_KEYS, "status", "error"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for e in entries:
            row = []
            for k in cols:
                v = e.get(k)
                if k == "warnings" and v is not None:
                    v = " | ".join(v)
                row.append("" if v is None else csv_safe_cell(v))
            w.writerow(row)
