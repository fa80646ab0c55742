"""``peled characterize sclc|admittance|arrhenius|cv|ta|formation``.

Trap and ion-migration characterisation: SCLC trap densities, admittance trap DOS with
thermal-admittance activation energies, Mott-Schottky C-V, Arrhenius fits, defect
formation energies / transition levels / equilibrium Fermi level, TA kinetic traces.
Each command parses its arguments, makes one call into :mod:`peled.characterize` and
renders the result's ``as_dict()``.

The old spellings ``peled sclc``, ``peled admittance``, ``peled arrhenius`` and
``peled defects cv|formation|ta`` remain as hidden aliases for one release; they print
a one-line deprecation note on stderr and otherwise behave identically.
"""

from __future__ import annotations

import functools
from pathlib import Path

import typer

from peled.cli._common import JSON_OPT, console, emit, fmt, print_json, save_figure, warn

characterize_app = typer.Typer(
    help="Trap and ion characterisation: SCLC, admittance, C-V, Arrhenius, TA, "
    "defect formation energies.",
    no_args_is_help=True,
)

_PLOT = typer.Option(None, "--plot", help="Also write a figure to this path (.png, .svg or .pdf).")


def _save(fig, path: Path) -> None:
    save_figure(fig, path, "--plot", dpi=120)


# ----------------------------------------------------------------------------- sclc
def sclc_cmd(
    file: Path = typer.Argument(..., help="Dark single-carrier J-V csv (V, mA/cm2 or A/m2)."),
    thickness_nm: float = typer.Option(..., "--thickness-nm", help="Perovskite thickness L."),
    eps_r: float = typer.Option(..., "--eps-r", help="Relative permittivity of the layer."),
    vbi: float = typer.Option(0.0, "--vbi", help="Built-in voltage for the Mott-Gurney fit."),
    area_cm2: float = typer.Option(None, "--area-cm2", help="Area, if the file holds a current."),
    pulsed: Path = typer.Option(
        None, "--pulsed",
        help="Pulsed-voltage J-V csv of the same device (compared with the DC sweep of FILE).",
    ),
    trap_depth_ev: float = typer.Option(
        None, "--trap-depth-ev",
        help="Trap depth below the contact Fermi level (eV): correct V_TFL for the "
             "contact-filled layer (thin films).",
    ),
    plot: Path = _PLOT,
    as_json: bool = JSON_OPT,
) -> None:
    """SCLC analysis: regions, V_TFL (+- stderr), N_t (Jiang et al. 2024 eqn 13), mobility.

    Example: `peled characterize sclc sclc_hole_only.csv --thickness-nm 300 --eps-r 25 --json`.
    V_TFL is the intersection of the ohmic and trap-filled-limit tangents; it is null
    when the data show no trap-filled region.  Forward and reverse sweeps are analysed
    separately (keys of the first forward sweep at the top level).

    Pulsed vs DC (mobile ions, Duijnstee et al. ACS Energy Lett. 2020): label rows with a
    `mode` column (dc, steady-state, pulsed, pulse; a `sweep` column or the same label may
    add forward/fwd/up or reverse/rev/down, e.g. `pulsed-forward`), or give the pulsed
    curve as a second file with --pulsed.  Each mode is analysed separately; the top
    level stays the DC forward sweep, `modes` holds every mode and `pulsed_vs_dc` the
    V_TFL / N_t per mode and the relative current difference DC vs pulsed.
    Example: `peled characterize sclc sclc_pulsed_dc.csv --thickness-nm 300 --eps-r 25 --json`.

    Thin films: carriers from ohmic contacts fill the traps near them at zero bias, so
    V_TFL falls below Lampert's value; --trap-depth-ev DE reports
    V_TFL = (V_TFL,app^1/2 + DE^1/2)^2 (`v_tfl_corrected_v`) and N_t from it.
    """
    from peled.characterize.sclc import analyze_files
    from peled.errors import require_positive

    thickness_m = require_positive("--thickness-nm", thickness_nm) * 1e-9
    result = analyze_files(file, thickness_m, eps_r, vbi, area_cm2, pulsed, trap_depth_ev)
    out = result.as_dict()
    if plot is not None:
        from peled.report.characterize_figures import sclc_figure

        _save(sclc_figure(result), plot)
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    rows = {k: out[k] for k in ("v_tfl_v", "v_tfl_stderr_v", "trap_density_cm3",
                                "mobility_cm2_vs", "hysteresis_index")}
    if out["v_tfl_corrected_v"] is not None:
        rows["v_tfl_corrected_v"] = out["v_tfl_corrected_v"]
    cmp = out["pulsed_vs_dc"]
    if cmp is not None:
        rows.update({f"pulsed vs dc: {k}": cmp[k] for k in (
            "v_tfl_pulsed_v", "trap_density_pulsed_cm3", "current_difference_rel",
            "ions_indicated")})
    emit(rows, False, f"SCLC: {file.name} ({out['measurement_mode']})")
    from rich.table import Table

    table = Table(title=f"regions (first forward {out['measurement_mode']} sweep)")
    for c in ("kind", "v_start", "v_end", "slope"):
        table.add_column(c)
    for r in out["regions"]:
        table.add_row(r["kind"], fmt(r["v_start"]), fmt(r["v_end"]), fmt(r["slope"]))
    console.print(table)


