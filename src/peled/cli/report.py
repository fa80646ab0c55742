"""``peled report PATH [-o OUT]``: analysis + HTML/JSON/CSV/PNG report of a device or a batch."""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import (
    OVERWRITE_OPT,
    all_devices,
    atomic_path,
    check_output,
    console,
    devices,
    print_json,
)
from peled.cli._execution import SCHEDULER_OPT, WORKERS_OPT, runner_for


def run_analysis(path: Path, exclude=(), el_baseline: str = "edges", runner=None) -> list:
    """Analyse a device or a batch, with a progress bar on stderr for >= 2 devices.

    Returns the list of :func:`peled.measure.analyze_batch`; prints one warning line
    per failed device on stderr.  Exits 2 (``error: ...``) when every device failed.
    Folders in ``exclude`` (the report's own output folder) are not devices.
    ``el_baseline``: baseline model of the EL spectra (``--el-baseline``);
    ``runner`` (:class:`peled.execution.Runner`) decides where the devices are analysed.
    """
    from peled.cli._common import progress_callback
    from peled.errors import FileFormatError, ParameterError
    from peled.measure.analysis import DeviceFailure, analyze_batch
    from peled.measure.el import EL_BASELINES

    if el_baseline not in EL_BASELINES:
        raise ParameterError(f"--el-baseline must be one of {', '.join(EL_BASELINES)}, "
                             f"got {el_baseline!r}")
    if not path.exists():
        raise FileFormatError(path, "no such file or folder")
    with progress_callback("analysing devices") as progress:
        results = analyze_batch(path, progress, exclude, el_baseline, runner)
    failures = [r for r in results if isinstance(r, DeviceFailure)]
    if len(failures) == len(results):
        if len(results) == 1:
            typer.echo(f"error: {failures[0].error}", err=True)
        else:
            for f in failures:
                typer.echo(f"warning: device {f.name} failed: {f.error}", err=True)
            typer.echo(f"error: {all_devices(len(results))} failed; no report written", err=True)
        raise typer.Exit(2)
    for f in failures:
        typer.echo(f"warning: device {f.name} failed: {f.error}", err=True)
    return results


def check_out_folder(out: Path, source: Path | None = None, overwrite: bool = False) -> None:
    """Refuse an output folder whose atomic replacement would destroy data.

    OUT is replaced as a whole, so it must not be (or contain) the analysed PATH; an
    existing non-empty OUT must be an earlier peled output (marker file, enforced by
    :func:`peled.cli._common.atomic_path`); anything else is an error naming the folder.
    """
    from peled.errors import ParameterError

    o = out.resolve()
    if source is not None:
        src = source.resolve()
        if o == src or o in src.parents:
            raise ParameterError(f"-o {out}: the output folder would replace the analysed "
                                 f"data ({source}); choose a folder outside it")
    if o.exists() and not o.is_dir():
        raise ParameterError(f"-o {out}: exists and is not a folder")
    check_output(out, overwrite)  # peled replaces only what it wrote


def write_report_with_progress(results, folder: Path, **kwargs):
    """:func:`peled.report.write_report` with a stderr progress bar for >= 2 figure sets."""
    from peled.cli._common import progress_callback
    from peled.report.build import write_report

    with progress_callback("drawing figures") as progress:
        return write_report(results, folder, **kwargs, progress=progress)


def report(
    path: Path = typer.Argument(
        ..., help="A device folder, a folder of device folders, or a CSV with a 'device' column."
    ),
    out: Path = typer.Option(Path("peled-report"), "-o", "--out", help="Output folder "
                             "(replaced atomically; must be new, empty or an earlier report)."),
    device_figures: int = typer.Option(
        500, "--device-figures", min=0,
        help="Per-device figures for the first N devices of a batch, about 50 kB of page "
             "each (the table, box plots, results.json and results.csv always cover every "
             "device)."),
    literature: bool = typer.Option(True, "--literature/--no-literature",
                                    help="Rank each device against the literature dataset."),
    png: bool = typer.Option(False, "--png", help="Also write a PNG of every figure "
                             "(the report links the PNGs instead of the SVG files)."),
    workers: int | None = WORKERS_OPT,
    scheduler: str | None = SCHEDULER_OPT,
    overwrite: bool = OVERWRITE_OPT,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object describing "
                                 "what was written."),
    el_baseline: str = typer.Option(
        "edges", "--el-baseline",
        help="Baseline of measured EL spectra: edges (median of the outer 5 % of points), "
             "linear (line through both edges) or none; negative noise is clipped after it."),
) -> None:
    """Analyse a device or a batch and write OUT/index.html, results.json, results.csv, figures/.

    index.html is self-contained (inline SVG, no network); figures/ holds each figure as
    SVG (and PNG with --png).  A device that fails is listed with its error and the batch
    goes on (exit 0 with a warning); exit 2 if all fail.  --workers / --scheduler choose
    where devices and figures are processed (README: "Large batches").

    Example: peled report my_batch/ -o my_batch_report
    """
    from peled.report.build import write_report  # noqa: F401  (import errors surface early)

    check_out_folder(out, path, overwrite)
    with runner_for(workers, scheduler) as run:
        results = run_analysis(path, exclude=(out,), el_baseline=el_baseline, runner=run)
        with atomic_path(out, overwrite) as tmp:
            outcome = write_report_with_progress(
                results, tmp, title=f"peled report: {path.resolve().name}", source=str(path),
                device_figures=device_figures, literature=literature, png=png, runner=run)
    if outcome.n_failed:
        typer.echo(f"warning: {outcome.n_failed} of {devices(outcome.n_devices)} failed; "
                   "they are listed in the report", err=True)
    if as_json:
        print_json({
            "out_dir": str(out), "index_html": str(out / "index.html"),
            "results_json": str(out / "results.json"), "results_csv": str(out / "results.csv"),
            "n_devices": outcome.n_devices, "n_failed": outcome.n_failed,
            "n_devices_with_figures": outcome.n_with_figures,
            "figures": [f for f in outcome.files if f.startswith("figures/")],
        })
    else:
        console.print(f"wrote {out}/index.html, results.json, results.csv and "
                      f"{sum(f.startswith('figures/') for f in outcome.files)} figures "
                      f"({devices(outcome.n_devices)}, {outcome.n_failed} failed)")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
