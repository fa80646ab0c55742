"""``peled emitter ...``: PLQY(n), peak PLQY density and TrPL fitting.

Units follow Jang et al., Adv. Mater. (2025), eqns 1-2: n in cm^-3, k1 in s^-1, k2 in
cm^3/s, k3 in cm^6/s; excitonic k_aug in cm^3/s.
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

@emitter_app.command("plqy")
def plqy(
    k1: float = K1_OPT,
    k2: float = K2_OPT,
    k3: float = K3_OPT,
    n: float = typer.Option(..., "--n", help="Carrier density (cm^-3)."),
    as_json: bool = JSON_OPT,
) -> None:
    """PLQY and recombination channel fractions at density n (Jang et al. 2025, eqns 1-2).

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
    model: str = typer.Option(
        "multiexp", "--model",
        help="abc, excitonic, multiexp or stretched (A exp(-(t/tau)^beta); tau_ns, beta, "
        "tau_avg_ns = (tau/beta) Gamma(1/beta), each with a _stderr)."),
    n0: str = typer.Option(
        None,
        "--n0",
        help="Initial densities (cm^-3), one per file, comma-separated; "
        "overrides '# n0_cm3:' comments in the files.",
    ),
    components: int = typer.Option(
        None, "--components", help="multiexp: number of exponentials (default 2)."),
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
    time_unit: str = typer.Option(
        None, "--time-unit",
        help="Time unit of headerless 'time counts' files: s, ms, us, ns or ps.",
    ),
    column: str = typer.Option(
        None, "--column",
        help="Transient of a multi-column (TCSPC) export: header name or 0-based column "
        "index (0 is the time).",
    ),
    as_json: bool = JSON_OPT,
) -> None:
    """Fit TrPL decays: per-file multi-exponential or a global ABC/excitonic fit.

    Integer counts are weighted with Poisson errors sqrt(model) (iteratively reweighted);
    normalised or background-subtracted data (non-integer or negative values) are fitted
    unweighted with the covariance scaled by the reduced chi-square.  Points with t < 0
    are dropped.  Global fits need one initial density per file (--n0 or a
    '# n0_cm3: ...' comment line).  With --plqy the PLQY(n) of Jang et al. (2025) eqn 2 (abc)
    or Jiang et al. (2024) eqn 8 (excitonic) is fitted together with the decays.

    Example: peled emitter fit-trpl src/peled/data/examples/emitter/abc_n0_*.csv --model abc --json
    """
    from peled.emitter.decay_fits import (
        MultiExponentialFitsResult,
        StretchedFitsResult,
        fit_decay_files,
    )

    _check_fit_trpl_options(model, irf_fwhm_ns, offset, plqy_file, plqy_sigma, components)
    components = 2 if components is None else components
    densities = None if n0 is None else parse_floats(n0, "--n0")
    res = fit_decay_files(files, model, densities, components, offset, irf_fwhm_ns, plqy_file,
                          plqy_sigma, time_unit, column)
    result = res.as_dict()
    if as_json:
        print_json(result)
    elif isinstance(res, (MultiExponentialFitsResult, StretchedFitsResult)):
        for row in result["files"]:
            console.print(kv_table(row["file"], {k: v for k, v in row.items() if k != "file"}))
    else:
        hidden = ("correlation", "correlation_names")
        console.print(kv_table(f"global {model} fit",
                               {k: v for k, v in result.items() if k not in hidden}))


def _check_fit_trpl_options(model, irf_fwhm_ns, offset, plqy_file, plqy_sigma,
                            components=None) -> None:
    """Option-level checks of ``peled emitter fit-trpl`` (messages name the options)."""
    import math

    if model not in ("abc", "excitonic", "multiexp", "stretched"):
        raise ParameterError(
            f"--model must be abc, excitonic, multiexp or stretched, got {model!r}")
    if irf_fwhm_ns is not None and model in ("multiexp", "stretched"):
        raise ParameterError(
            "--irf-fwhm-ns applies to the rate-model fits (--model abc or excitonic); the "
            "multi-exponential fit uses the tail after the instrument response"
        )
    if irf_fwhm_ns is not None and not (math.isfinite(irf_fwhm_ns) and irf_fwhm_ns > 0):
        raise ParameterError(f"--irf-fwhm-ns must be > 0 ns, got {irf_fwhm_ns!r}")
    if components is not None and model != "multiexp":
        what = ("has one tau and one beta" if model == "stretched"
                else "has no exponential components")
        raise ParameterError(
            f"--components applies to --model multiexp only (--model {model} {what}); "
            "drop --components or use --model multiexp")
    if offset and model not in ("multiexp", "stretched"):
        raise ParameterError("--offset applies to --model multiexp or stretched only")
    if plqy_file is not None and model in ("multiexp", "stretched"):
        raise ParameterError("--plqy needs a rate model: use --model abc or --model excitonic")
    if not (math.isfinite(plqy_sigma) and 0 < plqy_sigma <= 1):
        raise ParameterError(f"--plqy-sigma must lie in (0, 1], got {plqy_sigma!r}")


def register(app: typer.Typer) -> None:
    app.add_typer(emitter_app, name="emitter")
