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
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from peled.lab.campaign import (
    Campaign,
    CampaignError,
    load_campaign,
    parse_campaign,
)
from peled.lab.instruments import Instrument, instrument_class, make_instrument
from peled.lab.optimizer import hypervolume, pareto_mask, propose
from peled.lab.store import DB_NAME, Store, StoreError

__all__ = [
    "CampaignSummary",
    "import_csv",
    "load_with_overrides",
    "open_campaign",
    "run_campaign",
    "start_campaign",
    "summarize",
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
    """Check a campaign file with command-line overrides; return it and the file text.

    Parameters
    ----------
    path : path
        Campaign file (TOML).
    seed : int, optional
        Replaces ``[campaign] seed``.
    instrument : str, optional
        Replaces ``[instrument] kind``.
    strategy : str, optional
        Replaces ``[campaign] strategy``.

    Returns
    -------
    (Campaign, str)
        The checked campaign and the text of the file.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(
    ...     '[campaign]\\nstrategy = "sobol"\\n\\n[[parameters]]\\nname = "x"\\nlow = 0.0\\n'
    ...     'high = 1.0\\n\\n[[objectives]]\\nname = "plqy"\\n\\n[budget]\\n'
    ...     'experiments = 4\\nbatch_size = 2\\n\\n[instrument]\\nkind = "manual"\\n'
    ...     'measures = ["plqy"]\\n')
    >>> load_with_overrides(d / "c.toml", seed=7, strategy="lhs")[0].seed
    7
    >>> shutil.rmtree(d)
    """
    path = Path(path)
    load_campaign(path)  # file-level errors (TOML syntax) with the file name
    text = path.read_text(encoding="utf-8")
    over = {"seed": seed, "instrument": instrument, "strategy": strategy}
    return parse_campaign(_campaign_data(text, over), str(path)), text


def start_campaign(path: str | Path, folder: str | Path, *, seed: int | None = None,
                   instrument: str | None = None, strategy: str | None = None) -> Path:
    """Create a campaign folder from a campaign file (nothing is created on bad input).

    Parameters
    ----------
    path : path
        Campaign file (TOML).
    folder : path
        Campaign folder to create (new or empty).
    seed, instrument, strategy : optional
        Overrides of the file (see :func:`load_with_overrides`).

    Returns
    -------
    Path
        ``folder``, holding ``campaign.toml`` and the store ``lab.sqlite``.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(
    ...     '[campaign]\\nstrategy = "sobol"\\n\\n[[parameters]]\\nname = "x"\\nlow = 0.0\\n'
    ...     'high = 1.0\\n\\n[[objectives]]\\nname = "plqy"\\n\\n[budget]\\n'
    ...     'experiments = 4\\nbatch_size = 2\\n\\n[instrument]\\nkind = "manual"\\n'
    ...     'measures = ["plqy"]\\n')
    >>> sorted(p.name for p in start_campaign(d / "c.toml", d / "run").iterdir())[:2]
    ['campaign.toml', 'lab.sqlite']

    Raises
    ------
    CampaignError
        Invalid campaign (or overrides).
    StoreError
        ``folder`` already holds a campaign (continue it with resume) or other files.
    >>> shutil.rmtree(d)
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
    """The campaign of a folder (as started, overrides applied) and its open store.

    Parameters
    ----------
    folder : path
        A campaign folder.

    Returns
    -------
    (Campaign, Store)
        The caller closes the store.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(
    ...     '[campaign]\\nstrategy = "sobol"\\n\\n[[parameters]]\\nname = "x"\\nlow = 0.0\\n'
    ...     'high = 1.0\\n\\n[[objectives]]\\nname = "plqy"\\n\\n[budget]\\n'
    ...     'experiments = 4\\nbatch_size = 2\\n\\n[instrument]\\nkind = "manual"\\n'
    ...     'measures = ["plqy"]\\n')
    >>> campaign, store = open_campaign(start_campaign(d / "c.toml", d / "run"))
    >>> campaign.experiments, store.counts()["measured"]
    (4, 0)
    >>> store.close()
    >>> shutil.rmtree(d)
    """
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

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(
    ...     '[campaign]\\nstrategy = "sobol"\\n\\n[[parameters]]\\nname = "x"\\nlow = 0.0\\n'
    ...     'high = 1.0\\n\\n[[objectives]]\\nname = "plqy"\\n\\n[budget]\\n'
    ...     'experiments = 4\\nbatch_size = 2\\n\\n[instrument]\\nkind = "manual"\\n'
    ...     'measures = ["plqy"]\\n')
    >>> s = run_campaign(start_campaign(d / "c.toml", d / "run"))  # manual: a person acts
    >>> s.state, (d / "run" / "batch_001.csv").exists()
    ('waiting', True)
    >>> shutil.rmtree(d)
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
    """Summary of the campaign in ``store`` (best, Pareto set, counts, trace).

    Parameters
    ----------
    campaign : Campaign
        The campaign of the folder.
    store : Store
        Its open store.
    folder : Path
        The campaign folder (reported as ``campaign_dir``).

    Returns
    -------
    CampaignSummary

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(
    ...     '[campaign]\\nstrategy = "sobol"\\n\\n[[parameters]]\\nname = "x"\\nlow = 0.0\\n'
    ...     'high = 1.0\\n\\n[[objectives]]\\nname = "plqy"\\n\\n[budget]\\n'
    ...     'experiments = 4\\nbatch_size = 2\\n\\n[instrument]\\nkind = "manual"\\n'
    ...     'measures = ["plqy"]\\n')
    >>> campaign, store = open_campaign(start_campaign(d / "c.toml", d / "run"))
    >>> summarize(campaign, store, d / "run").as_dict()["n_experiments"]
    0
    >>> store.close()
    >>> shutil.rmtree(d)
    """
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

    Parameters
    ----------
    folder : path
        A campaign folder.
    csv_path : path
        The CSV file.

    Returns
    -------
    int
        Number of imported experiments.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.toml").write_text(
    ...     '[campaign]\\nstrategy = "sobol"\\n\\n[[parameters]]\\nname = "x"\\nlow = 0.0\\n'
    ...     'high = 1.0\\n\\n[[objectives]]\\nname = "plqy"\\n\\n[budget]\\n'
    ...     'experiments = 4\\nbatch_size = 2\\n\\n[instrument]\\nkind = "manual"\\n'
    ...     'measures = ["plqy"]\\n')
    >>> _ = (d / "old.csv").write_text("x,plqy\\n0.2,0.41\\n0.7,0.66\\n")
    >>> import_csv(start_campaign(d / "c.toml", d / "run"), d / "old.csv")
    2
    >>> shutil.rmtree(d)
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


_MOVED = ("BenchmarkResult", "benchmark", "run_repeat", "twin_optimum")


def __getattr__(name: str):
    """The benchmark functions live in :mod:`peled.lab.benchmarking` (which imports this
    module); the old ``peled.lab.loop.benchmark`` spelling still resolves there."""
    if name in _MOVED:
        from peled.lab import benchmarking  # lazy: benchmarking imports this module

        return getattr(benchmarking, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
