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

from peled.color import luminous_efficacy_of_radiation
from peled.errors import FileFormatError, PeledError
from peled.measure import eqe as _eqe
from peled.measure.config import DeviceConfig
from peled.measure.el import ELResult, analyze_el
from peled.measure.jvl import (
    JVLFigures,
    RawSweep,
    Sweep,
    clean_sweeps,
    figures_of_merit,
    sweep_hysteresis_index,
)
from peled.measure.lifetime import LifetimeResult, analyze_lifetime
from peled.measure.readers import DeviceData, discover_batch, load_device

__all__ = [
    "ConsistencyCheck",
    "DeviceFailure",
    "DeviceResult",
    "SUMMARY_KEYS",
    "analyze_batch",
    "analyze_data",
    "analyze_device",
    "analyze_path",
]

#: Keys of :meth:`DeviceResult.summary` (the ``peled analyze --json`` contract, issue 3).
SUMMARY_KEYS: tuple[str, ...] = (
    "name", "eqe_max_pct", "ce_max_cd_a", "pe_max_lm_w", "luminance_max_cd_m2", "v_on_v",
    "j_at_eqe_max_mA_cm2", "eqe_at_1000_cd_m2_pct", "j50_mA_cm2", "peak_nm", "fwhm_nm",
    "cie_x", "cie_y", "t50_h", "t90_h", "t95_h", "t50_at_100_cd_m2_h", "warnings",
)

#: Relative disagreement above which the CE-vs-EQE consistency check warns (issue 3).
CONSISTENCY_TOLERANCE: float = 0.10


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
    ``"estimated"`` (3 sigma of the dark readings) or ``"none"`` (0: only zero and
    negative readings excluded).
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

    @property
    def sweep(self) -> Sweep:
        """The analysed sweep."""
        return self.reverse if self.analysed_sweep == "reverse" else self.forward

    def summary(self) -> dict:
        """The ``peled analyze --json`` object: exactly :data:`SUMMARY_KEYS` (None = null)."""
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
            "fwhm_nm": el.fwhm_nm if el else None,
            "cie_x": _finite_or_none(el.cie_x) if el else None,
            "cie_y": _finite_or_none(el.cie_y) if el else None,
            "t50_h": lt.t_h(0.5) if lt else None,
            "t90_h": lt.t_h(0.9) if lt else None,
            "t95_h": lt.t_h(0.95) if lt else None,
            "t50_at_100_cd_m2_h": lt.t50_at_100_cd_m2_h if lt else None,
            "warnings": list(self.warnings),
        }

    def details(self) -> dict:
        """A flat dict of every scalar result (for tables, CSV and JSON reports)."""
        out = {k: v for k, v in self.summary().items() if k != "warnings"}
        out.update({f"figures.{k}": v for k, v in vars(self.figures).items()})
        out.update(
            emission=self.emission, angular_factor=self.angular_factor,
            lambertian=self.lambertian, analysed_sweep=self.analysed_sweep,
            hysteresis_index_current=self.hysteresis_index_current,
            hysteresis_index_luminance=self.hysteresis_index_luminance,
            area_cm2=self.config.area_cm2, color_class=self.config.color_class,
            detector_floor=self.detector_floor, detector_floor_source=self.detector_floor_source,
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
        if data.jvl.emission == "photocurrent":
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
                raise FileFormatError(r.source if r else "device.toml", str(exc)) from None

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


def detection_floor(raws: dict[str, RawSweep]) -> tuple[float, int]:
    """Limit of detection 3 sigma of the dark readings and the number of readings used.

    Dark readings: the emission signal at V <= 0 and every negative reading (see
    :class:`~peled.measure.config.MeasurementSettings`, ``detector_floor_cd_m2``).
    """
    dark = np.concatenate([
        np.concatenate([r.signal[r.voltage_v <= 0], r.signal[(r.voltage_v > 0) & (r.signal < 0)]])
        for r in raws.values()
    ])
    if dark.size < 3:
        return 0.0, int(dark.size)
    return 3.0 * float(np.sqrt(np.mean(dark**2))), int(dark.size)


_UNITS = {"luminance": "cd/m2", "radiance": "W/sr/m2", "photocurrent": "A"}


def _floor(data: DeviceData, raws: dict[str, RawSweep],
           warnings: list[str]) -> tuple[float, str]:
    """Detector floor and its source (see :class:`DeviceResult`)."""
    floor = data.config.measurement.detector_floor_cd_m2
    if floor is not None:
        if data.jvl.emission == "luminance":
            return float(floor), "device.toml"
        warnings.append(f"measurement.detector_floor_cd_m2 ignored: the emission data are "
                        f"{data.jvl.emission}, not luminance")
    floor, n_dark = detection_floor(raws)
    return (floor, f"estimated from {n_dark} dark readings") if n_dark >= 3 else (0.0, "none")


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
        how = {"device.toml": "set in device.toml", "none": "no dark readings"}.get(
            source, source.replace("estimated from", "3 sigma of"))
        warnings.append(f"no emission: every reading is at or below the detector floor "
                        f"({floor:.2g} {_UNITS[emission]}, {how}); EQE/CE/PE not computed")
        return
    parts = " and ".join(f"{n} of {raws[k].signal.size} {k}" for k, n in counts.items() if n)
    how = {"device.toml": "set in device.toml", "none": "no dark readings"}.get(
        source, source.replace("estimated from", "3 sigma of"))
    when = "all before emission onset" if late == 0 else f"{late} after emission onset"
    warnings.append(
        f"{parts} readings ({when}) at or below the detector floor "
        f"({floor:.2g} {_UNITS[emission]}, {how}) excluded from EQE/CE/PE"
    )


def _analyse_sweep(raw: RawSweep, data: DeviceData, sp: _Spectral, f_ang: float,
                   floor: float) -> Sweep:
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
        power = _eqe.photodiode_optical_power(s, 1.0, _geometry_factor(data)) / sp.at(sp.reff, v)
        radiance = power / (f_ang * np.pi * area)
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
    if sp.available:
        flux = f_ang * np.pi * radiance * sp.at(sp.ppj, v)
        with np.errstate(divide="ignore", invalid="ignore"):
            eqe = np.where(valid, flux * constants.e / np.where(j > 0, j, 1.0) * 100.0, np.nan)
    else:
        flux = nan
        eqe = nan
    ce = np.where(valid, _eqe.current_efficiency_cd_a(lum, j), np.nan)
    pe = np.where(valid & (v > 0), _eqe.power_efficacy_lm_w(lum, j, v, f_ang), np.nan)
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


def analyze_data(data: DeviceData) -> DeviceResult:
    """Analyse already-read device data (pure computation, no file access)."""
    warnings = list(data.warnings)
    m = data.config.measurement
    raws = clean_sweeps(data.jvl, warnings)
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
    floor, floor_source = _floor(data, raws, warnings)
    sweeps = {k: _analyse_sweep(r, data, sp, f_ang, floor) for k, r in raws.items()}
    _report_floor(raws, floor, floor_source, data.jvl.emission, warnings)
    analysed = m.sweep
    if analysed not in sweeps:
        warnings.append(f"no {analysed} sweep in the file; the forward sweep is analysed")
        analysed = "forward"
    other = "reverse" if analysed == "forward" else "forward"
    fig_warn: list[str] = []
    figures = figures_of_merit(sweeps[analysed], m.turn_on_luminance_cd_m2, fig_warn)
    warnings.extend(fig_warn)
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
                        m.spectral_shift_warning_nm, warnings)
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
    )


