"""Self-contained HTML report of a campaign (figures as inline PNG, no external files).

Figures: best-so-far objective (or hypervolume for Pareto campaigns) against the number
of experiments; the Pareto front over all feasible measurements (Pareto campaigns) or
the objective of every experiment; and parameter importance as the absolute Spearman rank
correlation of each parameter with the scalar objective (Spearman, Am. J. Psychol. 15, 72
(1904); categorical levels ranked in their listed order), a model-free screening measure.
This module is the plotting edge of :mod:`peled.lab`; the loop and the twin do not plot.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

import numpy as np

from peled.lab.campaign import Campaign
from peled.lab.loop import open_campaign, summarize
from peled.lab.store import Experiment

__all__ = ["campaign_report", "parameter_importance"]


def parameter_importance(campaign: Campaign, experiments: list[Experiment]) -> dict[str, float]:
    """|Spearman rho| of each parameter with the scalar objective (first objective for
    Pareto campaigns) over measured experiments; NaN with fewer than 3 points.

    Examples
    --------
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "x", "low": 0, "high": 1},
    ...                                    {"name": "z", "low": 0, "high": 1}],
    ...                     "objectives": [{"name": "plqy"}],
    ...                     "budget": {"experiments": 4}})
    >>> exps = [Experiment(str(i), i, 1, {"x": x, "z": z}, "measured", outcomes={"plqy": x})
    ...         for i, (x, z) in enumerate([(0.1, 0.5), (0.4, 0.2), (0.9, 0.7), (0.6, 0.1)])]
    >>> {k: round(v, 2) for k, v in parameter_importance(c, exps).items()}
    {'x': 1.0, 'z': 0.2}
    """
    from scipy.stats import spearmanr

    rows = [e for e in experiments if e.outcomes is not None
            and all(n in e.outcomes for n in campaign.outcome_names)]
    if len(rows) < 3:
        return {p.name: math.nan for p in campaign.parameters}
    if campaign.mode == "pareto":
        y = np.array([float(campaign.objectives[0].utility(e.outcomes[campaign.objectives[0]
                                                                     .name])) for e in rows])
    else:
        y = np.array([float(campaign.scalar(e.outcomes)) for e in rows])
    out = {}
    for p in campaign.parameters:
        if p.kind == "categorical":
            x = np.array([p.levels.index(str(e.parameters[p.name])) for e in rows], float)
        else:
            x = np.array([float(e.parameters[p.name]) for e in rows])
        if np.ptp(x) == 0 or np.ptp(y) == 0:
            out[p.name] = math.nan
        else:
            out[p.name] = float(abs(spearmanr(x, y).statistic))
    return out


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def campaign_report(folder: str | Path) -> str:
    """HTML text of the report of the campaign in ``folder``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    campaign, store = open_campaign(folder)
    try:
        summary = summarize(campaign, store, Path(folder))
        exps = store.experiments()
    finally:
        store.close()
    figs: list[tuple[str, str]] = []

    trace = [np.nan if v is None else v for v in summary.trace]
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    n = np.arange(1, len(trace) + 1)
    if campaign.mode == "pareto":
        ax.step(n, trace, where="post")
        ax.set_ylabel("hypervolume")
        title = "Hypervolume after each experiment"
    else:
        o = campaign.objectives[0]
        vals = np.array(trace) * (o.sign if campaign.mode == "single" else 1.0)
        ax.step(n, vals, where="post", label="best so far")
        ran = [e for e in exps if e.state in ("measured", "failed")]
        pts = [(i + 1, float(campaign.scalar(e.outcomes))
                * (o.sign if campaign.mode == "single" else 1.0))
               for i, e in enumerate(ran) if e.outcomes is not None
               and all(k in e.outcomes for k in campaign.outcome_names)]
        if pts:
            ax.plot(*zip(*pts, strict=True), "o", ms=3, alpha=0.6, label="each experiment")
        ax.set_ylabel(o.label if campaign.mode == "single" else "weighted objective")
        ax.legend(frameon=False)
        title = "Best so far"
    ax.set_xlabel("experiment")
    figs.append((title, _png(fig)))

    if campaign.mode == "pareto" and len(campaign.objectives) >= 2:
        o1, o2 = campaign.objectives[:2]
        done = [e for e in exps if e.outcomes is not None
                and all(k in e.outcomes for k in campaign.outcome_names)]
        fig, ax = plt.subplots(figsize=(5.0, 3.8))
        if done:
            ax.plot([o1.value(e.outcomes[o1.name]) for e in done],
                    [o2.value(e.outcomes[o2.name]) for e in done], "o", ms=4, alpha=0.5,
                    label="measured")
        if summary.pareto:
            front = sorted((p["objectives"][o1.key], p["objectives"][o2.key])
                           for p in summary.pareto)
            ax.plot(*zip(*front, strict=True), "s-", color="C3", label="Pareto set")
        ax.set_xlabel(o1.label)
        ax.set_ylabel(o2.label)
        ax.legend(frameon=False)
        figs.append(("Pareto front", _png(fig)))

    imp = parameter_importance(campaign, exps)
    fig, ax = plt.subplots(figsize=(5.0, 0.5 + 0.4 * len(imp)))
    names = list(imp)
    ax.barh(names, [0 if math.isnan(v) else v for v in imp.values()])
    ax.set_xlim(0, 1)
    ax.set_xlabel("|Spearman rank correlation| with the objective")
    ax.invert_yaxis()
    figs.append(("Parameter importance", _png(fig)))

    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(e.id)}</td><td>{esc(e.state)}</td><td>"
        + esc(", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                        for k, v in e.parameters.items()))
        + "</td><td>" + esc(", ".join(f"{k}={v:.4g}" for k, v in (e.outcomes or {}).items())
                            or (e.error or "")) + "</td></tr>"
        for e in exps)
    best = summary.best
    best_html = "<p>no feasible measurement yet</p>" if best is None else (
        "<table><tr><th>objective</th><th>value</th></tr>"
        + "".join(f"<tr><td>{esc(k)}</td><td>{v:.4g}</td></tr>"
                  for k, v in best["objectives"].items())
        + "".join(f"<tr><td>{esc(k)}</td><td>{esc(str(v))}</td></tr>"
                  for k, v in best["parameters"].items()) + "</table>")
    hv = ("" if summary.hypervolume is None
          else f"<p>hypervolume {summary.hypervolume:.4g}, {len(summary.pareto)} Pareto "
          "points</p>")
    fig_html = "".join(f"<h2>{esc(t)}</h2><img alt='{esc(t)}' src='data:image/png;base64,"
                       f"{data}'>" for t, data in figs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>peled lab: {esc(campaign.name)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}}
table{{border-collapse:collapse;font-size:90%}}td,th{{border:1px solid #ccc;padding:2px 6px}}
img{{max-width:100%}}</style></head><body>
<h1>Campaign: {esc(campaign.name)}</h1>
<p>{esc(campaign.description)}</p>
<p>state <b>{esc(summary.state)}</b>; {summary.n_experiments} of {summary.budget} experiments
({summary.n_failed} failed, {summary.n_imported} imported); strategy {esc(campaign.strategy)};
mode {esc(campaign.mode)}; instrument {esc(campaign.instrument.kind)}.</p>
<h2>Best</h2>{best_html}{hv}
{fig_html}
<h2>All experiments</h2>
<table><tr><th>id</th><th>state</th><th>parameters</th><th>outcomes / error</th></tr>
{rows}</table>
</body></html>
"""