# ----------------------------------------------------------------------------- admittance
def admittance_cmd(
    files: list[Path] = typer.Argument(..., help="C-f (or impedance) csv files, one per T."),
    vbi: float = typer.Option(
        None, "--vbi", help="Built-in voltage V_bi (V); with --cv default: Mott-Schottky V_bi.",
    ),
    w_nm: float = typer.Option(None, "--w-nm", help="Depletion width W (nm)."),
    w0: float = typer.Option(
        None, "--w0",
        help="Attempt-to-escape angular frequency w0 (1/s); default: from thermal admittance.",
    ),
    eps_r: float = typer.Option(
        None, "--eps-r",
        help="Derive W = eps0 eps_r / C (C_hf of the spectra, or C-V at --bias-v).",
    ),
    cv: Path = typer.Option(
        None, "--cv",
        help="C-V csv (V, C per area or C + area): W = eps0 eps_r / C(bias), Mott-Schottky.",
    ),
    bias_v: float = typer.Option(0.0, "--bias-v", help="Bias of the admittance data (C-V W)."),
    cv_vmin: float = typer.Option(None, "--cv-vmin", help="Mott-Schottky fit from this V."),
    cv_vmax: float = typer.Option(None, "--cv-vmax", help="Mott-Schottky fit up to this V."),
    area_cm2: float = typer.Option(None, "--area-cm2", help="Area for absolute C or Z."),
    smooth: int = typer.Option(
        0, "--smooth", min=0,
        help="Moving average over this many points of C before dC/dln(w) (noisy data: 5).",
    ),
    plot: Path = _PLOT,
    as_json: bool = JSON_OPT,
) -> None:
    """Trap DOS N_t(E_w) (Walter et al. 1996) and thermal-admittance E_a, w0.

    Example: `peled characterize admittance admittance_*K.csv --vbi 1.0 --w-nm 200 --json`.
    `ea_ev` comes from the Arrhenius plot ln(w_c/T^2) vs 1/T of the peak frequencies of
    -w dC/dw; `w0_rad_s` is the attempt ANGULAR frequency w0 = xi0 T^2 in rad/s at the
    mean temperature, the same quantity as --w0; `w0_hz` carries the same value and is
    deprecated (kept one release; it is not w0/2pi); E_w = kT ln(w0 / (2 pi f)).
    `peak_frequency_hz` are ordinary frequencies f.  `energy_ev`/`dos_cm3_ev` merge all
    temperatures.

    W: --w-nm, or --eps-r with either --cv FILE (W = eps0 eps_r / C at --bias-v, default
    0 V, from a C-V sweep; its Mott-Schottky fit (Sze & Ng) gives `cv.doping_cm3` and
    `cv.v_bi_v`, used for V_bi when --vbi is not given) or the highest-frequency C of
    each spectrum.  Example:
    `peled characterize admittance admittance_*K.csv --cv cv_mott_schottky.csv --eps-r 25 --json`.
    """
    from peled.characterize.admittance import analyze

    result = analyze(files, vbi, None if w_nm is None else w_nm * 1e-9, w0, eps_r, cv, bias_v,
                     cv_vmin, cv_vmax, area_cm2, smooth)
    out = result.as_dict()
    if plot is not None:
        from peled.report.characterize_figures import admittance_figure

        _save(admittance_figure(result), plot)
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    emit({k: out[k] for k in ("ea_ev", "ea_stderr_ev", "w0_rad_s", "peak_energy_ev",
                              "integrated_density_cm3", "v_bi_v", "depletion_width_nm")},
         False, "admittance")


