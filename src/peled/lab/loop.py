"""The closed loop: start, run and resume campaigns; summaries, warm start, benchmarks.

``start_campaign`` checks the campaign file before it creates anything; ``run_campaign``
repeats *propose -> send -> measure -> record* until the budget is spent (or a
``manual`` instrument waits for a person).  Every state change is one transaction of
:class:`peled.lab.store.Store`, so ``run_campaign`` on a folder whose process was killed
at any moment continues where it stopped: an open batch is sent again, and results are
recorded once per experiment.  The budget counts every sent experiment, failed ones
included (a failed synthesis used a reactor); imported experiments do not count.
"""

from __future__ import annotations

import csv
import math
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from peled.lab.campaign import (
    STRATEGIES,
    Campaign,
    CampaignError,
    load_campaign,
    parse_campaign,
)
from peled.lab.instruments import Instrument, instrument_class, make_instrument
from peled.lab.optimizer import hypervolume, pareto_mask, propose
from peled.lab.store import DB_NAME, Store, StoreError
from peled.lab.twin import simulate_batch

__all__ = [
    "BenchmarkResult",
    "CampaignSummary",
    "benchmark",
    "import_csv",
    "open_campaign",
    "run_campaign",
    "run_repeat",
    "start_campaign",
    "summarize",
    "twin_optimum",
]

Progress = Callable[[int, int, str], None]


def _campaign_data(text: str, overrides: Mapping[str, Any]) -> dict:
    data = tomllib.loads(text)
    head = dict(data.get("campaign", {}))
    if overrides.get("seed") is not None:
        head["seed"] = int(overrides["seed"])
    if overrides.get("strategy") is not None:
        head["strategy"] = overrides["strategy"]
    data["campaign"] = head
    if overrides.get("instrument") is not None:
        inst = dict(data.get("instrument", {}))
        if inst.get("kind", "twin") != overrides["instrument"]:
            inst["kind"] = overrides["instrument"]
            if overrides["instrument"] == "twin":
                inst.pop("measures", None)
        data["instrument"] = inst
    return data


def load_with_overrides(path: str | Path, *, seed: int | None = None,
                        instrument: str | None = None, strategy: str | None = None
                        ) -> tuple[Campaign, str]:
    """Check a campaign file with command-line overrides; return it and the file text."""
    path = Path(path)
    load_campaign(path)  # file-level errors (TOML syntax) with the file name
    text = path.read_text(encoding="utf-8")
    over = {"seed": seed, "instrument": instrument, "strategy": strategy}
    return parse_campaign(_campaign_data(text, over), str(path)), text


