"""``peled film ...``: nucleation theory, film-formation simulation and process maps."""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import (
    JSON_OPT,
    OVERWRITE_OPT,
    atomic_path,
    check_output,
    console,
    emit,
    err_console,
    figure_format,
    print_json,
    save_figure,
)
from peled.cli._execution import SCHEDULER_OPT, WORKERS_OPT

film_app = typer.Typer(
    help="Crystallization of perovskite films: CNT nucleation, LaMer burst, growth, "
    "Ostwald ripening, process maps.",
    no_args_is_help=True,
)



@film_app.command("cnt")
def cnt(
    material: str = typer.Option(
        "CsPbBr3", "--material", help="Preset: CsPbBr3, MAPbBr3, FAPbBr3, CsPbI3."
    ),
    supersaturation: float = typer.Option(..., "--supersaturation", help="S = c / c_e (> 1)."),
    temperature_k: float = typer.Option(300.0, "--temperature-k", help="Temperature, K."),
    gamma: float | None = typer.Option(
        None, "--gamma", help="Surface energy in J/m2 (overrides the material preset)."
    ),
    contact_angle: float | None = typer.Option(
        None, "--contact-angle", help="Substrate contact angle in degrees (heterogeneous)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Critical radius, barrier and rate of classical nucleation (Cao et al. 2025, eqns 1-2).

    Example: peled film cnt --material CsPbBr3 --supersaturation 2 --temperature-k 300 --json
    """
    from peled.film.cnt import nucleation_summary

    res = nucleation_summary(material, supersaturation, temperature_k, gamma, contact_angle)
    emit(res.as_dict(), as_json,
         f"CNT: {res.material}, S = {supersaturation:g}, T = {temperature_k:g} K")


@film_app.command("materials")
def materials(as_json: bool = JSON_OPT) -> None:
    """List the material presets with the provenance of every value.

    Example: peled film materials --json
    """
    from peled.film.presets import MATERIALS

    rows = {
        name: {
            "lattice_constant_m": m.lattice_constant_m,
            "molecular_volume_m3": m.molecular_volume_m3,
            "surface_energy_j_m2": m.surface_energy_j_m2,
            "solubility_mol_l": m.solubility_mol_l,
            "solution_enthalpy_j_mol": m.solution_enthalpy_j_mol,
            "solvent": m.solvent,
            "sources": dict(m.sources),
        }
        for name, m in MATERIALS.items()
    }
    if as_json:
        print_json({"materials": rows})
        return
    from rich.table import Table

    table = Table(title="Film material presets", show_header=True, header_style="bold")
    for col in ("material", "a (A)", "gamma (J/m2)", "c_e (mol/L)", "solvent", "assumptions"):
        table.add_column(col)
    for name, m in MATERIALS.items():
        assumed = [k for k in m.sources if m.is_assumption(k)]
        table.add_row(
            name,
            f"{m.lattice_constant_m * 1e10:.3f}",
            f"{m.surface_energy_j_m2:g}",
            f"{m.solubility_mol_l:g}",
            m.solvent,
            ", ".join(assumed),
        )
    console.print(table)


@film_app.command("simulate")
def simulate_cmd(
    process: Path = typer.Argument(..., help="PROCESS.toml (schema: peled.film.process)."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Directory for timeseries.csv, distribution.csv, film.png."
    ),
    overwrite: bool = OVERWRITE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Simulate nucleation, growth and ripening for one process file.

    Example: peled film simulate antisolvent.toml -o run1 --json
    """
    from peled.film.kinetics import simulate
    from peled.film.process import load_process

    if output is not None:
        check_output(output, overwrite)
    result = simulate(load_process(process))
    if output is not None:  # matplotlib only when a figure is written
        from peled.report.film_figures import write_film_outputs

        with atomic_path(output, overwrite) as tmp:
            write_film_outputs(result, tmp)
    emit(result.summary(), as_json, f"Film simulation: {process.name}")


@film_app.command("map")
def map_cmd(
    process: Path = typer.Argument(..., help="PROCESS.toml with the base process."),
    x: str = typer.Option(
        ..., "--x", help="x axis: name:start:stop:n, e.g. antisolvent_time_s:0:20:21"
    ),
    y: str = typer.Option(
        ..., "--y", help="y axis: name:start:stop:n, e.g. evaporation_rate:0:0.1:11"
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output",
        help="Figure of the final mean grain radius over (x, y) (.png, .svg or .pdf).",
    ),
    workers: int | None = WORKERS_OPT,
    scheduler: str | None = SCHEDULER_OPT,
    yes: bool = typer.Option(
        False, "--yes", help="Run a grid larger than 400 points (MAX_GRID_POINTS; the "
        "estimated time is printed first)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Sweep two process parameters in parallel and map the final mean grain size.

    Grids above 400 points are refused unless --yes (the estimated time is printed).
    --workers / --scheduler choose where the simulations run (README: "Large batches").

    Example: peled film map antisolvent.toml --x antisolvent_time_s:2:20:10
    --y evaporation_rate:0.01:0.1:10 -o map.png
    """
    from peled.cli._common import progress_callback
    from peled.execution import Runner, cpu_count
    from peled.film.process import load_process
    from peled.film.processmap import MAX_GRID_POINTS, estimate_map_seconds, parse_axis, run_map

    if output is not None:
        figure_format(output, "-o")
        check_output(output)
    spec = load_process(process)
    ax_x = parse_axis(x, "--x")
    ax_y = parse_axis(y, "--y")
    total = len(ax_x.values) * len(ax_y.values)
    if total > MAX_GRID_POINTS:
        n_par = workers or (1 if Runner(workers, scheduler).scheduler else cpu_count())
        est = estimate_map_seconds(spec, ax_x, ax_y, n_par)
        err_console.print(f"peled film map: {total} simulations, estimated {est:,.0f} s "
                          f"with {n_par} worker(s)")
        if not yes:
            from peled.errors import ParameterError

            raise ParameterError(
                f"--x/--y: {total} grid points exceed {MAX_GRID_POINTS}; pass --yes to run "
                "them (estimated time above) or use fewer points")
    with progress_callback("simulating") as bar:
        pmap = run_map(spec, ax_x, ax_y, workers, progress=lambda d, n: bar(d, n, ""),
                       scheduler=scheduler)
    if output is not None:
        from peled.report.film_figures import process_map_figure

        fig = process_map_figure(pmap, f"{spec.material}, {process.name}")
        save_figure(fig, output, "-o", dpi=110)
    if as_json:
        print_json(pmap.to_dict())
        return
    import numpy as np

    r = pmap.mean_radius_nm
    emit(
        {
            "simulations": total,
            "mean_radius_nm_min": float(np.nanmin(r)),
            "mean_radius_nm_max": float(np.nanmax(r)),
            "output": str(output) if output is not None else None,
        },
        False,
        f"Process map: {ax_x.name} x {ax_y.name}",
    )


def register(app: typer.Typer) -> None:
    app.add_typer(film_app, name="film")
