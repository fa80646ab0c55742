"""Writers for simulation results: time-series CSV, size-distribution CSV and PNG plots.

I/O lives here, at the edge; :mod:`peled.film.kinetics` stays pure.  Callers pass a
directory that is written atomically by the CLI (``atomic_path``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from peled.film.kinetics import FilmResult
from peled.film.processmap import ProcessMap

__all__ = ["timeseries_table", "write_result", "plot_map"]

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
        "nucleation_rate_m3_s": result.nucleation_rate_m3_s,
        "number_density_m3": result.number_density_m3,
        "mean_radius_nm": result.mean_radius_m * 1e9,
        "std_radius_nm": result.std_radius_m * 1e9,
        "solubility_m3": result.solubility_m3,
        "solute_m3": result.solute_m3,
        "crystal_volume_fraction": result.crystal_volume,
        "solution_volume_fraction": result.solution_volume_fraction,
    }


def _write_csv(path: Path, columns: dict[str, np.ndarray]) -> None:
    names = list(columns)
    data = np.column_stack([np.asarray(columns[k], float) for k in names])
    np.savetxt(path, data, delimiter=",", header=",".join(names), comments="", fmt="%.9g")


def write_result(result: FilmResult, directory: Path) -> list[Path]:
    """Write timeseries.csv, distribution.csv and the plots into ``directory``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    ts = directory / "timeseries.csv"
    _write_csv(ts, timeseries_table(result))
    written.append(ts)

    grid = result.grid
    dist = {
        "radius_nm": grid.centers_m * 1e9,
        "radius_lo_nm": grid.edges_m[:-1] * 1e9,
        "radius_hi_nm": grid.edges_m[1:] * 1e9,
    }
    for t, nums in zip(result.snapshot_time_s, result.snapshots, strict=True):
        dist[f"n_m3_t{t:.6g}s"] = nums
    dp = directory / "distribution.csv"
    _write_csv(dp, dist)
    written.append(dp)

    t = result.time_s
    fig, axes = plt.subplots(2, 2, figsize=(10, 7), constrained_layout=True)
    ax = axes[0, 0]
    ax.plot(t, result.supersaturation)
    ax.set(xlabel="time (s)", ylabel="supersaturation S", title="Supersaturation")
    ax = axes[0, 1]
    j = np.where(result.nucleation_rate_m3_s > 0, result.nucleation_rate_m3_s, np.nan)
    ax.semilogy(t, j)
    ax.set(xlabel="time (s)", ylabel="J (m$^{-3}$ s$^{-1}$)", title="Nucleation rate")
    ax = axes[1, 0]
    ax.plot(t, result.mean_radius_m * 1e9, label="mean")
    ax.plot(t, result.std_radius_m * 1e9, label="std")
    ax.set(xlabel="time (s)", ylabel="radius (nm)", title="Crystal size")
    ax.legend()
    ax = axes[1, 1]
    widths = np.diff(np.log(grid.edges_m))
    for tt, nums in list(zip(result.snapshot_time_s, result.snapshots, strict=True))[-6:]:
        if nums.sum() > 0:
            ax.semilogx(grid.centers_m * 1e9, nums / widths, label=f"{tt:.3g} s")
    ax.set(xlabel="radius (nm)", ylabel="dN/dln r (m$^{-3}$)", title="Size distribution")
    ax.legend(fontsize="small")
    pp = directory / "film.png"
    fig.savefig(pp, dpi=110)
    plt.close(fig)
    written.append(pp)
    return written


def plot_map(pmap: ProcessMap, path: Path) -> None:
    """Colour map of the final mean grain radius over the two swept parameters (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 5), constrained_layout=True)
    x = np.asarray(pmap.x.values)
    y = np.asarray(pmap.y.values)
    z = np.ma.masked_invalid(pmap.mean_radius_nm)
    if x.size > 1 and y.size > 1:
        mesh = ax.pcolormesh(x, y, z, shading="nearest", cmap="viridis")
    else:
        mesh = ax.imshow(
            z,
            aspect="auto",
            origin="lower",
            cmap="viridis",
            extent=(x.min() - 0.5, x.max() + 0.5, y.min() - 0.5, y.max() + 0.5),
        )
    fig.colorbar(mesh, ax=ax, label="final mean grain radius (nm)")
    ax.set(xlabel=pmap.x.name, ylabel=pmap.y.name, title="Process map: mean grain radius")
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)
