"""``peled color ...``: chromaticity, gamut, CCT, CRI and white mixing from the command line."""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import (
    JSON_OPT,
    atomic_path,
    console,
    emit,
    fmt,
    parse_floats,
    parse_white,
    print_json,
    warn,
)
from peled.errors import ParameterError

color_app = typer.Typer(
    help=(
        "Colorimetry of emission spectra: CIE xy/u'v', gamut, CCT/Duv, CRI, white mixing.\n\n"
        "Example: peled color spectrum --peak 532 --fwhm 20"
    ),
    no_args_is_help=True,
)

OBSERVER_OPT = typer.Option(
    "1931", "--observer", help="CIE observer: 1931 (2 deg) or 1964 (10 deg)."
)
SHAPE_OPT = typer.Option(
    "gaussian",
    "--shape",
    help="Line shape: gaussian, gaussian-energy, lorentzian, voigt, asymmetric.",
)
WHITE_OPT = typer.Option(
    "E",
    "--white",
    help="White point of the dominant wavelength and purity: E (equal energy, default "
    "for emitters), D65, another CIE illuminant name, or 'x,y'.",
)
SPACE_OPT = typer.Option("xy", "--space", help="Chromaticity space of the areas: xy or uv (u'v').")


def _check_peaks(peaks, option: str) -> None:
    """Model lines are evaluated on the 360-830 nm CMF grid; their peaks must lie on it."""
    for p in peaks:
        if not 360.0 <= p <= 830.0:
            raise ParameterError(
                f"{option}: peak {p:g} nm is outside the 360-830 nm range of the CIE "
                "colour-matching functions (an invisible line has no meaningful colour)"
            )


def _xy_list(text: str) -> list[list[float]]:
    """Parse "x,y;x,y;x,y" into vertices."""
    pts = [parse_floats(part, "--xy", 2) for part in text.split(";") if part.strip()]
    if len(pts) < 3:
        raise ParameterError(
            f"--xy: expected at least 3 'x,y' pairs separated by ';', got {text!r}"
        )
    return pts


def _summary_table(result: dict, title: str) -> None:
    keys = [
        ("CIE x", "x"),
        ("CIE y", "y"),
        ("u'", "u_prime"),
        ("v'", "v_prime"),
        ("peak (nm)", "peak_nm"),
        ("FWHM (nm)", "fwhm_nm"),
        ("dominant wavelength (nm)", "dominant_wavelength_nm"),
        ("purity (%)", "purity_pct"),
        ("CCT (K)", "cct_k"),
        ("Duv", "duv"),
        ("LER (lm/W)", "ler_lm_per_w"),
    ]
    emit({label: result[key] for label, key in keys}, False, title)
    if result["cct_k"] is None:
        console.print("[dim]CCT not reported: |Duv| > 0.05 (far from the Planckian locus).[/dim]")


def _print_summary(result: dict, as_json: bool, title: str) -> None:
    for note in result["notes"]:
        warn(note)
    if as_json:
        print_json(result)
    else:
        _summary_table(result, title)


