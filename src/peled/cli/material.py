"""``peled material ...``: composition parsing, tolerance factors and emission estimates."""

from __future__ import annotations

import typer

from peled.cli._common import JSON_OPT, console, kv_table, print_json, print_warning

material_app = typer.Typer(
    help="Perovskite compositions: parse formulas, tolerance factors, emission colour.",
    no_args_is_help=True,
)

COMP_ARG = typer.Argument(..., help="Formula, e.g. CsPbBr3, CsPb(Br0.4I0.6)3, PEA2Cs4Pb5Br16.")


@material_app.command("parse")
def parse(composition: str = COMP_ARG, as_json: bool = JSON_OPT) -> None:
    """Site occupancies, layer number n, dimensionality and stoichiometry warnings.

    Example: peled material parse "PEA2Cs4Pb5Br16" --json
    """
    from peled.materials.composition import parse_composition

    comp = parse_composition(composition)
    result = comp.to_dict()
    if as_json:
        print_json(result)
        return
    rows = [
        ("formula", result["formula"]),
        ("n", comp.n),
        ("dimensionality", comp.dimensionality),
        ("structure", comp.structure),
    ]
    for k, v in comp.sites.items():
        if v:
            occ = ", ".join(f"{s} {f:.4g}" for s, f in v.fractions.items())
            rows.append((f"{k} site (count {v.count:.4g})", occ))
    console.print(kv_table(f"composition {composition}", rows))
    for w in comp.warnings:
        print_warning(w)


@material_app.command("tolerance")
def tolerance(composition: str = COMP_ARG, as_json: bool = JSON_OPT) -> None:
    """Goldschmidt t, octahedral factor mu and Bartel tau (tau < 4.18 -> perovskite).

    Example: peled material tolerance "CsPbI3" --json
    """
    from peled.materials.tolerance import tolerance_factors

    r = tolerance_factors(composition)
    result = r.to_dict()
    if as_json:
        print_json(result)
        return
    shown = {k: v for k, v in result.items() if k not in ("radii_source", "warnings")}
    console.print(kv_table(f"tolerance factors of {composition}", shown))
    for s, src in r.radii_source.items():
        console.print(f"{s}: {src}")
    for w in r.warnings:
        print_warning(w)


@material_app.command("emission")
def emission(
    composition: str = COMP_ARG,
    size_nm: float = typer.Option(
        None, "--size-nm", help="Nanocrystal size (nm): cube edge, or diameter with --shape sphere."
    ),
    model: str = typer.Option("weak", "--model", help="Confinement model: weak or brus."),
    shape: str = typer.Option("cube", "--shape", help="Nanocrystal shape: cube or sphere."),
    as_json: bool = JSON_OPT,
) -> None:
    """Emission energy and peak wavelength from halide ratio, A site, n and size.

    Example: peled material emission "CsPb(Br0.5I0.5)3" --size-nm 8 --json
    """
    from peled.materials.emission import emission_estimate

    e = emission_estimate(composition, size_nm=size_nm, model=model, shape=shape)
    result = e.to_dict() | {"size_nm": size_nm, "shape": shape}
    if as_json:
        print_json(result)
        return
    rows = [(k, v) for k, v in result.items() if k not in ("n_phase_bandgaps_ev", "warnings")]
    for phase, ev in (e.n_phase_bandgaps_ev or {}).items():
        rows.append((f"bandgap_ev of phase {phase}", ev))
    console.print(kv_table(f"emission of {composition}", rows))
    for w in e.warnings:
        print_warning(w)


def register(app: typer.Typer) -> None:
    app.add_typer(material_app, name="material")