def start_campaign(path: str | Path, folder: str | Path, *, seed: int | None = None,
                   instrument: str | None = None, strategy: str | None = None) -> Path:
    """Create a campaign folder from a campaign file (nothing is created on bad input).

    Raises
    ------
    CampaignError
        Invalid campaign (or overrides).
    StoreError
        ``folder`` already holds a campaign (continue it with resume) or other files.
    """
    campaign, text = load_with_overrides(path, seed=seed, instrument=instrument,
                                         strategy=strategy)
    instrument_class(campaign.instrument.kind)  # unknown plug-in -> error before creating
    folder = Path(folder)
    if (folder / DB_NAME).exists():
        raise StoreError(f"{folder}: already a campaign folder; continue it with "
                         f"`peled lab resume {folder}` or choose a new folder")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StoreError(f"{folder}: exists and is not an empty folder; choose a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, folder / "campaign.toml")
    with Store(folder, create=True) as store:
        store.set_meta({"campaign_text": text, "campaign_file": str(path),
                        "workdir": str(Path.cwd()),
                        "overrides": {"seed": seed, "instrument": instrument,
                                      "strategy": strategy}})
    return folder


def open_campaign(folder: str | Path) -> tuple[Campaign, Store]:
    """The campaign of a folder (as started, overrides applied) and its open store."""
    folder = Path(folder)
    store = Store(folder)
    text = store.meta("campaign_text")
    if text is None:
        store.close()
        raise StoreError(f"{folder}: the store holds no campaign (interrupted start); "
                         "remove the folder and start again")
    campaign = parse_campaign(_campaign_data(text, store.meta("overrides", {})),
                              str(folder / "campaign.toml"))
    return campaign, store


def _observations(store: Store):
    return [(e.parameters, e.outcomes) for e in store.experiments(
        ("measured", "failed", "imported"))]


def _record(store: Store, measurements, exp_ids: Iterable[str]) -> None:
    wanted = set(exp_ids)
    for m in measurements:
        if m.id not in wanted:
            continue
        raw_file = store.write_raw(m.id, {"id": m.id, "error": m.error, "raw": m.raw})
        if m.failed:
            store.record_failure(m.id, m.error or "failed", raw_file)
        else:
            store.record_result(m.id, dict(m.outcomes), raw_file)


def run_campaign(folder: str | Path, *, progress: Progress | None = None,
                 instrument: Instrument | None = None,
                 max_batches: int | None = None) -> CampaignSummary:
    """Run (or resume) the campaign in ``folder`` until its budget is spent.

    Parameters
    ----------
    folder : path
        A folder made by :func:`start_campaign`.
    progress : callable, optional
        ``progress(done, total, message)`` after every batch.
    instrument : Instrument, optional
        Driver to use instead of the campaign's (tests, notebooks).
    max_batches : int, optional
        Stop after this many batches (the campaign stays resumable).

    Returns
    -------
    CampaignSummary
    """
    campaign, store = open_campaign(folder)
    try:
        seed = campaign.seed
        workdir = store.meta("workdir")
        inst = instrument or make_instrument(campaign, Path(folder), seed,
                                             Path(workdir) if workdir else None)
        batches = 0
        while True:
            ob = store.open_batch()
            if ob is None:
                sent = [e for e in store.experiments() if e.state != "imported"]
                remaining = campaign.experiments - len(sent)
                if remaining <= 0 or (max_batches is not None and batches >= max_batches):
                    break
                number = store.last_batch_number() + 1
                recipes = propose(campaign, _observations(store),
                                  min(campaign.batch_size, remaining), n_sent=len(sent),
                                  batch=number)
                store.add_batch(number, campaign.strategy, recipes)
                ob = store.open_batch()
            number, open_exps = ob
            store.mark_sent(number)
            exps = [(e.id, e.parameters) for e in open_exps]
            measurements = inst.run(number, exps)
            _record(store, measurements, [e for e, _ in exps])
            if inst.waits and not store.close_batch(number):
                summary = summarize(campaign, store, Path(folder))
                return summary.with_state(
                    "waiting", f"waiting for results of batch {number}: fill in "
                    f"batch_{number:03d}_results.csv and run `peled lab resume {folder}`")
            got = {m.id for m in measurements}
            for exp_id, _ in exps:
                if exp_id not in got:
                    store.record_failure(exp_id, "instrument returned no result")
            store.close_batch(number)
            batches += 1
            if progress is not None:
                c = store.counts()
                progress(c["measured"] + c["failed"], campaign.experiments,
                         f"batch {number}: {sum(not m.failed for m in measurements)} measured")
        return summarize(campaign, store, Path(folder))
    finally:
        store.close()


# ----------------------------------------------------------------------------- summaries

@dataclass(frozen=True)
class CampaignSummary:
    """State and results of a campaign (``as_dict`` is the CLI's JSON).

    ``trace`` is the best-so-far scalar objective (single/weighted) or the hypervolume
    (pareto) after each campaign experiment, in the order they were sent.
    """

    campaign_dir: str
    name: str
    mode: str
    strategy: str
    state: str
    budget: int
    n_experiments: int
    n_measured: int
    n_failed: int
    n_imported: int
    best: dict | None
    hypervolume: float | None
    pareto: list[dict]
    trace: list[float | None]
    message: str = ""
    failures: list[dict] = field(default_factory=list)

    def with_state(self, state: str, message: str) -> CampaignSummary:
        from dataclasses import replace

        return replace(self, state=state, message=message)

    def as_dict(self) -> dict:
        return {
            "campaign_dir": self.campaign_dir,
            "name": self.name,
            "mode": self.mode,
            "strategy": self.strategy,
            "state": self.state,
            "message": self.message,
            "budget": self.budget,
            "n_experiments": self.n_experiments,
            "n_measured": self.n_measured,
            "n_failed": self.n_failed,
            "n_imported": self.n_imported,
            "best": self.best,
            "hypervolume": self.hypervolume,
            "pareto": self.pareto,
            "best_so_far": self.trace,
            "failures": self.failures,
        }


def _trace(campaign: Campaign, rows: Sequence[tuple[Mapping | None, bool]],
           prior: Sequence[Mapping]) -> list[float | None]:
    """Best-so-far after each row (rows: outcomes or None; prior: imported outcomes)."""
    out: list[float | None] = []
    seen = [o for o in prior if campaign.feasible(o)]
    for outcomes in rows:
        if outcomes is not None and campaign.feasible(outcomes):
            seen.append(outcomes)
        if not seen:
            out.append(None)
        elif campaign.mode == "pareto":
            u = np.array([[float(v) for v in campaign.utilities(o)] for o in seen])
            out.append(hypervolume(u, campaign.reference_point()))
        else:
            out.append(max(float(campaign.scalar(o)) for o in seen))
    return out


def summarize(campaign: Campaign, store: Store, folder: Path) -> CampaignSummary:
    """Summary of the campaign in ``store`` (best, Pareto set, counts, trace)."""
    exps = store.experiments()
    counts = store.counts()
    names = campaign.outcome_names
    done = [e for e in exps if e.outcomes is not None
            and all(n in e.outcomes for n in names) and campaign.feasible(e.outcomes)]
    best = None
    pareto: list[dict] = []
    hv = None

    def entry(e):
        d = {"id": e.id, "parameters": dict(e.parameters), "objectives": {
            o.key: float(o.value(e.outcomes[o.name])) for o in campaign.objectives},
            "outcomes": dict(e.outcomes)}
        targets = [o for o in campaign.objectives if o.goal == "target"]
        if targets:
            d["on_target"] = {o.key: o.on_target(e.outcomes[o.name]) for o in targets}
        if campaign.mode != "pareto":
            d["objective"] = float(campaign.scalar(e.outcomes))
        return d

    if done:
        if campaign.mode == "pareto":
            u = np.array([[float(v) for v in campaign.utilities(e.outcomes)] for e in done])
            mask = pareto_mask(u)
            pareto = [entry(e) for e, keep in zip(done, mask, strict=True) if keep]
            hv = hypervolume(u, campaign.reference_point())
            best = max(pareto, key=lambda d: sum(
                o.utility(d["outcomes"][o.name]) for o in campaign.objectives))
        else:
            best = entry(max(done, key=lambda e: float(campaign.scalar(e.outcomes))))
    ran = [e for e in exps if e.state != "imported"]
    prior = [e.outcomes for e in exps if e.state == "imported" and e.outcomes is not None
             and all(n in e.outcomes for n in names)]
    rows = [e.outcomes if e.state == "measured" else None for e in ran
            if e.state in ("measured", "failed")]
    open_ = counts["proposed"] + counts["sent"]
    n_exp = counts["measured"] + counts["failed"]
    state = "finished" if n_exp >= campaign.experiments and not open_ else "running"
    return CampaignSummary(
        campaign_dir=str(folder),
        name=campaign.name,
        mode=campaign.mode,
        strategy=campaign.strategy,
        state=state,
        budget=campaign.experiments,
        n_experiments=n_exp,
        n_measured=counts["measured"],
        n_failed=counts["failed"],
        n_imported=counts["imported"],
        best=best,
        hypervolume=hv,
        pareto=pareto,
        trace=_trace(campaign, rows, prior),
        failures=[{"id": e.id, "error": e.error} for e in exps if e.state == "failed"],
    )


# ----------------------------------------------------------------------------- warm start

def import_csv(folder: str | Path, csv_path: str | Path) -> int:
    """Add earlier experiments from a CSV (one row each) as observations; return the count.

    Columns: every campaign parameter and every outcome the campaign models (extra
    columns are ignored).  Rows are checked against the bounds and levels; the file is
    imported whole or not at all.
    """
    campaign, store = open_campaign(folder)
    try:
        csv_path = Path(csv_path)
        with open(csv_path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            need = list(campaign.parameter_names) + list(campaign.outcome_names)
            missing = [c for c in need if c not in header]
            if missing:
                raise CampaignError(f"{csv_path}: missing column(s) {', '.join(missing)} "
                                    f"(need {', '.join(need)})")
            rows = []
            for line, row in enumerate(reader, start=2):
                where = f"{csv_path}:{line}"
                params = {p.name: p.coerce(row[p.name], where) for p in campaign.parameters}
                outcomes = {}
                for n in campaign.outcome_names:
                    try:
                        outcomes[n] = float(row[n])
                    except (TypeError, ValueError):
                        raise CampaignError(f"{where}: {n} = {row[n]!r} is not a number"
                                            ) from None
                    if not math.isfinite(outcomes[n]):
                        raise CampaignError(f"{where}: {n} must be finite")
                rows.append((params, outcomes))
        if not rows:
            raise CampaignError(f"{csv_path}: no data rows")
        store.import_observations(rows)
        return len(rows)
    finally:
        store.close()


# ----------------------------------------------------------------------------- benchmarks

def twin_optimum(campaign: Campaign, *, seed: int = 0) -> tuple[float, dict[str, Any]]:
    """Best noise-free scalar objective of the twin over the campaign space.

    Differential evolution (Storn & Price, J. Global Optim. 11, 341 (1997); scipy) over the
    unit cube of the continuous/integer parameters, for every categorical combination;
    runs that fail or break an outcome constraint score -inf.

    Returns
    -------
    (value, parameters)
        The optimum in utility form (larger is better) and the recipe reaching it.
    """
    import itertools

    from scipy.optimize import differential_evolution

    if campaign.mode == "pareto":
        raise CampaignError("twin_optimum: a Pareto campaign has no single optimum")
    cont = [p for p in campaign.parameters if p.kind != "categorical"]
    cats = [p for p in campaign.parameters if p.kind == "categorical"]
    best = (-math.inf, {})
    options = dict(campaign.instrument.options)
    for combo in itertools.product(*[p.levels for p in cats]):
        fixed = {**options, **{p.name: v for p, v in zip(cats, combo, strict=True)}}

        def recipes(u, fixed=fixed):
            u = np.atleast_2d(u)
            return [{**fixed, **{p.name: p.from_unit(x) for p, x in zip(cont, row,
                                                                       strict=True)}}
                    for row in u]

        def score(u_t, recipes=recipes):
            recs = recipes(np.asarray(u_t).T)
            runs = simulate_batch(recs, noise=False)
            vals = []
            for rec, r in zip(recs, runs, strict=True):
                rec = {k: v for k, v in rec.items() if k in campaign.parameter_names}
                ok = not r.failed and all(c.satisfied(rec) for c in campaign.constraints)
                out = r.truth
                if ok and campaign.feasible(out):
                    vals.append(-float(campaign.scalar(out)))
                else:
                    vals.append(1e6)
            return np.array(vals)

        if cont:
            res = differential_evolution(score, [(0.0, 1.0)] * len(cont), seed=seed,
                                         vectorized=True, updating="deferred", popsize=20,
                                         maxiter=60, tol=1e-8, polish=False)
            val, rec = -float(res.fun), recipes(res.x)[0]
        else:
            val, rec = -float(score(np.zeros((0, 1)))[0]), dict(fixed)
        rec = {k: v for k, v in rec.items() if k in campaign.parameter_names}
        if val > best[0]:
            best = (val, rec)
    return best


@dataclass(frozen=True)
class BenchmarkResult:
    """Per strategy: experiments to reach the target and best value after the budget."""

    campaign: str
    target: float
    metric: str
    repeats: int
    budget: int
    strategies: dict[str, dict]

    def as_dict(self) -> dict:
        return {"campaign": self.campaign, "target": self.target, "metric": self.metric,
                "repeats": self.repeats, "budget": self.budget,
                "strategies": self.strategies}


def run_repeat(task: tuple[str, str, int, str | None]) -> list[float | None]:
    """One benchmark repeat: (campaign file, strategy, seed, instrument) -> trace.

    A top-level function of plain arguments so that any map-like executor (``map``,
    ``concurrent.futures``, Dask) can run repeats.
    """
    path, strategy, seed, instrument = task
    with tempfile.TemporaryDirectory(prefix="peled-lab-bench-") as tmp:
        folder = start_campaign(path, Path(tmp) / "c", seed=seed, instrument=instrument,
                                strategy=strategy)
        return run_campaign(folder).trace


def _quartiles(values: Sequence[float], cap: float | None = None) -> dict[str, float | None]:
    """Median and quartiles; with ``cap``, infinite values count as ``cap`` and a statistic
    above the largest finite possibility (never reached) is reported as None."""
    arr = np.asarray(values, float)
    if cap is not None:
        arr = np.where(np.isfinite(arr), arr, cap + 1.0)
    q1, med, q3 = np.percentile(arr, [25, 50, 75])

    def fin(v: float) -> float | None:
        if not math.isfinite(v) or (cap is not None and v > cap):
            return None
        return float(v)

    return {"median": fin(med), "q1": fin(q1), "q3": fin(q3)}


def benchmark(path: str | Path, strategies: Sequence[str], repeats: int, *,
              seed: int = 0, instrument: str | None = None, target: float | None = None,
              map_fn: Callable[[Callable, Iterable], Iterable] = map) -> BenchmarkResult:
    """Compare strategies on one campaign over ``repeats`` seeds.

    Parameters
    ----------
    path : path
        Campaign file.
    strategies : sequence of str
        Names from :data:`peled.lab.STRATEGIES`.
    repeats : int
        Seeds ``seed, seed + 1, ...`` per strategy.
    target : float, optional
        Value of the objective (natural units; hypervolume for Pareto campaigns) that
        counts as reached; default ``[optimization] target`` of the campaign, else for a
        twin campaign maximising one objective 95 % of the twin's optimum.
    map_fn : callable
        ``map``-like executor of :func:`run_repeat` over the tasks.

    Returns
    -------
    BenchmarkResult
        Experiments to reach the target are reported as median and quartiles (a repeat
        that never reaches it counts as infinite, reported as null), the best value after
        the budget likewise, and the raw numbers.
    """
    campaign, _ = load_with_overrides(path, instrument=instrument)
    if repeats < 1:
        raise CampaignError("--repeats must be >= 1")
    for s in strategies:
        if s not in STRATEGIES:
            raise CampaignError(f"--strategies: unknown strategy {s!r}; expected "
                                f"{', '.join(STRATEGIES)}")
    metric = "hypervolume" if campaign.mode == "pareto" else "objective"
    obj0 = campaign.objectives[0]
    if target is None and math.isfinite(campaign.target):
        target = campaign.target
    if target is None:
        if (campaign.instrument.kind == "twin" and campaign.mode == "single"
                and obj0.goal == "maximize"):
            target = 0.95 * twin_optimum(campaign)[0]
        else:
            raise CampaignError(f"{path}: set [optimization] target (or --target) for the "
                                "benchmark")
    # utility form of the target (larger is better)
    if metric == "objective" and campaign.mode == "single":
        u_target = obj0.sign * target
    else:
        u_target = target
    tasks = [(str(path), s, seed + r, instrument) for s in strategies for r in range(repeats)]
    traces = list(map_fn(run_repeat, tasks))
    out: dict[str, dict] = {}
    for k, s in enumerate(strategies):
        runs = traces[k * repeats:(k + 1) * repeats]
        reach, best = [], []
        for tr in runs:
            hit = next((i + 1 for i, v in enumerate(tr) if v is not None and v >= u_target),
                       math.inf)
            reach.append(hit)
            last = next((v for v in reversed(tr) if v is not None), -math.inf)
            best.append(last if metric == "hypervolume" or campaign.mode != "single"
                        else obj0.sign * last)
        out[s] = {
            "experiments_to_target": _quartiles(reach, campaign.experiments),
            "reached": sum(math.isfinite(r) for r in reach),
            "best_after_budget": _quartiles(best),
            "raw_experiments_to_target": [r if math.isfinite(r) else None for r in reach],
            "raw_best_after_budget": [b if math.isfinite(b) else None for b in best],
        }
    return BenchmarkResult(str(path), float(target), metric, repeats, campaign.experiments,
                           out)
