"""``peled display ...``: PPI, sidewalls, pixelation-loss fits, pixel drive, panel colour/power."""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import (
    JSON_OPT,
    console,
    emit,
    kv_table,
    parse_floats,
    parse_white,
    print_json,
)
from peled.errors import ParameterError

display_app = typer.Typer(
    help="Pixels and displays: PPI/pitch, sidewalls, pixelation loss, drive, panel colour/power.",
    no_args_is_help=True,
)

COLOURS = ("red", "green", "blue")


def _resolution(text: str) -> tuple[float, float]:
    parts = text.lower().replace(" ", "").split("x")
    try:
        w, h = (float(p) for p in parts)
    except ValueError:
        raise ParameterError(
            f"--resolution: expected WIDTHxHEIGHT in pixels, e.g. 3840x2160, got {text!r}"
        ) from None
    return w, h


def _aspect(text: str) -> tuple[float, float]:
    parts = text.replace(" ", "").split(":")
    try:
        w, h = (float(p) for p in parts)
    except ValueError:
        raise ParameterError(f"--aspect: expected W:H, e.g. 16:9, got {text!r}") from None
    return w, h


def _flat(result: dict, prefix: str = "") -> dict:
    """Nested dicts -> 'key.sub' rows and arrays -> lists, for the Rich table."""
    rows = {}
    for k, v in result.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            rows.update(_flat(v, f"{name}."))
        elif hasattr(v, "tolist"):
            rows[name] = v.tolist()
        else:
            rows[name] = v
    return rows


def _show(result: dict, as_json: bool, title: str) -> None:
    if as_json:
        print_json(result)
    else:
        console.print(kv_table(title, _flat(result)))


@display_app.command("ppi")
def ppi_cmd(
    resolution: str = typer.Option(
        ..., "--resolution", help="Pixels WIDTHxHEIGHT, e.g. 3840x2160."
    ),
    diagonal_in: float = typer.Option(
        None, "--diagonal-in", help="Panel diagonal in inches (square pixels assumed)."
    ),
    width_in: float = typer.Option(None, "--width-in", help="Physical width in inches."),
    height_in: float = typer.Option(None, "--height-in", help="Physical height in inches."),
    as_json: bool = JSON_OPT,
) -> None:
    """Pixel density (Zhao et al. (2025) eqn 1) and pitch from resolution and diagonal or size.

    Example: peled display ppi --resolution 3840x2160 --diagonal-in 0.7 --json
    """
    from peled.display.geometry import pitch_um_from_ppi, ppi_from_resolution, ppi_from_size

    w, h = _resolution(resolution)
    if diagonal_in is not None and (width_in is None and height_in is None):
        ppi = ppi_from_resolution(w, h, diagonal_in)
    elif diagonal_in is None and width_in is not None and height_in is not None:
        ppi = ppi_from_size(w, h, width_in, height_in)
    else:
        raise ParameterError("give either --diagonal-in, or both --width-in and --height-in")
    emit({"ppi": ppi, "pitch_um": pitch_um_from_ppi(ppi)}, as_json, f"{resolution} pixels")


@display_app.command("sidewall")
def sidewall_cmd(
    ppi: str = typer.Option(..., "--ppi", help="Pixel densities, comma-separated."),
    thickness_nm: float = typer.Option(50.0, "--thickness-nm", help="Emissive-layer thickness."),
    fill: float = typer.Option(1.0, "--fill", help="Emitting fraction of each pixel (0-1]."),
    ppi_ref: float = typer.Option(1.0, "--ppi-ref", help="Reference PPI of the ratio."),
    as_json: bool = JSON_OPT,
) -> None:
    """Total sidewall area vs PPI (Zhao et al. (2025) Fig. 5c) and perimeter-to-area ratio.

    Example: peled display sidewall --ppi 1,100,1000,10000 --thickness-nm 50 --json
    """
    from peled.display.geometry import (
        perimeter_to_area_per_um,
        relative_sidewall_area,
        sidewall_area_ratio,
    )
    from peled.validation import positive_array

    values = parse_floats(ppi, "--ppi")
    positive_array("--ppi", values)
    positive_array("--ppi-ref", ppi_ref)
    result = {
        "ppi": values,
        "relative_sidewall_area": [relative_sidewall_area(v, ppi_ref, thickness_nm, fill)
                                   for v in values],
        "sidewall_area_per_panel_area": [sidewall_area_ratio(v, thickness_nm, fill)
                                         for v in values],
        "perimeter_to_area_per_um": [perimeter_to_area_per_um(v, fill) for v in values],
    }
    emit(result, as_json, f"sidewalls, t = {thickness_nm:g} nm, relative to {ppi_ref:g} PPI")


