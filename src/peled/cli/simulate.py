"""``peled simulate ...``: drift-diffusion device simulation of a stack file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import typer

from peled.cli._common import (
    JSON_OPT,
    OVERWRITE_OPT,
    atomic_path,
    check_output,
    console,
    fmt,
    kv_table,
    print_json,
    progress_callback,
    warn,
)
from peled.cli._execution import SCHEDULER_OPT, WORKERS_OPT, repeat_map, runner_for

# Rich markup would swallow a bracketed TOML table name in help text, hence the escape
POINTS_HELP = "Grid points (overrides \\[grid] points)."

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
    points: int | None = typer.Option(None, "--points", help=POINTS_HELP),
    overwrite: bool = OVERWRITE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Steady-state J-V-L: current split (radiative, SRH, interface, Auger, leakage), IQE,
    EQE = IQE x radiative efficiency x outcoupling (dipole optics model unless the optics
    table gives outcoupling), on-axis luminance with the computed angular profile.

    Example: peled simulate jv src/peled/data/examples/stacks/green_cspbbr3.toml -o sim_green --json
    """
    from peled.device.simulation import simulate_jv
    from peled.errors import ParameterError
    from peled.io_nk import read_nk_files
    from peled.io_stack import load_stack, write_simulated_device

    if points is not None and points < 10:
        raise ParameterError(f"--points must be >= 10, got {points}")
    if output is not None:
        check_output(output, overwrite)
    stack = load_stack(stack_file)
    with progress_callback("J-V sweep") as update:
        sim = simulate_jv(stack, points=points, progress=lambda d, n: update(d, n, ""),
                          nk_tables=read_nk_files(stack))
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


@simulate_app.command("transient")
def transient_cmd(
    stack_file: Path = typer.Argument(..., help="STACK.toml (mobile ions allowed)."),
    protocol: Path | None = typer.Option(
        None, "--protocol", help="PROTOCOL.toml: start_v and \\[\\[segment]] tables (step, ramp, "
        "square); see peled.io_stack.load_protocol.  Without it: the stack's \\[sweep] "
        "start_v -> stop_v at scan_rate_v_s (direction forward, reverse or both)."),
    output: Path = typer.Option(
        ..., "-o", "--output",
        help="Folder for transient.csv (t, V, J, J_rad, L) and ions.csv (ion profiles)."),
    points: int | None = typer.Option(None, "--points", help=POINTS_HELP),
    tol: float = typer.Option(
        0.05, "--tol", help="Local error allowed per time step (variable-step BDF2): in "
        "kT/q of the potentials and ln of the ion densities, and tol x 5e-3 relative in "
        "the terminal current; 0.05 keeps an RC step response within ~2 %, 1e-3 within "
        "~0.2 % at ~3x the steps."),
    as_json: bool = JSON_OPT,
) -> None:
    """Transient drift-diffusion with mobile ions through a voltage protocol (steps,
    sweeps at a scan rate, square waves): J(t), luminance L(t), ion distributions.
    A series/shunt resistance in the contacts table is in the circuit: J is the source current
    and internal_voltage_v the voltage across the stack.

    Example: peled simulate transient src/peled/data/examples/stacks/green_cspbbr3.toml
    --protocol src/peled/data/examples/stacks/protocol_step.toml --points 60 -o sim_t --json
    """
    from peled.device.simulation import simulate_transient
    from peled.errors import ParameterError
    from peled.io_nk import read_nk_files
    from peled.io_stack import load_protocol, load_stack, write_transient

    if points is not None and points < 10:
        raise ParameterError(f"--points must be >= 10, got {points}")
    if not (np.isfinite(tol) and 0 < tol <= 1):
        raise ParameterError(f"--tol must be a local error in kT/q in (0, 1], got {tol}")
    stack = load_stack(stack_file)
    if protocol is not None:
        proto = load_protocol(protocol)
    elif stack.sweep.scan_rate_v_s is None:
        raise ParameterError(f"{stack_file}: give --protocol PROTOCOL.toml, or scan_rate_v_s "
                             "in [sweep] to sweep start_v -> stop_v at that rate")
    else:
        from peled.device.driftdiffusion.transient import VoltageProtocol

        sw = stack.sweep
        proto = VoltageProtocol.from_sweep(sw.start_v, sw.stop_v, sw.scan_rate_v_s,
                                           sw.direction)
    with atomic_path(output) as tmp:
        tmp.mkdir()
        with progress_callback("transient") as update:
            sim = simulate_transient(stack, proto, points=points, tol=tol,
                                     progress=lambda d, n: update(d, n, ""),
                                     nk_tables=read_nk_files(stack))
        write_transient(sim, tmp)
    result = sim.as_dict()
    if as_json:
        print_json(result)
        return
    r = sim.result
    rows = [("duration (s)", fmt(float(r.time_s[-1]))),
            ("steps (rejected)", f"{r.steps} ({r.rejected_steps})"),
            ("final J (mA/cm2)", fmt(float(r.current_density_a_m2[-1]) * 0.1)),
            ("final V across the stack (V)", fmt(float(r.internal_voltage_v[-1]))),
            ("peak luminance (cd/m2)", fmt(float(np.nanmax(sim.luminance_cd_m2)))),
            ("final luminance (cd/m2)", fmt(float(sim.luminance_cd_m2[-1])))]
    console.print(kv_table(f"Transient of {stack_file.name}", rows))
    console.print(f"written: {output}")


