"""``peled simulate ...``: drift-diffusion device simulation of a stack file."""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import (
    JSON_OPT,
    OVERWRITE_OPT,
    atomic_path,
    check_output,
    console,
    err_console,
    fmt,
    print_json,
    warn,
)

simulate_app = typer.Typer(
    help="Device simulation of a stack file (schema: docs/stack-schema.md): steady-state "
    "drift-diffusion J-V with the current split, IQE, EQE and luminance.",
    no_args_is_help=True,
)


@simulate_app.command("jv")
def jv_cmd(
    stack_file: Path = typer.Argument(
        ..., help="STACK.toml (layers, contacts, grid, sweep, optics)."),
    output: Path | None = typer.Option(
        None, "-o", "--output",
        help="Device folder to write (jvl.csv, el_spectrum.csv, angular.csv, device.toml, "
        "profiles.csv) for peled analyze / peled report."),
    points: int | None = typer.Option(None, "--points", help="Grid points (overrides [grid])."),
    overwrite: bool = OVERWRITE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Steady-state J-V-L: current split (radiative, SRH, interface, Auger, leakage), IQE,
    EQE = IQE x radiative efficiency x outcoupling, Lambertian luminance.

    Example: peled simulate jv src/peled/data/examples/stacks/green_cspbbr3.toml -o sim_green --json
    """
    from peled.device.simulation import simulate_jv
    from peled.errors import ParameterError
    from peled.io_stack import load_stack, write_simulated_device

    if points is not None and points < 10:
        raise ParameterError(f"--points must be >= 10, got {points}")
    if output is not None:
        check_output(output, overwrite)
    stack = load_stack(stack_file)
    if err_console.is_terminal and not as_json:
        from rich.progress import Progress

        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("solving", total=None)
            sim = simulate_jv(stack, points=points,
                              progress=lambda d, n: bar.update(task, completed=d, total=n))
    else:
        sim = simulate_jv(stack, points=points)
    if sim.curve.failed_voltages_v:
        warn(*sim.curve.messages)
    if output is not None:
        with atomic_path(output, overwrite) as tmp:
            tmp.mkdir()
            write_simulated_device(sim, tmp)
    result = sim.as_dict()
    if as_json:
        print_json(result)
        return
    from rich.table import Table

    table = Table(title=f"Simulated J-V-L: {stack.title or stack_file.name}",
                  header_style="bold")
    for col in ("V (V)", "J (mA/cm2)", "J_rad", "J_SRH", "J_Auger", "J_leak", "IQE (%)",
                "EQE (%)", "L (cd/m2)", "Newton"):
        table.add_column(col, justify="right")
    for i in range(len(result["voltage_v"])):
        if not result["converged"][i]:
            table.add_row(fmt(float(result["voltage_v"][i])), "not converged", *[""] * 8)
            continue
        table.add_row(*[fmt(float(result[k][i]), 3) for k in (
            "voltage_v", "current_density_mA_cm2", "j_radiative_mA_cm2", "j_srh_mA_cm2",
            "j_auger_mA_cm2", "j_leak_mA_cm2", "iqe_pct", "eqe_pct", "luminance_cd_m2")],
            str(result["newton_iterations"][i]))
    console.print(table)
    if output is not None:
        console.print(f"device folder written: {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(simulate_app, name="simulate")
