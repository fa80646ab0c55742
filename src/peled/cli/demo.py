"""``peled demo``: the main job on bundled example data (a real computation, every time)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import typer

from peled.cli._common import atomic_path, console, fmt, to_jsonable

EXAMPLE_PRIMARIES = ("red", "green", "blue")


def example_path(*parts: str) -> Path:
    """Path of a bundled example file under ``peled/data/examples``."""
    return Path(str(resources.files("peled").joinpath("data", "examples", *parts)))


def color_report(spectra: dict) -> dict:
    """Colour report of named primary spectra: per-primary summary and gamut in xy and u'v'."""
    import numpy as np

    from peled.color import gamut_metrics
    from peled.color.summary import spectrum_color_summary

    per = {name: spectrum_color_summary(s) for name, s in spectra.items()}
    prim = np.array([[per[n]["x"], per[n]["y"]] for n in spectra])
    return {
        "primaries": per,
        "primaries_xy": prim.tolist(),
        "gamut_xy": gamut_metrics(prim, space="xy"),
        "gamut_uv": gamut_metrics(prim, space="uv"),
        "definitions": {
            "area_ratio_pct": "area(device gamut) / area(standard) x 100; may exceed 100",
            "coverage_pct": "area(device gamut intersect standard) / area(standard) x 100",
            "dominant_wavelength_nm": "against the equal-energy white E (CIE 015:2018 sec. 9.1)",
        },
    }


def _print_color_report(report: dict) -> None:
    from rich.table import Table

    table = Table(title="Example RGB primaries (synthetic EL spectra)")
    cols = [
        ("primary", None),
        ("peak nm", "peak_nm"),
        ("FWHM nm", "fwhm_nm"),
        ("x", "x"),
        ("y", "y"),
        ("dominant nm", "dominant_wavelength_nm"),
        ("purity %", "purity_pct"),
        ("LER lm/W", "ler_lm_per_w"),
    ]
    for label, _ in cols:
        table.add_column(label, justify="left" if label == "primary" else "right")
    for name, row in report["primaries"].items():
        table.add_row(name, *(fmt(row[key]) for _, key in cols[1:]))
    console.print(table)
    gam = Table(title="Gamut of the three primaries")
    for label in (
        "standard",
        "area ratio xy %",
        "coverage xy %",
        "area ratio u'v' %",
        "coverage u'v' %",
    ):
        gam.add_column(label, justify="left" if label == "standard" else "right")
    for key in report["gamut_xy"]["area_ratio_pct"]:
        gam.add_row(
            key,
            fmt(report["gamut_xy"]["area_ratio_pct"][key]),
            fmt(report["gamut_xy"]["coverage_pct"][key]),
            fmt(report["gamut_uv"]["area_ratio_pct"][key]),
            fmt(report["gamut_uv"]["coverage_pct"][key]),
        )
    console.print(gam)


def demo(
    out: Path = typer.Option(Path("peled-demo"), "-o", "--out", help="Output folder."),
) -> None:
    """Run peled on the bundled example data and write OUT/ (colour report + CIE diagram).

    Example: peled demo -o peled-demo
    """
    from peled.report.cie import cie1931_figure
    from peled.spectra import read_spectrum

    spectra = {n: read_spectrum(example_path("spectra", f"{n}.csv")) for n in EXAMPLE_PRIMARIES}
    report = color_report(spectra)
    _print_color_report(report)
    with atomic_path(out) as tmp:
        tmp.mkdir()
        (tmp / "color.json").write_text(json.dumps(to_jsonable(report), indent=2) + "\n")
        points = {n: (r["x"], r["y"]) for n, r in report["primaries"].items()}
        fig = cie1931_figure(
            points, polygon=report["primaries_xy"], title="Example PeLED primaries, CIE 1931"
        )
        fig.savefig(tmp / "cie1931.png")
    console.print(f"wrote {out}/color.json and {out}/cie1931.png")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