@display_app.command("edge-fit")
def edge_fit_cmd(
    pitch_um: str = typer.Option(None, "--pitch-um", help="Pixel pitches in um, comma-separated."),
    ppi: str = typer.Option(None, "--ppi", help="Or pixel densities, comma-separated."),
    eqe_pct: str = typer.Option(None, "--eqe-pct", help="EQE (%) at each pitch."),
    group: str = typer.Option(
        None, "--group", help="Series label of each point (e.g. r,r,r,g,g,g): shared edge."
    ),
    laser_series: bool = typer.Option(
        False, "--laser-series",
        help="Fit the laser-patterned RGB series of Ma et al., Adv. Funct. Mater. 35, 2413811 "
             "(2025) (Zhao et al., Commun. Mater. 2025, Table 1, ref. 22).",
    ),
    seed004: bool = typer.Option(
        False, "--seed004", hidden=True, help="Deprecated alias of --laser-series."
    ),
    model: str = typer.Option(
        "dead-edge", "--model", help="dead-edge (width delta) or recombination (S tau)."
    ),
    fill: float = typer.Option(1.0, "--fill", help="Emitting fraction of each pixel (0-1]."),
    predict_ppi: float = typer.Option(None, "--predict-ppi", help="Predict EQE at this PPI."),
    as_json: bool = JSON_OPT,
) -> None:
    """Fit the pixelation loss EQE(pitch): a dead edge of width delta (or edge recombination).

    Example: peled display edge-fit --pitch-um 12.7,8.467,5.08 --eqe-pct 21,19.4,11 --json

    Built-in series: peled display edge-fit --laser-series --predict-ppi 4000 --json
    """
    from peled.display.pixelation import PIXELATION_MODELS, fit_pixelation_loss

    if seed004:
        typer.echo("note: --seed004 is deprecated; use --laser-series", err=True)
    if model not in PIXELATION_MODELS:
        raise ParameterError(f"--model must be dead-edge or recombination, got {model!r}")
    pitches, eqes, labels = _edge_points(pitch_um, ppi, eqe_pct, group, laser_series or seed004)
    result = fit_pixelation_loss(pitches, eqes, labels, model, fill, predict_ppi)
    _show(result.as_dict(), as_json, f"pixelation loss fit ({model})")


def _edge_points(pitch_um, ppi, eqe_pct, group, laser_series: bool):
    """(pitches in um, EQEs in %, labels) from the edge-fit options."""
    from peled.display.geometry import UM_PER_INCH
    from peled.display.pixelation import laser_series_points
    from peled.validation import positive_array

    if laser_series:
        if pitch_um or ppi or eqe_pct or group:
            raise ParameterError("--laser-series uses the built-in series; drop --pitch-um/"
                                 "--ppi/--eqe-pct/--group")
        return laser_series_points()
    if eqe_pct is None or (pitch_um is None) == (ppi is None):
        raise ParameterError("give --eqe-pct and exactly one of --pitch-um or --ppi "
                             "(or --laser-series)")
    if pitch_um is not None:
        pitches = parse_floats(pitch_um, "--pitch-um")
    else:
        pitches = list(UM_PER_INCH / positive_array("--ppi", parse_floats(ppi, "--ppi")))
    labels = None if group is None else [g.strip() for g in group.split(",")]
    return pitches, parse_floats(eqe_pct, "--eqe-pct"), labels


