"""``peled lit``: the literature dataset of five reviews (query, best, plots, gap, check)."""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import JSON_OPT, atomic_path, console, figure_format, fmt, print_json

lit_app = typer.Typer(
    help="Literature dataset of five PeLED reviews: queries, records, plots, gap, checks.",
    no_args_is_help=True,
)

_TABLE_COLUMNS = ("source", "table", "row", "ref", "material", "class", "color", "peak_nm",
                  "eqe_pct", "luminance_cd_m2", "lifetime_h", "lifetime_condition")


def _records(frame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _rich_table(title: str, rows: list[dict], columns) -> None:
    from rich.table import Table

    table = Table(title=title, show_header=True, header_style="bold")
    cols = [c for c in columns if any(c in r for r in rows)] or list(columns)
    for c in cols:
        table.add_column(c)
    for r in rows:
        table.add_row(*(fmt(r.get(c)) for c in cols))
    console.print(table)


@lit_app.command("query")
def query_cmd(
    color: str = typer.Option(
        None, "--color", help="Colour class: blue, sky-blue, green, yellow, red, NIR."
    ),
    cls: str = typer.Option(None, "--class", help="Device class: PC, Q2D, PNC, QD-LED, OLED, ..."),
    min_eqe: float = typer.Option(None, "--min-eqe", help="Keep records with eqe_pct >= this."),
    source: str = typer.Option(
        None, "--source", help="Citation key of the review or its prefix, e.g. jang2025 or jang."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Records matching the filters, e.g. `peled lit query --color green --min-eqe 20`.

    Example: peled lit query --color green --class PNC --min-eqe 20 --json
    """
    from peled.literature import load
    from peled.literature.queries import query

    sel = query(load(), color=color, cls=cls, min_eqe=min_eqe, source=source)
    rows = _records(sel)
    if as_json:
        print_json({"count": len(rows), "rows": rows})
    else:
        _rich_table(f"{len(rows)} records", rows, _TABLE_COLUMNS)


@lit_app.command("best")
def best_cmd(
    by: str = typer.Option("color,class", "--by", help="Comma-separated grouping columns."),
    metric: str = typer.Option("eqe_pct", "--metric", help="Numeric column to maximise."),
    include_doubtful: bool = typer.Option(
        False, "--include-doubtful",
        help="Also consider values flagged as doubtful (e.g. lifetime_suspicious)."),
    as_json: bool = JSON_OPT,
) -> None:
    """The record with the highest METRIC per group, e.g. `peled lit best --by color`.

    Example: peled lit best --by color,class --metric eqe_pct --json
    """
    from peled.literature import load
    from peled.literature.queries import best

    groups = [c.strip() for c in by.split(",") if c.strip()]
    rows = _records(best(load(), by=groups, metric=metric, include_doubtful=include_doubtful))
    if as_json:
        print_json({"by": groups, "metric": metric, "count": len(rows), "rows": rows})
    else:
        _rich_table(f"best {metric} by {', '.join(groups)}", rows,
                    groups + [metric, "qualifier", "n_records", "source", "table", "row", "ref",
                              "material"])


def _save(fig, output: Path) -> None:
    from peled.report.literature_figures import save_figure

    suffix = figure_format(output, "-o")
    with atomic_path(output) as tmp:
        save_figure(fig, tmp, fmt=suffix)


@lit_app.command("trend")
def trend_cmd(
    metric: str = typer.Option("eqe_pct", "--metric", help="Numeric column against year."),
    by: str = typer.Option("color", "--by", help="Group column (color or class)."),
    output: Path = typer.Option(..., "-o", "--output", help="Image to write (png/pdf/svg)."),
    as_json: bool = JSON_OPT,
) -> None:
    """METRIC vs publication year per group (analogue of Jang et al., Adv. Mater. 2025, Fig. 1B).

    Example: peled lit trend --metric eqe_pct --by color -o trend.png
    """
    from peled.literature import load
    from peled.literature.trends import trend_points
    from peled.report.literature_figures import trend_figure

    df = load()
    fig = trend_figure(df, metric=metric, by=by)
    _save(fig, output)
    pts = trend_points(df, metric, by)
    result = {"output": str(output), "metric": metric, "by": by, "n_points": int(len(pts))}
    if as_json:
        print_json(result)
    else:
        typer.echo(f"wrote {output} ({len(pts)} points)")


@lit_app.command("ppi")
def ppi_cmd(
    output: Path = typer.Option(..., "-o", "--output", help="Image to write (png/pdf/svg)."),
    as_json: bool = JSON_OPT,
) -> None:
    """EQE vs resolution in PPI per colour (analogue of Zhao et al., Commun. Mater. 2025, Fig. 5b).

    Example: peled lit ppi -o ppi.png
    """
    from peled.literature import load
    from peled.literature.trends import ppi_points
    from peled.report.literature_figures import ppi_figure

    df = load()
    fig = ppi_figure(df)
    _save(fig, output)
    n = int(len(ppi_points(df)))
    if as_json:
        print_json({"output": str(output), "n_points": n})
    else:
        typer.echo(f"wrote {output} ({n} points)")


@lit_app.command("gap")
def gap_cmd(
    n: float = typer.Option(
        1.65, "--n", help="Lifetime acceleration exponent (Jang et al. 2025: 1.65)."
    ),
    by: str = typer.Option("color", "--by", help="Comma-separated grouping columns."),
    as_json: bool = JSON_OPT,
) -> None:
    """Best reported values per colour against the commercial targets of the reviews.

    Example: peled lit gap --json
    """
    from peled.literature import load
    from peled.literature.queries import gap

    report = gap(load(), n=n, by=[c.strip() for c in by.split(",") if c.strip()])
    result = report.to_dict()
    if as_json:
        print_json(result)
        return
    groups = list(report.group_by)
    _rich_table(
        f"gap to targets (lifetimes via (L1/L2)^n, n = {report.acceleration_exponent:g})",
        result["rows"],
        groups + ["target", "target_value", "best_value", "met", "ratio_to_target", "table",
                  "row", "ref"],
    )
    _rich_table(f"longest lifetimes at {report.common_l0_cd_m2:g} cd/m2",
                result["longest_lifetimes"],
                groups + ["lifetime_metric", "lifetime_at_l0_h", "lifetime_h",
                          "lifetime_condition", "extrapolated", "table", "row", "ref"])
    if result["excluded_records"]:
        _rich_table("excluded from the best values (value flagged as doubtful)",
                    result["excluded_records"],
                    groups + ["quantity", "value", "lifetime_condition", "flag", "reason",
                              "file", "row", "ref"])


@lit_app.command("check")
def check_cmd(
    as_json: bool = JSON_OPT,
) -> None:
    """Consistency checks over all records (CE/EQE/peak, CIE/peak, halides/colour, ...).

    Example: peled lit check --json
    """
    from peled.literature import load, load_expected_findings
    from peled.literature.check import consistency_report

    report = consistency_report(load(), load_expected_findings())
    result = report.as_dict()
    if as_json:
        print_json(result)
    else:
        _rich_table(f"{result['count']} findings ({result['unexplained']} unexplained)",
                    result["findings"],
                    ["check", "file", "row", "ref", "field", "observed", "expected",
                     "discrepancy", "discrepancy_unit", "explained"])


@lit_app.command("compare")
def compare_cmd(
    device_dir: Path = typer.Argument(..., help="Device folder (as for `peled analyze`)."),
    color: str = typer.Option(None, "--color", help="Override the colour class from the peak."),
    as_json: bool = JSON_OPT,
) -> None:
    """Percentile ranks of a measured device against the literature of its colour.

    Example: peled lit compare src/peled/data/examples/devices/green --json
    """
    import warnings

    from scipy.optimize import OptimizeWarning

    from peled.literature import load
    from peled.literature.compare import compare_device
    from peled.measure.analysis import analyze_device

    # Only point values (EQE_max, L_max, T50 ...) are ranked; a lifetime fit whose
    # covariance scipy cannot estimate (OptimizeWarning) does not change them, and the
    # analysis reports its own fit problems in ``warnings`` -- keep stderr clean.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OptimizeWarning)
        summary = analyze_device(device_dir).summary()
    result = {"device": str(device_dir), "name": summary.get("name"),
              **compare_device(summary, load(), color=color)}
    if as_json:
        print_json(result)
        return
    rows = [{"metric": k, **v} for k, v in result["metrics"].items()]
    _rich_table(f"{result['name']} vs {result['n_literature_records']} {result['color']} records",
                rows, ["metric", "value", "percentile", "n_records", "median", "best"])


def register(app: typer.Typer) -> None:
    app.add_typer(lit_app, name="lit")
