"""What a campaign has learnt: progress curves, Pareto front, partial dependence, importance.

The numbers behind the figures of the campaign report (:mod:`peled.report.lab_figures`
draws them and derives nothing):

* **best so far** of every response after each campaign experiment, in the order the
  experiments were sent: the running best of the feasible measured values (running
  maximum for a maximised objective, running minimum for a minimised one or for the
  deviation from a target); imported experiments count as known before the first one;
* **hypervolume** after each experiment (Pareto campaigns), the indicator of Zitzler &
  Thiele, IEEE Trans. Evol. Comput. 3, 257 (1999), against the campaign's reference
  point (:func:`peled.lab.optimizer.hypervolume`);
* the **Pareto front**: every feasible measurement in objective units and the mask of
  the non-dominated ones;
* **partial dependence** of every response on every parameter (Friedman, Ann. Stat. 29,
  1189 (2001), sec. 8.2): the mean prediction of the campaign's GP
  (:func:`peled.lab.optimizer.fit_gp`, fitted to the measured responses) over the
  observed recipes with the one parameter set to each grid value;
* **parameter importance** from those curves (Greenwell, Boehmke & McCarthy, "A simple
  and effective model-based variable importance measure", arXiv:1805.04755 (2018)): the
  standard deviation of the partial-dependence curve for a continuous or integer
  parameter, its range / 4 for a categorical one, in the units of the response.  The
  measure is model-based, not a permutation test and not the GP lengthscales: it is in
  response units and comparable between continuous and categorical parameters.

Responses: the objective (single mode), the weighted scalar objective (weighted mode,
larger is better), or each objective (Pareto mode), in natural units.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from peled.lab.campaign import Campaign, Parameter
from peled.lab.loop import open_campaign, summarize
from peled.lab.optimizer import encode, hypervolume, pareto_mask
from peled.lab.store import Experiment

__all__ = [
    "CampaignInsights",
    "PartialDependence",
    "Response",
    "campaign_insights",
    "importance",
    "partial_dependence",
    "progress_curves",
    "responses",
]

#: Grid points of a continuous parameter in the partial-dependence curves.
N_GRID = 25
#: Fewest usable measurements for which a GP is fitted for the partial dependence.
MIN_MODEL_POINTS = 4


@dataclass(frozen=True)
class Response:
    """A quantity the report follows: ``key`` (JSON), ``label`` (axis), ``sign`` (+1 if
    larger is better) and ``value(outcomes)`` in natural units."""

    key: str
    label: str
    sign: float
    value: Callable[[Mapping[str, float]], float]


def responses(campaign: Campaign) -> list[Response]:
    """The responses of a campaign (see the module docstring).

    Parameters
    ----------
    campaign : Campaign
        The campaign.

    Returns
    -------
    list of Response
        One for single and weighted campaigns, one per objective for Pareto campaigns.

    Examples
    --------
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "x", "low": 0, "high": 1}],
    ...                     "objectives": [{"name": "fwhm_nm", "goal": "minimize"}],
    ...                     "budget": {"experiments": 4}})
    >>> [(r.key, r.sign, r.value({"fwhm_nm": 21.0})) for r in responses(c)]
    [('fwhm_nm', -1.0, 21.0)]
    """
    if campaign.mode == "weighted":
        return [Response("objective", "weighted objective (larger is better)", 1.0,
                         lambda out: float(campaign.scalar(out)))]
    objs = campaign.objectives if campaign.mode == "pareto" else campaign.objectives[:1]
    return [Response(o.key, o.label, float(o.sign), lambda out, o=o: float(o.value(out[o.name])))
            for o in objs]


def _complete(campaign: Campaign, e: Experiment) -> bool:
    return e.outcomes is not None and all(n in e.outcomes for n in campaign.outcome_names)


def progress_curves(campaign: Campaign, experiments: Sequence[Experiment]
                    ) -> tuple[dict[str, list[float | None]], dict[str, list[float | None]],
                               list[float | None] | None]:
    """Observed value, best so far (per response) and hypervolume after each experiment.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    experiments : sequence of Experiment
        All experiments of the store in the order they were created (imported ones
        first count as prior knowledge; proposed or sent ones are skipped).

    Returns
    -------
    observed, best_so_far : dict
        Response key -> one value per measured or failed campaign experiment (None for a
        failed or infeasible run, or before the first feasible value).
    hypervolume : list or None
        Hypervolume after each experiment (Pareto campaigns), else None.

    Examples
    --------
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "x", "low": 0, "high": 1}],
    ...                     "objectives": [{"name": "plqy"}], "budget": {"experiments": 4}})
    >>> exps = [Experiment(f"e{i}", 1, 1, {"x": 0.5}, "measured", outcomes={"plqy": y})
    ...         for i, y in enumerate([0.2, 0.5, 0.3])]
    >>> progress_curves(c, exps)[1]
    {'plqy': [0.2, 0.5, 0.5]}
    """
    resp = responses(campaign)
    prior = [e.outcomes for e in experiments if e.state == "imported" and _complete(campaign, e)
             and campaign.feasible(e.outcomes)]
    best_u = {r.key: max((r.sign * r.value(o) for o in prior), default=-math.inf)
              for r in resp}
    seen_u = [[float(u) for u in campaign.utilities(o)] for o in prior]
    observed: dict[str, list[float | None]] = {r.key: [] for r in resp}
    best: dict[str, list[float | None]] = {r.key: [] for r in resp}
    hv: list[float | None] | None = [] if campaign.mode == "pareto" else None
    ref = campaign.reference_point()
    for e in experiments:
        if e.state not in ("measured", "failed"):
            continue
        ok = e.state == "measured" and _complete(campaign, e) and campaign.feasible(e.outcomes)
        for r in resp:
            v = r.value(e.outcomes) if ok else None
            observed[r.key].append(v)
            if v is not None:
                best_u[r.key] = max(best_u[r.key], r.sign * v)
            b = best_u[r.key]
            best[r.key].append(None if not math.isfinite(b) else r.sign * b)
        if hv is not None:
            if ok:
                seen_u.append([float(u) for u in campaign.utilities(e.outcomes)])
            hv.append(hypervolume(np.array(seen_u), ref) if seen_u else None)
    return observed, best, hv


@dataclass(frozen=True)
class PartialDependence:
    """Partial dependence of the responses on one parameter.

    ``grid``: parameter values (natural units, or level names); ``values``: response key
    -> mean prediction at each grid value; ``importance``: response key -> importance.
    """

    parameter: str
    kind: str
    unit: str
    grid: list[Any]
    values: dict[str, list[float]]
    importance: dict[str, float]


def _grid(p: Parameter, n_grid: int) -> tuple[np.ndarray, list[Any]]:
    """Encoded grid and natural values of one parameter."""
    if p.kind == "categorical":
        return np.arange(len(p.levels), dtype=float), list(p.levels)
    if p.kind == "integer":
        vals = np.unique(np.round(np.linspace(p.low, p.high, min(n_grid,
                                                                   int(p.high - p.low) + 1))))
        return np.array([p.to_unit(v) for v in vals]), [int(v) for v in vals]
    u = np.linspace(0.0, 1.0, n_grid)
    return u, [float(p.from_unit(x)) for x in u]


def importance(kind: str, curve: Sequence[float]) -> float:
    """Importance of a parameter from its partial-dependence curve (Greenwell, Boehmke &
    McCarthy, arXiv:1805.04755 (2018)): sample standard deviation of the curve, or range
    / 4 for a categorical parameter.

    Parameters
    ----------
    kind : str
        ``"continuous"``, ``"integer"`` or ``"categorical"``.
    curve : sequence of float
        Partial dependence at the grid values (response units).

    Returns
    -------
    float
        Importance in response units (0 for a curve of fewer than two points).

    Examples
    --------
    >>> importance("categorical", [0.0, 2.0, 4.0])
    1.0
    >>> round(importance("continuous", [1.0, 2.0, 3.0]), 6)
    1.0
    """
    c = np.asarray(curve, float)
    if c.size < 2:
        return 0.0
    if kind == "categorical":
        return float((c.max() - c.min()) / 4.0)
    return float(np.std(c, ddof=1))


def partial_dependence(campaign: Campaign, X: np.ndarray,
                       predict: Callable[[np.ndarray], np.ndarray], keys: Sequence[str],
                       n_grid: int = N_GRID) -> list[PartialDependence]:
    """Partial dependence (Friedman, Ann. Stat. 29, 1189 (2001), sec. 8.2) of a model.

    Parameters
    ----------
    campaign : Campaign
        Defines the parameters and their grids.
    X : ndarray, shape (n, d)
        Observed recipes encoded with :func:`peled.lab.optimizer.encode`.
    predict : callable
        ``predict(rows (k, d)) -> (k, m)`` mean prediction of the ``m`` responses.
    keys : sequence of str
        Names of the ``m`` responses.
    n_grid : int
        Grid points of a continuous parameter (even in its unit-cube coordinate, so
        geometric for a log parameter).

    Returns
    -------
    list of PartialDependence
        One per parameter, with its importance per response.

    Examples
    --------
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "a", "low": 0, "high": 1},
    ...                                    {"name": "b", "low": 0, "high": 1}],
    ...                     "objectives": [{"name": "plqy"}], "budget": {"experiments": 4}})
    >>> X = np.array([[0.1, 0.0], [0.5, 1.0]])
    >>> pd = partial_dependence(c, X, lambda R: (2 * R[:, :1] + R[:, 1:]), ["plqy"], 3)
    >>> pd[0].values["plqy"], pd[1].values["plqy"]
    ([0.5, 1.5, 2.5], [0.6, 1.1, 1.6])
    """
    X = np.asarray(X, float)
    n, d = X.shape
    out = []
    for j, p in enumerate(campaign.parameters):
        enc, natural = _grid(p, n_grid)
        rows = np.repeat(X[None, :, :], len(enc), axis=0)
        rows[:, :, j] = enc[:, None]
        pred = np.asarray(predict(rows.reshape(-1, d)), float).reshape(len(enc), n, -1)
        curve = pred.mean(axis=1)
        values = {k: [float(v) for v in curve[:, i]] for i, k in enumerate(keys)}
        out.append(PartialDependence(p.name, p.kind, p.unit, natural, values,
                                     {k: importance(p.kind, v) for k, v in values.items()}))
    return out


def _gp_partial_dependence(campaign: Campaign, experiments: Sequence[Experiment],
                           resp: Sequence[Response]) -> tuple[list[PartialDependence] | None,
                                                              str]:
    rows = [e for e in experiments if e.state in ("measured", "imported")
            and _complete(campaign, e)]
    if len(rows) < MIN_MODEL_POINTS:
        return None, (f"partial dependence needs at least {MIN_MODEL_POINTS} measured "
                      f"experiments ({len(rows)} so far)")
    X = np.array([encode(campaign, e.parameters) for e in rows])
    Y = np.array([[r.value(e.outcomes) for r in resp] for e in rows])
    if not np.all(np.isfinite(Y)) or np.all(np.ptp(Y, axis=0) == 0):
        return None, "partial dependence needs responses that vary between experiments"
    try:
        import torch
    except ImportError:
        return None, "partial dependence needs BoTorch: pip install 'peled[lab]'"
    from peled.lab.optimizer import fit_gp  # lazy: torch/BoTorch only for the GP importance

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small GP: one thread is faster and reproducible
    try:
        torch.manual_seed(campaign.seed)
        model = fit_gp(campaign, torch.tensor(X, dtype=torch.double),
                       torch.tensor(Y, dtype=torch.double))

        def predict(R: np.ndarray) -> np.ndarray:
            with torch.no_grad():
                mean = model.posterior(torch.tensor(R, dtype=torch.double)).mean
            return mean.reshape(len(R), -1).numpy()

        pd = partial_dependence(campaign, X, predict, [r.key for r in resp])
    finally:
        torch.set_num_threads(threads)
    return pd, f"GP fitted to {len(rows)} measured experiments"


@dataclass(frozen=True)
class CampaignInsights:
    """Everything the campaign report shows, as numbers (``as_dict`` is JSON-ready)."""

    name: str
    description: str
    mode: str
    strategy: str
    instrument: str
    summary: dict
    responses: list[tuple[str, str]]
    observed: dict[str, list[float | None]]
    best_so_far: dict[str, list[float | None]]
    hypervolume: list[float | None] | None
    pareto_axes: tuple[str, str] | None
    pareto_points: list[list[float]]
    pareto_mask: list[bool]
    partial_dependence: list[PartialDependence] | None
    model_note: str
    experiments: list[dict]

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def campaign_insights(folder: str | Path, *, model: bool = True) -> CampaignInsights:
    r"""Read the campaign in ``folder`` and compute what its report shows.

    Parameters
    ----------
    folder : path
        A campaign folder.
    model : bool
        Fit the GP for the partial dependence and importance (needs BoTorch and at least
        :data:`MIN_MODEL_POINTS` measurements).

    Returns
    -------
    CampaignInsights

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> from peled.lab.loop import run_campaign, start_campaign
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(
    ...     '[campaign]\nstrategy = "sobol"\n\n[[parameters]]\nname = "growth_time_s"\n'
    ...     'low = 20.0\nhigh = 600.0\n\n[[objectives]]\nname = "plqy"\n\n'
    ...     '[budget]\nexperiments = 4\nbatch_size = 2\n\n'
    ...     '[instrument]\nfailure_probability = 0.0\n')
    >>> _ = run_campaign(start_campaign(d / "c.toml", d / "run"))
    >>> ins = campaign_insights(d / "run", model=False)
    >>> best = ins.best_so_far["plqy"]
    >>> len(best), best == sorted(best), best[-1] == max(ins.observed["plqy"])
    (4, True, True)
    >>> shutil.rmtree(d)
    """
    campaign, store = open_campaign(folder)
    try:
        summary = summarize(campaign, store, Path(folder))
        exps = store.experiments()
    finally:
        store.close()
    resp = responses(campaign)
    observed, best, hv = progress_curves(campaign, exps)
    axes, points, mask = None, [], []
    if campaign.mode == "pareto" and len(campaign.objectives) >= 2:
        o1, o2 = campaign.objectives[:2]
        axes = (o1.label, o2.label)
        done = [e for e in exps if e.state in ("measured", "imported")
                and _complete(campaign, e) and campaign.feasible(e.outcomes)]
        points = [[float(o1.value(e.outcomes[o1.name])), float(o2.value(e.outcomes[o2.name]))]
                  for e in done]
        u = np.array([[float(v) for v in campaign.utilities(e.outcomes)] for e in done])
        mask = [bool(v) for v in pareto_mask(u)] if len(done) else []
    pd, note = (_gp_partial_dependence(campaign, exps, resp) if model
                else (None, "partial dependence not computed"))
    return CampaignInsights(
        name=campaign.name, description=campaign.description, mode=campaign.mode,
        strategy=campaign.strategy, instrument=campaign.instrument.kind,
        summary=summary.as_dict(), responses=[(r.key, r.label) for r in resp],
        observed=observed, best_so_far=best, hypervolume=hv, pareto_axes=axes,
        pareto_points=points, pareto_mask=mask, partial_dependence=pd, model_note=note,
        experiments=[{"id": e.id, "batch": e.batch, "state": e.state,
                      "parameters": dict(e.parameters), "outcomes": dict(e.outcomes or {}),
                      "error": e.error or ""} for e in exps])
