"""Figures of film-formation simulations: time series, size distribution, process maps.

Every function returns a :class:`matplotlib.figure.Figure` on the Agg canvas (no pyplot
state); the caller saves it.  The figures plot what :mod:`peled.film.kinetics` and
:mod:`peled.film.processmap` computed and derive nothing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from peled.film.kinetics import FilmResult
from peled.film.output import write_tables
from peled.film.processmap import ProcessMap

__all__ = [
    "axis_label",
    "film_figure",
    "process_map_figure",
    "write_film_outputs",
]

# axis labels with units for the ProcessSpec fields a map can sweep
_LABELS = {
    "temperature_k": "temperature (K)",
    "t_end_s": "process time (s)",
    "concentration_mol_l": "initial concentration (mol/L)",
    "surface_energy_j_m2": "surface energy $\\gamma$ (J/m$^2$)",
    "solubility_mol_l": "solubility (mol/L)",
    "wet_thickness_um": "wet film thickness ($\\mu$m)",
    "evaporation_rate": "evaporation rate (1/s)",
    "antisolvent_time_s": "antisolvent drip time $t_d$ (s)",
    "antisolvent_strength": "antisolvent solubility drop (factor)",
    "antisolvent_mix_time_s": "antisolvent mixing time (s)",
    "ramp_rate": "solubility ramp rate (1/s)",
    "diffusion_coefficient": "diffusion coefficient (m$^2$/s)",
    "interface_rate_constant": "interface rate constant (m/s)",
    "contact_angle_deg": "substrate contact angle (deg)",
    "prefactor_scale": "nucleation prefactor scale (-)",
    "surface_energy_factor": "additive: surface-energy factor (-)",
    "growth_rate_factor": "additive: growth-rate factor (-)",
    "number_density_per_m3": "seed number density (m$^{-3}$)",
    "mean_radius_nm": "seed mean radius (nm)",
    "relative_std": "seed relative std (-)",
    "n_classes": "size classes (-)",
    "r_min_nm": "smallest radius class (nm)",
    "r_max_nm": "largest radius class (nm)",
    "rtol": "step tolerance (-)",
}


def axis_label(name: str) -> str:
    """Readable axis label with units for a process parameter (falls back to the name).

    Parameters
    ----------
    name : str
        A :class:`peled.film.process.ProcessSpec` field.

    Returns
    -------
    str
        Label with the unit in parentheses.

    Examples
    --------
    >>> axis_label("evaporation_rate")
    'evaporation rate (1/s)'
    """
    return _LABELS.get(name, name)


def _nice_ticks(lo: float, hi: float) -> list[float]:
    """1-2-5 ticks covering [lo, hi] (for log axes spanning less than a few decades)."""
    ticks = []
    for e in range(int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi))) + 1):
        ticks += [m * 10.0**e for m in (1, 2, 5) if lo <= m * 10.0**e <= hi]
    return ticks


def _plain_log_axis(axis, lo: float, hi: float) -> None:
    """Label a log axis with plain numbers at 1-2-5 positions (no overlapping minors)."""
    ticks = _nice_ticks(lo, hi)
    if len(ticks) >= 2:
        axis.set_ticks(ticks)
        axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
        axis.set_minor_formatter(NullFormatter())


def film_figure(result: FilmResult) -> Figure:
    """Four panels of a simulation: supersaturation, nucleation rate, size, distribution.

    Parameters
    ----------
    result : FilmResult
        Output of :func:`peled.film.kinetics.simulate`.

    Returns
    -------
    matplotlib.figure.Figure
        Supersaturation, nucleation rate, crystal size vs time and the final size
        distribution.

    Examples
    --------
    >>> from importlib.resources import files
    >>> from peled.film.kinetics import simulate
    >>> from peled.film.process import load_process
    >>> spec = load_process(files("peled") / "data/examples/film/evaporation.toml")
    >>> fig = film_figure(simulate(spec, n_snapshots=5))
    >>> [ax.get_title() for ax in fig.axes]
    ['Supersaturation', 'Nucleation rate', 'Crystal size', 'Size distribution']
    """
    grid = result.grid
    t = result.time_s
    fig = Figure(figsize=(10, 7), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 2)
    ax = axes[0, 0]
    ax.plot(t, result.supersaturation)
    ax.set(xlabel="time (s)", ylabel="supersaturation S", title="Supersaturation")
    ax = axes[0, 1]
    j = result.nucleation_rate_per_m3_s
    if np.any(j > 0):
        # a rate below 1e-12 of the peak adds no crystals: show the burst window only
        floor = 1e-12 * float(j.max())
        ax.semilogy(t, np.where(j >= floor, j, np.nan))
        ax.set_ylim(bottom=floor)
    else:
        ax.text(0.5, 0.5, "no nucleation", ha="center", va="center", transform=ax.transAxes)
    ax.set(xlabel="time (s)", ylabel="J (m$^{-3}$ s$^{-1}$)", title="Nucleation rate")
    ax = axes[1, 0]
    ax.plot(t, result.mean_radius_m * 1e9, label="mean")
    ax.plot(t, result.std_radius_m * 1e9, label="std")
    ax.set(xlabel="time (s)", ylabel="radius (nm)", title="Crystal size")
    ax.legend()
    ax = axes[1, 1]
    widths = np.diff(np.log(grid.edges_m))
    occupied = [
        k
        for k, nums in enumerate(result.snapshots)
        if nums.sum() > 0 and (k == 0 or result.snapshot_time_s[k] > result.snapshot_time_s[k - 1])
    ]
    # up to six snapshots spread over the time the crystals exist, always the final one
    picks = sorted({occupied[int(i)] for i in np.linspace(0, len(occupied) - 1, 6)})
    top = 0.0
    for k in picks:
        dens = result.snapshots[k] / widths
        top = max(top, float(dens.max()))
        ax.semilogx(grid.centers_m * 1e9, dens, label=f"{result.snapshot_time_s[k]:.3g} s")
    if picks:
        dens_all = np.max([result.snapshots[k] / widths for k in picks], axis=0)
        shown = np.flatnonzero(dens_all > 1e-3 * top)
        lo, hi = grid.edges_m[shown[0]] * 1e9, grid.edges_m[shown[-1] + 1] * 1e9
        ax.set_xlim(lo / 1.5, hi * 1.5)
        _plain_log_axis(ax.xaxis, lo / 1.5, hi * 1.5)
        ax.legend(fontsize="small", title="time")
    ax.set(
        xlabel="radius (nm)",
        ylabel="dN/dln r (per m$^3$ of solution)",
        title="Size distribution",
    )
    return fig


def process_map_figure(pmap: ProcessMap, title: str = "") -> Figure:
    """Colour map of the final mean grain radius over the two swept parameters.

    Parameters
    ----------
    pmap : ProcessMap
        Output of :func:`peled.film.processmap.run_map`.
    title : str
        Appended to the plot title (e.g. the material and process file).

    Returns
    -------
    matplotlib.figure.Figure
        The map (x and y axes labelled with units by :func:`axis_label`).

    Examples
    --------
    >>> from peled.film.processmap import parse_axis, run_map
    >>> from importlib.resources import files
    >>> from peled.film.kinetics import simulate
    >>> from peled.film.process import load_process
    >>> spec = load_process(files("peled") / "data/examples/film/evaporation.toml")
    >>> pmap = run_map(spec, parse_axis("evaporation_rate:0.01:0.05:2"),
    ...                parse_axis("temperature_k:290:310:2"), workers=1)
    >>> ax = process_map_figure(pmap, "evaporation").axes[0]
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('evaporation rate (1/s)', 'temperature (K)')
    """
    title_suffix = f"\n{title}" if title else ""
    fig = Figure(figsize=(6.4, 5), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    x = np.asarray(pmap.x.values)
    y = np.asarray(pmap.y.values)
    z = np.ma.masked_invalid(pmap.mean_radius_nm)
    z = np.ma.masked_less_equal(z, 0.0)
    # grain sizes span decades across a map (tens of nm with antisolvent, microns
    # without): a logarithmic colour scale keeps both readable
    norm = None
    if z.count() and z.max() > 3 * z.min():
        norm = LogNorm(vmin=float(z.min()), vmax=float(z.max()))
    if x.size > 1 and y.size > 1:
        mesh = ax.pcolormesh(x, y, z, shading="nearest", cmap="viridis", norm=norm)
    else:
        mesh = ax.imshow(
            z,
            aspect="auto",
            origin="lower",
            cmap="viridis",
            norm=norm,
            extent=(x.min() - 0.5, x.max() + 0.5, y.min() - 0.5, y.max() + 0.5),
        )
    cbar = fig.colorbar(mesh, ax=ax, label="final mean grain radius (nm)")
    if norm is not None:
        _plain_log_axis(cbar.ax.yaxis, norm.vmin, norm.vmax)
    ax.set(
        xlabel=axis_label(pmap.x.name),
        ylabel=axis_label(pmap.y.name),
        title=f"Process map: final mean grain radius{title_suffix}",
    )
    return fig


def write_film_outputs(result: FilmResult, directory: Path) -> list[Path]:
    """Write timeseries.csv, distribution.csv and film.png of ``result`` into ``directory``.

    Parameters
    ----------
    result : FilmResult
        Simulation result.
    directory : pathlib.Path
        Output directory (created; callers write it atomically).

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import pathlib, shutil, tempfile
    >>> from importlib.resources import files
    >>> from peled.film.kinetics import simulate
    >>> from peled.film.process import load_process
    >>> spec = load_process(files("peled") / "data/examples/film/evaporation.toml")
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_film_outputs(simulate(spec, n_snapshots=5), out)]
    ['timeseries.csv', 'distribution.csv', 'film.png']
    >>> shutil.rmtree(out)
    """
    written = write_tables(result, directory)
    path = directory / "film.png"
    film_figure(result).savefig(path, dpi=110)
    return [*written, path]