@simulate_app.command("impedance")
def impedance_cmd(
    stack_file: Path = typer.Argument(..., help="STACK.toml (mobile ions allowed)."),
    bias_v: float = typer.Option(0.0, "--bias-v", help="DC bias (V); ions relaxed there."),
    freq_hz: str = typer.Option(
        "1:1e6:60", "--freq-hz",
        help="Frequencies: start:stop:count (log-spaced), a comma list or one value (Hz)."),
    output: Path | None = typer.Option(
        None, "-o", "--output",
        help="CSV in the format peled characterize admittance reads: f (Hz), C (nF/cm2), "
        "G (S/cm2)."),
    points: int | None = typer.Option(None, "--points", help=POINTS_HELP),
    as_json: bool = JSON_OPT,
) -> None:
    """Small-signal impedance at a bias: capacitance C(f) and conductance G(f) per area
    from the linearised drift-diffusion-ion system (with the series/shunt resistance of
    the contacts table in the measured circuit; internal_bias_v the DC voltage across
    the stack).

    Example: peled simulate impedance src/peled/data/examples/stacks/green_cspbbr3.toml
    --bias-v 0.5 --freq-hz 1:1e6:13 --points 60 -o admittance_sim.csv --json
    """
    from peled.cli._common import parse_floats
    from peled.device.driftdiffusion import build_model
    from peled.device.driftdiffusion.impedance import admittance
    from peled.errors import ParameterError
    from peled.io_stack import load_stack

    if points is not None and points < 10:
        raise ParameterError(f"--points must be >= 10, got {points}")
    text = freq_hz.strip()
    if ":" in text:
        parts = text.split(":")
        try:
            lo, hi, count = float(parts[0]), float(parts[1]), int(parts[2])
            if len(parts) != 3 or not (np.isfinite(lo) and np.isfinite(hi)) or lo <= 0 \
                    or hi <= 0 or count < 1:
                raise ValueError
        except (ValueError, IndexError):
            raise ParameterError(f"--freq-hz: expected start:stop:count with positive "
                                 f"frequencies such as 1:1e6:60, got {text!r}") from None
        freqs = np.geomspace(lo, hi, count)
    else:
        freqs = np.array(parse_floats(text, "--freq-hz"))
        if not np.all(np.isfinite(freqs) & (freqs > 0)):
            raise ParameterError(f"--freq-hz: frequencies must be > 0, got {text!r}")
    stack = load_stack(stack_file)
    result = admittance(build_model(stack, points=points), bias_v, freqs)
    if output is not None:
        with atomic_path(output) as tmp:
            np.savetxt(tmp, np.column_stack([result.frequency_hz,
                                             result.capacitance_f_m2 * 1e5,
                                             result.conductance_s_m2 * 1e-4]),
                       delimiter=",", fmt="%.10g", comments="",
                       header=f"# simulated by peled simulate impedance from {stack_file} "
                              f"at {bias_v:g} V\n# temperature_k: {stack.temperature_k:g}\n"
                              f"# internal_bias_v: {result.internal_bias_v:.10g}\n"
                              "f (Hz),C (nF/cm2),G (S/cm2)")
    d = result.as_dict()
    if as_json:
        print_json(d)
        return
    from rich.table import Table

    table = Table(title=f"Simulated admittance at {bias_v:g} V", header_style="bold")
    for col in ("f (Hz)", "C (nF/cm2)", "G (S/cm2)"):
        table.add_column(col, justify="right")
    for f_, c_, g_ in zip(d["frequency_hz"], d["capacitance_nF_cm2"], d["conductance_S_cm2"],
                          strict=True):
        table.add_row(fmt(float(f_)), fmt(float(c_)), fmt(float(g_)))
    console.print(table)