@display_app.command("pixel")
def pixel_cmd(
    ppi: float = typer.Option(..., "--ppi", help="Pixel density (square pixels)."),
    luminance: float = typer.Option(..., "--luminance", help="Target luminance in cd/m2."),
    ce: float = typer.Option(None, "--ce", help="Current efficiency in cd/A."),
    eqe: float = typer.Option(None, "--eqe", help="Or EQE in % (with --peak-nm, --fwhm-nm)."),
    peak_nm: float = typer.Option(None, "--peak-nm", help="Emission peak for --eqe."),
    fwhm_nm: float = typer.Option(20.0, "--fwhm-nm", help="Emission FWHM for --eqe."),
    fill: float = typer.Option(
        1.0, "--fill", help="Emitting fraction of the pixel (0-1]; 1 = whole pitch square."
    ),
    overdrive_v: float = typer.Option(
        2.0, "--overdrive-v", help="Assumed V_GS - V_th of the drive TFT for its W/L."
    ),
    design_rule_um: float = typer.Option(2.0, "--design-rule-um", help="Minimum feature (um)."),
    area_fraction: float = typer.Option(
        0.5, "--area-fraction", help="Pixel-area fraction available to the drive TFT."
    ),
    slope_factor: float = typer.Option(
        1.0, "--slope-factor", help="TFT subthreshold slope factor n >= 1 (SS = n 60 mV/dec)."
    ),
    leakage_a: float = typer.Option(1e-12, "--leakage-a", help="Switch-TFT leakage (A)."),
    frame_hz: float = typer.Option(60.0, "--frame-hz", help="Frame rate for C_st."),
    as_json: bool = JSON_OPT,
) -> None:
    """Current and current density of one single-colour pixel; drive TFT (LTPS, IGZO) and C_st.

    tft_w_over_l is the square-law W/L at --overdrive-v.  Where that transistor does not fit
    the pixel, the output also gives the longest channel that fits, the gate overdrive the
    current needs there (all-region EKV model; negative = below threshold) and its inversion
    regime, and tft_note explains the result.  Defaults for --overdrive-v, --design-rule-um,
    --area-fraction, --slope-factor and --leakage-a are illustrative assumptions (see
    peled.display.drive); set them for a real process.

    Example: peled display pixel --ppi 3000 --luminance 1000 --ce 59 --fill 0.3 --json
    """
    from peled.display.pixel_design import design_pixel

    _check_pixel_options(ce, eqe, peak_nm, frame_hz, slope_factor)
    if not 0 < ppi <= 1e6:  # 1e6 PPI = 25 nm pitch, below any emissive pixel
        raise ParameterError(f"--ppi must be in (0, 1e6] (a pitch of at least 25 nm), "
                             f"got {ppi!r}")
    design = design_pixel(ppi, luminance, ce, eqe, peak_nm, fwhm_nm, fill, overdrive_v,
                          design_rule_um, area_fraction, slope_factor, leakage_a, frame_hz)
    result = design.as_dict()
    if as_json:
        print_json(result)
        return
    del result["tft_note"], result["storage_capacitor_note"]
    console.print(kv_table(f"pixel at {ppi:g} PPI, {luminance:g} cd/m2", _flat(result)))
    for text in design.notes():
        console.print(text)


