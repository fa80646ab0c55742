"""Decision module: Bayesian optimisation on BoTorch, and space-filling baselines by name.

Bayesian optimisation (strategy ``"bo"``)
    * Inputs are mapped to the unit cube (log scale for log parameters; integer
      parameters as a continuous relaxation rounded at the end); categorical parameters
      are integer-coded and modelled with the mixed continuous/categorical kernel of
      :class:`botorch.models.MixedSingleTaskGP` (Ru et al., "Bayesian optimisation over
      multiple continuous and categorical inputs", ICML 2020); without categoricals a
      :class:`botorch.models.SingleTaskGP` with a Matern-5/2 ARD kernel.  Outcomes are
      standardised (:class:`botorch.models.transforms.Standardize`); the GP learns a
      homoscedastic noise level (noisy observations).
    * All measured outcomes that objectives or outcome constraints use are modelled; the
      objective is a Monte-Carlo transform of the modelled outcomes
      (:meth:`peled.lab.campaign.Campaign.scalar` / ``utilities``), and each outcome
      constraint is a feasibility weight on the samples.
    * Single or weighted objective: batch qLogNEI (Ament et al., "Unexpected improvements
      to expected improvement for Bayesian optimization", NeurIPS 2023), with noisy
      baselines (Letham et al., Bayesian Anal. 14, 495 (2019)).  Pareto: qLogNEHVI
      (Daulton et al., NeurIPS 2021; log form: Ament et al. 2023) with the campaign's
      reference point.
    * Pareto batches are built sequentially (greedy, conditioning on the pending points).
    * Linear parameter constraints are passed to the acquisition optimiser as
      inequality constraints in unit-cube coordinates.
    * The first ``initial`` runs (and BO whenever fewer than two usable observations
      exist) follow the scrambled Sobol sequence.

Baselines: ``sobol`` (scrambled Sobol', Owen scrambling, scipy.stats.qmc), ``lhs`` (Latin
hypercube, McKay, Beckman & Conover, Technometrics 21, 239 (1979)), ``random`` (uniform),
``grid`` (full factorial, visited in a seeded random order).  Linear constraints are met
by rejection (infeasible points of the sequence are skipped).

Everything is seeded from (campaign seed, batch number): a re-run proposes the same
points.  Torch is imported inside the functions that need it, so importing peled.lab
(and ``peled --help``) stays fast.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy.stats import qmc

from peled.errors import PeledError
from peled.lab.campaign import Campaign, CampaignError

__all__ = [
    "encode",
    "fit_gp",
    "hypervolume",
    "pareto_mask",
    "propose",
    "usable_observations",
]

_MAX_FIXED = 48  # categorical combinations enumerated per batch at most
_NUM_RESTARTS = 4
_RAW_SAMPLES = 128
_MC_SAMPLES = 64
_MC_SAMPLES_PARETO = 32  # qLogNEHVI partitions the box per sample: keep it cheap


def usable_observations(campaign: Campaign, observations: Sequence[tuple[Mapping[str, Any],
                                                                         Mapping | None]]):
    """Observations with every modelled outcome finite (failed runs are left out).

    Parameters
    ----------
    campaign : Campaign
        Defines the modelled outcomes.
    observations : sequence of (parameters, outcomes or None)
        Earlier experiments; ``None`` marks a failed run.

    Returns
    -------
    list of (parameters, list of float)
        The usable ones, outcomes in the order of ``campaign.outcome_names``.

    Examples
    --------
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "x", "low": 0, "high": 1}],
    ...                     "objectives": [{"name": "plqy"}], "budget": {"experiments": 4}})
    >>> usable_observations(c, [({"x": 0.1}, {"plqy": 0.5}), ({"x": 0.2}, None),
    ...                         ({"x": 0.3}, {"plqy": float("nan")})])
    [({'x': 0.1}, [0.5])]
    """
    names = campaign.outcome_names
    out = []
    for params, outcomes in observations:
        if outcomes is None:
            continue
        try:
            ys = [float(outcomes[n]) for n in names]
        except (KeyError, TypeError, ValueError):
            continue
        if all(math.isfinite(y) for y in ys):
            out.append((params, ys))
    return out


def encode(campaign: Campaign, params: Mapping[str, Any]) -> list[float]:
    """Unit-cube coordinates of a recipe; categoricals as their level index.

    Parameters
    ----------
    campaign : Campaign
        Defines the parameters, their bounds and log scales.
    params : mapping
        A recipe ``{parameter: value}``.

    Returns
    -------
    list of float
        One coordinate per parameter.

    Examples
    --------
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "t", "low": 1, "high": 100, "log": True},
    ...                                    {"name": "s", "type": "categorical",
    ...                                     "levels": ["a", "b"]}],
    ...                     "objectives": [{"name": "plqy"}], "budget": {"experiments": 4}})
    >>> encode(c, {"t": 10.0, "s": "b"})
    [0.5, 1.0]
    """
    row = []
    for p in campaign.parameters:
        if p.kind == "categorical":
            row.append(float(p.levels.index(str(params[p.name]))))
        else:
            row.append(p.to_unit(params[p.name]))
    return row


def _decode(campaign: Campaign, row: Sequence[float]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p, u in zip(campaign.parameters, row, strict=True):
        if p.kind == "categorical":
            out[p.name] = p.levels[int(round(float(u)))]
        else:
            out[p.name] = p.from_unit(float(u))
    return out


def _decode_uniform(campaign: Campaign, u: np.ndarray) -> list[dict[str, Any]]:
    """Map uniform [0, 1) points to recipes with equal weight per level / integer."""
    out = []
    for row in u:
        rec: dict[str, Any] = {}
        for p, x in zip(campaign.parameters, row, strict=True):
            if p.kind == "categorical":
                k = len(p.levels)
                rec[p.name] = p.levels[min(int(x * k), k - 1)]
            elif p.kind == "integer":
                span = int(p.high - p.low) + 1
                rec[p.name] = int(p.low) + min(int(x * span), span - 1)
            else:
                rec[p.name] = p.from_unit(x)
        out.append(rec)
    return out


def _feasible(campaign: Campaign, rec: Mapping[str, Any]) -> bool:
    return all(c.satisfied(rec) for c in campaign.constraints)


def _grid(campaign: Campaign) -> np.ndarray:
    d = len(campaign.parameters)
    m = max(2, math.ceil(campaign.experiments ** (1.0 / d)))
    axes = []
    for p in campaign.parameters:
        if p.kind == "categorical":
            k = len(p.levels)
            axes.append((np.arange(k) + 0.5) / k)
        elif p.kind == "integer":
            span = int(p.high - p.low) + 1
            n = min(m, span)
            vals = np.unique(np.round(np.linspace(0, span - 1, n)))
            axes.append((vals + 0.5) / span)
        else:
            axes.append(np.linspace(0.0, 1.0, m) * (1 - 1e-12))
    return np.array(list(itertools.product(*axes)), dtype=float)


def _space_filling(campaign: Campaign, strategy: str, start: int, n: int, seed: int,
                   batch: int) -> list[dict[str, Any]]:
    """Points ``start .. start + n - 1`` of the feasible part of a seeded design."""
    d = len(campaign.parameters)
    if strategy == "random":
        rng = np.random.default_rng([seed, batch])
        out: list[dict[str, Any]] = []
        for _ in range(1000):
            out += [r for r in _decode_uniform(campaign, rng.random((4 * n, d)))
                    if _feasible(campaign, r)]
            if len(out) >= n:
                return out[:n]
        raise CampaignError("constraints: random sampling found too few points meeting the "
                            "linear constraints; widen them")
    if strategy == "grid":
        g = _grid(campaign)
        g = g[np.random.default_rng(seed).permutation(len(g))]
        pts = [r for r in _decode_uniform(campaign, g) if _feasible(campaign, r)]
        if not pts:
            raise CampaignError("constraints: no grid point meets the linear constraints; "
                                "widen them or choose another strategy")
        return [pts[(start + i) % len(pts)] for i in range(n)]
    length = max(16, start + n)
    while True:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Sobol' balance warning for non-powers of 2
            if strategy == "sobol":
                u = qmc.Sobol(d, scramble=True, seed=seed).random(length)
            elif strategy == "lhs":
                u = qmc.LatinHypercube(d, seed=seed).random(max(length, campaign.experiments))
            else:
                raise ValueError(f"unknown strategy {strategy!r}")
        pts = [r for r in _decode_uniform(campaign, u) if _feasible(campaign, r)]
        if len(pts) >= start + n:
            return pts[start:start + n]
        if length > 2**16:
            raise CampaignError("constraints: the design found too few points meeting the "
                                "linear constraints; widen them")
        length *= 4


def propose(
    campaign: Campaign,
    observations: Sequence[tuple[Mapping[str, Any], Mapping[str, float] | None]],
    n: int,
    *,
    n_sent: int,
    batch: int,
    strategy: str | None = None,
    seed: int | None = None,
) -> list[dict[str, Any]]:
    """Propose the next ``n`` recipes.

    Parameters
    ----------
    campaign : Campaign
        Parameter space, objectives and strategy.
    observations : sequence of (parameters, outcomes or None)
        Every earlier experiment, imported ones included; ``None`` marks a failed run.
    n : int
        Batch size (>= 1).
    n_sent : int
        Number of experiments this campaign has already sent (index into the
        space-filling sequence, so a baseline never repeats a point).
    batch : int
        Batch number (seeds the random streams of this batch).
    strategy : str, optional
        Override of ``campaign.strategy``.
    seed : int, optional
        Override of ``campaign.seed``.

    Returns
    -------
    list of dict
        Recipes ``{parameter: value}`` meeting bounds and linear constraints.

    Examples
    --------
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "x", "low": 0, "high": 1}],
    ...                     "objectives": [{"name": "plqy"}],
    ...                     "budget": {"experiments": 4, "batch_size": 2}})
    >>> a = propose(c, [], 2, n_sent=0, batch=1, strategy="sobol")
    >>> a == propose(c, [], 2, n_sent=0, batch=1, strategy="sobol")
    True
    """
    strategy = strategy or campaign.strategy
    seed = campaign.seed if seed is None else int(seed)
    if strategy != "bo":
        return _space_filling(campaign, strategy, n_sent, n, seed, batch)
    usable = usable_observations(campaign, observations)
    n_obs = len([o for o in observations])
    if n_obs < campaign.initial or len(usable) < 2:
        return _space_filling(campaign, "sobol", n_sent, n, seed, batch)
    try:
        import torch
    except ImportError:
        raise PeledError("strategy \"bo\" needs BoTorch: pip install 'peled[lab]' "
                         "(or choose a baseline: sobol, random, lhs, grid)") from None

    # Small GPs (tens to hundreds of points): one thread is faster than several and
    # gives bit-identical results from run to run; the caller's setting is restored.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _bo(campaign, usable, n, seed, batch)
    finally:
        torch.set_num_threads(threads)


def fit_gp(campaign: Campaign, X, Y):
    """Fit the GP of the decision module to encoded inputs and outcomes.

    Parameters
    ----------
    campaign : Campaign
        Defines which columns of ``X`` are categorical.
    X : torch.Tensor, shape (n, d)
        Rows of :func:`encode` (unit cube; categoricals as level indices).
    Y : torch.Tensor, shape (n, m)
        Outcomes (any units; standardised inside the model).

    Returns
    -------
    botorch.models.model.Model
        A fitted :class:`~botorch.models.MixedSingleTaskGP` (with categoricals) or
        :class:`~botorch.models.SingleTaskGP`; ``posterior(X).mean`` is in the units of
        ``Y``.  Hyperparameters by marginal-likelihood maximisation (L-BFGS-B, at most
        100 iterations: enough for these few hyperparameters, several times faster than
        BoTorch's default budget with the mixed kernel).

    Examples
    --------
    >>> import torch
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "x", "low": 0, "high": 1}],
    ...                     "objectives": [{"name": "plqy"}], "budget": {"experiments": 4}})
    >>> X = torch.linspace(0, 1, 8, dtype=torch.double).unsqueeze(-1)
    >>> model = fit_gp(c, X, 2 * X)
    >>> with torch.no_grad():
    ...     mean = float(model.posterior(X[3:4]).mean)
    >>> abs(mean - float(2 * X[3])) < 0.01
    True
    """
    from botorch.fit import fit_gpytorch_mll
    from botorch.models import MixedSingleTaskGP, SingleTaskGP
    from botorch.models.transforms import Standardize
    from gpytorch.mlls import ExactMarginalLogLikelihood

    cat_dims = [i for i, p in enumerate(campaign.parameters) if p.kind == "categorical"]
    m = Y.shape[-1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if cat_dims:
            model = MixedSingleTaskGP(X, Y, cat_dims=cat_dims, outcome_transform=Standardize(m))
        else:
            model = SingleTaskGP(X, Y, outcome_transform=Standardize(m))
        fit_gpytorch_mll(ExactMarginalLogLikelihood(model.likelihood, model),
                         optimizer_kwargs={"options": {"maxiter": 100}})
    return model


def _bo(campaign: Campaign, usable, n: int, seed: int, batch: int) -> list[dict[str, Any]]:
    import torch
    from botorch.acquisition.logei import qLogNoisyExpectedImprovement
    from botorch.acquisition.multi_objective.logei import (
        qLogNoisyExpectedHypervolumeImprovement,
    )
    from botorch.acquisition.multi_objective.objective import GenericMCMultiOutputObjective
    from botorch.acquisition.objective import GenericMCObjective
    from botorch.optim import optimize_acqf, optimize_acqf_mixed
    from botorch.sampling import SobolQMCNormalSampler

    torch.manual_seed(seed * 100_003 + batch)
    dtype = torch.double
    params = campaign.parameters
    d = len(params)
    cat_dims = [i for i, p in enumerate(params) if p.kind == "categorical"]
    X = torch.tensor([encode(campaign, p) for p, _ in usable], dtype=dtype)
    Y = torch.tensor([y for _, y in usable], dtype=dtype)
    names = campaign.outcome_names
    model = fit_gp(campaign, X, Y)

    def columns(samples):
        return {name: samples[..., k] for k, name in enumerate(names)}

    constraints = []
    for oc in campaign.outcome_constraints:
        k = names.index(oc.name)
        if math.isfinite(oc.upper):
            constraints.append(lambda Z, k=k, u=oc.upper: Z[..., k] - u)
        if math.isfinite(oc.lower):
            constraints.append(lambda Z, k=k, lo=oc.lower: lo - Z[..., k])
    n_mc = _MC_SAMPLES_PARETO if campaign.mode == "pareto" else _MC_SAMPLES
    sampler = SobolQMCNormalSampler(sample_shape=torch.Size([n_mc]),
                                    seed=seed * 7919 + batch)
    if campaign.mode == "pareto":
        obj = GenericMCMultiOutputObjective(
            lambda Z, X=None: torch.stack(campaign.utilities(columns(Z)), dim=-1))
        acq = qLogNoisyExpectedHypervolumeImprovement(
            model, ref_point=campaign.reference_point(), X_baseline=X, sampler=sampler,
            objective=obj, constraints=constraints or None, prune_baseline=True)
    else:
        obj = GenericMCObjective(lambda Z, X=None: campaign.scalar(columns(Z)))
        acq = qLogNoisyExpectedImprovement(
            model, X_baseline=X, sampler=sampler, objective=obj,
            constraints=constraints or None, prune_baseline=True)

    lower = [0.0] * d
    upper = [float(len(p.levels) - 1) if p.kind == "categorical" else 1.0 for p in params]
    bounds = torch.tensor([lower, upper], dtype=dtype)
    ineq = []
    for c in campaign.constraints:
        idx, w, offset = [], [], 0.0
        for name, coef in c.coefficients.items():
            i = campaign.parameter_names.index(name)
            p = params[i]
            idx.append(i)
            w.append(coef * (p.high - p.low))
            offset += coef * p.low
        it = torch.tensor(idx, dtype=torch.long)
        wt = torch.tensor(w, dtype=dtype)
        if math.isfinite(c.upper):
            ineq.append((it, -wt, -(c.upper - offset)))
        if math.isfinite(c.lower):
            ineq.append((it, wt, c.lower - offset))
    kwargs: dict[str, Any] = dict(q=n, num_restarts=_NUM_RESTARTS, raw_samples=_RAW_SAMPLES,
                                  inequality_constraints=ineq or None,
                                  options={"maxiter": 75, "batch_limit": 4})
    if campaign.mode == "pareto" and not cat_dims:
        # sequential greedy batch for qLogNEHVI: joint q-point optimisation of the
        # hypervolume improvement costs far more for little gain (Daulton et al. 2021)
        kwargs["sequential"] = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if cat_dims:
            combos = list(itertools.product(*[range(len(params[i].levels)) for i in cat_dims]))
            if len(combos) > _MAX_FIXED:
                pick = np.random.default_rng([seed, batch]).choice(len(combos), _MAX_FIXED,
                                                                   replace=False)
                combos = [combos[i] for i in sorted(pick)]
            fixed = [{i: float(v) for i, v in zip(cat_dims, combo, strict=True)}
                     for combo in combos]
            # one optimisation per combination: share the restarts among them so a mixed
            # space costs about as much as a continuous one
            kwargs["num_restarts"] = max(2, _NUM_RESTARTS // len(fixed))
            kwargs["raw_samples"] = max(32, _RAW_SAMPLES // len(fixed))
            cand, _ = optimize_acqf_mixed(acq, bounds, fixed_features_list=fixed, **kwargs)
        elif ineq:
            cand = _optimize_constrained(acq, bounds, campaign, kwargs, seed, batch)
        else:
            cand, _ = optimize_acqf(acq, bounds, **kwargs)
    recipes = [_decode(campaign, row) for row in cand.detach().numpy()]
    # integer rounding can leave a linear constraint: fall back to a feasible Sobol point
    bad = [i for i, r in enumerate(recipes) if not _feasible(campaign, r)]
    if bad:
        spare = _space_filling(campaign, "sobol", 10_000 + batch * n, len(bad), seed, batch)
        for i, r in zip(bad, spare, strict=True):
            recipes[i] = r
    return recipes


def _optimize_constrained(acq, bounds, campaign: Campaign, kwargs: dict, seed: int,
                          batch: int):
    """optimize_acqf with linear constraints, started from feasible Sobol points.

    BoTorch's default start points under linear constraints come from hit-and-run
    sampling, which is slow in Python; the feasible part of a scrambled Sobol sequence
    serves the same purpose.  Pareto batches are built greedily point by point with the
    earlier points pending (what ``sequential=True`` does without constraints).
    """
    import torch
    from botorch.optim import optimize_acqf

    pool = torch.tensor([encode(campaign, r) for r in _space_filling(
        campaign, "sobol", 0, 4 * _RAW_SAMPLES, seed + 1, batch)], dtype=bounds.dtype)
    gen = torch.Generator().manual_seed(seed * 65_537 + batch)
    sequential = kwargs.pop("sequential", False)
    q = kwargs.pop("q")
    kwargs.pop("raw_samples", None)

    def start(qq: int):
        idx = torch.randint(len(pool), (_RAW_SAMPLES, qq), generator=gen)
        raw = pool[idx]
        with torch.no_grad():
            vals = torch.cat([acq(chunk) for chunk in raw.split(32)])
        return raw[vals.topk(min(_NUM_RESTARTS, len(vals))).indices]

    if not sequential:
        cand, _ = optimize_acqf(acq, bounds, q=q, batch_initial_conditions=start(q), **kwargs)
        return cand
    chosen = []
    for _ in range(q):
        c, _ = optimize_acqf(acq, bounds, q=1, batch_initial_conditions=start(1), **kwargs)
        chosen.append(c)
        acq.set_X_pending(torch.cat(chosen, dim=-2))
    return torch.cat(chosen, dim=-2)


def pareto_mask(utilities: np.ndarray) -> np.ndarray:
    """Boolean mask of the non-dominated rows of ``utilities`` (larger is better).

    Parameters
    ----------
    utilities : ndarray, shape (n, m)
        Objective values, every objective larger-is-better.

    Returns
    -------
    ndarray of bool, shape (n,)
        True for rows no other row dominates (equal rows are all kept).

    Examples
    --------
    >>> pareto_mask(np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.4, 0.4]])).tolist()
    [True, True, True, False]
    """
    u = np.asarray(utilities, float)
    if u.size == 0:
        return np.zeros(0, bool)
    ge = np.all(u[:, None, :] >= u[None, :, :], axis=-1)
    gt = np.any(u[:, None, :] > u[None, :, :], axis=-1)
    dominated = np.any(ge & gt, axis=0)
    return ~dominated


def hypervolume(utilities: np.ndarray, reference: Sequence[float]) -> float:
    """Hypervolume dominated by ``utilities`` above ``reference`` (larger is better).

    Exact sweep for two objectives (Zitzler & Thiele, IEEE Trans. Evol. Comput. 3, 257
    (1999) define the indicator); for three or more objectives BoTorch's
    :class:`botorch.utils.multi_objective.hypervolume.Hypervolume`.

    Parameters
    ----------
    utilities : ndarray, shape (n, m)
        Objective values, every objective larger-is-better.
    reference : sequence of float
        Reference point (m values); only points above it in every objective count.

    Returns
    -------
    float
        The dominated hypervolume (objective units multiplied).

    Examples
    --------
    >>> hypervolume(np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]), [-1.0, -1.0])
    3.25
    """
    u = np.asarray(utilities, float).reshape(-1, len(reference))
    ref = np.asarray(reference, float)
    u = u[np.all(u > ref, axis=1)]
    if len(u) == 0:
        return 0.0
    u = u[pareto_mask(u)]
    if u.shape[1] == 2:
        order = np.argsort(-u[:, 0])
        u = u[order]
        hv, best_y = 0.0, ref[1]
        for x, y in u:
            if y > best_y:
                hv += (x - ref[0]) * (y - best_y)
                best_y = y
        return float(hv)
    import torch
    from botorch.utils.multi_objective.hypervolume import Hypervolume

    return float(Hypervolume(torch.tensor(ref)).compute(torch.tensor(u)))
