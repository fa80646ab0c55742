"""``peled sclc``, ``peled admittance``, ``peled arrhenius`` and ``peled defects ...``.

Trap and ion-migration characterisation (seed 002): SCLC trap densities, admittance
trap DOS with thermal-admittance activation energies, Arrhenius fits, defect
formation energies / transition levels / equilibrium Fermi level, TA kinetic traces.
"""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import JSON_OPT, atomic_path, console, emit, fmt, print_json, warn

defects_app = typer.Typer(
    help="Defect thermodynamics (formation energies, transition levels, Fermi level) "
    "and transient absorption.",
    no_args_is_help=True,
)

_PLOT = typer.Option(None, "--plot", help="Also write a PNG figure to this path.")


def _save(fig, path: Path) -> None:
    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=120)
    import matplotlib.pyplot as plt

    plt.close(fig)


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
    plot: Path = _PLOT,
    as_json: bool = JSON_OPT,
) -> None:
    """SCLC analysis: regions, V_TFL (+- stderr), N_t (seed 002 eqn 13), mobility.

    Example: `peled sclc sclc_hole_only.csv --thickness-nm 300 --eps-r 25 --json`.
    V_TFL is the intersection of the ohmic and trap-filled-limit tangents; it is null
    when the data show no trap-filled region.  Forward and reverse sweeps are analysed
    separately (keys of the first forward sweep at the top level).

    Pulsed vs DC (mobile ions, Duijnstee et al. ACS Energy Lett. 2020): label rows with a
    `mode` column (dc, steady-state, pulsed, pulse; a `sweep` column or the same label may
    add forward/fwd/up or reverse/rev/down, e.g. `pulsed-forward`), or give the pulsed
    curve as a second file with --pulsed.  Each mode is analysed separately; the top
    level stays the DC forward sweep, `modes` holds every mode and `pulsed_vs_dc` the
    V_TFL / N_t per mode and the relative current difference DC vs pulsed.
    Example: `peled sclc sclc_pulsed_dc.csv --thickness-nm 300 --eps-r 25 --json`.
    """
    import numpy as np

    from peled.errors import FileFormatError, require_positive
    from peled.measure.sclc import SCLCError, analyze_sclc_modes, read_sclc_measurement

    L = require_positive("--thickness-nm", thickness_nm) * 1e-9
    data = [read_sclc_measurement(file, area_cm2, "dc")]
    if pulsed is not None:
        extra = read_sclc_measurement(pulsed, area_cm2, "pulsed")
        if (extra.modes != "pulsed").any():
            k = int(np.flatnonzero(extra.modes != "pulsed")[0])
            raise FileFormatError(pulsed, "row labelled as a DC measurement in the file given "
                                          "with --pulsed", line=int(extra.line_numbers[k]))
        data.append(extra)
    v = np.concatenate([d.voltage_v for d in data])
    j = np.concatenate([d.current_density_a_m2 for d in data])
    modes = np.concatenate([d.modes for d in data])
    dirs = None
    if any(d.directions is not None for d in data):
        dirs = np.concatenate([d.directions if d.directions is not None
                               else np.full(d.voltage_v.size, "") for d in data])
    try:
        report = analyze_sclc_modes(v, j, modes, L, eps_r, vbi, dirs)
    except SCLCError as exc:  # name the file in the one-line error
        names = file if pulsed is None else f"{file} + {pulsed}"
        raise FileFormatError(names, str(exc)) from None
    out = report.as_dict()
    out["warnings"] = [w for d in data for w in d.warnings] + out["warnings"]
    if plot is not None:
        _save(_sclc_figure(v, j, report), plot)
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    rows = {k: out[k] for k in ("v_tfl_v", "v_tfl_stderr_v", "trap_density_cm3",
                                "mobility_cm2_vs", "hysteresis_index")}
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


