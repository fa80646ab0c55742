"""The bundled SYNTHETIC characterisation examples (``peled/data/examples/defects/``).

:func:`make_defect_examples` writes every file from the generators of
:mod:`peled.datasets.characterization` with the parameters below (fixed seeds), so the
files are reproducible and the analyses can be checked against known values:

* ``sclc_hole_only.csv``: hole-only device, L = 300 nm, eps_r = 25, mu = 0.5 cm^2/(V s),
  n0 = 2e14 cm^-3, trap density 3.0e16 cm^-3 (forward V_TFL 0.9771 V by Jiang et al.,
  Nanoscale (2024), eqn (13)), reverse V_TFL 0.9 times that (ion/trap memory); 90
  log-spaced voltages 0.01-10 V (5 decimals) up and back, 2 % log-normal noise, seed 7.
* ``sclc_pulsed_dc.csv``: the same device measured with voltage pulses (ions frozen:
  n0 = 2e14 cm^-3, N_t = 3.0e16 cm^-3) and in DC (mobile ions compensate 25 % of the
  trapped charge, apparent N_t = 2.25e16 cm^-3 forward and 2.0e16 cm^-3 reverse, and
  raise the low-field conductance by 50 %, n0 = 3e14 cm^-3); 61 voltages 0.01-10 V,
  2 % log-normal noise, seed 17 (the mobile-ion phenomenology of E. A. Duijnstee et al.,
  ACS Energy Lett. 5, 376, 2020).
* ``admittance_<T>K.csv``: Gaussian trap band E_t = 0.35 eV, sigma = 0.04 eV,
  N_t = 1.0e16 cm^-3; w0(T) = xi0 T^2 with w0(300 K) = 2e11 rad/s; V_bi = 1.0 V,
  W = 200 nm, C_hf = eps0 25 / W, G_dc = 1e-6 S/cm^2; 41 frequencies 100 Hz - 1 MHz,
  T = 260-340 K, no noise (T. Walter et al., J. Appl. Phys. 80, 4411, 1996).
* ``cv_mott_schottky.csv``: depletion approximation (m = 0) with
  N = 2 eps0 eps_r V_bi / (q W0^2) (eps_r = 25, V_bi = 1.0 V, W0 = 200 nm at 0 V, the
  depletion width of the admittance examples), area 0.04 cm^2, -1 to 0.6 V in 50 mV
  steps, 0.2 % Gaussian noise, seed 23 (Sze & Ng, Physics of Semiconductor Devices, 2007).
* ``arrhenius_conductivity.csv``: sigma T = 5e3 S K/cm exp(-0.58 eV / kT) at 280-360 K,
  3 % log-normal noise, seed 3; 0.58 eV is the MA+ migration barrier of Jiang et al.
  (2024), Table 1.
* ``ta_map.csv``: ground-state bleach at 515 nm (sigma 6 nm, -20 mOD) decaying as
  0.6 exp(-t/20 ps) + 0.4 exp(-t/500 ps) and excited-state absorption at 495 nm (sigma
  8 nm, +5 mOD) decaying with 5 ps; probe 470-560 nm, delays -1, -0.5 ps and 38
  log-spaced 0.2-2000 ps; no noise.
* ``defects.toml``: an illustrative (not DFT) input whose formation energies at the VBM
  are round numbers, so transition levels can be checked by hand.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import constants

from peled.datasets._files import output_dir, write_lines
from peled.datasets.characterization import (
    make_admittance_spectra,
    make_arrhenius_series,
    make_cv_sweep,
    make_defect_toml,
    make_sclc_sweeps,
    make_ta_map,
)
from peled.device.space_charge import v_tfl_from_trap_density

__all__ = [
    "ADMITTANCE_TEMPERATURES_K",
    "make_defect_examples",
]

#: Temperatures of the admittance examples in K.
ADMITTANCE_TEMPERATURES_K = (260, 280, 300, 320, 340)

_L, _EPS_R, _MU = 300e-9, 25.0, 0.5e-4  # SCLC device: m, -, m^2/(V s)
_W, _VBI = 200e-9, 1.0  # admittance / C-V junction: m, V


def _sclc_hole_only(out: Path) -> Path:
    v = np.round(np.geomspace(0.01, 10.0, 90), 5)
    vt = v_tfl_from_trap_density(3e22, _EPS_R, _L)
    (_, vf, jf), (_, vr, jr) = make_sclc_sweeps(
        [("forward", "forward", vt, 2e20), ("reverse", "reverse", 0.9 * vt, 2e20)],
        v, _L, _EPS_R, _MU, noise_rel=0.02, seed=7, mA_cm2=True)
    vv, jj = np.concatenate([vf, vr[1:]]), np.concatenate([jf, jr[1:]])
    lines = [
        "# Synthetic hole-only SCLC device (dark), forward then reverse sweep.",
        "# Generated with peled.datasets.make_sclc_sweeps: L = 300 nm, eps_r = 25, "
        "mu = 0.5 cm2/(V s), n0 = 2e14 cm-3, TFL slope 8;",
        "# forward V_TFL = 0.9771 V (N_t = 3.0e16 cm-3, Jiang et al. 2024 eqn 13), reverse "
        "V_TFL = 0.8794 V (ion/trap memory); 2 % log-normal noise, seed 7.",
        "Voltage (V),J (mA/cm2)",
    ]
    lines += [f"{a:.5g},{b:.6g}" for a, b in zip(vv, jj, strict=True)]
    return write_lines(out / "sclc_hole_only.csv", lines)


def _sclc_pulsed_dc(out: Path) -> Path:
    v = np.round(np.logspace(-2, 1, 61), 5)

    def vt(n):
        return v_tfl_from_trap_density(n, _EPS_R, _L)

    sweeps = make_sclc_sweeps(
        [("dc-forward", "forward", vt(2.25e22), 3e20), ("dc-reverse", "reverse", vt(2e22), 3e20),
         ("pulsed-forward", "forward", vt(3e22), 2e20)],
        v, _L, _EPS_R, _MU, noise_rel=0.02, seed=17, mA_cm2=True)
    lines = [
        "# Synthetic hole-only SCLC device measured in DC (steady-state) and pulsed-voltage "
        "mode.",
        "# Generated with peled.datasets.make_sclc_sweeps: L = 300 nm, eps_r = 25, "
        "mu = 0.5 cm2/(V s), TFL slope 8; 2 % log-normal noise, seed 17.",
        "# pulsed-forward (ions frozen): n0 = 2e14 cm-3, V_TFL = 0.9771 V (N_t = 3.0e16 cm-3, "
        "Jiang et al. 2024 eqn 13).",
        "# dc-forward (ions redistributed, phenomenological): mobile ions compensate 25 % of "
        "the trapped charge, V_TFL = 0.7329 V (apparent N_t = 2.25e16 cm-3),",
        "#   and raise the low-field conductance by 50 % (n0 -> 3e14 cm-3); dc-reverse: "
        "V_TFL = 0.6514 V (apparent N_t = 2.0e16 cm-3), same conductance.",
        "# Expected pulsed vs DC: log_current_ratio_mean = mean over ln V of "
        "ln(J_dc/J_pulsed).",
        "Voltage (V),J (mA/cm2),mode",
    ]
    lines += [f"{a:g},{b:g},{label}" for label, vv, jj in sweeps
              for a, b in zip(vv, jj, strict=True)]
    return write_lines(out / "sclc_pulsed_dc.csv", lines)


def _admittance(out: Path) -> list[Path]:
    f = np.logspace(2, 6, 41)
    chf = constants.epsilon_0 * 25.0 / _W
    spectra = make_admittance_spectra(ADMITTANCE_TEMPERATURES_K, f, 0.35, 0.04, 1e22, 2e11,
                                      _VBI, _W, chf, 1e-2)
    written = []
    for t, (c, g) in zip(ADMITTANCE_TEMPERATURES_K, spectra, strict=True):
        lines = [
            f"# Synthetic thermal admittance spectrum at {t} K "
            "(peled.datasets.make_admittance_spectra):",
            "# Gaussian trap band E_t = 0.35 eV, sigma = 0.04 eV, N_t = 1.0e16 cm-3; "
            "w0(T) = xi0 T^2 with w0(300 K) = 2e11 rad/s;",
            "# V_bi = 1.0 V, W = 200 nm, C_hf = eps0 * 25 / W, G_dc = 1e-6 S/cm2.",
            f"# temperature_k: {t}",
            "f (Hz),C (nF/cm2),G (S/cm2)",
        ]
        lines += [f"{a:g},{b * 1e5:.7g},{x * 1e-4:.6g}" for a, b, x in zip(f, c, g, strict=True)]
        written.append(write_lines(out / f"admittance_{t}K.csv", lines))
    return written


def _cv(out: Path) -> Path:
    v = np.round(np.linspace(-1.0, 0.6, 33), 2)
    n = 2 * constants.epsilon_0 * 25.0 * _VBI / (constants.e * _W**2)
    c = make_cv_sweep(v, n, 25.0, _VBI, 0.04e-4, noise_rel=0.002, seed=23)
    lines = [
        "# Synthetic Mott-Schottky C-V sweep (peled.datasets.make_cv_sweep, depletion "
        "approximation, m = 0):",
        f"# N = 2 eps0 eps_r V_bi / (q W0^2) = {n * 1e-6:.4e} cm-3 with eps_r = 25, "
        "V_bi = 1.0 V and W0 = 200 nm at 0 V",
        "# (the depletion width of the admittance_*K.csv examples); device area 0.04 cm2; "
        "0.2 % Gaussian noise, seed 23.",
        "# area_cm2: 0.04",
        "# frequency_hz: 100000",
        "V (V),C (nF)",
    ]
    lines += [f"{a:g},{b * 1e9:.6g}" for a, b in zip(v, c, strict=True)]
    return write_lines(out / "cv_mott_schottky.csv", lines)


def _arrhenius(out: Path) -> Path:
    t = np.arange(280.0, 361.0, 10.0)
    sigma = make_arrhenius_series(t, 0.58, 5e3, temperature_exponent=1, noise_rel=0.03, seed=3)
    lines = [
        "# Synthetic ionic conductivity: sigma T = 5e3 S K/cm * exp(-0.58 eV / kT), 3 % noise "
        "(seed 3);",
        "# E_a = 0.58 eV is the MA+ barrier of Jiang et al., Nanoscale (2024), Table 1 "
        "(impedance).",
        "T (K),sigma (S/cm)",
    ]
    lines += [f"{a:.1f},{b:.5g}" for a, b in zip(t, sigma, strict=True)]
    return write_lines(out / "arrhenius_conductivity.csv", lines)


def _ta(out: Path) -> Path:
    delay_ps = np.concatenate([[-1.0, -0.5], np.geomspace(0.2, 2000.0, 38)])
    wl = np.arange(470, 561, 2.0)
    a = make_ta_map(delay_ps, wl, [(515.0, 6.0, -20.0, [(0.6, 20.0), (0.4, 500.0)]),
                                   (495.0, 8.0, 5.0, [(1.0, 5.0)])])
    lines = [
        "# Synthetic TA map (mOD): GSB at 515 nm (sigma 6 nm, -20 mOD) decaying as "
        "0.6 exp(-t/20 ps) + 0.4 exp(-t/500 ps);",
        "# ESA at 495 nm (sigma 8 nm, +5 mOD) decaying with 5 ps; zero before time zero.",
        "# unit: mOD",
        "delay (ps)," + ",".join(f"{w:g}" for w in wl),
    ]
    lines += [",".join(f"{x:.5g}" for x in [t, *row]) for t, row in zip(delay_ps, a, strict=True)]
    return write_lines(out / "ta_map.csv", lines)


_DEFECTS_HEADER = """\
# Illustrative defect-thermodynamics input for `peled characterize formation`.
# The numbers are NOT DFT results: they were chosen so that the formation energies at
# E_F = 0 (VBM) are round values, making every output checkable by hand:
#   V_I : dH(+1) = 0.40 eV, dH(0) = 1.90 eV                -> eps(+1/0)  = 1.50 eV
#   V_Pb: dH(0) = 2.20, dH(-1) = 2.30, dH(-2) = 2.45 eV    -> eps(0/-1) = 0.10, eps(-1/-2) = 0.15 eV
#   I_i : dH(+1) = 1.00, dH(-1) = 1.20 eV (negative U)     -> eps(+1/-1) = 0.10 eV
# Total energies follow from eqn (4) with peled's sign convention (atoms = atoms ADDED):
#   E(defect, q) = dH(q; E_F=0) + E(host) + sum_i n_i (E_i + dmu_i) - q E_VBM
# Site densities: one formula unit per (6.3 Angstrom)^3, the cubic MAPbI3 cell
# (Poglitsch & Weber, J. Chem. Phys. 87, 6373, 1987): 4.0e21 cm-3 Pb (and interstitial)
# sites, 1.2e22 cm-3 I sites.  N_c, N_v from effective masses m_e = 0.2, m_h = 0.25
# (illustrative values of the order reported for MAPbI3)."""