def analyze_device(path: str | Path) -> DeviceResult:
    """Read and analyse one device folder (or its ``jvl.csv``)."""
    p = Path(path)
    if p.is_dir() and not (p / "jvl.csv").exists() and discover_batch(p) is not None:
        raise FileFormatError(p, "is a batch of devices; use analyze_batch (peled analyze works "
                                 "for both)")
    return analyze_data(load_device(p))


def _failure_message(exc: Exception) -> str:
    if isinstance(exc, PeledError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"{exc.filename}: file not found"
    return f"internal error ({type(exc).__name__}: {exc}); please report it"


def _analyze_entry(entry) -> DeviceResult | DeviceFailure:
    name, loader, where = entry
    try:
        return analyze_data(loader())
    except Exception as exc:  # noqa: BLE001 - a bad device must not stop the batch
        return DeviceFailure(name, _failure_message(exc), where)


#: Serial cost of analysing one device (s, 2-core machine; benchmarks/bench_analyze.py),
#: used by :class:`peled.execution.Runner` to choose in-process vs a local cluster.
SECONDS_PER_DEVICE = 0.005


def analyze_batch(path: str | Path,
                  progress: Callable[[int, int, str], None] | None = None,
                  exclude=(),
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
    """
    from peled.execution import Runner, TaskFailure

    p = Path(path)
    entries = discover_batch(p, exclude)
    if entries is None:
        entries = [(p.name if p.is_dir() else p.parent.name, lambda: load_device(p))]
    tasks = [(name, loader, p / name if p.is_dir() else p) for name, loader in entries]
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
                 exclude=(), runner=None) -> DeviceResult | list[DeviceResult | DeviceFailure]:
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
    """
    p = Path(path)
    if not p.exists():
        raise FileFormatError(p, "no such file or folder")
    if discover_batch(p, exclude) is None:
        return analyze_device(p)
    return analyze_batch(p, progress, exclude, runner)