def _check_pixel_options(ce, eqe, peak_nm, frame_hz, slope_factor) -> None:
    """Option-level checks of ``peled display pixel`` (messages name the options)."""
    from peled.validation import positive_array

    if (ce is None) == (eqe is None):
        raise ParameterError("give exactly one of --ce (cd/A) or --eqe (%, with --peak-nm)")
    if eqe is not None and peak_nm is None:
        raise ParameterError("--eqe needs --peak-nm (and optionally --fwhm-nm)")
    if eqe is not None and not 0 < eqe <= 100:
        raise ParameterError(f"--eqe must be in (0, 100] %, got {eqe!r}")
    positive_array("--frame-hz", frame_hz)
    if not (slope_factor >= 1.0 and slope_factor < float("inf")):
        raise ParameterError(f"--slope-factor must be a finite number >= 1, got {slope_factor!r}")


def _primary(text: str, name: str, shape: str):
    """'peak,fwhm,eqe' -> line spectrum; 'path,eqe' -> spectrum file."""
    from peled.spectra import line_spectrum, read_spectrum

    parts = [p.strip() for p in text.split(",")]
    try:
        float(parts[0])
    except ValueError:
        if len(parts) != 2:
            raise ParameterError(f"{name}: expected 'peak_nm,fwhm_nm,eqe_pct' or "
                                 f"'spectrum_file,eqe_pct', got {text!r}") from None
        return read_spectrum(Path(parts[0])), parse_floats(parts[1], name, 1)[0]
    peak, fwhm, eqe = parse_floats(text, name, 3)
    if peak <= 0 or fwhm <= 0:
        raise ParameterError(f"{name}: peak_nm and fwhm_nm must be > 0, got {text!r}")
    return line_spectrum(peak, fwhm, shape), eqe


@display_app.command("panel")
def panel_cmd(
    red: str = typer.Option(..., "--red", help="'peak_nm,fwhm_nm,eqe_pct' or 'file,eqe_pct'."),
    green: str = typer.Option(..., "--green", help="As --red."),
    blue: str = typer.Option(..., "--blue", help="As --red."),
    white: str = typer.Option("D65", "--white", help="White point: illuminant name or 'x,y'."),
    luminance: float = typer.Option(500.0, "--luminance", help="Full-white luminance, cd/m2."),
    diagonal_in: float = typer.Option(
        0.7, "--diagonal-in", help="Panel diagonal in inches (default: 0.7-in microdisplay)."
    ),
    aspect: str = typer.Option("16:9", "--aspect", help="Panel aspect ratio W:H."),
    drive_v: str = typer.Option(
        "5", "--drive-v", help="Drive voltage(s) 'V' or 'Vr,Vg,Vb' (assumed 5 V)."
    ),
    shape: str = typer.Option("gaussian", "--shape", help="Line shape for the triples."),
    image: Path = typer.Option(None, "--image", help="PNG (sRGB) content for content_power_w."),
    content_mode: str = typer.Option(
        "native", "--content-mode",
        help="native: image RGB drives the panel primaries; managed: sRGB colours re-expressed "
             "on the panel primaries (out-of-gamut clipped).",
    ),
    apl: float = typer.Option(None, "--apl", help="Average picture level (0-1) for apl_power_w."),
    ppi: float = typer.Option(
        None, "--ppi", help="Pixel density: adds per-sub-pixel currents at full white."
    ),
    layout: str = typer.Option("stripe", "--layout", help="Sub-pixel layout: stripe or pentile."),
    gap_um: float = typer.Option(0.0, "--gap-um", help="Design-rule gap between emitters (um)."),
    as_json: bool = JSON_OPT,
) -> None:
    """Panel primaries, gamut, white balance and power from R, G, B emitters.

    Power is for a full-white screen at --luminance on a panel of --diagonal-in and
    --aspect (defaults 0.7 in, 16:9), plus optional content (--image) or --apl.

    Example: peled display panel --red 635,25,17 --green 520,20,21 --blue 470,20,6
    --white D65 --luminance 500 --json

    Content example (bundled 64x36 test pattern): add
    --image src/peled/data/examples/display/test_pattern_64x36.png

    Per-sub-pixel currents at full white: add --ppi 3000 [--layout pentile] [--gap-um 1].
    """
    from peled.display.image import read_image_linear_rgb
    from peled.display.panel import PanelDesign
    from peled.display.panel_report import assess_panel

    if content_mode not in ("native", "managed"):
        raise ParameterError(f"--content-mode must be native or managed, got {content_mode!r}")
    if layout not in ("stripe", "pentile"):
        raise ParameterError(f"--layout must be stripe or pentile, got {layout!r}")
    if not 0 <= gap_um < float("inf"):
        raise ParameterError(f"--gap-um must be a finite number >= 0, got {gap_um!r}")
    spectra, eqes = _primaries(red, green, blue, shape)
    design = PanelDesign(spectra, eqes, _three(drive_v, "--drive-v"))
    rgb = None if image is None else read_image_linear_rgb(image)
    report = assess_panel(design, parse_white(white), luminance, diagonal_in, _aspect(aspect),
                          rgb, None if image is None else str(image), content_mode, apl, ppi,
                          layout, gap_um)
    _show(report.as_dict(), as_json, "panel")


