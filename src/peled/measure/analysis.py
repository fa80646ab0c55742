"""Analysis of one device or a batch: from a device folder to a :class:`DeviceResult`.

``analyze_device(folder)`` reads the folder (:mod:`peled.measure.readers`), separates and
cleans the sweeps (:mod:`peled.measure.jvl`), converts the emission signal into
luminance, radiance, photon flux, EQE, CE and PE (:mod:`peled.measure.eqe`; Lambertian
unless ``angular.csv`` is given), analyses the EL spectra (:mod:`peled.measure.el`) and
the lifetime runs (:mod:`peled.measure.lifetime`), and checks the consistency of EQE
and CE columns written by the lab software.

With spectra at several voltages, the spectral conversion factors (luminous efficacy of
radiation, photons per joule, photodiode responsivity) are interpolated linearly in
voltage between the measured spectra and held constant outside them, so each J-V-L
point is converted with the spectrum measured closest to its voltage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy import constants

from peled import robust as _robust
from peled.color import luminous_efficacy_of_radiation
from peled.errors import FileFormatError, ParameterError, PeledError
from peled.measure import eqe as _eqe
from peled.measure.config import DeviceConfig
from peled.measure.el import EL_BASELINES, ELResult, analyze_el, prepare_el_spectra
from peled.measure.jvl import (
    JVLFigures,
    RawSweep,
    Sweep,
    clean_sweeps,
    figures_of_merit,
    sweep_hysteresis_index,
)
from peled.measure.lifetime import LifetimeResult, analyze_lifetime
from peled.measure.readers import DeviceData, ELSpectra, discover_batch, load_device

__all__ = [
    "ConsistencyCheck",
    "DeviceFailure",
    "DeviceResult",
    "EXTRA_SUMMARY_KEYS",
    "SUMMARY_KEYS",
    "analyze_batch",
    "analyze_data",
    "analyze_device",
    "analyze_path",
    "detection_floor",
    "pre_onset_floor",
]

#: Keys of :meth:`DeviceResult.summary` (the ``peled analyze --json`` contract).
SUMMARY_KEYS: tuple[str, ...] = (
    "name", "eqe_max_pct", "ce_max_cd_a", "pe_max_lm_w", "luminance_max_cd_m2", "v_on_v",
    "j_at_eqe_max_mA_cm2", "eqe_at_1000_cd_m2_pct", "j50_mA_cm2", "peak_nm", "fwhm_nm",
    "cie_x", "cie_y", "t50_h", "t90_h", "t95_h", "t50_at_100_cd_m2_h", "warnings",
)

#: Keys that :meth:`DeviceResult.summary` adds after :data:`SUMMARY_KEYS` (the
#: ``results.csv`` columns stay :data:`SUMMARY_KEYS`): ``flags`` (short names of anomalies
#: that make a headline number suspect, e.g. ``"eqe_above_100_pct"``),
#: ``luminance_comparison`` (luminance column vs photodiode-derived luminance, or null)
#: and ``el_bands`` (every emission band of the reference EL spectrum, or null).
EXTRA_SUMMARY_KEYS: tuple[str, ...] = ("flags", "luminance_comparison", "el_bands")

#: Relative disagreement above which the CE-vs-EQE consistency check warns (peled's choice).
CONSISTENCY_TOLERANCE: float = 0.10

#: Relative disagreement between a luminance-meter column and the luminance derived from
#: a photodiode column of the same file above which both are reported (peled's choice,
#: the same 10 % as :data:`CONSISTENCY_TOLERANCE`).
LUMINANCE_TOLERANCE: float = 0.10

#: Largest plausible LED luminance (cd/m2): about that of the solar disc, ~1.6e9 cd/m2
#: (peled's plausibility bound; PeLEDs reach ~1e5-1e6 cd/m2).  Larger values mean a wrong
#: unit or scale in the luminance column.
PLAUSIBLE_LUMINANCE_CD_M2: float = 1e9


@dataclass(frozen=True)
class ConsistencyCheck:
    """CE vs EQE vs spectrum (Lambertian) for EQE/CE columns written by the lab software.

    ``file_eqe_vs_ce`` is the median relative deviation of EQE_file / (CE_file x
    EQE-per-CE(spectrum)) from 1; ``computed_vs_file_eqe`` the median relative deviation
    of peled's EQE from the file's EQE.  None when the columns are absent.
    """

    file_eqe_vs_ce: float | None
    computed_vs_file_eqe: float | None
    tolerance: float
    consistent: bool


@dataclass(frozen=True, eq=False)
class DeviceResult:
    """Everything peled derives from one device folder.

    Curves: ``forward`` and ``reverse`` (:class:`~peled.measure.jvl.Sweep`, arrays of V,
    J, L, radiance, photon flux, EQE, CE, PE).  Figures of merit of the analysed sweep
    (``analysed_sweep``, forward by default): ``figures``; of the other sweep:
    ``other_figures``.  EL: ``el`` (spectra, peaks, CIE, Rec.2020, shift with voltage).
    Lifetime: ``lifetime`` (runs with traces, fit curves, extrapolations, CIs, n and
    converted lifetimes).  ``warnings``: every anomaly found.  ``detector_floor``: the
    emission reading (in the unit of ``emission``: cd/m2, W/sr/m2 or A) at or below which
    readings are excluded from EQE/CE/PE; ``detector_floor_source`` is ``"device.toml"``,
    ``"estimated from ..."`` (3 sigma of the dark readings, or median + 3 sigma of the
    pre-onset readings) or ``"none"`` (0: only zero and negative readings excluded).
    ``quantification_limit``: the limit of quantification (10 sigma) below which readings
    do not enter the efficiency figures of merit (:mod:`peled.measure.jvl`).  ``flags``:
    short names of anomalies that make a headline number suspect; ``luminance_comparison``:
    luminance column vs photodiode-derived luminance (None without both).
    """

    name: str
    path: Path | None
    config: DeviceConfig
    emission: str
    angular_factor: float
    lambertian: bool
    analysed_sweep: str
    forward: Sweep
    reverse: Sweep | None
    figures: JVLFigures
    other_figures: JVLFigures | None
    hysteresis_index_current: float | None
    hysteresis_index_luminance: float | None
    el: ELResult | None
    lifetime: LifetimeResult | None
    consistency: ConsistencyCheck | None
    warnings: tuple[str, ...]
    detector_floor: float = 0.0
    detector_floor_source: str = "none"
    quantification_limit: float = 0.0
    flags: tuple[str, ...] = ()
    luminance_comparison: dict | None = None

    @property
    def sweep(self) -> Sweep:
        """The analysed sweep."""
        return self.reverse if self.analysed_sweep == "reverse" else self.forward

    def summary(self) -> dict:
        """The ``peled analyze --json`` object: :data:`SUMMARY_KEYS` then
        :data:`EXTRA_SUMMARY_KEYS` (None = null)."""
        f = self.figures
        el = self.el
        lt = self.lifetime
        return {
            "name": self.name,
            "eqe_max_pct": f.eqe_max_pct,
            "ce_max_cd_a": f.ce_max_cd_a,
            "pe_max_lm_w": f.pe_max_lm_w,
            "luminance_max_cd_m2": f.luminance_max_cd_m2,
            "v_on_v": f.v_on_v,
            "j_at_eqe_max_mA_cm2": f.j_at_eqe_max_mA_cm2,
            "eqe_at_1000_cd_m2_pct": f.eqe_at_1000_cd_m2_pct,
            "j50_mA_cm2": f.j50_mA_cm2,
            "peak_nm": el.peak_nm if el else None,
            "fwhm_nm": _finite_or_none(el.fwhm_nm) if el else None,
            "cie_x": _finite_or_none(el.cie_x) if el else None,
            "cie_y": _finite_or_none(el.cie_y) if el else None,
            "t50_h": lt.t_h(0.5) if lt else None,
            "t90_h": lt.t_h(0.9) if lt else None,
            "t95_h": lt.t_h(0.95) if lt else None,
            "t50_at_100_cd_m2_h": lt.t50_at_100_cd_m2_h if lt else None,
            "warnings": list(self.warnings),
            "flags": list(self.flags),
            "luminance_comparison": self.luminance_comparison,
            "el_bands": el.bands_dict() if el else None,
        }

    def details(self) -> dict:
        """A flat dict of every scalar result (for tables, CSV and JSON reports)."""
        out = {k: v for k, v in self.summary().items() if k in SUMMARY_KEYS and k != "warnings"}
        out.update({f"figures.{k}": v for k, v in vars(self.figures).items()})
        out.update(
            emission=self.emission, angular_factor=self.angular_factor,
            lambertian=self.lambertian, analysed_sweep=self.analysed_sweep,
            hysteresis_index_current=self.hysteresis_index_current,
            hysteresis_index_luminance=self.hysteresis_index_luminance,
            area_cm2=self.config.area_cm2, color_class=self.config.color_class,
            detector_floor=self.detector_floor, detector_floor_source=self.detector_floor_source,
            quantification_limit=self.quantification_limit,
        )
        if self.el:
            e = self.el
            out.update({
                "el.inside_rec2020": e.inside_rec2020,
                "el.nearest_rec2020_primary": e.nearest_rec2020_primary,
                "el.distance_to_rec2020_primary": e.distance_to_rec2020_primary,
                "el.peak_shift_nm_per_v": e.peak_shift_nm_per_v,
                "el.total_peak_shift_nm": e.total_peak_shift_nm,
                "el.fwhm_change_nm": e.fwhm_change_nm,
                "el.phase_segregation_suspected": e.phase_segregation_suspected,
                "el.n_bands": len(e.bands),
                "el.colour_noise_duv": e.colour_noise_duv,
            })
        if self.lifetime:
            lt = self.lifetime
            p = lt.primary
            out.update({
                "lifetime.l0_cd_m2": p.l0_cd_m2, "lifetime.t80_h": lt.t_h(0.8),
                "lifetime.t50_extrapolated": p.t(0.5).extrapolated,
                "lifetime.t50_lower_h": p.t(0.5).lower_h, "lifetime.t50_upper_h": p.t(0.5).upper_h,
                "lifetime.n": lt.n, "lifetime.n_source": lt.n_source,
                "lifetime.t95_at_1000_cd_m2_h": lt.t95_at_1000_cd_m2_h,
                "lifetime.meets_t50_target": lt.meets_t50_target,
                "lifetime.meets_t95_target": lt.meets_t95_target,
                "lifetime.stretched_tau_h": p.stretched_tau_h,
                "lifetime.stretched_beta": p.stretched_beta,
                "lifetime.decay_resolved": p.decay_resolved,
            })
        if self.consistency:
            out["consistency.consistent"] = self.consistency.consistent
        out["n_warnings"] = len(self.warnings)
        return out


def _finite_or_none(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


@dataclass(frozen=True)
class DeviceFailure:
    """A device of a batch that could not be analysed, with the one-line reason."""

    name: str
    error: str
    path: Path | None = None


# ------------------------------------------------------------------ spectral factors
class _Spectral:
    """Spectral conversion factors vs voltage (see module docstring)."""

    def __init__(self, data: DeviceData, warnings: list[str]):
        self.available = data.el is not None
        if not self.available:
            return
        el = data.el
        self.volts = el.voltages_v
        self.ler = np.array([luminous_efficacy_of_radiation(s) for s in el.spectra])
        if data.jvl.emission != "radiance" and not np.all(self.ler > 0):
            raise FileFormatError(
                data.folder / el.source if data.folder else el.source,
                "EL spectrum has no visible content (luminous efficacy 0), so luminance "
                "cannot be converted; for NIR devices give radiance (W/sr/m2) in jvl.csv")
        self.ppj = np.array([_eqe.photons_per_joule(s) for s in el.spectra])
        self.spectra = el.spectra
        m = data.config.measurement
        self.reff = None
        has_pd_cal = (data.responsivity is not None
                      or m.photodiode_responsivity_a_w is not None)
        if data.jvl.emission == "photocurrent" or (
                data.jvl.photocurrent_a is not None and has_pd_cal):
            if data.responsivity is None and m.photodiode_responsivity_a_w is None:
                raise FileFormatError(
                    data.config.path or "device.toml",
                    "field 'measurement.photodiode_responsivity_a_w' or "
                    "'measurement.photodiode_responsivity_file' is required for photodiode data",
                )
            r = data.responsivity
            try:
                self.reff = np.array([
                    _eqe.responsivity_effective(
                        s, None if r is None else r.wavelength_nm, None if r is None else r.a_per_w,
                        m.photodiode_responsivity_a_w if r is None else None)
                    for s in el.spectra
                ])
            except PeledError as exc:
                if data.jvl.emission == "photocurrent":
                    raise FileFormatError(r.source if r else "device.toml", str(exc)) from None
                warnings.append(f"photodiode column not compared with the luminance column: "
                                f"{exc}")
                self.reff = None

    def at(self, values: np.ndarray, v: np.ndarray) -> np.ndarray:
        if self.volts is None or values.size == 1:
            return np.full(v.shape, values[0])
        return np.interp(v, self.volts, values)


def _geometry_factor(data: DeviceData) -> float:
    m = data.config.measurement
    if m.photodiode_geometry_factor is not None:
        if m.photodiode_geometry_factor > 1:
            raise FileFormatError(data.config.path or "device.toml",
                                  "field 'measurement.photodiode_geometry_factor' must be <= 1")
        return m.photodiode_geometry_factor
    if m.photodiode_radius_mm is not None and m.photodiode_distance_mm is not None:
        return _eqe.geometry_factor_coaxial(m.photodiode_radius_mm, m.photodiode_distance_mm)
    raise FileFormatError(
        data.config.path or "device.toml",
        "field 'measurement.photodiode_geometry_factor' (or photodiode_radius_mm and "
        "photodiode_distance_mm) is required for photodiode data",
    )


#: Minimum number of dark (or pre-onset) readings for an estimated detector floor: with
#: fewer, the standard deviation is too uncertain (its relative standard error is
#: 1/sqrt(2(n-1)) = 35 % for n = 5; Taylor, *An Introduction to Error Analysis*, 2nd ed.,
#: University Science Books 1997, ch. 5); peled's choice.
MIN_DARK_READINGS: int = 5

#: Multiple of sigma that defines the limit of detection (floor) and of quantification
#: (ACS Committee on Environmental Improvement, Anal. Chem. 52, 2242 (1980): LOD 3 sigma,
#: LOQ 10 sigma; Long & Winefordner, Anal. Chem. 55, 712A (1983)).
LOD_SIGMA: float = 3.0
LOQ_SIGMA: float = 10.0



def _rms(x: np.ndarray) -> float:
    """Root mean square without overflow (scaled by max |x|)."""
    m = float(np.max(np.abs(x))) if x.size else 0.0
    if not (m > 0 and np.isfinite(m)):
        return m if x.size else 0.0
    return m * float(np.sqrt(np.mean((x / m) ** 2)))


def detection_floor(raws: dict[str, RawSweep]) -> tuple[float, int]:
    """Limit of detection 3 sigma of the dark readings and the number of readings used.

    Dark readings: the emission signal at V <= 0 and every negative reading (see
    :class:`~peled.measure.config.MeasurementSettings`, ``detector_floor_cd_m2``); sigma
    is their root mean square.

    Parameters
    ----------
    raws : dict of str to peled.measure.jvl.RawSweep
        The cleaned sweeps (:func:`peled.measure.jvl.clean_sweeps`).

    Returns
    -------
    floor : float
        3 sigma, in the unit of the emission signal (e.g. cd/m^2); 0 with fewer than
        :data:`MIN_DARK_READINGS` dark readings.
    n_readings : int
        Number of dark readings used.

    References
    ----------
    G. L. Long & J. D. Winefordner, Anal. Chem. 55, 712A (1983) (limit of detection).

    Examples
    --------
    >>> from peled.measure.jvl import clean_sweeps
    >>> from peled.measure.readers import load_device
    >>> from peled.datasets import example_devices_dir
    >>> green = example_devices_dir() / "green"
    >>> floor, n = detection_floor(clean_sweeps(load_device(green).jvl, []))
    >>> round(floor, 4), n
    (0.0296, 61)
    """
    dark = np.concatenate([
        np.concatenate([r.signal[r.voltage_v <= 0], r.signal[(r.voltage_v > 0) & (r.signal < 0)]])
        for r in raws.values()
    ])
    if dark.size < MIN_DARK_READINGS:
        return 0.0, int(dark.size)
    return LOD_SIGMA * _rms(dark), int(dark.size)


#: Up to this many readings the noise run grows one reading at a time (statistics of the
#: run so far); beyond it the statistics are refreshed when the run has doubled, so a
#: million-point sweep costs O(n log n) instead of O(n^2) (same result on short runs).
_EXACT_RUN = 256


def _noise_run_length(s: np.ndarray, n0: int) -> int:
    """Length of the leading run of ``s`` within 5 sigma (median, 1.4826 MAD) of the run."""
    k = n0
    while k < s.size:
        med = float(np.median(s[:k]))
        sig = _robust.mad_sigma(s[:k], center=med)
        if k < _EXACT_RUN:
            if not (sig > 0 or s[k] == med) or abs(s[k] - med) > 5.0 * sig:
                return k
            k += 1
            continue
        rest = s[k:2 * k]  # test up to k more readings against the current statistics
        bad = (np.abs(rest - med) > 5.0 * sig) if sig > 0 else (rest != med)
        if bad.any():
            return k + int(np.argmax(bad))
        k += rest.size
    return k


def pre_onset_floor(raws: dict[str, RawSweep]) -> tuple[float, float, int]:
    """Detector floor from the noise of the readings before the emission onset.

    For each sweep (increasing V > 0) the lowest-voltage readings form the noise run when
    they do not rise monotonically (a rising run is emission, not noise): starting from
    the first :data:`MIN_DARK_READINGS` readings, the run grows while a reading stays
    within 5 sigma of the run's median (sigma = 1.4826 MAD, :func:`peled.robust.mad_sigma`; the
    5-sigma inclusion band is peled's choice).  The floor is
    ``median + 3 sigma`` of the pooled runs (:data:`LOD_SIGMA`).  When the pooled
    readings are all identical (MAD = 0: a display resolution q larger than the noise,
    e.g. 0.00 cd/m2 printed before the onset), sigma is the standard uncertainty of that
    resolution, q / sqrt(12), with q the smallest step between distinct readings
    (JCGM 100:2008, *Guide to the expression of uncertainty in measurement*, sec. F.2.2.1).

    Parameters
    ----------
    raws : dict of str to RawSweep
        The cleaned sweeps (:func:`peled.measure.jvl.clean_sweeps`).

    Returns
    -------
    tuple
        ``(floor, sigma, n)``; ``(0, 0, n)`` when fewer than :data:`MIN_DARK_READINGS`
        noise readings are found.

    References
    ----------
    Rousseeuw & Croux, J. Am. Stat. Assoc. 88, 1273 (1993) (MAD); MacDougall et al.
    (ACS Committee on Environmental Improvement), Anal. Chem. 52, 2242 (1980) (3 sigma).

    Examples
    --------
    >>> from peled.measure.jvl import RawSweep
    >>> v = np.arange(0.1, 2.1, 0.1)
    >>> noise = np.array([1.0, 3.0, 2.0, 2.0, 1.0, 3.0, 2.0, 2.0])
    >>> s = np.concatenate([noise, 10.0 ** np.arange(1, 13)])
    >>> raw = RawSweep("forward", v, np.ones(v.size), s, None, None, np.arange(v.size))
    >>> floor, sigma, n = pre_onset_floor({"forward": raw})
    >>> n, round(sigma, 4), round(floor, 4)  # median 2, MAD 0.5
    (8, 0.7413, 4.2239)
    >>> s = np.concatenate([np.zeros(8), [0.01, 0.01, 0.02], 10.0 ** np.arange(0, 9)])
    >>> raw = RawSweep("forward", v, np.ones(v.size), s, None, None, np.arange(v.size))
    >>> floor, sigma, n = pre_onset_floor({"forward": raw})
    >>> n, round(float(sigma / (0.01 / np.sqrt(12))), 6)  # display resolution 0.01
    (8, 1.0)
    """
    runs = []
    n0 = MIN_DARK_READINGS
    for r in raws.values():
        s = r.signal[r.voltage_v > 0]
        if s.size < n0 + 1 or np.all(np.diff(s[:n0]) > 0):
            continue
        runs.append(s[:_noise_run_length(s, n0)])
    noise = np.concatenate(runs) if runs else np.zeros(0)
    if noise.size < n0:
        return 0.0, 0.0, int(noise.size)
    med = float(np.median(noise))
    sig = _robust.mad_sigma(noise, center=med)
    if not sig > 0:
        # identical pre-onset readings: the display resolution q hides the noise; its
        # standard uncertainty is q / sqrt(12) (JCGM 100:2008, sec. F.2.2.1), with q the
        # smallest step between distinct readings
        values = np.unique(np.concatenate([r.signal[r.voltage_v > 0] for r in raws.values()]))
        steps = np.diff(values[np.isfinite(values)])
        steps = steps[steps > 0]
        if steps.size == 0:
            return 0.0, 0.0, int(noise.size)
        sig = float(steps.min()) / np.sqrt(12.0)
    return med + LOD_SIGMA * sig, sig, int(noise.size)


_UNITS = {"luminance": "cd/m2", "radiance": "W/sr/m2", "photocurrent": "A"}
_FLOOR_KEYS = {"luminance": "detector_floor_cd_m2", "photocurrent": "photocurrent_floor_a"}


def _floor(data: DeviceData, raws: dict[str, RawSweep],
           warnings: list[str]) -> tuple[float, str, float]:
    """Detector floor (LOD), its source and the limit of quantification (LOQ).

    A floor from device.toml is taken as the LOD = 3 sigma, so LOQ = (10/3) floor; an
    estimated floor gives LOQ = baseline + 10 sigma (:data:`LOQ_SIGMA`).
    """
    m = data.config.measurement
    emission = data.jvl.emission
    for kind, key in _FLOOR_KEYS.items():
        floor = getattr(m, key)
        if floor is None:
            continue
        if emission == kind:
            return float(floor), "device.toml", float(floor) * LOQ_SIGMA / LOD_SIGMA
        warnings.append(f"measurement.{key} ignored: the emission data are {emission}, "
                        f"not {kind}")
    floor, n_dark = detection_floor(raws)
    if n_dark >= MIN_DARK_READINGS:
        return floor, f"estimated from {n_dark} dark readings", floor * LOQ_SIGMA / LOD_SIGMA
    floor, sig, n_pre = pre_onset_floor(raws)
    if n_pre >= MIN_DARK_READINGS and floor > 0:
        return (floor, f"estimated from {n_pre} pre-onset readings (median + 3 sigma; "
                "sigma = 1.4826 MAD, or resolution/sqrt(12) if they are identical)",
                floor + (LOQ_SIGMA - LOD_SIGMA) * sig)
    return 0.0, "none", 0.0


def _floor_how(source: str) -> str:
    if source == "device.toml":
        return "set in device.toml"
    if source == "none":
        return "no dark readings"
    if "pre-onset" in source:
        return source
    return source.replace("estimated from", "3 sigma of")


def _report_floor(raws: dict[str, RawSweep], floor: float, source: str, emission: str,
                  warnings: list[str]) -> None:
    """One line: how many readings of each sweep the detector floor excluded.

    Readings below the floor before the emission onset (the lowest voltage with a
    reading above the floor) are expected; those after it (detector dropouts, a dying
    device) are counted separately, since they are anomalies.
    """
    counts = {}
    late = 0
    for k, r in raws.items():
        below = r.signal <= floor
        above = np.flatnonzero(~below)
        onset = r.voltage_v[above[0]] if above.size else np.inf
        counts[k] = int(below.sum())
        late += int((below & (r.voltage_v > onset)).sum())
    if not any(counts.values()):
        return
    if all(counts[k] == r.signal.size for k, r in raws.items()):
        how = _floor_how(source)
        warnings.append(f"no emission: every reading is at or below the detector floor "
                        f"({floor:.2g} {_UNITS[emission]}, {how}); EQE/CE/PE not computed")
        return
    parts = " and ".join(f"{n} of {raws[k].signal.size} {k}" for k, n in counts.items() if n)
    how = _floor_how(source)
    when = "all before emission onset" if late == 0 else f"{late} after emission onset"
    warnings.append(
        f"{parts} readings ({when}) at or below the detector floor "
        f"({floor:.2g} {_UNITS[emission]}, {how}) excluded from EQE/CE/PE"
    )


def _analyse_sweep(raw: RawSweep, data: DeviceData, sp: _Spectral, f_ang: float,
                   floor: float, loq: float = 0.0) -> Sweep:
    v, j, s = raw.voltage_v, raw.current_density_a_m2, raw.signal
    emission = data.jvl.emission
    nan = np.full(v.shape, np.nan)
    if emission == "photocurrent":
        if not sp.available:
            raise FileFormatError(data.jvl.path, "photodiode data need an el_spectrum.csv")
        if data.jvl.area_cm2 is None:
            raise FileFormatError(data.config.path or data.jvl.path.parent / "device.toml",
                                  "field 'area_cm2' is required for photodiode data")
        area = data.jvl.area_cm2 * 1e-4
        ang = data.angular
        # the on-axis detector fixes the on-axis radiance; the flux below scales with F
        radiance = _eqe.on_axis_radiance_from_photocurrent(
            s, area, 1.0, _geometry_factor(data),
            None if ang is None else ang.angle_deg,
            None if ang is None else ang.relative_intensity) / sp.at(sp.reff, v)
        lum = radiance * sp.at(sp.ler, v)
    elif emission == "radiance":
        radiance = s
        if sp.available:  # no luminance without visible content (NIR)
            ler = sp.at(sp.ler, v)
            lum = np.where(ler > 0, radiance * ler, np.nan)
        else:
            lum = nan
    else:
        lum = s
        radiance = lum / sp.at(sp.ler, v) if sp.available else nan
    valid = (s > floor) & (j > 0)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if sp.available:
            flux = f_ang * np.pi * radiance * sp.at(sp.ppj, v)
            eqe = np.where(valid, flux * constants.e / np.where(j > 0, j, 1.0) * 100.0, np.nan)
        else:
            flux = nan
            eqe = nan
        ce = np.where(valid, _eqe.current_efficiency_cd_a(lum, j), np.nan)
        pe = np.where(valid & (v > 0), _eqe.power_efficacy_lm_w(lum, j, v, f_ang), np.nan)
    # readings whose conversion overflows (values near 1e300) are not valid numbers
    finite = ~np.isinf(np.asarray(lum, float)) & ~np.isinf(np.asarray(radiance, float))
    if sp.available:
        finite &= ~np.isinf(flux)
    valid = valid & finite
    # efficiency figures: readings >= LOQ with at least one neighbour (in V) >= LOQ too;
    # an isolated reading between readings below it is a spike, not a measurement
    quantified = valid & (s >= loq)
    if quantified.size > 1:
        nb = np.zeros_like(quantified)
        nb[1:] |= quantified[:-1]
        nb[:-1] |= quantified[1:]
        quantified &= nb
    return Sweep(
        direction=raw.direction,
        voltage_v=v,
        current_density_mA_cm2=j / 10.0,
        luminance_cd_m2=np.asarray(lum, float),
        radiance_w_sr_m2=np.asarray(radiance, float),
        photon_flux_m2_s=np.asarray(flux, float),
        eqe_pct=np.asarray(eqe, float),
        ce_cd_a=ce,
        pe_lm_w=pe,
        valid=valid,
        line_numbers=raw.line_numbers,
        quantified=quantified,
    )


def _consistency(raw: RawSweep, sweep: Sweep, sp: _Spectral, f_ang: float,
                 warnings: list[str]) -> ConsistencyCheck | None:
    if raw.eqe_pct_file is None:
        return None
    e_file = raw.eqe_pct_file
    ok = sweep.valid & np.isfinite(e_file) & (e_file > 0)
    if not ok.any() or not sp.available:
        return None
    dev_file = None
    if raw.ce_cd_a_file is not None:
        k = sp.at(sp.ler, sweep.voltage_v)  # LER per point
        per_ce = f_ang * np.pi * constants.e * sp.at(sp.ppj, sweep.voltage_v) / k * 100.0
        ok2 = ok & np.isfinite(raw.ce_cd_a_file) & (raw.ce_cd_a_file > 0)
        if ok2.any():
            ratio = e_file[ok2] / (raw.ce_cd_a_file[ok2] * per_ce[ok2])
            dev_file = float(np.median(np.abs(ratio - 1.0)))
            if dev_file > CONSISTENCY_TOLERANCE:
                warnings.append(
                    f"consistency: the file's EQE and CE columns disagree by "
                    f"{100 * dev_file:.0f} % (median; Lambertian, this EL spectrum)"
                )
    dev_comp = float(np.median(np.abs(sweep.eqe_pct[ok] / e_file[ok] - 1.0)))
    if dev_comp > CONSISTENCY_TOLERANCE:
        warnings.append(
            f"consistency: peled's EQE differs from the file's EQE column by "
            f"{100 * dev_comp:.0f} % (median)"
        )
    consistent = all(d is None or d <= CONSISTENCY_TOLERANCE for d in (dev_file, dev_comp))
    return ConsistencyCheck(dev_file, dev_comp, CONSISTENCY_TOLERANCE, consistent)


def _check_data(raws: dict[str, RawSweep], emission: str, warnings: list[str],
                flags: list[str]) -> None:
    """Say what is wrong with data that would otherwise only give null figures."""
    v = np.concatenate([r.voltage_v for r in raws.values()])
    j = np.concatenate([r.current_density_a_m2 for r in raws.values()])
    sig = np.concatenate([r.signal for r in raws.values()])
    pos = v > 0
    if pos.any() and np.median(j[pos]) < 0:
        warnings.append(
            f"current density is negative at forward bias (median "
            f"{np.median(j[pos]) / 10:.3g} mA/cm2 for V > 0): the current column looks "
            "negated (instrument sign convention) or the device was connected in reverse; "
            "EQE, CE and PE need J > 0 -- invert the column")
        flags.append("negative_current")
    if emission == "luminance" and np.nanmax(np.abs(sig)) > PLAUSIBLE_LUMINANCE_CD_M2:
        warnings.append(
            f"luminance up to {np.nanmax(np.abs(sig)):.3g} cd/m2 exceeds any light source "
            f"(limit {PLAUSIBLE_LUMINANCE_CD_M2:.0e} cd/m2, about the solar disc): check "
            "the unit or scale of the luminance column; readings whose conversion "
            "overflows are excluded")
        flags.append("implausible_luminance")


def _luminance_comparison(raw: RawSweep, sweep: Sweep, data: DeviceData, sp: _Spectral,
                          warnings: list[str], flags: list[str]) -> dict | None:
    """Luminance column vs the luminance derived from a photodiode column of the same file."""
    if raw.photocurrent_a is None or sp.reff is None or data.jvl.area_cm2 is None:
        return None
    try:
        g = _geometry_factor(data)
    except PeledError as exc:
        warnings.append(f"photodiode column not compared with the luminance column: {exc}")
        return None
    pd = raw.photocurrent_a
    if np.median(pd) < 0:
        pd = -pd
    ang = data.angular
    v = sweep.voltage_v
    l_pd = _eqe.on_axis_radiance_from_photocurrent(
        pd, data.jvl.area_cm2 * 1e-4, 1.0, g,
        None if ang is None else ang.angle_deg,
        None if ang is None else ang.relative_intensity) / sp.at(sp.reff, v) * sp.at(sp.ler, v)
    ok = sweep.quantified & np.isfinite(l_pd) & (l_pd > 0)
    if not ok.any():
        return None
    dev = float(np.median(l_pd[ok] / sweep.luminance_cd_m2[ok]) - 1.0)
    out = {
        "used": "luminance column",
        "luminance_max_column_cd_m2": float(np.max(sweep.luminance_cd_m2[ok])),
        "luminance_max_photodiode_cd_m2": float(np.max(l_pd[ok])),
        "median_deviation_pct": 100.0 * dev,
        "tolerance_pct": 100.0 * LUMINANCE_TOLERANCE,
        "n_compared": int(ok.sum()),
    }
    if abs(dev) > LUMINANCE_TOLERANCE:
        warnings.append(
            f"luminance: the photodiode-derived luminance differs from the luminance column "
            f"by {100 * dev:+.0f} % (median of {int(ok.sum())} readings; maximum "
            f"{out['luminance_max_photodiode_cd_m2']:.4g} vs "
            f"{out['luminance_max_column_cd_m2']:.4g} cd/m2); the luminance column is used")
        flags.append("luminance_disagreement")
    return out


def _el_with_baseline(data: DeviceData, method: str,
                      warnings: list[str]) -> tuple[DeviceData, list | None, list | None]:
    """Re-derive the EL spectra from the raw columns with the baseline model ``method``
    (dark columns skipped; :func:`peled.measure.el.prepare_el_spectra`) and return the
    noise sigma and the unclipped corrected intensity of each kept spectrum (None without
    raw columns)."""
    el = data.el
    if el is None or not el.raw:
        return data, None, None
    if method not in EL_BASELINES:
        raise ParameterError(f"EL baseline must be one of {', '.join(EL_BASELINES)}, "
                             f"got {method!r}")
    cols = [(r[0], r[1]) for r in el.raw]
    names = [r[2] for r in el.raw]
    volts = None if el.voltages_v is None else [r[3] for r in el.raw]
    new_warn: list[str] = []
    spectra, v, infos = prepare_el_spectra(cols, names, volts, method, new_warn, el.source)
    if method != "edges":  # replace what the reader reported for the default model
        warnings[:] = [w for w in warnings if not (w.startswith(f"{el.source}: ") and (
            "has a baseline of" in w or "' is dark (" in w))]
        warnings.extend(new_warn)
    if not spectra:
        warnings.append(f"{el.source}: every EL spectrum is dark with --el-baseline {method}")
        return replace(data, el=None), None, None
    return (replace(data, el=ELSpectra(spectra, v, el.source, el.raw)),
            [i.noise_sigma for i in infos], [i.signed_intensity for i in infos])


def analyze_data(data: DeviceData, el_baseline: str = "edges") -> DeviceResult:
    """Analyse already-read device data (pure computation, no file access).

    Parameters
    ----------
    data : peled.measure.readers.DeviceData
        Everything read from one device folder (:func:`peled.measure.load_device`).
    el_baseline : {"edges", "linear", "none"}, default "edges"
        Baseline model of the EL spectra (:data:`peled.measure.el.EL_BASELINES`).

    Returns
    -------
    DeviceResult
        Sweeps, figures of merit, EL and lifetime analyses, warnings and flags.

    Raises
    ------
    peled.errors.PeledError
        If the data cannot be analysed (e.g. no usable sweep; the message says why).

    Examples
    --------
    >>> from peled.measure.readers import load_device
    >>> from peled.datasets import example_devices_dir
    >>> green = example_devices_dir() / "green"
    >>> r = analyze_data(load_device(green))
    >>> round(r.summary()["eqe_max_pct"], 2), r.summary()["peak_nm"]
    (22.79, 527.5)
    """
    warnings = list(data.warnings)
    flags: list[str] = []
    data, el_noise, el_signed = _el_with_baseline(data, el_baseline, warnings)
    m = data.config.measurement
    raws = clean_sweeps(data.jvl, warnings)
    _check_data(raws, data.jvl.emission, warnings, flags)
    if data.jvl.emission == "photocurrent":
        if np.median(np.concatenate([r.signal for r in raws.values()])) < 0:
            warnings.append("photodiode current is negative (photoconductive sign "
                            "convention); its sign is inverted")
            raws = {k: replace(r, signal=-r.signal) for k, r in raws.items()}
    sp = _Spectral(data, warnings)
    if sp.available and not np.any(sp.ler > 0):
        warnings.append("NIR emission (nothing visible): luminance, CE, PE and the turn-on "
                        "voltage (defined in cd/m2) are null")
    if not sp.available:
        warnings.append(
            "no EL spectrum (el_spectrum.csv): EQE, radiance, peak and CIE not computed"
        )
    f_ang = 1.0
    if data.angular is not None:
        f_ang = _eqe.angular_factor(data.angular.angle_deg, data.angular.relative_intensity)
    floor, floor_source, loq = _floor(data, raws, warnings)
    sweeps = {k: _analyse_sweep(r, data, sp, f_ang, floor, loq) for k, r in raws.items()}
    _report_floor(raws, floor, floor_source, data.jvl.emission, warnings)
    analysed = m.sweep
    if analysed not in sweeps:
        warnings.append(f"no {analysed} sweep in the file; the forward sweep is analysed")
        analysed = "forward"
    other = "reverse" if analysed == "forward" else "forward"
    fig_warn: list[str] = []
    figures = figures_of_merit(sweeps[analysed], m.turn_on_luminance_cd_m2, fig_warn)
    warnings.extend(fig_warn)
    if figures.eqe_max_pct is not None and figures.eqe_max_pct > 100.0:
        warnings.append(
            f"EQE above 100 % ({figures.eqe_max_pct:.4g} % at "
            f"{figures.j_at_eqe_max_mA_cm2:.3g} mA/cm2) is not physical: check the area, the "
            "emission unit, the photodiode responsivity and geometry; not a record")
        flags.append("eqe_above_100_pct")
    lum_cmp = _luminance_comparison(raws[analysed], sweeps[analysed], data, sp, warnings,
                                    flags)
    other_fig = None
    hi_j = hi_l = None
    if other in sweeps:
        other_fig = figures_of_merit(sweeps[other], m.turn_on_luminance_cd_m2, [])
        hi_j = sweep_hysteresis_index(sweeps["forward"], sweeps["reverse"], "current")
        if np.any(np.isfinite(sweeps["forward"].luminance_cd_m2)):
            hi_l = sweep_hysteresis_index(sweeps["forward"], sweeps["reverse"], "luminance")
        for label, hi in (("current", hi_j), ("luminance", hi_l)):
            if hi is not None and abs(hi) > m.hysteresis_warning:
                warnings.append(
                    f"hysteresis: reverse and forward sweeps differ in integrated {label} "
                    f"by {100 * hi:+.0f} % (threshold {100 * m.hysteresis_warning:g} %)"
                )
    consistency = _consistency(raws[analysed], sweeps[analysed], sp, f_ang, warnings)
    el = None
    if data.el is not None:
        el = analyze_el(data.el.spectra, data.el.voltages_v, figures.v_at_eqe_max_v,
                        m.spectral_shift_warning_nm, warnings, el_noise, el_signed)
        flags.extend(el.flags)
    lifetime = None
    if data.lifetime:
        lifetime = analyze_lifetime(data.lifetime, m.lifetime_n, warnings)
    return DeviceResult(
        name=data.name,
        path=data.folder,
        config=data.config,
        emission=data.jvl.emission,
        angular_factor=float(f_ang),
        lambertian=data.angular is None,
        analysed_sweep=analysed,
        forward=sweeps["forward"],
        reverse=sweeps.get("reverse"),
        figures=figures,
        other_figures=other_fig,
        hysteresis_index_current=hi_j,
        hysteresis_index_luminance=hi_l,
        el=el,
        lifetime=lifetime,
        consistency=consistency,
        warnings=tuple(dict.fromkeys(warnings)),
        detector_floor=float(floor),
        detector_floor_source=floor_source,
        quantification_limit=float(loq),
        flags=tuple(dict.fromkeys(flags)),
        luminance_comparison=lum_cmp,
    )


def analyze_device(path: str | Path, el_baseline: str = "edges") -> DeviceResult:
    """Read and analyse one device folder (or its ``jvl.csv``).

    Parameters
    ----------
    path : str or pathlib.Path
        A device folder (``jvl.csv``, optional ``device.toml``, ``el_spectrum*``,
        ``lifetime*``) or its ``jvl.csv``.
    el_baseline : {"edges", "linear", "none"}, default "edges"
        Baseline model of the EL spectra, as in :func:`analyze_data`.

    Returns
    -------
    DeviceResult
        The analysis; ``summary()`` holds the figures of merit (``peled analyze --json``).

    Raises
    ------
    peled.errors.FileFormatError
        If ``path`` is a batch of devices or a file cannot be read (the message names the
        file and line).

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> green = example_devices_dir() / "green"
    >>> s = analyze_device(green).summary()
    >>> round(s["eqe_max_pct"], 2), round(s["ce_max_cd_a"], 1), round(s["v_on_v"], 2)
    (22.79, 94.1, 2.38)
    """
    p = Path(path)
    if p.is_dir() and not (p / "jvl.csv").exists() and discover_batch(p) is not None:
        raise FileFormatError(p, "is a batch of devices; use analyze_batch (peled analyze works "
                                 "for both)")
    return analyze_data(_named(load_device(p)), el_baseline)


def _named(data: DeviceData) -> DeviceData:
    """Name a device without ``name`` in device.toml after its folder's real name
    (``peled analyze .`` names it after the current folder, not ``""`` or ``"."``)."""
    if data.config.name or data.folder is None:
        return data
    real = Path(data.folder).resolve().name
    return data if real == data.name else replace(data, name=real)


def _failure_message(exc: Exception) -> str:
    if isinstance(exc, PeledError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"{exc.filename}: file not found"
    return f"internal error ({type(exc).__name__}: {exc}); please report it"


def _analyze_entry(entry) -> DeviceResult | DeviceFailure:
    name, loader, where, el_baseline = entry
    try:
        return analyze_data(_named(loader()), el_baseline)
    except Exception as exc:  # noqa: BLE001 - a bad device must not stop the batch
        return DeviceFailure(name, _failure_message(exc), where)


#: Serial cost of analysing one device (s, 2-core machine; benchmarks/bench_analyze.py),
#: used by :class:`peled.execution.Runner` to choose in-process vs a local cluster.
SECONDS_PER_DEVICE = 0.005


def analyze_batch(path: str | Path,
                  progress: Callable[[int, int, str], None] | None = None,
                  exclude=(),
                  el_baseline: str = "edges",
                  runner=None,
                  ) -> list[DeviceResult | DeviceFailure]:
    """Analyse a batch (folder of device folders, or a CSV with a ``device`` column).

    A device that cannot be read or analysed becomes a :class:`DeviceFailure` with its
    one-line error; the batch continues.  ``progress(i, n, name)`` is called after each
    device.  A single device folder is analysed as a batch of one.  Sub-folders in
    ``exclude`` (e.g. the report's output folder), hidden/temporary folders and peled
    report folders are not devices (:func:`peled.measure.readers.discover_batch`).
    ``runner`` (:class:`peled.execution.Runner`, default in-process for small batches)
    decides where the devices are analysed; the list is in batch order either way.

    Parameters
    ----------
    path : str or pathlib.Path
        A folder of device folders, a CSV with a ``device`` column, or one device.
    progress : callable, optional
        ``progress(i, n, name)``, called after each device.
    exclude : iterable of path-like, optional
        Sub-folders that are not devices.
    el_baseline : {"edges", "linear", "none"}, default "edges"
        Baseline model of the EL spectra.
    runner : peled.execution.Runner, optional
        Where the devices run (default: a new runner, closed afterwards).

    Returns
    -------
    list of DeviceResult or DeviceFailure
        One entry per device, in batch order.

    Raises
    ------
    peled.errors.FileFormatError
        If ``path`` does not exist.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> results = analyze_batch(example_devices_dir())
    >>> [round(r.summary()["eqe_max_pct"], 1) for r in results]
    [22.8, 21.5, 17.2]
    """
    from peled.execution import Runner, TaskFailure  # lazy: the execution layer only for batches

    p = Path(path)
    entries = discover_batch(p, exclude)
    if entries is None:
        real = p.resolve()
        entries = [(real.name if p.is_dir() else real.parent.name, lambda: load_device(p))]
    tasks = [(name, loader, p / name if p.is_dir() else p, el_baseline)
             for name, loader in entries]
    own = runner is None
    runner = Runner() if own else runner
    try:
        out = runner.map(_analyze_entry, tasks, labels=[t[0] for t in tasks],
                         progress=progress, seconds_per_item=SECONDS_PER_DEVICE)
    finally:
        if own:
            runner.close()
    return [DeviceFailure(t[0], r.error, t[2]) if isinstance(r, TaskFailure) else r
            for t, r in zip(tasks, out, strict=True)]


def analyze_path(path: str | Path,
                 progress: Callable[[int, int, str], None] | None = None,
                 exclude=(), el_baseline: str = "edges", runner=None,
                 ) -> DeviceResult | list[DeviceResult | DeviceFailure]:
    """Analyse a device folder, or every device of a batch.

    Parameters
    ----------
    path : str or Path
        A device folder (``jvl.csv``, ``el_spectrum.csv``, ``lifetime.csv``,
        ``device.toml``), a folder of device folders, or a CSV with a ``device`` column.
    progress : callable, optional
        ``progress(i, n, name)`` called after each device of a batch.
    exclude : iterable of Path, optional
        Sub-folders of a batch that are not devices (e.g. a report's output folder).
    el_baseline : {"edges", "linear", "none"}, optional
        Baseline model of the EL spectra (:func:`peled.measure.el.baseline_correct`).
    runner : peled.execution.Runner, optional
        Where the devices of a batch run (see :func:`analyze_batch`).

    Returns
    -------
    DeviceResult or list
        A :class:`DeviceResult` for a single device (its errors raise); for a batch the
        list of :func:`analyze_batch`, where a device that fails is a
        :class:`DeviceFailure` and the batch goes on.

    Raises
    ------
    FileFormatError
        ``path`` does not exist, or a single device cannot be read.
    ParameterError
        ``el_baseline`` is not one of :data:`peled.measure.el.EL_BASELINES`.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> folder = example_devices_dir()
    >>> analyze_path(folder / "red").summary()["name"]
    'red-CsPbI3 (synthetic)'
    >>> len(analyze_path(folder))
    3
    """
    p = Path(path)
    if el_baseline not in EL_BASELINES:
        raise ParameterError(f"--el-baseline must be one of {', '.join(EL_BASELINES)}, "
                             f"got {el_baseline!r}")
    if not p.exists():
        raise FileFormatError(p, "no such file or folder")
    if discover_batch(p, exclude) is None:
        return analyze_device(p, el_baseline)
    return analyze_batch(p, progress, exclude, el_baseline, runner)
