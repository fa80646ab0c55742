"""Transient drift-diffusion with mobile ions: implicit, adaptive time stepping.

Equations (scaled as in :mod:`peled.device.driftdiffusion.model`; a = anion, c = cation
densities, s = -1/+1 their charge sign)::

    dn/dt + dGamma_n/dx = -R,      dp/dt + dGamma_p/dx = -R                        (1)
    da/dt + dGamma_a/dx = 0,       dc/dt + dGamma_c/dx = 0                         (2)
    d/dx(eps dpsi/dx) = -K (p - n + N_D - N_A + rho_trap + (c - c_0) - (a - a_0))  (3)

with the Scharfetter-Gummel ion flux (Scharfetter & Gummel, IEEE Trans. Electron
Devices 16, 64 (1969), eqn 6, for a species of charge s q in the potential alone)::

    Gamma_{i+1/2} = (D/h) [B(s dpsi) a_i - B(-s dpsi) a_{i+1}],  dpsi = psi_{i+1} - psi_i

and zero ion flux at the contacts and across layer boundaries closed to the species
(open ones, ``ions_confined = false``, carry the flux with the link mobility of
:mod:`peled.device.driftdiffusion.model`); the static background a_0, c_0 of the home
layer compensates the mean ion density, as in Courtier et al., Energy Environ. Sci.
12, 396 (2019).  Trap occupation follows the
carrier densities instantaneously (steady-state SRH occupation).

Time discretisation: variable-step BDF2 (second-order backward differentiation) on the
box-method equations, applied to the stored quantities -- electron, hole and ion
densities and the field dpsi/dx (displacement current in the circuit row and the
terminal current) -- with alpha = ((1 + 2w)/(1 + w), -(1 + w), w^2/(1 + w)) for the step
ratio w = h_k / h_{k-1} (Hairer & Wanner, "Solving Ordinary Differential Equations II",
2nd ed., Springer 1996, sec. III.5), solved by Newton's method on the fully coupled
sparse Jacobian (electrons, holes, potential and ion densities, the ions as logarithms
so that they stay positive).  The first two steps after the start and after every kink
or jump of V(t) are backward Euler (BDF1); a BDF2 step whose Newton iteration fails is
retried with BDF1, and BDF1 is used where its error estimate is as small as BDF2's
(near a steady state; order selection as in Brenan, Campbell & Petzold, "Numerical
Solution of Initial-Value Problems in Differential-Algebraic Equations", SIAM 1996,
ch. 5).  The local error is estimated with Milne's device, the difference between the
implicit solution and the polynomial extrapolation of the previous points (quadratic
for BDF2, linear for BDF1) scaled by the error constants of corrector and predictor
(Hairer & Wanner 1996, sec. V.1), in the potential, quasi-Fermi levels and ion
log-densities (absolute, kT/q units) and in the terminal current (relative); the step
changes by 0.9 (tol/err)^(1/(p+1)), at most by a factor 2 (variable-step BDF2 is
zero-stable for ratios below 1 + sqrt(2)).  Voltage breakpoints (steps, sweep ends,
square-wave edges) are hit exactly; the step that ends at a breakpoint sees V from the
left, the jump is applied by the next step.  The terminal current includes the
displacement current, J = q (Gamma_p - Gamma_n) - eps d/dt(dpsi/dx), evaluated on the
first link.

BDF1 and BDF2 conserve the number of ions exactly (the alpha sum to zero; zero-flux
boundaries, telescoping fluxes), and the total current is the same on every link when
the trapped charge does not change (neutral traps).

External circuit: with a series resistance R_s the source voltage V(t) reaches the
device through R_s, and a shunt R_sh lies across the device terminals; the voltage
across the stack, V_int, is then one more unknown of every implicit step, with the
circuit row (Sze & Ng, "Physics of Semiconductor Devices", 3rd ed., Wiley 2007, ch. 13,
the diode equivalent circuit)::

    V(t) = V_int + R_s (J_dev + V_int / R_sh)                                      (4)

J_dev the device current including the displacement current (the bordering row and
column of the steady solver's Newton system, Selberherr 1984, ch. 7, plus the
displacement term).  The terminal (source) current is J_dev + V_int / R_sh.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from peled.device.driftdiffusion.model import N0_PER_M3, DeviceModel
from peled.device.driftdiffusion.steady import (
    NewtonFailure,
    _assemble,
    _bernoulli_pair,
    _damp,
    _densities,
    _update_norm,
    equilibrium,
    solve_steady_state,
)
from peled.errors import ParameterError, PeledError

__all__ = ["TransientResult", "VoltageProtocol", "solve_transient"]

#: relative local error of the terminal current per step, per unit of ``tol``: at the
#: default tol = 0.05 a relative error of 2.5e-4 per step, which keeps the current of an
#: RC decay within ~1 % over five time constants (global error ~ 3 rtol^(2/3) for
#: BDF2 with error constant 2/9; the test against the analytic RC step response)
J_RTOL_PER_TOL = 5e-3
#: absolute floor of the current tolerance (A/m^2): 1e-5 A/m^2 = 1 nA/cm^2, the order of
#: the noise floor of a J-V measurement of a ~0.1 cm^2 pixel with a source-measure unit
J_ABS_FLOOR_A_M2 = 1e-5
#: floor of the current tolerance relative to the largest abs(J) of the run so far (a decay
#: is followed relatively down to this fraction of its peak)
J_FLOOR_OF_MAX = 1e-3
#: largest ratio of consecutive steps (BDF2 zero-stable below 1 + sqrt(2))
MAX_STEP_RATIO = 2.0


@dataclass(frozen=True)
class VoltageProtocol:
    """Piecewise-linear applied voltage V(t) through the points ``(time_s, voltage_v)``.

    A step is two points at the same time (the later one applies from that instant).
    Breakpoints (every point) are hit exactly by the time stepper.

    Parameters
    ----------
    time_s : numpy.ndarray
        Non-decreasing times (s), starting at 0.
    voltage_v : numpy.ndarray
        Applied voltage at each time (V).

    Examples
    --------
    >>> p = VoltageProtocol.from_segments(0.0, [("step", 2.0, 1e-3), ("ramp", 0.0, 1e-3)])
    >>> p.time_s.tolist(), p.voltage_v.tolist()
    ([0.0, 0.0, 0.001, 0.002], [0.0, 2.0, 2.0, 0.0])
    >>> float(p(0.0015))
    1.0
    """

    time_s: np.ndarray
    voltage_v: np.ndarray

    def __call__(self, t):
        """Voltage at time ``t`` (the later value at a step)."""
        t = np.asarray(t, dtype=float)
        idx = np.searchsorted(self.time_s, t, side="right") - 1
        idx = np.clip(idx, 0, self.time_s.size - 1)
        nxt = np.clip(idx + 1, 0, self.time_s.size - 1)
        t0, t1 = self.time_s[idx], self.time_s[nxt]
        v0, v1 = self.voltage_v[idx], self.voltage_v[nxt]
        frac = np.where(t1 > t0, (t - t0) / np.where(t1 > t0, t1 - t0, 1.0), 0.0)
        return v0 + np.clip(frac, 0.0, 1.0) * (v1 - v0)

    @property
    def duration_s(self) -> float:
        """End time of the protocol (s)."""
        return float(self.time_s[-1])

    @classmethod
    def from_segments(cls, start_v: float, segments) -> VoltageProtocol:
        """Build from ``("step", V, hold_s)``, ``("ramp", V_end, duration_s)`` and
        ``("square", V_low, V_high, frequency_hz, cycles)`` segments.

        Parameters
        ----------
        start_v : float
            Voltage at t = 0 (V).
        segments : sequence of tuple
            Segments in order (see above; a square wave starts with its high half).

        Returns
        -------
        VoltageProtocol
            The protocol through the segments' corner points.

        Raises
        ------
        peled.errors.PeledError
            An unknown segment kind.
        """
        t, v = [0.0], [float(start_v)]
        for seg in segments:
            kind = seg[0]
            if kind == "step":
                _, volt, hold = seg
                t += [t[-1], t[-1] + hold]
                v += [volt, volt]
            elif kind == "ramp":
                _, volt, dur = seg
                t.append(t[-1] + dur)
                v.append(volt)
            elif kind == "square":
                _, low, high, freq, cycles = seg
                half = 0.5 / freq
                for _ in range(int(cycles)):
                    t += [t[-1], t[-1] + half, t[-1] + half, t[-1] + 2 * half]
                    v += [high, high, low, low]
            else:
                raise PeledError(f"unknown protocol segment {kind!r}")
        return cls(np.array(t), np.array(v))

    @classmethod
    def from_sweep(cls, start_v: float, stop_v: float, scan_rate_v_s: float,
                   direction: str = "forward") -> VoltageProtocol:
        """A voltage sweep at a constant scan rate (the ``[sweep]`` table of a stack).

        Parameters
        ----------
        start_v, stop_v : float
            End points of the sweep (V).
        scan_rate_v_s : float
            Scan rate (V/s, > 0).
        direction : str
            ``forward`` (start_v to stop_v), ``reverse`` (stop_v to start_v) or ``both``
            (start_v to stop_v and back).

        Returns
        -------
        VoltageProtocol
            The ramp(s); each lasts ``|stop_v - start_v| / scan_rate_v_s``.

        Raises
        ------
        peled.errors.ParameterError
            A scan rate that is not finite and > 0, equal end points or an unknown
            direction.

        Examples
        --------
        >>> p = VoltageProtocol.from_sweep(0.0, 3.0, 10.0, "both")
        >>> p.time_s.tolist(), p.voltage_v.tolist()
        ([0.0, 0.3, 0.6], [0.0, 3.0, 0.0])
        """
        if not (np.isfinite(scan_rate_v_s) and scan_rate_v_s > 0):
            raise ParameterError(f"[sweep] scan_rate_v_s must be finite and > 0, got "
                                 f"{scan_rate_v_s!r}")
        if not (np.isfinite(start_v) and np.isfinite(stop_v)) or start_v == stop_v:
            raise ParameterError(f"[sweep] start_v and stop_v must be finite and differ, got "
                                 f"{start_v!r} and {stop_v!r}")
        dur = abs(stop_v - start_v) / scan_rate_v_s
        if direction == "forward":
            return cls.from_segments(start_v, [("ramp", stop_v, dur)])
        if direction == "reverse":
            return cls.from_segments(stop_v, [("ramp", start_v, dur)])
        if direction == "both":
            return cls.from_segments(start_v, [("ramp", stop_v, dur), ("ramp", start_v, dur)])
        raise ParameterError(f"[sweep] direction must be forward, reverse or both, got "
                             f"{direction!r}")


@dataclass(frozen=True)
class TransientResult:
    """Time series of a transient simulation (SI units).

    ``anion_per_m3``/``cation_per_m3``/``potential_v`` have one row per stored profile
    time ``profile_time_s`` (``x_m`` the grid);
    ``ions_total_per_m2`` is the number of ions of each species per area at every time
    (constant: conservation); ``current_density_right_a_m2`` is the total current on the
    last link (equal to the first for neutral traps: charge conservation).  Both include
    the shunt current V_int / R_sh, so that with a series resistance
    ``voltage_v = internal_voltage_v + R_s current_density_a_m2`` (eqn (4)).

    Attributes
    ----------
    time_s, voltage_v : numpy.ndarray, shape (T,)
        Accepted time steps (s) and the applied voltage (V).
    current_density_a_m2, current_density_right_a_m2 : numpy.ndarray, shape (T,)
        Terminal current density: total (conduction plus displacement) current on the
        first and the last link plus the shunt current (A/m^2).
    j_radiative_a_m2 : numpy.ndarray, shape (T,)
        Radiative recombination current (A/m^2).
    internal_voltage_v : numpy.ndarray, shape (T,)
        Voltage across the stack, V_int = V - R_s J (V; equal to ``voltage_v`` without
        series resistance).
    x_m : numpy.ndarray, shape (N,)
        Node positions (m).
    anion_per_m3, cation_per_m3, potential_v : numpy.ndarray, shape (P, N)
        Ion densities (m^-3) and potential (V) at the profile times.
    ions_total_per_m2 : numpy.ndarray, shape (T, 2)
        Ions of each species per area (m^-2).
    profile_time_s : numpy.ndarray, shape (P,)
        Times of the stored profiles (s).
    steps, rejected_steps : int
        Accepted and rejected time steps of the adaptive stepper (a BDF2 attempt whose
        Newton iteration fails and is retried with BDF1 counts as rejected).

    Examples
    --------
    A 0.5 V step on a 100 nm layer with mobile anions (20 nodes; profiles stored at the
    start and the end only):

    >>> from peled.device.driftdiffusion.model import build_model
    >>> from peled.device.stack import stack_from_mapping
    >>> st = stack_from_mapping({"layer": [{"name": "P", "thickness_nm": 100, "eps_r": 10,
    ...     "electron_affinity_ev": 3.5, "ionisation_energy_ev": 5.5, "nc_per_m3": 1e25,
    ...     "nv_per_m3": 1e25, "mu_n_m2_vs": 1e-4, "mu_p_m2_vs": 1e-4,
    ...     "anion_per_m3": 1e23, "mu_anion_m2_vs": 1e-10}],
    ...     "contacts": {"left_work_function_ev": 5.0, "right_work_function_ev": 4.0},
    ...     "grid": {"points": 20}})
    >>> res = solve_transient(build_model(st),
    ...                       VoltageProtocol.from_segments(0.0, [("step", 0.5, 1e-3)]),
    ...                       tol=0.2, store_every=10**6)
    >>> float(res.time_s[-1]), float(res.voltage_v[-1]), res.anion_per_m3.shape
    (0.001, 0.5, (2, 20))
    >>> bool(np.isclose(res.current_density_a_m2[-1], res.current_density_right_a_m2[-1]))
    True
    """

    time_s: np.ndarray
    voltage_v: np.ndarray
    current_density_a_m2: np.ndarray
    current_density_right_a_m2: np.ndarray
    j_radiative_a_m2: np.ndarray
    internal_voltage_v: np.ndarray
    x_m: np.ndarray = field(repr=False)
    anion_per_m3: np.ndarray = field(repr=False)
    cation_per_m3: np.ndarray = field(repr=False)
    potential_v: np.ndarray = field(repr=False)
    ions_total_per_m2: np.ndarray = field(repr=False)
    profile_time_s: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    steps: int = 0
    rejected_steps: int = 0


def _ion_nodes(m: DeviceModel):
    """Per species: interior nodes holding that species (contact nodes excluded)."""
    return [np.flatnonzero(m.ion_region[s] >= 0) for s in range(2)]


def _ion_fluxes(m: DeviceModel, psi, dens, s: int):
    """Scharfetter-Gummel ion flux on every link and its derivatives."""
    q = m.ion_charge[s]
    d = q * np.diff(psi)
    b, bm, db, dbm = _bernoulli_pair(d)
    c = m.ion_d_link[s] / m.h
    a0, a1 = dens[:-1], dens[1:]
    flux = c * (b * a0 - bm * a1)
    dflux_dd = c * (db * a0 + dbm * a1)
    return flux, c * b, -c * bm, dflux_dd, q


def _electrical(sys_, z):
    """The state vector of the steady-state assembly: (psi, phi_n, phi_p) per node, plus
    the internal voltage when the model has an external circuit."""
    nn = sys_.nn
    return np.append(z[:3 * nn], z[-1]) if sys_.circuit else z[:3 * nn]


def _circuit_row(sys_, f, rows, cols, vals, f_steady, border, z, hist):
    """Residual and Jacobian of the external-circuit row of one implicit (BDF) step.

    The source V(t) drives the device through the series resistance R_s, with the
    shunt R_sh across the device terminals (the equivalent circuit of a diode with
    parasitic resistances, Sze & Ng, *Physics of Semiconductor Devices*, 3rd ed., Wiley
    (2007), ch. 13, here with the device's own capacitance inside)::

        V_int - V + R_s (J_c + J_d + V_int / R_sh) = 0                             (4)

    with J_c the conduction current and J_d = -eps d/dt(dpsi/dx) the displacement
    current on the first link, d/dt from the BDF formula of ``hist`` (:class:`_History`)
    applied to the field, as in the carrier equations.  The steady-state part
    (``f_steady``, ``border``: the bordering row and column of the steady solver's
    Jacobian, solved fully coupled with the device equations as in Selberherr, *Analysis
    and Simulation of Semiconductor Devices*, Springer (1984), ch. 7) is reused and the
    displacement term is added.
    """
    m, iv = sys_.m, sys_.size - 1
    kd = m.rs * m.eps_link[0] / m.poisson_k
    c0 = kd * hist.c0 / m.h[0]
    f[iv] = f_steady - kd * (hist.c0 * (z[3] - z[0]) / m.h[0] + hist.efield[0])
    bcols, bvals, corner, colv = border
    rows += [bcols * 0 + iv, np.array([iv, iv, iv]), np.array([0, 1, 2])]
    cols += [bcols, np.array([iv, 0, 3]), np.array([iv, iv, iv])]
    vals += [bvals, np.array([corner, c0, -c0]), colv]


@dataclass(frozen=True)
class _Stored:
    """The stored quantities of one state (scaled): electron and hole densities, ion
    densities (zero outside their layers) and the field dpsi/dx on every link -- the
    quantities whose time derivatives appear in eqns (1)-(4)."""

    n: np.ndarray
    p: np.ndarray
    ions: tuple
    efield: np.ndarray


@dataclass(frozen=True)
class _History:
    """The known part of the BDF time derivative of one implicit step.

    d/dt X(t_new) ~ c0 X(t_new) + (the field named X), for every stored quantity X of
    :class:`_Stored`; c0 = alpha_0 / h and the known part (alpha_1 X_{k-1} +
    alpha_2 X_{k-2}) / h.  BDF1 (backward Euler): alpha = (1, -1, 0); variable-step BDF2
    with step ratio w = h_k / h_{k-1}: alpha = ((1 + 2w)/(1 + w), -(1 + w), w^2/(1 + w))
    (Hairer & Wanner, *Solving Ordinary Differential Equations II*, 2nd ed., Springer
    (1996), sec. III.5, eqn (5.14) with k = 2).  The alpha sum to zero, so that with
    zero-flux boundaries the number of ions is conserved exactly.
    """

    c0: float
    n: np.ndarray
    p: np.ndarray
    ions: tuple
    efield: np.ndarray

    @classmethod
    def bdf(cls, prev, h: float, h_prev: float | None = None) -> _History:
        """BDF1 from ``prev = [X_{k-1}]`` or BDF2 from ``[X_{k-1}, X_{k-2}]`` (``h_prev``
        the step between them); ``h`` the new step (scaled time)."""
        if len(prev) == 1 or h_prev is None:
            a0, coef = 1.0, (-1.0,)
        else:
            w = h / h_prev
            a0, coef = (1 + 2 * w) / (1 + w), (-(1 + w), w * w / (1 + w))

        def known(get):
            return sum(c * get(x) for c, x in zip(coef, prev, strict=False)) / h

        return cls(a0 / h, known(lambda x: x.n), known(lambda x: x.p),
                   tuple(known(lambda x, s=s: x.ions[s]) for s in range(2)),
                   known(lambda x: x.efield))


def _error_constants(tt) -> tuple[float, float]:
    """Leading local-error coefficients (of y^(p+1)) of the BDF corrector and of the
    polynomial extrapolation predictor for the new time ``tt[0]`` from ``tt[1:]``.

    Order p = len(tt) - 2 (BDF1 with a linear predictor through 2 points, BDF2 with a
    quadratic one through 3).  y(t) - y_pred = c_p y^(p+1), y(t) - y_corr = c_c y^(p+1),
    so that Milne's device estimates the local error of the corrector as
    c_c / (c_p - c_c) (y_corr - y_pred) (Hairer & Wanner, *Solving Ordinary
    Differential Equations II*, 2nd ed., Springer (1996), sec. V.1 / III.5; the constant
    step BDF2 values are c_c = -2/9 h^3, c_p = h^3)."""
    t_new = tt[0]
    s = t_new - np.asarray(tt[1:])               # distances back to the old points
    order = len(tt) - 2
    fact = 2.0 if order == 1 else 6.0
    c_p = float(np.prod(s[:order + 1])) / fact
    h = s[0]
    if order == 1:
        return -h * h / 2.0, c_p
    w = h / (s[1] - h)
    a0, a1, a2 = (1 + 2 * w) / (1 + w), -(1 + w), w * w / (1 + w)
    return -(a1 * h ** 3 + a2 * s[1] ** 3) / (6.0 * a0), c_p


def _extrapolate(tt, yy, t_new):
    """Lagrange polynomial through the points (tt, yy) evaluated at ``t_new``."""
    out = 0.0
    for i, (ti, yi) in enumerate(zip(tt, yy, strict=True)):
        li = 1.0
        for j, tj in enumerate(tt):
            if j != i:
                li *= (t_new - tj) / (ti - tj)
        out = out + li * yi
    return out


class _System:
    """Residual and Jacobian of one backward-Euler step."""

    def __init__(self, m: DeviceModel):
        self.m = m
        self.nn = m.n_nodes
        self.ion_nodes = _ion_nodes(m)
        self.offsets = [3 * self.nn, 3 * self.nn + self.ion_nodes[0].size]
        self.size = 3 * self.nn + sum(idx.size for idx in self.ion_nodes)
        # external circuit: the internal voltage V_int is the last unknown (see _circuit_row)
        self.circuit = bool(m.rs > 0)
        if self.circuit:
            self.size += 1

    def ions(self, z):
        """Full-length ion density arrays (scaled) from the state vector."""
        out = []
        for s in range(2):
            a = np.zeros(self.nn)
            idx = self.ion_nodes[s]
            a[idx] = np.exp(z[self.offsets[s]:self.offsets[s] + idx.size])
            out.append(a)
        return out

    def stored(self, z) -> _Stored:
        """The stored quantities (:class:`_Stored`) of the state ``z``."""
        nn = self.nn
        psi = z[0:3 * nn:3]
        n, p = _densities(self.m, psi, z[1:3 * nn:3], z[2:3 * nn:3])
        return _Stored(n, p, tuple(self.ions(z)), np.diff(psi) / self.m.h)

    def residual_jacobian(self, z, hist: _History, v_hat):
        """Residual and sparse Jacobian of one implicit step with the BDF history
        ``hist`` (:class:`_History`) at the scaled voltage ``v_hat``."""
        m, nn = self.m, self.nn
        ze = _electrical(self, z)
        f_e, (rows, cols, vals), border, parts = _assemble(m, ze, v_hat, self.circuit)
        f = np.zeros(self.size)
        f[:3 * nn] = f_e[:3 * nn]
        rows, cols, vals = [rows], [cols], [vals]
        if self.circuit:
            _circuit_row(self, f, rows, cols, vals, f_e[-1], border, z, hist)
        i = np.arange(1, nn - 1)
        w = m.w[i]
        n, p, psi = parts["n"], parts["p"], parts["psi"]
        c0 = hist.c0
        # electron and hole storage terms: w dn/dt, d/dt from the BDF formula
        f[3 * i + 1] += w * (c0 * n[i] + hist.n[i])
        f[3 * i + 2] += w * (c0 * p[i] + hist.p[i])
        for r, c, v in ((3 * i + 1, 3 * i, w * n[i] * c0), (3 * i + 1, 3 * i + 1, w * n[i] * c0),
                        (3 * i + 2, 3 * i, -w * p[i] * c0),
                        (3 * i + 2, 3 * i + 2, -w * p[i] * c0)):
            rows.append(r)
            cols.append(c)
            vals.append(v)
        ions_new = self.ions(z)
        kp = m.poisson_k
        for s in range(2):
            idx = self.ion_nodes[s]
            if idx.size == 0:
                continue
            off = self.offsets[s]
            a, a_known = ions_new[s], hist.ions[s]
            q = m.ion_charge[s]
            # Poisson: + K w q (a - a_0)
            f[3 * idx] += kp * m.w[idx] * q * (a[idx] - m.ion_mean[s, idx])
            col = off + np.arange(idx.size)
            rows.append(3 * idx)
            cols.append(col)
            vals.append(kp * m.w[idx] * q * a[idx])
            flux, d_a0, d_a1, dflux_dd, q = _ion_fluxes(m, psi, a, s)
            row = col
            f[off:off + idx.size] = (m.w[idx] * (c0 * a[idx] + a_known[idx])
                                     + flux[idx] - flux[idx - 1])
            pos = np.full(nn, -1)
            pos[idx] = col
            # storage
            rows.append(row)
            cols.append(col)
            vals.append(m.w[idx] * a[idx] * c0)
            # right link (idx, idx+1): + flux[idx]
            right_ok = pos[idx + 1] >= 0
            rows += [row, row[right_ok], row, row]
            cols += [col, pos[idx + 1][right_ok], 3 * (idx + 1), 3 * idx]
            vals += [d_a0[idx] * a[idx], d_a1[idx][right_ok] * a[idx + 1][right_ok],
                     q * dflux_dd[idx], -q * dflux_dd[idx]]
            # left link (idx-1, idx): - flux[idx-1]
            left_ok = pos[idx - 1] >= 0
            rows += [row[left_ok], row, row, row]
            cols += [pos[idx - 1][left_ok], col, 3 * idx, 3 * (idx - 1)]
            vals += [-d_a0[idx - 1][left_ok] * a[idx - 1][left_ok], -d_a1[idx - 1] * a[idx],
                     -q * dflux_dd[idx - 1], q * dflux_dd[idx - 1]]
        jac = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                            shape=(self.size, self.size))
        return f, jac, parts

    def newton(self, z_guess, hist, v_hat, **kw):
        """Damped Newton iteration of one implicit step (floating-point warnings of
        diverging trial iterates are silenced; divergence raises NewtonFailure)."""
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", spla.MatrixRankWarning)
            return self._newton(z_guess, hist, v_hat, **kw)

    def _newton(self, z_guess, hist, v_hat, *, tol=1e-7, max_iter=25, max_step=4.0):
        z = z_guess.copy()
        nn = self.nn
        for it in range(1, max_iter + 1):
            f, jac, _ = self.residual_jacobian(z, hist, v_hat)
            scale = np.asarray(abs(jac).sum(axis=1)).ravel()
            scale[scale == 0] = 1.0
            dsc = sp.diags(1.0 / scale)
            try:
                dz = spla.spsolve((dsc @ jac).tocsc(), -f / scale)
            except RuntimeError:
                raise NewtonFailure(v_hat * self.m.vt_v, "singular Jacobian") from None
            if not np.all(np.isfinite(dz)):
                raise NewtonFailure(v_hat * self.m.vt_v, "non-finite Newton update")
            big = float(np.max(np.abs(dz)))
            step = np.clip(dz, -max_step, max_step)
            step[:3 * nn] = _damp(dz[:3 * nn], max_step)
            if self.circuit:     # V_int damped as a potential (as in the steady solver)
                step[-1] = _damp(np.array([dz[-1], 0.0, 0.0]), max_step)[0]
            z = z + step
            err = max(_update_norm(self.m, dz[:3 * nn], z[:3 * nn]),
                      float(np.max(np.abs(dz[3 * nn:]), initial=0.0)))
            if big <= max_step and err < tol:
                return z, it
        raise NewtonFailure(v_hat * self.m.vt_v, f"{max_iter} Newton iterations")


def _currents(m: DeviceModel, sys_: _System, z, hist: _History, v_hat=0.0):
    """Terminal current (scaled) on the first and the last link (device current plus
    the shunt current V_int / R_sh), radiative current and the internal voltage; the
    displacement current -eps d/dt(dpsi/dx) from the BDF formula of ``hist``."""
    nn = m.n_nodes
    _, _, _, parts = _assemble(m, z[:3 * nn], 0.0, False)
    lk = parts["links"]
    efield = np.diff(parts["psi"]) / m.h
    disp = -(m.eps_link / m.poisson_k) * (hist.c0 * efield + hist.efield)
    v_int = float(z[-1]) if sys_.circuit else v_hat
    jtot = lk["gp"] - lk["gn"] + disp + v_int / m.rsh
    i = slice(1, nn - 1)
    return jtot[0], jtot[-1], float(np.sum(m.w[i] * parts["r_rad"][i])), v_int


def _circuit_guess(sys_: _System, z, v_hat: float, dt: float):
    """Initial guess of a step across a kink of V(t) with an external circuit: the
    internal voltage moves by the linear response of the geometric capacitance C behind
    R_s (conduction current frozen), dV_int = -r / (1 + R_s C / dt + R_s / R_sh), r the
    residual of the circuit row (4) at the old state; returns that change (scaled)."""
    m = sys_.m
    r0 = _assemble(m, _electrical(sys_, z), v_hat, True)[0][-1]
    return -r0 / (1.0 + _rc_time(m) / dt + m.rs / m.rsh)


def _rc_time(m: DeviceModel) -> float:
    """R_s C_geo (scaled time; 0 without series resistance), C_geo = 1 / (K sum h/eps)
    the geometric capacitance of the stack (series plates of the links)."""
    return float(m.rs / (m.poisson_k * np.sum(m.h / m.eps_link))) if m.rs > 0 else 0.0


def solve_transient(m: DeviceModel, protocol: VoltageProtocol, *, z0=None,
                    dt0_s: float | None = None, tol: float = 0.05, max_steps: int = 20000,
                    progress=None, store_every: int = 1) -> TransientResult:
    """Integrate the coupled electron-hole-ion system through a voltage protocol.

    Parameters
    ----------
    m : DeviceModel
        From ``build_model(stack)``; its series and shunt resistance
        (``m.rs``, ``m.rsh``) make the circuit row (4) of the module docstring.
    protocol : VoltageProtocol
        Applied voltage V(t) (V, s).
    z0 : ndarray, optional
        Initial state (default: equilibrium at 0 V with uniform ions, relaxed at
        ``protocol(0)`` for a long time, i.e. ions in their steady state); with a series
        resistance its last entry is the internal voltage (units of kT/q).
    dt0_s : float, optional
        First step (default 1e-6 of the protocol duration).
    tol : float
        Local-error tolerance per step: in units of kT/q for the potential and the
        quasi-Fermi levels, of ln(density) for the ions, and ``tol * 5e-3`` relative error
        of the terminal current (floor: 1e-3 of the largest current so far, at least
        1e-5 A/m^2).  The default 0.05 keeps an RC step response within ~2 % over five
        time constants; 1e-3 within ~0.2 %.
    max_steps : int
        Maximum accepted + rejected steps.
    progress : callable, optional
        ``progress(done_fraction_permille, 1000)``.
    store_every : int
        Store ion and potential profiles every this many accepted steps (and at the end).

    Returns
    -------
    TransientResult
        Currents at every accepted step and the ion and potential profiles.

    Raises
    ------
    PeledError
        A step that cannot be completed (message names the time and voltage).

    References
    ----------
    Scharfetter & Gummel, IEEE Trans. Electron Devices 16, 64 (1969), eqn 6 (carrier
    and ion fluxes); Courtier, Cave, Foster, Walker & Richardson, Energy Environ. Sci.
    12, 396 (2019) (coupled electron-hole-ion model of a perovskite device); Hairer &
    Wanner, *Solving Ordinary Differential Equations II*, 2nd ed., Springer (1996),
    secs. III.5 (variable-step BDF2) and V.1 (local error estimate); Brenan, Campbell &
    Petzold, *Numerical Solution of Initial-Value Problems in Differential-Algebraic
    Equations*, SIAM (1996), ch. 5 (order selection); Sze & Ng, *Physics of
    Semiconductor Devices*, 3rd ed., Wiley (2007), ch. 13 (series/shunt-resistance
    equivalent circuit).

    Examples
    --------
    >>> from peled.device.driftdiffusion.model import build_model
    >>> from peled.device.stack import stack_from_mapping
    >>> st = stack_from_mapping({"layer": [{"name": "P", "thickness_nm": 100, "eps_r": 10,
    ...     "electron_affinity_ev": 3.5, "ionisation_energy_ev": 5.5, "nc_per_m3": 1e25,
    ...     "nv_per_m3": 1e25, "mu_n_m2_vs": 1e-4, "mu_p_m2_vs": 1e-4,
    ...     "anion_per_m3": 1e23, "mu_anion_m2_vs": 1e-10}],
    ...     "contacts": {"left_work_function_ev": 5.0, "right_work_function_ev": 4.0},
    ...     "grid": {"points": 40}})
    >>> m = build_model(st)
    >>> res = solve_transient(m, VoltageProtocol.from_segments(0.0, [("step", 0.5, 1e-3)]))
    >>> bool(np.ptp(res.ions_total_per_m2[:, 0]) < 1e-9 * res.ions_total_per_m2[0, 0])
    True
    """
    sys_ = _System(m)
    t0 = m.time_scale_s
    vt = m.vt_v
    nn = m.n_nodes
    if z0 is None:
        z = _relaxed_state(m, sys_, float(protocol.voltage_v[0]))
    else:
        z = np.asarray(z0, dtype=float).copy()
        if z.size != sys_.size:
            raise PeledError(f"{m.stack.source}: initial state z0 has {z.size} entries, the "
                             f"model needs {sys_.size} (with a series resistance the last "
                             "is the internal voltage)")
    t_end = protocol.duration_s / t0
    breaks = np.unique(protocol.time_s / t0)
    dt = (dt0_s / t0) if dt0_s else max(t_end * 1e-6, 1e-12)
    # smallest step: relative to the protocol, but never above 1e-6 of the device's own
    # time unit (a step of V needs sub-t0 steps however long the hold after it)
    dt_min = max(min(t_end * 1e-14, 1e-6), 1e-300)
    t = 0.0
    # the accepted points since the last kink of V(t), newest first (at most 3): time,
    # state, stored quantities, terminal current (None at the restart point)
    pts = [(t, z, sys_.stored(z), None)]
    rtol_j = tol * J_RTOL_PER_TOL
    j_abs = J_ABS_FLOOR_A_M2 / m.current_scale_a_m2
    j_max = 0.0
    low_order = False       # order selection: BDF1 where it is as accurate as BDF2
    times, volts, jl, jr, jrad, vint = [], [], [], [], [], []
    prof_a, prof_c, prof_psi, prof_t, totals = [], [], [], [], []
    steps = rejected = 0

    def store_profiles():
        a, c = sys_.ions(z)
        prof_a.append(a * N0_PER_M3)
        prof_c.append(c * N0_PER_M3)
        prof_psi.append(z[0:3 * nn:3] * vt)
        prof_t.append(t * t0)

    def totals_now():
        a, c = sys_.ions(z)
        return [float(np.sum(m.w * a)) * N0_PER_M3 * m.length_m,
                float(np.sum(m.w * c)) * N0_PER_M3 * m.length_m]

    v_state = float(protocol.voltage_v[0]) / vt      # voltage of the state z
    times.append(0.0)
    volts.append(float(protocol.voltage_v[0]))    # the voltage of the initial state
    jl.append(np.nan)
    jr.append(np.nan)
    jrad.append(np.nan)
    vint.append(float(z[-1]) * vt if sys_.circuit else v_state * vt)
    totals.append(totals_now())
    store_profiles()
    while t < t_end * (1 - 1e-12):
        if steps + rejected >= max_steps:
            raise PeledError(f"{m.stack.source}: transient stopped after {max_steps} steps at "
                             f"t = {t * t0:.4g} s")
        nxt = breaks[breaks > t * (1 + 1e-12) + 1e-300]
        t_break = nxt[0] if nxt.size else t_end
        hits = dt >= t_break - t
        step = t_break - t if hits else dt
        t_new = t_break if hits else t + step
        # a step that ends at a breakpoint sees V(t) from the left: a jump of V is
        # applied by the first step after it (restarted with BDF1 and the capacitor guess)
        v_hat = (_left_voltage(protocol, t_new * t0) if hits
                 else float(protocol(t_new * t0))) / vt
        # BDF1 on the first two steps after a (re)start, BDF2 once 3 points are known
        if len(pts) >= 2:
            guess = _extrapolate([q[0] for q in pts[:2]], [q[1] for q in pts[:2]], t_new)
        else:
            # the voltage change spread linearly over the device (capacitor response)
            guess = z.copy()
            dv = v_hat - v_state
            if sys_.circuit:       # behind R_s the internal voltage follows with delay
                dv = _circuit_guess(sys_, z, v_hat, step)
                guess[-1] += dv
            ramp = dv * (1.0 - m.x_m / m.length_m)
            guess[0:3 * nn:3] += ramp
            guess[1:3 * nn:3] -= ramp
            guess[2:3 * nn:3] -= ramp
        # BDF1 on the first two steps after a (re)start, BDF2 once 3 points are known;
        # a BDF2 step whose Newton iteration fails is retried with BDF1 (BDF2 does not
        # keep densities positive when they collapse by > (1 + w)^2 / w^2 per step, so
        # that its implicit equation may have no solution with n > 0)
        z_new = None
        for order in ((2, 1) if len(pts) >= 3 and not low_order else (1,)):
            hist = _History.bdf([q[2] for q in pts[:order]], step,
                                pts[0][0] - pts[1][0] if order == 2 else None)
            try:
                z_new, _ = sys_.newton(guess, hist, v_hat)
                break
            except NewtonFailure:
                rejected += 1
        if z_new is None:
            dt = step / 4
            if dt < dt_min:
                raise PeledError(f"{m.stack.source}: no convergence at t = {t * t0:.4g} s "
                                 f"(V = {v_hat * vt:.4g} V)") from None
            continue
        tt = [t_new] + [q[0] for q in pts[:order + 1]]
        # polynomial extrapolation of order p through p + 1 points (predictor)
        pred = _extrapolate(tt[1:], [q[1] for q in pts[:order + 1]], t_new) if len(
            pts) >= 2 else None
        j_left, j_right, j_rad, v_int = _currents(m, sys_, z_new, hist, v_hat)
        err = 0.0               # local error / tolerance (Milne's device)
        if pred is not None:
            c_c, c_p = _error_constants(tt)
            ratio = abs(c_c / (c_p - c_c))
            err = _step_error(m, z_new, pred) * ratio / tol
            if order == 2 and all(q[3] is not None for q in pts[:3]):
                # the terminal current as one more solution component, relative
                j_pred = _extrapolate(tt[1:], [q[3] for q in pts[:3]], t_new)
                j_tol = rtol_j * max(abs(j_left), J_FLOOR_OF_MAX * j_max, j_abs)
                err = max(err, ratio * abs(j_left - j_pred) / j_tol)
        if err > 1.0 and step > dt_min * 10:
            rejected += 1
            dt = step * max(0.2, 0.9 * err ** (-1.0 / (order + 1)))
            continue
        if len(pts) >= 2:
            # order selection (as in variable-order BDF codes, Brenan, Campbell & Petzold,
            # "Numerical Solution of Initial-Value Problems in DAEs", SIAM 1996, ch. 5):
            # the next step is BDF1 where its error estimate (linear predictor) would allow
            # the largest step increase anyway -- near a steady state, where BDF1's
            # stronger damping of stiff modes (L-stable at every step ratio) settles faster
            c1, p1 = _error_constants(tt[:3])
            r1 = abs(c1 / (p1 - c1))
            lin = _extrapolate(tt[1:3], [q[1] for q in pts[:2]], t_new)
            err1 = _step_error(m, z_new, lin) * r1 / tol
            if pts[0][3] is not None and pts[1][3] is not None:
                j_lin = _extrapolate(tt[1:3], [q[3] for q in pts[:2]], t_new)
                err1 = max(err1, r1 * abs(j_left - j_lin)
                           / (rtol_j * max(abs(j_left), J_FLOOR_OF_MAX * j_max, j_abs)))
            low_order = 0.9 * err1 ** -0.5 >= MAX_STEP_RATIO if err1 > 0 else True
        v_state = v_hat
        z, t = z_new, t_new
        pts = [(t, z, sys_.stored(z), j_left)] + pts[:2]
        j_max = max(j_max, abs(j_left))
        steps += 1
        times.append(t * t0)
        volts.append(v_hat * vt)
        jl.append(j_left)
        jr.append(j_right)
        jrad.append(j_rad)
        vint.append(v_int * vt)
        totals.append(totals_now())
        if steps % store_every == 0:
            store_profiles()
        at_break = hits
        # step ratio at most 2 (variable-step BDF2 is zero-stable for ratios below
        # 1 + sqrt(2): Hairer & Wanner (1996), sec. III.5)
        grow = MAX_STEP_RATIO if err == 0 else min(MAX_STEP_RATIO,
                                                   0.9 * err ** (-1.0 / (order + 1)))
        dt = step * max(grow, 0.3)
        if at_break and nxt.size and _is_kink(protocol, t_break * t0):
            # a kink or step of V(t): restart small with BDF1, the history (predictor,
            # BDF2 formula) is not smooth across it
            pts = [(t, z, pts[0][2], None)]
            low_order = False
            dt = min(dt, max(t_end * 1e-6, dt_min))
        if progress is not None:
            progress(int(1000 * t / t_end), 1000)
    if prof_t[-1] != t * t0:
        store_profiles()
    js = m.current_scale_a_m2
    return TransientResult(
        time_s=np.array(times), voltage_v=np.array(volts),
        current_density_a_m2=np.array(jl) * js, current_density_right_a_m2=np.array(jr) * js,
        j_radiative_a_m2=np.array(jrad) * js, internal_voltage_v=np.array(vint),
        x_m=m.x_m, anion_per_m3=np.array(prof_a),
        cation_per_m3=np.array(prof_c), potential_v=np.array(prof_psi),
        ions_total_per_m2=np.array(totals), profile_time_s=np.array(prof_t), steps=steps,
        rejected_steps=rejected)


def _left_voltage(protocol: VoltageProtocol, t_s: float) -> float:
    """V(t_s) from the left: the earlier value where V jumps at the breakpoint ``t_s``."""
    k = np.flatnonzero(np.isclose(protocol.time_s, t_s, rtol=1e-12, atol=0.0))
    return float(protocol.voltage_v[k[0]]) if k.size else float(protocol(t_s))


def _is_kink(protocol: VoltageProtocol, t_s: float) -> bool:
    """Whether dV/dt changes (or V jumps) at the breakpoint ``t_s``."""
    tt, vv = protocol.time_s, protocol.voltage_v
    k = np.flatnonzero(np.isclose(tt, t_s, rtol=1e-12, atol=0.0))
    if k.size != 1 or k[0] == 0 or k[0] == tt.size - 1:
        return True
    i = int(k[0])
    left = (vv[i] - vv[i - 1]) / (tt[i] - tt[i - 1]) if tt[i] > tt[i - 1] else np.inf
    right = (vv[i + 1] - vv[i]) / (tt[i + 1] - tt[i]) if tt[i + 1] > tt[i] else np.inf
    return not np.isclose(left, right, rtol=1e-9, atol=1e-300)


def _step_error(m: DeviceModel, z, pred) -> float:
    nn = m.n_nodes
    d = z - pred
    out = float(np.max(np.abs(d[0:3 * nn:3])))
    n, p = _densities(m, z[0:3 * nn:3], z[1:3 * nn:3], z[2:3 * nn:3])
    for k, dens in ((1, n), (2, p)):
        wgt = dens / (dens + 1e-6 * dens.max())
        out = max(out, float(np.max(np.abs(d[k:3 * nn:3]) * wgt)))
    if d.size > 3 * nn:
        out = max(out, float(np.max(np.abs(d[3 * nn:]))))
    return out


def _relaxed_state(m: DeviceModel, sys_: _System, voltage_v: float):
    """Steady state at ``voltage_v`` with the ions relaxed.

    The steady-state solver's relaxed-ion closure (Boltzmann ions with conserved totals,
    :func:`peled.device.driftdiffusion.solve_steady_state`) gives the state directly; one
    implicit step of 1e14 time units puts it on the transient's discretisation (ions
    as log-densities).  If that fails, the ions are relaxed by implicit steps of growing
    size from equilibrium (:func:`_relax`)."""
    nn = m.n_nodes
    try:
        st = solve_steady_state(m, voltage_v)
        ions = (st.anion_per_m3 / N0_PER_M3, st.cation_per_m3 / N0_PER_M3)
        z = np.concatenate([st.z[:3 * nn]] + [
            np.log(np.maximum(ions[s][idx], 1e-300)) for s, idx in enumerate(sys_.ion_nodes)])
        if sys_.circuit:
            z = np.append(z, st.internal_voltage_v / m.vt_v)
        z, _ = sys_.newton(z, _History.bdf([sys_.stored(z)], 1e14), voltage_v / m.vt_v)
        return z
    except NewtonFailure:
        pass
    ze = equilibrium(m)
    z = np.concatenate([ze[:3 * nn]] + [np.log(m.ion_init[s, idx])
                                       for s, idx in enumerate(sys_.ion_nodes)])
    if sys_.circuit:
        z = np.append(z, 0.0)         # internal voltage of the zero-bias equilibrium
    if voltage_v != 0.0 or m.has_ions:
        z = _relax(sys_, z, voltage_v / m.vt_v)
    return z


def _relax(sys_: _System, z, v_hat: float):
    """Steady state at ``v_hat`` with the ions relaxed: the voltage is ramped in implicit
    steps, then implicit steps of growing size (1e-3 to 1e14 time units) are taken until
    the state no longer changes.  Behind a series resistance the first step is at least
    10 R_s C (the circuit's time constant), so that the ramp reaches the device."""
    dt0 = max(1e-3, 10.0 * _rc_time(sys_.m))
    ramp = np.linspace(0.0, v_hat, max(2, int(abs(v_hat) / 4) + 2))[1:]
    for vh in ramp:
        z, _ = sys_.newton(z, _History.bdf([sys_.stored(z)], dt0), vh)
    dt = dt0
    for _ in range(80):
        z_new, _ = sys_.newton(z, _History.bdf([sys_.stored(z)], dt), v_hat)
        change = float(np.max(np.abs(z_new - z)))
        z = z_new
        if change < 1e-9 and dt > 1e6:
            return z
        dt = min(dt * 4.0, 1e14)
    raise NewtonFailure(v_hat * sys_.m.vt_v, "ions did not reach a steady state")
