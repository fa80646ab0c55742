"""SCLC analysis of every sweep of one measurement and their hysteresis.

Sweeps: :func:`analyze_sclc` splits a file's voltage column at every direction change
of |V| (:func:`peled.sweeps.split_sweeps` with shared turning points, so both sweeps
reach the highest voltage where the Child region lives, and wobbles of fewer than 3
points merged), or follows the file's ``sweep`` labels; forward (|V| increasing) and
reverse sweeps are analysed separately and the first forward/reverse pair gives the
hysteresis index (:func:`peled.sweeps.hysteresis_index` on the log axis, the form that
weights every decade of a log-spaced SCLC sweep).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.characterize.sclc.fit import SCLCError, SCLCFit, SCLCSweepResult
from peled.sweeps import hysteresis_index, split_sweeps

__all__ = [
    "SCLCReport",
    "analyze_sclc",
    "labelled_sweeps",
]


@dataclass(frozen=True)
class SCLCReport:
    """All sweeps of one measurement; ``main`` is the first forward sweep.

    Attributes
    ----------
    sweeps : tuple of SCLCSweepResult
        One result per analysed sweep, in measurement order.
    hysteresis_index : float or None
        Hysteresis index of the first forward/reverse pair on the log-voltage axis
        (:func:`peled.sweeps.hysteresis_index`); None with a single direction.
    warnings : tuple of str
        Measurement-level warnings (skipped sweeps, mislabelled points).

    References
    ----------
    Habisreutinger, Noel & Snaith, ACS Energy Lett. 3, 2472 (2018) (hysteresis index).

    Examples
    --------
    A forward sweep with V_TFL = 0.8 V and a reverse sweep with 1.2 V (ion-induced
    shift), built from the single-carrier law:

    >>> from peled.device.space_charge import single_carrier_jv
    >>> v = np.geomspace(0.01, 10, 40)
    >>> j_fwd = single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.8, 2e20)
    >>> j_rev = single_carrier_jv(v, 3e-7, 25.0, 5e-5, 1.2, 2e20)
    >>> rep = analyze_sclc(np.r_[v, v[-2::-1]], np.r_[j_fwd, j_rev[-2::-1]], 3e-7, 25.0)
    >>> [(s.direction, round(s.v_tfl_v, 6)) for s in rep.sweeps]
    [('forward', 0.8), ('reverse', 1.2)]
    >>> round(rep.as_dict()["v_tfl_shift_v"], 6), round(rep.hysteresis_index, 4)
    (0.4, -0.0337)
    """

    sweeps: tuple[SCLCSweepResult, ...]
    hysteresis_index: float | None
    warnings: tuple[str, ...]

    @property
    def main(self) -> SCLCSweepResult:
        """The first forward sweep (or the first sweep if none is forward)."""
        fwd = [s for s in self.sweeps if s.direction == "forward"]
        return (fwd or list(self.sweeps))[0]

    def as_dict(self) -> dict:
        """CLI JSON: the main sweep's keys, plus ``sweeps``, ``hysteresis_index`` and
        ``v_tfl_shift_v`` (V_TFL of the first reverse minus the first forward sweep)."""
        out = self.main.as_dict()
        out["warnings"] = list(self.warnings) + out["warnings"]
        out["hysteresis_index"] = self.hysteresis_index
        if len(self.sweeps) > 1:
            out["sweeps"] = [s.as_dict() for s in self.sweeps]
            # V_TFL(first reverse) - V_TFL(first forward), whatever order they came in
            first = {d: next((s for s in self.sweeps if s.direction == d), None)
                     for d in ("forward", "reverse")}
            v = [None if s is None else s.v_tfl_v for s in first.values()]
            out["v_tfl_shift_v"] = (v[1] - v[0]) if None not in v else None
        return out



def labelled_sweeps(directions) -> list[tuple[str, np.ndarray]]:
    """Sweeps from per-point direction labels: every run of equal labels is one sweep.

    Unlike :func:`peled.sweeps.split_sweeps`, turning points are not shared: the file says
    which sweep each point belongs to.

    Parameters
    ----------
    directions : array_like of str
        ``"forward"`` / ``"reverse"`` per point.

    Returns
    -------
    list of (str, numpy.ndarray)
        ``(direction, indices)`` per sweep.

    Raises
    ------
    SCLCError
        A label other than forward/reverse.

    Examples
    --------
    >>> [(d, i.tolist()) for d, i in labelled_sweeps(["forward", "forward", "reverse"])]
    [('forward', [0, 1]), ('reverse', [2])]
    """
    d = np.asarray(directions, dtype=str).ravel()
    bad = sorted(set(d.tolist()) - {"forward", "reverse"})
    if bad:
        raise SCLCError(f"sweep labels must be 'forward' or 'reverse', got {bad[:3]}")
    if d.size == 0:
        return []
    bounds = [0, *(np.flatnonzero(d[1:] != d[:-1]) + 1).tolist(), d.size]
    return [(str(d[lo]), np.arange(lo, hi))
            for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]



def analyze_sclc(voltage_v, current_density_a_m2, thickness_m: float, eps_r: float,
                 v_bi_v: float = 0.0, directions=None, **fit_options) -> SCLCReport:
    """Analyse every sweep of a measurement (:class:`SCLCFit`) and the hysteresis.

    Parameters
    ----------
    voltage_v : array_like
        Voltages in V in measurement order.
    current_density_a_m2 : array_like
        Current densities in A/m^2.
    thickness_m : float
        Layer thickness in m.
    eps_r : float
        Relative permittivity.
    v_bi_v : float, optional
        Built-in voltage in V for the Mott-Gurney law (default 0).
    directions : array_like of str, optional
        ``"forward"``/``"reverse"`` per point (a ``sweep`` column); default: sweeps from
        the direction changes of |V|.
    **fit_options
        Further :class:`SCLCFit` parameters (``min_points``, ``noise_floor``, ...).

    Returns
    -------
    SCLCReport
        Every sweep's result and the hysteresis index of the first forward/reverse pair.

    Raises
    ------
    SCLCError
        No sweep can be analysed.

    References
    ----------
    Jiang et al., Nanoscale (2024), eqn (13); Mott & Gurney, *Electronic Processes in
    Ionic Crystals*, Oxford University Press (1940); Habisreutinger, Noel & Snaith, ACS
    Energy Lett. 3, 2472 (2018) (hysteresis index).

    Examples
    --------
    >>> import numpy as np
    >>> from peled.device.space_charge import single_carrier_jv
    >>> v = np.geomspace(0.01, 10, 60)
    >>> rep = analyze_sclc(v, single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.8, 2e20), 3e-7, 25.0)
    >>> round(rep.main.v_tfl_v, 3), round(rep.main.mobility_m2_vs * 1e4, 3)  # V, cm^2/(V s)
    (0.8, 0.5)
    """
    v = np.asarray(voltage_v, dtype=float)
    j = np.asarray(current_density_a_m2, dtype=float)
    if v.shape != j.shape:
        raise SCLCError(f"voltage and current differ in length ({v.size} vs {j.size})")
    warnings: list[str] = []
    if directions is None:
        parts = split_sweeps(v, magnitude=True, share_turning_points=True, min_run_points=3)
    else:
        if np.asarray(directions).size != v.size:
            raise SCLCError(f"{np.asarray(directions).size} sweep labels for {v.size} points")
        parts = labelled_sweeps(directions)
        for direction, idx in parts:
            rise = abs(v[idx[-1]]) - abs(v[idx[0]])
            if (direction == "forward" and rise < 0) or (direction == "reverse" and rise > 0):
                warnings.append(f"points {idx[0] + 1}-{idx[-1] + 1} are labelled {direction} "
                                f"but |V| goes from {abs(v[idx[0]]):.3g} to "
                                f"{abs(v[idx[-1]]):.3g} V")
    results = []
    fits = []
    for direction, idx in parts:
        try:
            f = SCLCFit(thickness_m, eps_r, v_bi_v, **fit_options).fit(v[idx], j[idx])
        except SCLCError as exc:
            if len(parts) == 1:
                raise
            warnings.append(f"{direction} sweep ({idx.size} points) skipped: {exc}")
            continue
        fits.append((direction, idx))
        results.append(f.result(direction))
    if not results:
        raise SCLCError("no sweep could be analysed")
    if len(parts) > 1:
        how = "direction changes" if directions is None else "sweep labels"
        warnings.append(f"{len(parts)} sweeps found ({how}): analysed separately")
    hi = None
    dirs = [d for d, _ in fits]
    if "forward" in dirs and "reverse" in dirs:
        f_idx = fits[dirs.index("forward")][1]
        r_idx = fits[dirs.index("reverse")][1]
        hi = hysteresis_index(v[f_idx], j[f_idx], v[r_idx], j[r_idx], axis="log")
    return SCLCReport(tuple(results), hi, tuple(warnings))