# ----------------------------------------------------------------------------- cv
def cv_cmd(
    file: Path = typer.Argument(..., help="C-V csv: voltage (V) and C (F/cm2, nF/cm2 or F, nF)."),
    eps_r: float = typer.Option(..., "--eps-r", help="Relative permittivity of the layer."),
    bias_v: float = typer.Option(0.0, "--bias-v", help="Bias for the depletion width W."),
    v_min: float = typer.Option(None, "--v-min", help="Fit 1/C^2 from this voltage."),
    v_max: float = typer.Option(None, "--v-max", help="Fit 1/C^2 up to this voltage."),
    kt_terms: int = typer.Option(
        0, "--kt-terms", min=0, max=2,
        help="m in V_bi = V_intercept + m kT/q: 0 depletion approx., 1 Schottky, 2 p-n.",
    ),
    thickness_nm: float = typer.Option(None, "--thickness-nm", help="Flag full depletion."),
    area_cm2: float = typer.Option(None, "--area-cm2", help="Area, if C is absolute."),
    plot: Path = _PLOT,
    as_json: bool = JSON_OPT,
) -> None:
    """Mott-Schottky analysis: doping density and V_bi from 1/C^2 vs V; W at a bias.

    Example: `peled characterize cv cv_mott_schottky.csv --eps-r 25 --json`.
    1/C^2 = 2 (V_bi - V - m kT/q) / (q eps0 eps_r N) (Sze & Ng, Physics of Semiconductor
    Devices): N from the slope, V_bi from the intercept; W = eps0 eps_r / C(bias).
    """
    from peled.characterize.mott_schottky import analyze_cv_file

    result = analyze_cv_file(file, eps_r, area_cm2, v_min, v_max, kt_terms,
                             None if thickness_nm is None else thickness_nm * 1e-9, bias_v)
    out = result.as_dict()
    if plot is not None:
        from peled.report.characterize_figures import cv_figure

        _save(cv_figure(result), plot)
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    emit({k: out[k] for k in ("doping_cm3", "doping_stderr_cm3", "v_bi_v", "v_bi_stderr_v",
                              "depletion_width_nm", "r2")}, False, f"Mott-Schottky: {file.name}")


# ----------------------------------------------------------------------------- arrhenius
def arrhenius_cmd(
    file: Path = typer.Argument(..., help="csv: 'T (K)' or 'T (degC)', then the quantity."),
    as_json: bool = JSON_OPT,
) -> None:
    """Arrhenius fit with standard errors and the valid temperature range.

    Example: `peled characterize arrhenius arrhenius_conductivity.csv --json`.  A
    conductivity column (S/m, S/cm) is fitted as ln(sigma T) (prefactor in S K/m),
    anything else (rate 1/s, diffusion coefficient m2/s or cm2/s, ...) as ln y
    (prefactor in SI).
    """
    from peled.characterize.arrhenius import analyze_arrhenius_file

    out = analyze_arrhenius_file(file).as_dict()
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    emit({k: v for k, v in out.items() if k != "warnings"}, False, f"Arrhenius: {file.name}")


