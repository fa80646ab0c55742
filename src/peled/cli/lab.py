"""``peled lab ...``: the closed-loop lab (campaigns, digital twin, BO, instruments)."""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import JSON_OPT, console, err_console, fmt, kv_table, print_json
from peled.cli._execution import SCHEDULER_OPT, WORKERS_OPT, repeat_map, runner_for

lab_app = typer.Typer(
    help="Closed-loop optimisation of syntheses: propose -> run -> measure, against the "
    "digital twin, a person (manual) or your robot (command).",
    no_args_is_help=True,
)


def _progress():
    """A Rich progress bar on stderr and the callback the loop calls after each batch."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=err_console, transient=False, disable=not err_console.is_terminal)
    task = bar.add_task("experiments", total=None)

    def update(done: int, total: int, message: str) -> None:
        bar.update(task, completed=done, total=total, description=message)

    return bar, update


def _run_with_progress(folder: Path, as_json: bool, verb: str) -> None:
    """Run (or resume) the campaign in ``folder`` with a progress bar; show the summary."""
    from peled.lab.loop import run_campaign

    bar, update = _progress()
    with bar:
        summary = run_campaign(folder, progress=update)
    _show(summary.as_dict(), as_json, f"peled lab {verb}: {summary.name}")


def _show(summary: dict, as_json: bool, title: str) -> None:
    if as_json:
        print_json(summary)
        return
    rows = [("campaign_dir", summary["campaign_dir"]), ("state", summary["state"]),
            ("n_experiments", f"{summary['n_experiments']} / {summary['budget']}"),
            ("n_failed", summary["n_failed"]), ("n_imported", summary["n_imported"])]
    best = summary.get("best")
    if best:
        for k, v in best["objectives"].items():
            rows.append((f"best {k}", v))
        for k, v in best["parameters"].items():
            rows.append((f"  {k}", v))
    if summary.get("hypervolume") is not None:
        rows.append(("hypervolume", summary["hypervolume"]))
        rows.append(("pareto points", len(summary["pareto"])))
    console.print(kv_table(title, rows))
    if summary.get("message"):
        console.print(summary["message"])


@lab_app.command("run")
def run(
    campaign: Path = typer.Argument(..., help="Campaign file (TOML)."),
    out: Path = typer.Option(None, "-o", "--out",
                             help="Campaign folder to create (default: <campaign>-run)."),
    instrument: str = typer.Option(None, "--instrument",
                                   help="twin | manual | command | a plug-in (overrides "
                                   "the file)."),
    seed: int = typer.Option(None, "--seed", help="Seed (overrides \\[campaign] seed)."),
    strategy: str = typer.Option(None, "--strategy",
                                 help="bo | sobol | random | lhs | grid (overrides the file)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Start a campaign and run it until the budget is spent (or a person must act).

    Example: peled lab run campaign.toml -o lab-run --seed 0 --json
    """
    from peled.lab.loop import start_campaign

    folder = out if out is not None else Path(f"{campaign.stem}-run")
    start_campaign(campaign, folder, seed=seed, instrument=instrument, strategy=strategy)
    _run_with_progress(folder, as_json, "run")


@lab_app.command("resume")
def resume(
    folder: Path = typer.Argument(..., help="Campaign folder."),
    as_json: bool = JSON_OPT,
) -> None:
    """Continue a campaign that stopped (killed, or waiting for manual results).

    Example: peled lab resume lab-run --json
    """
    _run_with_progress(folder, as_json, "resume")


@lab_app.command("status")
def status(
    folder: Path = typer.Argument(..., help="Campaign folder."),
    as_json: bool = JSON_OPT,
) -> None:
    """Counts, best result and Pareto set of a campaign (reads the store only).

    Example: peled lab status lab-run --json
    """
    from peled.lab.loop import open_campaign, summarize

    campaign, store = open_campaign(folder)
    try:
        summary = summarize(campaign, store, folder)
    finally:
        store.close()
    _show(summary.as_dict(), as_json, f"peled lab status: {summary.name}")


@lab_app.command("import")
def import_(
    folder: Path = typer.Argument(..., help="Campaign folder."),
    csv_file: Path = typer.Argument(..., help="CSV of earlier experiments: one column per "
                                    "parameter and per modelled outcome."),
    as_json: bool = JSON_OPT,
) -> None:
    """Warm start: add earlier experiments as observations before the next proposal.

    Example: peled lab import lab-run earlier.csv
    """
    from peled.lab.loop import import_csv

    n = import_csv(folder, csv_file)
    result = {"campaign_dir": str(folder), "n_imported": n}
    if as_json:
        print_json(result)
    else:
        console.print(f"imported {n} experiment(s) into {folder}")


@lab_app.command("report")
def report(
    folder: Path = typer.Argument(..., help="Campaign folder."),
    out: Path = typer.Option(..., "-o", "--out", help="HTML file to write."),
    as_json: bool = JSON_OPT,
) -> None:
    """Self-contained HTML report: best so far, hypervolume, Pareto front, importance,
    partial dependence.

    Example: peled lab report lab-run -o lab-report.html
    """
    from peled.report.lab_figures import write_campaign_report

    result = write_campaign_report(folder, out).as_dict()
    if as_json:
        print_json(result)
    else:
        console.print(f"wrote {out}")


@lab_app.command("benchmark")
def benchmark(
    campaign: Path = typer.Argument(..., help="Campaign file (TOML)."),
    strategies: str = typer.Option("bo,sobol,random", "--strategies",
                                   help="Comma-separated: bo, sobol, random, lhs, grid."),
    repeats: int = typer.Option(10, "--repeats", help="Seeds per strategy."),
    seed: int = typer.Option(0, "--seed", help="First seed."),
    target: float = typer.Option(None, "--target",
                                 help="Value counted as reached (default: the file's "
                                 "\\[optimization] target, or 95 % of the twin optimum)."),
    instrument: str = typer.Option(None, "--instrument", help="Override the instrument."),
    workers: int = WORKERS_OPT,
    scheduler: str = SCHEDULER_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Experiments to reach the target and best value after the budget, per strategy.

    The repeats run through peled.execution (--workers / --scheduler; identical results).

    Example: peled lab benchmark campaign.toml --strategies bo,sobol,random --repeats 10
    """
    from peled.lab.benchmarking import benchmark as run_benchmark

    names = [s.strip() for s in strategies.split(",") if s.strip()]
    with runner_for(workers, scheduler) as run:
        result = run_benchmark(campaign, names, repeats, seed=seed, instrument=instrument,
                               target=target, map_fn=repeat_map(run)).as_dict()
    if as_json:
        print_json(result)
        return
    from rich.table import Table

    table = Table(title=f"peled lab benchmark: target {fmt(result['target'])} "
                  f"({result['metric']}), budget {result['budget']}, "
                  f"{result['repeats']} repeats")
    for col in ("strategy", "reached", "experiments to target (median [IQR])",
                "best after budget (median [IQR])"):
        table.add_column(col)
    for name, r in result["strategies"].items():
        e, b = r["experiments_to_target"], r["best_after_budget"]
        table.add_row(name, f"{r['reached']}/{result['repeats']}",
                      f"{fmt(e['median'])} [{fmt(e['q1'])}, {fmt(e['q3'])}]",
                      f"{fmt(b['median'])} [{fmt(b['q1'])}, {fmt(b['q3'])}]")
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(lab_app, name="lab")
