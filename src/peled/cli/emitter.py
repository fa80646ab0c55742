"""``peled emitter ...``: PLQY(n), peak PLQY density and TrPL fitting.

Units follow seed 001: n in cm^-3, k1 in s^-1, k2 in cm^3/s, k3 in cm^6/s; excitonic
k_aug in cm^3/s.
"""

from __future__ import annotations

from pathlib import Path

import typer

from peled.cli._common import JSON_OPT, console, emit, kv_table, parse_floats, print_json
from peled.errors import ParameterError

emitter_app = typer.Typer(
    help="Recombination kinetics: PLQY(n) of the ABC model and TrPL fits.", no_args_is_help=True
)

K1_OPT = typer.Option(..., "--k1", help="Monomolecular rate k1 (s^-1).")
K2_OPT = typer.Option(..., "--k2", help="Bimolecular rate k2 (cm^3 s^-1).")
K3_OPT = typer.Option(..., "--k3", help="Auger rate k3 (cm^6 s^-1).")

_UNITS = {
    "k1": "k1_per_s",
    "k2": "k2_cm3_per_s",
    "k3": "k3_cm6_per_s",
    "k_ex": "k_ex_per_s",
    "k_trap": "k_trap_per_s",
    "k_aug": "k_aug_cm3_per_s",
}


@emitter_app.command("plqy")
def plqy(
    k1: float = K1_OPT,
    k2: float = K2_OPT,
    k3: float = K3_OPT,
    n: float = typer.Option(..., "--n", help="Carrier density (cm^-3)."),
    as_json: bool = JSON_OPT,
) -> None:
    """PLQY and recombination channel fractions at density n (seed 001 eqns 1-2).

    Example: peled emitter plqy --k1 1e6 --k2 1e-10 --k3 1e-28 --n 1e16 --json
    """
    from peled.emitter.recombination import channel_fractions, plqy_abc

    if n <= 0:
        raise ParameterError(f"--n must be > 0 cm^-3, got {n!r}")
    fr = channel_fractions(n, k1, k2, k3)
    result = {
        "plqy": float(plqy_abc(n, k1, k2, k3)),
        "fraction_mono": float(fr.mono),
        "fraction_bi": float(fr.bi),
        "fraction_auger": float(fr.auger),
    }
    emit(result, as_json, f"ABC model at n = {n:g} cm^-3")


@emitter_app.command("peak")
def peak(k1: float = K1_OPT, k2: float = K2_OPT, k3: float = K3_OPT, as_json: bool = JSON_OPT):
    """Density of maximum PLQY, n = sqrt(k1/k3), and the maximum PLQY.

    Example: peled emitter peak --k1 1e6 --k2 1e-10 --k3 1e-28 --json
    """
    from peled.emitter.recombination import abc_peak, abc_rolloff_onset

    p = abc_peak(k1, k2, k3)
    result = {
        "n_peak_cm3": p.n_peak,
        "plqy_max": p.plqy_max,
        "rolloff_onset_cm3": abc_rolloff_onset(k1, k2, k3, 0.1),
    }
    emit(result, as_json, "ABC model peak")


