"""Process maps: sweep two process parameters and collect the final film descriptors.

The grid of simulations runs in parallel with :class:`concurrent.futures.ProcessPoolExecutor`
(``workers`` processes; ``workers=1`` runs in the calling process).  Any field of
:class:`peled.film.process.ProcessSpec` can be an axis, e.g. ``antisolvent_time_s`` x
``evaporation_rate``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from peled.errors import ParameterError
from peled.film.kinetics import simulate
from peled.film.process import PARAMETER_NAMES, ProcessSpec

__all__ = [
    "Axis",
    "ProcessMap",
    "parse_axis",
    "run_map",
]

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

    @property
    def number_density_m3(self) -> np.ndarray:
        """Deprecated alias of ``number_density_per_m3`` (kept for one release)."""
        return self.number_density_per_m3

    def to_dict(self) -> dict:
        return {
            "x_name": self.x.name,
            "x_values": list(self.x.values),
            "y_name": self.y.name,
            "y_values": list(self.y.values),
            "mean_radius_nm": self.mean_radius_nm,
            "number_density_m3": self.number_density_per_m3,
            "std_radius_nm": self.std_radius_nm,
            "coverage": self.coverage,
            "nucleation_time_s": self.nucleation_time_s,
        }


def _cast(name: str, value: float):
    return int(value) if name in _INT_FIELDS else float(value)


def _run_one(spec: ProcessSpec) -> dict:
    return simulate(spec, n_snapshots=2).summary()


def run_map(
    spec: ProcessSpec,
    x: Axis,
    y: Axis,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ProcessMap:
    """Simulate every (x, y) combination of ``spec`` and return the final descriptors.

    ``workers``: number of processes (default: ``os.cpu_count()``); 1 = serial.
    ``progress(done, total)`` is called after each finished simulation.

    Parameters
    ----------
    spec : ProcessSpec
        Base process; the two swept fields are replaced at every grid point.
    x, y : Axis
        Swept parameters (:func:`parse_axis`).
    workers : int, optional
        Number of worker processes (default ``os.cpu_count()``); 1 runs serially.
    progress : callable, optional
        ``progress(done, total)`` called after each finished simulation.

    Returns
    -------
    ProcessMap
        Mean radius (nm), number density (m^-3), radius spread (nm), coverage and
        nucleation time (s) on the (y, x) grid.

    Examples
    --------
    >>> from importlib.resources import files
    >>> from peled.film.process import load_process
    >>> spec = load_process(files("peled") / "data/examples/film/evaporation.toml")
    >>> m = run_map(spec, parse_axis("evaporation_rate:0.02:0.05:2"),
    ...             parse_axis("temperature_k:300:300:1", "--y"), workers=1)
    >>> m.mean_radius_nm.shape, bool(m.number_density_per_m3[0, 1] > m.number_density_per_m3[0, 0])
    ((1, 2), True)
    """
    if x.name == y.name:
        raise ParameterError(f"--x and --y must be different parameters, both are {x.name!r}")
    specs = [
        spec.with_values(**{x.name: _cast(x.name, xv), y.name: _cast(y.name, yv)})
        for yv in y.values
        for xv in x.values
    ]
    n = len(specs)
    workers = (os.cpu_count() or 1) if workers is None else int(workers)
    if workers < 1:
        raise ParameterError(f"workers must be >= 1, got {workers}")
    results: list[dict] = []
    if workers == 1 or n == 1:
        for i, s in enumerate(specs):
            results.append(_run_one(s))
            if progress:
                progress(i + 1, n)
    else:
        chunk = max(1, n // (4 * workers))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for i, res in enumerate(pool.map(_run_one, specs, chunksize=chunk)):
                results.append(res)
                if progress:
                    progress(i + 1, n)
    shape = (len(y.values), len(x.values))

    def grid(key: str) -> np.ndarray:
        return np.array([r[key] for r in results], dtype=float).reshape(shape)

    return ProcessMap(
        x=x,
        y=y,
        mean_radius_nm=grid("mean_radius_nm"),
        number_density_per_m3=grid("number_density_m3"),
        std_radius_nm=grid("std_radius_nm"),
        coverage=grid("coverage"),
        nucleation_time_s=grid("nucleation_time_s"),
    )