@color_app.command("spectrum")
def spectrum_cmd(
    peak: float = typer.Option(..., "--peak", help="Peak wavelength in nm."),
    fwhm: float = typer.Option(..., "--fwhm", help="Full width at half maximum in nm."),
    shape: str = SHAPE_OPT,
    observer: str = OBSERVER_OPT,
    white: str = WHITE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Colour of a model emission line (peak + FWHM).

    Example: peled color spectrum --peak 532 --fwhm 20 --json
    """
    from peled.color.summary import spectrum_color_summary
    from peled.spectra import line_spectrum
    from peled.spectra.lineshapes import model_grid_nm

    _check_peaks([peak], "--peak")
    result = spectrum_color_summary(
        line_spectrum(peak, fwhm, shape, model_grid_nm(peak, fwhm)), observer=observer,
        white=parse_white(white),
    )
    _print_summary(result, as_json, f"{shape} line, {peak:g} nm / {fwhm:g} nm")


@color_app.command("file")
def file_cmd(
    path: Path = typer.Argument(..., help="Spectrum text file (two columns; nm, eV or cm-1)."),
    observer: str = OBSERVER_OPT,
    baseline: str = typer.Option(
        None, "--baseline", help="Dark level to remove: a number, 'min' or 'edges'."
    ),
    white: str = WHITE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Colour of a measured spectrum file.

    Example: peled color file src/peled/data/examples/spectra/green.csv --json
    """
    from peled.color.summary import spectrum_color_summary
    from peled.spectra import read_spectrum
    from peled.spectra.spectrum import DARK_LEVELS

    base: str | float | None = baseline
    if baseline is not None and baseline not in DARK_LEVELS:
        base = parse_floats(baseline, "--baseline", 1)[0]
    result = spectrum_color_summary(
        read_spectrum(path, baseline=base), observer=observer, white=parse_white(white)
    )
    _print_summary(result, as_json, path.name)


@color_app.command("gamut")
def gamut_cmd(
    peaks: str = typer.Option(None, "--peaks", help="Peak wavelengths 'R,G,B' in nm."),
    fwhm: str = typer.Option(
        "20", "--fwhm", help="FWHM in nm for --peaks: one value for all or one per peak."
    ),
    shape: str = SHAPE_OPT,
    xy_text: str = typer.Option(None, "--xy", help="Primaries as 'x,y;x,y;x,y'."),
    spectra: bool = typer.Option(
        False,
        "--spectra",
        help="Use the spectrum FILES given as arguments: --spectra r.csv g.csv b.csv",
    ),
    files: list[Path] = typer.Argument(
        None, help="Primary spectrum files (with --spectra).", show_default=False
    ),
    space: str = SPACE_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """Gamut area ratio and coverage against Rec.2020, DCI-P3, NTSC, sRGB and Adobe RGB.

    Area ratio = device area / standard area (may exceed 100 %); coverage = area of the
    intersection / standard area (at most 100 %).

    Example: peled color gamut --peaks 630,532,467 --fwhm 20 --json
    """
    from peled.color.gamut import gamut_report

    kwargs = _gamut_source(peaks, fwhm, xy_text, spectra, list(files or []))
    if space not in ("xy", "uv"):
        raise ParameterError(f"--space must be xy or uv, got {space!r}")
    report = gamut_report(**kwargs, shape=shape, space=space)
    if as_json:
        print_json(report.as_dict())
    else:
        _print_gamut(report)


def _gamut_source(peaks, fwhm, xy_text, spectra: bool, files: list) -> dict:
    """Keyword arguments of :func:`peled.color.gamut.gamut_report` from the gamut options."""
    from peled.spectra import read_spectrum

    if files and not spectra:
        raise ParameterError("spectrum files given without --spectra")
    if sum([peaks is not None, xy_text is not None, spectra]) != 1:
        raise ParameterError("give exactly one of --peaks, --xy or --spectra")
    if xy_text is not None:
        return {"primaries_xy": _xy_list(xy_text)}
    if spectra:
        if len(files) < 3:
            raise ParameterError(f"--spectra: expected at least 3 files, got {len(files)}")
        return {"spectra": [read_spectrum(p) for p in files]}
    centers = parse_floats(peaks, "--peaks")
    if len(centers) < 3:
        raise ParameterError(f"--peaks: expected at least 3 wavelengths, got {peaks!r}")
    _check_peaks(centers, "--peaks")
    widths = parse_floats(fwhm, "--fwhm")
    if len(widths) not in (1, len(centers)):
        raise ParameterError(
            f"--fwhm: expected 1 or {len(centers)} comma-separated widths, got {fwhm!r}"
        )
    return {"line_peaks_nm": centers, "line_fwhm_nm": widths}


def _print_gamut(report) -> None:
    """Rich table of a :class:`peled.color.gamut.GamutReport`."""
    from rich.table import Table

    metrics = report.metrics
    table = Table(title=f"Gamut in CIE {'1931 xy' if report.space == 'xy' else '1976 u′v′'}")
    for col in ("standard", "area ratio (%)", "coverage (%)"):
        table.add_column(col, justify="right" if col != "standard" else "left")
    for key in metrics["area_ratio_pct"]:
        table.add_row(key, fmt(metrics["area_ratio_pct"][key]), fmt(metrics["coverage_pct"][key]))
    console.print("primaries (x, y): "
                  + "; ".join(f"({a:.4f}, {b:.4f})" for a, b in report.primaries_xy))
    console.print(table)


@color_app.command("cct")
def cct_cmd(
    xy_text: str = typer.Option(..., "--xy", help="Chromaticity 'x,y' (CIE 1931)."),
    method: str = typer.Option(
        "ohno", "--method", help="ohno (2013), robertson (1968) or mccamy (1992)."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Correlated colour temperature and Duv of a chromaticity.

    Example: peled color cct --xy 0.3127,0.3290 --json
    """
    import warnings

    from peled.color import cct_duv
    from peled.color.summary import CCT_DUV_LIMIT

    if method not in ("ohno", "robertson", "mccamy"):
        raise ParameterError(f"--method must be ohno, robertson or mccamy, got {method!r}")
    point = parse_floats(xy_text, "--xy", 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # colour's out-of-table warnings; checked below
        _, duv_ohno = cct_duv(point, method="ohno")
        if abs(duv_ohno) > CCT_DUV_LIMIT:
            raise ParameterError(
                f"--xy {point[0]:g},{point[1]:g} lies |Duv| = {abs(duv_ohno):.3f} from the "
                f"Planckian locus; a CCT is defined only for |Duv| <= {CCT_DUV_LIMIT:g} "
                "(CIE 015:2018 sec. 9.5)"
            )
        cct_k, duv = cct_duv(point, method=method)
    emit({"cct_k": cct_k, "duv": duv, "method": method}, as_json, "CCT")


@color_app.command("cri")
def cri_cmd(
    path: Path = typer.Argument(..., help="Spectrum text file of a white source."),
    as_json: bool = JSON_OPT,
) -> None:
    """CIE 13.3 colour rendering index: Ra and R1-R14 (plus the source's CCT and Duv).

    The CRI compares with a reference illuminant of the same CCT, so it is meaningful only
    near the Planckian locus: for |Duv| > 0.05 a warning is printed and cct_k is null.

    Example: peled color white --cct 4000 -o white.csv && peled color cri white.csv
    """
    from peled.color import cri
    from peled.color.cri import CRI_DUV_LIMIT
    from peled.spectra import read_spectrum

    res = cri(read_spectrum(path))
    if not res.valid:
        duv = "undefined" if res.duv is None else f"{abs(res.duv):.3f}"
        warn(
            f"{path.name}: |Duv| = {duv} > {CRI_DUV_LIMIT:g}; the source is not a white near "
            "the Planckian locus and its CRI is not meaningful (CIE 13.3-1995)"
        )
    result = {"ra": res.ra, "ri": list(res.ri), "cct_k": res.cct_k, "duv": res.duv}
    if as_json:
        print_json(result)
    else:
        rows = {"Ra": res.ra, **{f"R{i + 1}": v for i, v in enumerate(res.ri)}}
        emit({**rows, "CCT (K)": res.cct_k, "Duv": res.duv}, False, path.name)


@color_app.command("white")
def white_cmd(
    blue: str = typer.Option(
        None, "--blue", help="Blue 'peak,fwhm' in nm (default 450,20; with --rgb 467,20)."
    ),
    green: str = typer.Option(
        None,
        "--green",
        help="Green 'peak,fwhm,plqy' (default 530,20,0.9; with --rgb 'peak,fwhm' 532,20).",
    ),
    red: str = typer.Option(
        None,
        "--red",
        help="Red 'peak,fwhm,plqy' (default 630,25,0.8; with --rgb 'peak,fwhm' 630,20).",
    ),
    cct: float = typer.Option(None, "--cct", help="Target CCT in K on the Planckian locus."),
    target_xy: str = typer.Option(None, "--xy", help="Target chromaticity 'x,y' (default D65)."),
    rgb: bool = typer.Option(
        False, "--rgb", help="Mix three emitters 'peak,fwhm' instead of blue + converters."
    ),
    shape: str = SHAPE_OPT,
    filters: tuple[Path, Path, Path] | None = typer.Option(
        None,
        "--filters",
        help="Three colour-filter transmission files (0-1), in the order R G B "
        "(default: ideal box filters).",
        show_default=False,
    ),
    out: Path = typer.Option(
        None, "-o", "--out", help="Also write the white spectrum to this CSV file."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Mix a white from a blue LED + green/red down-converters (or RGB emitters).

    Solves the absorbed fractions (converters) or radiant-power weights (--rgb) that
    hit the target white; reports CCT, Duv, CRI Ra, LER and the gamut behind the colour
    filters (ideal box filters split where adjacent components cross, or --filters).

    Example: peled color white --blue 450,20 --green 530,20,0.9 --red 630,25,0.8 --cct 6500 --json
    """
    from peled.spectra import read_spectrum

    if cct is not None and target_xy is not None:
        raise ParameterError("give --cct or --xy, not both")
    target = None if target_xy is None else parse_floats(target_xy, "--xy", 2)
    # filter files are given R G B; the library takes B, G, R
    filter_spectra = [read_spectrum(f) for f in reversed(filters)] if filters else None
    mix = _mix_white(blue, green, red, rgb, target, cct, shape, filter_spectra)
    if out is not None:
        _write_spectrum(out, mix.spectrum, "spectral power (W/nm per W)")
    if as_json:
        print_json(mix.as_dict())
    else:
        emit(_white_rows(mix), False, "white mix")


def _mix_white(blue, green, red, rgb: bool, target, cct, shape, filter_spectra):
    """One call of white_from_rgb (--rgb) or white_from_converters with the parsed options."""
    from peled.color import white_from_converters, white_from_rgb

    if rgb:
        # three emitters 'peak,fwhm'; defaults are the Rec.2020 wavelengths (library defaults)
        kwargs = {
            name: tuple(parse_floats(text, f"--{name}", 2))
            for name, text in (("red", red), ("green", green), ("blue", blue))
            if text is not None
        }
        return white_from_rgb(**kwargs, target_xy=target, target_cct_k=cct, shape=shape,
                              filters=filter_spectra)
    return white_from_converters(
        blue=parse_floats(blue or "450,20", "--blue", 2),
        green=parse_floats(green or "530,20,0.9", "--green", 3),
        red=parse_floats(red or "630,25,0.8", "--red", 3),
        target_xy=target, target_cct_k=cct, shape=shape, filters=filter_spectra,
    )


def _white_rows(mix) -> dict:
    """Human-readable rows of a :class:`peled.color.WhiteMix`."""
    rows = {f"weight {k}": v for k, v in mix.weights.items()}
    if mix.absorbed_fraction:
        rows.update({f"absorbed by {k}": v for k, v in mix.absorbed_fraction.items()})
    rows.update({
        "x": mix.x,
        "y": mix.y,
        "CCT (K)": mix.cct_k,
        "Duv": mix.duv,
        "Ra": mix.ra,
        "LER (lm/W)": mix.ler_lm_per_w,
        "Rec.2020 coverage behind filters (%)": mix.gamut["coverage_pct"]["rec2020"],
    })
    return rows


def _write_spectrum(path: Path, spectrum, intensity_label: str) -> None:
    """Write a two-column CSV (readable by ``peled color file``), atomically."""
    with atomic_path(path) as tmp:
        lines = [f"wavelength (nm),{intensity_label}"]
        lines += [
            f"{w:.6g},{v:.10g}"
            for w, v in zip(spectrum.wavelength_nm, spectrum.intensity, strict=True)
        ]
        tmp.write_text("\n".join(lines) + "\n")


def register(app: typer.Typer) -> None:
    app.add_typer(color_app, name="color")