@simulate_app.command("fit")
def fit_cmd(
    stack_file: Path = typer.Argument(..., help="STACK.toml with the starting values."),
    device_dir: Path = typer.Argument(
        ..., help="Measured device folder (jvl.csv, device.toml) or its jvl.csv."),
    params: str = typer.Option(
        ..., "--params",
        help="Comma-separated parameters to fit: layer.<name>.<key>, "
        "layer.<name>.trap.<index>.<key>, interface.<left>|<right>.<key>, contacts.<key> "
        "(keys of docs/stack-schema.md)."),
    output: Path | None = typer.Option(
        None, "-o", "--output",
        help="Folder for fit_jv.csv (measured and fitted J), fit.json and fit.png."),
    points: int | None = typer.Option(None, "--points", help=POINTS_HELP),
    v_min: float | None = typer.Option(None, "--v-min", help="Fit only points with V >= this."),
    v_max: float | None = typer.Option(None, "--v-max", help="Fit only points with V <= this."),
    max_nfev: int = typer.Option(30, "--max-evaluations",
                                 help="Maximum residual evaluations of the optimiser."),
    workers: int | None = WORKERS_OPT,
    scheduler: str | None = SCHEDULER_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Fit stack parameters to a measured J-V(-L) curve: least squares on log10 J,
    standard errors from the Jacobian.

    Example (sim_hole from peled simulate jv ... -o sim_hole):
    peled simulate fit hole_only_sclc.toml sim_hole --params layer.CsPbBr3.mu_p_m2_vs --json
    """
    import json

    from peled.device.fit import fit_stack
    from peled.errors import ParameterError
    from peled.io_stack import load_stack
    from peled.measure.readers import load_device
    from peled.outputs import to_jsonable

    if points is not None and points < 10:
        raise ParameterError(f"--points must be >= 10, got {points}")
    if max_nfev < 1:
        raise ParameterError(f"--max-evaluations must be >= 1, got {max_nfev}")
    names = [p.strip() for p in params.split(",") if p.strip()]
    stack = load_stack(stack_file)
    data = load_device(device_dir)
    # the independent simulations of each Jacobian run on the execution layer
    with runner_for(workers, scheduler) as run, progress_callback("fitting") as update:
        fit = fit_stack(stack, data.jvl.voltage_v, data.jvl.current_density_a_m2, names,
                        points=points, v_min=v_min, v_max=v_max, max_nfev=max_nfev,
                        map_fn=repeat_map(run, seconds_per_item=0.5),
                        progress=lambda d, n: update(d, n, ""))
    result = fit.as_dict()
    if output is not None:
        from peled.report.device_sim_figures import stack_fit_figure

        with atomic_path(output) as tmp:
            tmp.mkdir()
            np.savetxt(tmp / "fit_jv.csv", np.column_stack(
                [fit.voltage_v, fit.j_measured_a_m2 * 0.1, fit.j_fit_a_m2 * 0.1]),
                delimiter=",", fmt="%.10g", comments="",
                header="Voltage (V),Measured current density (mA/cm2),"
                       "Fitted current density (mA/cm2)")
            (tmp / "fit.json").write_text(json.dumps(to_jsonable(result), indent=1) + "\n",
                                          encoding="utf-8")
            stack_fit_figure(fit).savefig(tmp / "fit.png", format="png", dpi=120)
    if as_json:
        print_json(result)
        return
    rows = []
    for n in fit.names:
        rows.append((n, f"{fmt(fit.values[n])} ± {fmt(fit.stderr[n], 2)} "
                        f"(start {fmt(fit.initial[n])})"))
    rows.append(("rms log10 J (decades)", fmt(fit.rms_log10_j, 3)))
    rows.append(("points / simulations", f"{fit.voltage_v.size} / {fit.simulations}"))
    console.print(kv_table(f"Fit of {stack_file.name} to {device_dir}", rows))
    if output is not None:
        console.print(f"fit written: {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(simulate_app, name="simulate")
