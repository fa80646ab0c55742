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
    "nucleation_rate_per_m3_s",
    "number_density_per_m3",
    "mean_radius_nm",
    "std_radius_nm",
    "solubility_per_m3",
    "solute_per_m3",
    "crystal_volume_fraction",
    "solution_volume_fraction",
)


def timeseries_table(result: FilmResult) -> dict[str, np.ndarray]:
    """Time series as named columns (units in the names).

    Parameters
    ----------
    result : FilmResult
        Output of :func:`peled.film.kinetics.simulate`.

    Returns
    -------
    dict of str to numpy.ndarray
        Columns :data:`TIMESERIES_COLUMNS` (time in s, radii in nm, densities in m^-3),
        one value per accepted time step.

    Examples
    --------
    >>> from importlib.resources import files
    >>> from peled.film.kinetics import simulate
    >>> from peled.film.process import load_process
    >>> res = simulate(load_process(files("peled") / "data/examples/film/evaporation.toml"),
    ...                n_snapshots=2)
    >>> t = timeseries_table(res)
    >>> float(t["time_s"][-1]), round(float(t["mean_radius_nm"][-1]), 1)
    (60.0, 691.9)
    """
    return {
        "time_s": result.time_s,
        "supersaturation": result.supersaturation,
        "nucleation_rate_per_m3_s": result.nucleation_rate_per_m3_s,
        "number_density_per_m3": result.number_density_per_m3,
        "mean_radius_nm": result.mean_radius_m * 1e9,
        "std_radius_nm": result.std_radius_m * 1e9,
        "solubility_per_m3": result.solubility_per_m3,
        "solute_per_m3": result.solute_per_m3,
        "crystal_volume_fraction": result.crystal_volume,
        "solution_volume_fraction": result.solution_volume_fraction,
    }


def _write_csv(path: Path, columns: dict[str, np.ndarray]) -> None:
    names = list(columns)
    data = np.column_stack([np.asarray(columns[k], float) for k in names])
    np.savetxt(path, data, delimiter=",", header=",".join(names), comments="", fmt="%.9g")


def distribution_table(result: FilmResult) -> dict[str, np.ndarray]:
    """Size-class edges/centres (nm) and the number density (m^-3) of every snapshot.

    Parameters
    ----------
    result : FilmResult
        Output of :func:`peled.film.kinetics.simulate`.

    Returns
    -------
    dict of str to numpy.ndarray
        ``radius_lo_nm``, ``radius_hi_nm``, ``radius_nm`` (class edges and centres, nm)
        and one column of number density per class (m^-3) for every snapshot time.

    Examples
    --------
    >>> from importlib.resources import files
    >>> from peled.film.kinetics import simulate
    >>> from peled.film.process import load_process
    >>> res = simulate(load_process(files("peled") / "data/examples/film/evaporation.toml"),
    ...                n_snapshots=2)
    >>> list(distribution_table(res))[:3], len(distribution_table(res))
    (['radius_nm', 'radius_lo_nm', 'radius_hi_nm'], 5)
    """
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
    """Write timeseries.csv and distribution.csv into ``directory`` (created).

    Parameters
    ----------
    result : FilmResult
        Output of :func:`peled.film.kinetics.simulate`.
    directory : pathlib.Path
        Output folder (created if missing).

    Returns
    -------
    list of pathlib.Path
        ``timeseries.csv`` and ``distribution.csv``.

    Examples
    --------
    >>> import tempfile
    >>> from importlib.resources import files
    >>> from pathlib import Path
    >>> from peled.film.kinetics import simulate
    >>> from peled.film.process import load_process
    >>> res = simulate(load_process(files("peled") / "data/examples/film/evaporation.toml"),
    ...                n_snapshots=2)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_tables(res, Path(d))]
    ['timeseries.csv', 'distribution.csv']
    """
    directory.mkdir(parents=True, exist_ok=True)
    ts = directory / "timeseries.csv"
    _write_csv(ts, timeseries_table(result))
    dp = directory / "distribution.csv"
    _write_csv(dp, distribution_table(result))
    return [ts, dp]
