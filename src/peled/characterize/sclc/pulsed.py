"""DC and pulsed-voltage SCLC measurements of one device: the mobile-ion signature.

DC (steady-state) and pulsed-voltage sweeps of the same device are analysed separately
(:func:`analyze_sclc_modes`) and compared (:func:`compare_pulsed_dc`): millisecond
pulses leave mobile ions nearly where they were, DC sweeps let them redistribute, so a
difference in current or V_TFL between the two flags mobile ions (E. A. Duijnstee et al.,
"Toward understanding space-charge limited current measurements on metal halide
perovskites", ACS Energy Lett. 5, 376, 2020).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.characterize.readers import MODE_WORDS
from peled.characterize.sclc.fit import SCLCError, SCLCFit, SCLCSweepResult
from peled.characterize.sclc.report import SCLCReport, analyze_sclc
from peled.sweeps import common_loglog_grid

__all__ = [
    "PulsedDCComparison",
    "SCLCModeReport",
    "analyze_sclc_modes",
    "compare_pulsed_dc",
]


@dataclass(frozen=True)
class PulsedDCComparison:
    """Pulsed vs DC (steady-state) SCLC sweeps: the mobile-ion signature.

    In a DC sweep mobile ions have time to redistribute and screen the field (or
    compensate trapped charge), which changes both the current and the apparent
    V_TFL; millisecond voltage pulses from a fixed baseline bias leave the ionic
    distribution nearly unchanged (E. A. Duijnstee, J. M. Ball, V. M. Le Corre,
    L. J. A. Koster, H. J. Snaith & J. Lim, "Toward understanding space-charge limited
    current measurements on metal halide perovskites", ACS Energy Lett. 5, 376, 2020).
    A difference between the two therefore indicates mobile ions.

    Fields (SI; :meth:`as_dict` gives display units): V_TFL of both and
    ``v_tfl_shift_v`` = DC - pulsed with its standard error; trap densities (eqn 13)
    and their ratio DC / pulsed; mobilities; over the common voltage range,
    ``log_current_ratio_mean`` = mean of ln(J_dc / J_p) over ln V (every decade of V
    weighted equally), ``current_difference_rel`` = exp(log_current_ratio_mean) - 1
    (the typical relative current difference, DC vs pulsed),
    ``current_difference_area_rel`` = (int J_dc dlnV - int J_p dlnV) / int J_p dlnV
    (the index of :func:`hysteresis_index` with the pulsed curve as reference; it is
    dominated by the highest-current decade, usually the Child region where the two
    agree) and ``current_difference_max_rel`` = max |J_dc / J_p - 1|; ``noise_ln_j``
    the combined per-point scatter of ln J of both curves.
    ``ions_indicated``: |log_current_ratio_mean| exceeds ``n_sigma`` times the noise,
    or the V_TFL shift exceeds two standard errors (``None`` if neither is available).

    Attributes
    ----------
    v_tfl_dc_v, v_tfl_pulsed_v : float or None
        V_TFL of the DC and the pulsed sweep (V).
    v_tfl_shift_v, v_tfl_shift_stderr_v : float or None
        DC minus pulsed V_TFL and its standard error (V).
    trap_density_dc_per_m3, trap_density_pulsed_per_m3 : float or None
        Trap densities from eqn (13) (m^-3).
    trap_density_ratio : float or None
        DC / pulsed trap density (equal to the V_TFL ratio).
    mobility_dc_m2_vs, mobility_pulsed_m2_vs : float or None
        Mott-Gurney mobilities (m^2/(V s)).
    current_difference_rel, log_current_ratio_mean : float or None
        ``exp(m) - 1`` and ``m`` = mean of ln(J_dc / J_p) over ln V.
    current_difference_area_rel, current_difference_max_rel : float or None
        Area-based and largest relative current difference (see above).
    noise_ln_j : float
        Combined per-point scatter of ln J of both curves.
    v_common_min_v, v_common_max_v : float or None
        Voltage range common to both sweeps (V).
    ions_indicated : bool or None
        Whether the data indicate mobile ions.
    warnings : tuple of str
        The reasoning, in words.

    References
    ----------
    Duijnstee, Ball, Le Corre, Koster, Snaith & Lim, ACS Energy Lett. 5, 376 (2020);
    Jiang et al., Nanoscale (2024), eqn (13).

    Examples
    --------
    See :func:`compare_pulsed_dc`, which builds it; the trap densities of a DC sweep
    with V_TFL = 0.6 V and a pulsed one with 0.8 V are in the ratio 0.6 / 0.8:

    >>> from peled.characterize.sclc.fit import SCLCFit
    >>> from peled.device.space_charge import single_carrier_jv
    >>> v = np.geomspace(0.01, 10, 60)
    >>> fit = lambda j: SCLCFit(3e-7, 25.0).fit(v, j).result()
    >>> c = compare_pulsed_dc(fit(single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.6, 3e20)),
    ...                       fit(single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.8, 2e20)))
    >>> round(c.trap_density_ratio, 6), round(c.as_dict()["mobility_dc_cm2_vs"], 6)
    (0.75, 0.5)
    """

    v_tfl_dc_v: float | None
    v_tfl_pulsed_v: float | None
    v_tfl_shift_v: float | None
    v_tfl_shift_stderr_v: float | None
    trap_density_dc_per_m3: float | None
    trap_density_pulsed_per_m3: float | None
    trap_density_ratio: float | None
    mobility_dc_m2_vs: float | None
    mobility_pulsed_m2_vs: float | None
    current_difference_rel: float | None
    log_current_ratio_mean: float | None
    current_difference_area_rel: float | None
    current_difference_max_rel: float | None
    noise_ln_j: float
    v_common_min_v: float | None
    v_common_max_v: float | None
    ions_indicated: bool | None
    warnings: tuple[str, ...]

    def as_dict(self) -> dict:
        """JSON form: V, cm^-3, cm^2/(V s)."""
        def scale(x, f):
            return None if x is None else x * f

        return {
            "v_tfl_dc_v": self.v_tfl_dc_v, "v_tfl_pulsed_v": self.v_tfl_pulsed_v,
            "v_tfl_shift_v": self.v_tfl_shift_v,
            "v_tfl_shift_stderr_v": self.v_tfl_shift_stderr_v,
            "trap_density_dc_cm3": scale(self.trap_density_dc_per_m3, 1e-6),
            "trap_density_pulsed_cm3": scale(self.trap_density_pulsed_per_m3, 1e-6),
            "trap_density_ratio": self.trap_density_ratio,
            "mobility_dc_cm2_vs": scale(self.mobility_dc_m2_vs, 1e4),
            "mobility_pulsed_cm2_vs": scale(self.mobility_pulsed_m2_vs, 1e4),
            "current_difference_rel": self.current_difference_rel,
            "log_current_ratio_mean": self.log_current_ratio_mean,
            "current_difference_area_rel": self.current_difference_area_rel,
            "current_difference_max_rel": self.current_difference_max_rel,
            "noise_ln_j": self.noise_ln_j,
            "v_common_min_v": self.v_common_min_v, "v_common_max_v": self.v_common_max_v,
            "ions_indicated": self.ions_indicated,
            "warnings": list(self.warnings),
        }


def compare_pulsed_dc(dc: SCLCSweepResult, pulsed: SCLCSweepResult,
                      noise_floor: float = 0.01, n_sigma: float = 3.0) -> PulsedDCComparison:
    """Compare a DC and a pulsed sweep of the same device (see :class:`PulsedDCComparison`).

    Parameters
    ----------
    dc, pulsed : SCLCSweepResult
        The first forward sweep of each mode.
    noise_floor : float, optional
        Per-point ln J scatter assumed at least for each curve (default 0.01), so
        noise-free synthetic data do not flag every rounding error.
    n_sigma : float, optional
        Threshold of the mean log current ratio in units of the noise (default 3).

    Returns
    -------
    PulsedDCComparison
        V_TFL shift, trap densities, current differences and the mobile-ion flag.

    References
    ----------
    Duijnstee, Ball, Le Corre, Koster, Snaith & Lim, ACS Energy Lett. 5, 376 (2020).

    Examples
    --------
    >>> import numpy as np
    >>> from peled.characterize.sclc.fit import SCLCFit
    >>> from peled.device.space_charge import single_carrier_jv
    >>> v = np.geomspace(0.01, 10, 60)
    >>> fit = lambda j: SCLCFit(3e-7, 25.0).fit(v, j).result()
    >>> c = compare_pulsed_dc(fit(single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.6, 3e20)),
    ...                       fit(single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.8, 2e20)))
    >>> round(c.v_tfl_shift_v, 2), c.ions_indicated
    (-0.2, True)
    >>> round(c.v_tfl_shift_stderr_v, 3), round(c.current_difference_rel, 3)
    (0.034, 0.609)
    """
    warnings: list[str] = []
    vd, vp = dc.v_tfl_v, pulsed.v_tfl_v
    shift = shift_se = None
    if vd is not None and vp is not None:
        shift = vd - vp
        shift_se = float(np.hypot(dc.v_tfl_stderr_v, pulsed.v_tfl_stderr_v))
    elif (vd is None) != (vp is None):
        warnings.append(f"V_TFL found in the {'pulsed' if vd is None else 'DC'} sweep only")
    nd, npu = dc.trap_density_per_m3, pulsed.trap_density_per_m3
    ratio = nd / npu if nd is not None and npu is not None else None
    noise = float(np.hypot(max(dc.residual_rms or 0.0, noise_floor),
                           max(pulsed.residual_rms or 0.0, noise_floor)))
    rel = log_mean = area = rel_max = lo = hi = None
    common = None
    if dc.voltage_v is not None and pulsed.voltage_v is not None:
        common = common_loglog_grid(pulsed.voltage_v, pulsed.current_density_a_m2,
                                dc.voltage_v, dc.current_density_a_m2)
    if common is None:
        warnings.append("the DC and pulsed sweeps share no voltage range: currents not compared")
    else:
        grid, jp, jd = common
        x = np.log(grid)
        ap, ad = float(np.trapezoid(jp, x)), float(np.trapezoid(jd, x))
        area = (ad - ap) / ap
        log_mean = float(np.trapezoid(np.log(jd / jp), x) / (x[-1] - x[0]))
        rel = float(np.expm1(log_mean))
        rel_max = float(np.max(np.abs(jd / jp - 1.0)))
        lo, hi = float(grid[0]), float(grid[-1])
    current_sig = None if log_mean is None else abs(log_mean) > n_sigma * noise
    shift_sig = None if shift is None else abs(shift) > 2.0 * shift_se
    flags = [f for f in (current_sig, shift_sig) if f is not None]
    ions = any(flags) if flags else None
    if current_sig:
        warnings.append(
            f"DC and pulsed currents differ by {100 * rel:+.0f} % on average "
            f"(noise {100 * noise:.1f} %): mobile ions redistribute during the DC "
            "sweep; the pulsed values are the less ion-affected ones"
        )
    if shift_sig:
        warnings.append(f"V_TFL differs between DC and pulsed sweeps by {shift:+.3g} V "
                        f"(+- {shift_se:.2g} V): trap density from the DC sweep is "
                        "affected by mobile ions")
    return PulsedDCComparison(
        vd, vp, shift, shift_se, nd, npu, ratio, dc.mobility_m2_vs, pulsed.mobility_m2_vs,
        rel, log_mean, area, rel_max, noise, lo, hi, ions, tuple(warnings),
    )



@dataclass(frozen=True)
class SCLCModeReport:
    """SCLC analyses of one device per measurement mode (``"dc"``, ``"pulsed"``).

    ``primary`` is ``"dc"`` when a DC measurement exists (its first forward sweep
    carries the CLI contract keys), else the first mode found; ``comparison`` the
    :class:`PulsedDCComparison` of the first forward sweeps when both modes exist.

    Attributes
    ----------
    modes : tuple of (str, SCLCReport)
        The report of each measured mode, in order of first appearance.
    primary : str
        The mode whose values are the top-level keys of :meth:`as_dict`.
    comparison : PulsedDCComparison or None
        Pulsed vs DC comparison (None without both modes).
    warnings : tuple of str
        Device-level warnings.

    References
    ----------
    Duijnstee, Ball, Le Corre, Koster, Snaith & Lim, ACS Energy Lett. 5, 376 (2020).

    Examples
    --------
    >>> from peled.device.space_charge import single_carrier_jv
    >>> v = np.geomspace(0.01, 10, 30)
    >>> j = single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.8, 2e20)
    >>> rep = analyze_sclc_modes(v, j, ["pulsed"] * 30, 3e-7, 25.0)
    >>> rep.primary, rep.comparison is None, rep.as_dict()["measurement_mode"]
    ('pulsed', True, 'pulsed')
    """

    modes: tuple[tuple[str, SCLCReport], ...]
    primary: str
    comparison: PulsedDCComparison | None
    warnings: tuple[str, ...]

    def report(self, mode: str) -> SCLCReport:
        """The :class:`SCLCReport` of one mode (KeyError if it was not measured)."""
        for m, r in self.modes:
            if m == mode:
                return r
        raise KeyError(mode)

    @property
    def main(self) -> SCLCSweepResult:
        """The primary mode's first forward sweep."""
        return self.report(self.primary).main

    def as_dict(self) -> dict:
        """CLI JSON: the primary mode's :meth:`SCLCReport.as_dict` at the top level
        (contract keys ``v_tfl_v, v_tfl_stderr_v, trap_density_cm3, mobility_cm2_vs,
        regions``), plus ``measurement_mode``, ``modes`` ({mode: report}, when more than
        one mode was measured) and ``pulsed_vs_dc`` (``None`` without both modes)."""
        out = self.report(self.primary).as_dict()
        out["warnings"] = list(self.warnings) + out["warnings"]
        out["measurement_mode"] = self.primary
        if len(self.modes) > 1:
            out["modes"] = {m: r.as_dict() for m, r in self.modes}
        out["pulsed_vs_dc"] = None if self.comparison is None else self.comparison.as_dict()
        return out