def _defects(out: Path) -> Path:
    text = make_defect_toml(
        {"energy_ev": -1000.0, "vbm_ev": 1.20, "band_gap_ev": 1.60, "temperature_k": 300.0,
         "m_e": 0.20, "m_h": 0.25},
        {"Pb": (-3.70, -1.00), "I": (-1.50, -0.50)},
        [{"name": "V_I", "sites_cm3": 1.2e22, "atoms": {"I": -1},
          "formation_ev": {1: 0.40, 0: 1.90}},
         {"name": "V_Pb", "sites_cm3": 4.0e21, "atoms": {"Pb": -1},
          "formation_ev": {0: 2.20, -1: 2.30, -2: 2.45}},
         {"name": "I_i", "sites_cm3": 4.0e21, "atoms": {"I": 1},
          "formation_ev": {1: 1.00, -1: 1.20}}],
        header=_DEFECTS_HEADER)
    path = out / "defects.toml"
    path.write_text(text, encoding="utf-8")
    return path


def make_defect_examples(directory) -> list[Path]:
    """Write the eleven characterisation example files into ``directory``.

    Parameters
    ----------
    directory : str or Path
        Output folder (created if missing).

    Returns
    -------
    list of Path
        The files written: two SCLC files, five admittance spectra, a C-V sweep, an
        Arrhenius series, a TA map and a defect input.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     print(len(make_defect_examples(d)))
    11
    """
    out = output_dir(directory)
    return [_sclc_hole_only(out), _sclc_pulsed_dc(out), *_admittance(out), _cv(out),
            _arrhenius(out), _ta(out), _defects(out)]