# ----------------------------------------------------------------------------- formation
def formation_cmd(
    input_toml: Path = typer.Argument(..., help="Defect input TOML (host, mu_i, defects)."),
    plot: Path = _PLOT,
    as_json: bool = JSON_OPT,
) -> None:
    """Transition levels and the self-consistent equilibrium Fermi level.

    Example: `peled characterize formation defects.toml --json`.  Formation energies
    follow Jiang et al. (Nanoscale 2024) eqn (4) with n_i = atoms ADDED (vacancy: -1);
    E_F from the VBM.
    """
    from peled.characterize.formation import analyze_defects_file

    result = analyze_defects_file(input_toml)
    out = result.as_dict()
    if plot is not None:
        from peled.report.characterize_figures import formation_figure

        _save(formation_figure(result), plot)
    if as_json:
        print_json(out)
        return
    emit({"fermi_level_eq_ev": result.equilibrium.fermi_level_ev,
          "electron_density_cm3": out["electron_density_cm3"],
          "hole_density_cm3": out["hole_density_cm3"]}, False, f"defects: {input_toml.name}")
    from rich.table import Table

    table = Table(title="transition levels (eV above VBM)")
    for c in ("defect", "label", "level_ev"):
        table.add_column(c)
    for t in out["transition_levels"]:
        table.add_row(t["defect"], t["label"], fmt(t["level_ev"]))
    console.print(table)


# ----------------------------------------------------------------------------- ta
def ta_cmd(
    file: Path = typer.Argument(..., help="TA map csv (first row wavelengths, first col delays)."),
    wavelength_nm: list[float] = typer.Option(..., "--wavelength-nm", help="Probe wavelength(s)."),
    width_nm: float = typer.Option(0.0, "--width-nm", help="Average over this band width."),
    unit: str = typer.Option(None, "--unit", help="Delta A unit in the file: OD or mOD."),
    delay_unit: str = typer.Option(
        None, "--delay-unit", help="Delay unit (fs, ps, ns, us); default: from the corner cell."
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Kinetic traces Delta A(t) of a transient-absorption map (Jiang et al. 2024 eqn 11).

    Example: `peled characterize ta ta_map.csv --wavelength-nm 515 --json`.
    """
    from peled.characterize.ta_traces import analyze_ta_file

    out = analyze_ta_file(file, wavelength_nm, width_nm, unit, delay_unit).as_dict()
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    emit({f"{w:g} nm: extremum dA (OD)": e for w, e in
          zip(out["wavelength_nm"], out["extremum_delta_a"], strict=True)}, False, file.name)


# ----------------------------------------------------------------------------- tree
_COMMANDS = {"sclc": sclc_cmd, "admittance": admittance_cmd, "arrhenius": arrhenius_cmd,
             "cv": cv_cmd, "ta": ta_cmd, "formation": formation_cmd}


def _deprecated(old: str, name: str):
    """The command ``name`` under its old spelling: same options, a note on stderr first."""
    command = _COMMANDS[name]

    @functools.wraps(command)
    def alias(*args, **kwargs):
        typer.echo(f"note: 'peled {old}' is deprecated, use 'peled characterize {name}'",
                   err=True)
        return command(*args, **kwargs)

    return alias


def register(app: typer.Typer) -> None:
    """Add ``peled characterize ...`` and the hidden deprecated spellings."""
    for name, command in _COMMANDS.items():
        characterize_app.command(name)(command)
    app.add_typer(characterize_app, name="characterize")
    for name in ("sclc", "admittance", "arrhenius"):
        app.command(name, hidden=True)(_deprecated(name, name))
    defects_app = typer.Typer(help="Deprecated: use 'peled characterize'.",
                              no_args_is_help=True)
    for name in ("cv", "formation", "ta"):
        defects_app.command(name)(_deprecated(f"defects {name}", name))
    app.add_typer(defects_app, name="defects", hidden=True)
