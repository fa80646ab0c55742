"""J-V-L sweeps: cleaning, forward/reverse separation and figures of merit.

Noise handling (every case is reported in ``warnings``, nothing is dropped silently):

* rows with a missing voltage, current or emission value are removed, their file
  lines listed;
* sweeps: rows are split at voltage turning points into monotonic segments.  The first
  increasing segment is the *forward* sweep, the first decreasing segment after it the
  *reverse* sweep (kept apart, reported, and compared by :func:`sweep_hysteresis_index`);
  other segments are listed and ignored.  A ``sweep``/``direction`` column overrides
  this.  A file whose row order is not a sweep (more than 4 segments or segments
  shorter than 3 points) is sorted by voltage and analysed as one forward sweep;
* duplicated voltages inside a sweep are averaged;
* emission readings at or below the detector floor (the limit of detection, LOD = 3
  sigma of the detector noise) are kept in the arrays but excluded from EQE/CE/PE
  (``valid`` mask);
* the efficiency figures of merit (EQE, CE and PE maxima, J50, EQE at 100 / 1,000 /
  10,000 cd/m2 and the roll-off) use only readings at or above the limit of
  quantification, LOQ = 10 sigma (``quantified`` mask), where the relative error of the
  emission reading is at most 10 % (ACS Committee on Environmental Improvement,
  "Guidelines for data acquisition and data quality evaluation in environmental
  chemistry", Anal. Chem. 52, 2242 (1980), LOD 3 sigma and LOQ 10 sigma) and whose
  neighbour in voltage is above the LOQ too (an isolated reading between readings below
  it is a spike; peled's rule), so that a reading a few counts above the floor at a tiny
  current cannot become the EQE maximum.

Figures of merit (definitions, all on the analysed sweep):

* turn-on voltage: V where L first reaches ``turn_on_luminance_cd_m2`` (1 cd/m2),
  interpolated linearly in V against log10 L between the bracketing readings;
* EQE_max, and the J, L and V of that reading (maximum of the measured points);
* EQE at 100 / 1,000 / 10,000 cd/m2: EQE interpolated linearly in log10 L on the rising
  branch (up to the luminance maximum); None out of the measured range;
* J50: the current density above the EQE maximum where EQE first falls to EQE_max/2,
  interpolated linearly in log10 J (the roll-off figure of merit of Murawski, Leo &
  Gather, "Efficiency roll-off in organic light-emitting diodes", Adv. Mater. 25, 6801,
  2013); None when EQE never halves;
* EQE retention at 1,000 cd/m2: EQE(1000 cd/m2) / EQE_max.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from peled.errors import FileFormatError
from peled.sweeps import hysteresis_index, split_sweeps

__all__ = [
    "JVLFigures",
    "RawSweep",
    "Sweep",
    "clean_sweeps",
    "figures_of_merit",
    "interp_at_log",
    "sweep_hysteresis_index",
]


@dataclass(frozen=True, eq=False)
class RawSweep:
    """Cleaned rows of one sweep, sorted by increasing voltage, duplicates averaged."""

    direction: str
    voltage_v: np.ndarray
    current_density_a_m2: np.ndarray
    signal: np.ndarray  # luminance, radiance or photocurrent in canonical units
    eqe_pct_file: np.ndarray | None
    ce_cd_a_file: np.ndarray | None
    line_numbers: np.ndarray
    photocurrent_a: np.ndarray | None = None  # a photodiode column beside the luminance


@dataclass(frozen=True, eq=False)
class Sweep:
    """Analysed sweep: arrays over the measured voltages (increasing).

    ``valid`` marks readings above the detector floor with J > 0, where EQE/CE/PE are
    defined (NaN elsewhere).  ``photon_flux_m2_s`` is the photon flux emitted into the
    forward hemisphere per unit device area.
    """

    direction: str
    voltage_v: np.ndarray
    current_density_mA_cm2: np.ndarray
    luminance_cd_m2: np.ndarray
    radiance_w_sr_m2: np.ndarray
    photon_flux_m2_s: np.ndarray
    eqe_pct: np.ndarray
    ce_cd_a: np.ndarray
    pe_lm_w: np.ndarray
    valid: np.ndarray
    line_numbers: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    quantified: np.ndarray | None = None  # valid and >= LOQ (None: same as valid)


@dataclass(frozen=True)
class JVLFigures:
    """Figures of merit of one sweep (None where not measurable)."""

    v_on_v: float | None
    luminance_max_cd_m2: float | None
    v_at_luminance_max_v: float | None
    radiance_max_w_sr_m2: float | None
    eqe_max_pct: float | None
    j_at_eqe_max_mA_cm2: float | None
    l_at_eqe_max_cd_m2: float | None
    v_at_eqe_max_v: float | None
    ce_max_cd_a: float | None
    pe_max_lm_w: float | None
    eqe_at_100_cd_m2_pct: float | None
    eqe_at_1000_cd_m2_pct: float | None
    eqe_at_10000_cd_m2_pct: float | None
    j50_mA_cm2: float | None
    eqe_retention_at_1000_cd_m2: float | None


# ----------------------------------------------------------------------- cleaning
def _segments(v: np.ndarray) -> list[np.ndarray]:
    """Indices of the monotonic segments of V (turning point kept in the earlier one)."""
    return [idx for _, idx in split_sweeps(v)]


def _direction(v: np.ndarray) -> int:
    d = np.sign(np.diff(v))
    d = d[d != 0]
    return int(d[0]) if d.size else 0


def _lines(lines: np.ndarray, k: int = 6) -> str:
    lst = lines[:k].tolist()
    return ", ".join(map(str, lst)) + (", ..." if lines.size > k else "")


def _average_duplicates(name: str, v, arrays, lines, warnings: list[str]):
    order = np.argsort(v, kind="stable")
    v = v[order]
    arrays = [None if a is None else a[order] for a in arrays]
    lines = lines[order]
    uniq, start, counts = np.unique(v, return_index=True, return_counts=True)
    if uniq.size == v.size:
        return v, arrays, lines
    dup = uniq[counts > 1]
    warnings.append(
        f"{name} sweep: {int((counts - 1).sum())} duplicated voltage readings "
        f"(at {', '.join(f'{x:g}' for x in dup[:4])}{' ...' if dup.size > 4 else ''} V) averaged"
    )
    out = []
    for a in arrays:
        if a is None:
            out.append(None)
            continue
        sums = np.add.reduceat(a, start)
        out.append(sums / counts)
    return uniq, out, lines[start]


def clean_sweeps(jvl, warnings: list[str]) -> dict[str, RawSweep]:
    """Clean a :class:`~peled.measure.readers.JVLData` into forward/reverse sweeps.

    Rows with missing values are removed (with a warning naming their lines) and the
    rows are split into a forward and, when the voltage turns back, a reverse sweep
    (:func:`peled.sweeps.split_sweeps`, or the file's ``sweep`` column).

    Parameters
    ----------
    jvl : peled.measure.readers.JVLData
        One J-V-L measurement in canonical units.
    warnings : list of str
        Receives notes on removed or repeated rows (appended to).

    Returns
    -------
    dict of str to RawSweep
        ``"forward"`` and, if measured, ``"reverse"``: voltage (V), current density
        (A/m^2) and emission signal, each sorted by voltage.

    Raises
    ------
    peled.errors.FileFormatError
        If fewer than the minimum number of valid rows remain.

    Examples
    --------
    >>> from peled.measure.readers import load_device
    >>> from peled.datasets import example_devices_dir
    >>> green = example_devices_dir() / "green"
    >>> raws = clean_sweeps(load_device(green).jvl, [])
    >>> list(raws), raws["forward"].voltage_v.size
    (['forward'], 251)
    """
    p = jvl.path.name
    signal = {"luminance": jvl.luminance_cd_m2, "radiance": jvl.radiance_w_sr_m2,
              "photocurrent": jvl.photocurrent_a}[jvl.emission]
    v, j, lines = jvl.voltage_v, jvl.current_density_a_m2, jvl.line_numbers
    bad = ~(np.isfinite(v) & np.isfinite(j) & np.isfinite(signal))
    if bad.any():
        warnings.append(
            f"{p}: {int(bad.sum())} rows with missing/NaN values removed "
            f"(lines {_lines(lines[bad])})"
        )
    keep = ~bad
    pd_beside = jvl.photocurrent_a if jvl.emission == "luminance" else None
    extra = [jvl.eqe_pct_file, jvl.ce_cd_a_file, pd_beside]
    sweep_col = None if jvl.sweep is None else jvl.sweep[keep]
    v, j, s, lines = v[keep], j[keep], signal[keep], lines[keep]
    extra = [None if a is None else a[keep] for a in extra]
    if v.size < 3:
        rows = "1 complete row" if v.size == 1 else f"{v.size} complete rows"
        raise FileFormatError(jvl.path, f"only {rows}; a J-V-L sweep needs >= 3")
    groups: dict[str, np.ndarray] = {}
    if sweep_col is not None:
        groups["forward"] = np.flatnonzero(sweep_col > 0)
        if (sweep_col < 0).any():
            groups["reverse"] = np.flatnonzero(sweep_col < 0)
    else:
        segs = _segments(v)
        ordered = len(segs) <= 4 and all(sg.size >= 3 for sg in segs)
        if not ordered:
            warnings.append(
                f"{p}: rows are not in sweep order ({len(segs)} direction changes); "
                "sorted by voltage and analysed as one forward sweep"
            )
            groups["forward"] = np.arange(v.size)
        else:
            dirs = [_direction(v[sg]) for sg in segs]
            fwd = next((k for k, d in enumerate(dirs) if d > 0), None)
            if fwd is None:
                warnings.append(f"{p}: voltage only decreases; the sweep is analysed as forward")
                groups["forward"] = np.arange(v.size)
                fwd = len(segs)
            else:
                groups["forward"] = segs[fwd]
            rev = next((k for k in range(fwd + 1, len(segs)) if dirs[k] < 0), None)
            if rev is not None:
                groups["reverse"] = segs[rev]
            used = {fwd, rev}
            for k, sg in enumerate(segs):
                if k not in used and fwd < len(segs):
                    warnings.append(
                        f"{p}: extra sweep segment (lines {lines[sg[0]]}-{lines[sg[-1]]}) ignored"
                    )
    out = {}
    for name, idx in groups.items():
        if idx.size < 3:
            warnings.append(f"{p}: {name} sweep has only {idx.size} rows; ignored")
            continue
        arrays = [j[idx], s[idx]] + [None if a is None else a[idx] for a in extra]
        vv, arrs, ll = _average_duplicates(name, v[idx], arrays, lines[idx], warnings)
        out[name] = RawSweep(name, vv, arrs[0], arrs[1], arrs[2], arrs[3], ll, arrs[4])
    if "forward" not in out:
        raise FileFormatError(jvl.path, "no forward sweep with >= 3 rows")
    return out


# ----------------------------------------------------------------------- figures
def interp_at_log(target: float, x: np.ndarray, y: np.ndarray) -> float | None:
    """y at the first upward crossing of ``target`` by x, linear in log10 x (None if none).

    ``x`` must be positive at the two bracketing points.

    Parameters
    ----------
    target : float
        The value of ``x`` to reach, > 0 (e.g. a luminance in cd/m^2).
    x : numpy.ndarray
        Monitored quantity in file order (e.g. luminance), 1-D.
    y : numpy.ndarray
        Quantity to read off (e.g. EQE in %), same length as ``x``.

    Returns
    -------
    float or None
        Interpolated y; None if x never reaches ``target``, already exceeds it at the
        first point, or the bracketing values are not usable.

    Examples
    --------
    1 lies halfway between 0.1 and 10 on a log scale:

    >>> import numpy as np
    >>> interp_at_log(1.0, np.array([0.1, 10.0]), np.array([2.0, 4.0]))
    3.0
    """
    above = np.flatnonzero(x >= target)
    if above.size == 0 or above[0] == 0:
        return None
    k = int(above[0])
    x0, x1 = x[k - 1], x[k]
    if not (x0 > 0 and x1 > 0) or not (np.isfinite(y[k - 1]) and np.isfinite(y[k])):
        return None
    if x1 == x0:
        return float(y[k])
    w = (np.log10(target) - np.log10(x0)) / (np.log10(x1) - np.log10(x0))
    return float(y[k - 1] + w * (y[k] - y[k - 1]))


def _opt(x) -> float | None:
    return float(x) if x is not None and np.isfinite(x) else None


def figures_of_merit(sweep: Sweep, turn_on_luminance_cd_m2: float = 1.0,
                     warnings: list[str] | None = None) -> JVLFigures:
    """Figures of merit of an analysed sweep (definitions in the module docstring).

    Parameters
    ----------
    sweep : Sweep
        An analysed sweep (:attr:`peled.measure.DeviceResult.forward`).
    turn_on_luminance_cd_m2 : float, default 1.0
        Luminance (cd/m^2, > 0) that defines the turn-on voltage.
    warnings : list of str, optional
        Receives notes (appended to).

    Returns
    -------
    JVLFigures
        Turn-on voltage (V), maximum luminance (cd/m^2), maximum EQE (%), CE (cd/A) and
        PE (lm/W), EQE at 100/1,000/10,000 cd/m^2 and the roll-off current J50 (mA/cm^2).

    References
    ----------
    Jang et al., Adv. Mater. (2025), sec. 3 (PeLED figures of merit and roll-off).

    Examples
    --------
    >>> from peled.measure.analysis import analyze_device
    >>> from peled.datasets import example_devices_dir
    >>> green = example_devices_dir() / "green"
    >>> fom = figures_of_merit(analyze_device(green).forward)
    >>> round(fom.eqe_max_pct, 2), round(fom.v_on_v, 2), fom.v_at_luminance_max_v
    (22.79, 2.38, 5.0)
    """
    warnings = [] if warnings is None else warnings
    v = sweep.voltage_v
    lum = sweep.luminance_cd_m2
    ok = sweep.valid
    has_l = bool(np.any(ok & np.isfinite(lum)))
    # turn-on voltage
    v_on = None
    pos = v > 0
    if has_l:
        idx = np.flatnonzero(pos)
        lv, vv, okv = lum[idx], v[idx], ok[idx]
        reach = np.flatnonzero(okv & (lv >= turn_on_luminance_cd_m2))
        if reach.size == 0:
            warnings.append(
                f"turn-on: luminance never reaches {turn_on_luminance_cd_m2:g} cd/m2; v_on is null"
            )
        elif reach[0] == 0 or not okv[reach[0] - 1]:
            warnings.append(
                f"turn-on: the reading before {turn_on_luminance_cd_m2:g} cd/m2 is missing or "
                "below the detector floor; v_on is null"
            )
        else:
            k = int(reach[0])
            v_on = interp_at_log(turn_on_luminance_cd_m2, lv[k - 1:k + 1], vv[k - 1:k + 1])
    lmax = vlmax = None
    if has_l:
        k = int(np.nanargmax(np.where(ok, lum, -np.inf)))
        lmax, vlmax = float(lum[k]), float(v[k])
    rmax = None
    if np.any(ok & np.isfinite(sweep.radiance_w_sr_m2)):
        rmax = float(np.nanmax(np.where(ok, sweep.radiance_w_sr_m2, np.nan)))
    okq = ok if sweep.quantified is None else sweep.quantified
    eqe = np.where(okq, sweep.eqe_pct, np.nan)
    eqe_max = j_at = l_at = v_at = None
    at = {100.0: None, 1000.0: None, 10000.0: None}
    j50 = None
    if np.any(np.isfinite(eqe)):
        k = int(np.nanargmax(eqe))
        eqe_max = float(eqe[k])
        j_at = float(sweep.current_density_mA_cm2[k])
        l_at = _opt(lum[k])
        v_at = float(v[k])
        if has_l:
            kl = int(np.nanargmax(np.where(ok, lum, -np.inf)))
            rising = np.flatnonzero(okq[: kl + 1] & np.isfinite(eqe[: kl + 1]))
            for target in at:
                at[target] = interp_at_log(target, lum[rising], eqe[rising])
        # J50: first halving of EQE above the maximum, linear in log J
        after = np.flatnonzero(np.isfinite(eqe) & (np.arange(eqe.size) >= k))
        e_a = eqe[after]
        jj = sweep.current_density_mA_cm2[after]
        half = np.flatnonzero(e_a <= 0.5 * eqe_max)
        if half.size:
            m = int(half[0])
            e0, e1 = e_a[m - 1], e_a[m]
            w = (e0 - 0.5 * eqe_max) / (e0 - e1)
            j50 = float(10 ** (np.log10(jj[m - 1]) + w * (np.log10(jj[m]) - np.log10(jj[m - 1]))))
    ce = np.where(okq & pos, sweep.ce_cd_a, np.nan)
    pe = np.where(okq & pos, sweep.pe_lm_w, np.nan)
    ce_max = float(np.nanmax(ce)) if np.any(np.isfinite(ce)) else None
    pe_max = float(np.nanmax(pe)) if np.any(np.isfinite(pe)) else None
    e1000 = at[1000.0]
    return JVLFigures(
        v_on_v=_opt(v_on),
        luminance_max_cd_m2=lmax,
        v_at_luminance_max_v=vlmax,
        radiance_max_w_sr_m2=rmax,
        eqe_max_pct=eqe_max,
        j_at_eqe_max_mA_cm2=j_at,
        l_at_eqe_max_cd_m2=l_at,
        v_at_eqe_max_v=v_at,
        ce_max_cd_a=ce_max,
        pe_max_lm_w=pe_max,
        eqe_at_100_cd_m2_pct=at[100.0],
        eqe_at_1000_cd_m2_pct=e1000,
        eqe_at_10000_cd_m2_pct=at[10000.0],
        j50_mA_cm2=j50,
        eqe_retention_at_1000_cd_m2=(e1000 / eqe_max) if (e1000 is not None and eqe_max) else None,
    )


def sweep_hysteresis_index(forward: Sweep, reverse: Sweep,
                           quantity: str = "current") -> float | None:
    """Hysteresis index of two analysed sweeps (:func:`peled.sweeps.hysteresis_index`).

    Parameters
    ----------
    forward, reverse : Sweep
        The analysed forward and reverse sweeps.
    quantity : {"current", "luminance"}, optional
        Y of the index: current density (default) or luminance.

    Returns
    -------
    float or None
        HI = (int Y_rev dV - int Y_fwd dV) / int Y_fwd dV over the common V >= 0 range
        of the forward voltages; ``None`` when they share fewer than 3 voltages.

    References
    ----------
    S. N. Habisreutinger, N. K. Noel & H. J. Snaith, ACS Energy Lett. 3, 2472 (2018).

    Examples
    --------
    A sweep compared with itself has no hysteresis:

    >>> from peled.measure.analysis import analyze_device
    >>> from peled.datasets import example_devices_dir
    >>> green = example_devices_dir() / "green"
    >>> fwd = analyze_device(green).forward
    >>> sweep_hysteresis_index(fwd, fwd)
    0.0
    """
    key = "current_density_mA_cm2" if quantity == "current" else "luminance_cd_m2"
    return hysteresis_index(forward.voltage_v, getattr(forward, key),
                            reverse.voltage_v, getattr(reverse, key), axis="linear")
