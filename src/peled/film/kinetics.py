"""Population-balance simulator of perovskite crystallization (nucleation, growth, ripening).

Model
-----
State, per m^3 of the *initial* (as-cast) solution: the crystal numbers ``N_k`` in ``n``
radius classes (log-spaced edges ``R_0 = r_min < ... < R_n = r_max``) and the dissolved
solute ``q`` (formula units).  The solution volume is ``V(t) = exp(-evaporation_rate t)``
(relative to the initial one), the solute concentration ``C = q / V`` and the solubility::

    c_e(t) = c_e(T) * A(t) / (1 + ramp_rate t)
    A(t)   = 1                                                   (t < t_d)
           = 1/s_a + (1 - 1/s_a) exp(-(t - t_d) / tau_mix)       (t >= t_d, antisolvent)

so the supersaturation ``S = C / c_e`` rises by evaporation, by an antisolvent drip at
``t_d`` (solubility drop by the factor ``s_a``) or by a ramp (Cao et al. (2025) sec. 2.2, LaMer
stage 1; sec. 3.1.3 antisolvent engineering).

Nucleation: the CNT rate of :mod:`peled.film.nucleation` (Cao et al. (2025) eqns 1-2) with
``gamma -> surface_energy_factor * gamma`` (additives) and the heterogeneous factor
f(theta); nuclei are born at ``r* + sqrt(k_B T / (4 pi gamma))``, the edge of the
Zeldovich zone where Delta G(r) is k_B T below Delta G* (Delta G'' = -8 pi gamma at r*).
Nuclei born during a step (at the constant implicit rate) are spread along their growth
characteristic by the time each spent growing before the step's end; the step control
keeps that spread within ``SPREAD_CLASSES`` classes.  (Dropping all of a step's nuclei
into the birth class splits a burst into one cohort per step, and ripening turns that
comb into +-10 % step-size noise of the final mean size across a process map.)

Growth (size dependent, with Gibbs-Thomson; so Ostwald ripening, Cao et al. (2025) Fig. 1c,
emerges)::

    dr/dt = G(r) = g v_m (C - c_e exp(alpha / r)) / (r / D + 1 / k_i),
    alpha = 2 gamma v_m / (k_B T)

diffusion-limited (``1/k_i = 0``; Lifshitz & Slyozov 1961), interface-limited
(``r/D = 0``) or mixed (resistances in series); ``g`` is the additive
``growth_rate_factor``.  Subcritical particles (r < r*) dissolve; those that shrink below
``r_min`` return their solute.

Numerical scheme
----------------
Realistic parameters make the problem very stiff (growth of a 2 nm nucleus takes ns,
ripening takes s), so an explicit CFL-limited scheme (e.g. Gunawan, Fusman & Braatz,
AIChE J. 50, 2738 (2004)) would need >1e7 steps.  We use a conservative *flux-form
semi-Lagrangian* finite-volume scheme (Lin & Rood, Mon. Weather Rev. 124, 2046 (1996);
Leonard, Lock & MacVean, Mon. Weather Rev. 124, 2588 (1996)), which is stable for
Courant numbers > 1:

1. each cell face is moved along its characteristic dr/dt = G(r) over the step (RK2;
   faces whose shrinkage over the step exceeds their radius dissolve, which is exact
   because abs(G) grows monotonically as a subcritical particle shrinks);
2. the numbers are remapped from the moved (Lagrangian) cells to the fixed cells through
   the cumulative number M(r): ``N_k = M(R_{k+1}) - M(R_k)``.  M is interpolated with a
   monotone piecewise cubic whose slopes are the weighted harmonic mean of neighbouring
   secants (Fritsch & Butland 1984; the van Leer (1974) harmonic limiter applied to M),
   so the fluxes through the fixed faces are conservative, positivity preserving and
   second order where the distribution is smooth;
3. the solute is coupled implicitly: the concentration C* used for growth and nucleation
   over the step solves the scalar mass balance ``q_old - (Delta V_crystal(C*) +
   Delta N_nuc(C*) v_nuc) / v_m = C* V(t + dt)`` (monotone in C*, solved by Brent's
   method), i.e. backward Euler for the fast solute relaxation;
4. the remap conserves number but not crystal volume; the remapped numbers are tilted
   minimally (``N_k (1 + lam (v_k - <v>))``, or a positive exponential tilt when that
   would go negative) to the Lagrangian crystal volume, so solute and crystals exchange
   mass only through growth, never through interpolation error (without this, O(h^3)
   remap errors are as large as the tiny supersaturation that drives ripening);
5. the solute is then updated from the *discrete* change of crystal volume (cell volumes
   ``(pi/3)(R_k + R_{k+1})(R_k^2 + R_{k+1}^2)``, the mean sphere volume of a uniform
   density in the cell), so solute + crystal mass is conserved to round-off.

Validation (tests/film): analytic translation of the distribution for interface-limited
growth and r^2 ~ t for diffusion-limited growth; LSW coarsening rate within 5 % and
convergence to the LSW shape; mass conserved to 1e-15.

The step size is adapted to keep the change of ln S, of the nucleation barrier
(in k_B T) and the spread of the step's nuclei within tolerance (rejected steps are
retried).  With the default ``rtol = 0.05`` the final mean radius of the examples is
within ~1-8 % of a run at rtol = 0.001 on 1600 classes (evaporation.toml: +7 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.constants import N_A
from scipy.constants import k as K_B
from scipy.optimize import brentq

from peled.errors import ParameterError, PeledError
from peled.film.nucleation import heterogeneous_factor
from peled.film.presets import get_material
from peled.film.process import ProcessSpec

__all__ = [
    "FilmModel",
    "FilmResult",
    "SimulationError",
    "SizeGrid",
    "simulate",
]


SPREAD_CLASSES = 16
_N_FLOOR = 1e-6  # crystals per m^3 of solution below which a class is considered empty


class SimulationError(PeledError):
    """The simulation cannot proceed with the given numerics (e.g. grid too small)."""


@dataclass(frozen=True)
class SizeGrid:
    """Finite-volume classes in radius; ``edges_m`` has n + 1 increasing values."""

    edges_m: np.ndarray

    @classmethod
    def log(cls, n_classes: int, r_min_m: float, r_max_m: float) -> SizeGrid:
        """Log-spaced classes (constant relative width)."""
        return cls(np.geomspace(r_min_m, r_max_m, n_classes + 1))

    @property
    def centers_m(self) -> np.ndarray:
        """Mean radius of a uniform density in each class."""
        return 0.5 * (self.edges_m[1:] + self.edges_m[:-1])

    @property
    def widths_m(self) -> np.ndarray:
        return np.diff(self.edges_m)

    @property
    def volumes_m3(self) -> np.ndarray:
        """Mean sphere volume in each class for a uniform density in r."""
        return _mean_volume(self.edges_m[:-1], self.edges_m[1:])


def _mean_volume(a, b):
    # (1/(b-a)) int_a^b (4/3) pi r^3 dr = (pi/3)(a + b)(a^2 + b^2)
    return (np.pi / 3.0) * (a + b) * (a * a + b * b)


def _pchip_cumulative(x, y, xq):
    """Monotone cubic interpolation of non-decreasing y(x) at xq (Fritsch-Butland slopes)."""
    n = x.size
    if n == 1:
        return np.where(xq < x[0], 0.0, y[0])
    h = np.diff(x)
    delta = np.diff(y) / h
    d = np.empty(n)
    d[0] = delta[0]
    d[-1] = delta[-1]
    if n > 2:
        d0, d1 = delta[:-1], delta[1:]
        w1 = 2.0 * h[1:] + h[:-1]
        w2 = h[1:] + 2.0 * h[:-1]
        pos = (d0 > 0) & (d1 > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            hm = (w1 + w2) / (w1 / d0 + w2 / d1)
        d[1:-1] = np.where(pos, hm, 0.0)
    k = np.clip(np.searchsorted(x, xq, side="right") - 1, 0, n - 2)
    hk = h[k]
    t = (xq - x[k]) / hk
    t = np.clip(t, 0.0, 1.0)
    t2 = t * t
    t3 = t2 * t
    val = (
        (2 * t3 - 3 * t2 + 1) * y[k]
        + (t3 - 2 * t2 + t) * hk * d[k]
        + (-2 * t3 + 3 * t2) * y[k + 1]
        + (t3 - t2) * hk * d[k + 1]
    )
    val = np.where(xq <= x[0], y[0], val)
    return np.where(xq >= x[-1], y[-1], val)


def _log_mean(fa, fb):
    """Logarithmic mean (fb - fa) / ln(fb / fa) of positive numbers (-> fa when fb = fa)."""
    lr = np.log(fb / fa)
    small = np.abs(lr) < 1e-8
    return np.where(small, 0.5 * (fa + fb), (fb - fa) / np.where(small, 1.0, lr))


def _advance(xs, fs, tau, m, dxs=None):
    """New positions of the first ``m`` nodes moving along dx/dt = f(x) > 0 for time tau.

    ``xs`` increasing with ``fs > 0`` at the nodes and f linear in x between nodes; the
    travel time across an interval is dx / logmean(f_a, f_b) and the exact position
    inside an interval is x_a + f_a expm1(s t) / s (s the slope of f).  Beyond the last
    node f is held at fs[-1].  Also returns a flag: True where a node passed the last one.
    """
    if xs.size == 1:  # only the last node: f held at fs[-1] beyond it
        return xs + fs * tau, np.ones(1, dtype=bool)
    if dxs is None:
        dxs = np.diff(xs)
    phi = np.empty(xs.size)
    phi[0] = 0.0
    np.cumsum(dxs / _log_mean(fs[:-1], fs[1:]), out=phi[1:])
    target = phi[:m] + tau
    k = np.searchsorted(phi, target, side="right") - 1
    past = k >= xs.size - 1
    kk = np.minimum(k, xs.size - 2)
    tp = target - phi[kk]
    fa = fs[kk]
    slope = (fs[kk + 1] - fa) / dxs[kk]
    st = slope * tp
    small = np.abs(st) < 1e-8
    step = np.where(
        small,
        fa * tp * (1.0 + 0.5 * st),
        fa * np.expm1(np.minimum(st, 700.0)) / np.where(small, 1.0, slope),
    )
    x_new = np.where(past, xs[-1] + fs[-1] * (target - phi[-1]), xs[kk] + step)
    return x_new, past


class _Characteristics:
    """Exact motion of the fixed cell faces over one step (see module docstring).

    With f(r) = C/c_e - exp(alpha/r) and the resistance coordinate x(r), the growth law is
    dx/dt = g v_m c_e f.  f is taken linear in x between neighbouring faces, which makes
    the 1-D characteristic ODE exactly integrable (travel-time integral); C and c_e are
    held at their implicit values over the step.
    """

    def __init__(self, model: FilmModel, edges: np.ndarray) -> None:
        self.model = model
        self.edges = edges
        self.x = model.x_of_r(edges)
        self.gt = np.exp(np.minimum(model.alpha / edges, 700.0))  # exp(alpha/r), decreasing
        self.neg_gt = -self.gt
        self.dx = np.diff(self.x)
        self.neg_x_rev = -self.x[::-1]

    def move(self, s: float, tau: float, lo: int, hi: int) -> np.ndarray:
        """New radii of faces lo..hi (inclusive) for supersaturation s and reduced time tau.

        ``tau = g v_m c_e dt``.  Dissolved faces (passed below r_min) are returned as 0.
        """
        f = s - self.gt
        n = self.edges.size
        jg = int(np.searchsorted(self.neg_gt, -s, side="right"))  # first face with f > 0
        js = int(np.searchsorted(self.neg_gt, -s, side="left")) - 1  # last face with f < 0
        out = self.edges[lo : hi + 1].copy()
        a = max(lo, jg)
        if a <= hi and a < n:
            xn, _ = _advance(self.x[a:], f[a:], tau, hi - a + 1, self.dx[a:])
            out[a - lo :] = self.model.r_of_x(xn)
        b = min(hi, js)
        if b >= lo:
            k = n - 1 - b  # reversed index of face b
            xs = self.neg_x_rev[k:]
            xn, gone = _advance(xs, -f[b::-1], tau, b - lo + 1, np.diff(xs))
            r = np.where(gone, 0.0, self.model.r_of_x(-xn))
            out[: b - lo + 1] = r[::-1]
        return np.maximum.accumulate(out)


def move_faces(model: FilmModel, edges: np.ndarray, c: float, c_e: float, dt: float):
    """Positions after dt of particles starting at ``edges`` (0 = dissolved below r_min)."""
    ch = _Characteristics(model, edges)
    return ch.move(c / c_e, model.g * model.v_m * c_e * dt, 0, edges.size - 1)


def _clip_dissolved(r1, r_min):
    """Lower/upper faces of moved cells with sizes below r_min set to 0 (dissolved)."""
    r = np.where(r1 < r_min, 0.0, r1)
    return r[:-1], r[1:]


def _volume_tilt(numbers, vol, target):
    """Numbers with the same total and total volume ``target`` (minimal tilt in v).

    First the linear tilt ``N_k (1 + lam (v_k - <v>))``; if that would make a class
    negative (broad distributions), the positive exponential tilt
    ``N_k exp(lam v_k / v_max)`` renormalised to the same number, with lam from a
    monotone 1-D root solve.
    """
    w = numbers.sum()
    cur = float(numbers @ vol)
    if w <= 0 or cur == target or target <= 0:
        return numbers
    vm = cur / w
    dv = vol - vm
    var = float(numbers @ (dv * dv))
    if var <= 0:
        return numbers
    lam = (target - cur) / var
    factor = 1.0 + lam * dv
    if np.all(factor[numbers > 0] >= 0):
        return numbers * factor
    occ = numbers > 0
    n_occ, v_occ = numbers[occ], vol[occ]
    u = v_occ / v_occ.max()
    if not (v_occ.min() < target / w < v_occ.max()):
        return numbers

    def excess(lam_e):
        e = np.exp(lam_e * u - max(lam_e, 0.0))
        return float(n_occ @ (v_occ * e)) / float(n_occ @ e) * w - target

    lo, hi = -1.0, 1.0
    while excess(lo) > 0:
        lo *= 4.0
    while excess(hi) < 0:
        hi *= 4.0
    lam_e = brentq(excess, lo, hi, xtol=1e-14, rtol=1e-13)
    e = np.exp(lam_e * u - max(lam_e, 0.0))
    out = numbers.copy()
    out[occ] = n_occ * e * (w / float(n_occ @ e))
    return out


def _birth_class(edges: np.ndarray, r_nuc: float) -> int:
    """Class receiving nuclei born at r_nuc: the first class lying entirely above r_nuc."""
    return min(int(np.searchsorted(edges, r_nuc, side="left")), edges.size - 2)


def _add_nuclei(numbers, edges, chars, s, tau, r_nuc, dn):
    """Add the ``dn`` nuclei born at a constant rate during one step (see _nuclei_spread)."""
    k, weights = _nuclei_spread(edges, chars, s, tau, r_nuc, dn)
    numbers[k : k + weights.size] += dn * weights


def _nuclei_spread(edges, chars, s, tau, r_nuc, dn):
    """(first class, fraction per class) of the nuclei born at a constant rate in a step.

    A nucleus born a time t before the end of the step has grown along its
    characteristic for t, so the step's nuclei lie along the characteristic from the
    birth class, with a density proportional to the time spent per class (1 / growth
    rate).  The travel times are those of the exact face motion (:func:`_advance`).
    Putting all nuclei into the birth class instead splits a burst into one cohort per
    time step (a comb that ripening turns into step-size noise of the final mean size).
    Fewer than one nucleus per m^3: birth class only.
    """
    k = _birth_class(edges, r_nuc)
    f = s - chars.gt[k:]
    if dn < 1.0 or f[0] <= 0.0 or f.size < 2:
        return k, np.ones(1)
    # reduced travel time across each class (f > 0 and increasing above r*)
    dphi = chars.dx[k:] / _log_mean(f[:-1], f[1:])
    if dphi[0] >= tau:
        return k, np.ones(1)
    phi = np.cumsum(dphi)
    m = min(int(np.searchsorted(phi, tau, side="left")), phi.size - 1)
    t_in = np.diff(np.minimum(phi[: m + 1], tau), prepend=0.0)
    t_in[-1] += max(tau - phi[m], 0.0)  # beyond the grid end: kept in the last class
    return k, t_in / tau


class _StepBalance:
    """Residual of the implicit solute balance over one step, as a function of C*.

    ``q - (V_crystal(C*) + dN_nuc(C*) v_nuc - V_crystal_old) / v_m - C* V(t + dt)``; it
    decreases monotonically with C* (more growth and nucleation at higher C*).
    """

    def __init__(self, model, chars, vol, lo, hi, n_occ, q, vc_old, v1, ce1, dt) -> None:
        self.model, self.chars, self.vol = model, chars, vol
        self.lo, self.hi, self.n_occ = lo, hi, n_occ
        self.q, self.vc_old, self.v1, self.ce1, self.dt = q, vc_old, v1, ce1, dt
        self.tau = model.g * model.v_m * ce1 * dt

    def faces(self, c_star: float) -> np.ndarray:
        """Moved faces lo..hi of the occupied classes (0 = dissolved)."""
        return self.chars.move(c_star / self.ce1, self.tau, self.lo, self.hi)

    def crystal_volume(self, faces: np.ndarray) -> float:
        """Crystal volume of the moved (Lagrangian) classes; sub-r_min particles dissolved."""
        r_min = self.chars.edges[0]
        return float(self.n_occ @ _mean_volume(*_clip_dissolved(faces, r_min)))

    def __call__(self, c_star: float) -> float:
        vc = 0.0 if self.n_occ is None else self.crystal_volume(self.faces(c_star))
        j, r_nuc = self.model.nucleation(c_star, self.ce1)
        nuc_vol = 0.0
        if j > 0:
            dn = j * self.v1 * self.dt
            k, w = _nuclei_spread(
                self.chars.edges, self.chars, c_star / self.ce1, self.tau, r_nuc, dn
            )
            nuc_vol = dn * float(w @ self.vol[k : k + w.size])
        return self.q - (vc + nuc_vol - self.vc_old) / self.model.v_m - c_star * self.v1


def _solve_balance(f, guess: float, c_hi: float, v1: float, tol: float, slope_hint=None):
    """Root C* in [0, c_hi] of the implicit solute balance ``f`` (see :class:`_StepBalance`).

    ``f`` decreases with a slope of magnitude at least ``v1`` (the solution volume: more
    solute is held in solution, and growth/nucleation can only take more), so

    * a step ``f(c) / v1`` from any c lands on or beyond the root: it brackets the root
      with a single evaluation (no search), and
    * ``|c - C*| <= |f(c)| / v1``: a rigorous stopping test on the residual.

    The first trial is the Newton step with the previous step's secant slope
    (``slope_hint``); the bracket is then closed by the Anderson-Bjorck variant of
    regula falsi (Anderson & Bjorck, BIT 13, 253 (1973)), superlinear for smooth f,
    safeguarded by a bisection whenever an iteration fails to halve the residual (so the
    strongly nonlinear nucleation term cannot stall it).  Returns ``(C*, slope)`` with
    the last secant slope as the hint for the next step.  A nucleation term whose birth
    class jumps with C can make f slightly non-monotone; the bracket then falls back to
    an expanding search.
    """
    ftol = tol * v1
    a, fa = guess, f(guess)
    if abs(fa) <= ftol:
        return a, slope_hint
    # first trial: Newton with the previous slope, else the guaranteed-bracketing step
    if slope_hint is not None and slope_hint < -v1:
        b = a - fa / slope_hint
    else:
        b = a + fa / v1
    b = min(max(b, 0.0), c_hi)
    fb = f(b)
    if abs(fb) <= ftol:
        return b, (fb - fa) / (b - a) if b != a else slope_hint
    if fa * fb > 0:  # not bracketed: the step f/v1 from b overshoots (or hits) the root
        a, fa = b, fb
        b = min(max(b + fb / v1, 0.0), c_hi)
        fb = f(b)
        step = abs(b - a) or tol
        while fa * fb > 0 and 0.0 < b < c_hi:  # only if f is locally non-monotone
            a, fa = b, fb
            step *= 4.0
            b = min(max(b + (step if fb > 0 else -step), 0.0), c_hi)
            fb = f(b)
        if fa * fb > 0:
            return (a, None) if abs(fa) <= abs(fb) else (b, None)
    slope = (fb - fa) / (b - a) if b != a else slope_hint
    (lo, f_lo), (hi, f_hi) = sorted(((a, fa), (b, fb)))
    if f_lo < 0:  # ordered so that f(lo) > 0 > f(hi) (f decreasing)
        (lo, f_lo), (hi, f_hi) = (hi, f_hi), (lo, f_lo)
    side, bisect = 0, False
    for _ in range(300):
        if abs(hi - lo) <= tol:
            return (lo, slope) if abs(f_lo) <= abs(f_hi) else (hi, slope)
        if bisect:
            c = 0.5 * (lo + hi)
        else:
            c = lo - f_lo * (hi - lo) / (f_hi - f_lo)
        best = min(abs(f_lo), abs(f_hi))
        fc = f(c)
        bisect = abs(fc) > 0.5 * best  # the residual did not halve: bisect next
        if fc >= 0:
            slope = (fc - f_hi) / (c - hi) if c != hi else slope
            if side == 1:  # lo replaced twice: scale f(hi) (Anderson-Bjorck)
                m = 1.0 - fc / f_lo
                f_hi *= m if m > 0 else 0.5
            lo, f_lo, side = c, fc, 1
        else:
            slope = (fc - f_lo) / (c - lo) if c != lo else slope
            if side == -1:
                m = 1.0 - fc / f_hi
                f_lo *= m if m > 0 else 0.5
            hi, f_hi, side = c, fc, -1
        if abs(fc) <= ftol:
            return c, slope
    return (lo, slope) if abs(f_lo) <= abs(f_hi) else (hi, slope)


@dataclass(frozen=True)
class FilmResult:
    """Time series and size distributions of one simulation.

    Number quantities are per m^3 of the initial (as-cast) solution; ``numbers`` are the
    crystals per class (not a density per unit radius).
    """

    spec: ProcessSpec
    grid: SizeGrid
    time_s: np.ndarray
    supersaturation: np.ndarray
    nucleation_rate_per_m3_s: np.ndarray
    number_density_per_m3: np.ndarray
    mean_radius_m: np.ndarray
    std_radius_m: np.ndarray
    solute_per_m3: np.ndarray
    crystal_volume: np.ndarray
    solution_volume_fraction: np.ndarray
    solubility_per_m3: np.ndarray
    nucleated_per_m3: np.ndarray
    snapshot_time_s: np.ndarray
    snapshots: np.ndarray
    molecular_volume_m3: float
    n_steps: int
    n_rejected: int
    extra: dict = field(default_factory=dict)

    # Deprecated names (kept for one release): "_m3" suffixes meant m^-3.
    @property
    def nucleation_rate_m3_s(self) -> np.ndarray:
        """Deprecated alias of ``nucleation_rate_per_m3_s``."""
        return self.nucleation_rate_per_m3_s

    @property
    def number_density_m3(self) -> np.ndarray:
        """Deprecated alias of ``number_density_per_m3``."""
        return self.number_density_per_m3

    @property
    def solute_m3(self) -> np.ndarray:
        """Deprecated alias of ``solute_per_m3``."""
        return self.solute_per_m3

    @property
    def solubility_m3(self) -> np.ndarray:
        """Deprecated alias of ``solubility_per_m3``."""
        return self.solubility_per_m3

    @property
    def nucleated_m3(self) -> np.ndarray:
        """Deprecated alias of ``nucleated_per_m3``."""
        return self.nucleated_per_m3

    @property
    def final_numbers(self) -> np.ndarray:
        return self.snapshots[-1]

    @property
    def total_solute_per_m3(self) -> np.ndarray:
        """Solute + crystal formula units per m^3 of initial solution (conserved)."""
        return self.solute_per_m3 + self.crystal_volume / self.molecular_volume_m3

    @property
    def mass_error(self) -> float:
        """Largest relative deviation of the conserved total from its initial value."""
        tot = self.total_solute_per_m3
        return float(np.max(np.abs(tot - tot[0])) / tot[0])

    @property
    def number_density_per_m2(self) -> float:
        """Final crystals per m^2 of substrate (initial density x wet thickness)."""
        return float(self.number_density_per_m3[-1] * self.spec.wet_thickness_um * 1e-6)

    @property
    def coverage(self) -> float:
        """Substrate coverage 1 - exp(-sum N_A pi r^2) (Avrami 1939 extended-area estimate)."""
        area = np.sum(self.final_numbers * np.pi * self.grid.centers_m**2)
        return float(1.0 - np.exp(-area * self.spec.wet_thickness_um * 1e-6))

    @property
    def nucleation_time_s(self) -> float:
        """Time at which half of all nuclei had formed (NaN if none nucleated)."""
        cum = self.nucleated_per_m3
        if cum[-1] <= 0:
            return math.nan
        return float(np.interp(0.5 * cum[-1], cum, self.time_s))

    def summary(self) -> dict:
        """Final film descriptors with the CLI contract keys."""
        return {
            "mean_radius_nm": float(self.mean_radius_m[-1] * 1e9),
            "number_density_m3": float(self.number_density_per_m3[-1]),  # deprecated key
            "number_density_per_m3": float(self.number_density_per_m3[-1]),
            "std_radius_nm": float(self.std_radius_m[-1] * 1e9),
            "coverage": self.coverage,
            "nucleation_time_s": self.nucleation_time_s,
        }


class FilmModel:
    """Precomputed physical parameters of a :class:`ProcessSpec` (pure functions of t, r)."""

    def __init__(self, spec: ProcessSpec) -> None:
        self.spec = spec
        mat = get_material(spec.material)
        self.material = mat
        t = spec.temperature_k
        self.kt = K_B * t
        self.v_m = mat.molecular_volume_m3
        gamma = spec.surface_energy_j_m2 or mat.surface_energy_j_m2
        self.gamma = gamma * spec.surface_energy_factor
        self.alpha = 2.0 * self.gamma * self.v_m / self.kt
        if spec.solubility_mol_l is not None:
            self.c_e0 = spec.solubility_mol_l * 1e3 * N_A
        else:
            self.c_e0 = float(mat.solubility_per_m3(t))
        self.diff = spec.diffusion_coefficient or float(mat.diffusion_coefficient_m2_s(t))
        self.k_i = spec.interface_rate_constant
        self.g = spec.growth_rate_factor
        self.mode = spec.mode
        self.c0 = spec.concentration_mol_l * 1e3 * N_A
        self.f_het = heterogeneous_factor(spec.contact_angle_deg)
        # barrier W*/kT = b / ln(S)^2
        self.b = self.f_het * 16 * np.pi * self.gamma**3 * self.v_m**2 / (3 * self.kt**3)
        self.delta_zeldovich = math.sqrt(self.kt / (4 * np.pi * self.gamma))
        self.nucleation_on = spec.enabled and spec.prefactor_scale > 0

    # --- drives -------------------------------------------------------------------
    def volume(self, t):
        return np.exp(-self.spec.evaporation_rate * t)

    def solubility(self, t):
        s = self.spec
        a = 1.0
        if s.antisolvent_time_s is not None and t >= s.antisolvent_time_s:
            inv = 1.0 / s.antisolvent_strength
            a = inv + (1.0 - inv) * math.exp(-(t - s.antisolvent_time_s) / s.antisolvent_mix_time_s)
        return self.c_e0 * a / (1.0 + s.ramp_rate * t)

    # --- kinetics -----------------------------------------------------------------
    def growth_rate(self, r, c, c_e):
        """dr/dt in m/s at radius r for solute c and solubility c_e (number/m^3)."""
        with np.errstate(over="ignore", divide="ignore"):
            cr = c_e * np.exp(np.minimum(self.alpha / r, 700.0))
        if self.mode == "diffusion":
            res = r / self.diff
        elif self.mode == "interface":
            res = 1.0 / self.k_i
        else:
            res = r / self.diff + 1.0 / self.k_i
        return self.g * self.v_m * (c - cr) / res

    def x_of_r(self, r):
        """Growth-resistance coordinate x(r) = int res dr, so that dx/dt = g v_m (C - c_r)."""
        if self.mode == "diffusion":
            return r * r / (2.0 * self.diff)
        if self.mode == "interface":
            return r / self.k_i
        return r * r / (2.0 * self.diff) + r / self.k_i

    def r_of_x(self, x):
        """Inverse of :meth:`x_of_r`."""
        x = np.maximum(x, 0.0)
        if self.mode == "diffusion":
            return np.sqrt(2.0 * self.diff * x)
        if self.mode == "interface":
            return self.k_i * x
        b = 1.0 / self.k_i
        return self.diff * (np.sqrt(b * b + 2.0 * x / self.diff) - b)

    def barrier_kt(self, s):
        """Delta G*/kT (with f(theta)); +inf for S <= 1."""
        if s <= 1.0:
            return math.inf
        return self.b / math.log(s) ** 2

    def nucleation(self, c, c_e):
        """(J in m^-3 s^-1, birth radius in m) at concentration c (CNT, Kashchiev form)."""
        s = c / c_e
        if not self.nucleation_on or s <= 1.0:
            return 0.0, math.nan
        ln_s = math.log(s)
        w = self.b / ln_s**2
        r_star = self.alpha / ln_s
        if not (math.isfinite(ln_s) and r_star > 0):  # c_e underflowed: z would be 1/0
            raise SimulationError(
                f"supersaturation c/c_e = {s:.3g} is beyond classical nucleation theory "
                "(critical radius 0); check concentration_mol_l, solubility_mol_l and the "
                "drive (evaporation_rate, antisolvent_strength, ramp_rate)")
        if w > 700.0:
            return 0.0, r_star + self.delta_zeldovich
        z = self.v_m / (2 * np.pi * r_star**2) * math.sqrt(self.gamma / self.kt)
        j0 = self.spec.prefactor_scale * z * 4 * np.pi * self.diff * r_star * c * c
        return j0 * math.exp(-w), r_star + self.delta_zeldovich


def _initial_numbers(spec: ProcessSpec, grid: SizeGrid) -> np.ndarray:
    """Log-normal seed population with the requested number-mean radius and relative std."""
    n = np.zeros(grid.edges_m.size - 1)
    if spec.number_density_per_m3 <= 0:
        return n
    mean = spec.mean_radius_nm * 1e-9
    cv = spec.relative_std
    if cv <= 0:
        k = np.clip(np.searchsorted(grid.edges_m, mean) - 1, 0, n.size - 1)
        n[k] = spec.number_density_per_m3
        return n
    s2 = math.log(1.0 + cv * cv)
    mu = math.log(mean) - 0.5 * s2
    from scipy.special import ndtr

    cdf = ndtr((np.log(grid.edges_m) - mu) / math.sqrt(s2))
    n = np.diff(cdf) * spec.number_density_per_m3
    return n


def simulate(
    spec: ProcessSpec,
    snapshot_times_s: np.ndarray | None = None,
    n_snapshots: int = 60,
    max_steps: int = 10_000,
    initial_numbers: np.ndarray | None = None,
) -> FilmResult:
    """Run the population balance for ``spec`` from t = 0 to ``spec.t_end_s``.

    ``snapshot_times_s``: times at which to store the size distribution (default
    ``n_snapshots`` evenly spaced times); the final state is always stored last.
    ``initial_numbers``: crystals per class (per m^3 of solution) at t = 0, replacing the
    ``[seeds]`` log-normal population; use :meth:`SizeGrid.log` with the spec's numerics
    to build it.

    Parameters
    ----------
    spec : ProcessSpec
        Validated process description (:func:`peled.film.process.load_process`).
    snapshot_times_s : numpy.ndarray, optional
        Times in s (0 <= t <= ``spec.t_end_s``) at which the size distribution is stored.
    n_snapshots : int, optional
        Number of evenly spaced snapshots when ``snapshot_times_s`` is None (>= 1).
    max_steps : int, optional
        Upper bound on accepted plus rejected time steps (>= 1); exceeding it raises.
    initial_numbers : numpy.ndarray, optional
        Crystals per size class per m^3 of solution at t = 0 (length of the size grid).

    Returns
    -------
    FilmResult
        Time series (supersaturation, nucleation rate in m^-3 s^-1, number density in
        m^-3, mean and standard deviation of the radius in m, ...) and the size
        distribution snapshots.

    Raises
    ------
    ParameterError
        If the snapshot times or the initial population do not fit the spec.

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2) (classical nucleation); LaMer & Dinegar, J. Am.
    Chem. Soc. 72, 4847 (1950) (burst nucleation).

    Examples
    --------
    >>> from importlib.resources import files
    >>> from peled.film.process import load_process
    >>> spec = load_process(files("peled") / "data/examples/film/evaporation.toml")
    >>> res = simulate(spec, n_snapshots=5)
    >>> res.snapshots.shape[0], f"{res.number_density_per_m3[-1]:.2e}"
    (5, '5.93e+16')
    """
    model = FilmModel(spec)
    grid = SizeGrid.log(spec.n_classes, spec.r_min_nm * 1e-9, spec.r_max_nm * 1e-9)
    edges = grid.edges_m
    vol = grid.volumes_m3
    centers = grid.centers_m
    v_m = model.v_m
    t_end = spec.t_end_s
    rtol = spec.rtol

    if initial_numbers is None:
        numbers = _initial_numbers(spec, grid)
    else:
        numbers = np.asarray(initial_numbers, dtype=float).copy()
        if (
            numbers.shape != (spec.n_classes,)
            or np.any(~np.isfinite(numbers))
            or np.any(numbers < 0)
        ):
            raise ParameterError(
                f"initial_numbers must be {spec.n_classes} finite values >= 0 (one per size class)"
            )
    chars = _Characteristics(model, edges)
    q = model.c0 * model.volume(0.0)
    t = 0.0
    if snapshot_times_s is None:
        snap_t = np.linspace(0.0, t_end, n_snapshots)[:-1]
    else:
        snap_t = np.sort(np.asarray(snapshot_times_s, dtype=float))
        snap_t = snap_t[snap_t < t_end]
    events = []
    if spec.antisolvent_time_s is not None and 0 < spec.antisolvent_time_s < t_end:
        events.append(spec.antisolvent_time_s)

    keys = ("t", "s", "j", "n", "mean", "std", "q", "vc", "vfrac", "ce", "nuc")
    series: dict[str, list[float]] = {k: [] for k in keys}
    snaps: list[np.ndarray] = []
    snap_times: list[float] = []
    nucleated = 0.0
    q_total = q + float(numbers @ vol) / v_m

    def record(t_now, q_now, nums, j_now):
        ntot = float(nums.sum())
        if ntot > 0:
            mean = float(nums @ centers) / ntot
            var = max(float(nums @ (centers - mean) ** 2) / ntot, 0.0)
        else:
            mean, var = math.nan, math.nan
        v_now = model.volume(t_now)
        ce = model.solubility(t_now)
        series["t"].append(t_now)
        series["s"].append(q_now / v_now / ce)
        series["j"].append(j_now)
        series["n"].append(ntot)
        series["mean"].append(mean)
        series["std"].append(math.sqrt(var))
        series["q"].append(q_now)
        series["vc"].append(float(nums @ vol))
        series["vfrac"].append(v_now)
        series["ce"].append(ce)
        series["nuc"].append(nucleated)

    j_now, _ = model.nucleation(q / model.volume(0.0), model.solubility(0.0))
    record(0.0, q, numbers, j_now)
    snap_i = 0
    while snap_i < snap_t.size and snap_t[snap_i] <= 0.0:
        snaps.append(numbers.copy())
        snap_times.append(0.0)
        snap_i += 1

    dt = min(1e-6 * t_end, 1e-3)
    n_steps = 0
    n_rejected = 0
    s_old = q / model.volume(0.0) / model.solubility(0.0)
    s_star = None
    slope_hint = None

    while t < t_end * (1 - 1e-12):
        if n_steps + n_rejected > max_steps:
            raise SimulationError(
                f"the process needs more than {max_steps} time steps (reached t = {t:.3g} s "
                f"of t_end_s = {t_end:.3g} s): shorten t_end_s, slow the drive "
                "(evaporation_rate, ramp_rate) or loosen numerics.rtol"
            )
        occupied = np.flatnonzero(numbers > 0)
        dt_cap = t_end - t
        for ev in events:
            if t < ev * (1 - 1e-12):
                dt_cap = min(dt_cap, ev - t)
        dt = min(dt, dt_cap)
        dt = max(dt, 1e-15 * max(t_end, 1.0))

        t1 = t + dt
        v1 = model.volume(t1)
        ce1 = model.solubility(t1)
        vc_old = float(numbers @ vol)

        lo, hi = 0, 0
        n_occ = None
        if occupied.size:
            lo, hi = int(occupied[0]), int(occupied[-1]) + 1
            n_occ = numbers[lo:hi]

        balance = _StepBalance(model, chars, vol, lo, hi, n_occ, q, vc_old, v1, ce1, dt)

        c_hi = q_total / v1
        # guess: the previous implicit supersaturation (quasi-steady), else no change
        guess = s_star * ce1 if s_star is not None else q / v1
        guess = min(max(guess, 0.0), c_hi)
        c_star, slope_hint = _solve_balance(
            balance, guess, c_hi, v1, 1e-14 * c_hi + 1e-12 * guess, slope_hint
        )

        # error control
        s_new = c_star / ce1
        s_star = s_new
        j_new, r_nuc = model.nucleation(c_star, ce1)
        dn_nuc = j_new * v1 * dt
        ntot = float(numbers.sum())
        if ntot > 0 or dn_nuc > 0:
            scale = rtol * (abs(math.log(max(s_old, 1e-300))) + 1e-3)
        else:
            scale = max(rtol, 0.02) * (abs(math.log(max(s_old, 1e-300))) + 1.0)
        err = abs(math.log(max(s_new, 1e-300)) - math.log(max(s_old, 1e-300))) / scale
        if dn_nuc > max(1e-12 * q_total, 1e-3 * (ntot + dn_nuc)):
            dw = abs(min(model.barrier_kt(s_new), 1e3) - min(model.barrier_kt(s_old), 1e3))
            err = max(err, dw / 1.0)
            # nuclei born during the step spread along their characteristic: keep that
            # spread within SPREAD_CLASSES classes (first-order error of the birth times)
            _, w_nuc = _nuclei_spread(edges, chars, s_new, balance.tau, r_nuc, dn_nuc)
            err = max(err, w_nuc.size / SPREAD_CLASSES)
        if err > 1.0 and dt > 1e-14 * max(t_end, 1.0):
            n_rejected += 1
            dt *= max(0.1, 0.7 / err)
            continue

        # accept: remap moved cells onto the fixed grid (flux form)
        if n_occ is not None:
            r1 = balance.faces(c_star)
            cum = np.concatenate(([0.0], np.cumsum(n_occ)))
            keep = np.concatenate((r1[1:] > r1[:-1], [True]))
            x, y = r1[keep], cum[keep]
            hi_r = x[-1]
            k_lo = max(int(np.searchsorted(edges, x[0], side="right")) - 1, 0)
            k_hi = int(np.searchsorted(edges, hi_r, side="left"))
            if k_hi >= edges.size:
                over = y[-1] - float(_pchip_cumulative(x, y, edges[-1:])[0])
                if over * _mean_volume(edges[-2], edges[-1]) > 1e-6 * max(vc_old, 1e-300):
                    raise SimulationError(
                        f"crystals grew beyond numerics.r_max_nm = {spec.r_max_nm:g}; "
                        "increase r_max_nm"
                    )
                k_hi = edges.size - 1
            fe = edges[k_lo : k_hi + 1]
            m = _pchip_cumulative(x, y, fe)
            new = np.zeros_like(numbers)
            new[k_lo:k_hi] = np.diff(m)
            if k_hi == edges.size - 1:
                new[-1] += y[-1] - m[-1]  # negligible overflow kept in the last class
            new = np.maximum(new, 0.0)
            # the monotone remap conserves number but not crystal volume (O(h^3) per step);
            # restore the Lagrangian volume with the minimal number-preserving tilt
            # N_k -> N_k (1 + lam (v_k - <v>)), so solute and crystals exchange mass only
            # through growth, never through interpolation error
            numbers = _volume_tilt(new, vol, balance.crystal_volume(r1))
        if dn_nuc > 0:
            _add_nuclei(numbers, edges, chars, c_star / ce1, balance.tau, r_nuc, dn_nuc)
            nucleated += dn_nuc
        # purge physically negligible classes (< 1e-6 crystals per m^3); their solute is
        # returned through the mass balance below
        numbers[numbers < _N_FLOOR] = 0.0
        vc_new = float(numbers @ vol)
        q = q - (vc_new - vc_old) / v_m
        t = t1
        s_old = q / v1 / ce1
        n_steps += 1
        record(t, q, numbers, model.nucleation(q / v1, ce1)[0])
        while snap_i < snap_t.size and snap_t[snap_i] <= t:
            snaps.append(numbers.copy())
            snap_times.append(t)
            snap_i += 1
        grow = 0.9 / math.sqrt(max(err, 1e-4))
        dt = dt * min(2.0, max(0.3, grow))

    snaps.append(numbers.copy())
    snap_times.append(t)
    arr = {k: np.asarray(v) for k, v in series.items()}
    return FilmResult(
        spec=spec,
        grid=grid,
        time_s=arr["t"],
        supersaturation=arr["s"],
        nucleation_rate_per_m3_s=arr["j"],
        number_density_per_m3=arr["n"],
        mean_radius_m=arr["mean"],
        std_radius_m=arr["std"],
        solute_per_m3=arr["q"],
        crystal_volume=arr["vc"],
        solution_volume_fraction=arr["vfrac"],
        solubility_per_m3=arr["ce"],
        nucleated_per_m3=arr["nuc"],
        snapshot_time_s=np.asarray(snap_times),
        snapshots=np.asarray(snaps),
        molecular_volume_m3=v_m,
        n_steps=n_steps,
        n_rejected=n_rejected,
    )
