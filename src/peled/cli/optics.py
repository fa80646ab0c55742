"""``peled optics ...``: reflectance/transmittance and dipole outcoupling of a stack file."""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import JSON_OPT, console, fmt, kv_table, print_json

optics_app = typer.Typer(
    help="Thin-film optics of a device stack: transfer-matrix R/T/A per layer, dipole "
    "outcoupling (air, substrate, waveguide, plasmon, absorption), Purcell factor.",
    no_args_is_help=True,
)

GRID_HELP = "Single value, comma list (400,520) or start:stop:count (400:800:401)."


def parse_grid(text: str, name: str) -> list[float]:
    """Parse ``"520"``, ``"450,520,630"`` or ``"start:stop:count"`` into floats.

    :class:`peled.errors.ParameterError` naming the option for anything else.
    """
    import numpy as np

    from peled.cli._common import parse_floats
    from peled.errors import ParameterError

    text = text.strip()
    if ":" not in text:
        return parse_floats(text, name)
    parts = text.split(":")
    try:
        if len(parts) != 3:
            raise ValueError
        start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise ParameterError(
            f"{name}: expected start:stop:count such as 400:800:401, got {text!r}"
        ) from None
    if count < 1 or (count == 1 and start != stop):
        raise ParameterError(f"{name}: count must be >= 2 (or 1 with start == stop), got {text!r}")
    return np.linspace(start, stop, count).tolist()


def _load(stack_path: Path):
    from peled.io_nk import read_nk_files
    from peled.io_stack import load_stack

    stack = load_stack(stack_path)
    return stack, read_nk_files(stack)


