"""Writers for simulation results: time-series CSV and size-distribution CSV.

I/O lives here, at the edge; :mod:`peled.film.kinetics` stays pure.  Callers pass a
directory that is written atomically by the CLI (``atomic_path``).  The figures are built
by :mod:`peled.report.film_figures`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from peled.film.kinetics import FilmResult

__all__ = [
    "distribution_table",
    "timeseries_table",
    "write_tables",
]

_COLUMNS = (
    "time_s",
    "supersaturation",
    "nucleation_rate_m3_s",
    "number_density_m3",
    "mean_radius_nm",
    "std_radius_nm",
    "solubility_m3",
    "solute_m3",
    "crystal_volume_fraction",
    "solution_volume_fraction",
)


def timeseries_table(result: FilmResult) -> dict[str, np.ndarray]:
    """Time series as named columns (units in the names)."""
    return {
        "time_s": result.time_s,
        "supersaturation": result.supersaturation,
        "nucleation_rate_m3_s": result.nucleation_rate_per_m3_s,
        "number_density_m3": result.number_density_per_m3,
        "mean_radius_nm": result.mean_radius_m * 1e9,
        "std_radius_nm": result.std_radius_m * 1e9,
        "solubility_m3": result.solubility_per_m3,
        "solute_m3": result.solute_per_m3,
        "crystal_volume_fraction": result.crystal_volume,
        "solution_volume_fraction": result.solution_volume_fraction,
    }


def _write_csv(path: Path, columns: dict[str, np.ndarray]) -> None:
    names = list(columns)
    data = np.column_stack([np.asarray(columns[k], float) for k in names])
    np.savetxt(path, data, delimiter=",", header=",".join(names), comments="", fmt="%.9g")


def distribution_table(result: FilmResult) -> dict[str, np.ndarray]:
    """Size-class edges/centres (nm) and the number density (m^-3) of every snapshot."""
    grid = result.grid
    dist = {
        "radius_nm": grid.centers_m * 1e9,
        "radius_lo_nm": grid.edges_m[:-1] * 1e9,
        "radius_hi_nm": grid.edges_m[1:] * 1e9,
    }
    for t, nums in zip(result.snapshot_time_s, result.snapshots, strict=True):
        dist[f"n_m3_t{t:.6g}s"] = nums
    return dist


def write_tables(result: FilmResult, directory: Path) -> list[Path]:
    """Write timeseries.csv and distribution.csv into ``directory`` (created)."""
    directory.mkdir(parents=True, exist_ok=True)
    ts = directory / "timeseries.csv"
    _write_csv(ts, timeseries_table(result))
    dp = directory / "distribution.csv"
    _write_csv(dp, distribution_table(result))
    return [ts, dp]
