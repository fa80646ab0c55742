"""Admittance and thermal admittance spectroscopy (TAS): trap density of states.

Trap density of states from the frequency derivative of the junction capacitance
(T. Walter, R. Herberholz, C. Müller & H. W. Schock, J. Appl. Phys. 80, 4411, 1996;
the pure formula is :func:`peled.device.traps.trap_dos_from_capacitance_slope`)::

    N_t(E_w) = -(V_bi / (q W)) (dC/dw) (w / (k_B T)),    E_w = k_B T ln(w0 / w)     (W)

with C the capacitance per area, w = 2 pi f the angular frequency, V_bi the built-in
voltage, W the depletion width and w0 the attempt-to-escape (angular) frequency.
Jiang et al., Nanoscale (2024) print this as their eqn (12) with a dimensionally wrong
``q w0`` denominator; peled implements eqn (W) (see :mod:`peled.device.traps`).

Thermal admittance: a trap level E_a responds up to the characteristic angular
frequency w_c(T) = w0(T) exp(-E_a / k_B T) with w0(T) = xi0 T^2 (Walter et al. 1996;
D. L. Losee, J. Appl. Phys. 46, 2204, 1975).  w_c is read as the maximum of
-w dC/dw = -dC/d ln w at each temperature, and the Arrhenius plot ln(w_c / T^2) vs
1/T gives E_a and xi0.  peled defines w0 so that this *peak* frequency is
w0 exp(-E/kT) exactly, i.e. any factor 2 of the inflection-point convention is
absorbed in w0 and is used consistently in eqn (W).

The depletion width comes from a given value, from the high-frequency capacitance of
the spectra (W = eps0 eps_r / C_hf, :func:`peled.device.junction.depletion_width`) or
from a C-V sweep at the bias of the admittance data (:mod:`peled.characterize.mott_schottky`);
:func:`analyze` makes that choice and the choice of V_bi for a set of files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from peled.characterize.errors import AdmittanceError
from peled.characterize.mott_schottky import CVResult, analyze_cv_file
from peled.characterize.readers.admittance import AdmittanceSpectrum, read_admittance_csv
from peled.device.ions import ArrheniusFit
from peled.device.junction import depletion_width
from peled.device.traps import (
    attempt_frequency,
    demarcation_energy_ev,
    trap_dos_from_capacitance_slope,
)
from peled.errors import ParameterError, PeledError, require_positive

__all__ = [
    "AdmittanceResult",
    "ThermalAdmittanceFit",
    "TrapDOS",
    "analyze",
    "characteristic_frequency",
    "trap_dos",
    "trap_dos_walter",
]


def _dc_dlnw(omega: np.ndarray, c: np.ndarray, smooth: int) -> np.ndarray:
    """dC / d ln w by central differences, optionally on a moving-average of C."""
    x = np.log(omega)
    if smooth and smooth > 1 and c.size > smooth:
        k = np.ones(smooth) / smooth
        pad = smooth // 2
        cp = np.pad(c, pad, mode="edge")
        c = np.convolve(cp, k, mode="valid")[: x.size]
    return np.gradient(c, x)



def trap_dos_walter(omega_rad_s, capacitance_f_m2, v_bi_v, depletion_width_m,
                    temperature_k, omega0_rad_s, smooth: int = 0):
    """Trap DOS of eqn (W) at one temperature: ``(energy_ev, dos_per_m3_ev)``.

    Parameters
    ----------
    omega_rad_s : array_like
        Strictly increasing angular frequencies in rad/s (at least 3).
    capacitance_f_m2 : array_like
        Capacitance per area in F/m^2 at those frequencies.
    v_bi_v : float
        Built-in voltage in V (> 0).
    depletion_width_m : float
        Depletion width in m (> 0).
    temperature_k : float
        Temperature in K (> 0).
    omega0_rad_s : float
        Attempt angular frequency at this temperature in rad/s.
    smooth : int, optional
        Moving average over this many points of C before dC/d ln w (default 0: none).

    Returns
    -------
    tuple of numpy.ndarray
        Demarcation energies E_w in eV and the DOS in m^-3 eV^-1 (central differences in
        ln w).

    Raises
    ------
    AdmittanceError
        Fewer than 3 points or non-increasing frequencies.

    References
    ----------
    T. Walter et al., J. Appl. Phys. 80, 4411 (1996).

    Examples
    --------
    >>> import numpy as np
    >>> from peled.device.traps import gaussian_trap_band, trap_band_capacitance
    >>> e, w = np.linspace(0.0, 0.7, 1401), np.logspace(2, 8, 121)
    >>> c = trap_band_capacitance(w, e, gaussian_trap_band(e, 0.35, 0.03, 1e22), 300.0, 2e11,
    ...                           1.0, 2e-7, 1e-3)
    >>> ew, n = trap_dos_walter(w, c, 1.0, 2e-7, 300.0, 2e11)
    >>> round(float(ew[np.argmax(n)]), 2)  # the band centre, eV
    0.35
    """
    w = np.asarray(omega_rad_s, dtype=float)
    c = np.asarray(capacitance_f_m2, dtype=float)
    if w.shape != c.shape or w.size < 3:
        raise AdmittanceError("need >= 3 (omega, C) pairs of equal length")
    if np.any(np.diff(w) <= 0):
        raise AdmittanceError("frequencies must be strictly increasing")
    t = require_positive("temperature_k", temperature_k)
    w0 = require_positive("omega0_rad_s", omega0_rad_s)
    dos = trap_dos_from_capacitance_slope(_dc_dlnw(w, c, smooth), v_bi_v, depletion_width_m, t)
    return demarcation_energy_ev(w, t, w0), dos



def characteristic_frequency(omega_rad_s, capacitance_f_m2, smooth: int = 0) -> float | None:
    """Angular frequency of the maximum of -w dC/dw, or ``None`` at the window edge.

    The maximum is located by a least-squares Gaussian (a parabola in ln(-dC/d ln w) vs
    ln w) over the points above half of the largest value, taken symmetrically about the
    largest point; with fewer than 2 points on a side the three-point parabola through the
    maximum is used.  ``None`` also when the maximum is below 1e-6 of the capacitance.

    Parameters
    ----------
    omega_rad_s : array_like
        Increasing angular frequencies in rad/s.
    capacitance_f_m2 : array_like
        Capacitance per area in F/m^2.
    smooth : int, optional
        Moving average over this many points of C first (default 0).

    Returns
    -------
    float or None
        w_c in rad/s.

    References
    ----------
    Walter et al. (1996); D. L. Losee, J. Appl. Phys. 46, 2204 (1975).

    Examples
    --------
    >>> import numpy as np
    >>> from peled.device.traps import gaussian_trap_band, trap_band_capacitance
    >>> e, w = np.linspace(0.0, 0.7, 1401), np.logspace(2, 8, 121)
    >>> c = trap_band_capacitance(w, e, gaussian_trap_band(e, 0.35, 0.03, 1e22), 300.0, 2e11,
    ...                           1.0, 2e-7, 1e-3)
    >>> kt = 300.0 * 8.617333262e-5
    >>> round(float(kt * np.log(2e11 / characteristic_frequency(w, c))), 3)  # E_t in eV
    0.35
    """
    w = np.asarray(omega_rad_s, dtype=float)
    c = np.asarray(capacitance_f_m2, dtype=float)
    y = -_dc_dlnw(w, c, smooth)
    # the end points (one-sided differences) and, with smoothing, the smooth//2
    # points next to them (edge padding of the moving average, seen by the central
    # difference one point further in) are distorted: they neither hold the maximum
    # nor enter the peak fit
    edge = 1 + (smooth // 2 if smooth and smooth > 1 else 0)
    n = y.size
    i = int(np.argmax(y))
    if i < edge or i > n - 1 - edge or y[i] <= 1e-6 * float(np.max(np.abs(c))):
        return None  # maximum at the window edge, or no capacitance step at all
    x = np.log(w)
    above = y > 0.5 * y[i]
    above[:edge] = False
    above[n - edge:] = False
    lo = i - int(np.argmin(above[i::-1])) + 1 if not above[: i + 1].all() else 0
    hi = i + int(np.argmin(above[i:])) if not above[i:].all() else n
    k = min(i - lo, hi - 1 - i)  # as many points on each side of the maximum
    if k >= 2:
        sel = slice(i - k, i + k + 1)
        a2, a1, _ = np.polyfit(x[sel], np.log(y[sel]), 2)
        if a2 < 0:
            return float(np.exp(np.clip(-a1 / (2 * a2), x[i - k], x[i + k])))
    x0, x1, x2 = x[i - 1 : i + 2]
    y0, y1, y2 = y[i - 1 : i + 2]
    den = (x0 - x1) * (x0 - x2) * (x1 - x2)
    a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den
    b = (x2**2 * (y0 - y1) + x1**2 * (y2 - y0) + x0**2 * (y1 - y2)) / den
    xv = -b / (2 * a) if a < 0 else x1
    return float(np.exp(np.clip(xv, x0, x2)))



@dataclass
class ThermalAdmittanceFit:
    """Arrhenius analysis of characteristic frequencies: ln(w_c / T^2) vs 1 / T.

    Fitted attributes: ``temperatures_k_``, ``omega_c_`` (rad/s, ``NaN`` where no peak
    lies inside the measured window), ``ea_ev_``, ``ea_stderr_ev_``, ``xi0_``
    (s^-1 K^-2, so that w0(T) = xi0 T^2), ``warnings_``.
    """

    smooth: int = 0

    def fit(self, spectra) -> ThermalAdmittanceFit:
        temps, peaks, warnings = [], [], []
        for s in spectra:
            wc = characteristic_frequency(s.omega_rad_s, s.capacitance_f_m2, self.smooth)
            temps.append(s.temperature_k)
            if wc is None:
                warnings.append(f"{s.name or s.temperature_k}: no maximum of -w dC/dw "
                                f"inside the frequency window at {s.temperature_k:g} K")
                peaks.append(np.nan)
            else:
                peaks.append(wc)
        t, wc = np.asarray(temps), np.asarray(peaks)
        ok = np.isfinite(wc)
        self.temperatures_k_, self.omega_c_ = t, wc
        if np.unique(t[ok]).size < 2:
            raise AdmittanceError(
                f"characteristic frequencies found at {int(ok.sum())} temperature(s); "
                "need >= 2 for the Arrhenius analysis (or give w0)"
            )
        arr = ArrheniusFit(temperature_exponent=-2).fit(t[ok], wc[ok])
        self.ea_ev_, self.ea_stderr_ev_ = arr.ea_ev_, arr.ea_stderr_ev_
        self.xi0_ = arr.prefactor_
        self.arrhenius_ = arr
        self.warnings_ = warnings + arr.warnings_
        return self

    def omega0(self, temperature_k):
        """w0(T) = xi0 T^2 in rad/s."""
        return attempt_frequency(self.xi0_, temperature_k)


@dataclass(frozen=True)
class TrapDOS:
    """Trap DOS merged over temperatures on a common energy grid.

    ``energy_ev`` grid, ``dos_per_m3_ev`` (mean of the temperatures covering each energy;
    NaN where none does), ``per_temperature``: ``[(T, energy_ev, dos_per_m3_ev), ...]``.
    """

    energy_ev: np.ndarray
    dos_per_m3_ev: np.ndarray
    per_temperature: tuple = field(repr=False)
    ea_ev: float | None = None
    ea_stderr_ev: float | None = None
    omega0_rad_s: float | None = None
    omega0_reference_t_k: float | None = None
    xi0: float | None = None
    warnings: tuple[str, ...] = ()

    def integrated_density_per_m3(self, e_min_ev: float | None = None,
                              e_max_ev: float | None = None) -> float:
        """Integral of the DOS (m^-3) over [e_min, e_max] (gaps without data skipped)."""
        e, n = self.energy_ev, self.dos_per_m3_ev
        sel = np.isfinite(n)
        if e_min_ev is not None:
            sel &= e >= e_min_ev
        if e_max_ev is not None:
            sel &= e <= e_max_ev
        if sel.sum() < 2:
            return float("nan")
        return float(np.trapezoid(n[sel], e[sel]))

    @property
    def peak_energy_ev(self) -> float:
        """Energy of the DOS maximum."""
        return float(self.energy_ev[np.nanargmax(self.dos_per_m3_ev)])


def trap_dos(spectra, v_bi_v: float, depletion_width_m: float | None = None,
             omega0_rad_s: float | None = None, eps_r: float | None = None,
             smooth: int = 0, energy_step_ev: float = 0.002) -> TrapDOS:
    """Eqn (W) for several temperatures, merged on one energy grid.

    Parameters
    ----------
    spectra : iterable of AdmittanceSpectrum
        One spectrum per temperature.
    v_bi_v : float
        Built-in voltage in V.
    depletion_width_m : float, optional
        Depletion width in m; default: W = eps0 eps_r / C_hf of each spectrum (needs
        ``eps_r``).
    omega0_rad_s : float, optional
        A fixed attempt angular frequency in rad/s; default: from
        :class:`ThermalAdmittanceFit` (w0(T) = xi0 T^2, >= 2 temperatures with a peak).
    eps_r : float, optional
        Relative permittivity, to derive W.
    smooth : int, optional
        Moving average of C over this many points (default 0).
    energy_step_ev : float, optional
        Step of the common energy grid in eV (default 0.002).

    Returns
    -------
    TrapDOS
        The merged DOS (mean of the temperatures covering each energy), per-temperature
        curves, E_a and w0 (the fixed value, or xi0 T_ref^2 at the mean temperature).

    Raises
    ------
    AdmittanceError
        No spectra, or a single temperature without ``omega0_rad_s``.

    References
    ----------
    Walter et al. (1996).

    Examples
    --------
    >>> from importlib import resources
    >>> from peled.characterize.readers import read_admittance_csv
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> spectra = [read_admittance_csv(ex / f"admittance_{t}K.csv") for t in (260, 300, 340)]
    >>> dos = trap_dos(spectra, 1.0, 200e-9)
    >>> n_t = dos.integrated_density_per_m3() * 1e-6 / 1e16  # 1e16 cm^-3
    >>> round(dos.ea_ev, 2), round(n_t, 1)
    (0.35, 1.0)
    """
    spectra = list(spectra)
    if not spectra:
        raise AdmittanceError("no admittance spectra given")
    v_bi = require_positive("v_bi_v", v_bi_v)
    if v_bi > 10.0:  # q V_bi < E_g, and perovskite band gaps are below 4 eV
        raise ParameterError(f"v_bi_v (--vbi) must be <= 10 V (a built-in voltage is below "
                             f"the band gap), got {v_bi_v!r}")
    warnings: list[str] = [w for s in spectra for w in s.warnings]
    thermal = None
    if len({s.temperature_k for s in spectra}) >= 2:
        try:
            thermal = ThermalAdmittanceFit(smooth).fit(spectra)
            warnings += thermal.warnings_
        except PeledError as exc:
            if omega0_rad_s is None:
                raise
            warnings.append(f"thermal admittance: {exc}")
    if omega0_rad_s is None and thermal is None:
        raise AdmittanceError("a single temperature: give the attempt frequency w0 "
                              "(thermal admittance needs >= 2 temperatures)")
    per = []
    for s in spectra:
        if depletion_width_m is not None:
            width = require_positive("depletion_width_m", depletion_width_m)
        elif eps_r is not None:
            width = depletion_width(s.capacitance_f_m2[-1], eps_r)
        else:
            raise ParameterError("give the depletion width (w_nm) or eps_r to derive it")
        w0 = omega0_rad_s if omega0_rad_s is not None else thermal.omega0(s.temperature_k)
        e, n = trap_dos_walter(s.omega_rad_s, s.capacitance_f_m2, v_bi, width,
                               s.temperature_k, w0, smooth)
        order = np.argsort(e)
        per.append((s.temperature_k, e[order], n[order]))
    lo = min(p[1][0] for p in per)
    hi = max(p[1][-1] for p in per)
    grid = np.arange(lo, hi + energy_step_ev / 2, energy_step_ev)
    stack = np.full((len(per), grid.size), np.nan)
    for k, (_, e, n) in enumerate(per):
        inside = (grid >= e[0]) & (grid <= e[-1])
        stack[k, inside] = np.interp(grid[inside], e, n)
    with np.errstate(invalid="ignore"):
        counts = np.isfinite(stack).sum(axis=0)
        dos = np.where(counts > 0, np.nansum(stack, axis=0) / np.maximum(counts, 1), np.nan)
    if np.any(dos[np.isfinite(dos)] < 0):
        warnings.append("negative DOS values (C increases with frequency somewhere: noise "
                        "or a non-trap process)")
    t_ref = float(np.mean([s.temperature_k for s in spectra]))
    if omega0_rad_s is not None:
        w0_out, t_out = float(omega0_rad_s), None
    else:
        w0_out, t_out = thermal.omega0(t_ref), t_ref
    return TrapDOS(
        grid, dos, tuple(per),
        None if thermal is None else thermal.ea_ev_,
        None if thermal is None else thermal.ea_stderr_ev_,
        w0_out, t_out, None if thermal is None else thermal.xi0_, tuple(warnings),
    )


@dataclass(frozen=True)
class AdmittanceResult:
    """Trap DOS of a set of C-f files with the provenance of W and V_bi.

    Attributes
    ----------
    spectra : tuple of AdmittanceSpectrum
        The spectra as read, in the order given.
    dos : TrapDOS
        Eqn (W) merged over temperatures, with the thermal-admittance E_a and w0.
    peak_frequency_hz : tuple of float or None
        Frequency f (Hz) of the maximum of -w dC/dw per spectrum (None outside the window).
    v_bi_v : float
        Built-in voltage used in eqn (W), in V.
    v_bi_source : str
        ``"given"`` or ``"mott_schottky"`` (the C-V intercept).
    depletion_width_m : float or None
        W in m (None: W = eps0 eps_r / C_hf of each spectrum).
    depletion_width_source : str
        ``"given"``, ``"cv"`` or ``"c_hf"``.
    cv : CVResult or None
        The Mott-Schottky analysis when a C-V file was given.
    """

    spectra: tuple[AdmittanceSpectrum, ...]
    dos: TrapDOS
    peak_frequency_hz: tuple[float | None, ...]
    v_bi_v: float
    v_bi_source: str
    depletion_width_m: float | None
    depletion_width_source: str
    cv: CVResult | None = None

    def as_dict(self) -> dict:
        """JSON of ``peled characterize admittance`` (cm^-3 eV^-1, eV, nm).

        ``w0_rad_s`` is the attempt angular frequency w0 = xi0 T^2 at the mean
        temperature (rad/s); ``w0_hz`` carries the same value (a deprecated name kept
        for one release: it is not w0 / 2 pi).
        """
        dos = self.dos
        ok = np.isfinite(dos.dos_per_m3_ev)
        cv_warnings = [] if self.cv is None else [f"C-V: {w}" for w in self.cv.fit.warnings_]
        return {
            "energy_ev": dos.energy_ev[ok],
            "dos_cm3_ev": dos.dos_per_m3_ev[ok] * 1e-6,
            "ea_ev": dos.ea_ev,
            "ea_stderr_ev": dos.ea_stderr_ev,
            "w0_hz": dos.omega0_rad_s,
            "w0_rad_s": dos.omega0_rad_s,
            "w0_reference_t_k": dos.omega0_reference_t_k,
            "xi0_hz_k2": dos.xi0,
            "temperatures_k": [s.temperature_k for s in self.spectra],
            "peak_frequency_hz": list(self.peak_frequency_hz),
            "peak_energy_ev": dos.peak_energy_ev,
            "integrated_density_cm3": dos.integrated_density_per_m3() * 1e-6,
            "v_bi_v": self.v_bi_v,
            "v_bi_source": self.v_bi_source,
            "depletion_width_nm": (None if self.depletion_width_m is None
                                   else self.depletion_width_m * 1e9),
            "depletion_width_source": self.depletion_width_source,
            "cv": None if self.cv is None else self.cv.as_dict(),
            "warnings": cv_warnings + list(dos.warnings),
        }


def analyze(files, v_bi_v: float | None = None, depletion_width_m: float | None = None,
            omega0_rad_s: float | None = None, eps_r: float | None = None,
            cv_path: str | Path | None = None, bias_v: float = 0.0,
            cv_v_min_v: float | None = None, cv_v_max_v: float | None = None,
            area_cm2: float | None = None, smooth: int = 0) -> AdmittanceResult:
    """Trap DOS of C-f files, deciding where the depletion width and V_bi come from.

    Parameters
    ----------
    files : iterable of str or Path
        C-f (or impedance) files, one per temperature
        (:func:`peled.characterize.readers.read_admittance_csv`).
    v_bi_v : float, optional
        Built-in voltage in V; default with ``cv_path``: the Mott-Schottky V_bi.
    depletion_width_m : float, optional
        Depletion width W in m (exclusive with ``cv_path``).
    omega0_rad_s : float, optional
        Attempt angular frequency w0 in rad/s; default: from thermal admittance.
    eps_r : float, optional
        Relative permittivity to derive W = eps0 eps_r / C: from C(``bias_v``) of the
        C-V file, else from the highest-frequency C of each spectrum.
    cv_path : str or Path, optional
        C-V file: W at ``bias_v`` and its Mott-Schottky fit (needs ``eps_r``).
    bias_v : float, optional
        Bias of the admittance data in V (default 0), for W from the C-V file.
    cv_v_min_v, cv_v_max_v : float, optional
        Mott-Schottky fit window in V.
    area_cm2 : float, optional
        Device area in cm^2 for absolute capacitances or impedances.
    smooth : int, optional
        Moving average of C over this many points before dC/d ln w (default 0).

    Returns
    -------
    AdmittanceResult
        W source: ``"given"`` (``depletion_width_m``), ``"cv"`` or ``"c_hf"``; V_bi
        source: ``"given"`` or ``"mott_schottky"``.

    Raises
    ------
    ParameterError
        Both or neither of W and ``eps_r``, ``cv_path`` without ``eps_r``, or no V_bi.

    References
    ----------
    T. Walter et al., J. Appl. Phys. 80, 4411 (1996); Sze & Ng (2007).

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> r = analyze([ex / f"admittance_{t}K.csv" for t in (260, 300, 340)],
    ...             cv_path=ex / "cv_mott_schottky.csv", eps_r=25.0)
    >>> r.v_bi_source, r.depletion_width_source, round(r.depletion_width_m * 1e9)
    ('mott_schottky', 'cv', 200)
    """
    if depletion_width_m is not None and cv_path is not None:
        raise ParameterError("give either --w-nm or --cv (with --eps-r), not both")
    if cv_path is not None and eps_r is None:
        raise ParameterError("--cv needs --eps-r (W = eps0 eps_r / C)")
    if depletion_width_m is None and eps_r is None:
        raise ParameterError("give --w-nm (depletion width) or --eps-r to derive it "
                             "(from --cv or from the high-frequency capacitance)")
    spectra = tuple(read_admittance_csv(f, area_cm2) for f in files)
    width_m = depletion_width_m
    width_source = "given" if depletion_width_m is not None else "c_hf"
    vbi_source = "given"
    cv = None
    if cv_path is not None:
        cv = analyze_cv_file(cv_path, eps_r, area_cm2, cv_v_min_v, cv_v_max_v, 0, None, bias_v)
        width_m, width_source = cv.depletion_width_m, "cv"
        if v_bi_v is None:
            if cv.fit.v_bi_v_ is None:
                raise ParameterError("give --vbi: the C-V data give no Mott-Schottky V_bi")
            v_bi_v, vbi_source = cv.fit.v_bi_v_, "mott_schottky"
    if v_bi_v is None:
        raise ParameterError("give --vbi (built-in voltage), or --cv to take it from the "
                             "Mott-Schottky intercept")
    dos = trap_dos(spectra, v_bi_v, width_m, omega0_rad_s, eps_r, smooth)
    peaks: dict[float, float | None] = {}
    for s in spectra:
        wc = characteristic_frequency(s.omega_rad_s, s.capacitance_f_m2, smooth)
        peaks[s.temperature_k] = None if wc is None else wc / (2 * np.pi)
    return AdmittanceResult(spectra, dos, tuple(peaks.get(s.temperature_k) for s in spectra),
                            v_bi_v, vbi_source, width_m, width_source, cv)
