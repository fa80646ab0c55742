"""Shared ``--workers`` / ``--scheduler`` options of the batch commands and their progress bar."""

from __future__ import annotations

import typer

WORKERS_OPT = typer.Option(
    None, "--workers", min=1,
    help="Local parallelism: 1 = in this process; N = a local Dask cluster of N worker "
         "processes (default: in-process for small work, one worker per CPU for large).")
SCHEDULER_OPT = typer.Option(
    None, "--scheduler",
    help="Send the tasks to a running Dask scheduler, e.g. tcp://HOST:8786 "
         "(default: the PELED_SCHEDULER environment variable, else local).")


def runner_for(workers: int | None, scheduler: str | None):
    """The :class:`peled.execution.Runner` of a command (a context manager)."""
    from peled.execution import Runner

    return Runner(workers, scheduler)