def _primaries(red: str, green: str, blue: str, shape: str) -> tuple[tuple, tuple]:
    """(spectra, EQEs in %) of the --red/--green/--blue options."""
    prims = [_primary(t, f"--{c}", shape) for c, t in zip(COLOURS, (red, green, blue),
                                                          strict=True)]
    return tuple(s for s, _ in prims), tuple(e for _, e in prims)


def _three(text: str, name: str) -> tuple[float, float, float]:
    """'v' or 'vr,vg,vb' -> three floats."""
    values = parse_floats(text, name)
    if len(values) not in (1, 3):
        raise ParameterError(f"{name}: expected 1 or 3 numbers, got {text!r}")
    return tuple(values * 3 if len(values) == 1 else values)


@display_app.command("ageing")
def ageing_cmd(
    red: str = typer.Option(..., "--red", help="'peak_nm,fwhm_nm,eqe_pct' or 'file,eqe_pct'."),
    green: str = typer.Option(..., "--green", help="As --red."),
    blue: str = typer.Option(..., "--blue", help="As --red."),
    t50_h: str = typer.Option(..., "--t50-h", help="T50 of R,G,B in hours at --ref-luminance."),
    ref_luminance: float = typer.Option(
        1000.0, "--ref-luminance", help="Luminance (cd/m2) at which the T50 were measured."
    ),
    n: str = typer.Option(
        "1.65", "--n", help="Acceleration exponent(s); Jang et al. 2025: n = 1.65."
    ),
    luminance: float = typer.Option(500.0, "--luminance", help="White luminance, cd/m2."),
    fill: float = typer.Option(1 / 3, "--fill", help="Panel-area fraction of each colour."),
    white: str = typer.Option("D65", "--white", help="White point."),
    jnd: float = typer.Option(0.005, "--jnd", help="Delta u'v' threshold."),
    shape: str = typer.Option("gaussian", "--shape", help="Line shape for the triples."),
    as_json: bool = JSON_OPT,
) -> None:
    """White-point drift from per-primary lifetimes; time until Delta u'v' reaches the JND.

    Example: peled display ageing --red 635,25,17 --green 520,20,21 --blue 470,20,6
    --t50-h 1000,2000,200 --luminance 500 --json
    """
    from peled.display.panel import PanelDesign, PrimaryLifetime
    from peled.display.panel_report import white_point_ageing

    spectra, eqes = _primaries(red, green, blue, shape)
    t50 = parse_floats(t50_h, "--t50-h", 3)
    lives = [PrimaryLifetime(t, ref_luminance, k)
             for t, k in zip(t50, _three(n, "--n"), strict=True)]
    ageing = white_point_ageing(PanelDesign(spectra, eqes), lives, parse_white(white), luminance,
                                fill, jnd)
    _show(ageing.as_dict(), as_json, "white-point ageing")


def register(app: typer.Typer) -> None:
    app.add_typer(display_app, name="display")
