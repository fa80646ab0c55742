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


def repeat_map(runner, seconds_per_item: float = 0.5):
    """A ``map``-like function running through ``runner``; a failed task raises its error.

    For library functions that take ``map_fn`` (``peled.lab.loop.benchmark``,
    ``peled.device.fit.fit_stack``): the results come back in order and the first failed
    task stops the command with its one-line error (a benchmark with a missing repeat, or
    a Jacobian with a missing column, would be wrong).
    """

    def map_fn(fn, items):
        from peled.errors import PeledError
        from peled.execution import TaskFailure

        out = runner.map(fn, list(items), seconds_per_item=seconds_per_item)
        for r in out:
            if isinstance(r, TaskFailure):
                raise PeledError(f"task {r.label}: {r.error}")
        return out

    return map_fn
