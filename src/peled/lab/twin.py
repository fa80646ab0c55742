"""Digital twin of a ligand-assisted reprecipitation (antisolvent) CsPb(Br,I)3 NC synthesis.

The twin stands in for the "automated nanocrystal synthesis module" and the "real-time
spectral characterization module" of the closed loop of Xu et al., Nat. Commun. 16, 7841
(2025) (Cao et al., Chem. Sci. (2025), sec. 4.5).  It is built from peled's own models,
vectorised over a batch of recipes, and returns what a spectrometer would: a PL spectrum
in photon counts, the sample's absorbance and the excitation photon count.  Peak, FWHM and
PLQY are then *measured* from those raw data by :func:`peled.lab.instruments.analyze_raw`.

Chain of models (each step names its source; numbers marked ``assumption`` are twin
settings, :class:`TwinSettings`, not measured values)

1. Mixing: a precursor of Pb concentration ``c0`` (``precursor_mol_l``) is injected into
   ``r`` volumes of antisolvent (``antisolvent_ratio``): ``c = c0 / (1 + r)`` and the
   antisolvent volume fraction is ``phi = r / (1 + r)``.
2. Solubility in the mixture by the log-linear cosolvency model (Yalkowsky & Roseman, in
   *Techniques of Solubilization of Drugs*, Dekker 1981):
   ``ln c_e = (1 - phi) ln c_e,good(T) + phi ln c_e,anti``; ``c_e,good(T)`` is the CsPbBr3
   preset of :mod:`peled.film.presets` (van 't Hoff in T); amine/acid ligands complex Pb
   and raise the solubility by ``(1 + beta c_L)`` (assumption).  Supersaturation
   ``S = c / c_e``.
3. Nucleation burst: the classical-nucleation rate ``J(S, T)`` of
   :func:`peled.film.nucleation_rate` (Cao et al. 2025, eqns 1-2; Kashchiev 2000) acting
   for a burst time ``tau_burst`` (LaMer & Dinegar, J. Am. Chem. Soc. 72, 4847 (1950):
   nucleation is confined to a short burst; the duration is an assumption) gives
   ``N = J tau_burst`` nuclei per m^3; mass balance puts all excess solute into them:
   cube edge ``L0 = ((c - c_e) v_m / N)^(1/3)``, never below the critical diameter.
4. Growth by Ostwald ripening for ``growth_time_s`` (LSW, :func:`peled.film.lsw_rate_constant`:
   ``<r>^3 = <r0>^3 + K t``), slowed by the bound-ligand coverage as ``K (1 - theta) a``
   (``a`` attachment factor through the ligand shell: assumption).  The relative size
   spread moves from the burst value (assumption) to that of the LSW distribution
   (computed from :func:`peled.film.lsw_distribution`) in proportion to the volume grown
   by ripening.
5. Emission of each size: CsPb(Br1-xIx)3 gap from the halide Vegard fit
   (:func:`peled.materials.halide_energy_ev`) plus the weak-confinement shift of a cube
   (:func:`peled.materials.confinement_shift_ev`, Efros & Efros 1982).
6. PLQY of each size with the excitonic ABC model of :func:`peled.emitter.plqy_abc_excitonic`
   (``(k1r + k2 n) / (k1r + k1nr + k2 n + k3 n^2)``): one electron-hole pair per crystal
   (``n = 1 / L^3``); the exciton share of ``k1r`` follows the Saha equation with the
   size-dependent binding energy of :func:`peled.materials.nanocrystal_exciton_binding_ev`
   (Saha, Phil. Mag. 40, 472 (1920); applied to perovskites by D'Innocenzo et al.,
   Nat. Commun. 5, 3586 (2014)); surface traps give ``k1nr = v_s (6 / L) (1 - eta theta)``
   with ``v_s`` a surface recombination velocity and ``theta`` the Langmuir coverage of
   the ligand (Langmuir, J. Am. Chem. Soc. 40, 1361 (1918)), ``eta`` its passivation
   efficiency (assumptions per ligand).
7. Spectrum: the size distribution (lognormal quadrature) weighted by number x absorption
   (proportional to volume) x PLQY, each size a Gaussian in energy with a homogeneous
   width (assumption) using :func:`peled.spectra.gaussian_energy`.

Measurement noise (each an assumption, all seeded per experiment so a result does not
depend on the order of runs): run-to-run reproducibility of the mean size, excitation
photon count fluctuation, detector noise on the spectrum; a failure probability per run;
systematic failures where no crystals form (``S`` too low) or the product is a bulk
precipitate (mean edge above ``max_edge_nm``) or only clusters (below ``min_edge_nm``).

Calibration checks (tests/lab/test_twin.py): the ensemble FWHM of green CsPbBr3 NCs
lies within the 12-42 nm range and PLQYs up to ~0.9 of Protesescu et al., Nano Lett. 15,
3692 (2015); sizes lie in the 4-15 nm range of colloidal CsPbX3 NCs reported there.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy import constants as sc
from scipy.special import ndtri

from peled.emitter import plqy_abc_excitonic
from peled.errors import ParameterError
from peled.film import get_material, lsw_distribution, lsw_rate_constant, nucleation_rate
from peled.io.toml import closest
from peled.materials import (
    confinement_shift_ev,
    exciton_parameters,
    halide_energy_ev,
    nanocrystal_exciton_binding_ev,
)
from peled.spectra import HC_EV_NM, fwhm_batch, gaussian_energy, peak_wavelength_batch

__all__ = [
    "LIGANDS",
    "Ligand",
    "TWIN_PARAMETERS",
    "TwinRun",
    "TwinSettings",
    "simulate_batch",
    "twin_wavelength_nm",
]


@dataclass(frozen=True)
class Ligand:
    """Surface ligand of the twin: Langmuir constant (1/mM) and passivation efficiency."""

    name: str
    langmuir_per_mm: float
    passivation: float


#: Ligands the twin knows.  All three numbers per ligand are assumptions; their order
#: (zwitterionic > quaternary ammonium > acid/amine pair) follows the reported gains in
#: PLQY and stability of DDAB- and zwitterion-capped CsPbBr3 NCs over oleylamine/oleic
#: acid (Krieg et al., ACS Energy Lett. 3, 641 (2018)).
LIGANDS: Mapping[str, Ligand] = MappingProxyType({
    "OA/OAm": Ligand("OA/OAm", 0.05, 0.80),
    "DDAB": Ligand("DDAB", 0.15, 0.92),
    "zwitterion": Ligand("zwitterion", 0.30, 0.97),
})

#: Twin inputs: name -> (default, low, high, unit).  A campaign optimises a subset; the
#: rest keep their defaults (``ligand`` is categorical, default "OA/OAm").
TWIN_PARAMETERS: Mapping[str, tuple[Any, float, float, str]] = MappingProxyType({
    "precursor_mol_l": (0.1, 1e-3, 0.3, "mol/L"),
    "antisolvent_ratio": (10.0, 1.0, 200.0, "vol/vol"),
    "temperature_c": (25.0, 0.0, 90.0, "degC"),
    "growth_time_s": (30.0, 0.5, 3600.0, "s"),
    "ligand_mm": (10.0, 0.1, 200.0, "mM"),
    "iodide_fraction": (0.0, 0.0, 1.0, ""),
    "ligand": ("OA/OAm", math.nan, math.nan, ""),
})


@dataclass(frozen=True)
class TwinSettings:
    """Model constants of the twin; every value is an assumption unless its note says.

    Attributes
    ----------
    material : str
        Film preset for v_m, gamma, solubility and diffusivity (:mod:`peled.film.presets`).
    antisolvent_solubility_mol_l : float
        Solubility of the Pb halide in pure antisolvent (toluene), mol/L.  Assumption:
        sets S ~ 5-50 for the usual 1:10-1:100 injections.
    ligand_solubility_per_mm : float
        ``beta`` of ``c_e (1 + beta c_L)``: Pb-ligand complexation, 1/mM.  Assumption.
    burst_time_s : float
        Duration of the LaMer nucleation burst, s.  Assumption.
    attachment_factor : float
        Ripening slow-down by the ligand shell (``a`` above).  Assumption.
    burst_spread : float
        Relative standard deviation of the size right after the burst.  Assumption
        (size focusing during a burst gives ~5-10 %).
    homogeneous_fwhm_ev : float
        Single-crystal PL linewidth at room temperature, eV.  Assumption.
    radiative_lifetime_s : float
        Exciton radiative lifetime; 4 ns lies in the 1-29 ns range of Protesescu et al.,
        Nano Lett. 15, 3692 (2015).
    bimolecular_m3_s : float
        Free-carrier radiative coefficient k2, m^3/s.  Assumption (1e-10 cm^3/s order).
    surface_velocity_m_s : float
        Surface recombination velocity of an unpassivated surface, m/s.  Assumption.
    bulk_trap_rate_s : float
        Bulk non-radiative rate, 1/s, raised by halide mixing as ``(1 + 4 x (1 - x))``
        (assumption: mixed-halide disorder).
    adsorption_enthalpy_j_mol : float
        Ligand adsorption enthalpy (van 't Hoff for the Langmuir constant from 25 C).
        Assumption.
    absorbance : float
        Sample absorbance at the excitation wavelength.  Assumption.
    excitation_photons : float
        Photon count of the excitation in the spectrometer's units.  Assumption.
    size_noise, excitation_noise, detector_noise : float
        Relative run-to-run size scatter, relative excitation-count fluctuation, detector
        noise relative to the spectrum maximum.  Assumptions.
    min_supersaturation : float
        Below this S no burst: the run fails.  Assumption.
    max_edge_nm : float
        Mean edge above which the product is a bulk precipitate: the run fails.
        Assumption.
    min_edge_nm : float
        Mean edge below which only clusters form (no stable nanocrystals): the run fails.
        Assumption; it also keeps the twin where the weak-confinement model is usable
        (to about +-0.15 eV down to ~3-4 nm, :mod:`peled.materials.confinement`).
    """

    material: str = "CsPbBr3"
    antisolvent_solubility_mol_l: float = 1e-4
    ligand_solubility_per_mm: float = 0.02
    burst_time_s: float = 1e-3
    attachment_factor: float = 2e-4
    burst_spread: float = 0.07
    homogeneous_fwhm_ev: float = 0.065
    radiative_lifetime_s: float = 4e-9
    bimolecular_m3_s: float = 1e-16
    surface_velocity_m_s: float = 0.3
    bulk_trap_rate_s: float = 1e7
    adsorption_enthalpy_j_mol: float = -40e3
    absorbance: float = 0.1
    excitation_photons: float = 1e7
    size_noise: float = 0.02
    excitation_noise: float = 0.015
    detector_noise: float = 0.002
    min_supersaturation: float = 1.5
    max_edge_nm: float = 40.0
    min_edge_nm: float = 2.5
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({
        "radiative_lifetime_s": "Protesescu et al., Nano Lett. 15, 3692 (2015): 1-29 ns",
    }), repr=False)


@dataclass(frozen=True)
class TwinRun:
    """One simulated experiment: raw measurement plus the hidden truth.

    ``failed`` runs carry ``error`` and no spectrum.  ``truth`` holds the noise-free
    peak, FWHM and PLQY and the intermediate quantities (supersaturation, sizes) for
    tests and reports; instruments report only the raw data.
    """

    failed: bool
    error: str = ""
    wavelength_nm: np.ndarray | None = None
    counts: np.ndarray | None = None
    absorbance: float = math.nan
    excitation_photons: float = math.nan
    truth: Mapping[str, float] = field(default_factory=dict)

    def raw(self) -> dict:
        """JSON-ready raw measurement (what a spectrometer would write)."""
        if self.failed:
            return {"failed": True, "error": self.error}
        return {
            "spectrum": {"wavelength_nm": self.wavelength_nm.tolist(),
                         "counts": self.counts.tolist()},
            "absorbance": self.absorbance,
            "excitation_photons": self.excitation_photons,
        }


def twin_wavelength_nm() -> np.ndarray:
    """Spectrometer grid of the twin: 350-800 nm in 0.5 nm steps.

    Returns
    -------
    ndarray
        Wavelengths (nm).

    Examples
    --------
    >>> wl = twin_wavelength_nm()
    >>> float(wl[0]), float(wl[-1]), len(wl)
    (350.0, 800.0, 901)
    """
    return np.arange(350.0, 800.0 + 1e-9, 0.5)


_NODES = 41  # lognormal quadrature nodes (equal-probability midpoints)


@cache
def _lsw_relative_spread() -> float:
    """Relative standard deviation of the LSW size distribution (computed numerically)."""
    rho = np.linspace(0.0, 1.5, 30001)
    p = lsw_distribution(rho)
    norm = np.trapezoid(p, rho)
    mean = np.trapezoid(rho * p, rho) / norm
    var = np.trapezoid((rho - mean) ** 2 * p, rho) / norm
    return float(math.sqrt(var) / mean)


def _column(params: Sequence[Mapping[str, Any]], name: str) -> np.ndarray:
    default = TWIN_PARAMETERS[name][0]
    return np.array([float(p.get(name, default)) for p in params])


def _seed_for(seed: int, key: str) -> int:
    return (int(seed) * 1_000_003 + zlib.crc32(key.encode())) % (2**32)


def simulate_batch(
    params: Sequence[Mapping[str, Any]],
    *,
    seed: int = 0,
    keys: Sequence[str] | None = None,
    noise: bool = True,
    failure_probability: float = 0.03,
    settings: TwinSettings = TwinSettings(),
) -> list[TwinRun]:
    """Simulate a batch of syntheses and their PL measurements.

    Parameters
    ----------
    params : sequence of mappings
        One recipe per experiment; keys from :data:`TWIN_PARAMETERS` (missing keys take
        the defaults there; unknown keys are errors).
    seed : int
        Campaign seed.  With ``keys`` the noise of each run depends on (seed, key) only,
        so re-running an experiment (resume after a crash) gives the same result.
    keys : sequence of str, optional
        Experiment identifiers (default: the position in the batch).
    noise : bool
        False gives the noise-free truth (no random failures either).
    failure_probability : float
        Probability of a random failed run, in [0, 1).
    settings : TwinSettings
        Model constants of the twin (defaults with their sources in
        :class:`TwinSettings`).

    Returns
    -------
    list of TwinRun

    Examples
    --------
    >>> run = simulate_batch([{"growth_time_s": 100.0}], noise=False)[0]
    >>> run.failed, 505 < run.truth["peak_nm"] < 515
    (False, True)
    """
    if not params:
        return []
    for i, p in enumerate(params):
        for k in p:
            if k not in TWIN_PARAMETERS:
                close = closest(k, list(TWIN_PARAMETERS))
                hint = f"; did you mean {close!r}?" if close else (
                    f"; the twin takes {', '.join(TWIN_PARAMETERS)}")
                raise ParameterError(f"twin: experiment {i}: unknown parameter {k!r}{hint}")
        lig = p.get("ligand", "OA/OAm")
        if lig not in LIGANDS:
            raise ParameterError(f"twin: ligand {lig!r} is not one of {', '.join(LIGANDS)}")
    keys = [str(i) for i in range(len(params))] if keys is None else [str(k) for k in keys]
    s = settings
    mat = get_material(s.material)
    v_m = mat.molecular_volume_m3
    gamma = mat.surface_energy_j_m2

    c0 = _column(params, "precursor_mol_l")
    r = _column(params, "antisolvent_ratio")
    t_k = _column(params, "temperature_c") + sc.zero_Celsius
    t_grow = _column(params, "growth_time_s")
    c_lig = _column(params, "ligand_mm")
    x_i = _column(params, "iodide_fraction")
    ligs = [LIGANDS[p.get("ligand", "OA/OAm")] for p in params]
    k_l25 = np.array([lg.langmuir_per_mm for lg in ligs])
    eta = np.array([lg.passivation for lg in ligs])

    # 1-2: mixing and solubility (mol/L)
    c = c0 / (1.0 + r)
    phi = r / (1.0 + r)
    ce_good = mat.solubility_m3(t_k) / (1e3 * sc.N_A)
    ln_ce = (1.0 - phi) * np.log(ce_good) + phi * np.log(s.antisolvent_solubility_mol_l)
    c_e = np.exp(ln_ce) * (1.0 + s.ligand_solubility_per_mm * c_lig)
    supersat = c / c_e
    to_m3 = 1e3 * sc.N_A

    # 3: nucleation burst
    ok = supersat > s.min_supersaturation
    s_safe = np.where(ok, supersat, 2.0)
    j = nucleation_rate(s_safe, t_k, gamma, v_m, c_e * to_m3,
                        mat.diffusion_coefficient_m2_s(t_k))
    n_nuclei = np.maximum(np.asarray(j, float) * s.burst_time_s, 1.0)
    excess_m3 = np.maximum(c - c_e, 0.0) * to_m3 * v_m
    r_crit = 2.0 * gamma * v_m / (sc.k * t_k * np.log(s_safe))
    edge0 = np.maximum(np.cbrt(excess_m3 / n_nuclei), 2.0 * r_crit)

    # 4: ripening slowed by ligand coverage
    k_lang = k_l25 * np.exp(-s.adsorption_enthalpy_j_mol / sc.R * (1.0 / t_k - 1.0 / 298.15))
    theta = k_lang * c_lig / (1.0 + k_lang * c_lig)
    k_lsw = lsw_rate_constant(gamma, mat.diffusion_coefficient_m2_s(t_k),
                              c_e * to_m3, v_m, t_k)
    r0 = edge0 / 2.0
    r_end = np.cbrt(r0**3 + np.asarray(k_lsw) * (1.0 - theta) * s.attachment_factor * t_grow)
    ripened = 1.0 - (r0 / r_end) ** 3
    spread = s.burst_spread + (_lsw_relative_spread() - s.burst_spread) * ripened
    edge_nm = 2.0 * r_end * 1e9

    # per-experiment random streams (order-independent)
    rngs = [np.random.default_rng(_seed_for(seed, k)) for k in keys]
    draws = np.array([g.standard_normal(3) for g in rngs])
    fail_u = np.array([g.random() for g in rngs])
    if noise:
        edge_nm = edge_nm * (1.0 + s.size_noise * draws[:, 0])

    # 5-6: size distribution, emission and PLQY per size (lognormal quadrature)
    q = (np.arange(_NODES) + 0.5) / _NODES
    sig = np.sqrt(np.log1p(spread**2))
    # runs outside [min_edge_nm, max_edge_nm] fail below; their spectra are computed on
    # clipped sizes only to keep the arithmetic finite
    mu = np.log(np.clip(edge_nm, 0.5, 10.0 * s.max_edge_nm)) - 0.5 * sig**2
    sizes = np.exp(mu[:, None] + sig[:, None] * ndtri(q)[None, :])  # nm, (P, K)
    sizes = np.maximum(sizes, 1.0)
    e_gap = np.array([halide_energy_ev(f_br=1.0 - x, f_i=x) for x in x_i])
    e_node = np.empty_like(sizes)
    eb = np.empty_like(sizes)
    for i, x in enumerate(x_i):
        mix = {"Br": 1.0 - x, "I": x} if x > 0 else {"Br": 1.0}
        mix = {k: v for k, v in mix.items() if v > 0}
        ep = exciton_parameters(mix)
        e_node[i] = e_gap[i] + confinement_shift_ev(sizes[i], ep, "weak", "cube")
        eb[i] = nanocrystal_exciton_binding_ev(sizes[i], ep)
    vol_m3 = (sizes * 1e-9) ** 3
    n_pair = 1.0 / vol_m3
    mu_red = 0.126  # CsPbBr3 reduced mass, m0 (Yang et al., ACS Energy Lett. 2, 1621 (2017))
    n_c = (mu_red * sc.m_e * sc.k * t_k[:, None] / (2 * np.pi * sc.hbar**2)) ** 1.5
    rhs = n_c / n_pair * np.exp(-eb * sc.e / (sc.k * t_k[:, None]))
    # Saha: x^2 / (1 - x) = rhs, root in [0, 1] in a form that is stable for large rhs
    free = np.clip(2.0 * rhs / (rhs + np.sqrt(rhs**2 + 4.0 * rhs)), 0.0, 1.0)
    k_ex = 1.0 / s.radiative_lifetime_s
    k_trap = (s.surface_velocity_m_s * 6.0 / (sizes * 1e-9) * (1.0 - eta * theta)[:, None]
              + s.bulk_trap_rate_s * (1.0 + 4.0 * x_i * (1.0 - x_i))[:, None])
    plqy_node = plqy_abc_excitonic(n_pair, (1.0 - free) * k_ex, k_trap,
                                   s.bimolecular_m3_s * free, 0.0)
    weight = vol_m3 * plqy_node
    plqy_ens = (vol_m3 * plqy_node).sum(1) / vol_m3.sum(1)

    # 7: spectrum
    grid = twin_wavelength_nm()
    peak_node = HC_EV_NM / e_node
    fwhm_node = peak_node**2 * s.homogeneous_fwhm_ev / HC_EV_NM
    shapes = gaussian_energy(peak_node, fwhm_node, grid)  # (P, K, M)
    shape = np.einsum("pk,pkm->pm", weight / weight.sum(1, keepdims=True), shapes)
    area = np.trapezoid(shape, grid, axis=1)
    absorbed = s.excitation_photons * (1.0 - 10.0 ** (-s.absorbance))
    clean = shape * (plqy_ens * absorbed / area)[:, None]

    true_peak = peak_wavelength_batch(grid, clean)
    true_fwhm = fwhm_batch(grid, clean)

    runs = []
    for i in range(len(params)):
        truth = {
            "supersaturation": float(supersat[i]),
            "edge_nm": float(2.0 * r_end[i] * 1e9),
            "relative_spread": float(spread[i]),
            "ligand_coverage": float(theta[i]),
            "peak_nm": float(true_peak[i]),
            "fwhm_nm": float(true_fwhm[i]),
            "plqy": float(plqy_ens[i]),
        }
        if not ok[i]:
            runs.append(TwinRun(True, f"no nanocrystals formed: supersaturation S = "
                                f"{supersat[i]:.3g} <= {s.min_supersaturation:g}", truth=truth))
            continue
        if truth["edge_nm"] > s.max_edge_nm:
            runs.append(TwinRun(True, f"bulk precipitate: mean edge {truth['edge_nm']:.3g} nm "
                                f"> {s.max_edge_nm:g} nm", truth=truth))
            continue
        if truth["edge_nm"] < s.min_edge_nm:
            runs.append(TwinRun(True, f"clusters only: mean edge {truth['edge_nm']:.3g} nm "
                                f"< {s.min_edge_nm:g} nm", truth=truth))
            continue
        if noise and fail_u[i] < failure_probability:
            runs.append(TwinRun(True, "run failed: injection fault (random failure of the "
                                "twin's robot)", truth=truth))
            continue
        counts = clean[i].copy()
        exc = s.excitation_photons
        if noise:
            counts = counts * (1.0 + s.excitation_noise * draws[i, 1])
            det = np.random.default_rng(_seed_for(seed, keys[i] + "/detector"))
            counts = counts + s.detector_noise * counts.max() * det.standard_normal(grid.size)
        runs.append(TwinRun(False, "", grid, counts, s.absorbance, exc, truth))
    return runs
