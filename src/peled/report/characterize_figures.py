"""Figures of the characterisation analyses (SCLC, admittance, C-V, defect formation).

Every function returns a :class:`matplotlib.figure.Figure` on the Agg canvas (no pyplot,
no global state); the caller saves it (``fig.savefig(path, format="png", dpi=120)``).
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = [
    "admittance_figure",
    "cv_figure",
    "formation_figure",
    "sclc_figure",
]


def _figure(figsize: tuple[float, float]) -> Figure:
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


def sclc_figure(result) -> Figure:
    """Log-log J-V of an SCLC analysis with the fitted regions and V_TFL of every sweep.

    Parameters
    ----------
    result : peled.characterize.sclc.SCLCFileResult
        The analysis of ``peled characterize sclc``.

    Returns
    -------
    matplotlib.figure.Figure
        J in mA/cm^2 vs V; pulsed-mode regions dashed.

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> from peled.characterize.sclc import analyze_files
    >>> fig = sclc_figure(analyze_files(ex / "sclc_hole_only.csv", 300e-9, 25.0))
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_yscale()
    ('log', 'log')
    """
    v, j, report = result.voltage_v, result.current_density_a_m2, result.report
    fig = _figure((5, 4))
    ax = fig.add_subplot()
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


def cv_figure(result) -> Figure:
    """Mott-Schottky plot 1/C^2 vs V with the fitted line.

    Parameters
    ----------
    result : peled.characterize.mott_schottky.CVResult
        The analysis of ``peled characterize cv``.

    Returns
    -------
    matplotlib.figure.Figure
        1/C^2 in cm^4 F^-2 vs V.

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> from peled.characterize.mott_schottky import analyze_cv_file
    >>> fig = cv_figure(analyze_cv_file(ex / "cv_mott_schottky.csv", 25.0))
    >>> len(fig.axes[0].lines)  # data and fit
    2
    """
    data, ms = result.data, result.fit
    fig = _figure((5, 4))
    ax = fig.add_subplot()
    y = 1.0 / (data.capacitance_f_m2 * 1e-4) ** 2  # (F/cm2)^-2
    ax.plot(data.voltage_v, y, ".", color="0.4", label="data")
    vv = np.linspace(ms.fit_v_min_v_, ms.fit_v_max_v_, 50)
    ax.plot(vv, (ms.intercept_ + ms.slope_ * vv) * 1e8, "r-", label="Mott-Schottky fit")
    ax.set(xlabel="V (V)", ylabel="1/C$^2$ (cm$^4$ F$^{-2}$)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def admittance_figure(result) -> Figure:
    """C-f, trap DOS, Nyquist and Bode panels of an admittance analysis.

    Parameters
    ----------
    result : peled.characterize.admittance.AdmittanceResult
        The analysis of ``peled characterize admittance``.

    Returns
    -------
    matplotlib.figure.Figure
        Four panels: C(f), N_t(E_w) per temperature and merged, Nyquist, Bode.

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> from peled.characterize.admittance import analyze
    >>> r = analyze([ex / f"admittance_{t}K.csv" for t in (260, 300, 340)], 1.0, 200e-9)
    >>> len(admittance_figure(r).axes)  # C-f, DOS, Nyquist, Bode and its phase axis
    5
    """
    spectra, dos = result.spectra, result.dos
    fig = _figure((9, 7))
    axes = fig.subplots(2, 2)
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
    a_dos.plot(dos.energy_ev, dos.dos_per_m3_ev * 1e-6, "k", lw=2, label="merged")
    a_cf.set(xlabel="f (Hz)", ylabel="C (nF/cm$^2$)", title="C-f")
    a_dos.set(xlabel="$E_\\omega$ (eV)", ylabel="$N_t$ (cm$^{-3}$ eV$^{-1}$)", title="trap DOS")
    a_nyq.set(xlabel="Z' ($\\Omega$ cm$^2$)", ylabel="-Z'' ($\\Omega$ cm$^2$)", title="Nyquist")
    a_bode.set(xlabel="f (Hz)", ylabel="|Z| ($\\Omega$ cm$^2$)", title="Bode (phase dotted)")
    a_phase.set_ylabel("phase (deg)")
    for a in (a_cf, a_dos):
        a.legend(fontsize=6)
    fig.tight_layout()
    return fig


def formation_figure(result) -> Figure:
    """Formation energy vs Fermi level of every defect, with the equilibrium E_F.

    Parameters
    ----------
    result : peled.characterize.formation.FormationResult
        The analysis of ``peled characterize formation``.

    Returns
    -------
    matplotlib.figure.Figure
        Formation energies (eV) over E_F - E_VBM from 0 to the band gap.

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> from peled.characterize.formation import analyze_defects_file
    >>> fig = formation_figure(analyze_defects_file(ex / "defects.toml"))
    >>> len(fig.axes[0].lines)  # three defects and the Fermi level
    4
    """
    system, ef_eq = result.system, result.equilibrium.fermi_level_ev
    fig = _figure((5, 4))
    ax = fig.add_subplot()
    ef = np.linspace(0, system.band_gap_ev, 321)
    for name, (h, _) in system.diagram(ef).items():
        ax.plot(ef, h, label=name)
    ax.axvline(ef_eq, ls="--", color="k", lw=0.8, label="$E_F$ (eq.)")
    ax.set(xlabel="$E_F - E_{VBM}$ (eV)", ylabel="formation energy (eV)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