@emitter_app.command("fit-trpl")
def fit_trpl(
    files: list[Path] = typer.Argument(..., help="Decay files: header 'time_ns,counts' etc."),
    model: str = typer.Option("multiexp", "--model", help="abc, excitonic or multiexp."),
    n0: str = typer.Option(
        None,
        "--n0",
        help="Initial densities (cm^-3), one per file, comma-separated; "
        "overrides '# n0_cm3:' comments in the files.",
    ),
    components: int = typer.Option(2, "--components", help="multiexp: number of exponentials."),
    offset: bool = typer.Option(
        False,
        "--offset",
        help="multiexp: also fit a constant background (dark counts, pile-up floor).",
    ),
    irf_fwhm_ns: float = typer.Option(None, "--irf-fwhm-ns", help="Gaussian IRF FWHM (ns)."),
    plqy_file: Path = typer.Option(
        None,
        "--plqy",
        help="PLQY-vs-density table fitted jointly with the decays (abc/excitonic): header "
        "'density_cm3,plqy' (fraction) or 'density_cm3,plqy_pct', optional 'plqy_sigma' "
        "column.  Needed to separate k_ex from k_trap in the excitonic model.",
    ),
    plqy_sigma: float = typer.Option(
        0.01,
        "--plqy-sigma",
        help="1-sigma absolute PLQY error assumed when the table has no sigma column.",
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Fit TrPL decays: per-file multi-exponential or a global ABC/excitonic fit.

    Counts are weighted with Poisson errors sqrt(model) (iteratively reweighted); points
    with t < 0 are dropped.  Global fits need one initial density per file (--n0 or a
    '# n0_cm3: ...' comment line).  With --plqy the PLQY(n) of seed 001 eqn 2 (abc) or
    seed 002 eqn 8 (excitonic) is fitted together with the decays.

    Example: peled emitter fit-trpl src/peled/data/examples/emitter/abc_n0_*.csv --model abc --json
    """
    import numpy as np

    from peled.emitter.fitting import GlobalRecombinationFit, MultiExponentialFit
    from peled.emitter.trpl_io import read_decay, read_plqy

    if model not in ("abc", "excitonic", "multiexp"):
        raise ParameterError(f"--model must be abc, excitonic or multiexp, got {model!r}")
    if irf_fwhm_ns is not None and model == "multiexp":
        raise ParameterError(
            "--irf-fwhm-ns applies to the rate-model fits (--model abc or excitonic); the "
            "multi-exponential fit uses the tail after the instrument response"
        )
    if irf_fwhm_ns is not None and not (np.isfinite(irf_fwhm_ns) and irf_fwhm_ns > 0):
        raise ParameterError(f"--irf-fwhm-ns must be > 0 ns, got {irf_fwhm_ns!r}")
    if offset and model != "multiexp":
        raise ParameterError("--offset applies to --model multiexp only")
    if plqy_file is not None and model == "multiexp":
        raise ParameterError("--plqy needs a rate model: use --model abc or --model excitonic")
    if not (np.isfinite(plqy_sigma) and 0 < plqy_sigma <= 1):
        raise ParameterError(f"--plqy-sigma must lie in (0, 1], got {plqy_sigma!r}")
    decays = [read_decay(f) for f in files]
    plqy_data = None if plqy_file is None else read_plqy(plqy_file)
    if model == "multiexp":
        out = []
        for d in decays:
            keep = d.time_s >= 0
            t_ns, y = d.time_s[keep] * 1e9, d.counts[keep]
            m = MultiExponentialFit(components, offset=offset).fit(t_ns, y, sigma="poisson")
            row: dict = {"file": d.path}
            for i in range(components):
                row[f"tau{i + 1}_ns"] = float(m.lifetimes_[i])
                row[f"tau{i + 1}_ns_stderr"] = float(m.lifetimes_stderr_[i])
                row[f"a{i + 1}"] = float(m.amplitudes_[i])
                row[f"a{i + 1}_stderr"] = float(m.amplitudes_stderr_[i])
            row["tau_avg_amplitude_ns"] = m.tau_avg_amplitude_
            row["tau_avg_amplitude_ns_stderr"] = m.tau_avg_amplitude_stderr_
            row["tau_avg_intensity_ns"] = m.tau_avg_intensity_
            row["tau_avg_intensity_ns_stderr"] = m.tau_avg_intensity_stderr_
            if offset:
                row["offset_counts"] = m.offset_
                row["offset_counts_stderr"] = m.offset_stderr_
            row["chi2_reduced"] = m.chi2_reduced_
            out.append(row)
        result = {"model": "multiexp", "files": out}
        if as_json:
            print_json(result)
        else:
            for row in out:
                console.print(kv_table(row["file"], {k: v for k, v in row.items() if k != "file"}))
        return

    densities = None if n0 is None else parse_floats(n0, "--n0")
    if densities is None:
        densities = [d.n0_cm3 for d in decays]
        missing = [d.path for d in decays if d.n0_cm3 is None]
        if missing:
            raise ParameterError(
                f"initial density missing for {missing[0]}: give --n0 or a '# n0_cm3: ...' line"
            )
    if len(densities) != len(decays):
        raise ParameterError(f"--n0 has {len(densities)} values for {len(decays)} files")
    t = decays[0].time_s
    for d in decays[1:]:
        if d.time_s.shape != t.shape or not np.allclose(d.time_s, t, rtol=1e-9, atol=0):
            raise ParameterError(f"{d.path}: global fits need the same time axis in every file")
    keep = t >= 0
    y = np.array([d.counts[keep] for d in decays])
    plqy_kw = {}
    if plqy_data is not None:
        plqy_kw = dict(
            plqy_density=plqy_data.density_cm3,
            plqy=plqy_data.plqy,
            plqy_sigma=plqy_sigma if plqy_data.plqy_sigma is None else plqy_data.plqy_sigma,
        )
    fit = GlobalRecombinationFit(
        model, irf_fwhm=None if irf_fwhm_ns is None else irf_fwhm_ns * 1e-9
    ).fit(t[keep], y, np.array(densities), sigma="poisson", **plqy_kw)
    result: dict = {"model": model}
    for name, value in fit.params_.items():
        key = _UNITS[name]
        result[key] = value
        result[f"{key}_stderr"] = fit.stderr_[name]
    if model == "excitonic":
        result["k_total_per_s"] = fit.k_total_
        result["k_total_per_s_stderr"] = fit.k_total_stderr_
    result["correlation_names"] = fit.correlation_names_
    result["correlation"] = fit.correlation_
    result["unconstrained"] = fit.unconstrained_
    result["chi2_reduced"] = fit.chi2_reduced_
    result["n_files"] = len(decays)
    result["n_plqy_points"] = 0 if plqy_data is None else int(plqy_data.plqy.size)
    if as_json:
        print_json(result)
        return
    shown = {k: v for k, v in result.items() if k not in ("correlation", "correlation_names")}
    console.print(kv_table(f"global {model} fit", shown))


def register(app: typer.Typer) -> None:
    app.add_typer(emitter_app, name="emitter")
