"""Figures and the self-contained HTML report of a closed-loop lab campaign.

Every figure function takes a :class:`peled.lab.insights.CampaignInsights` and returns a
:class:`matplotlib.figure.Figure` on the Agg canvas (object API, no pyplot state); it
plots the numbers :mod:`peled.lab.insights` computed and derives nothing.
:func:`write_campaign_report` embeds them as inline SVG in one HTML file with no
external resource, in the style of ``peled report``.
"""

from __future__ import annotations

import html
import io
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from peled.lab.insights import CampaignInsights, campaign_insights
from peled.report.figures import svg_for_html

__all__ = [
    "LabReport",
    "best_so_far_figure",
    "campaign_report_html",
    "hypervolume_figure",
    "importance_figure",
    "pareto_figure",
    "partial_dependence_figure",
    "write_campaign_report",
]

_RC = {"svg.fonttype": "none", "svg.hashsalt": "peled", "font.size": 9.0}


def _figure(w: float, h: float, nrows: int = 1, ncols: int = 1):
    fig = Figure(figsize=(w, h), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes


def _svg(fig: Figure) -> str:
    import matplotlib

    with matplotlib.rc_context(_RC):
        buf = io.StringIO()
        fig.savefig(buf, format="svg", dpi=72, bbox_inches="tight")
    return svg_for_html(buf.getvalue())


def _xy(values) -> tuple[np.ndarray, np.ndarray]:
    """Experiment numbers (1-based) and values, None dropped."""
    pts = [(i + 1, v) for i, v in enumerate(values) if v is not None]
    if not pts:
        return np.zeros(0), np.zeros(0)
    x, y = zip(*pts, strict=True)
    return np.array(x, float), np.array(y, float)


def best_so_far_figure(ins: CampaignInsights) -> Figure:
    """Best so far (step line) and every measured value (dots) of each response against
    the experiment number; one panel per response.

    Parameters
    ----------
    ins : CampaignInsights
        Numbers of the campaign (:func:`peled.lab.insights.campaign_insights`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from peled.lab.insights import CampaignInsights
    >>> ins = CampaignInsights("c", "", "single", "bo", "twin", {}, [("plqy", "PLQY")],
    ...                        {"plqy": [0.2, None, 0.5]}, {"plqy": [0.2, 0.2, 0.5]}, None,
    ...                        None, [], [], None, "", [])
    >>> fig = best_so_far_figure(ins)
    >>> fig.axes[0].lines[0].get_ydata().tolist()
    [0.2, 0.2, 0.5]
    """
    n = len(ins.responses)
    fig, axes = _figure(5.2 * min(n, 2), 3.3 * math.ceil(n / 2), math.ceil(n / 2), min(n, 2))
    for k, (key, label) in enumerate(ins.responses):
        ax = axes.flat[k]
        x, y = _xy(ins.best_so_far[key])
        ax.step(x, y, where="post", color="C0", label="best so far")
        xo, yo = _xy(ins.observed[key])
        ax.plot(xo, yo, "o", ms=3.5, color="C1", alpha=0.7, label="each experiment")
        ax.set_xlabel("experiment")
        ax.set_ylabel(label)
        ax.legend(frameon=False, fontsize=8)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def hypervolume_figure(ins: CampaignInsights) -> Figure:
    """Hypervolume of the measured Pareto set after each experiment (Pareto campaigns).

    Parameters
    ----------
    ins : CampaignInsights
        Numbers of the campaign (:func:`peled.lab.insights.campaign_insights`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from peled.lab.insights import CampaignInsights
    >>> ins = CampaignInsights("c", "", "pareto", "bo", "twin", {}, [], {}, {},
    ...                        [None, 3.0, 5.0], None, [], [], None, "", [])
    >>> hypervolume_figure(ins).axes[0].lines[0].get_ydata().tolist()
    [3.0, 5.0]
    """
    fig, axes = _figure(5.2, 3.3)
    ax = axes[0, 0]
    x, y = _xy(ins.hypervolume or [])
    ax.step(x, y, where="post", color="C2")
    ax.set_xlabel("experiment")
    ax.set_ylabel("hypervolume (objective units)")
    fig.tight_layout()
    return fig


def pareto_figure(ins: CampaignInsights) -> Figure:
    """Feasible measurements in the plane of the first two objectives; the Pareto set
    (non-dominated over all objectives) joined as a staircase.

    Parameters
    ----------
    ins : CampaignInsights
        Numbers of the campaign (:func:`peled.lab.insights.campaign_insights`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from peled.lab.insights import CampaignInsights
    >>> ins = CampaignInsights("c", "", "pareto", "bo", "twin", {}, [], {}, {}, [], ("a", "b"),
    ...                        [[1.0, 3.0], [2.0, 2.0], [1.0, 1.0]], [True, True, False],
    ...                        None, "", [])
    >>> pareto_figure(ins).axes[0].lines[1].get_xydata().tolist()
    [[1.0, 3.0], [2.0, 2.0]]
    """
    fig, axes = _figure(5.0, 3.8)
    ax = axes[0, 0]
    pts = np.array(ins.pareto_points, float).reshape(-1, 2)
    mask = np.array(ins.pareto_mask, bool)
    ax.plot(pts[:, 0], pts[:, 1], "o", ms=4, alpha=0.5, color="C0", label="measured")
    front = pts[mask] if len(pts) else pts
    front = front[np.lexsort((front[:, 1], front[:, 0]))] if len(front) else front
    ax.plot(front[:, 0], front[:, 1], "s-", color="C3", ms=5, label="Pareto set")
    if ins.pareto_axes:
        ax.set_xlabel(ins.pareto_axes[0])
        ax.set_ylabel(ins.pareto_axes[1])
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


def importance_figure(ins: CampaignInsights) -> Figure:
    """Parameter importance (spread of the partial-dependence curve) per response.

    Parameters
    ----------
    ins : CampaignInsights
        Numbers of the campaign (:func:`peled.lab.insights.campaign_insights`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from peled.lab.insights import CampaignInsights, PartialDependence
    >>> pd = [PartialDependence("x", "continuous", "", [0.0, 1.0], {"plqy": [0.1, 0.3]},
    ...                         {"plqy": 0.14}),
    ...       PartialDependence("s", "categorical", "", ["a", "b"], {"plqy": [0.2, 0.2]},
    ...                         {"plqy": 0.0})]
    >>> ins = CampaignInsights("c", "", "single", "bo", "twin", {}, [("plqy", "PLQY")], {},
    ...                        {}, None, None, [], [], pd, "", [])
    >>> [round(float(p.get_width()), 2) for p in importance_figure(ins).axes[0].patches]
    [0.14, 0.0]
    """
    pds = ins.partial_dependence or []
    n = max(1, len(ins.responses))
    fig, axes = _figure(4.2 * n, 0.8 + 0.35 * max(1, len(pds)), 1, n)
    names = [p.parameter for p in pds]
    for k, (key, label) in enumerate(ins.responses):
        ax = axes[0, k]
        ax.barh(names, [p.importance[key] for p in pds], color="C0")
        ax.invert_yaxis()
        ax.set_xlabel(f"importance ({label})")
    fig.tight_layout()
    return fig


def partial_dependence_figure(ins: CampaignInsights) -> Figure:
    """Partial dependence of each response (rows) on each parameter (columns); the
    observed recipes are ticked along the bottom of each panel.

    Parameters
    ----------
    ins : CampaignInsights
        Numbers of the campaign (:func:`peled.lab.insights.campaign_insights`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from peled.lab.insights import CampaignInsights, PartialDependence
    >>> pd = [PartialDependence("x", "continuous", "s", [1.0, 2.0], {"plqy": [0.1, 0.3]},
    ...                         {"plqy": 0.14})]
    >>> ins = CampaignInsights("c", "", "single", "bo", "twin", {}, [("plqy", "PLQY")], {},
    ...                        {}, None, None, [], [], pd, "", [])
    >>> partial_dependence_figure(ins).axes[0].lines[0].get_ydata().tolist()
    [0.1, 0.3]
    """
    pds = ins.partial_dependence or []
    rows, cols = max(1, len(ins.responses)), max(1, len(pds))
    fig, axes = _figure(2.6 * cols + 0.6, 2.3 * rows + 0.3, rows, cols)
    for r, (key, label) in enumerate(ins.responses):
        for c, p in enumerate(pds):
            ax = axes[r, c]
            if p.kind == "categorical":
                x = np.arange(len(p.grid))
                ax.plot(x, p.values[key], "o-", color="C0")
                ax.set_xticks(x, [str(v) for v in p.grid], rotation=30, fontsize=7)
            else:
                ax.plot(p.grid, p.values[key], "-", color="C0")
                used = [e["parameters"][p.parameter] for e in ins.experiments
                        if e["state"] in ("measured", "imported")]
                ax.plot(used, np.zeros(len(used)), "|", color="0.4", ms=6,
                        transform=ax.get_xaxis_transform())
                lo, hi = min(p.grid), max(p.grid)
                if lo > 0 and hi / lo > 20:
                    ax.set_xscale("log")
            if r == rows - 1:
                ax.set_xlabel(f"{p.parameter} ({p.unit})" if p.unit else p.parameter)
            if c == 0:
                ax.set_ylabel(label)
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class LabReport:
    """Where the report went: ``as_dict`` is the JSON of ``peled lab report``."""

    report: str
    bytes: int
    figures: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"report": self.report, "bytes": self.bytes, "figures": list(self.figures)}


