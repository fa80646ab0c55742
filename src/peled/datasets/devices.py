"""Synthetic device folders generated from a documented model (tests, examples, benchmark).

Model (every quantity known exactly, so analyses can be checked against it):

* J(V): Shockley diode with series resistance, ``J = J_s (exp((V - J R_s)/(n V_T)) - 1)``
  (e.g. Sze & Ng, *Physics of Semiconductor Devices*, 3rd ed., sec. 2.3), solved
  explicitly with the Wright omega function:
  ``J = (n V_T / R_s) omega(ln(J_s R_s / (n V_T)) + (V + J_s R_s)/(n V_T)) - J_s``
  (Corless & Jeffrey, "The Wright omega function", 2002), plus an optional ohmic
  leakage ``V / R_sh`` (infinite R_sh by default; the series drop of the small leakage
  current is neglected);
* EQE(J): two-sided power law with its maximum exactly at ``J*``,
  ``EQE = EQE_max (a + b) / (b x^-a + a x^b)``, ``x = J/J*``: roll-on ~ J^a at low J
  (trap filling), roll-off ~ J^-b at high J (the high-J limit of the
  ``1/(1 + (J/J0)^k)`` roll-off form; Auger/Joule heating, Jang et al., Adv. Mater. (2025) sec. 7);
* spectrum: a :func:`peled.spectra.line_spectrum` of given peak and FWHM, optionally
  shifting linearly with voltage (``peak_shift_nm_per_v``);
* luminance: photon flux ``EQE J / e`` emitted by a Lambertian surface,
  ``L = K (EQE J / e) / (pi <lambda/hc>)`` (inverse of the photometry of :mod:`peled.measure.eqe`);
* lifetime: stretched exponential ``L/L0 = exp(-(t/tau)^beta)``
  (Féry et al., Appl. Phys. Lett. 87, 213502, 2005).

Optional noise (multiplicative luminance noise, additive detector noise that can make
dark readings negative) and a reverse sweep with hysteresis exercise the noise handling.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from scipy import constants
from scipy.special import wrightomega

from peled.color import luminous_efficacy_of_radiation
from peled.datasets._files import output_dir, write_lines
from peled.errors import ParameterError
from peled.spectra import DEFAULT_GRID_NM, Spectrum, line_spectrum
from peled.spectra.photons import photons_per_joule

__all__ = ["SyntheticDevice", "make_device", "make_device_batch"]

_VT_300K = constants.k * 300.0 / constants.e


@dataclass(frozen=True)
class SyntheticDevice:
    """Parameters of a synthetic PeLED (defaults: a green device, see module docstring)."""

    name: str = "synthetic-green"
    color_class: str = "green"
    peak_nm: float = 521.0
    fwhm_nm: float = 20.0
    shape: str = "gaussian"
    peak_shift_nm_per_v: float = 0.0
    spectrum_voltages_v: tuple[float, ...] = ()
    eqe_max_pct: float = 22.93
    j_star_mA_cm2: float = 10.0
    roll_on: float = 1.5
    roll_off: float = 0.6
    j_sat_a_m2: float = 1.6e-20
    ideality: float = 2.0
    series_resistance_ohm_cm2: float = 3.0
    shunt_resistance_ohm_cm2: float = float("inf")
    area_cm2: float = 0.04
    v_start: float = 0.0
    v_stop: float = 5.0
    v_step: float = 0.05
    reverse_sweep: bool = False
    reverse_current_factor: float = 1.0
    luminance_noise_rel: float = 0.0
    detector_noise_cd_m2: float = 0.0
    lifetime_l0_cd_m2: float | None = 1000.0
    lifetime_tau_h: float = 822.0
    lifetime_beta: float = 0.8
    lifetime_duration_h: float = 200.0
    lifetime_points: int = 201
    lifetime_noise_rel: float = 0.0
    lifetime_time_unit: str = "h"
    lifetime_normalised: bool = False
    notes: str = ""
    stack: tuple[tuple[str, float], ...] = (
        ("ITO", 150.0), ("PEDOT:PSS", 40.0), ("perovskite", 40.0), ("TPBi", 40.0),
        ("LiF/Al", 100.0),
    )
    extra_measurement: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ model
    def current_density_a_m2(self, voltage_v):
        """Diode law with series resistance (Wright omega solution)."""
        v = np.asarray(voltage_v, float)
        nvt = self.ideality * _VT_300K
        rs = self.series_resistance_ohm_cm2 * 1e-4
        js = self.j_sat_a_m2
        arg = np.log(js * rs / nvt) + (v + js * rs) / nvt
        leak = v / (self.shunt_resistance_ohm_cm2 * 1e-4)
        return nvt / rs * np.real(wrightomega(arg)) - js + leak

    def eqe(self, current_density_a_m2):
        """EQE (fraction) of the two-sided power-law model; 0 for J <= 0."""
        j = np.asarray(current_density_a_m2, float)
        x = np.where(j > 0, j, 1.0) / (self.j_star_mA_cm2 * 10.0)
        a, b = self.roll_on, self.roll_off
        e = self.eqe_max_pct / 100.0 * (a + b) / (b * x ** (-a) + a * x**b)
        return np.where(j > 0, e, 0.0)

    def spectrum(self, voltage_v: float | None = None) -> Spectrum:
        """EL spectrum (unit height); peak shifted linearly with voltage when set."""
        peak = self.peak_nm
        if voltage_v is not None and self.spectrum_voltages_v:
            dv = voltage_v - self.spectrum_voltages_v[0]
            peak = self.peak_nm + self.peak_shift_nm_per_v * dv
        return line_spectrum(peak, self.fwhm_nm, self.shape, DEFAULT_GRID_NM,
                             name=f"{self.name} EL")

    def luminance_cd_m2(self, voltage_v):
        """Noise-free on-axis luminance of a Lambertian emitter."""
        v = np.atleast_1d(np.asarray(voltage_v, float))
        j = self.current_density_a_m2(v)
        flux = self.eqe(j) * np.where(j > 0, j, 0.0) / constants.e
        if self.spectrum_voltages_v:
            ler = np.array([luminous_efficacy_of_radiation(self.spectrum(x)) for x in v])
            ppj = np.array([photons_per_joule(self.spectrum(x)) for x in v])
        else:
            s = self.spectrum()
            ler, ppj = luminous_efficacy_of_radiation(s), photons_per_joule(s)
        out = ler * flux / (np.pi * ppj)
        return out if np.ndim(voltage_v) else float(out[0])

    def lifetime_relative(self, t_h):
        """``exp(-(t/tau)^beta)``."""
        t = np.asarray(t_h, float)
        return np.exp(-((t / self.lifetime_tau_h) ** self.lifetime_beta))

    def t_x_h(self, fraction: float) -> float:
        """Exact ``T_x = tau (-ln x)^(1/beta)`` of the model."""
        return float(self.lifetime_tau_h * (-np.log(fraction)) ** (1.0 / self.lifetime_beta))


def _fmt(x: float) -> str:
    return "nan" if not np.isfinite(x) else f"{x:.10g}"


def make_device(dev: SyntheticDevice, folder: str | Path, seed: int = 0,
                 current_unit: str = "mA/cm2", emission: str = "luminance",
                 write_lifetime: bool = True) -> Path:
    """Write a synthetic device folder (jvl.csv, el_spectrum.csv, lifetime.csv, device.toml).

    Parameters
    ----------
    dev : SyntheticDevice
        The documented model and its parameters.
    folder : str or Path
        Output folder (created if missing).
    seed : int, optional
        Seed of the luminance, detector and lifetime noise.
    current_unit : {"mA/cm2", "A/m2", "mA", "A"}, optional
        Unit of the current column (a current needs the area, always written to
        device.toml).
    emission : {"luminance", "radiance"}, optional
        Emission column in cd/m^2 or W/(sr m^2).
    write_lifetime : bool, optional
        Also write lifetime.csv (default True).

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    ParameterError
        An unknown ``current_unit`` or ``emission``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     sorted(p.name for p in make_device(SyntheticDevice(), d).iterdir())
    ['device.toml', 'el_spectrum.csv', 'jvl.csv', 'lifetime.csv']
    """
    rng = np.random.default_rng(seed)
    folder = output_dir(folder)
    n = int(round((dev.v_stop - dev.v_start) / dev.v_step)) + 1
    v = dev.v_start + dev.v_step * np.arange(n)
    j = dev.current_density_a_m2(v)
    lum = dev.luminance_cd_m2(v)
    rows_v, rows_j, rows_l = [v], [j], [lum]
    if dev.reverse_sweep:
        vr = v[::-1][1:]
        rows_v.append(vr)
        rows_j.append(dev.current_density_a_m2(vr) * dev.reverse_current_factor)
        rows_l.append(dev.luminance_cd_m2(vr) * dev.reverse_current_factor)
    vv, jj, ll = (np.concatenate(r) for r in (rows_v, rows_j, rows_l))
    if dev.luminance_noise_rel:
        ll = ll * (1.0 + dev.luminance_noise_rel * rng.standard_normal(ll.size))
    if dev.detector_noise_cd_m2:
        ll = ll + dev.detector_noise_cd_m2 * rng.standard_normal(ll.size)
    cur = {"mA/cm2": (jj / 10.0, "Current density (mA/cm2)"),
           "A/m2": (jj, "J (A/m2)"),
           "mA": (jj * dev.area_cm2 * 1e-4 * 1e3, "Current (mA)"),
           "A": (jj * dev.area_cm2 * 1e-4, "I (A)")}
    if current_unit not in cur:
        raise ParameterError(f"current_unit must be one of {', '.join(cur)}, got {current_unit!r}")
    cvals, chead = cur[current_unit]
    if emission == "luminance":
        evals, ehead = ll, "Luminance (cd/m2)"
    elif emission == "radiance":
        evals, ehead = ll / luminous_efficacy_of_radiation(dev.spectrum()), "Radiance (W/sr/m2)"
    else:
        raise ParameterError(f"emission must be 'luminance' or 'radiance', got {emission!r}")
    lines = [f"Voltage (V),{chead},{ehead}"]
    lines += [f"{_fmt(a)},{_fmt(b)},{_fmt(c)}" for a, b, c in zip(vv, cvals, evals, strict=True)]
    write_lines(folder / "jvl.csv", lines)
    _write_spectra(dev, folder)
    if write_lifetime and dev.lifetime_duration_h > 0:
        _write_lifetime(dev, folder, rng)
    _write_toml(dev, folder, current_unit in ("mA", "A"))
    return folder


def _write_spectra(dev: SyntheticDevice, folder: Path) -> None:
    wl = DEFAULT_GRID_NM
    if dev.spectrum_voltages_v:
        heads = [f"EL @ {x:g} V (a.u.)" for x in dev.spectrum_voltages_v]
        cols = [dev.spectrum(x).intensity for x in dev.spectrum_voltages_v]
    else:
        heads, cols = ["EL intensity (a.u.)"], [dev.spectrum().intensity]
    lines = ["Wavelength (nm)," + ",".join(heads)]
    for i, w in enumerate(wl):
        lines.append(f"{w:g}," + ",".join(_fmt(c[i]) for c in cols))
    write_lines(folder / "el_spectrum.csv", lines)


def _write_lifetime(dev: SyntheticDevice, folder: Path, rng) -> None:
    t_h = np.linspace(0.0, dev.lifetime_duration_h, dev.lifetime_points)
    y = dev.lifetime_relative(t_h)
    if dev.lifetime_noise_rel:
        y = y * (1.0 + dev.lifetime_noise_rel * rng.standard_normal(y.size))
        y[0] = 1.0
    factor = {"h": 1.0, "min": 60.0, "s": 3600.0}[dev.lifetime_time_unit]
    if dev.lifetime_normalised or dev.lifetime_l0_cd_m2 is None:
        head, vals = "L/L0", y
    else:
        head, vals = "Luminance (cd/m2)", y * dev.lifetime_l0_cd_m2
    lines = [f"Time ({dev.lifetime_time_unit}),{head}"]
    lines += [f"{_fmt(a * factor)},{_fmt(b)}" for a, b in zip(t_h, vals, strict=True)]
    write_lines(folder / "lifetime.csv", lines)


def _toml_value(x) -> str:
    if isinstance(x, str):
        return '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(x, bool):
        return "true" if x else "false"
    return repr(float(x)) if isinstance(x, float) else str(x)


def _write_toml(dev: SyntheticDevice, folder: Path, need_area: bool) -> None:
    notes = dev.notes or (
        "SYNTHETIC device generated by peled.datasets.make_device (documented model: diode J(V), "
        "two-sided power-law EQE(J), Lambertian emission, stretched-exponential ageing)."
    )
    lines = [
        f"name = {_toml_value(dev.name)}",
        f"area_cm2 = {_toml_value(float(dev.area_cm2))}",
        f"color_class = {_toml_value(dev.color_class)}",
        f"notes = {_toml_value(notes)}",
        "stack = [",
        *[f"  {{ material = {_toml_value(m)}, thickness_nm = {_toml_value(float(t))} }},"
          for m, t in dev.stack],
        "]",
        "",
        "[measurement]",
        "turn_on_luminance_cd_m2 = 1.0",
    ]
    if dev.lifetime_normalised and dev.lifetime_l0_cd_m2 is not None:
        lines.append(f"lifetime_l0_cd_m2 = {_toml_value(float(dev.lifetime_l0_cd_m2))}")
    for k, val in dev.extra_measurement.items():
        lines.append(f"{k} = {_toml_value(val)}")
    write_lines(folder / "device.toml", lines)
    del need_area  # area_cm2 is always written


def make_device_batch(folder: str | Path, n: int, seed: int = 0,
                   base: SyntheticDevice | None = None) -> list[Path]:
    """Write ``n`` device folders ``folder/dev0000`` ... with randomised parameters.

    Variations around ``base``: EQE_max x U(0.5, 1.2), J* x 10^U(-0.5, 0.5), peak +- 5 nm,
    FWHM x U(0.9, 1.2), tau x 10^U(-1, 0.5), 2 % luminance noise; used by the benchmarks
    and the batch tests.

    Parameters
    ----------
    folder : str or Path
        Parent folder of the device folders.
    n : int
        Number of devices.
    seed : int, optional
        Seed of the parameter draws (device i uses noise seed ``seed + i``).
    base : SyntheticDevice, optional
        The device varied (default: :class:`SyntheticDevice`'s green device).

    Returns
    -------
    list of Path
        The device folders.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in make_device_batch(d, 2)]
    ['dev0000', 'dev0001']
    """
    rng = np.random.default_rng(seed)
    base = base or SyntheticDevice()
    out = []
    for i in range(n):
        dev = replace(
            base,
            name=f"dev{i:04d}",
            eqe_max_pct=base.eqe_max_pct * rng.uniform(0.5, 1.2),
            j_star_mA_cm2=base.j_star_mA_cm2 * 10 ** rng.uniform(-0.5, 0.5),
            peak_nm=base.peak_nm + rng.uniform(-5, 5),
            fwhm_nm=base.fwhm_nm * rng.uniform(0.9, 1.2),
            lifetime_tau_h=base.lifetime_tau_h * 10 ** rng.uniform(-1, 0.5),
            luminance_noise_rel=0.02,
            lifetime_noise_rel=0.002,
        )
        out.append(make_device(dev, Path(folder) / f"dev{i:04d}", seed=seed + i))
    return out