def _sclc_figure(v, j, report):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(5, 4))
    ok = (np.abs(v) > 0) & (np.abs(j) > 0)
    ax.loglog(np.abs(v[ok]), np.abs(j[ok]) / 10, ".", ms=3, color="0.5", label="data")
    many = len(report.modes) > 1
    for mode, rep in report.modes:
        for s in rep.sweeps:
            tag = f"{mode} {s.direction}" if many else s.direction
            for r in s.regions:
                vv = np.geomspace(r.v_start, r.v_end, 20)
                ax.loglog(vv, np.exp(r.intercept) * vv**r.slope / 10, lw=1.5,
                          ls="--" if mode == "pulsed" else "-",
                          label=f"{tag} {r.kind} ({r.slope:.2f})")
            if s.v_tfl_v:
                ax.axvline(s.v_tfl_v, ls=":" if mode == "pulsed" else "--", lw=0.8)
    ax.set_xlabel("voltage (V)")
    ax.set_ylabel("J (mA/cm$^2$)")
    ax.legend(fontsize=6)
    fig.tight_layout()
    return fig


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

    Example: `peled admittance admittance_*K.csv --vbi 1.0 --w-nm 200 --json`.
    `ea_ev` comes from the Arrhenius plot ln(w_c/T^2) vs 1/T of the peak frequencies of
    -w dC/dw; `w0_hz` (contract name) holds the attempt ANGULAR frequency w0 = xi0 T^2
    in 1/s = rad/s at the mean temperature, the same quantity as --w0 and as
    `w0_rad_s` (it is not w0/2pi); E_w = kT ln(w0 / (2 pi f)).  `peak_frequency_hz`
    are ordinary frequencies f.  `energy_ev`/`dos_cm3_ev` merge all temperatures.

    W: --w-nm, or --eps-r with either --cv FILE (W = eps0 eps_r / C at --bias-v, default
    0 V, from a C-V sweep; its Mott-Schottky fit (Sze & Ng) gives `cv.doping_cm3` and
    `cv.v_bi_v`, used for V_bi when --vbi is not given) or the highest-frequency C of
    each spectrum.  Example:
    `peled admittance admittance_*K.csv --cv cv_mott_schottky.csv --eps-r 25 --json`.
    """
    import numpy as np

    from peled.errors import ParameterError
    from peled.measure.admittance import read_admittance_csv, trap_dos

    if w_nm is not None and cv is not None:
        raise ParameterError("give either --w-nm or --cv (with --eps-r), not both")
    if cv is not None and eps_r is None:
        raise ParameterError("--cv needs --eps-r (W = eps0 eps_r / C)")
    if w_nm is None and eps_r is None:
        raise ParameterError("give --w-nm (depletion width) or --eps-r to derive it "
                             "(from --cv or from the high-frequency capacitance)")
    spectra = [read_admittance_csv(f, area_cm2) for f in files]
    width_m, ms_out, cv_warnings = None if w_nm is None else w_nm * 1e-9, None, []
    width_source = "given" if w_nm is not None else "c_hf"
    vbi_source = "given"
    if cv is not None:
        ms, width_m = _mott_schottky(cv, eps_r, area_cm2, cv_vmin, cv_vmax, 0, None, bias_v)
        ms_out = ms.as_dict()
        ms_out["depletion_width_nm"] = width_m * 1e9
        ms_out["bias_v"] = bias_v
        cv_warnings = [f"C-V: {w}" for w in ms.warnings_]
        width_source = "cv"
        if vbi is None:
            if ms.v_bi_v_ is None:
                raise ParameterError("give --vbi: the C-V data give no Mott-Schottky V_bi")
            vbi, vbi_source = ms.v_bi_v_, "mott_schottky"
    if vbi is None:
        raise ParameterError("give --vbi (built-in voltage), or --cv to take it from the "
                             "Mott-Schottky intercept")
    dos = trap_dos(spectra, vbi, width_m, w0, eps_r, smooth)
    ok = np.isfinite(dos.dos_m3_ev)
    th_peaks = {}
    if dos.per_temperature:
        from peled.measure.admittance import characteristic_frequency

        for s in spectra:
            wc = characteristic_frequency(s.omega_rad_s, s.capacitance_f_m2, smooth)
            th_peaks[s.temperature_k] = None if wc is None else wc / (2 * np.pi)
    out = {
        "energy_ev": dos.energy_ev[ok],
        "dos_cm3_ev": dos.dos_m3_ev[ok] * 1e-6,
        "ea_ev": dos.ea_ev,
        "ea_stderr_ev": dos.ea_stderr_ev,
        "w0_hz": dos.omega0_rad_s,
        "w0_rad_s": dos.omega0_rad_s,
        "w0_reference_t_k": dos.omega0_reference_t_k,
        "xi0_hz_k2": dos.xi0,
        "temperatures_k": [s.temperature_k for s in spectra],
        "peak_frequency_hz": [th_peaks.get(s.temperature_k) for s in spectra],
        "peak_energy_ev": dos.peak_energy_ev,
        "integrated_density_cm3": dos.integrated_density_m3() * 1e-6,
        "v_bi_v": vbi,
        "v_bi_source": vbi_source,
        "depletion_width_nm": None if width_m is None else width_m * 1e9,
        "depletion_width_source": width_source,
        "cv": ms_out,
        "warnings": cv_warnings + list(dos.warnings),
    }
    if plot is not None:
        _save(_admittance_figure(spectra, dos), plot)
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    emit({k: out[k] for k in ("ea_ev", "ea_stderr_ev", "w0_hz", "peak_energy_ev",
                              "integrated_density_cm3", "v_bi_v", "depletion_width_nm")},
         False, "admittance")


def _mott_schottky(path, eps_r, area_cm2, v_min, v_max, kt_terms, thickness_nm, bias_v):
    """Read a C-V file, fit eqn (MS) and take W at the bias: ``(fit, width_m)``."""
    from peled.errors import FileFormatError
    from peled.measure.admittance import (
        AdmittanceError,
        MottSchottkyFit,
        depletion_width_at_bias,
    )
    from peled.measure.defect_readers import read_cv_csv

    data = read_cv_csv(path, area_cm2)
    thickness = None if thickness_nm is None else thickness_nm * 1e-9
    try:
        ms = MottSchottkyFit(eps_r, v_min, v_max, kt_terms, thickness_m=thickness).fit(
            data.voltage_v, data.capacitance_f_m2)
        width = depletion_width_at_bias(data.voltage_v, data.capacitance_f_m2, eps_r, bias_v)
    except AdmittanceError as exc:  # name the file in the one-line error
        raise FileFormatError(path, str(exc)) from None
    return ms, width


@defects_app.command("cv")
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

    Example: `peled defects cv cv_mott_schottky.csv --eps-r 25 --json`.
    1/C^2 = 2 (V_bi - V - m kT/q) / (q eps0 eps_r N) (Sze & Ng, Physics of Semiconductor
    Devices): N from the slope, V_bi from the intercept; W = eps0 eps_r / C(bias).
    """
    ms, width = _mott_schottky(file, eps_r, area_cm2, v_min, v_max, kt_terms, thickness_nm,
                               bias_v)
    out = ms.as_dict()
    out["depletion_width_nm"] = width * 1e9
    out["bias_v"] = bias_v
    if plot is not None:
        from peled.measure.defect_readers import read_cv_csv

        _save(_cv_figure(read_cv_csv(file, area_cm2), ms), plot)
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    emit({k: out[k] for k in ("doping_cm3", "doping_stderr_cm3", "v_bi_v", "v_bi_stderr_v",
                              "depletion_width_nm", "r2")}, False, f"Mott-Schottky: {file.name}")


