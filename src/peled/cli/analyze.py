"""``peled analyze DEVICE_DIR`` and ``peled lifetime convert|implied-n``."""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import (
    JSON_OPT,
    all_devices,
    console,
    devices,
    emit,
    fmt,
    print_json,
    print_warning,
)
from peled.cli._execution import SCHEDULER_OPT, WORKERS_OPT, runner_for

lifetime_app = typer.Typer(
    help="Operational lifetime: convert between initial luminances with LT2/LT1 = (L1/L2)^n.",
    no_args_is_help=True,
)

BATCH_JSON_OPT = typer.Option(
    False, "--json", help="Print JSON (one object; a list for a batch)."
)


def analyze(
    device_dir: Path = typer.Argument(
        ..., help="A device folder (jvl.csv, el_spectrum.csv, lifetime.csv, device.toml), "
        "a folder of device folders, or a CSV with a 'device' column."
    ),
    workers: int | None = WORKERS_OPT,
    scheduler: str | None = SCHEDULER_OPT,
    as_json: bool = BATCH_JSON_OPT,
    el_baseline: str = typer.Option(
        "edges", "--el-baseline",
        help="Baseline of measured EL spectra: edges (median of the outer 5 % of points), "
             "linear (line through both edges) or none; negative noise is clipped after it."),
) -> None:
    """Figures of merit of a device or a batch: EQE, CE, PE, L, V_on, roll-off, EL, lifetime.

    A bad device of a batch is reported on stderr and skipped (exit 0); exit 2 if all fail.
    --workers / --scheduler choose where the devices are analysed (README: "Large batches").

    Example: peled analyze src/peled/data/examples/devices --json
    """
    from peled.cli._common import progress_callback
    from peled.measure.analysis import DeviceFailure, analyze_path

    with runner_for(workers, scheduler) as run, \
            progress_callback("analysing devices") as progress:
        analysed = analyze_path(device_dir, progress, el_baseline=el_baseline, runner=run)
    if not isinstance(analysed, list):
        summary = analysed.summary()
        if as_json:
            print_json(summary)
            return
        warnings = summary.pop("warnings")
        emit(summary, False, f"peled analyze: {analysed.name}")
        for w in warnings:
            print_warning(w)
        return
    failures = [r for r in analysed if isinstance(r, DeviceFailure)]
    good = [r for r in analysed if not isinstance(r, DeviceFailure)]
    for f in failures:
        typer.echo(f"warning: device {f.name} failed: {f.error}", err=True)
    if not good:
        typer.echo(f"error: {all_devices(len(analysed))} failed", err=True)
        raise typer.Exit(2)
    if as_json:
        print_json([r.summary() for r in good])
    else:
        _batch_table(good)
    if failures:
        typer.echo(f"warning: {len(failures)} of {devices(len(analysed))} failed", err=True)


def _batch_table(results) -> None:
    from rich.table import Table

    cols = [("device", "name"), ("EQE\n%", "eqe_max_pct"), ("CE\ncd/A", "ce_max_cd_a"),
            ("Lmax\ncd/m2", "luminance_max_cd_m2"), ("Von\nV", "v_on_v"),
            ("J50\nmA/cm2", "j50_mA_cm2"), ("peak\nnm", "peak_nm"), ("T50\nh", "t50_h"),
            ("warn-\nings", "warnings")]
    table = Table(title=f"peled analyze: {devices(len(results))}", header_style="bold")
    for head, _ in cols:
        if head == "device":
            table.add_column(head, overflow="fold", min_width=12)
        else:  # numbers are never cut ("7.31e+…")
            table.add_column(head, justify="right", no_wrap=True)
    for r in results:
        s = r.summary()
        s["warnings"] = len(s["warnings"])
        table.add_row(*(_num(s[k]) if k != "name" else s[k] for _, k in cols))
    console.print(table)


def _num(value) -> str:
    """Compact table number: ``73,750``, ``22.8``, ``0.279`` (3 significant digits)."""
    if isinstance(value, float) and abs(value) >= 1000:
        return f"{value:,.0f}"
    return fmt(value, 3)


@lifetime_app.command("convert")
def convert(
    t: float = typer.Option(..., "--t", help="Lifetime measured at --from-l0, in hours."),
    from_l0: float = typer.Option(..., "--from-l0", help="Initial luminance of the "
                                  "measurement (cd/m2)."),
    to_l0: float = typer.Option(..., "--to-l0", help="Initial luminance to convert to (cd/m2)."),
    n: float = typer.Option(1.65, "--n", help="Acceleration exponent n (Jang et al. 2025: 1.65)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Convert a lifetime between initial luminances: t2 = t1 (L1/L2)^n.

    Example (Jang et al. 2025): --t 520 --from-l0 1000 --to-l0 100 --n 1.65 gives 23,228 h.
    """
    from peled.device.lifetime import convert_lifetime

    t_h = convert_lifetime(t, from_l0, to_l0, n)
    emit({"t_h": t_h}, as_json, "lifetime at the new initial luminance")


@lifetime_app.command("implied-n")
def implied_n(
    t1: float = typer.Option(..., "--t1", help="Lifetime at --l1 (h)."),
    l1: float = typer.Option(..., "--l1", help="Initial luminance of t1 (cd/m2)."),
    t2: float = typer.Option(..., "--t2", help="Lifetime at --l2 (h)."),
    l2: float = typer.Option(..., "--l2", help="Initial luminance of t2 (cd/m2)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Acceleration exponent n = ln(t2/t1) / ln(L1/L2) linking two lifetimes.

    Example (Jang et al. 2025): --t1 520 --l1 1000 --t2 31858 --l2 100 gives n = 1.787.
    """
    from peled.device.lifetime import implied_acceleration_exponent

    emit({"n": implied_acceleration_exponent(t1, l1, t2, l2)}, as_json, "acceleration exponent")


def register(app: typer.Typer) -> None:
    """Add ``peled analyze`` and the ``peled lifetime`` sub-app."""
    app.command("analyze")(analyze)
    app.add_typer(lifetime_app, name="lifetime")
