"""One execution layer for every batch and sweep: in-process, local Dask cluster, any cluster.

Every batch of independent tasks in peled (the devices of ``peled analyze`` and
``peled report``, the figures of a report, the grid points of ``peled film map``, the
repeats of ``peled lab benchmark``) goes through :class:`Runner.map`.  Where the tasks run
is decided here, once:

* **in-process** (synchronous, no Dask import) for one worker or for small work: the
  estimated serial time ``n_items * seconds_per_item`` is below
  :data:`AUTO_LOCAL_SECONDS` (starting a local cluster costs 1-3 s);
* a **local process cluster** (:class:`distributed.LocalCluster`, one thread per worker
  process, ``workers`` processes, default the number of CPUs) for large work or when
  ``workers > 1`` is asked for;
* an **existing Dask cluster** when a scheduler address is given (``--scheduler
  tcp://HOST:8786`` or the environment variable :data:`SCHEDULER_ENV`): the same tasks are
  sent to it; its workers need the same peled version installed.

Guarantees, whatever the mode and the number of workers: the results come back in the
order of the items; a task that raises becomes a :class:`TaskFailure` for that item only
(the batch goes on); a worker process that dies mid-batch loses no item (the Dask
scheduler re-runs its tasks on another worker, up to ``distributed.scheduler.
allowed-failures`` times); local worker processes exit when the parent process dies
(distributed's worker processes watch a pipe to their parent and exit when it closes).
``progress(done, total, label)`` is called in the calling thread each time a task
finishes, in completion order (the CLI draws a Rich bar on stderr from it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from peled.errors import ParameterError

__all__ = [
    "AUTO_LOCAL_SECONDS",
    "Runner",
    "SCHEDULER_ENV",
    "TaskFailure",
    "cpu_count",
    "run_tasks",
]

#: Estimated serial time (s) from which ``workers=None`` starts a local process cluster.
#: Starting worker processes that import numpy/scipy (and matplotlib for figures) and
#: shipping the inputs to them costs several seconds on a loaded 2-core machine
#: (``benchmarks/bench_report.py``, ``benchmarks/bench_scaling.py``: the 12 figure sets of
#: a report, about 7 s of work, ran 2x slower on a fresh local cluster), so smaller
#: batches run faster in-process; a parallel speed-up of at most the number of cores
#: pays off only well above that.
AUTO_LOCAL_SECONDS: float = 20.0

#: Environment variable holding a Dask scheduler address used when ``--scheduler`` is absent.
SCHEDULER_ENV: str = "PELED_SCHEDULER"


@dataclass(frozen=True)
class TaskFailure:
    """A task that raised: its position in the batch, its label and the one-line error.

    Parameters
    ----------
    index : int
        Position of the item in the batch (from 0).
    label : str
        The item's label (:meth:`Runner.map` ``labels``, default the index).
    error : str
        One-line message: the text of a :class:`peled.errors.PeledError`, else
        ``"<ExceptionType>: <message>"``; ``"task lost: ..."`` for a lost worker.

    Examples
    --------
    >>> (failure,) = run_tasks(int, ["x"], workers=1, labels=["dev-7"])
    >>> failure.index, failure.label
    (0, 'dev-7')
    >>> failure.error
    "ValueError: invalid literal for int() with base 10: 'x'"
    """

    index: int
    label: str
    error: str

    def as_dict(self) -> dict:
        """JSON form: ``index``, ``label``, ``error``.

        Examples
        --------
        >>> TaskFailure(3, "dev3", "bad file").as_dict()
        {'index': 3, 'label': 'dev3', 'error': 'bad file'}
        """
        return {"index": self.index, "label": self.label, "error": self.error}


def _message(exc: BaseException) -> str:
    from peled.errors import PeledError  # lazy: keeps this module's import minimal

    if isinstance(exc, PeledError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _guarded(fn: Callable[[Any], Any], index: int, label: str, item: Any) -> Any:
    """Run ``fn(item)``; an exception becomes a :class:`TaskFailure` (runs on the worker)."""
    try:
        return fn(item)
    except Exception as exc:  # noqa: BLE001 - one bad item never stops the batch
        return TaskFailure(index, label, _message(exc))


def cpu_count() -> int:
    """CPUs this process may run on (``os.sched_getaffinity``; ``os.cpu_count`` elsewhere).

    Returns
    -------
    int
        Number of usable CPUs (>= 1).

    Examples
    --------
    >>> import os
    >>> cpu_count() >= 1
    True
    >>> cpu_count() == len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else True
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Runner:
    """Where the tasks of a command run; a context manager that owns any local cluster.

    Parameters
    ----------
    workers : int, optional
        Local parallelism: 1 = in-process; N > 1 = a local cluster of N worker
        processes; None = decide per batch (in-process below :data:`AUTO_LOCAL_SECONDS`
        of estimated work, else one worker per CPU).
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://HOST:8786``); default the
        environment variable :data:`SCHEDULER_ENV`; ``workers`` is then ignored.

    Raises
    ------
    peled.errors.ParameterError
        ``workers`` < 1; on the first parallel batch, a ``scheduler`` address where no
        Dask scheduler answers.

    References
    ----------
    Rocklin, "Dask: Parallel Computation with Blocked Algorithms and Task Scheduling",
    Proc. 14th Python in Science Conf. (SciPy 2015), 130-136 (the distributed
    scheduler the local cluster and ``--scheduler`` use).

    Examples
    --------
    >>> with Runner(workers=1) as run:
    ...     run.map(lambda v: 1.0 / v, [1.0, 4.0, 0.0])
    [1.0, 0.25, TaskFailure(index=2, label='2', error='ZeroDivisionError: float division by zero')]
    """

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        if workers is not None and int(workers) < 1:
            raise ParameterError(f"--workers must be >= 1, got {workers}")
        self.workers = None if workers is None else int(workers)
        self.scheduler = scheduler if scheduler else (os.environ.get(SCHEDULER_ENV) or None)
        #: the address as the user gave it (option or environment), for error messages
        self._scheduler_label = (f"--scheduler {scheduler}" if scheduler
                                 else f"{SCHEDULER_ENV}={self.scheduler}")
        self._client = None
        self._cluster = None
        self._scratch: str | None = None
        self.mode = "in-process"

    # -- lifecycle -----------------------------------------------------------------
    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the client and shut down a local cluster started by this runner.

        Examples
        --------
        >>> Runner(workers=1).close()  # nothing was started: a no-op
        """
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self._scratch is not None:  # the workers' spill folder: removed with the cluster
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def plan(self, n_items: int, seconds_per_item: float = 0.0) -> str:
        """Where a batch of ``n_items`` would run: ``in-process``, ``local`` or ``cluster``.

        Parameters
        ----------
        n_items : int
            Number of tasks.
        seconds_per_item : float
            Estimated serial cost of one task (s).

        Returns
        -------
        str
            ``"in-process"``, ``"local"`` (a local process cluster) or ``"cluster"``
            (the scheduler given by ``scheduler`` / :data:`SCHEDULER_ENV`).

        Examples
        --------
        >>> Runner(workers=1, scheduler="").plan(1000, 1.0)
        'in-process'
        >>> Runner(workers=4, scheduler="").plan(1000, 1.0)
        'local'
        """
        if self.scheduler:
            return "cluster"
        if n_items < 2 or self.workers == 1:
            return "in-process"
        if self.workers is not None:
            return "local"
        if cpu_count() > 1 and n_items * seconds_per_item >= AUTO_LOCAL_SECONDS:
            return "local"
        return "in-process"

    def _get_client(self, n_items: int):
        if self._client is not None:
            return self._client
        import logging
        import warnings

        from distributed import Client

        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="5s")
            except ValueError as exc:  # distributed's address parser: "foo", "tcp://h"
                raise ParameterError(
                    f"{self._scheduler_label}: not a Dask "
                    f"scheduler address ({exc}); "
                    "give one as tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786") from None
            except (OSError, TimeoutError) as exc:
                raise ParameterError(
                    f"{self._scheduler_label}: no Dask "
                    f"scheduler answers there ({exc}); "
                    "start one with `dask scheduler` or unset " + SCHEDULER_ENV) from None
            return self._client
        from distributed import LocalCluster

        n = self.workers if self.workers is not None else min(cpu_count(), n_items)
        self._scratch = tempfile.mkdtemp(prefix="peled-dask-")
        import dask

        # every spill and scratch file of the scheduler and the workers in one folder of
        # this runner, removed by close()
        with warnings.catch_warnings(), dask.config.set(
                {"temporary-directory": self._scratch}):
            warnings.simplefilter("ignore", UserWarning)  # "Port 8787 is already in use"
            self._cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR, scheduler_port=0, local_directory=self._scratch)
        self._client = Client(self._cluster)
        return self._client

    # -- the one entry point ---------------------------------------------------------
    def map(
        self,
        fn: Callable[[Any], Any],
        items: Iterable[Any],
        *,
        labels: Sequence[str] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        seconds_per_item: float = 0.0,
    ) -> list:
        """``[fn(item) for item in items]`` with failures per item, run where :meth:`plan` says.

        Parameters
        ----------
        fn : callable
            A function of one item (module-level or picklable by cloudpickle when it
            runs on a cluster).
        items : iterable
            The inputs, one task each.
        labels : sequence of str, optional
            A name per item for progress and failures (default the index).
        progress : callable, optional
            ``progress(done, total, label)`` after each finished task.
        seconds_per_item : float
            Estimated serial cost of one task (s), used by ``workers=None``.

        Returns
        -------
        list
            ``fn(item)`` in item order; a :class:`TaskFailure` where ``fn`` raised.

        Examples
        --------
        >>> with Runner(workers=1) as run:
        ...     run.map(int, ["1", "x"], labels=["a", "b"])[1].label
        'b'
        """
        items = list(items)
        n = len(items)
        labels = [str(i) for i in range(n)] if labels is None else [str(s) for s in labels]
        if len(labels) != n:
            raise ParameterError(f"labels: {len(labels)} labels for {n} items")
        where = self.plan(n, seconds_per_item)
        if where == "in-process" or n == 0:
            out = []
            for i, item in enumerate(items):
                out.append(_guarded(fn, i, labels[i], item))
                if progress is not None:
                    progress(i + 1, n, labels[i])
            return out
        client = self._get_client(n)
        self.mode = where
        return _map_on_client(client, fn, items, labels, progress)


def _map_on_client(client, fn, items, labels, progress) -> list:
    from distributed import as_completed

    n = len(items)
    with warnings.catch_warnings():
        # the items travel inside the task graph on purpose: the scheduler keeps them, so
        # the tasks of a lost worker re-run elsewhere (scattered data would be lost with
        # it); Dask's "Sending large graph" advice does not apply, and it is not the
        # user's to act on
        warnings.filterwarnings("ignore", message="Sending large graph")
        futures = client.map(_guarded, [fn] * n, range(n), labels, items, pure=False)
    position = {f.key: i for i, f in enumerate(futures)}
    out: list = [None] * n
    done = 0
    for fut in as_completed(futures):
        i = position[fut.key]
        if fut.status == "finished":
            out[i] = fut.result()
        else:  # the task itself never raises (_guarded); this is a lost worker, given up on
            exc = fut.exception()
            out[i] = TaskFailure(i, labels[i], f"task lost: {_message(exc)}")
        done += 1
        if progress is not None:
            progress(done, n, labels[i])
    return out


def run_tasks(fn: Callable[[Any], Any], items: Iterable[Any], *, workers: int | None = None,
              scheduler: str | None = None, **kwargs) -> list:
    """One batch through a fresh :class:`Runner`, closed afterwards.

    Parameters
    ----------
    fn : callable
        Function of one item.
    items : iterable
        One task per item.
    workers, scheduler
        As :class:`Runner`.
    **kwargs
        ``labels``, ``progress``, ``seconds_per_item`` of :meth:`Runner.map`.

    Returns
    -------
    list
        ``fn(item)`` in item order, :class:`TaskFailure` where it raised.

    Raises
    ------
    peled.errors.ParameterError
        As :class:`Runner` (``workers`` < 1, unreachable scheduler), or a ``labels``
        list whose length differs from the number of items.

    Examples
    --------
    >>> run_tasks(abs, [-2, 3], workers=1)
    [2, 3]
    >>> run_tasks(abs, ["a"], workers=1)[0].error
    "TypeError: bad operand type for abs(): 'str'"
    """
    with Runner(workers, scheduler) as runner:
        return runner.map(fn, items, **kwargs)