def _cv_figure(data, ms):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(5, 4))
    y = 1.0 / (data.capacitance_f_m2 * 1e-4) ** 2  # (F/cm2)^-2
    ax.plot(data.voltage_v, y, ".", color="0.4", label="data")
    vv = np.linspace(ms.fit_v_min_v_, ms.fit_v_max_v_, 50)
    ax.plot(vv, (ms.intercept_ + ms.slope_ * vv) * 1e8, "r-", label="Mott-Schottky fit")
    ax.set(xlabel="V (V)", ylabel="1/C$^2$ (cm$^4$ F$^{-2}$)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def _admittance_figure(spectra, dos):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, axes = plt.subplots(2, 2, figsize=(9, 7))
    (a_cf, a_dos), (a_nyq, a_bode) = axes
    a_phase = a_bode.twinx()
    for s in spectra:
        lab = f"{s.temperature_k:g} K"
        a_cf.semilogx(s.frequency_hz, s.capacitance_f_m2 * 1e5, label=lab)
        z = s.impedance_ohm_m2() * 1e4  # Ohm cm2
        a_nyq.plot(z.real, -z.imag, ".-", ms=2, label=lab)
        a_bode.loglog(s.frequency_hz, np.abs(z), label=lab)
        a_phase.semilogx(s.frequency_hz, np.degrees(np.angle(z)), ls=":")
    for t, e, n in dos.per_temperature:
        a_dos.plot(e, n * 1e-6, lw=0.8, label=f"{t:g} K")
    a_dos.plot(dos.energy_ev, dos.dos_m3_ev * 1e-6, "k", lw=2, label="merged")
    a_cf.set(xlabel="f (Hz)", ylabel="C (nF/cm$^2$)", title="C-f")
    a_dos.set(xlabel="$E_\\omega$ (eV)", ylabel="$N_t$ (cm$^{-3}$ eV$^{-1}$)", title="trap DOS")
    a_nyq.set(xlabel="Z' ($\\Omega$ cm$^2$)", ylabel="-Z'' ($\\Omega$ cm$^2$)", title="Nyquist")
    a_bode.set(xlabel="f (Hz)", ylabel="|Z| ($\\Omega$ cm$^2$)", title="Bode (phase dotted)")
    a_phase.set_ylabel("phase (deg)")
    for a in (a_cf, a_dos):
        a.legend(fontsize=6)
    fig.tight_layout()
    return fig


# ----------------------------------------------------------------------------- arrhenius
def arrhenius_cmd(
    file: Path = typer.Argument(..., help="csv: 'T (K)' or 'T (degC)', then the quantity."),
    as_json: bool = JSON_OPT,
) -> None:
    """Arrhenius fit with standard errors and the valid temperature range.

    Example: `peled arrhenius arrhenius_conductivity.csv --json`.  A conductivity
    column (S/m, S/cm) is fitted as ln(sigma T) (prefactor in S K/m), anything else
    (rate 1/s, diffusion coefficient m2/s or cm2/s, ...) as ln y (prefactor in SI).
    """
    import math

    from peled.device.ions import ArrheniusError, ArrheniusFit
    from peled.errors import FileFormatError
    from peled.measure.defect_readers import read_arrhenius_csv

    data = read_arrhenius_csv(file)
    try:
        fit = ArrheniusFit(temperature_exponent=data.temperature_exponent).fit(
            data.temperature_k, data.value)
    except ArrheniusError as exc:  # name the file in the one-line error
        raise FileFormatError(file, str(exc)) from None
    unit = f"{data.unit}*K" if data.temperature_exponent == 1 else data.unit
    out = {
        "ea_ev": fit.ea_ev_,
        "ea_stderr_ev": fit.ea_stderr_ev_,
        "prefactor": fit.prefactor_,
        "prefactor_unit": unit,
        "ln_prefactor_stderr": fit.ln_prefactor_stderr_,
        "quantity": data.kind,
        "fitted": "ln(y*T)" if data.temperature_exponent == 1 else "ln(y)",
        "t_min_k": fit.t_min_k_,
        "t_max_k": fit.t_max_k_,
        "n_points": int(data.temperature_k.size),
        "r2": fit.r2_ if math.isfinite(fit.r2_) else None,
        "warnings": fit.warnings_,
    }
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    emit({k: v for k, v in out.items() if k != "warnings"}, False, f"Arrhenius: {file.name}")


# ----------------------------------------------------------------------------- defects
@defects_app.command("formation")
def formation_cmd(
    input_toml: Path = typer.Argument(..., help="Defect input TOML (host, mu_i, defects)."),
    plot: Path = _PLOT,
    as_json: bool = JSON_OPT,
) -> None:
    """Transition levels and the self-consistent equilibrium Fermi level.

    Example: `peled defects formation defects.toml --json`.  Formation energies follow
    seed 002 eqn (4) with n_i = atoms ADDED (vacancy: -1); E_F from the VBM.
    """
    from peled.materials.defects import equilibrium_fermi_level, transition_levels
    from peled.measure.defect_readers import read_defects_toml

    system = read_defects_toml(input_toml)
    levels = [t.as_dict() for t in transition_levels(system)]
    eq = equilibrium_fermi_level(system)
    out = {"transition_levels": levels, **eq.as_dict(),
           "band_gap_ev": system.band_gap_ev, "temperature_k": system.temperature_k}
    if plot is not None:
        _save(_formation_figure(system, eq.fermi_level_ev), plot)
    if as_json:
        print_json(out)
        return
    emit({"fermi_level_eq_ev": eq.fermi_level_ev,
          "electron_density_cm3": out["electron_density_cm3"],
          "hole_density_cm3": out["hole_density_cm3"]}, False, f"defects: {input_toml.name}")
    from rich.table import Table

    table = Table(title="transition levels (eV above VBM)")
    for c in ("defect", "label", "level_ev"):
        table.add_column(c)
    for t in levels:
        table.add_row(t["defect"], t["label"], fmt(t["level_ev"]))
    console.print(table)


def _formation_figure(system, ef_eq):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 4))
    import numpy as np

    ef = np.linspace(0, system.band_gap_ev, 321)
    for name, (h, _) in system.diagram(ef).items():
        ax.plot(ef, h, label=name)
    ax.axvline(ef_eq, ls="--", color="k", lw=0.8, label="$E_F$ (eq.)")
    ax.set(xlabel="$E_F - E_{VBM}$ (eV)", ylabel="formation energy (eV)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


@defects_app.command("ta")
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
    """Kinetic traces Delta A(t) of a transient-absorption map (seed 002 eqn 11).

    Example: `peled defects ta ta_map.csv --wavelength-nm 515 --json`.
    """
    import numpy as np

    from peled.measure.transient_absorption import kinetic_trace, read_ta_map

    ta = read_ta_map(file, unit, delay_unit)
    traces = kinetic_trace(ta, wavelength_nm, width_nm)
    extrema = [float(t[np.nanargmax(np.abs(t))]) if np.isfinite(t).any() else None
               for t in traces]
    out = {"delay_s": ta.delay_s, "wavelength_nm": list(wavelength_nm),
           "delta_a": traces, "extremum_delta_a": extrema, "warnings": list(ta.warnings)}
    if as_json:
        print_json(out)
        return
    warn(*out["warnings"])
    emit({f"{w:g} nm: extremum dA (OD)": e for w, e in
          zip(wavelength_nm, out["extremum_delta_a"], strict=True)}, False, file.name)


def register(app: typer.Typer) -> None:
    """Add ``sclc``, ``admittance``, ``arrhenius`` and the ``defects`` sub-app."""
    app.command("sclc")(sclc_cmd)
    app.command("admittance")(admittance_cmd)
    app.command("arrhenius")(arrhenius_cmd)
    app.add_typer(defects_app, name="defects")