@optics_app.command("rt")
def rt_cmd(
    stack_path: Path = typer.Argument(..., metavar="STACK.toml", help="Stack file."),
    wavelength_nm: str = typer.Option("400:800:401", "--wavelength-nm", help=GRID_HELP),
    angle_deg: str = typer.Option("0", "--angle-deg", help="Angle(s) of incidence in air, "
                                  "degrees in [0, 90). " + GRID_HELP),
    polarization: str = typer.Option("unpolarized", "--polarization",
                                     help="s, p or unpolarized."),
    as_json: bool = JSON_OPT,
) -> None:
    """Reflectance, transmittance and absorptance per layer, light from air through the
    (incoherent) substrate into the stack.

    Example: peled optics rt green.toml --wavelength-nm 400:800:401 --angle-deg 0 --json
    """
    from peled.device.optics import reflectance_transmittance

    wl = parse_grid(wavelength_nm, "--wavelength-nm")
    ang = parse_grid(angle_deg, "--angle-deg")
    stack, tables = _load(stack_path)
    names, result = reflectance_transmittance(stack, wl, ang, polarization, nk_tables=tables)
    data = result.as_dict(names)
    if as_json:
        print_json(data)
        return
    from rich.table import Table

    table = Table(title=f"R, T, A: {stack_path.name} ({polarization}, {fmt(ang[0])} deg)",
                  header_style="bold")
    for col in ("wavelength_nm", "R", "T", *names[1:-1]):
        table.add_column(col, justify="right")
    step = max(1, len(wl) // 40)
    for i in range(0, len(wl), step):
        row = [fmt(wl[i]), fmt(result.reflectance[i, 0]), fmt(result.transmittance[i, 0])]
        row += [fmt(a[i, 0]) for a in result.absorptance[1:-1]]
        table.add_row(*row)
    console.print(table)


@optics_app.command("outcoupling")
def outcoupling_cmd(
    stack_path: Path = typer.Argument(..., metavar="STACK.toml", help="Stack file."),
    wavelength_nm: str = typer.Option(..., "--wavelength-nm", help=GRID_HELP),
    position_nm: str | None = typer.Option(
        None, "--position-nm",
        help="Dipole distance from the substrate-side edge of the emitter layer, nm "
        "(default: \\[optics] emitter_position_nm, else the centre); several values "
        "(5,20 or 5:35:7) scan the position and every result gets a position axis.",
    ),
    n_u: int = typer.Option(2000, "--n-u", help="Quadrature nodes in k_par (>= 100)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Fractions of dipole power into air, substrate, waveguide, surface-plasmon modes and
    absorption, Purcell factor and far-field angular profile (bottom emission).

    Example: peled optics outcoupling green.toml --wavelength-nm 520 --position-nm 20 --json
    """
    from peled.device.optics import outcoupling
    from peled.errors import ParameterError

    if n_u < 100:
        raise ParameterError(f"--n-u must be >= 100, got {n_u}")
    wl = parse_grid(wavelength_nm, "--wavelength-nm")
    position = None
    if position_nm is not None:
        values = parse_grid(position_nm, "--position-nm")
        position = values[0] if len(values) == 1 else values
    stack, tables = _load(stack_path)
    result = outcoupling(stack, wl, position, nk_tables=tables, n_u=n_u)
    data = result.as_dict()
    if as_json:
        print_json(data)
        return
    keys = ("eta_out", "fraction_substrate", "fraction_waveguide", "fraction_spp",
            "fraction_absorbed", "fraction_far_side", "purcell_factor")
    rows = [("wavelength_nm", data["wavelength_nm"]), ("position_nm", data["position_nm"])]
    rows += [(k, data[k]) for k in keys]
    console.print(kv_table(f"Outcoupling: {stack_path.name}", rows))
    profile = result.angular_profile.reshape(-1, result.angle_deg.size)[0]
    console.print(kv_table(
        f"Angular profile at {fmt(wl[0])} nm (I/I0; Lambertian = cos)",
        [(f"{a:g} deg", profile[i]) for i, a in enumerate(result.angle_deg) if a % 10 == 0],
    ))


@optics_app.command("spectrum")
def spectrum_cmd(
    stack_path: Path = typer.Argument(..., metavar="STACK.toml", help="Stack file."),
    wavelength_nm: str | None = typer.Option(
        None, "--wavelength-nm",
        help="Grid (default: emission peak +- 3 FWHM, 1 nm steps). " + GRID_HELP,
    ),
    position_nm: float | None = typer.Option(
        None, "--position-nm", help="Dipole distance from the substrate-side edge, nm."
    ),
    n_u: int = typer.Option(1000, "--n-u", help="Quadrature nodes in k_par (>= 100)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Outcoupled EL spectrum (angle-integrated and on axis) and angular profile from the
    stack's Gaussian intrinsic spectrum (\\[optics] emission_peak_nm, emission_fwhm_nm).

    Example: peled optics spectrum green.toml --json
    """
    from peled.device.optics import emission_spectrum
    from peled.errors import ParameterError

    if n_u < 100:
        raise ParameterError(f"--n-u must be >= 100, got {n_u}")
    wl = None if wavelength_nm is None else parse_grid(wavelength_nm, "--wavelength-nm")
    stack, tables = _load(stack_path)
    data = emission_spectrum(stack, wl, position_nm, nk_tables=tables, n_u=n_u).as_dict()
    if as_json:
        print_json(data)
        return
    keys = ("peak_intrinsic_nm", "peak_into_air_nm", "peak_on_axis_nm", "eta_out_spectral",
            "purcell_factor_spectral")
    console.print(kv_table(f"Outcoupled spectrum: {stack_path.name}", [(k, data[k]) for k in keys]))


@optics_app.command("materials")
def materials_cmd(as_json: bool = JSON_OPT) -> None:
    """Shipped optical constants with their provenance (assumptions flagged).

    Example: peled optics materials --json
    """
    from peled.device.optics import material_table

    rows = material_table()
    if as_json:
        print_json({"materials": rows})
        return
    from rich.table import Table

    table = Table(title="Optical constants (n, k at 520 nm)", header_style="bold")
    for col in ("material", "model", "n", "k", "range_nm", "source"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["name"], r["model"], fmt(r["n_520nm"]), fmt(r["k_520nm"]),
                      f"{r['range_nm'][0]:g}-{r['range_nm'][1]:g}", r["source"])
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``peled optics`` to the root app."""
    app.add_typer(optics_app, name="optics")