_CSS = """body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em auto;
       max-width: 1150px; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.2em; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
.meta, .note { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.5em; text-align: left; }
th { background: #f3f3f3; } td.num { text-align: right; }
tr.failed td { background: #fde8e8; }
.figs { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; flex: 1 1 460px; max-width: 100%; }
figcaption { font-size: 0.85em; color: #444; }
svg.fig { width: 100%; height: auto; }
.scroll { overflow-x: auto; }"""


def _num(v) -> str:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return html.escape(str(v))
    return f"{v:.4g}"


def campaign_report_html(ins: CampaignInsights) -> tuple[str, list[str]]:
    """HTML text of the campaign report and the titles of its figures.

    Parameters
    ----------
    ins : CampaignInsights
        Numbers of the campaign (:func:`peled.lab.insights.campaign_insights`).

    Returns
    -------
    (str, list of str)
        The self-contained HTML page (inline SVG, no external resource) and the figure
        titles in page order.

    Examples
    --------
    >>> from peled.lab.insights import CampaignInsights
    >>> ins = CampaignInsights("c", "", "single", "sobol", "twin",
    ...                        {"state": "finished", "n_experiments": 2, "budget": 2,
    ...                         "n_failed": 0, "n_imported": 0, "best": None},
    ...                        [("plqy", "PLQY")], {"plqy": [0.2, 0.5]},
    ...                        {"plqy": [0.2, 0.5]}, None, None, [], [], None, "", [])
    >>> text, titles = campaign_report_html(ins)
    >>> titles, text.count("<svg"), "http" in text
    (['Best so far'], 1, False)
    """
    esc = html.escape
    s = ins.summary
    figs: list[tuple[str, str, Figure]] = [
        ("Best so far", "Running best of each objective (line) and every measured value "
         "(dots) against the experiment number; failed runs leave a gap.",
         best_so_far_figure(ins))]
    if ins.hypervolume is not None:
        figs.append(("Hypervolume", "Hypervolume of the measured Pareto set above the "
                     "reference point after each experiment.", hypervolume_figure(ins)))
    if ins.pareto_axes is not None:
        figs.append(("Pareto front", "Feasible measurements; squares: the non-dominated "
                     "set.", pareto_figure(ins)))
    if ins.partial_dependence:
        figs.append(("Parameter importance", "Spread of each partial-dependence curve "
                     "(standard deviation; range / 4 for a categorical parameter) in the "
                     "units of the response (Greenwell et al., arXiv:1805.04755, 2018).",
                     importance_figure(ins)))
        figs.append(("Partial dependence", "Mean GP prediction over the observed recipes "
                     "with one parameter varied (Friedman, Ann. Stat. 29, 1189, 2001); ticks: "
                     "the recipes tried.", partial_dependence_figure(ins)))
    fig_html = "".join(f"<figure>{_svg(f)}<figcaption><b>{esc(t)}.</b> {esc(c)}</figcaption>"
                       "</figure>" for t, c, f in figs)
    best = s.get("best")
    if best is None:
        best_html = "<p>No feasible measurement yet.</p>"
    else:
        best_html = ("<table><tr><th>objective</th><th>value</th></tr>"
                     + "".join(f"<tr><td>{esc(k)}</td><td class='num'>{_num(v)}</td></tr>"
                               for k, v in best["objectives"].items())
                     + "<tr><th>parameter</th><th>value</th></tr>"
                     + "".join(f"<tr><td>{esc(k)}</td><td class='num'>{_num(v)}</td></tr>"
                               for k, v in best["parameters"].items()) + "</table>")
    hv = ("" if s.get("hypervolume") is None else
          f"<p>Hypervolume {_num(s['hypervolume'])} with {len(s['pareto'])} Pareto "
          "point(s).</p>")
    rows = []
    for e in ins.experiments:
        params = ", ".join(f"{k}={_num(v)}" for k, v in e["parameters"].items())
        outs = ", ".join(f"{k}={_num(v)}" for k, v in e["outcomes"].items()) or e["error"]
        cls = " class='failed'" if e["state"] == "failed" else ""
        rows.append(f"<tr{cls}><td>{esc(e['id'])}</td><td>{esc(e['state'])}</td>"
                    f"<td>{esc(params)}</td><td>{esc(outs)}</td></tr>")
    text = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>peled lab: {esc(ins.name)}</title>
