"""Process maps: sweep two process parameters and collect the final film descriptors.

The grid of simulations runs through :class:`peled.execution.Runner`: in the calling
process for a small grid or ``workers=1``, on a local Dask process cluster of ``workers``
processes for a large one, or on an existing Dask cluster (``scheduler``).  The grid is
identical whatever the number of workers; a grid point whose simulation fails is NaN and
listed in :attr:`ProcessMap.failures`.  Any field of
:class:`peled.film.process.ProcessSpec` can be an axis, e.g. ``antisolvent_time_s`` x
``evaporation_rate``.

Grids of more than :data:`MAX_GRID_POINTS` points are refused by ``peled film map``
unless ``--yes`` is given, after printing the time estimated by
:func:`estimate_map_seconds`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from peled.errors import ParameterError
from peled.execution import Runner, TaskFailure
from peled.film.kinetics import simulate
from peled.film.process import PARAMETER_NAMES, ProcessSpec

__all__ = [
    "Axis",
    "MAX_GRID_POINTS",
    "ProcessMap",
    "SECONDS_PER_POINT",
    "estimate_map_seconds",
    "parse_axis",
    "run_map",
]

#: Largest grid ``peled film map`` runs without ``--yes``: 400 points (a 20 x 20 map),
#: about 40 s on a 2-core machine (``benchmarks/bench_film.py`` measures the real cost).
MAX_GRID_POINTS: int = 400

#: Rough serial cost of one grid point (s) used to choose in-process vs a local cluster
#: (one simulation with 2 snapshots takes 0.1-0.2 s on a 2-core machine).
SECONDS_PER_POINT: float = 0.15

_INT_FIELDS = {"n_classes"}
_NOT_SWEEPABLE = {"material", "mode", "enabled"}


@dataclass(frozen=True)
class Axis:
    """One swept parameter: ``name`` (a ProcessSpec field) and its values."""

    name: str
    values: tuple[float, ...]


def parse_axis(text: str, option: str = "--x") -> Axis:
    """Parse ``name:start:stop:n`` (n evenly spaced values, both ends included).

    Parameters
    ----------
    text : str
        ``name:start:stop:n`` with a numeric :class:`ProcessSpec` field ``name``, finite
        ``start`` and ``stop`` and an integer ``n >= 1``.
    option : str, optional
        Option name used in error messages.

    Returns
    -------
    Axis
        The parameter name and its ``n`` values.

    Raises
    ------
    ParameterError
        For a malformed text or an unknown or non-numeric parameter.

    Examples
    --------
    >>> parse_axis("evaporation_rate:0.01:0.05:3")
    Axis(name='evaporation_rate', values=(0.01, 0.03, 0.05))
    """
    parts = text.split(":")
    if len(parts) != 4:
        raise ParameterError(f"{option} must look like name:start:stop:n, got {text!r}")
    name, start, stop, n = parts
    name = name.strip().split(".")[-1]
    if name == "number_density_m3":  # the first release's spelling, read for one release
        name = "number_density_per_m3"
    if name not in PARAMETER_NAMES or name in _NOT_SWEEPABLE:
        raise ParameterError(
            f"{option}: unknown or non-numeric process parameter {name!r}; expected one of "
            + ", ".join(p for p in PARAMETER_NAMES if p not in _NOT_SWEEPABLE)
        )
    try:
        a, b, k = float(start), float(stop), int(n)
    except ValueError:
        raise ParameterError(
            f"{option}: start and stop must be numbers and n an integer, got {text!r}"
        ) from None
    if not (math.isfinite(a) and math.isfinite(b)) or k < 1:
        raise ParameterError(f"{option}: need finite start/stop and n >= 1, got {text!r}")
    values = np.linspace(a, b, k)
    if name in _INT_FIELDS:
        values = np.round(values)
    return Axis(name, tuple(float(v) for v in values))


@dataclass(frozen=True)
class ProcessMap:
    """Final descriptors on the (y, x) grid: arrays of shape (len(y), len(x))."""

    x: Axis
    y: Axis
    mean_radius_nm: np.ndarray
    number_density_per_m3: np.ndarray
    std_radius_nm: np.ndarray
    coverage: np.ndarray
    nucleation_time_s: np.ndarray
    failures: tuple[TaskFailure, ...] = field(default=())

    @property
    def number_density_m3(self) -> np.ndarray:
        """Deprecated alias of ``number_density_per_m3`` (kept for one release)."""
        return self.number_density_per_m3

    def to_dict(self) -> dict:
        """JSON form: axes and the five grids (rows = y values); ``failures`` if any."""
        out = {
            "x_name": self.x.name,
            "x_values": list(self.x.values),
            "y_name": self.y.name,
            "y_values": list(self.y.values),
            "mean_radius_nm": self.mean_radius_nm,
            "number_density_m3": self.number_density_per_m3,  # deprecated key
            "number_density_per_m3": self.number_density_per_m3,
            "std_radius_nm": self.std_radius_nm,
            "coverage": self.coverage,
            "nucleation_time_s": self.nucleation_time_s,
        }
        if self.failures:
            out["failures"] = [f.as_dict() for f in self.failures]
        return out


def _cast(name: str, value: float):
    return int(value) if name in _INT_FIELDS else float(value)


def _run_one(spec: ProcessSpec) -> dict:
    return simulate(spec, n_snapshots=2).summary()


def _grid_specs(spec: ProcessSpec, x: Axis, y: Axis) -> list[ProcessSpec]:
    if x.name == y.name:
        raise ParameterError(f"--x and --y must be different parameters, both are {x.name!r}")
    return [
        spec.with_values(**{x.name: _cast(x.name, xv), y.name: _cast(y.name, yv)})
        for yv in y.values
        for xv in x.values
    ]


def estimate_map_seconds(spec: ProcessSpec, x: Axis, y: Axis, workers: int = 1) -> float:
    """Wall time (s) a map would take: one simulation timed here, times points / workers.

    Parameters
    ----------
    spec, x, y
        As :func:`run_map`.
    workers : int
        Parallel workers the map would use (>= 1).

    Returns
    -------
    float
        ``t_one * ceil(n_points / workers)``, where ``t_one`` is the measured time of the
        first grid point (the points of a map cost about the same).

    Examples
    --------
    >>> from importlib import resources
    >>> from peled.film.process import load_process
    >>> spec = load_process(resources.files("peled") / "data/examples/film/antisolvent.toml")
    >>> x, y = parse_axis("antisolvent_time_s:2:20:10"), parse_axis("evaporation_rate:0:0.1:10")
    >>> estimate_map_seconds(spec, x, y, workers=2) > 0
    True
    """
    specs = _grid_specs(spec, x, y)
    t0 = time.perf_counter()
    _run_one(specs[0])
    return (time.perf_counter() - t0) * math.ceil(len(specs) / max(int(workers), 1))


def run_map(
    spec: ProcessSpec,
    x: Axis,
    y: Axis,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    scheduler: str | None = None,
) -> ProcessMap:
    """Simulate every (x, y) combination of ``spec`` and return the final descriptors.

    Parameters
    ----------
    spec : ProcessSpec
        The base process; each grid point replaces the two swept fields.
    x, y : Axis
        The swept parameters (:func:`parse_axis`), different from each other.
    workers : int, optional
        Local worker processes (None: in-process for a small grid, one per CPU for a
        large one; 1 = in-process), see :class:`peled.execution.Runner`.
    progress : callable, optional
        ``progress(done, total)`` after each finished simulation.
    scheduler : str, optional
        Address of a Dask scheduler to send the grid to.

    Returns
    -------
    ProcessMap
        Grids of shape (len(y), len(x)), identical whatever ``workers``; a failed
        point is NaN and listed in ``failures``.

    Examples
    --------
    >>> from importlib import resources
    >>> from peled.film.process import load_process
    >>> spec = load_process(resources.files("peled") / "data/examples/film/antisolvent.toml")
    >>> pmap = run_map(spec, parse_axis("antisolvent_time_s:4:8:2"),
    ...                parse_axis("evaporation_rate:0.02:0.02:1"), workers=1)
    >>> pmap.mean_radius_nm.shape, pmap.failures
    ((1, 2), ())
    """
    specs = _grid_specs(spec, x, y)
    n = len(specs)
    labels = [f"({i % len(x.values)}, {i // len(x.values)})" for i in range(n)]
    with Runner(workers, scheduler) as runner:
        results = runner.map(
            _run_one, specs, labels=labels, seconds_per_item=SECONDS_PER_POINT,
            progress=None if progress is None else (lambda d, t, _label: progress(d, t)))
    failures = tuple(r for r in results if isinstance(r, TaskFailure))
    shape = (len(y.values), len(x.values))

    def grid(key: str) -> np.ndarray:
        return np.array([math.nan if isinstance(r, TaskFailure) else r[key] for r in results],
                        dtype=float).reshape(shape)

    return ProcessMap(
        x=x,
        y=y,
        mean_radius_nm=grid("mean_radius_nm"),
        number_density_per_m3=grid("number_density_per_m3"),
        std_radius_nm=grid("std_radius_nm"),
        coverage=grid("coverage"),
        nucleation_time_s=grid("nucleation_time_s"),
        failures=failures,
    )