def analyze_sclc_modes(voltage_v, current_density_a_m2, modes, thickness_m: float,
                       eps_r: float, v_bi_v: float = 0.0, directions=None,
                       **fit_options) -> SCLCModeReport:
    """Analyse each measurement mode separately and compare pulsed with DC.

    Within a mode, sweeps come from the labels when every point of that mode has one, else
    from the direction changes of |V| (:func:`analyze_sclc`).

    Parameters
    ----------
    voltage_v : array_like
        Voltages in V in measurement order.
    current_density_a_m2 : array_like
        Current densities in A/m^2.
    modes : array_like of str
        ``"dc"`` or ``"pulsed"`` per point.
    thickness_m : float
        Layer thickness in m.
    eps_r : float
        Relative permittivity.
    v_bi_v : float, optional
        Built-in voltage in V (default 0).
    directions : array_like of str, optional
        ``"forward"``, ``"reverse"`` or ``""`` (unknown) per point.
    **fit_options
        Further :class:`SCLCFit` parameters.

    Returns
    -------
    SCLCModeReport
        One :class:`SCLCReport` per mode, the primary mode and the comparison.

    Raises
    ------
    SCLCError
        Inconsistent lengths, unknown modes, or data that cannot be analysed.

    References
    ----------
    Duijnstee, Ball, Le Corre, Koster, Snaith & Lim, ACS Energy Lett. 5, 376 (2020).

    Examples
    --------
    >>> import numpy as np
    >>> from peled.device.space_charge import single_carrier_jv
    >>> v = np.geomspace(0.01, 10, 60)
    >>> j = np.concatenate([single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.6, 3e20),
    ...                     single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.8, 2e20)])
    >>> rep = analyze_sclc_modes(np.tile(v, 2), j, ["dc"] * 60 + ["pulsed"] * 60, 3e-7, 25.0)
    >>> rep.primary, round(rep.report("pulsed").main.v_tfl_v, 3)
    ('dc', 0.8)
    >>> round(rep.comparison.trap_density_ratio, 6)     # 0.6 V / 0.8 V
    0.75
    """
    v = np.asarray(voltage_v, dtype=float).ravel()
    j = np.asarray(current_density_a_m2, dtype=float).ravel()
    m = np.asarray(modes, dtype=str).ravel()
    if not (v.size == j.size == m.size):
        raise SCLCError(f"voltage, current and mode labels differ in length "
                        f"({v.size}, {j.size}, {m.size})")
    bad = sorted(set(m.tolist()) - set(MODE_WORDS))
    if bad:
        raise SCLCError(f"measurement modes must be 'dc' or 'pulsed', got {bad[:3]}")
    d = None if directions is None else np.asarray(directions, dtype=str).ravel()
    if d is not None and d.size != v.size:
        raise SCLCError(f"{d.size} sweep labels for {v.size} points")
    order = list(dict.fromkeys(m.tolist()))
    if not order:
        raise SCLCError("no data points")
    reports = []
    for mode in order:
        idx = np.flatnonzero(m == mode)
        dirs = None
        if d is not None:
            known = d[idx] != ""
            if known.all():
                dirs = d[idx]
            elif known.any():
                raise SCLCError(f"{mode} measurement: {int((~known).sum())} of {idx.size} "
                                "points have no sweep label (label all or none)")
        try:
            rep = analyze_sclc(v[idx], j[idx], thickness_m, eps_r, v_bi_v, dirs, **fit_options)
        except SCLCError as exc:
            if len(order) == 1:
                raise
            raise SCLCError(f"{mode} measurement: {exc}") from None
        reports.append((mode, rep))
    warnings: list[str] = []
    primary = "dc" if "dc" in order else order[0]
    if primary != "dc":
        warnings.append(f"no DC measurement: the top-level values are the {primary} analysis")
    comparison = None
    if {"dc", "pulsed"} <= set(order):
        rep = dict(reports)
        floor = fit_options.get("noise_floor", SCLCFit.noise_floor)
        comparison = compare_pulsed_dc(rep["dc"].main, rep["pulsed"].main, floor)
        warnings += list(comparison.warnings)
    return SCLCModeReport(tuple(reports), primary, comparison, tuple(warnings))