<style>
{_CSS}
</style>
</head>
<body>
<h1>Campaign: {esc(ins.name)}</h1>
<p class="meta">state <b>{esc(s['state'])}</b> · {s['n_experiments']} of {s['budget']}
experiments ({s['n_failed']} failed, {s['n_imported']} imported) · strategy
{esc(ins.strategy)} · mode {esc(ins.mode)} · instrument {esc(ins.instrument)}</p>
<p>{esc(ins.description)}</p>
<h2 id="best">Best</h2>
{best_html}{hv}
<h2 id="figures">Figures</h2>
<p class="note">{esc(ins.model_note)}</p>
<div class="figs">{fig_html}</div>
<h2 id="experiments">All experiments</h2>
<div class="scroll"><table>
<tr><th>id</th><th>state</th><th>parameters</th><th>outcomes / error</th></tr>
{''.join(rows)}
</table></div>
</body>
</html>
"""
    return text, [t for t, _, _ in figs]


def write_campaign_report(folder: str | Path, out: str | Path) -> LabReport:
    """Write the self-contained HTML report of the campaign in ``folder`` to ``out``.

    The file is written to a temporary name and renamed, so a failure leaves no
    half-written report.

    Parameters
    ----------
    folder : path
        Campaign folder.
    out : path
        HTML file to write.

    Returns
    -------
    LabReport

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> from peled.lab.loop import run_campaign, start_campaign
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(
    ...     '[campaign]\\nstrategy = "sobol"\\n\\n[[parameters]]\\nname = "growth_time_s"\\n'
    ...     'low = 20.0\\nhigh = 600.0\\n\\n[[objectives]]\\nname = "plqy"\\n\\n'
    ...     '[budget]\\nexperiments = 3\\nbatch_size = 3\\n')
    >>> _ = run_campaign(start_campaign(d / "c.toml", d / "run"))
    >>> write_campaign_report(d / "run", d / "report.html").figures
    ('Best so far',)
    >>> shutil.rmtree(d)
    """
    ins = campaign_insights(folder)
    text, titles = campaign_report_html(ins)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return LabReport(str(out), len(text.encode()), tuple(titles))
